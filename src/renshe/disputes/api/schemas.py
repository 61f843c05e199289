"""The disputes API's schemas: what a case looks like over HTTP (Out) and what each request carries (In).
Money goes out as decimal strings ("18000.00"); every transition's input carries the `version` read."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from renshe.core import law
from renshe.core.api import (
    Blank,
    Id,
    IdNumber,
    LocalDateTime,
    MoneyOut,
    Name,
    NamedOut,
    RunningLimitOut,
    VersionIn,
    choices,
    money_in,
)

from .. import follow_ups, remedies
from ..arbitration_clock import award_clock, court_route, running_limit
from ..limitation import limitation_of
from ..models import (
    AgreementFollowUp,
    ArbitrationCase,
    ArbitrationSuspension,
    AwardService,
    DisputeCase,
    Evidence,
    LimitationBreak,
    Litigation,
    Referral,
    RevocationPetition,
)
from ..workflow import MEDIATION_OPEN

# The values of the fields with a fixed set of them, each a named enum in the OpenAPI document.
DisputeStatus = choices(DisputeCase, "status", "DisputeStatus")
DisputeChannel = choices(DisputeCase, "channel", "DisputeChannel")
DisputeOutcome = choices(DisputeCase, "outcome", "DisputeOutcome")
EvidenceFileState = choices(Evidence, "file_state", "EvidenceFileState")
ReferralStatus = choices(Referral, "status", "ReferralStatus")
FollowUpResult = choices(AgreementFollowUp, "result", "FollowUpResult")
AwardServiceMethod = choices(AwardService, "method", "AwardServiceMethod")
RevocationRuling = choices(RevocationPetition, "ruling", "RevocationRuling")
SuspensionGround = choices(ArbitrationSuspension, "ground", "ArbitrationSuspensionGround")
Tribunal = choices(ArbitrationCase, "tribunal", "Tribunal")
FiledBy = choices(Litigation, "filed_by", "LitigationFiledBy")
LimitationBreakGround = choices(LimitationBreak, "ground", "LimitationBreakGround")

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
    status: ReferralStatus
    referred_at: datetime
    resolved_at: datetime | None


class SessionOut(Schema):
    id: int
    held_at: LocalDateTime
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


class FollowUpOut(Schema):
    id: int
    kind: Literal["payment_order", "arbitral_review", "judicial_confirmation"] = Field(
        description="支付令 (劳动争议调解仲裁法 第十六条), 仲裁审查 (办案规则 第七十四条) or 司法确认 (民事诉讼法 第二百零五条)"
    )
    applied_on: date
    authority: str = Field(description="the court or the commission applied to")
    joint: bool = Field(description="both parties applied (a review or a confirmation must be joint)")
    result: FollowUpResult | Blank = Field(description="'' pending; issued, statement, confirmed or rejected")
    decided_on: date | None


class AgreementOut(Schema):
    signed_on: date
    terms: str
    defaulted_on: date | None = Field(description="the day the default was recorded (第十五条)")
    enforceable: bool = Field(description="an arbitral 调解书 issued or the agreement confirmed by the court")
    items: list[AgreementItemOut]
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_enforceable(obj) -> bool:
        return follow_ups.enforceable(obj) is not None


class HearingOut(Schema):
    id: int
    scheduled_at: LocalDateTime
    place: str
    room_id: int | None = Field(
        description="the hearing room (GET …/arbitration/rooms); null: a place outside them"
    )
    minutes: int
    notified_on: date


class SeatOut(Schema):
    arbitrator: NamedOut
    presiding: bool
    appointed_on: date
    left_on: date | None = Field(description="the day a recusal replaced the arbitrator (第三十三条)")

    @staticmethod
    def resolve_arbitrator(obj) -> dict:
        return {"id": obj.arbitrator_id, "name": str(obj.arbitrator)}


class AwardItemOut(Schema):
    claim_type: str
    amount: MoneyOut
    final: bool = Field(description="一裁终局 for this item (劳动争议调解仲裁法 第四十七条)")


class AwardServiceOut(Schema):
    applicant: int | None = Field(alias="applicant_id", description="the worker served; null: the employer")
    method: AwardServiceMethod
    received_on: date


class WindowOut(Schema):
    """One party's time to act against the award, from its own receipt (劳动争议调解仲裁法 第四十八条至第五十条)."""

    party: str = Field(description="worker or employer")
    name: str
    applicant: int | None
    remedy: Literal["suit", "revocation"] = Field(description="sue, or petition to revoke a final award")
    citation: str
    starts_on: date | None = Field(description="the day of receipt; null while the party is not served")
    due_on: date | None = Field(description="the last day allowed")


