"""Reporting wage arrears on the public portal (举报/投诉欠薪): no account, throttled like the mediation
application. A worker owed wages complains under their name with the months owed; anyone may report, under
their name or anonymously, and an anonymous reporter is asked nothing about themselves.

The receipt carries the registration number (the inspection case the report was registered on or joined)
and a query code, shown once: with them the reporter follows the case on the tracking page as an applicant
follows a dispute, an anonymous reporter too. The reporter's identity is never shown back: the receipt and
the tracking page name neither the reporter nor the workers (劳动保障监察条例 第九条: 为举报人保密)."""

from datetime import date

from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renshe.core import law
from renshe.core.errors import DomainError, ValidationFailed
from renshe.core.models import Enterprise, Organisation
from renshe.core.workdays import compute_deadline
from renshe.inspection import services
from renshe.inspection.models import Report, ReportChannel, ReportKind, ReportStatus
from renshe.inspection.services import RespondentInput, WorkerInput
from renshe.inspection.workflow import Status

from .forms import OwedMonthFormSet, ReportForm, ReportMode, TrackForm
from .views import Progress, Step, _page, _spend, _spent, _throttled, error_links

REPORT_LIMIT = 10  # reports accepted per address per window (views.WINDOW_SECONDS)
RECEIPT_KEY = "portal.report_receipt"

# where a service's error belongs on the form
FIELD_OF_SERVICE_ERROR = {
    "respondent": "credit_code",
    "credit_code": "credit_code",
    "respondent_name": "employer_name",
    "respondent_street": "street",
    "content": "content",
    "reporter": "id_number",
    "id_number": "id_number",
    "phone": "phone",
    "anonymous": None,
}


@require_http_methods(["GET", "POST"])
def report(request):
    mode = (request.POST if request.method == "POST" else request.GET).get("mode", "")
    if mode not in ReportMode.ALL:
        return _page(request, "portal/report_choose.html", {})
    if request.method == "POST" and _spent(request, "report") >= REPORT_LIMIT:
        return _throttled(request, "report")
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, mode=mode)
    months = OwedMonthFormSet(data, prefix="months") if mode == ReportMode.COMPLAINT else None
    if data is not None and all([form.is_valid(), months is None or months.is_valid()]):
        try:
            receipt = _submit(form, months.months if months is not None else [])
        except DomainError as error:
            field = error.field or ""
            if months is not None and field.startswith("workers"):
                # the months or the worker's own identity: the service names the worker, not the row
                months.non_form_errors().append(str(error.message))
            else:
                form.add_error(FIELD_OF_SERVICE_ERROR.get(field), str(error.message))
        else:
            _spend(request, "report")
            request.session[RECEIPT_KEY] = receipt
            return redirect("portal:reported")
    context = {
        "form": form,
        "mode": mode,
        "months": months,
        "month_rows": _month_rows(months) if months is not None else [],
        "error_links": error_links(
            form,
            months,
            tail=("content", "consent"),
            rows_label=_("被拖欠的月份和工资"),
            row_label=_("第%(n)d个月%(field)s"),
        ),
    }
    return _page(request, "portal/report.html", context)


def _month_rows(months) -> list[tuple]:
    """(form, open): the rows after the first fold away until used, as on the application form."""
    used = [i for i, f in enumerate(months.forms) if f.is_bound and (f.has_changed() or f.errors)]
    last = max(used, default=0)
    return [(f, i <= last) for i, f in enumerate(months.forms)]


def _brigade_for(street: Organisation, brigades: list[Organisation]) -> Organisation | None:
    """条例 第十三条: the brigade of the district where the labour is used."""
    for brigade in brigades:
        if brigade.parent is not None and street.is_within(brigade.parent):
            return brigade
    return None


def _submit(form: ReportForm, months: list[tuple[date, object]]) -> dict:
    d = form.cleaned_data
    registered = Enterprise.objects.filter(credit_code=d["credit_code"]).select_related("street").first()
    if registered is not None:
        respondent = RespondentInput(enterprise_id=registered.pk)
        street = registered.street
    else:
        respondent = RespondentInput(
            credit_code=d["credit_code"], name=d["employer_name"], street_id=d["street"]
        )
        street = Organisation.objects.get(pk=d["street"])
    brigade = _brigade_for(street, form.brigades)
    if brigade is None:
        raise ValidationFailed(
            _("该街镇暂不能网上投诉举报，请拨打12345热线或到当地劳动保障监察机构反映"),
            field="respondent_street",
        )
    worker = None
    if form.mode != ReportMode.ANONYMOUS:
        worker = WorkerInput(d["id_number"], d["name"].strip(), phone=d["phone"])
    if form.mode == ReportMode.COMPLAINT:
        worker.months = months
    report, code = services.register_tracked_report(
        by=None,
        brigade=brigade,
        kind=ReportKind.COMPLAINT if form.mode == ReportMode.COMPLAINT else ReportKind.REPORT,
        channel=ReportChannel.PORTAL,
        respondent=respondent,
        content=d["content"],
        reporter=worker,
        anonymous=form.mode == ReportMode.ANONYMOUS,
        reporter_contact=d.get("phone", ""),
        workers=[worker] if form.mode == ReportMode.COMPLAINT else [],
    )
    return _receipt(report, code, form.mode)


