"""Text messages to parties through a pluggable sender (RENSHE_SMS_BACKEND): `console` writes them to the
log (the embedded default, and development), `http` posts them to the bureau's SMS gateway
(RENSHE_SMS_URL, with RENSHE_SMS_TOKEN as a bearer token). A sender's `send(phone, text)` answers the
gateway's id for the message, or raises SmsError with what went wrong."""

import json
import logging
import secrets
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("renshe.sms")


class SmsError(Exception):
    pass


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> str: ...


class ConsoleSender:
    """Writes each message to the log instead of sending it."""

    def send(self, phone: str, text: str) -> str:
        provider_id = f"console-{secrets.token_hex(6)}"
        logger.info("SMS %s to %s: %s", provider_id, phone, text)
        return provider_id


class HttpGatewaySender:
    """POSTs {"to", "text"} as JSON to the gateway; a 2xx answer with {"id": …} is sent, anything else an
    error naming the status and what the gateway said."""

    def __init__(self, url: str, token: str = "", timeout: float = 10.0) -> None:
        if not url:
            raise ImproperlyConfigured("RENSHE_SMS_BACKEND=http needs RENSHE_SMS_URL")
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, phone: str, text: str) -> str:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"to": phone, "text": text}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the configured gateway
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SmsError(
                f"gateway answered {error.code}: {error.read()[:200].decode(errors='replace')}"
            ) from error
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SmsError(f"gateway unreachable or unreadable: {error}") from error
        provider_id = str(answer.get("id") or "")
        if not provider_id:
            raise SmsError(f"gateway gave no message id: {str(answer)[:200]}")
        return provider_id


def sender() -> SmsSender:
    backend = settings.RENSHE_SMS_BACKEND
    if backend == "console":
        return ConsoleSender()
    if backend == "http":
        return HttpGatewaySender(settings.RENSHE_SMS_URL, settings.RENSHE_SMS_TOKEN)
    raise ImproperlyConfigured(f"RENSHE_SMS_BACKEND must be console or http, not {backend!r}")