class RevocationOut(Schema):
    filed_on: date
    court: str
    ruling: RevocationRuling | Blank = Field(description="'' pending, revoked or upheld (第四十九条)")
    ruling_received_on: date | None


class LimitationClockOut(Schema):
    label: str
    starts_on: date
    last_day: date | None = Field(description="empty while a suspension lasts")
    barred: bool = Field(description="the application came after the last day (a defence, not a refusal)")
    steps: list[str] = Field(description="interruptions and suspensions applied, each with its article")


class LimitationOut(Schema):
    clocks: list[LimitationClockOut]
    unlimited: str = Field(description="why pay claims are not limited (第二十七条第四款), if so")
    reason: str = Field(
        description="the flag shown at acceptance and on the case page; empty if none is barred"
    )


class ArbitrationSuspensionOut(Schema):
    ground: SuspensionGround = Field(
        description="a restart: supplemented | claims_changed | counterclaim | transferred; "
        "a suspension: death | incapacity | employer_ended | force_majeure | other_case | appraisal | "
        "public_notice | other"
    )
    ground_label: str
    restarts: bool = Field(description="the award period counts again from started_on")
    started_on: date
    ended_on: date | None = Field(description="the hearing resumed; null while the suspension lasts")
    excluded_days: int = Field(description="days not counted in the award period")
    note: str

    @staticmethod
    def resolve_ground_label(obj) -> str:
        return obj.get_ground_display()


class AwardPeriodOut(Schema):
    """The award period (第四十三条) as its restarts, suspensions and extension leave it (办案规则 第四十六条、第四十七条)."""

    citation: str
    starts_on: date = Field(description="acceptance, or the latest restart")
    due_on: date = Field(description="the last day, the excluded days and any extension added")
    excluded_days: int
    extension_days: int
    suspended_since: date | None = Field(
        description="the hearing stands suspended: the period is not running"
    )
    steps: list[str] = Field(description="each restart, suspension and extension applied, with its article")


class CourtRouteOut(Schema):
    """The applicant's suit without an award (第二十九条: refused or not decided in time; 第四十三条: no award in time)."""

    open: bool = Field(description="the applicant may sue today")
    opens_on: date | None = Field(
        description="the first day allowed; null while the hearing stands suspended"
    )
    why: str
    citation: str


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
    tribunal: Tribunal | Blank = Field(
        description="sole (独任) or panel (合议庭), '' before it is formed (第三十一条)"
    )
    seats: list[SeatOut]
    hearings: list[HearingOut]
    award_items: list[AwardItemOut]
    services: list[AwardServiceOut]
    revocation: RevocationOut | None
    windows: list[WindowOut]

    @staticmethod
    def resolve_revocation(obj):
        return getattr(obj, "revocation", None)

    @staticmethod
    def resolve_windows(obj) -> list[dict]:
        if obj.awarded_on is None:
            return []
        return [
            {
                "party": w.party.side,
                "name": w.party.name,
                "applicant": w.party.applicant.pk if w.party.applicant else None,
                "remedy": w.remedy,
                "citation": str(w.period.citation),
                "starts_on": w.starts_on,
                "due_on": w.due_on,
            }
            for w in remedies.windows(obj)
        ]

    suspensions: list[ArbitrationSuspensionOut]
    award_period: AwardPeriodOut | None = Field(description="null before acceptance")
    court_route: CourtRouteOut | None = Field(
        description="null where the law gives no suit without an award (an award made, the case gone on)"
    )

    @staticmethod
    def resolve_suspensions(obj) -> list:
        return list(obj.suspensions.all())

    @staticmethod
    def resolve_award_period(obj) -> AwardPeriodOut | None:
        if obj.accepted_on is None:
            return None
        clock = award_clock(obj)
        return AwardPeriodOut(citation=str(law.ARBITRATION_AWARD.citation), **vars(clock))

    @staticmethod
    def resolve_court_route(obj) -> CourtRouteOut | None:
        route = court_route(obj.case)
        if route is None:
            return None
        return CourtRouteOut(
            open=route.open_on(timezone.localdate()),
            opens_on=route.opens_on,
            why=route.why,
            citation=route.citation,
        )

    infringement_known_on: date | None
    employment_ended_on: date | None
    limitation: LimitationOut = Field(description="the limitation on the application day (第二十七条)")

    @staticmethod
    def resolve_limitation(obj) -> LimitationOut:
        limitation = limitation_of(obj, obj.case.claims.values_list("claim_type", flat=True))
        return LimitationOut(
            clocks=[LimitationClockOut(**vars(c)) for c in limitation.clocks],
            unlimited=limitation.unlimited,
            reason=limitation.reason(),
        )


