from celery import shared_task

from . import services
from .sms import SmsError


@shared_task(bind=True, max_retries=services.SMS_ATTEMPTS - 1)
def send_sms(self, record_id: int) -> str:
    """Send one recorded text, retrying a failure with back-off (30 s, 1 min, 2 min); the record says how
    it ended. The embedded default runs tasks in-process, where no worker comes back later (and Celery's
    eager mode does not retry): its attempts follow one another at once."""
    if self.request.is_eager:
        for attempt in range(1, services.SMS_ATTEMPTS + 1):
            try:
                return services.send_now(record_id, last_attempt=attempt == services.SMS_ATTEMPTS).status
            except SmsError:
                continue
    try:
        record = services.send_now(record_id, last_attempt=self.request.retries >= self.max_retries)
    except SmsError as error:
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    return record.status
