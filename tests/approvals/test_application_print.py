"""The application as filed, printed: the A4 page, the PDF and the form workbook show the
frozen copy (class and measures as filed, not today's) with the opinions in their boxes;
another unit's application is 404; the project's own print page says it is not one."""

import io
import re

import openpyxl
import pypdf
import pytest
from django.utils import timezone

from approvals import services
from approvals.paper import form_date
from ledger.models import Project
from tests.approvals.conftest import file_app
from tests.conftest import PASSWORD


@pytest.fixture
def as_user(client):
    def login(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return login


@pytest.fixture
def decided(to_county, level_project, personas, county_meeting):
    """An upgrade application signed by the village and the township and approved by the
    county; then the project changed its class and measures and its township was renamed."""
    for name, (last, first) in {"vera": ("王", "村"), "alice": ("李", "娟"), "olga": ("周", "办")}.items():
        user = personas[name]
        user.last_name, user.first_name = last, first
        user.save()
    project = level_project("village", "upgrade")
    app = to_county(project)
    services.county_decide(
        by=personas["olga"],
        meeting=county_meeting(),
        items=[services.Item(application=app, approve=True, text="同意按提升一批处置")],
    )
    Project.objects.filter(pk=project.pk).update(classification="consolidate", measures="今天改过的措施")
    project.township.name = "保家新镇"
    project.township.save()
    return app


def row_text(html, key):
    match = re.search(rf'<tr class="opinion" id="opinion-{key}">(.*?)</tr>', html, re.S)
    assert match, key
    return re.sub(r"<[^>]+>", " ", match.group(1))


def test_print_shows_the_class_and_measures_as_filed(as_user, decided, personas):
    html = as_user(personas["alice"]).get(f"/approvals/{decided.pk}/print/").content.decode()
    assert "提升☑" in html and "巩固□" in html
    assert "补齐加工短板" in html and "今天改过的措施" not in html
    assert "保家镇" in html and "保家新镇" not in html
    assert "第1次报送" in html and "本页为项目当前信息" not in html


def test_print_fills_the_opinion_boxes_with_unit_text_signer_and_date(as_user, decided, personas, places):
    html = as_user(personas["alice"]).get(f"/approvals/{decided.pk}/print/").content.decode()
    today = form_date(timezone.now())
    village = row_text(html, "village")
    assert "同意" in village and places["village_unit"].name in village and "王村" in village and today in village
    township = row_text(html, "township")
    assert "经党委会研究同意报送" in township and "保家镇" in township and "李娟" in township
    county = row_text(html, "county")
    assert "同意按提升一批处置" in county and places["office"].name in county and "周办" in county
    assert "（盖章）" in county  # room for the seal


def test_workbook_writes_the_copy_and_its_opinions(as_user, decided, personas, places):
    r = as_user(personas["alice"]).get(f"/approvals/{decided.pk}/form.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    cells = {ws.cell(row, 1).value: ws.cell(row, 2).value for row in range(1, ws.max_row + 1)}
    assert "提升☑" in cells["“四个一批”认定"] and "巩固□" in cells["“四个一批”认定"]
    assert cells["处置措施"] == "补齐加工短板"
    assert cells["项目地点"].startswith("镇(乡)：保家镇")
    assert "同意按提升一批处置" in cells["县实施乡村振兴战略领导小组意见"]
    assert "签署人：周办" in cells["县实施乡村振兴战略领导小组意见"]
    assert places["village_unit"].name in cells["村委会意见"]
    assert ws["B1"].value.startswith("第1次分类 · 第1次报送")


def test_pdf_has_readable_chinese_text(as_user, decided, personas):
    r = as_user(personas["alice"]).get(f"/approvals/{decided.pk}/print.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    body = b"".join(r.streaming_content)
    assert body.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    assert "经营性帮扶产业项目" in text and "补齐加工短板" in text and "同意按提升一批处置" in text
    assert "今天改过的措施" not in text


def test_another_units_application_print_is_404(as_user, decided, personas):
    c = as_user(personas["bob"])
    for url in ("print/", "print.pdf", "form.xlsx"):
        assert c.get(f"/approvals/{decided.pk}/{url}").status_code == 404


def test_an_application_not_yet_filed_has_nothing_to_print(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    c = as_user(personas["alice"])
    assert c.get(f"/approvals/{app.pk}/print/").status_code == 404
    assert c.get(f"/approvals/{app.pk}/print/?copy=x").status_code == 404


def test_project_print_is_marked_as_not_an_application(as_user, level_project, personas):
    project = level_project("village")
    html = as_user(personas["alice"]).get(f"/projects/{project.pk}/print/").content.decode()
    assert "本页为项目当前信息，非报送的申请表" in html


def test_project_page_links_to_the_application_as_filed(as_user, level_project, personas):
    project = level_project("village")
    app = services.application_create(by=personas["alice"], project=project)
    c = as_user(personas["alice"])
    assert f"/approvals/{app.pk}/print/" not in c.get(f"/projects/{project.pk}/").content.decode()
    file_app(by=personas["alice"], application=app)
    assert f"/approvals/{app.pk}/print/" in c.get(f"/projects/{project.pk}/").content.decode()
    detail = c.get(f"/approvals/{app.pk}/").content.decode()
    assert f"/approvals/{app.pk}/print.pdf?copy=1" in detail


def test_the_projects_workbook_says_it_is_not_an_application(as_user, level_project, personas):
    project = level_project("village")
    r = as_user(personas["alice"]).get(f"/projects/{project.pk}/form.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    assert ws["B1"].value == "本页为项目当前信息，非报送的申请表"
