"""Onboarding a county (区县) in one step (D114): its places, its units from the template,
this year's round under its own implementing plan, and its first system administrator. And
the accounts of the municipal office (市级, D116), which reads every county (D140).

It lives in the project package because it wires both apps: the ledger's places and
units (ledger.counties) and the approvals' round (approvals.services.rounds)."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from approvals.services.rounds import round_for_year
from ledger.access import MUNICIPAL_OFFICE
from ledger.choices import Role, UnitKind
from ledger.counties import create_county_units, load_divisions
from ledger.models import County, Unit, User

# The county system administrator's rights in the admin site (三员分立: accounts and units;
# never the audit trail, which is a page of its own). Every queryset there is the county's.
ADMIN_GROUP = "区县系统管理员"
ADMIN_PERMISSIONS = [
    ("ledger", "user", ("add", "change", "view")),
    ("ledger", "unit", ("add", "change", "view")),
    ("ledger", "division", ("view",)),
    ("ledger", "county", ("change", "view")),
    ("approvals", "round", ("view",)),
    ("approvals", "letternumbering", ("view",)),
]


def admin_group() -> Group:
    """The group of the county system administrators, with its permissions (created once)."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    wanted = [f"{action}_{model}" for app, model, actions in ADMIN_PERMISSIONS for action in actions]
    perms = Permission.objects.filter(
        content_type__app_label__in={app for app, _, _ in ADMIN_PERMISSIONS}, codename__in=wanted
    )
    group.permissions.add(*perms)
    return group


@dataclass
class Onboarded:
    county: County
    units: int
    admin: User
    password: str
    round_year: int


def one_time_password(length: int = 16) -> str:
    """A random password that passes the password rules (upper, lower, digits, a symbol)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(length - 1))
        password = body[:8] + secrets.choice("-_.@") + body[8:]
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def _split_name(full: str) -> tuple[str, str]:
    """张三 → (last 张, first 三): the family name first, as User.get_full_name writes it."""
    full = full.strip()
    return (full[:1], full[1:]) if full else ("", "")


@transaction.atomic
def _new_user(username: str, name: str, **fields: Any) -> tuple[User, str]:
    """A new account with a one-time password (checked by the password rules), to be changed
    at its first log-in; returns it with the password to hand over."""
    password = one_time_password()
    last, first = _split_name(name)
    user = User(username=username, last_name=last, first_name=first, must_change_password=True, **fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user, password


def county_add(
    *, code: str, admin_username: str, admin_name: str = "", plan_title: str = "", plan_number: str = ""
) -> Onboarded:
    """Add the county `code`: refused (ValidationError, in Chinese) if it has units already
    or the user name is taken."""
    existing = County.objects.filter(code=code).first()
    if existing is not None and Unit.objects.filter(county=existing).exists():
        raise ValidationError(f"区县 {code}（{existing.name}）已开通，不能重复开通。")
    if User.objects.filter(username=admin_username).exists():
        raise ValidationError(f"用户名“{admin_username}”已被使用，请换一个。")
    try:
        load_divisions([code])
    except ValueError as e:
        raise ValidationError(str(e)) from e
    county = County.objects.get(code=code)
    if plan_title or plan_number:
        county.plan_title = plan_title.strip().strip("《》") or county.plan_title
        county.plan_number = plan_number.strip() or county.plan_number
        county.save(update_fields=["plan_title", "plan_number"])
    units = create_county_units(county)
    bureau = Unit.objects.get(county=county, kind=UnitKind.BUREAU)
    admin, password = _new_user(admin_username, admin_name, unit=bureau, role=Role.ADMIN, is_staff=True)
    admin.groups.add(admin_group())
    year = timezone.localdate().year
    round_for_year(year, county)
    return Onboarded(county=county, units=units, admin=admin, password=password, round_year=year)


# The municipal office's unit when the command creates it (the county bureau's code, XCZXJ,
# with 市 before it).
MUNICIPAL_UNIT_CODE = "SXCZXJ"


@dataclass
class MunicipalAccount:
    user: User
    password: str
    unit: Unit
    unit_created: bool


@transaction.atomic
def municipal_user_add(*, username: str, name: str = "", unit_code: str = "") -> MunicipalAccount:
    """A user of the municipal office (Role.MUNICIPAL: reads every county, changes nothing;
    no admin site), in its unit: the one of code `unit_code`, else the only municipal unit,
    created (重庆市乡村振兴局, no county) when there is none. A one-time password, to be changed
    at the first log-in, as add_county's administrator. Refused (ValidationError, in
    Chinese) if the user name is taken, or if several municipal units exist and none is named."""
    username = username.strip()
    if not username:
        raise ValidationError("用户名不能为空。")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名“{username}”已被使用，请换一个。")
    units = Unit.objects.filter(kind=UnitKind.MUNICIPAL).order_by("code")
    created = False
    if unit_code:
        found = units.filter(code=unit_code).first()
        if found is None:
            raise ValidationError(f"没有代码为“{unit_code}”的市级单位。")
        unit = found
    else:
        existing = list(units)
        if len(existing) > 1:
            codes = "、".join(u.code for u in existing)
            raise ValidationError(f"已有多个市级单位（{codes}），请用 --unit 指明用户所属单位的代码。")
        if existing:
            unit = existing[0]
        else:
            unit = Unit(code=MUNICIPAL_UNIT_CODE, name=MUNICIPAL_OFFICE, kind=UnitKind.MUNICIPAL)
            unit.full_clean()
            unit.save()
            created = True
    user, password = _new_user(username, name, unit=unit, role=Role.MUNICIPAL)
    return MunicipalAccount(user=user, password=password, unit=unit, unit_created=created)
