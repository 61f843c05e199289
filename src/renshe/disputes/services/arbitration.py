"""Arbitration: a failed or lapsed mediation referred with its whole file (劳动争议调解仲裁法 第十四条) or a direct
application (第五条), acceptance (第二十九条), hearings (第三十五条), the one extension (第四十三条), and the award, final or
not per item (第四十七条)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Organisation, OrganisationKind, User
from renshe.core.money import CENT, MAX_AMOUNT, ZERO
from renshe.core.parameters import minimum_wage_on
from renshe.core.roles import Capability, Role
from renshe.core.services import (
    close_work_items,
    not_future,
    office_holders,
    official,
)
from renshe.core.workdays import compute_deadline

from .. import metrics
from ..arbitration_clock import award_clock
from ..models import (
    ArbitrationCase,
    AwardItem,
    Channel,
    DisputeCase,
    Hearing,
    HearingRoom,
    Recusal,
    RecusalDecision,
    RecusalGround,
    RecusalSource,
    TribunalMakeup,
    TribunalSeat,
)
from ..rules import may_register_arbitration
from ..selectors import commission_root, eligible_arbitrators
from ..workflow import Status
from ._common import _arbitration, _claim_types, _event, _lock, _save, _task
from .arbitration_clock import reclock
from .intake import ApplicantInput, ClaimInput, RespondentInput, _register, take_number
from .limitation import limitation_flag
from .mediation import fail_mediation

MIN_HEARING_MINUTES, DEFAULT_HEARING_MINUTES, MAX_HEARING_MINUTES = 30, 120, 480
# PostgreSQL: no two hearings of one room overlap (disputes migration 0012)
HEARING_ROOM_CONSTRAINT = "hearing_room_no_overlap"
# 第三十三条第二款 asks the commission to decide "promptly" (及时); 劳动人事争议仲裁办案规则 (人社部令第33号) 第十一条:
# within three days of the application. The head's task is due then.
RECUSAL_DECISION_DAYS = 3


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
    common_claim: bool = False,
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
        common_claim=common_claim,
    )
    _open_arbitration(case, commission, case.received_on, case.number)
    metrics.count_change(None, metrics.tally(case))  # the statistics rows last: casework.LOCK_ORDER
    return case, code


def _open_arbitration(
    case: DisputeCase, commission: Organisation, applied_on: date, number: str
) -> ArbitrationCase:
    """The arbitration file under the commission's `number`, and its acceptance on the arbitrators'
    workbench within the period of 第二十九条; a collective dispute's flagged for priority filing (办案规则
    第五条)."""
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
        acceptance_task_title(number, case.collective),
        organisation=commission,
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_ACCEPTANCE,
        starts_on=applied_on,
    )
    return arbitration


def acceptance_task_title(number: str, collective: bool) -> str:
    """The acceptance's task, flagged for priority filing when the dispute is collective (办案规则 第五条)."""
    title = official("仲裁受理审查：%(number)s", number=number)
    return official("【集体·优先】%(title)s", title=title) if collective else title


@transaction.atomic
def accept_arbitration(case: DisputeCase, *, by: User, accepted_on: date, version: int) -> ArbitrationCase:
    case, arbitration = _arbitration(case, by, "accept_arbitration", version)
    if arbitration.accepted_on:
        raise ValidationFailed(_("该仲裁案件已受理"), field="accepted_on")
    accepted_on = not_future(accepted_on, "accepted_on")
    if accepted_on < arbitration.applied_on:
        raise ValidationFailed(_("受理日不能早于申请日"), field="accepted_on")
    arbitration.accepted_on = accepted_on
    arbitration.award_due_on = award_clock(arbitration).due_on
    arbitration.save()
    _save(case)
    close_work_items(case, kind="arbitration.accept")
    accepted = official("仲裁委受理，审理期限至%(due)s", due=arbitration.award_due_on.isoformat())
    # 第二十七条: a barred claim is the respondent's defence, not a ground to refuse (第二十九条): flagged
    flag = limitation_flag(arbitration)
    _event(case, "arbitration_accepted", f"{accepted}。{flag}" if flag else accepted, by)
    _task(
        case,
        "arbitration.award",
        official("仲裁审理：%(number)s", number=arbitration.number),
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_AWARD,
        starts_on=accepted_on,
    )
    _task(  # the tribunal's make-up notified to the parties within 5 days (第三十二条)
        case,
        "arbitration.tribunal",
        official("组成仲裁庭并书面通知当事人：%(number)s", number=arbitration.number),
        role=Role.ARBITRATOR,
        period=law.TRIBUNAL_NOTICE,
        starts_on=accepted_on,
    )
    return arbitration


