"""The statistics (metrics.py) against figures worked out by hand on ten cases built through the services.

T is today. Every case is an application at 张江's centre claiming 18,000 + 3,200.50 = 21,200.50 yuan.

  case  received  path                                             outcome   closed (days)   agreed   paid
  A     T-20      studio; settled T-10; paid in full T-5           settled   T-5  (15)       10,000   10,000
  B     T-30      centre; settled T-25; paid in full T-20          settled   T-20 (10)        6,000    6,000
  C     T-12      studio; settled T-2; 5,000 of 8,000 paid         settled   —                8,000    5,000
  D     T-9       centre; settled T-1; nothing paid yet            settled   —                4,000        0
  E     T-14      centre; settled T-7; paid in full T-7            settled   T-7  (7)         2,000    2,000
  F     T-16      studio; failed, then to arbitration (科创仲裁庭)   failed    —
  G     T-6       centre; failed                                   failed    —
  H     T-25      centre; still mediating, past its 15 days        —         —   (overdue)
  I     T-3       declined at intake (closed today)                —         T    (3)
  J     T-2       accepted, withdrawn before mediation (today)     —         T    (2)

  received 10; mediated 8 (A–H); 先行调解率 8/10 = 80%
  settled 5 (A–E), failed 2 (F, G); 调解成功率 5/7 = 71.43%
  closed 5 (A, B, E, I, J); 平均结案天数 (15 + 10 + 7 + 3 + 2) / 5 = 37 / 5 = 7.4
  overdue 1 (H)
  claimed 10 × 21,200.50 = 212,005.00; agreed 10,000 + 6,000 + 8,000 + 4,000 + 2,000 = 30,000;
  paid 10,000 + 6,000 + 5,000 + 0 + 2,000 = 23,000

  by mediating organisation — studio: A, C, F: received 3, mediated 3, settled 2, failed 1, success 2/3,
  closed 1 (A, 15 days), agreed 18,000, paid 15,000; F counts here although it is now at the tribunal.
  centre: the other 7: received 7, mediated 5 (B, D, E, G, H), settled 3, failed 1, success 3/4 = 75%,
  closed 4 (B 10, E 7, I 3, J 2: 22 / 4 = 5.5 days), overdue 1, agreed 12,000, paid 8,000.
"""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.periods import MonthPeriod
from renshe.disputes import metrics, services
from renshe.disputes.models import DisputeCase, MonthlyFigures
from renshe.disputes.services import ItemInput
from tests import builders


@pytest.fixture
def ten(world, apply):
    u, o = world.users, world.orgs
    today = timezone.localdate()

    def day(n):
        return today - timedelta(days=n)

    def mediate(days_ago, studio=False):
        who = "zj_studio" if studio else "zj_centre"
        return builders.mediating(world, apply(days_ago=days_ago)[0], who, via=who if studio else ""), u[who]

    def settle(case, by, signed, *amounts_due):
        agreement = services.settle_dispute(
            case,
            by=by,
            signed_on=day(signed),
            terms="分期支付。",
            items=[
                ItemInput("unpaid_wages", f"第{i + 1}期", Decimal(a), day(d))
                for i, (a, d) in enumerate(amounts_due)
            ],
            version=case.version,
        )
        return list(agreement.items.all())

    def pay(item, by, amount, on):
        services.record_payment(
            item, by=by, amount=amount, paid_on=day(on), version=version_of(item.agreement.case)
        )

    cases = {}
    a, by = mediate(20, studio=True)
    (item,) = settle(a, by, 10, ("10000", 5))
    pay(item, by, "10000", 5)
    b, by = mediate(30)
    (item,) = settle(b, by, 25, ("6000", 20))
    pay(item, by, "6000", 20)
    c, by = mediate(12, studio=True)
    first, _second = settle(c, by, 2, ("5000", 0), ("3000", -20))
    pay(first, by, "5000", 1)
    d, by = mediate(9)
    settle(d, by, 1, ("4000", -10))
    e, by = mediate(14)
    (item,) = settle(e, by, 7, ("2000", 7))
    pay(item, by, "2000", 7)
    f, by = mediate(16, studio=True)
    services.fail_mediation(f, by=by, reason="金额分歧", version=version_of(f))
    services.refer_to_arbitration(
        f, by=u["zj_centre"], commission=o["zj_tribunal"], applied_on=today, version=version_of(f)
    )
    g, by = mediate(6)
    services.fail_mediation(g, by=by, reason="被申请人拒绝调解", version=version_of(g))
    h, _by = mediate(25)
    i, _ = apply(days_ago=3)
    services.decline_dispute(i, by=u["zj_centre"], reason="不属于劳动争议", version=version_of(i))
    j, _ = apply(days_ago=2)
    j = services.accept_dispute(j, by=u["zj_centre"], version=version_of(j))
    services.withdraw_dispute(j, by=u["zj_centre"], reason="自行和解", version=version_of(j))
    cases.update(a=a, b=b, c=c, d=d, e=e, f=f, g=g, h=h, i=i, j=j)
    return cases


def test_the_ten_cases_went_where_the_table_says(ten):
    status = dict(DisputeCase.objects.values_list("number", "status"))
    assert [status[c.number] for c in ten.values()] == [
        "closed",
        "closed",
        "settled",
        "settled",
        "closed",
        "arbitration",
        "failed",
        "mediating",
        "declined",
        "withdrawn",
    ]


