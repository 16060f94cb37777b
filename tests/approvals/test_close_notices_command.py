import datetime as dt
from io import StringIO

from django.core.management import call_command

from approvals.choices import Status
from tests.approvals.conftest import post_notice


def test_closes_ended_notices(approved, level_project, personas):
    app = approved(level_project("village"))
    post_notice(by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="x")
    out = StringIO()
    call_command("close_notices", stdout=out)  # today is long after 2025-10-14
    app.refresh_from_db()
    assert app.status == Status.EFFECTIVE and app.transitions.last().by is None
    assert "共结束 1 份公示" in out.getvalue()


def test_leaves_running_notices(approved, level_project, personas):
    from django.utils import timezone

    app = approved(level_project("village"))
    post_notice(by=personas["alice"], applications=[app], posted_on=timezone.localdate(), contact="x")
    out = StringIO()
    call_command("close_notices", stdout=out)
    app.refresh_from_db()
    assert app.status == Status.NOTICE and "共结束 0 份公示" in out.getvalue()
