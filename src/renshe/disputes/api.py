"""Labour disputes over HTTP: everything the staff pages do, with the same data scope.

Thin on purpose: each endpoint parses its input, calls the one service for its transition and answers with
the case as it now stands. Every transition carries the `version` the client read; a stale one answers 409
and nothing is written."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja import Status as Reply
from ninja.pagination import paginate

from renshe.core import law
from renshe.core.api import ErrorOut, EventOut, Id, MoneyOut, NamedOut, VersionIn, act, money_in
from renshe.core.errors import NotFound, ValidationFailed
from renshe.core.models import Organisation, User
from renshe.core.selectors import events_for, get_in_scope, organisations_for

from . import dashboard, selectors, services
from .models import AgreementItem, Applicant, Channel, DisputeCase, Referral
from .workflow import MEDIATION_OPEN, Status

router = Router(tags=["disputes"])

# --- dates ---------------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    """A time given without an offset is local (Asia/Shanghai) time."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# --- output --------------------------------------------------------------------------------------


class MediatorOut(Schema):
    id: int
    username: str
    full_name: str


class RespondentOut(Schema):
    id: int
    name: str
    credit_code: str


class ApplicantOut(Schema):
    id: int
    name: str = Field(alias="person.name")
    id_number: str = Field(alias="person.masked_id", description="masked")
    phone: str = Field(alias="person.masked_phone", description="masked")
    representative: bool


class ClaimOut(Schema):
    id: int
    claim_type: str
    amount: MoneyOut
    note: str


class ReferralOut(Schema):
    id: int
    from_organisation: NamedOut
    to_organisation: NamedOut
    status: str
    referred_at: datetime
    resolved_at: datetime | None


class SessionOut(Schema):
    id: int
    held_at: datetime
    place: str
    attendees: str
    minutes: str


class SuspensionOut(Schema):
    started_on: date
    ended_on: date | None
    reason: str


class AgreementItemOut(Schema):
    id: int
    claim_type: str
    description: str
    amount: MoneyOut
    due_on: date
    paid: MoneyOut = Field(alias="paid_amount")
    outstanding: MoneyOut


class AgreementOut(Schema):
    signed_on: date
    terms: str
    review_path: str
    review_applied_on: date | None
    items: list[AgreementItemOut]

    @staticmethod
    def resolve_items(obj):
        return obj.items.all()


class HearingOut(Schema):
    id: int
    scheduled_at: datetime
    place: str
    notified_on: date


class AwardItemOut(Schema):
    claim_type: str
    amount: MoneyOut
    final: bool = Field(description="一裁终局 for this item (劳动争议调解仲裁法 第四十七条)")


class ArbitrationOut(Schema):
    number: str
    commission: NamedOut
    applied_on: date
    acceptance_due_on: date
    accepted_on: date | None
    award_due_on: date | None
    extended: bool
    awarded_on: date | None
    award_summary: str
    final: bool | None
    hearings: list[HearingOut]
    award_items: list[AwardItemOut]

    @staticmethod
    def resolve_hearings(obj):
        return obj.hearings.all()

    @staticmethod
    def resolve_award_items(obj):
        return obj.award_items.all()


class LitigationOut(Schema):
    filed_by: str
    filed_on: date
    court: str
    outcome: str
    concluded_on: date | None


class DisputeRowOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    version: int
    respondent: str = Field(alias="respondent.name")
    organisation: NamedOut
    received_on: date
    mediation_due_on: date | None
    worker_count: int
    collective: bool
    claimed_total: MoneyOut

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime
    sha256: str
    file_state: str  # pending until written to storage after commit, then stored (or failed)


