from typing import Any

from django.conf import settings
from django.db import models

from approvals.choices import ACTIVE, Action, ApplicationKind, Decision, DocumentKind, OpinionStep, Status
from approvals.uploads import upload_to, validate_upload
from ledger.choices import Classification, ManagingLevel
from ledger.models.history import AuditedHistory


class Application(models.Model):
    """One round of classification of one project (the application form 附件1–3): the
    first one, and each re-classification after disposal. It keeps the facts, class and
    measures as filed, its opinions, documents and history. Only the services in
    approvals.services change `status`."""

    project = models.ForeignKey(
        "ledger.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="applications"
    )
    round = models.ForeignKey(
        "approvals.Round",
        verbose_name="工作轮次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    sequence = models.PositiveSmallIntegerField("第几次分类", default=1)
    kind = models.CharField(
        "申请类别",
        max_length=16,
        choices=ApplicationKind.choices,
        default=ApplicationKind.CLASSIFICATION,
        editable=False,
    )
    previous = models.ForeignKey(
        "self", verbose_name="上一次分类", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PREPARING, editable=False)

    # where the project stood when filed (the route follows these, not later edits)
    managing_level = models.CharField("主管层级", max_length=16, choices=ManagingLevel.choices)
    managing_unit = models.ForeignKey(
        "ledger.Unit", verbose_name="主管单位", on_delete=models.PROTECT, related_name="+"
    )
    submitting_unit = models.ForeignKey(
        "ledger.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="submitted_applications"
    )
    township = models.ForeignKey("ledger.Division", verbose_name="镇(乡)", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        "ledger.Division", verbose_name="村(居)", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facts = models.JSONField("申请时的项目情况", default=dict)

    classification = models.CharField("申请认定", max_length=16, choices=Classification.choices)
    measures = models.TextField("处置措施")

    party_meeting = models.ForeignKey(
        "approvals.Meeting",
        verbose_name="党组(委)会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_applications",
    )
    county_meeting = models.ForeignKey(
        "approvals.Meeting",
        verbose_name="县领导小组会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="county_applications",
    )
    approved_class = models.CharField("审定分类", max_length=16, choices=Classification.choices, blank=True)
    approved_measures = models.TextField("审定处置措施", blank=True)
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)
    notice = models.ForeignKey(
        "approvals.Notice",
        verbose_name="公示",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    effective_on = models.DateField("生效日期", null=True, blank=True)
    completed_on = models.DateField("处置完成日期", null=True, blank=True)
    evaluation = models.TextField("处置效果评估", blank=True)
    evaluated_on = models.DateField("评估日期", null=True, blank=True)
    # an exit (ApplicationKind.EXIT; 二, 基本原则): why linkage cannot be established, and the
    # recovery proposed (元) and from whom; the reason a recovery was closed (结清/核销)
    exit_reason = models.TextField("无法建立联农带农机制的原因", blank=True)
    recovery_amount = models.DecimalField("拟追偿金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    recovery_from = models.CharField("追偿对象", max_length=200, blank=True)
    recovery_closed_reason = models.TextField("追偿结清或核销说明", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = AuditedHistory(excluded_fields=["updated_at"])
    _history_user: Any  # who makes the next save, for its history row

    class Meta:
        verbose_name = "分类及处置措施申请"
        verbose_name_plural = "分类及处置措施申请"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["project", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status__in=sorted(ACTIVE)),
                name="application_one_active_per_project",
                violation_error_message="该项目已有一份正在办理的申请。",
            ),
            models.UniqueConstraint(fields=["project", "sequence"], name="application_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project} 第{self.sequence}次分类"

    @property
    def county_id(self) -> int | None:
        """The county of the project (ledger.access.acts_for: the office acts for its own);
        of its township for an application not saved yet."""
        if self.project_id is not None:
            return int(self.project.county_id)
        return self.township.county_id if self.township_id is not None else None

    @property
    def current_class(self) -> str:
        return self.approved_class or self.classification

    def get_current_class_display(self) -> str:
        return Classification(self.current_class).label if self.current_class else ""

    @property
    def current_measures(self) -> str:
        return self.approved_measures or self.measures


class Transition(models.Model):
    """The history of an application: who moved it, when, from which state to which."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    text = models.TextField("意见或理由", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}：{self.get_action_display()}"


class Opinion(models.Model):
    """An opinion box of the form: text, decision, who and when, and the scan of the
    sealed page."""

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="opinions")
    step = models.CharField("意见栏", max_length=16, choices=OpinionStep.choices)
    decision = models.CharField("结论", max_length=8, choices=Decision.choices)
    text = models.TextField("意见")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签署人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("ledger.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    seal = models.FileField("盖章页扫描件", upload_to=upload_to, blank=True, validators=[validate_upload])
    meeting = models.ForeignKey(
        "approvals.Meeting",
        verbose_name="会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    # the county's opinion: the decision letter (批复) that carries it
    letter = models.ForeignKey(
        "approvals.DecisionLetter",
        verbose_name="批复",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}：{self.get_step_display()}"


class Document(models.Model):
    """A document of the application: survey report, evaluation report, rebuild plan..."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("材料类别", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容摘要", blank=True)
    file = models.FileField("文件", upload_to=upload_to, blank=True, validators=[validate_upload])
    # a rebuild plan records whose views were sought, and when (重建方案: 乡镇(街道)、村和农户)
    township_consulted_on = models.DateField("征求乡镇(街道)意见日期", null=True, blank=True)
    village_consulted_on = models.DateField("征求村意见日期", null=True, blank=True)
    households_consulted_on = models.DateField("征求农户意见日期", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class RevitalisationPlan(models.Model):
    """盘活方案 (一项目、一台账、一方案): cause of the halt, state of resources and assets,
    measures; with an optional scan."""

    application = models.OneToOneField(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="revitalisation_plan"
    )
    cause = models.TextField("停产原因")
    resources = models.TextField("资源资产状况")
    measures = models.TextField("盘活措施")
    file = models.FileField("方案文件", upload_to=upload_to, blank=True, validators=[validate_upload])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = AuditedHistory(excluded_fields=["updated_at"])
    _history_user: Any

    class Meta:
        verbose_name = "盘活方案"
        verbose_name_plural = "盘活方案"

    def __str__(self) -> str:
        return f"{self.application}：盘活方案"


class JointReview(models.Model):
    """The joint opinion of a supervising department (finance, audit, discipline inspection)
    on an application (十二); on a rebuild case, the 会审 of its evaluation report (十). One
    record per reviewer: a second reviewer of the same unit adds a record beside the first."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="joint_reviews"
    )
    unit = models.ForeignKey("ledger.Unit", verbose_name="会审单位", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="会审人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("会审意见")
    created_at = models.DateTimeField("时间", auto_now=True)

    history = AuditedHistory(excluded_fields=["created_at"])
    _history_user: Any

    class Meta:
        verbose_name = "会审意见"
        verbose_name_plural = "会审意见"
        ordering = ["unit__code", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="joint_review_one_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.application}：{self.unit}会审意见"


class ApplicationCopy(models.Model):
    """The application as filed (报送): a frozen copy of the form — the project's facts, its
    places and units by id and name, the proposed class and measures, the list of its
    documents — taken by `application_file`. This is what is printed, signed and archived
    (附件1–3, 附件6 item 1). Filing again after a return makes a new copy; the older ones
    are kept. An opinion belongs to the copy that was current when it was given."""

    application = models.ForeignKey(Application, verbose_name="申请", on_delete=models.CASCADE, related_name="copies")
    number = models.PositiveSmallIntegerField("第几次报送")
    data = models.JSONField("报送时的申请表")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = "报送的申请表"
        verbose_name_plural = "报送的申请表"
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="application_copy_unique")]

    def __str__(self) -> str:
        return f"{self.application} 第{self.number}次报送"
