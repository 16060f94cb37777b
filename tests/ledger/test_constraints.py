"""What must always hold is held by the database itself."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ledger.models import Division, Project, Unit


def test_migrations_load_the_county_places_and_units(db):
    assert Division.objects.filter(level="township").count() == 39
    assert Division.objects.filter(level="village").count() == 296
    assert Division.objects.get(code="500243003208").name == "长岩村村民委员会"
    assert Unit.objects.filter(kind="township").count() == 39
    assert Unit.objects.filter(kind="village").count() == 296
    assert Unit.objects.get(code="500243101").name == "保家镇人民政府"
    assert Unit.objects.get(code="500243001").name == "汉葭街道办事处"
    for name in ["县农业农村委", "县林业局", "县商务委", "县文化旅游委", "县水利局", "县发展改革委", "县供销合作社"]:
        assert Unit.objects.get(name=name).kind == "department"
    assert Unit.objects.get(code="XCZXJ").kind == "bureau"
    assert Unit.objects.get(code="LDXZBGS").kind == "office"


def test_short_village_names(db):
    assert Division.objects.get(code="500243003208").short_name == "长岩村"
    assert Division.objects.filter(name__endswith="社区居民委员会").first().short_name.endswith("社区")


def _raises_integrity(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_project_number_is_unique(make_project):
    p = make_project()
    _raises_integrity(lambda: Project.objects.filter(pk=make_project().pk).update(number=p.number))


def test_amounts_cannot_be_negative(make_project):
    p = make_project()
    _raises_integrity(lambda: Project.objects.filter(pk=p.pk).update(fund1_county=Decimal("-0.01")))
    _raises_integrity(lambda: Project.objects.filter(pk=p.pk).update(pv_assets=Decimal("-1")))
    assert Project.objects.get(pk=p.pk).fund1_county == Decimal("50000.25")


def test_normal_project_cannot_store_halt_reasons(make_project):
    p = make_project()
    _raises_integrity(lambda: Project.objects.filter(pk=p.pk).update(reason_funds=True))


def test_full_linkage_cannot_store_failure_reasons(make_project):
    p = make_project()
    _raises_integrity(lambda: Project.objects.filter(pk=p.pk).update(linkage_no_jobs=True))


def test_village_level_project_needs_a_village(make_project):
    p = make_project()
    _raises_integrity(lambda: Project.objects.filter(pk=p.pk).update(village=None))


def test_year_is_bounded(make_project):
    p = make_project()
    _raises_integrity(lambda: Project.objects.filter(pk=p.pk).update(year=1999))


def test_money_is_exact(make_project):
    p = make_project(fund1_central=Decimal("0.10"), fund1_municipal=Decimal("0.20"), fund1_county=Decimal("0.00"))
    p.refresh_from_db()
    assert p.fund_total("fund1") == Decimal("0.30")
    assert p.investment_total == Decimal("0.30")
