"""The demo weekly reports (ledger.demo.weekly): the county overview and the home chart show
eight past weeks with falling rates; the projects are left exactly as they were."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from ledger.demo.weekly import demo_weeks, seed_weekly_reports
from ledger.models import Project, User
from ledger.models.weekly import WeeklyReport
from ledger.weekly.figures import week_start


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, username):
    assert client.login(username=username, password="Demo@2026")
    return client


def chart_values(html: str, series: str) -> list[float]:
    return [float(v) for v in re.findall(rf"<title>{series} ([\d.]+)%</title>", html)]


def test_the_weekly_pages_show_the_past_weeks(db, client):
    call_command("seed_demo", projects=200, quiet_accounts=True)
    this_monday = week_start(timezone.localdate())
    past = [this_monday - timedelta(weeks=n) for n in range(8, 0, -1)]

    county = login(client, "xczxj")
    seen = set()
    for monday in past:
        html = county.get(f"/weekly/county/?date={monday}").content.decode()
        seen |= set(re.findall(r'class="status-(\w+)"', html))
    assert seen == {"on_time", "late", "missing"}

    home = county.get("/").content.decode()
    difficulty = chart_values(home, "经营困难率")
    assert len(difficulty) >= 8  # this week's point appears once a township has reported it
    assert difficulty[0] > difficulty[7] and len(set(difficulty)) > 4
    assert chart_values(home, "停产闲置率")[0] > chart_values(home, "停产闲置率")[7]

    township = login(client, "baojia")
    reported = WeeklyReport.objects.filter(unit__code="500243101").order_by("week_start")
    assert 5 <= reported.count() <= 8 and reported.last().week_start < this_monday
    assert {r.submitted_by.username for r in reported} == {"baojia"}
    last = reported.last()
    html = township.get(f"/weekly/?date={last.week_start}").content.decode()
    assert re.search(r'<strong id="status">(按时报送|逾期报送)</strong>', html)
    assert last.other_progress in html and f"项目{last.figures['total']}个" in html
    # this week is left for the demo account to submit
    html = township.get(f"/weekly/?date={this_monday}").content.decode()
    assert 'id="submit-form"' in html
    assert len(chart_values(township.get("/").content.decode(), "经营困难率")) == reported.count()
    # and the applications are there too
    assert Project.objects.filter(applications__isnull=False).exists()

    # the other units report through stand-in accounts nobody can log in with
    stand_ins = User.objects.filter(username__startswith="weekly_")
    submitters = set(WeeklyReport.objects.values_list("submitted_by__username", flat=True))
    assert submitters - {"baojia", "nyncw"} == set(stand_ins.values_list("username", flat=True))
    assert not stand_ins.filter(is_active=True).exists() and not any(u.has_usable_password() for u in stand_ins)
    assert not client.login(username=stand_ins.first().username, password="")


def test_past_weeks_leave_the_projects_exactly_as_they_were(db):
    call_command("seed_demo", projects=60, quiet_accounts=True, no_activity=True)

    def snapshot():
        return [model_to_dict(p) | {"updated_at": p.updated_at} for p in Project.objects.order_by("pk")]

    before, history = snapshot(), Project.history.count()
    now = timezone.now()
    counts = seed_weekly_reports(seed=2023, now=now)
    assert snapshot() == before and Project.history.count() == history
    assert counts["on_time"] > counts["late"] > 0 and counts["missing"] > 0
    weeks = demo_weeks(timezone.localdate(now))
    assert set(weeks[:8]) <= set(WeeklyReport.objects.values_list("week_start", flat=True)) <= set(weeks)
    baojia = list(
        WeeklyReport.objects.filter(unit__code="500243101")
        .order_by("week_start")
        .values_list("figures__classified", flat=True)
    )
    assert baojia == sorted(baojia) and baojia[0] < baojia[-1]  # the ledger was built up week by week
    assert seed_weekly_reports(seed=2023, now=now) == {}  # once there are reports, nothing more
