"""Delete the audit events older than the retention period: the only deletion of the audit
trail. GB/T 22239-2019 asks for at least six months, so fewer than 180 days are refused.
The run is itself recorded. The queue runs it on the first of each month (pengshui setup_schedules)."""

from django.core.management.base import BaseCommand, CommandError

from ledger import audit


class Command(BaseCommand):
    help = "Delete audit events older than --days (default AUDIT_RETENTION_DAYS; never under 180)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days (at least 180)")

    def handle(self, *args, days, **options):
        try:
            days, deleted = audit.prune(days=days, by="manage.py prune_audit")
        except ValueError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Deleted {deleted} audit events older than {days} days.")
