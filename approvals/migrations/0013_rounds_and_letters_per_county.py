"""Rounds, the letters' numbering and the letters belong to a county (D113): a round is
one per county and year, a 文号 unique within its county. Every row already here is
Pengshui's (created by ledger 0019)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_county(apps, schema_editor):
    pengshui = apps.get_model("ledger", "County").objects.get(code="500243")
    for name in ("Round", "HistoricalRound", "LetterNumbering"):
        apps.get_model("approvals", name).objects.filter(county__isnull=True).update(county=pengshui)
    DecisionLetter = apps.get_model("approvals", "DecisionLetter")
    for letter in DecisionLetter.objects.filter(county__isnull=True).select_related("unit"):
        letter.county_id = letter.unit.county_id
        letter.save(update_fields=["county"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0012_field_surveys"),
        ("ledger", "0021_counties_as_tenants"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="decisionletter",
            name="letter_number_unique",
        ),
        migrations.RemoveConstraint(
            model_name="decisionletter",
            name="letter_serial_unique",
        ),
        migrations.AddField(
            model_name="decisionletter",
            name="county",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="historicalround",
            name="county",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="letternumbering",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.RunPython(fill_county, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decisionletter",
            name="county",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AlterField(
            model_name="letternumbering",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ledger.county", verbose_name="区县"
            ),
        ),
        migrations.AlterField(
            model_name="round",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ledger.county", verbose_name="区县"
            ),
        ),
        migrations.AlterField(
            model_name="historicalround",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="年度"),
        ),
        migrations.AlterField(
            model_name="letternumbering",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="年度"),
        ),
        migrations.AlterField(
            model_name="round",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="年度"),
        ),
        migrations.AddConstraint(
            model_name="decisionletter",
            constraint=models.UniqueConstraint(fields=("county", "number"), name="letter_number_unique_per_county"),
        ),
        migrations.AddConstraint(
            model_name="decisionletter",
            constraint=models.UniqueConstraint(
                fields=("county", "year", "serial"), name="letter_serial_unique_per_county"
            ),
        ),
        migrations.AddConstraint(
            model_name="letternumbering",
            constraint=models.UniqueConstraint(fields=("county", "year"), name="letter_numbering_one_per_county_year"),
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.UniqueConstraint(fields=("county", "year"), name="round_one_per_county_year"),
        ),
    ]
