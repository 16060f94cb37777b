"""Documents of an application: reports, plans, joint-review opinions (FORMS.md §2.7)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from approvals.choices import IN_EFFECT, REVIEWING, UNDECIDED, DocumentKind, Status
from approvals.models import Application, Document, JointReview, RevitalisationPlan
from approvals.route import acts_as, is_preparer
from approvals.services.common import check_file, deny, expect, lock, require_text
from ledger.choices import Classification, Role

DECIDED = (Status.APPROVED, Status.NOTICE, *IN_EFFECT)


@transaction.atomic
def document_add(*, by, application: Application, kind: str, title: str, text: str = "", file=None) -> Document:
    app = lock(application)
    if not (is_preparer(by, app) or acts_as(by, "office", app)):
        deny("只有编制单位或县领导小组办公室才能上传材料。")
    if kind not in DocumentKind.values:
        raise ValidationError("请选择材料类别。")
    if kind == DocumentKind.REBUILD_PLAN:
        expect(app, *DECIDED, doing="上传重建方案（须在县领导小组审定之后）")
    else:
        expect(app, *UNDECIDED, *DECIDED, doing="上传材料")
    title = require_text(title, "材料标题")
    if file is None and not (text or "").strip():
        raise ValidationError("请上传文件或填写内容摘要。")
    check_file(file, "材料文件")
    return Document.objects.create(
        application=app, kind=kind, title=title, text=(text or "").strip(), file=file or "", uploaded_by=by
    )


@transaction.atomic
def revitalisation_plan_save(
    *, by, application: Application, cause: str, resources: str, measures: str, file=None
) -> RevitalisationPlan:
    """盘活方案, required before the county decision on a revitalise application."""
    app = lock(application)
    if not is_preparer(by, app):
        deny("只有编制单位才能填报盘活方案。")
    expect(app, *UNDECIDED, doing="填报盘活方案")
    if app.classification != Classification.REVITALISE:
        raise ValidationError("只有申请认定为“盘活”的项目需要盘活方案。")
    values = dict(
        cause=require_text(cause, "停产原因"),
        resources=require_text(resources, "资源资产状况"),
        measures=require_text(measures, "盘活措施"),
        by=by,
    )
    check_file(file, "方案文件")
    if file is not None:
        values["file"] = file
    plan, _ = RevitalisationPlan.objects.update_or_create(application=app, defaults=values)
    return plan


@transaction.atomic
def joint_review_save(*, by, application: Application, text: str) -> JointReview:
    """会审: finance, audit or discipline inspection gives its opinion on a rebuild case."""
    app = lock(application)
    if by.role != Role.REVIEWER or by.unit_id is None:
        deny("只有财政、审计、纪检监察部门的审阅人员才能填写会审意见。")
    expect(app, Status.PREPARING, *REVIEWING, doing="填写会审意见")
    if app.classification != Classification.REBUILD:
        raise ValidationError("只有申请认定为“重建”的项目需要会审。")
    review, _ = JointReview.objects.update_or_create(
        application=app, unit_id=by.unit_id, defaults={"user": by, "text": require_text(text, "会审意见")}
    )
    return review
