"""One application in a real browser: filed by the township with its survey report, the
village committee's opinion with its sealed page, the joint opinions of finance, audit and
discipline inspection, the township's party committee, the county leading group's meeting
(its minutes uploaded afterwards), the public notice posted at two places (in the past, so
that it has ended), and effect."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PNG = {"name": "seal.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}
PDF = {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_application_from_filing_to_an_ended_notice(page, login, personas, make_project, places, media):
    from approvals import services
    from approvals.models import Application
    from ledger.choices import Role
    from ledger.models import Unit, User

    project = make_project(managing_level="township", managing_unit=places["baojia_unit"])

    # the township files it
    login("alice")
    page.goto(f"/approvals/projects/{project.pk}/apply/")
    page.fill("#id_measures", "完善利益联结机制，按时足额分红")
    page.click("#start-form button[type=submit]")
    page.wait_for_selector("#file-button")
    app_url = page.url
    page.click("#file-button")
    expect(page.locator("body")).to_contain_text("报送前须上传实地调研情况报告。")
    assert page.inner_text("#app-status") == "编制中"
    document = "form[action$='/documents/']"
    page.select_option(f"{document} select[name=kind]", "survey_report")
    page.fill(f"{document} input[name=title]", "实地调研情况报告")
    page.set_input_files(f"{document} input[name=file]", PDF)
    page.click(f"{document} button[type=submit]")
    assert "实地调研情况报告" in page.inner_text("#documents")
    page.click("#file-button")
    assert page.inner_text("#app-status") == "待村委会意见"

    # the village committee agrees, with the scan of its sealed page
    page.click("form[action='/accounts/logout/'] button")
    login("vera")
    page.goto(app_url)
    page.fill("#agree-form textarea[name=text]", "情况属实，同意")
    page.set_input_files("#agree-form input[name=seal]", PNG)
    page.click("#agree-button")
    assert page.inner_text("#app-status") == "待乡镇(街道)意见"

    # finance gives its joint opinion in the browser; audit and discipline inspection too
    page.click("form[action='/accounts/logout/'] button")
    login("rita")
    page.goto(app_url)
    review = "form[action$='/joint-review/']"
    page.fill(f"{review} textarea[name=text]", "经审核，同意初步处置意见")
    page.click(f"{review} button[type=submit]")
    assert "经审核，同意初步处置意见" in page.inner_text("#documents")
    app = Application.objects.get()
    for unit in Unit.objects.filter(kind="review").exclude(pk=personas["rita"].unit_id):
        reviewer = User.objects.create_user(username=f"rev_{unit.code}", password="x", unit=unit, role=Role.REVIEWER)
        services.joint_review_save(by=reviewer, application=app, text="同意")

    # the township records its party committee and submits
    page.click("form[action='/accounts/logout/'] button")
    login("alice")
    page.goto("/approvals/meetings/")
    page.select_option("#id_kind", "party")
    page.fill("#id_date", "2025-09-20")
    page.fill("#id_title", "保家镇党委会第12次会议")
    page.set_input_files("#id_minutes", PDF)
    page.click("#meeting-form button[type=submit]")
    page.goto(app_url)
    page.fill("#agree-form textarea[name=text]", "经镇党委会研究，同意报送")
    page.set_input_files("#agree-form input[name=seal]", PNG)
    page.select_option("#agree-form select[name=party_meeting]", index=1)
    page.click("#agree-button")
    assert page.inner_text("#app-status") == "待县领导小组审定"

    # the leading-group office records the county meeting and its decision
    page.click("form[action='/accounts/logout/'] button")
    login("olga")
    page.goto("/approvals/meetings/")
    page.select_option("#id_kind", "county")
    page.fill("#id_date", "2025-09-25")
    page.fill("#id_title", "县领导小组2025年第5次会议")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_selector("#minutes-missing")
    meeting_url = page.url
    page.select_option(f"tr[data-application='{app.pk}'] select[name$=outcome]", "approve")
    page.click("#decide-button")
    page.click("#confirm-button")
    expect(page.locator("body")).to_contain_text("县领导小组会议须先上传会议纪要，方可登记审定结果。")
    assert "尚未登记审定结果" in page.inner_text("#decided")
    page.set_input_files("#minutes-form input[name=minutes]", PDF)
    page.click("#minutes-form button[type=submit]")
    assert page.url == meeting_url and page.query_selector("#minutes-missing") is None
    page.select_option(f"tr[data-application='{app.pk}'] select[name$=outcome]", "approve")
    page.click("#decide-button")
    page.click("#confirm-button")
    expect(page.locator("#decided")).to_contain_text("同意")

    # the township posts the notice (dated in the past), prints it, and closes it
    page.click("form[action='/accounts/logout/'] button")
    login("alice")
    page.goto("/approvals/notices/")
    page.fill("#id_posted_on", "2025-09-30")
    page.fill("#id_contact", "保家镇党政办 023-78441234")
    page.click("#notice-form button[type=submit]")
    assert "2025-10-14" in page.inner_text("#notice-period")
    page.click("#print-link")
    assert "2025年9月30日至2025年10月14日" in page.inner_text("#notice-print")
    page.go_back()
    page.click("#close-button")
    expect(page.locator("body")).to_contain_text("尚未登记项目实施主管单位、项目实施地的张贴情况")
    for where, place in (("unit", "保家镇政务公开栏"), ("site", "项目所在村村务公开栏")):
        page.select_option("#posting-form select[name=where]", where)
        page.fill("#posting-form input[name=posted_on]", "2025-09-30")
        page.fill("#posting-form input[name=place]", place)
        page.set_input_files("#posting-form input[name=photo]", PNG)
        page.click("#posting-form button[type=submit]")
    assert "项目所在村村务公开栏" in page.inner_text("#postings")
    page.click("#close-button")
    assert "分类已生效" in page.inner_text("#notice-state")
    page.goto(app_url)
    assert page.inner_text("#app-status") == "已生效（处置中）"
    app.refresh_from_db()
    assert app.effective_on is not None and app.approved_class == "consolidate"
