"""A township clerk records a field survey with a photo through a dropped connection: the
draft survives a reload made offline, and the survey arrives once when the connection
returns, with its photo and the photo's place."""

import pytest

from approvals.models import FieldSurvey
from ledger.models import Project
from tests.approvals.survey_helpers import exif_jpeg

pytestmark = pytest.mark.browser

PENDING = "已保存在本机，联网后自动登记"


def test_a_survey_written_offline_arrives_once_with_its_photo(page, login, personas, make_project, places):
    project = make_project(
        classification="upgrade", upgrade_chain_gap=True, upgrade_low_value_added=True, measures="补齐加工短板"
    )
    login("alice")
    url = f"/approvals/projects/{project.pk}/survey/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready")
    page.fill("#id_people", "张三（保家镇人民政府）\n李四（鹿山社区居委会）")
    page.fill("#id_note_operation", "基地正常运营，今年采收黄精。")
    page.check("input[name=upgrade_defects][value=upgrade_single_marketing]")
    page.set_input_files("#id_photos", files=[{"name": "site.jpg", "mimeType": "image/jpeg", "buffer": exif_jpeg()}])
    page.wait_for_selector(".survey-draft-photo")
    assert "北纬29.291667°，东经108.160000°（照片拍摄信息）" in page.inner_text("#survey-photos")

    # the page is closed and opened again: the draft is still there (and the page is kept)
    page.reload()
    assert "李四（鹿山社区居委会）" in page.input_value("#id_people")
    assert page.locator(".survey-draft-photo").count() == 1

    # the signal drops: the browser goes offline, and a send that slips through while the
    # reloaded page comes up (Chromium's offline emulation can miss a request of a new
    # document controlled by a service worker) fails as it would without a connection
    def no_signal(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.fallback()

    page.context.route("**/approvals/projects/*/survey/", no_signal)
    page.context.set_offline(True)
    page.click("#survey-submit")
    page.wait_for_function(f"document.getElementById('survey-state').textContent.includes('{PENDING}')")
    assert not FieldSurvey.objects.exists()

    page.reload()  # offline: the service worker's copy of the page, the draft in localStorage
    assert PENDING in page.inner_text("#survey-state")
    assert page.input_value("#id_note_operation") == "基地正常运营，今年采收黄精。"
    assert page.is_checked("input[name=upgrade_defects][value=upgrade_single_marketing]")
    assert page.locator(".survey-draft-photo").count() == 1
    assert not FieldSurvey.objects.exists()

    page.context.unroute("**/approvals/projects/*/survey/", no_signal)
    page.context.set_offline(False)  # the connection returns: the draft is sent by itself
    page.wait_for_url("**/approvals/surveys/*/")
    survey = FieldSurvey.objects.get()
    assert survey.people_lines() == ["张三（保家镇人民政府）", "李四（鹿山社区居委会）"]
    photo = survey.photos.get()
    assert (str(photo.latitude), str(photo.longitude), photo.place_source) == ("29.291667", "108.160000", "exif")
    assert Project.objects.get(pk=project.pk).upgrade_single_marketing is True
    assert "北纬29.291667°，东经108.160000°" in page.inner_text("#survey-photo-list")

    # sending the same draft again (a retry whose answer was lost) records nothing more
    key = str(survey.key)
    status = page.evaluate(
        """async ([url, key]) => {
            const page = await fetch(url).then(r => r.text());
            const token = page.match(/name="csrfmiddlewaretoken" value="([^"]+)"/)[1];
            const body = new FormData();
            for (const [k, v] of [["key", key], ["surveyed_on", "2026-05-12"], ["people", "张三"],
                ["functional_state", "normal"], ["use_state", "in_use"], ["production_status", "normal"],
                ["linkage", "full"], ["upgrade_defects", "upgrade_chain_gap"],
                ["upgrade_defects", "upgrade_low_value_added"]])
                body.append(k, v);
            const headers = {Accept: "application/json", "X-CSRFToken": token};
            const r = await fetch(url, {method: "POST", body, headers});
            return r.status;
        }""",
        [url, key],
    )
    assert status == 200
    assert FieldSurvey.objects.count() == 1 and survey.photos.count() == 1
