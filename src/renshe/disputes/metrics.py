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
  else the receiving centre; a case that went on to arbitration still counts for it (see below).
"""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import DisputeCase, Outcome, ReferralStatus
from .workflow import MEDIATION_OPEN


@dataclass
class Figures:
    received: int = 0
    mediated: int = 0
    settled: int = 0
    failed: int = 0
    closed: int = 0
    overdue: int = 0
    avg_days_to_close: float | None = None
    claimed: Decimal = Decimal("0")
    agreed: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")

    @property
    def prior_mediation_rate(self) -> float | None:
        return self.mediated / self.received if self.received else None

    @property
    def success_rate(self) -> float | None:
        concluded = self.settled + self.failed
        return self.settled / concluded if concluded else None


def _aggregates() -> dict:
    today = timezone.localdate()
    return {
        "received": Count("id"),
        "mediated": Count("id", filter=Q(mediated=True)),
        "settled": Count("id", filter=Q(outcome=Outcome.SETTLED)),
        "failed": Count("id", filter=Q(outcome=Outcome.FAILED)),
        "closed": Count("id", filter=Q(closed_on__isnull=False)),
        "overdue": Count("id", filter=Q(status__in=MEDIATION_OPEN, mediation_due_on__lt=today)),
        "days_to_close": Avg(
            ExpressionWrapper(F("closed_on") - F("received_on"), output_field=DurationField()),
            filter=Q(closed_on__isnull=False),
        ),
        "claimed": Sum("claimed_total"),
        "agreed": Sum("agreed_total"),
        "paid": Sum("paid_total"),
    }


def _figures(row: dict) -> Figures:
    days = row.pop("days_to_close")
    values = {f.name: row.get(f.name) for f in fields(Figures) if f.name in row}
    for money in ("claimed", "agreed", "paid"):
        values[money] = values[money] or Decimal("0")
    return Figures(**values, avg_days_to_close=days.total_seconds() / 86400 if days is not None else None)


def figures(cases: QuerySet[DisputeCase]) -> Figures:
    """All figures for a set of cases, in one query."""
    return _figures(cases.order_by().aggregate(**_aggregates()))


DIMENSIONS = {
    "organisation": ("organisation_id", "organisation__name"),
    "street": ("street_id", "street__name"),
    "industry": ("industry__parent__code", "industry__parent__name"),
    "month": None,
}


def figures_by(cases: QuerySet[DisputeCase], dimension: str) -> list[tuple[str, Figures]]:
    """Figures per organisation, street, industry section or month of receipt, in one grouped query."""
    if dimension == "month":
        from django.db.models.functions import TruncMonth

        rows = (
            cases.order_by().annotate(key=TruncMonth("received_on")).values("key").annotate(**_aggregates())
        )
        return [(f"{row.pop('key'):%Y-%m}", _figures(row)) for row in rows.order_by("key")]
    key, label = DIMENSIONS[dimension]
    rows = cases.order_by().values(key, label).annotate(**_aggregates()).order_by(label)
    return [(row.pop(label) or "—", _figures({k: v for k, v in row.items() if k != key})) for row in rows]


# --- by mediating organisation (the dashboard's organisation table and filter) ----------------------------
#
# 调解组织 mediating organisation: the organisation the centre assigned the case to (the referral that was not
# revoked), or else the centre that received it. Unlike the case's current organisation, it does not change
# when a failed mediation goes on to the arbitration commission, so a studio's or committee's failures stay
# in its own figures. A case has at most one referral that is not revoked (a new referral needs the old one
# revoked first), so the join below never counts a case twice.

_ASSIGNED = (ReferralStatus.PENDING, ReferralStatus.TAKEN)


def figures_by_mediating_organisation(cases: QuerySet[DisputeCase]) -> list[tuple[int, str, Figures]]:
    """(organisation id, name, figures) per mediating organisation, most cases first, in one grouped query."""
    rows = (
        cases.order_by()
        .annotate(
            assigned=FilteredRelation("referrals", condition=Q(referrals__status__in=_ASSIGNED)),
            mediating_id=Coalesce("assigned__to_organisation_id", "received_by_id"),
            mediating_name=Coalesce("assigned__to_organisation__name", "received_by__name"),
        )
        .values("mediating_id", "mediating_name")
        .annotate(**_aggregates())
        .order_by("-received", "mediating_name")
    )
    return [(row.pop("mediating_id"), row.pop("mediating_name"), _figures(row)) for row in rows]


def in_mediating_organisation(cases: QuerySet[DisputeCase], organisation) -> QuerySet[DisputeCase]:
    """Cases whose mediating organisation is `organisation` or lies under it: the same rule as above, as a
    join (a correlated EXISTS was three times slower over a million cases)."""
    return cases.annotate(
        _assigned=FilteredRelation("referrals", condition=Q(referrals__status__in=_ASSIGNED)),
        _mediating_path=Coalesce("_assigned__to_organisation__path", "received_by__path"),
    ).filter(_mediating_path__startswith=organisation.path)


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
