"""`manage.py seed_demo` with its activity (pengshui's command over both apps): each demo
account finds work in its pages, the weekly pages show the past weeks, running it again
adds nothing, and the same seed gives the same data.

The full demo (200 projects, the applications, nine weeks of reports) takes seconds to
make, so it is seeded once for this module, in a transaction rolled back when the module
ends; each test reads it in a savepoint of its own (pytest-django's `db`). The seeding
itself is checked too: a first seed is made and rolled back before the one the tests share,
and the two must be the same. Tests that need an empty database (few projects, no
activity) are in tests/approvals/test_demo.py and tests/ledger/test_seed_demo.py.
"""

import datetime as dt
import re
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from approvals.calendar import notice_end
from approvals.choices import ApplicationKind, Status
from approvals.models import Application, Document, Meeting, Notice, Opinion, Progress, Transition
from approvals.selectors import OVERDUE_DAYS
from approvals.services.notices import counts_from
from ledger.models import Project, User
from ledger.models.weekly import WeeklyReport
from ledger.services import EDITABLE_FIELDS, project_errors
from ledger.weekly.figures import week_start

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COUNTED = (Application, Transition, Opinion, Document, Meeting, Notice, Progress, WeeklyReport, User, Project)


def seed() -> str:
    """Run the command as `make demo` does (quietly); returns what it printed."""
    out = StringIO()
    with override_settings(DEBUG=True):  # seed_demo runs only where DJANGO_DEBUG is on
        call_command("seed_demo", projects=200, quiet_accounts=True, stdout=out)
    return out.getvalue()


def signature():
    """Everything the demo activity made, without database ids."""
    apps = [
        (
            a.project.number,
            a.status,
            a.classification,
            a.approved_class,
            a.created_by.username,
            a.notice and (a.notice.posted_on, a.notice.ends_on),
            [(t.action, t.from_status, t.to_status, t.by and t.by.username, t.text) for t in a.transitions.all()],
            [(o.step, o.decision, o.text, o.user.username) for o in a.opinions.all()],
            [(p.date, p.percent, p.text) for p in a.progress.all()],
        )
        for a in Application.objects.order_by("project__number")
    ]
    reports = list(
        WeeklyReport.objects.order_by("week_start", "unit__code").values_list(
            "unit__code", "week_start", "figures", "other_progress", "submitted_at", "submitted_by__username"
        )
    )
    return apps, reports


@dataclass(frozen=True)
class Seeded:
    first: tuple  # the signature of a first seed, rolled back
    emptied: bool  # rolling it back left no applications and no reports
    output: str  # what the second seed printed
    second: tuple  # the signature of the second seed, the one the tests read
    media: Path


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo_media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        with transaction.atomic():
            seed()
            first = signature()
            transaction.set_rollback(True)
        emptied = not Application.objects.exists() and not WeeklyReport.objects.exists()
        output = seed()
        yield Seeded(first=first, emptied=emptied, output=output, second=signature(), media=media)
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db, client, settings):
    settings.MEDIA_ROOT = seeded.media
    return client


def login(client, username):
    assert client.login(username=username, password="Demo@2026")
    return client


def section(html: str, key: str) -> str:
    """One card of the inbox page, by its id."""
    match = re.search(rf'<div class="card mb-3" id="{key}">(.*?)</div>\s*(?=<div class="card|</main>)', html, re.S)
    assert match, key
    return match.group(1)


def numbers(status: str, **filters) -> set[str]:
    return set(Application.objects.filter(status=status, **filters).values_list("project__number", flat=True))


def chart_values(html: str, series: str) -> list[float]:
    return [float(v) for v in re.findall(rf"<title>{series} ([\d.]+)%</title>", html)]


