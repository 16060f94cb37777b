from django.conf import settings
from django.db import models

from approvals.choices import MeetingKind
from approvals.uploads import upload_to, validate_upload
from ledger.models.history import AuditedHistory


class Meeting(models.Model):
    """A unit's party-committee meeting (党组(委)会) or the county leading group's meeting."""

    kind = models.CharField("会议类别", max_length=16, choices=MeetingKind.choices)
    unit = models.ForeignKey("ledger.Unit", verbose_name="召开单位", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField("会议日期")
    title = models.CharField("会议名称", max_length=200)
    number = models.CharField("纪要编号", max_length=64, blank=True)
    minutes = models.FileField("会议纪要", upload_to=upload_to, blank=True, validators=[validate_upload])
    special = models.BooleanField("专题研究", default=False, help_text="县领导小组专题研究重建项目")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"
