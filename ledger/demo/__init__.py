"""Demo data of the ledger, for trying the system (`manage.py seed_demo`), never for
production: the demo accounts and projects (projects.py) and the weekly reports of the
past weeks (weekly.py). The approvals' demo builds on it (approvals.demo)."""

from ledger.demo.projects import DEMO_ACCOUNTS, DEMO_PASSWORD, MEASURES, ensure_demo_accounts, seed_projects
from ledger.demo.weekly import WeeklyPlan, demo_weeks, seed_weekly_reports, weekly_demo_due

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "MEASURES",
    "WeeklyPlan",
    "demo_weeks",
    "ensure_demo_accounts",
    "seed_projects",
    "seed_weekly_reports",
    "weekly_demo_due",
]
