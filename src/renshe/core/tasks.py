"""Background jobs. Each is idempotent, so a retry after a worker dies does no harm."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_due_reminders() -> int:
    return services.send_due_reminders()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def check_next_year_holiday_schedule() -> int | None:
    """From November on, ask administrators for next year's schedule until someone confirms it."""
    today = timezone.localdate()
    if today.month < 11:
        return None
    schedule = services.ensure_schedule_confirmation_task(today.year + 1)
    return schedule.pk if schedule else None
