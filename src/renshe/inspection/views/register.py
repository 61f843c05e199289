"""Counter registration of a complaint or a report (it opens a case, or joins the open one against the same
employer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from renshe.core.casepages import posted_rows
from renshe.core.errors import DomainError, PermissionDenied

from .. import forms, rules, selectors, services
from ..models import ReportStatus

REPORT_FIELDS = {"reporter": "reporter_id_number", "credit_code": "respondent_credit_code"}


@login_required
def create(request):
    if not rules.may_register(request.user):
        raise PermissionDenied()
    data, adding = posted_rows(request, ("workers",))
    form = forms.ReportForm(data, user=request.user)
    workers = forms.WorkerFormSet(data, prefix="workers")
    context = {"form": form, "offices": form.brigades, "workers": workers, "quiet": adding}
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
            if not selectors.inspections_for(request.user).filter(pk=case.pk).exists():
                # a grid officer's report goes to the brigade, whose case file the grid does not open
                return HttpResponseRedirect(reverse("inspection:create"))
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
