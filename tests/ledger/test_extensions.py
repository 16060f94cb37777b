"""The ledger's extension points (ledger/extensions.py): the one way another app adds
workflow data to a ledger output, filled by the approvals in ApprovalsConfig.ready()."""

import datetime as dt
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from ledger import extensions
from ledger.exports.ledger_xlsx import write_ledger
from ledger.extensions import ExtensionPoint, NavItem, Panel
from ledger.models import Project
from ledger.weekly.figures import all_unit_figures, progress_many_provider, reporting_units, unit_figures

MONDAY = dt.date(2025, 10, 13)
PROGRESS_COLUMN = 27  # 处置整改进展情况, 1-based in the sheet


@pytest.fixture
def alone():
    """Empty every point for the test, putting back what the apps registered afterwards."""
    points = [
        getattr(extensions, name) for name in vars(extensions) if isinstance(getattr(extensions, name), ExtensionPoint)
    ]
    saved = {point: list(point) for point in points}
    for point, registered in saved.items():
        for extension in registered:
            point.unregister(extension)
    yield
    for point, registered in saved.items():
        for extension in list(point):
            point.unregister(extension)
        for extension in registered:
            point.register(extension)


@pytest.fixture
def extend():
    """Register extensions for one test: `extend(point, extension)`."""
    added = []

    def add(point, extension):
        added.append((point, point.register(extension)))
        return extension

    yield add
    for point, extension in added:
        point.unregister(extension)


@pytest.fixture
def panel_templates(settings, tmp_path):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return tmp_path


# ---- the mechanism -----------------------------------------------------------------------
def test_a_point_keeps_the_order_of_registration_and_ignores_a_second_registration():
    point: ExtensionPoint[str] = ExtensionPoint("test")
    assert point.register("a") == "a"
    point.register("b")
    point.register("a")
    assert list(point) == ["a", "b"] and len(point) == 2


def test_unregister_takes_an_extension_out_and_is_harmless_when_absent():
    point: ExtensionPoint[str] = ExtensionPoint("test")
    point.register("a")
    point.unregister("a")
    point.unregister("a")
    assert list(point) == []


def test_an_extension_may_unregister_while_the_point_is_read():
    point: ExtensionPoint[str] = ExtensionPoint("test")
    point.register("a")
    point.register("b")
    seen = []
    for extension in point:
        point.unregister("b")
        seen.append(extension)
    assert seen == ["a", "b"] and list(point) == ["a"]


def test_the_approvals_fill_every_point_in_their_ready():
    from approvals.archive import approval_documents
    from approvals.selectors import exit_progress_by_project, progress_by_project, weekly_progress, weekly_progress_many
    from ledger.exports.archive import contracts, system_tables

    assert list(extensions.ledger_progress) == [progress_by_project, exit_progress_by_project]  # exits win
    assert list(extensions.archive_documents) == [system_tables, contracts, approval_documents]
    assert weekly_progress in extensions.weekly_progress
    assert weekly_progress_many in extensions.weekly_progress_many
    assert Panel("approvals/project_panel.html") in extensions.project_panels
    assert Panel("approvals/home_panel.html") in extensions.home_panels
    assert [item.url_name for item in extensions.nav_items] == [
        "approvals:inbox",
        "approvals:meetings",
        "approvals:notices",
        "approvals:exits",
        "approvals:holidays_now",
    ]


def test_ready_may_run_again_without_registering_twice():
    points = [extensions.ledger_progress, extensions.archive_documents, extensions.nav_items]
    before = [len(point) for point in points]
    apps.get_app_config("ledger").ready()
    apps.get_app_config("approvals").ready()
    assert [len(point) for point in points] == before


# ---- column 27 of the ledger (附件5) ---------------------------------------------------
def _progress_cells(projects) -> list[str]:
    buf = BytesIO()
    write_ledger(buf, projects, unit_name="保家镇")
    ws = openpyxl.load_workbook(BytesIO(buf.getvalue())).active
    return [row[PROGRESS_COLUMN - 1] for row in ws.iter_rows(min_row=5, max_row=4 + projects.count(), values_only=True)]


def test_the_ledger_shows_the_progress_a_source_gives(make_project, alone, extend):
    p = make_project()
    extend(extensions.ledger_progress, lambda ids: {pk: f"进展{pk}" for pk in ids.values_list("pk", flat=True)})
    assert _progress_cells(Project.objects.filter(pk=p.pk)) == [f"进展{p.pk}"]


def test_a_later_source_wins_for_a_project(make_project, alone, extend):
    p = make_project()
    extend(extensions.ledger_progress, lambda ids: {p.pk: "先"})
    extend(extensions.ledger_progress, lambda ids: {p.pk: "后"})
    assert extensions.progress_for(Project.objects.all()) == {p.pk: "后"}


