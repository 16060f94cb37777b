"""One word for one action (docs/decisions.md, D102): 报送 sends up the chain, 保存 keeps one's
own edits, 登记 records an event, 上传 sends a file; 提交 and 上报 are not used. A button and
the message after it use the same words."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *ROOT.joinpath("templates").rglob("*.html"),
    *(
        p
        for app in ("ledger", "approvals", "pengshui")
        for p in ROOT.joinpath(app).rglob("*.py")
        if "migrations" not in p.parts
    ),
    *ROOT.joinpath("static", "pengshui").glob("*.js"),
]
UNUSED = re.compile(r"提交|上报")


def test_no_page_or_message_says_tijiao_or_shangbao():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
        for path in SOURCES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNUSED.search(line)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("needle", ["确认已调研：", "会审意见（"])
def test_the_words_are_checked_in_real_sources(needle):
    # the test above reads the real files: a phrase known to be there is found
    assert any(needle in path.read_text(encoding="utf-8") for path in SOURCES)


def test_the_confirmation_after_marking_a_project_surveyed_repeats_the_button(client, personas, make_project, places):
    from ledger.models.imports import ProjectPush

    project = make_project()
    ProjectPush.objects.create(project=project, unit=places["village_unit"])
    client.force_login(personas["vera"])
    page = client.get("/pushes/waiting/").content.decode()
    assert ">确认已调研</button>" in page
    page = client.post("/pushes/waiting/", {"project": project.pk}, follow=True).content.decode()
    assert f"确认已调研：{project.number} {project.name}，已移出待调研项目。" in page


def test_a_joint_review_names_its_unit_once(places, personas):
    from approvals.templatetags.approvals_tags import clause, signed_by

    rita = personas["rita"]
    rita.first_name, rita.last_name = "审阅", "县财政局 赵"
    assert rita.display_name.startswith("县财政局") and signed_by(rita, places["finance"]) == rita.display_name
    rita.first_name, rita.last_name = "审阅", "赵"
    assert signed_by(rita, places["finance"]) == f"县财政局，{rita.display_name}"
    assert clause("引进新主体。") == "引进新主体" and clause("厂房闲置；") == "厂房闲置"
