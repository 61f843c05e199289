"""Public tracking of a report (网上查询投诉举报处理进度): a report from the portal is given a query code once
(core.querycodes, as a dispute application is), and the reporter follows the case it was registered on or
joined with the case's number and that code. Each report keeps its own code's digest, so the workers of one
case, who complained apart, each follow it with their own. The case's tracking is locked when its codes are
being guessed, until one of the brigade reopens it (core.tracking), for all its reports at once."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from renshe.core.errors import PermissionDenied
from renshe.core.models import User
from renshe.core.querycodes import new_query_code, query_digest
from renshe.core.roles import Role
from renshe.core.tracking import TrackingLock

from ..models import InspectionCase, Report
from ._common import TRAIL, _lock
from .intake import register_report

_PURPOSE = "renshe.inspection.report.query"
TRACKING = TrackingLock(TRAIL, InspectionCase, lambda case: Role.INSPECTOR)  # core.tracking


class TrackingLocked(PermissionDenied):
    default_message = gettext_lazy(
        "该案件的网上查询因查询码输错次数过多已暂停，承办机构已收到通知。请联系劳动保障监察机构恢复查询。"
    )


@transaction.atomic
def register_tracked_report(**report: Any) -> tuple[Report, str]:
    """A report registered as `register_report` does, and the query code its reporter follows it with."""
    registered = register_report(**report)
    code = new_query_code()
    assert registered.case is not None  # registered on a case or joined to one
    registered.query_digest = query_digest(_PURPOSE, registered.case.number, code)
    registered.save(update_fields=["query_digest"])
    return registered, code


def find_report_by_query_code(number: str, code: str) -> Report | None:
    """The portal's lookup: the report given `code` on the case numbered `number`, or None (a wrong number
    and a wrong code alike). The digest is keyed, so comparing it in the database tells a guesser nothing.
    A case whose tracking is locked raises TrackingLocked before any code is compared, right or wrong."""
    case = InspectionCase.objects.filter(number=number.strip()).first()
    if case is None:
        return None
    if TRACKING.locked(case):
        raise TrackingLocked()
    return (
        Report.objects.filter(case=case, query_digest=query_digest(_PURPOSE, case.number, code))
        .select_related("case__organisation", "respondent")
        .first()
    )


def tracking_locked(case: InspectionCase) -> bool:
    """Whether the case's public tracking is locked (core.tracking)."""
    return TRACKING.locked(case)


@transaction.atomic
def lock_tracking(number: str, *, wrong_codes: int) -> bool:
    """Lock public tracking of the case numbered `number` after `wrong_codes` wrong query codes (the
    portal's per-case budget spent) and tell the brigade's inspectors. False when no case has that number."""
    return TRACKING.lock(number, wrong_codes=wrong_codes)


@transaction.atomic
def reopen_tracking(case: InspectionCase, *, by: User, version: int) -> InspectionCase:
    """One of the brigade reopens the case's public tracking (having, say, called the reporter): every
    report's code works again and the portal's budget for the case starts again."""
    case = _lock(case, by, version, "reopen_tracking")
    TRACKING.reopen(case, by)
    case.save()
    return case
