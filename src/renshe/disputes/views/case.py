"""The case file: its sections, the clock card and progress steps, and the actions it offers (ACTIONS under
the module's RULES, carried out by PAGE.view, core.actions)."""

from datetime import date
from functools import partial

from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from renshe.core import casepages, issuing, law
from renshe.core.actions import Action, ActionForm, CasePage
from renshe.core.selectors import dictionary_choices, events_for, get_in_scope
from renshe.core.workdays import unconfirmed_years

from .. import follow_ups, forms, remedies, selectors, services
from ..arbitration_clock import AwardClock, award_clock, court_route, running_limit
from ..limitation import limitation_of
from ..models import AgreementItem, ArbitrationSuspension, DisputeCase, FollowUpKind, Outcome, ReferralStatus
from ..rules import RULES
from ..workflow import FINISHED, Status
from .clock import due_state


def case_in_scope(request, pk: int) -> DisputeCase:
    return get_in_scope(selectors.disputes_for(request.user).select_related("street", "industry"), pk)


# --- actions on a case ---------------------------------------------------------------------------


def _agreement(case):
    return getattr(case, "agreement", None)


def _arbitration(case):
    return getattr(case, "arbitration", None)


def _accepted(case) -> bool:
    return bool(_arbitration(case) and case.arbitration.accepted_on)


def _outstanding(case):
    return AgreementItem.objects.filter(agreement__case=case, paid_amount__lt=F("amount"))


def _open_to(case, refusal) -> bool:
    """Whether an application about the agreement (disputes.follow_ups) would be taken today."""
    agreement = _agreement(case)
    return agreement is not None and not refusal(agreement, on=timezone.localdate())


def _revocation_open(arbitration) -> bool:
    window = remedies.revocation_window(arbitration)
    return window is not None and window.open_on(timezone.localdate())


def _suit_open(case) -> bool:
    """After the award, within a party's window; before it, once the applicant's route to court is open
    (第二十九条, 第四十三条)."""
    today = timezone.localdate()
    arbitration = _arbitration(case)
    if arbitration is None:
        return False
    if arbitration.awarded_on is None:
        route = court_route(case)
        return route is not None and route.open_on(today)
    return any(w.remedy == remedies.SUIT and w.open_on(today) for w in remedies.windows(arbitration))


def _suspended(case) -> bool:
    arbitration = _arbitration(case)
    return arbitration is not None and any(r.ended_on is None for r in arbitration.suspensions.all())


def _may_arbitrate(case) -> bool:
    # past the 15 days a party may arbitrate without a formal failure (第十四条)
    return case.status == Status.FAILED or due_state(case, timezone.localdate()) == "overdue"


