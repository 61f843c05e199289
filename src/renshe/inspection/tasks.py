"""Background jobs of the inspection module. Each is idempotent, so a retry after a worker dies does no harm."""

from celery import shared_task
from django.utils import timezone

from renshe.core.jobs import logged_job

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
@logged_job
def remove_expired_listings() -> int:
    """Daily: take employers off the dishonest list once their term has ended (人社部令第45号: 3 years)."""
    return services.remove_expired_listings(timezone.localdate())
