"""The demo data set over the county's real places: accounts, projects, and activity in
both apps (the approvals build on the ledger). For trying the system, never for production:
it runs only with DJANGO_DEBUG on, or with --force-demo on an empty database (no user, no
project), and it never changes an account that exists already."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from approvals.choices import Status
from approvals.demo import seed_activity
from ledger.choices import Role
from ledger.counties import county_codes, read_divisions
from ledger.demo import DEMO_PASSWORD, ensure_demo_accounts, seed_projects
from ledger.models import County, Project, Unit, User
from pengshui.counties import county_add


class Command(BaseCommand):
    help = (
        "Create the demo accounts and N demo projects over the county's real places (same seed, same "
        "projects), then the demo activity: applications at every step of the approvals and the weekly "
        "reports of the past weeks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--quiet-accounts", action="store_true", help="do not print the demo log-ins")
        parser.add_argument(
            "--no-activity", action="store_true", help="only accounts and projects: no applications, no weekly reports"
        )
        parser.add_argument(
            "--counties",
            type=int,
            default=1,
            help="spread the projects over this many counties: the default county, then the next counties of "
            "Chongqing by code, each onboarded as add_county does (a benchmark of the whole city)",
        )
        parser.add_argument(
            "--force-demo",
            action="store_true",
            help="with DJANGO_DEBUG off: seed anyway, but only into an empty database (no user, no project)",
        )

    def handle(self, *args, projects, seed, quiet_accounts, no_activity, counties, force_demo, **options):
        if projects < 0:
            raise CommandError("--projects must not be negative")
        if not 1 <= counties <= len(county_codes(read_divisions())):
            raise CommandError("--counties must be between 1 and the number of Chongqing's counties")
        self._refuse_outside_a_demo(force_demo)
        accounts = ensure_demo_accounts()
        share = projects // counties  # each other county's; the default county takes the rest
        own = projects - share * (counties - 1)
        created = seed_projects(own, seed, by=User.objects.get(username="xczxj"))
        self.stdout.write(f"Demo projects: {created} created ({own} requested, seed {seed}).")
        if not no_activity:
            # the activity is the default county's alone: done before the other counties come in
            self.stdout.write(self._activity_line(seed_activity(seed=seed)))
        if counties > 1:
            self._other_counties(counties - 1, share, seed)
        if not no_activity or counties > 1:
            self._compact()
        if not quiet_accounts:
            self.stdout.write(
                "Demo log-ins (for trying the system only, never for production), password " + DEMO_PASSWORD
            )
            for username, role, unit, created in accounts:
                kept = "" if created else "  (existing account, left unchanged)"
                self.stdout.write(f"  {username:<16} {role:<14} {unit}{kept}")

    def _other_counties(self, number: int, share: int, seed: int) -> None:
        """`share` demo projects in each of the next `number` counties of Chongqing by code
        (after the default county), each onboarded with its places, units, round and an
        administrator `admin<code>` whose one-time password is not kept (a benchmark's
        counties: nobody logs in to them). A county onboarded already is kept as it is."""
        codes = [c for c in county_codes(read_divisions()) if c != settings.DEFAULT_COUNTY_CODE][:number]
        created = 0
        for i, code in enumerate(codes, start=1):
            county = County.objects.filter(code=code).first()
            if county is None or not Unit.objects.filter(county=county).exists():
                county = county_add(code=code, admin_username=f"admin{code}").county
            admin = User.objects.filter(unit__county=county, role=Role.ADMIN).order_by("pk").first()
            created += seed_projects(share, seed + i, by=admin, county=county)
        self.stdout.write(f"Demo projects in {len(codes)} other counties: {created} created ({share} each requested).")

    def _compact(self) -> None:
        """The weekly demo puts projects in their earlier state and back (ledger.demo.weekly):
        on PostgreSQL each such write leaves a dead copy of the row, so the projects' table is
        rewritten compactly once the demo is in (a demo database: the lock it takes for those
        seconds matters to nobody). Not inside a transaction, where VACUUM cannot run.
        VACUUM FULL leaves the visibility map empty, so a plain VACUUM follows: without it
        no index-only scan (the home page's counts, the list's page of ids) is chosen until
        autovacuum comes by, and the counts read the whole table (40 ms instead of a few at
        40,000 projects)."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        table = connection.ops.quote_name(Project._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
            cursor.execute(f"VACUUM {table}")
        self.stdout.write("Demo projects' table compacted (VACUUM FULL) after the weekly demo.")

    @staticmethod
    def _refuse_outside_a_demo(force_demo: bool) -> None:
        """Demo data goes only where it belongs: a developer's machine (DJANGO_DEBUG on), or a
        database with nothing in it when asked explicitly (a demonstration server)."""
        if settings.DEBUG:
            return
        if not force_demo:
            raise CommandError(
                "Refusing to add demo data with DJANGO_DEBUG off (this looks like production). "
                "On a developer's machine set DJANGO_DEBUG=true; for a demonstration server give "
                "--force-demo on an empty database."
            )
        if User.objects.exists() or Project.objects.exists():
            raise CommandError(
                "Refusing --force-demo: the database already has users or projects. "
                "Demo data is added only to an empty database."
            )

    @staticmethod
    def _activity_line(activity: dict) -> str:
        apps, weekly, parts = activity["applications"], activity["weekly"], []
        if apps["applications"]:
            states = "，".join(f"{s.label}{apps[s.value]}" for s in Status if apps[s.value])
            parts.append(
                f"{apps['applications']} applications ({states}), "
                f"{apps['meetings'] + apps['party_meetings']} meetings, {apps['notices']} notices, "
                f"{apps['progress']} progress entries"
            )
        if activity["reports"]:
            parts.append(
                f"{activity['reports']} weekly reports over {activity['weeks']} weeks "
                f"({weekly['on_time']} on time, {weekly['late']} late, {weekly['missing']} not reported)"
            )
        if not parts:
            return "Demo activity: nothing added (applications and weekly reports already present, or no projects)."
        return "Demo activity: " + "; ".join(parts) + "."
