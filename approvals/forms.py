"""Forms only validate input; the services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from approvals.choices import DEFAULT_NOTICE_PLACES, DocumentKind, MeetingKind, Outcome, PostingPlace
from approvals.models import Application, Meeting, Notice, Round
from approvals.services.rounds import DATE_FIELDS
from ledger import access
from ledger.choices import Classification
from ledger.forms import MoneyField
from ledger.uploads import BoundedFileField

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


def _iso(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def not_in_future(day: dt.date | None, what: str) -> dt.date | None:
    """A date a thing already happened on: not after today."""
    today = timezone.localdate()
    if day is not None and day > today:
        raise forms.ValidationError(f"{what}不能晚于今天（{_iso(today)}）。", code="future")
    return day


class ApplicationForm(forms.Form):
    classification = forms.ChoiceField(label="“四个一批”认定", choices=Classification.choices)
    measures = forms.CharField(label="处置措施", widget=TEXT)


class ApplicationUpdateForm(ApplicationForm):
    # The version the form was opened on (ledger.history): a save on a stale copy is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class AgreeForm(forms.Form):
    text = forms.CharField(label="意见", widget=TEXT, initial="同意")
    seal = BoundedFileField(label="盖章页扫描件（PDF/JPEG/PNG）", required=False)
    party_meeting = forms.ModelChoiceField(label="党组（委）会", queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.unit_id:
            meetings = cast(forms.ModelChoiceField, self.fields["party_meeting"])
            meetings.queryset = Meeting.objects.filter(kind=MeetingKind.PARTY, unit=user.unit_id)


class RefilingForm(forms.Form):
    """报送备案 (十五): the re-filled form goes with the minutes of the unit's party committee."""

    party_meeting = forms.ModelChoiceField(label="党组（委）会（须已上传会议纪要）", queryset=Meeting.objects.none())
    text = forms.CharField(label="说明", widget=TEXT, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.unit_id:
            meetings = cast(forms.ModelChoiceField, self.fields["party_meeting"])
            meetings.queryset = Meeting.objects.filter(kind=MeetingKind.PARTY, unit=user.unit_id)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=TEXT)


class TextForm(forms.Form):
    text = forms.CharField(label="内容", widget=TEXT)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类别", choices=DocumentKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="内容摘要", widget=TEXT, required=False)
    file = BoundedFileField(label="文件（PDF/JPEG/PNG）", required=False)
    township_consulted_on = forms.DateField(label="征求乡镇（街道）意见日期（重建方案）", widget=DATE, required=False)
    village_consulted_on = forms.DateField(label="征求村意见日期（重建方案）", widget=DATE, required=False)
    households_consulted_on = forms.DateField(label="征求农户意见日期（重建方案）", widget=DATE, required=False)


