"""The demo applications (see the package's docstring): which project stands at which step
of the route, and the walk through the services that puts it there."""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from approvals import services
from approvals.choices import DocumentKind, MeetingKind, PostingPlace
from approvals.demo.documents import demo_photo, demo_upload
from approvals.demo.timeline import Timeline, timeline
from approvals.models import Application, Meeting, Notice
from ledger.access import UNIT_KIND_ROLE
from ledger.choices import (
    CONSOLIDATE_CONDITIONS,
    Classification,
    FunctionalState,
    Linkage,
    ManagingLevel,
    ProductionStatus,
    UnitKind,
    UseState,
)
from ledger.classification import refusal, suggest
from ledger.demo import MEASURES
from ledger.demo.imported import seed_imported
from ledger.models import Division, Project, Unit, User
from ledger.services import project_update

C = Classification


# ---- who does what ------------------------------------------------------------------
@dataclass(frozen=True)
class Slot:
    """A step of the route one demo application is left at."""

    key: str
    classes: tuple[str, ...]  # classes the project may have, in order of preference
    village_level: bool = False  # prepared by the village committee, so it must be village-level
    imported: bool = False  # a project of the demo's national import (十一), surveyed first


# Rebuild cases stay before the county, awaiting the finance demo account's 会审; the steps
# any class may take prefer them, to leave the other classes to the later steps. Every
# application that reaches the county carries the joint opinions of finance, audit and
# discipline inspection (十二), given by their demo or stand-in accounts (_reviewers).
ANY = (C.REBUILD, C.REVITALISE, C.UPGRADE, C.CONSOLIDATE)
# In order of importance, so that with few projects the accounts' inboxes are served first.
SLOTS = [
    Slot("village", (C.UPGRADE, C.CONSOLIDATE)),  # baojia_village's opinion
    Slot("township", (C.UPGRADE, C.CONSOLIDATE)),  # baojia's opinion and submission
    # in effect, no progress for four weeks and more (a 盘活 for the data-quality watch)
    Slot("overdue", (C.REVITALISE, C.CONSOLIDATE, C.UPGRADE)),
    Slot("effective", (C.REVITALISE, C.UPGRADE, C.CONSOLIDATE)),  # in effect, with progress
    Slot("county", (C.REVITALISE, C.UPGRADE, C.CONSOLIDATE)),  # ldxz's decision
    Slot("notice", (C.CONSOLIDATE, C.UPGRADE)),
    Slot("approved", (C.UPGRADE, C.CONSOLIDATE)),  # baojia posts the notice
    Slot("draft", ANY, village_level=True),
    Slot("rebuild", (C.REBUILD,)),  # baojia_village's opinion, czj's joint review
    Slot("effective2", (C.UPGRADE, C.CONSOLIDATE, C.REVITALISE)),
    Slot("returned", ANY),
    Slot("completed", (C.CONSOLIDATE, C.UPGRADE)),
    Slot("county2", (C.UPGRADE, C.CONSOLIDATE, C.REVITALISE)),
    # imported, surveyed, decided, disposed of, evaluated and re-classified by filing (十一–十五)
    Slot("refiled", (C.CONSOLIDATE, C.UPGRADE), imported=True),
]
BATCH_A = ("effective", "effective2", "completed", "overdue", "refiled")  # decided about nine weeks ago
BATCH_B = ("notice", "approved")  # decided last week

PROGRESS_TEXT = {
    C.REVITALISE: [
        "已与意向经营主体完成洽谈，签订资产租赁意向书。",
        "新经营主体已进场，完成厂房和设备检修。",
        "恢复生产，首批产品已上市销售。",
    ],
    C.UPGRADE: [
        "已制定提质增效方案，邀请技术团队开展培训。",
        "新增加工设备已安装调试，试生产正常。",
        "电商销售渠道已开通，销量稳步增长。",
    ],
    C.CONSOLIDATE: [
        "收益分配方案经村民代表大会讨论通过。",
        "已按协议向村集体兑现年度收益。",
        "利益联结机制已完善，签订补充协议。",
    ],
}


