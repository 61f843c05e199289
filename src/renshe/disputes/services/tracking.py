"""Public tracking (网上查询进度): the query code an applicant is given once (core.querycodes), the portal's
lookup by case number and code, and the lock a case's tracking falls under when its code is being guessed,
until its handler reopens it."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renshe.core.casework import hold
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Event, OrganisationKind, User
from renshe.core.querycodes import query_digest
from renshe.core.roles import Role
from renshe.core.services import close_work_items, official
from renshe.core.subjects import subject_of

from ..models import DisputeCase
from ._common import _event, _lock, _save, _task

TRACKING_TASK = "dispute.tracking_locked"  # the handler's, while the case's tracking is locked
_LOCKED, _REOPENED = "dispute.tracking_locked", "dispute.tracking_reopened"  # the events (TRAIL.event)


class TrackingLocked(PermissionDenied):
    default_message = gettext_lazy(
        "该案件的网上查询因查询码输错次数过多已暂停，承办机构已收到通知。请联系调解中心恢复查询。"
    )


def query_digest_of(number: str, code: str) -> str:
    """What a case keeps of its query code (the code itself is shown once): also what the generator writes."""
    return query_digest("renshe.dispute.query", number, code)


def find_by_query_code(number: str, code: str) -> DisputeCase | None:
    """The portal's lookup: a case number and its query code, compared in constant time via the digest.
    A case whose tracking is locked raises TrackingLocked before its code is compared, right or wrong."""
    case = DisputeCase.objects.filter(number=number.strip()).first()
    if case is None:
        return None
    if tracking_locked(case):
        raise TrackingLocked()
    return (
        case
        if secrets.compare_digest(case.query_digest, query_digest_of(case.number, code.strip()))
        else None
    )


def tracking_locked(case: DisputeCase) -> bool:
    """Whether the case's public tracking is locked: its timeline's last word on it (events are kept for
    good, so no cache or task closed with the case reopens it)."""
    last = (
        Event.objects.filter(**subject_of(case), verb__in=(_LOCKED, _REOPENED))
        .order_by("-id")
        .values_list("verb", flat=True)
        .first()
    )
    return last == _LOCKED


@transaction.atomic
def lock_tracking(number: str, *, wrong_codes: int) -> bool:
    """Lock public tracking of the case numbered `number` after `wrong_codes` wrong query codes (the
    portal's per-case budget spent) and tell its handler. False when no case has that number. A case
    already locked stays as it is (two guesses may spend the budget at once)."""
    case = DisputeCase.objects.filter(number=number.strip()).select_related("organisation").first()
    if case is None:
        return False
    hold(DisputeCase, case.pk)  # its events chain under the case's lock (casework.LOCK_ORDER)
    if tracking_locked(case):
        return True
    _event(
        case,
        "tracking_locked",
        official("查询码输错%(n)d次，网上查询已暂停", n=wrong_codes),
        None,
        wrong_codes=wrong_codes,
    )
    today = timezone.localdate()
    arbitral = case.organisation.kind == OrganisationKind.ARBITRATION_COMMISSION
    _task(
        case,
        TRACKING_TASK,
        official("网上查询已暂停（疑似猜测查询码）：%(number)s", number=case.number),
        role=Role.ARBITRATOR if arbitral else Role.MEDIATOR,
        starts_on=today,
        due_on=today + timedelta(days=1),
    )
    return True


@transaction.atomic
def reopen_tracking(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """The handler reopens public tracking (having, say, called the applicant); the portal's budget for
    the case starts again."""
    case = _lock(case, by, version, "reopen_tracking")
    if not tracking_locked(case):
        raise ValidationFailed(_("该案件的网上查询没有暂停"))
    _save(case)
    close_work_items(case, kind=TRACKING_TASK)
    _event(case, "tracking_reopened", official("恢复网上查询"), by)
    return case
