"""Time the ledger export against XlsxWriter alone writing the same styled cells.

DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate
DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py seed_demo --projects 10000 --quiet-accounts
DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py bench_exports
"""

import time
from io import BytesIO

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger import xlsx
from ledger.exports.ledger_xlsx import CENTERED_COLUMNS, COLUMNS, MONEY_COLUMNS, ledger_row, write_ledger
from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import write_statistics


def bare_xlsxwriter(rows: list[list]) -> float:
    """Seconds for XlsxWriter alone to write `rows` with the ledger's formats."""
    start = time.perf_counter()
    wb = xlsx.workbook(BytesIO())
    st = xlsx.styles(wb)
    ws = wb.add_worksheet("bare")
    for r, values in enumerate(rows, start=4):
        for col, value in enumerate(values):
            fmt = st.wan if col in MONEY_COLUMNS else st.center if col in CENTERED_COLUMNS else st.text
            xlsx.put(ws, r, col, value, fmt)
    wb.close()
    return time.perf_counter() - start


class Command(BaseCommand):
    help = "Time the ledger (and statistics) export of the whole county against bare XlsxWriter."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="best of N runs")

    def handle(self, *args, repeat, **options):
        scope = scope_for_unit(None)
        n = scope.projects.count()
        best, size = float("inf"), 0
        for _ in range(repeat):
            buf = BytesIO()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                write_ledger(buf, scope.projects, unit_name=scope.unit_name)
                best = min(best, time.perf_counter() - start)
            queries, size = len(ctx.captured_queries), len(buf.getvalue())
        rows = [ledger_row(i, p) for i, p in enumerate(scope.projects.iterator(chunk_size=2000), start=1)]
        bare = min(bare_xlsxwriter(rows) for _ in range(repeat))
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            write_statistics(BytesIO(), scope.projects, unit_name=scope.unit_name)
            stats = time.perf_counter() - start
        self.stdout.write(f"projects: {n}, cells: {n * len(COLUMNS)}")
        self.stdout.write(f"ledger export: {best:.3f} s, {queries} queries, {size / 1024:.0f} KiB")
        self.stdout.write(f"bare XlsxWriter, same cells and formats: {bare:.3f} s")
        self.stdout.write(f"ratio: {best / bare:.2f}")
        self.stdout.write(f"statistics export: {stats:.3f} s, {len(ctx.captured_queries)} queries")
