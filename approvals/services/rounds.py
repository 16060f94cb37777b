"""Each year's round (时间安排, 十六–二十; the formal report, 二十三): its dates, by default the
notice's, and the notice it is run under. The bureau (县乡村振兴局) sets them; an
application belongs to the round of the year it is started in."""

import datetime as dt
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from approvals.models import Round
from approvals.models.calendar import NOTICE_2023_NUMBER, NOTICE_2023_TITLE
from approvals.services.common import deny, require_text
from ledger import access
from ledger.models import County, User

# The notice's deadlines as month and day (十六 制定方案 … 二十 完成处置; 二十三 正式报告). A new
# year's round gets the same month and day in its own year (docs/decisions.md).
NOTICE_DATES: dict[str, tuple[int, int]] = {
    "plan_by": (11, 13),
    "mobilise_by": (11, 15),
    "submit_by": (11, 21),
    "approve_by": (11, 25),
    "disposal_from": (11, 30),
    "first_results_by": (12, 5),
    "report_by": (12, 15),
}
DATE_FIELDS = tuple(NOTICE_DATES)
# each date's name as the model gives it (制定方案 … 正式报告)
DATE_LABELS = {name: str(getattr(Round._meta.get_field(name), "verbose_name", name)) for name in DATE_FIELDS}
FIRST_YEAR, LAST_YEAR = 2023, 2100


def round_name(year: int) -> str:
    return f"{year}年经营性帮扶产业项目“四个一批”工作"


# A county onboarded without its implementing plan's number cites this until the bureau sets it.
PLAN_NUMBER_PENDING = "文号待填"


def county_plan(county: County) -> tuple[str, str]:
    """The county's own implementing plan (title, number): Pengshui's is the 2023 notice; a
    county onboarded without one gets a title naming it and a number to be filled in (D115)."""
    title = county.plan_title or (
        NOTICE_2023_TITLE if county.code == "500243" else f"{county.name}经营性帮扶产业项目“四个一批”实施方案"
    )
    number = county.plan_number or (NOTICE_2023_NUMBER if county.code == "500243" else PLAN_NUMBER_PENDING)
    return title, number


def round_defaults(year: int, county: County) -> dict[str, Any]:
    """A new year's round of `county`: the notice's dates moved to that year, and the policy
    basis of the county's latest earlier round (its implementing plan if there is none)."""
    earlier = Round.objects.filter(county=county, year__lt=year).order_by("-year").first()
    title, number = (earlier.policy_title, earlier.policy_number) if earlier else county_plan(county)
    return {
        "name": round_name(year),
        **{field: dt.date(year, month, day) for field, (month, day) in NOTICE_DATES.items()},
        "policy_title": title,
        "policy_number": number,
    }


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"年度须在{FIRST_YEAR}至{LAST_YEAR}之间。")


def round_for_year(year: int, county: County) -> Round:
    """The county's round of the year, created with the defaults when the year has none yet
    (the first application of a year needs no one to set the round up first)."""
    _check_year(year)
    found = Round.objects.filter(county=county, year=year).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Round.objects.create(county=county, year=year, **round_defaults(year, county))
    except IntegrityError:  # created meanwhile by another request
        return Round.objects.get(county=county, year=year)


def _check_order(dates: dict[str, dt.date | None]) -> None:
    given = [(field, d) for field, d in ((f, dates.get(f)) for f in DATE_FIELDS) if d is not None]
    for (field_a, a), (field_b, b) in pairwise(given):
        if a > b:
            raise ValidationError(
                f"“{DATE_LABELS[field_b]}”（{b}）不能早于“{DATE_LABELS[field_a]}”（{a}），请按时间安排的先后填写。"
            )


@transaction.atomic
def round_save(
    *,
    by: User,
    year: int,
    name: str,
    policy_title: str,
    policy_number: str,
    **dates: dt.date | None,
) -> Round:
    """The bureau creates or changes a year's round: its name, dates (in the order of 十六–二十)
    and the notice it is run under (cited by the printed 公告). Kept in the round's history."""
    if not access.can_manage_rounds(by):
        deny("只有县乡村振兴局才能设置工作轮次。")
    _check_year(year)
    unknown = set(dates) - set(DATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    _check_order(dates)
    county = access.county_of(by)
    if county is None:
        deny("只有县乡村振兴局才能设置工作轮次。")
    rnd = Round.objects.select_for_update().filter(county=county, year=year).first() or Round(county=county, year=year)
    rnd.name = require_text(name, "名称")
    rnd.policy_title = require_text((policy_title or "").strip().strip("《》"), "依据文件标题")
    rnd.policy_number = require_text(policy_number, "依据文件文号")
    for field in DATE_FIELDS:
        setattr(rnd, field, dates.get(field))
    rnd._history_user = by
    rnd.save()
    return rnd
