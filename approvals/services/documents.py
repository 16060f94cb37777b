"""Documents of an application: reports, the revitalisation plan (九), the evaluation
report, the joint review and the rebuild plan (十)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from approvals.choices import Act, DocumentKind
from approvals.models import Application, Document, JointReview, RevitalisationPlan
from approvals.route import TRANSITIONS
from approvals.services.common import check_file, check_party, check_state, lock, require_text, unit_of
from ledger.choices import Classification
from ledger.history import check_version
from ledger.models import User

# The views a rebuild plan must have sought, each with its date: the field and its name.
CONSULTED = (
    ("township_consulted_on", "乡镇(街道)"),
    ("village_consulted_on", "村"),
    ("households_consulted_on", "农户"),
)


@transaction.atomic
def document_add(
    *,
    by: User,
    application: Application,
    kind: str,
    title: str,
    text: str = "",
    file: UploadedFile | None = None,
    township_consulted_on: dt.date | None = None,
    village_consulted_on: dt.date | None = None,
    households_consulted_on: dt.date | None = None,
) -> Document:
    """Upload a document of the application. A rebuild plan (十) records the dates on which
    the views of the township, the village and the households were sought."""
    app = lock(application)
    check_party(by, app, Act.DOCUMENT, refusal="只有编制单位或县领导小组办公室才能上传材料。")
    if kind not in DocumentKind.values:
        raise ValidationError("请选择材料类别。")
    check_state(app, Act.REBUILD_PLAN if kind == DocumentKind.REBUILD_PLAN else Act.DOCUMENT)
    title = require_text(title, "材料标题")
    if file is None and not (text or "").strip():
        raise ValidationError("请上传文件或填写内容摘要。")
    check_file(file, "材料文件")
    consulted = {
        "township_consulted_on": township_consulted_on,
        "village_consulted_on": village_consulted_on,
        "households_consulted_on": households_consulted_on,
    }
    if kind == DocumentKind.REBUILD_PLAN:
        missing = [name for field, name in CONSULTED if consulted[field] is None]
        if missing:
            raise ValidationError(f"重建方案须征求乡镇(街道)、村和农户意见，请填写征求{'、'.join(missing)}意见的日期。")
    else:
        consulted = dict.fromkeys(consulted)
    return Document.objects.create(
        application=app,
        kind=kind,
        title=title,
        text=(text or "").strip(),
        file=file or "",
        uploaded_by=by,
        **consulted,
    )


@transaction.atomic
def revitalisation_plan_save(
    *,
    by: User,
    application: Application,
    cause: str,
    resources: str,
    measures: str,
    file: UploadedFile | None = None,
    version: int | None = None,
) -> RevitalisationPlan:
    """盘活方案 ("一项目、一台账、一方案", 九), required before the county decision on a
    revitalise application. Every save is kept in the plan's history; a save made on a
    copy older than `version` (ledger.history) is refused."""
    app = lock(application)
    check_party(by, app, Act.REVITALISATION_PLAN, refusal="只有编制单位才能填报盘活方案。")
    check_state(app, Act.REVITALISATION_PLAN)
    plan = RevitalisationPlan.objects.filter(application=app).first() or RevitalisationPlan(application=app)
    if plan.pk is not None:
        check_version(plan, version, "此方案", by)
    if app.classification != TRANSITIONS[Act.REVITALISATION_PLAN].for_class:
        raise ValidationError("只有申请认定为“盘活”的项目需要盘活方案。")
    plan.cause = require_text(cause, "停产原因")
    plan.resources = require_text(resources, "资源资产状况")
    plan.measures = require_text(measures, "盘活措施")
    plan.by = by
    check_file(file, "方案文件")
    if file is not None:
        plan.file = file
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def joint_review_save(*, by: User, application: Application, text: str) -> JointReview:
    """The joint opinion (十二: "会同财政、审计、纪检监察等部门"): finance, audit or discipline
    inspection gives its opinion on any application; on a 重建 case it is the 会审 of the
    evaluation report (十). Each reviewer keeps one record, which saving again updates; a
    second reviewer of the same unit adds a record beside the first."""
    app = lock(application)
    check_party(by, app, Act.JOINT_REVIEW, refusal="只有财政、审计、纪检监察部门的审阅人员才能填写会审意见。")
    check_state(app, Act.JOINT_REVIEW)
    if (
        app.classification == Classification.REBUILD
        and not app.documents.filter(kind=DocumentKind.EVALUATION_REPORT).exists()
    ):
        raise ValidationError("申请认定为“重建”的项目，会审前须由编制单位先上传项目评估报告。")
    review = JointReview.objects.filter(application=app, user=by).first() or JointReview(
        application=app, user=by, unit=unit_of(by)
    )
    review.text = require_text(text, "会审意见")
    review._history_user = by
    review.save()
    return review
