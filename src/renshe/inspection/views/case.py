"""The case file: its sections (the wage ledger's is ledger.py's), the clock card and progress steps, and
the actions it offers (ACTIONS under the module's RULES, carried out by PAGE.view, core.actions)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from renshe.core import casepages, issuing, law
from renshe.core.actions import Action, ActionForm, CasePage
from renshe.core.selectors import events_for, get_in_scope
from renshe.core.workdays import compute_deadline, unconfirmed_years

from .. import forms, selectors, services
from ..models import InspectionCase, ReportStatus
from ..rules import RULES, may_hand_over
from ..workflow import Status
from . import documents
from .clock import clock, due_state
from .ledger import ledger_context


def case_in_scope(request, pk: int) -> InspectionCase:
    return get_in_scope(selectors.inspections_for(request.user), pk)


# --- actions on a case ---------------------------------------------------------------------------


def _open_reports(case) -> bool:
    return any(r.status in (ReportStatus.PENDING, ReportStatus.LINKED) for r in case.reports.all())


def _documents(case) -> list:
    return [*case.orders.all(), *case.decisions.all(), *case.penalties.all()]


def _unserved(case) -> bool:
    return any(not d.served_on for d in _documents(case))


def _unchecked(case) -> bool:
    return any(d.served_on and d.complied is None for d in _documents(case))


def _open_tasks(case) -> bool:
    return any(not t.done_on for m in case.meetings.all() for t in m.tasks.all())


def _transferable(case) -> bool:
    if getattr(case, "police_transfer", None) is not None:
        return False
    return services.ordered_and_not_paid(case) and services.criminal_threshold(case, timezone.localdate()).met


def _listable(case) -> bool:
    """Not listed, and the prior notice's defence period has run out (list_as_dishonest's checks)."""
    notice = next(iter(case.dishonest_notices.all()), None)
    return (
        getattr(case, "dishonest_listing", None) is None
        and notice is not None
        and services.defence_due(notice) < timezone.localdate()
        and services.ordered_and_not_paid(case)
    )


def _listed(case) -> bool:
    return services.in_force(getattr(case, "dishonest_listing", None), timezone.localdate())


ACTIONS: dict[str, Action] = {
    "accept": Action(_("受理立案"), forms.AcceptForm, services.accept_case, "accept", tone="primary"),
    "refuse": Action(
        _("不予受理"),
        forms.RefuseReportForm,
        services.refuse_report,
        "refuse_report",
        when=_open_reports,
        tone="danger",
    ),
    "assign": Action(_("指定承办监察员"), forms.AssignForm, services.assign_inspectors, "assign"),
    "record": Action(
        _("记录调查"),
        forms.RecordForm,
        services.record_investigation,
        "investigate",
        also_from=frozenset({Status.ACCEPTED}),
        tone="primary",
    ),
    "extend": Action(
        _("延长调查期限"),
        forms.ExtendForm,
        services.extend_investigation,
        "extend",
        when=lambda c: not c.extended,
    ),
    "order": Action(
        _("发出限期改正指令书"),
        forms.OrderForm,
        services.issue_rectification_order,
        "order",
        when=services.has_inspectors,  # the service refuses it before the inspectors are assigned
        tone="primary",
    ),
    "serve": Action(_("登记送达"), forms.ServeForm, services.record_service, "serve", when=_unserved),
    "comply": Action(
        _("登记履行核查"), forms.ComplianceForm, services.record_compliance, "comply", when=_unchecked
    ),
    "statement": Action(_("记录陈述申辩"), forms.StatementForm, services.record_statement, "statement"),
    "decide": Action(
        _("作出行政处理决定"),
        forms.DecisionForm,
        services.issue_handling_decision,
        "decide",
        when=lambda c: bool(c.statements.all()),
        tone="primary",
    ),
    "meeting": Action(_("记录协调会"), forms.MeetingForm, services.hold_coordination_meeting, "meeting"),
    "task_done": Action(
        _("协调任务完成"), forms.TaskDoneForm, services.complete_meeting_task, "meeting", when=_open_tasks
    ),
    "site_check": Action(
        _("交办网格现场核查"),
        forms.SiteCheckForm,
        services.request_site_check,
        "site_check",
        done=lambda check: gettext("已交办%(grid)s现场核查") % {"grid": check.grid.name},
    ),
    "police": Action(
        _("移送公安机关"),
        forms.PoliceForm,
        services.transfer_to_police,
        "transfer_police",
        when=_transferable,
        tone="danger",
    ),
    "dishonest_notice": Action(
        _("告知拟列入失信名单"),
        forms.DishonestNoticeForm,
        services.notify_dishonest_listing,
        "list_dishonest",
        when=services.may_notify_listing,
    ),
    "dishonest": Action(
        _("列入失信联合惩戒名单"),
        forms.DishonestForm,
        services.list_as_dishonest,
        "list_dishonest",
        when=_listable,
        tone="danger",
    ),
    "credit_repair": Action(
        _("信用修复移出名单"),
        forms.CreditRepairForm,
        services.remove_after_credit_repair,
        "remove_dishonest",
        when=_listed,
    ),
    "penalty_notice": Action(
        _("发出行政处罚告知书"),
        forms.PenaltyNoticeForm,
        services.notify_penalty,
        "penalty_notice",
        when=lambda c: services.pending_notice(c) is None,
    ),
    "hearing_request": Action(
        _("登记听证申请"),
        forms.HearingRequestForm,
        services.request_hearing,
        "penalty_hearing",
        when=services.may_request_hearing,
    ),
    "hearing": Action(
        _("记录听证"),
        forms.HearingForm,
        services.hold_hearing,
        "penalty_hearing",
        when=services.hearing_awaited,
    ),
    "penalty_decide": Action(
        _("作出行政处罚决定"),
        forms.PenaltyDecisionForm,
        services.decide_penalty,
        "penalty_decision",
        when=services.may_decide_penalty,
        tone="primary",
    ),
    "close": Action(pgettext_lazy("action", "结案"), forms.CloseForm, services.close_case, "close"),
    "revoke": Action(_("撤销立案"), forms.ReasonForm, services.revoke_case, "revoke", tone="danger"),
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
    ("received", _("登记")),
    ("accepted", _("立案")),
    ("investigating", _("调查")),
    ("ordered", _("限期改正")),
    ("decided", _("处理决定")),
    ("closed", _("结案")),
]
STEP_OF = {
    Status.RECEIVED: 0,
    Status.REFUSED: 0,
    Status.ACCEPTED: 1,
    Status.REVOKED: 2,
    Status.INVESTIGATING: 2,
    Status.ORDERED: 3,
    Status.DECIDED: 4,
    Status.CLOSED: 5,
}


def steps(case: InspectionCase, has_order: bool, has_decision: bool) -> list[dict]:
    """The step indicator: an order and a decision are stages a case may go round."""
    return casepages.progress(
        STEPS,
        STEP_OF[case.status],
        visited={"ordered": has_order, "decided": has_decision},
        labels={
            "closed": {
                Status.REFUSED: Status.REFUSED.label,
                Status.REVOKED: pgettext_lazy("status", "撤销立案"),
            }.get(case.status)
        },
        closed=case.status == Status.CLOSED,
        ended=case.status in (Status.REFUSED, Status.REVOKED),
    )


def deadline(case: InspectionCase, today: date) -> dict | None:
    """The card beside the file: the running limit, its state, its source, and a warning when the due date
    reaches into a year whose official holiday schedule is not confirmed yet."""
    running = clock(case)
    if running is None:
        return None
    period, start, due = running
    notes = []
    # the rules in force on the period's start: the ones its due date was computed with
    extra = law.INVESTIGATION_EXTENSION.rule_on(start).length if period is law.INVESTIGATION_PERIOD else 0
    if extra and case.extended:
        notes.append(
            gettext("经%(approver)s批准延长%(n)d个工作日")
            % {"approver": case.extension_approved_by, "n": extra}
        )
    else:
        extra = 0
    if not period.confirmed:
        notes.append(gettext("期限天数待核实"))
    deadline = compute_deadline(period, start, extra_days=extra)
    return casepages.clock_card(
        today,
        label=period.label,
        due=due,
        state=due_state(case, today),
        citation=deadline.rule.citation,
        note="；".join(notes),
        days=deadline.rule.length + extra,
        unconfirmed="、".join(str(year) for year in unconfirmed_years(start, due)),
    )


def _detail(request, pk: int, failed: tuple[str, ActionForm] | None = None):
    user = request.user
    case = get_in_scope(
        selectors.inspections_for(user)
        .select_related(
            "respondent__street",
            "respondent__industry",
            "extension_approved_by",
            "police_transfer",
            "dishonest_listing",
        )
        .prefetch_related(
            "inspectors",
            "orders",
            "decisions",
            "statements",
            "penalty_notices__decision",
            "penalties",
            "dishonest_notices",
            "reports__reporter",
            "meetings__attendees",
            "meetings__tasks",
            "site_checks__grid",
        ),
        pk,
    )
    actions, stray = PAGE.offers(case, user, failed)
    reports = list(case.reports.all())
    on_case = selectors.on_the_case(case, user)
    for report in reports:
        report.case = case
        report.reporter_shown = selectors.reporter_display(report, user, on_case=on_case)
    orders, decisions = list(case.orders.all()), list(case.decisions.all())
    notices, penalties = list(case.penalty_notices.all()), list(case.penalties.all())
    today = timezone.localdate()
    context = {
        "case": case,
        "steps": steps(case, bool(orders), bool(decisions)),
        "deadline": deadline(case, today),
        "today": today,
        "reports": reports,
        "reporter_revealable": on_case,
        "records": case.records.select_related("recorded_by").prefetch_related("inspectors"),
        "orders": orders,
        "decisions": decisions,
        "statements": list(case.statements.all()),
        "penalty_notices": notices,
        "dishonest_notice": next(iter(case.dishonest_notices.all()), None),
        "meetings": list(case.meetings.all()),
        "site_checks": list(case.site_checks.all()),
        "transfer": getattr(case, "police_transfer", None),
        "listing": getattr(case, "dishonest_listing", None),
        "events": events_for(case)[:100],
        "actions": actions,
        "stray": stray,
        "action_url": "inspection:action",
        "document_links": documents.document_links(orders, decisions, notices, penalties),
        "handover_url": reverse("inspection:handover", args=[case.pk]) if may_hand_over(user, case) else "",
        "issued": issuing.issued_for([*orders, *decisions, *notices, *penalties], user),
        "acceptance_citation": law.COMPLAINT_ACCEPTANCE.citation,
        "investigation_citation": law.INVESTIGATION_PERIOD.citation,
    }
    context.update(ledger_context(case, user))
    # the ledger's actions (core.actions.CasePage of their own) in the case's action bar
    context["more_actions"] = context["wage_ledger"].actions
    context["more_actions_template"] = "inspection/_ledger_actions.html"
    return render(request, "inspection/detail.html", context)


@login_required
def detail(request, pk: int):
    return _detail(request, pk)


@login_required
@require_POST
def reveal_reporter(request, pk: int, report_id: int):
    report = get_object_or_404(case_in_scope(request, pk).reports, pk=report_id)
    revealed = services.reveal_reporter(report, by=request.user)
    return render(request, "inspection/_reporter.html", {"revealed": revealed})


PAGE = CasePage("inspection", RULES, ACTIONS, case_in_scope, _detail)