class DisputeOut(DisputeRowOut):
    channel: str
    case_type: str
    facts: str
    respondent_detail: RespondentOut = Field(alias="respondent")
    street: NamedOut
    received_by: NamedOut
    mediators: list[MediatorOut]
    evidence: list[EvidenceOut]
    mediation_period_citation: str
    overdue: bool
    extension_days: int
    suspended_days: int
    suspended_on: date | None
    mediated: bool
    outcome: str
    outcome_on: date | None
    closed_on: date | None
    reason: str
    agreed_total: MoneyOut
    paid_total: MoneyOut
    applicants: list[ApplicantOut]
    claims: list[ClaimOut]
    referrals: list[ReferralOut]
    sessions: list[SessionOut]
    suspensions: list[SuspensionOut]
    agreement: AgreementOut | None
    arbitration: ArbitrationOut | None
    litigation: LitigationOut | None

    @staticmethod
    def resolve_mediation_period_citation(obj):
        return str(law.MEDIATION_PERIOD.citation)

    @staticmethod
    def resolve_overdue(obj):
        return bool(
            obj.status in MEDIATION_OPEN
            and obj.mediation_due_on
            and obj.mediation_due_on < timezone.localdate()
        )

    @staticmethod
    def resolve_mediators(obj):
        return obj.mediators.all()

    @staticmethod
    def resolve_applicants(obj):
        return obj.applicants.all()

    @staticmethod
    def resolve_claims(obj):
        return obj.claims.all()

    @staticmethod
    def resolve_referrals(obj):
        return obj.referrals.all()

    @staticmethod
    def resolve_sessions(obj):
        return obj.sessions.all()

    @staticmethod
    def resolve_suspensions(obj):
        return obj.suspensions.all()

    # a missing one-to-one raises RelatedObjectDoesNotExist, an AttributeError: getattr's default is None
    @staticmethod
    def resolve_agreement(obj):
        return getattr(obj, "agreement", None)

    @staticmethod
    def resolve_arbitration(obj):
        return getattr(obj, "arbitration", None)

    @staticmethod
    def resolve_litigation(obj):
        return getattr(obj, "litigation", None)


class ApplicationOut(Schema):
    id: int
    number: str
    query_code: str = Field(description="shown once: the applicant follows the case with it")
    status: str
    version: int


# --- input ---------------------------------------------------------------------------------------


class DisputeFilterIn(Schema):
    q: str = Field("", max_length=100, description="case number (exact) or part of the respondent's name")
    organisation: int | None = Field(None, description="handling organisation id")
    status: Status | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = Field(False, description="still in mediation and past the mediation period")


class ApplicantIn(Schema):
    id_number: str = Field(max_length=40, description="居民身份证号码")
    name: str = Field(max_length=50)
    phone: str = Field("", max_length=30)
    representative: bool = Field(False, description="elected representative of a collective dispute")


class RespondentIn(Schema):
    enterprise_id: int | None = Field(None, description="an enterprise from the register, or:")
    credit_code: str = Field(
        "", max_length=40, description="统一社会信用代码 of an enterprise not registered"
    )
    name: str = Field("", max_length=120)
    street_id: int | None = Field(None, description="the street/town where the enterprise is")


class ClaimIn(Schema):
    claim_type: str = Field(max_length=30, description="dictionary claim_type, e.g. unpaid_wages")
    amount: Decimal = money_in()
    note: str = Field("", max_length=300)


class ApplicationIn(Schema):
    centre_id: int | None = Field(None, description="the mediation centre; default: your own organisation")
    applicants: list[ApplicantIn] = Field(max_length=500)
    respondent: RespondentIn
    claims: list[ClaimIn] = Field(max_length=30)
    facts: str = Field(max_length=5000)
    case_type: str = Field(max_length=30, description="dictionary case_type, e.g. remuneration")
    received_on: date | None = Field(None, description="default: today; never in the future")


class ReasonIn(VersionIn):
    reason: str = Field(max_length=300)


class WithdrawIn(VersionIn):
    reason: str = Field("", max_length=300)


class ReferIn(VersionIn):
    to: int = Field(description="id of the studio or X organisation under the centre")


