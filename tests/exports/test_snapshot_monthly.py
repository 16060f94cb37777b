from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ledger.models import MonthlySnapshot, Unit
from tests.conftest import PASSWORD

from .conftest import open_xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def expected_count() -> int:
    return 2 * (Unit.objects.filter(kind__in=["township", "department"], active=True).count() + 1)


def test_stores_each_units_ledger_and_statistics_once(make_project, places):
    make_project()
    call_command("snapshot_monthly", "--month", "2026-11")
    assert MonthlySnapshot.objects.count() == expected_count()
    county = MonthlySnapshot.objects.get(unit=None, kind="ledger")
    assert county.month.isoformat() == "2026-11-01"
    ws = open_xlsx(county.file.read()).active
    assert ws.cell(5, 2).value == "鹿山社区中药材种植基地项目"
    baojia = MonthlySnapshot.objects.get(unit=places["baojia_unit"], kind="statistics")
    assert "保家镇" in baojia.file.name


def test_running_twice_changes_nothing(make_project):
    make_project()
    call_command("snapshot_monthly", "--month", "2026-11")
    before = {s.pk: (s.file.name, s.file.read(), s.created_at) for s in MonthlySnapshot.objects.all()}
    make_project(name="后来的项目")
    call_command("snapshot_monthly", "--month", "2026-11")
    after = {s.pk: (s.file.name, s.file.read(), s.created_at) for s in MonthlySnapshot.objects.all()}
    assert before == after


def test_bad_month_is_refused(county):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("snapshot_monthly", "--month", "2026/11")


def test_earlier_month_downloads_byte_for_byte(client, personas, make_project, places):
    make_project()
    call_command("snapshot_monthly", "--month", "2026-10")
    snap = MonthlySnapshot.objects.get(unit=places["baojia_unit"], kind="ledger")
    stored = snap.file.read()
    make_project(name="新项目")
    call_command("snapshot_monthly", "--month", "2026-11")
    client.login(username="alice", password=PASSWORD)
    response = client.get(reverse("snapshot_download", args=[snap.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert quote("管理台账_保家镇_2026-10.xlsx") in response["Content-Disposition"]
    page = client.get(reverse("snapshot_list")).content.decode()
    assert "2026年10月" in page and "2026年11月" in page
    assert page.count("/exports/monthly/") == 4  # its two kinds for two months


def test_other_units_snapshot_is_404(client, personas, county):
    call_command("snapshot_monthly", "--month", "2026-11")
    hanjia = MonthlySnapshot.objects.get(unit__name__startswith="汉葭", kind="ledger")
    client.login(username="alice", password=PASSWORD)
    assert client.get(reverse("snapshot_download", args=[hanjia.pk])).status_code == 404
    client.login(username="carl", password=PASSWORD)
    assert client.get(reverse("snapshot_download", args=[hanjia.pk])).status_code == 200
