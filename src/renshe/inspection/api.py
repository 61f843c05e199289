"""Labour inspection and wage arrears over HTTP: everything the staff pages do, with the same data scope.

Thin on purpose, like disputes/api.py: each endpoint parses its input, calls the one service for its
transition and answers with the case as it now stands. Every transition carries the case `version` the
client read; a stale one answers 409 and nothing is written. Money goes out as decimal strings ("5200.37").

Two hand-overs are carried out by people outside the brigade: a worker's mediation agreement is signed by the
town centre's mediator and an arbitration application is registered by the commission's staff. They act on
one worker's row of the ledger (`/claims/{id}`), which they may read and act on when their body lies in the
brigade's district; the rest of the file stays with the brigade."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate

from renshe.core import law
from renshe.core.api import ErrorOut, EventOut, Id, MoneyOut, NamedOut, VersionIn, act, money_in
from renshe.core.errors import Conflict, NotFound, ValidationFailed
from renshe.core.models import Organisation, User
from renshe.core.roles import Role
from renshe.core.selectors import events_for, get_in_scope, organisations_for

from . import selectors, services
from .models import (
    AdvancePayment,
    BodyKind,
    CoordinationMeeting,
    HandlingDecision,
    InspectionCase,
    MeetingTask,
    PayerKind,
    RecordKind,
    RectificationOrder,
    RepaymentSource,
    Report,
    ServiceMethod,
    WageClaim,
)
from .workflow import FILED, Status

router = Router(tags=["inspection"])

# --- output --------------------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    username: str
    full_name: str


class InspectionRespondentOut(Schema):
    id: int
    name: str
    credit_code: str


class DisputeLinkOut(Schema):
    id: int
    number: str
    status: str


class CaseRowOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    version: int
    origin: str
    respondent: str = Field(alias="respondent.name")
    organisation: NamedOut
    street: NamedOut
    received_on: date
    acceptance_due_on: date
    filed_on: date | None
    investigation_due_on: date | None
    group_case: bool
    worker_count: int
    owed_total: MoneyOut
    paid_total: MoneyOut
    balance: MoneyOut = Field(description="owed − paid over all workers")
    advanced_total: MoneyOut
    repaid_total: MoneyOut
    advance_outstanding: MoneyOut = Field(description="advanced − repaid over all payers")

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ReportOut(Schema):
    id: int
    kind: str
    channel: str
    external_reference: str
    anonymous: bool
    reporter: str = Field(
        description="masked, and only for the case's inspectors (条例 第十一条 identity protection)"
    )
    received_on: date
    violation_ended_on: date | None
    status: str
    refusal_reason: str
    content: str

    @staticmethod
    def resolve_reporter(obj, context):
        return selectors.reporter_display(obj, context["request"].user)


class RecordOut(Schema):
    id: int
    kind: str
    held_on: date
    place: str
    inspectors: list[UserOut]
    persons_present: str
    content: str

    @staticmethod
    def resolve_inspectors(obj):
        return obj.inspectors.all()


class DocumentOut(Schema):
    id: int
    number: str
    deadline: date
    amount_to_pay: MoneyOut
    served_on: date | None
    service_method: str
    served_to: str
    complied: bool | None
    checked_on: date | None
    check_note: str


class OrderOut(DocumentOut):
    issued_on: date
    requirements: str


class StatementOut(Schema):
    id: int
    notified_on: date
    heard_on: date | None
    statement: str
    waived: bool


class DecisionOut(DocumentOut):
    decided_on: date
    findings: str
    extra_compensation_rate: Decimal | None
    extra_compensation: MoneyOut
    total_to_pay: MoneyOut
    appeal_rights: str


class AttendeeOut(Schema):
    body: str
    name: str
    person: str


class TaskOut(Schema):
    id: int
    description: str
    owner: str
    due_on: date
    done_on: date | None


class MeetingOut(Schema):
    id: int
    held_on: date
    place: str
    agreed: str
    attendees: list[AttendeeOut]
    tasks: list[TaskOut]

    @staticmethod
    def resolve_attendees(obj):
        return obj.attendees.all()

    @staticmethod
    def resolve_tasks(obj):
        return obj.tasks.all()


class WorkerOut(Schema):
    id: int = Field(description="the person's id: name it in payments and advances")
    name: str
    id_number: str = Field(alias="masked_id", description="masked")


class MonthOut(Schema):
    month: date
    amount: MoneyOut


class PaymentOut(Schema):
    id: int
    amount: MoneyOut
    paid_on: date
    source: str
    advance_id: int | None
    reference: str


class InspectionClaimOut(Schema):
    id: int
    worker: WorkerOut
    owed_total: MoneyOut
    paid_total: MoneyOut
    balance: MoneyOut
    resolution: str
    dispute: DisputeLinkOut | None
    months: list[MonthOut]
    payments: list[PaymentOut]

    @staticmethod
    def resolve_months(obj):
        return obj.months.all()

    @staticmethod
    def resolve_payments(obj):
        return obj.payments.all()


class AllocationOut(Schema):
    worker_id: int = Field(alias="claim.worker_id")
    worker: str = Field(alias="claim.worker.name")
    amount: MoneyOut


class RepaymentOut(Schema):
    id: int
    amount: MoneyOut
    repaid_on: date
    source: str
    reference: str


class AdvanceOut(Schema):
    id: int
    payer_kind: str
    payer_name: str
    payer_id: int | None
    decided_on: date
    note: str
    advanced_total: MoneyOut
    repaid_total: MoneyOut
    outstanding: MoneyOut
    allocations: list[AllocationOut]
    repayments: list[RepaymentOut]

    @staticmethod
    def resolve_allocations(obj):
        return obj.payments.all()

    @staticmethod
    def resolve_repayments(obj):
        return obj.repayments.all()


class SummaryOut(Schema):
    """Straight from the rows (selectors.ledger_summary), to compare with the kept totals."""

    owed: MoneyOut
    paid: MoneyOut
    balance: MoneyOut
    by_source: dict[str, MoneyOut]
    advanced: MoneyOut
    repaid: MoneyOut
    advance_outstanding: MoneyOut
    workers: int
    workers_paid_in_full: int


class PoliceTransferOut(Schema):
    transferred_on: date
    reference: str
    basis: str
    amount: MoneyOut


class ListingOut(Schema):
    listed_on: date
    expires_on: date
    reason: str
    responsible_persons: str
    removed_on: date | None


class CaseOut(CaseRowOut):
    summary: str
    result: str
    refusal_reason: str
    closed_on: date | None
    violation_ended_on: date | None
    respondent_detail: InspectionRespondentOut = Field(alias="respondent")
    inspectors: list[UserOut]
    extended: bool
    extension_reason: str
    extension_approved_by: UserOut | None
    investigation_period_citation: str
    overdue: bool
    reports: list[ReportOut]
    records: list[RecordOut]
    orders: list[OrderOut]
    statements: list[StatementOut]
    decisions: list[DecisionOut]
    meetings: list[MeetingOut]
    claims: list[InspectionClaimOut] = Field(description="the per-worker wage ledger")
    advances: list[AdvanceOut] = Field(description="垫付: per payer, with outstanding")
    ledger: SummaryOut
    police_transfer: PoliceTransferOut | None
    dishonest_listing: ListingOut | None

    @staticmethod
    def resolve_inspectors(obj):
        return obj.inspectors.all()

    @staticmethod
    def resolve_investigation_period_citation(obj):
        return str(law.INVESTIGATION_PERIOD.citation)

    @staticmethod
    def resolve_overdue(obj):
        return bool(
            obj.status in FILED
            and obj.investigation_due_on
            and obj.investigation_due_on < timezone.localdate()
        )

    @staticmethod
    def resolve_reports(obj):
        return obj.reports.all()

    @staticmethod
    def resolve_records(obj):
        return obj.records.all()

    @staticmethod
    def resolve_orders(obj):
        return obj.orders.all()

    @staticmethod
    def resolve_statements(obj):
        return obj.statements.all()

    @staticmethod
    def resolve_decisions(obj):
        return obj.decisions.all()

    @staticmethod
    def resolve_meetings(obj):
        return obj.meetings.all()

    @staticmethod
    def resolve_claims(obj):
        return obj.claims.all()

    @staticmethod
    def resolve_advances(obj):
        return obj.advances.all()

    @staticmethod
    def resolve_ledger(obj):
        return selectors.ledger_summary(obj)

    # a missing one-to-one raises RelatedObjectDoesNotExist, an AttributeError: getattr's default is None
    @staticmethod
    def resolve_police_transfer(obj):
        return getattr(obj, "police_transfer", None)

    @staticmethod
    def resolve_dishonest_listing(obj):
        return getattr(obj, "dishonest_listing", None)


class RegisteredOut(Schema):
    id: int = Field(description="the report")
    status: str = Field(description="pending (a new case) or linked (joined the open case)")
    case_id: int
    case_number: str
    case_status: str
    version: int = Field(description="the case's version")
    refusal_reason: str = Field(description="prefilled when out of the two-year limit (条例 第二十条)")


class HandOverOut(Schema):
    """One worker's row and the case version: what a mediator or the commission needs for a hand-over."""

    case_id: int
    case_number: str
    respondent: str
    version: int
    claim: InspectionClaimOut


