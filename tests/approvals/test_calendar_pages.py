"""The pages of the working-day rule (D9): the notice page, its print, the list, the home
page's reminder, the year's schedule page and the admin, and the daily close command."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from approvals.choices import Status
from approvals.models import Holiday, HolidayYear
from approvals.services.calendar import holiday_year_complete
from tests.approvals.conftest import post_notice
from tests.approvals.holidays2027 import enter_2027

d = dt.date
PENDING = "公示截止日待确认：2027年节假日安排尚未录入"


def _today(monkeypatch, day: dt.date) -> None:
    """Django's clock on `day` at noon in Beijing."""
    moment = dt.datetime(day.year, day.month, day.day, 4, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def pending_notice(approved, level_project, personas):
    app = approved(level_project("village"))
    return post_notice(by=personas["alice"], applications=[app], posted_on=d(2027, 9, 30), contact="保家镇党政办")


def test_the_notice_page_list_and_print_say_pending_until_the_year_is_entered(as_user, pending_notice, personas):
    c = as_user(personas["alice"])
    page = c.get(f"/approvals/notices/{pending_notice.pk}/").content.decode()
    assert PENDING in page and 'id="calendar-warning"' in page and "期满（" not in page
    assert "不能结束公示" in page
    assert "待确认：节假日安排尚未录入" in c.get("/approvals/notices/").content.decode()
    printed = c.get(f"/approvals/notices/{pending_notice.pk}/print/").content.decode()
    assert "公示时间：自2027年9月30日起，公示期不少于5个工作日。" in printed
    assert "至" not in printed.split('id="notice-period">')[1].split("</p>")[0]

    enter_2027()
    holiday_year_complete(by=personas["carl"], year=2027)
    page = c.get(f"/approvals/notices/{pending_notice.pk}/").content.decode()
    assert "最早于 2027-10-13 期满" in page and PENDING not in page and 'id="calendar-warning"' not in page
    printed = c.get(f"/approvals/notices/{pending_notice.pk}/print/").content.decode()
    assert "公示时间：2027年9月30日至2027年10月13日（5个工作日）。" in printed
    assert "2027-10-13" in c.get("/approvals/notices/").content.decode()


def test_close_notices_skips_a_pending_notice(monkeypatch, pending_notice, personas):
    _today(monkeypatch, d(2027, 12, 1))
    out = StringIO()
    call_command("close_notices", stdout=out)
    assert "共结束 0 份公示" in out.getvalue()
    app = pending_notice.applications.get()
    assert app.status == Status.NOTICE
    enter_2027()
    holiday_year_complete(by=personas["carl"], year=2027)
    out = StringIO()
    call_command("close_notices", stdout=out)
    assert "共结束 1 份公示" in out.getvalue()
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE


@pytest.mark.parametrize("who", ["carl", "admin"])
def test_the_home_reminder_from_1_november_until_next_year_is_known(monkeypatch, as_user, personas, who):
    _today(monkeypatch, d(2026, 10, 31))
    assert 'id="calendar-reminder"' not in as_user(personas[who]).get("/").content.decode()
    _today(monkeypatch, d(2026, 11, 1))
    page = as_user(personas[who]).get("/").content.decode()
    assert 'id="calendar-reminder"' in page and "2027年节假日安排尚未录入" in page
    assert "/approvals/holidays/2027/" in page
    enter_2027()  # rows only: still reminded
    assert 'id="calendar-reminder"' in as_user(personas[who]).get("/").content.decode()
    holiday_year_complete(by=personas["carl"], year=2027)
    assert 'id="calendar-reminder"' not in as_user(personas[who]).get("/").content.decode()


@pytest.mark.parametrize("who", ["alice", "olga", "rita", "dora", "vera"])
def test_others_get_no_reminder_and_no_schedule_page(monkeypatch, as_user, personas, who):
    _today(monkeypatch, d(2026, 11, 15))
    c = as_user(personas[who])
    page = c.get("/").content.decode()
    assert 'id="calendar-reminder"' not in page
    assert "/approvals/holidays/" not in page
    assert c.get("/approvals/holidays/2027/").status_code == 403
    assert c.post("/approvals/holidays/2027/", {"action": "complete"}).status_code == 403


def test_the_bureau_enters_a_year_and_marks_it_complete(monkeypatch, as_user, pending_notice, personas):
    _today(monkeypatch, d(2026, 11, 15))
    c = as_user(personas["carl"])
    assert c.get("/approvals/holidays/")["Location"] == "/approvals/holidays/2027/"
    page = c.get("/approvals/holidays/2027/").content.decode()
    assert "2027年节假日安排尚未录入完整" in page and "待确认的公示 1 份" in page
    r = c.post("/approvals/holidays/2027/", {"action": "complete"}, follow=True)
    assert "尚未录入2027年的放假日期" in r.content.decode()
    assert not HolidayYear.objects.filter(complete=True).exists()
    for n in range(1, 8):
        c.post("/approvals/holidays/2027/", {"action": "add", "date": f"2027-10-0{n}", "note": "国庆节"})
    c.post("/approvals/holidays/2027/", {"action": "add", "date": "2027-10-09", "is_workday": "on", "note": "调休"})
    assert Holiday.objects.filter(date__year=2027, is_workday=False).count() == 7
    assert Holiday.objects.get(date=d(2027, 10, 9)).is_workday
    pending_notice.refresh_from_db()
    assert pending_notice.ends_on is None  # entered, not yet complete
    r = c.post("/approvals/holidays/2027/", {"action": "complete"}, follow=True)
    assert "2027年节假日安排已完整录入" in r.content.decode()
    mark = HolidayYear.objects.get(year=2027)
    assert mark.complete and mark.completed_by == personas["carl"] and mark.completed_at
    pending_notice.refresh_from_db()
    assert pending_notice.ends_on == d(2027, 10, 13)
    holiday = Holiday.objects.get(date=d(2027, 10, 9))
    c.post("/approvals/holidays/2027/", {"action": "delete", "pk": holiday.pk})
    pending_notice.refresh_from_db()
    assert pending_notice.ends_on == d(2027, 10, 14)
    c.post("/approvals/holidays/2027/", {"action": "reopen"})
    pending_notice.refresh_from_db()
    assert pending_notice.ends_on is None and not HolidayYear.objects.get(year=2027).complete


def test_the_administrator_marks_a_year_complete_in_the_admin(as_user, pending_notice, personas):
    c = as_user(personas["admin"])
    r = c.post("/admin/approvals/holidayyear/add/", {"year": 2027, "complete": "on"})
    assert r.status_code == 200 and "尚未录入2027年的放假日期" in r.content.decode()
    r = c.post("/admin/approvals/holiday/add/", {"date": "2027-10-01", "note": "国庆节"})
    assert r.status_code == 302
    enter_2027(only=[d(2027, 10, n) for n in range(2, 8)] + [d(2027, 10, 9)])
    r = c.post("/admin/approvals/holidayyear/add/", {"year": 2027, "complete": "on"})
    assert r.status_code == 302
    mark = HolidayYear.objects.get(year=2027)
    assert mark.complete and mark.completed_by == personas["admin"]
    pending_notice.refresh_from_db()
    assert pending_notice.ends_on == d(2027, 10, 13)
    holiday = Holiday.objects.get(date=d(2027, 10, 9))
    r = c.post(f"/admin/approvals/holiday/{holiday.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    pending_notice.refresh_from_db()
    assert pending_notice.ends_on == d(2027, 10, 14)
