"""The public service API (/api/v1/public/…) for the city's one-stop service apps (一网通办, mini-programs): what
the public portal does, without an account — apply for mediation, report wage arrears, track a case by its
number and query code, add evidence to one's own case.

The portal's own forms check the input (one error per field, in the caller's language) and its intake runs
it (portal.intake), under the portal's budgets (portal.throttle): a JSON body is given to the form as the
page's POST would be. The answers are the portal's minimal ones: a receipt is the number and the query code,
tracking tells what the tracking page tells, and nothing answers with a party's personal data."""

from datetime import date
from typing import Annotated, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from pydantic import BeforeValidator

from renshe.core.api import ErrorOut, Id
from renshe.core.errors import DomainError
from renshe.core.selectors import dictionary_choices
from renshe.disputes import services

from . import intake, throttle
from .forms import (
    CLAIM_ROWS,
    MONTH_ROWS,
    ApplicationForm,
    ClaimFormSet,
    OwedMonthFormSet,
    ReportForm,
    ReportMode,
    TrackForm,
)
from .progress import Progress

TAG = {
    "name": "public",
    "description": (
        "The public service (一网通办 apps, mini-programs): no login and no header needed. The portal's checks, "
        "per-address budgets (429 with Retry-After) and minimal answers: a receipt is a case number and a "
        "query code, shown once; tracking never shows a party's personal data; a wrong query code is the same "
        "404 as an unknown number."
    ),
}
router = Router(tags=["public"], auth=None)

# what a refusal answers with: 422 the input (house shape: detail, field, errors[{field, message}]), 403 a
# tracking locked by wrong codes, 404 no case with that number and code, 429 the address's budget spent
REFUSALS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
_THROTTLED = {
    "apply": gettext_lazy("为防止恶意提交，同一网络在一小时内提交的申请数量有限。请一小时后再试。"),
    "report": gettext_lazy(
        "为防止恶意提交，同一网络在一小时内提交的投诉举报数量有限。请一小时后再试，或拨打12345热线。"
    ),
    "track": gettext_lazy("为保护申请人的信息，同一网络在一小时内查询的次数有限。请一小时后再试。"),
    "evidence": gettext_lazy(
        "为保护申请人的信息，同一网络在一小时内提交证据材料的次数有限。请一小时后再试。"
    ),
}


def _limit(form: type, field: str) -> int:
    """A text's longest, as the portal's form enforces it: the document states the form's own limit."""
    return form.base_fields[field].max_length


# an amount as the form reads it: text ("3,200.50"), or a JSON number given as the same text
Amount = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v),
    Field(description='yuan, e.g. "18000" or 3200.50; at most two decimal places'),
]


# schema names are the document's component names: "Public…", clear of the modules' own (disputes has a ClaimIn)
class PublicClaimIn(Schema):
    claim_type: str = Field(max_length=40, description="a code of `claim_types` in GET /public/options")
    amount: Amount


class PublicApplicationIn(Schema):
    centre: Id = Field(description="a mediation centre's id (GET /public/options)")
    name: str = Field(max_length=_limit(ApplicationForm, "name"))
    id_number: str = Field(max_length=_limit(ApplicationForm, "id_number"), description="居民身份证号码")
    phone: str = Field(max_length=_limit(ApplicationForm, "phone"), description="11-digit mobile number")
    employer_name: str = Field(max_length=_limit(ApplicationForm, "employer_name"))
    credit_code: str = Field(
        max_length=_limit(ApplicationForm, "credit_code"), description="统一社会信用代码"
    )
    street: Id = Field(description="the street or town of the workplace: an id of `streets`")
    claims: list[PublicClaimIn] = Field(min_length=1, max_length=CLAIM_ROWS, description="one per claim type")
    facts: str = Field(max_length=_limit(ApplicationForm, "facts"), description="at least 10 characters")
    consent: bool = Field(description="the applicant agrees to the processing of their personal data")


class PublicReceiptOut(Schema):
    number: str = Field(description="the case number")
    code: str = Field(description="the query code: given this once, never again")


class PublicMonthIn(Schema):
    month: str = Field(max_length=10, description='the month owed, e.g. "2026-03"')
    amount: Amount


