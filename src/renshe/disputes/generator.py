"""Bulk synthetic labour disputes for benchmarks and demo history (`manage.py generate_disputes` calls it):

    Generator(centre=centre, count=1_000_000, years=3, seed=1).run()

Cases are received at one mediation centre over the last `years` years and mediated by the centre itself,
its studio or its "X" organisations. Each case gets the story the services would have written — accepted
or declined, referred, taken up, settled (an agreement whose items are paid, partly paid or not yet due),
failed (and perhaps arbitrated, awarded and sued on) or withdrawn — carried as far as today allows, so old
cases are closed and recent ones open, with the open tasks on the workbenches. `prior_mediation` and
`success` are the shares the statistics then show (先行调解率, 调解成功率; see metrics.py).

How it is written (core/bulk.py): the cases are drawn in batches, each batch from its own random stream
(seed and batch number), so the result does not depend on who draws it. A batch is drawn, then settled by
the process holding the database connection — ID numbers checked unique against everyone registered and
everything drawn before (by digest: the numbers are stored encrypted), primary keys reserved from the
sequences, case and arbitration numbers continued — and then turned into rows, ID and phone numbers
encrypted with their digests. On PostgreSQL a big run draws and encodes in worker processes while the
parent streams their COPY data, and the tables' indexes and foreign keys are built once at the end; the
whole run is one transaction. Totals on each case (claimed, agreed, paid) are the sums of its rows.
Numbers have core.numbering's format (张江调〔2026〕0001号), and the centre's and the commission's
CaseSequence rows are advanced to the last number issued, so cases registered later continue the series.
Respondents are the enterprises registered in the centre's streets; applicants are new people with valid
ID numbers. The statistics' monthly figures (metrics.MonthlyFigures) are rebuilt from all the cases at the
end, and one timeline event records the run.
"""

import os
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from time import perf_counter
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from stdnum.cn import ric
from tqdm import tqdm

from renshe.core import law
from renshe.core.bulk import Loader, Table, Workers, reserve_ids
from renshe.core.models import (
    AmountKind,
    CaseSequence,
    DictionaryEntry,
    Enterprise,
    Organisation,
    OrganisationKind,
    Person,
    StatutoryAmount,
    User,
    WorkItem,
)
from renshe.core.money import CENT, ZERO
from renshe.core.reference.dictionaries import CASE_TYPE_OF_CLAIM
from renshe.core.roles import Role
from renshe.core.services import due_soon_date, official
from renshe.core.synthetic import ALL_AREAS, GIVEN, SURNAMES, citizen_id, mobile
from renshe.core.timeline import record_event
from renshe.core.workdays import WorkCalendar
from renshe.disputes import metrics
from renshe.disputes.models import (
    AgreementItem,
    Applicant,
    ArbitrationCase,
    AwardItem,
    Claim,
    DisputeCase,
    Litigation,
    MediationAgreement,
    Outcome,
    Payment,
    Referral,
    ReferralStatus,
    Suspension,
)
from renshe.disputes.services import (
    acceptance_task_title,
    final_award_limit,
    is_collective,
    is_final_item,
    query_digest_of,
)
from renshe.disputes.workflow import Status as S

# Where the centre's cases are mediated: the centre itself, its studio, its village rooms, and (the rest)
# the enterprise committees, each for its own enterprise.
SHARE_CENTRE, SHARE_STUDIO, SHARE_VILLAGES = 0.30, 0.20, 0.20
DECLINED_SHARE = 0.4  # of the cases never mediated: declined at intake (the others are withdrawn)
WITHDRAWN_IN_MEDIATION = 0.04  # of mediated cases; a withdrawal is not a conclusion (metrics.py)
EXTENDED_SHARE, SUSPENDED_SHARE = 0.08, 0.03  # mediations extended by agreement / suspended a while
EXPIRED_SHARE = 0.3  # of failures: the period ran out rather than a party refusing
TO_ARBITRATION, SUED_AFTER_AWARD = 0.6, 0.25
LATE_PAYMENT_DAYS = 30  # an agreement item can stay unpaid this long past its due date
COURT = "上海市浦东新区人民法院"

CLAIMS = {  # type: (weight, lowest, highest amount in yuan for one worker)
    "unpaid_wages": (40, 3_000, 90_000),
    "overtime": (15, 1_000, 30_000),
    "economic_compensation": (20, 10_000, 240_000),
    "double_wages": (10, 6_000, 200_000),
    "social_insurance": (6, 2_000, 40_000),
    "work_injury": (4, 10_000, 300_000),
    "other": (5, 1_000, 20_000),
}
FACTS = {
    "unpaid_wages": "被申请人拖欠申请人{month}月起的工资，经多次催讨未果，请求支付拖欠工资。",
    "overtime": "申请人{month}月起长期延时加班，被申请人未按规定支付加班工资，请求支付加班费。",
    "economic_compensation": "被申请人于{month}月解除劳动合同，未依法支付经济补偿，请求支付经济补偿金。",
    "double_wages": "被申请人未与申请人签订书面劳动合同，请求支付{month}月起未签合同期间的二倍工资差额。",
    "social_insurance": "被申请人{month}月起未为申请人足额缴纳社会保险费，请求补缴并赔偿损失。",
    "work_injury": "申请人于{month}月在工作中受伤并经认定为工伤，被申请人未支付工伤待遇，请求支付。",
    "other": "双方因{month}月起的劳动报酬及福利待遇发生争议，协商未果，申请调解。",
}
DECLINE_REASONS = ["不属于劳动争议受理范围", "申请人主体不适格", "同一争议已在仲裁委审理"]
WITHDRAW_REASONS = ["双方自行和解", "申请人撤回申请", "用人单位已主动支付"]
FAIL_REASONS = ["双方对金额分歧较大，调解不成", "被申请人拒绝调解", "被申请人经通知未到场"]
EXPIRED = "调解期限届满未达成协议"
SUSPENSION_REASON = "当事人因病无法参加调解"
OPEN_BEFORE_OUTCOME = (S.APPLIED, S.ACCEPTED, S.REFERRED, S.MEDIATING, S.SUSPENDED)
YUAN = Decimal("1")