class TakeUpIn(VersionIn):
    mediators: list[Id] = Field(max_length=20, description="user ids of the organisation's mediators")


class SessionIn(VersionIn):
    held_at: datetime
    place: str = Field(max_length=120)
    attendees: str = Field(max_length=300)
    minutes: str = Field(max_length=10000)


class ExtendIn(VersionIn):
    days: int = Field(ge=1, le=60)
    note: str = Field(max_length=200, description="how the parties agreed to extend")


class SuspendIn(ReasonIn):
    on: date | None = Field(None, description="default: today")


class ResumeIn(VersionIn):
    on: date | None = Field(None, description="default: today")


class ItemIn(Schema):
    claim_type: str = Field(max_length=30)
    description: str = Field(max_length=200)
    amount: Decimal = money_in()
    due_on: date


class SettleIn(VersionIn):
    signed_on: date
    terms: str = Field(max_length=5000)
    items: list[ItemIn] = Field(max_length=50)


class PaymentIn(VersionIn):
    amount: Decimal = money_in()
    paid_on: date


class ReviewPathIn(VersionIn):
    review_path: Literal["payment_order", "arbitration_review"]
    applied_on: date
    court: str = Field("", max_length=100, description="for a payment order: the court applied to")


class ArbitrationIn(VersionIn):
    commission: int = Field(description="id of the arbitration commission")
    applied_on: date


class AcceptArbitrationIn(VersionIn):
    accepted_on: date


class HearingIn(VersionIn):
    scheduled_at: datetime
    place: str = Field(max_length=120)
    notified_on: date


class AwardItemIn(Schema):
    claim_type: str = Field(max_length=30)
    amount: Decimal = money_in("0")


class AwardIn(VersionIn):
    awarded_on: date
    summary: str = Field(max_length=5000)
    items: list[AwardItemIn] = Field(max_length=50)


class SuitIn(VersionIn):
    filed_by: Literal["worker", "employer"]
    filed_on: date
    court: str = Field(max_length=100)


class JudgmentIn(VersionIn):
    outcome: str = Field(max_length=3000)
    concluded_on: date


# --- reads ---------------------------------------------------------------------------------------


def _detail_queryset(user: User) -> QuerySet[DisputeCase]:
    """The case with everything the detail shows, in a fixed number of queries."""
    referrals = Referral.objects.select_related("from_organisation", "to_organisation").order_by("id")
    return (
        selectors.disputes_for(user)
        .select_related("street", "agreement", "arbitration__commission", "litigation")
        .prefetch_related(
            Prefetch("applicants", queryset=Applicant.objects.select_related("person").order_by("id")),
            "claims",
            Prefetch("referrals", queryset=referrals),
            "sessions",
            "suspensions",
            "evidence",
            "mediators",
            "agreement__items",
            "arbitration__hearings",
            "arbitration__award_items",
        )
    )


def _detail(request, pk: int) -> DisputeCase:
    return get_in_scope(_detail_queryset(request.user), pk)


def _act(request, pk: int, payload: VersionIn, service: Callable[..., object], **arguments) -> DisputeCase:
    """core.api.act as the caller, answering with the case as it now stands."""
    act(selectors.disputes_for(request.user), pk, payload.version, service, by=request.user, **arguments)
    return _detail(request, pk)


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
TRANSITION = {200: DisputeOut, **ERRORS}


def _organisation(pk: int, message, field: str) -> Organisation:
    """An organisation named in a transition; the service decides whether it may be named there."""
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(message, field=field)
    return found


@router.get("", response=list[DisputeRowOut], summary="Disputes in your scope, newest first")
@paginate
def dispute_list(request, filters: Query[DisputeFilterIn]):
    f = filters.dict()
    f["status"] = f["status"] or ""
    return selectors.filtered(selectors.disputes_for(request.user), selectors.DisputeFilter(**f))


