"""The bureau's "生成本月版本" on the monthly versions page (二十二)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.models import MonthlySnapshot, Unit
from tests.conftest import PASSWORD

from .conftest import open_xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def expected_count() -> int:
    return 2 * (Unit.objects.filter(kind__in=["township", "department"], active=True).count() + 1)


def login(client, name):
    client.login(username=name, password=PASSWORD)
    return client


def stored(snap) -> bytes:
    with snap.file.open("rb") as f:
        return f.read()


def county_ledger_names(snap) -> list[str]:
    ws = open_xlsx(stored(snap)).active
    return [ws.cell(r, 2).value for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value]


def test_bureau_generates_this_months_versions(client, personas, make_project):
    make_project()
    page = login(client, "carl").get(reverse("snapshot_list"))
    assert "生成本月版本" in page.content.decode()
    response = client.post(reverse("snapshot_generate"), follow=True)
    assert response.status_code == 200
    month = timezone.localdate().replace(day=1)
    assert MonthlySnapshot.objects.filter(month=month, replaced_at=None).count() == expected_count()
    county = MonthlySnapshot.objects.get(unit=None, kind="ledger")
    assert county.created_by == personas["carl"]
    assert "鹿山社区中药材种植基地项目" in county_ledger_names(county)
    assert f"已生成{month.year}年{month.month}月的月度报表{expected_count()}份" in response.content.decode()


def test_generating_again_keeps_the_stored_version(client, personas, make_project):
    make_project()
    login(client, "carl").post(reverse("snapshot_generate"))
    before = {s.pk: (s.file.name, s.created_at) for s in MonthlySnapshot.objects.all()}
    make_project(name="后来的项目")
    response = client.post(reverse("snapshot_generate"), follow=True)
    assert {s.pk: (s.file.name, s.created_at) for s in MonthlySnapshot.objects.all()} == before
    assert "已存档，未重复生成" in response.content.decode()


def test_regenerate_stores_a_new_version_and_keeps_the_old(client, personas, make_project):
    make_project()
    login(client, "carl").post(reverse("snapshot_generate"))
    old = MonthlySnapshot.objects.get(unit=None, kind="ledger")
    old_bytes = stored(old)
    make_project(name="后来的项目")
    client.post(reverse("snapshot_generate"), {"regenerate": "1"})
    assert MonthlySnapshot.objects.count() == 2 * expected_count()
    old.refresh_from_db()
    assert old.replaced_at is not None
    assert stored(old) == old_bytes
    new = MonthlySnapshot.objects.get(unit=None, kind="ledger", replaced_at=None)
    assert "后来的项目" in county_ledger_names(new)
    assert "后来的项目" not in county_ledger_names(old)
    assert "已替换" in client.get(reverse("snapshot_list")).content.decode()


@pytest.mark.parametrize("name", ["olga", "rita", "alice", "dora", "vera"])
def test_only_the_bureau_may_generate(client, personas, name):
    page = login(client, name).get(reverse("snapshot_list"))
    assert "生成本月版本" not in page.content.decode()
    assert client.post(reverse("snapshot_generate")).status_code == 403
    assert not MonthlySnapshot.objects.exists()


def test_generate_refuses_get(client, personas):
    assert login(client, "carl").get(reverse("snapshot_generate")).status_code == 405
