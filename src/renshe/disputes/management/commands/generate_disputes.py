"""Bulk synthetic labour disputes for benchmarks and demo history:

    manage.py generate_disputes --count 1000000 --years 3 --centre 张江镇劳动争议调解中心 --seed 1

Cases are received at one mediation centre over the last `--years` years and mediated by the centre itself,
its studio or its "X" organisations. Each case gets the story the services would have written — accepted
or declined, referred, taken up, settled (an agreement whose items are paid, partly paid or not yet due),
failed (and perhaps arbitrated, awarded and sued on) or withdrawn — carried as far as today allows, so old
cases are closed and recent ones open, with the open tasks on the workbenches. `--prior-mediation` and
`--success` are the shares the statistics then show (先行调解率, 调解成功率; see metrics.py).

The statistics' monthly figures (metrics.MonthlyFigures) are rebuilt from all the cases at the end. Rows
are written in batches, one transaction and one multi-row INSERT per table per batch, with primary
keys reserved up front (sequence values on PostgreSQL, past MAX(id) under SQLite's write lock): no query
per case, and none of the ORM's per-object work, which at a million cases would dominate. Totals on each
case (claimed, agreed, paid) are the sums of its rows. Numbers have core.numbering's format
(张江调〔2026〕0001号), and the centre's and the commission's CaseSequence rows are advanced to the last
number issued, so cases registered later continue the series. Respondents are the enterprises registered
in the centre's streets; applicants are new people with valid ID numbers. One timeline event records the
run.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone
from stdnum.cn import ric
from tqdm import tqdm

from renshe.core import law
from renshe.core.models import (
    CaseSequence,
    DictionaryEntry,
    Enterprise,
    Organisation,
    OrganisationKind,
    Person,
    User,
    WorkItem,
)
from renshe.core.roles import Role
from renshe.core.services import due_soon_date, official
from renshe.core.synthetic import ALL_AREAS, citizen_id, mobile
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
from renshe.disputes.services import _query_digest, is_final_item
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
CASE_TYPE_OF = {
    "unpaid_wages": "remuneration",
    "overtime": "remuneration",
    "economic_compensation": "contract_termination",
    "double_wages": "contract_termination",
    "social_insurance": "social_insurance",
    "work_injury": "work_injury",
    "other": "other",
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
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志海燕红梅玉春小晓文斌婷宇浩鑫鹏辉晨阳欣怡佳雪琳凯亮波"
)
OPEN_BEFORE_OUTCOME = (S.APPLIED, S.ACCEPTED, S.REFERRED, S.MEDIATING, S.SUSPENDED)
CENT, YUAN = Decimal("0.01"), Decimal("1")


def _month(day: date) -> str:
    return f"{day.year}年{day.month}"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _share(amount: Decimal, low: float, high: float, rng: random.Random, unit: Decimal = YUAN) -> Decimal:
    return (amount * Decimal(f"{rng.uniform(low, high):.4f}")).quantize(unit)


# --- what one case became ----------------------------------------------------------------------------------


@dataclass
class Story:
    """One case and what hangs off it, as plain values until the batch is written."""

    case: SimpleNamespace  # DisputeCase columns by attname
    workers: int
    claims: list[tuple[str, Decimal]]
    mediating: Organisation
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

    @property
    def total_rows(self) -> int:
        return self.cases + sum(self.rows.values())


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
    ):
        if centre.kind != OrganisationKind.MEDIATION_CENTRE:
            raise CommandError(f"{centre} is not a mediation centre")
        if not (0 <= prior_mediation <= 1 and 0 <= success <= 1):
            raise CommandError("--prior-mediation and --success are shares between 0 and 1")
        if connection.vendor not in ("postgresql", "sqlite"):
            raise CommandError(f"generate_disputes writes to PostgreSQL or SQLite, not {connection.vendor}")
        self.centre, self.count, self.years, self.seed = centre, count, years, seed
        self.prior, self.success, self.batch = prior_mediation, success, max(100, batch)
        self.today = today or timezone.localdate()
        self.start = self.today - timedelta(days=365 * years - 1)
        self.rng = random.Random(seed)
        self._load(commission)

    # --- what the run draws from ---------------------------------------------------------------------

    def _load(self, commission: Organisation | None) -> None:
        centre = self.centre
        ancestors = [int(i) for i in centre.path.strip("/").split("/")]
        streets = Organisation.objects.filter(kind=OrganisationKind.STREET).filter(
            Q(pk__in=ancestors) | Q(path__startswith=centre.path)
        )
        self.enterprises = list(
            Enterprise.objects.filter(street__in=streets).values_list(
                "pk", "street_id", "industry_id", "name"
            )
        )
        if not self.enterprises:
            raise CommandError(f"no enterprises registered in the streets of {centre}: run load_demo first")
        below = list(
            Organisation.objects.filter(path__startswith=centre.path, active=True).exclude(pk=centre.pk)
        )
        self.studios = [o for o in below if o.kind == OrganisationKind.MEDIATION_STUDIO]
        self.villages = [o for o in below if o.kind == OrganisationKind.VILLAGE]
        self.committees = [o for o in below if o.kind == OrganisationKind.ENTERPRISE_COMMITTEE]
        by_name = {e[3]: e for e in self.enterprises}  # a committee mediates its own enterprise's disputes
        self.committee_firm = {
            o.pk: by_name.get(o.name.removesuffix("劳动争议调解委员会")) for o in self.committees
        }
        self.mediators: dict[int, list[int]] = defaultdict(list)
        for pk, org in User.objects.filter(
            role=Role.MEDIATOR, is_active=True, organisation__path__startswith=centre.path
        ).values_list("pk", "organisation_id"):
            self.mediators[org].append(pk)
        staff = (
            User.objects.filter(is_active=True, organisation__path__startswith=centre.path)
            .filter(role__in=[Role.MEDIATOR, Role.DEPARTMENT_ADMIN])
            .order_by("pk")
            .first()
        ) or User.objects.filter(is_superuser=True).order_by("pk").first()
        if staff is None:
            raise CommandError("no user to record referrals and payments: create the centre's staff first")
        self.staff = staff.pk
        self.commission = commission or self._nearest_commission()
        known = set(
            DictionaryEntry.objects.filter(dictionary="claim_type", active=True).values_list(
                "code", flat=True
            )
        )
        self.claim_types = [t for t in CLAIMS if t in known]
        if not self.claim_types:
            raise CommandError("no claim types in the dictionary: run migrate / load_demo first")
        self.claim_weights = [CLAIMS[t][0] for t in self.claim_types]
        self.labels = dict(
            DictionaryEntry.objects.filter(dictionary="claim_type").values_list("code", "label")
        )
        self.calendar = WorkCalendar.load(self.start - timedelta(days=1), self.today + timedelta(days=400))
        self._due: dict[tuple[date, int], date] = {}
        self.case_type_id = ContentType.objects.get_for_model(DisputeCase).pk
        # ID numbers: area codes in use in each birth year, so every number passes the strict check
        probe = random.Random(0)
        self.areas = {
            year: [a for a in ALL_AREAS if ric.is_valid(citizen_id(probe, area=a, birth=date(year, 6, 1)))]
            for year in range(1960, 2006)
        }
        self.sequence = self._sequence(centre, "dispute")
        self.arbitration_sequence = (
            self._sequence(self.commission, "arbitration") if self.commission else Counter()
        )

    def _nearest_commission(self) -> Organisation | None:
        """The deepest arbitration commission under the centre's district bureau (科创仲裁庭 for 张江)."""
        ids = [int(i) for i in self.centre.path.strip("/").split("/")]
        bureau = (
            Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.BUREAU).order_by("-depth").first()
        )
        if bureau is None:
            return None
        return (
            Organisation.objects.filter(
                kind=OrganisationKind.ARBITRATION_COMMISSION, path__startswith=bureau.path, active=True
            )
            .order_by("-depth", "pk")
            .first()
        )

    @staticmethod
    def _sequence(organisation: Organisation, series: str) -> Counter:
        rows = CaseSequence.objects.filter(organisation=organisation, series=series)
        return Counter(dict(rows.values_list("year", "last_number")))

    def due(self, start: date, days: int) -> date:
        """The end of a period in calendar days, rolled past rest days (compute_deadline's rule), from one
        calendar loaded for the whole run."""
        key = (start, days)
        if key not in self._due:
            self._due[key] = self.calendar.roll_forward(start + timedelta(days=days))
        return self._due[key]

    # --- drawing -------------------------------------------------------------------------------------

    def received_dates(self) -> list[date]:
        """Applications over the period, oldest first: few on rest days, more after the Spring Festival and
        at the end of the year (wages owed before the holidays)."""
        month_weight = {1: 1.25, 2: 0.8, 3: 1.2, 4: 1.0, 5: 0.95, 6: 1.0, 7: 1.0, 8: 0.95, 9: 1.0, 10: 0.9}
        days = [self.start + timedelta(days=i) for i in range((self.today - self.start).days + 1)]
        weights = [
            month_weight.get(d.month, 1.15) * (1 if self.calendar.is_working_day(d) else 0.15) for d in days
        ]
        return sorted(self.rng.choices(days, weights, k=self.count))

    def _mediating(self) -> tuple[Organisation, tuple | None]:
        rng, r = self.rng, self.rng.random()
        if r < SHARE_CENTRE or not (self.studios or self.villages or self.committees):
            return self.centre, None
        if r < SHARE_CENTRE + SHARE_STUDIO and self.studios:
            return rng.choice(self.studios), None
        if (r < SHARE_CENTRE + SHARE_STUDIO + SHARE_VILLAGES and self.villages) or not self.committees:
            return rng.choice(self.villages or self.studios), None
        committee = rng.choice(self.committees)
        return committee, self.committee_firm.get(committee.pk)

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
        rng = self.rng
        wanted = min(rng.choices((1, 2, 3), (55, 35, 10))[0], len(self.claim_types))
        types: list[str] = []
        while len(types) < wanted:
            t = rng.choices(self.claim_types, self.claim_weights)[0]
            if t not in types:
                types.append(t)
        scale = 1 if workers == 1 else workers * rng.uniform(0.7, 1.0)
        claims = []
        for t in types:
            _weight, low, high = CLAIMS[t]
            one = low + (high - low) * rng.random() ** 2  # most claims are small
            claims.append((t, min(Decimal("9999999.99"), Decimal(f"{one * scale:.2f}"))))
        return claims

    def _person(self, created_at: datetime) -> dict:
        rng = self.rng
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
        number = citizen_id(rng, area=rng.choice(self.areas[birth.year]), birth=birth)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        phone = mobile(rng)
        return {
            **_protected("id_number", number),
            "name": rng.choice(SURNAMES) + given,
            "sex": "M" if int(number[16]) % 2 else "F",
            "birth_date": birth,
            **_protected("phone", phone),
            "address": "",
            "id_area_unverified": False,
            "organisation_id": self.centre.pk,
            "created_by_id": None,
            "created_at": created_at,
            "version": 1,
        }

    def _number(self, received: date) -> str:
        self.sequence[received.year] += 1
        return f"{self.centre.case_prefix}〔{received.year}〕{self.sequence[received.year]:04d}号"

    def _arbitration_number(self, applied: date) -> str:
        self.arbitration_sequence[applied.year] += 1
        return (
            f"{self.commission.case_prefix}〔{applied.year}〕{self.arbitration_sequence[applied.year]:04d}号"
        )

    # --- one case's story ----------------------------------------------------------------------------

    def story(self, received: date) -> Story:
        rng, centre = self.rng, self.centre
        mediating, firm = self._mediating()
        respondent, street, industry, name = firm or rng.choice(self.enterprises)
        workers = self._workers()
        claims = self._claims(workers)
        number = self._number(received)
        case = SimpleNamespace(
            number=number,
            query_digest=_query_digest(number, f"{rng.randrange(10**6):06d}"),
            channel=rng.choices(("counter", "portal", "api"), (70, 25, 5))[0],
            status=S.APPLIED,
            case_type=CASE_TYPE_OF[claims[0][0]],
            collective=workers >= law.COLLECTIVE_DISPUTE_MIN_WORKERS,
            worker_count=workers,
            facts=FACTS[claims[0][0]].format(month=_month(received - timedelta(days=rng.randint(20, 300)))),
            respondent_id=respondent,
            street_id=street,
            industry_id=industry,
            received_by_id=centre.pk,
            organisation_id=centre.pk,
            mediating_organisation_id=centre.pk,
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
            claimed_total=sum((a for _t, a in claims), Decimal("0")),
            agreed_total=Decimal("0"),
            paid_total=Decimal("0"),
            created_by_id=None,
            created_at=_at(received, rng.randint(9, 16)),
            updated_at=None,
            version=1,
        )
        story = Story(case, workers, claims, mediating, name)
        self._live(story)
        case.updated_at = _at(min(self.today, case.closed_on or case.outcome_on or received), 17)
        self._tasks(story)
        return story

    def _live(self, s: Story) -> None:
        """Carry the case through its life until today, and stop wherever today falls."""
        rng, today, case = self.rng, self.today, s.case
        period = law.MEDIATION_PERIOD.effective_days
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
            case.status, case.organisation_id, case.version = S.REFERRED, s.mediating.pk, 3
            case.mediating_organisation_id = s.mediating.pk
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
        mediators = self.mediators.get(s.mediating.pk)
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
                items.append((claim_type, amount, due_on, Decimal("0"), None))
        s.agreement = (signed, items)
        case.agreed_total = sum((i[1] for i in items), Decimal("0"))
        case.paid_total = sum((i[3] for i in items), Decimal("0"))
        case.version += sum(1 for i in items if i[3])
        if case.paid_total == case.agreed_total:
            case.status, case.closed_on = S.CLOSED, max(i[4] for i in items)

    def _arbitrate(self, s: Story, applied: date) -> None:
        rng, today, case = self.rng, self.today, s.case
        if applied > today:
            return
        acceptance_due = self.due(applied, law.ARBITRATION_ACCEPTANCE.effective_days)
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
        case.status, case.organisation_id, case.version = S.ARBITRATION, self.commission.pk, case.version + 1
        accepted = min(acceptance_due, applied + timedelta(days=rng.randint(1, 5)))
        if accepted > today:
            return
        days = law.ARBITRATION_AWARD.effective_days
        if rng.random() < 0.06:
            days += law.ARBITRATION_EXTENSION.effective_days
            a["extended"], case.version = True, case.version + 1
        a.update(accepted_on=accepted, award_due_on=self.due(accepted, days))
        case.version += 1
        awarded = min(a["award_due_on"], accepted + timedelta(days=rng.randint(20, days - 1)))
        if awarded > today:
            return
        s.award = [(t, _share(amount, 0.3, 1.0, rng, CENT)) for t, amount in s.claims]
        total = sum((amount for _t, amount in s.award), Decimal("0"))
        what = "、".join(self.labels.get(t, t) for t, _a in s.award)
        a.update(
            awarded_on=awarded,
            final=all(is_final_item(t, amount) for t, amount in s.award),
            award_summary=f"被申请人支付申请人{what}共计{total:,.2f}元，驳回申请人的其他仲裁请求。",
        )
        case.status, case.version = S.AWARDED, case.version + 1
        if rng.random() < SUED_AFTER_AWARD:
            filed = awarded + timedelta(days=rng.randint(3, 15))
            if filed > today:
                return
            s.litigation = {
                "filed_by": rng.choice(("worker", "employer")),
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
            due = self.calendar.add_working_days(case.received_on, law.MEDIATION_INTAKE.effective_days)
            title = official("受理审查：%(number)s %(name)s", number=n, name=s.respondent)
            tasks.append(("dispute.intake", title, self.centre.pk, case.received_on, due, Role.MEDIATOR))
        elif status == S.ACCEPTED:
            title = official("分派案件：%(number)s", number=n)
            due = self.today + timedelta(days=1)
            tasks.append(("dispute.route", title, self.centre.pk, self.today, due, Role.MEDIATOR))
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
                kind, title = "arbitration.suit_window", "裁决起诉期限届满后结案：%(number)s"
                starts, due = a["awarded_on"], self.due(a["awarded_on"], period.effective_days)
            elif a["accepted_on"]:
                period, kind, title = law.ARBITRATION_AWARD, "arbitration.award", "仲裁审理：%(number)s"
                starts, due = a["accepted_on"], a["award_due_on"]
            else:
                period, kind, title = (
                    law.ARBITRATION_ACCEPTANCE,
                    "arbitration.accept",
                    "仲裁受理审查：%(number)s",
                )
                starts, due = a["applied_on"], a["acceptance_due_on"]
            title = official(title, number=a["number"])
            tasks.append((kind, title, org, starts, due, Role.ARBITRATOR, None, official(period.citation)))
        if case.collective and status in OPEN_BEFORE_OUTCOME:  # 第七条: raised to the centre's leaders
            title = official("集体劳动争议（%(n)d人）：%(name)s", n=s.workers, name=s.respondent)
            due = case.received_on + timedelta(days=1)
            tasks.append(
                ("dispute.collective", title, self.centre.pk, case.received_on, due, Role.DEPARTMENT_ADMIN)
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
                    "opened_at": _at(starts, 9),
                    "closed_at": None,
                    "reminded_on": None,
                    "overdue_reminded_on": None,
                }
            )

    # --- writing -------------------------------------------------------------------------------------

    def run(self, *, progress: bool = True) -> Result:
        result = Result()
        dates = self.received_dates()
        with tqdm(total=self.count, desc="disputes", unit="case", disable=not progress) as bar:
            for start in range(0, self.count, self.batch):
                stories = [self.story(d) for d in dates[start : start + self.batch]]
                with transaction.atomic():
                    self._write(stories, result)
                bar.update(len(stories))
        with transaction.atomic():
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
        return result

    def _people(self, stories: list[Story]) -> list[dict]:
        """A new person per worker, none sharing an ID number with another or with anyone registered (told
        by the ID number's digest: the number itself is stored encrypted)."""
        people = [self._person(s.case.created_at) for s in stories for _ in range(s.workers)]
        while True:
            numbers = [p["id_number_digest"] for p in people]
            seen = set(
                Person.objects.filter(id_number_digest__in=numbers).values_list("id_number_digest", flat=True)
            )
            again = []
            for i, number in enumerate(numbers):
                if number in seen:
                    again.append(i)
                seen.add(number)
            if not again:
                return people
            for i in again:
                people[i] = self._person(people[i]["created_at"])

    def _write(self, stories: list[Story], result: Result) -> None:
        people = self._people(stories)
        for person, pk in zip(people, _reserve(Person, len(people)), strict=True):
            person["id"] = pk
        cases = [vars(s.case) for s in stories]
        for case, pk in zip(cases, _reserve(DisputeCase, len(cases)), strict=True):
            case["id"] = pk
        rows: dict[type[Model], list[dict]] = defaultdict(list)
        agreements, arbitrations = [], []
        people_left = iter(people)
        for s in stories:
            case = s.case
            representatives = 3 if case.collective else 1
            for i in range(s.workers):
                person = next(people_left)["id"]
                rows[Applicant].append(
                    {"case_id": case.id, "person_id": person, "representative": i < representatives}
                )
            for claim_type, amount in s.claims:
                rows[Claim].append(
                    {"case_id": case.id, "claim_type": claim_type, "amount": amount, "note": ""}
                )
            if s.referral:
                rows[Referral].append(
                    {
                        "case_id": case.id,
                        "from_organisation_id": self.centre.pk,
                        "to_organisation_id": s.mediating.pk,
                        "status": s.referral,
                        "referred_by_id": self.staff,
                        "referred_at": _at(s.referred_on, 11),
                        "resolved_at": _at(s.taken_on, 15) if s.taken_on else None,
                    }
                )
            if s.mediator:
                rows[DisputeCase.mediators.through].append({"disputecase_id": case.id, "user_id": s.mediator})
            if s.suspension:
                started, ended = s.suspension
                rows[Suspension].append(
                    {
                        "case_id": case.id,
                        "started_on": started,
                        "ended_on": ended,
                        "reason": SUSPENSION_REASON,
                    }
                )
            if s.agreement:
                agreements.append(s)
            if s.arbitration:
                arbitrations.append(s)
            if s.litigation:
                rows[Litigation].append({"case_id": case.id, **s.litigation})
            for task in s.tasks:
                rows[WorkItem].append({**task, "subject_id": str(case.id), "url": f"/disputes/{case.id}/"})
            result.statuses[case.status] += 1
        self._agreements(agreements, rows)
        self._arbitrations(arbitrations, rows)
        _insert(Person, people)
        _insert(DisputeCase, cases)
        for model in (
            Applicant,
            Claim,
            Referral,
            DisputeCase.mediators.through,
            Suspension,
            MediationAgreement,
            AgreementItem,
            Payment,
            ArbitrationCase,
            AwardItem,
            Litigation,
            WorkItem,
        ):
            _insert(model, rows[model])
            result.rows[model._meta.model_name] += len(rows[model])
        result.rows["person"] += len(people)
        result.cases += len(stories)
        self._advance_sequences()

    def _agreements(self, stories: list[Story], rows: dict) -> None:
        ids = iter(_reserve(MediationAgreement, len(stories)))
        item_ids = iter(_reserve(AgreementItem, sum(len(s.agreement[1]) for s in stories)))
        for s in stories:
            signed, items = s.agreement
            agreement = next(ids)
            terms = "；".join(
                f"被申请人于{_day(due)}前支付{self.labels.get(t, t)}{amount:,.2f}元"
                for t, amount, due, *_p in items
            )
            rows[MediationAgreement].append(
                {
                    "id": agreement,
                    "case_id": s.case.id,
                    "signed_on": signed,
                    "terms": terms + "。",
                    "review_path": "",
                    "review_applied_on": None,
                }
            )
            for claim_type, amount, due_on, paid, paid_on in items:
                item = next(item_ids)
                rows[AgreementItem].append(
                    {
                        "id": item,
                        "agreement_id": agreement,
                        "claim_type": claim_type,
                        "description": f"支付{self.labels.get(claim_type, claim_type)}",
                        "amount": amount,
                        "due_on": due_on,
                        "paid_amount": paid,
                    }
                )
                if paid:
                    rows[Payment].append(
                        {
                            "item_id": item,
                            "amount": paid,
                            "paid_on": paid_on,
                            "recorded_by_id": self.staff,
                            "recorded_at": _at(paid_on, 14),
                        }
                    )

    def _arbitrations(self, stories: list[Story], rows: dict) -> None:
        for s, pk in zip(stories, _reserve(ArbitrationCase, len(stories)), strict=True):
            rows[ArbitrationCase].append(
                {"id": pk, "case_id": s.case.id, "commission_id": self.commission.pk, **s.arbitration}
            )
            for claim_type, amount in s.award:
                rows[AwardItem].append(
                    {
                        "arbitration_id": pk,
                        "claim_type": claim_type,
                        "amount": amount,
                        "final": is_final_item(claim_type, amount),
                    }
                )

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


