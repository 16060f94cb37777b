"""Imports from the national system and from our own ledger (十一), and the
push of each imported project to the unit that manages it."""

import base64
import json
import zlib
from typing import Any

from django.conf import settings
from django.db import models

PACKED = "zlib+base64"  # the one key of a packed value
PACK_ABOVE = 64 * 1024  # characters of JSON from which a value is packed


class PackedJSONField(models.JSONField):
    """A JSON field whose large values (an upload's table of thousands of rows, its preview,
    its result) are kept packed: their JSON compressed with zlib, as one base64 string under
    the key PACKED. The database parses and stores a tenth of the text; Python reads and
    writes the value as any JSON field's, packed or not (a value kept before is read as it
    is). The database cannot query inside a packed value; nothing does."""

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if isinstance(value, (dict, list)) and value:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), cls=self.encoder)
            if len(text) > PACK_ABOVE:
                value = {PACKED: base64.b64encode(zlib.compress(text.encode(), 1)).decode("ascii")}
        return super().get_db_prep_save(value, connection)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        value = super().from_db_value(value, expression, connection)
        if isinstance(value, dict) and len(value) == 1 and PACKED in value:
            return json.loads(zlib.decompress(base64.b64decode(value[PACKED])), cls=self.decoder)
        return value


class ImportSource(models.TextChoices):
    NATIONAL = "national", "全国系统项目资产台账"
    LEDGER = "ledger", "管理台账（附件5）"


class ImportMapping(models.Model):
    """A confirmed column mapping, found again by the headers' signature."""

    county = models.ForeignKey("ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("映射名称", max_length=64)
    source = models.CharField("来源格式", max_length=16, choices=ImportSource.choices, default=ImportSource.NATIONAL)
    signature = models.CharField("表头特征", max_length=64, db_index=True)
    headers = models.JSONField("表头", default=list)
    mapping = models.JSONField("映射", default=dict, help_text="源列标题 → 目标字段")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入映射"
        verbose_name_plural = "导入映射"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="import_mapping_name_per_county")]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One uploaded file: who, when, the file itself, how it was read and what it did."""

    county = models.ForeignKey("ledger.County", verbose_name="区县", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("来源格式", max_length=16, choices=ImportSource.choices)
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    filename = models.CharField("原文件名", max_length=200)
    mapping = models.ForeignKey(
        ImportMapping,
        verbose_name="使用的映射",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="batches",
    )
    mapping_used = models.JSONField("列映射", default=dict)
    table = PackedJSONField(
        "解析结果", default=dict, blank=True, help_text="上传时读出的表头和数据行；预览和导入读取它，不再重新解析文件"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    added = models.PositiveIntegerField("新增", default=0)
    changed = models.PositiveIntegerField("修改", default=0)
    unchanged = models.PositiveIntegerField("无变化", default=0)
    refused = models.PositiveIntegerField("拒绝", default=0)
    skipped = models.PositiveIntegerField("跳过（非经营性资产）", default=0)
    committed = models.BooleanField("已导入", default=False)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    only_good = models.BooleanField("仅导入无误行", default=False)
    result = PackedJSONField(
        "导入结果",
        default=dict,
        blank=True,
        help_text="导入时逐行的处理结果（新增、修改、拒绝、跳过）；导入后的页面显示它，不再按当前数据重新预览",
    )
    plan = PackedJSONField(
        "预览结果",
        default=dict,
        blank=True,
        help_text="预览逐行核对后的结果和所涉项目的版本；确认导入时直接使用，项目自预览后有变动则须重新预览",
    )

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.created_at:%Y-%m-%d %H:%M}）"


class ProjectPush(models.Model):
    """A project pushed to the unit that surveys it; surveyed_at is set when that unit
    first confirms it."""

    project = models.ForeignKey("ledger.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="pushes")
    unit = models.ForeignKey("ledger.Unit", verbose_name="推送单位", on_delete=models.PROTECT, related_name="pushes")
    batch = models.ForeignKey(
        ImportBatch, verbose_name="导入批次", null=True, blank=True, on_delete=models.SET_NULL, related_name="pushes"
    )
    pushed_at = models.DateTimeField("推送时间", auto_now_add=True)
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="推送人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    surveyed_at = models.DateTimeField("调研确认时间", null=True, blank=True)
    surveyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "项目推送"
        verbose_name_plural = "项目推送"
        ordering = ["-pushed_at"]
        constraints = [models.UniqueConstraint(fields=["project"], name="project_push_one_per_project")]

    def __str__(self) -> str:
        return f"{self.project} → {self.unit}"