# --- input ---------------------------------------------------------------------------------------


class CaseFilterIn(Schema):
    q: str = Field("", max_length=100, description="case number, part of the employer's name, credit code")
    status: Status | None = None
    street: int | None = Field(None, description="id of the street/town where the labour is used")
    group_case: bool | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = Field(False, description="filed and past the investigation deadline")


class InspectionPersonIn(Schema):
    id_number: str = Field(max_length=40, description="居民身份证号码")
    name: str = Field(max_length=50)
    phone: str = Field("", max_length=30)


class MonthIn(Schema):
    month: date = Field(description="any day of the month owed, e.g. 2026-04-01; not after this month")
    amount: Decimal = money_in()


class WorkerIn(InspectionPersonIn):
    months: list[MonthIn] = Field(max_length=120)


class InspectionRespondentIn(Schema):
    enterprise_id: int | None = Field(None, description="an enterprise from the register, or:")
    credit_code: str = Field(
        "",
        max_length=40,
        description="统一社会信用代码 of an enterprise not registered (a bare name is refused)",
    )
    name: str = Field("", max_length=120)
    street_id: int | None = Field(None, description="the street/town where the enterprise is")


class ReportIn(Schema):
    brigade: int | None = Field(
        None, description="id of the inspection brigade; default: your own organisation"
    )
    kind: Literal["complaint", "report"] = Field(description="投诉 (by the workers) or 举报 (by anyone)")
    channel: Literal["api", "hotline", "counter", "portal"] = Field(
        "api", description="hotline: a 12345 hand-off, with its 工单号 in external_reference"
    )
    external_reference: str = Field("", max_length=40)
    respondent: InspectionRespondentIn
    content: str = Field(max_length=5000)
    received_on: date | None = Field(None, description="default: today; never in the future")
    violation_ended_on: date | None = Field(None, description="empty: the violation goes on")
    reporter: InspectionPersonIn | None = None
    anonymous: bool = False
    reporter_contact: str = Field("", max_length=60)
    workers: list[WorkerIn] = Field([], max_length=1000)


