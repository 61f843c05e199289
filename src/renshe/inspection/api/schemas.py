"""The inspection API's schemas: what a case looks like over HTTP (Out) and what each request carries (In).
Money goes out as decimal strings ("5200.37"); every transition's input carries the case `version` read."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from renshe.core import law
from renshe.core.api import (
    Blank,
    Id,
    IdNumber,
    MoneyOut,
    Name,
    NamedOut,
    RunningLimitOut,
    VersionIn,
    choices,
    money_in,
)
from renshe.disputes.api.schemas import DisputeStatus

from .. import selectors, services
from ..models import (
    BodyKind,
    InspectionCase,
    Origin,
    PayerKind,
    PaymentSource,
    RecordKind,
    Removal,
    RepaymentSource,
    ReportChannel,
    ReportKind,
    ReportStatus,
    Resolution,
    ServiceMethod,
)
from ..views.clock import clock
from ..workflow import FILED

# A case's status, under a name of its own in the OpenAPI document (the other fields with a fixed set of
# values use the models' own choices)
InspectionStatus = choices(InspectionCase, "status", "InspectionStatus")

# --- output --------------------------------------------------------------------------------------


class OfficialOut(Schema):
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
    status: DisputeStatus


class CaseRowOut(Schema):
    id: int
    number: str
    status: InspectionStatus
    status_label: str
    version: int
    origin: Origin
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
    kind: ReportKind
    channel: ReportChannel
    external_reference: str
    anonymous: bool
    reporter: str = Field(
        description="masked, and only for the case's inspectors (条例 第九条: the reporter is protected); "
        "POST …/reporter reveals it to them, logged"
    )
    received_on: date
    violation_ended_on: date | None
    status: ReportStatus
    refusal_reason: str
    content: str

    @staticmethod
    def resolve_reporter(obj, context):
        return selectors.reporter_display(obj, context["request"].user)


class ReporterOut(Schema):
    name: str
    id_number: str
    phone: str
    contact: str


class RecordOut(Schema):
    id: int
    kind: RecordKind
    held_on: date
    place: str
    inspectors: list[OfficialOut]
    persons_present: str
    content: str


class DocumentOut(Schema):
    id: int
    number: str
    deadline: date
    amount_to_pay: MoneyOut
    served_on: date | None
    service_method: ServiceMethod | Blank = Field(description="empty until it is served")
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


class PenaltyOut(DocumentOut):
    decided_on: date
    defence: str
    appeal_rights: str


class PenaltyNoticeOut(Schema):
    id: int
    number: str
    notified_on: date
    violation: str = Field(description="a key of the law's penalties (law.PENALTIES)")
    citation: str
    facts: str
    workers_harmed: int
    base_amount: MoneyOut
    proposed_fine: MoneyOut
    hearing_offered: bool = Field(description="a large fine: the right to a hearing (行政处罚法 第六十三条)")
    hearing_request_due: date
    hearing_requested_on: date | None
    hearing_held_on: date | None
    decision: PenaltyOut | None

    @staticmethod
    def resolve_citation(obj):
        return str(obj.penalty.citation)

    @staticmethod
    def resolve_hearing_request_due(obj):
        return services.hearing_request_due(obj)

    @staticmethod
    def resolve_decision(obj):
        return getattr(obj, "decision", None)


class AttendeeOut(Schema):
    body: BodyKind
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
    source: PaymentSource
    advance_id: int | None
    reference: str


class InspectionClaimOut(Schema):
    id: int
    worker: WorkerOut
    owed_total: MoneyOut
    paid_total: MoneyOut
    balance: MoneyOut
    resolution: Resolution
    dispute: DisputeLinkOut | None
    months: list[MonthOut]
    payments: list[PaymentOut]


class AllocationOut(Schema):
    worker_id: int = Field(alias="claim.worker_id")
    worker: str = Field(alias="claim.worker.name")
    amount: MoneyOut


class RepaymentOut(Schema):
    id: int
    amount: MoneyOut
    repaid_on: date
    source: RepaymentSource
    reference: str


class AdvanceOut(Schema):
    id: int
    payer_kind: PayerKind
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
    removal: Removal | Blank = Field(description="repaired (信用修复) or expired; empty while listed")
    corrected_on: date | None


class CaseOut(CaseRowOut):
    summary: str
    result: str
    refusal_reason: str
    closed_on: date | None
    violation_ended_on: date | None
    respondent_detail: InspectionRespondentOut = Field(alias="respondent")
    inspectors: list[OfficialOut]
    extended: bool
    extension_reason: str
    extension_approved_by: OfficialOut | None
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
    penalty_notices: list[PenaltyNoticeOut] = Field(description="行政处罚: each notice with its decision")
    deadline: RunningLimitOut | None = Field(
        description="the statutory limit running now (acceptance review, investigation); null if none"
    )

    @staticmethod
    def resolve_deadline(obj) -> RunningLimitOut | None:
        return RunningLimitOut.of(clock(obj))

    @staticmethod
    def resolve_penalty_notices(obj):
        return obj.penalty_notices.all()

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
    status: ReportStatus = Field(description="pending (a new case) or linked (joined the open case)")
    case_id: int
    case_number: str
    case_status: InspectionStatus
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
    status: InspectionStatus | None = None
    street: Id | None = Field(None, description="id of the street/town where the labour is used")
    group_case: bool | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = Field(False, description="filed and past the investigation deadline")


class InspectionPersonIn(Schema):
    id_number: IdNumber = Field(max_length=40, description="居民身份证号码")
    name: Name = Field(max_length=50)
    phone: str = Field("", max_length=30)


class MonthIn(Schema):
    month: date = Field(description="any day of the month owed, e.g. 2026-04-01; not after this month")
    amount: Decimal = money_in()


class WorkerIn(InspectionPersonIn):
    months: list[MonthIn] = Field(max_length=120)


class InspectionRespondentIn(Schema):
    enterprise_id: Id | None = Field(None, description="an enterprise from the register, or:")
    credit_code: str = Field(
        "",
        max_length=40,
        description="统一社会信用代码 of an enterprise not registered (a bare name is refused)",
    )
    name: Name = Field("", max_length=120)
    street_id: Id | None = Field(None, description="the street/town where the enterprise is")


class ReportIn(Schema):
    brigade: Id | None = Field(
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
    approver: Id = Field(description="user id of the head who approved (bureau leader or dept admin)")
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


class SiteCheckIn(VersionIn):
    grid: Id = Field(description="id of a grid under the case's brigade")
    ask: str = Field(max_length=300, description="what to verify at the employer's premises")
    due_on: date


class InspectionClaimIn(VersionIn):
    worker: WorkerIn


class InspectionPaymentIn(VersionIn):
    worker: Id = Field(description="the worker's person id (`claims[].worker.id`)")
    amount: Decimal = money_in()
    paid_on: date
    source: Literal["employer", "enforcement"] = Field(
        description="advance-sourced payments are written by POST …/advances"
    )
    reference: str = Field("", max_length=60, description="e.g. the court's 执行案号")


class AllocationIn(Schema):
    worker: Id = Field(description="the worker's person id")
    amount: Decimal = money_in()


class AdvanceIn(VersionIn):
    payer_kind: PayerKind
    payer: Id | None = Field(None, description="enterprise id of the payer (required for an enterprise)")
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
    centre: Id | None = Field(None, description="the mediation centre; default: your own organisation")
    signed_on: date
    due_on: date = Field(description="when the agreed wages are due")
    terms: str = Field("", max_length=5000)


class ExtraClaimIn(Schema):
    claim_type: str = Field(max_length=30, description="dictionary claim_type, e.g. economic_compensation")
    amount: Decimal = money_in()


class InspectionArbitrationIn(VersionIn):
    commission: Id = Field(description="id of the arbitration commission")
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


class DishonestNoticeIn(VersionIn):
    notified_on: date
    grounds: str = Field(max_length=3000)
    defence: str = Field("", max_length=5000)


class CreditRepairIn(VersionIn):
    removed_on: date
    corrected_on: date = Field(description="the day the arrears were corrected (paid)")
    promise: str = Field(max_length=3000, description="the written good-faith promise (信用承诺)")


class PenaltyNoticeIn(VersionIn):
    notified_on: date
    violation: str = Field(max_length=30, description="a key of law.PENALTIES: " + ", ".join(law.PENALTIES))
    facts: str = Field(max_length=5000)
    fine: Decimal = money_in()
    workers_harmed: int = Field(0, ge=0, le=100000)
    base_amount: Decimal = money_in("0", Decimal("0"))


class PenaltyHearingRequestIn(VersionIn):
    requested_on: date


class PenaltyHearingIn(VersionIn):
    held_on: date
    record: str = Field(max_length=5000)


class PenaltyDecisionIn(VersionIn):
    decided_on: date
    fine: Decimal = money_in()
    deadline: date
    defence: str = Field("", max_length=5000)


class CloseIn(VersionIn):
    result: str = Field(max_length=3000)
    closed_on: date | None = Field(None, description="default: today")
