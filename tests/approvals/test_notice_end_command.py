from io import StringIO

from django.core.management import call_command

from approvals.models import Holiday


def _run(day):
    out = StringIO()
    call_command("notice_end", day, stdout=out)
    return out.getvalue()


def test_prints_end_over_national_day(db):
    out = _run("2025-09-30")
    assert "最早截止 2025-10-14" in out and "2025年日历：已确认" in out


def test_warns_for_unknown_year(db):
    out = _run("2026-12-28")
    assert "最早截止 2027-01-04" in out
    assert "2026年日历：已确认" in out and "2027年日历：未确认" in out


def test_table_confirms_year(db):
    Holiday.objects.create(date="2027-01-01", is_workday=False, note="元旦")
    out = _run("2026-12-28")
    assert "最早截止 2027-01-05" in out and "2027年日历：已确认" in out


def test_bad_date(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("2025/09/30")
