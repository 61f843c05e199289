"""Writes of the webhooks app: an account's endpoints made, changed, paused, resumed and deleted (each on the
timeline); the deliveries of a transaction's committed events made together (`fan_out`), sent in batches
(`send_batch`, from tasks.deliver), retried with back-off, given up, replayed.

A pending delivery of an active endpoint is due from `next_attempt_at` on (at once when made, resumed or
replayed; a retry's time after a failure). A task for its endpoint claims a batch of the due ones (row locks,
SKIP LOCKED: two tasks never send the same one), POSTs each on the thread's keep-alive session and records the
outcomes in bulk before it commits; a worker killed mid-batch drops its locks with its connection, and the
batch is claimed again. The sweeper (`send_due`, every minute) queues a task for any endpoint with a delivery
due for longer than QUEUED_MARGIN (its task message was lost). Sending is at least once: a receiver
deduplicates by `Renshe-Delivery`.
"""

import ipaddress
import json
import logging
import random
import secrets
import threading
from contextlib import nullcontext
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, F, Q
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
from .events import EVENTS, PUBLIC_NAME, SUBJECTS
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)
# a delivery due this long and not sent is queued again by the sweeper (its task message was lost)
QUEUED_MARGIN = timedelta(minutes=2)
# a retry due sooner than this waits in the broker (a countdown); a later one waits for the sweeper
COUNTDOWN_LIMIT = timedelta(minutes=5)
# deliveries one task claims and sends before it commits (and, if it found that many, queues the next)
BATCH = 50


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
            _queue({endpoint.pk: waiting.update(next_attempt_at=timezone.now())})
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
        endpoint = _locked(delivery.endpoint)
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status, delivery.attempts, delivery.error = DeliveryStatus.PENDING, 0, ""
        delivery.next_attempt_at = timezone.now() if endpoint.active else None
        delivery.save(update_fields=["status", "attempts", "error", "next_attempt_at"])
        _record(
            endpoint,
            "replayed",
            official("重新发送Webhook投递 %(id)s", id=str(delivery.uuid)),
            by,
            {"delivery": str(delivery.uuid)},
        )
        if endpoint.active:
            _queue({endpoint.pk: 1})
    delivery.refresh_from_db()
    return delivery


# --- deliveries -----------------------------------------------------------------------------------------


