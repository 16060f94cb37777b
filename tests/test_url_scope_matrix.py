"""Every URL that names an object, tried by every unit's persona against another unit's object.

The test walks the URL conf (every include), finds each pattern with a parameter, and looks
it up in REGISTRY, which says how to find another unit's object for it. A URL missing from
the registry fails the suite, so a new object URL comes with its scope check and its line
here. Each try must answer 403 or 404: never 200 with the other unit's data, never a
redirect after doing something.

The county's roles see every unit's objects (ledger.access: is_county), so they are tried
only where a URL belongs to one county role (the bureau's imports, the office's decisions).
The admin site answers anyone who is not staff with its log-in page.
"""

import datetime as dt
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from approvals.choices import (
    ApplicationKind,
    Decision,
    DocumentKind,
    MeetingKind,
    OpinionStep,
    PostingPlace,
    Status,
)
from approvals.models import (
    Application,
    DecisionLetter,
    Document,
    FieldSurvey,
    Meeting,
    Notice,
    NoticePosting,
    Objection,
    Opinion,
    Recovery,
    RevitalisationPlan,
    SurveyPhoto,
)
from approvals.services.rounds import round_for_year
from ledger.models import (
    Job,
    JobKind,
    JobStatus,
    MonthlySnapshot,
    Notification,
    NotificationKind,
    ProjectDocument,
    User,
)
from ledger.models.imports import ImportBatch, ImportSource
from ledger.models.snapshots import SnapshotKind
from ledger.models.weekly import WeeklyReport

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"

UNIT_PERSONAS = ("alice", "bob", "vera", "dora", "dan")
# Whose objects each unit's persona is tried against: a township, village and place it does
# not see (县农业农村委 and 县林业局 manage neither world's village-level project).
FOREIGN = {"alice": "hanjia", "vera": "hanjia", "dora": "hanjia", "dan": "hanjia", "bob": "baojia"}


@dataclass
class World:
    """One township's objects: a village-level project of one of its villages, its
    application in effect and its exit case, and everything filed with them."""

    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, "JPEG")
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _world(make_project, *, township, village, village_unit, township_unit, serial: int, county_meeting) -> World:
    project = make_project(
        number=f"50024320217{serial:05d}", township=township, village=village, managing_unit=village_unit
    )
    placed = {
        "project": project,
        "managing_level": "village",
        "managing_unit": village_unit,
        "submitting_unit": township_unit,
        "township": township,
        "village": village,
        "classification": "consolidate",
        "measures": "完善利益联结机制",
    }
    party = Meeting.objects.create(kind=MeetingKind.PARTY, unit=township_unit, date=dt.date(2025, 3, 1), title="党委会")
    party.minutes.save("m.pdf", ContentFile(PDF))
    notice = Notice.objects.create(
        unit=township_unit,
        posted_on=dt.date(2025, 3, 10),
        ends_on=dt.date(2025, 3, 17),
        places="公示栏",
        contact="电话",
    )
    app = Application.objects.create(
        **placed, status=Status.EFFECTIVE, sequence=1, notice=notice, county_meeting=county_meeting
    )
    exit_case = Application.objects.create(**placed, kind=ApplicationKind.EXIT, status=Status.RECOVERING, sequence=2)
    posting = NoticePosting(notice=notice, where=PostingPlace.UNIT, posted_on=dt.date(2025, 3, 10), place="公示栏")
    posting.photo.save("p.png", ContentFile(PNG))
    opinion = Opinion(
        application=app,
        step=OpinionStep.TOWNSHIP,
        decision=Decision.AGREE,
        text="同意",
        unit=township_unit,
        meeting=party,
    )
    opinion.seal.save("s.png", ContentFile(PNG))
    letter = DecisionLetter.objects.create(
        county=township_unit.county, meeting=county_meeting, unit=township_unit, issued_at=timezone.now()
    )
    Opinion.objects.create(
        application=app,
        letter=letter,
        step=OpinionStep.COUNTY,
        decision=Decision.AGREE,
        text="县审定同意",
        unit=township_unit,
        meeting=county_meeting,
    )
    document = Document(application=app, kind=DocumentKind.OTHER, title="材料")
    document.file.save("d.pdf", ContentFile(PDF))
    plan = RevitalisationPlan(application=app, cause="停产", resources="厂房", measures="引进")
    plan.file.save("plan.pdf", ContentFile(PDF))
    recovery = Recovery(
        application=exit_case, received_on=dt.date(2025, 4, 1), amount=Decimal("100.00"), payer="某公司"
    )
    recovery.scan.save("r.pdf", ContentFile(PDF))
    survey = FieldSurvey.objects.create(
        project=project,
        round=round_for_year(2025, project.county),
        key=uuid.uuid4(),
        surveyed_on=dt.date(2025, 3, 1),
        people="张三（镇政府）",
        facts={"functional_state": "normal"},
        created_by=User.objects.filter(is_superuser=True).first() or User.objects.first(),
    )
    survey_photo = SurveyPhoto(survey=survey)
    survey_photo.image.save("p.jpg", ContentFile(_jpeg()))
    project_document = ProjectDocument(
        project=project, original_name="合同.pdf", content_type="application/pdf", size=1
    )
    project_document.file.save("c.pdf", ContentFile(PDF))
    snapshot = MonthlySnapshot(
        county=township_unit.county, month=dt.date(2025, 3, 1), unit=township_unit, kind=SnapshotKind.LEDGER
    )
    snapshot.file.save("l.xlsx", ContentFile(_xlsx()))
    weekly = WeeklyReport.objects.create(
        unit=township_unit,
        week_start=dt.date(2025, 3, 3),
        other_progress="无",
        submitted_at=dt.datetime(2025, 3, 5, 8, 0, tzinfo=dt.UTC),
    )
    return World(
        {
            "project": project,
            "weekly": weekly,
            "app": app,
            "exit_case": exit_case,
            "party": party,
            "notice": notice,
            "posting": posting,
            "objection": Objection.objects.create(
                notice=notice,
                received_on=dt.date(2025, 3, 12),
                submitter="村民",
                text="异议",
                source="online",
                photo=ContentFile(PNG, name="objection.png"),
            ),
            "opinion": opinion,
            "document": document,
            "plan": plan,
            "recovery": recovery,
            "project_document": project_document,
            "survey": survey,
            "survey_photo": survey_photo,
            "snapshot": snapshot,
            "letter": letter,
            "township_unit": township_unit,
            "county_meeting": county_meeting,
        }
    )


