"""A villager on a phone (390 px) opens a posted notice's public page from its QR code,
reads the decision, lodges an objection and sees the count go up; the office then finds
it in the notice's list (十四, D107)."""

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def notice(make_project, places):
    from approvals.choices import Status
    from approvals.models import Application, Notice

    project = make_project()
    today = timezone.localdate()
    notice = Notice.objects.create(
        unit=places["baojia_unit"],
        posted_on=today,
        ends_on=today + dt.timedelta(days=10),
        places="保家镇公示栏、鹿山社区公示栏",
        contact="保家镇人民政府",
    )
    Application.objects.create(
        project=project,
        managing_level=project.managing_level,
        managing_unit=project.managing_unit,
        submitting_unit=places["baojia_unit"],
        township=project.township,
        village=project.village,
        classification="consolidate",
        measures="完善利益联结机制",
        approved_class="consolidate",
        approved_measures="完善利益联结机制，按时足额分红",
        status=Status.NOTICE,
        sequence=1,
        notice=notice,
    )
    return notice


def test_a_villager_lodges_an_objection_on_a_phone(browser, live_server, county, notice, media, personas):
    from approvals.models import Objection

    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.goto(f"/gs/{notice.token}/")
    assert "/accounts/login/" not in page.url
    assert "鹿山社区中药材种植基地项目" in page.inner_text("#public-notice")
    assert "完善利益联结机制，按时足额分红" in page.inner_text("#public-notice")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "已收到异议 0 件" in page.inner_text("#objection-count")

    form = "#public-objection-form"
    page.fill(f"{form} [name=submitter]", "村民甲")
    page.fill(f"{form} [name=contact]", "13800001111")
    page.select_option(f"{form} select[name=application]", index=1)
    page.fill(f"{form} [name=text]", "基地去年已停种，分类不符")
    a, b = re.search(r"(\d) 加 (\d)", page.inner_text(f"{form} label[for=id_answer]")).groups()
    page.fill(f"{form} [name=answer]", str(int(a) + int(b)))
    assert page.locator(f"{form} .hp").bounding_box()["x"] < -1000  # the trap is off-screen
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector("#objection-sent")
    assert "已收到异议 1 件" in page.inner_text("#objection-count")
    assert "基地去年已停种" not in page.inner_text("#objection-count")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not [m for m in console if "Content Security Policy" in m or "Refused to" in m], console
    if shots := os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{shots}/public-notice-390.png", full_page=True)
    context.close()

    o = Objection.objects.get()
    assert (o.source, o.recorded_by, o.submitter) == ("online", None, "村民甲")


def test_the_printed_notice_shows_its_qr_code_under_the_policy(page, login, personas, notice, media):
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    login("alice")
    page.goto(f"/approvals/notices/{notice.pk}/print/")
    code = page.locator("#notice-qr svg")
    box = code.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert page.get_attribute("#notice-qr", "data-url").endswith(f"/gs/{notice.token}/")
    assert not [m for m in console if "Content Security Policy" in m or "Refused to" in m], console
