"""The public portal (公共服务门户): a worker applies for labour-dispute mediation without an account, is
given a case number and a query code once, and follows the case with them.

Thin like every view: parse, call the disputes service, render. A per-address budget in the cache keeps
robots from filling the centre's intake queue or guessing query codes, and a per-case budget of wrong codes
locks a case's tracking however many addresses guess; the tracking page shows nothing personal, and a wrong
number and a wrong code look exactly the same.
"""

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renshe.core import law
from renshe.core.errors import DomainError
from renshe.core.models import Organisation, OrganisationKind
from renshe.core.workdays import compute_deadline
from renshe.disputes import services
from renshe.disputes.models import Channel, DisputeCase
from renshe.disputes.workflow import Status
from renshe.inspection import selectors as inspection_selectors
from renshe.inspection import services as inspection

from .forms import ApplicationForm, ClaimFormSet, TrackForm, case_type_for

APPLY_LIMIT = 10  # applications accepted per address per window
TRACK_LIMIT = 20  # tracking attempts (right or wrong) per address per window
WINDOW_SECONDS = 60 * 60
# Wrong query codes for one case number, from any addresses, before its public tracking is locked until its
# handler reopens it: a worker who mistypes a few times is not locked out, and a guesser gets 10 tries in
# 10^8 per reopening (README, "Guessing a query code"). Counted for 30 days from the first wrong code.
TRACK_CASE_LIMIT = 10
TRACK_CASE_WINDOW_SECONDS = 30 * 24 * 60 * 60
RECEIPT_KEY = "portal.receipt"  # session key holding a new case's number and code until shown once

# where a service's error belongs on the application form (the service names its own inputs)
FIELD_OF_SERVICE_ERROR = {
    "centre": "centre",
    "applicants": "id_number",
    "credit_code": "credit_code",
    "respondent": "credit_code",
    "respondent_name": "employer_name",
    "respondent_street": "street",
    "facts": "facts",
    "file": "evidence",
}


# --- throttle ---------------------------------------------------------------------------------------


def _address(request) -> str:
    """Who the per-address budget counts: REMOTE_ADDR, not X-Forwarded-For, which any client can write
    (behind a proxy the proxy must set it). An IPv6 /64 is one subscriber's, as one IPv4 address is."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def _key(kind: str, what: str) -> str:
    # hashed, so the cache holds no address or case number in clear
    return f"portal:{kind}:{hashlib.sha256(what.encode()).hexdigest()[:32]}"


def _bucket(request, action: str) -> str:
    return _key(action, _address(request))


def _spent(request, action: str) -> int:
    return cache.get(_bucket(request, action), 0)


def _count(key: str, window: int) -> int:
    """Count one use under `key` and return the count; the window runs from the first use (the key expires
    `window` seconds after it). Atomic in Redis, which every worker shares."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _spend(request, action: str) -> None:
    _count(_bucket(request, action), WINDOW_SECONDS)


def _wrong_code(number: str) -> DomainError | None:
    """Count a wrong code against the case numbered `number`, a dispute or an arrears report's case; once
    that spends its budget and locks its tracking, the refusal to answer with (a number no case has locks
    nothing: there is no code to find)."""
    key = _key("case", number)
    if _count(key, TRACK_CASE_WINDOW_SECONDS) < TRACK_CASE_LIMIT:
        return None
    refusal: DomainError
    if services.lock_tracking(number, wrong_codes=TRACK_CASE_LIMIT):
        refusal = services.TrackingLocked()
    elif inspection.lock_tracking(number, wrong_codes=TRACK_CASE_LIMIT):
        refusal = inspection.TrackingLocked()
    else:
        return None
    cache.delete(key)  # the lock is on the case now; once reopened, the budget starts again
    return refusal