class RevitalisationPlanForm(forms.Form):
    cause = forms.CharField(label="停产原因", widget=TEXT)
    resources = forms.CharField(label="资源资产状况", widget=TEXT)
    measures = forms.CharField(label="盘活措施", widget=TEXT)
    file = BoundedFileField(label="方案文件（可选）", required=False)
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类别", choices=MeetingKind.choices)
    date = forms.DateField(label="会议日期", widget=DATE)
    title = forms.CharField(label="会议名称", max_length=200)
    number = forms.CharField(label="纪要编号", max_length=64, required=False)
    minutes = BoundedFileField(label="会议纪要（PDF/JPEG/PNG）", required=False)
    special = forms.BooleanField(label="专题研究（重建项目）", required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            # only the meetings the user's unit records (十三, 十四): the office the county's, a
            # township or department its party committee's; a village none
            kinds = [MeetingKind.COUNTY] if access.is_office(user) else []
            kinds += [MeetingKind.PARTY] if access.is_filing_unit(user) else []
            kind = cast(forms.ChoiceField, self.fields["kind"])
            kind.choices = [(k.value, k.label) for k in kinds]
            if len(kinds) == 1:
                kind.initial = kinds[0]
            if MeetingKind.COUNTY not in kinds:
                del self.fields["special"]

    @property
    def offered(self) -> bool:
        """Whether the user records any kind of meeting (else the page shows no form)."""
        return bool(cast("list[tuple[str, str]]", cast(forms.ChoiceField, self.fields["kind"]).choices))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("minutes") and "date" in data:
            try:  # minutes are of a meeting held: not of one still to come
                not_in_future(data["date"], "已有会议纪要的会议，会议日期")
            except forms.ValidationError as error:
                self.add_error("date", error)
        return data


class RoundForm(forms.ModelForm):
    """A year's round as the bureau sets it; approvals.services.rounds.round_save saves it."""

    class Meta:
        model = Round
        fields = [
            "name",
            *DATE_FIELDS,
            "policy_title",
            "policy_number",
        ]
        widgets = {
            **dict.fromkeys(fields[1:8], forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")),
            "policy_title": forms.Textarea(attrs={"rows": 2}),
        }


class LetterNumberingForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2023, max_value=2100)
    template = forms.CharField(label="文号格式", max_length=64, help_text="{year} 为年度，{n} 为序号")
    next_serial = forms.IntegerField(
        label="下一个序号", min_value=1, required=False, help_text="留空则接着已用的序号；只能往后调"
    )


class MinutesForm(forms.Form):
    minutes = BoundedFileField(label="会议纪要（PDF/JPEG/PNG）")

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.meeting is not None and self.meeting.date > timezone.localdate():
            raise forms.ValidationError(f"会议定于{_iso(self.meeting.date)}召开，会后才能上传会议纪要。", code="future")
        return data


class NoticeForm(forms.Form):
    posted_on = forms.DateField(label="张贴日期", widget=DATE)
    places = forms.CharField(label="公示地点", max_length=200, initial=DEFAULT_NOTICE_PLACES)
    contact = forms.CharField(label="异议受理方式（单位、电话、地址）", max_length=200)


class PostingForm(forms.Form):
    where = forms.ChoiceField(label="张贴处", choices=PostingPlace.choices)
    posted_on = forms.DateField(label="张贴日期", widget=DATE)
    place = forms.CharField(label="张贴地点", max_length=200)
    photo = BoundedFileField(label="张贴照片（JPEG/PNG）")


class ProjectChoiceField(forms.ModelChoiceField):
    """Applications offered by their project's name."""

    def label_from_instance(self, obj: Application) -> str:
        return obj.project.name


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="收到日期", widget=DATE)
    submitter = forms.CharField(label="异议人", max_length=100)
    text = forms.CharField(label="异议内容", widget=TEXT)
    application = ProjectChoiceField(label="涉及项目", queryset=None, required=False)

    def __init__(self, *args: Any, notice: Notice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notice = notice
        cast(ProjectChoiceField, self.fields["application"]).queryset = notice.applications.select_related("project")

    def clean_received_on(self) -> dt.date | None:
        """An objection is lodged during the notice (十三): not before it was posted."""
        day = self.cleaned_data.get("received_on")
        if day is not None and day < self.notice.posted_on:
            raise forms.ValidationError(
                f"收到日期不能早于公示张贴日期（{_iso(self.notice.posted_on)}）。", code="before_notice"
            )
        return not_in_future(day, "收到日期")


class ResolveForm(forms.Form):
    resolution = forms.CharField(label="处理结果", widget=TEXT)
    upheld = forms.BooleanField(label="异议成立（退回重新研究）", required=False)


class ProgressForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE)
    text = forms.CharField(label="进展情况", widget=TEXT)
    percent = forms.IntegerField(label="完成比例（%）", min_value=0, max_value=100)

    def __init__(self, *args: Any, application: Application | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application

    def clean_date(self) -> dt.date | None:
        """Progress of a disposal (十五) starts once the class took effect."""
        day = self.cleaned_data.get("date")
        effective = took_effect(self.application) if self.application is not None else None
        if day is not None and effective is not None and day < effective:
            raise forms.ValidationError(f"进展日期不能早于认定生效日期（{_iso(effective)}）。", code="before_effective")
        return not_in_future(day, "进展日期")


def took_effect(app: Application) -> dt.date | None:
    """The day a class took effect: the end of its notice (a notice closed late still took
    effect when it ended, 十三), else the day it was recorded (a re-filing's 备案)."""
    notice = app.notice if app.notice_id else None
    if notice is not None and notice.ends_on is not None:
        return notice.ends_on
    return app.effective_on


class EmptyForm(forms.Form):
    """A button with nothing to fill in."""


SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})
INPUT = forms.TextInput(attrs={"class": "form-control form-control-sm"})


