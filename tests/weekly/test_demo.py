"""The demo weekly reports (ledger.demo.weekly): the past weeks' figures fall as the
campaign proceeds, and the projects are left exactly as they were. The weekly pages after
the full `seed_demo` are tested in tests/test_seed_demo.py."""

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from ledger.demo.weekly import demo_weeks, seed_weekly_reports
from ledger.models import Project
from ledger.models.weekly import WeeklyReport

# Past weeks replayed here: enough for a history to grow (the demo itself replays eight).
WEEKS = 3

# seed_demo runs only where DJANGO_DEBUG is on (a developer's machine).
pytestmark = pytest.mark.usefixtures("demo_allowed")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_past_weeks_leave_the_projects_exactly_as_they_were(db):
    call_command("seed_demo", projects=60, quiet_accounts=True, no_activity=True)

    def snapshot():
        return [model_to_dict(p) | {"updated_at": p.updated_at} for p in Project.objects.order_by("pk")]

    before, history = snapshot(), Project.history.count()
    now = timezone.now()
    counts = seed_weekly_reports(seed=2023, now=now, weeks=WEEKS)
    assert snapshot() == before and Project.history.count() == history
    assert counts["on_time"] > counts["late"] > 0 and counts["missing"] > 0
    weeks = demo_weeks(timezone.localdate(now), WEEKS)
    assert set(weeks[:WEEKS]) <= set(WeeklyReport.objects.values_list("week_start", flat=True)) <= set(weeks)
    baojia = list(
        WeeklyReport.objects.filter(unit__code="500243101")
        .order_by("week_start")
        .values_list("figures__classified", flat=True)
    )
    assert baojia == sorted(baojia) and baojia[0] < baojia[-1]  # the ledger was built up week by week
    assert seed_weekly_reports(seed=2023, now=now, weeks=WEEKS) == {}  # once there are reports, nothing more
