"""Labour inspection statistics. Every figure is defined here once, with its formula, and the page, the
export (and any API) compute it through these functions. No official formula was found in a primary
source; these are the plain readings, printed beside the figures (DEFINITIONS).

The unit counted is the case (监察案件), taken by its month of receipt (登记日 received_on) — a cohort: the
figures of the cases received in the chosen months, as they stand today (a case received in March and
closed in May counts as closed under March). The user sees only cases in scope (selectors.inspections_for).

- 受理登记数 received: cases received in the period (refused and revoked ones included).
- 立案数 filed: of those, cases filed (filed_on set).
- 结案数 closed: of those, cases closed with a result (status 已结案; revoked cases are not closed).
- 按期结案数 closed_in_time: closed cases whose 结案日 ≤ 调查期限 (investigation_due_on: 60 working days
  from filing, +30 when extended — 《劳动保障监察条例》第十七条). 按期结案率 = closed_in_time ÷ closed.
- 涉及劳动者 workers: wage-ledger lines (one per worker per case) on those cases.
- 帮助劳动者数 workers_helped: ledger lines on which some wages have been paid (paid_total > 0), from
  whatever source.
- 欠薪金额 owed: Σ owed_total (the ledger's months owed).
- 追回金额 recovered: Σ of payments to workers from the employer (用人单位支付) and from court enforcement
  (法院执行) — money obtained from the employer; advances are not recovery.
- 垫付金额 advanced: Σ of payments to workers from advances (垫付) = Σ advanced_total of the payers.
- 垫付已归还 repaid: Σ of repayments to the payers; 垫付未归还 advance_outstanding = advanced − repaid.
- 尚欠金额 outstanding: owed − recovered − advanced (what workers are still owed).
- 群体性案件 group_cases: filed cases flagged group_case (a refused report does not make a group case).
- 移送公安 police_transfers: cases transferred to public security (PoliceTransfer).
- 失信名单 dishonest_listings: cases whose employer was put on the dishonest list (DishonestListing).

Cost: three grouped queries (cases; ledger lines; payments by source) per page, grouped by month × street,
whatever the number of cases; the total and both groupings are added up from those rows.
"""

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renshe.core.models import Organisation, User
from renshe.core.money import CENT, ZERO, MoneySum
from renshe.core.periods import MonthPeriod

from .models import InspectionCase, PaymentSource, WageClaim, WagePayment
from .selectors import inspections_for
from .workflow import Status


@dataclass
class Figures:
    received: int = 0
    filed: int = 0
    closed: int = 0
    closed_in_time: int = 0
    workers: int = 0
    workers_helped: int = 0
    group_cases: int = 0
    police_transfers: int = 0
    dishonest_listings: int = 0
    owed: Decimal = ZERO
    recovered: Decimal = ZERO
    advanced: Decimal = ZERO
    repaid: Decimal = ZERO

    @property
    def advance_outstanding(self) -> Decimal:
        return self.advanced - self.repaid

    @property
    def outstanding(self) -> Decimal:
        return self.owed - self.recovered - self.advanced

    @property
    def in_time_rate(self) -> float | None:
        return self.closed_in_time / self.closed if self.closed else None

    def add(self, other: "Figures") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Selection:
    """What is counted: the user's scope, whole months of receipt, optionally one street (用工所在街镇)."""

    user: User
    period: MonthPeriod
    street: Organisation | None = None

    def cases(self) -> QuerySet[InspectionCase]:
        qs = inspections_for(self.user).filter(**self.period.bounds("received_on"))
        if self.street:
            qs = qs.filter(street=self.street)
        return qs


# month × street → Figures, from three grouped queries
Cells = dict[tuple[date, int], Figures]