@transaction.atomic
def refuse_arbitration(case: DisputeCase, *, by: User, reason: str, version: int) -> DisputeCase:
    """Not accepted (第二十九条): refused in writing with the reason; the applicant may then go to court."""
    case, arbitration = _arbitration(case, by, "refuse_arbitration", version)
    if arbitration.accepted_on:
        raise ValidationFailed(_("该仲裁案件已受理，不能再不予受理"), field="reason")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("请填写不予受理的理由"), field="reason")
    case.reason = reason[:300]
    case.closed_on = timezone.localdate()
    _save(case)
    close_work_items(case, kind="arbitration.accept")
    _event(
        case,
        "arbitration_refused",
        official(
            "仲裁委不予受理：%(reason)s（%(law)s）",
            reason=case.reason,
            law=law.ARBITRATION_ACCEPTANCE.citation,
        ),
        by,
    )
    return case


def _room_taken(room: HearingRoom, clash: Hearing | None) -> ValidationFailed:
    if clash is None:  # the other booking is gone again (rolled back) by the time it is read
        return ValidationFailed(
            _("%(room)s在该时间已安排开庭，请另选时间或庭室") % {"room": room.name}, field="room"
        )
    at = timezone.localtime(clash.scheduled_at)
    return ValidationFailed(
        _("%(room)s在%(start)s至%(end)s已安排开庭（%(number)s），请另选时间或庭室")
        % {
            "room": room.name,
            "start": f"{at:%Y-%m-%d %H:%M}",
            "end": f"{timezone.localtime(clash.ends_at):%H:%M}",
            "number": clash.arbitration.number,
        },
        field="room",
    )


def _hearing_clash(room: HearingRoom, start: datetime, minutes: int) -> Hearing | None:
    """A hearing already in `room` whose time overlaps [start, start + minutes)."""
    end = start + timedelta(minutes=minutes)
    nearby = Hearing.objects.filter(
        room=room, scheduled_at__lt=end, scheduled_at__gt=start - timedelta(minutes=MAX_HEARING_MINUTES)
    ).select_related("arbitration")
    return next((h for h in nearby if h.ends_at > start), None)


