"""Writes for labour disputes: one function per transition. Each checks who may act, validates, locks the
case (optimistic `version`, row lock), moves it along workflow.TRANSITIONS, records a timeline event and
keeps the workbench tasks in step, all in one transaction."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from renshe.core import casework, files, law
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import DictionaryEntry, Enterprise, Organisation, OrganisationKind, User, WorkItem
from renshe.core.money import CENT, MAX_AMOUNT, ZERO, MoneySum, money
from renshe.core.numbering import next_case_number
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    find_or_name_enterprise,
    find_or_register_person,
    not_future,
    official,
    open_work_item,
)
from renshe.core.subjects import subject_of
from renshe.core.timeline import record_event
from renshe.core.workdays import compute_deadline

from . import metrics, workflow
from .models import (
    AgreementItem,
    Applicant,
    ArbitrationCase,
    AwardItem,
    Channel,
    Claim,
    DisputeCase,
    Evidence,
    Hearing,
    Litigation,
    MediationAgreement,
    MediationSession,
    Outcome,
    Payment,
    Referral,
    ReferralStatus,
    ReviewPath,
    Suspension,
)
from .rules import RULES, may_register_application, may_register_arbitration
from .workflow import Status

MEDIATING_ORGANISATIONS = {
    OrganisationKind.MEDIATION_CENTRE,
    OrganisationKind.MEDIATION_STUDIO,
    OrganisationKind.VILLAGE,
    OrganisationKind.ENTERPRISE_COMMITTEE,
    OrganisationKind.STREET,
}


# --- input ---------------------------------------------------------------------------------------


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


@dataclass
class ItemInput:
    claim_type: str
    description: str
    amount: Decimal
    due_on: date


def _claim_types() -> set[str]:
    return set(
        DictionaryEntry.objects.filter(dictionary="claim_type", active=True).values_list("code", flat=True)
    )


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


# --- permission and locking ------------------------------------------------------------------------


def _lock(case: DisputeCase, by: User, version: int, action: str) -> DisputeCase:
    """Re-read the case under a row lock, refuse a stale `version` (409) and an actor the rules do not
    allow (403), and check that `action` is allowed from its state. Returns the locked case with its target
    status set."""
    current = casework.lock_for(
        DisputeCase.objects.select_related("organisation", "received_by"),
        case.pk,
        version,
    )
    RULES.check(by, action, current)
    current.status = workflow.target(current.status, action)
    current.version += 1
    current.counted = metrics.tally(current)
    return current


def _save(case: DisputeCase) -> None:
    """Save a case read by _lock, and move its share of the statistics (metrics.MonthlyFigures) with it."""
    case.save()
    now = metrics.tally(case)
    metrics.count_change(case.counted, now)
    case.counted = now


def _event(case: DisputeCase, verb: str, summary: str, by: User | None, **changes) -> None:
    record_event(
        case,
        f"dispute.{verb}",
        summary,
        actor=by,
        actor_label="" if by else "申请人（网上）",
        enterprise=case.respondent,
        organisation=case.organisation,
        changes=changes,
    )


def _query_digest(number: str, code: str) -> str:
    return salted_hmac("renshe.dispute.query", f"{number}:{code}", algorithm="sha256").hexdigest()


def _mediation_due(case: DisputeCase) -> date:
    extra = case.extension_days + case.suspended_days
    return compute_deadline(law.MEDIATION_PERIOD, case.received_on, extra_days=extra).due


def _reschedule_mediation_tasks(case: DisputeCase) -> None:
    """Keep open mediation tasks on the case's current due date (after an extension or a suspension)."""
    from renshe.core.services import due_soon_date

    for item in WorkItem.objects.filter(**subject_of(case), kind="dispute.mediate", status="open"):
        item.due_on = case.mediation_due_on
        item.due_soon_on = due_soon_date(item.starts_on, item.due_on)
        item.save(update_fields=["due_on", "due_soon_on"])


def _url(case: DisputeCase) -> str:
    return f"/disputes/{case.pk}/"


def _open_routing_task(case: DisputeCase) -> None:
    """The centre decides, within a day, who mediates: itself, its studio or an "X" organisation."""
    open_work_item(
        case,
        kind="dispute.route",
        organisation=case.received_by,
        role=Role.MEDIATOR,
        starts_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=1),
        url=_url(case),
        title=official("分派案件：%(number)s", number=case.number),
    )


# --- application and intake -------------------------------------------------------------------------


