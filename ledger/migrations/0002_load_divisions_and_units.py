"""Loads the county's 39 townships and 296 villages (fixtures/pengshui_divisions.csv,
2023 statistical division codes) and creates a unit for each, plus the county units,
so that `migrate` alone gives every database the county's places and units."""

import csv
from pathlib import Path

from django.db import migrations

from ledger.units_data import COUNTY_UNITS, DIVISIONS_CSV, township_unit_name

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def load(apps, schema_editor):
    Division = apps.get_model("ledger", "Division")
    Unit = apps.get_model("ledger", "Unit")
    with open(BASE_DIR / DIVISIONS_CSV, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    townships = {}
    for row in rows:
        if row["level"] == "township":
            townships[row["code"]] = Division.objects.create(code=row["code"], name=row["name"], level="township")
    villages = Division.objects.bulk_create(
        Division(code=r["code"], name=r["name"], level="village", parent=townships[r["parent_code"]])
        for r in rows
        if r["level"] == "village"
    )
    units = [Unit(code=d.code, name=township_unit_name(d.name), kind="township", division=d) for d in townships.values()]
    units += [Unit(code=d.code, name=d.name, kind="village", division=d) for d in villages]
    units += [Unit(code=code, name=name, kind=kind) for code, name, kind in COUNTY_UNITS]
    Unit.objects.bulk_create(units)


def unload(apps, schema_editor):
    apps.get_model("ledger", "Unit").objects.all().delete()
    Division = apps.get_model("ledger", "Division")
    Division.objects.filter(level="village").delete()
    Division.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
