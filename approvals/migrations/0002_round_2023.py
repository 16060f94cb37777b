import datetime as dt

from django.db import migrations


def create_round(apps, schema_editor):
    Round = apps.get_model("approvals", "Round")
    d = dt.date
    Round.objects.get_or_create(
        year=2023,
        defaults={
            "name": "2023年经营性帮扶产业项目“四个一批”工作",
            "plan_by": d(2023, 11, 13),
            "mobilise_by": d(2023, 11, 15),
            "submit_by": d(2023, 11, 21),
            "approve_by": d(2023, 11, 25),
            "disposal_from": d(2023, 11, 30),
            "first_results_by": d(2023, 12, 5),
            "report_by": d(2023, 12, 15),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]
    operations = [migrations.RunPython(create_round, migrations.RunPython.noop)]
