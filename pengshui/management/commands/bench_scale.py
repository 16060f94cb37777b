"""The scale benchmark: the pages' median server time at several numbers of projects, on
PostgreSQL (a benchmark, not a test; docs/architecture.md, "Benchmarks").

    DJANGO_DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python manage.py bench_scale --sizes 1000,10000,100000 --counties 38 --samples 15 --explain --exports

For each size it makes a fresh database `<prefix>_<size>` on the server of DATABASE_URL
(`--reuse` keeps one that is already seeded), migrates it, seeds it with
`seed_demo --projects N --force-demo`, runs VACUUM ANALYZE, then measures each page in a
child process with DEBUG off through the test Client (in-process: no network, no web
server), and prints one Markdown table (median ms and the number of queries per page and
size) and the EXPLAIN ANALYZE lines of each page's slowest query at the largest size;
with --exports, the figures of `bench_exports` and `bench_imports` on each size's database.
`--counties K` spreads each size's projects over K counties (seed_demo --counties), the
user's county holding 1/K of them, as the city's deployment would.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg2  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger.access import projects_for
from ledger.choices import Role, UnitKind
from ledger.models import Project, Unit, User
from ledger.tables import PER_PAGE

# (label, URL name, query string, what its pk is of: None or "project")
PAGES = [
    ("home", "home", "", None),
    ("list", "project_list", "", None),
    ("list ?q=养殖", "project_list", "q=养殖", None),  # two characters: no trigram, a scan
    ("list ?q=养殖场", "project_list", "q=养殖场", None),  # three: the trigram index
    ("list ?sort=-investment", "project_list", "sort=-investment", None),
    ("list ?page=1000", "project_list", "page=1000", None),
    ("list, last page", "project_list", "page=last", None),  # the deepest page of the user's county
    ("weekly county", "weekly_county", "", None),
    ("detail", "project_detail", "", "project"),
    ("edit", "project_edit", "", "project"),
    ("inbox", "approvals:inbox", "", None),
]
# the municipal office's pages (市级), read by a municipal account of the benchmark's own
MUNICIPAL_PAGES = [
    ("municipal home", "municipal_home", ""),
    ("municipal 附件4", "municipal_statistics", ""),
]
MUNICIPAL_USER = "bench_city"
TIME = "/usr/bin/time"  # GNU time, for the seeding's peak memory
PLAN_LINES = ("Scan", "Sort", "Limit", "Aggregate", "Execution Time", "Join", "Heap Fetches")


def _database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class Command(BaseCommand):
    help = "Median server time and queries of the main pages at several numbers of projects (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of projects, comma-separated")
        parser.add_argument("--samples", type=int, default=15)
        parser.add_argument("--user", default="xczxj")
        parser.add_argument("--prefix", default="pages_bench", help="the databases are named <prefix>_<size>")
        parser.add_argument(
            "--counties",
            type=int,
            default=1,
            help="spread each size's projects over this many counties (seed_demo --counties): the user's "
            "county holds 1/K of them",
        )
        parser.add_argument("--reuse", action="store_true", help="keep a database of that name already seeded")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest query")
        parser.add_argument(
            "--exports",
            action="store_true",
            help="also run bench_exports (the ledger against bare XlsxWriter, the statistics) and bench_imports "
            "(--import-rows rows) on each size's database, and print their figures",
        )
        parser.add_argument("--import-rows", type=int, default=5000)
        parser.add_argument("--measure", action="store_true", help="(internal) measure the current database")

    def handle(
        self, *args, sizes, samples, user, counties, prefix, reuse, explain, exports, import_rows, measure, **options
    ):
        if measure:
            self.stdout.write(json.dumps(self._measure(samples, user, explain), ensure_ascii=False))
            return
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith(("postgres://", "postgresql://")):
            raise CommandError("bench_scale runs on PostgreSQL: set DATABASE_URL=postgres://…/postgres")
        numbers = [int(s) for s in sizes.split(",") if s.strip()]
        results: dict[int, dict] = {}
        for n in numbers:
            name = f"{prefix}_{n}" + (f"_c{counties}" if counties > 1 else "")
            url = _database_url(base, name)
            if not (reuse and self._seeded(base, name)):
                self._seed(base, name, url, n, counties)
            else:  # a database kept from an earlier run gets the migrations added since
                self._run(url, "migrate", "--noinput", "-v0")
            results[n] = self._child(url, samples, user, explain=explain and n == numbers[-1])
            if exports:
                results[n]["exports"] = self._run(url, "bench_exports", "--repeat", "1") + self._run(
                    url, "bench_imports", "--rows", str(import_rows), "--user", user
                )
        self._report(numbers, results)

    # ---- the parent: databases and children ----------------------------------------------
    def _admin(self, base: str):
        conn = psycopg2.connect(_database_url(base, "postgres"))
        conn.autocommit = True
        return conn

    def _seeded(self, base: str, name: str) -> bool:
        with self._admin(base) as conn, conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cur.fetchone() is not None

    def _env(self, url: str) -> dict[str, str]:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "false"}
        env.setdefault("DJANGO_SECRET_KEY", "bench-scale-only-" + "x" * 40)
        return env

    def _run(self, url: str, *argv: str, peak: list[int] | None = None) -> str:
        """Run `manage.py argv` on the database `url`; its output. With `peak`, under
        /usr/bin/time where it is installed: its peak memory in KiB appended to `peak`."""
        timed = peak is not None and os.path.exists(TIME)
        done = subprocess.run(
            [*([TIME, "-f", "%M"] if timed else []), sys.executable, "manage.py", *argv],
            cwd=settings.BASE_DIR,
            env=self._env(url),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise CommandError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
        if timed and peak is not None and (last := done.stderr.strip().splitlines()[-1:]) and last[0].isdigit():
            peak.append(int(last[0]))
        return done.stdout

    def _seed(self, base: str, name: str, url: str, n: int, counties: int) -> None:
        conn = self._admin(base)
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        start = time.perf_counter()
        self._run(url, "migrate", "--noinput", "-v0")
        peak: list[int] = []
        seed = ["seed_demo", "--projects", str(n), "--counties", str(counties), "--force-demo", "--quiet-accounts"]
        self._run(url, *seed, peak=peak)
        took = time.perf_counter() - start
        memory = f", seed_demo's peak memory {peak[0] / 1024:.0f} MB" if peak else ""
        conn = psycopg2.connect(url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('ledger_project')), n_dead_tup "
                "FROM pg_stat_user_tables WHERE relname = 'ledger_project'"
            )
            size, dead = cur.fetchone()
            cur.execute("VACUUM ANALYZE")  # as autovacuum would have done on a live database
        conn.close()
        self.stderr.write(
            f"{name}: seeded {n} projects over {counties} counties in {took:.0f} s{memory}; "
            f"ledger_project {size} with {dead} dead rows"
        )

    def _child(self, url: str, samples: int, user: str, explain: bool) -> dict:
        argv = ["bench_scale", "--measure", "--samples", str(samples), "--user", user]
        out = self._run(url, *argv, *(["--explain"] if explain else []))
        return json.loads(out.strip().splitlines()[-1])

    def _report(self, numbers: list[int], results: dict[int, dict]) -> None:
        w = self.stdout.write
        w("| page | " + " | ".join(f"{n:,}" for n in numbers) + " |")
        w("|---|" + "---|" * len(numbers))
        for label in [p[0] for p in PAGES] + [p[0] for p in MUNICIPAL_PAGES]:
            cells = []
            for n in numbers:
                r = results[n]["pages"].get(label)
                cells.append(f"{r['median']:.0f} ms ({r['queries']} q, {r['status']})" if r else "—")
            w(f"| {label} | " + " | ".join(cells) + " |")
        last = results[numbers[-1]]
        w(
            f"\nuser {last['user']}: {last['scope']:,} projects in scope of {last['all']:,} in {last['counties']} "
            f"counties at {numbers[-1]:,}; municipal pages as {MUNICIPAL_USER}; {last['samples']} samples"
        )
        for n in numbers:
            if "exports" in results[n]:
                w(f"\nexports and imports at {n:,} (bench_exports --repeat 1; bench_imports --rows …):")
                for line in results[n]["exports"].splitlines():
                    w("   " + line)
        for label, plan in last.get("plans", {}).items():
            w(f"\n-- {label}: {plan['ms']:.1f} ms\n   {plan['sql'][:300]}")
            for line in plan["lines"]:
                w("   " + line)

    # ---- the child: one database ------------------------------------------------------------
    def _measure(self, samples: int, username: str, explain: bool) -> dict[str, Any]:
        import logging

        logging.getLogger("django.request").setLevel(logging.ERROR)
        try:
            who = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}") from None
        scope = projects_for(who)
        count = scope.count()
        project = scope.order_by("pk")[count // 2] if count else None
        pages: dict[str, dict] = {}
        plans: dict[str, dict] = {}
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(who)
        for label, name, query, of in PAGES:
            if of == "project" and project is None:
                continue
            url = reverse(name, kwargs={"pk": project.pk} if of == "project" and project else None)
            query = query.replace("page=last", f"page={max(1, -(-count // PER_PAGE))}")
            self._time(client, label, url + (f"?{query}" if query else ""), samples, explain, pages, plans)
        client.force_login(self._municipal_user())
        for label, name, query in MUNICIPAL_PAGES:
            self._time(client, label, reverse(name) + (f"?{query}" if query else ""), samples, explain, pages, plans)
        return {
            "user": username,
            "scope": count,
            "all": Project.objects.count(),
            "counties": Unit.objects.exclude(county=None).values("county").distinct().count(),
            "samples": samples,
            "pages": pages,
            "plans": plans,
        }

    def _time(
        self, client: Client, label: str, url: str, samples: int, explain: bool, pages: dict, plans: dict
    ) -> None:
        """The median of `samples` GETs of `url` (after one to warm templates, caches and the
        connection), with its queries; EXPLAIN ANALYZE of its slowest query if asked."""
        client.get(url)
        times = []
        for _ in range(samples):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
        pages[label] = {"median": statistics.median(times), "queries": len(ctx), "status": response.status_code}
        if explain and ctx.captured_queries:
            slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
            plans[label] = self._explain(slowest["sql"])

    @staticmethod
    def _municipal_user() -> User:
        """The benchmark's municipal account (市级, read-only across counties), made on first
        use in the benchmark's own database, under the municipal office's unit."""
        office, _ = Unit.objects.get_or_create(
            county=None, kind=UnitKind.MUNICIPAL, defaults={"code": "SXCZXJ", "name": "重庆市乡村振兴局"}
        )
        user, _ = User.objects.get_or_create(
            username=MUNICIPAL_USER, defaults={"unit": office, "role": Role.MUNICIPAL, "first_name": "市级（测试）"}
        )
        return user

    @staticmethod
    def _explain(sql: str) -> dict:
        if sql.startswith("DECLARE "):  # a server-side cursor's query (QuerySet.iterator)
            sql = sql.split(" CURSOR WITH HOLD FOR ", 1)[1]
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
            lines = [row[0] for row in cur.fetchall()]
        ms = next((float(x.split(":")[1].split()[0]) for x in lines if x.startswith("Execution Time")), 0.0)
        keep = [x.rstrip() for x in lines if any(k in x for k in PLAN_LINES)][:14]
        return {"sql": " ".join(sql.split()), "ms": ms, "lines": keep}
