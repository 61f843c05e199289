"""Applications and intake: a written or oral application (劳动争议调解仲裁法 第十二条) registered with its applicants,
respondent and claims under the organisation's next case number, the query code the applicant follows it
with, the centre's acceptance or refusal, and the evidence files."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import files, identity, law, numbering
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import DictionaryEntry, Enterprise, Organisation, OrganisationKind, User
from renshe.core.money import ZERO, money
from renshe.core.querycodes import new_query_code
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    find_or_name_enterprise,
    find_or_register_person,
    not_future,
    official,
)

from .. import metrics
from ..models import (
    Applicant,
    Channel,
    Claim,
    DisputeCase,
    Evidence,
)
from ..rules import may_register_application
from ..workflow import Status, target
from ._common import TRAIL, _claim_types, _event, _lock, _mediation_due, _open_routing_task, _save, _task
from .tracking import query_digest_of


@dataclass
class ApplicantInput:
    id_number: str
    name: str
    phone: str = ""
    representative: bool = False


@dataclass
class ClaimInput:
    claim_type: str
    amount: Decimal
    note: str = ""


@dataclass
class RespondentInput:
    """An enterprise from the registry (`enterprise_id`) or one named by credit code."""

    enterprise_id: int | None = None
    credit_code: str = ""
    name: str = ""
    street_id: int | None = None


def _clean_claims(claims: list[ClaimInput]) -> list[ClaimInput]:
    if not claims:
        raise ValidationFailed(_("请至少填写一项请求"), field="claims")
    known = _claim_types()
    cleaned = []
    for i, claim in enumerate(claims):
        if claim.claim_type not in known:
            raise ValidationFailed(_("第%(n)d项请求的类型无效") % {"n": i + 1}, field="claims")
        cleaned.append(ClaimInput(claim.claim_type, money(claim.amount, "claims"), claim.note.strip()[:300]))
    return cleaned


def is_collective(workers: int, common_claim: bool) -> bool:
    """劳动争议调解仲裁法 第七条: ten or more workers with a common claim."""
    return common_claim and workers >= law.COLLECTIVE_DISPUTE_MIN_WORKERS


def check_representatives(count: int, field: str) -> None:
    """A collective dispute's workers elect their representatives, as many as the rules allow
    (law.COLLECTIVE_REPRESENTATIVES_CITATION)."""
    low, high = law.collective_representatives()
    if not low <= count <= high:
        raise ValidationFailed(
            _("集体争议应推举%(low)d至%(high)d名代表人，现为%(n)d名（%(law)s）")
            % {"low": low, "high": high, "n": count, "law": law.COLLECTIVE_REPRESENTATIVES_CITATION},
            field=field,
        )


def _register(
    *,
    by: User | None,
    channel: str,
    organisation: Organisation,
    applicants: list[ApplicantInput],
    respondent: RespondentInput,
    claims: list[ClaimInput],
    facts: str,
    case_type: str,
    received_on: date,
    date_field: str,
    status: str = Status.APPLIED,
    number: str | None = None,
    common_claim: bool = False,
) -> tuple[DisputeCase, str]:
    """What every application is checked for and written as, at a mediation centre or a commission: the
    applicants, the respondent (registered, or named by credit code and street), the claims, the facts;
    then the case under `number` or the organisation's next, with its applicants and claims. Returns the
    case and its query code; the caller counts it in the statistics last (casework.LOCK_ORDER).
    `common_claim`: the claims are common to every applicant; with ten or more of them the dispute is
    collective (第七条) and names its elected representatives."""
    if not applicants:
        raise ValidationFailed(_("请至少填写一名申请人"), field="applicants")
    if len({identity.normalise(a.id_number) for a in applicants}) != len(applicants):
        raise ValidationFailed(_("申请人身份证号码重复"), field="applicants")
    collective = is_collective(len(applicants), common_claim)
    if collective:
        check_representatives(sum(a.representative for a in applicants), "applicants")
    if not DictionaryEntry.objects.filter(dictionary="case_type", code=case_type, active=True).exists():
        raise ValidationFailed(_("案件类型无效"), field="case_type")
    facts = facts.strip()
    if len(facts) < 10:
        raise ValidationFailed(_("请简要写明事实与理由（至少10个字）"), field="facts")
    claims = _clean_claims(claims)
    received_on = not_future(received_on, date_field)
    street = None
    if respondent.enterprise_id:
        enterprise = Enterprise.objects.filter(pk=respondent.enterprise_id).select_related("street").first()
        if enterprise is None:
            raise ValidationFailed(_("被申请人不存在"), field="respondent")
    else:
        streets = Organisation.objects.filter(kind=OrganisationKind.STREET)
        street = streets.filter(pk=respondent.street_id).first() if respondent.street_id else None
        if street is None:
            raise ValidationFailed(_("请选择用人单位所在街镇"), field="respondent_street")
    # casework.LOCK_ORDER: people, then the enterprise, then the counter; the people in the order of their ID
    # numbers, so that two applications by the same new workers, listed differently, insert them in the
    # same order instead of each waiting for the one the other has just inserted
    registered = {
        a.id_number: find_or_register_person(
            id_number=a.id_number,
            name=a.name,
            phone=a.phone,
            organisation=organisation,
            by=by,
            field="applicants",
        )
        for a in sorted(applicants, key=lambda a: identity.normalise(a.id_number))
    }
    people = [registered[a.id_number] for a in applicants]
    if street is not None:
        enterprise = find_or_name_enterprise(
            credit_code=respondent.credit_code, name=respondent.name, street=street, by=by
        )
    assert enterprise is not None  # the registered one, or the one just named in the street chosen
    code = new_query_code()
    number = number or take_number(organisation, received_on)
    case = DisputeCase.objects.create(
        number=number,
        query_digest=query_digest_of(number, code),
        channel=channel,
        status=status,
        case_type=case_type,
        collective=collective,
        common_claim=common_claim,
        worker_count=len(people),
        facts=facts[:5000],
        respondent=enterprise,
        street=enterprise.street,
        industry=enterprise.industry,
        received_by=organisation,
        organisation=organisation,
        mediating_organisation=organisation,  # a commission's direct application stays with the commission
        received_on=received_on,
        claimed_total=sum((c.amount for c in claims), ZERO),
        created_by=by,
    )
    Applicant.objects.bulk_create(
        Applicant(case=case, person=p, representative=a.representative)
        for p, a in zip(people, applicants, strict=True)
    )
    Claim.objects.bulk_create(
        Claim(case=case, claim_type=c.claim_type, amount=c.amount, note=c.note) for c in claims
    )
    if status == Status.APPLIED:
        verb, summary = "applied", official("收到调解申请：%(number)s", number=number)
    else:
        verb, summary = "to_arbitration", official("收到仲裁申请：%(number)s", number=number)
    _event(
        case,
        verb,
        summary,
        by,
        channel=channel,
        workers=case.worker_count,
        claimed=str(case.claimed_total),
    )
    return case, code


def take_number(organisation: Organisation, received_on: date) -> str:
    """The next case number of `organisation`: a commission's arbitration series, any other's dispute
    series. Taken before any case is locked (casework.LOCK_ORDER), so another module that hands a worker
    over takes it before it locks its own case (handover); a rollback gives it back."""
    arbitral = organisation.kind == OrganisationKind.ARBITRATION_COMMISSION
    series = "arbitration" if arbitral else "dispute"
    return numbering.next_case_number(organisation, series, year=received_on.year)


@transaction.atomic
def apply_for_mediation(
    *,
    by: User | None,
    channel: str,
    centre: Organisation,
    applicants: list[ApplicantInput],
    respondent: RespondentInput,
    claims: list[ClaimInput],
    facts: str,
    case_type: str,
    received_on: date | None = None,
    evidence: Sequence[UploadedFile] = (),
    number: str | None = None,
    common_claim: bool = False,
) -> tuple[DisputeCase, str]:
    """A written or oral application (劳动争议调解仲裁法 第十二条), at the counter, through the portal (no
    user) or from another system. Returns the case and the query code the applicant follows it with.
    `number`: one the caller took with `take_number` before locking a case of its own (handover).
    `common_claim`: the claims are common to all the applicants (第七条, see _register)."""
    if channel not in Channel.values:
        raise ValidationFailed(_("申请渠道无效"), field="channel")
    if centre.kind != OrganisationKind.MEDIATION_CENTRE:
        raise ValidationFailed(_("请选择调解中心"), field="centre")
    if by is not None and not may_register_application(by, centre):
        raise PermissionDenied(_("只能为本人数据范围内的调解中心登记申请"))
    if len(evidence) > EVIDENCE_MAX_FILES:
        raise ValidationFailed(
            _("最多上传%(max)d个文件，请合并或删减后重新选择") % {"max": EVIDENCE_MAX_FILES}, field="file"
        )
    case, code = _register(
        by=by,
        channel=channel,
        organisation=centre,
        applicants=applicants,
        respondent=respondent,
        claims=claims,
        facts=facts,
        case_type=case_type,
        received_on=received_on or timezone.localdate(),
        date_field="received_on",
        number=number,
        common_claim=common_claim,
    )
    _task(
        case,
        "dispute.intake",
        official("受理审查：%(number)s %(name)s", number=case.number, name=case.respondent.name),
        organisation=centre,
        role=Role.MEDIATOR,
        period=law.MEDIATION_INTAKE,
        starts_on=case.received_on,
    )
    # a refused file refuses the whole application: the rollback leaves nothing, as files go to storage
    # only after commit
    for upload in evidence:
        case = attach_evidence(case, by=by, upload=upload, version=case.version).case  # a new version
    case.refresh_from_db()
    metrics.count_change(None, metrics.tally(case))  # the statistics rows last: casework.LOCK_ORDER
    if case.collective:
        # 第七条: a collective dispute goes to the centre's leaders at once
        _task(
            case,
            "dispute.collective",
            official("集体劳动争议（%(n)d人）：%(name)s", n=case.worker_count, name=case.respondent.name),
            organisation=centre,
            role=Role.DEPARTMENT_ADMIN,
            starts_on=case.received_on,
            due_on=case.received_on + timedelta(days=1),
        )
    return case, code


@transaction.atomic
def accept_dispute(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    case = _lock(case, by, version, "accept")
    case.mediation_due_on = _mediation_due(case)
    _save(case)
    close_work_items(case, kind="dispute.intake")
    _event(
        case,
        "accepted",
        official("受理调解申请，调解期限至%(due)s", due=case.mediation_due_on.isoformat()),
        by,
    )
    _open_routing_task(case)
    return case


@transaction.atomic
def decline_dispute(case: DisputeCase, *, by: User, reason: str, version: int) -> DisputeCase:
    if not reason.strip():
        raise ValidationFailed(_("请写明不予受理的理由"), field="reason")
    case = _lock(case, by, version, "decline")
    case.reason, case.closed_on = reason.strip()[:300], timezone.localdate()
    _save(case)
    close_work_items(case)
    _event(case, "declined", official("不予受理：%(reason)s", reason=case.reason), by)
    return case


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


EVIDENCE_MAX_FILES = 10  # per application: enough for a contract, pay slips and chat records, no more


# what the first bytes must be for each accepted kind: the type is decided by content, not by the name
EVIDENCE_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def check_evidence(upload: UploadedFile) -> str:
    """The file's type, decided by its first bytes; refuses anything but a PDF or image of at most 10 MB."""
    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:  # a file of unknown size is not read
        raise ValidationFailed(_("文件不能超过10MB"), field="file")
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for kind, marks in EVIDENCE_SIGNATURES.items() if head.startswith(marks)), None)
    if kind is None:
        raise ValidationFailed(_("只接受PDF、PNG或JPEG文件（按文件内容判断）"), field="file")
    if kind.startswith("image/") and (refusal := files.oversized_image(upload)):
        raise ValidationFailed(refusal, field="file")
    return kind


