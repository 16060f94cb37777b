"""Delete the audit events older than the retention period: the only deletion of the audit
trail. GB/T 22239-2019 asks for at least six months, so fewer than 180 days are refused.
The run is itself recorded. Schedule it (cron or the task queue), e.g. monthly."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ledger import audit
from ledger.models import AuditAction, AuditEvent


class Command(BaseCommand):
    help = "Delete audit events older than --days (default AUDIT_RETENTION_DAYS; never under 180)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days (at least 180)")

    def handle(self, *args, days, **options):
        minimum = settings.AUDIT_RETENTION_MINIMUM_DAYS
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < minimum:
            raise CommandError(f"--days must be at least {minimum}: the audit trail is kept six months or more.")
        before = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            deleted = AuditEvent.objects.prune(before)
            audit.record(
                AuditAction.PRUNE,
                username="manage.py prune_audit",
                detail={"days": days, "before": before.isoformat(), "deleted": deleted},
            )
        self.stdout.write(f"Deleted {deleted} audit events older than {days} days (before {before:%Y-%m-%d}).")