@transaction.atomic
def schedule_hearing(
    case: DisputeCase,
    *,
    by: User,
    scheduled_at: datetime,
    notified_on: date,
    version: int,
    place: str = "",
    room: HearingRoom | None = None,
    minutes: int = DEFAULT_HEARING_MINUTES,
) -> Hearing:
    """A hearing in one of the commission's rooms (or a place outside them), noticed 5 days before
    (第三十五条). A room holds one hearing at a time: an overlapping one is refused, naming the case there.
    The room's row is locked after the case (casework.LOCK_ORDER: the case's sub-records), so two officials
    booking one room for two cases queue on it."""
    case, arbitration = _arbitration(case, by, "schedule_hearing", version)
    if not arbitration.accepted_on:
        raise ValidationFailed(_("仲裁案件尚未受理"), field="scheduled_at")
    if not MIN_HEARING_MINUTES <= minutes <= MAX_HEARING_MINUTES:
        raise ValidationFailed(_("开庭时长应在30分钟至8小时之间"), field="minutes")
    # counted from the notice by the rule in force on its day; a hearing may sit on the counted day itself
    notice = compute_deadline(law.ARBITRATION_HEARING_NOTICE, notified_on)
    if scheduled_at.date() < notice.nominal_due:
        raise ValidationFailed(
            _("开庭通知应在开庭%(period)s前送达（%(law)s）")
            % {"period": notice.rule.describe(), "law": law.ARBITRATION_HEARING_NOTICE.citation},
            field="scheduled_at",
        )
    if room is not None:
        room = (
            HearingRoom.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=room.pk)
        )
        if not room.active or not room.organisation.path.startswith(commission_root(arbitration).path):
            raise ValidationFailed(_("请选择本仲裁委员会的仲裁庭室"), field="room")
        clash = _hearing_clash(room, scheduled_at, minutes)
        if clash is not None:
            raise _room_taken(room, clash)
        place = f"{room.organisation.name}{room.name}"
    place = place.strip()[:120]
    if not place:
        raise ValidationFailed(_("请选择仲裁庭室或填写开庭地点"), field="room")
    _save(case)
    try:
        with transaction.atomic():
            hearing = Hearing.objects.create(
                arbitration=arbitration,
                scheduled_at=scheduled_at,
                place=place,
                room=room,
                minutes=minutes,
                notified_on=notified_on,
            )
    except IntegrityError as error:
        # PostgreSQL's exclusion constraint (migration 0012) behind the check above: a booking that got past
        # it (a row written without the room's lock) is refused as the check refuses one
        if room is None or HEARING_ROOM_CONSTRAINT not in str(error):
            raise
        raise _room_taken(room, _hearing_clash(room, scheduled_at, minutes)) from None
    local = timezone.localtime(scheduled_at)
    _event(
        case,
        "hearing",
        official("安排开庭：%(at)s %(place)s", at=f"{local:%Y-%m-%d %H:%M}", place=hearing.place),
        by,
    )
    return hearing


def _check_arbitrator(arbitration: ArbitrationCase, user: User, field: str) -> None:
    if not eligible_arbitrators(arbitration).filter(pk=user.pk).exists():
        raise ValidationFailed(
            _("%(name)s不是本仲裁委员会的仲裁员") % {"name": user.full_name or user.username}, field=field
        )


@transaction.atomic
def compose_tribunal(
    case: DisputeCase,
    *,
    by: User,
    tribunal: str,
    arbitrators: list[User],
    presiding: User | None = None,
    version: int,
) -> ArbitrationCase:
    """The tribunal (第三十一条): a sole arbitrator, or three with one presiding; each an arbitrator of
    the commission; always three for a collective dispute (law.COLLECTIVE_TRIBUNAL_CITATION). Formed once
    after acceptance; a member is replaced only by a recusal (第三十三条)."""
    case, arbitration = _arbitration(case, by, "compose_tribunal", version)
    if not arbitration.accepted_on:
        raise ValidationFailed(_("仲裁案件尚未受理"), field="tribunal")
    if arbitration.tribunal:
        raise ValidationFailed(_("仲裁庭已组成；更换仲裁员须经回避决定"), field="tribunal")
    if tribunal not in TribunalMakeup.values:
        raise ValidationFailed(_("请选择仲裁庭组成方式"), field="tribunal")
    members = list({u.pk: u for u in arbitrators}.values())
    if len(members) != len(arbitrators):
        raise ValidationFailed(_("同一仲裁员不能重复指定"), field="arbitrators")
    if tribunal == TribunalMakeup.SOLE:
        if case.collective:
            raise ValidationFailed(
                _("集体争议应由三名仲裁员组成合议庭，不得独任仲裁（%(law)s）")
                % {"law": law.COLLECTIVE_TRIBUNAL_CITATION},
                field="tribunal",
            )
        if len(members) != 1:
            raise ValidationFailed(
                _("独任仲裁由一名仲裁员审理（%(law)s）") % {"law": law.TRIBUNAL_CITATION}, field="arbitrators"
            )
        presiding = members[0]
    else:
        if len(members) != law.PANEL_ARBITRATORS:
            raise ValidationFailed(
                _("合议庭由三名仲裁员组成（%(law)s）") % {"law": law.TRIBUNAL_CITATION}, field="arbitrators"
            )
        if presiding is None or presiding.pk not in {u.pk for u in members}:
            raise ValidationFailed(_("首席仲裁员须是合议庭成员之一"), field="presiding")
    for member in members:
        _check_arbitrator(arbitration, member, "arbitrators")
    today = timezone.localdate()
    assert presiding is not None
    TribunalSeat.objects.bulk_create(
        TribunalSeat(
            arbitration=arbitration, arbitrator=u, presiding=u.pk == presiding.pk, appointed_on=today
        )
        for u in members
    )
    arbitration.tribunal = tribunal
    arbitration.save(update_fields=["tribunal"])
    _save(case)
    close_work_items(case, kind="arbitration.tribunal")
    others = [u for u in members if u.pk != presiding.pk]
    _event(
        case,
        "tribunal",
        official(
            "组成仲裁庭（%(form)s）：首席仲裁员%(presiding)s%(others)s",
            form=official(TribunalMakeup(tribunal).label),
            presiding=_name(presiding),
            others=("，仲裁员" + "、".join(_name(u) for u in others)) if others else "",
        ),
        by,
        arbitrators=[u.pk for u in members],
        presiding=presiding.pk,
    )
    return arbitration


