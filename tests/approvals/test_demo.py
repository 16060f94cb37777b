"""The demo activity's parts (approvals.demo): with few projects it leaves steps out
without failing, `--no-activity` adds none, the timeline holds on every day of the year,
and the demo PDF is an accepted upload. The demo as a whole, seeded once and shared, is
tested in tests/test_seed_demo.py."""

import datetime as dt

import pytest
from django.core.management import call_command

from approvals.calendar import notice_end
from approvals.demo import demo_pdf, timeline
from approvals.models import Application
from approvals.selectors import OVERDUE_DAYS
from ledger.demo.imported import ROWS as IMPORT_ROWS
from ledger.models.weekly import WeeklyReport
from ledger.uploads import sniff

# seed_demo runs only where DJANGO_DEBUG is on (a developer's machine).
pytestmark = pytest.mark.usefixtures("demo_allowed")


@pytest.mark.parametrize("projects", [0, 12])
def test_few_projects_give_fewer_steps_without_failing(db, projects):
    call_command("seed_demo", projects=projects, quiet_accounts=True)
    # the requested projects, and the demo's national import (十一): one application each at
    # most, but the imported project re-classified, which has two
    assert Application.objects.values("project").distinct().count() <= projects + len(IMPORT_ROWS)
    assert Application.objects.count() <= projects + len(IMPORT_ROWS) + 1
    count = Application.objects.count()
    call_command("seed_demo", projects=projects, quiet_accounts=True)
    assert Application.objects.count() == count


def test_no_activity_flag(db):
    call_command("seed_demo", projects=30, quiet_accounts=True, no_activity=True)
    assert not Application.objects.exists() and not WeeklyReport.objects.exists()


def test_the_timeline_holds_on_every_day_of_the_year(db):
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        t = timeline(day)
        assert t.party_a < t.county_a < t.notice_a < t.objection_a <= notice_end(t.notice_a).end < t.effective_a
        assert t.effective_a < t.party_b < t.county_b <= t.notice_b < day
        end_b = notice_end(t.notice_b)  # the recent notice may run into 2027, not yet entered
        assert (end_b.end is not None and day <= end_b.end) or (end_b.pending_year == 2027 and day.month == 12), day
        for key, entries in t.progress.items():
            dates = [d for d, _ in entries]
            assert dates == sorted(dates) and t.effective_a <= dates[0] and dates[-1] <= day, (day, key)
        assert t.progress["overdue"][-1][0] < day - dt.timedelta(days=OVERDUE_DAYS), day
        assert t.progress["effective"][-1][0] >= day - dt.timedelta(days=OVERDUE_DAYS), day
        assert t.progress["completed"][-1][0] < t.completed_on <= day, day
        day += dt.timedelta(days=1)


def test_while_this_years_holidays_are_not_entered_the_demo_ends_on_the_last_known_year(db):
    t = timeline(dt.date(2027, 3, 15))  # 2027 is not in the package nor entered
    assert t.today == dt.date(2026, 12, 31)
    assert t.county_a.year == 2026 and notice_end(t.notice_a).end < t.effective_a <= t.today
    assert max(d for entries in t.progress.values() for d, _ in entries) <= t.today


def test_the_demo_pdf_is_an_accepted_upload_with_a_valid_cross_reference_table():
    data = demo_pdf("保家镇党委会会议纪要")
    assert sniff(data[:16]) == ("pdf", "application/pdf") and len(data) < 2048
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref : xref + 4] == b"xref"
    offsets = [int(line[:10]) for line in data[xref:].split(b"\n")[3:11]]
    for n, offset in enumerate(offsets, 1):
        assert data[offset:].startswith(b"%d 0 obj" % n)
    assert "演示文件".encode("utf-16-be").hex().upper().encode() in data