class AcceptIn(VersionIn):
    filed_on: date | None = Field(None, description="default: today")


class InspectionReasonIn(VersionIn):
    reason: str = Field("", max_length=300)


class InspectorsIn(VersionIn):
    inspectors: list[Id] = Field(max_length=20, description="user ids of the brigade's inspectors (≥ 2)")


class RecordIn(InspectorsIn):
    kind: RecordKind
    held_on: date
    place: str = Field(max_length=120)
    persons_present: str = Field("", max_length=300)
    content: str = Field(max_length=10000)


class InspectionExtendIn(VersionIn):
    approver: int = Field(description="user id of the head who approved (bureau leader or dept admin)")
    reason: str = Field(max_length=300)


class OrderIn(VersionIn):
    issued_on: date
    deadline: date
    requirements: str = Field(max_length=3000)
    amount_to_pay: Decimal | None = money_in("0", None)


class ServiceIn(VersionIn):
    served_on: date
    method: ServiceMethod
    served_to: str = Field(max_length=100)


class ComplianceIn(VersionIn):
    complied: bool
    checked_on: date
    note: str = Field("", max_length=300)


class StatementIn(VersionIn):
    notified_on: date
    heard_on: date | None = None
    statement: str = Field("", max_length=5000)
    waived: bool = False