# On PostgreSQL, runs of at least this many cases are drawn in worker processes and load with the indexes
# built at the end (both cost a few seconds of fixed work, which a small run would not win back).
BIG_RUN = 20_000


class GeneratorError(ValueError):
    """What the generator cannot do with the arguments or the database it was given."""


def _month(day: date) -> str:
    return f"{day.year}年{day.month}"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _share(amount: Decimal, low: float, high: float, rng: random.Random, unit: Decimal = YUAN) -> Decimal:
    return (amount * Decimal(f"{rng.uniform(low, high):.4f}")).quantize(unit)


@cache
def tables() -> dict[str, Table]:
    """The columns the generator writes, by model name, in the order it writes them (parents first)."""
    spec = [
        (
            Person,
            "id id_number id_number_digest name sex birth_date phone phone_digest address "
            "id_area_unverified organisation_id created_by_id created_at version",
        ),
        (DisputeCase, "id " + " ".join(CASE_COLUMNS)),
        (Applicant, "case_id person_id representative"),
        (Claim, "case_id claim_type amount note"),
        (
            Referral,
            "case_id from_organisation_id to_organisation_id status referred_by_id referred_at resolved_at",
        ),
        (DisputeCase.mediators.through, "disputecase_id user_id"),
        (Suspension, "case_id started_on ended_on reason"),
        (MediationAgreement, "id case_id signed_on terms defaulted_on"),
        (AgreementItem, "id agreement_id claim_type description amount due_on paid_amount"),
        (Payment, "item_id amount paid_on recorded_by_id recorded_at"),
        (
            ArbitrationCase,
            "id case_id commission_id number applied_on acceptance_due_on accepted_on "
            "award_due_on extended awarded_on award_summary final tribunal infringement_known_on employment_ended_on",
        ),
        (AwardItem, "arbitration_id claim_type amount final"),
        (Litigation, "case_id filed_by filed_on court outcome concluded_on"),
        (
            WorkItem,
            "kind title subject_type_id subject_id url organisation_id role assignee_id starts_on "
            "due_soon_on due_on period_citation schedule_unconfirmed status opened_at closed_at reminded_on "
            "overdue_reminded_on",
        ),
    ]
    return {model._meta.model_name: Table(model, columns.split()) for model, columns in spec}


# the tables whose primary keys other rows refer to: reserved by the parent for each batch
KEYED = ("person", "disputecase", "mediationagreement", "agreementitem", "arbitrationcase")

CASE_COLUMNS = [
    "number",
    "query_digest",
    "channel",
    "status",
    "case_type",
    "collective",
    "common_claim",
    "worker_count",
    "facts",
    "respondent_id",
    "street_id",
    "industry_id",
    "received_by_id",
    "organisation_id",
    "mediating_organisation_id",
    "received_on",
    "mediation_due_on",
    "extension_days",
    "suspended_days",
    "suspended_on",
    "mediated",
    "outcome",
    "outcome_on",
    "closed_on",
    "reason",
    "claimed_total",
    "agreed_total",
    "paid_total",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
]


# --- what one case became ----------------------------------------------------------------------------------


@dataclass
class Story:
    """One case and what hangs off it, as plain values until the batch is written."""

    case: SimpleNamespace  # DisputeCase columns by attname
    workers: int
    claims: list[tuple[str, Decimal]]
    mediating: int  # the organisation's id
    respondent: str
    referral: str = ""  # a ReferralStatus, or "" when the centre kept the case
    referred_on: date | None = None
    taken_on: date | None = None
    mediator: int | None = None
    suspension: tuple[date, date | None] | None = None
    # signed on, [(claim type, amount, due on, paid, paid on)]
    agreement: tuple[date, list[tuple[str, Decimal, date, Decimal, date | None]]] | None = None
    arbitration: dict | None = None
    award: list[tuple[str, Decimal]] = field(default_factory=list)
    litigation: dict | None = None
    tasks: list[dict] = field(default_factory=list)


@dataclass
class Result:
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds: rows, statistics, indexes and commit
    workers: int = 0
    rebuilt_indexes: bool = False

    @property
    def total_rows(self) -> int:
        return self.cases + sum(self.rows.values())


