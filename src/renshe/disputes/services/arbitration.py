"""Arbitration: a failed or lapsed mediation referred with its whole file (劳动争议调解仲裁法 第十四条) or a direct
application (第五条), acceptance (第二十九条), hearings (第三十五条), the one extension (第四十三条), and the award, final or
not per item (第四十七条)."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Organisation, OrganisationKind, User, WorkItem
from renshe.core.money import CENT, MAX_AMOUNT, ZERO
from renshe.core.parameters import minimum_wage_on
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
)
from renshe.core.subjects import subject_of
from renshe.core.workdays import compute_deadline

from .. import metrics
from ..models import (
    ArbitrationCase,
    AwardItem,
    Channel,
    DisputeCase,
    Hearing,
)
from ..rules import may_register_arbitration
from ..workflow import Status
from ._common import _claim_types, _event, _lock, _save, _task
from .intake import ApplicantInput, ClaimInput, RespondentInput, _register, take_number
from .mediation import fail_mediation


@transaction.atomic
def refer_to_arbitration(
    case: DisputeCase, *, by: User, commission: Organisation, applied_on: date, version: int
) -> ArbitrationCase:
    """A failed mediation, or one past its period (第十四条), goes to arbitration with its whole file.
    The commission's number is taken before the case is locked (casework.LOCK_ORDER: counters first)."""
    if commission.kind != OrganisationKind.ARBITRATION_COMMISSION:
        raise ValidationFailed(_("请选择仲裁委员会"), field="commission")
    applied_on = not_future(applied_on, "applied_on")
    number = take_number(commission, applied_on)
    current = DisputeCase.objects.get(pk=case.pk)
    overdue = (
        current.status == Status.MEDIATING
        and current.mediation_due_on
        and current.mediation_due_on < timezone.localdate()
    )
    if overdue:  # past the period a party may arbitrate without waiting for a formal failure
        current = fail_mediation(current, by=by, reason=official("调解期限届满未达成协议"), version=version)
        version = current.version
    case = _lock(current, by, version, "to_arbitration")
    arbitration = _open_arbitration(case, commission, applied_on, number)
    case.organisation = commission
    _save(case)
    _event(
        case,
        "to_arbitration",
        official("申请仲裁，移送%(org)s，仲裁案号%(number)s", org=commission.name, number=number),
        by,
    )
    return arbitration


@transaction.atomic
def apply_for_arbitration(
    *,
    by: User,
    commission: Organisation,
    applicants: list[ApplicantInput],
    respondent: RespondentInput,
    claims: list[ClaimInput],
    facts: str,
    case_type: str,
    applied_on: date,
    channel: str = Channel.COUNTER,
    number: str | None = None,
) -> tuple[DisputeCase, str]:
    """A direct application to the commission, without mediation first (第五条: mediation is optional
    before arbitration), registered by the commission's staff, e.g. from a labour-inspection file. The
    case starts at the arbitration stage; acceptance follows within the period of 第二十九条. `number`:
    one the caller took with `take_number` before locking a case of its own (handover)."""
    if not may_register_arbitration(by, commission):
        raise PermissionDenied(_("只能由仲裁委员会工作人员登记仲裁申请"))
    if commission.kind != OrganisationKind.ARBITRATION_COMMISSION:
        raise ValidationFailed(_("请选择仲裁委员会"), field="commission")
    case, code = _register(
        by=by,
        channel=channel,
        organisation=commission,
        applicants=applicants,
        respondent=respondent,
        claims=claims,
        facts=facts,
        case_type=case_type,
        received_on=applied_on,
        date_field="applied_on",
        status=Status.ARBITRATION,
        number=number,
    )
    _open_arbitration(case, commission, case.received_on, case.number)
    metrics.count_change(None, metrics.tally(case))  # the statistics rows last: casework.LOCK_ORDER
    return case, code


def _open_arbitration(
    case: DisputeCase, commission: Organisation, applied_on: date, number: str
) -> ArbitrationCase:
    """The arbitration file under the commission's `number`, and its acceptance on the arbitrators'
    workbench within the period of 第二十九条."""
    arbitration = ArbitrationCase.objects.create(
        case=case,
        commission=commission,
        applied_on=applied_on,
        acceptance_due_on=compute_deadline(law.ARBITRATION_ACCEPTANCE, applied_on).due,
        number=number,
    )
    _task(
        case,
        "arbitration.accept",
        official("仲裁受理审查：%(number)s", number=number),
        organisation=commission,
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_ACCEPTANCE,
        starts_on=applied_on,
    )
    return arbitration


def _arbitration(
    case: DisputeCase, by: User, action: str, version: int
) -> tuple[DisputeCase, ArbitrationCase]:
    case = _lock(case, by, version, action)
    return case, ArbitrationCase.objects.select_for_update().get(case=case)


@transaction.atomic
def accept_arbitration(case: DisputeCase, *, by: User, accepted_on: date, version: int) -> ArbitrationCase:
    case, arbitration = _arbitration(case, by, "accept_arbitration", version)
    if arbitration.accepted_on:
        raise ValidationFailed(_("该仲裁案件已受理"), field="accepted_on")
    accepted_on = not_future(accepted_on, "accepted_on")
    if accepted_on < arbitration.applied_on:
        raise ValidationFailed(_("受理日不能早于申请日"), field="accepted_on")
    arbitration.accepted_on = accepted_on
    arbitration.award_due_on = compute_deadline(law.ARBITRATION_AWARD, accepted_on).due
    arbitration.save()
    _save(case)
    close_work_items(case, kind="arbitration.accept")
    _event(
        case,
        "arbitration_accepted",
        official("仲裁委受理，审理期限至%(due)s", due=arbitration.award_due_on.isoformat()),
        by,
    )
    _task(
        case,
        "arbitration.award",
        official("仲裁审理：%(number)s", number=arbitration.number),
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_AWARD,
        starts_on=accepted_on,
    )
    return arbitration