ACTIONS: dict[str, Action] = {
    "accept": Action(_("受理"), ActionForm, services.accept_dispute, "accept", tone="primary"),
    "decline": Action(_("不予受理"), forms.ReasonForm, services.decline_dispute, "decline", tone="danger"),
    "refer": Action(_("转派"), forms.ReferForm, services.refer_dispute, "refer"),
    "revoke_referral": Action(_("撤回转派"), ActionForm, services.revoke_referral, "revoke_referral"),
    "take_up": Action(
        _("接收并指定调解员"), forms.TakeUpForm, services.take_up_dispute, "take_up", tone="primary"
    ),
    "record_session": Action(_("记录调解"), forms.SessionForm, services.record_session, "record_session"),
    "extend": Action(_("延长调解期限"), forms.ExtendForm, services.extend_mediation, "extend"),
    "suspend": Action(_("中止调解"), forms.ReasonForm, services.suspend_mediation, "suspend"),
    "resume": Action(_("恢复调解"), forms.ResumeForm, services.resume_mediation, "resume", tone="primary"),
    "settle": Action(_("达成调解协议"), forms.SettleForm, services.settle_dispute, "settle", tone="primary"),
    "record_payment": Action(
        _("登记履行"),
        forms.PaymentForm,
        services.record_payment,
        "record_payment",
        when=lambda c: _outstanding(c).exists(),
        tone="primary",
    ),
    "payment_order": Action(
        _("申请支付令"),
        forms.PaymentOrderForm,
        services.apply_for_payment_order,
        "payment_order",
        when=lambda c: _open_to(c, follow_ups.payment_order_refusal),
    ),
    "arbitral_review": Action(
        _("申请仲裁审查"),
        forms.ArbitralReviewForm,
        services.apply_for_arbitral_review,
        "arbitration_review",
        when=lambda c: _open_to(c, partial(follow_ups.joint_refusal, kind=FollowUpKind.ARBITRAL_REVIEW)),
    ),
    "judicial_confirmation": Action(
        _("申请司法确认"),
        forms.JudicialConfirmationForm,
        services.apply_for_judicial_confirmation,
        "judicial_confirmation",
        when=lambda c: _open_to(
            c, partial(follow_ups.joint_refusal, kind=FollowUpKind.JUDICIAL_CONFIRMATION)
        ),
    ),
    "follow_up_result": Action(
        _("登记支付令、仲裁审查或司法确认结果"),
        forms.FollowUpResultForm,
        services.record_follow_up_result,
        "follow_up_result",
        tone="primary",
    ),
    "default": Action(
        _("确认到期未履行"),
        ActionForm,
        services.declare_default,
        "default",
        when=lambda c: _outstanding(c).filter(due_on__lt=timezone.localdate()).exists(),
        tone="danger",
    ),
    "fail": Action(
        pgettext_lazy("action", "调解不成"), forms.ReasonForm, services.fail_mediation, "fail", tone="danger"
    ),
    "withdraw": Action(_("撤回申请"), forms.ReasonForm, services.withdraw_dispute, "withdraw"),
    "to_arbitration": Action(
        _("移送仲裁"),
        forms.ToArbitrationForm,
        services.refer_to_arbitration,
        "to_arbitration",
        also_from=frozenset({Status.MEDIATING}),
        when=_may_arbitrate,
        tone="primary",
    ),
    "accept_arbitration": Action(
        _("仲裁受理"),
        forms.AcceptArbitrationForm,
        services.accept_arbitration,
        "accept_arbitration",
        when=lambda c: not _accepted(c),
        tone="primary",
    ),
    "refuse_arbitration": Action(
        _("仲裁不予受理"),
        forms.ReasonForm,
        services.refuse_arbitration,
        "refuse_arbitration",
        when=lambda c: bool(_arbitration(c)) and not _accepted(c),
        tone="danger",
    ),
    "compose_tribunal": Action(
        _("组成仲裁庭"),
        forms.ComposeTribunalForm,
        services.compose_tribunal,
        "compose_tribunal",
        when=lambda c: _accepted(c) and not c.arbitration.tribunal,
        tone="primary",
    ),
    "request_recusal": Action(
        _("申请回避"),
        forms.RecusalForm,
        services.request_recusal,
        "request_recusal",
        when=lambda c: bool(_arbitration(c) and c.arbitration.tribunal),
    ),
    "decide_recusal": Action(
        _("回避决定"),
        forms.RecusalDecisionForm,
        services.decide_recusal,
        "decide_recusal",
        tone="primary",
    ),
    "schedule_hearing": Action(
        _("安排开庭"),
        forms.HearingForm,
        services.schedule_hearing,
        "schedule_hearing",
        when=_accepted,
    ),
    "extend_arbitration": Action(
        _("延长审理期限"),
        ActionForm,
        services.extend_arbitration,
        "extend_arbitration",
        when=lambda c: _accepted(c) and not c.arbitration.extended,
    ),
    "recount_arbitration": Action(
        _("登记审理期限重新计算/公告送达"),
        forms.RecountArbitrationForm,
        services.recount_arbitration,
        "recount_arbitration",
        when=lambda c: not _suspended(c),
    ),
    "suspend_arbitration": Action(
        _("批准中止审理"),
        forms.SuspendArbitrationForm,
        services.suspend_arbitration,
        "suspend_arbitration",
        when=lambda c: _accepted(c) and not _suspended(c),
    ),
    "resume_arbitration": Action(
        _("恢复审理"),
        forms.ResumeForm,
        services.resume_arbitration,
        "resume_arbitration",
        when=_suspended,
        tone="primary",
    ),
    "record_limitation": Action(
        _("登记仲裁时效"),
        forms.LimitationForm,
        services.record_limitation,
        "record_limitation",
        when=lambda c: bool(_arbitration(c)),
    ),
    "record_limitation_break": Action(
        _("登记时效中断/中止"),
        forms.LimitationBreakForm,
        services.record_limitation_break,
        "record_limitation_break",
        when=lambda c: bool(_arbitration(c)),
    ),
    "award": Action(
        _("作出裁决"),
        forms.AwardForm,
        services.make_award,
        "award",
        when=lambda c: _accepted(c) and not _suspended(c),  # make_award waits for the hearing to resume
        tone="primary",
    ),
    "serve_award": Action(
        _("登记裁决书送达"),
        forms.ServeAwardForm,
        services.serve_award,
        "serve_award",
        tone="primary",
    ),
    "petition_revocation": Action(
        _("登记申请撤销裁决"),
        forms.RevocationPetitionForm,
        services.petition_revocation,
        "petition_revocation",
        when=lambda c: _revocation_open(c.arbitration),
    ),
    "rule_on_revocation": Action(
        _("登记撤销裁定"),
        forms.RevocationRulingForm,
        services.rule_on_revocation,
        "rule_on_revocation",
        when=lambda c: remedies.petition_pending(c.arbitration),
        tone="primary",
    ),
    "sue": Action(
        _("登记起诉"),
        forms.SuitForm,
        services.record_suit,
        "sue",
        when=_suit_open,
    ),
    "judge": Action(_("登记裁判结果"), forms.JudgmentForm, services.record_judgment, "judge", tone="primary"),
    "close": Action(
        _("裁决生效结案"),
        ActionForm,
        services.close_after_award,
        "close",
        when=lambda c: remedies.closable(c.arbitration, timezone.localdate()),
    ),
    "change_representatives": Action(
        _("变更代表人"),
        forms.RepresentativesForm,
        services.change_representatives,
        "change_representatives",
        when=lambda c: c.collective,
    ),
    "reopen_tracking": Action(
        _("恢复网上查询"),
        ActionForm,
        services.reopen_tracking,
        "reopen_tracking",
        when=services.tracking_locked,
    ),
}