def _receipt(report: Report, code: str, mode: str) -> dict:
    """What the receipt shows: nothing personal, only what the reporter needs to refer to it and follow it."""
    case = report.case
    return {
        "number": case.number,
        "code": code,
        "brigade": case.organisation.name,
        "employer": report.respondent.name,
        "received_on": report.received_on.isoformat(),
        "decide_by": compute_deadline(law.COMPLAINT_ACCEPTANCE, report.received_on).due.isoformat(),
        "mode": mode,
    }


@never_cache
@require_http_methods(["GET"])
def reported(request):
    """The receipt, shown once like the application's."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    context = {
        "receipt": receipt,
        "track_form": TrackForm(initial=receipt) if receipt else None,
        "acceptance_period": law.COMPLAINT_ACCEPTANCE.in_force.describe(),
    }
    return _page(request, "portal/reported.html", context)


# --- what the tracking page tells of a report's case ---------------------------------------------------

REPORT_STEPS = (
    gettext_lazy("投诉举报"),
    gettext_lazy("立案"),
    gettext_lazy("调查处理"),
    gettext_lazy("结果"),
)
_INVESTIGATING = frozenset({Status.ACCEPTED, Status.INVESTIGATING, Status.ORDERED})


def report_progress(report: Report) -> Progress:
    """The case a report was registered on or joined, as its reporter may see it: its number and state, the
    employer and the brigade; never a reporter or a worker."""
    case = report.case
    refused = report.status == ReportStatus.REFUSED or case.status == Status.REFUSED
    state = Status.REFUSED if refused else case.status
    progress = Progress(
        number=case.number,
        respondent=report.respondent.name,
        organisation=case.organisation.name,
        received_on=report.received_on,
        evidence_count=None,
        headline=str(_REPORT_HEADLINES[state]),
        next_step=str(_REPORT_NEXT[state]),
        steps=[Step(str(label), s) for label, s in zip(REPORT_STEPS, _report_steps(state), strict=True)],
        tone=_REPORT_TONES.get(state, "info"),
        kind="report",
    )
    if state == Status.RECEIVED:
        progress.intake_due_on = case.acceptance_due_on
    return progress


def _report_steps(state: str) -> list[str]:
    if state == Status.RECEIVED:
        return ["done", "current", "todo", "todo"]
    if state == Status.REFUSED:
        return ["done", "stopped", "todo", "todo"]
    if state in _INVESTIGATING:
        return ["done", "done", "current", "todo"]
    if state == Status.REVOKED:
        return ["done", "done", "todo", "stopped"]
    return ["done", "done", "done", "done"]


_REPORT_HEADLINES = {
    Status.RECEIVED: gettext_lazy("已收到，等待监察机构审查"),
    Status.REFUSED: gettext_lazy("监察机构决定不予受理"),
    Status.ACCEPTED: gettext_lazy("已立案，正在调查"),
    Status.INVESTIGATING: gettext_lazy("正在调查"),
    Status.ORDERED: gettext_lazy("已责令用人单位限期改正"),
    Status.DECIDED: gettext_lazy("监察机构已作出处理决定"),
    Status.CLOSED: gettext_lazy("案件已办结"),
    Status.REVOKED: gettext_lazy("立案已撤销"),
}
_REPORT_NEXT = {
    Status.RECEIVED: gettext_lazy("劳动保障监察机构正在审查，决定是否立案；留下手机号码的，监察员会联系您。"),
    Status.REFUSED: gettext_lazy(
        "如有疑问，请联系承办的劳动保障监察机构；劳动报酬争议也可以申请劳动争议调解或仲裁。"
    ),
    Status.ACCEPTED: gettext_lazy("监察员将调查用人单位的用工和工资支付情况，可能会联系您核实。"),
    Status.INVESTIGATING: gettext_lazy("监察员正在调查用人单位的用工和工资支付情况，可能会联系您核实。"),
    Status.ORDERED: gettext_lazy("用人单位应在限期内改正、支付拖欠的工资，逾期不改正的将依法处理。"),
    Status.DECIDED: gettext_lazy("监察机构已依法作出处理决定，请留意款项到账。"),
    Status.CLOSED: gettext_lazy("案件已经办结。如有疑问，请联系承办机构。"),
    Status.REVOKED: gettext_lazy("如有疑问，请联系承办的劳动保障监察机构。"),
}
_REPORT_TONES = {Status.REFUSED: "end", Status.REVOKED: "end", Status.CLOSED: "ok", Status.DECIDED: "ok"}


urlpatterns = [
    path("report/", report, name="report"),
    path("report/done/", reported, name="reported"),
]