def _register(
    *,
    by: User | None,
    channel: str,
    organisation: Organisation,
    series: str,
    applicants: list[ApplicantInput],
    respondent: RespondentInput,
    claims: list[ClaimInput],
    facts: str,
    case_type: str,
    received_on: date,
    date_field: str,
    status: str = Status.APPLIED,
) -> tuple[DisputeCase, str]:
    """What every application is checked for and written as, at a mediation centre or a commission: the
    applicants, the respondent (registered, or named by credit code and street), the claims, the facts;
    then the case under the organisation's next number, its share of the statistics, its applicants and
    claims. Returns the case and its query code."""
    if not applicants:
        raise ValidationFailed(_("请至少填写一名申请人"), field="applicants")
    if len({a.id_number.strip().upper() for a in applicants}) != len(applicants):
        raise ValidationFailed(_("申请人身份证号码重复"), field="applicants")
    if not DictionaryEntry.objects.filter(dictionary="case_type", code=case_type, active=True).exists():
        raise ValidationFailed(_("案件类型无效"), field="case_type")
    facts = facts.strip()
    if len(facts) < 10:
        raise ValidationFailed(_("请简要写明事实与理由（至少10个字）"), field="facts")
    claims = _clean_claims(claims)
    received_on = not_future(received_on, date_field)
    if respondent.enterprise_id:
        enterprise = Enterprise.objects.filter(pk=respondent.enterprise_id).select_related("street").first()
        if enterprise is None:
            raise ValidationFailed(_("被申请人不存在"), field="respondent")
    else:
        street = Organisation.objects.filter(pk=respondent.street_id, kind=OrganisationKind.STREET).first()
        if street is None:
            raise ValidationFailed(_("请选择用人单位所在街镇"), field="respondent_street")
        enterprise = find_or_name_enterprise(
            credit_code=respondent.credit_code, name=respondent.name, street=street, by=by
        )
    people = [
        find_or_register_person(
            id_number=a.id_number,
            name=a.name,
            phone=a.phone,
            organisation=organisation,
            by=by,
            field="applicants",
        )
        for a in applicants
    ]
    code = f"{secrets.randbelow(10**6):06d}"
    number = next_case_number(organisation, series, year=received_on.year)
    case = DisputeCase.objects.create(
        number=number,
        query_digest=_query_digest(number, code),
        channel=channel,
        status=status,
        case_type=case_type,
        collective=len(people) >= law.COLLECTIVE_DISPUTE_MIN_WORKERS,
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
    metrics.count_change(None, metrics.tally(case))
    Applicant.objects.bulk_create(
        Applicant(case=case, person=p, representative=a.representative)
        for p, a in zip(people, applicants, strict=True)
    )
    Claim.objects.bulk_create(
        Claim(case=case, claim_type=c.claim_type, amount=c.amount, note=c.note) for c in claims
    )
    return case, code


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
    evidence: list = (),
) -> tuple[DisputeCase, str]:
    """A written or oral application (劳动争议调解仲裁法 第十二条), at the counter, through the portal (no
    user) or from another system. Returns the case and the query code the applicant follows it with."""
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
        series="dispute",
        applicants=applicants,
        respondent=respondent,
        claims=claims,
        facts=facts,
        case_type=case_type,
        received_on=received_on or timezone.localdate(),
        date_field="received_on",
    )
    _event(
        case,
        "applied",
        official("收到调解申请：%(number)s", number=case.number),
        by,
        channel=channel,
        workers=case.worker_count,
        claimed=str(case.claimed_total),
    )
    open_work_item(
        case,
        kind="dispute.intake",
        organisation=centre,
        role=Role.MEDIATOR,
        period=law.MEDIATION_INTAKE,
        starts_on=case.received_on,
        url=_url(case),
        title=official("受理审查：%(number)s %(name)s", number=case.number, name=case.respondent.name),
    )
    # a refused file refuses the whole application: the rollback leaves nothing, as files go to storage
    # only after commit
    for upload in evidence:
        case = attach_evidence(case, by=by, upload=upload, version=case.version).case  # a new version
    case.refresh_from_db()
    if case.collective:
        # 第七条: a collective dispute goes to the centre's leaders at once
        open_work_item(
            case,
            kind="dispute.collective",
            organisation=centre,
            role=Role.DEPARTMENT_ADMIN,
            starts_on=case.received_on,
            due_on=case.received_on + timedelta(days=1),
            url=_url(case),
            title=official(
                "集体劳动争议（%(n)d人）：%(name)s", n=case.worker_count, name=case.respondent.name
            ),
        )
    return case, code


def find_by_query_code(number: str, code: str) -> DisputeCase | None:
    """The portal's lookup: a case number and its query code, compared in constant time via the digest."""
    case = DisputeCase.objects.filter(number=number.strip()).first()
    if case is None:
        return None
    return (
        case if secrets.compare_digest(case.query_digest, _query_digest(case.number, code.strip())) else None
    )


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


