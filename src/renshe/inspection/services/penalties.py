"""Administrative penalties (行政处罚) for the violations the 《劳动保障监察条例》 fines (law.PENALTIES): the prior
notice (行政处罚告知书, 《行政处罚法》第四十四条) with the right to a hearing for a large fine (第六十三条), the
employer's request for a hearing within 5 days (第六十四条) and the hearing, then the decision (行政处罚决定书),
served and checked like an order (orders.record_service, record_compliance)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import AmountKind, User
from renshe.core.money import money, yuan
from renshe.core.parameters import amount_in_force
from renshe.core.services import not_future, official
from renshe.core.workdays import compute_deadline

from ..models import InspectionCase, PenaltyDecision, PenaltyNotice
from ._common import _event, _lock
from .orders import _deadline_after, _number


def pending_notice(case: InspectionCase) -> PenaltyNotice | None:
    """The notice awaiting its decision (one at a time: a second waits until the first is decided); read
    from the case page's prefetched notices."""
    return next((n for n in reversed(case.penalty_notices.all()) if not hasattr(n, "decision")), None)


def hearing_request_due(notice: PenaltyNotice) -> date:
    """The last day to ask for a hearing (《行政处罚法》第六十四条第（一）项: within 5 days of the notice)."""
    return compute_deadline(law.PENALTY_HEARING_REQUEST, notice.notified_on).due


def may_request_hearing(case: InspectionCase) -> bool:
    notice = pending_notice(case)
    return bool(notice and notice.hearing_offered and notice.hearing_requested_on is None)


def hearing_awaited(case: InspectionCase) -> bool:
    notice = pending_notice(case)
    return bool(notice and notice.hearing_requested_on and notice.hearing_held_on is None)


def may_decide_penalty(case: InspectionCase) -> bool:
    """A notice pending, its hearing held if asked for, and if one was offered and not asked for, the time to
    ask has run out (decide_penalty's own checks, for the action bar)."""
    notice = pending_notice(case)
    if notice is None or hearing_awaited(case):
        return False
    if notice.hearing_offered and not notice.hearing_requested_on:
        return timezone.localdate() > hearing_request_due(notice)
    return True


def fine_bounds(violation: str, workers: int, base: Decimal) -> tuple[Decimal, Decimal]:
    if violation not in law.PENALTIES:
        raise ValidationFailed(_("违法行为无效"), field="violation")
    penalty = law.PENALTIES[violation]
    if penalty.per == "worker" and workers < 1:
        raise ValidationFailed(_("请填写受侵害劳动者人数"), field="workers_harmed")
    if penalty.per == "multiple" and base <= 0:
        raise ValidationFailed(_("请填写计罚金额（瞒报的工资数额）"), field="base_amount")
    return penalty.bounds(workers, base)


def _within(fine: Decimal, low: Decimal, high: Decimal, citation: object) -> None:
    if not low <= fine <= high:
        raise ValidationFailed(
            _("罚款金额应在%(low)s元至%(high)s元之间（%(law)s）")
            % {"low": yuan(low), "high": yuan(high), "law": citation},
            field="fine",
        )


@transaction.atomic
def notify_penalty(
    case: InspectionCase,
    *,
    by: User,
    notified_on: date,
    violation: str,
    facts: str,
    fine: Decimal | str,
    workers_harmed: int = 0,
    base_amount: Decimal | str = "0",
    version: int,
) -> PenaltyNotice:
    """行政处罚告知书: the facts, the article and the fine intended within its range, the right to state a
    defence and, when the fine reaches the province's large-fine figure in force that day, to a hearing."""
    number = _number(case, "inspection_penalty_notice", "罚告", notified_on)
    case = _lock(case, by, version, "penalty_notice")
    if pending_notice(case) is not None:
        raise ValidationFailed(_("已有待作出决定的行政处罚告知书"), field="status")
    notified_on = not_future(notified_on, "notified_on")
    if not facts.strip():
        raise ValidationFailed(_("请填写违法事实"), field="facts")
    base = money(base_amount, "base_amount", zero_ok=True)
    low, high = fine_bounds(violation, workers_harmed, base)
    amount = money(fine, "fine")
    _within(amount, low, high, law.PENALTIES[violation].citation)
    threshold = amount_in_force(AmountKind.HEARING_THRESHOLD, notified_on, case.organisation.region)
    notice = PenaltyNotice.objects.create(
        case=case,
        number=number,
        notified_on=notified_on,
        violation=violation,
        facts=facts.strip()[:5000],
        workers_harmed=workers_harmed,
        base_amount=base,
        proposed_fine=amount,
        hearing_offered=amount >= threshold,
        issued_by=by,
    )
    case.save()
    _event(
        case,
        "penalty_notice",
        official(
            "发出行政处罚告知书%(number)s，拟罚款%(amount)s元%(hearing)s",
            number=notice.number,
            amount=yuan(amount),
            hearing=official("，告知听证权利") if notice.hearing_offered else "",
        ),
        by,
    )
    return notice


