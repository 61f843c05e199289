"""Every inspection service that takes a counter (case, order and decision numbers, and the dispute a worker
is handed over to) or registers people takes them before it locks a case (casework.LOCK_ORDER)."""

from datetime import date

from renshe.core.casework import version_of
from renshe.inspection import services
from renshe.inspection.models import WageClaim
from tests import builders
from tests.lock_order import taken_in_order

from .conftest import MONTHS


def kinds(taken):
    return {kind for kind, _table in taken}


def test_a_complaint_opening_a_case_then_one_joining_it(complain, workers):
    with taken_in_order() as taken:
        report = complain(2)
    assert kinds(taken) == {"registry", "counter", "case"}
    with taken_in_order() as taken:
        joined = complain(1, workers=workers(3)[2:])
    assert joined.case == report.case and kinds(taken) == {"registry", "case"}


def test_a_worker_added_to_the_ledger(filed, u, workers):
    case = filed(1)
    with taken_in_order() as taken:
        services.add_wage_claim(case, by=u["fx_inspector"], worker=workers(4)[3], version=version_of(case))
    assert kinds(taken) == {"registry", "case"}


def test_an_order_and_a_decision(filed, u, world):
    case = filed(1)
    with taken_in_order() as taken:
        order = builders.unmet_order(
            world,
            case,
            issued_on=date(2026, 10, 12),
            deadline=date(2026, 10, 19),
            checked_on=date(2026, 10, 20),
        )
    assert kinds(taken) == {"counter", "case"} and order.number
    services.record_statement(
        case, by=u["fx_inspector"], notified_on=date(2026, 10, 21), waived=True, version=version_of(case)
    )
    with taken_in_order() as taken:
        services.issue_handling_decision(
            case,
            by=u["fx_inspector"],
            decided_on=date(2026, 10, 26),
            findings="拖欠五个月工资，逾期未改正。",
            deadline=date(2026, 11, 5),
            version=version_of(case),
        )
    assert kinds(taken) == {"counter", "case"}


def test_workers_handed_over_to_mediation_and_arbitration(filed, u, world):
    case = filed(2)
    first, second = WageClaim.objects.filter(case=case).order_by("id")
    with taken_in_order() as taken:
        services.settle_by_mediation(
            first,
            by=u["fx_mediator"],
            centre=world.orgs["fx_centre"],
            signed_on=date(2026, 10, 28),
            due_on=date(2026, 11, 6),
            version=version_of(case),
        )
    assert kinds(taken) == {"counter", "case"}
    with taken_in_order() as taken:
        services.refer_claim_to_arbitration(
            second,
            by=u["fx_admin"],
            commission=world.orgs["fx_arbitration"],
            applied_on=date(2026, 10, 29),
            version=version_of(case),
        )
    assert kinds(taken) == {"counter", "case"}
    assert len(MONTHS) == first.months.count()