# --- the case file ---------------------------------------------------------------------------------

STEPS = [
    ("applied", _("申请")),
    ("accepted", pgettext_lazy("step", "受理")),
    ("mediation", _("调解")),
    ("outcome", _("协议/不成")),
    ("arbitration", _("仲裁")),
    ("litigation", _("诉讼")),
    ("closed", _("结案")),
]
STEP_OF = {
    Status.APPLIED: 0,
    Status.DECLINED: 1,
    Status.ACCEPTED: 1,
    Status.REFERRED: 1,
    Status.MEDIATING: 2,
    Status.SUSPENDED: 2,
    Status.WITHDRAWN: 2,
    Status.SETTLED: 3,
    Status.FAILED: 3,
    Status.ARBITRATION: 4,
    Status.AWARDED: 4,
    Status.LITIGATION: 5,
    Status.CLOSED: 6,
}


def steps(case: DisputeCase, has_arbitration: bool, has_litigation: bool) -> list[dict]:
    """The step indicator (a withdrawal before any mediation ends at acceptance)."""
    here = STEP_OF[case.status]
    if case.status == Status.WITHDRAWN and not case.mediated:
        here = 1
    return casepages.progress(
        STEPS,
        here,
        visited={
            "mediation": case.mediated,
            "outcome": case.outcome in (Outcome.SETTLED, Outcome.FAILED),
            "arbitration": has_arbitration,
            "litigation": has_litigation,
        },
        labels={
            "outcome": {
                Outcome.SETTLED: _("达成协议"),
                Outcome.FAILED: pgettext_lazy("status", "调解不成"),
            }.get(case.outcome),
            "closed": {Status.DECLINED: Status.DECLINED.label, Status.WITHDRAWN: _("已撤回")}.get(
                case.status
            ),
        },
        closed=case.status == Status.CLOSED,
        ended=case.status in FINISHED - {Status.CLOSED},
    )


def deadline(case: DisputeCase, arbitration, today: date, clock: AwardClock | None = None) -> dict | None:
    """The statutory time limit running now (arbitration_clock.running_limit), for the card beside the file:
    mediation (第十四条), then the commission's acceptance review and its award period (第二十九条, 第四十三条)
    with `clock`, the award period's restarts, suspensions and extension; 待复核 while it reaches into a year
    whose holiday schedule is not confirmed."""
    running = running_limit(case, arbitration, clock)
    if running is None:
        return None
    period, start, due = running
    unconfirmed = "、".join(str(year) for year in unconfirmed_years(start, due))
    if period is law.MEDIATION_PERIOD:
        rule = law.MEDIATION_PERIOD.rule_on(case.received_on)
        notes = [gettext("自收到申请之日起%(length)s") % {"length": rule.describe()}]
        if case.extension_days:
            notes.append(gettext("双方同意延长%(n)d日") % {"n": case.extension_days})
        if case.suspended_days:
            notes.append(gettext("中止%(n)d日不计入") % {"n": case.suspended_days})
        return casepages.clock_card(
            today,
            label=gettext("调解期限"),
            due=due,
            state=due_state(case, today),
            citation=law.MEDIATION_PERIOD.citation,
            note="，".join(notes),
            paused=gettext("调解中止，期限暂停计算") if case.status == Status.SUSPENDED else "",
            unconfirmed=unconfirmed,
        )
    notes, paused = [], ""
    if period is law.ARBITRATION_AWARD:
        assert clock is not None  # the page's, as running_limit was given it
        if clock.starts_on != arbitration.accepted_on:
            notes.append(gettext("自%(day)s起重新计算") % {"day": clock.starts_on.isoformat()})
        if clock.excluded_days:
            notes.append(gettext("中止%(n)d日不计入") % {"n": clock.excluded_days})
        if arbitration.extended:
            notes.append(gettext("经批准已延长"))
        paused = gettext("审理中止，期限暂停计算") if clock.suspended_since else ""
    return casepages.clock_card(
        today,
        label=period.label,
        due=due,
        state="" if paused else casepages.due_state(start, due, today),
        citation=period.citation,
        note="，".join(notes),
        paused=paused,
        unconfirmed=unconfirmed,
    )


