"""Reporting wage arrears on the public portal (举报/投诉欠薪): no account, throttled like the mediation
application. A worker owed wages complains under their name with the months owed; anyone may report, under
their name or anonymously, and an anonymous reporter is asked nothing about themselves.

The receipt carries the registration number (the inspection case the report was registered on or joined)
and a query code, shown once: with them the reporter follows the case on the tracking page as an applicant
follows a dispute, an anonymous reporter too. The reporter's identity is never shown back: the receipt and
the tracking page name neither the reporter nor the workers (劳动保障监察条例 第九条: 为举报人保密)."""

from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renshe.core import law
from renshe.core.errors import DomainError

from . import intake, throttle
from .forms import OwedMonthFormSet, ReportForm, ReportMode, TrackForm
from .views import _page, _throttled, error_links

RECEIPT_KEY = "portal.report_receipt"


@require_http_methods(["GET", "POST"])
def report(request):
    mode = (request.POST if request.method == "POST" else request.GET).get("mode", "")
    if mode not in ReportMode.ALL:
        return _page(request, "portal/report_choose.html", {})
    if request.method == "POST" and throttle.exhausted(request, "report"):
        return _throttled(request, "report")
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, mode=mode)
    months = OwedMonthFormSet(data, prefix="months") if mode == ReportMode.COMPLAINT else None
    if data is not None and all([form.is_valid(), months is None or months.is_valid()]):
        try:
            receipt = intake.report(form, months.months if months is not None else [])
        except DomainError as error:
            field = error.field or ""
            if months is not None and field.startswith("workers"):
                # the months or the worker's own identity: the service names the worker, not the row
                months.non_form_errors().append(str(error.message))
            else:
                form.add_error(intake.REPORT_FIELD_OF_SERVICE_ERROR.get(field), str(error.message))
        else:
            throttle.spend(request, "report")
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


urlpatterns = [
    path("report/", report, name="report"),
    path("report/done/", reported, name="reported"),
]