@pytest.fixture
def worlds(personas, places, make_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    county_meeting = Meeting.objects.create(
        kind=MeetingKind.COUNTY, unit=places["office"], date=dt.date(2025, 3, 5), title="县领导小组会议"
    )
    county_meeting.minutes.save("c.pdf", ContentFile(PDF))
    batch = ImportBatch(county=places["bureau"].county, source=ImportSource.NATIONAL, filename="n.csv")
    batch.file.save("n.csv", ContentFile(b"a,b\n"))
    built = {
        "hanjia": _world(
            make_project,
            township=places["hanjia"],
            village=places["hanjia_village"],
            village_unit=places["hanjia_village_unit"],
            township_unit=places["hanjia_unit"],
            serial=1,
            county_meeting=county_meeting,
        ),
        "baojia": _world(
            make_project,
            township=places["baojia"],
            village=places["baojia_village"],
            village_unit=places["village_unit"],
            township_unit=places["baojia_unit"],
            serial=2,
            county_meeting=county_meeting,
        ),
    }
    for world in built.values():
        world.objects["batch"] = batch
    # each township's archive package, done, asked for by its own user
    for key, who in (("hanjia", "bob"), ("baojia", "alice")):
        job = Job.objects.create(
            kind=JobKind.ARCHIVE,
            requested_by=personas[who],
            unit=built[key].township_unit,
            status=JobStatus.DONE,
            result_name="归档资料.zip",
        )
        job.result.save("archive.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
        built[key].objects["job"] = job
        built[key].objects["notification"] = Notification.objects.create(
            user=personas[who], kind=NotificationKind.STEP, text="待办", url=f"/approvals/{built[key].app.pk}/"
        )
    return built


# ---- the registry ---------------------------------------------------------------------
Objects = Callable[[World], list[dict[str, Any]]]


@dataclass(frozen=True)
class Entry:
    """How to name another unit's object for a URL (one set of kwargs per object), the
    unit personas who may open it all the same (with the reason in `why`), and the county
    personas to try too (for a URL that belongs to one county role)."""

    objects: Objects
    exempt: frozenset[str] = frozenset()
    also: tuple[str, ...] = ()
    why: str = ""
    # a persona tried against another world than FOREIGN names: the village committee
    # against its own township's unit-level objects (not its village's)
    worlds: tuple[tuple[str, str], ...] = ()


def pk(name: str, param: str = "pk") -> Objects:
    return lambda w: [{param: getattr(w, name).pk}]


def files(w: World) -> list[dict[str, Any]]:
    return [
        {"kind": "seal", "pk": w.opinion.pk},
        {"kind": "document", "pk": w.document.pk},
        {"kind": "plan", "pk": w.plan.pk},
        {"kind": "minutes", "pk": w.party.pk},
        {"kind": "minutes", "pk": w.county_meeting.pk},  # the county's minutes: one file of every unit's decisions
        {"kind": "posting", "pk": w.posting.pk},
        {"kind": "objection", "pk": w.objection.pk},  # lodged online with a photo (D107)
        {"kind": "recovery", "pk": w.recovery.pk},
    ]


OWN_TOWNSHIP = (("vera", "baojia"),)

REGISTRY: dict[str, Entry | None] = {
    # ledger
    "project_detail": Entry(pk("project")),
    "project_edit": Entry(pk("project")),
    "project_print": Entry(pk("project")),
    "export_form": Entry(pk("project")),
    "project_documents": Entry(pk("project")),
    "document_download": Entry(pk("project_document")),
    "snapshot_download": Entry(
        pk("snapshot"),
        exempt=frozenset({"dora"}),
        why="县农业农村委 reads every monthly version (二, D26)",
        worlds=OWN_TOWNSHIP,
    ),
    "import_batch": Entry(pk("batch"), also=("olga", "rita")),
    "import_commit": Entry(pk("batch"), also=("olga", "rita")),
    "weekly_versions": Entry(pk("weekly"), worlds=OWN_TOWNSHIP),
    # a background job and its file: the requester's only, a county role's included
    "job_detail": Entry(pk("job"), also=("carl", "olga", "rita")),
    "job_download": Entry(pk("job"), also=("carl", "olga", "rita")),
    # a notification: its user's only, a county role's included
    "notification_open": Entry(pk("notification"), also=("carl", "olga", "rita")),
    "notification_read": Entry(pk("notification"), also=("carl", "olga", "rita")),
    # approvals
    "approvals:start": Entry(pk("project", "project_pk")),
    "approvals:exit_start": Entry(pk("project", "project_pk")),
    "approvals:detail": Entry(pk("app")),
    "approvals:print": Entry(pk("app")),
    "approvals:print_pdf": Entry(pk("app")),
    "approvals:form_xlsx": Entry(pk("app")),
    "approvals:update": Entry(pk("app")),
    "approvals:file": Entry(pk("app")),
    "approvals:file_record": Entry(pk("app")),
    "approvals:record": Entry(pk("app")),
    "approvals:agree": Entry(pk("app")),
    "approvals:return": Entry(pk("app")),
    "approvals:withdraw": Entry(pk("app")),
    "approvals:document": Entry(pk("app")),
    "approvals:revitalisation_plan": Entry(pk("app")),
    "approvals:joint_review": Entry(pk("app")),
    "approvals:progress": Entry(pk("app")),
    "approvals:complete": Entry(pk("app")),
    "approvals:evaluate": Entry(pk("app")),
    "approvals:exit_file": Entry(pk("exit_case")),
    "approvals:exit_case": Entry(pk("exit_case")),
    "approvals:recovery_add": Entry(pk("exit_case")),
    "approvals:recovery_settle": Entry(pk("exit_case")),
    "approvals:recovery_write_off": Entry(pk("exit_case")),
    "approvals:meeting": Entry(pk("party"), worlds=OWN_TOWNSHIP),
    "approvals:meeting_minutes": Entry(pk("party"), worlds=OWN_TOWNSHIP),
    "approvals:decide": Entry(pk("county_meeting"), also=("carl", "rita")),
    "approvals:letter": Entry(pk("letter"), worlds=OWN_TOWNSHIP),
    "approvals:letter_pdf": Entry(pk("letter"), worlds=OWN_TOWNSHIP),
    # a year's round and holiday schedule: the bureau's, not a unit's (the office and the
    # reviewers are refused too)
    "approvals:round_edit": Entry(lambda w: [{"year": 2026}], also=("olga", "rita")),
    "approvals:holidays": Entry(lambda w: [{"year": 2027}], also=("olga", "rita")),
    "approvals:notice": Entry(pk("notice")),
    "approvals:notice_print": Entry(pk("notice")),
    "approvals:posting_add": Entry(pk("notice")),
    "approvals:objection_add": Entry(pk("notice")),
    "approvals:notice_close": Entry(pk("notice")),
    "approvals:objection_resolve": Entry(pk("objection")),
    "approvals:file_download": Entry(files),
    "approvals:survey_start": Entry(pk("project", "project_pk")),
    "approvals:survey": Entry(pk("survey")),
    "approvals:survey_print": Entry(pk("survey")),
    "approvals:survey_pdf": Entry(pk("survey")),
    "approvals:survey_docx": Entry(pk("survey")),
    "approvals:survey_attach": Entry(pk("survey")),
    "approvals:survey_photo": Entry(pk("survey_photo")),
    # 市级: a county's ledger, for the municipal office alone (D116)
    "municipal_county_ledger": Entry(lambda w: [{"code": "500243"}], also=("carl", "olga", "rita")),
    # no unit's object: a log-in token for one's own password
    "password_reset_confirm": None,
    # public by design: a posted notice's page, by its unguessable token (D107); the
    # anonymous walk below checks that only this prefix answers a stranger
    "public:notice": None,
}


# ---- walking the URL conf -------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    name: str  # namespaced, e.g. "approvals:detail"; the route itself for an unnamed pattern
    route: str
    admin: bool
    parameters: bool = True  # the pattern takes a parameter (an object's id, a token, a year)


def url_patterns() -> list[Found]:
    """Every pattern of the URL conf, through every include: the one walk of the URL conf
    the tests share (this matrix, the wording walk, the phone-width walk)."""
    found: list[Found] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace or "") if x)
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
                parameters = bool(p.pattern.converters) or "(?P<" in route
                found.append(Found(name, route, namespace.split(":")[0] == "admin", parameters))

    walk(get_resolver(), "/", "")
    return found


