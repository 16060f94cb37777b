"""The demo's activity as a whole: the applications and the weekly reports, interleaved so
that each report counts what was in effect in its week."""

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from approvals.demo.applications import seed_applications
from approvals.demo.timeline import timeline
from approvals.demo.watch import seed_watch_cases
from approvals.models import Application
from ledger.demo import WeeklyPlan, demo_weeks, weekly_demo_due


@transaction.atomic
def seed_activity(*, seed: int, now: dt.datetime | None = None) -> dict:
    """The demo's activity: the applications (when the database has none) and the weekly
    reports of the past weeks (when it has none). The weeks that ended before the older
    batch of applications took effect are reported before the applications are made, the
    rest after, so that item 2 of each report (approvals.selectors.weekly_progress) counts
    what was in effect at the time. Nothing is added when both are present."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plan = WeeklyPlan(seed=seed, mondays=demo_weeks(today), now=now) if weekly_demo_due() else None
    applications_due = not Application.objects.exists()
    early = []
    if plan and applications_due:
        effective = timeline(today).effective_a
        early = [m for m in plan.mondays if m + dt.timedelta(days=6) < effective]
    reports = plan.submit(early) if plan else 0
    counts = seed_applications(seed=seed, today=today) if applications_due else Counter()
    if plan:
        reports += plan.submit([m for m in plan.mondays if m not in early])
    watch = seed_watch_cases(today=today) if applications_due else {}
    return {
        "applications": counts,
        "reports": reports,
        "weekly": plan.counts if plan else Counter(),
        "weeks": len(plan.mondays) if plan else 0,
        "watch": watch,
    }
