"""Mediation within its period (劳动争议调解仲裁法 第十四条: 15 days): sessions, the parties' agreed extension, suspension
and resumption (the clock stands still meanwhile), and the ends without an agreement: failure and
withdrawal."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
    reschedule_work_items,
)

from ..models import (
    DisputeCase,
    MediationSession,
    Outcome,
    Suspension,
)
from ._common import _event, _lock, _mediation_due, _save


@transaction.atomic
def record_session(
    case: DisputeCase,
    *,
    by: User,
    held_at: datetime,
    place: str,
    attendees: str,
    minutes: str,
    version: int,
) -> MediationSession:
    case = _lock(case, by, version, "record_session")
    if held_at > timezone.now():
        raise ValidationFailed(_("调解时间不能晚于现在"), field="held_at")
    if held_at.date() < case.received_on:
        raise ValidationFailed(_("调解时间不能早于收到申请日"), field="held_at")
    if not minutes.strip():
        raise ValidationFailed(_("请填写调解笔录"), field="minutes")
    _save(case)
    session = MediationSession.objects.create(
        case=case,
        held_at=held_at,
        place=place.strip()[:120],
        attendees=attendees.strip()[:300],
        minutes=minutes.strip(),
        recorded_by=by,
    )
    _event(
        case,
        "session",
        official("调解记录：%(at)s %(place)s", at=f"{held_at:%Y-%m-%d %H:%M}", place=session.place),
        by,
    )
    return session


@transaction.atomic
def extend_mediation(case: DisputeCase, *, by: User, days: int, note: str, version: int) -> DisputeCase:
    """The parties agree to go on past the 15 days; recorded, and the due date moves."""
    if not 1 <= days <= 60:
        raise ValidationFailed(_("延长天数应在1至60天之间"), field="days")
    if not note.strip():
        raise ValidationFailed(_("请写明双方同意延长的情况"), field="note")
    case = _lock(case, by, version, "extend")
    case.extension_days += days
    case.mediation_due_on = _mediation_due(case)
    _save(case)
    reschedule_work_items(case, kind="dispute.mediate", due_on=case.mediation_due_on)
    _event(
        case,
        "extended",
        official("双方同意延长调解%(days)d日：%(note)s", days=days, note=note.strip()[:200]),
        by,
        due=case.mediation_due_on.isoformat(),
    )
    return case


@transaction.atomic
def suspend_mediation(
    case: DisputeCase, *, by: User, reason: str, on: date | None = None, version: int
) -> DisputeCase:
    if not reason.strip():
        raise ValidationFailed(_("请写明中止原因"), field="reason")
    case = _lock(case, by, version, "suspend")
    case.suspended_on = not_future(on or timezone.localdate(), "on")
    _save(case)
    Suspension.objects.create(case=case, started_on=case.suspended_on, reason=reason.strip()[:300])
    _event(case, "suspended", official("调解中止：%(reason)s", reason=reason.strip()[:200]), by)
    return case


@transaction.atomic
def resume_mediation(case: DisputeCase, *, by: User, on: date | None = None, version: int) -> DisputeCase:
    """The clock starts again; the days it stood still are added to the period."""
    case = _lock(case, by, version, "resume")
    on = not_future(on or timezone.localdate(), "on")
    assert case.suspended_on is not None  # set by suspend_mediation, the only way into the state resumed from
    if on < case.suspended_on:
        raise ValidationFailed(_("恢复日不能早于中止日"), field="on")
    stopped = (on - case.suspended_on).days
    case.suspended_days += stopped
    case.suspended_on = None
    case.mediation_due_on = _mediation_due(case)
    _save(case)
    case.suspensions.filter(ended_on__isnull=True).update(ended_on=on)
    reschedule_work_items(case, kind="dispute.mediate", due_on=case.mediation_due_on)
    _event(
        case,
        "resumed",
        official(
            "恢复调解，中止%(days)d日，调解期限至%(due)s", days=stopped, due=case.mediation_due_on.isoformat()
        ),
        by,
    )
    return case


@transaction.atomic
def fail_mediation(case: DisputeCase, *, by: User, reason: str, version: int) -> DisputeCase:
    if not reason.strip():
        raise ValidationFailed(_("请写明调解不成的原因"), field="reason")
    case = _lock(case, by, version, "fail")
    case.reason, case.outcome, case.outcome_on = reason.strip()[:300], Outcome.FAILED, timezone.localdate()
    _save(case)
    close_work_items(case)
    _event(case, "failed", official("调解不成：%(reason)s", reason=case.reason), by)
    return case


@transaction.atomic
def withdraw_dispute(case: DisputeCase, *, by: User, reason: str, version: int) -> DisputeCase:
    case = _lock(case, by, version, "withdraw")
    case.reason, case.outcome_on, case.closed_on = (
        reason.strip()[:300],
        timezone.localdate(),
        timezone.localdate(),
    )
    _save(case)
    close_work_items(case)
    _event(case, "withdrawn", official("申请人撤回申请"), by, reason=case.reason)
    return case
