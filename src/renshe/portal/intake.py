"""What the public service does once its input is valid, for the portal's pages and the public API alike: a
mediation application, an arrears report, tracking a case by its number and query code, and evidence an
applicant adds to their own case. The forms (forms.py) check the input; the services check it again.

A wrong query code and a number no case has are the same answer (None) to a caller, and a wrong code counts
against the case's budget (throttle.wrong_code); the per-address budgets are the caller's to spend."""

from datetime import date

from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import Enterprise, Organisation
from renshe.core.workdays import compute_deadline
from renshe.disputes import services
from renshe.disputes.models import Channel, DisputeCase
from renshe.inspection import services as inspection
from renshe.inspection.models import Report, ReportChannel, ReportKind

from . import throttle
from .forms import ReportForm, ReportMode, case_type_for
from .progress import Progress, report_progress

# where a service's error belongs on the application form (the service names its own inputs)
APPLICATION_FIELD_OF_SERVICE_ERROR = {
    "centre": "centre",
    "applicants": "id_number",
    "credit_code": "credit_code",
    "respondent": "credit_code",
    "respondent_name": "employer_name",
    "respondent_street": "street",
    "facts": "facts",
    "file": "evidence",
}
# and on the report's
REPORT_FIELD_OF_SERVICE_ERROR = {
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


def apply(d: dict, claims: list[dict]) -> tuple[DisputeCase, str]:
    """A mediation application from an ApplicationForm's cleaned data and its claims (ClaimFormSet.claims):
    the case and the query code, shown to the applicant once."""
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
        evidence=d.get("evidence", []),
    )


def _brigade_for(street: Organisation, brigades: list[Organisation]) -> Organisation | None:
    """条例 第十三条: the brigade of the district where the labour is used."""
    for brigade in brigades:
        if brigade.parent is not None and street.is_within(brigade.parent):
            return brigade
    return None


def report(form: ReportForm, months: list[tuple[date, object]]) -> dict:
    """An arrears report from a valid ReportForm and the months owed (a complaint's): its receipt."""
    d = form.cleaned_data
    registered = Enterprise.objects.filter(credit_code=d["credit_code"]).select_related("street").first()
    if registered is not None:
        respondent = inspection.RespondentInput(enterprise_id=registered.pk)
        street = registered.street
    else:
        respondent = inspection.RespondentInput(
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
        worker = inspection.WorkerInput(d["id_number"], d["name"].strip(), phone=d["phone"])
    if form.mode == ReportMode.COMPLAINT:
        worker.months = months
    registered_report, code = inspection.register_tracked_report(
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
    case = registered_report.case
    # nothing personal: only what the reporter needs to refer to the case and follow it
    return {
        "number": case.number,
        "code": code,
        "brigade": case.organisation.name,
        "employer": registered_report.respondent.name,
        "received_on": registered_report.received_on.isoformat(),
        "decide_by": compute_deadline(
            law.COMPLAINT_ACCEPTANCE, registered_report.received_on
        ).due.isoformat(),
        "mode": form.mode,
    }


def _find(number: str, code: str) -> DisputeCase | Report | None:
    """The dispute numbered `number`, or the arrears report registered under it, whose query code is
    `code`; None for a wrong number or a wrong code alike. A wrong code counts against the case, and the
    refusal that locks its tracking is raised, as is a locked case's (services.TrackingLocked,
    inspection.TrackingLocked)."""
    case = services.find_by_query_code(number, code)  # a dispute's own lock is refused here
    if case is not None:
        return case
    found = inspection.find_report_by_query_code(number, code)  # and an inspection case's
    if found is not None:
        return found
    if (refusal := throttle.wrong_code(number)) is not None:
        raise refusal
    return None


def track(number: str, code: str) -> Progress | None:
    """What the applicant of a dispute, or the reporter of an arrears report, may see of the case numbered
    `number` with query code `code` (_find)."""
    found = _find(number, code)
    if found is None:
        return None
    return Progress.of(found) if isinstance(found, DisputeCase) else report_progress(found)


def own_dispute(number: str, code: str) -> DisputeCase | None:
    """The applicant's own dispute, to add evidence to (_find); a report's case takes none from here."""
    found = _find(number, code)
    if isinstance(found, Report):
        raise ValidationFailed(
            _("网上只能为调解案件补充证据材料；投诉举报的材料请交给承办的劳动保障监察机构"), field="number"
        )
    return found
