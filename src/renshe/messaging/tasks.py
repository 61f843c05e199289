from celery import shared_task

from . import services
from .sms import SmsError


@shared_task(bind=True, max_retries=services.SMS_ATTEMPTS - 1, retry_backoff=True)
def send_sms(self, record_id: int) -> str:
    """Send one recorded text, retrying a failure with back-off; the record says how it ended."""
    try:
        record = services.send_now(record_id, last_attempt=self.request.retries >= self.max_retries)
    except SmsError as error:
        raise self.retry(
            exc=error, countdown=0 if self.request.is_eager else 30 * 2**self.request.retries
        ) from error
    return record.status