@transaction.atomic
def refer_dispute(case: DisputeCase, *, by: User, to: Organisation, version: int) -> DisputeCase:
    """The centre hands the case to its studio or an "X" organisation under it."""
    case = _lock(case, by, version, "refer")
    if (
        to.kind not in MEDIATING_ORGANISATIONS
        or not to.is_within(case.received_by)
        or to.pk == case.received_by_id
    ):
        raise ValidationFailed(_("只能转派给本中心下属的调解组织"), field="to")
    Referral.objects.create(case=case, from_organisation=case.received_by, to_organisation=to, referred_by=by)
    case.organisation = case.mediating_organisation = to
    _save(case)
    close_work_items(case, kind="dispute.route")
    _event(case, "referred", official("转派至%(org)s", org=to.name), by, to=to.name)
    open_work_item(
        case,
        kind="dispute.take_up",
        organisation=to,
        role=Role.MEDIATOR,
        starts_on=timezone.localdate(),
        due_on=case.mediation_due_on,
        url=_url(case),
        title=official("接收转派案件：%(number)s", number=case.number),
    )
    return case


@transaction.atomic
def revoke_referral(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """Only the sender, and only before the receiving organisation has taken the case up."""
    case = _lock(case, by, version, "revoke_referral")
    referral = case.referrals.get(status=ReferralStatus.PENDING)
    referral.status, referral.resolved_at = ReferralStatus.REVOKED, timezone.now()
    referral.save()
    close_work_items(case, kind="dispute.take_up")
    case.organisation = case.mediating_organisation = case.received_by
    _save(case)
    _event(
        case,
        "referral_revoked",
        official("撤回转派（原转派至%(org)s）", org=referral.to_organisation.name),
        by,
    )
    _open_routing_task(case)
    return case


@transaction.atomic
def take_up_dispute(case: DisputeCase, *, by: User, mediators: list[User], version: int) -> DisputeCase:
    """The receiving organisation takes the case and names its mediators; the statutory clock has been
    running since the application was received."""
    case = _lock(case, by, version, "take_up")
    if not mediators:
        raise ValidationFailed(_("请指定至少一名调解员"), field="mediators")
    for mediator in mediators:
        if (
            mediator.role != Role.MEDIATOR
            or mediator.organisation_id != case.organisation_id
            or not mediator.is_active
        ):
            raise ValidationFailed(
                _("调解员须为承办机构的调解员：%(name)s") % {"name": mediator}, field="mediators"
            )
    case.referrals.filter(status=ReferralStatus.PENDING).update(
        status=ReferralStatus.TAKEN, resolved_at=timezone.now()
    )
    case.mediated = True
    _save(case)
    case.mediators.set(mediators)
    close_work_items(case, kind="dispute.take_up")
    close_work_items(case, kind="dispute.route")
    names = "、".join(str(m) for m in mediators)
    _event(
        case,
        "taken_up",
        official("%(org)s接收案件，调解员：%(names)s", org=case.organisation.name, names=names),
        by,
    )
    for mediator in mediators:
        open_work_item(
            case,
            kind="dispute.mediate",
            organisation=case.organisation,
            assignee=mediator,
            starts_on=case.received_on,
            due_on=case.mediation_due_on,
            url=_url(case),
            title=official("调解：%(number)s", number=case.number),
        )
    WorkItem.objects.filter(**subject_of(case), kind="dispute.mediate").update(
        period_citation=official(law.MEDIATION_PERIOD.citation)
    )
    return case


# --- evidence -------------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10  # per application: enough for a contract, pay slips and chat records, no more
# what the first bytes must be for each accepted kind: the type is decided by content, not by the name
EVIDENCE_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def check_evidence(upload) -> str:
    """The file's type, decided by its first bytes; refuses anything but a PDF or image of at most 10 MB."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationFailed(_("文件不能超过10MB"), field="file")
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for kind, marks in EVIDENCE_SIGNATURES.items() if head.startswith(marks)), None)
    if kind is None:
        raise ValidationFailed(_("只接受PDF、PNG或JPEG文件（按文件内容判断）"), field="file")
    return kind


@transaction.atomic
def attach_evidence(case: DisputeCase, *, by: User | None, upload, version: int, name: str = "") -> Evidence:
    """A PDF or image (photo of a pay slip, contract, chat record), at most 10 MB, checked by its content."""
    if by is not None:
        case = _lock(case, by, version, "attach_evidence")
    kind = check_evidence(upload)
    label = (name or upload.name or "").strip()[:120] or _("证据材料")
    evidence = files.keep(
        Evidence(case=case, name=label, content_type=kind, size=upload.size, uploaded_by=by),
        upload,
        upload.name or "evidence",
        label=official("%(number)s 证据材料：%(name)s", number=case.number, name=label),
        notify=by,
        url=_url(case),
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


# --- mediation ------------------------------------------------------------------------------------


@transaction.atomic
def record_session(
    case: DisputeCase,
    *,
    by: User,
    held_at: datetime,
    place: str,
    attendees: str,
    minutes: str,
    version: int,
) -> MediationSession:
    case = _lock(case, by, version, "record_session")
    if held_at > timezone.now():
        raise ValidationFailed(_("调解时间不能晚于现在"), field="held_at")
    if held_at.date() < case.received_on:
        raise ValidationFailed(_("调解时间不能早于收到申请日"), field="held_at")
    if not minutes.strip():
        raise ValidationFailed(_("请填写调解笔录"), field="minutes")
    _save(case)
    session = MediationSession.objects.create(
        case=case,
        held_at=held_at,
        place=place.strip()[:120],
        attendees=attendees.strip()[:300],
        minutes=minutes.strip(),
        recorded_by=by,
    )
    _event(
        case,
        "session",
        official("调解记录：%(at)s %(place)s", at=f"{held_at:%Y-%m-%d %H:%M}", place=session.place),
        by,
    )
    return session


@transaction.atomic
def extend_mediation(case: DisputeCase, *, by: User, days: int, note: str, version: int) -> DisputeCase:
    """The parties agree to go on past the 15 days; recorded, and the due date moves."""
    if not 1 <= days <= 60:
        raise ValidationFailed(_("延长天数应在1至60天之间"), field="days")
    if not note.strip():
        raise ValidationFailed(_("请写明双方同意延长的情况"), field="note")
    case = _lock(case, by, version, "extend")
    case.extension_days += days
    case.mediation_due_on = _mediation_due(case)
    _save(case)
    _reschedule_mediation_tasks(case)
    _event(
        case,
        "extended",
        official("双方同意延长调解%(days)d日：%(note)s", days=days, note=note.strip()[:200]),
        by,
        due=case.mediation_due_on.isoformat(),
    )
    return case


@transaction.atomic
def suspend_mediation(
    case: DisputeCase, *, by: User, reason: str, on: date | None = None, version: int
) -> DisputeCase:
    if not reason.strip():
        raise ValidationFailed(_("请写明中止原因"), field="reason")
    case = _lock(case, by, version, "suspend")
    case.suspended_on = not_future(on or timezone.localdate(), "on")
    _save(case)
    Suspension.objects.create(case=case, started_on=case.suspended_on, reason=reason.strip()[:300])
    _event(case, "suspended", official("调解中止：%(reason)s", reason=reason.strip()[:200]), by)
    return case


@transaction.atomic
def resume_mediation(case: DisputeCase, *, by: User, on: date | None = None, version: int) -> DisputeCase:
    """The clock starts again; the days it stood still are added to the period."""
    case = _lock(case, by, version, "resume")
    on = not_future(on or timezone.localdate(), "on")
    if on < case.suspended_on:
        raise ValidationFailed(_("恢复日不能早于中止日"), field="on")
    stopped = (on - case.suspended_on).days
    case.suspended_days += stopped
    case.suspended_on = None
    case.mediation_due_on = _mediation_due(case)
    _save(case)
    case.suspensions.filter(ended_on__isnull=True).update(ended_on=on)
    _reschedule_mediation_tasks(case)
    _event(
        case,
        "resumed",
        official(
            "恢复调解，中止%(days)d日，调解期限至%(due)s", days=stopped, due=case.mediation_due_on.isoformat()
        ),
        by,
    )
    return case


@transaction.atomic
def settle_dispute(
    case: DisputeCase,
    *,
    by: User,
    signed_on: date,
    terms: str,
    items: list[ItemInput],
    version: int,
) -> MediationAgreement:
    """The agreement (第十四条): items of what is paid, how much, by when; performance is then tracked."""
    case = _lock(case, by, version, "settle")
    signed_on = not_future(signed_on, "signed_on")
    if signed_on < case.received_on:
        raise ValidationFailed(_("签订日期不能早于收到申请日"), field="signed_on")
    if not items:
        raise ValidationFailed(_("请至少填写一项履行事项"), field="items")
    known = _claim_types()
    for i, item in enumerate(items):
        if item.claim_type not in known:
            raise ValidationFailed(_("第%(n)d项履行事项的类型无效") % {"n": i + 1}, field="items")
        if item.due_on < signed_on:
            raise ValidationFailed(_("第%(n)d项的履行期限早于签订日期") % {"n": i + 1}, field="items")
        item.amount = money(item.amount, "items")
    agreement = MediationAgreement.objects.create(case=case, signed_on=signed_on, terms=terms.strip()[:5000])
    AgreementItem.objects.bulk_create(
        AgreementItem(
            agreement=agreement,
            claim_type=i.claim_type,
            description=i.description.strip()[:200],
            amount=i.amount,
            due_on=i.due_on,
        )
        for i in items
    )
    case.agreed_total = sum((i.amount for i in items), ZERO)
    case.outcome, case.outcome_on = Outcome.SETTLED, signed_on
    _save(case)
    close_work_items(case, kind="dispute.mediate")
    _event(
        case, "settled", official("达成调解协议，协议金额%(total)s元", total=f"{case.agreed_total:,.2f}"), by
    )
    last_due = max(i.due_on for i in items)
    open_work_item(
        case,
        kind="dispute.performance",
        organisation=case.organisation,
        role=Role.MEDIATOR,
        starts_on=signed_on,
        due_on=last_due,
        url=_url(case),
        title=official("跟踪协议履行：%(number)s", number=case.number),
    )
    open_work_item(
        case,
        kind="dispute.review_reminder",
        organisation=case.organisation,
        role=Role.MEDIATOR,
        period=law.MEDIATION_REVIEW_APPLICATION,
        starts_on=signed_on,
        url=_url(case),
        title=official("提示当事人申请仲裁审查：%(number)s", number=case.number),
    )
    return agreement


@transaction.atomic
def record_payment(item: AgreementItem, *, by: User, amount, paid_on: date, version: int) -> Payment:
    """Money paid on one agreement item; the case closes when every item is paid in full. `version` is the
    case's."""
    case = _lock(item.agreement.case, by, version, "record_payment")
    item = AgreementItem.objects.select_for_update().get(pk=item.pk)
    amount = money(amount, "amount")
    not_future(paid_on, "paid_on")
    if amount > item.outstanding:
        raise ValidationFailed(
            _("支付金额%(amount)s元超过该项未付金额%(left)s元")
            % {"amount": amount, "left": item.outstanding},
            field="amount",
        )
    return _pay(
        case,
        item,
        by,
        amount,
        paid_on,
        official("履行：%(what)s %(amount)s元", what=item.description, amount=f"{amount:,.2f}"),
    )


@transaction.atomic
def record_ledger_payment(
    case: DisputeCase, *, by: User, amount: Decimal, paid_on: date, ledger: str, version: int
) -> list[Payment]:
    """Money the worker received as another module records it — an inspection case's wage ledger, where
    the inspectors keep every payment by source — applied to this agreement's items in due order, so the
    agreement shows it performed. The calling service has checked that `by` may write that ledger; here
    the rules say who may apply a ledger payment at all, and `ledger` names it on this case's timeline.
    What exceeds the agreement's outstanding amount (paid before it was signed, or recorded here already)
    is not applied twice."""
    if case.status != Status.SETTLED:  # performed in full already, or gone on to review: nothing to apply
        return []
    case = _lock(case, by, version, "ledger_payment")
    payments = []
    left = amount
    for item in (
        AgreementItem.objects.select_for_update().filter(agreement__case=case).order_by("due_on", "id")
    ):
        share = min(left, item.outstanding)
        if share > 0:
            summary = official(
                "履行（%(ledger)s记录）：%(what)s %(amount)s元",
                ledger=ledger,
                what=item.description,
                amount=f"{share:,.2f}",
            )
            payments.append(_pay(case, item, by, share, paid_on, summary))
            left -= share
    return payments


def _pay(
    case: DisputeCase, item: AgreementItem, by: User, amount: Decimal, paid_on: date, summary: str
) -> Payment:
    payment = Payment.objects.create(item=item, amount=amount, paid_on=paid_on, recorded_by=by)
    AgreementItem.objects.filter(pk=item.pk).update(paid_amount=F("paid_amount") + amount)
    case.paid_total = AgreementItem.objects.filter(agreement__case=case).aggregate(s=MoneySum("paid_amount"))[
        "s"
    ]
    fully_paid = case.paid_total >= case.agreed_total
    if fully_paid:
        case.status = workflow.target(Status.SETTLED, "perform")
        case.closed_on = paid_on
        close_work_items(case)
    _save(case)
    _event(case, "payment", summary, by, paid_total=str(case.paid_total))
    if fully_paid:
        _event(case, "performed", official("调解协议已全部履行，结案"), by)
    return payment


@transaction.atomic
def choose_review_path(
    case: DisputeCase, *, by: User, path: str, applied_on: date, court: str = "", version: int
) -> DisputeCase:
    """For wage, injury-cost and compensation items left unpaid (第十六条): a payment order from the court,
    or the parties' joint application for arbitral review (办案规则 第七十四条)."""
    if path not in (ReviewPath.PAYMENT_ORDER, ReviewPath.ARBITRATION_REVIEW):
        raise ValidationFailed(_("请选择后续途径"), field="path")
    case = _lock(case, by, version, path)
    not_future(applied_on, "applied_on")
    agreement = case.agreement
    agreement.review_path, agreement.review_applied_on = path, applied_on
    agreement.save()
    if path == ReviewPath.PAYMENT_ORDER:
        if not court.strip():
            raise ValidationFailed(_("请填写受理支付令申请的法院"), field="court")
        Litigation.objects.create(
            case=case, filed_by="worker", filed_on=applied_on, court=court.strip()[:100]
        )
    _save(case)
    close_work_items(case, kind="dispute.review_reminder")
    _event(case, "review_path", official("后续途径：%(path)s", path=ReviewPath(path).label), by)
    return case


@transaction.atomic
def fail_mediation(case: DisputeCase, *, by: User, reason: str, version: int) -> DisputeCase:
    if not reason.strip():
        raise ValidationFailed(_("请写明调解不成的原因"), field="reason")
    case = _lock(case, by, version, "fail")
    case.reason, case.outcome, case.outcome_on = reason.strip()[:300], Outcome.FAILED, timezone.localdate()
    _save(case)
    close_work_items(case)
    _event(case, "failed", official("调解不成：%(reason)s", reason=case.reason), by)
    return case


@transaction.atomic
def declare_default(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """An agreement item is past due and unpaid: the worker may arbitrate (第十五条)."""
    case = _lock(case, by, version, "default")
    today = timezone.localdate()
    overdue = AgreementItem.objects.filter(
        agreement__case=case, due_on__lt=today, paid_amount__lt=F("amount")
    )
    if not overdue.exists():
        raise ValidationFailed(_("没有已到期未履行的事项"), field="status")
    case.reason = official("调解协议未履行")
    _save(case)
    close_work_items(case)
    _event(case, "defaulted", official("调解协议到期未履行，可申请仲裁"), by)
    return case


@transaction.atomic
def withdraw_dispute(case: DisputeCase, *, by: User, reason: str, version: int) -> DisputeCase:
    case = _lock(case, by, version, "withdraw")
    case.reason, case.outcome_on, case.closed_on = (
        reason.strip()[:300],
        timezone.localdate(),
        timezone.localdate(),
    )
    _save(case)
    close_work_items(case)
    _event(case, "withdrawn", official("申请人撤回申请"), by, reason=case.reason)
    return case


# --- arbitration and court -----------------------------------------------------------------------------


@transaction.atomic
def refer_to_arbitration(
    case: DisputeCase, *, by: User, commission: Organisation, applied_on: date, version: int
) -> ArbitrationCase:
    """A failed mediation, or one past its period (第十四条), goes to arbitration with its whole file."""
    current = DisputeCase.objects.get(pk=case.pk)
    overdue = (
        current.status == Status.MEDIATING
        and current.mediation_due_on
        and current.mediation_due_on < timezone.localdate()
    )
    if overdue:  # past the period a party may arbitrate without waiting for a formal failure
        current = fail_mediation(current, by=by, reason=official("调解期限届满未达成协议"), version=version)
        version = current.version
    case = _lock(current, by, version, "to_arbitration")
    if commission.kind != OrganisationKind.ARBITRATION_COMMISSION:
        raise ValidationFailed(_("请选择仲裁委员会"), field="commission")
    applied_on = not_future(applied_on, "applied_on")
    acceptance_due = compute_deadline(law.ARBITRATION_ACCEPTANCE, applied_on).due
    arbitration = ArbitrationCase.objects.create(
        case=case,
        commission=commission,
        applied_on=applied_on,
        acceptance_due_on=acceptance_due,
        number=next_case_number(commission, "arbitration", year=applied_on.year),
    )
    case.organisation = commission
    _save(case)
    _event(
        case,
        "to_arbitration",
        official("申请仲裁，移送%(org)s，仲裁案号%(number)s", org=commission.name, number=arbitration.number),
        by,
    )
    open_work_item(
        case,
        kind="arbitration.accept",
        organisation=commission,
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_ACCEPTANCE,
        starts_on=applied_on,
        url=_url(case),
        title=official("仲裁受理审查：%(number)s", number=arbitration.number),
    )
    return arbitration


@transaction.atomic
def apply_for_arbitration(
    *,
    by: User,
    commission: Organisation,
    applicants: list[ApplicantInput],
    respondent: RespondentInput,
    claims: list[ClaimInput],
    facts: str,
    case_type: str,
    applied_on: date,
    channel: str = Channel.COUNTER,
) -> tuple[DisputeCase, str]:
    """A direct application to the commission, without mediation first (第五条: mediation is optional
    before arbitration), registered by the commission's staff, e.g. from a labour-inspection file. The
    case starts at the arbitration stage; acceptance follows within the period of 第二十九条."""
    if not may_register_arbitration(by, commission):
        raise PermissionDenied(_("只能由仲裁委员会工作人员登记仲裁申请"))
    if commission.kind != OrganisationKind.ARBITRATION_COMMISSION:
        raise ValidationFailed(_("请选择仲裁委员会"), field="commission")
    case, code = _register(
        by=by,
        channel=channel,
        organisation=commission,
        series="arbitration",
        applicants=applicants,
        respondent=respondent,
        claims=claims,
        facts=facts,
        case_type=case_type,
        received_on=applied_on,
        date_field="applied_on",
        status=Status.ARBITRATION,
    )
    arbitration = ArbitrationCase.objects.create(
        case=case,
        commission=commission,
        applied_on=case.received_on,
        acceptance_due_on=compute_deadline(law.ARBITRATION_ACCEPTANCE, case.received_on).due,
        number=case.number,
    )
    _event(
        case,
        "to_arbitration",
        official("收到仲裁申请：%(number)s", number=arbitration.number),
        by,
        channel=channel,
        workers=case.worker_count,
        claimed=str(case.claimed_total),
    )
    open_work_item(
        case,
        kind="arbitration.accept",
        organisation=commission,
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_ACCEPTANCE,
        starts_on=case.received_on,
        url=_url(case),
        title=official("仲裁受理审查：%(number)s", number=arbitration.number),
    )
    return case, code


def _arbitration(
    case: DisputeCase, by: User, action: str, version: int
) -> tuple[DisputeCase, ArbitrationCase]:
    case = _lock(case, by, version, action)
    return case, ArbitrationCase.objects.select_for_update().get(case=case)


@transaction.atomic
def accept_arbitration(case: DisputeCase, *, by: User, accepted_on: date, version: int) -> ArbitrationCase:
    case, arbitration = _arbitration(case, by, "accept_arbitration", version)
    if arbitration.accepted_on:
        raise ValidationFailed(_("该仲裁案件已受理"), field="accepted_on")
    accepted_on = not_future(accepted_on, "accepted_on")
    if accepted_on < arbitration.applied_on:
        raise ValidationFailed(_("受理日不能早于申请日"), field="accepted_on")
    arbitration.accepted_on = accepted_on
    arbitration.award_due_on = compute_deadline(law.ARBITRATION_AWARD, accepted_on).due
    arbitration.save()
    _save(case)
    close_work_items(case, kind="arbitration.accept")
    _event(
        case,
        "arbitration_accepted",
        official("仲裁委受理，审理期限至%(due)s", due=arbitration.award_due_on.isoformat()),
        by,
    )
    open_work_item(
        case,
        kind="arbitration.award",
        organisation=case.organisation,
        role=Role.ARBITRATOR,
        period=law.ARBITRATION_AWARD,
        starts_on=accepted_on,
        url=_url(case),
        title=official("仲裁审理：%(number)s", number=arbitration.number),
    )
    return arbitration


@transaction.atomic
def schedule_hearing(
    case: DisputeCase, *, by: User, scheduled_at: datetime, place: str, notified_on: date, version: int
) -> Hearing:
    case, arbitration = _arbitration(case, by, "schedule_hearing", version)
    if not arbitration.accepted_on:
        raise ValidationFailed(_("仲裁案件尚未受理"), field="scheduled_at")
    notice_days = law.ARBITRATION_HEARING_NOTICE.effective_days
    if (scheduled_at.date() - notified_on).days < notice_days:
        raise ValidationFailed(
            _("开庭通知应在开庭%(days)d日前送达（%(law)s）")
            % {"days": notice_days, "law": law.ARBITRATION_HEARING_NOTICE.citation},
            field="scheduled_at",
        )
    _save(case)
    hearing = Hearing.objects.create(
        arbitration=arbitration, scheduled_at=scheduled_at, place=place.strip()[:120], notified_on=notified_on
    )
    _event(
        case,
        "hearing",
        official("安排开庭：%(at)s %(place)s", at=f"{scheduled_at:%Y-%m-%d %H:%M}", place=hearing.place),
        by,
    )
    return hearing


@transaction.atomic
def extend_arbitration(case: DisputeCase, *, by: User, version: int) -> ArbitrationCase:
    """Once, by at most 15 days, with the chair's written approval (第四十三条)."""
    case, arbitration = _arbitration(case, by, "extend_arbitration", version)
    if not arbitration.accepted_on or arbitration.extended:
        raise ValidationFailed(_("审理期限只能在受理后延长一次"), field="status")
    arbitration.extended = True
    arbitration.award_due_on = compute_deadline(
        law.ARBITRATION_AWARD, arbitration.accepted_on, extra_days=law.ARBITRATION_EXTENSION.effective_days
    ).due
    arbitration.save()
    _save(case)
    WorkItem.objects.filter(**subject_of(case), kind="arbitration.award", status="open").update(
        due_on=arbitration.award_due_on
    )
    _event(
        case,
        "arbitration_extended",
        official("经批准延长审理期限至%(due)s", due=arbitration.award_due_on.isoformat()),
        by,
    )
    return arbitration


def is_final_item(claim_type: str, amount: Decimal) -> bool:
    """一裁终局 (第四十七条), per awarded item (解释（一）第十九条)."""
    if claim_type in law.FINAL_AWARD_LABOUR_STANDARD_CLAIMS:
        return True
    limit = Decimal(settings.RENSHE_MONTHLY_MINIMUM_WAGE) * law.FINAL_AWARD_MINIMUM_WAGE_MONTHS
    return claim_type in law.FINAL_AWARD_AMOUNT_TESTED_CLAIMS and amount <= limit


@transaction.atomic
def make_award(
    case: DisputeCase,
    *,
    by: User,
    awarded_on: date,
    summary: str,
    items: list[ClaimInput],
    version: int,
) -> ArbitrationCase:
    case, arbitration = _arbitration(case, by, "award", version)
    if not arbitration.accepted_on:
        raise ValidationFailed(_("仲裁案件尚未受理"), field="awarded_on")
    awarded_on = not_future(awarded_on, "awarded_on")
    if awarded_on < arbitration.accepted_on:
        raise ValidationFailed(_("裁决日不能早于受理日"), field="awarded_on")
    if not summary.strip():
        raise ValidationFailed(_("请填写裁决主文"), field="summary")
    known = _claim_types()
    rows = []
    for item in items:
        if item.claim_type not in known:
            raise ValidationFailed(_("裁决事项类型无效"), field="items")
        amount = Decimal(str(item.amount)).quantize(CENT)
        if amount < 0 or amount > MAX_AMOUNT:
            raise ValidationFailed(_("裁决金额无效"), field="items")
        rows.append(
            AwardItem(
                arbitration=arbitration,
                claim_type=item.claim_type,
                amount=amount,
                final=is_final_item(item.claim_type, amount),
            )
        )
    AwardItem.objects.bulk_create(rows)
    arbitration.awarded_on, arbitration.award_summary = awarded_on, summary.strip()
    # 解释（一）第二十条: a mixed award is treated as non-final
    arbitration.final = bool(rows) and all(r.final for r in rows)
    arbitration.save()
    _save(case)
    close_work_items(case, kind="arbitration.award")
    kind = official("终局裁决") if arbitration.final else official("非终局裁决")
    _event(
        case,
        "awarded",
        official("作出仲裁裁决（%(kind)s）", kind=kind),
        by,
        total=str(sum((r.amount for r in rows), ZERO)),
    )
    period = law.WORKER_SUIT_AFTER_FINAL_AWARD if arbitration.final else law.SUIT_AFTER_NON_FINAL_AWARD
    open_work_item(
        case,
        kind="arbitration.suit_window",
        organisation=case.organisation,
        role=Role.ARBITRATOR,
        period=period,
        starts_on=awarded_on,
        url=_url(case),
        title=official("裁决起诉期限届满后结案：%(number)s", number=arbitration.number),
    )
    return arbitration


@transaction.atomic
def record_suit(
    case: DisputeCase, *, by: User, filed_by: str, filed_on: date, court: str, version: int
) -> Litigation:
    case = _lock(case, by, version, "sue")
    if filed_by not in ("worker", "employer"):
        raise ValidationFailed(_("请选择起诉方"), field="filed_by")
    if not court.strip():
        raise ValidationFailed(_("请填写法院"), field="court")
    filed_on = not_future(filed_on, "filed_on")
    if filed_on < case.arbitration.awarded_on:
        raise ValidationFailed(_("起诉日不能早于裁决日"), field="filed_on")
    litigation = Litigation.objects.create(
        case=case, filed_by=filed_by, filed_on=filed_on, court=court.strip()[:100]
    )
    _save(case)
    close_work_items(case, kind="arbitration.suit_window")
    _event(case, "sued", official("当事人起诉至%(court)s", court=litigation.court), by, filed_by=filed_by)
    return litigation


@transaction.atomic
def record_judgment(
    case: DisputeCase, *, by: User, outcome: str, concluded_on: date, version: int
) -> DisputeCase:
    case = _lock(case, by, version, "judge")
    if not outcome.strip():
        raise ValidationFailed(_("请填写裁判结果"), field="outcome")
    concluded_on = not_future(concluded_on, "concluded_on")
    Litigation.objects.filter(case=case).update(outcome=outcome.strip()[:3000], concluded_on=concluded_on)
    case.closed_on = concluded_on
    _save(case)
    close_work_items(case)
    _event(case, "judged", official("法院裁判，结案"), by, outcome=outcome.strip()[:200])
    return case


@transaction.atomic
def close_after_award(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """No suit within the time allowed: the award takes effect and the case closes."""
    case = _lock(case, by, version, "close")
    case.closed_on = timezone.localdate()
    _save(case)
    close_work_items(case)
    _event(case, "closed", official("裁决生效，结案"), by)
    return case