class CountyDecisionForm(forms.Form):
    """The county's decision on one application of a batch at its meeting (十四)."""

    application = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="结论", choices=Outcome.choices, initial=Outcome.SKIP, widget=SELECT)
    classification = forms.ChoiceField(label="审定分类", choices=Classification.choices, required=False, widget=SELECT)
    measures = forms.CharField(label="审定措施（留空则按申请）", required=False, widget=INPUT)
    text = forms.CharField(label="意见/退回理由", required=False, widget=INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the static script's "全部同意" finds the conclusions by this mark (static/pengshui/site.js)
        self.fields["outcome"].widget.attrs["data-outcome"] = ""

    def clean(self) -> dict[str, Any]:
        # refused here, on its row, so that the page comes back with every other choice kept
        data = super().clean() or {}
        if data.get("outcome") == Outcome.RETURN and not data.get("text", "").strip():
            self.add_error("text", "退回须填写理由。")
        return data


CountyDecisionFormSet = forms.formset_factory(CountyDecisionForm, extra=0)
DECIDE_PREFIX = "decide"


def county_decision_formset(
    applications: Sequence[Application], data: Any = None
) -> forms.BaseFormSet[CountyDecisionForm]:
    """One form per application awaiting the county, each naming its application."""
    initial = [{"application": a.pk, "classification": a.classification} for a in applications]
    return CountyDecisionFormSet(data, initial=initial, prefix=DECIDE_PREFIX)


def agree_to_the_rest(data: Any) -> Any:
    """ "全部同意" without script: the posted batch with every row still at 暂不审定 set to 同意;
    rows already set to 同意 or 退回 are kept (the exceptions made)."""
    data = data.copy()
    for key in list(data):
        if key.startswith(f"{DECIDE_PREFIX}-") and key.endswith("-outcome") and data[key] == Outcome.SKIP:
            data[key] = Outcome.APPROVE
    return data


class ExitForm(forms.Form):
    """退出申请 (二, 基本原则): why linkage cannot be established and the recovery proposed."""

    reason = forms.CharField(label="无法建立联农带农机制的原因", widget=TEXT)
    amount = MoneyField(label="拟追偿金额（元，不追偿填0）")
    recovery_from = forms.CharField(label="追偿对象", max_length=200, required=False)


class RecoveryForm(forms.Form):
    received_on = forms.DateField(label="追回日期", widget=DATE)
    amount = MoneyField(label="追回金额（元）", min_value=Decimal("0.01"))
    payer = forms.CharField(label="追回对象", max_length=200)
    scan = BoundedFileField(label="凭证扫描件（PDF/JPEG/PNG）")

    def clean_received_on(self) -> dt.date | None:
        return not_in_future(self.cleaned_data.get("received_on"), "追回日期")


class PublicObjectionForm(forms.Form):
    """An objection lodged on the notice's public page (十四), with the challenge (D107)."""

    submitter = forms.CharField(label="姓名", max_length=100)
    contact = forms.CharField(label="联系方式（电话或地址）", max_length=100)
    application = ProjectChoiceField(label="涉及项目", queryset=None, empty_label="请选择")
    text = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)
    photo = BoundedFileField(
        label="照片（可选）", required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"})
    )
    answer = forms.IntegerField(label="验证题")
    challenge = forms.CharField(widget=forms.HiddenInput)
    # left empty by people; a form-filling robot fills it (hidden by the stylesheet)
    website = forms.CharField(label="网址（请勿填写）", required=False)

    def __init__(self, *args: Any, notice: Notice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ProjectChoiceField, self.fields["application"]).queryset = notice.applications.select_related("project")
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select" if name == "application" else "form-control")
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
