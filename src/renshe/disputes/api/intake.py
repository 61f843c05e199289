"""Intake: an application for mediation (劳动争议调解仲裁法 第十二条), its evidence, accepting or declining it."""

from django.utils.translation import gettext as _
from ninja import File, Form, UploadedFile
from ninja import Status as Reply

from renshe.core.api import ERRORS, ErrorOut, VersionIn, act, named_organisation

from .. import services
from ..models import Channel
from .case import cases
from .schemas import ApplicationIn, ApplicationOut, EvidenceOut, ReasonIn, RepresentativesIn


@cases.post(
    "",
    "Apply for mediation on behalf of workers (劳动争议调解仲裁法 第十二条)",
    response={201: ApplicationOut, 403: ErrorOut, 422: ErrorOut},
)
def apply(request, payload: ApplicationIn):
    centre = named_organisation(
        payload.centre_id or request.user.organisation_id, _("请选择调解中心"), "centre_id"
    )
    case, code = services.apply_for_mediation(
        by=request.user,
        channel=Channel.API,
        centre=centre,
        applicants=[services.ApplicantInput(**a.dict()) for a in payload.applicants],
        respondent=services.RespondentInput(**payload.respondent.dict()),
        claims=[services.ClaimInput(**c.dict()) for c in payload.claims],
        facts=payload.facts,
        case_type=payload.case_type,
        received_on=payload.received_on,
        common_claim=payload.common_claim,
    )
    return Reply(
        201,
        ApplicationOut(
            id=case.pk, number=case.number, query_code=code, status=case.status, version=case.version
        ),
    )


@cases.post(
    "/{int:pk}/evidence", "Attach a PDF, PNG or JPEG (≤ 10 MB)", response={201: EvidenceOut, **ERRORS}
)
def attach_evidence(request, pk: int, file: File[UploadedFile], version: Form[int], name: Form[str] = ""):
    scope = cases.scope(request.user)
    evidence = act(
        scope, pk, version, services.attach_evidence, by=request.user, upload=file, name=name[:120]
    )
    return Reply(201, evidence)


cases.transition("accept", "/{int:pk}/accept", VersionIn, services.accept_dispute, "Accept the application")
cases.transition(
    "decline",
    "/{int:pk}/decline",
    ReasonIn,
    services.decline_dispute,
    "Decline the application, with a reason",
)
cases.transition(
    "reopen_tracking",
    "/{int:pk}/reopen-tracking",
    VersionIn,
    services.reopen_tracking,
    "Reopen the case's public tracking, locked after too many wrong query codes",
)
cases.transition(
    "change_representatives",
    "/{int:pk}/representatives",
    RepresentativesIn,
    services.change_representatives,
    "The representatives a collective dispute's workers have elected (第七条), among its applicants",
)
