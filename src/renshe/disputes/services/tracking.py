"""Public tracking (网上查询进度): the query code an applicant is given once (core.querycodes), the portal's
lookup by case number and code, and the lock a case's tracking falls under when its code is being guessed,
until its handler reopens it."""

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy

from renshe.core.errors import PermissionDenied
from renshe.core.models import OrganisationKind, User
from renshe.core.querycodes import query_digest
from renshe.core.roles import Role
from renshe.core.tracking import TrackingLock

from ..models import DisputeCase
from ._common import TRAIL, _lock, _save


def _handler(case: DisputeCase) -> str:
    """Whose workbench hears of a locked tracking: a commission's arbitrators, or a centre's mediators."""
    arbitral = case.organisation.kind == OrganisationKind.ARBITRATION_COMMISSION
    return Role.ARBITRATOR if arbitral else Role.MEDIATOR


TRACKING = TrackingLock(TRAIL, DisputeCase, _handler)  # core.tracking
TRACKING_TASK = TRACKING.task  # the handler's, while the case's tracking is locked


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
    """Whether the case's public tracking is locked (core.tracking)."""
    return TRACKING.locked(case)


@transaction.atomic
def lock_tracking(number: str, *, wrong_codes: int) -> bool:
    """Lock public tracking of the case numbered `number` after `wrong_codes` wrong query codes (the
    portal's per-case budget spent) and tell its handler. False when no case has that number."""
    return TRACKING.lock(number, wrong_codes=wrong_codes)


@transaction.atomic
def reopen_tracking(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """The handler reopens public tracking (having, say, called the applicant); the portal's budget for
    the case starts again."""
    case = _lock(case, by, version, "reopen_tracking")
    TRACKING.reopen(case, by)
    _save(case)
    return case
