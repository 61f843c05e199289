"""Writes of the webhooks app: an account's endpoints made, changed, paused, resumed and deleted (each on the
timeline); deliveries made for a committed event (`fan_out`), sent one attempt at a time (`attempt`, from
tasks.deliver), retried with back-off, given up, replayed.

`next_attempt_at` on a pending delivery is when the sweeper (`send_due`, every minute) queues it if it has not
been sent by then: a retry's time, or a safety margin after it was queued, so a task message lost with a
broker or a worker is sent anyway. Sending is at least once: a receiver deduplicates by `Renshe-Delivery`.
"""

import ipaddress
import json
import logging
import random
import secrets
import threading
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renshe.audit.selectors import operations_for
from renshe.core import casework, eventkinds
from renshe.core.errors import ValidationFailed
from renshe.core.models import Event, User
from renshe.core.notices import Notice, notify
from renshe.core.services import official
from renshe.core.timeline import diff, record_event

from . import signing
from .events import EVENTS, PUBLIC_NAME
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)
# a queued delivery not sent within this long is queued again by the sweeper (its message was lost)
QUEUED_MARGIN = timedelta(minutes=10)
# a retry due sooner than this waits in the broker (a countdown); a later one waits for the sweeper
COUNTDOWN_LIMIT = timedelta(minutes=5)
SWEEP_BATCH = 1000


# --- endpoints ------------------------------------------------------------------------------------------


def _checked_url(url: str) -> str:
    """An address renshe may POST to: http(s), no credentials in it, and in production https to a host that
    is not this machine or a private network (RENSHE_WEBHOOK_LOCAL_URLS off)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise ValidationFailed(_("接收地址不是有效的网址"), field="url") from None
    local = settings.RENSHE_WEBHOOK_LOCAL_URLS
    if parts.scheme not in ("https", "http") or not parts.hostname or len(url) > 500:
        raise ValidationFailed(_("接收地址须为 http:// 或 https:// 开头的有效网址"), field="url")
    if parts.scheme != "https" and not local:
        raise ValidationFailed(_("接收地址须使用 https"), field="url")
    if parts.username is not None or parts.password is not None:
        raise ValidationFailed(_("接收地址不能包含用户名或密码，请用签名密钥验证来源"), field="url")
    if not local and _internal(parts.hostname):
        raise ValidationFailed(_("接收地址不能指向本机或内部网络"), field="url")
    return url


def _internal(host: str) -> bool:
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def _checked_events(names: list[str]) -> list[str]:
    unknown = [name for name in names if name not in EVENTS]
    if unknown:
        raise ValidationFailed(
            _("不支持的事件：%(names)s") % {"names": "、".join(unknown[:5])[:200]}, field="events"
        )
    if not names:
        raise ValidationFailed(_("请至少订阅一种事件"), field="events")
    return sorted(set(names))


def _record(
    endpoint: WebhookEndpoint, verb: str, summary: str, by: User | None, changes: dict | None = None
) -> None:
    record_event(
        endpoint,
        f"webhook.{verb}",
        summary,
        actor=by,
        organisation=endpoint.owner.organisation,
        changes=changes,
    )


def _locked(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    return WebhookEndpoint.objects.select_for_update().select_related("owner").get(pk=endpoint.pk)


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def create_endpoint(
    owner: User, *, url: str, events: list[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint of `owner`'s, active, and its secret (shown to the owner this once)."""
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            owner=owner,
            url=_checked_url(url),
            events=_checked_events(events),
            description=description.strip(),
            secret=secret,
        )
        _record(endpoint, "created", official("新建Webhook接收地址 %(url)s", url=endpoint.url[:200]), owner)
    return endpoint, secret


def update_endpoint(
    endpoint: WebhookEndpoint,
    *,
    by: User,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
) -> WebhookEndpoint:
    with transaction.atomic():
        endpoint = _locked(endpoint)
        before = {f: getattr(endpoint, f) for f in ("url", "events", "description")}
        if url is not None:
            endpoint.url = _checked_url(url)
        if events is not None:
            endpoint.events = _checked_events(events)
        if description is not None:
            endpoint.description = description.strip()
        changes = diff(endpoint, before, ["url", "events", "description"])
        if changes:
            endpoint.save(update_fields=list(changes))
            _record(endpoint, "updated", official("修改Webhook接收地址"), by, changes)
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, *, by: User) -> tuple[WebhookEndpoint, str]:
    """A new secret, in force for every delivery sent from now on (retries and replays included)."""
    secret = new_secret()
    with transaction.atomic():
        endpoint = _locked(endpoint)
        endpoint.secret = secret
        endpoint.save(update_fields=["secret"])
        _record(endpoint, "secret_rotated", official("更换Webhook签名密钥"), by)
    return endpoint, secret


