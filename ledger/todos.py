"""What waits for a user, counted for the navigation bar on every page: the ledger's own
to-dos (pushed projects to survey, 十一; this week's report not yet sent, 二十二) and what
other apps register at `extensions.todo_counts` (the approvals' steps). A fixed number of
queries whatever the number of projects: one per kind."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ledger import access, extensions
from ledger.extensions import TodoCount
from ledger.imports.push import pushes_waiting_for
from ledger.models.weekly import WeeklyReport
from ledger.weekly.figures import REPORTING_KINDS, week_start


def ledger_todos(user: Any) -> list[TodoCount]:
    """Pushed projects not surveyed yet, and this week's report while not sent."""
    if not access.has_push_inbox(user):
        return []
    out = [TodoCount("待调研项目", pushes_waiting_for(user).count(), "push_waiting")]
    unit = user.unit
    if access.can_submit_weekly(user, unit, REPORTING_KINDS):
        monday = week_start(timezone.localdate())
        sent = WeeklyReport.objects.filter(unit_id=unit.pk, week_start=monday).exists()
        out.append(TodoCount("本周周调度待报送", 0 if sent else 1, "weekly_report"))
    return out


def todo_counts(user: Any) -> list[TodoCount]:
    """Every kind of to-do with at least one item, the ledger's first."""
    if not getattr(user, "is_authenticated", False) or access.confined_pages(user) is not None:
        return []
    counts = ledger_todos(user)
    for source in extensions.todo_counts:
        counts.extend(source(user))
    return [c for c in counts if c.count]
