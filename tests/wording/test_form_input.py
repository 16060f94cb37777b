"""Input as a county office types it: amounts pasted from spreadsheets, the year, the dates of
each step, and Django's own messages in the office's wording."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils import timezone

from approvals.forms import MeetingForm, MinutesForm, ObjectionForm, ProgressForm, RecoveryForm
from approvals.models import Application, Meeting, Notice
from ledger.forms import MoneyField, ProjectForm
from tests.ledger.test_project_form_view import form_data

TODAY = timezone.localdate()
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def project_data_for(places):
    return lambda **overrides: form_data(places, **overrides)


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1,234.50", Decimal("1234.50")),
        ("１２３４．５", Decimal("1234.50")),
        ("1，234", Decimal("1234.00")),
        ("12,345,678.9", Decimal("12345678.90")),
        (" 800000.50 ", Decimal("800000.50")),
        ("0", Decimal("0")),
        ("1000元", Decimal("1000")),
    ],
)
def test_an_amount_is_read_with_separators_and_full_width_digits(typed, amount):
    field = MoneyField(label="金额")
    assert field.clean(typed) == amount


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1,23.5", "金额格式不对"),
        ("12,34", "金额格式不对"),
        ("abc", "金额格式不对"),
        ("1.2.3", "金额格式不对"),
        ("-5", "金额不能为负数"),
        ("1,000.555", "最多保留2位小数"),
        ("1" * 14, "整数部分不能超过12位"),
    ],
)
def test_anything_else_is_refused_in_chinese(typed, message):
    with pytest.raises(forms.ValidationError) as refused:
        MoneyField(label="金额").clean(typed)
    assert message in " ".join(refused.value.messages)


def test_a_recovery_of_nothing_is_refused():
    form = RecoveryForm({"received_on": TODAY, "amount": "0", "payer": "某公司"})
    assert "金额须不少于0.01元。" in form.errors["amount"]


def test_the_project_form_reads_pasted_amounts_and_refuses_a_year_to_come(personas, project_data_for):
    data = project_data_for(fund1_central="1,000,000.00", fund1_municipal="１００", year=TODAY.year + 1)
    form = ProjectForm(data, user=personas["alice"])
    assert not form.is_valid()
    assert form.cleaned_data["fund1_central"] == Decimal("1000000.00")
    assert form.cleaned_data["fund1_municipal"] == Decimal("100")
    assert form.errors["year"] == [f"实施年度不能晚于今年（{TODAY.year}年）。"]
    assert form["year"].field.widget.attrs["max"] == TODAY.year


def test_the_project_form_takes_this_year(personas, project_data_for):
    form = ProjectForm(project_data_for(year=TODAY.year), user=personas["alice"])
    assert "year" not in form.errors


@pytest.fixture
def notice(places):
    return Notice.objects.create(
        unit=places["baojia_unit"],
        posted_on=TODAY - dt.timedelta(days=3),
        ends_on=TODAY + dt.timedelta(days=4),
        places="公示栏",
        contact="电话",
    )


def test_an_objection_is_not_dated_before_its_notice_was_posted(notice):
    day_before = notice.posted_on - dt.timedelta(days=1)
    form = ObjectionForm({"received_on": day_before, "submitter": "张三", "text": "有异议"}, notice=notice)
    posted = notice.posted_on
    expected = f"收到日期不能早于公示张贴日期（{posted.year}年{posted.month}月{posted.day}日）。"
    assert form.errors["received_on"] == [expected]
    form = ObjectionForm({"received_on": TOMORROW, "submitter": "张三", "text": "有异议"}, notice=notice)
    assert "收到日期不能晚于今天" in form.errors["received_on"][0]
    form = ObjectionForm({"received_on": notice.posted_on, "submitter": "张三", "text": "有异议"}, notice=notice)
    assert form.is_valid(), form.errors


def test_minutes_belong_to_a_meeting_already_held(places, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests.approvals.conftest import pdf

    data = {"kind": "party", "date": TOMORROW, "title": "党委会"}
    assert "date" not in MeetingForm(data).errors  # a meeting to come may be recorded
    form = MeetingForm(data, {"minutes": pdf()})
    assert "已有会议纪要的会议，会议日期不能晚于今天" in form.errors["date"][0]
    later = Meeting.objects.create(kind="party", unit=places["baojia_unit"], date=TOMORROW, title="党委会")
    form = MinutesForm({}, {"minutes": pdf()}, meeting=later)
    assert "会后才能上传会议纪要" in form.errors["__all__"][0]
    held = Meeting.objects.create(kind="party", unit=places["baojia_unit"], date=TODAY, title="党委会")
    assert MinutesForm({}, {"minutes": pdf()}, meeting=held).is_valid()


def test_progress_is_not_dated_before_the_class_took_effect():
    app = Application(effective_on=TODAY - dt.timedelta(days=10))
    before = app.effective_on - dt.timedelta(days=1)
    form = ProgressForm({"date": before, "text": "已完工", "percent": 50}, application=app)
    assert "进展日期不能早于认定生效日期" in form.errors["date"][0]
    form = ProgressForm({"date": TOMORROW, "text": "已完工", "percent": 50}, application=app)
    assert "进展日期不能晚于今天" in form.errors["date"][0]
    assert ProgressForm({"date": app.effective_on, "text": "已完工", "percent": 50}, application=app).is_valid()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "title", "此项必填。"),
        ({"title": "会" * 201}, "title", "最多200个字（现为201个字），请精简。"),
        ({"date": "2026-13-01"}, "date", "日期格式不对，请按“2026-03-01”的格式填写。"),
        ({"kind": "nonsense"}, "kind", "所选的项不在可选范围内，请重新选择。"),
    ],
)
def test_djangos_own_messages_read_as_the_office_writes(data, field, message):
    assert MeetingForm(data).errors[field] == [message]


def test_uniqueness_reads_as_the_office_writes(make_project, personas):
    from ledger.models import Project

    first = make_project()
    duplicate = Project(**{f.name: getattr(first, f.name) for f in Project._meta.concrete_fields if not f.primary_key})
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        duplicate.validate_unique()
    assert refused.value.message_dict["number"] == ["已有同一项目编号的项目，不能重复。"]


@pytest.mark.parametrize(
    "who, kinds",
    [("olga", ["county"]), ("alice", ["party"]), ("dora", ["party"]), ("vera", []), ("carl", [])],
)
def test_a_meeting_form_offers_only_the_meetings_the_unit_records(client, personas, who, kinds):
    form = MeetingForm(user=personas[who])
    assert [k for k, _ in form.fields["kind"].choices] == kinds
    assert ("special" in form.fields) == (kinds == ["county"])
    client.force_login(personas[who])
    page = client.get("/approvals/meetings/").content.decode()
    assert ('id="meeting-form"' in page) == bool(kinds)
    assert ("县领导小组会议</option>" in page) == (kinds == ["county"])


def test_progress_counts_from_the_end_of_the_notice_when_it_was_closed_late(notice):
    """A notice closed days after it ended (the daily job late, or data entered afterwards):
    the class took effect when the notice ended."""
    notice.ends_on = TODAY - dt.timedelta(days=20)
    notice.save()
    app = Application(notice=notice, effective_on=TODAY)
    assert ProgressForm({"date": notice.ends_on, "text": "进场", "percent": 10}, application=app).is_valid()
    before = notice.ends_on - dt.timedelta(days=1)
    form = ProgressForm({"date": before, "text": "进场", "percent": 10}, application=app)
    assert "进展日期不能早于认定生效日期" in form.errors["date"][0]