class LitigationOut(Schema):
    filed_by: FiledBy
    filed_on: date
    court: str
    outcome: str
    concluded_on: date | None


class DisputeRowOut(Schema):
    id: int
    number: str
    status: DisputeStatus
    status_label: str
    version: int
    respondent: str = Field(alias="respondent.name")
    organisation: NamedOut
    received_on: date
    mediation_due_on: date | None
    worker_count: int
    collective: bool = Field(
        description="ten or more workers with a common claim (劳动争议调解仲裁法 第七条): representatives, "
        "priority filing and hearing (办案规则 第五条), a tribunal of three"
    )
    common_claim: bool = Field(description="the claims are common to all the applicants")
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
    file_state: EvidenceFileState  # pending until written to storage after commit, then stored (or failed)


class DisputeOut(DisputeRowOut):
    channel: DisputeChannel
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
    outcome: DisputeOutcome | Blank
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
    deadline: RunningLimitOut | None = Field(
        description="the statutory limit running now (mediation, acceptance review, award period); null if none"
    )

    @staticmethod
    def resolve_deadline(obj) -> RunningLimitOut | None:
        return RunningLimitOut.of(running_limit(obj, getattr(obj, "arbitration", None)))

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
    status: DisputeStatus
    version: int


# --- input ---------------------------------------------------------------------------------------


class DisputeFilterIn(Schema):
    q: str = Field("", max_length=100, description="case number (exact) or part of the respondent's name")
    organisation: Id | None = Field(None, description="handling organisation id")
    status: DisputeStatus | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = Field(False, description="still in mediation and past the mediation period")


class ApplicantIn(Schema):
    id_number: IdNumber = Field(max_length=40, description="居民身份证号码")
    name: Name = Field(max_length=50)
    phone: str = Field("", max_length=30)
    representative: bool = Field(
        False,
        description="elected representative of a collective dispute (3 to 5 of them: 办案规则 第六十三条)",
    )


class RespondentIn(Schema):
    enterprise_id: Id | None = Field(None, description="an enterprise from the register, or:")
    credit_code: str = Field(
        "", max_length=40, description="统一社会信用代码 of an enterprise not registered"
    )
    name: Name = Field("", max_length=120)
    street_id: Id | None = Field(None, description="the street/town where the enterprise is")


class ClaimIn(Schema):
    claim_type: str = Field(max_length=30, description="dictionary claim_type, e.g. unpaid_wages")
    amount: Decimal = money_in()
    note: str = Field("", max_length=300)


class ApplicationIn(Schema):
    centre_id: Id | None = Field(None, description="the mediation centre; default: your own organisation")
    applicants: list[ApplicantIn] = Field(max_length=500)
    respondent: RespondentIn
    claims: list[ClaimIn] = Field(max_length=30)
    facts: str = Field(max_length=5000)
    case_type: str = Field(max_length=30, description="dictionary case_type, e.g. remuneration")
    received_on: date | None = Field(None, description="default: today; never in the future")
    common_claim: bool = Field(
        False,
        description="the claims are common to all the applicants: with ten or more, a collective dispute "
        "(第七条), which names its elected representatives",
    )


class RepresentativesIn(VersionIn):
    representatives: list[Id] = Field(
        max_length=20, description="ids of the applicants now elected (3 to 5: 办案规则 第六十三条)"
    )
    note: str = Field(max_length=300, description="how and when the workers elected them")


class ReasonIn(VersionIn):
    reason: str = Field(max_length=300)


class WithdrawIn(VersionIn):
    reason: str = Field("", max_length=300)


class ReferIn(VersionIn):
    to: Id = Field(description="id of the studio or X organisation under the centre")


class TakeUpIn(VersionIn):
    mediators: list[Id] = Field(max_length=20, description="user ids of the organisation's mediators")


class SessionIn(VersionIn):
    held_at: LocalDateTime
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


class PaymentOrderIn(VersionIn):
    applied_on: date
    court: str = Field(max_length=100, description="the court applied to")


class ArbitralReviewIn(VersionIn):
    applied_on: date = Field(description="within 15 days of the agreement's signing (办案规则 第七十四条)")
    commission: str = Field(max_length=100, description="the arbitration commission applied to")
    joint: bool = Field(description="both parties applied: the review is refused otherwise")