class PublicReportIn(Schema):
    mode: Literal["complaint", "named", "anonymous"] = Field(
        description="complaint: a worker owed wages (投诉, with the months owed); named: a report under one's name "
        "(实名举报); anonymous (匿名举报): name, id_number, phone and consent are not read"
    )
    name: str = Field("", max_length=_limit(ReportForm, "name"))
    id_number: str = Field("", max_length=_limit(ReportForm, "id_number"))
    phone: str = Field("", max_length=_limit(ReportForm, "phone"))
    consent: bool = False
    employer_name: str = Field(max_length=_limit(ReportForm, "employer_name"))
    credit_code: str = Field(max_length=_limit(ReportForm, "credit_code"))
    street: Id = Field(description="the street or town where the labour is used: an id of `report_streets`")
    content: str = Field(max_length=_limit(ReportForm, "content"), description="at least 10 characters")
    months: list[PublicMonthIn] = Field(
        [], max_length=MONTH_ROWS, description="a complaint's months owed (≥ 1)"
    )


class PublicReportReceiptOut(PublicReceiptOut):
    brigade: str = Field(description="the labour inspection brigade handling it")
    employer: str
    received_on: date
    decide_by: date = Field(description="when the brigade decides whether to open an inspection")


class PublicTrackIn(Schema):
    number: str = Field(
        max_length=_limit(TrackForm, "number"), description="( ) may stand for 〔 〕; 号 optional"
    )
    code: str = Field(max_length=_limit(TrackForm, "code"))


class PublicStepOut(Schema):
    label: str
    state: Literal["done", "current", "stopped", "todo"]
    note: str


class PublicProgressOut(Schema):
    number: str
    kind: Literal["dispute", "report"] = Field(description="a mediation case, or an arrears report's case")
    headline: str
    next_step: str
    tone: Literal["info", "ok", "warn", "end"]
    steps: list[PublicStepOut]
    respondent: str = Field(description="the employer")
    organisation: str = Field(description="who handles the case")
    received_on: date
    intake_due_on: date | None = Field(description="while the application or report awaits a decision")
    mediation_due_on: date | None
    evidence_count: int | None = Field(
        description="files on a dispute (never their names); null for a report"
    )


class PublicEvidenceReceiptOut(Schema):
    number: str
    evidence_count: int = Field(description="files the case now holds")


class PublicChoiceOut(Schema):
    code: str
    label: str


class PublicPlaceOut(Schema):
    id: int
    name: str


class PublicStreetOut(PublicPlaceOut):
    district: str


class PublicOptionsOut(Schema):
    centres: list[PublicPlaceOut]
    streets: list[PublicStreetOut] = Field(description="for an application")
    report_streets: list[PublicStreetOut] = Field(description="for a report: those a brigade covers")
    claim_types: list[PublicChoiceOut]


# --- answers -------------------------------------------------------------------------------------------


def _throttled(response: HttpResponse, action: str):
    response["Retry-After"] = str(throttle.WINDOW_SECONDS)
    return Status(429, {"detail": str(_THROTTLED[action])})


def _invalid(errors: list[dict]):
    """422 in the house shape (renshe.api.on_validation_error), naming the fields as this API names them."""
    fields = "、".join(dict.fromkeys(e["field"] for e in errors if e["field"]))
    body = {"detail": _("请求数据无效：%(fields)s") % {"fields": fields or "-"}, "errors": errors}
    if len({e["field"] for e in errors}) == 1:
        body["field"] = errors[0]["field"]
    return Status(422, body)


