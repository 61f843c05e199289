"""After the award: a party's suit (劳动争议调解仲裁法 第四十八条, 第五十条) and the court's judgment, or, with no suit in time,
the award taking effect and the case closing."""

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
    DisputeCase,
    Litigation,
)
from ._common import _event, _lock, _save


@transaction.atomic
def record_suit(
    case: DisputeCase, *, by: User, filed_by: str, filed_on: date, court: str, version: int
) -> Litigation:
    case = _lock(case, by, version, "sue")
    if filed_by not in ("worker", "employer"):
        raise ValidationFailed(_("请选择起诉方"), field="filed_by")
    if not court.strip():
        raise ValidationFailed(_("请填写法院"), field="court")
    filed_on = not_future(filed_on, "filed_on")
    assert case.arbitration.awarded_on is not None  # the workflow lets only an awarded case go to court
    if filed_on < case.arbitration.awarded_on:
        raise ValidationFailed(_("起诉日不能早于裁决日"), field="filed_on")
    litigation = Litigation.objects.create(
        case=case, filed_by=filed_by, filed_on=filed_on, court=court.strip()[:100]
    )
    _save(case)
    close_work_items(case, kind="arbitration.suit_window")
    _event(case, "sued", official("当事人起诉至%(court)s", court=litigation.court), by, filed_by=filed_by)
    return litigation


@transaction.atomic
def record_judgment(
    case: DisputeCase, *, by: User, outcome: str, concluded_on: date, version: int
) -> DisputeCase:
    case = _lock(case, by, version, "judge")
    if not outcome.strip():
        raise ValidationFailed(_("请填写裁判结果"), field="outcome")
    concluded_on = not_future(concluded_on, "concluded_on")
    Litigation.objects.filter(case=case).update(outcome=outcome.strip()[:3000], concluded_on=concluded_on)
    case.closed_on = concluded_on
    _save(case)
    close_work_items(case)
    _event(case, "judged", official("法院裁判，结案"), by, outcome=outcome.strip()[:200])
    return case


@transaction.atomic
def close_after_award(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """No suit within the time allowed: the award takes effect and the case closes."""
    case = _lock(case, by, version, "close")
    case.closed_on = timezone.localdate()
    _save(case)
    close_work_items(case)
    _event(case, "closed", official("裁决生效，结案"), by)
    return case