def _cells(selection: Selection) -> Cells:
    cases = selection.cases().order_by()
    cells: Cells = defaultdict(Figures)
    closed = Q(status=Status.CLOSED)
    for row in cases.values(month=TruncMonth("received_on"), s=F("street_id")).annotate(
        received=Count("id"),
        filed=Count("id", filter=Q(filed_on__isnull=False)),
        closed=Count("id", filter=closed),
        closed_in_time=Count("id", filter=closed & Q(closed_on__lte=F("investigation_due_on"))),
        group_cases=Count("id", filter=Q(group_case=True, filed_on__isnull=False)),
        police_transfers=Count("police_transfer"),
        dishonest_listings=Count("dishonest_listing"),
        owed=MoneySum("owed_total"),
        advanced=MoneySum("advanced_total"),
        repaid=MoneySum("repaid_total"),
    ):
        cell = cells[(row.pop("month"), row.pop("s"))]
        for name, value in row.items():
            if isinstance(getattr(cell, name), Decimal):
                value = (value or ZERO).quantize(CENT)
            setattr(cell, name, value or 0)
    visible = cases.values("pk")
    for row in (
        WageClaim.objects.filter(case__in=visible)
        .order_by()
        .values(month=TruncMonth("case__received_on"), s=F("case__street_id"))
        .annotate(workers=Count("id"), helped=Count("id", filter=Q(paid_total__gt=0)))
    ):
        cell = cells[(row["month"], row["s"])]
        cell.workers, cell.workers_helped = row["workers"], row["helped"]
    for row in (
        WagePayment.objects.filter(
            claim__case__in=visible, source__in=(PaymentSource.EMPLOYER, PaymentSource.ENFORCEMENT)
        )
        .order_by()
        .values(month=TruncMonth("claim__case__received_on"), s=F("claim__case__street_id"))
        .annotate(recovered=MoneySum("amount"))
    ):
        cells[(row["month"], row["s"])].recovered = (row["recovered"] or ZERO).quantize(CENT)
    return cells


@dataclass
class Statistics:
    total: Figures
    months: list[tuple[date, str, Figures]]  # (first day of month, "2026-03", figures), in order
    streets: list[tuple[int, str, Figures]]  # (street id, name, figures), by name


def statistics(selection: Selection) -> Statistics:
    """The totals, by month of receipt and by street: three grouped queries and the street names."""
    cells = _cells(selection)
    total = Figures()
    months: dict[date, Figures] = defaultdict(Figures)
    streets: dict[int, Figures] = defaultdict(Figures)
    for (month, street), figures in cells.items():
        total.add(figures)
        months[month].add(figures)
        streets[street].add(figures)
    names = dict(Organisation.objects.filter(pk__in=list(streets)).values_list("pk", "name"))
    return Statistics(
        total=total,
        months=[(m, f"{m:%Y-%m}", months[m]) for m in sorted(months)],
        streets=sorted(((s, names.get(s, "—"), f) for s, f in streets.items()), key=lambda r: r[1]),
    )


# Each figure's definition as the page and the export show it: the docstring's wording, beside the code.
DEFINITIONS: list[tuple[str, Promise, Promise]] = [
    (
        "received",
        _("受理登记数"),
        _("统计期内登记的投诉举报案件数（含不予受理、撤销立案），按登记日所在月份计。"),
    ),
    ("filed", _("立案数"), _("上述案件中已立案的案件数。")),
    ("closed", _("结案数"), _("上述案件中已结案的案件数（撤销立案不计）。")),
    (
        "in_time_rate",
        _("按期结案率"),
        _(
            "按期结案数 ÷ 结案数。按期结案：结案日不晚于调查期限（立案之日起60个工作日，经批准延长30个工作日，"
            "《劳动保障监察条例》第十七条）。"
        ),
    ),
    (
        "workers_helped",
        _("帮助劳动者数"),
        _("工资清欠台账中已获支付（任何来源）工资的劳动者人次（每案每人计一次）。"),
    ),
    ("owed", _("欠薪金额"), _("工资清欠台账登记的欠薪月份金额合计，单位：元。")),
    ("recovered", _("追回金额"), _("用人单位支付及法院执行支付给劳动者的工资合计（不含垫付），单位：元。")),
    (
        "advanced",
        _("垫付金额/已归还"),
        _(
            "垫付单位为劳动者垫付的工资合计，及其中已由法院执行款或用人单位归还垫付单位的金额；差额为垫付未归还。"
        ),
    ),
    ("outstanding", _("尚欠金额"), _("欠薪金额 − 追回金额 − 垫付金额：劳动者仍未拿到的工资。")),
    ("group_cases", _("群体性案件"), _("已立案案件中涉及劳动者10人以上或欠薪金额达到设定标准的案件数。")),
    ("police_transfers", _("移送公安"), _("涉嫌拒不支付劳动报酬罪移送公安机关的案件数。")),
    ("dishonest_listings", _("失信名单"), _("用人单位被列入拖欠农民工工资失信联合惩戒名单的案件数。")),
]
