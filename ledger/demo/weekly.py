"""Demo weekly dispatch (周调度): the reports of the past weeks, so that the county
overview and the home page's line chart of the three rates have something to show.

Every report is submitted through `ledger.weekly.services.weekly_submit`, by a user of the
reporting unit, with `now=` set to a moment of that week: most units report on time
(Wednesday or Thursday before 16:00), some late (Thursday evening or Friday), a few not at
all. 保家镇 and 县农业农村委 report as the demo accounts `baojia` and `nyncw`; every
other unit reports through a stand-in account (`weekly_<unit code>`) that is inactive and
has no usable password, so nobody can log in with it. The current week is left for the
demo accounts to submit themselves; other units have submitted it only if their chosen
moment has already passed.

Why the past weeks' figures differ. `weekly_submit` computes items 1–3 from the ledger as
it stands at the moment of submission, and the demo projects were all created today, so
submitting every past week now would give the same figures week after week and a flat
chart. The demo therefore replays a simple, deterministic past in which the work of the
campaign shows: a seeded subset of the projects that run normally today was in
difficulty or halted until some week, some projects with full farmer linkage had
insufficient linkage until some week, and some classified projects were not classified
yet until some week. For each past week, just before the units submit, those projects are
put in their state of that week with `QuerySet.update` (which writes no history row), the
reports are submitted through the service, and once the weeks asked for are submitted the
projects are put back to their present values (again with `QuerySet.update`); from one week
to the next only the projects whose state changes are written. All of this runs inside the caller's
transaction. The projects end exactly as they were, with no trace in their history; only
the reports remain, with figures that fall week by week as disposal proceeds.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction

from ledger.access import UNIT_KIND_ROLE
from ledger.choices import Linkage, ProductionStatus, UnitKind, WeeklyStatus
from ledger.models import Project, Unit, User
from ledger.models.weekly import WeeklyReport
from ledger.weekly.figures import SHANGHAI, deadline, reporting_units, week_start
from ledger.weekly.services import weekly_submit

DEMO_REPORTERS = {"baojia", "nyncw"}  # demo accounts that report for their own unit
PAST_WEEKS = 8
OTHER_PROGRESS = [
    "组织镇村干部逐个项目开展实地调研，核实资产现状和运营情况。",
    "召开专题会议研究盘活措施，对接意向经营主体。",
    "督促经营主体按合同兑现收益分配，完善利益联结机制。",
    "开展项目资产确权登记，更新项目管理台账。",
    "配合县财政局、县审计局开展项目资产清查。",
    "对经营困难项目开展技术指导，拓展产品销售渠道。",
    "无",
]


def demo_weeks(today: date, past: int = PAST_WEEKS) -> list[date]:
    """The Mondays of the `past` weeks before this one and of this week, oldest first."""
    this = week_start(today)
    return [this - timedelta(weeks=n) for n in range(past, -1, -1)]


def _reporter(unit: Unit) -> User:
    """The demo account of the unit, or its stand-in account (inactive, no password)."""
    role = UNIT_KIND_ROLE[unit.kind]
    demo = User.objects.filter(username__in=DEMO_REPORTERS, unit=unit, role=role).order_by("username").first()
    if demo is not None:
        return demo
    user, created = User.objects.get_or_create(
        username=f"weekly_{unit.code.lower()}",
        defaults={"first_name": f"{unit.name}周调度联络员（演示）", "unit": unit, "role": role, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _units_with_projects() -> list[Unit]:
    townships = set(Project.objects.order_by().values_list("township_id", flat=True).distinct())
    managers = set(Project.objects.order_by().values_list("managing_unit_id", flat=True).distinct())
    return [
        u
        for u in reporting_units().select_related("division")
        if (u.kind == UnitKind.TOWNSHIP and u.division_id in townships)
        or (u.kind == UnitKind.DEPARTMENT and u.pk in managers)
    ]


class _Past:
    """The deterministic past of the projects (see the module's docstring): for each
    changed project, the most recent week (in weeks ago) whose report still found it in its
    earlier state, as did every older week's; later weeks find it as it is today."""

    def __init__(self, rng: random.Random, weeks: int):
        self.was_difficult: dict[int, int] = {}  # these run normally today
        self.was_halted: dict[int, int] = {}
        self.was_unlinked: dict[int, int] = {}  # these have full linkage today
        self.was_unclassified: dict[int, int] = {}  # these are classified today
        self.saved: dict[str, dict[int, str]] = {}  # field → project → its present value
        self.held: dict[tuple[str, str], set[int]] = {}  # (field, earlier value) → projects held in it
        rows = Project.objects.order_by("number").values_list("pk", "production_status", "linkage", "classification")
        for pk, status, linkage, classification in rows.iterator(chunk_size=5000):
            if status == ProductionStatus.NORMAL and rng.random() < 0.3:
                target = self.was_halted if rng.random() < 0.3 else self.was_difficult
                target[pk] = rng.randint(1, weeks)
            if linkage == Linkage.FULL and rng.random() < 0.15:
                self.was_unlinked[pk] = rng.randint(1, weeks)
            if classification and rng.random() < 0.3:
                self.was_unclassified[pk] = rng.randint(1, weeks)

    def apply(self, weeks_ago: int) -> None:
        """Put the projects in their state of `weeks_ago` weeks ago, keeping their present
        values for `restore`. Only the projects whose state differs from the week applied
        before are written: going from the oldest week to the newest, a project is put in
        its earlier state once and back once, not once a week (each write of a row leaves
        a dead copy of it behind in PostgreSQL)."""

        def then(last_week: dict[int, int]) -> set[int]:
            return {pk for pk, last in last_week.items() if last <= weeks_ago}

        changes = [
            ("production_status", ProductionStatus.DIFFICULTY, then(self.was_difficult)),
            ("production_status", ProductionStatus.HALTED, then(self.was_halted)),
            ("linkage", Linkage.INSUFFICIENT, then(self.was_unlinked)),
            ("classification", "", then(self.was_unclassified)),
        ]
        for field, value, pks in changes:
            held = self.held.setdefault((field, value), set())
            self._put_back(field, held - pks)
            held &= pks
            new = sorted(pks - held)
            saved = self.saved.setdefault(field, {})
            for pk, present in Project.objects.filter(pk__in=new).values_list("pk", field):
                saved[pk] = present
            Project.objects.filter(pk__in=new).update(**{field: value})
            held.update(new)

    def _put_back(self, field: str, pks: set[int]) -> None:
        by_value: dict[str, list[int]] = {}
        for pk in pks:
            by_value.setdefault(self.saved[field].pop(pk), []).append(pk)
        for value, group in sorted(by_value.items()):
            Project.objects.filter(pk__in=group).update(**{field: value})

    def restore(self) -> None:
        """Put the projects changed by `apply` back to their present values."""
        for (field, _), held in self.held.items():
            self._put_back(field, held)
        self.held, self.saved = {}, {}


def _moment(rng: random.Random, monday: date, on_time: bool) -> datetime:
    """When a unit submits the week's report: on time (Wednesday, or Thursday before
    16:00) or late (Thursday evening or Friday), in office hours, Asia/Shanghai."""
    if on_time:
        day, hour = rng.choice([(2, rng.randint(9, 17)), (3, rng.randint(8, 15))])
    else:
        day, hour = rng.choice([(3, rng.randint(16, 18)), (4, rng.randint(9, 17))])
    return datetime.combine(monday + timedelta(days=day), time(hour, rng.randint(0, 59)), tzinfo=SHANGHAI)


class WeeklyPlan:
    """Who submits which week when, drawn once from the seed so that the reports can be
    submitted in several calls (approvals.demo.seed_activity interleaves them with the
    applications) and still be the same."""

    def __init__(self, *, seed: int, mondays: list[date], now: datetime):
        rng = random.Random(f"{seed}:weekly")
        self.now = now
        self.current = week_start(now.astimezone(SHANGHAI).date())
        self.units = _units_with_projects()
        self.mondays = sorted(mondays)
        self.past = _Past(rng, max([(self.current - m).days // 7 for m in self.mondays] + [1]))
        self.reporters = {u.pk: _reporter(u) for u in self.units}
        # (monday, unit pk) -> (moment, other progress), or None when the unit does not report
        self.moments: dict[tuple[date, int], tuple[datetime, str] | None] = {}
        for monday in self.mondays:
            for unit in self.units:
                draw = rng.random()
                moment = _moment(rng, monday, on_time=draw < 0.75)
                text = rng.choice(OTHER_PROGRESS)
                mine = self.reporters[unit.pk].username in DEMO_REPORTERS
                if draw >= 0.92 or moment > now or (monday == self.current and mine):
                    self.moments[monday, unit.pk] = None  # missing, not yet, or left to the demo user
                else:
                    self.moments[monday, unit.pk] = (moment, text)
        self.counts: Counter = Counter()

    @transaction.atomic
    def submit(self, mondays: list[date]) -> int:
        """Submit the reports of these weeks (oldest first); returns how many."""
        done = 0
        for monday in sorted(mondays):
            self.past.apply((self.current - monday).days // 7)
            for unit in self.units:
                plan = self.moments[monday, unit.pk]
                if plan is None:
                    self.counts[WeeklyStatus.MISSING if self.now >= deadline(monday) else WeeklyStatus.OPEN] += 1
                    continue
                moment, text = plan
                weekly_submit(unit=unit, monday=monday, by=self.reporters[unit.pk], other_progress=text, now=moment)
                self.counts[WeeklyStatus.ON_TIME if moment < deadline(monday) else WeeklyStatus.LATE] += 1
                done += 1
        self.past.restore()
        return done


def weekly_demo_due() -> bool:
    """The demo reports go into a database that has none yet; once there is any report
    (the demo's or a user's), the weekly dispatch is left alone."""
    return not WeeklyReport.objects.exists()


def seed_weekly_reports(*, seed: int, now: datetime, weeks: int = PAST_WEEKS) -> Counter:
    """Submit the demo reports of the past `weeks` weeks and of this week, unless there are
    reports already. Returns the counts by status (on_time, late, missing, open)."""
    if not weekly_demo_due():
        return Counter()
    plan = WeeklyPlan(seed=seed, mondays=demo_weeks(now.astimezone(SHANGHAI).date(), weeks), now=now)
    plan.submit(plan.mondays)
    return plan.counts


__all__ = ["WeeklyPlan", "demo_weeks", "seed_weekly_reports", "weekly_demo_due"]
