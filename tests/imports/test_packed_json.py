"""An upload's table, preview and result are kept packed when large: the database holds a
compressed string, the code reads the value it stored; a value kept plain reads as before."""

import json

from django.db import connection

from ledger.imports.engine import batch_create, import_commit, import_preview
from ledger.models import imports
from ledger.models.imports import PACKED, ImportBatch, ImportSource
from tests.imports.workbooks import ledger_row, ledger_workbook


def _stored(batch, field):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(field)} FROM ledger_importbatch WHERE id = %s", [batch.pk])
        (raw,) = cursor.fetchone()
    return json.loads(raw) if isinstance(raw, str) else raw


def _upload(rows, by):
    data = ledger_workbook([ledger_row(i + 1, f"项目{i}", f"P{i:05d}") for i in range(rows)])
    preview = import_preview(data=data, filename="a.xlsx", source=ImportSource.LEDGER)
    return batch_create(by=by, source=ImportSource.LEDGER, filename="a.xlsx", content=data, preview=preview)


def test_a_large_upload_is_kept_packed_and_read_whole(personas, monkeypatch):
    monkeypatch.setattr(imports, "PACK_ABOVE", 10_000)  # a test's few hundred rows count as large
    batch = _upload(300, personas["carl"])
    assert set(_stored(batch, "table")) == {PACKED} and set(_stored(batch, "plan")) == {PACKED}
    kept = ImportBatch.objects.get(pk=batch.pk)
    assert kept.table == batch.table and len(kept.table["rows"]) == 300
    assert kept.plan["rows"][0]["number"] == "P00000" and kept.plan == json.loads(json.dumps(batch.plan))
    import_commit(batch=kept, by=personas["carl"])
    committed = ImportBatch.objects.get(pk=batch.pk)
    assert committed.committed and committed.plan == {} and _stored(committed, "plan") == {}
    assert committed.result["counts"]["add"] == 300 and len(committed.result["rows"]) == 300


def test_a_small_value_is_kept_plain_and_a_plain_value_kept_before_reads_as_it_is(personas):
    batch = _upload(2, personas["carl"])
    assert _stored(batch, "table")["rows"][0][0] == batch.table["rows"][0][0] == 5  # the first project's sheet row
    big = {"rows": [[n, ["项目" * 20] * 20] for n in range(200)]}
    with connection.cursor() as cursor:  # a large value kept before tables were packed
        cursor.execute('UPDATE ledger_importbatch SET "table" = %s WHERE id = %s', [json.dumps(big), batch.pk])
    assert _stored(batch, "table") == big
    assert ImportBatch.objects.get(pk=batch.pk).table == big
