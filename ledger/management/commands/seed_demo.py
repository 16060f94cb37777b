from django.core.management.base import BaseCommand, CommandError

from ledger.demo import DEMO_PASSWORD, ensure_demo_accounts, seed_projects
from ledger.models import User


class Command(BaseCommand):
    help = "Create the demo accounts and N demo projects over the county's real places (same seed, same projects)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--quiet-accounts", action="store_true", help="do not print the demo log-ins")

    def handle(self, *args, projects, seed, quiet_accounts, **options):
        if projects < 0:
            raise CommandError("--projects must not be negative")
        accounts = ensure_demo_accounts()
        created = seed_projects(projects, seed, by=User.objects.get(username="xczxj"))
        self.stdout.write(f"Demo projects: {created} created ({projects} requested, seed {seed}).")
        if not quiet_accounts:
            self.stdout.write("Demo log-ins (for trying the system only, never for production), password " + DEMO_PASSWORD)
            for username, role, unit in accounts:
                self.stdout.write(f"  {username:<16} {role:<14} {unit}")