def everything(world, **narrowing) -> metrics.Selection:
    """Every month, as the centre's leader sees it."""
    return metrics.Selection(world.users["zj_lead"], MonthPeriod(), **narrowing)


def test_figures_match_the_hand_computed_ones(world, ten, django_assert_num_queries):
    with django_assert_num_queries(2):  # the monthly figures, and the overdue cases
        f = metrics.figures(everything(world))
    assert (f.received, f.mediated, f.settled, f.failed, f.closed, f.overdue) == (10, 8, 5, 2, 5, 1)
    assert f.prior_mediation_rate == pytest.approx(0.8)
    assert f.success_rate == pytest.approx(5 / 7)  # 71.43%
    assert f.avg_days_to_close == pytest.approx(7.4)
    assert f.claimed == Decimal("212005.00")
    assert f.agreed == Decimal("30000.00")
    assert f.paid == Decimal("23000.00")


def test_the_services_kept_the_same_figures_a_rebuild_computes(world, ten):
    """The running sums the services kept case by case (metrics.tally, in Python) equal what `rebuild`
    computes from the cases in SQL: the two codings of the definitions agree."""

    def rows():
        return sorted(
            tuple(r.values())
            for r in MonthlyFigures.objects.filter(received__gt=0).values(
                *metrics.KEY, *metrics.COUNTS, *metrics.AMOUNTS
            )
        )

    kept = rows()
    assert sum(r[len(metrics.KEY)] for r in kept) == 10
    assert metrics.rebuild() == len(kept)
    assert rows() == kept
    call_command("rebuild_dispute_figures", stdout=StringIO())
    assert rows() == kept


def test_by_mediating_organisation_keeps_a_failure_with_the_studio(world, ten, django_assert_num_queries):
    with django_assert_num_queries(3):  # grouped figures, grouped overdue, the organisations in scope
        rows = metrics.figures_by(everything(world), "organisation")
    by_name = {name: f for _pk, name, f in rows}
    assert list(by_name) == ["张江镇劳动争议调解中心", "“江心听语”调解工作室"]  # most cases first
    centre, studio = by_name["张江镇劳动争议调解中心"], by_name["“江心听语”调解工作室"]
    assert (studio.received, studio.mediated, studio.settled, studio.failed, studio.closed) == (3, 3, 2, 1, 1)
    assert studio.success_rate == pytest.approx(2 / 3)
    assert studio.avg_days_to_close == pytest.approx(15)
    assert (studio.agreed, studio.paid) == (Decimal("18000"), Decimal("15000"))
    assert (centre.received, centre.mediated, centre.settled, centre.failed, centre.closed) == (7, 5, 3, 1, 4)
    assert centre.success_rate == pytest.approx(0.75)
    assert centre.avg_days_to_close == pytest.approx(5.5)
    assert centre.overdue == 1
    assert (centre.agreed, centre.paid) == (Decimal("12000"), Decimal("8000"))
    # F is at the tribunal now, yet its failure stays with the studio that mediated it
    f = DisputeCase.objects.select_related("organisation", "mediating_organisation").get(pk=ten["f"].pk)
    assert (f.organisation.name, f.mediating_organisation.name) == ("科创仲裁庭", "“江心听语”调解工作室")


def test_filtering_by_mediating_organisation(world, ten):
    assert metrics.figures(everything(world, organisation=world.orgs["zj_studio"])).received == 3
    # the centre's network includes its studio
    assert metrics.figures(everything(world, organisation=world.orgs["zj_centre"])).received == 10
    assert metrics.figures(everything(world, organisation=world.orgs["village:环东村"])).received == 0


def test_the_period_is_whole_months_of_receipt(world, ten):
    today = timezone.localdate()
    this_month = metrics.figures(metrics.Selection(world.users["zj_lead"], MonthPeriod(today, today)))
    expected = sum(1 for c in ten.values() if c.received_on.replace(day=1) == today.replace(day=1))
    assert this_month.received == expected  # any day names its whole month
    before = metrics.figures(
        metrics.Selection(world.users["zj_lead"], MonthPeriod(last=today - timedelta(days=400)))
    )
    assert before.received == 0


def test_other_groupings_add_up(world, ten, django_assert_num_queries):
    selection = everything(world)
    # a grouped sum each, the overdue cases once, the names: of the organisations in scope and of the street
    # outside it, and of the sections (none for months)
    with django_assert_num_queries(7):
        streets = metrics.figures_by(selection, "street")
        months = metrics.figures_by(selection, "month")
        industries = metrics.figures_by(selection, "industry")
    assert [(label, f.received, f.settled) for _k, label, f in streets] == [("张江镇", 10, 5)]
    expected_months = sorted({f"{c.received_on:%Y-%m}" for c in ten.values()})
    assert [label for _k, label, _f in months] == expected_months
    assert sum(f.received for *_kl, f in months) == 10 and sum(f.overdue for *_kl, f in months) == 1
    assert sum(f.received for *_kl, f in industries) == 10


def test_rates_are_undefined_without_cases(world):
    f = metrics.figures(everything(world))
    assert f.received == 0 and f.prior_mediation_rate is None and f.success_rate is None
    assert f.avg_days_to_close is None and f.agreed == Decimal("0")
