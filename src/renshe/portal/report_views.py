"""Reporting wage arrears on the public portal (举报/投诉欠薪): no account, throttled like the mediation
application. A worker owed wages complains under their name with the months owed; anyone may report, under
their name or anonymously, and an anonymous reporter is asked nothing about themselves.

The receipt carries the registration number (the inspection case the report was registered on or joined),
shown once; the inspection module has no public tracking, so there is no query code. The reporter's identity
is never shown back: the receipt names neither the reporter nor the workers (劳动保障监察条例 第九条: 为举报人保密)."""

from datetime import date

from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renshe.core import law
from renshe.core.errors import DomainError, ValidationFailed
from renshe.core.models import Enterprise, Organisation
from renshe.core.workdays import compute_deadline
from renshe.inspection import services
from renshe.inspection.models import Report, ReportChannel, ReportKind
from renshe.inspection.services import RespondentInput, WorkerInput

from .forms import OwedMonthFormSet, ReportForm, ReportMode
from .views import _page, _spend, _spent, _throttled

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
    report = services.register_report(
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
    return _receipt(report, form.mode)


def _receipt(report: Report, mode: str) -> dict:
    """What the receipt shows: nothing personal, only what the reporter needs to refer to it."""
    case = report.case
    return {
        "number": case.number,
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
    return _page(
        request,
        "portal/reported.html",
        {"receipt": receipt, "acceptance_days": law.COMPLAINT_ACCEPTANCE.effective_days},
    )


urlpatterns = [
    path("report/", report, name="report"),
    path("report/done/", reported, name="reported"),
]
