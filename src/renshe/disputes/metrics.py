"""Dispute statistics. Every figure is defined here once, with its formula, and every page, export and API
answer computes it through these functions. The official formulas were not found in a primary source
(shared/DOMAIN.md §6, tags [M]); these follow the bulletins' usual reading and are documented in the README.

- 收案数 received: applications received in the period (by 收到申请日).
- 经调解数 mediated: of those, cases that entered mediation (taken up by a mediating organisation).
- 先行调解率 prior-mediation rate = mediated ÷ received.
- 调解成功数 settled: mediations that ended in a signed agreement; 调解不成 failed: ended without one
  (including a period that ran out and went on to arbitration). A withdrawal is not a conclusion.
- 调解成功率 mediation success rate = settled ÷ (settled + failed).
- 平均结案天数 average days to close = mean of (结案日 − 收到申请日) over cases closed, in calendar days.
- 超期数 overdue: cases still in mediation whose statutory period has ended (counted as of today).
- 请求/协议/履行金额: sums of claimed, agreed and paid amounts, in yuan.
- 调解组织 mediating organisation (grouping and filter): the organisation the centre assigned the case to,
  else the receiving centre; a case that went on to arbitration still counts for it
  (DisputeCase.mediating_organisation, kept by the referral services).

How they are computed: each case's share of the figures (`Tally`, below — the definitions above as code) is
added to MonthlyFigures, a row per month of receipt × mediating organisation × street × industry section ×
handling and receiving organisation, in the same transaction as every change to the case (services._save).
The statistics then sum those rows for whole months. 超期数 depends on today's date, so it alone is counted
from the cases themselves, over the few still in mediation. `rebuild` recomputes the rows from the cases in
SQL — the same definitions a second time, which tests/disputes/test_metrics.py holds equal to the first.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renshe.core.models import Industry, Organisation, User
from renshe.core.money import ZERO, MoneySum
from renshe.core.periods import MonthPeriod
from renshe.core.scope import active_organisations, organisation_q

from .models import DisputeCase, MonthlyFigures, Outcome
from .workflow import MEDIATION_OPEN

COUNTS = ("received", "mediated", "settled", "failed", "closed", "days_to_close")
AMOUNTS = ("claimed", "agreed", "paid")
KEY = (
    "month",
    "mediating_organisation_id",
    "organisation_id",
    "received_by_id",
    "street_id",
    "industry_section",
)


@dataclass
class Figures:
    received: int = 0
    mediated: int = 0
    settled: int = 0
    failed: int = 0
    closed: int = 0
    days_to_close: int = 0  # summed over the closed cases
    overdue: int = 0
    claimed: Decimal = ZERO
    agreed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def prior_mediation_rate(self) -> float | None:
        return self.mediated / self.received if self.received else None

    @property
    def success_rate(self) -> float | None:
        concluded = self.settled + self.failed
        return self.settled / concluded if concluded else None

    @property
    def avg_days_to_close(self) -> float | None:
        return self.days_to_close / self.closed if self.closed else None


# --- one case's share, kept in MonthlyFigures by the services ---------------------------------------------


@dataclass(frozen=True)
class Tally:
    key: tuple
    values: tuple  # COUNTS then AMOUNTS


def _section(case: DisputeCase) -> str:
    if not case.industry_id:
        return ""
    return Industry.objects.filter(pk=case.industry_id).values_list("parent__code", flat=True).first() or ""


def tally(case: DisputeCase) -> Tally:
    """The case's share of the figures: the definitions in this module's docstring, for one case."""
    closed = case.closed_on is not None
    counts = (
        1,
        int(case.mediated),
        int(case.outcome == Outcome.SETTLED),
        int(case.outcome == Outcome.FAILED),
        int(closed),
        (case.closed_on - case.received_on).days if closed else 0,
    )
    key = (
        case.received_on.replace(day=1),
        case.mediating_organisation_id,
        case.organisation_id,
        case.received_by_id,
        case.street_id,
        _section(case),
    )
    return Tally(key, counts + (case.claimed_total, case.agreed_total, case.paid_total))


def count_change(before: Tally | None, after: Tally | None) -> None:
    """Move a case's share from `before` to `after` (either may be None: a new or a removed case), as
    increments, so concurrent transactions on cases of the same month add up instead of overwriting."""
    changes: dict[tuple, list] = defaultdict(lambda: [0] * (len(COUNTS) + len(AMOUNTS)))
    for t, sign in ((before, -1), (after, 1)):
        if t is not None:
            changes[t.key] = [a + sign * b for a, b in zip(changes[t.key], t.values, strict=True)]
    table = MonthlyFigures._meta.db_table
    columns = [MonthlyFigures._meta.get_field(k.removesuffix("_id")).column for k in KEY] + list(
        COUNTS + AMOUNTS
    )
    sums = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTS + AMOUNTS)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(columns[: len(KEY)])}) DO UPDATE SET {sums}"
    )
    with connection.cursor() as cursor:
        for key, values in changes.items():
            if any(values):
                cursor.execute(sql, [*key, *values])


def rebuild(cases: QuerySet | None = None, figures=MonthlyFigures) -> int:
    """Recompute every MonthlyFigures row from the cases, in SQL (after a bulk load, or to repair)."""
    cases = DisputeCase.objects.all() if cases is None else cases
    rows = (
        cases.order_by()
        .values(
            month=TruncMonth("received_on"),
            m=F("mediating_organisation_id"),
            o=F("organisation_id"),
            r=F("received_by_id"),
            s=F("street_id"),
            section=Coalesce("industry__parent__code", Value("")),
        )
        .annotate(
            received=Count("id"),
            mediated=Count("id", filter=Q(mediated=True)),
            settled=Count("id", filter=Q(outcome=Outcome.SETTLED)),
            failed=Count("id", filter=Q(outcome=Outcome.FAILED)),
            closed=Count("id", filter=Q(closed_on__isnull=False)),
            days=Sum(ExpressionWrapper(F("closed_on") - F("received_on"), output_field=DurationField())),
            claimed=MoneySum("claimed_total"),
            agreed=MoneySum("agreed_total"),
            paid=MoneySum("paid_total"),
        )
    )
    figures.objects.all().delete()
    batch = [
        figures(
            month=row["month"],
            mediating_organisation_id=row["m"],
            organisation_id=row["o"],
            received_by_id=row["r"],
            street_id=row["s"],
            industry_section=row["section"],
            **{k: row[k] for k in ("received", "mediated", "settled", "failed", "closed")},
            days_to_close=row["days"].days if row["days"] else 0,
            **{k: row[k] or ZERO for k in AMOUNTS},
        )
        for row in rows.iterator(chunk_size=5000)
    ]
    figures.objects.bulk_create(batch, batch_size=5000)
    return len(batch)


# --- reading them ------------------------------------------------------------------------------------------


@dataclass
class Selection:
    """What the statistics count: the user's scope, whole months, and optionally a mediating organisation
    (with the organisations under it) and a street."""

    user: User
    period: MonthPeriod
    organisation: Organisation | None = None
    street: Organisation | None = None

    def _narrow(self, qs: QuerySet) -> QuerySet:
        qs = qs.filter(organisation_q(self.user, "organisation") | organisation_q(self.user, "received_by"))
        if self.organisation:
            qs = qs.filter(mediating_organisation__path__startswith=self.organisation.path)
        if self.street:
            qs = qs.filter(street=self.street)
        return qs

    def rows(self) -> QuerySet[MonthlyFigures]:
        return self._narrow(MonthlyFigures.objects.filter(**self.period.bounds("month")))

    @cached_property
    def overdue(self) -> list[tuple]:
        """超期数 counts as of today: the cases still in mediation past their period. They are few, so they are
        read once, with their keys (month, mediating organisation, street, section), and the period is applied
        here — in SQL the planner would scan the period's whole index range beside the status index."""
        cases = DisputeCase.objects.filter(
            status__in=MEDIATION_OPEN, mediation_due_on__lt=timezone.localdate()
        )
        return [
            (received.replace(day=1), *keys)
            for received, *keys in self._narrow(cases).values_list(
                "received_on",
                "mediating_organisation_id",
                "street_id",
                Coalesce("industry__parent__code", Value("")),
            )
            if received in self.period
        ]


