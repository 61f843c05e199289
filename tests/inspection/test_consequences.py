"""Transfer to the police (法释〔2013〕3号 第三条、第四条) and the dishonest employers list (人社部令第45号):
the amount threshold AND an order served and not complied with; closure."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import Event
from renshe.inspection import selectors, services
from renshe.inspection.models import WageClaim
from renshe.inspection.workflow import Status
from tests import builders

from .conftest import MONTHS

# order deadlines and the threshold in force are counted from today: run again at tests/clock.py's dates
pytestmark = pytest.mark.clock


def unmet_order(world, case, complied=False):
    """An order issued on 13 October, served by posting that day (the employer has gone) and checked on the
    26th."""
    return builders.unmet_order(
        world,
        case,
        issued_on=date(2026, 10, 13),
        deadline=date(2026, 10, 23),
        checked_on=date(2026, 10, 26),
        method="posted",
        served_to="公司",
        complied=complied,
    )


def transfer(case, u):
    return services.transfer_to_police(
        case,
        by=u["fx_inspector"],
        transferred_on=date(2026, 11, 2),
        basis="刑法第二百七十六条之一",
        reference="奉人社监移〔2026〕1号",
        version=version_of(case),
    )


def test_one_worker_three_months_over_the_single_figure_may_be_transferred(filed, u, workers, settings):
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"
    case = filed(1, workers=workers(1, months=MONTHS[:3]))  # 3 × 5 200.37 = 15 601.11
    with pytest.raises(ValidationFailed):  # no order yet
        transfer(case, u)
    order = services.issue_rectification_order(
        case,
        by=u["fx_inspector"],
        issued_on=date(2026, 10, 13),
        deadline=date(2026, 10, 23),
        requirements="限期支付工资",
        version=version_of(case),
    )
    with pytest.raises(ValidationFailed) as error:  # ordered, but not served
        transfer(case, u)
    assert "第四条" in str(error.value.message)
    services.record_service(
        order,
        by=u["fx_inspector"],
        served_on=date(2026, 10, 13),
        method="posted",
        served_to="公司",
        version=version_of(order.case),
    )
    services.record_compliance(
        order,
        by=u["fx_inspector"],
        complied=False,
        checked_on=date(2026, 10, 26),
        version=version_of(order.case),
    )
    t = transfer(case, u)
    assert t.amount == Decimal("15601.11")
    with pytest.raises(ValidationFailed):  # once
        transfer(case, u)


def test_two_months_is_not_enough_for_one_worker(world, filed, u, workers, settings):
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "5000.00"
    case = filed(1, workers=workers(1, months=MONTHS[:2], wage="9000.00"))
    unmet_order(world, case)
    assert not services.criminal_threshold(case, timezone.localdate()).met
    with pytest.raises(ValidationFailed) as error:
        transfer(case, u)
    assert "第三条" in str(error.value.message)


def test_ten_workers_over_the_total_figure(world, filed, u, workers):
    case = filed(10, workers=workers(10, months=MONTHS[:2]))  # ≈ 104 k over two months each
    assert case.owed_total >= Decimal("100000")
    assert services.criminal_threshold(case, timezone.localdate()).met
    unmet_order(world, case)
    transfer(case, u)


def test_nine_workers_do_not_meet_the_many_workers_test(filed, u, workers):
    case = filed(9, workers=workers(9, months=MONTHS[:2], wage="9000.00"))
    assert not services.criminal_threshold(case, timezone.localdate()).met


def test_an_advance_does_not_pay_the_employers_debt(filed, u, workers, settings):
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"
    case = filed(1, workers=workers(1, months=MONTHS[:3]))
    claim = WageClaim.objects.get(case=case)
    services.record_advance(
        case,
        by=u["fx_inspector"],
        payer_kind="fund",
        payer_name="应急周转金",
        decided_on=date(2026, 10, 20),
        allocations=[(claim.worker, claim.balance)],
        version=version_of(case),
    )
    check = services.criminal_threshold(case, timezone.localdate())
    assert check.met and check.amount == Decimal("15601.11")


def test_the_employer_paying_before_transfer_removes_the_ground(filed, u, workers, settings):
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"
    case = filed(1, workers=workers(1, months=MONTHS[:3]))
    claim = WageClaim.objects.get(case=case)
    services.record_wage_payment(
        case,
        by=u["fx_inspector"],
        worker=claim.worker,
        amount="1000.00",
        paid_on=date(2026, 10, 20),
        source="employer",
        version=version_of(case),
    )
    assert not services.criminal_threshold(case, timezone.localdate()).met  # 14 601.11 left, below 15 000


def test_dishonest_listing_needs_threshold_or_mass_incident_and_an_unmet_order(world, filed, u, workers):
    case = filed(2, workers=workers(2, months=MONTHS[:1]))  # small sums
    with pytest.raises(ValidationFailed):
        services.list_as_dishonest(
            case, by=u["fx_inspector"], listed_on=date(2026, 11, 2), reason="拖欠", version=version_of(case)
        )
    unmet_order(world, case)
    with pytest.raises(ValidationFailed) as error:
        services.list_as_dishonest(
            case, by=u["fx_inspector"], listed_on=date(2026, 11, 2), reason="拖欠", version=version_of(case)
        )
    assert "群体性" in str(error.value.message)
    services.notify_dishonest_listing(
        case, by=u["fx_inspector"], notified_on=date(2026, 10, 26), grounds="拖欠", version=version_of(case)
    )
    listing = services.list_as_dishonest(
        case,
        by=u["fx_inspector"],
        listed_on=date(2026, 11, 3),
        reason="拖欠工资引发群体性事件",
        mass_incident=True,
        responsible_persons="钱某（法定代表人）",
        version=version_of(case),
    )
    assert listing.expires_on == date(2029, 11, 3)
    assert Event.objects.filter(verb="enterprise.dishonest_listed", enterprise=case.respondent).exists()
    rows = selectors.enterprise_file_rows(case.respondent, u["fx_admin"])
    assert [r.label for r in rows] == [case.number, "拖欠农民工工资失信联合惩戒名单"]


def test_an_order_complied_with_is_no_ground_for_listing(world, filed, u):
    case = filed(10)
    unmet_order(world, case, complied=True)
    with pytest.raises(ValidationFailed):
        services.list_as_dishonest(
            case, by=u["fx_inspector"], listed_on=date(2026, 11, 2), reason="拖欠", version=version_of(case)
        )


def test_closing_records_the_result_and_ends_the_tasks(world, filed, u):
    case = filed(1)
    unmet_order(world, case, complied=True)
    case = services.close_case(
        case,
        by=u["fx_inspector"],
        result="用人单位已按指令支付全部工资",
        closed_on=date(2026, 10, 27),
        version=version_of(case),
    )
    assert case.status == Status.CLOSED and case.closed_on == date(2026, 10, 27)
    event = Event.objects.filter(verb="inspection.closed").get()
    assert event.changes["within_limit"] is True


def test_the_threshold_is_the_one_in_force_on_the_transfer_day(world, filed, u, workers):
    # 法释〔2013〕3号 第三条: the province's figure in force when the transfer is decided, not today's. A new
    # single-worker figure of 15,000 from 2026-11-03 is not yet in force on the transfer day (11-02)
    from renshe.core import administration
    from renshe.core.models import AmountKind

    administration.add_statutory_amount(
        by=world.users["admin"],
        kind=AmountKind.CRIMINAL_THRESHOLD_SINGLE,
        amount="15000",
        effective_from=date(2026, 11, 3),
        citation="沪高法〔2026〕1号",
    )
    case = filed(1, workers=workers(1, months=MONTHS[:3]))  # 15,601.11 owed: under the setting's 20,000
    unmet_order(world, case)
    assert services.criminal_threshold(case, date(2026, 11, 3)).met
    assert not services.criminal_threshold(case, date(2026, 11, 2)).met
    with pytest.raises(ValidationFailed) as error:
        transfer(case, u)  # on 2026-11-02
    assert "第三条" in str(error.value.message)
