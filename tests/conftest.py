"""Shared personas and a project factory.

The county's places and units come from the migrations, as in production. Personas:
alice (保家镇 township), bob (汉葭街道 township), vera (a village of 保家镇), dora
(县农业农村委), dan (县林业局), carl (county bureau), olga (leading-group office),
rita (reviewer, 县财政局), and admin (the system administrator, a superuser); the security
and the audit administrator are the fixtures `security` and `auditor`.
"""

import os
from decimal import Decimal

import pytest

from ledger.choices import CONDITION_CONTRADICTED_BY, Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Test-pass-2026"


@pytest.fixture
def county(db):
    """The county's places and units, as the migrations load them. Transactional tests
    (the live server's) flush the tables afterwards, so they are loaded again if missing."""
    from ledger.counties import PENGSHUI_CODE, create_county_units, load_divisions
    from ledger.models import County, Division

    if not Division.objects.exists():
        load_divisions([PENGSHUI_CODE])
        create_county_units(County.objects.get(code=PENGSHUI_CODE))


@pytest.fixture
def places(county):
    from ledger.models import Division, Unit

    baojia = Division.objects.get(name="保家镇")
    hanjia = Division.objects.get(name="汉葭街道")
    baojia_villages = list(baojia.villages.order_by("code")[:2])
    hanjia_village = hanjia.villages.order_by("code").first()
    return {
        "baojia": baojia,
        "hanjia": hanjia,
        "baojia_village": baojia_villages[0],
        "baojia_village2": baojia_villages[1],
        "hanjia_village": hanjia_village,
        "baojia_unit": Unit.objects.get(division=baojia),
        "hanjia_unit": Unit.objects.get(division=hanjia),
        "village_unit": Unit.objects.get(division=baojia_villages[0]),
        "village2_unit": Unit.objects.get(division=baojia_villages[1]),
        "hanjia_village_unit": Unit.objects.get(division=hanjia_village),
        "agri": Unit.objects.get(county__code="500243", code="NYNCW"),
        "forestry": Unit.objects.get(county__code="500243", code="LYJ"),
        "bureau": Unit.objects.get(county__code="500243", code="XCZXJ"),
        "office": Unit.objects.get(county__code="500243", code="LDXZBGS"),
        "finance": Unit.objects.get(county__code="500243", code="CZJ"),
    }


def _user(username, unit, role, **extra):
    from ledger.models import User

    user = User.objects.create_user(username=username, password=PASSWORD, unit=unit, role=role, **extra)
    return user


@pytest.fixture
def personas(places):
    return {
        "alice": _user("alice", places["baojia_unit"], Role.TOWNSHIP),
        "bob": _user("bob", places["hanjia_unit"], Role.TOWNSHIP),
        "vera": _user("vera", places["village_unit"], Role.VILLAGE),
        "dora": _user("dora", places["agri"], Role.DEPARTMENT),
        "dan": _user("dan", places["forestry"], Role.DEPARTMENT),
        "carl": _user("carl", places["bureau"], Role.BUREAU),
        "olga": _user("olga", places["office"], Role.OFFICE),
        "rita": _user("rita", places["finance"], Role.REVIEWER),
        "admin": _user("admin", places["bureau"], Role.ADMIN, is_staff=True, is_superuser=True),
    }


@pytest.fixture
def security(places):
    """The security administrator (安全管理员): lockouts and password resets only."""
    return _user("security", places["bureau"], Role.SECURITY)


@pytest.fixture
def auditor(places):
    """The audit administrator (审计管理员): the audit trail only."""
    return _user("auditor", places["bureau"], Role.AUDITOR)


def project_facts(**overrides):
    """Valid facts of a normal, consolidated village-level project (without places)."""
    facts = {
        "name": "鹿山社区中药材种植基地项目",
        "number": "5002432020000001",
        "year": 2020,
        "managing_level": "village",
        "responsible_unit": "鹿山社区股份经济合作联合社",
        "responsible_person": "张建国",
        "responsible_phone": "13912345678",
        "industry_type": "planting",
        "construction_content": "种植中药材200亩",
        "fund1_central": Decimal("500000.00"),
        "fund1_municipal": Decimal("100000.50"),
        "fund1_county": Decimal("50000.25"),
        "operation_mode": "entrusted",
        "functional_state": "normal",
        "use_state": "in_use",
        "production_status": "normal",
        "linkage": "full",
        "proposed_classification": "consolidate",
        "proposed_measures": "完善利益联结机制",
        # the five conditions of 巩固 (三)
        **dict.fromkeys(CONDITIONS, True),
    }
    facts.update(overrides)
    return consistent(facts, overrides)


