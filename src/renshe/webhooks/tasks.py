from celery import shared_task
from django.conf import settings

from . import services


@shared_task(ignore_result=True)  # the delivery's row is its result
def deliver(delivery_id: int) -> None:
    """One attempt at a webhook delivery; a failure due to be retried soon comes back as a countdown, a
    later one is queued by `send_due_deliveries`. Acknowledged when it ends (CELERY_TASK_ACKS_LATE): a
    delivery whose worker died is sent again, and the receiver deduplicates by its id. Under the embedded
    default (eager) the retries follow one another at once."""
    wait = services.attempt(delivery_id)
    if wait is not None:
        deliver.apply_async(
            (delivery_id,), countdown=wait.total_seconds(), queue=settings.RENSHE_WEBHOOK_QUEUE or None
        )


@shared_task
def send_due_deliveries() -> int:
    return services.send_due()
