import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from approvals.choices import ObjectionSource, PostingPlace
from approvals.uploads import upload_to, validate_photo
from ledger.models.history import AuditedHistory


def public_token() -> str:
    """The unguessable part of a notice's public address (/gs/<token>/), printed as a QR code."""
    return secrets.token_urlsafe(16)


class Notice(models.Model):
    """The public notice (公示) of the county's decision, posted by the submitting unit at
    the unit and at the project site for at least five working days."""

    unit = models.ForeignKey("ledger.Unit", verbose_name="公示单位", on_delete=models.PROTECT, related_name="notices")
    posted_on = models.DateField("张贴日期")
    # None while the period runs into a year whose holidays are not yet entered (D9):
    # the notice cannot close until the year is entered and the end is computed
    ends_on = models.DateField("公示截止日期", null=True, blank=True)
    places = models.CharField("公示地点", max_length=200)
    contact = models.CharField("异议受理方式", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    closed_at = models.DateTimeField("公示结束时间", null=True, blank=True)
    token = models.CharField("公开链接标识", max_length=32, unique=True, default=public_token, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-posted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.posted_on} 公示"


class NoticePosting(models.Model):
    """One of the two postings of a notice (十四): at the managing unit and at the project
    site, each with its date, place and a photo of the posted notice. The notice period
    counts from the later posting."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.CASCADE, related_name="postings")
    where = models.CharField("张贴处", max_length=8, choices=PostingPlace.choices)
    posted_on = models.DateField("张贴日期")
    place = models.CharField("张贴地点", max_length=200)
    photo = models.FileField("张贴照片", upload_to=upload_to, validators=[validate_photo])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示张贴"
        verbose_name_plural = "公示张贴"
        ordering = ["where"]
        constraints = [models.UniqueConstraint(fields=["notice", "where"], name="notice_posting_one_per_place")]

    def __str__(self) -> str:
        return f"{self.notice}：{self.get_where_display()}"


class Objection(models.Model):
    """An objection received during the notice, and how it was resolved."""

    notice = models.ForeignKey(Notice, verbose_name="公示", on_delete=models.CASCADE, related_name="objections")
    application = models.ForeignKey(
        "approvals.Application",
        verbose_name="涉及项目",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    received_on = models.DateField("收到日期")
    submitter = models.CharField("异议人", max_length=100)
    text = models.TextField("异议内容")
    resolved = models.BooleanField("已处理", default=False)
    upheld = models.BooleanField("异议成立", default=False)
    resolution = models.TextField("处理结果", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    # lodged on the public page (D107): the contact, an optional photo (never shown
    # publicly), and the submitter's address for the rate limit
    source = models.CharField("提出方式", max_length=8, choices=ObjectionSource.choices, default=ObjectionSource.HAND)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    photo = models.FileField("照片", upload_to=upload_to, validators=[validate_photo], blank=True)
    ip = models.GenericIPAddressField("提出地址", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now, db_index=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.notice}：{self.submitter}的异议"
