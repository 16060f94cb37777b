"""The import's scale benchmark: a 附件5 ledger of N rows, uploaded (read, previewed, kept
on a batch) and committed through the same functions as the import page, timed apart.

The workbook is built from projects already in the database (run `seed_demo` first): most
rows are copies of them under new numbers (新增), the rest are the projects themselves with
a new 责任人 (修改), so both the insert and the update path are measured. Everything runs in
a transaction rolled back at the end, unless `keep` is given: the database is left as it was.
"""

import time
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.db import connection, transaction

from ledger import xlsx
from ledger.imports.engine import _known, batch_create, import_commit, import_county, import_preview, in_county
from ledger.imports.reader import READ_SECONDS, Deadline, find_table, load_grid
from ledger.ledger_columns import LEDGER_COLUMNS, CellFormat, RowContext
from ledger.models import Project, User
from ledger.models.imports import ImportBatch, ImportSource, ProjectPush

BENCH_PREFIX = "BENCH"  # the numbers of the copies


@dataclass
class BenchResult:
    rows: int
    added: int
    changed: int
    refused: int
    build: float  # seconds to write the workbook (not counted in the rate)
    upload: float  # read, preview and keep the batch (what the upload page does)
    commit: float
    cpu: float  # this process's CPU seconds for both (the database server's not counted)

    @property
    def rate(self) -> float:
        """Rows per second from upload to committed."""
        return self.rows / (self.upload + self.commit)


def bench_workbook(rows: int, changed_share: float = 0.2) -> bytes:
    """A ledger of `rows` rows: `changed_share` of them projects already here with a new
    责任人, the others copies of them under new numbers."""
    changed = int(rows * changed_share)
    templates = list(
        Project.objects.filter(in_county(None))  # the default county's, which the import is for
        .select_related("township", "village", "managing_unit")
        .order_by("pk")[: max(rows, 1)]
    )
    if not templates:
        raise ValueError("no projects to copy: run seed_demo first")
    out = BytesIO()
    wb = xlsx.workbook(out)
    st = xlsx.styles(wb)
    ws = wb.add_worksheet("台账")
    columns = [(c.group, c.header, c.width) for c in LEDGER_COLUMNS]
    first = xlsx.table_head(ws, st, title="帮扶产业项目管理台账", columns=columns, info=[], freeze_cols=3)
    for i in range(rows):
        p = templates[i % len(templates)]
        if i < changed and i < len(templates):
            person = p.responsible_person
            p.responsible_person = "新" + person[:10]
        else:
            person = None
            p.number = f"{BENCH_PREFIX}{i:08d}"
        for col, column in enumerate(LEDGER_COLUMNS):
            value = column.value(p, RowContext(index=i + 1, progress=p.ledger_progress))
            if column.format == CellFormat.MONEY:
                value = xlsx.to_wan(Decimal(value))
            xlsx.put(ws, first + i, col, value)
        if person is not None:
            p.responsible_person = person
    wb.close()
    return out.getvalue()


class _Rollback(Exception):
    pass


# The tables an import writes: a run rolled back leaves its rows there dead until a vacuum.
TOUCHED = (Project, Project.history.model, ProjectPush, ImportBatch)


def vacuum_touched() -> None:
    """VACUUM ANALYZE the tables an import writes (PostgreSQL, outside a transaction), so
    that a run does not find the dead rows of the runs rolled back before it: 5,000 rows
    each, which slowed the lookups of the next runs by a fifth to a third, where a county's
    database is kept vacuumed by autovacuum."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in TOUCHED:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def bench_import(rows: int, *, by: User | None = None, keep: bool = False, changed_share: float = 0.2) -> BenchResult:
    """Time the upload (read + preview + batch) and the commit of a ledger of `rows` rows."""
    vacuum_touched()
    start = time.perf_counter()
    data = bench_workbook(rows, changed_share)
    build = time.perf_counter() - start
    result = None
    try:
        with transaction.atomic():
            start, cpu = time.perf_counter(), time.process_time()
            name = f"bench-{rows}.xlsx"
            # as the upload reads it, but without its time limit (a loaded machine may pass it)
            county = import_county(None, by)
            grid = load_grid(data, name, Deadline(READ_SECONDS * 30))
            table = find_table(grid, _known(ImportSource.LEDGER, in_county(county)))
            preview = import_preview(table=table, source=ImportSource.LEDGER, county=county)
            batch = batch_create(
                by=by, source=ImportSource.LEDGER, filename=name, content=data, preview=preview, county=county
            )
            upload = time.perf_counter() - start
            start = time.perf_counter()
            done = import_commit(batch=batch, by=by, only_good=True)  # a copy may fail the test
            commit = time.perf_counter() - start
            result = BenchResult(
                rows=rows,
                added=done.counts["add"],
                changed=done.counts["change"],
                refused=done.counts["refused"],
                build=build,
                upload=upload,
                commit=commit,
                cpu=time.process_time() - cpu,
            )
            batch.file.delete(save=False)
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    assert result is not None
    return result
