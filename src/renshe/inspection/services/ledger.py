"""The wage ledger: each worker's months and amounts owed, every payment by source (the employer, a named
payer's advance, court enforcement) and advances (垫付, 保障农民工工资支付条例 第六十三条) repaid from enforcement.

Money: every ledger write re-reads the case under its row lock, validates against the balances as they are
now, inserts rows, and recomputes the affected totals from the rows (not by increments), so two clerks
editing the same ledger at once cannot overpay a worker or lose a payment: the second waits for the lock
and is checked against the first's result (or gets Conflict if it names the version it saw)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from renshe.core.errors import ValidationFailed
from renshe.core.models import Enterprise, Person, User
from renshe.core.money import ZERO, money, yuan
from renshe.core.services import (
    not_future,
    official,
)
from renshe.disputes import handover

from ..models import (
    AdvancePayment,
    AdvanceRepayment,
    InspectionCase,
    PayerKind,
    PaymentSource,
    RepaymentSource,
    Resolution,
    WageClaim,
    WagePayment,
)
from ..rules import RULES
from ._common import (
    WorkerInput,
    _add_claim,
    _claim_for,
    _event,
    _lock,
    _raise_group_case,
    _recompute,
    _register_worker,
)


@transaction.atomic
def add_wage_claim(case: InspectionCase, *, by: User, worker: WorkerInput, version: int) -> WageClaim:
    """A worker found in the investigation (or more months for one already on the ledger)."""
    RULES.check(by, "ledger", case)  # before the registry is touched; _lock checks again under the lock
    person, months, field = _register_worker(worker, case.organisation, by, "workers.0")
    case = _lock(case, by, version, "ledger")
    claim = _add_claim(case, person, months, None, field)
    _recompute(case, [claim])
    _raise_group_case(case)
    case.save()
    claim.refresh_from_db()
    _event(
        case,
        "claim",
        official("登记欠薪：%(name)s 共%(amount)s元", name=claim.worker.name, amount=yuan(claim.owed_total)),
        by,
        owed_total=str(case.owed_total),
    )
    return claim


def _check_payable(claim: WageClaim, amount: Decimal, already: Decimal = ZERO) -> None:
    left = claim.owed_total - claim.paid_total - already
    if amount > left:
        raise ValidationFailed(
            _("支付金额%(amount)s元超过%(name)s尚欠的%(left)s元")
            % {"amount": yuan(amount), "name": claim.worker.name, "left": yuan(left)},
            field="amount",
        )


def _perform_agreement(
    case: InspectionCase, claim: WageClaim, amount: Decimal, paid_on: date, by: User
) -> None:
    """A worker who settled by mediation is paid under the agreement: the payment is recorded there too, in
    this transaction, so the agreement and the ledger agree."""
    if claim.resolution == Resolution.MEDIATION and claim.dispute is not None:
        handover.record_payment_on_agreement(
            claim.dispute,
            by=by,
            amount=amount,
            paid_on=paid_on,
            ledger=official("监察案件%(n)s", n=case.number),
            version=claim.dispute.version,
        )


@transaction.atomic
def record_wage_payment(
    case: InspectionCase,
    *,
    by: User,
    worker: Person | int,
    amount: Decimal | str,
    paid_on: date,
    source: str,
    advance: AdvancePayment | None = None,
    reference: str = "",
    version: int,
) -> WagePayment:
    """Money reaching one worker: from the employer, from a named payer's advance, or from court
    enforcement. Never more than the worker's outstanding balance, never to a worker not on the case."""
    case = _lock(case, by, version, "ledger")
    if source not in PaymentSource.values:
        raise ValidationFailed(_("资金来源无效"), field="source")
    if (source == PaymentSource.ADVANCE) != (advance is not None):
        raise ValidationFailed(_("垫付款须注明垫付单位，其他来源不得注明"), field="advance")
    if advance is not None:
        advance = AdvancePayment.objects.select_for_update().filter(pk=advance.pk, case=case).first()
        if advance is None:
            raise ValidationFailed(_("该垫付不属于本案"), field="advance")
    amount = money(amount, "amount")
    paid_on = not_future(paid_on, "paid_on")
    claim = _claim_for(case, worker)
    _check_payable(claim, amount)
    payment = WagePayment.objects.create(
        claim=claim,
        amount=amount,
        paid_on=paid_on,
        source=source,
        advance=advance,
        reference=reference.strip()[:60],
        recorded_by=by,
    )
    _recompute(case, [claim], [advance] if advance else [])
    case.save()
    _perform_agreement(case, claim, amount, paid_on, by)
    _event(
        case,
        "payment",
        official(
            "%(name)s收到%(source)s%(amount)s元",
            name=claim.worker.name,
            source=PaymentSource(source).label,
            amount=yuan(amount),
        ),
        by,
        paid_total=str(case.paid_total),
    )
    return payment