def test_each_demo_account_finds_its_work(demo):
    apps = Application.objects.all()
    # every step of the route is represented, all of it in 保家镇 and its demo village
    statuses = set(apps.values_list("status", flat=True))
    assert statuses == {
        Status.PREPARING,
        Status.VILLAGE,
        Status.TOWNSHIP,
        Status.COUNTY,
        Status.APPROVED,
        Status.NOTICE,
        Status.EFFECTIVE,
        Status.COMPLETED,
        Status.EVALUATED,
    }
    assert 8 <= apps.count() <= 16
    assert set(apps.values_list("township__name", flat=True)) == {"保家镇"}

    village = login(demo, "baojia_village").get("/approvals/").content.decode()
    waiting = numbers(Status.VILLAGE)
    assert len(waiting) == 2 and all(n in section(village, "opinions") for n in waiting)
    assert ">2</span>" in section(village, "opinions")

    township = login(demo, "baojia").get("/approvals/").content.decode()
    (at_township,) = numbers(Status.TOWNSHIP)
    assert at_township in section(township, "opinions")
    (approved,) = numbers(Status.APPROVED)
    assert approved in section(township, "to_post")
    returned = Application.objects.get(transitions__action="return")
    assert returned.status == Status.PREPARING and returned.project.number in section(township, "preparing")
    overdue = section(township, "overdue")
    assert ">1</span>" in overdue
    since = timezone.localdate() - dt.timedelta(days=OVERDUE_DAYS)
    stale = (
        Application.objects.filter(status=Status.EFFECTIVE, effective_on__lt=since)
        .exclude(progress__date__gte=since)
        .get()
    )
    assert stale.project.number in overdue

    office = login(demo, "ldxz").get("/approvals/").content.decode()
    at_county = numbers(Status.COUNTY)
    assert len(at_county) == 2 and all(n in section(office, "decisions") for n in at_county)

    reviewer = login(demo, "czj").get("/approvals/").content.decode()
    rebuilds = set(apps.filter(classification="rebuild").values_list("project__number", flat=True))
    assert rebuilds and all(n in section(reviewer, "joint_reviews") for n in rebuilds)

    department = login(demo, "nyncw").get("/approvals/").content.decode()
    drafted = Application.objects.get(managing_unit__code="NYNCW")
    assert drafted.status == Status.PREPARING and drafted.project.number in section(department, "preparing")

    # the home page's panel counts them too
    home = login(demo, "baojia_village").get("/").content.decode()
    assert re.search(r'data-kind="opinions">.*?<span class="badge bg-danger">2</span>', home, re.S)


def test_effective_applications_show_their_progress(demo):
    effective = Application.objects.filter(status__in=[Status.EFFECTIVE, Status.COMPLETED])
    decided = effective.filter(kind=ApplicationKind.CLASSIFICATION)
    assert decided.count() == 4 and {a.notice.closed_at is not None for a in decided} == {True}
    # the 盘活 in effect has had no progress since its first (the data-quality watch lists it)
    revitalise = effective.get(approved_class="revitalise")
    page = login(demo, "baojia").get(f"/approvals/{revitalise.pk}/").content.decode()
    assert "完成20%" in page and "公示期满生效" in page and "盘活方案" in page
    busy = effective.get(progress__percent=70)
    assert "完成70%" in login(demo, "baojia").get(f"/approvals/{busy.pk}/").content.decode()
    # the management ledger's column 处置整改进展情况
    response = login(demo, "xczxj").get("/exports/ledger.xlsx")
    ws = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    headers = [c.value for c in ws[3]]
    col = headers.index("处置整改进展情况") + 1
    progress = [ws.cell(row=r, column=col).value for r in range(5, ws.max_row + 1)]
    assert sum(1 for v in progress if v) == 5  # the older batch, the re-classified project included
    assert any(v and "已完成70%：" in v for v in progress)
    assert any(v and "已完成20%：已与意向经营主体完成洽谈" in v for v in progress)
    # the notice still open and the one that ended, with its objection resolved
    open_notice = Notice.objects.get(closed_at__isnull=True)
    end = notice_end(counts_from(open_notice)).end  # None while it runs into a year not entered (D9)
    assert open_notice.ends_on == end and (end is None or end >= timezone.localdate())
    assert Notice.objects.get(closed_at__isnull=False).objections.get().resolved


def test_every_step_went_through_the_services_with_its_documents(demo):
    for app in Application.objects.exclude(status=Status.PREPARING):
        actions = list(app.transitions.values_list("action", flat=True))
        if app.kind == ApplicationKind.REFILING:  # 十五: filed for the record, no survey report asked
            assert actions == ["create", "file_record", "record"], actions
            continue
        assert actions[:2] == ["create", "file"], actions
        assert app.documents.filter(kind="survey_report").exists()
    agreed = Opinion.objects.filter(decision="agree").exclude(step="county")
    assert agreed.exists() and all(o.seal for o in agreed)
    for meeting in Meeting.objects.all():
        assert meeting.minutes.read(5) == b"%PDF-"
    assert Application.objects.get(status=Status.COMPLETED).completed_on <= timezone.localdate()
    assert Transition.objects.filter(action="take_effect").count() == 5  # the older batch