@transaction.atomic
def attach_evidence(
    case: DisputeCase, *, by: User | None, upload: UploadedFile, version: int, name: str = ""
) -> Evidence:
    """A PDF or image (photo of a pay slip, contract, chat record), at most 10 MB, checked by its content."""
    if by is not None:
        case = _lock(case, by, version, "attach_evidence")
    kind = check_evidence(upload)
    assert upload.size is not None  # check_evidence refuses a file of unknown size
    label = (name or upload.name or "").strip()[:120] or _("证据材料")
    evidence = files.keep(
        Evidence(case=case, name=label, content_type=kind, size=upload.size, uploaded_by=by),
        upload,
        label=official("%(number)s 证据材料：%(name)s", number=case.number, name=label),
        notify=by,
        url=TRAIL.page(case),
    )
    case.save()  # a new version of the file; evidence moves none of the statistics
    _event(
        case,
        "evidence",
        official("提交证据材料：%(name)s", name=label),
        by,
        size=upload.size,
        type=kind,
        sha256=evidence.sha256,
    )
    return evidence


# Files an applicant may add to their own case from the public service, beyond those of the application: a
# worker adds a pay slip they found later; a stolen query code cannot fill the storage.
APPLICANT_EVIDENCE_MAX_FILES = 20


@transaction.atomic
def add_applicant_evidence(case: DisputeCase, *, upload: UploadedFile) -> Evidence:
    """A file the applicant adds to their own case through the public service (number and query code
    checked by the caller, portal.intake): no user and no version — the applicant has seen neither — but
    the case's row lock, the states in which evidence is taken (workflow: attach_evidence) and a cap on the
    files given this way (APPLICANT_EVIDENCE_MAX_FILES); recorded on the timeline by attach_evidence."""
    case = DisputeCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    target(case.status, "attach_evidence")  # refuses a closed case with its state
    if case.evidence.filter(uploaded_by=None).count() >= APPLICANT_EVIDENCE_MAX_FILES:
        raise ValidationFailed(
            _("本案在网上提交的证据材料已达%(max)d个，其他材料请交给承办机构")
            % {"max": APPLICANT_EVIDENCE_MAX_FILES},
            field="file",
        )
    case.version += 1  # a case page open on the old version learns of the new file (409 on its next write)
    return attach_evidence(case, by=None, upload=upload, version=case.version)
