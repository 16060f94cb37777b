"""The county's decision letters (批复, 十四) and their 文号: issued when the office records a
decision, one per submitting unit, numbered from the office's numbering, unique and never
reused; shown on the letter, its PDF, the meeting page and the list of letters."""

import datetime as dt
from io import BytesIO
from urllib.parse import quote

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from approvals import services
from approvals.choices import MeetingKind, Status
from approvals.models import DecisionLetter, LetterNumbering, Opinion
from tests.approvals.conftest import file_app, pdf, png

pytestmark = pytest.mark.django_db


def decide(personas, meeting, *items):
    return services.county_decide(by=personas["olga"], meeting=meeting, items=list(items))


def test_each_unit_gets_a_letter_numbered_in_sequence(to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    b = to_county(level_project("township"))
    c = to_county(level_project("department"))
    meeting = county_meeting()
    decide(
        personas,
        meeting,
        services.Item(application=a, approve=True),
        services.Item(application=b, approve=False, text="请补充调研报告"),
        services.Item(application=c, approve=True),
    )
    letters = list(DecisionLetter.objects.order_by("serial"))
    assert [(lt.year, lt.serial, lt.number) for lt in letters] == [
        (2023, 1, "彭巩固专办〔2023〕1号"),
        (2023, 2, "彭巩固专办〔2023〕2号"),
    ]
    by_unit = {lt.unit_id: lt for lt in letters}
    baojia, agri = by_unit[a.submitting_unit_id], by_unit[c.submitting_unit_id]
    assert set(baojia.opinions.values_list("application_id", flat=True)) == {a.pk, b.pk}
    assert list(agri.opinions.values_list("application_id", flat=True)) == [c.pk]
    assert baojia.issued_by == personas["olga"] and baojia.meeting == meeting
    assert LetterNumbering.objects.get(year=2023).last == 2


def test_a_number_is_not_reused_after_its_letter_is_superseded(
    as_user, to_county, level_project, personas, county_meeting, party_meeting
):
    app = to_county(level_project("village"))
    decide(personas, county_meeting(), services.Item(application=app, approve=False, text="请补充调研报告"))
    first = DecisionLetter.objects.get()
    # filed again and decided at a later meeting: a new letter, a new number
    alice = personas["alice"]
    file_app(by=alice, application=app)
    services.application_agree(by=personas["vera"], application=app, text="同意", seal=png())
    services.application_agree(
        by=alice, application=app, text="同意报送", seal=png(), party_meeting=party_meeting(alice)
    )
    later = services.meeting_create(
        by=personas["olga"], kind=MeetingKind.COUNTY, date=dt.date(2023, 12, 8), title="第4次会议", minutes=pdf()
    )
    decide(personas, later, services.Item(application=app, approve=True))
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    second = DecisionLetter.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert first.number == "彭巩固专办〔2023〕1号" and second.number == "彭巩固专办〔2023〕2号"
    body = as_user(alice).get(f"/approvals/letters/{first.pk}/").content.decode()
    assert 'id="later-letters"' in body and "彭巩固专办〔2023〕2号" in body and "彭巩固专办〔2023〕1号" in body


def test_a_number_is_unique_in_the_database(to_county, level_project, personas, county_meeting):
    app = to_county(level_project("village"))
    decide(personas, county_meeting(), services.Item(application=app, approve=True))
    letter = DecisionLetter.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLetter.objects.create(
            county=letter.county,
            meeting=letter.meeting,
            unit=letter.unit,
            year=2023,
            serial=99,
            number=letter.number,
            issued_at=letter.issued_at,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLetter.objects.create(
            county=letter.county,
            meeting=letter.meeting,
            unit=letter.unit,
            year=2023,
            serial=99,
            issued_at=letter.issued_at,
        )


def test_the_office_sets_the_template_and_the_next_serial(as_user, to_county, level_project, personas, county_meeting):
    c = as_user(personas["olga"])
    data = {"year": 2023, "template": "彭巩固专办函〔{year}〕{n}号", "next_serial": 10}
    assert c.post("/approvals/letters/", data).status_code == 302
    app = to_county(level_project("village"))
    decide(personas, county_meeting(), services.Item(application=app, approve=True))
    assert DecisionLetter.objects.get().number == "彭巩固专办函〔2023〕10号"
    # the serial only moves forward
    r = c.post("/approvals/letters/", {**data, "next_serial": 5}, follow=True)
    assert "已用的文号不再使用" in r.content.decode()
    assert LetterNumbering.objects.get(year=2023).last == 10
    r = c.post("/approvals/letters/", {**data, "template": "彭巩固专办〔{year}〕号", "next_serial": ""}, follow=True)
    assert "{n}" in r.content.decode() and LetterNumbering.objects.get(year=2023).template == data["template"]
    # a new year starts at 1 with the latest template
    other = to_county(level_project("department"))
    meeting = services.meeting_create(
        by=personas["olga"], kind=MeetingKind.COUNTY, date=dt.date(2024, 3, 1), title="2024年第1次会议", minutes=pdf()
    )
    decide(personas, meeting, services.Item(application=other, approve=True))
    assert DecisionLetter.objects.get(year=2024).number == "彭巩固专办函〔2024〕1号"


def test_a_changed_template_never_issues_a_number_twice(to_county, level_project, personas, county_meeting):
    a = to_county(level_project("village"))
    decide(personas, county_meeting(), services.Item(application=a, approve=True))  # 〔2023〕1号
    # a counter behind the letters (as a changed template may be) skips the numbers in use
    LetterNumbering.objects.filter(year=2023).update(last=0)
    b = to_county(level_project("department"))
    decide(personas, county_meeting(), services.Item(application=b, approve=True))
    assert sorted(DecisionLetter.objects.values_list("number", flat=True)) == [
        "彭巩固专办〔2023〕1号",
        "彭巩固专办〔2023〕2号",
    ]


@pytest.mark.parametrize("who", ["carl", "alice", "rita", "admin"])
def test_only_the_office_sets_the_numbering(as_user, personas, who):
    r = as_user(personas[who]).post("/approvals/letters/", {"year": 2026, "template": "X〔{year}〕{n}号"})
    assert r.status_code == 403 and not LetterNumbering.objects.exists()
    with pytest.raises(PermissionDenied):
        services.letter_numbering_save(by=personas[who], year=2026, template="X〔{year}〕{n}号")


def test_a_template_names_the_year_and_the_serial_only(personas):
    for bad in ("彭巩固专办〔2026〕{n}号", "彭巩固专办〔{year}〕号", "〔{year}〕{n}号{x}", "〔{year}〕{n}号{"):
        with pytest.raises(ValidationError):
            services.letter_numbering_save(by=personas["olga"], year=2026, template=bad)


def test_the_number_is_shown_on_the_letter_its_pdf_and_the_lists(
    as_user, to_county, level_project, personas, county_meeting
):
    app = to_county(level_project("village"))
    meeting = county_meeting()
    decide(personas, meeting, services.Item(application=app, approve=True))
    letter = DecisionLetter.objects.get()
    alice = as_user(personas["alice"])
    body = alice.get(f"/approvals/letters/{letter.pk}/").content.decode()
    assert 'id="letter-number">彭巩固专办〔2023〕1号<' in body and app.project.number in body
    assert f"/approvals/letters/{letter.pk}.pdf" in body
    r = alice.get(f"/approvals/letters/{letter.pk}.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert quote("批复_彭巩固专办〔2023〕1号_") in r["Content-Disposition"]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(b"".join(r.streaming_content))).pages)
    assert "彭巩固专办" in "".join(text.split()) and "2023" in text
    assert "彭巩固专办〔2023〕1号" in alice.get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert "彭巩固专办〔2023〕1号" in alice.get("/approvals/letters/").content.decode()
    assert f'href="/approvals/letters/{letter.pk}/">批复 彭巩固专办〔2023〕1号<' in (
        alice.get(f"/approvals/{app.pk}/").content.decode()
    )
    assert "彭巩固专办〔2023〕1号" not in as_user(personas["bob"]).get("/approvals/letters/").content.decode()
    assert as_user(personas["bob"]).get(f"/approvals/letters/{letter.pk}.pdf").status_code == 404
    assert "彭巩固专办〔2023〕1号" in as_user(personas["carl"]).get("/approvals/letters/").content.decode()


def test_letters_before_the_numbering_stay_unnumbered(
    as_user, to_county, level_project, personas, county_meeting, monkeypatch
):
    from importlib import import_module

    from django.apps import apps

    a = to_county(level_project("village"))
    b = to_county(level_project("department"))
    meeting = county_meeting()
    decide(personas, meeting, services.Item(application=a, approve=True), services.Item(application=b, approve=True))
    # as recorded before letters were kept
    Opinion.objects.update(letter=None)
    DecisionLetter.objects.all().delete()
    # the migration ran before letters had a county: every letter it made is Pengshui's
    pengshui = meeting.unit.county_id
    monkeypatch.setattr(DecisionLetter._meta.get_field("county"), "_get_default", lambda: pengshui)
    import_module("approvals.migrations.0010_decision_letters").letters_of_earlier_decisions(apps, None)
    letters = DecisionLetter.objects.order_by("pk")
    assert letters.count() == 2 and all(lt.number is None and lt.serial is None for lt in letters)
    assert Opinion.objects.filter(step="county", letter__isnull=True).count() == 0
    letter = letters.get(unit=a.submitting_unit)
    body = as_user(personas["alice"]).get(f"/approvals/letters/{letter.pk}/").content.decode()
    assert 'id="letter-number">（未编号）<' in body and a.project.number in body
