from celery import shared_task

from . import services


@shared_task(ignore_result=True)  # the deliveries' rows are its result
def deliver(endpoint_id: int) -> None:
    """A batch of an endpoint's due webhook deliveries (services.send_batch, which queues what follows: a
    retry's countdown, the next batch). Acknowledged when it ends (CELERY_TASK_ACKS_LATE): the batch of a
    worker that died is claimed again, and the receiver deduplicates by the delivery id. Under the embedded
    default (eager) a short retry follows at once."""
    services.send_batch(endpoint_id)


@shared_task
def send_due_deliveries() -> int:
    return services.send_due()