_SUMS = {**{name: Sum(name) for name in COUNTS}, **{name: MoneySum(name) for name in AMOUNTS}}


def _figures(row: dict, overdue: int = 0) -> Figures:
    return Figures(
        **{k: row[k] or 0 for k in COUNTS},
        **{k: row[k] or ZERO for k in AMOUNTS},
        overdue=overdue,
    )


def sums(selection: Selection) -> Figures:
    """The figures the monthly rows hold, one sum over them: all but 超期数, which counts as of today (what a
    comparison with the same months a year before needs)."""
    return _figures(selection.rows().aggregate(**_SUMS))


def figures(selection: Selection) -> Figures:
    """All figures for the selection: one sum over its rows, and its overdue cases."""
    total = sums(selection)
    total.overdue = len(selection.overdue)
    return total


# dimension: the key on MonthlyFigures, and its place in Selection.overdue; labels are looked up after grouping
DIMENSIONS = {
    "month": ("month", 0),
    "organisation": ("mediating_organisation_id", 1),
    "street": ("street_id", 2),
}
DIMENSIONS["industry"] = ("industry_section", 3)


def figures_by(selection: Selection, dimension: str) -> list[tuple[object, str, Figures]]:
    """(key, label, figures) per mediating organisation, street, industry section or month of receipt, from
    one grouped sum. Organisations come most cases first, the others in order of their labels."""
    key, place = DIMENSIONS[dimension]
    overdue = Counter(row[place] for row in selection.overdue)
    grouped = {row.pop(key): row for row in selection.rows().order_by().values(key).annotate(**_SUMS)}
    keys = grouped.keys() | overdue.keys()
    labels = _labels(selection.user, dimension, keys)
    result = [
        (k, labels.get(k, "—"), _figures(grouped.get(k) or dict.fromkeys(_SUMS), overdue[k])) for k in keys
    ]
    if dimension == "organisation":
        result.sort(key=lambda r: (-r[2].received, r[1]))
    else:
        result.sort(key=lambda r: (r[1] == "—", r[1]))
    return result


