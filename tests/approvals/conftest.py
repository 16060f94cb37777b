"""Helpers for the approvals: projects of each managing level and class, sealed scans,
meetings, and a walk of an application along its route."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services
from approvals.choices import DocumentKind, MeetingKind, Status
from ledger.choices import Role

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"

CLASS_FACTS = {
    "consolidate": {},
    "upgrade": {
        "classification": "upgrade",
        "upgrade_chain_gap": True,
        "upgrade_low_value_added": True,
        "measures": "补齐加工短板",
    },
    "revitalise": {
        "classification": "revitalise",
        "production_status": "halted",
        "use_state": "idle",
        "reason_funds": True,
        "measures": "引进新的经营主体",
    },
    "rebuild": {
        "classification": "rebuild",
        "production_status": "terminated",
        "use_state": "idle",
        "reason_disaster": True,
        "rebuild_external_failure": True,
        "linkage": "insufficient",
        "linkage_no_income": True,
        "measures": "评估论证后重建",
    },
}


# The dates a rebuild plan sought the views of the township, the village and the households.
CONSULTED = {
    "township_consulted_on": dt.date(2025, 10, 20),
    "village_consulted_on": dt.date(2025, 10, 21),
    "households_consulted_on": dt.date(2025, 10, 22),
}


def surveyed(app):
    """Give the application what filing asks (十二, 十三): the survey report and, for 盘活,
    its plan. Tests that prove these rules build them through the services instead."""
    from approvals.models import Document, RevitalisationPlan

    Document.objects.get_or_create(
        application=app, kind=DocumentKind.SURVEY_REPORT, defaults={"title": "实地调研情况报告", "text": "调研情况"}
    )
    if app.classification == "revitalise":
        RevitalisationPlan.objects.get_or_create(
            application=app, defaults={"cause": "资金短缺停产", "resources": "厂房闲置", "measures": "引进新主体"}
        )
    return app


def file_app(*, by, application, **kwargs):
    """File the application (报送) with its survey report (and 盘活 plan) in place."""
    return services.application_file(by=by, application=surveyed(application), **kwargs)


def post_notice(*, by, **kwargs):
    """Post the notice (公示) and record both postings (十四: 主管单位、实施地) on its
    posting date, each with a photo."""
    from approvals.choices import PostingPlace

    notice = services.notice_post(by=by, **kwargs)
    for where in PostingPlace:
        services.notice_posting_record(
            by=by, notice=notice, where=where, posted_on=notice.posted_on, place=f"{where.label}公示栏", photo=png()
        )
    return notice


def png(name="seal.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def level_project(make_project, places):
    """A project of a managing level ('village', 'township', 'department') and class."""

    def make(level="village", cls="consolidate", **overrides):
        unit = {"village": places["village_unit"], "township": places["baojia_unit"], "department": places["agri"]}[
            level
        ]
        data = dict(CLASS_FACTS[cls], managing_level=level, managing_unit=unit)
        data.update(overrides)
        return make_project(**data)

    return make


@pytest.fixture
def preparer(personas):
    return lambda level: personas["dora"] if level == "department" else personas["alice"]


@pytest.fixture
def party_meeting():
    def make(user):
        return services.meeting_create(
            by=user,
            kind=MeetingKind.PARTY,
            date=dt.date(2023, 11, 18),
            title=f"{user.unit.name}党委会",
            number="2023-12",
            minutes=pdf(),
        )

    return make


@pytest.fixture
def county_meeting(personas):
    def make(special=False):
        return services.meeting_create(
            by=personas["olga"],
            kind=MeetingKind.COUNTY,
            date=dt.date(2023, 11, 24),
            title="县领导小组第3次会议",
            number="彭乡振组〔2023〕3号",
            minutes=pdf(),
            special=special,
        )

    return make


@pytest.fixture
def reviewers(places):
    """One reviewer in each supervising department (finance, audit, discipline inspection)."""
    from ledger.models import Unit, User

    out = []
    for unit in Unit.objects.filter(kind="review").order_by("code"):
        out.append(
            User.objects.create_user(username=f"rev_{unit.code.lower()}", password="x", unit=unit, role=Role.REVIEWER)
        )
    return out


@pytest.fixture
def to_county(personas, party_meeting, preparer, reviewers):
    """Walk an application from a new one to the county step, with the class-specific
    documents its class asks for."""

    def walk(project):
        level = project.managing_level
        by = preparer(level)
        app = services.application_create(by=by, project=project)
        if app.classification == "revitalise":
            services.revitalisation_plan_save(
                by=by, application=app, cause="资金短缺停产", resources="厂房闲置", measures="引进新主体", file=pdf()
            )
        if app.classification == "rebuild":
            services.document_add(
                by=by, application=app, kind=DocumentKind.EVALUATION_REPORT, title="项目评估报告", file=pdf()
            )
        for r in reviewers:
            services.joint_review_save(by=r, application=app, text=f"{r.unit.name}同意")
        file_app(by=by, application=app)
        app.refresh_from_db()
        if app.status == Status.VILLAGE:
            services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
        if level == "department":
            services.application_agree(by=personas["alice"], application=app, text="同意", seal=png())
            services.application_agree(
                by=personas["dora"],
                application=app,
                text="经党组会研究同意报送",
                seal=png(),
                party_meeting=party_meeting(personas["dora"]),
            )
        else:
            services.application_agree(
                by=personas["alice"],
                application=app,
                text="经党委会研究同意报送",
                seal=png(),
                party_meeting=party_meeting(personas["alice"]),
            )
        app.refresh_from_db()
        assert app.status == Status.COUNTY
        return app

    return walk


@pytest.fixture
def approved(to_county, personas, county_meeting):
    """An application approved by the county, ready for its notice."""

    def make(project):
        app = to_county(project)
        special = app.classification == "rebuild"
        services.county_decide(
            by=personas["olga"],
            meeting=county_meeting(special=special),
            items=[services.Item(application=app, approve=True)],
        )
        app.refresh_from_db()
        return app

    return make


@pytest.fixture
def effective(approved, personas, preparer):
    """An application whose notice has ended: it has taken effect."""

    def make(project):
        app = approved(project)
        by = personas["dora"] if app.managing_level == "department" else personas["alice"]
        notice = post_notice(by=by, applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234")
        services.notice_close(notice=notice, by=by, today=dt.date(2025, 10, 15))
        app.refresh_from_db()
        return app

    return make


@pytest.fixture
def as_user(client):
    """The test client, logged in as `user`."""
    from tests.conftest import PASSWORD

    def login(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return login