class FiguresOut(Schema):
    """The figures of disputes/metrics.py, each as defined there (rates and averages null when undefined)."""

    received: int
    mediated: int
    prior_mediation_rate: float | None
    settled: int
    failed: int
    success_rate: float | None
    closed: int
    avg_days_to_close: float | None
    overdue: int
    claimed: MoneyOut
    agreed: MoneyOut
    paid: MoneyOut


class GroupOut(Schema):
    key: str
    label: str
    figures: FiguresOut


class StatisticsOut(Schema):
    received_from: str | None = Field(description="first month of receipt counted, YYYY-MM; null = open")
    received_to: str | None = Field(description="last month of receipt counted, YYYY-MM; null = open")
    organisation: int | None
    street: int | None
    total: FiguresOut
    organisations: list[GroupOut]
    streets: list[GroupOut]
    industries: list[GroupOut]
    months: list[GroupOut]


def _groups(rows) -> list[dict]:
    return [{"key": str(key), "label": label, "figures": f} for key, label, f in rows]


@router.get(
    "/statistics",
    response={200: StatisticsOut, 403: ErrorOut},
    summary="The statistics page: totals and figures by mediating organisation, street, industry, month",
    description="Query as the page's filter bar: `from` and `to` are months (YYYY-MM; without both, the last "
    "twelve months), `organisation` a mediating organisation (with those under it), `street` a street id. "
    "Out-of-scope choices are ignored. Definitions: GET /disputes/dashboard/ and disputes/metrics.py.",
)
def statistics(request):
    asked = dashboard.requested(request)
    f, stats = asked.filter, asked.stats
    return {
        "received_from": f"{f.received_from:%Y-%m}" if f.received_from else None,
        "received_to": f"{f.received_to:%Y-%m}" if f.received_to else None,
        "organisation": f.organisation.pk if f.organisation else None,
        "street": f.street.pk if f.street else None,
        "total": stats.total,
        "organisations": _groups(stats.organisations),
        "streets": _groups(stats.streets),
        "industries": _groups(stats.industries),
        "months": _groups(stats.months),
    }


@router.get("/queue", response=list[DisputeRowOut], summary="Your cases in hand as mediator, soonest due")
@paginate
def queue(request):
    return selectors.mediator_queue(request.user)


@router.get("/{int:pk}", response={200: DisputeOut, 404: ErrorOut}, summary="One case, its whole file")
def dispute_detail(request, pk: int):
    return _detail(request, pk)


@router.get("/{int:pk}/events", response=list[EventOut], summary="The case's timeline, oldest first")
@paginate
def dispute_events(request, pk: int):
    case = get_in_scope(selectors.disputes_for(request.user), pk)
    return events_for(case).order_by("id")


# --- application ---------------------------------------------------------------------------------


@router.post(
    "",
    response={201: ApplicationOut, 403: ErrorOut, 422: ErrorOut},
    summary="Apply for mediation on behalf of workers (劳动争议调解仲裁法 第十二条)",
)
def apply(request, payload: ApplicationIn):
    centre = Organisation.objects.filter(pk=payload.centre_id or request.user.organisation_id).first()
    if centre is None:
        raise ValidationFailed(_("请选择调解中心"), field="centre_id")
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
    )
    return Reply(
        201,
        ApplicationOut(
            id=case.pk, number=case.number, query_code=code, status=case.status, version=case.version
        ),
    )


# --- intake and routing --------------------------------------------------------------------------


@router.post(
    "/{int:pk}/evidence", response={201: EvidenceOut, **ERRORS}, summary="Attach a PDF, PNG or JPEG (≤ 10 MB)"
)
def attach_evidence(request, pk: int, file: File[UploadedFile], version: Form[int], name: Form[str] = ""):
    case = get_in_scope(selectors.disputes_for(request.user), pk)
    return Reply(
        201,
        services.attach_evidence(case, by=request.user, upload=file, name=name[:120], version=version),
    )


