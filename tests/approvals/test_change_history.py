"""Every change leaves a history row (who, when, old → new), shown as 修改记录 on the
application, meeting and notice pages; an application update is a 修改申请 transition."""

import datetime as dt

import pytest

from approvals import services
from approvals.choices import Action, DocumentKind, Status
from approvals.models import Application, JointReview, RevitalisationPlan, Transition

from .conftest import pdf, post_notice


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_update_writes_a_transition_listing_what_changed(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    services.application_update(by=personas["alice"], application=app, classification="upgrade", measures="补齐短板")
    row = Transition.objects.get(application=app, action=Action.UPDATE)
    assert row.by == personas["alice"] and row.from_status == row.to_status == Status.PREPARING
    assert "申请认定：巩固 → 提升" in row.text and "处置措施：完善利益联结机制 → 补齐短板" in row.text
    assert Transition.objects.get(application=app, action=Action.UPDATE).get_action_display() == "修改申请"


def test_an_update_that_changes_nothing_writes_nothing(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    before = (Transition.objects.count(), Application.history.count())
    services.application_update(
        by=personas["alice"], application=app, classification=app.classification, measures=app.measures
    )
    assert (Transition.objects.count(), Application.history.count()) == before


def test_the_application_history_records_who_and_old_and_new(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    services.application_update(by=personas["alice"], application=app, classification="upgrade", measures="补齐短板")
    latest = app.history.order_by("-history_id").first()
    previous = app.history.order_by("-history_id")[1]
    assert latest.history_user == personas["alice"]
    assert (previous.classification, latest.classification) == ("consolidate", "upgrade")


def test_a_plan_saved_twice_keeps_both_versions(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township", "revitalise"))
    args = {"by": personas["alice"], "application": app, "cause": "资金短缺", "resources": "厂房闲置"}
    services.revitalisation_plan_save(**args, measures="引进新主体")
    services.revitalisation_plan_save(**args, measures="村集体自营")
    plan = RevitalisationPlan.objects.get(application=app)
    assert plan.measures == "村集体自营"
    assert [h.measures for h in plan.history.order_by("history_id")] == ["引进新主体", "村集体自营"]
    assert {h.history_user for h in plan.history.all()} == {personas["alice"]}


def test_a_joint_review_rewritten_keeps_its_first_text(level_project, personas, reviewers):
    app = services.application_create(by=personas["alice"], project=level_project("township", "rebuild"))
    services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.EVALUATION_REPORT, title="评估报告", file=pdf()
    )
    services.joint_review_save(by=reviewers[0], application=app, text="原则同意")
    services.joint_review_save(by=reviewers[0], application=app, text="同意重建")
    review = JointReview.objects.get(application=app)
    assert [h.text for h in review.history.order_by("history_id")] == ["原则同意", "同意重建"]


def test_the_application_page_shows_its_change_history(level_project, personas, as_user):
    app = services.application_create(by=personas["alice"], project=level_project("township", "revitalise"))
    args = {"by": personas["alice"], "application": app, "cause": "资金短缺", "resources": "厂房闲置"}
    services.revitalisation_plan_save(**args, measures="引进新主体")
    services.revitalisation_plan_save(**args, measures="村集体自营")
    services.application_update(by=personas["alice"], application=app, classification="revitalise", measures="盘活")
    page = as_user(personas["alice"]).get(f"/approvals/{app.pk}/").content.decode()
    section = page[page.index('id="changes"') :]
    assert "修改记录" in section
    assert "盘活方案修改" in section and "引进新主体</span> → 村集体自营" in section
    assert "申请修改" in section and "处置措施</span>：" in section


def test_meeting_and_notice_pages_show_their_history(approved, level_project, personas, as_user):
    app = approved(level_project("township"))
    notice = post_notice(
        by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234"
    )
    services.notice_close(notice=notice, by=personas["alice"], today=dt.date(2025, 10, 15))
    client = as_user(personas["alice"])
    page = client.get(f"/approvals/notices/{notice.pk}/").content.decode()
    section = page[page.index('id="changes"') :]
    # posted, its end recomputed at each of the two postings (十四: counted from the later), closed
    assert "修改记录" in section and "公示结束时间" in section and section.count('class="history-entry"') == 4
    meeting = app.party_meeting
    page = client.get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    section = page[page.index('id="changes"') :]
    assert "修改记录" in section and "新建" in section and section.count('class="history-entry"') == 1


def test_a_plan_file_upload_is_recorded(level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township", "revitalise"))
    args = {
        "by": personas["alice"],
        "application": app,
        "cause": "资金短缺",
        "resources": "厂房闲置",
        "measures": "引进",
    }
    services.revitalisation_plan_save(**args)
    services.revitalisation_plan_save(**args, file=pdf("plan.pdf"))
    first, second = RevitalisationPlan.objects.get(application=app).history.order_by("history_id")
    assert not first.file and second.file
