"""The county's decision letters (批复, 十四) and their 文号: a numbering the leading-group
office configures per year, taken inside the decision's transaction from a locked counter
row, so that a number is issued once and never again."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from approvals.models import DecisionLetter, LetterNumbering, Meeting, Opinion
from approvals.models.letters import default_letter_template
from approvals.services.common import deny, require_text
from ledger import access
from ledger.models import County, User


def check_template(template: str) -> str:
    """A 文号 template names the year and the serial, and nothing else: {year} and {n}."""
    template = require_text(template, "文号格式")
    if "{year}" not in template or "{n}" not in template:
        raise ValidationError("文号格式须含 {year}（年度）和 {n}（序号），如：彭巩固专办〔{year}〕{n}号。")
    try:
        template.format(year=2026, n=1)
    except (KeyError, IndexError, ValueError):
        raise ValidationError("文号格式只能含 {year} 和 {n} 两个占位符。") from None
    return template


def _numbering(year: int, county: County) -> LetterNumbering:
    """The county's counter row of the year, locked; a new year takes the county's latest
    earlier year's template."""
    found = LetterNumbering.objects.select_for_update().filter(county=county, year=year).first()
    if found is not None:
        return found
    earlier = LetterNumbering.objects.filter(county=county, year__lt=year).order_by("-year").first()
    template = earlier.template if earlier else default_letter_template(county)
    numbering, _ = LetterNumbering.objects.select_for_update().get_or_create(
        county=county, year=year, defaults={"template": template}
    )
    return numbering


def _next_number(year: int, county: County) -> tuple[int, str]:
    """The next serial of the county's year and its 文号; a 文号 already on a letter (after
    the office changed the template) is skipped, never issued twice."""
    numbering = _numbering(year, county)
    serial = numbering.last
    while True:
        serial += 1
        number = numbering.template.format(year=year, n=serial)
        if not DecisionLetter.objects.filter(county=county, number=number).exists():
            break
    numbering.last = serial
    numbering.save(update_fields=["last"])
    return serial, number


def letters_issue(*, by: User, meeting: Meeting, opinions: Iterable[Opinion], at: dt.datetime) -> list[DecisionLetter]:
    """Issue the letters of a decision just recorded (call inside its transaction): one per
    submitting unit, listing that unit's opinions, each numbered in the year of the meeting
    (the date the letter bears)."""
    by_unit: dict[int, list[Opinion]] = {}
    for op in opinions:
        by_unit.setdefault(op.application.submitting_unit_id, []).append(op)
    letters = []
    county = meeting.unit.county
    if county is None:
        raise ValidationError("县领导小组会议须属于一个区县。")
    for unit_id in sorted(by_unit):
        serial, number = _next_number(meeting.date.year, county)
        letter = DecisionLetter.objects.create(
            county=county,
            meeting=meeting,
            unit_id=unit_id,
            year=meeting.date.year,
            serial=serial,
            number=number,
            issued_at=at,
            issued_by=by,
        )
        Opinion.objects.filter(pk__in=[op.pk for op in by_unit[unit_id]]).update(letter=letter)
        letters.append(letter)
    return letters


@transaction.atomic
def letter_numbering_save(*, by: User, year: int, template: str, next_serial: int | None = None) -> LetterNumbering:
    """The office sets the year's 文号 template and, optionally, the next serial (to continue
    after numbers issued on paper). The next serial may only move forward: a number issued
    is never issued again."""
    if not access.can_number_letters(by):
        deny("只有县领导小组办公室才能设置批复文号。")
    county = access.county_of(by)
    if county is None:
        deny("只有县领导小组办公室才能设置批复文号。")
    numbering = _numbering(year, county)
    numbering.template = check_template(template)
    if next_serial is not None:
        if next_serial <= numbering.last:
            used = numbering.last
            raise ValidationError(f"{year}年已用到第{used}号，下一个序号须大于{used}，已用的文号不再使用。")
        numbering.last = next_serial - 1
    numbering.save()
    return numbering
