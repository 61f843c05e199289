"""The per-worker wage ledger and advances: balances to the cent, payments never above what is owed,
never to a worker not on the case; the sum over workers reconciles with the sum over payers; concurrent
edits lose nothing."""

from datetime import date
from decimal import Decimal

import pytest

from renshe.core.casework import version_of
from renshe.core.errors import Conflict, ValidationFailed
from renshe.core.models import Person
from renshe.inspection import selectors, services
from renshe.inspection.models import AdvancePayment, InspectionCase, WageClaim, WagePayment
from renshe.inspection.services import WorkerInput
from tests.threads import race


def claims(case):
    return list(WageClaim.objects.filter(case=case).select_related("worker").order_by("id"))


def assert_reconciles(case):
    """Every kept total equals the sum of its rows; workers' advance money equals payers' advances."""
    case = InspectionCase.objects.get(pk=case.pk)
    summary = selectors.ledger_summary(case)
    rows = claims(case)
    for c in rows:
        assert c.owed_total == sum((m.amount for m in c.months.all()), Decimal(0))
        assert c.paid_total == sum((p.amount for p in c.payments.all()), Decimal(0))
        assert c.balance >= 0
    advance_to_workers = sum(
        (p.amount for p in WagePayment.objects.filter(claim__case=case, source="advance")), Decimal(0)
    )
    payers = list(AdvancePayment.objects.filter(case=case))
    assert advance_to_workers == sum((a.advanced_total for a in payers), Decimal(0)) == case.advanced_total
    for a in payers:
        assert a.advanced_total == sum((p.amount for p in a.payments.all()), Decimal(0))
        assert a.repaid_total == sum((r.amount for r in a.repayments.all()), Decimal(0))
        assert a.outstanding >= 0
    assert case.owed_total == sum((c.owed_total for c in rows), Decimal(0)) == summary.owed
    assert case.paid_total == sum((c.paid_total for c in rows), Decimal(0)) == summary.paid
    assert case.repaid_total == summary.repaid
    assert summary.balance == case.balance == sum((c.balance for c in rows), Decimal(0))
    return case


def pay(case, u, worker, amount, source="employer", **kw):
    return services.record_wage_payment(
        case,
        by=u["fx_inspector"],
        worker=worker,
        amount=amount,
        paid_on=date(2026, 10, 20),
        source=source,
        **{"version": version_of(case), **kw},
    )


def test_a_payment_larger_than_owed_is_refused(filed, u):
    case = filed(1)
    worker = claims(case)[0].worker
    with pytest.raises(ValidationFailed) as error:
        pay(case, u, worker, "26001.86")
    assert error.value.field == "amount" and "26,001.85" in str(error.value.message)
    pay(case, u, worker, "26001.85")
    with pytest.raises(ValidationFailed):
        pay(case, u, worker, "0.01")
    assert assert_reconciles(case).balance == 0


def test_a_payment_to_a_worker_not_on_the_case_is_refused(filed, u, world):
    case = filed(1)
    stranger = Person.objects.exclude(pk__in=[c.worker_id for c in claims(case)]).first()
    with pytest.raises(ValidationFailed) as error:
        pay(case, u, stranger, "100.00")
    assert error.value.field == "worker" and "不在本案" in str(error.value.message)
    assert not WagePayment.objects.exists()


@pytest.mark.parametrize("amount", ["-1.00", "0", "0.001", "abc", "NaN", "Infinity"])
def test_bad_amounts_are_refused(filed, u, amount):
    case = filed(1)
    with pytest.raises(ValidationFailed):
        pay(case, u, claims(case)[0].worker, amount)


def test_an_advance_payment_must_name_its_advance_and_only_then(filed, u):
    case = filed(1)
    worker = claims(case)[0].worker
    with pytest.raises(ValidationFailed):
        pay(case, u, worker, "100.00", source="advance")
    advance = services.record_advance(
        case,
        by=u["fx_inspector"],
        payer_kind="fund",
        payer_name="奉贤区欠薪应急周转金",
        decided_on=date(2026, 10, 20),
        allocations=[(worker, Decimal("100.00"))],
        version=version_of(case),
    )
    with pytest.raises(ValidationFailed):
        pay(case, u, worker, "100.00", source="employer", advance=advance)
    pay(case, u, worker, "50.00", source="advance", advance=advance)  # a later top-up on the same advance
    advance.refresh_from_db()
    assert advance.advanced_total == Decimal("150.00")
    assert_reconciles(case)