def object_patterns() -> list[Found]:
    """Every pattern of the URL conf that takes a parameter."""
    return [f for f in url_patterns() if f.parameters]


def plain_patterns() -> list[Found]:
    """The named patterns outside the admin site that take no parameter (a GET reverses
    them as they are)."""
    return [f for f in url_patterns() if not f.parameters and not f.admin and f.name != f.route]


def _answer(client, url: str) -> int:
    """The status of a GET, or of an empty POST where the URL takes only POST."""
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url, {}).status_code
    return status


def test_every_object_url_is_in_the_registry():
    names = {f.name for f in object_patterns() if not f.admin}
    missing = sorted(names - set(REGISTRY))
    assert not missing, f"object URLs without a scope entry in tests/test_url_scope_matrix.py: {missing}"
    assert not set(REGISTRY) - names, "registry entries for URLs that no longer exist"


def test_every_unit_is_refused_every_other_units_object(client, personas, worlds):
    tried, leaks = 0, []
    for f in object_patterns():
        if f.admin:
            continue
        entry = REGISTRY[f.name]
        if entry is None:
            continue
        for who in (*UNIT_PERSONAS, *entry.also):
            if who in entry.exempt:
                continue
            client.force_login(personas[who])
            tried_in = [FOREIGN.get(who, "hanjia"), *(w for p, w in entry.worlds if p == who)]
            for kwargs in (k for world in tried_in for k in entry.objects(worlds[world])):
                url = reverse(f.name, kwargs=kwargs)
                status = _answer(client, url)
                tried += 1
                if status not in (403, 404):
                    leaks.append(f"{who} {url} → {status}")
    assert not leaks, "\n".join(leaks)
    assert tried > 200