def _throttled(request, what: str):
    response = _page(request, "portal/throttled.html", {"what": what}, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
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
    if _spent(request, "apply") >= APPLY_LIMIT:
        return _throttled(request, "apply")
    data = request.POST if request.method == "POST" else None
    files = request.FILES if data is not None else None
    form, claims = ApplicationForm(data, files), ClaimFormSet(data, prefix="claims")
    if data is not None and all([form.is_valid(), claims.is_valid()]):  # both, to show every error at once
        try:
            case, code = _submit(form.cleaned_data, claims.claims)
        except DomainError as error:
            field = FIELD_OF_SERVICE_ERROR.get(error.field or "")
            if error.field == "claims":
                claims.non_form_errors().append(str(error.message))
            else:
                form.add_error(field, str(error.message))
        else:
            _spend(request, "apply")
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


def _submit(d: dict, claims: list[dict]) -> tuple[DisputeCase, str]:
    return services.apply_for_mediation(
        by=None,
        channel=Channel.PORTAL,
        centre=d["centre"],
        applicants=[services.ApplicantInput(id_number=d["id_number"], name=d["name"], phone=d["phone"])],
        respondent=services.RespondentInput(
            credit_code=d["credit_code"], name=d["employer_name"], street_id=d["street"]
        ),
        claims=[services.ClaimInput(c["claim_type"], c["amount"]) for c in claims],
        facts=d["facts"],
        case_type=case_type_for(claims),
        evidence=d["evidence"],
    )


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
    if request.method == "POST" and _spent(request, "track") >= TRACK_LIMIT:
        return _throttled(request, "track")
    form = TrackForm(request.POST if request.method == "POST" else None)
    progress, not_found, locked = None, False, ""
    if request.method == "POST":
        _spend(request, "track")
        if form.is_valid():
            number = form.cleaned_data["number"]
            try:
                progress = _progress(number, form.cleaned_data["code"])
                if progress is None and (refusal := _wrong_code(number)) is not None:
                    raise refusal
            except (services.TrackingLocked, inspection.TrackingLocked) as refusal:
                locked = str(refusal.message)
            else:
                if progress is None:
                    not_found = True
                else:
                    form = TrackForm()  # the form below the answer is for another case: start it empty
    context = {"form": form, "progress": progress, "not_found": not_found, "locked": locked}
    return _page(request, "portal/track.html", context)


def _progress(number: str, code: str) -> "Progress | None":
    case = services.find_by_query_code(number, code)  # a dispute's own lock is refused here
    if case is not None:
        return Progress.of(case)
    report = inspection.find_report_by_query_code(number, code)  # and an inspection case's
    if report is None:
        return None
    from .report_views import report_progress  # it imports this module

    return report_progress(report)


# --- what the tracking page tells -------------------------------------------------------------------

MEDIATION_STATES = frozenset({Status.ACCEPTED, Status.REFERRED, Status.MEDIATING, Status.SUSPENDED})
STEPS = (gettext_lazy("申请"), gettext_lazy("受理"), gettext_lazy("调解"), gettext_lazy("结果"))


@dataclass
class Step:
    label: str
    state: str  # "done", "current", "stopped" (the case ended here) or "todo"
    note: str = ""


@dataclass
class Progress:
    """A case as the applicant may see it: its own number and state, the respondent's name and the handling
    organisation; never the parties' personal data."""

    number: str
    respondent: str
    organisation: str
    received_on: date
    evidence_count: int | None  # how many files, never their names (a name can carry personal data)
    headline: str
    next_step: str
    steps: list[Step]
    mediation_due_on: date | None = None
    intake_due_on: date | None = None
    tone: str = "info"  # "info", "ok", "warn" or "end": the colour of the status
    kind: str = "dispute"  # or "report": an arrears report's case (report_views.report_progress)

    @classmethod
    def of(cls, case: DisputeCase) -> "Progress":
        case = (
            DisputeCase.objects.select_related("organisation", "respondent")
            .annotate(evidence_count=Count("evidence"))
            .get(pk=case.pk)
        )
        s = case.status
        states = _step_states(case)
        progress = cls(
            number=case.number,
            respondent=case.respondent.name,
            organisation=case.organisation.name,
            received_on=case.received_on,
            evidence_count=case.evidence_count,
            headline=_HEADLINES[s],
            next_step="",
            steps=[Step(str(label), state) for label, state in zip(STEPS, states, strict=True)],
        )
        progress.steps[3].note = _RESULT_NOTES.get(s, "")
        if s == Status.APPLIED:
            progress.intake_due_on = compute_deadline(law.MEDIATION_INTAKE, case.received_on).due
            progress.next_step = _(
                "调解中心正在审查您的申请，一般在%(date)s前决定是否受理。受理后会转交调解员，调解员会打电话"
                "联系您。"
            ) % {"date": progress.intake_due_on.isoformat()}
        elif s in MEDIATION_STATES:
            progress.mediation_due_on = case.mediation_due_on
            rule = law.MEDIATION_PERIOD.rule_on(case.received_on)
            progress.next_step = _NEXT[s] % {"period": rule.describe()}
        elif s == Status.AWARDED:
            awarded_on = case.arbitration.awarded_on
            assert awarded_on is not None  # make_award sets the day with the status
            rule = law.SUIT_AFTER_NON_FINAL_AWARD.rule_on(awarded_on)
            progress.next_step = _NEXT[s] % {"period": rule.describe()}
        else:
            progress.next_step = _NEXT[s]
        progress.tone = _TONES.get(s, "info")
        return progress


def _step_states(case: DisputeCase) -> list[str]:
    s = case.status
    if s == Status.APPLIED:
        return ["done", "current", "todo", "todo"]
    if s == Status.DECLINED:
        return ["done", "stopped", "todo", "todo"]
    if s in MEDIATION_STATES:
        return ["done", "done", "current", "todo"]
    if s == Status.WITHDRAWN and case.mediation_due_on is None:  # withdrawn before it was accepted
        return ["done", "todo", "todo", "stopped"]
    if s == Status.WITHDRAWN:
        return ["done", "done", "done", "stopped"]
    return ["done", "done", "done", "done"]


_HEADLINES = {
    Status.APPLIED: gettext_lazy("已收到申请，等待调解中心审查"),
    Status.DECLINED: gettext_lazy("调解中心决定不予受理"),
    Status.ACCEPTED: gettext_lazy("已受理，正在安排调解员"),
    Status.REFERRED: gettext_lazy("已受理，已交给调解组织办理"),
    Status.MEDIATING: gettext_lazy("正在调解"),
    Status.SUSPENDED: gettext_lazy("调解暂时中止"),
    Status.SETTLED: gettext_lazy("调解成功，正在履行调解协议"),
    Status.FAILED: gettext_lazy("调解未能达成协议"),
    Status.WITHDRAWN: gettext_lazy("申请已撤回"),
    Status.ARBITRATION: gettext_lazy("已进入仲裁程序"),
    Status.AWARDED: gettext_lazy("仲裁委员会已作出裁决"),
    Status.LITIGATION: gettext_lazy("已进入诉讼程序"),
    Status.CLOSED: gettext_lazy("案件已办结"),
}
_RESULT_NOTES = {
    Status.SETTLED: gettext_lazy("调解成功"),
    Status.FAILED: gettext_lazy("调解不成"),
    Status.WITHDRAWN: gettext_lazy("已撤回"),
    Status.ARBITRATION: gettext_lazy("转入仲裁"),
    Status.AWARDED: gettext_lazy("已裁决"),
    Status.LITIGATION: gettext_lazy("诉讼中"),
    Status.CLOSED: gettext_lazy("已办结"),
}
_NEXT = {
    Status.DECLINED: gettext_lazy(
        "您可以直接向劳动人事争议仲裁委员会申请仲裁，也可以联系调解中心了解不予受理的原因。"
    ),
    Status.ACCEPTED: gettext_lazy(
        "调解中心已受理您的申请，正在安排调解组织和调解员，调解员会打电话联系您。自收到申请之日起"
        "%(period)s内未达成协议的，您可以申请仲裁。"
    ),
    Status.REFERRED: gettext_lazy(
        "案件已交给离您更近的调解组织办理，调解员会打电话联系您。自收到申请之日起%(period)s内未达成协议的，"
        "您可以申请仲裁。"
    ),
    Status.MEDIATING: gettext_lazy(
        "调解员正在与您和用人单位沟通，请保持手机畅通，按通知参加调解。调解期限届满仍未达成协议的，"
        "您可以申请仲裁（调解期限为%(period)s）。"
    ),
    Status.SUSPENDED: gettext_lazy(
        "因法定原因调解暂时中止，中止期间不计入调解期限（%(period)s），中止原因消除后继续调解。"
    ),
    Status.SETTLED: gettext_lazy(
        "请按调解协议的约定留意款项到账。用人单位到期不履行的，您可以申请仲裁；拖欠工资等款项的，"
        "也可以依法向人民法院申请支付令。"
    ),
    Status.FAILED: gettext_lazy(
        "您可以向劳动人事争议仲裁委员会申请仲裁，调解中的材料会随案移送，不需要重新提交。"
    ),
    Status.WITHDRAWN: gettext_lazy("案件已结束。如需再次申请调解，可以重新提交申请。"),
    Status.ARBITRATION: gettext_lazy("仲裁委员会将依法审查受理，并通知您开庭的时间和地点。"),
    Status.AWARDED: gettext_lazy(
        "请留意仲裁裁决书。对裁决不服的，可以在收到裁决书之日起%(period)s内向人民法院起诉。"
    ),
    Status.LITIGATION: gettext_lazy("请留意人民法院的通知。"),
    Status.CLOSED: gettext_lazy("案件已经办结。如有疑问，请联系承办机构。"),
}
_TONES = {
    Status.DECLINED: "end",
    Status.WITHDRAWN: "end",
    Status.SUSPENDED: "warn",
    Status.FAILED: "warn",
    Status.SETTLED: "ok",
    Status.CLOSED: "ok",
}


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
