"""The public portal (公共服务门户): a worker applies for labour-dispute mediation without an account, is
given a case number and a query code once, and follows the case with them.

Thin like every view: parse, call the public service (intake, shared with the public API), render. A
per-address budget in the cache keeps robots from filling the centre's intake queue or guessing query codes,
and a per-case budget of wrong codes locks a case's tracking however many addresses guess (throttle); the
tracking page shows nothing personal (progress), and a wrong number and a wrong code look exactly the same.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renshe.core import law
from renshe.core.errors import DomainError
from renshe.core.models import Organisation, OrganisationKind
from renshe.disputes import services
from renshe.inspection import selectors as inspection_selectors
from renshe.inspection import services as inspection

from . import intake, throttle
from .forms import ApplicationForm, ClaimFormSet, TrackForm

RECEIPT_KEY = "portal.receipt"  # session key holding a new case's number and code until shown once

# --- throttle ---------------------------------------------------------------------------------------


def _throttled(request, what: str):
    response = _page(request, "portal/throttled.html", {"what": what}, status=429)
    response["Retry-After"] = str(throttle.WINDOW_SECONDS)
    return response


# --- layout -----------------------------------------------------------------------------------------


def bureau_name() -> str:
    """The bureau the portal speaks for: the district bureau above the mediation centres, or the
    municipal bureau when centres of several districts share the portal."""
    paths = Organisation.objects.filter(kind=OrganisationKind.MEDIATION_CENTRE, active=True).values_list(
        "path", flat=True
    )
    ancestors = {int(pk) for p in paths for pk in p.strip("/").split("/") if pk}
    bureaus = Organisation.objects.filter(pk__in=ancestors)
    districts = list(bureaus.filter(kind=OrganisationKind.BUREAU).values_list("name", flat=True))
    if len(districts) == 1:
        return districts[0]
    city = bureaus.filter(kind=OrganisationKind.MUNICIPAL_BUREAU).values_list("name", flat=True).first()
    return city or _("人力资源和社会保障局")


def _page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"bureau": bureau_name(), **context}, status=status)


# --- pages ------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def home(request):
    return _page(request, "portal/home.html", {"mediation_period": law.MEDIATION_PERIOD.in_force.describe()})


@require_http_methods(["GET", "POST"])
def apply(request):
    if throttle.exhausted(request, "apply"):
        return _throttled(request, "apply")
    data = request.POST if request.method == "POST" else None
    files = request.FILES if data is not None else None
    form, claims = ApplicationForm(data, files), ClaimFormSet(data, prefix="claims")
    if data is not None and all([form.is_valid(), claims.is_valid()]):  # both, to show every error at once
        try:
            case, code = intake.apply(form.cleaned_data, claims.claims)
        except DomainError as error:
            field = intake.APPLICATION_FIELD_OF_SERVICE_ERROR.get(error.field or "")
            if error.field == "claims":
                claims.non_form_errors().append(str(error.message))
            else:
                form.add_error(field, str(error.message))
        else:
            throttle.spend(request, "apply")
            files_received = len(form.cleaned_data["evidence"])
            request.session[RECEIPT_KEY] = {"number": case.number, "code": code, "files": files_received}
            return redirect("portal:applied")
    # a browser cannot put chosen files back into a form: after an error the worker must choose them again
    files_dropped = len(request.FILES.getlist("evidence")) if data is not None else 0
    context = {
        "form": form,
        "claims": claims,
        "claim_rows": _claim_rows(claims),
        "files_dropped": files_dropped,
    }
    return _page(request, "portal/apply.html", {**context, "error_links": _error_links(form, claims)})


def error_links(
    form, rows, *, tail: tuple[str, ...], rows_label: str, row_label: str
) -> list[tuple[str, str]]:
    """(element id, what) of every field in error, in the order of the page: a long form on a phone needs a
    list at the top to jump from. `rows` (a formset: claims, months owed) stand between the form's fields
    and its `tail`; a row's field is named by `row_label` (%(n)d, %(field)s), the rows' own errors by
    `rows_label`."""
    fields = [(f.auto_id, f.label) for f in form if f.errors and f.name not in tail]
    if rows is not None:
        if rows.non_form_errors():
            first = rows.forms[0] if rows.forms else None
            fields.append((next(iter(first)).auto_id if first else "", rows_label))
        for n, row in enumerate(rows.forms, start=1):
            fields += [(f.auto_id, row_label % {"n": n, "field": f.label}) for f in row if f.errors]
    for name in tail:
        if name in form.fields and form[name].errors:
            label = _("个人信息处理说明") if name == "consent" else form[name].label
            fields.append((form[name].auto_id, label))
    return fields


def _error_links(form, claims) -> list[tuple[str, str]]:
    return error_links(
        form,
        claims,
        tail=("facts", "evidence", "consent"),
        rows_label=_("请求事项"),
        row_label=_("第%(n)d项%(field)s"),
    )


def _claim_rows(claims) -> list[tuple]:
    """(form, open): each optional claim row sits folded under the one before it ("再填一项"), open up
    to the last row the worker has used, so a phone shows only the rows in use."""
    used = [i for i, f in enumerate(claims.forms) if f.is_bound and (f.has_changed() or f.errors)]
    last = max(used, default=0)
    return [(f, i <= last) for i, f in enumerate(claims.forms)]


@never_cache
@require_http_methods(["GET"])
def applied(request):
    """The receipt, shown once: the number and code leave the session as they are displayed, and the page
    is not cached, so going back or reloading does not show the code again."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    track_form = TrackForm(initial=receipt) if receipt else None
    return _page(request, "portal/applied.html", {"receipt": receipt, "track_form": track_form})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """A dispute by its number and query code, or an arrears report's case by its registration number and
    the code the report was given (report_views): one form, the same budgets, the same answer to a wrong
    number as to a wrong code."""
    if request.method == "POST" and throttle.exhausted(request, "track"):
        return _throttled(request, "track")
    form = TrackForm(request.POST if request.method == "POST" else None)
    progress, not_found, locked = None, False, ""
    if request.method == "POST":
        throttle.spend(request, "track")
        if form.is_valid():
            number = form.cleaned_data["number"]
            try:
                progress = intake.track(number, form.cleaned_data["code"])
            except (services.TrackingLocked, inspection.TrackingLocked) as refusal:
                locked = str(refusal.message)
            else:
                if progress is None:
                    not_found = True
                else:
                    form = TrackForm()  # the form below the answer is for another case: start it empty
    context = {"form": form, "progress": progress, "not_found": not_found, "locked": locked}
    return _page(request, "portal/track.html", context)


@require_http_methods(["GET"])
def dishonest_list(request):
    """拖欠农民工工资失信联合惩戒名单 as published: only the listings in force today, twenty to a page."""
    page = Paginator(inspection_selectors.listings_in_force(timezone.localdate()), settings.PAGE_SIZE)
    return _page(request, "portal/dishonest.html", {"page": page.get_page(request.GET.get("page"))})


urlpatterns = [
    path("", home, name="home"),
    path("dishonest/", dishonest_list, name="dishonest"),
    path("apply/", apply, name="apply"),
    path("apply/done/", applied, name="applied"),
    path("track/", track, name="track"),
]