# --- raw batched writes ------------------------------------------------------------------------------------


def _reserve(model: type[Model], n: int) -> list[int]:
    """`n` primary keys nobody else will be given: drawn from the sequence on PostgreSQL; on SQLite the
    batch's transaction holds the write lock (BEGIN IMMEDIATE), so the ids past MAX(id) stay free."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + n))


def _protected(name: str, value: str) -> dict[str, str]:
    """A Person column as the model would write it (ciphertext) and its digest (see core/protection.py):
    the rows here bypass the ORM's save, which sets them."""
    field = Person._meta.get_field(name)
    return {name: field.get_prep_value(value), f"{name}_digest": field.digest(value)}


def _plain(value):
    """Choices (Status.MEDIATING…) as the text they stand for: psycopg would write an enum's name."""
    return value.value if isinstance(value, Enum) else value


def _insert(model: type[Model], rows: list[dict]) -> None:
    """Write every row, each a dict of all the model's columns by attname: COPY on PostgreSQL (several
    times faster than INSERT there), one executemany on SQLite (in-process, already fast)."""
    if not rows:
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    names = list(rows[0])
    missing = set(fields) - set(names) - {"id"}
    if missing or set(names) - set(fields):
        raise ValueError(f"{model.__name__}: columns {sorted(missing)} missing or unknown in {sorted(names)}")
    kinds = [fields[n].get_internal_type() for n in names]
    datetime_value = connection.ops.adapt_datetimefield_value
    adapt = [datetime_value if k == "DateTimeField" else _plain if k == "CharField" else None for k in kinds]
    values = [[a(row[n]) if a else row[n] for n, a in zip(names, adapt, strict=True)] for row in rows]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(fields[n].column) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # noqa: S608