@pytest.mark.stored_files  # every stored file downloaded from disk and from an in-memory storage (D123)
def test_the_registry_objects_are_open_to_their_own_unit(client, personas, worlds):
    """The objects tried above are real: the county bureau opens each page of 汉葭街道's (so a
    403/404 above is the scope, not a missing object)."""
    client.force_login(personas["carl"])
    world = worlds["hanjia"]
    for name in (
        "project_detail",
        "approvals:detail",
        "approvals:exit_case",
        "approvals:notice",
        "snapshot_download",
        "approvals:survey",
        "approvals:survey_docx",
        "approvals:survey_photo",
    ):
        for kwargs in REGISTRY[name].objects(world):  # type: ignore[union-attr]
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200, name
    for kwargs in files(world):
        assert client.get(reverse("approvals:file_download", kwargs=kwargs)).status_code == 200, kwargs
    client.force_login(personas["bob"])
    assert client.get(reverse("approvals:meeting", kwargs={"pk": world.party.pk})).status_code == 200
    assert client.get(reverse("snapshot_download", kwargs={"pk": world.snapshot.pk})).status_code == 200
    for name in ("approvals:letter", "approvals:letter_pdf"):
        assert client.get(reverse(name, kwargs={"pk": world.letter.pk})).status_code == 200, name
    for name in ("job_detail", "job_download"):
        assert client.get(reverse(name, kwargs={"pk": world.job.pk})).status_code == 200, name
    assert client.get(reverse("notification_open", kwargs={"pk": world.notification.pk})).status_code == 302
    client.force_login(personas["carl"])
    for name, year in (("approvals:round_edit", 2026), ("approvals:holidays", 2027)):
        assert client.get(reverse(name, kwargs={"year": year})).status_code == 200, name