class DecisionIn(VersionIn):
    decided_on: date
    findings: str = Field(max_length=5000)
    deadline: date
    amount_to_pay: Decimal | None = money_in("0", None)
    extra_compensation_rate: Decimal | None = Field(
        None, max_digits=3, decimal_places=2, description="0.50–1.00 of the amount (条例 第二十六条)"
    )


class AttendeeIn(Schema):
    body: BodyKind
    name: str = Field(max_length=100)
    person: str = Field("", max_length=50)


class TaskIn(Schema):
    description: str = Field(max_length=200)
    owner: str = Field(max_length=100)
    due_on: date


class MeetingIn(VersionIn):
    held_on: date
    place: str = Field(max_length=120)
    attendees: list[AttendeeIn] = Field(max_length=50)
    agreed: str = Field(max_length=5000)
    tasks: list[TaskIn] = Field([], max_length=50)


class TaskDoneIn(VersionIn):
    done_on: date


class InspectionClaimIn(VersionIn):
    worker: WorkerIn


class InspectionPaymentIn(VersionIn):
    worker: int = Field(description="the worker's person id (`claims[].worker.id`)")
    amount: Decimal = money_in()
    paid_on: date
    source: Literal["employer", "enforcement"] = Field(
        description="advance-sourced payments are written by POST …/advances"
    )
    reference: str = Field("", max_length=60, description="e.g. the court's 执行案号")


class AllocationIn(Schema):
    worker: int = Field(description="the worker's person id")
    amount: Decimal = money_in()


class AdvanceIn(VersionIn):
    payer_kind: PayerKind
    payer: int | None = Field(None, description="enterprise id of the payer (required for an enterprise)")
    payer_name: str = Field("", max_length=120, description="for a fund or another payer")
    decided_on: date
    allocations: list[AllocationIn] = Field(max_length=1000)
    note: str = Field("", max_length=300)


class RepaymentIn(VersionIn):
    amount: Decimal = money_in()
    repaid_on: date
    source: RepaymentSource = RepaymentSource.ENFORCEMENT
    reference: str = Field("", max_length=60, description="执行案号 for court enforcement")


class MediationIn(VersionIn):
    centre: int | None = Field(None, description="the mediation centre; default: your own organisation")
    signed_on: date
    due_on: date = Field(description="when the agreed wages are due")
    terms: str = Field("", max_length=5000)


class ExtraClaimIn(Schema):
    claim_type: str = Field(max_length=30, description="dictionary claim_type, e.g. economic_compensation")
    amount: Decimal = money_in()


class InspectionArbitrationIn(VersionIn):
    commission: int = Field(description="id of the arbitration commission")
    applied_on: date
    extra_claims: list[ExtraClaimIn] = Field([], max_length=20)


class PoliceIn(VersionIn):
    transferred_on: date
    basis: str = Field(max_length=3000)
    reference: str = Field("", max_length=60)


class ListingIn(VersionIn):
    listed_on: date
    reason: str = Field(max_length=3000)
    responsible_persons: str = Field("", max_length=200)
    mass_incident: bool = Field(False, description="the arrears caused a mass or extreme incident")


class CloseIn(VersionIn):
    result: str = Field(max_length=3000)
    closed_on: date | None = Field(None, description="default: today")


# --- reads ---------------------------------------------------------------------------------------


def _claims_queryset() -> QuerySet[WageClaim]:
    return (
        WageClaim.objects.select_related("worker", "dispute")
        .prefetch_related("months", "payments")
        .order_by("id")
    )


