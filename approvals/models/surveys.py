"""The field survey (实地调研, 十二): what the managing unit's people saw at a project in a
round, with their photos; it updates the project's facts and yields the 实地调研情况报告."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from approvals.uploads import upload_to

# The headings of a survey report, in order: (field, heading).
NOTE_HEADINGS = (
    ("note_basics", "项目基本情况"),
    ("note_operation", "运营现状"),
    ("note_problems", "存在问题及原因"),
    ("note_linkage", "联农带农情况"),
    ("note_advice", "处置意见建议"),
)


class PlaceSource(models.TextChoices):
    EXIF = "exif", "照片拍摄信息"
    DEVICE = "device", "手机定位"
    NONE = "", "无"


class FieldSurvey(models.Model):
    """One survey of one project in one round (十二). `key` is made by the browser when the
    form is opened: a second send of the same survey (a retry after a dropped connection)
    finds the first instead of making another."""

    project = models.ForeignKey(
        "ledger.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="field_surveys"
    )
    round = models.ForeignKey(
        "approvals.Round", verbose_name="工作轮次", on_delete=models.PROTECT, related_name="field_surveys"
    )
    key = models.UUIDField("登记标识", unique=True, editable=False)
    surveyed_on = models.DateField("调研日期")
    people = models.TextField("调研人员及单位", help_text="每行一人：姓名（单位）")
    facts = models.JSONField("调研所见", default=dict, help_text="项目现状各项，与申请表同名字段")
    note_basics = models.TextField("项目基本情况", blank=True)
    note_operation = models.TextField("运营现状", blank=True)
    note_problems = models.TextField("存在问题及原因", blank=True)
    note_linkage = models.TextField("联农带农情况", blank=True)
    note_advice = models.TextField("处置意见建议", blank=True)
    unit = models.ForeignKey(
        "ledger.Unit", verbose_name="调研单位", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "实地调研"
        verbose_name_plural = "实地调研"
        ordering = ["-surveyed_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["project", "round"], name="one_survey_per_project_round")]

    def __str__(self) -> str:
        return f"{self.project}（{self.surveyed_on:%Y-%m-%d}实地调研）"

    def notes(self) -> list[tuple[str, str]]:
        """The report's sections: (heading, text)."""
        return [(heading, getattr(self, name)) for name, heading in NOTE_HEADINGS]

    def people_lines(self) -> list[str]:
        return [line.strip() for line in self.people.splitlines() if line.strip()]


class SurveyPhoto(models.Model):
    """A photo of a survey with when and where it was taken (from its EXIF, else the
    phone's location when it was added)."""

    survey = models.ForeignKey(FieldSurvey, verbose_name="实地调研", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to=upload_to)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    place_source = models.CharField(
        "位置来源", max_length=8, choices=PlaceSource.choices, default=PlaceSource.NONE, blank=True
    )

    class Meta:
        verbose_name = "调研照片"
        verbose_name_plural = "调研照片"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"调研照片{self.pk}"

    @property
    def place(self) -> str:
        """The place as text: 北纬 29.29°、东经 108.16° (no map: no internet)."""
        if self.latitude is None or self.longitude is None:
            return "未记录位置"
        ns = "北纬" if self.latitude >= 0 else "南纬"
        ew = "东经" if self.longitude >= 0 else "西经"
        return f"{ns}{abs(self.latitude):.6f}°，{ew}{abs(self.longitude):.6f}°"