@transaction.atomic
def request_hearing(case: InspectionCase, *, by: User, requested_on: date, version: int) -> PenaltyNotice:
    """The employer asks for a hearing: only where the notice offered it, within 5 days of the notice
    (《行政处罚法》第六十四条第（一）项)."""
    case = _lock(case, by, version, "penalty_hearing")
    notice = pending_notice(case)
    if notice is None or not notice.hearing_offered:
        raise ValidationFailed(_("本案没有告知听证权利的行政处罚告知书"), field="status")
    if notice.hearing_requested_on:
        raise ValidationFailed(_("已申请听证"), field="requested_on")
    requested_on = not_future(requested_on, "requested_on")
    due = hearing_request_due(notice)
    if not notice.notified_on <= requested_on <= due:
        raise ValidationFailed(
            _("听证应在告知后五日内（%(due)s前）提出（%(law)s）")
            % {"due": due.isoformat(), "law": law.PENALTY_HEARING_REQUEST.citation},
            field="requested_on",
        )
    notice.hearing_requested_on = requested_on
    notice.save(update_fields=["hearing_requested_on"])
    case.save()
    _event(case, "hearing_requested", official("用人单位申请听证（%(number)s）", number=notice.number), by)
    return notice


@transaction.atomic
def hold_hearing(
    case: InspectionCase, *, by: User, held_on: date, record: str, version: int
) -> PenaltyNotice:
    """The hearing asked for (《行政处罚法》第六十四条) was held; the decision waits for it."""
    case = _lock(case, by, version, "penalty_hearing")
    notice = pending_notice(case)
    if notice is None or not notice.hearing_requested_on or notice.hearing_held_on:
        raise ValidationFailed(_("没有待举行的听证"), field="status")
    held_on = not_future(held_on, "held_on")
    if held_on < notice.hearing_requested_on:
        raise ValidationFailed(_("听证日期不能早于申请日期"), field="held_on")
    if not record.strip():
        raise ValidationFailed(_("请填写听证情况"), field="record")
    notice.hearing_held_on, notice.hearing_record = held_on, record.strip()[:5000]
    notice.save(update_fields=["hearing_held_on", "hearing_record"])
    case.save()
    _event(case, "hearing_held", official("举行听证（%(number)s）", number=notice.number), by)
    return notice


@transaction.atomic
def decide_penalty(
    case: InspectionCase,
    *,
    by: User,
    decided_on: date,
    fine: Decimal | str,
    deadline: date,
    defence: str = "",
    version: int,
) -> PenaltyDecision:
    """劳动保障监察行政处罚决定书 on the pending notice: after a hearing asked for was held, or once the time to
    ask for one has run out (《行政处罚法》第六十四条); the fine within the law's range and not above the notice's
    (第四十五条第二款: a defence does not make the penalty heavier)."""
    number = _number(case, "inspection_penalty", "罚", decided_on)
    case = _lock(case, by, version, "penalty_decision")
    notice = pending_notice(case)
    if notice is None:
        raise ValidationFailed(
            _("作出行政处罚决定前应当告知当事人（%(law)s）") % {"law": law.PENALTY_NOTICE_CITATION},
            field="status",
        )
    decided_on = not_future(decided_on, "decided_on")
    if decided_on < (notice.hearing_held_on or notice.notified_on):
        raise ValidationFailed(_("决定日期不能早于告知或听证日期"), field="decided_on")
    if notice.hearing_requested_on and not notice.hearing_held_on:
        raise ValidationFailed(_("当事人已申请听证，应当先举行听证"), field="status")
    if notice.hearing_offered and not notice.hearing_requested_on:
        due = hearing_request_due(notice)
        if decided_on <= due:
            raise ValidationFailed(
                _("申请听证的期限至%(due)s届满，届满后方可作出决定（%(law)s）")
                % {"due": due.isoformat(), "law": law.PENALTY_HEARING_REQUEST.citation},
                field="decided_on",
            )
    amount = money(fine, "fine")
    low, high = law.PENALTIES[notice.violation].bounds(notice.workers_harmed, notice.base_amount)
    _within(amount, low, min(high, notice.proposed_fine), law.PENALTIES[notice.violation].citation)
    _deadline_after(decided_on, deadline, _("决定日期"))
    decision = PenaltyDecision.objects.create(
        case=case,
        notice=notice,
        number=number,
        decided_on=decided_on,
        deadline=deadline,
        amount_to_pay=amount,
        defence=defence.strip()[:5000],
        appeal_rights=official(law.ADMINISTRATIVE_APPEAL_RIGHTS),
        issued_by=by,
    )
    case.save()
    _event(
        case,
        "penalty_decided",
        official("作出行政处罚决定%(number)s：罚款%(amount)s元", number=decision.number, amount=yuan(amount)),
        by,
    )
    return decision
