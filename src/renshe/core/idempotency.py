"""Idempotent writes over the API: a POST sent with an `Idempotency-Key` header runs once; a retry with the
same key gets the first answer again (status and body, marked `Idempotent-Replayed: true`) and creates no
second case or payment.

The key belongs to the caller (the bearer token, else the signed-in user, else the client's address), so two
systems cannot collide or read each other's answers. The same key with another request (method, path or body)
is a 422; while the first is still running, a 409. Concurrency: the record is claimed first, committed on its
own (so a second request can see it), then locked FOR UPDATE NOWAIT in the transaction that runs the operation
and stores its answer — the services' own transactions become savepoints of it and their on_commit effects
run after it commits. So an answer is stored exactly when the operation's writes are: a crash in between
leaves neither, and the retry runs it afresh. Answers 5xx (and 429, a throttle) are not stored: retrying is
allowed. Records expire after LIFETIME (purge_expired, a scheduled job).
"""

import hashlib
import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
LIFETIME = timedelta(hours=24)
KEY_MAX = IdempotentRequest._meta.get_field("key").max_length
_WELL_FORMED = re.compile(rf"[\x21-\x7e]{{1,{KEY_MAX}}}")  # visible ASCII: a UUID, a ULID, a hash…
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: FOR UPDATE NOWAIT met another transaction's lock
_NOT_STORED = 429  # a throttle's answer: the retry should run; so should any 5xx


class _Running(Exception):
    """Another request holds the key's record: it is running now."""


def _caller(request: HttpRequest) -> str:
    """Whose namespace the key is in. The credential is looked at, not checked (this runs before the
    operation's authentication): a wrong token gets its own namespace and the operation's 401."""
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "address:" + request.META.get("REMOTE_ADDR", "")[:64]


def _digest(request: HttpRequest) -> str:
    """SHA-256 over the method, the path with its query and the body. A multipart body (an upload) is
    digested from its parsed fields and files, which Django spools to disk, rather than read into memory."""
    digest = hashlib.sha256(f"{request.method}\0{request.get_full_path()}\0".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            digest.update(f"{name}\0{values!r}\0".encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"{name}\0{upload.name}\0".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _replay(record: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type)
    response[REPLAYED] = "true"
    return response


def _claim(caller: str, key: str, digest: str) -> tuple[IdempotentRequest, bool]:
    """The key's record, and whether this request created it (committed at once, still running) because
    there was none or it had expired."""
    now = timezone.now()
    IdempotentRequest.objects.filter(caller=caller, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            created = IdempotentRequest.objects.create(
                caller=caller, key=key, request_digest=digest, created_at=now, expires_at=now + LIFETIME
            )
            return created, True
    except IntegrityError:
        found = IdempotentRequest.objects.filter(caller=caller, key=key).first()
        if found is None:  # its first run just failed with a 5xx and gave the key back
            raise _Running() from None
        return found, False


def _lock(record: IdempotentRequest, created: bool) -> IdempotentRequest:
    """The record, locked for this transaction; _Running if another request holds it. Without row locks
    (SQLite, in development) a record another request created and has not answered yet is taken to be
    running (should that request have crashed, the key is free again when the record expires)."""
    if not connection.features.has_select_for_update_nowait:
        if not created and record.status is None:
            raise _Running()
        return record
    try:
        locked = IdempotentRequest.objects.select_for_update(nowait=True).filter(pk=record.pk).first()
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            raise _Running() from error
        raise
    if locked is None:
        raise _Running()
    return locked


def _storable(response: HttpResponse) -> bool:
    """Whether an answer that is no failure can be given again (a throttle's says "later", a stream cannot
    be kept): if not, the operation's writes stand but the key is not held to them."""
    return response.status_code != _NOT_STORED and not response.streaming


def idempotent(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every API operation (api.add_decorator, mode="view"): a POST with an Idempotency-Key runs once."""

    @wraps(run)
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return run(request, *args, **kwargs)
        if not _WELL_FORMED.fullmatch(key):
            return _refusal(422, _("Idempotency-Key 应为1至%(n)d个可见ASCII字符") % {"n": KEY_MAX})
        digest = _digest(request)
        try:
            record, created = _claim(_caller(request), key, digest)
            if record.request_digest != digest:
                return _refusal(422, _("该 Idempotency-Key 已用于另一个请求；新的请求请使用新的键"))
            with transaction.atomic():
                record = _lock(record, created)
                if record.status is not None:
                    return _replay(record)
                response = run(request, *args, **kwargs)
                if response.status_code >= 500 or transaction.get_rollback():
                    transaction.set_rollback(True)  # nothing of a failed run is kept…
                elif _storable(response):
                    record.status, record.body = response.status_code, response.content
                    record.content_type = response.get("Content-Type", "")[:100]
                    record.save(update_fields=["status", "body", "content_type"])
                    return response
        except _Running:
            return _refusal(409, _("使用该 Idempotency-Key 的请求正在处理中，请稍后重试"))
        IdempotentRequest.objects.filter(pk=record.pk, status=None).delete()  # …and the key may be used again
        return response

    return view


def purge_expired() -> int:
    """Delete the records past their expiry; how many."""
    deleted, _by_model = IdempotentRequest.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
