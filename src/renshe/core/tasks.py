"""Background jobs. Each is idempotent, so a retry after a worker dies does no harm: it is acknowledged only
when it ends (CELERY_TASK_ACKS_LATE), so the broker delivers it again if its worker is lost mid-way
(tests/faults/test_worker_killed.py)."""

import logging

from celery import shared_task
from django.utils import timezone

from . import services
from .jobs import logged_job

logger = logging.getLogger(__name__)


def _note_redelivery(task) -> None:
    if (task.request.delivery_info or {}).get("redelivered"):
        logger.warning("%s delivered again (its worker was lost mid-way); it resumes", task.name)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
@logged_job
def send_due_reminders(self) -> int:
    """Reminds people of tasks due soon or overdue; a second run sends only what the first did not."""
    _note_redelivery(self)
    return services.send_due_reminders()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
@logged_job
def check_next_year_holiday_schedule() -> int | None:
    """From November on, ask administrators for next year's schedule until someone confirms it."""
    today = timezone.localdate()
    if today.month < 11:
        return None
    schedule = services.ensure_schedule_confirmation_task(today.year + 1)
    return schedule.pk if schedule else None


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
@logged_job
def seal_timeline() -> int | None:
    """Seals the events committed since the last anchor; a second run seals only what is new."""
    from .timeline import seal

    anchor = seal()
    return anchor.pk if anchor else None


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
@logged_job
def purge_idempotency_keys() -> int:
    """Deletes the API's idempotency records past their 24 hours (core.idempotency)."""
    from .idempotency import purge_expired

    return purge_expired()
