"""The preview kept on a batch: the commit applies it without checking the rows again, in
bulk with the same history rows a save writes, and refuses when the database changed
under it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ledger.history import history_of
from ledger.imports import engine
from ledger.imports.engine import batch_create, batch_preview, import_commit, import_preview
from ledger.models import Project
from ledger.models.imports import ImportBatch, ProjectPush
from tests.imports.test_engine import HEAD, row
from tests.imports.test_views import login
from tests.imports.workbooks import xlsx


def krow(places):
    """A row changing K1, a project of make_project's."""
    return row("K1", village=places["baojia_village"].short_name, manager="", total="20", linkage="20", social="0")


def upload(data, by):
    preview = import_preview(data=data, filename="f.xlsx", source="national")
    return batch_create(by=by, source="national", filename="f.xlsx", content=data, preview=preview)


def test_the_commit_applies_the_kept_preview_without_previewing_again(personas, places, make_project, monkeypatch):
    make_project(number="K1")
    batch = upload(xlsx([HEAD, row("N1"), row("N2"), krow(places)]), personas["carl"])
    assert [r["action"] for r in batch.plan["rows"]] == ["add", "add", "change"]

    def again(**kwargs):
        raise AssertionError("previewed again")

    monkeypatch.setattr(engine, "import_preview", again)
    monkeypatch.setattr(engine, "_check_new", again)
    preview = import_commit(batch=batch, by=personas["carl"])
    assert preview.counts["add"] == 2 and preview.counts["change"] == 1
    assert set(Project.objects.values_list("number", flat=True)) == {"K1", "N1", "N2"}
    assert ProjectPush.objects.filter(batch=batch).count() == 2
    batch.refresh_from_db()
    assert batch.committed and batch.plan == {} and batch.result["counts"]["add"] == 2


def test_history_rows_say_who_when_and_why_as_a_save_does(personas, places, make_project):
    project = make_project(number="K1")
    before = project.history.count()
    batch = upload(xlsx([HEAD, row("N1"), krow(places)]), personas["carl"])
    import_commit(batch=batch, by=personas["carl"])
    new = Project.objects.get(number="N1")
    (created,) = history_of(new)
    assert (created.kind, created.user, created.reason) == (
        "新建",
        personas["carl"].display_name,
        "导入：f.xlsx（全国系统项目资产台账）",
    )
    entries = history_of(project)
    assert len(entries) == before + 1
    latest = entries[0]
    assert (latest.kind, latest.reason) == ("修改", "导入：f.xlsx（全国系统项目资产台账）")
    assert {c.label for c in latest.changes} >= {"衔接资金·中央资金", "项目名称"}
    record = project.history.order_by("-history_id").first()
    assert (
        record.history_user == personas["carl"]
        and record.fund1_central == Project.objects.get(pk=project.pk).fund1_central
    )
    assert Project.objects.get(pk=project.pk).updated_at > project.updated_at


def test_a_project_changed_since_the_preview_refuses_the_commit(personas, places, make_project):
    project = make_project(number="K1")
    batch = upload(xlsx([HEAD, row("N1"), krow(places)]), personas["carl"])
    Project.objects.filter(pk=project.pk).update(responsible_person="王五")  # even without a save
    with pytest.raises(ValidationError) as refused:
        import_commit(batch=batch, by=personas["carl"])
    assert "第3行的项目K1已被修改" in refused.value.messages[0] and "请重新打开预览页" in refused.value.messages[0]
    assert not Project.objects.filter(number="N1").exists() and not ImportBatch.objects.get().committed
    # opening the preview again previews anew and keeps it: the commit then goes through
    batch.refresh_from_db()
    assert batch_preview(batch).count("change") == 1
    batch.refresh_from_db()
    import_commit(batch=batch, by=personas["carl"])
    assert Project.objects.get(number="K1").responsible_person == "李四"


def test_a_number_added_since_the_preview_refuses_the_commit(personas, places, make_project):
    batch = upload(xlsx([HEAD, row("N1"), row("N2")]), personas["carl"])
    make_project(number="N2")
    with pytest.raises(ValidationError) as refused:
        import_commit(batch=batch, by=personas["carl"])
    assert "项目编号N2（第3行）已有项目" in refused.value.messages[0]
    assert not Project.objects.filter(number="N1").exists()


def test_the_page_shows_the_kept_preview_while_it_holds(personas, places, make_project, monkeypatch):
    make_project(number="K1")
    batch = upload(xlsx([HEAD, row("N1"), krow(places)]), personas["carl"])
    monkeypatch.setattr(engine, "import_preview", lambda **kw: (_ for _ in ()).throw(AssertionError("again")))
    preview = batch_preview(batch)
    assert preview.counts == {"add": 1, "change": 1, "same": 0, "refused": 0, "skipped": 0}
    change = preview.of("change")[0]
    assert any(label == "项目名称" for label, _, _ in change.changes)
    assert [c.label for c in preview.columns][:3] == HEAD[:3]


def test_the_page_says_to_preview_again_and_shows_the_new_preview(client, personas, places, make_project):
    project = make_project(number="K1")
    login(client, personas["carl"])
    batch = upload(xlsx([HEAD, row("N1"), krow(places)]), personas["carl"])
    Project.objects.filter(pk=project.pk).update(name="改过的名称")
    page = client.post(reverse("import_commit", args=[batch.pk]), follow=True).content.decode()
    assert "第3行的项目K1已被修改" in page and "请重新打开预览页核对后再导入" in page
    assert "改过的名称" in page  # the preview shown now is against the project as it is
    assert not Project.objects.filter(number="N1").exists()
    client.post(reverse("import_commit", args=[batch.pk]))
    assert Project.objects.filter(number="N1").exists() and Project.objects.get(number="K1").name == "项目K1"