def _name(user: User) -> str:
    return user.full_name or user.username


@transaction.atomic
def request_recusal(
    case: DisputeCase,
    *,
    by: User,
    arbitrator: User,
    source: str,
    ground: str,
    reason: str,
    version: int,
) -> Recusal:
    """A recusal request (第三十三条): a party's, recorded by the commission's staff, or the arbitrator's
    own. It waits for the commission head's decision; the arbitrator sits until then."""
    case, arbitration = _arbitration(case, by, "request_recusal", version)
    if not arbitration.seats.filter(arbitrator=arbitrator, left_on__isnull=True).exists():
        raise ValidationFailed(_("该仲裁员不在本案仲裁庭"), field="arbitrator")
    if source not in RecusalSource.values:
        raise ValidationFailed(_("请选择提出方式"), field="source")
    if source == RecusalSource.SELF and by.pk != arbitrator.pk and not by.is_superuser:
        raise ValidationFailed(_("自行回避只能由该仲裁员本人提出"), field="source")
    if ground not in RecusalGround.values:
        raise ValidationFailed(_("请选择第三十三条规定的回避事由"), field="ground")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("请填写回避理由"), field="reason")
    if arbitration.recusals.filter(arbitrator=arbitrator, decision="").exists():
        raise ValidationFailed(_("对该仲裁员的回避申请尚未决定"), field="arbitrator")
    recusal = Recusal.objects.create(
        arbitration=arbitration,
        arbitrator=arbitrator,
        source=source,
        ground=ground,
        reason=reason[:300],
        requested_by=by,
        requested_on=timezone.localdate(),
    )
    _save(case)
    _event(
        case,
        "recusal_requested",
        official(
            "%(source)s：仲裁员%(name)s，事由：%(ground)s；理由：%(reason)s（%(law)s）",
            source=official(RecusalSource(source).label),
            name=_name(arbitrator),
            ground=official(RecusalGround(ground).label),
            reason=recusal.reason,
            law=law.RECUSAL_CITATION,
        ),
        by,
        recusal=recusal.pk,
    )
    _recusal_tasks(case, recusal)
    return recusal


def _recusal_tasks(case: DisputeCase, recusal: Recusal) -> None:
    """The decision's task, for each director or institute head over the case's commission but the
    arbitrator concerned (办案规则 第十二条); where there is none, the commission's administrators are
    asked to record who holds the office (系统管理), since they cannot decide it themselves."""
    title = official(
        "回避决定：%(number)s 仲裁员%(name)s",
        number=recusal.arbitration.number,
        name=_name(recusal.arbitrator),
    )
    starts_on = recusal.requested_on
    due_on = starts_on + timedelta(days=RECUSAL_DECISION_DAYS)
    heads = [
        u
        for u in office_holders(Capability.DECIDE_RECUSAL, case.organisation)
        if u.pk != recusal.arbitrator_id
    ]
    for head in heads:
        _task(case, "arbitration.recusal", title, assignee=head, starts_on=starts_on, due_on=due_on)
    if not heads:
        title = official("%(title)s（请在系统管理中为仲裁委员会主任授予回避决定权限）", title=title)
        _task(
            case, "arbitration.recusal", title, role=Role.DEPARTMENT_ADMIN, starts_on=starts_on, due_on=due_on
        )