@dataclass
class Plan:
    """What the drawing needs from the database, as plain values: loaded once by the parent and sent to
    each worker process."""

    centre: int
    centre_prefix: str
    commission: int | None
    commission_prefix: str
    enterprises: list[tuple[int, int, int, str]]  # id, street, industry, name
    studios: list[int]
    villages: list[int]
    committees: list[int]
    committee_firm: dict[int, tuple | None]
    mediators: dict[int, list[int]]
    staff: int
    claim_types: list[str]
    claim_weights: list[int]
    labels: dict[str, str]
    calendar: WorkCalendar
    case_type_id: int
    areas: dict[int, list[str]]
    today: date
    start: date
    prior: float
    success: float
    seed: int
    zone: str
    # the final-award limit (第四十七条) from each day in the period the minimum wage changed (the first from
    # the period's start), so that each award is tested by the limit in force on its own day; loaded once,
    # as the drawing runs without the database
    final_limits: list[tuple[date, Decimal]]

    def final_limit_on(self, day: date) -> Decimal:
        """services.final_award_limit(day), from the limits loaded (a day before the period: its first)."""
        return self.final_limits[max(bisect_right(self.final_limits, day, key=lambda f: f[0]) - 1, 0)][1]

    @classmethod
    def load(
        cls, centre: Organisation, commission: Organisation | None, *, years, seed, prior, success, today
    ):
        start = today - timedelta(days=365 * years - 1)
        ancestors = [int(i) for i in centre.path.strip("/").split("/")]
        streets = Organisation.objects.filter(kind=OrganisationKind.STREET).filter(
            Q(pk__in=ancestors) | Q(path__startswith=centre.path)
        )
        enterprises = list(
            Enterprise.objects.filter(street__in=streets)
            .order_by("pk")
            .values_list("pk", "street_id", "industry_id", "name")
        )
        if not enterprises:
            raise GeneratorError(f"no enterprises registered in the streets of {centre}: run load_demo first")
        below = list(
            Organisation.objects.filter(path__startswith=centre.path, active=True)
            .exclude(pk=centre.pk)
            .order_by("pk")
        )
        committees = [o for o in below if o.kind == OrganisationKind.ENTERPRISE_COMMITTEE]
        by_name = {e[3]: e for e in enterprises}  # a committee mediates its own enterprise's disputes
        mediators: dict[int, list[int]] = defaultdict(list)
        for pk, org in (
            User.objects.filter(
                role=Role.MEDIATOR, is_active=True, organisation__path__startswith=centre.path
            )
            .order_by("pk")
            .values_list("pk", "organisation_id")
        ):
            mediators[org].append(pk)
        staff = (
            User.objects.filter(is_active=True, organisation__path__startswith=centre.path)
            .filter(role__in=[Role.MEDIATOR, Role.DEPARTMENT_ADMIN])
            .order_by("pk")
            .first()
        ) or User.objects.filter(is_superuser=True).order_by("pk").first()
        if staff is None:
            raise GeneratorError("no user to record referrals and payments: create the centre's staff first")
        known = set(
            DictionaryEntry.objects.filter(dictionary="claim_type", active=True).values_list(
                "code", flat=True
            )
        )
        claim_types = [t for t in CLAIMS if t in known]
        if not claim_types:
            raise GeneratorError("no claim types in the dictionary: run migrate / load_demo first")
        # ID numbers: area codes in use in each birth year, so every number passes the strict check
        probe = random.Random(0)
        areas = {
            year: [a for a in ALL_AREAS if ric.is_valid(citizen_id(probe, area=a, birth=date(year, 6, 1)))]
            for year in range(1960, 2006)
        }
        commission = commission or _nearest_commission(centre)
        return cls(
            centre=centre.pk,
            centre_prefix=centre.case_prefix,
            commission=commission.pk if commission else None,
            commission_prefix=commission.case_prefix if commission else "",
            enterprises=enterprises,
            studios=[o.pk for o in below if o.kind == OrganisationKind.MEDIATION_STUDIO],
            villages=[o.pk for o in below if o.kind == OrganisationKind.VILLAGE],
            committees=[o.pk for o in committees],
            committee_firm={o.pk: by_name.get(o.name.removesuffix("劳动争议调解委员会")) for o in committees},
            mediators=dict(mediators),
            staff=staff.pk,
            claim_types=claim_types,
            claim_weights=[CLAIMS[t][0] for t in claim_types],
            labels=dict(DictionaryEntry.objects.filter(dictionary="claim_type").values_list("code", "label")),
            calendar=WorkCalendar.load(start - timedelta(days=1), today + timedelta(days=400)),
            case_type_id=ContentType.objects.get_for_model(DisputeCase).pk,
            areas=areas,
            today=today,
            start=start,
            prior=prior,
            success=success,
            seed=seed,
            zone=str(timezone.get_current_timezone()),
            final_limits=_final_limits(start, today),
        )


def _final_limits(start: date, end: date) -> list[tuple[date, Decimal]]:
    """The final-award limit on `start`, and on each later day up to `end` that a minimum wage took effect."""
    changes = StatutoryAmount.objects.filter(
        kind=AmountKind.MONTHLY_MINIMUM_WAGE, effective_from__gt=start, effective_from__lte=end
    ).values_list("effective_from", flat=True)
    return [(day, final_award_limit(day)) for day in sorted({start, *changes})]


def _nearest_commission(centre: Organisation) -> Organisation | None:
    """The deepest arbitration commission under the centre's district bureau (科创仲裁庭 for 张江)."""
    ids = [int(i) for i in centre.path.strip("/").split("/")]
    bureau = Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.BUREAU).order_by("-depth").first()
    if bureau is None:
        return None
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.ARBITRATION_COMMISSION, path__startswith=bureau.path, active=True
        )
        .order_by("-depth", "pk")
        .first()
    )


# --- drawing: one batch at a time, in the parent or in a worker process --------------------------------


