# ruff: noqa: F811  (the approvals fixtures, imported to be used here, are test arguments)
"""In a real browser: the county's batch decision keeps every choice after a refused row
(全部同意 by the static script, then an exception), the preview and its 返回修改; the
confirmation dialog before an irreversible step, where 取消 records nothing; the weekly
report amended before the Thursday deadline and refused after it.

The dialogs are answered by the `dialogs` fixture (tests/browser/conftest.py): accepted
unless a test sets `dialogs.accept = False`; every message is kept."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.approvals.conftest import (  # noqa: F401  (fixtures)
    county_meeting,
    level_project,
    party_meeting,
    preparer,
    reviewers,
    to_county,
)

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 23)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(monkeypatch):
    """The clock of this process (the live server's thread reads it too), set by the test."""
    import django.utils.timezone

    now = {"at": datetime(2026, 11, 25, 10, 30, tzinfo=SHANGHAI).astimezone(UTC)}  # a Wednesday
    monkeypatch.setattr(django.utils.timezone, "now", lambda: now["at"])
    return now


def log_out(page):
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")


def outcome(app) -> str:
    return f"tr[data-application='{app.pk}'] select[name$=outcome]"


def test_decision_page_keeps_choices_after_a_refused_row(
    page, login, dialogs, to_county, level_project, county_meeting, media
):
    from approvals.choices import Status
    from approvals.models import Opinion

    a, b, c = (to_county(level_project(level)) for level in ("village", "township", "department"))
    meeting = county_meeting()
    login("olga")
    page.goto(f"/approvals/meetings/{meeting.pk}/")

    # 全部同意 (the static script, no round trip), then one exception: 退回 without a reason
    page.click("#all-agree-button")
    assert [page.input_value(outcome(x)) for x in (a, b, c)] == ["approve", "approve", "approve"]
    page.select_option(outcome(b), "return")
    page.click("#decide-button")
    expect(page.locator(f"tr[data-application='{b.pk}'] .row-error")).to_have_text("退回须填写理由。")
    assert [page.input_value(outcome(x)) for x in (a, b, c)] == ["approve", "return", "approve"]
    assert not Opinion.objects.filter(step="county").exists()

    # the reason given, the preview lists the three; 返回修改 keeps them too
    page.fill(f"tr[data-application='{b.pk}'] [name$='-text']", "现值估算依据不足")
    page.click("#decide-button")
    expect(page.locator("#decide-preview tbody tr")).to_have_count(3)
    expect(page.locator(f"#decide-preview tr[data-application='{b.pk}'] td.outcome")).to_have_text("退回")
    page.click("#back-button")
    page.wait_for_selector("#decide-form")
    assert [page.input_value(outcome(x)) for x in (a, b, c)] == ["approve", "return", "approve"]
    assert not dialogs.messages  # 返回修改 asks nothing

    # 确认登记 asks first, then records what was listed
    page.click("#decide-button")
    page.click("#confirm-button")
    expect(page.locator("#decided")).to_contain_text("退回")
    assert dialogs.messages == ["将登记以上3个申请的审定结果并出具批复，登记后不能撤销。确定登记？"]
    for x in (a, b, c):
        x.refresh_from_db()
    assert (a.status, b.status, c.status) == (Status.APPROVED, Status.PREPARING, Status.APPROVED)


def test_a_cancelled_confirmation_records_nothing(
    page, login, dialogs, to_county, level_project, county_meeting, media
):
    from approvals.choices import Status
    from approvals.models import Opinion

    app = to_county(level_project("village"))
    meeting = county_meeting()
    login("olga")
    page.goto(f"/approvals/meetings/{meeting.pk}/")
    page.select_option(outcome(app), "approve")
    page.click("#decide-button")
    page.wait_for_selector("#decide-preview")
    dialogs.accept = False
    page.click("#confirm-button")
    assert dialogs.messages == ["将登记以上1个申请的审定结果并出具批复，登记后不能撤销。确定登记？"]
    expect(page.locator("#decide-preview")).to_be_visible()  # still on the preview, nothing sent
    app.refresh_from_db()
    assert app.status == Status.COUNTY and not Opinion.objects.filter(step="county").exists()


def test_weekly_report_amended_before_the_deadline_and_refused_after(
    page, login, dialogs, personas, places, make_project, clock
):
    from ledger.models.weekly import WeeklyReport

    def at(hour, minute):  # Thursday of the week; steps under the idle time-out (pengshui.middleware)
        clock["at"] = datetime(2026, 11, 26, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)

    make_project(managing_level="township", managing_unit=places["baojia_unit"])
    at(15, 0)
    login("alice")
    page.goto("/weekly/")
    assert "调度周 2026-11-23 起" in page.inner_text("body")

    # 取消 in the dialog sends nothing
    dialogs.accept = False
    page.fill("#id_other_progress", "已开会")
    page.click("#submit-form button[type=submit]")
    assert dialogs.messages[-1].startswith("报送后第1至3项按当前数据固定") and dialogs.messages[-1].endswith(
        "确定报送？"
    )
    assert not WeeklyReport.objects.exists()
    dialogs.accept = True

    # item 4 may not be empty
    page.fill("#id_other_progress", "")
    page.click("#submit-form button[type=submit]")
    expect(page.locator("#error_id_other_progress")).to_contain_text("请填“无”")
    assert not WeeklyReport.objects.exists()

    # submitted, then amended before 16:00: both versions kept
    page.fill("#id_other_progress", "已开会")
    page.click("#submit-form button[type=submit]")
    expect(page.locator(".alert-success")).to_have_text("周调度已报送。")
    at(15, 20)
    page.goto("/weekly/")
    assert page.input_value("#id_other_progress") == "已开会"
    page.fill("#id_other_progress", "已开会，已完成实地调研")
    page.click("#submit-form button[type=submit]")
    expect(page.locator(".alert-success")).to_have_text("周调度已修改并重新报送。")
    expect(page.locator("#status")).to_have_text("按时报送")
    report = WeeklyReport.objects.get()
    assert report.other_progress == "已开会，已完成实地调研" and report.versions.count() == 2

    # the page opened before 16:00, sent after: refused, nothing changed
    at(15, 50)
    page.goto("/weekly/")
    at(16, 1)
    page.fill("#id_other_progress", "补充")
    page.click("#submit-form button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("已过，不能再修改")
    expect(page.locator("#closed-note")).to_be_visible()
    assert page.locator("#submit-form").count() == 0
    report.refresh_from_db()
    assert report.other_progress == "已开会，已完成实地调研" and report.versions.count() == 2

    # the county sees the latest and opens the earlier version
    log_out(page)
    login("carl")
    page.goto("/weekly/county/?date=2026-11-23")
    row = page.locator(f"#county-weekly tr[data-unit='{places['baojia_unit'].code}']")
    expect(row).to_contain_text("已开会，已完成实地调研")
    row.locator("a.versions-link").click()
    expect(page.locator("#version-2 .other-progress")).to_have_text("已开会，已完成实地调研")
    expect(page.locator("#version-1 .other-progress")).to_have_text("已开会")
