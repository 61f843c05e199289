"""A grid's site check (网格现场核查): what the brigade asked, and the form on which the grid officer records
the visit. The grid does not hold the case file: the page shows only the check and the employer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from renshe.core.errors import DomainError
from renshe.core.selectors import get_in_scope

from .. import forms, rules, selectors, services


@login_required
def site_check(request, pk: int):
    check = get_in_scope(selectors.site_checks_for(request.user), pk)
    may_record = check.visited_on is None and rules.may_record_visit(request.user, check)
    form = None
    if may_record:
        posted = request.POST if request.method == "POST" else None
        form = forms.SiteVisitForm(posted, initial={"visited_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.record_site_visit(check, by=request.user, **form.cleaned_data)
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(request, gettext("已记录现场核查情况"))
                return HttpResponseRedirect(reverse("core:workbench"))
    context = {"check": check, "case": check.case, "form": form, "today": timezone.localdate()}
    return render(request, "inspection/site_check.html", context)
