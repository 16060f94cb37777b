from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", "项目协议书或合同书"
    OTHER = "other", "其他材料"


def document_path(instance, filename: str) -> str:
    return f"documents/{instance.project_id}/{filename}"


class ProjectDocument(models.Model):
    """A scanned paper filed with a project (附件6 item 5: agreements and contracts).
    Served only through a view that checks the user's scope."""

    project = models.ForeignKey(
        "ledger.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("类别", max_length=16, choices=DocumentKind.choices, default=DocumentKind.CONTRACT)
    file = models.FileField("文件", upload_to=document_path)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=64)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目附件"
        verbose_name_plural = "项目附件"
        ordering = ["project", "kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