@transaction.atomic
def decide_recusal(
    recusal: Recusal,
    *,
    by: User,
    granted: bool,
    note: str,
    replacement: User | None = None,
    version: int,
) -> Recusal:
    """The decision on a recusal (第三十三条第二款) by the commission's director or the institute head he
    delegates (rules.commission_head), never by the arbitrator it concerns (the commission decides that). Granted: the arbitrator leaves the
    tribunal and `replacement` takes the seat (presiding if they presided). `version` is the case's."""
    case, arbitration = _arbitration(recusal.arbitration.case, by, "decide_recusal", version)
    recusal = Recusal.objects.select_for_update().get(pk=recusal.pk)
    if recusal.arbitrator_id == by.pk:
        raise PermissionDenied(_("本回避申请涉及您本人，应由仲裁委员会决定"))
    if recusal.decision:
        raise ValidationFailed(_("该回避申请已作出决定"), field="granted")
    note = note.strip()
    if not note:
        raise ValidationFailed(_("请填写决定理由"), field="note")
    today = timezone.localdate()
    summary_args = {"name": _name(recusal.arbitrator), "note": note[:300], "law": law.RECUSAL_CITATION}
    if granted:
        if replacement is None:
            raise ValidationFailed(_("准予回避须指定替换的仲裁员"), field="replacement")
        if replacement.pk == recusal.arbitrator_id:
            raise ValidationFailed(_("替换仲裁员不能是被申请回避的仲裁员"), field="replacement")
        if arbitration.seats.filter(arbitrator=replacement, left_on__isnull=True).exists():
            raise ValidationFailed(_("该仲裁员已在本案仲裁庭"), field="replacement")
        _check_arbitrator(arbitration, replacement, "replacement")
        seat = arbitration.seats.select_for_update().get(arbitrator=recusal.arbitrator, left_on__isnull=True)
        seat.left_on = today
        seat.save(update_fields=["left_on"])
        TribunalSeat.objects.create(
            arbitration=arbitration, arbitrator=replacement, presiding=seat.presiding, appointed_on=today
        )
        recusal.replacement = replacement
        summary = official(
            "准予仲裁员%(name)s回避，由%(replacement)s接替：%(note)s（%(law)s）",
            replacement=_name(replacement),
            **summary_args,
        )
    else:
        summary = official("驳回对仲裁员%(name)s的回避申请：%(note)s（%(law)s）", **summary_args)
    recusal.decision = RecusalDecision.GRANTED if granted else RecusalDecision.REFUSED
    recusal.decided_by, recusal.decided_on, recusal.decision_note = by, today, note[:300]
    recusal.save()
    _save(case)
    if not arbitration.recusals.filter(decision="").exists():
        close_work_items(case, kind="arbitration.recusal")
    _event(case, "recusal_decided", summary, by, recusal=recusal.pk, granted=granted)
    return recusal


@transaction.atomic
def extend_arbitration(case: DisputeCase, *, by: User, version: int) -> ArbitrationCase:
    """Once, by at most 15 days, with the chair's written approval (第四十三条)."""
    case, arbitration = _arbitration(case, by, "extend_arbitration", version)
    if not arbitration.accepted_on or arbitration.extended:
        raise ValidationFailed(_("审理期限只能在受理后延长一次"), field="status")
    arbitration.extended = True
    reclock(case, arbitration)  # the 15 days on top of the period with its restarts and suspensions
    _save(case)
    assert arbitration.award_due_on is not None
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
    if arbitration.suspensions.filter(ended_on__isnull=True).exists():
        raise ValidationFailed(_("审理中止期间不能作出裁决，请先登记恢复审理"), field="awarded_on")
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
    close_work_items(case, kind="arbitration.tribunal")
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
