from django.core.management.base import BaseCommand
from django.utils import timezone

from renshe.audit import services


class Command(BaseCommand):
    help = (
        "Delete access records (logins, downloads) older than RENSHE_ACCESS_LOG_RETENTION_DAYS. "
        "Timeline events (the operation log) are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *args, dry_run: bool = False, **opts):
        today = timezone.localdate()
        cutoff = services.retention_cutoff(today)
        count = services.purge_expired_access_records(today, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {count} access records from before {cutoff:%Y-%m-%d %H:%M %Z}")
        )
