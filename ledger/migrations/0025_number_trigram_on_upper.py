"""The trigram index of the project number is made on UPPER(number) (D147).

A trigram index on the column itself also serves `number = …` (pg_trgm ≥ 1.6), and the
planner, misjudging its cost, preferred it to the B-tree for the import's lookup of a file's
numbers (`number = ANY(…)`): every number of a county shares its first digits, so each of
their trigrams matches nearly every row, and 5,000 numbers took 30 s in a county of 100,000
projects instead of a tenth of a second. On UPPER(number) it serves the search, which asks
for `UPPER(number) LIKE UPPER('%…%')` (ledger.filters.ProjectFilter.search), and nothing
else. SQLite has no such index."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS project_number_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS project_number_upper_trgm ON ledger_project "
        "USING gin ((UPPER(number::text)) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS project_number_upper_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS project_number_trgm ON ledger_project USING gin ((number) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0024_import_batch_packed_json"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
