"""The load test in one command (docs/loadtest.md): seed a PostgreSQL database (the demo's
projects and the load test's accounts), start gunicorn as in production (gunicorn.conf.py,
DEBUG off, the production environment) on a free port of 127.0.0.1, run locust headless for
a fixed time with a fixed number of users, stop gunicorn, and print the throughput, the
percentiles per request type and overall, and the errors. For the peak scenario it also
counts the week's weekly reports and versions in the database against the submissions
locust saw succeed.

    DJANGO_DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/loadtest_bench \\
        python manage.py loadtest --projects 40000 --users 50 --time 3m --scenario browse

Development only: it needs the development requirements (locust) and seeds demo data."""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg2 import sql

from ledger.choices import Role, UnitKind
from ledger.models import Project, Unit, User
from ledger.models.weekly import WeeklyReport, WeeklyReportVersion
from ledger.weekly.figures import REPORTING_KINDS
from loadtest.summary import SubmissionCheck, format_table, overall, read_failures, read_stats, row_named

BASE = Path(settings.BASE_DIR)
LOAD_PASSWORD = "Load@Test2026"  # the load test's own accounts, on its own database only
LOAD_PREFIX = "load_"
# The load test's accounts: per township and per department two, sixty villages one, and
# ten each of the bureau and the office.
PER_REPORTING_UNIT = 2
VILLAGES = 60
COUNTY_USERS = 10
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _seconds(text: str) -> int:
    """3m, 90s, 1h30m, or a number of seconds."""
    total, number = 0, ""
    for ch in text.strip():
        if ch.isdigit():
            number += ch
        elif ch in "hms" and number:
            total += int(number) * {"h": 3600, "m": 60, "s": 1}[ch]
            number = ""
        else:
            raise CommandError(f"--time: {text!r} is not like 3m, 90s or 1h30m")
    return total + (int(number) if number else 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_moment(now: datetime) -> datetime:
    """The next Thursday, 14:00 Asia/Shanghai, at least a day ahead: two hours before the
    weekly deadline, in a week no demo report is in (the demo's are of past weeks)."""
    local = now.astimezone(SHANGHAI)
    day = local.date() + timedelta(days=1)
    while day.weekday() != 3:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=SHANGHAI)


