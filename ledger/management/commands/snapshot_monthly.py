from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ledger.exports.snapshots import month_start, snapshot_monthly


class Command(BaseCommand):
    help = (
        "Store this month's (or --month YYYY-MM's) ledger and statistics for every township, "
        "department and the county; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM; default: the current month")

    def handle(self, *args, month, **options):
        today = timezone.localdate()
        try:
            first = month_start(month, today)
        except ValueError:
            raise CommandError(f"月份格式应为 YYYY-MM，而不是 {month!r}。") from None
        created = snapshot_monthly(month=first, today=today)
        self.stdout.write(f"{first:%Y-%m}: {len(created)} files stored.")