def _detail(request, pk: int, failed: tuple[str, ActionForm] | None = None):
    user = request.user
    case = get_in_scope(
        selectors.disputes_for(user)
        .select_related(
            "respondent__street",
            "respondent__industry",
            "street",
            "industry",
            "agreement",
            "arbitration__commission",
            "litigation",
        )
        .prefetch_related("mediators"),
        pk,
    )
    agreement, arbitration = _agreement(case), _arbitration(case)
    if agreement:  # read once by the actions' conditions and the section
        prefetch_related_objects([agreement], "follow_ups")
    if (
        arbitration
    ):  # the clock's rows, likewise: the actions' conditions, the award clock, the route to court
        prefetch_related_objects(
            [arbitration],
            Prefetch("suspensions", ArbitrationSuspension.objects.select_related("recorded_by")),
        )
    actions, stray = PAGE.offers(case, user, failed)
    claim_types = dict(dictionary_choices("claim_type"))
    items = list(agreement.items.prefetch_related("payments")) if agreement else []
    for item in items:
        item.type_label = claim_types.get(item.claim_type, item.claim_type)
    claims = list(case.claims.all())
    for claim in claims:
        claim.type_label = claim_types.get(claim.claim_type, claim.claim_type)
    award_items = list(arbitration.award_items.all()) if arbitration else []
    for award_item in award_items:
        award_item.type_label = claim_types.get(award_item.claim_type, award_item.claim_type)
    litigation = getattr(case, "litigation", None)
    today = timezone.localdate()
    awarded = arbitration is not None and arbitration.awarded_on is not None
    clock_rows = list(arbitration.suspensions.all()) if arbitration else []
    clock = award_clock(arbitration, clock_rows) if arbitration and arbitration.accepted_on else None
    route = court_route(case)
    context = {
        "case": case,
        "case_type": dict(dictionary_choices("case_type")).get(case.case_type, case.case_type),
        "steps": steps(case, arbitration is not None, litigation is not None),
        "deadline": deadline(case, arbitration, today, clock),
        "clock": clock,
        "clock_rows": clock_rows,
        "court_route": route,
        "court_route_open": route is not None and route.open_on(today),
        "citation": law.MEDIATION_PERIOD.citation,
        "today": today,
        "outstanding": case.agreed_total - case.paid_total,
        "applicants": case.applicants.select_related("person").order_by("-representative", "id"),
        "collective_law": law.COLLECTIVE_DISPUTE_CITATION,
        "priority_law": law.COLLECTIVE_PRIORITY_CITATION,
        "claims": claims,
        "referrals": case.referrals.select_related(
            "from_organisation", "to_organisation", "referred_by"
        ).order_by("referred_at"),
        "sessions": case.sessions.select_related("recorded_by"),
        "suspensions": case.suspensions.order_by("started_on"),
        "evidence": case.evidence.order_by("uploaded_at"),
        "agreement": agreement,
        "items": items,
        "follow_ups": list(agreement.follow_ups.all()) if agreement else [],
        "enforceable": follow_ups.enforceable(agreement) if agreement else None,
        "follow_up_windows": follow_ups.windows(agreement)
        if agreement and case.status in (Status.SETTLED, Status.FAILED)
        else [],
        "arbitration": arbitration,
        "hearings": arbitration.hearings.select_related("room") if arbitration else [],
        "seats": arbitration.seats.select_related("arbitrator") if arbitration else [],
        "recusals": arbitration.recusals.select_related("arbitrator", "replacement", "decided_by")
        if arbitration
        else [],
        "award_items": award_items,
        "award_mixed": awarded and len({a.final for a in award_items}) == 2,
        "windows": remedies.windows(arbitration) if awarded else [],
        "revocation": getattr(arbitration, "revocation", None) if awarded else None,
        "closing": (remedies.why_not_closable(arbitration, today) or gettext("期限均已届满，裁决可生效结案"))
        if awarded and case.status == Status.AWARDED
        else "",
        "limitation": limitation_of(arbitration, [c.claim_type for c in claims]) if arbitration else None,
        "litigation": litigation,
        "events": events_for(case)[:100],
        "issued": issuing.issued_for([case], request.user),
        "actions": actions,
        "stray": stray,
        "action_url": "disputes:action",
        "pending_referral": ReferralStatus.PENDING,
    }
    return render(request, "disputes/detail.html", context)


@login_required
def detail(request, pk: int):
    return _detail(request, pk)


PAGE = CasePage("disputes", RULES, ACTIONS, case_in_scope, _detail)
