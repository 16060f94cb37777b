"""The weekly report amended by its unit until Thursday 16:00 (二十二), each version kept and
the latest shown to the county; item 4 required; the page asks before sending."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from ledger.models.weekly import WeeklyReport, WeeklyReportVersion
from ledger.weekly.figures import SHANGHAI
from tests.conftest import PASSWORD
from tests.weekly.conftest import MONDAY

URL = reverse("weekly_report") + f"?date={MONDAY.isoformat()}"


@pytest.fixture
def clock(monkeypatch):
    """The clock the pages read, set by the test (Thursday of MONDAY's week)."""
    import django.utils.timezone

    now = {"at": None}

    def at(hour, minute):
        now["at"] = datetime(2026, 11, 19, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)

    monkeypatch.setattr(django.utils.timezone, "now", lambda: now["at"])
    return at


def as_user(client, user):
    client.logout()  # logged in again after the clock moves (the idle time-out reads it too)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_amended_before_the_deadline_refused_after(client, personas, dataset, clock):
    alice = personas["alice"]
    clock(10, 0)
    page = as_user(client, alice).get(URL).content.decode()
    assert 'data-confirm="报送后第1至3项按当前数据固定' in page and "确定报送？" in page
    client.post(URL, {"other_progress": "召开党委会研究分类"})
    clock(15, 59)
    page = as_user(client, alice).get(URL).content.decode()
    assert 'id="amend-note"' in page and "召开党委会研究分类</textarea>" in page and "修改后重新报送" in page
    r = client.post(URL, {"other_progress": "已完成实地调研"}, follow=True)
    assert "周调度已修改并重新报送。" in r.content.decode()
    report = WeeklyReport.objects.get()
    assert report.other_progress == "已完成实地调研"
    assert list(report.versions.values_list("number", "other_progress")) == [
        (1, "召开党委会研究分类"),
        (2, "已完成实地调研"),
    ]

    clock(16, 0)
    page = as_user(client, alice).get(URL).content.decode()
    assert 'id="submit-form"' not in page and "报送截止时间已过，本周的周调度不能再修改。" in page
    r = client.post(URL, {"other_progress": "补充"}, follow=True)
    assert "报送截止时间（2026-11-19 16:00）已过，不能再修改。" in r.content.decode()
    report.refresh_from_db()
    assert report.other_progress == "已完成实地调研" and report.versions.count() == 2

    # the county sees the latest, marked as the second version, and opens the first
    county = as_user(client, personas["carl"])
    html = county.get(reverse("weekly_county") + f"?date={MONDAY.isoformat()}").content.decode()
    assert "已完成实地调研" in html and "召开党委会研究分类" not in html
    versions_url = reverse("weekly_versions", args=[report.pk])
    assert f'href="{versions_url}">第2版，历次报送' in html
    html = county.get(versions_url).content.decode()
    assert html.index('id="version-2"') < html.index('id="version-1"')
    assert "召开党委会研究分类" in html and "已完成实地调研" in html


def test_item_4_empty_is_refused_by_the_form(client, personas, dataset, clock):
    clock(10, 0)
    r = as_user(client, personas["alice"]).post(URL, {"other_progress": "   "})
    assert r.status_code == 200
    assert "第4项“其他进展情况”不能为空；没有其他进展的，请填“无”。" in r.content.decode()
    assert not WeeklyReport.objects.exists() and not WeeklyReportVersion.objects.exists()


def test_versions_are_read_by_the_county_and_the_unit_only(client, personas, dataset, clock, places):
    from ledger.weekly.services import weekly_submit

    clock(10, 0)
    report = weekly_submit(unit=places["baojia_unit"], monday=MONDAY, by=personas["alice"], other_progress="无")
    url = reverse("weekly_versions", args=[report.pk])
    assert as_user(client, personas["alice"]).get(url).status_code == 200
    assert as_user(client, personas["carl"]).get(url).status_code == 200
    for other in ("bob", "vera", "dora"):
        assert as_user(client, personas[other]).get(url).status_code == 403
