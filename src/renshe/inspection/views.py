"""Staff pages for labour inspection: the inspector's queue, the case list, counter registration of a
complaint or report, and the case file with its actions. Thin: parse, call a selector or a service, render.
The wage ledger on the case page is ledger_views' (its own forms and URLs); documents and the dashboard
have their own modules too."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import issuing, law
from renshe.core import services as core_services
from renshe.core.actions import Action, ActionForm, CasePage
from renshe.core.errors import DomainError
from renshe.core.exports import xlsx_response
from renshe.core.roles import Capability
from renshe.core.selectors import events_for, get_in_scope
from renshe.core.views import paginate
from renshe.core.workdays import compute_deadline

from . import document_views, forms, selectors, services
from .ledger_views import ledger_context
from .models import InspectionCase, ReportStatus
from .rules import RULES
from .workflow import FILED, Status


def _cases(request):
    return selectors.inspections_for(request.user)


def _case(request, pk: int) -> InspectionCase:
    return get_in_scope(_cases(request), pk)


def clock(case: InspectionCase) -> tuple[law.StatutoryPeriod, date, date] | None:
    """The statutory time limit running now: acceptance review while registered (若干规定 第十八条), then
    the investigation (条例 第十七条) while the case is filed and open."""
    if case.status == Status.RECEIVED and case.acceptance_due_on:
        return law.COMPLAINT_ACCEPTANCE, case.received_on, case.acceptance_due_on
    if case.status in FILED and case.investigation_due_on and case.filed_on:
        return law.INVESTIGATION_PERIOD, case.filed_on, case.investigation_due_on
    return None


def due_state(case: InspectionCase, today: date) -> str:
    """overdue, due-soon or on-track while a limit runs; otherwise empty."""
    running = clock(case)
    if running is None:
        return ""
    _period, start, due = running
    if due < today:
        return "overdue"
    if core_services.due_soon_date(start, due) <= today:
        return "due-soon"
    return "on-track"


def _rows(cases) -> list[InspectionCase]:
    today = timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.due_state = due_state(case, today)
        running = clock(case)
        case.due_on = running[2] if running else None
    return rows


# --- queue and list ------------------------------------------------------------------------------


@login_required
def queue(request):
    page = paginate(request, selectors.inspector_queue(request.user))
    page.object_list = _rows(page.object_list)
    return render(request, "inspection/queue.html", {"page": page, "period": law.INVESTIGATION_PERIOD})


EXPORT_LIMIT = 50_000  # rows in one workbook; a narrower filter gets the rest


@login_required
def case_list(request):
    form = forms.FilterForm(request.GET)
    qs = selectors.filtered(_cases(request), form.value())
    if request.GET.get("export") == "xlsx":
        core_services.require(request.user, Capability.EXPORT_DATA)
        return _export(qs)
    page = paginate(request, qs)
    page.object_list = _rows(page.object_list)
    return render(request, "inspection/list.html", {"page": page, "form": form, "statuses": Status.choices})


def _export(qs):
    """The list as a workbook. No reporter's identity ever goes into it."""
    today = timezone.localdate()
    marks = {"overdue": gettext("已超期"), "due-soon": gettext("临期"), "on-track": "", "": ""}
    yes = gettext("是")
    rows = (
        (
            c.number,
            c.get_status_display(),
            c.get_origin_display(),
            c.respondent.name,
            c.respondent.credit_code,
            c.street.name,
            c.organisation.name,
            yes if c.group_case else "",
            c.worker_count,
            c.received_on,
            c.acceptance_due_on,
            c.filed_on,
            c.investigation_due_on,
            marks[due_state(c, today)],
            c.owed_total,
            c.paid_total,
            c.advanced_total,
            c.closed_on,
        )
        for c in qs[:EXPORT_LIMIT].iterator(chunk_size=2000)
    )
    headers = [
        gettext("案号"),
        gettext("状态"),
        gettext("案件来源"),
        gettext("用人单位"),
        gettext("统一社会信用代码"),
        gettext("用工所在街镇"),
        gettext("承办机构"),
        gettext("群体性案件"),
        gettext("涉及人数"),
        gettext("登记日"),
        gettext("受理期限"),
        gettext("立案日"),
        gettext("调查期限"),
        gettext("期限状态"),
        gettext("欠薪金额（元）"),
        gettext("已支付（元）"),
        gettext("垫付（元）"),
        gettext("结案日"),
    ]
    return xlsx_response(gettext("劳动保障监察案件") + ".xlsx", gettext("劳动保障监察案件"), headers, rows)


