"""Writes of the security records: one access record per event, password history, and the retention purge.

Access records are written outside any case transaction and never on the timeline: they are network logs
with a retention period, while the timeline is the case file and is kept for good.
"""

from datetime import date, datetime, timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from renshe.core import law
from renshe.core.models import User
from renshe.core.periods import day_start

from .models import AccessKind, AccessRecord, Outcome, PasswordRecord

USER_AGENT_LENGTH = AccessRecord._meta.get_field("user_agent").max_length
PATH_LENGTH = AccessRecord._meta.get_field("path").max_length
PURGE_BATCH = 5000


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, as axes locks out by it (honouring the same proxy settings)."""
    try:
        return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or None
    except (KeyError, ValueError):
        return None


def _client(request: HttpRequest | None) -> dict:
    if request is None:
        return {}
    meta = getattr(request, "META", {})
    return {
        "ip": client_address(request),
        "user_agent": meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        "path": (getattr(request, "path", "") or "")[:PATH_LENGTH],
    }


def record_access(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: User | AnonymousUser | None = None,
    username: str = "",
    outcome: str = Outcome.SUCCEEDED,
    detail: dict | None = None,
) -> AccessRecord:
    """Append one access record. `user` is the account concerned when known (not an anonymous user);
    `username` is what was typed, defaulting to the account's."""
    account = user if isinstance(user, User) else None
    return AccessRecord.objects.create(
        occurred_at=timezone.now(),
        kind=kind,
        outcome=outcome,
        user=account,
        username=(username or (account.get_username() if account else ""))[:150],
        organisation_id=account.organisation_id if account else None,
        detail=detail or {},
        **_client(request),
    )


def record_download(request: HttpRequest, filename: str) -> AccessRecord:
    """A file that left the system: who, which page, and the filters it was taken with."""
    query = {key: values if len(values) > 1 else values[0] for key, values in request.GET.lists()}
    return record_access(
        AccessKind.DOWNLOAD, request=request, user=request.user, detail={"filename": filename, "query": query}
    )


# --- password history --------------------------------------------------------------------------------


def remember_password(user: User, *, keep: int) -> PasswordRecord:
    """Store the user's new password hash (called once a changed password is saved) and forget all but
    the newest `keep`."""
    with transaction.atomic():
        record = PasswordRecord.objects.create(user=user, password=user.password, changed_at=timezone.now())
        stale = PasswordRecord.objects.filter(user=user).order_by("-id").values_list("pk", flat=True)[keep:]
        PasswordRecord.objects.filter(pk__in=list(stale)).delete()
    return record


# --- retention ---------------------------------------------------------------------------------------


def retention_days() -> int:
    """Days access records are kept; never fewer than the statute's six months, whatever the settings say
    (checks.check_retention reports a bad value at start-up; this refuses to purge with one)."""
    days = int(settings.RENSHE_ACCESS_LOG_RETENTION_DAYS)
    if days < law.NETWORK_LOG_RETENTION.length:
        raise ImproperlyConfigured(
            f"RENSHE_ACCESS_LOG_RETENTION_DAYS={days} is below the {law.NETWORK_LOG_RETENTION.length} days "
            f"required by {law.NETWORK_LOG_RETENTION.citation}"
        )
    return days


def retention_cutoff(today: date) -> datetime:
    """Records from before the start of this day (local time) are past their retention."""
    return day_start(today - timedelta(days=retention_days()))


def purge_expired_access_records(today: date, *, batch_size: int = PURGE_BATCH, dry_run: bool = False) -> int:
    """Delete access records older than the retention period, in batches so that a large backlog never
    holds one long lock; returns how many were (or, with dry_run, would be) deleted. Running it again the
    same day deletes nothing more. Timeline events are never purged: they belong to the case file."""
    expired = AccessRecord.objects.filter(occurred_at__lt=retention_cutoff(today))
    if dry_run:
        return expired.count()
    deleted = 0
    while True:
        batch = list(expired.order_by("id").values_list("pk", flat=True)[:batch_size])
        if not batch:
            return deleted
        deleted += AccessRecord.objects.filter(pk__in=batch).delete()[0]