class Command(BaseCommand):
    help = "Seed, serve with gunicorn as in production, run locust headless, and print the figures."

    def add_arguments(self, parser):
        parser.add_argument("--scenario", choices=["browse", "peak"], default="browse")
        parser.add_argument("--projects", type=int, default=40000, help="demo projects to seed (default 40000)")
        parser.add_argument("--users", type=int, help="simulated users (browse 50, peak 92: every account of a unit)")
        parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second (default 5)")
        parser.add_argument("--time", default="3m", help="how long locust runs: 3m, 90s … (default 3m)")
        parser.add_argument("--submissions", type=int, default=2000, help="peak: weekly submissions in the run")
        parser.add_argument("--reuse", action="store_true", help="use the database as seeded by an earlier run")
        parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
        parser.add_argument("--threads", type=int, help="threads per worker, gthread when above 1 (default: conf)")
        parser.add_argument("--keep", action="store_true", help="keep the run's directory (logs, figures)")

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The load test runs on PostgreSQL: set DATABASE_URL, e.g. "
                "postgres://postgres@127.0.0.1:5432/loadtest_bench (created if missing)."
            )
        if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
            raise CommandError("locust is not installed: pip install --require-hashes -r requirements-dev.txt")
        peak = o["scenario"] == "peak"
        if shutil.which("faketime") is None:
            raise CommandError(
                "The load test runs the server on a Thursday before the 16:00 weekly deadline, with "
                "libfaketime: apt-get install faketime"
            )
        seconds = _seconds(o["time"])
        self._database(o["projects"], o["reuse"])
        accounts = self._accounts()
        users = o["users"] or (len(accounts["township"]) + len(accounts["department"]) if peak else 50)
        run = Path(tempfile.mkdtemp(prefix="pengshui-loadtest-"))
        (run / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")
        port = _free_port()
        env = self._production_env(run, port, o["workers"], o["threads"])
        self._collectstatic(env)
        locust_env = {
            "LOADTEST_ACCOUNTS": str(run / "accounts.json"),
            "LOADTEST_PASSWORD": LOAD_PASSWORD,
            "LOADTEST_LEDGER_WITHIN": str(max(seconds * 0.8, 10)),
            "LOADTEST_USERS": str(users),
        }
        # Both scenarios run on a Thursday before the deadline, so a weekly report may be
        # submitted and amended whatever the day the test runs.
        moment = peak_moment(datetime.now(tz=SHANGHAI))
        monday = moment.date() - timedelta(days=moment.weekday())
        locust_env["LOADTEST_WEEK"] = monday.isoformat()
        before = self._week_counts(monday)
        if peak:
            per_user = -(-o["submissions"] // users)
            locust_env |= {
                "LOADTEST_SUBMISSIONS_PER_USER": str(per_user),
                "LOADTEST_PACE": str(seconds / per_user),
            }
        server = self._start_gunicorn(env, port, run, moment)
        try:
            self.stdout.write(
                f"Running {o['scenario']}: {users} users, spawn {o['spawn_rate']}/s, "
                f"{seconds}s, on {connection.settings_dict['NAME']} ({Project.objects.count()} projects), "
                f"gunicorn on 127.0.0.1:{port} ({self._server_line(env)}), "
                f"server clock {moment:%Y-%m-%d %H:%M} Asia/Shanghai"
            )
            # the peak's users stop by themselves once their submissions are made; the margin lets
            # them catch up when the server is slower than the pace
            limit = seconds + (max(60, seconds // 2) if peak else 0)
            self._locust(run, port, users, o["spawn_rate"], limit, peak, locust_env)
        finally:
            self._stop(server)
        rows = read_stats(run / "run_stats.csv")
        self.stdout.write(format_table(rows))
        failures = read_failures(run / "run_failures.csv")
        total = overall(rows)
        self.stdout.write(
            f"throughput {total.per_second:.2f} requests/s; errors {total.failures} of {total.requests}"
            if total
            else "no request was made"
        )
        for name, error, count in failures[:10]:
            self.stdout.write(f"  {count} × {name}: {error}")
        conflicts_file = run / "run_conflicts.json"
        if conflicts_file.exists() and not peak:
            conflicts = json.loads(conflicts_file.read_text(encoding="utf-8"))
            self.stdout.write(
                f"edits refused as made on a copy another user had changed since: {conflicts['stale']} "
                f"(each opened again and saved; refused again: {conflicts['stale_again']})"
            )
        log = (run / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
        timeouts, crashes = log.count("WORKER TIMEOUT"), log.count("Internal Server Error")
        self.stdout.write(f"gunicorn: {timeouts} worker time-outs, {crashes} server errors (500) in its log")
        ok = total is not None and total.failures == 0 and timeouts == 0 and crashes == 0
        # every submission locust saw taken is a version in the database (the peak's check)
        submitted, opened = row_named(rows, "weekly submit"), row_named(rows, "weekly form")
        after = self._week_counts(monday)
        check = SubmissionCheck(
            succeeded=submitted.successes if submitted else 0,
            opened=opened.successes if opened else 0,
            versions_added=after[1] - before[1],
            reports_after=after[0],
            units_submitting=len({u.split("_")[2] for u in accounts["township"] + accounts["department"]}),
        )
        for line in check.lines():
            self.stdout.write(line)
        ok = ok and check.ok
        if o["keep"] or not ok:
            self.stdout.write(f"run directory kept: {run}")
        else:
            shutil.rmtree(run, ignore_errors=True)
        if not ok:
            raise CommandError("the load test had errors (above)")

    # ---- the database ------------------------------------------------------------------
    def _database(self, projects: int, reuse: bool) -> None:
        """Create the database if missing, migrate, seed (or check an earlier seeding)."""
        db = connection.settings_dict
        try:
            admin = psycopg2.connect(
                dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
            )
        except psycopg2.OperationalError as e:
            raise CommandError(f"cannot reach PostgreSQL: {e}") from None
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                self.stdout.write(f"Created the database {db['NAME']}.")
        admin.close()
        call_command("migrate", verbosity=0, interactive=False)
        have = Project.objects.count()
        if reuse:
            if not have:
                raise CommandError("--reuse: the database has no project; run once without --reuse to seed it")
            self.stdout.write(f"Reusing {db['NAME']}: {have} projects.")
            return
        if have or User.objects.exists():
            raise CommandError(
                f"{db['NAME']} already holds data ({have} projects): give --reuse, or drop it first "
                f"(dropdb {db['NAME']}) to seed anew"
            )
        started = time.monotonic()
        call_command("seed_demo", projects=projects, force_demo=True, quiet_accounts=True, stdout=self.stdout)
        self.stdout.write(f"Seeded {projects} projects in {time.monotonic() - started:.0f}s.")

    def _accounts(self) -> dict[str, list[str]]:
        """The load test's accounts by role, created if missing, with the normal password
        hasher (one hash for all: the hasher is slow on purpose). Names: load_<role>_<unit pk>_<n>."""
        password = None
        wanted: list[tuple[str, Role, Unit]] = []
        for unit in Unit.objects.filter(kind__in=REPORTING_KINDS).order_by("pk"):
            role = Role.TOWNSHIP if unit.kind == UnitKind.TOWNSHIP else Role.DEPARTMENT
            wanted += [(f"{LOAD_PREFIX}{role}_{unit.pk}_{n}", role, unit) for n in range(1, PER_REPORTING_UNIT + 1)]
        # villages with village-level projects, so the village users have something to change
        villages = Unit.objects.filter(kind=UnitKind.VILLAGE, managed_projects__isnull=False).distinct().order_by("pk")
        wanted += [(f"{LOAD_PREFIX}village_{u.pk}_1", Role.VILLAGE, u) for u in villages[:VILLAGES]]
        for role, kind in ((Role.BUREAU, UnitKind.BUREAU), (Role.OFFICE, UnitKind.OFFICE)):
            unit = Unit.objects.get(kind=kind)
            wanted += [(f"{LOAD_PREFIX}{role}_{unit.pk}_{n}", role, unit) for n in range(1, COUNTY_USERS + 1)]
        existing = set(User.objects.filter(username__startswith=LOAD_PREFIX).values_list("username", flat=True))
        new = []
        for username, role, unit in wanted:
            if username not in existing:
                password = password or make_password(LOAD_PASSWORD)
                new.append(User(username=username, first_name="负载测试", role=role, unit=unit, password=password))
        User.objects.bulk_create(new)
        accounts: dict[str, list[str]] = {}
        for username, role, _unit in wanted:
            accounts.setdefault(str(role), []).append(username)
        if new:
            self.stdout.write(f"Created {len(new)} load-test accounts.")
        return accounts

    @staticmethod
    def _week_counts(monday) -> tuple[int, int]:
        return (
            WeeklyReport.objects.filter(week_start=monday).count(),
            WeeklyReportVersion.objects.filter(report__week_start=monday).count(),
        )

    # ---- the server --------------------------------------------------------------------
    @staticmethod
    def _production_env(run: Path, port: int, workers: int | None, threads: int | None) -> dict[str, str]:
        """The README's production environment, on the loopback: DEBUG off, a fresh secret key,
        HTTPS behind the proxy (the load test sends X-Forwarded-Proto as nginx does)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
        env |= {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "MEDIA_ROOT": str(run / "media"),
            "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "pengshui-loadtest-static"),
            "SECURE_PROXY_SSL_HEADER": "true",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "true",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "true",
            "SESSION_COOKIE_SECURE": "true",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
        if workers:
            env["GUNICORN_WORKERS"] = str(workers)
        if threads:
            env["GUNICORN_THREADS"] = str(threads)
        return env

    @staticmethod
    def _server_line(env: dict[str, str]) -> str:
        workers = env.get("GUNICORN_WORKERS", "default")
        threads = env.get("GUNICORN_THREADS", "default")
        return f"gunicorn.conf.py, workers {workers}, threads {threads}"

    def _collectstatic(self, env: dict[str, str]) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE, env=env, check=True
        )

    def _start_gunicorn(self, env: dict[str, str], port: int, run: Path, moment: datetime) -> subprocess.Popen:
        # no control socket: its default path is shared by every gunicorn of the machine's user
        conf = str(BASE / "gunicorn.conf.py")
        command = [sys.executable, "-m", "gunicorn", "pengshui.wsgi", "-c", conf, "--no-control-socket"]
        # libfaketime moves the server's clock (only the server's) by a fixed offset
        offset = int(moment.timestamp() - time.time())
        command = ["faketime", "-f", f"+{offset}", *command]
        log = (run / "gunicorn.log").open("w", encoding="utf-8")
        # a session of its own: stopping it stops faketime, gunicorn's master and its workers
        server = subprocess.Popen(
            command, cwd=BASE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopped at start; its log: {run / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(request, timeout=5) as r:
                    if r.status == 200:
                        return server
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self._stop(server)
        raise CommandError(f"gunicorn did not answer /healthz within 60s; its log: {run / 'gunicorn.log'}")

    @staticmethod
    def _stop(server: subprocess.Popen) -> None:
        """Stop the server's whole process group (faketime does not pass a signal on to
        gunicorn): gracefully, then by force after gunicorn's graceful time-out."""
        group = server.pid  # the group's leader (start_new_session)
        try:
            os.killpg(group, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            server.poll()
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        server.wait()

    # ---- locust ------------------------------------------------------------------------
    def _locust(
        self, run: Path, port: int, users: int, rate: float, seconds: int, peak: bool, extra: dict[str, str]
    ) -> None:
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(BASE / "loadtest" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--users",
            str(users),
            "--spawn-rate",
            str(rate),
            "--run-time",
            f"{seconds}s",
            # at the end each user finishes the action in hand (a submission and the page after
            # it), so every submission locust made is counted, taken or not
            "--stop-timeout",
            "120",
            "--only-summary",
            "--exit-code-on-error",
            "0",
            "PeakUser" if peak else "BrowseUser",
        ]
        # the figures are written by the locustfile once every user has stopped (run_stats.csv,
        # run_failures.csv), not by locust's --csv, whose files miss the run's last second
        env = {**os.environ, **extra, "PYTHONPATH": str(BASE), "LOADTEST_STATS": str(run / "run")}
        with (run / "locust.log").open("w", encoding="utf-8") as log:
            done = subprocess.run(command, cwd=BASE, env=env, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode != 0 or not (run / "run_stats.csv").exists():
            raise CommandError(f"locust failed ({done.returncode}); its log: {run / 'locust.log'}")