@transaction.atomic
def schedule_hearing(
    case: DisputeCase, *, by: User, scheduled_at: datetime, place: str, notified_on: date, version: int
) -> Hearing:
    case, arbitration = _arbitration(case, by, "schedule_hearing", version)
    if not arbitration.accepted_on:
        raise ValidationFailed(_("仲裁案件尚未受理"), field="scheduled_at")
    notice_days = law.ARBITRATION_HEARING_NOTICE.effective_days
    if (scheduled_at.date() - notified_on).days < notice_days:
        raise ValidationFailed(
            _("开庭通知应在开庭%(days)d日前送达（%(law)s）")
            % {"days": notice_days, "law": law.ARBITRATION_HEARING_NOTICE.citation},
            field="scheduled_at",
        )
    _save(case)
    hearing = Hearing.objects.create(
        arbitration=arbitration, scheduled_at=scheduled_at, place=place.strip()[:120], notified_on=notified_on
    )
    _event(
        case,
        "hearing",
        official("安排开庭：%(at)s %(place)s", at=f"{scheduled_at:%Y-%m-%d %H:%M}", place=hearing.place),
        by,
    )
    return hearing


@transaction.atomic
def extend_arbitration(case: DisputeCase, *, by: User, version: int) -> ArbitrationCase:
    """Once, by at most 15 days, with the chair's written approval (第四十三条)."""
    case, arbitration = _arbitration(case, by, "extend_arbitration", version)
    if not arbitration.accepted_on or arbitration.extended:
        raise ValidationFailed(_("审理期限只能在受理后延长一次"), field="status")
    arbitration.extended = True
    arbitration.award_due_on = compute_deadline(
        law.ARBITRATION_AWARD, arbitration.accepted_on, extra_days=law.ARBITRATION_EXTENSION.effective_days
    ).due
    arbitration.save()
    _save(case)
    WorkItem.objects.filter(**subject_of(case), kind="arbitration.award", status="open").update(
        due_on=arbitration.award_due_on
    )
    _event(
        case,
        "arbitration_extended",
        official("经批准延长审理期限至%(due)s", due=arbitration.award_due_on.isoformat()),
        by,
    )
    return arbitration


def final_award_limit(on: date) -> Decimal:
    """第四十七条第（一）项's measure: twelve months of the minimum wage in force on the day of the award."""
    return minimum_wage_on(on) * law.FINAL_AWARD_MINIMUM_WAGE_MONTHS


def is_final_item(claim_type: str, amount: Decimal, limit: Decimal) -> bool:
    """一裁终局 (第四十七条), per awarded item (解释（一）第十九条); `limit` is final_award_limit(award day)."""
    if claim_type in law.FINAL_AWARD_LABOUR_STANDARD_CLAIMS:
        return True
    return claim_type in law.FINAL_AWARD_AMOUNT_TESTED_CLAIMS and amount <= limit


@transaction.atomic
def make_award(
    case: DisputeCase,
    *,
    by: User,
    awarded_on: date,
    summary: str,
    items: list[ClaimInput],
    version: int,
) -> ArbitrationCase:
    case, arbitration = _arbitration(case, by, "award", version)
    if not arbitration.accepted_on:
        raise ValidationFailed(_("仲裁案件尚未受理"), field="awarded_on")
    awarded_on = not_future(awarded_on, "awarded_on")
    if awarded_on < arbitration.accepted_on:
        raise ValidationFailed(_("裁决日不能早于受理日"), field="awarded_on")
    if not summary.strip():
        raise ValidationFailed(_("请填写裁决主文"), field="summary")
    known = _claim_types()
    limit = final_award_limit(awarded_on)
    rows = []
    for item in items:
        if item.claim_type not in known:
            raise ValidationFailed(_("裁决事项类型无效"), field="items")
        amount = Decimal(str(item.amount)).quantize(CENT)
        if amount < 0 or amount > MAX_AMOUNT:
            raise ValidationFailed(_("裁决金额无效"), field="items")
        rows.append(
            AwardItem(
                arbitration=arbitration,
                claim_type=item.claim_type,
                amount=amount,
                final=is_final_item(item.claim_type, amount, limit),
            )
        )
    AwardItem.objects.bulk_create(rows)
    arbitration.awarded_on, arbitration.award_summary = awarded_on, summary.strip()
    # 解释（一）第二十条: a mixed award is treated as non-final
    arbitration.final = bool(rows) and all(r.final for r in rows)
    arbitration.save()
    _save(case)
    close_work_items(case, kind="arbitration.award")
    kind = official("终局裁决") if arbitration.final else official("非终局裁决")
    _event(
        case,
        "awarded",
        official("作出仲裁裁决（%(kind)s）", kind=kind),
        by,
        total=str(sum((r.amount for r in rows), ZERO)),
    )
    period = law.WORKER_SUIT_AFTER_FINAL_AWARD if arbitration.final else law.SUIT_AFTER_NON_FINAL_AWARD
    _task(
        case,
        "arbitration.suit_window",
        official("裁决起诉期限届满后结案：%(number)s", number=arbitration.number),
        role=Role.ARBITRATOR,
        period=period,
        starts_on=awarded_on,
    )
    return arbitration
