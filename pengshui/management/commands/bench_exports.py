"""Time the exports of the whole county: the ledger (附件5) against XlsxWriter alone writing
the same rows and cells (ledger.exports.bench), the statistics table, and with --forms the
forms package (附件1–3) with its memory.

DATABASE_URL=postgres://…/bench python manage.py migrate
DJANGO_DEBUG=true DATABASE_URL=… python manage.py seed_demo --projects 10000 --quiet-accounts
DATABASE_URL=… python manage.py bench_exports [--forms]
"""

import time
from io import BytesIO

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger.exports.bench import bench_forms, bench_ledger
from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import write_statistics


class Command(BaseCommand):
    help = "Time the ledger (and statistics) export of the whole county against bare XlsxWriter; --forms: the forms."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
        parser.add_argument("--forms", action="store_true", help="also write the forms package (slow: minutes)")
        parser.add_argument("--trace", action="store_true", help="with --forms: trace Python's allocations")

    def handle(self, *args, repeat, forms, trace, **options):
        scope = scope_for_unit(None)
        b = bench_ledger(scope.projects, repeat=repeat)
        self.stdout.write(f"projects: {b.rows}, cells: {b.cells}")
        self.stdout.write(f"ledger export: {b.export:.3f} s, {b.queries} queries, {b.size / 1024:.0f} KiB")
        self.stdout.write(f"bare XlsxWriter, same rows, cells, heights and formats: {b.bare:.3f} s")
        cpu = f"{b.export_cpu:.3f} s / {b.bare_cpu:.3f} s = {b.cpu_ratio:.2f}"
        self.stdout.write(f"ratio: {b.ratio:.2f} (processor time: {cpu})")
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            write_statistics(BytesIO(), scope.projects, unit_name=scope.unit_name)
            stats = time.perf_counter() - start
        self.stdout.write(f"statistics export: {stats:.3f} s, {len(ctx.captured_queries)} queries")
        if forms:
            f = bench_forms(scope.projects, trace=trace)
            traced = f", traced peak {f.traced_peak / 2**20:.1f} MiB" if trace else ""
            self.stdout.write(
                f"forms package: {f.forms} forms, {f.seconds:.1f} s (cpu {f.cpu:.1f} s), "
                f"max RSS {f.max_rss / 2**20:.0f} MiB{traced}, {f.size / 2**20:.1f} MiB"
            )
