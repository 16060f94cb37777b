"""Field surveys (实地调研, 十二): recording one, and making its report the application's."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from approvals.choices import DocumentKind
from approvals.models import Application, Document, FieldSurvey, SurveyPhoto
from approvals.services.documents import document_add
from approvals.services.rounds import round_for_year
from approvals.surveys import photo_place
from approvals.uploads import validate_photo
from ledger.access import can_record_survey
from ledger.models import Project, User
from ledger.services import project_update

MAX_PHOTOS = 30
SURVEY_EXISTS = "该项目{round}已有实地调研记录（{day}），每个项目每轮只记录一次实地调研。"


@dataclass
class PhotoIn:
    """A photo as sent: the file and what the page read of its time and place."""

    file: UploadedFile
    fields: dict[str, str]


def survey_record(
    *,
    by: User,
    project: Project,
    key: uuid.UUID,
    surveyed_on: dt.date,
    people: str,
    facts: dict[str, Any],
    notes: dict[str, str],
    photos: list[PhotoIn],
) -> tuple[FieldSurvey, bool]:
    """Record a field survey and update the project's facts with what was seen (through
    ledger.services.project_update: the classification test, the history). Returns the
    survey and whether it was made now: a second send of the same `key` (the page's retry
    after a dropped connection) returns the first and changes nothing."""
    found = FieldSurvey.objects.filter(key=key).first()
    if found is not None:
        if found.project_id != project.pk:
            raise ValidationError("登记标识与项目不符，请刷新页面后重新填写。")
        return found, False
    if not can_record_survey(by, project):
        raise PermissionDenied("只有项目主管单位的乡镇(街道)、村(居)或行业部门人员可以记录实地调研。")
    if surveyed_on > timezone.localdate():
        raise ValidationError("调研日期不能晚于今天。")
    if not people.strip():
        raise ValidationError({"people": "请填写调研人员及其单位。"})
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(f"每次调研最多上传{MAX_PHOTOS}张照片。")
    for photo in photos:
        try:
            validate_photo(photo.file)
        except ValidationError as e:
            raise ValidationError(f"照片“{photo.file.name}”：{'；'.join(e.messages)}") from e
    round_ = round_for_year(surveyed_on.year, project.county)
    try:
        with transaction.atomic():
            survey = _record(by, project, key, round_, surveyed_on, people, facts, notes, photos)
    except IntegrityError:
        found = FieldSurvey.objects.filter(key=key).first()
        if found is not None:  # the same survey arrived twice at once
            return found, False
        raise
    return survey, True


def _record(
    by: User,
    project: Project,
    key: uuid.UUID,
    round_: Any,
    surveyed_on: dt.date,
    people: str,
    facts: dict[str, Any],
    notes: dict[str, str],
    photos: list[PhotoIn],
) -> FieldSurvey:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    earlier = FieldSurvey.objects.filter(project=locked, round=round_).first()
    if earlier is not None:
        raise ValidationError(SURVEY_EXISTS.format(round=round_.name, day=f"{earlier.surveyed_on:%Y-%m-%d}"))
    project_update(project=locked, by=by, data=facts, reason=f"实地调研（{surveyed_on:%Y-%m-%d}）", survey=True)
    survey = FieldSurvey.objects.create(
        project=locked,
        round=round_,
        key=key,
        surveyed_on=surveyed_on,
        people=people.strip(),
        facts=facts,
        unit_id=by.unit_id,
        created_by=by,
        **notes,
    )
    for photo in photos:
        place = photo_place(photo.file, photo.fields)
        SurveyPhoto.objects.create(
            survey=survey,
            image=photo.file,
            taken_at=place.taken_at,
            latitude=place.latitude,
            longitude=place.longitude,
            place_source=place.source,
        )
    return survey


def survey_application(survey: FieldSurvey) -> Application | None:
    """The application of the survey's round the report belongs to: the project's latest."""
    return survey.project.applications.filter(round=survey.round).order_by("-pk").first()


def survey_report_attach(*, by: User, survey: FieldSurvey, pdf: bytes) -> Document:
    """The generated 实地调研情况报告 becomes a document of the round's application (十三:
    "连同项目实地调研情况报告报送"); a unit may still upload its own report instead."""
    app = survey_application(survey)
    if app is None:
        raise ValidationError("该项目本轮尚未发起分类申请：请先发起申请，再将调研报告加入申请材料。")
    name = f"实地调研情况报告_{survey.project.number}_{survey.surveyed_on:%Y%m%d}.pdf"
    return document_add(
        by=by,
        application=app,
        kind=DocumentKind.SURVEY_REPORT,
        title=f"实地调研情况报告（{survey.surveyed_on:%Y年%m月%d日}，系统生成）",
        file=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
    )