def test_the_admin_site_shows_no_object_to_anyone_but_staff(client, personas, worlds):
    admin = [f for f in object_patterns() if f.admin]
    assert len(admin) > 20
    for who in (*UNIT_PERSONAS, "carl", "olga", "rita"):
        client.force_login(personas[who])
        for f in admin:
            url = f.route.replace("^", "").replace("$", "")
            for converter in ("<path:content_type_id>", "<path:object_id>", "<id>"):
                url = url.replace(converter, str(worlds["hanjia"].project.pk))
            url = url.replace("(?P<app_label>auth|ledger|approvals)", "ledger").replace("(?P<url>.*)", "ledger/x")
            response = client.get(url)
            assert response.status_code in (302, 403, 404), f"{who} {url} → {response.status_code}"
            if response.status_code == 302:
                assert response.url.startswith("/admin/login/"), f"{who} {url} → {response.url}"


# ---- the stranger: only the public prefix answers ------------------------------------
PUBLIC_PREFIX = "/gs/"
# pages open to anyone besides the public prefix (tests/test_public_pages.py)
OPEN = {"/healthz", "/accounts/login/"}


def every_url(world: World) -> list[tuple[str, str]]:
    """(name, url) of every non-admin pattern, its parameters filled from `world`."""
    out: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                ns = ":".join(x for x in (namespace, p.namespace or "") if x)
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
                if not (p.pattern.converters or "(?P<" in route):
                    if "^" not in route and "(" not in route:
                        out.append((name, route))
                    continue
                if name == "public:notice":
                    out.append((name, reverse(name, kwargs={"token": world.notice.token})))
                    continue
                entry = REGISTRY.get(name)
                if entry is not None:
                    out.extend((name, reverse(name, kwargs=k)) for k in entry.objects(world))

    walk(get_resolver(), "/", "")
    return out


def test_a_stranger_reaches_only_the_public_pages(client, worlds):
    """Anonymous: every page under the public prefix answers; every other page, with or
    without a parameter, sends to the log-in page (LoginRequiredMiddleware), GET or POST."""
    urls = every_url(worlds["hanjia"])
    public = [u for _, u in urls if u.startswith(PUBLIC_PREFIX)]
    assert public, "the notice's public page is walked"
    wrong = []
    for name, url in urls:
        if url in OPEN:
            continue
        if url.startswith(PUBLIC_PREFIX):
            if client.get(url).status_code != 200:
                wrong.append(f"{name} {url} → {client.get(url).status_code}")
            continue
        for response in (client.get(url), client.post(url, {})):
            if response.status_code != 302 or not response["Location"].startswith("/accounts/login/?next="):
                wrong.append(f"{name} {url} → {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert len(urls) > 100
