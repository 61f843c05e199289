"""Background jobs of the audit module. Each is idempotent, so a retry after a worker dies does no harm."""

from celery import shared_task
from django.utils import timezone

from renshe.core.jobs import logged_job

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
@logged_job
def purge_access_records() -> int:
    """Daily: delete access records past their retention (never timeline events)."""
    return services.purge_expired_access_records(timezone.localdate())