def _reviewers() -> list[User]:
    """One reviewer of each supervising department (finance, audit, discipline inspection):
    its demo account, or a stand-in account nobody can log in with (no usable password)."""
    out = []
    for unit in Unit.objects.filter(kind=UnitKind.REVIEW, active=True).order_by("code"):
        role = UNIT_KIND_ROLE[unit.kind]
        user = User.objects.filter(unit=unit, role=role, is_active=True).order_by("username").first()
        if user is None:
            user = User.objects.create(
                username=f"review_{unit.code.lower()}",
                first_name=f"{unit.name}会审人员（演示）",
                unit=unit,
                role=role,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        out.append(user)
    return out


def _post_both(notice: Notice, by: User) -> None:
    """Record the notice's two postings (十四: 主管单位、实施地), each with its photo."""
    places = {PostingPlace.UNIT: f"{notice.unit.name}政务公开栏", PostingPlace.SITE: "项目所在村村务公开栏"}
    for where, place in places.items():
        services.notice_posting_record(
            by=by,
            notice=notice,
            where=where,
            posted_on=notice.posted_on,
            place=place,
            photo=demo_photo(f"{place}公示张贴（{notice.posted_on:%Y年%m月%d日}）"),
        )


@dataclass
class _Actors:
    township: User  # baojia
    village: User  # baojia_village
    office: User  # ldxz
    department: User  # nyncw

    def preparer(self, project: Project, slot: str) -> User:
        """Village-level projects are prepared by their village committee, except the one
        the township files for the committee's opinion; township-level ones by the township."""
        if project.managing_level == ManagingLevel.VILLAGE and slot != "village":
            return self.village
        return self.township


def _division(user: User) -> Division:
    """The place a township or village demo account works in."""
    assert user.unit is not None and user.unit.division is not None, f"{user} has no place"
    return user.unit.division


def _candidates(rng: random.Random, village_id: int) -> list[tuple[Project, str, str]]:
    """The village's village- and township-level projects with a class their facts allow
    (the ledger's, or the one the test suggests for an unclassified one), shuffled."""
    out = []
    projects = Project.objects.filter(
        village_id=village_id,
        class_conditions_pending=False,
        managing_level__in=[ManagingLevel.VILLAGE, ManagingLevel.TOWNSHIP],
    )
    for project in projects.order_by("number"):
        cls = project.classification or suggest(project)
        if cls and refusal(cls, project) is None:
            out.append((project, cls, project.measures or MEASURES[cls]))
    rng.shuffle(out)
    return out


def _assign(candidates: list, imported: list) -> list[tuple[Slot, Project, str, str]]:
    """Give each slot, in order, the first free candidate of its most preferred class: the
    demo village's projects, or (`Slot.imported`) those of the demo's national import."""
    free, others = list(candidates), list(imported)
    out = []
    for slot in SLOTS:
        pool = others if slot.imported else free
        for cls in slot.classes:
            match = next(
                (
                    c
                    for c in pool
                    if c[1] == cls and (not slot.village_level or c[0].managing_level == ManagingLevel.VILLAGE)
                ),
                None,
            )
            if match:
                pool.remove(match)
                out.append((slot, *match))
                break
    return out


def _survey_imported(by: User, village: Division) -> list[tuple[Project, str, str]]:
    """Import the demo export (十一) and survey its first project as the township (十二): the
    four facts of the survey and a proposed class. The others stay not surveyed."""
    imported = seed_imported(by=User.objects.get(username="xczxj"), village=village)
    if not imported or imported[0].surveyed:
        return []
    project = imported[0]
    facts = {
        "functional_state": FunctionalState.NORMAL,
        "use_state": UseState.IN_USE,
        "production_status": ProductionStatus.NORMAL,
        "linkage": Linkage.FULL,
        "proposed_classification": C.CONSOLIDATE,
        "proposed_measures": MEASURES[C.CONSOLIDATE],
        **{f: True for f, _ in CONSOLIDATE_CONDITIONS},  # the five conditions of 巩固 (三)
    }
    project_update(project=project, by=by, data=facts, reason="实地调研")
    project.refresh_from_db()
    return [(project, C.CONSOLIDATE, MEASURES[C.CONSOLIDATE])]


class _Walk:
    """Moves the demo applications along their route through the services."""

    def __init__(self, actors: _Actors, when: Timeline):
        self.a, self.when = actors, when
        self.meetings: dict[str, Meeting] = {}
        self.reviewers = _reviewers()

    def party_meeting(self, batch: str) -> Meeting:
        if batch not in self.meetings:
            day = self.when.party_a if batch == "a" else self.when.party_b
            township = _division(self.a.township)
            self.meetings[batch] = services.meeting_create(
                by=self.a.township,
                kind=MeetingKind.PARTY,
                date=day,
                title=f"{township.name}党委会（研究“四个一批”项目分类及处置措施）",
                number=f"{township.name}党委会纪要〔{day.year}〕{day.isocalendar().week}号",
                minutes=demo_upload(f"{township.name}党委会会议纪要（{day:%Y年%m月%d日}）"),
            )
        return self.meetings[batch]

    def county_meeting(self, day: dt.date) -> Meeting:
        return services.meeting_create(
            by=self.a.office,
            kind=MeetingKind.COUNTY,
            date=day,
            title=f"县实施乡村振兴战略领导小组{day.year}年第{day.month}次会议",
            number=f"彭乡振组纪〔{day.year}〕{day.month}号",
            minutes=demo_upload(f"县实施乡村振兴战略领导小组会议纪要（{day:%Y年%m月%d日}）"),
        )

    def start(self, slot: str, project: Project, cls: str, measures: str) -> Application:
        """Create the application and, unless it stays a draft, walk it as far as the slot
        asks, before the county."""
        by = self.a.preparer(project, slot)
        app = services.application_create(by=by, project=project, classification=cls, measures=measures)
        if slot == "draft":
            return app
        services.document_add(
            by=by,
            application=app,
            kind=DocumentKind.SURVEY_REPORT,
            title="实地调研情况报告",
            text=f"{project.name}实地调研情况。",
            file=demo_upload(f"{project.name}实地调研情况报告"),
        )
        if cls == C.REVITALISE:
            services.revitalisation_plan_save(
                by=by,
                application=app,
                cause="受市场行情影响，原经营主体资金链断裂，项目停产。",
                resources="厂房、设备保存完好，土地流转合同仍在有效期内。",
                measures="引进新的经营主体，签订资产租赁协议，恢复生产。",
                file=demo_upload(f"{project.name}盘活方案"),
            )
        if cls == C.REBUILD:
            services.document_add(
                by=by,
                application=app,
                kind=DocumentKind.EVALUATION_REPORT,
                title="项目评估报告",
                file=demo_upload(f"{project.name}评估报告"),
            )
        services.application_file(by=by, application=app, text="经实地调研，提出分类及处置措施建议。")
        if slot in ("village", "rebuild"):
            return app
        services.application_agree(
            by=self.a.village,
            application=app,
            text="经村民代表会议讨论，同意该分类及处置措施。",
            seal=demo_upload(f"{project.name}村委会意见盖章页"),
        )
        if slot == "returned":
            services.application_return(
                by=self.a.township, application=app, reason="请补充项目现值估算依据，并核实经营主体的收益分配情况。"
            )
            return app
        if slot == "township":
            return app
        for reviewer in self.reviewers:
            services.joint_review_save(
                by=reviewer,
                application=app,
                text="经审核，同意该初步处置意见。",
            )
        services.application_agree(
            by=self.a.township,
            application=app,
            text="经镇党委会研究，同意报送。",
            seal=demo_upload(f"{project.name}乡镇意见盖章页"),
            party_meeting=self.party_meeting("a" if slot in BATCH_A else "b"),
        )
        return app

    def decide(self, day: dt.date, apps: list[Application]) -> Meeting | None:
        if not apps:
            return None
        meeting = self.county_meeting(day)
        services.county_decide(
            by=self.a.office,
            meeting=meeting,
            items=[services.Item(application=app, approve=True, text="同意") for app in apps],
        )
        return meeting


def _refile(walk: "_Walk", actors: _Actors, app: Application, *, on: dt.date) -> Application:
    """After disposal (十五): the effect evaluated, the project re-classified and filed for the
    record (报送备案) with the township party committee's minutes, and recorded (备案) by the
    office, which puts the new class in force without a second notice."""
    services.application_evaluate(
        by=actors.township, application=app, on=on, text="处置措施已全部落实，项目运行稳定，联农带农效果明显。"
    )
    new = services.application_create(by=actors.township, project=app.project)
    services.refiling_file(
        by=actors.township,
        application=new,
        party_meeting=walk.party_meeting("b"),
        text="经镇党委会研究，重新分类报送备案。",
    )
    return services.refiling_record(by=actors.office, application=new, text="已备案。")


@transaction.atomic
def seed_applications(*, seed: int, today: dt.date | None = None) -> Counter:
    """Create the demo applications (see the module's docstring), unless the database has
    applications already. Returns their number by status, and the meetings, notices and
    progress entries made on the way."""
    if Application.objects.exists():
        return Counter()
    today = today or timezone.localdate()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["baojia", "baojia_village", "ldxz", "nyncw"]).select_related(
            "unit__division"
        )
    }
    actors = _Actors(
        township=users["baojia"], village=users["baojia_village"], office=users["ldxz"], department=users["nyncw"]
    )
    when = timeline(today)
    rng = random.Random(f"{seed}:approvals")
    walk = _Walk(actors, when)
    apps: dict[str, Application] = {}
    imported = _survey_imported(actors.township, _division(actors.village))
    local = [c for c in _candidates(rng, _division(actors.village).pk) if c[0] not in {i[0] for i in imported}]
    for slot, project, cls, measures in _assign(local, imported):
        apps[slot.key] = walk.start(slot.key, project, cls, measures)

    # The department drafts one of its own projects, one in 保家镇 if it has any.
    draft = (
        Project.objects.filter(managing_unit_id=actors.department.unit_id, managing_level=ManagingLevel.DEPARTMENT)
        .exclude(applications__isnull=False)
        .order_by(Case(When(township_id=_division(actors.township).pk, then=Value(0)), default=Value(1)), "number")
        .first()
    )
    if draft is not None:
        cls = draft.classification or suggest(draft) or ""
        apps["department_draft"] = services.application_create(
            by=actors.department,
            project=draft,
            classification=cls,
            measures=draft.measures or MEASURES.get(cls, ""),
        )

    counts: Counter = Counter()
    batch_a = [apps[k] for k in BATCH_A if k in apps]
    if walk.decide(when.county_a, batch_a):
        counts["meetings"] += 1
        notice = services.notice_post(
            by=actors.township,
            applications=batch_a,
            posted_on=when.notice_a,
            contact="保家镇人民政府党政办，电话 023-78441234",
        )
        _post_both(notice, actors.township)
        objection = services.objection_record(
            by=actors.township,
            notice=notice,
            received_on=when.objection_a,
            submitter="鹿山社区村民",
            text="询问项目收益分配到户的方式。",
            application=batch_a[0],
        )
        services.objection_resolve(
            by=actors.township, objection=objection, resolution="已向村民说明收益分配方案，村民无异议。", upheld=False
        )
        services.notice_close(notice=notice, today=when.effective_a)  # as the daily close_notices would
        counts["notices"] += 1
        for key in BATCH_A:
            if key not in apps:
                continue
            app = apps[key]
            app.refresh_from_db()
            by = actors.preparer(app.project, key)
            texts = PROGRESS_TEXT[Classification(app.approved_class)]
            for i, (day, percent) in enumerate(when.progress[key]):
                services.progress_add(
                    by=by, application=app, date=day, percent=percent, text=texts[min(i, len(texts) - 1)]
                )
                counts["progress"] += 1
            if key in ("completed", "refiled"):
                services.application_complete(
                    by=by, application=app, on=when.completed_on, text="各项处置措施已落实到位，项目运行正常。"
                )
            if key == "refiled":
                apps["refiling"] = _refile(walk, actors, app, on=when.completed_on)

    batch_b = [apps[k] for k in BATCH_B if k in apps]
    if walk.decide(when.county_b, batch_b):
        counts["meetings"] += 1
        if "notice" in apps:
            notice = services.notice_post(
                by=actors.township,
                applications=[apps["notice"]],
                posted_on=when.notice_b,
                contact="保家镇人民政府党政办，电话 023-78441234",
            )
            _post_both(notice, actors.township)
            counts["notices"] += 1
    counts["party_meetings"] = len(walk.meetings)
    for app in Application.objects.filter(pk__in=[a.pk for a in apps.values()]):
        counts[app.status] += 1
    counts["applications"] = len(apps)
    return counts
