"""The end of a case: closing with its result and the ledger's figures, or revoking the filing (劳动保障监察条例
第十八条)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
)

from ..models import (
    InspectionCase,
    MeetingTask,
)
from ._common import _event, _lock
from .sitecheck import close_open_checks


@transaction.atomic
def close_case(
    case: InspectionCase, *, by: User, result: str, closed_on: date | None = None, version: int
) -> InspectionCase:
    """结案 with the result in words; the ledger's figures at closure go into the timeline."""
    case = _lock(case, by, version, "close")
    if not result.strip():
        raise ValidationFailed(_("请填写处理结果"), field="result")
    closed_on = not_future(closed_on or timezone.localdate(), "closed_on")
    assert case.filed_on is not None  # the workflow closes only a filed case
    if closed_on < case.filed_on:
        raise ValidationFailed(_("结案日不能早于立案日"), field="closed_on")
    case.result, case.closed_on = result.strip()[:3000], closed_on
    case.save()
    close_work_items(case)
    for task in MeetingTask.objects.filter(meeting__case=case, done_on__isnull=True):
        close_work_items(task)
    close_open_checks(case)
    _event(
        case,
        "closed",
        official("结案：%(result)s", result=case.result[:200]),
        by,
        owed=str(case.owed_total),
        paid=str(case.paid_total),
        advanced=str(case.advanced_total),
        within_limit=bool(case.investigation_due_on and closed_on <= case.investigation_due_on),
    )
    return case


@transaction.atomic
def revoke_case(case: InspectionCase, *, by: User, reason: str, version: int) -> InspectionCase:
    """撤销立案 (条例 第十八条第一款第（三）项): the violation was minor and has been corrected."""
    case = _lock(case, by, version, "revoke")
    if not reason.strip():
        raise ValidationFailed(_("请写明撤销立案的理由"), field="reason")
    case.refusal_reason, case.closed_on = reason.strip()[:300], timezone.localdate()
    case.save()
    close_work_items(case)
    close_open_checks(case)
    _event(case, "revoked", official("撤销立案：%(reason)s", reason=case.refusal_reason), by)
    return case
