"""Intake: a complaint (投诉) or report (举报) registered, the case accepted and filed (若干规定 第十八条) or a
report refused, and the inspectors assigned (劳动保障监察条例 第十六条)."""

from django.utils.translation import gettext as _
from ninja import Status as Reply

from renshe.core.api import ErrorOut, Part, VersionIn, named_organisation

from .. import services
from ..models import Report
from .case import cases, inspectors, worker_input
from .schemas import AcceptIn, InspectionReasonIn, InspectorsIn, RegisteredOut, ReporterOut, ReportIn


@cases.post(
    "",
    "Register a complaint (投诉) or report (举报), e.g. a 12345 hotline hand-off",
    response={201: RegisteredOut, 403: ErrorOut, 422: ErrorOut},
    description=(
        "A report about an employer against which the brigade has an open case joins that case (status "
        "`linked`); otherwise a new case is registered (status `pending`). The employer must be in the "
        "register (`enterprise_id`) or named by its credit code; a bare name is refused."
    ),
)
def register(request, payload: ReportIn):
    brigade = named_organisation(
        payload.brigade or request.user.organisation_id, _("请选择劳动保障监察机构"), "brigade"
    )
    report = services.register_report(
        by=request.user,
        brigade=brigade,
        kind=payload.kind,
        channel=payload.channel,
        respondent=services.RespondentInput(**payload.respondent.dict()),
        content=payload.content,
        received_on=payload.received_on,
        violation_ended_on=payload.violation_ended_on,
        reporter=services.WorkerInput(**payload.reporter.dict()) if payload.reporter else None,
        anonymous=payload.anonymous,
        reporter_contact=payload.reporter_contact,
        workers=[worker_input(request, w) for w in payload.workers],
        external_reference=payload.external_reference,
    )
    case = report.case
    return Reply(
        201,
        RegisteredOut(
            id=report.pk,
            status=report.status,
            case_id=case.pk,
            case_number=case.number,
            case_status=case.status,
            version=case.version,
            refusal_reason=report.refusal_reason,
        ),
    )


cases.transition(
    "accept", "/{int:pk}/accept", AcceptIn, services.accept_case, "受理 and 立案 (若干规定 第十八条)"
)
cases.transition(
    "refuse_report",
    "/{int:pk}/reports/{int:report_id}/refuse",
    InspectionReasonIn,
    services.refuse_report,
    "不予受理 one report, with a reason (the prefilled two-year reason if none)",
    part=Part(Report),
)


@cases.post(
    "/{int:pk}/reports/{int:report_id}/reporter",
    "The reporter's full identity and contact, for the case's own inspectors (logged; 条例 第九条)",
    response={200: ReporterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def reveal_reporter(request, pk: int, report_id: int):
    report = Part(Report).of(cases.case(request, pk), report_id)
    return services.reveal_reporter(report, by=request.user)


cases.transition(
    "assign",
    "/{int:pk}/inspectors",
    InspectorsIn,
    services.assign_inspectors,
    "Assign two inspectors or more (第十六条)",
    resolve={"inspectors": inspectors},
)


cases.transition(
    "reopen_tracking",
    "/{int:pk}/reopen-tracking",
    VersionIn,
    services.reopen_tracking,
    "Reopen the case's public tracking, locked after too many wrong query codes",
)