def test_the_weekly_pages_show_the_past_weeks(demo):
    this_monday = week_start(timezone.localdate())
    past = [this_monday - timedelta(weeks=n) for n in range(8, 0, -1)]

    county = login(demo, "xczxj")
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

    township = login(demo, "baojia")
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
    assert not demo.login(username=stand_ins.first().username, password="")


def test_seeding_again_adds_nothing_and_the_same_seed_gives_the_same_activity(seeded, db, settings):
    settings.MEDIA_ROOT = seeded.media
    assert seeded.emptied
    assert "Demo activity: 16 applications" in seeded.output and "weekly reports over 9 weeks" in seeded.output
    assert seeded.second == seeded.first
    counts = [m.objects.count() for m in COUNTED]
    files = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    assert "Demo activity: nothing added" in seed()
    assert [m.objects.count() for m in COUNTED] == counts
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files
    assert signature() == seeded.first


def test_one_project_goes_from_the_import_to_its_re_classification(demo):
    """十一–十五 in the demo data: a project of the demo's national import, pushed to 保家镇,
    surveyed, decided, disposed of, evaluated, and re-classified by filing (备案) with no
    second notice; its sibling in the import is still not surveyed."""
    refiling = Application.objects.get(kind=ApplicationKind.REFILING)
    project = refiling.project
    push = project.pushes.get()
    assert push.batch.source == "national" and push.unit.name.startswith("保家镇")
    first = project.applications.get(sequence=1)
    assert first.status == Status.EVALUATED and first.notice.closed_at is not None and first.evaluation
    assert refiling.status == Status.EFFECTIVE and refiling.previous == first and refiling.notice is None
    assert refiling.party_meeting.minutes and refiling.copies.exists()
    assert project.classification == refiling.approved_class and project.surveyed
    sibling = Project.objects.filter(number__startswith=project.number[:10]).exclude(pk=project.pk).get()
    assert not sibling.surveyed and sibling.pushes.exists()


def test_no_demo_project_fails_the_classification_test_but_the_one_resurveyed(demo):
    """Every demo project, after the whole activity (imports, surveys, decisions, re-filing),
    passes the classification test: its class in force and proposed, and its facts; but the
    one 保家镇 re-surveyed at the end as halted (approvals/demo/watch.py), whose 巩固 in force
    no longer fits until a new decision."""
    out = StringIO()
    call_command("check_classes", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "共1项分类不再符合分类标准。"
    number, _, unit, cls, why = lines[0].split("\t")
    assert (unit, cls, why) == ("保家镇人民政府", "生效：巩固", "认定为“巩固”须项目生产经营正常。")
    assert Project.objects.get(number=number).proposed_classification == "revitalise"
    for project in Project.objects.filter(production_status__gt=""):
        data = {name: getattr(project, name) for name in EDITABLE_FIELDS}
        assert project_errors(data, None) == {}, project.number


def test_the_data_quality_watch_lists_a_case_of_each_kind(demo):
    """The demo gives every list of the watch something to show, to the county and to 保家镇."""
    for username in ("xczxj", "baojia"):
        html = login(demo, username).get("/watch/").content.decode()
        for key in ("classes", "steps", "stalled", "income", "unsurveyed", "rates"):
            count = re.search(rf'id="watch-{key}">.*?<span class="watch-count">(\d+)</span>', html, re.S)
            assert count and int(count.group(1)) >= 1, (username, key)
    html = login(demo, "baojia").get("/watch/").content.decode()
    assert "停产闲置率由" in html and "盘活，" in html and "逾期未报县领导小组审定" in html


def test_the_inbox_counts_are_the_lengths_of_its_lists_in_a_fixed_number_of_queries(demo):
    """The home page's inbox panel counts each kind in one aggregate (and the notices in one
    count): for every demo account, the same numbers as the inbox page's lists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from approvals.selectors import inbox, inbox_counts

    seen: set[str] = set()
    for user in User.objects.filter(is_active=True, unit__isnull=False).select_related("unit"):
        lists = inbox(user)
        with CaptureQueriesContext(connection) as ctx:
            counts = inbox_counts(user)
        assert len(ctx) <= 2, [q["sql"][:200] for q in ctx.captured_queries]
        assert {key: n for key, _, n in counts} == {key: len(items) for key, items in lists.items()}, user.username
        seen |= {key for key, _, n in counts if n}
    # the demo leaves work of most kinds waiting for someone
    assert {"opinions", "decisions", "joint_reviews", "preparing", "plans_missing", "to_post", "overdue"} <= seen
