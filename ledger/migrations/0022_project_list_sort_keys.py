"""The project list's sort keys and search indexes (D125, D126): the township's code and
the total investment stored on the project, an index for each order, one for the grouped
counts, and on PostgreSQL trigram indexes for the search by name or number (SQLite keeps a
plain scan)."""

import django.db.models.expressions
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

TRIGRAM_INDEXES = {
    # for name__contains and number__contains (ledger.filters.ProjectFilter.search); the
    # number's is made on UPPER(number) by migration 0025
    "project_name_trgm": "name",
    "project_number_trgm": "number",
}


def fill_township_code(apps, schema_editor):
    Project = apps.get_model("ledger", "Project")
    Division = apps.get_model("ledger", "Division")
    Project.objects.update(township_code=Subquery(Division.objects.filter(pk=OuterRef("township_id")).values("code")))


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON ledger_project USING gin (({expression}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0021_counties_as_tenants"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="project",
            options={"ordering": ["township_code", "number"], "verbose_name": "项目", "verbose_name_plural": "项目"},
        ),
        migrations.AddField(
            model_name="project",
            name="investment",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                django.db.models.expressions.CombinedExpression(
                                                    models.F("fund1_central"), "+", models.F("fund1_municipal")
                                                ),
                                                "+",
                                                models.F("fund1_county"),
                                            ),
                                            "+",
                                            models.F("fund2_central"),
                                        ),
                                        "+",
                                        models.F("fund2_municipal"),
                                    ),
                                    "+",
                                    models.F("fund2_county"),
                                ),
                                "+",
                                models.F("fund3_central"),
                            ),
                            "+",
                            models.F("fund3_municipal"),
                        ),
                        "+",
                        models.F("fund3_county"),
                    ),
                    "+",
                    models.F("fund4_social"),
                ),
                output_field=models.DecimalField(decimal_places=2, max_digits=16, verbose_name="投资规模(元)"),
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="township_code",
            field=models.CharField(default="", editable=False, max_length=12, verbose_name="镇(乡)区划代码"),
        ),
        migrations.RunPython(fill_township_code, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["county", "township_code", "number", "id"], name="project_list_order"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["county", "investment", "number", "id"], name="project_investment_order"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=[
                    "county",
                    "township",
                    "classification",
                    "production_status",
                    "proposed_classification",
                    "functional_state",
                    "use_state",
                    "linkage",
                ],
                name="project_breakdown",
            ),
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
