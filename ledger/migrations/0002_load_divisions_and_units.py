"""Loads the county's 39 townships and 296 villages (fixtures/pengshui_divisions.csv,
2023 statistical division codes) and creates a unit for each, plus the county units,
so that `migrate` alone gives every database the county's places and units."""

from pathlib import Path

from django.db import migrations

from ledger.units_data import DIVISIONS_CSV, load_places

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def load(apps, schema_editor):
    load_places(apps.get_model("ledger", "Division"), apps.get_model("ledger", "Unit"), BASE_DIR / DIVISIONS_CSV)


def unload(apps, schema_editor):
    apps.get_model("ledger", "Unit").objects.all().delete()
    Division = apps.get_model("ledger", "Division")
    Division.objects.filter(level="village").delete()
    Division.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