# --- the command -------------------------------------------------------------------------------------------


def find_centre(value: str) -> Organisation:
    centres = Organisation.objects.filter(kind=OrganisationKind.MEDIATION_CENTRE)
    centre = (centres.filter(pk=int(value)) if value.isdigit() else centres.filter(name=value)).first()
    if centre is None:
        names = "、".join(centres.values_list("name", flat=True)[:10]) or "none"
        raise CommandError(f"no mediation centre {value!r} (centres: {names})")
    return centre


class Command(BaseCommand):
    help = "Generate synthetic labour disputes at one mediation centre, in bulk, with realistic states."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--centre", required=True, help="the mediation centre's id or exact name")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prior-mediation", type=float, default=0.8, help="share of cases mediated")
        parser.add_argument(
            "--success", type=float, default=0.8, help="share of concluded mediations settled"
        )
        parser.add_argument("--commission", help="the arbitration commission's id (default: the nearest)")
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **opts):
        if opts["count"] < 0 or opts["years"] < 1:
            raise CommandError("--count must be at least 0 and --years at least 1")
        commission = None
        if opts["commission"]:
            commission = Organisation.objects.filter(
                pk=opts["commission"], kind=OrganisationKind.ARBITRATION_COMMISSION
            ).first()
            if commission is None:
                raise CommandError(f"no arbitration commission {opts['commission']!r}")
        generator = Generator(
            centre=find_centre(opts["centre"]),
            count=opts["count"],
            years=opts["years"],
            seed=opts["seed"],
            prior_mediation=opts["prior_mediation"],
            success=opts["success"],
            batch=opts["batch"],
            commission=commission,
        )
        started = timezone.now()
        result = generator.run(progress=not opts["quiet"])
        seconds = max((timezone.now() - started).total_seconds(), 0.001)
        self.stdout.write(
            self.style.SUCCESS(
                f"generated {result.cases} disputes, {result.total_rows} rows in {seconds:.1f} s "
                f"({result.cases / seconds:,.0f} cases/s, {result.total_rows / seconds:,.0f} rows/s)"
            )
        )
        self.stdout.write("  states: " + ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items())))
        self.stdout.write("  rows: " + ", ".join(f"{k} {v}" for k, v in sorted(result.rows.items())))