class JudicialConfirmationIn(VersionIn):
    applied_on: date = Field(
        description="within 30 days of the agreement's signing (民事诉讼法 第二百零五条)"
    )
    court: str = Field(max_length=100, description="the court applied to")
    joint: bool = Field(description="both parties applied: the confirmation is refused otherwise")


class FollowUpResultIn(VersionIn):
    granted: bool = Field(
        description="a payment order issued, an arbitral 调解书 issued or the agreement ruled valid; false: rejected"
    )
    decided_on: date


class ArbitrationIn(VersionIn):
    commission: Id = Field(description="id of the arbitration commission")
    applied_on: date


class AcceptArbitrationIn(VersionIn):
    accepted_on: date


class LimitationIn(VersionIn):
    known_on: date | None = Field(
        None, description="when the applicant knew or should have known (第二十七条)"
    )
    employment_ended_on: date | None = Field(None, description="empty: the employment goes on (第四款)")


class LimitationBreakIn(VersionIn):
    ground: LimitationBreakGround = Field(
        description="interruption (第二款): claimed | sought_relief | agreed; suspension (第三款): force_majeure | "
        "other_cause",
    )
    starts_on: date
    ends_on: date | None = Field(
        None, description="a suspension's end (its cause removed); empty while it lasts"
    )
    note: str = Field("", max_length=300, description="required for other_cause: the proper reason")


class SuspendArbitrationIn(VersionIn):
    ground: Literal[
        "supplemented",
        "claims_changed",
        "counterclaim",
        "transferred",
        "death",
        "incapacity",
        "employer_ended",
        "force_majeure",
        "other_case",
        "appraisal",
        "public_notice",
        "other",
    ] = Field(
        description="the first four restart the award period from `on` (before acceptance only supplemented, "
        "which restarts the five days to accept); the others suspend the hearing from `on` (办案规则 "
        "第四十六条、第四十七条)"
    )
    on: date
    note: str = Field("", max_length=300, description="required for other")


class HearingIn(VersionIn):
    scheduled_at: LocalDateTime
    notified_on: date
    room: Id | None = Field(None, description="a hearing room of the commission (GET …/arbitration/rooms)")
    place: str = Field("", max_length=120, description="where, when not in one of the commission's rooms")
    minutes: int = Field(120, ge=30, le=480, description="how long the room is held")


class TribunalIn(VersionIn):
    tribunal: Literal["sole", "panel"] = Field(description="sole: 独任仲裁; panel: 合议庭 (第三十一条)")
    arbitrators: list[Id] = Field(min_length=1, max_length=3)
    presiding: Id | None = Field(None, description="the presiding arbitrator, one of a panel's three")


class RecusalIn(VersionIn):
    arbitrator: Id
    source: Literal["party", "self"]
    ground: Literal["relative", "interest", "relation", "contact"] = Field(
        description="第三十三条第一款 (一)–(四)"
    )
    reason: str = Field(max_length=300)


class RecusalDecisionIn(VersionIn):
    granted: bool
    note: str = Field(max_length=300)
    replacement: Id | None = None


class HearingRoomOut(Schema):
    id: int
    name: str
    organisation: str = Field(alias="organisation.name")


class AwardItemIn(Schema):
    claim_type: str = Field(max_length=30)
    amount: Decimal = money_in("0")


class AwardIn(VersionIn):
    awarded_on: date
    summary: str = Field(max_length=5000)
    items: list[AwardItemIn] = Field(max_length=50)


class ServeAwardIn(VersionIn):
    party: str = Field(max_length=20, description="'employer', or the id of the applicant (worker) served")
    method: Literal["personal", "lodged", "post", "electronic", "notice"]
    received_on: date = Field(description="the day the party received the award (办案规则 第二十条)")


class RevocationPetitionIn(VersionIn):
    filed_on: date
    court: str = Field(max_length=100, description="the intermediate court (第四十九条)")


class RevocationRulingIn(VersionIn):
    ruling: Literal["revoked", "upheld"]
    received_on: date = Field(description="the day the ruling was received (第四十九条第三款)")


class SuitIn(VersionIn):
    filed_by: Literal["worker", "employer"]
    filed_on: date
    court: str = Field(max_length=100)


class JudgmentIn(VersionIn):
    outcome: str = Field(max_length=3000)
    concluded_on: date


# --- statistics ----------------------------------------------------------------------------------


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