@router.post("/{int:pk}/accept", response=TRANSITION, summary="Accept the application")
def accept(request, pk: int, payload: VersionIn):
    return _act(request, pk, payload, services.accept_dispute)


@router.post("/{int:pk}/decline", response=TRANSITION, summary="Decline the application, with a reason")
def decline(request, pk: int, payload: ReasonIn):
    return _act(
        request,
        pk,
        payload,
        services.decline_dispute,
        reason=payload.reason,
    )


@router.post("/{int:pk}/refer", response=TRANSITION, summary="Refer to the studio or an X organisation")
def refer(request, pk: int, payload: ReferIn):
    to = _organisation(payload.to, _("只能转派给本中心下属的调解组织"), "to")
    return _act(request, pk, payload, services.refer_dispute, to=to)


@router.post("/{int:pk}/revoke-referral", response=TRANSITION, summary="Revoke a referral not yet taken up")
def revoke_referral(request, pk: int, payload: VersionIn):
    return _act(request, pk, payload, services.revoke_referral)


@router.post("/{int:pk}/take-up", response=TRANSITION, summary="Take the case up and name its mediators")
def take_up(request, pk: int, payload: TakeUpIn):
    visible = User.objects.filter(organisation__in=organisations_for(request.user))
    mediators = list(visible.filter(pk__in=payload.mediators))
    if len(mediators) != len(set(payload.mediators)):
        raise ValidationFailed(_("调解员不存在"), field="mediators")
    return _act(request, pk, payload, services.take_up_dispute, mediators=mediators)


# --- mediation -----------------------------------------------------------------------------------


@router.post("/{int:pk}/sessions", response=TRANSITION, summary="Record a mediation session")
def record_session(request, pk: int, payload: SessionIn):
    return _act(
        request,
        pk,
        payload,
        services.record_session,
        held_at=_aware(payload.held_at),
        place=payload.place,
        attendees=payload.attendees,
        minutes=payload.minutes,
    )


@router.post("/{int:pk}/extend", response=TRANSITION, summary="The parties agree to extend mediation")
def extend(request, pk: int, payload: ExtendIn):
    return _act(
        request,
        pk,
        payload,
        services.extend_mediation,
        days=payload.days,
        note=payload.note,
    )


@router.post("/{int:pk}/suspend", response=TRANSITION, summary="Suspend mediation (the clock stops)")
def suspend(request, pk: int, payload: SuspendIn):
    return _act(
        request,
        pk,
        payload,
        services.suspend_mediation,
        reason=payload.reason,
        on=payload.on,
    )


@router.post("/{int:pk}/resume", response=TRANSITION, summary="Resume mediation (the clock runs again)")
def resume(request, pk: int, payload: ResumeIn):
    return _act(request, pk, payload, services.resume_mediation, on=payload.on)


@router.post("/{int:pk}/settle", response=TRANSITION, summary="Record the mediation agreement and its items")
def settle(request, pk: int, payload: SettleIn):
    return _act(
        request,
        pk,
        payload,
        services.settle_dispute,
        signed_on=payload.signed_on,
        terms=payload.terms,
        items=[services.ItemInput(**i.dict()) for i in payload.items],
    )


def _pay(case: DisputeCase, *, by: User, item_id: int, amount: Decimal, paid_on: date, version: int):
    """record_payment works on an item: it must be one of this case's."""
    item = AgreementItem.objects.filter(pk=item_id, agreement__case=case).first()
    if item is None:
        raise NotFound()
    return services.record_payment(item, by=by, amount=amount, paid_on=paid_on, version=version)


@router.post(
    "/{int:pk}/items/{int:item_id}/payments", response=TRANSITION, summary="Record a payment on one item"
)
def record_payment(request, pk: int, item_id: int, payload: PaymentIn):
    return _act(request, pk, payload, _pay, item_id=item_id, amount=payload.amount, paid_on=payload.paid_on)