# --- counter registration ------------------------------------------------------------------------

REPORT_FIELDS = {"reporter": "reporter_id_number", "credit_code": "respondent_credit_code"}


@login_required
def create(request):
    data = request.POST if request.method == "POST" else None
    adding = data is not None and request.POST.get("add") == "workers"
    if adding:  # one more blank row, nothing checked yet (no script needed)
        data = data.copy()
        total = data.get("workers-TOTAL_FORMS", "")
        data["workers-TOTAL_FORMS"] = str(int(total) + 1) if total.isdigit() else total
    form = forms.ReportForm(data, user=request.user)
    workers = forms.WorkerFormSet(data, prefix="workers")
    context = {"form": form, "workers": workers, "quiet": adding}
    if data is None or adding:
        return render(request, "inspection/create.html", context)
    if all([form.is_valid(), workers.is_valid()]):
        d = form.cleaned_data
        try:
            report = services.register_report(
                by=request.user,
                brigade=form.chosen_brigade(),
                kind=d["kind"],
                channel=d["channel"],
                respondent=form.respondent_input(),
                content=d["content"],
                received_on=d["received_on"],
                violation_ended_on=d["violation_ended_on"],
                reporter=form.reporter_input(),
                anonymous=d["anonymous"],
                reporter_contact=d["reporter_contact"],
                workers=forms.workers(workers),
                external_reference=d["external_reference"],
            )
        except DomainError as error:
            field = REPORT_FIELDS.get(error.field, error.field) or ""
            if field == "workers" or field.startswith("workers."):
                context["workers_error"] = _worker_error(workers, field, str(error.message))
            else:
                form.add_error(field if field in form.fields else None, str(error.message))
        else:
            case = report.case
            if report.status == ReportStatus.LINKED:
                text = gettext("已并入在办案件 %(number)s") % {"number": case.number}
            else:
                text = gettext("已登记 %(number)s") % {"number": case.number}
            messages.success(request, text)
            if report.refusal_reason:
                messages.warning(
                    request, gettext("违法行为已超过二年，已预填不予受理理由：") + report.refusal_reason
                )
            return HttpResponseRedirect(reverse("inspection:detail", args=[case.pk]))
    return render(request, "inspection/create.html", context)


def _worker_error(formset, field: str, message: str) -> str:
    """A service error on `workers.N` (the N-th filled row) names the row as the clerk sees it."""
    _head, _dot, index = field.partition(".")
    if not index.isdigit():
        return message
    rows = [n for n, f in enumerate(formset.forms, start=1) if f.cleaned_data]
    n = int(index)
    return (
        gettext("第%(row)d行：%(message)s") % {"row": rows[n], "message": message}
        if n < len(rows)
        else message
    )


# --- actions on a case ---------------------------------------------------------------------------


def _open_reports(case) -> bool:
    return any(r.status in (ReportStatus.PENDING, ReportStatus.LINKED) for r in case.reports.all())


def _unserved(case) -> bool:
    return any(not d.served_on for d in [*case.orders.all(), *case.decisions.all()])


def _unchecked(case) -> bool:
    return any(d.served_on and d.complied is None for d in [*case.orders.all(), *case.decisions.all()])


def _open_tasks(case) -> bool:
    return any(not t.done_on for m in case.meetings.all() for t in m.tasks.all())


def _transferable(case) -> bool:
    if getattr(case, "police_transfer", None) is not None:
        return False
    return services.ordered_and_not_paid(case) and services.criminal_threshold(case).met


