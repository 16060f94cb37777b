"""The public notice: posting, objections, and taking effect after five working days."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Action, PostingPlace, Status
from approvals.models import Holiday, HolidayYear, Notice
from approvals.services.calendar import holiday_delete, holiday_save, holiday_year_complete, holiday_year_reopen
from approvals.services.notices import notice_state
from tests.approvals.conftest import png, post_notice
from tests.approvals.holidays2027 import enter_2027

d = dt.date


POSTED_ON = d(2025, 9, 30)


def _post(app, by, on=POSTED_ON):
    return post_notice(by=by, applications=[app], posted_on=on, contact="保家镇党政办 023-78441234")


def test_post_computes_the_end_date(approved, level_project, personas):
    app = approved(level_project("village"))
    notice = _post(app, personas["alice"])
    app.refresh_from_db()
    assert app.status == Status.NOTICE and app.notice == notice
    assert notice.ends_on == d(2025, 10, 14)
    assert notice.unit == personas["alice"].unit
    assert "项目所在地" in notice.places


def test_post_over_an_unknown_year_has_no_end(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"], on=d(2026, 12, 28))
    notice.refresh_from_db()
    assert notice.ends_on is None


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
    enter_2027()
    with pytest.raises(ValidationError, match="公示截止日待确认：2027年节假日安排尚未录入"):
        services.notice_close(notice=notice, today=d(2027, 3, 1))  # rows entered, year not marked
    holiday_year_complete(by=personas["carl"], year=2027)
    # Mon 2026-12-28: Dec 29 (1), 30 (2), 31 (3); Jan 1–3 rest; Jan 4 (4), Jan 5 (5)
    with pytest.raises(ValidationError, match="2027-01-05"):
        services.notice_close(notice=notice, today=d(2027, 1, 5))
    services.notice_close(notice=notice, today=d(2027, 1, 6))
    notice.refresh_from_db()
    assert notice.ends_on == d(2027, 1, 5) and notice.closed_at


def test_the_later_posting_carries_a_notice_into_the_unknown_year(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"], on=d(2026, 12, 10))
    notice.refresh_from_db()
    assert notice.ends_on == d(2026, 12, 17)  # five working days before 2027 begins
    services.notice_posting_record(
        by=personas["alice"],
        notice=notice,
        where=PostingPlace.SITE,
        posted_on=d(2026, 12, 25),
        place="项目实施地公示栏",
        photo=png(),
    )
    notice.refresh_from_db()
    assert notice.ends_on is None  # counts from Dec 25: Dec 28–31 (4), then 2027
    assert "2027年节假日安排尚未录入" in notice_state(notice, today=d(2027, 2, 1))


def test_close_notices_never_closes_a_pending_notice(approved, level_project, personas):
    app = approved(level_project("village"))
    notice = _post(app, personas["alice"], on=d(2027, 9, 30))
    assert services.close_due_notices(today=d(2027, 12, 1)) == []
    with pytest.raises(ValidationError, match="待确认"):
        services.notice_close(notice=notice, by=personas["alice"], today=d(2027, 12, 1))
    enter_2027(only=[d(2027, 10, n) for n in range(1, 8)])  # 国庆 only: the year is not complete
    assert services.close_due_notices(today=d(2027, 12, 1)) == []
    app.refresh_from_db()
    assert app.status == Status.NOTICE


def test_marking_the_year_complete_recomputes_open_notices(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"], on=d(2027, 9, 30))
    done = _post(approved(level_project("village")), personas["alice"], on=d(2025, 9, 30))
    services.notice_close(notice=done, today=d(2025, 10, 15))
    enter_2027()
    changed = holiday_year_complete(by=personas["carl"], year=2027)
    notice.refresh_from_db()
    assert changed == [notice] and notice.ends_on == d(2027, 10, 13)
    record = notice.history.first()
    assert record.ends_on == d(2027, 10, 13) and record.history_user == personas["carl"]
    assert record.history_change_reason == "2027年节假日安排已完整录入，重新计算公示截止日期"
    assert services.close_due_notices(today=d(2027, 10, 13)) == []
    assert services.close_due_notices(today=d(2027, 10, 14)) == [notice]


def test_editing_a_complete_year_recomputes_and_reopening_makes_it_pending(approved, level_project, personas):
    notice = _post(approved(level_project("village")), personas["alice"], on=d(2027, 9, 30))
    enter_2027()
    holiday_year_complete(by=personas["carl"], year=2027)
    make_up = Holiday.objects.get(date=d(2027, 10, 9))
    holiday_delete(by=personas["admin"], holiday=make_up)  # Sat Oct 9 is a rest day after all
    notice.refresh_from_db()
    assert notice.ends_on == d(2027, 10, 14)  # Oct 8 (1), 11 (2), 12 (3), 13 (4), 14 (5)
    holiday_save(by=personas["admin"], holiday=Holiday(date=d(2027, 10, 8), is_workday=False, note="国庆节"))
    notice.refresh_from_db()
    assert notice.ends_on == d(2027, 10, 15)
    assert notice.history.first().history_change_reason == "2027年节假日调整，重新计算公示截止日期"
    holiday_year_reopen(by=personas["carl"], year=2027)
    notice.refresh_from_db()
    assert notice.ends_on is None


def test_only_the_bureau_and_the_administrator_maintain_the_calendar(db, personas):
    enter_2027()
    for who in ("alice", "olga", "rita", "dora"):
        with pytest.raises(PermissionDenied):
            holiday_year_complete(by=personas[who], year=2027)
    assert not HolidayYear.objects.filter(complete=True).exists()


def test_a_year_cannot_be_marked_complete_without_its_holidays(db, personas):
    with pytest.raises(ValidationError, match="尚未录入2027年的放假日期"):
        holiday_year_complete(by=personas["carl"], year=2027)
    with pytest.raises(ValidationError, match="系统内置日历"):
        holiday_year_complete(by=personas["carl"], year=2026)