class Cases:
    """Draws batches of cases from a Plan. One batch at a time: `draw` it (stories and applicants, with
    the applicants' ID digests for the parent to check), `redraw` the applicants whose number was taken,
    then `rows` (or `encode`) with the primary keys and number bases the parent reserved."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.centre, self.commission, self.today = plan.centre, plan.commission, plan.today
        self.prior, self.success, self.mediators = plan.prior, plan.success, plan.mediators
        self.labels, self.calendar, self.case_type_id = plan.labels, plan.calendar, plan.case_type_id
        self.zone = ZoneInfo(plan.zone)
        self._due: dict[tuple[date, int], date] = {}
        self._times: dict[tuple[date, int], datetime] = {}
        id_number, phone = Person._meta.get_field("id_number"), Person._meta.get_field("phone")
        self._seal_id, self._seal_phone = id_number.get_prep_value, phone.get_prep_value
        self._digest_id, self._digest_phone = id_number.digest, phone.digest
        self.rng = random.Random()
        self.stories: list[Story] = []
        self.people: list[tuple] = []

    def due(self, start: date, days: int) -> date:
        """The end of a period in calendar days, rolled past rest days (compute_deadline's rule), from one
        calendar loaded for the whole run."""
        key = (start, days)
        if key not in self._due:
            self._due[key] = self.calendar.roll_forward(start + timedelta(days=days))
        return self._due[key]

    def _at(self, day: date, hour: int) -> datetime:
        key = (day, hour)
        if key not in self._times:
            self._times[key] = datetime.combine(day, time(hour), tzinfo=self.zone)
        return self._times[key]

    # --- the protocol ------------------------------------------------------------------------------

    def draw(self, index: int, dates: list[date], numbers: dict[int, int]) -> dict:
        """Batch `index`: a case for each received date, numbered on from `numbers` (last serial issued
        per year)."""
        self.rng = random.Random(f"{self.plan.seed}:{index}")
        self.serials = Counter(numbers)
        self.arbitrations: Counter = Counter()  # serials issued in this batch, per year, from 1
        self.stories = [self.story(d) for d in dates]
        self.people = [self._person(s.case.created_at) for s in self.stories for _ in range(s.workers)]
        return {
            "digests": [p[1] for p in self.people],
            "counts": {
                "person": len(self.people),
                "disputecase": len(self.stories),
                "mediationagreement": sum(1 for s in self.stories if s.agreement),
                "agreementitem": sum(len(s.agreement[1]) for s in self.stories if s.agreement),
                "arbitrationcase": sum(1 for s in self.stories if s.arbitration),
            },
            "arbitrations": dict(self.arbitrations),
        }

    def redraw(self, indices: list[int]) -> list[str]:
        """New people for those whose ID number was taken; their digests."""
        for i in indices:
            self.people[i] = self._person(self.people[i][-1])
        return [self.people[i][1] for i in indices]

    def encode(self, ids: dict[str, list[int]], arbitration_bases: dict[int, int]) -> tuple:
        rows, counts, statuses = self.rows(ids, arbitration_bases)
        all_tables = tables()
        return {name: all_tables[name].encode(r) for name, r in rows.items() if r}, counts, statuses

    # --- drawing -----------------------------------------------------------------------------------

    def _mediating(self) -> tuple[int, tuple | None]:
        rng, plan, r = self.rng, self.plan, self.rng.random()
        if r < SHARE_CENTRE or not (plan.studios or plan.villages or plan.committees):
            return self.centre, None
        if r < SHARE_CENTRE + SHARE_STUDIO and plan.studios:
            return rng.choice(plan.studios), None
        if (r < SHARE_CENTRE + SHARE_STUDIO + SHARE_VILLAGES and plan.villages) or not plan.committees:
            return rng.choice(plan.villages or plan.studios), None
        committee = rng.choice(plan.committees)
        return committee, plan.committee_firm.get(committee)

    def _workers(self) -> int:
        r = self.rng.random()
        if r < 0.86:
            return 1
        if r < 0.97:
            return self.rng.randint(2, 5)
        if r < 0.99:
            return self.rng.randint(6, 9)
        return self.rng.randint(law.COLLECTIVE_DISPUTE_MIN_WORKERS, 30)

    def _claims(self, workers: int) -> list[tuple[str, Decimal]]:
        rng, types_known, weights = self.rng, self.plan.claim_types, self.plan.claim_weights
        wanted = min(rng.choices((1, 2, 3), (55, 35, 10))[0], len(types_known))
        types: list[str] = []
        while len(types) < wanted:
            t = rng.choices(types_known, weights)[0]
            if t not in types:
                types.append(t)
        scale = 1 if workers == 1 else workers * rng.uniform(0.7, 1.0)
        claims = []
        for t in types:
            _weight, low, high = CLAIMS[t]
            one = low + (high - low) * rng.random() ** 2  # most claims are small
            claims.append((t, min(Decimal("9999999.99"), Decimal(f"{one * scale:.2f}"))))
        return claims

    def _person(self, created_at: datetime) -> tuple:
        """(ID number, its digest, name, sex, birth date, phone, created at): encrypted when written."""
        rng = self.rng
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
        number = citizen_id(rng, area=rng.choice(self.plan.areas[birth.year]), birth=birth)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        sex = "M" if int(number[16]) % 2 else "F"
        return (number, self._digest_id(number), name, sex, birth, mobile(rng), created_at)

    def _number(self, received: date) -> str:
        self.serials[received.year] += 1
        return f"{self.plan.centre_prefix}〔{received.year}〕{self.serials[received.year]:04d}号"

    def _arbitration_number(self, applied: date) -> tuple[int, int]:
        """(year, serial within this batch): the parent gives the batch its base for each year."""
        self.arbitrations[applied.year] += 1
        return applied.year, self.arbitrations[applied.year]

    # --- one case's story --------------------------------------------------------------------------

    def story(self, received: date) -> Story:
        rng, centre = self.rng, self.centre
        mediating, firm = self._mediating()
        respondent, street, industry, name = firm or rng.choice(self.plan.enterprises)
        workers = self._workers()
        claims = self._claims(workers)
        number = self._number(received)
        case = SimpleNamespace(
            number=number,
            query_digest=query_digest_of(number, f"{rng.randrange(10**6):06d}"),
            channel=rng.choices(("counter", "portal", "api"), (70, 25, 5))[0],
            status=S.APPLIED,
            case_type=CASE_TYPE_OF_CLAIM[claims[0][0]],
            # the history's cases of ten or more are collective disputes: claims common to all (第七条)
            collective=is_collective(workers, common_claim=True),
            common_claim=workers > 1,
            worker_count=workers,
            facts=FACTS[claims[0][0]].format(month=_month(received - timedelta(days=rng.randint(20, 300)))),
            respondent_id=respondent,
            street_id=street,
            industry_id=industry,
            received_by_id=centre,
            organisation_id=centre,
            mediating_organisation_id=centre,
            received_on=received,
            mediation_due_on=None,
            extension_days=0,
            suspended_days=0,
            suspended_on=None,
            mediated=False,
            outcome="",
            outcome_on=None,
            closed_on=None,
            reason="",
            claimed_total=sum((a for _t, a in claims), ZERO),
            agreed_total=ZERO,
            paid_total=ZERO,
            created_by_id=None,
            created_at=self._at(received, rng.randint(9, 16)),
            updated_at=None,
            version=1,
        )
        story = Story(case, workers, claims, mediating, name)
        self._live(story)
        case.updated_at = self._at(min(self.today, case.closed_on or case.outcome_on or received), 17)
        return story

    def _live(self, s: Story) -> None:
        """Carry the case through its life until today, and stop wherever today falls. The periods' lengths
        are their default rules (statute or settings): this runs in workers, which do not touch the database
        where local period rules are kept."""
        rng, today, case = self.rng, self.today, s.case
        period = law.MEDIATION_PERIOD.default_rule.length
        mediated = rng.random() < self.prior
        accepted = case.received_on + timedelta(days=rng.choice((0, 0, 1, 1, 1, 2, 3)))
        if not mediated and rng.random() < DECLINED_SHARE:
            if accepted <= today:
                case.status, case.closed_on, case.version = S.DECLINED, accepted, 2
                case.reason = rng.choice(DECLINE_REASONS)
            return
        if accepted > today:
            return
        case.status, case.version = S.ACCEPTED, 2
        case.mediation_due_on = self.due(case.received_on, period)
        if s.mediating != self.centre:
            case.status, case.organisation_id, case.version = S.REFERRED, s.mediating, 3
            case.mediating_organisation_id = s.mediating
            s.referral, s.referred_on = ReferralStatus.PENDING, accepted
        if not mediated:  # withdrawn before anyone mediated
            gone = accepted + timedelta(days=rng.randint(0, 3))
            if gone <= today:
                case.status, case.reason, case.version = (
                    S.WITHDRAWN,
                    rng.choice(WITHDRAW_REASONS),
                    case.version + 1,
                )
                case.outcome_on = case.closed_on = gone
            return
        taken = accepted + timedelta(days=rng.choice((0, 1, 1, 2)))
        if taken > today:
            return
        case.status, case.mediated, case.version = S.MEDIATING, True, case.version + 1
        if s.referral:
            s.referral, s.taken_on = ReferralStatus.TAKEN, taken
        mediators = self.mediators.get(s.mediating)
        s.mediator = rng.choice(mediators) if mediators else None

        if rng.random() < WITHDRAWN_IN_MEDIATION:
            fate, days = "withdrawn", rng.randint(2, 12)
        elif rng.random() < self.success:
            fate, days = "settled", int(rng.triangular(1, 14, 6))
        else:
            fate, days = "failed", int(rng.triangular(3, 16, 12))
        if rng.random() < EXTENDED_SHARE:  # the parties agreed to go on past the period
            case.extension_days = rng.choice((5, 10, 15))
            days += rng.randint(0, case.extension_days)
        if rng.random() < SUSPENDED_SHARE:
            stopped = taken + timedelta(days=rng.randint(1, max(1, days)))
            length = rng.randint(3, 20)
            if stopped <= today < stopped + timedelta(days=length):  # still suspended
                case.mediation_due_on = self.due(case.received_on, period + case.extension_days)
                case.status, case.suspended_on, case.version = S.SUSPENDED, stopped, case.version + 1
                s.suspension = (stopped, None)
                return
            if stopped <= today:
                case.suspended_days, case.version = length, case.version + 2
                s.suspension = (stopped, stopped + timedelta(days=length))
            days += length
        case.mediation_due_on = self.due(case.received_on, period + case.extension_days + case.suspended_days)
        outcome_on = taken + timedelta(days=days)
        if fate == "failed" and rng.random() < EXPIRED_SHARE:
            outcome_on, case.reason = case.mediation_due_on + timedelta(days=rng.randint(1, 5)), EXPIRED
        if outcome_on > today:
            return
        case.version += 1
        if fate == "withdrawn":
            case.status, case.outcome, case.reason = (
                S.WITHDRAWN,
                Outcome.WITHDRAWN,
                rng.choice(WITHDRAW_REASONS),
            )
            case.outcome_on = case.closed_on = outcome_on
        elif fate == "settled":
            self._settle(s, outcome_on)
        else:
            case.status, case.outcome, case.outcome_on = S.FAILED, Outcome.FAILED, outcome_on
            case.reason = case.reason or rng.choice(FAIL_REASONS)
            if self.commission and rng.random() < TO_ARBITRATION:
                self._arbitrate(s, outcome_on + timedelta(days=rng.randint(0, 20)))

    def _settle(self, s: Story, signed: date) -> None:
        """An agreement with an item per claim (two at most); items due by today are nearly all paid."""
        rng, today, case = self.rng, self.today, s.case
        case.status, case.outcome, case.outcome_on = S.SETTLED, Outcome.SETTLED, signed
        items = []
        for claim_type, claimed in s.claims[:2]:
            amount = max(Decimal("100"), _share(claimed, 0.55, 1.0, rng))
            due_on = signed + timedelta(days=rng.choice((0, 3, 7, 15, 30, 45, 60)))
            paid_by = signed + timedelta(days=rng.randint(0, (min(due_on, today) - signed).days))
            # long past due: paid (a default would have gone on to arbitration); recently due: nearly all
            r = 0 if due_on < today - timedelta(days=LATE_PAYMENT_DAYS) else rng.random()
            if r < (0.97 if due_on <= today else 0.35):
                items.append((claim_type, amount, due_on, amount, paid_by))
            elif due_on <= today or r < 0.5:
                items.append((claim_type, amount, due_on, _share(amount, 0.3, 0.7, rng), paid_by))
            else:
                items.append((claim_type, amount, due_on, ZERO, None))
        s.agreement = (signed, items)
        case.agreed_total = sum((i[1] for i in items), ZERO)
        case.paid_total = sum((i[3] for i in items), ZERO)
        case.version += sum(1 for i in items if i[3])
        if case.paid_total == case.agreed_total:
            case.status, case.closed_on = S.CLOSED, max(i[4] for i in items)

    def _arbitrate(self, s: Story, applied: date) -> None:
        rng, today, case = self.rng, self.today, s.case
        if applied > today:
            return
        acceptance_due = self.due(applied, law.ARBITRATION_ACCEPTANCE.default_rule.length)
        a = s.arbitration = {
            "number": self._arbitration_number(applied),
            "applied_on": applied,
            "acceptance_due_on": acceptance_due,
            "accepted_on": None,
            "award_due_on": None,
            "extended": False,
            "awarded_on": None,
            "award_summary": "",
            "final": None,
        }
        case.status, case.organisation_id, case.version = S.ARBITRATION, self.commission, case.version + 1
        accepted = min(acceptance_due, applied + timedelta(days=rng.randint(1, 5)))
        if accepted > today:
            return
        days = law.ARBITRATION_AWARD.default_rule.length
        if rng.random() < 0.06:
            days += law.ARBITRATION_EXTENSION.default_rule.length
            a["extended"], case.version = True, case.version + 1
        a.update(accepted_on=accepted, award_due_on=self.due(accepted, days))
        case.version += 1
        awarded = min(a["award_due_on"], accepted + timedelta(days=rng.randint(20, days - 1)))
        if awarded > today:
            return
        s.award = [(t, _share(amount, 0.3, 1.0, rng, CENT)) for t, amount in s.claims]
        total = sum((amount for _t, amount in s.award), ZERO)
        what = "、".join(self.labels.get(t, t) for t, _a in s.award)
        a.update(
            awarded_on=awarded,
            final=all(is_final_item(t, amount, self.plan.final_limit_on(awarded)) for t, amount in s.award),
            award_summary=f"被申请人支付申请人{what}共计{total:,.2f}元，驳回申请人的其他仲裁请求。",
        )
        case.status, case.version = S.AWARDED, case.version + 1
        if rng.random() < SUED_AFTER_AWARD:
            filed = awarded + timedelta(days=rng.randint(3, 15))
            if filed > today:
                return
            side = rng.choice(("worker", "employer"))
            s.litigation = {
                # an employer cannot sue against a final award (劳动争议调解仲裁法 第四十九条)
                "filed_by": "worker" if a["final"] else side,
                "filed_on": filed,
                "court": COURT,
                "outcome": "",
                "concluded_on": None,
            }
            case.status, case.version = S.LITIGATION, case.version + 1
            concluded = filed + timedelta(days=rng.randint(60, 200))
            if concluded <= today:
                s.litigation.update(concluded_on=concluded, outcome=rng.choice(("维持仲裁裁决", "部分改判")))
                case.status, case.closed_on, case.version = S.CLOSED, concluded, case.version + 1
        else:
            closes = awarded + timedelta(days=rng.randint(16, 30))
            if closes <= today:
                case.status, case.closed_on, case.version = S.CLOSED, closes, case.version + 1

    def _tasks(self, s: Story) -> None:
        """The tasks the services would have left open for the case's state (same kinds and titles)."""
        case, n, status = s.case, s.case.number, s.case.status
        tasks = []  # (kind, title, organisation, starts, due, role, assignee, citation)
        if status == S.APPLIED:
            due = self.calendar.add_working_days(case.received_on, law.MEDIATION_INTAKE.default_rule.length)
            title = official("受理审查：%(number)s %(name)s", number=n, name=s.respondent)
            tasks.append(("dispute.intake", title, self.centre, case.received_on, due, Role.MEDIATOR))
        elif status == S.ACCEPTED:
            title = official("分派案件：%(number)s", number=n)
            due = self.today + timedelta(days=1)
            tasks.append(("dispute.route", title, self.centre, self.today, due, Role.MEDIATOR))
        elif status == S.REFERRED:
            title = official("接收转派案件：%(number)s", number=n)
            org, due = case.organisation_id, case.mediation_due_on
            tasks.append(("dispute.take_up", title, org, s.referred_on, due, Role.MEDIATOR))
        elif status in (S.MEDIATING, S.SUSPENDED):
            title, citation = official("调解：%(number)s", number=n), official(law.MEDIATION_PERIOD.citation)
            role = "" if s.mediator else Role.MEDIATOR
            org, due = case.organisation_id, case.mediation_due_on
            tasks.append(("dispute.mediate", title, org, case.received_on, due, role, s.mediator, citation))
        elif status == S.SETTLED:
            signed, items = s.agreement
            title, due = official("跟踪协议履行：%(number)s", number=n), max(i[2] for i in items)
            tasks.append(("dispute.performance", title, case.organisation_id, signed, due, Role.MEDIATOR))
        elif status in (S.ARBITRATION, S.AWARDED):
            a, org = s.arbitration, case.organisation_id
            if status == S.AWARDED:
                period = law.WORKER_SUIT_AFTER_FINAL_AWARD if a["final"] else law.SUIT_AFTER_NON_FINAL_AWARD
                kind = "arbitration.suit_window"
                title = official("裁决起诉期限届满后结案：%(number)s", number=a["number"])
                starts, due = a["awarded_on"], self.due(a["awarded_on"], period.default_rule.length)
            elif a["accepted_on"]:
                period, kind = law.ARBITRATION_AWARD, "arbitration.award"
                title = official("仲裁审理：%(number)s", number=a["number"])
                starts, due = a["accepted_on"], a["award_due_on"]
            else:  # a collective dispute's flagged for priority filing (办案规则 第五条)
                period, kind = law.ARBITRATION_ACCEPTANCE, "arbitration.accept"
                title = acceptance_task_title(a["number"], case.collective)
                starts, due = a["applied_on"], a["acceptance_due_on"]
            tasks.append((kind, title, org, starts, due, Role.ARBITRATOR, None, official(period.citation)))
        if case.collective and status in OPEN_BEFORE_OUTCOME:  # 第七条: raised to the centre's leaders
            title = official("集体劳动争议（%(n)d人）：%(name)s", n=s.workers, name=s.respondent)
            due = case.received_on + timedelta(days=1)
            tasks.append(
                ("dispute.collective", title, self.centre, case.received_on, due, Role.DEPARTMENT_ADMIN)
            )
        for kind, title, org, starts, due, role, *rest in tasks:
            assignee, citation = (rest + [None, ""])[:2]
            s.tasks.append(
                {
                    "kind": kind,
                    "title": title[:200],
                    "subject_type_id": self.case_type_id,
                    "organisation_id": org,
                    "role": role,
                    "assignee_id": assignee,
                    "starts_on": starts,
                    "due_soon_on": due_soon_date(starts, due),
                    "due_on": due,
                    "period_citation": citation,
                    "schedule_unconfirmed": False,
                    "status": "open",
                    "opened_at": self._at(starts, 9),
                    "closed_at": None,
                    "reminded_on": None,
                    "overdue_reminded_on": None,
                }
            )

    # --- rows --------------------------------------------------------------------------------------

    def rows(self, ids: dict[str, list[int]], arbitration_bases: dict[int, int]) -> tuple:
        """The batch's rows by table (tuples in tables()' column order), the rows per table and the
        cases per status."""
        plan, at, stories = self.plan, self._at, self.stories
        rows: dict[str, list[tuple]] = {name: [] for name in tables()}
        statuses: Counter = Counter()
        seal_id, seal_phone, digest_phone = self._seal_id, self._seal_phone, self._digest_phone
        rows["person"] = [
            (pk, seal_id(number), digest, name, sex, birth, seal_phone(phone), digest_phone(phone), "", False)
            + (self.centre, None, created_at, 1)
            for pk, (number, digest, name, sex, birth, phone, created_at) in zip(
                ids["person"], self.people, strict=True
            )
        ]
        person_ids = iter(ids["person"])
        case_ids = iter(ids["disputecase"])
        agreement_ids, item_ids = iter(ids["mediationagreement"]), iter(ids["agreementitem"])
        arbitration_ids = iter(ids["arbitrationcase"])
        for s in stories:
            case = s.case
            case.id = next(case_ids)
            if s.arbitration:
                year, serial = s.arbitration["number"]
                serial += arbitration_bases.get(year, 0)
                s.arbitration["number"] = f"{plan.commission_prefix}〔{year}〕{serial:04d}号"
            self._tasks(s)
            values = vars(case)
            rows["disputecase"].append((case.id, *(values[c] for c in CASE_COLUMNS)))
            representatives = law.collective_representatives()[0] if case.collective else 1
            for i in range(s.workers):
                rows["applicant"].append((case.id, next(person_ids), i < representatives))
            for claim_type, amount in s.claims:
                rows["claim"].append((case.id, claim_type, amount, ""))
            if s.referral:
                resolved = at(s.taken_on, 15) if s.taken_on else None
                rows["referral"].append(
                    (
                        case.id,
                        self.centre,
                        s.mediating,
                        s.referral,
                        plan.staff,
                        at(s.referred_on, 11),
                        resolved,
                    )
                )
            if s.mediator:
                rows["disputecase_mediators"].append((case.id, s.mediator))
            if s.suspension:
                started, ended = s.suspension
                rows["suspension"].append((case.id, started, ended, SUSPENSION_REASON))
            if s.agreement:
                self._agreement_rows(s, next(agreement_ids), item_ids, rows)
            if s.arbitration:
                self._arbitration_rows(s, next(arbitration_ids), rows)
            if s.litigation:
                lit = s.litigation
                rows["litigation"].append(
                    (
                        case.id,
                        lit["filed_by"],
                        lit["filed_on"],
                        lit["court"],
                        lit["outcome"],
                        lit["concluded_on"],
                    )
                )
            for t in s.tasks:
                rows["workitem"].append(
                    (t["kind"], t["title"], self.case_type_id, str(case.id), f"/disputes/{case.id}/")
                    + (t["organisation_id"], t["role"], t["assignee_id"], t["starts_on"], t["due_soon_on"])
                    + (t["due_on"], t["period_citation"], False, "open", t["opened_at"], None, None, None)
                )
            statuses[case.status] += 1
        counts = Counter({name: len(r) for name, r in rows.items() if name != "disputecase"})
        self.stories, self.people = [], []
        return rows, counts, statuses

    def _agreement_rows(self, s: Story, agreement: int, item_ids, rows: dict) -> None:
        signed, items = s.agreement
        labels = self.labels
        terms = "；".join(
            f"被申请人于{_day(due)}前支付{labels.get(t, t)}{amount:,.2f}元" for t, amount, due, *_p in items
        )
        rows["mediationagreement"].append((agreement, s.case.id, signed, terms + "。", None))
        for claim_type, amount, due_on, paid, paid_on in items:
            item = next(item_ids)
            description = f"支付{labels.get(claim_type, claim_type)}"
            rows["agreementitem"].append((item, agreement, claim_type, description, amount, due_on, paid))
            if paid:
                rows["payment"].append((item, paid, paid_on, self.plan.staff, self._at(paid_on, 14)))

    def _arbitration_rows(self, s: Story, pk: int, rows: dict) -> None:
        a = s.arbitration
        rows["arbitrationcase"].append(
            (pk, s.case.id, self.commission, a["number"], a["applied_on"], a["acceptance_due_on"])
            + (
                a["accepted_on"],
                a["award_due_on"],
                a["extended"],
                a["awarded_on"],
                a["award_summary"],
                a["final"],
                "",  # the history records no tribunal (TribunalSeat): its make-up is not known
                None,  # nor when the worker knew of the infringement, nor the end of the employment (第二十七条)
                None,
            )
        )
        for claim_type, amount in s.award:
            final = is_final_item(claim_type, amount, self.plan.final_limit_on(a["awarded_on"]))
            rows["awarditem"].append((pk, claim_type, amount, final))


# --- the run ---------------------------------------------------------------------------------------------


class Generator:
    def __init__(
        self,
        *,
        centre: Organisation,
        count: int,
        years: int = 3,
        seed: int = 1,
        prior_mediation: float = 0.8,
        success: float = 0.8,
        batch: int = 2000,
        commission: Organisation | None = None,
        today: date | None = None,
        workers: int | None = None,
        rebuild_indexes: bool | None = None,
    ):
        """`workers`: processes drawing the cases (0: this one; default: two on PostgreSQL for a big run).
        `rebuild_indexes`: build the tables' indexes and foreign keys once at the end (default: on
        PostgreSQL for a big run; other sessions wait for the tables meanwhile)."""
        if centre.kind != OrganisationKind.MEDIATION_CENTRE:
            raise GeneratorError(f"{centre} is not a mediation centre")
        if not (0 <= prior_mediation <= 1 and 0 <= success <= 1):
            raise GeneratorError("--prior-mediation and --success are shares between 0 and 1")
        if count < 0 or years < 1:
            raise GeneratorError("--count must be at least 0 and --years at least 1")
        if connection.vendor not in ("postgresql", "sqlite"):
            raise GeneratorError(f"generate_disputes writes to PostgreSQL or SQLite, not {connection.vendor}")
        big = connection.vendor == "postgresql" and count >= BIG_RUN
        if workers is None:
            workers = min(2, os.cpu_count() or 1) if big else 0
        if workers and connection.vendor != "postgresql":
            raise GeneratorError(
                "worker processes write through PostgreSQL's COPY: use --workers 0 on SQLite"
            )
        self.workers = workers if workers >= 2 else 0  # one worker would only wait for the parent
        self.rebuild_indexes = big if rebuild_indexes is None else rebuild_indexes
        self.centre, self.count, self.years, self.seed = centre, count, years, seed
        self.prior, self.success, self.batch = prior_mediation, success, max(100, batch)
        self.today = today or timezone.localdate()
        self.start = self.today - timedelta(days=365 * years - 1)
        self.rng = random.Random(seed)
        self.plan = Plan.load(
            centre,
            commission,
            years=years,
            seed=seed,
            prior=prior_mediation,
            success=success,
            today=self.today,
        )
        self.commission = Organisation.objects.get(pk=self.plan.commission) if self.plan.commission else None
        self.sequence = _sequence(centre, "dispute")
        self.arbitration_sequence = (
            _sequence(self.commission, "arbitration") if self.commission else Counter()
        )

    def received_dates(self) -> list[date]:
        """Applications over the period, oldest first: few on rest days, more after the Spring Festival and
        at the end of the year (wages owed before the holidays)."""
        month_weight = {1: 1.25, 2: 0.8, 3: 1.2, 4: 1.0, 5: 0.95, 6: 1.0, 7: 1.0, 8: 0.95, 9: 1.0, 10: 0.9}
        days = [self.start + timedelta(days=i) for i in range((self.today - self.start).days + 1)]
        calendar = self.plan.calendar
        weights = [
            month_weight.get(d.month, 1.15) * (1 if calendar.is_working_day(d) else 0.15) for d in days
        ]
        return sorted(self.rng.choices(days, weights, k=self.count))

    def run(self, *, progress: bool = True) -> Result:
        started = time_now = perf_counter()
        result = Result(
            workers=self.workers, rebuilt_indexes=self.rebuild_indexes and connection.vendor == "postgresql"
        )
        dates = self.received_dates()
        batches, numbers = [], []
        for first in range(0, self.count, self.batch):
            chunk = dates[first : first + self.batch]
            batches.append(chunk)
            numbers.append(dict(self.sequence))
            self.sequence.update(d.year for d in chunk)
        self._taken = set(Person.objects.values_list("id_number_digest", flat=True))
        models = [t.model for t in tables().values()]
        with (
            Loader(models, rebuild_indexes=self.rebuild_indexes) as load,
            tqdm(total=self.count, desc="disputes", unit="case", disable=not progress) as bar,
        ):
            if self.workers:
                self._run_in_workers(load, batches, numbers, result, bar)
            else:
                self._run_here(load, batches, numbers, result, bar)
            result.phases["rows"], time_now = perf_counter() - time_now, perf_counter()
            self._advance_sequences()
            metrics.rebuild()
            record_event(
                self.centre,
                "dispute.generated",
                official(
                    "批量生成劳动争议案件%(count)d件（收到申请日%(start)s至%(end)s）",
                    count=result.cases,
                    start=self.start.isoformat(),
                    end=self.today.isoformat(),
                ),
                organisation=self.centre,
                changes={
                    "cases": result.cases,
                    "rows": dict(result.rows),
                    "years": self.years,
                    "seed": self.seed,
                    "prior_mediation": self.prior,
                    "success": self.success,
                    "statuses": dict(result.statuses),
                },
            )
            result.phases["statistics"], time_now = perf_counter() - time_now, perf_counter()
        result.phases["indexes and commit"] = perf_counter() - time_now
        result.seconds = max(perf_counter() - started, 0.001)
        return result

    def _run_here(self, load: Loader, batches, numbers, result: Result, bar) -> None:
        cases, all_tables = Cases(self.plan), tables()
        for index, (chunk, first) in enumerate(zip(batches, numbers, strict=True)):
            drawn = cases.draw(index, chunk, first)
            ids, bases = self._settle(drawn, cases.redraw)
            rows, counts, statuses = cases.rows(ids, bases)
            for name, table_rows in rows.items():
                load.write(all_tables[name], table_rows)
            self._count(result, counts, statuses, bar)

    def _run_in_workers(self, load: Loader, batches, numbers, result: Result, bar) -> None:
        """Batch k is drawn and encoded by worker k mod n, which is asked to draw its next batch as soon
        as it has been told to encode this one. The parent settles batches strictly in order (so
        uniqueness and numbering are those of a run in one process) and streams each batch's COPY data."""
        all_tables, n = tables(), len(batches)
        with Workers("renshe.disputes.generator:Cases", self.plan, self.workers) as pool:
            w = len(pool)

            def write(k: int) -> None:
                encoded, counts, statuses = pool.receive(k % w)
                for name, data in encoded.items():
                    load.write_encoded(all_tables[name], data)
                self._count(result, counts, statuses, bar)

            def redraw(i: int, indices: list[int]) -> list[str]:
                pool.send(i, "redraw", indices)
                return pool.receive(i)

            for k in range(min(w, n)):
                pool.send(k, "draw", k, batches[k], numbers[k])
            for k in range(n):
                i = k % w
                if k >= w:
                    write(k - w)  # that worker's previous batch: its answer comes before this one's draw
                ids, bases = self._settle(pool.receive(i), lambda indices, i=i: redraw(i, indices))
                pool.send(i, "encode", ids, bases)
                if k + w < n:
                    pool.send(i, "draw", k + w, batches[k + w], numbers[k + w])
            for k in range(max(0, n - w), n):
                write(k)

    def _settle(self, drawn: dict, redraw) -> tuple[dict[str, list[int]], dict[int, int]]:
        """What only the parent can decide for a batch: ID numbers unique against everyone registered and
        everything drawn before (a taken one is drawn again), primary keys, arbitration number bases."""
        digests = drawn["digests"]
        while True:
            seen: set[str] = set()
            again = []
            for i, digest in enumerate(digests):
                if digest in self._taken or digest in seen:
                    again.append(i)
                seen.add(digest)
            if not again:
                break
            for i, digest in zip(again, redraw(again), strict=True):
                digests[i] = digest
        self._taken.update(digests)
        all_tables = tables()
        ids = {name: reserve_ids(all_tables[name].model, drawn["counts"][name]) for name in KEYED}
        bases = dict(self.arbitration_sequence)
        self.arbitration_sequence.update(drawn["arbitrations"])
        return ids, bases

    @staticmethod
    def _count(result: Result, counts: Counter, statuses: Counter, bar) -> None:
        result.rows.update(counts)
        result.statuses.update(statuses)
        cases = sum(statuses.values())
        result.cases += cases
        bar.update(cases)

    def _advance_sequences(self) -> None:
        """core.numbering's counters to the last number issued, so the next real case continues the series."""
        for organisation, series, counter in (
            (self.centre, "dispute", self.sequence),
            (self.commission, "arbitration", self.arbitration_sequence),
        ):
            for year, last in counter.items():
                CaseSequence.objects.update_or_create(
                    organisation=organisation, series=series, year=year, defaults={"last_number": last}
                )


def _sequence(organisation: Organisation, series: str) -> Counter:
    rows = CaseSequence.objects.filter(organisation=organisation, series=series)
    return Counter(dict(rows.values_list("year", "last_number")))