def _form_errors(form, prefix: str = "") -> list[dict]:
    return [
        {"field": f"{prefix}{name}" if name != "__all__" else prefix.rstrip("."), "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def _rows_errors(rows, name: str) -> list[dict]:
    """A formset's errors as `name.<index>.<field>`, and its own as `name`."""
    errors = [e for i, row in enumerate(rows.forms) for e in _form_errors(row, f"{name}.{i}.")]
    return errors + [{"field": name, "message": str(m)} for m in rows.non_form_errors()]


def _refused(error: DomainError, fields: dict[str, str | None], default: str = ""):
    """A service's refusal, on the field this API calls its input."""
    if error.status != 422:
        raise error  # the house's handler answers it (renshe.api.on_domain_error)
    return _invalid([{"field": fields.get(error.field or "") or default, "message": str(error.message)}])


def _rows(prefix: str, rows: list[dict]) -> dict:
    """A formset's POST data for `rows`, as the page sends it."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _not_found():
    """The tracking page's words for a wrong number and a wrong code alike."""
    sentences = (
        _("没有查到相符的案件。"),
        _("请核对案号和查询码是否输入正确。如果忘记了查询码，请联系调解中心。"),
    )
    return Status(404, {"detail": " ".join(sentences)})


def _progress(progress: Progress) -> dict:
    return {
        **vars(progress),
        "headline": str(progress.headline),
        "next_step": str(progress.next_step),
        "steps": [{"label": str(s.label), "state": s.state, "note": str(s.note)} for s in progress.steps],
    }


# --- operations ----------------------------------------------------------------------------------------


@router.get(
    "/options", response=PublicOptionsOut, summary="What the forms offer: centres, streets, claim types"
)
def options(request):
    def streets(groups) -> list[dict]:
        return [{"id": pk, "name": name, "district": d} for d, rows in groups if d for pk, name in rows]

    application = ApplicationForm()
    return {
        "centres": list(application.fields["centre"].queryset.values("id", "name")),
        "streets": streets(application.fields["street"].choices),
        "report_streets": streets(ReportForm(mode=ReportMode.NAMED).fields["street"].choices),
        "claim_types": [{"code": code, "label": label} for code, label in dictionary_choices("claim_type")],
    }


@router.post(
    "/applications",
    response={201: PublicReceiptOut, **REFUSALS},
    summary="Apply for mediation (as the portal's form); evidence is added afterwards (POST /public/evidence)",
)
def apply(request, payload: PublicApplicationIn, response: HttpResponse):
    if throttle.exhausted(request, "apply"):
        return _throttled(response, "apply")
    data = {**payload.dict(exclude={"claims"}), **_rows("claims", [c.dict() for c in payload.claims])}
    form, claims = ApplicationForm(data), ClaimFormSet(data, prefix="claims")
    if not all([form.is_valid(), claims.is_valid()]):  # both, to tell every error at once
        return _invalid(_form_errors(form) + _rows_errors(claims, "claims"))
    try:
        case, code = intake.apply(form.cleaned_data, claims.claims)
    except DomainError as error:
        return _refused(error, {**intake.APPLICATION_FIELD_OF_SERVICE_ERROR, "claims": "claims"})
    throttle.spend(request, "apply")
    return Status(201, {"number": case.number, "code": code})


@router.post(
    "/reports",
    response={201: PublicReportReceiptOut, **REFUSALS},
    summary="Report wage arrears (举报/投诉欠薪)",
)
def report(request, payload: PublicReportIn, response: HttpResponse):
    if throttle.exhausted(request, "report"):
        return _throttled(response, "report")
    data = payload.dict(exclude={"months"})
    form = ReportForm(data, mode=payload.mode)
    months = None
    if payload.mode == ReportMode.COMPLAINT:
        months = OwedMonthFormSet(_rows("months", [m.dict() for m in payload.months]), prefix="months")
    if not all([form.is_valid(), months is None or months.is_valid()]):
        return _invalid(_form_errors(form) + (_rows_errors(months, "months") if months is not None else []))
    try:
        receipt = intake.report(form, months.months if months is not None else [])
    except DomainError as error:
        default = "months" if (error.field or "").startswith("workers") else ""
        return _refused(error, intake.REPORT_FIELD_OF_SERVICE_ERROR, default)
    throttle.spend(request, "report")
    return Status(201, receipt)


def _number_and_code(request, action: str, number: str, code: str):
    """The budget spent and the number and code checked as the tracking form checks them: (number, code),
    or the answer refusing them."""
    throttle.spend(request, action)
    form = TrackForm({"number": number, "code": code})
    if not form.is_valid():
        return None, _invalid(_form_errors(form))
    return (form.cleaned_data["number"], form.cleaned_data["code"]), None


@router.post(
    "/track",
    response={200: PublicProgressOut, **REFUSALS},
    summary="Track a case by its number and query code (POST: the code stays out of addresses and logs)",
)
def track(request, payload: PublicTrackIn, response: HttpResponse):
    if throttle.exhausted(request, "track"):
        return _throttled(response, "track")
    checked, refusal = _number_and_code(request, "track", payload.number, payload.code)
    if refusal is not None:
        return refusal
    progress = intake.track(*checked)
    return _progress(progress) if progress is not None else _not_found()


@router.post(
    "/evidence",
    response={201: PublicEvidenceReceiptOut, **REFUSALS},
    summary="Add a file to one's own mediation case: multipart, a PDF, PNG or JPEG of at most 10 MB",
)
def add_evidence(
    request,
    response: HttpResponse,
    number: Form[str],
    code: Form[str],
    file: File[UploadedFile],
):
    if throttle.exhausted(request, "evidence"):
        return _throttled(response, "evidence")
    checked, refusal = _number_and_code(request, "evidence", number, code)
    if refusal is not None:
        return refusal
    try:
        case = intake.own_dispute(*checked)
        if case is None:
            return _not_found()
        services.add_applicant_evidence(case, upload=file)
    except DomainError as error:
        return _refused(error, {"file": "file", "number": "number"})
    return Status(201, {"number": case.number, "evidence_count": case.evidence.count()})
