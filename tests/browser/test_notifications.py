"""A notification reaching the next signer, in a real browser: the village committee files
its village's application and signs its opinion; the township's user logs in, sees the
count in the navigation bar, opens the notification and lands on the application."""

import pytest

pytestmark = pytest.mark.browser

PNG = {"name": "seal.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}
PDF = {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_township_is_told_when_the_village_submits(page, login, personas, make_project, media):
    from ledger.models import Notification

    project = make_project()  # village-level, in vera's village of 保家镇

    # the village committee files the application with its survey report, and signs
    login("vera")
    page.goto(f"/approvals/projects/{project.pk}/apply/")
    page.fill("#id_measures", "完善利益联结机制，按时足额分红")
    page.click("#start-form button[type=submit]")
    page.wait_for_selector("#file-button")
    app_url = page.url
    document = "form[action$='/documents/']"
    page.select_option(f"{document} select[name=kind]", "survey_report")
    page.fill(f"{document} input[name=title]", "实地调研情况报告")
    page.set_input_files(f"{document} input[name=file]", PDF)
    page.click(f"{document} button[type=submit]")
    page.click("#file-button")
    assert page.inner_text("#app-status") == "待村委会意见"
    page.fill("#agree-form textarea[name=text]", "情况属实，同意")
    page.set_input_files("#agree-form input[name=seal]", PNG)
    page.click("#agree-button")
    assert page.inner_text("#app-status") == "待乡镇(街道)意见"
    assert page.query_selector("#unread-count") is None  # vera is not told of her own acts

    # the township's user sees the count in the bar on logging in
    page.click("form[action='/accounts/logout/'] button")
    login("alice")
    assert page.inner_text("#unread-count") == "1"
    assert page.inner_text("#todo-count") == "2"  # the opinion to sign, and this week's report
    assert "待签署意见1项" in page.get_attribute("#nav-todo a", "title")
    page.click("#nav-notifications a")
    row = page.locator("#notifications tbody tr").first
    assert "待乡镇(街道)意见" in row.inner_text() and "未读" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url(app_url)
    assert page.inner_text("#app-status") == "待乡镇(街道)意见"
    assert page.query_selector("#unread-count") is None  # read now
    assert Notification.objects.get(user=personas["alice"]).read_at is not None
