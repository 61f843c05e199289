"""The arbitration clock's facts (disputes.arbitration_clock): a restart of the award period or the time of service
by public notice, recorded by the tribunal (办案规则 第四十六条); a suspension of the hearing, which the commission's
director or the head of its arbitration court he entrusts approves (第四十七条); and the hearing resumed. Each moves
the due date and the tasks that wait on it; a 补正 before acceptance moves the five days of 第二十九条."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.services import not_future, official, reschedule_work_items

from ..arbitration_clock import acceptance_due, award_clock
from ..models import HALTS, ArbitrationCase, ArbitrationSuspension, ClockGround, DisputeCase
from ._common import _arbitration, _event, _save


def reclock(case: DisputeCase, arbitration: ArbitrationCase) -> str:
    """Write the due dates the rows give (acceptance, or the award period) and move the tasks waiting on
    them; returns the new last day as the timeline states it."""
    if arbitration.accepted_on is None:
        arbitration.acceptance_due_on = acceptance_due(arbitration, arbitration.suspensions.all())
        arbitration.save(update_fields=["acceptance_due_on"])
        reschedule_work_items(case, kind="arbitration.accept", due_on=arbitration.acceptance_due_on)
        return official("受理审查期限至%(due)s", due=arbitration.acceptance_due_on.isoformat())
    clock = award_clock(arbitration)
    arbitration.award_due_on = clock.due_on
    arbitration.save(update_fields=["award_due_on", "extended"])
    reschedule_work_items(case, kind="arbitration.award", due_on=clock.due_on)
    if clock.suspended_since is not None:
        return official("审理中止，期限暂停计算")
    if clock.excluded_days:
        return official(
            "审理期限至%(due)s（%(n)d日不计入）", due=clock.due_on.isoformat(), n=clock.excluded_days
        )
    return official("审理期限至%(due)s", due=clock.due_on.isoformat())


@transaction.atomic
def recount_arbitration(
    case: DisputeCase, *, by: User, ground: str, on: date, note: str = "", version: int
) -> ArbitrationSuspension:
    """A restart of the award period on `on` (a party joined, 补正 received, changed claims or a counterclaim
    accepted, a transfer received), or service by public notice from `on` until resume_arbitration: the
    tribunal's record (办案规则 第四十六条). Before acceptance only a 补正, which restarts the five days to accept
    (第二十九条)."""
    if ground in HALTS:
        raise ValidationFailed(
            _("中止审理须经仲裁委员会主任或者其委托的仲裁院负责人批准（%(law)s）")
            % {"law": law.ARBITRATION_SUSPENSION_CITATION},
            field="ground",
        )
    return _clock_row(case, by, "recount_arbitration", ground, on, note, version)


@transaction.atomic
def suspend_arbitration(
    case: DisputeCase, *, by: User, ground: str, on: date, note: str = "", version: int
) -> ArbitrationSuspension:
    """The hearing suspended from `on` for a ground of 办案规则 第四十七条, approved by the commission's director or
    the head of its arbitration court he entrusts (rules.commission_head), until resume_arbitration."""
    if ground not in HALTS:
        raise ValidationFailed(
            _("请选择中止审理的情形（%(law)s）") % {"law": law.ARBITRATION_SUSPENSION_CITATION},
            field="ground",
        )
    return _clock_row(case, by, "suspend_arbitration", ground, on, note, version)


def _clock_row(
    case: DisputeCase, by: User, action: str, ground: str, on: date, note: str, version: int
) -> ArbitrationSuspension:
    """The rows follow one another in date order, one suspension at a time."""
    case, arbitration = _arbitration(case, by, action, version)
    if ground not in ClockGround.values:
        raise ValidationFailed(_("请选择审理期限中止或重新计算的事由"), field="ground")
    on = not_future(on, "on")
    row = ArbitrationSuspension(
        arbitration=arbitration, ground=ground, started_on=on, note=note.strip()[:300], recorded_by=by
    )
    if arbitration.accepted_on is None:
        if ground != ClockGround.SUPPLEMENTED:
            raise ValidationFailed(_("受理前只能登记申请人补正材料"), field="ground")
        if on < arbitration.applied_on:
            raise ValidationFailed(_("发生日期不能早于申请日"), field="on")
    elif on < arbitration.accepted_on:
        raise ValidationFailed(_("发生日期不能早于受理日"), field="on")
    rows = list(arbitration.suspensions.all())
    if any(r.ended_on is None for r in rows):
        raise ValidationFailed(_("审理中止尚未恢复，请先登记恢复审理"), field="ground")
    last = max((r.ended_on for r in rows if r.ended_on), default=None)
    if last is not None and on < last:
        raise ValidationFailed(
            _("发生日期不能早于上一次中止或重新计算的日期（%(day)s）") % {"day": last.isoformat()}, field="on"
        )
    if ground == ClockGround.OTHER and not row.note:
        raise ValidationFailed(_("请写明中止审理的情形"), field="note")
    if row.restarts:
        row.ended_on = on
    row.save()
    due = reclock(case, arbitration)
    _save(case)
    ground_text = official(ClockGround(ground).label)
    suffix = f"：{row.note}" if row.note else ""
    if row.restarts:
        summary = official(
            "%(day)s %(ground)s%(note)s，期限重新计算，%(due)s（%(law)s）",
            day=on.isoformat(),
            ground=ground_text,
            note=suffix,
            due=due,
            law=law.ARBITRATION_RESTART_CITATION,
        )
        _event(case, "arbitration_restarted", summary, by, ground=ground)
    else:
        summary = official(
            "自%(day)s起中止审理：%(ground)s%(note)s，审理期限暂停计算（%(law)s）",
            day=on.isoformat(),
            ground=ground_text,
            note=suffix,
            law=law.ARBITRATION_SUSPENSION_CITATION,
        )
        _event(case, "arbitration_suspended", summary, by, ground=ground)
    return row


@transaction.atomic
def resume_arbitration(
    case: DisputeCase, *, by: User, on: date | None = None, version: int
) -> ArbitrationCase:
    """The hearing resumes on `on`: the days since the suspension began are left out of the award period,
    whose last day moves by as many (办案规则 第四十六条、第四十七条)."""
    case, arbitration = _arbitration(case, by, "resume_arbitration", version)
    row = arbitration.suspensions.select_for_update().filter(ended_on__isnull=True).first()
    if row is None:
        raise ValidationFailed(_("本案审理没有中止"), field="on")
    on = not_future(on or timezone.localdate(), "on")
    if on < row.started_on:
        raise ValidationFailed(_("恢复审理日不能早于中止日"), field="on")
    row.ended_on = on
    row.save(update_fields=["ended_on"])
    due = reclock(case, arbitration)
    _save(case)
    _event(
        case,
        "arbitration_resumed",
        official(
            "%(day)s恢复审理，本次中止%(n)d日；%(due)s（%(law)s）",
            day=on.isoformat(),
            n=row.excluded_days,
            due=due,
            law=law.ARBITRATION_SUSPENSION_CITATION,
        ),
        by,
    )
    return arbitration
