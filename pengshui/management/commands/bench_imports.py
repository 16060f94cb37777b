"""Time a 附件5 ledger import of 5,000 and 20,000 rows: upload (read, preview, batch) and
commit, in rows per second, after a warm-up import of 500 rows. Rolled back after each size:
the database is left as it was.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python manage.py migrate
DJANGO_DEBUG=true DATABASE_URL=... python manage.py seed_demo --projects 10000 --quiet-accounts
DATABASE_URL=... python manage.py bench_imports --rows 5000 20000
"""

from django.core.management.base import BaseCommand

from ledger.imports.bench import bench_import
from ledger.models import User


class Command(BaseCommand):
    help = "Time the ledger import (upload and commit) at several sizes, in rows per second."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, nargs="+", default=[5000, 20000])
        parser.add_argument("--changed", type=float, default=0.2, help="share of rows changing a project already here")
        parser.add_argument("--user", default="xczxj")

    def handle(self, *args, rows, changed, user, **options):
        by = User.objects.filter(username=user).first()
        # The first import of a process also pays for what a server's worker pays once (the
        # modules' first use, the compiled patterns, the first reads of the places): a
        # small import first, shown apart, so that the figures are a running server's.
        r = bench_import(500, by=by, changed_share=changed)
        self.stdout.write(f"warm-up: {r.rows} rows in {r.upload + r.commit:.2f} s (a new process's first import)")
        for n in rows:
            r = bench_import(n, by=by, changed_share=changed)
            self.stdout.write(
                f"{r.rows} rows ({r.added} added, {r.changed} changed, {r.refused} refused): upload {r.upload:.2f} s, "
                f"commit {r.commit:.2f} s, {r.rate:.0f} rows/s; commit alone {r.rows / r.commit:.0f} rows/s; "
                f"python CPU {r.cpu:.2f} s (workbook built in {r.build:.2f} s)"
            )
