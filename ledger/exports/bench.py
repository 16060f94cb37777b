"""Benchmarks of the exports, for `manage.py bench_exports` and the scale benchmarks: the
ledger (附件5) against XlsxWriter alone writing the same rows and cells, and the forms
package (附件1–3) with its time and memory. Timings are the best of a few runs; they
compare, on one machine under one load, never assert."""

import os
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from ledger import xlsx
from ledger.exports.forms import write_forms_zip
from ledger.exports.ledger_xlsx import (
    CENTERED_COLUMNS,
    MONEY_COLUMNS,
    TEXT_COLUMNS,
    TEXT_WIDTHS,
    ledger_row,
    write_ledger,
)
from ledger.extensions import progress_for
from ledger.ledger_columns import LEDGER_COLUMNS, ledger_values
from ledger.models import Project


@dataclass
class LedgerBench:
    rows: int
    cells: int
    export: float  # seconds (wall clock), best of the runs
    bare: float  # seconds (wall clock) for XlsxWriter alone, best of the runs
    export_cpu: float  # seconds of this process's processor time, best of the runs
    bare_cpu: float
    queries: int
    size: int  # bytes

    @property
    def ratio(self) -> float:
        return self.export / self.bare

    @property
    def cpu_ratio(self) -> float:
        """The ratio in processor time: steadier than the wall clock on a loaded machine
        (the database's own time is not in it: one query, streamed)."""
        return self.export_cpu / self.bare_cpu


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall clock, processor) seconds of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def ledger_cells(projects: QuerySet[Project]) -> tuple[list[list[Any]], list[float]]:
    """The ledger's data rows as XlsxWriter receives them (money as the float of its exact
    万元, 序号 and 实施年度 as numbers, the rest as text) and each row's height: what the
    export writes, computed beforehand."""
    progress = progress_for(projects)
    rows, heights = [], []
    for i, p in enumerate(ledger_values(projects), start=1):
        values = ledger_row(i, p, progress.get(p.pk) or p.ledger_progress)
        heights.append(xlsx.text_height([values[c] for c in TEXT_COLUMNS], TEXT_WIDTHS))
        rows.append([float(v) if isinstance(v, Decimal) else v for v in values])
    return rows, heights


def bare_ledger(rows: list[list[Any]], heights: list[float]) -> None:
    """XlsxWriter alone writing the ledger's data rows, cells and row heights already
    computed: each row's height, then each cell by its column's method and format (a
    number, a string, or a blank for an empty text)."""
    wb = xlsx.workbook(BytesIO())
    st = xlsx.styles(wb)
    ws = wb.add_worksheet("bare")
    formats = [
        st.wan if c in MONEY_COLUMNS else st.center if c in CENTERED_COLUMNS else st.text
        for c in range(len(LEDGER_COLUMNS))
    ]
    numeric = [col.number or c in MONEY_COLUMNS for c, col in enumerate(LEDGER_COLUMNS)]
    write_number, write_string, write_blank, set_row = ws.write_number, ws.write_string, ws.write_blank, ws.set_row
    for r, (values, height) in enumerate(zip(rows, heights, strict=True), start=4):
        set_row(r, height)
        for c, value in enumerate(values):
            if numeric[c]:
                write_number(r, c, value, formats[c])
            elif value:
                write_string(r, c, value, formats[c])
            else:
                write_blank(r, c, None, formats[c])
    wb.close()


def bench_ledger(projects: QuerySet[Project], *, repeat: int = 3) -> LedgerBench:
    """The ledger export of `projects` (read from the database, written to memory) against
    bare_ledger writing the same rows and cells."""
    buf = BytesIO()
    with CaptureQueriesContext(connection) as ctx:
        write_ledger(buf, projects, unit_name="彭水自治县")
    queries, size = len(ctx.captured_queries), len(buf.getvalue())
    rows, heights = ledger_cells(projects)
    export, bare = [], []
    for _ in range(repeat):  # taken in turns, so that a change of load falls on both
        xlsx.forget_measured_texts()  # every export measures its texts afresh
        export.append(_timed(lambda: write_ledger(BytesIO(), projects, unit_name="彭水自治县")))
        bare.append(_timed(lambda: bare_ledger(rows, heights)))
    return LedgerBench(
        rows=len(rows),
        cells=len(rows) * len(LEDGER_COLUMNS),
        export=min(w for w, _ in export),
        bare=min(w for w, _ in bare),
        export_cpu=min(c for _, c in export),
        bare_cpu=min(c for _, c in bare),
        queries=queries,
        size=size,
    )


@dataclass
class FormsBench:
    forms: int
    seconds: float
    cpu: float  # user and system seconds
    traced_peak: int  # bytes allocated by Python at the peak (tracemalloc), 0 when not traced
    max_rss: int  # the process's largest resident set so far, bytes
    size: int  # bytes of the package


def bench_forms(projects: QuerySet[Project], *, trace: bool = False) -> FormsBench:
    """The forms package of `projects` written to a temporary file on disk, timed; with
    `trace`, the peak of Python's allocations too (tracemalloc slows the run)."""
    if trace:
        tracemalloc.start()
    before, start = os.times(), time.perf_counter()
    with tempfile.TemporaryFile() as f:
        forms = write_forms_zip(f, projects)
        size = f.tell()
    seconds, after = time.perf_counter() - start, os.times()
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    cpu = after.user - before.user + after.system - before.system
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return FormsBench(forms, seconds, cpu, peak, max_rss, size)
