"""The demo activity (approvals.demo): after `seed_demo`, each demo account finds work in
its pages; running it again adds nothing; the same seed gives the same activity."""

import datetime as dt
import re
from io import BytesIO

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from approvals.calendar import notice_end
from approvals.choices import Status
from approvals.demo import demo_pdf, seed_applications, timeline
from approvals.models import Application, Document, Meeting, Notice, Opinion, Progress, Transition
from approvals.selectors import OVERDUE_DAYS
from ledger.models import Project, User
from ledger.models.weekly import WeeklyReport
from ledger.uploads import sniff


def seed(**options):
    call_command("seed_demo", projects=200, quiet_accounts=True, **options)


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


@pytest.fixture
def demo(db, client):
    """The demo projects and applications (the weekly reports, slower to make, are tested
    in tests/weekly/test_demo.py and by the full command below)."""
    seed(no_activity=True)
    seed_applications(seed=2023)
    return client


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
    }
    assert 8 <= apps.count() <= 15
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
    stale = (
        Application.objects.filter(status=Status.EFFECTIVE)
        .exclude(progress__date__gte=timezone.localdate() - dt.timedelta(days=OVERDUE_DAYS))
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
    assert effective.count() == 4 and {a.notice.closed_at is not None for a in effective} == {True}
    revitalise = effective.get(approved_class="revitalise")
    page = login(demo, "baojia").get(f"/approvals/{revitalise.pk}/").content.decode()
    assert "完成70%" in page and "公示期满生效" in page and "盘活方案" in page
    # the management ledger's column 处置整改进展情况
    response = login(demo, "xczxj").get("/exports/ledger.xlsx")
    ws = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    headers = [c.value for c in ws[3]]
    col = headers.index("处置整改进展情况") + 1
    progress = [ws.cell(row=r, column=col).value for r in range(5, ws.max_row + 1)]
    assert sum(1 for v in progress if v) == 4
    assert any(v and "已完成70%：恢复生产" in v for v in progress)
    # the notice still open and the one that ended, with its objection resolved
    open_notice = Notice.objects.get(closed_at__isnull=True)
    assert open_notice.ends_on >= timezone.localdate()
    assert Notice.objects.get(closed_at__isnull=False).objections.get().resolved


def test_every_step_went_through_the_services_with_its_documents(demo):
    for app in Application.objects.exclude(status=Status.PREPARING):
        actions = list(app.transitions.values_list("action", flat=True))
        assert actions[:2] == ["create", "file"], actions
        assert app.documents.filter(kind="survey_report").exists()
    agreed = Opinion.objects.filter(decision="agree").exclude(step="county")
    assert agreed.exists() and all(o.seal for o in agreed)
    for meeting in Meeting.objects.all():
        assert meeting.minutes.read(5) == b"%PDF-"
    assert Application.objects.get(status=Status.COMPLETED).completed_on <= timezone.localdate()
    assert Transition.objects.filter(action="take_effect").count() == 4


def test_seeding_again_adds_nothing_and_the_same_seed_gives_the_same_activity(db, capsys, settings):
    def signature():
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

    with transaction.atomic():
        seed()
        first = signature()
        transaction.set_rollback(True)
    assert not Application.objects.exists() and not WeeklyReport.objects.exists()
    capsys.readouterr()
    seed()
    out = capsys.readouterr().out
    assert "Demo activity: 14 applications" in out and "weekly reports over 9 weeks" in out
    assert signature() == first
    counts = [
        m.objects.count()
        for m in (Application, Transition, Opinion, Document, Meeting, Notice, Progress, WeeklyReport, User, Project)
    ]
    files = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    seed()
    assert "Demo activity: nothing added" in capsys.readouterr().out
    assert [
        m.objects.count()
        for m in (Application, Transition, Opinion, Document, Meeting, Notice, Progress, WeeklyReport, User, Project)
    ] == counts
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files
    assert signature() == first


@pytest.mark.parametrize("projects", [0, 12])
def test_few_projects_give_fewer_steps_without_failing(db, projects):
    call_command("seed_demo", projects=projects, quiet_accounts=True)
    assert Application.objects.count() <= projects
    call_command("seed_demo", projects=projects, quiet_accounts=True)


def test_no_activity_flag(db):
    call_command("seed_demo", projects=30, quiet_accounts=True, no_activity=True)
    assert not Application.objects.exists() and not WeeklyReport.objects.exists()


def test_the_timeline_holds_on_every_day_of_the_year(db):
    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        t = timeline(day)
        assert t.party_a < t.county_a < t.notice_a < t.objection_a <= notice_end(t.notice_a).end < t.effective_a
        assert t.effective_a < t.party_b < t.county_b <= t.notice_b < day <= notice_end(t.notice_b).end
        for key, entries in t.progress.items():
            dates = [d for d, _ in entries]
            assert dates == sorted(dates) and t.effective_a <= dates[0] and dates[-1] <= day, (day, key)
        assert t.progress["overdue"][-1][0] < day - dt.timedelta(days=OVERDUE_DAYS), day
        assert t.progress["effective"][-1][0] >= day - dt.timedelta(days=OVERDUE_DAYS), day
        assert t.progress["completed"][-1][0] < t.completed_on <= day, day
        day += dt.timedelta(days=1)


def test_the_demo_pdf_is_an_accepted_upload_with_a_valid_cross_reference_table():
    data = demo_pdf("保家镇党委会会议纪要")
    assert sniff(data[:16]) == ("pdf", "application/pdf") and len(data) < 2048
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref : xref + 4] == b"xref"
    offsets = [int(line[:10]) for line in data[xref:].split(b"\n")[3:11]]
    for n, offset in enumerate(offsets, 1):
        assert data[offset:].startswith(b"%d 0 obj" % n)
    assert "演示文件".encode("utf-16-be").hex().upper().encode() in data