def pause_endpoint(endpoint: WebhookEndpoint, *, by: User | None, reason: str) -> WebhookEndpoint:
    """Stop sending to the endpoint; its deliveries wait (pending) until it resumes."""
    with transaction.atomic():
        endpoint = _locked(endpoint)
        if endpoint.active:
            endpoint.active, endpoint.paused_at = False, timezone.now()
            endpoint.paused_reason = reason.strip()[:300] or official("由所有者暂停")
            endpoint.save(update_fields=["active", "paused_at", "paused_reason"])
            _record(
                endpoint,
                "paused",
                official("暂停Webhook接收地址：%(reason)s", reason=endpoint.paused_reason),
                by,
            )
    return endpoint


def resume_endpoint(endpoint: WebhookEndpoint, *, by: User) -> WebhookEndpoint:
    """Send again, beginning with every delivery that waited while it was paused."""
    with transaction.atomic():
        endpoint = _locked(endpoint)
        if not endpoint.active:
            endpoint.active, endpoint.paused_at, endpoint.paused_reason = True, None, ""
            endpoint.consecutive_failures = 0
            endpoint.save(update_fields=["active", "paused_at", "paused_reason", "consecutive_failures"])
            _record(endpoint, "resumed", official("恢复Webhook接收地址"), by)
            waiting = WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
            _queue(list(waiting.order_by("id").values_list("pk", flat=True)))
    return endpoint


def delete_endpoint(endpoint: WebhookEndpoint, *, by: User) -> None:
    """The endpoint and its delivery log; the timeline keeps that it existed."""
    with transaction.atomic():
        endpoint = _locked(endpoint)
        _record(endpoint, "deleted", official("删除Webhook接收地址 %(url)s", url=endpoint.url[:200]), by)
        endpoint.delete()


def replay(delivery: WebhookDelivery, *, by: User) -> WebhookDelivery:
    """Send a delivery again: the same body under the same id, a fresh signature, a full set of attempts
    (it waits if the endpoint is paused)."""
    with transaction.atomic():
        _locked(delivery.endpoint)
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status, delivery.attempts, delivery.error = DeliveryStatus.PENDING, 0, ""
        delivery.save(update_fields=["status", "attempts", "error"])
        _record(
            delivery.endpoint,
            "replayed",
            official("重新发送Webhook投递 %(id)s", id=str(delivery.uuid)),
            by,
            {"delivery": str(delivery.uuid)},
        )
        if delivery.endpoint.active:
            _queue([delivery.pk])
    delivery.refresh_from_db()
    return delivery


# --- deliveries -----------------------------------------------------------------------------------------


def _queue(ids: list[int], *, marked: bool = False) -> None:
    """Queue deliveries once the transaction commits; the sweeper sends any whose message is lost (from
    QUEUED_MARGIN on: set here, or by the caller when `marked`)."""
    if not ids:
        return
    from .tasks import deliver  # the task module imports this one

    if not marked:
        WebhookDelivery.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now() + QUEUED_MARGIN)

    def send() -> None:
        for pk in ids:
            deliver.apply_async((pk,), queue=settings.RENSHE_WEBHOOK_QUEUE or None)

    casework.after_commit(send, what=f"queue {len(ids)} webhook deliveries")


def payload(event: Event, name: str) -> dict:
    """The body sent for `event` (without its delivery id), the same for every endpoint."""
    eventkinds.name_subjects([event])
    content_type = ContentType.objects.get_for_id(event.subject_type_id)
    return {
        "event": name,
        "occurred_at": event.occurred_at.isoformat(),
        "subject": {
            "type": content_type.model,
            "id": event.subject_id,
            "number": event.subject_name,  # type: ignore[attr-defined]  # set by name_subjects
            "url": event.subject_url,  # type: ignore[attr-defined]
        },
        "data": {
            "timeline_event_id": event.pk,
            "verb": event.verb,
            "summary": event.summary,
            "organisation_id": event.organisation_id,
            "changes": event.changes,
        },
    }


def fan_out(event: Event) -> list[WebhookDelivery]:
    """One delivery per endpoint subscribed to a committed event's public name whose owner may see it
    (the operation log's scope, audit.selectors.operations_for), queued unless the endpoint is paused."""
    name = PUBLIC_NAME.get(event.verb)
    if name is None:
        return []
    subscribed = [
        endpoint
        for endpoint in WebhookEndpoint.objects.select_related("owner")
        if name in endpoint.events and operations_for(endpoint.owner).filter(pk=event.pk).exists()
    ]
    if not subscribed:
        return []
    body, due = payload(event, name), timezone.now() + QUEUED_MARGIN
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                name=name,
                payload=body,
                next_attempt_at=due if endpoint.active else None,
            )
            for endpoint in subscribed
        )
        _queue([delivery.pk for delivery in deliveries if delivery.endpoint.active], marked=True)
    return deliveries