def _queue(due: dict[int, int], *, countdown: float | None = None) -> None:
    """Once the transaction commits, queue tasks for endpoints with deliveries due (endpoint -> how many):
    one per BATCH of them, since each task sends one batch (a full batch queues the next)."""
    tasks = [pk for pk, count in due.items() for _ in range(-(-count // BATCH))]
    if not tasks:
        return
    from .tasks import deliver  # the task module imports this one

    def send() -> None:
        for pk in tasks:
            deliver.apply_async((pk,), countdown=countdown, queue=settings.RENSHE_WEBHOOK_QUEUE or None)

    casework.after_commit(send, what=f"queue {len(tasks)} webhook delivery tasks")


def _subject(event: Event) -> dict:
    """The event's subject as a client knows it: a public type, the API address of one where the API has
    one, its page in renshe (`name_subjects` has named and linked the event)."""
    content_type = ContentType.objects.get_for_id(event.subject_type_id)
    kind, api_path = SUBJECTS.get(f"{content_type.app_label}.{content_type.model}", (content_type.model, ""))
    return {
        "type": kind,
        "id": event.subject_id,
        "number": event.subject_name,  # type: ignore[attr-defined]  # set by name_subjects
        "url": api_path.format(id=event.subject_id) if api_path else None,
        "web_url": event.subject_url,  # type: ignore[attr-defined]
    }


def payload(event: Event, name: str) -> dict:
    """The body sent for `event` (without its delivery id), the same for every endpoint; `event` named by
    eventkinds.name_subjects."""
    return {
        "event": name,
        "occurred_at": event.occurred_at.isoformat(),
        "subject": _subject(event),
        "data": {
            "timeline_event_id": event.pk,
            "verb": event.verb,
            "summary": event.summary,
            "organisation_id": event.organisation_id,
            "changes": event.changes,
        },
    }


def fan_out(events: list[Event]) -> list[WebhookDelivery]:
    """The deliveries of committed events (a transaction's, receivers.py): one per event and endpoint
    subscribed to its public name whose owner may see it (the operation log's scope,
    audit.selectors.operations_for), made in one statement and queued by endpoint unless it is paused.
    One query for the endpoints and one per owner for the scope, whatever the number of events."""
    named = {event.pk: (event, PUBLIC_NAME[event.verb]) for event in events if event.verb in PUBLIC_NAME}
    names = {name for _event, name in named.values()}
    endpoints = [e for e in WebhookEndpoint.objects.select_related("owner") if names & set(e.events)]
    if not endpoints:
        return []
    visible: dict[int, set[int]] = {}
    for owner in {endpoint.owner for endpoint in endpoints}:
        # an event rolled back with a savepoint after it was noted is not there: nobody sees it
        visible[owner.pk] = set(operations_for(owner).filter(pk__in=named).values_list("pk", flat=True))
    pairs = [
        (endpoint, named[pk])
        for endpoint in endpoints
        for pk in sorted(visible[endpoint.owner_id])
        if named[pk][1] in endpoint.events
    ]
    sent = {event.pk: (event, name) for _endpoint, (event, name) in pairs}
    eventkinds.name_subjects(event for event, _name in sent.values())
    bodies = {pk: payload(event, name) for pk, (event, name) in sent.items()}
    now = timezone.now()
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                name=name,
                payload=bodies[event.pk],
                next_attempt_at=now if endpoint.active else None,
            )
            for endpoint, (event, name) in pairs
        )
        due: dict[int, int] = {}
        for endpoint, _event in pairs:
            if endpoint.active:
                due[endpoint.pk] = due.get(endpoint.pk, 0) + 1
        _queue(due)
    return deliveries


_sessions = threading.local()


def _session() -> requests.Session:
    """One HTTP session per thread, so a worker keeps its connections to an endpoint open. It reads nothing
    from the environment (no ~/.netrc credentials sent to an endpoint, no proxy variables looked up on each
    POST, which costs as much as the POST): a proxy is RENSHE_WEBHOOK_PROXY."""
    if not hasattr(_sessions, "session"):
        session = _sessions.session = requests.Session()
        session.trust_env = False
        if settings.RENSHE_WEBHOOK_PROXY:
            session.proxies = {"http": settings.RENSHE_WEBHOOK_PROXY, "https": settings.RENSHE_WEBHOOK_PROXY}
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


def send_batch(endpoint_id: int) -> int:
    """Send a batch of the endpoint's due deliveries (none if it is paused or gone); how many were sent.

    They are claimed with row locks that other tasks skip, held while each is POSTed in turn on one
    keep-alive session, and the outcomes are written before the locks go: the deliveries answered 2xx in
    one UPDATE per status code. The first failure ends the batch (a failing endpoint is not hammered): it
    is counted, retried after its back-off or given up, and may pause the endpoint; the deliveries after it
    stay due and go with its retry (at once if it has none soon). A full batch queues the next task."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).first()
    if endpoint is None:
        return 0
    retry = None
    with transaction.atomic() if _locks() else nullcontext():
        # never tried (new, replayed, waited through a pause): due whatever this host's clock says; a retry
        # from its time on
        due = WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).filter(
            Q(attempts=0) | Q(next_attempt_at__lte=timezone.now())
        )
        claimed = list(due.select_for_update(skip_locked=True).order_by("id")[:BATCH])
        delivered: dict[int, list[int]] = {}  # status code -> deliveries
        failed = None
        for delivery in claimed:
            delivery.endpoint = endpoint
            code, error = _post(delivery)
            if error:
                failed = (delivery, code, error)
                break
            delivered.setdefault(code or 0, []).append(delivery.pk)
        now = timezone.now()
        with transaction.atomic():  # the outcomes (SQLite: a short transaction of their own)
            for code, ids in delivered.items():
                WebhookDelivery.objects.filter(pk__in=ids).update(
                    status=DeliveryStatus.DELIVERED,
                    attempts=F("attempts") + 1,
                    response_code=code,
                    error="",
                    last_attempt_at=now,
                    delivered_at=now,
                    next_attempt_at=None,
                )
            if delivered and endpoint.consecutive_failures:
                WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
            if failed is not None:
                retry = _failed(*failed, now)
            if retry is not None:  # the rest of the batch goes with the retry
                _queue({endpoint.pk: 1}, countdown=retry.total_seconds())
            elif len(claimed) == BATCH or (failed is not None and failed[0] is not claimed[-1]):
                _queue({endpoint.pk: 1})  # more may be due: the next batch, or the rest of this one
    return sum(map(len, delivered.values()))


def _locks() -> bool:
    """Whether the claim's row locks can be held while a batch is sent (PostgreSQL: SKIP LOCKED). SQLite
    (the embedded default) would hold its whole database's write lock instead: there the batch is read,
    sent, and its outcomes written in a short transaction (two senders at once may both send one: still
    at least once, and the receiver deduplicates)."""
    return connection.features.has_select_for_update_skip_locked


def _failed(delivery: WebhookDelivery, code: int | None, error: str, now: datetime) -> timedelta | None:
    """Record a failed attempt; in how long its endpoint's task should run again (a short wait), or None
    (given up, paused, or a long wait left to the sweeper)."""
    delivery.attempts += 1
    delivery.response_code, delivery.error, delivery.last_attempt_at = code, error[:300], now
    endpoint = _locked(delivery.endpoint)
    endpoint.consecutive_failures += 1
    endpoint.save(update_fields=["consecutive_failures"])
    wait = None
    if endpoint.consecutive_failures >= settings.RENSHE_WEBHOOK_PAUSE_AFTER_FAILURES and endpoint.active:
        delivery.next_attempt_at = None  # waits for the endpoint to resume
        _pause_failing(endpoint, delivery.error)
    elif not endpoint.active:
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.RENSHE_WEBHOOK_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        wait = backoff(delivery.attempts)
        delivery.next_attempt_at = now + wait
        wait = wait if wait < COUNTDOWN_LIMIT else None  # a long wait: the sweeper queues it when due
    delivery.save(
        update_fields=["attempts", "response_code", "error", "last_attempt_at", "status", "next_attempt_at"]
    )
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
    """Queue a task for each active endpoint with deliveries due for longer than QUEUED_MARGIN (their task
    message was lost: a broker restart, a dead worker); how many such deliveries. Run every minute
    (settings.CELERY_BEAT_SCHEDULE)."""
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING,
        endpoint__active=True,
        next_attempt_at__lte=timezone.now() - QUEUED_MARGIN,
    )
    counts = dict(due.order_by().values("endpoint").annotate(n=Count("id")).values_list("endpoint", "n"))
    with transaction.atomic():
        _queue(counts)
    return sum(counts.values())
