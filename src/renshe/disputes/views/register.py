"""Counter registration of an application for mediation, and the slip shown once after it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from renshe.core.actions import filled
from renshe.core.casepages import posted_rows
from renshe.core.errors import DomainError, PermissionDenied

from .. import forms, rules, services
from .case import case_in_scope

QUERY_CODE_SESSION_KEY = "disputes.query_code"
APPLICATION_FIELDS = {
    "credit_code": "respondent_credit_code",
    "file": "evidence",
}  # service field → form field


@login_required
def create(request):
    if not rules.may_register(request.user):
        raise PermissionDenied()
    data, adding = posted_rows(request, ("applicants", "claims"))
    form = forms.ApplicationForm(data, request.FILES or None, user=request.user)
    applicants = forms.ApplicantFormSet(data, prefix="applicants")
    claims = forms.ClaimFormSet(data, prefix="claims")
    context = {
        "form": form,
        "offices": form.centres,
        "applicants": applicants,
        "claims": claims,
        "quiet": adding,
    }
    if data is None or adding:
        return render(request, "disputes/create.html", context)
    if all([form.is_valid(), applicants.is_valid(), claims.is_valid()]):
        try:
            case, code = services.apply_for_mediation(
                by=request.user,
                channel="counter",
                centre=form.chosen_centre(),
                applicants=[
                    services.ApplicantInput(a["id_number"], a["name"], a["phone"], a["representative"])
                    for a in filled(applicants)
                ],
                respondent=form.respondent_input(),
                claims=[services.ClaimInput(c["claim_type"], c["amount"], c["note"]) for c in filled(claims)],
                facts=form.cleaned_data["facts"],
                case_type=form.cleaned_data["case_type"],
                received_on=form.cleaned_data["received_on"],
                evidence=form.cleaned_data["evidence"],
                common_claim=form.cleaned_data["common_claim"],
            )
        except DomainError as error:
            field = APPLICATION_FIELDS.get(error.field, error.field)
            if field in ("applicants", "claims"):
                context[f"{field}_error"] = str(error.message)
            else:
                form.add_error(field if field in form.fields else None, str(error.message))
        else:
            # shown once on the next page and never stored in clear: the applicant follows the case with it
            request.session[QUERY_CODE_SESSION_KEY] = {"case": case.pk, "code": code}
            return HttpResponseRedirect(reverse("disputes:registered", args=[case.pk]))
    return render(request, "disputes/create.html", context)


@login_required
def registered(request, pk: int):
    case = case_in_scope(request, pk)
    slip = request.session.get(QUERY_CODE_SESSION_KEY) or {}
    code = slip.get("code") if slip.get("case") == case.pk else None
    if code:
        del request.session[QUERY_CODE_SESSION_KEY]
    return render(request, "disputes/registered.html", {"case": case, "code": code})