_sessions = threading.local()


def _session() -> requests.Session:
    """One HTTP session per thread, so a worker keeps its connections to an endpoint open."""
    if not hasattr(_sessions, "session"):
        _sessions.session = requests.Session()
    return _sessions.session


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps({"id": str(delivery.uuid), **delivery.payload}, ensure_ascii=False).encode()


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the delivery; its status code and what went wrong ("" for a 2xx). A redirect is not followed:
    an endpoint that moved is told by its failures, and renshe posts nowhere its owner did not name."""
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "renshe-webhooks/1",
        "Renshe-Delivery": str(delivery.uuid),
        "Renshe-Event": delivery.name,
        "Renshe-Signature": signing.sign(delivery.endpoint.secret, body),
    }
    try:
        response = _session().post(
            delivery.endpoint.url,
            data=body,
            headers=headers,
            timeout=settings.RENSHE_WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.Timeout:
        return None, official(
            "超时（%(seconds)s 秒内无响应）", seconds=settings.RENSHE_WEBHOOK_TIMEOUT_SECONDS
        )
    except requests.RequestException as error:
        return None, official("无法连接：%(error)s", error=type(error).__name__)
    response.close()
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    if response.is_redirect:
        return response.status_code, official("接收地址要求重定向（不跟随）")
    return response.status_code, official("接收地址返回 HTTP %(code)s", code=response.status_code)


def backoff(attempts: int) -> timedelta:
    """How long after its `attempts`-th failed attempt a delivery is tried again: exponential, capped, with
    up to a quarter of jitter so that the deliveries of an endpoint that was down do not all return at once."""
    base = settings.RENSHE_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1)
    seconds = min(base, settings.RENSHE_WEBHOOK_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds * (1 + random.uniform(0, 0.25)))  # noqa: S311 - jitter, not a secret


def attempt(delivery_id: int) -> timedelta | None:
    """One attempt at a pending delivery to an active endpoint (anything else: nothing to do). Returns in
    how long the task should try again (a short wait), or None (sent, given up, paused, or left to the
    sweeper)."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING or not delivery.endpoint.active:
        return None
    code, error = _post(delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.response_code, delivery.error, delivery.last_attempt_at = code, error[:300], now
    fields = ["attempts", "response_code", "error", "last_attempt_at", "status", "next_attempt_at"]
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        delivery.save(update_fields=[*fields, "delivered_at"])
        if delivery.endpoint.consecutive_failures:
            WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
        return None
    return _failed(delivery, fields, now)


def _failed(delivery: WebhookDelivery, fields: list[str], now: datetime) -> timedelta | None:
    with transaction.atomic():
        endpoint = _locked(delivery.endpoint)
        endpoint.consecutive_failures += 1
        endpoint.save(update_fields=["consecutive_failures"])
        limit = settings.RENSHE_WEBHOOK_PAUSE_AFTER_FAILURES
        wait = None
        if endpoint.consecutive_failures >= limit and endpoint.active:
            delivery.next_attempt_at = None  # waits for the endpoint to resume
            _pause_failing(endpoint, delivery.error)
        elif not endpoint.active:
            delivery.next_attempt_at = None
        elif delivery.attempts >= settings.RENSHE_WEBHOOK_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            wait = backoff(delivery.attempts)
            # the sweeper sends it if the task's own retry is lost; a long wait is left to it alone
            short = wait < COUNTDOWN_LIMIT
            delivery.next_attempt_at = now + wait + (QUEUED_MARGIN if short else timedelta())
            wait = wait if short else None
        delivery.save(update_fields=fields)
    return wait


def _pause_failing(endpoint: WebhookEndpoint, error: str) -> None:
    reason = official(
        "连续 %(count)s 次发送失败，已自动暂停（最近一次：%(error)s）",
        count=endpoint.consecutive_failures,
        error=error,
    )
    pause_endpoint(endpoint, by=None, reason=reason)
    owner = endpoint.owner
    casework.after_commit(
        lambda: notify(
            [owner],
            Notice(
                kind="webhook_paused",
                title=official("Webhook接收地址 %(url)s 已自动暂停", url=endpoint.url[:200]),
                body=reason,
                url="",  # no page yet: the endpoint and its log are in the API
            ),
        ),
        what=f"tell the owner of webhook endpoint {endpoint.pk} it was paused",
    )


def send_due() -> int:
    """Queue the pending deliveries of active endpoints whose time has come (a retry's, or a lost
    message's); how many. Run every minute (settings.CELERY_BEAT_SCHEDULE)."""
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, endpoint__active=True, next_attempt_at__lte=timezone.now()
    )
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    with transaction.atomic():
        _queue(ids)
    return len(ids)