@transaction.atomic
def record_advance(
    case: InspectionCase,
    *,
    by: User,
    payer_kind: str,
    payer_name: str = "",
    payer: Enterprise | int | None = None,
    decided_on: date,
    allocations: list[tuple[Person | int, Decimal]],
    note: str = "",
    version: int,
) -> AdvancePayment:
    """垫付: a payer (e.g. a state-owned enterprise, or the emergency revolving fund of 保障农民工工资支付条例
    第六十三条) pays named workers' wages for the employer, to be repaid from enforcement. The advance and
    every worker's payment are written together, so the payer's total is exactly what the workers got."""
    case = _lock(case, by, version, "ledger")
    if isinstance(payer, int):  # an id from the API: looked up once the caller may act on the case
        payer = Enterprise.objects.filter(pk=payer).first()
        if payer is None:
            raise ValidationFailed(_("垫付企业不存在"), field="payer")
    if payer_kind not in PayerKind.values:
        raise ValidationFailed(_("垫付主体类别无效"), field="payer_kind")
    if payer_kind == PayerKind.ENTERPRISE and payer is None:
        raise ValidationFailed(_("请选择垫付企业"), field="payer")
    name = (payer.name if payer is not None else payer_name).strip()
    if not name:
        raise ValidationFailed(_("请填写垫付单位"), field="payer_name")
    decided_on = not_future(decided_on, "decided_on")
    if not allocations:
        raise ValidationFailed(_("请填写垫付给每名劳动者的金额"), field="allocations")
    rows: list[tuple[WageClaim, Decimal]] = []
    seen: set[int] = set()
    for worker, amount in allocations:
        claim = _claim_for(case, worker, "allocations")
        if claim.pk in seen:
            raise ValidationFailed(
                _("同一劳动者重复列出：%(name)s") % {"name": claim.worker.name}, field="allocations"
            )
        seen.add(claim.pk)
        amount = money(amount, "allocations")
        _check_payable(claim, amount)
        rows.append((claim, amount))
    advance = AdvancePayment.objects.create(
        case=case,
        payer_kind=payer_kind,
        payer_name=name[:120],
        payer=payer,
        decided_on=decided_on,
        note=note.strip()[:300],
        recorded_by=by,
    )
    WagePayment.objects.bulk_create(
        WagePayment(
            claim=claim,
            amount=amount,
            paid_on=decided_on,
            source=PaymentSource.ADVANCE,
            advance=advance,
            recorded_by=by,
        )
        for claim, amount in rows
    )
    _recompute(case, [c for c, _a in rows], [advance])
    case.save()
    for claim, amount in rows:
        _perform_agreement(case, claim, amount, decided_on, by)
    _event(
        case,
        "advance",
        official(
            "%(payer)s为%(n)d名劳动者垫付工资%(amount)s元",
            payer=name,
            n=len(rows),
            amount=yuan(advance.advanced_total),
        ),
        by,
        advanced_total=str(case.advanced_total),
    )
    return advance


@transaction.atomic
def record_advance_repayment(
    advance: AdvancePayment,
    *,
    by: User,
    amount: Decimal | str,
    repaid_on: date,
    source: str = RepaymentSource.ENFORCEMENT,
    reference: str = "",
    version: int,
) -> AdvanceRepayment:
    """Money back to the payer, usually from the court's enforcement against the employer (reference: the
    enforcement case number); never more than the payer's outstanding advance. Allowed after closure too,
    since enforcement often ends later than the inspection case."""
    case = _lock(advance.case, by, version, "repay")
    advance = AdvancePayment.objects.select_for_update().get(pk=advance.pk)
    if source not in RepaymentSource.values:
        raise ValidationFailed(_("来源无效"), field="source")
    amount = money(amount, "amount")
    repaid_on = not_future(repaid_on, "repaid_on")
    if repaid_on < advance.decided_on:
        raise ValidationFailed(_("归还日期不能早于垫付日期"), field="repaid_on")
    if amount > advance.outstanding:
        raise ValidationFailed(
            _("归还金额%(amount)s元超过%(payer)s尚未收回的%(left)s元")
            % {"amount": yuan(amount), "payer": advance.payer_name, "left": yuan(advance.outstanding)},
            field="amount",
        )
    if source == RepaymentSource.ENFORCEMENT and not reference.strip():
        raise ValidationFailed(_("请填写法院执行案号"), field="reference")
    repayment = AdvanceRepayment.objects.create(
        advance=advance,
        amount=amount,
        repaid_on=repaid_on,
        source=source,
        reference=reference.strip()[:60],
        recorded_by=by,
    )
    _recompute(case, [], [advance])
    case.save()
    _event(
        case,
        "advance_repaid",
        official(
            "归还%(payer)s垫付款%(amount)s元（%(source)s）",
            payer=advance.payer_name,
            amount=yuan(amount),
            source=RepaymentSource(source).label,
        ),
        by,
        reference=repayment.reference,
        outstanding=str(advance.outstanding),
    )
    return repayment