def _detail_queryset(user: User) -> QuerySet[InspectionCase]:
    """The case with its whole file, in a fixed number of queries."""
    return (
        selectors.inspections_for(user)
        .select_related("extension_approved_by", "police_transfer", "dishonest_listing")
        .prefetch_related(
            "inspectors",
            Prefetch("reports", queryset=Report.objects.select_related("reporter", "case").order_by("id")),
            "records__inspectors",
            "orders",
            "statements",
            "decisions",
            Prefetch(
                "meetings",
                queryset=CoordinationMeeting.objects.prefetch_related("attendees", "tasks").order_by(
                    "held_on", "id"
                ),
            ),
            Prefetch("claims", queryset=_claims_queryset()),
            Prefetch(
                "advances",
                queryset=AdvancePayment.objects.prefetch_related("payments__claim__worker", "repayments"),
            ),
        )
    )


def _detail(request, pk: int) -> InspectionCase:
    return get_in_scope(_detail_queryset(request.user), pk)


def _act(request, pk: int, payload: VersionIn, service: Callable[..., object], **arguments) -> InspectionCase:
    """core.api.act as the caller, answering with the case as it now stands."""
    act(selectors.inspections_for(request.user), pk, payload.version, service, by=request.user, **arguments)
    return _detail(request, pk)


def _part(model_or_qs, case: InspectionCase, part_id: int, case_field: str = "case"):
    rows = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager
    part = rows.filter(pk=part_id, **{case_field: case}).first()
    if part is None:
        raise NotFound()
    return part


def _via(model, service: Callable[..., object], part_id: int, case_field: str = "case"):
    """A service on a part of the case (an order, a report, an advance…), the part looked up inside the
    locked case: one of another case's answers 404."""

    def call(case: InspectionCase, **arguments):
        return service(_part(model, case, part_id, case_field), **arguments)

    return call


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
TRANSITION = {200: CaseOut, **ERRORS}


def _users(request, ids: list[int], field: str) -> list[User]:
    """Users named in a transition, among those the caller can see; the service checks their role."""
    visible = User.objects.filter(organisation__in=organisations_for(request.user))
    found = list(visible.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("用户不存在"), field=field)
    return found


def _organisation(pk: int | None, message, field: str) -> Organisation:
    found = Organisation.objects.filter(pk=pk).first() if pk else None
    if found is None:
        raise ValidationFailed(message, field=field)
    return found


def _worker(w: WorkerIn) -> services.WorkerInput:
    return services.WorkerInput(
        id_number=w.id_number,
        name=w.name,
        phone=w.phone,
        months=[(m.month, m.amount) for m in w.months],
    )


@router.get("", response=list[CaseRowOut], summary="Inspection cases in your scope, newest first")
@paginate
def case_list(request, filters: Query[CaseFilterIn]):
    f = filters.dict()
    f["status"] = f["status"] or ""
    return selectors.filtered(selectors.inspections_for(request.user), selectors.InspectionFilter(**f))


@router.get("/queue", response=list[CaseRowOut], summary="Your own open cases as inspector, soonest due")
@paginate
def queue(request):
    return selectors.inspector_queue(request.user)


@router.get("/{int:pk}", response={200: CaseOut, 404: ErrorOut}, summary="One case, its whole file")
def case_detail(request, pk: int):
    return _detail(request, pk)


@router.get("/{int:pk}/events", response=list[EventOut], summary="The case's timeline, oldest first")
@paginate
def case_events(request, pk: int):
    case = get_in_scope(selectors.inspections_for(request.user), pk)
    return events_for(case).order_by("id")


# --- intake --------------------------------------------------------------------------------------