def test_an_advance_to_several_workers_reconciles_with_the_payer(filed, u, factory):
    case = filed(3)
    rows = claims(case)
    soe = type(factory).objects.exclude(pk=factory.pk).first()
    advance = services.record_advance(
        case,
        by=u["fx_inspector"],
        payer_kind="enterprise",
        payer=soe,
        decided_on=date(2026, 10, 30),
        allocations=[(rows[0].worker, rows[0].balance), (rows[1].worker.pk, Decimal("10000.01"))],
        version=version_of(case),
    )
    assert advance.payer_name == soe.name
    assert advance.advanced_total == rows[0].balance + Decimal("10000.01")
    case = assert_reconciles(case)
    assert case.advanced_total == advance.advanced_total
    # repayments from enforcement: never more than outstanding, and need the enforcement case number
    with pytest.raises(ValidationFailed):
        services.record_advance_repayment(
            advance,
            by=u["fx_inspector"],
            amount="1.00",
            repaid_on=date(2026, 11, 5),
            version=version_of(advance.case),
        )
    with pytest.raises(ValidationFailed):
        services.record_advance_repayment(
            advance,
            by=u["fx_inspector"],
            amount=advance.advanced_total + Decimal("0.01"),
            repaid_on=date(2026, 11, 5),
            reference="（2026）沪0120执1234号",
            version=version_of(advance.case),
        )
    services.record_advance_repayment(
        advance,
        by=u["fx_inspector"],
        amount="20000.00",
        repaid_on=date(2026, 11, 5),
        reference="（2026）沪0120执1234号",
        version=version_of(advance.case),
    )
    advance.refresh_from_db()
    assert advance.outstanding == advance.advanced_total - Decimal("20000.00")
    assert assert_reconciles(case).repaid_total == Decimal("20000.00")


def test_an_advance_refuses_overpayment_duplicates_and_strangers_whole(filed, u, world):
    case = filed(2)
    a, b = claims(case)
    stranger = Person.objects.exclude(pk__in=[a.worker_id, b.worker_id]).first()
    for allocations in (
        [(a.worker, Decimal("1.00")), (b.worker, b.balance + Decimal("0.01"))],
        [(a.worker, Decimal("1.00")), (a.worker, Decimal("1.00"))],
        [(a.worker, Decimal("1.00")), (stranger, Decimal("1.00"))],
        [],
    ):
        with pytest.raises(ValidationFailed):
            services.record_advance(
                case,
                by=u["fx_inspector"],
                payer_kind="fund",
                payer_name="应急周转金",
                decided_on=date(2026, 10, 30),
                allocations=allocations,
                version=version_of(case),
            )
    assert not AdvancePayment.objects.exists() and not WagePayment.objects.exists()
    assert_reconciles(case)


def test_more_months_for_a_worker_and_a_new_worker(filed, u):
    case = filed(1)
    worker = claims(case)[0].worker
    services.add_wage_claim(
        case,
        by=u["fx_inspector"],
        worker=WorkerInput(worker.id_number, worker.name, months=[(date(2026, 9, 1), "5200.37")]),
        version=version_of(case),
    )
    with pytest.raises(ValidationFailed):  # September again
        services.add_wage_claim(
            case,
            by=u["fx_inspector"],
            worker=WorkerInput(worker.id_number, worker.name, months=[(date(2026, 9, 3), "1")]),
            version=version_of(case),
        )
    services.add_wage_claim(
        case,
        by=u["fx_inspector"],
        worker=WorkerInput("110101199003074514", "李四", months=[(date(2026, 8, 1), "4100.00")]),
        version=version_of(case),
    )
    case = assert_reconciles(case)
    assert case.worker_count == 2 and case.owed_total == Decimal("26001.85") + Decimal("5200.37") + Decimal(
        "4100.00"
    )


def test_ledger_entries_need_a_filed_case(complain, u):
    case = complain(1).case
    with pytest.raises(ValidationFailed):
        pay(case, u, claims(case)[0].worker, "1.00")


@pytest.mark.django_db(transaction=True)
def test_two_clerks_editing_the_ledger_at_once_one_gets_conflict_and_nothing_is_lost(filed, u):
    case = filed(2)
    a, b = claims(case)
    version = case.version
    results = race(
        [
            lambda: pay(case, {"fx_inspector": u["fx_inspector"]}, a.worker, "1000.00", version=version),
            lambda: pay(case, {"fx_inspector": u["fx_inspector2"]}, b.worker, "2000.00", version=version),
        ]
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "WagePayment"]
    case = assert_reconciles(case)
    winner = next(r for r in results if isinstance(r, WagePayment))
    assert case.paid_total == winner.amount and case.version == version + 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_cannot_together_overpay_a_worker(filed, u):
    """Two clerks who read the same version: one payment lands, the other is told to refresh (409)."""
    case = filed(1)
    worker, version = claims(case)[0].worker, case.version
    sixty_percent = (claims(case)[0].owed_total * Decimal("0.6")).quantize(Decimal("0.01"))
    results = race(
        [
            lambda: pay(case, u, worker, sixty_percent, version=version),
            lambda: pay(case, u, worker, sixty_percent, version=version),
        ]
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "WagePayment"]
    assert assert_reconciles(case).paid_total == sixty_percent


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_to_different_workers_one_waits_for_a_fresh_version(filed, u):
    case = filed(2)
    (a, b), version = claims(case), case.version
    results = race(
        [
            lambda: pay(case, u, a.worker, "300.10", version=version),
            lambda: pay(case, u, b.worker, "400.20", version=version),
        ]
    )
    landed = [r for r in results if isinstance(r, WagePayment)]
    assert len(landed) == 1 and sum(isinstance(r, Conflict) for r in results) == 1
    again = pay(case, u, (b if landed[0].claim_id == a.id else a).worker, "1.00")  # after a refresh
    assert assert_reconciles(case).paid_total == landed[0].amount + again.amount


def test_conflict_is_raised_for_a_stale_version(filed, u):
    case = filed(1)
    with pytest.raises(Conflict):
        pay(case, u, claims(case)[0].worker, "1.00", version=case.version + 5)
