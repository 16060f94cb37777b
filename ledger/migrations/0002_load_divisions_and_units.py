"""Loads the county's 39 townships and 296 villages (fixtures/pengshui_divisions.csv,
2023 statistical division codes) and creates a unit for each, plus the county units,
so that `migrate` alone gives every database the county's places and units.

Everything the migration needs is frozen here (the county units, the township unit's
name, the loader), so that later changes to live code never change what it did. The CSV
is data and is read as it is. An administrator adds more departments in the admin.
"""

import csv
from pathlib import Path

from django.db import migrations

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DIVISIONS_CSV = BASE_DIR / "fixtures" / "pengshui_divisions.csv"

# Units besides the townships' and villages' (which take their division's code): (code, name, kind).
COUNTY_UNITS = [
    ("XCZXJ", "县乡村振兴局", "bureau"),
    ("LDXZBGS", "县实施乡村振兴战略领导小组办公室", "office"),
    ("NYNCW", "县农业农村委", "department"),
    ("LYJ", "县林业局", "department"),
    ("SWW", "县商务委", "department"),
    ("WHLYW", "县文化旅游委", "department"),
    ("SLJ", "县水利局", "department"),
    ("FZGGW", "县发展改革委", "department"),
    ("GXS", "县供销合作社", "department"),
    ("CZJ", "县财政局", "review"),
    ("SJJ", "县审计局", "review"),
    ("JWJW", "县纪委监委", "review"),
]


def township_unit_name(division_name):
    """汉葭街道 → 汉葭街道办事处; 保家镇 → 保家镇人民政府."""
    return division_name + ("办事处" if division_name.endswith("街道") else "人民政府")


def load_places(Division, Unit, csv_path=DIVISIONS_CSV):
    """Create every township and village of the CSV and a unit for each, plus the county units."""
    with open(csv_path, encoding="utf-8") as f:
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
    units = [
        Unit(code=d.code, name=township_unit_name(d.name), kind="township", division=d) for d in townships.values()
    ]
    units += [Unit(code=d.code, name=d.name, kind="village", division=d) for d in villages]
    units += [Unit(code=code, name=name, kind=kind) for code, name, kind in COUNTY_UNITS]
    Unit.objects.bulk_create(units)


def load(apps, schema_editor):
    load_places(apps.get_model("ledger", "Division"), apps.get_model("ledger", "Unit"))


def unload(apps, schema_editor):
    apps.get_model("ledger", "Unit").objects.all().delete()
    Division = apps.get_model("ledger", "Division")
    Division.objects.filter(level="village").delete()
    Division.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