def _labels(user: User, dimension: str, keys: Iterable) -> dict:
    keys = [k for k in keys if k not in (None, "")]
    if dimension == "month":
        return {k: f"{k:%Y-%m}" for k in keys}
    if dimension == "industry":
        return {i.code: i.label for i in Industry.objects.filter(code__in=keys).only("code", "name")}
    # the names the request has read already (the organisations in the user's scope: the page's filter and
    # menu), the others (a street outside it, an organisation since closed) from the table
    known = {o.pk: o.name for o in active_organisations(user)}
    labels = {k: known[k] for k in keys if k in known}
    if missing := [k for k in keys if k not in known]:
        labels.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "name"))
    return labels


# Each figure's definition as the pages show it (tooltips, footnotes, the export's last sheet): the same
# wording as this module's docstring, kept beside the code that computes it.
DEFINITIONS: list[tuple[str, Promise, Promise]] = [
    ("received", _("收案数"), _("统计期内收到的调解申请数，按收到申请日计。")),
    (
        "prior_mediation_rate",
        _("先行调解率"),
        _("经调解数 ÷ 收案数。经调解数：收到的申请中进入调解程序（由调解组织接收）的案件数。"),
    ),
    (
        "success_rate",
        _("调解成功率"),
        _(
            "调解成功数 ÷（调解成功数 + 调解不成数）。调解成功：达成并签订调解协议；调解不成：未达成协议而结束"
            "（含调解期限届满转仲裁）；撤回不计入。"
        ),
    ),
    ("avg_days_to_close", _("平均结案天数"), _("已结案件（结案日 − 收到申请日）的平均天数，按自然日计。")),
    ("overdue", _("超期数"), _("截至今日仍在调解阶段（已受理、已转派、调解中）且已过调解期限的案件数。")),
    ("amounts", _("协议金额/履行金额"), _("调解协议约定的支付金额合计，及其中已履行的金额合计，单位：元。")),
    (
        "mediating_organisation",
        _("调解组织"),
        _("中心转派并未撤回的调解组织；未转派的为受理的调解中心。案件转入仲裁后仍计入原调解组织。"),
    ),
]
