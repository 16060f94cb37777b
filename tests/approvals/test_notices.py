"""The public notice: posting, objections, and taking effect after five working days."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Action, Status
from approvals.models import Holiday, Notice
from tests.approvals.conftest import post_notice

d = dt.date


POSTED_ON = d(2025, 9, 30)


def _post(app, by, on=POSTED_ON):
    return post_notice(by=by, applications=[app], posted_on=on, contact="保家镇党政办 023-78441234")


def test_post_computes_the_end_date(approved, level_project, personas):
    app = approved(level_project("village"))
    notice = _post(app, personas["alice"])
    app.refresh_from_db()
    assert app.status == Status.NOTICE and app.notice == notice
    assert notice.ends_on == d(2025, 10, 14) and notice.calendar_confirmed
    assert notice.unit == personas["alice"].unit
    assert "项目所在地" in notice.places


def test_post_over_an_unknown_year_is_flagged(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"], on=d(2026, 12, 28))
    assert notice.ends_on == d(2027, 1, 4) and not notice.calendar_confirmed


@pytest.mark.parametrize("who", ["bob", "vera", "dora", "carl"])
def test_post_refused_to_other_units(approved, level_project, personas, who):
    app = approved(level_project("village"))
    with pytest.raises(PermissionDenied):
        _post(app, personas[who])
    assert not Notice.objects.exists()


def test_post_refused_before_decision(to_county, level_project, personas):
    app = to_county(level_project("village"))
    with pytest.raises(ValidationError, match="不能公示"):
        _post(app, personas["alice"])


def test_one_notice_per_submitting_unit(approved, level_project, personas):
    a = approved(level_project("village"))
    b = approved(level_project("department"))
    with pytest.raises(ValidationError, match="同一报送单位"):
        post_notice(by=personas["olga"], applications=[a, b], posted_on=d(2025, 9, 30), contact="x")


def test_close_before_end_refused(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"])
    with pytest.raises(ValidationError, match="2025-10-14"):
        services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 10, 14))


def test_close_after_end_takes_effect(approved, level_project, personas):
    app = approved(level_project("village"))
    notice = _post(app, personas["alice"])
    type(app.project).objects.filter(pk=app.project_id).update(classification="", measures="")
    services.notice_close(notice=notice, by=personas["alice"], today=d(2025, 10, 15))
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE and app.effective_on == d(2025, 10, 15)
    row = app.transitions.get(action=Action.TAKE_EFFECT)
    assert row.by == personas["alice"] and "2025-10-14" in row.text
    # The project's current class is now the approved one, with a history record.
    project = app.project
    project.refresh_from_db()
    assert project.classification == app.approved_class and project.measures == app.approved_measures
    record = project.history.first()
    assert record.history_user == personas["alice"] and record.history_change_reason.startswith("分类生效")


def test_open_objection_blocks_close(approved, level_project, personas):
    app = approved(level_project("village"))
    notice = _post(app, personas["alice"])
    obj = services.objection_record(
        by=personas["alice"],
        notice=notice,
        application=app,
        received_on=d(2025, 10, 9),
        submitter="村民王某",
        text="分红未到位",
    )
    with pytest.raises(ValidationError, match="异议"):
        services.notice_close(notice=notice, today=d(2025, 10, 20))
    assert services.close_due_notices(today=d(2025, 10, 20)) == []
    services.objection_resolve(by=personas["alice"], objection=obj, resolution="经核实已补发分红")
    assert services.close_due_notices(today=d(2025, 10, 20)) == [notice]
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE


def test_upheld_objection_returns_the_project(approved, level_project, personas):
    a = approved(level_project("village"))
    b = approved(level_project("village"))
    notice = post_notice(by=personas["alice"], applications=[a, b], posted_on=d(2025, 9, 30), contact="x")
    obj = services.objection_record(
        by=personas["alice"],
        notice=notice,
        application=a,
        received_on=d(2025, 10, 9),
        submitter="村民",
        text="资产已灭失",
    )
    services.objection_resolve(by=personas["alice"], objection=obj, resolution="异议属实", upheld=True)
    services.notice_close(notice=notice, today=d(2025, 10, 15))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Status.PREPARING and b.status == Status.EFFECTIVE


def test_objection_refused_to_others_and_after_close(approved, level_project, personas):
    app = approved(level_project("village"))
    notice = _post(app, personas["alice"])
    with pytest.raises(PermissionDenied):
        services.objection_record(
            by=personas["bob"], notice=notice, received_on=d(2025, 10, 9), submitter="x", text="y"
        )
    services.notice_close(notice=notice, today=d(2025, 10, 15))
    with pytest.raises(ValidationError, match="公示已结束"):
        services.objection_record(
            by=personas["alice"], notice=notice, received_on=d(2025, 10, 16), submitter="x", text="y"
        )


def test_close_uses_holidays_entered_after_posting(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"], on=d(2026, 12, 28))
    Holiday.objects.create(date=d(2027, 1, 1), is_workday=False, note="元旦")
    with pytest.raises(ValidationError, match="2027-01-05"):
        services.notice_close(notice=notice, today=d(2027, 1, 5))
    services.notice_close(notice=notice, today=d(2027, 1, 6))
    notice.refresh_from_db()
    assert notice.ends_on == d(2027, 1, 5) and notice.calendar_confirmed
