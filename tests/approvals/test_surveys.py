"""The field survey (实地调研, 十二): one per project per round, idempotent on its key,
updating the project through the ledger's service, with photos keeping time and place,
and its report (.docx and PDF) holding the facts, notes and photos."""

import datetime as dt
import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument
from pypdf import PdfReader

from approvals import services
from approvals.choices import DocumentKind
from approvals.models import FieldSurvey, SurveyPhoto
from approvals.survey_report import report_docx, report_pdf
from approvals.surveys import facts_of
from ledger.models import Project

from .conftest import pdf
from .survey_helpers import exif_jpeg

pytestmark = pytest.mark.stored_files  # on disk and on an in-memory storage (D123)

NOTES = {
    "note_basics": "项目于2020年建成，种植中药材200亩。",
    "note_operation": "基地正常运营，今年采收黄精。",
    "note_problems": "营销手段单一，品牌价值不高。",
    "note_linkage": "带动农户32户，年分红4万元。",
    "note_advice": "建议认定为提升，补齐加工短板。",
}


def photo(body=None, name="p.jpg"):
    return SimpleUploadedFile(name, body or exif_jpeg(), content_type="image/jpeg")


def record(
    by, project, *, key=None, facts=None, photos=None, day=dt.date(2026, 5, 12), people="张三（保家镇人民政府）"
):
    if facts is None:
        facts = facts_of(project, None)
        facts["upgrade_single_marketing"] = True
    return services.survey_record(
        by=by,
        project=project,
        key=key or uuid.uuid4(),
        surveyed_on=day,
        people=people,
        facts=facts,
        notes=NOTES,
        photos=photos if photos is not None else [services.PhotoIn(photo(), {})],
    )


@pytest.fixture
def project(level_project):
    return level_project("village", "upgrade")


def test_a_survey_updates_the_projects_facts_and_keeps_its_photo_place(personas, project):
    survey, created = record(personas["alice"], project)
    assert created
    project.refresh_from_db()
    assert project.upgrade_single_marketing is True  # the fact seen on site, now the project's
    assert project.history.first().history_change_reason.startswith("实地调研")
    assert survey.round.year == 2026 and survey.facts["upgrade_single_marketing"] is True
    taken = survey.photos.get()
    assert (str(taken.latitude), str(taken.longitude), taken.place_source) == ("29.291667", "108.160000", "exif")
    assert taken.taken_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M") == (
        "2026-05-12 10:30"
    )
    assert taken.place == "北纬29.291667°，东经108.160000°"


def test_sending_the_same_survey_twice_records_one(personas, project):
    key = uuid.uuid4()
    first, created = record(personas["alice"], project, key=key)
    again, created_again = record(personas["alice"], project, key=key)
    assert created and not created_again and again.pk == first.pk
    assert FieldSurvey.objects.count() == 1 and SurveyPhoto.objects.count() == 1


def test_one_survey_per_project_per_round(personas, project):
    record(personas["alice"], project)
    with pytest.raises(ValidationError) as refused:
        record(personas["alice"], project, day=dt.date(2026, 6, 1))
    assert "每个项目每轮只记录一次实地调研" in refused.value.messages[0]
    record(personas["alice"], project, day=dt.date(2025, 9, 1))  # another year's round
    assert FieldSurvey.objects.filter(project=project).count() == 2


def test_facts_that_fail_the_classification_test_are_refused_in_chinese(personas, project):
    facts = facts_of(project, None)
    facts.update(upgrade_chain_gap=False, upgrade_low_value_added=False)  # no defect left for 提升
    with pytest.raises(ValidationError) as refused:
        record(personas["alice"], project, facts=facts)
    text = "；".join(refused.value.messages)
    assert "提升" in text
    assert not FieldSurvey.objects.exists()
    project.refresh_from_db()
    assert project.upgrade_chain_gap is True


def test_only_the_managing_units_field_roles_record_a_survey(personas, project):
    for who in ("carl", "olga", "bob"):  # the bureau, the office, another township
        with pytest.raises(PermissionDenied) as refused:
            record(personas[who], project)
        assert "实地调研" in str(refused.value)
    record(personas["vera"], project)  # the village committee of its village-level project
    assert FieldSurvey.objects.get().unit == personas["vera"].unit


def test_people_are_required_and_the_day_is_not_in_the_future(personas, project):
    with pytest.raises(ValidationError) as refused:
        record(personas["alice"], project, people="  ")
    assert refused.value.message_dict["people"] == ["请填写调研人员及其单位。"]
    with pytest.raises(ValidationError) as refused:
        record(personas["alice"], project, day=dt.date.today() + dt.timedelta(days=2))
    assert refused.value.messages == ["调研日期不能晚于今天。"]