def _listable(case) -> bool:
    return getattr(case, "dishonest_listing", None) is None and services.ordered_and_not_paid(case)


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
        _("发出限期改正指令书"), forms.OrderForm, services.issue_rectification_order, "order", tone="primary"
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
    "police": Action(
        _("移送公安机关"),
        forms.PoliceForm,
        services.transfer_to_police,
        "transfer_police",
        when=_transferable,
        tone="danger",
    ),
    "dishonest": Action(
        _("列入失信联合惩戒名单"),
        forms.DishonestForm,
        services.list_as_dishonest,
        "list_dishonest",
        when=_listable,
        tone="danger",
    ),
    "close": Action(_("结案"), forms.CloseForm, services.close_case, "close"),
    "revoke": Action(_("撤销立案"), forms.ReasonForm, services.revoke_case, "revoke", tone="danger"),
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
    """The step indicator: each step done, current, skipped (the case went round it) or still ahead."""
    here = STEP_OF[case.status]
    visited = {"ordered": has_order, "decided": has_decision}
    ended = case.status in (Status.REFUSED, Status.REVOKED)
    closing = {Status.REFUSED: _("不予受理"), Status.REVOKED: _("撤销立案")}.get(case.status)
    result = []
    for n, (key, label) in enumerate(STEPS):
        if n < here:
            state = "done" if visited.get(key, True) else "skipped"
        elif n == here:
            state = "done" if case.status == Status.CLOSED else "current"
        else:
            state = "skipped" if ended and key != "closed" else "todo"
        if key == "closed" and ended:
            state = "ended"
        result.append(
            {"key": key, "label": closing if key == "closed" and closing else label, "state": state}
        )
    return result


def deadline(case: InspectionCase, today: date) -> dict | None:
    """The card beside the file: the running limit, its state, its source, and a warning when the due date
    reaches into a year whose official holiday schedule is not confirmed yet."""
    running = clock(case)
    if running is None:
        return None
    period, start, due = running
    notes = []
    if period is law.INVESTIGATION_PERIOD and case.extended:
        notes.append(
            gettext("经%(approver)s批准延长%(n)d个工作日")
            % {"approver": case.extension_approved_by, "n": law.INVESTIGATION_EXTENSION.effective_days}
        )
    if not period.confirmed:
        notes.append(gettext("期限天数待核实"))
    extra = (
        law.INVESTIGATION_EXTENSION.effective_days
        if period is law.INVESTIGATION_PERIOD and case.extended
        else 0
    )
    unconfirmed = compute_deadline(period, start, extra_days=extra).unconfirmed_years
    left = (due - today).days
    return {
        "label": period.label,
        "due": due,
        "state": due_state(case, today),
        "citation": period.citation,
        "days": period.effective_days + extra,
        "note": "；".join(notes),
        "unconfirmed": "、".join(str(y) for y in unconfirmed),
        "days_left": left,
        "days_over": -left,
    }


def _detail(request, pk: int, failed: tuple[str, ActionForm] | None = None):
    user = request.user
    case = get_in_scope(
        _cases(request)
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
            "reports__reporter",
            "meetings__attendees",
            "meetings__tasks",
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
    today = timezone.localdate()
    context = {
        "case": case,
        "steps": steps(case, bool(orders), bool(decisions)),
        "deadline": deadline(case, today),
        "today": today,
        "reports": reports,
        "records": case.records.select_related("recorded_by").prefetch_related("inspectors"),
        "orders": orders,
        "decisions": decisions,
        "statements": list(case.statements.all()),
        "meetings": list(case.meetings.all()),
        "transfer": getattr(case, "police_transfer", None),
        "listing": getattr(case, "dishonest_listing", None),
        "events": events_for(case)[:100],
        "actions": actions,
        "stray": stray,
        "action_url": "inspection:action",
        "document_links": document_views.document_links(orders, decisions),
        "issued": issuing.issued_for([*orders, *decisions], user),
        "acceptance_citation": law.COMPLAINT_ACCEPTANCE.citation,
        "investigation_citation": law.INVESTIGATION_PERIOD.citation,
    }
    context.update(ledger_context(case, user))
    return render(request, "inspection/detail.html", context)


@login_required
def detail(request, pk: int):
    return _detail(request, pk)


PAGE = CasePage("inspection", RULES, ACTIONS, _case, _detail)


urlpatterns = [
    path("", case_list, name="list"),
    path("queue/", queue, name="queue"),
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", PAGE.view, name="action"),
]