@router.post(
    "/{int:pk}/review-path",
    response=TRANSITION,
    summary="Payment order (第十六条) or joint application for arbitral review of the agreement",
)
def review_path(request, pk: int, payload: ReviewPathIn):
    return _act(
        request,
        pk,
        payload,
        services.choose_review_path,
        path=payload.review_path,
        applied_on=payload.applied_on,
        court=payload.court,
    )


@router.post("/{int:pk}/fail", response=TRANSITION, summary="Mediation failed, with the reason")
def fail(request, pk: int, payload: ReasonIn):
    return _act(request, pk, payload, services.fail_mediation, reason=payload.reason)


@router.post("/{int:pk}/default", response=TRANSITION, summary="An agreement item is past due and unpaid")
def default(request, pk: int, payload: VersionIn):
    return _act(request, pk, payload, services.declare_default)


@router.post("/{int:pk}/withdraw", response=TRANSITION, summary="The applicant withdraws")
def withdraw(request, pk: int, payload: WithdrawIn):
    return _act(
        request,
        pk,
        payload,
        services.withdraw_dispute,
        reason=payload.reason,
    )


# --- arbitration and court -------------------------------------------------------------------------


@router.post("/{int:pk}/arbitration", response=TRANSITION, summary="Refer to arbitration with the whole file")
def to_arbitration(request, pk: int, payload: ArbitrationIn):
    commission = _organisation(payload.commission, _("请选择仲裁委员会"), "commission")
    return _act(
        request,
        pk,
        payload,
        services.refer_to_arbitration,
        commission=commission,
        applied_on=payload.applied_on,
    )


@router.post("/{int:pk}/arbitration/accept", response=TRANSITION, summary="The commission accepts the case")
def accept_arbitration(request, pk: int, payload: AcceptArbitrationIn):
    return _act(
        request,
        pk,
        payload,
        services.accept_arbitration,
        accepted_on=payload.accepted_on,
    )


@router.post("/{int:pk}/arbitration/hearings", response=TRANSITION, summary="Schedule a hearing")
def schedule_hearing(request, pk: int, payload: HearingIn):
    return _act(
        request,
        pk,
        payload,
        services.schedule_hearing,
        scheduled_at=_aware(payload.scheduled_at),
        place=payload.place,
        notified_on=payload.notified_on,
    )


@router.post("/{int:pk}/arbitration/extend", response=TRANSITION, summary="Extend the award period once")
def extend_arbitration(request, pk: int, payload: VersionIn):
    return _act(request, pk, payload, services.extend_arbitration)


@router.post("/{int:pk}/arbitration/award", response=TRANSITION, summary="The award, item by item")
def award(request, pk: int, payload: AwardIn):
    return _act(
        request,
        pk,
        payload,
        services.make_award,
        awarded_on=payload.awarded_on,
        summary=payload.summary,
        items=[services.ClaimInput(i.claim_type, i.amount) for i in payload.items],
    )


@router.post("/{int:pk}/suit", response=TRANSITION, summary="A party sued after the award")
def suit(request, pk: int, payload: SuitIn):
    return _act(
        request,
        pk,
        payload,
        services.record_suit,
        filed_by=payload.filed_by,
        filed_on=payload.filed_on,
        court=payload.court,
    )


@router.post("/{int:pk}/judgment", response=TRANSITION, summary="The court's judgment; the case closes")
def judgment(request, pk: int, payload: JudgmentIn):
    return _act(
        request,
        pk,
        payload,
        services.record_judgment,
        outcome=payload.outcome,
        concluded_on=payload.concluded_on,
    )


@router.post(
    "/{int:pk}/close", response=TRANSITION, summary="No suit in time: the award stands, the case closes"
)
def close(request, pk: int, payload: VersionIn):
    return _act(request, pk, payload, services.close_after_award)