@router.post(
    "",
    response={201: RegisteredOut, 403: ErrorOut, 422: ErrorOut},
    summary="Register a complaint (投诉) or report (举报), e.g. a 12345 hotline hand-off",
    description=(
        "A report about an employer against which the brigade has an open case joins that case (status "
        "`linked`); otherwise a new case is registered (status `pending`). The employer must be in the "
        "register (`enterprise_id`) or named by its credit code; a bare name is refused."
    ),
)
def register(request, payload: ReportIn):
    brigade = _organisation(
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
        workers=[_worker(w) for w in payload.workers],
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


@router.post("/{int:pk}/accept", response=TRANSITION, summary="受理 and 立案 (若干规定 第十八条)")
def accept(request, pk: int, payload: AcceptIn):
    return _act(request, pk, payload, services.accept_case, filed_on=payload.filed_on)


@router.post(
    "/{int:pk}/reports/{int:report_id}/refuse",
    response=TRANSITION,
    summary="不予受理 one report, with a reason (the prefilled two-year reason if none)",
)
def refuse_report(request, pk: int, report_id: int, payload: InspectionReasonIn):
    return _act(request, pk, payload, _via(Report, services.refuse_report, report_id), reason=payload.reason)


@router.post("/{int:pk}/inspectors", response=TRANSITION, summary="Assign two inspectors or more (第十六条)")
def assign(request, pk: int, payload: InspectorsIn):
    inspectors = _users(request, payload.inspectors, "inspectors")
    return _act(request, pk, payload, services.assign_inspectors, inspectors=inspectors)


# --- investigation -------------------------------------------------------------------------------


@router.post(
    "/{int:pk}/records",
    response=TRANSITION,
    summary="An inquiry, site inspection or evidence-taking by two inspectors or more",
)
def record_investigation(request, pk: int, payload: RecordIn):
    return _act(
        request,
        pk,
        payload,
        services.record_investigation,
        kind=payload.kind,
        held_on=payload.held_on,
        place=payload.place,
        inspectors=_users(request, payload.inspectors, "inspectors"),
        persons_present=payload.persons_present,
        content=payload.content,
    )


@router.post(
    "/{int:pk}/extend", response=TRANSITION, summary="Extend the investigation once by 30 working days"
)
def extend(request, pk: int, payload: InspectionExtendIn):
    # the approver is a head above the brigade, outside an inspector's scope: the service checks who it is
    approver = User.objects.filter(pk=payload.approver, is_active=True).first()
    if approver is None:
        raise ValidationFailed(_("用户不存在"), field="approver")
    return _act(request, pk, payload, services.extend_investigation, approver=approver, reason=payload.reason)


# --- orders, statement, decisions ----------------------------------------------------------------


@router.post("/{int:pk}/orders", response=TRANSITION, summary="劳动保障监察限期改正指令书")
def order(request, pk: int, payload: OrderIn):
    return _act(
        request,
        pk,
        payload,
        services.issue_rectification_order,
        issued_on=payload.issued_on,
        deadline=payload.deadline,
        requirements=payload.requirements,
        amount_to_pay=payload.amount_to_pay,
    )


def _document_routes(kind: str, model) -> None:
    @router.post(
        f"/{{int:pk}}/{kind}/{{int:doc_id}}/service",
        response=TRANSITION,
        summary=f"送达 of the {model._meta.verbose_name}",
        operation_id=f"inspection_{kind}_service",
    )
    def serve(request, pk: int, doc_id: int, payload: ServiceIn):
        return _act(
            request,
            pk,
            payload,
            _via(model, services.record_service, doc_id),
            served_on=payload.served_on,
            method=payload.method,
            served_to=payload.served_to,
        )

    @router.post(
        f"/{{int:pk}}/{kind}/{{int:doc_id}}/compliance",
        response=TRANSITION,
        summary=f"Whether the employer complied with the {model._meta.verbose_name}",
        operation_id=f"inspection_{kind}_compliance",
    )
    def comply(request, pk: int, doc_id: int, payload: ComplianceIn):
        return _act(
            request,
            pk,
            payload,
            _via(model, services.record_compliance, doc_id),
            complied=payload.complied,
            checked_on=payload.checked_on,
            note=payload.note,
        )


_document_routes("orders", RectificationOrder)


@router.post("/{int:pk}/statements", response=TRANSITION, summary="陈述申辩, heard or waived (第十九条)")
def statement(request, pk: int, payload: StatementIn):
    return _act(
        request,
        pk,
        payload,
        services.record_statement,
        notified_on=payload.notified_on,
        heard_on=payload.heard_on,
        statement=payload.statement,
        waived=payload.waived,
    )


@router.post(
    "/{int:pk}/decisions",
    response=TRANSITION,
    summary="劳动保障监察行政处理决定书, with extra compensation 50%–100% (第二十六条)",
)
def decision(request, pk: int, payload: DecisionIn):
    return _act(
        request,
        pk,
        payload,
        services.issue_handling_decision,
        decided_on=payload.decided_on,
        findings=payload.findings,
        deadline=payload.deadline,
        amount_to_pay=payload.amount_to_pay,
        extra_compensation_rate=payload.extra_compensation_rate,
    )


_document_routes("decisions", HandlingDecision)


# --- coordination --------------------------------------------------------------------------------


@router.post("/{int:pk}/meetings", response=TRANSITION, summary="A coordination meeting: who, what, tasks")
def meeting(request, pk: int, payload: MeetingIn):
    return _act(
        request,
        pk,
        payload,
        services.hold_coordination_meeting,
        held_on=payload.held_on,
        place=payload.place,
        attendees=[services.AttendeeInput(**a.dict()) for a in payload.attendees],
        agreed=payload.agreed,
        tasks=[services.TaskInput(**t.dict()) for t in payload.tasks],
    )


@router.post("/{int:pk}/meeting-tasks/{int:task_id}/done", response=TRANSITION, summary="A meeting task done")
def task_done(request, pk: int, task_id: int, payload: TaskDoneIn):
    return _act(
        request,
        pk,
        payload,
        _via(MeetingTask, services.complete_meeting_task, task_id, "meeting__case"),
        done_on=payload.done_on,
    )


# --- the wage ledger -----------------------------------------------------------------------------


@router.post(
    "/{int:pk}/claims", response=TRANSITION, summary="A worker's months owed (a new row or more months)"
)
def add_claim(request, pk: int, payload: InspectionClaimIn):
    return _act(request, pk, payload, services.add_wage_claim, worker=_worker(payload.worker))


@router.post(
    "/{int:pk}/payments",
    response=TRANSITION,
    summary="Money reaching one worker from the employer or court enforcement (never above the balance)",
)
def payment(request, pk: int, payload: InspectionPaymentIn):
    return _act(
        request,
        pk,
        payload,
        services.record_wage_payment,
        worker=payload.worker,
        amount=payload.amount,
        paid_on=payload.paid_on,
        source=payload.source,
        reference=payload.reference,
    )


@router.post(
    "/{int:pk}/advances",
    response=TRANSITION,
    summary="垫付: a payer pays named workers' wages, all in one transaction",
)
def advance(request, pk: int, payload: AdvanceIn):
    return _act(
        request,
        pk,
        payload,
        services.record_advance,
        payer=payload.payer,
        payer_kind=payload.payer_kind,
        payer_name=payload.payer_name,
        decided_on=payload.decided_on,
        allocations=[(a.worker, a.amount) for a in payload.allocations],
        note=payload.note,
    )


@router.post(
    "/{int:pk}/advances/{int:advance_id}/repayments",
    response=TRANSITION,
    summary="Money back to a payer, e.g. from court enforcement (never above its outstanding)",
)
def repayment(request, pk: int, advance_id: int, payload: RepaymentIn):
    return _act(
        request,
        pk,
        payload,
        _via(AdvancePayment, services.record_advance_repayment, advance_id),
        amount=payload.amount,
        repaid_on=payload.repaid_on,
        source=payload.source,
        reference=payload.reference,
    )


# --- hand-overs to mediation and arbitration -------------------------------------------------------


def _handover_cases(user: User) -> QuerySet[InspectionCase]:
    """The cases a user may act on for a hand-over: those in their scope, and for a mediation centre's or an
    arbitration commission's staff those of a brigade in the same district (the service checks the rest)."""
    visible = selectors.inspections_for(user)
    if not (user.is_authenticated and user.is_active) or user.organisation_id is None:
        return visible
    if user.role not in (Role.MEDIATOR, Role.ARBITRATOR):
        return visible
    path = user.organisation.path
    ancestors = ["/".join(path.split("/")[:i]) + "/" for i in range(2, path.count("/") + 1)]
    district = Q(organisation__parent__path__in=ancestors)
    return InspectionCase.objects.filter(Q(pk__in=visible.values("pk")) | district).select_related(
        "respondent", "organisation", "street"
    )


def _claim_in(case: InspectionCase, claim_id: int) -> WageClaim:
    return _part(_claims_queryset(), case, claim_id)


def _handover(case: InspectionCase, claim: WageClaim) -> HandOverOut:
    return HandOverOut(
        case_id=case.pk,
        case_number=case.number,
        respondent=case.respondent.name,
        version=case.version,
        claim=claim,
    )


@router.get(
    "/{int:pk}/claims/{int:claim_id}",
    response={200: HandOverOut, 404: ErrorOut},
    summary="One worker's row of the ledger, for the mediator or commission taking it over",
)
def claim_detail(request, pk: int, claim_id: int):
    case = get_in_scope(_handover_cases(request.user), pk)
    return _handover(case, _claim_in(case, claim_id))


def _hand_over(request, pk: int, claim_id: int, payload: VersionIn, service, **arguments) -> HandOverOut:
    with transaction.atomic():
        case = get_in_scope(_handover_cases(request.user).select_for_update(of=("self",)), pk)
        if case.version != payload.version:
            raise Conflict()
        service(_claim_in(case, claim_id), by=request.user, version=payload.version, **arguments)
    case.refresh_from_db()
    return _handover(case, _claim_in(case, claim_id))


@router.post(
    "/{int:pk}/claims/{int:claim_id}/mediation",
    response={200: HandOverOut, **ERRORS},
    summary="The worker accepts mediation: an agreement for the balance, signed by the centre's mediator",
    description="Made by the disputes module from the inspection file; follow it at /api/v1/disputes/{id}.",
)
def settle_by_mediation(request, pk: int, claim_id: int, payload: MediationIn):
    centre = _organisation(payload.centre or request.user.organisation_id, _("请选择调解中心"), "centre")
    return _hand_over(
        request,
        pk,
        claim_id,
        payload,
        services.settle_by_mediation,
        centre=centre,
        signed_on=payload.signed_on,
        due_on=payload.due_on,
        terms=payload.terms,
    )


@router.post(
    "/{int:pk}/claims/{int:claim_id}/arbitration",
    response={200: HandOverOut, **ERRORS},
    summary="The worker applies for arbitration (e.g. economic compensation too), from the inspection file",
)
def refer_claim_to_arbitration(request, pk: int, claim_id: int, payload: InspectionArbitrationIn):
    commission = _organisation(payload.commission, _("请选择仲裁委员会"), "commission")
    return _hand_over(
        request,
        pk,
        claim_id,
        payload,
        services.refer_claim_to_arbitration,
        commission=commission,
        applied_on=payload.applied_on,
        extra_claims=[(c.claim_type, c.amount) for c in payload.extra_claims],
    )


# --- consequences and closure --------------------------------------------------------------------


@router.post(
    "/{int:pk}/police-transfer",
    response=TRANSITION,
    summary="移送公安: criminal threshold met and a served order or decision not complied with",
)
def police_transfer(request, pk: int, payload: PoliceIn):
    return _act(
        request,
        pk,
        payload,
        services.transfer_to_police,
        transferred_on=payload.transferred_on,
        basis=payload.basis,
        reference=payload.reference,
    )


@router.post(
    "/{int:pk}/dishonest-listing",
    response=TRANSITION,
    summary="拖欠农民工工资失信联合惩戒名单 (3 years)",
)
def dishonest_listing(request, pk: int, payload: ListingIn):
    return _act(
        request,
        pk,
        payload,
        services.list_as_dishonest,
        listed_on=payload.listed_on,
        reason=payload.reason,
        responsible_persons=payload.responsible_persons,
        mass_incident=payload.mass_incident,
    )


@router.post("/{int:pk}/close", response=TRANSITION, summary="结案 with the result")
def close(request, pk: int, payload: CloseIn):
    return _act(request, pk, payload, services.close_case, result=payload.result, closed_on=payload.closed_on)


@router.post("/{int:pk}/revoke", response=TRANSITION, summary="撤销立案: minor and corrected (第十八条)")
def revoke(request, pk: int, payload: InspectionReasonIn):
    return _act(request, pk, payload, services.revoke_case, reason=payload.reason)