def test_with_no_source_the_ledger_shows_the_imported_text(make_project, alone):
    p = make_project()
    Project.objects.filter(pk=p.pk).update(ledger_progress="台账记载")
    assert extensions.progress_for(Project.objects.all()) == {}
    assert _progress_cells(Project.objects.filter(pk=p.pk)) == ["台账记载"]


# ---- item 2 of the weekly dispatch (二十一) ------------------------------------------
def test_item_2_is_the_registered_text(places, alone, extend):
    extend(extensions.weekly_progress, lambda unit, monday: f"{unit.name}{monday:%m%d}")
    assert unit_figures(places["baojia_unit"], MONDAY)["progress"] == "保家镇人民政府1013"


def test_item_2_joins_the_texts_of_several_providers(places, alone, extend):
    extend(extensions.weekly_progress, lambda unit, monday: "甲")
    extend(extensions.weekly_progress, lambda unit, monday: "")
    extend(extensions.weekly_progress, lambda unit, monday: "乙")
    assert unit_figures(places["baojia_unit"], MONDAY)["progress"] == "甲；乙"


def test_item_2_is_empty_when_nothing_is_registered(places, alone):
    assert unit_figures(places["baojia_unit"], MONDAY)["progress"] == ""
    assert progress_many_provider() is None


def test_item_2_of_many_units_comes_from_the_many_point(places, alone, extend):
    units = list(reporting_units())
    baojia = places["baojia_unit"]
    extend(extensions.weekly_progress_many, lambda units, monday: {baojia.pk: "一", units[-1].pk: ""})
    extend(extensions.weekly_progress_many, lambda units, monday: {baojia.pk: "二"})
    figures = all_unit_figures(units, MONDAY, many=progress_many_provider())
    assert figures[baojia.pk]["progress"] == "一；二"
    assert figures[units[-1].pk]["progress"] == ""


# ---- panels and the menu ---------------------------------------------------------------
def test_a_project_panel_is_drawn_with_the_project_and_the_page_context(
    client, personas, make_project, panel_templates, extend
):
    (panel_templates / "panel.html").write_text('<div id="panel">{{ project.number }}·{{ user.username }}</div>')
    extend(extensions.project_panels, Panel("panel.html"))
    p = make_project()
    client.force_login(personas["alice"])
    html = client.get(f"/projects/{p.pk}/").content.decode()
    assert f'<div id="panel">{p.number}·alice</div>' in html


def test_a_home_panel_is_drawn_on_the_home_page(client, personas, panel_templates, extend):
    (panel_templates / "home_panel.html").write_text('<div id="extra">{{ user.username }}</div>')
    extend(extensions.home_panels, Panel("home_panel.html"))
    client.force_login(personas["alice"])
    assert '<div id="extra">alice</div>' in client.get("/").content.decode()


def test_pages_draw_nothing_when_no_panel_is_registered(client, personas, make_project, alone):
    p = make_project()
    client.force_login(personas["alice"])
    assert client.get(f"/projects/{p.pk}/").status_code == 200
    assert 'data-kind="preparing"' not in client.get("/").content.decode()


def test_the_menu_shows_the_approvals_entries_after_the_ledger(client, personas):
    client.force_login(personas["alice"])
    html = client.get("/").content.decode()
    entries = [
        f'<li class="nav-item"><a class="nav-link" href="{reverse(name)}">{label}</a></li>'
        for label, name in (
            ("项目台账", "project_list"),
            ("待办审批", "approvals:inbox"),
            ("会议", "approvals:meetings"),
            ("公示", "approvals:notices"),
        )
    ]
    assert "\n        ".join(entries) in html


def test_a_menu_entry_shows_only_to_whom_its_predicate_admits(client, personas, extend):
    extend(extensions.nav_items, NavItem("仅限alice", "exports", lambda user: user.username == "alice"))
    entry = f'<a class="nav-link" href="{reverse("exports")}">仅限alice</a>'
    client.force_login(personas["alice"])
    assert entry in client.get("/").content.decode()
    client.force_login(personas["bob"])
    assert entry not in client.get("/").content.decode()


# ---- the boundary ----------------------------------------------------------------------
def test_no_ledger_template_names_the_approvals():
    templates = Path(settings.BASE_DIR) / "templates"
    named = [
        str(path.relative_to(templates))
        for path in [templates / "base.html", *(templates / "ledger").rglob("*.html")]
        if "approvals" in path.read_text(encoding="utf-8")
    ]
    assert named == []


def test_the_import_contracts_hold():
    """`ledger` never imports `approvals`, and imports run one way inside each app
    (the contracts in pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