def consistent(facts, overrides):
    """The facts with what the overrides imply but do not give: no condition ticked beside
    the upgrade defect that says the opposite; a 盘活 project states its support (五)."""
    for condition, defect in CONDITION_CONTRADICTED_BY.items():
        if facts.get(defect) and condition not in overrides:
            facts[condition] = False
    if "revitalise" in (facts.get("proposed_classification"), facts.get("classification")):
        facts.setdefault("revitalise_support", "申请衔接资金20万元维修设施，协调信贷贴息政策")
    return facts


CONDITIONS = [
    "consolidate_momentum",
    "consolidate_chain",
    "consolidate_sales",
    "consolidate_competitive",
    "consolidate_risk",
]


@pytest.fixture
def make_project(places):
    """Create a project directly (bypassing services), valid by default: a village-level
    project in the first village of 保家镇."""
    from ledger.models import Project

    counter = {"n": 0}

    def make(**overrides):
        counter["n"] += 1
        data = project_facts(number=f"50024320209{counter['n']:05d}")
        data.update(township=places["baojia"], village=places["baojia_village"], managing_unit=places["village_unit"])
        data.update(overrides)
        # a project made here stands decided: its class in force is the one proposed,
        # unless the test gives either
        for decided, proposed in (("classification", "proposed_classification"), ("measures", "proposed_measures")):
            if decided in overrides and proposed not in overrides:
                data[proposed] = overrides[decided]
            data.setdefault(decided, data[proposed])
        consistent(data, overrides)
        project = Project(**data)
        project.full_clean()
        project.save()
        return project

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_allowed(settings):
    """seed_demo refuses to run with DJANGO_DEBUG off unless the database is empty."""
    settings.DEBUG = True


@pytest.fixture
def client():
    """pytest-django's `client`, but log-in goes through django-axes like a real one."""
    from django.http import HttpRequest
    from django.test import Client

    class Client_(Client):
        def login(self, **credentials):
            request = HttpRequest()
            request.META["REMOTE_ADDR"] = "127.0.0.1"
            return super().login(request=request, **credentials)

    return Client_()


@pytest.fixture
def job_media(settings, tmp_path):
    """Background jobs write their files under MEDIA_ROOT/jobs/: a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run_job(client, url, data=None):
    """Ask for a background job as the page does (a POST), follow to its page and return
    (the job, the downloaded file's bytes or None). The tests' queue runs the job at once
    through django-q2's own task code (Q_CLUSTER sync, tests/settings.py)."""
    from django.urls import resolve, reverse

    from ledger.models import Job

    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    match = resolve(response.url)
    assert match.url_name == "job_detail"
    job = Job.objects.get(pk=match.kwargs["pk"])
    page = client.get(response.url)
    assert page.status_code == 200
    if job.status != "done":
        return job, None
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 200
    return job, b"".join(download.streaming_content)


# ---- stored files on another storage than the disk (D123) ------------------------------
# A test marked `stored_files` runs twice: on the file system (FileSystemStorage under
# MEDIA_ROOT, as on one machine) and on Django's InMemoryStorage, standing for an object store
# (S3): there any code that reaches a stored file by a path on disk fails (the storage has no
# path()), and nothing may appear under MEDIA_ROOT.
MEMORY_STORAGE = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("stored_files") and "file_storage" not in metafunc.fixturenames:
        metafunc.fixturenames.append("file_storage")
        metafunc.parametrize("file_storage", ["disk", "memory"])


@pytest.fixture(autouse=True)
def _file_storage(request, tmp_path_factory):
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("file_storage") != "memory":
        yield
        return
    from pathlib import Path

    settings = request.getfixturevalue("settings")
    own = request.getfixturevalue("tmp_path")
    settings.STORAGES = {**settings.STORAGES, "default": MEMORY_STORAGE}
    yield
    # A MEDIA_ROOT of the test's own (not its whole tmp_path, where a command may write its
    # --out file) holds nothing: no stored file went to the disk.
    media = Path(settings.MEDIA_ROOT)
    if media.is_relative_to(tmp_path_factory.getbasetemp()) and media != own and media.exists():
        assert not [p for p in media.rglob("*") if p.is_file()], "a stored file was written to disk"
