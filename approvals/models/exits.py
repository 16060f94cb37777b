from django.conf import settings
from django.db import models

from approvals.uploads import upload_to, validate_upload


class Recovery(models.Model):
    """One sum recovered after an exit took effect (二, 基本原则: 退出和追偿机制)."""

    application = models.ForeignKey(
        "approvals.Application", verbose_name="退出申请", on_delete=models.PROTECT, related_name="recoveries"
    )
    received_on = models.DateField("追回日期")
    amount = models.DecimalField("追回金额（元）", max_digits=14, decimal_places=2)
    payer = models.CharField("追回对象", max_length=200)
    scan = models.FileField("凭证扫描件", upload_to=upload_to, validators=[validate_upload])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "追偿记录"
        verbose_name_plural = "追偿记录"
        ordering = ["received_on", "pk"]
        constraints = [models.CheckConstraint(name="recovery_amount_positive", condition=models.Q(amount__gt=0))]

    def __str__(self) -> str:
        return f"{self.application}：{self.received_on:%Y-%m-%d} 追回{self.amount}元"