def test_a_photo_without_exif_keeps_the_phones_location(personas, project):
    plain = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (10, 10), "blue").save(plain, "JPEG")
    fields = {"taken_at": "2026-05-12T09:15:00+08:00", "lat": "29.3", "lon": "108.2", "source": "device"}
    survey, _ = record(personas["alice"], project, photos=[services.PhotoIn(photo(plain.getvalue()), fields)])
    taken = survey.photos.get()
    assert (str(taken.latitude), str(taken.longitude), taken.place_source) == ("29.300000", "108.200000", "device")


def test_the_page_posts_a_survey_and_a_retry_finds_it(client, personas, project):
    client.force_login(personas["alice"])
    url = reverse("approvals:survey_start", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200 and "已保存在本机".encode() not in page.content
    assert b'capture="environment"' in page.content
    assert f'value="{timezone.localdate().isoformat()}"'.encode() in page.content  # today, as type=date reads it
    key = str(uuid.uuid4())
    data = {
        "key": key,
        "surveyed_on": "2026-05-12",
        "people": "张三（保家镇人民政府）\n李四（保家镇农业服务中心）",
        "functional_state": "normal",
        "use_state": "in_use",
        "production_status": "normal",
        "linkage": "full",
        "upgrade_defects": ["upgrade_chain_gap", "upgrade_low_value_added", "upgrade_weak_technology"],
        **NOTES,
        "photo_taken_at": [""],
        "photo_lat": [""],
        "photo_lon": [""],
        "photo_source": [""],
    }
    for _ in range(2):
        answer = client.post(url, {**data, "photos": [photo()]}, HTTP_ACCEPT="application/json")
        assert answer.status_code == 200, answer.content.decode()
    survey = FieldSurvey.objects.get()
    assert answer.json()["url"] == reverse("approvals:survey", args=[survey.pk])
    assert survey.photos.count() == 1 and survey.people_lines()[1] == "李四（保家镇农业服务中心）"
    assert Project.objects.get(pk=project.pk).upgrade_weak_technology is True
    shown = client.get(answer.json()["url"]).content.decode()
    assert "北纬29.291667°，东经108.160000°" in shown and "联农带农情况" in shown
    bad = client.post(url, {**data, "key": str(uuid.uuid4()), "people": ""}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "调研人员及单位" in bad.json()["errors"][0]


def test_the_report_docx_and_pdf_hold_the_facts_notes_and_photos(personas, project):
    survey, _ = record(
        personas["alice"], project, photos=[services.PhotoIn(photo(), {}), services.PhotoIn(photo(), {})]
    )
    doc = DocxDocument(io.BytesIO(report_docx(survey)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "实地调研情况报告" in text and project.name in text
    for heading, note in [("项目基本情况", NOTES["note_basics"]), ("处置意见建议", NOTES["note_advice"])]:
        assert heading in text and note in text
    assert "张三（保家镇人民政府）" in text
    assert "营销手段单一，产品品牌价值不高" in "".join(cells)  # the fact ticked on site
    assert cells[cells.index("生产经营") + 1] == "生产经营正常"
    assert len(doc.inline_shapes) == 2
    assert text.count("北纬29.291667°，东经108.160000°") == 2
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(survey))).pages)
    squeezed = pdf_text.replace(" ", "").replace("\n", "")
    for expected in (
        "实地调研情况报告",
        project.name,
        "营销手段单一",
        "联农带农情况",
        "带动农户32户",
        "北纬29.291667°",
    ):
        assert expected in squeezed, expected


def test_the_generated_report_becomes_the_applications_survey_report(client, personas, project):
    survey, _ = record(personas["alice"], project)
    app = services.application_create(by=personas["alice"], project=project)
    app.round = survey.round
    app.save(update_fields=["round"])
    client.force_login(personas["alice"])
    answer = client.post(reverse("approvals:survey_attach", args=[survey.pk]))
    assert answer.status_code == 302
    document = app.documents.get(kind=DocumentKind.SURVEY_REPORT)
    assert document.file.read(5) == b"%PDF-"
    # a unit may still upload its own report
    services.document_add(
        by=personas["alice"], application=app, kind=DocumentKind.SURVEY_REPORT, title="自编调研报告", file=pdf()
    )
    assert app.documents.filter(kind=DocumentKind.SURVEY_REPORT).count() == 2
