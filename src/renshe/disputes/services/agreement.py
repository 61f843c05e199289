"""The mediation agreement (调解协议书, 劳动争议调解仲裁法 第十四条) and its performance: items of what is paid, how much and by
when; payments item by item, recorded here or from another module's wage ledger; the path for unpaid wage
items (第十六条: a payment order, or arbitral review under 办案规则 第七十四条); and default (第十五条)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.money import ZERO, MoneySum, money
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
)

from .. import workflow
from ..models import (
    AgreementItem,
    DisputeCase,
    Litigation,
    MediationAgreement,
    Outcome,
    Payment,
    ReviewPath,
)
from ..workflow import Status
from ._common import _claim_types, _event, _lock, _save, _task


@dataclass
class ItemInput:
    claim_type: str
    description: str
    amount: Decimal
    due_on: date


@transaction.atomic
def settle_dispute(
    case: DisputeCase,
    *,
    by: User,
    signed_on: date,
    terms: str,
    items: list[ItemInput],
    version: int,
) -> MediationAgreement:
    """The agreement (第十四条): items of what is paid, how much, by when; performance is then tracked."""
    case = _lock(case, by, version, "settle")
    signed_on = not_future(signed_on, "signed_on")
    if signed_on < case.received_on:
        raise ValidationFailed(_("签订日期不能早于收到申请日"), field="signed_on")
    if not items:
        raise ValidationFailed(_("请至少填写一项履行事项"), field="items")
    known = _claim_types()
    for i, item in enumerate(items):
        if item.claim_type not in known:
            raise ValidationFailed(_("第%(n)d项履行事项的类型无效") % {"n": i + 1}, field="items")
        if item.due_on < signed_on:
            raise ValidationFailed(_("第%(n)d项的履行期限早于签订日期") % {"n": i + 1}, field="items")
        item.amount = money(item.amount, "items")
    agreement = MediationAgreement.objects.create(case=case, signed_on=signed_on, terms=terms.strip()[:5000])
    AgreementItem.objects.bulk_create(
        AgreementItem(
            agreement=agreement,
            claim_type=i.claim_type,
            description=i.description.strip()[:200],
            amount=i.amount,
            due_on=i.due_on,
        )
        for i in items
    )
    case.agreed_total = sum((i.amount for i in items), ZERO)
    case.outcome, case.outcome_on = Outcome.SETTLED, signed_on
    _save(case)
    close_work_items(case, kind="dispute.mediate")
    _event(
        case, "settled", official("达成调解协议，协议金额%(total)s元", total=f"{case.agreed_total:,.2f}"), by
    )
    last_due = max(i.due_on for i in items)
    _task(
        case,
        "dispute.performance",
        official("跟踪协议履行：%(number)s", number=case.number),
        role=Role.MEDIATOR,
        starts_on=signed_on,
        due_on=last_due,
    )
    _task(
        case,
        "dispute.review_reminder",
        official("提示当事人申请仲裁审查：%(number)s", number=case.number),
        role=Role.MEDIATOR,
        period=law.MEDIATION_REVIEW_APPLICATION,
        starts_on=signed_on,
    )
    return agreement


@transaction.atomic
def record_payment(
    item: AgreementItem, *, by: User, amount: Decimal | str, paid_on: date, version: int
) -> Payment:
    """Money paid on one agreement item; the case closes when every item is paid in full. `version` is the
    case's."""
    case = _lock(item.agreement.case, by, version, "record_payment")
    item = AgreementItem.objects.select_for_update().get(pk=item.pk)
    amount = money(amount, "amount")
    not_future(paid_on, "paid_on")
    if amount > item.outstanding:
        raise ValidationFailed(
            _("支付金额%(amount)s元超过该项未付金额%(left)s元")
            % {"amount": amount, "left": item.outstanding},
            field="amount",
        )
    return _pay(
        case,
        item,
        by,
        amount,
        paid_on,
        official("履行：%(what)s %(amount)s元", what=item.description, amount=f"{amount:,.2f}"),
    )


@transaction.atomic
def record_ledger_payment(
    case: DisputeCase, *, by: User, amount: Decimal, paid_on: date, ledger: str, version: int
) -> list[Payment]:
    """Money the worker received as another module records it — an inspection case's wage ledger, where
    the inspectors keep every payment by source — applied to this agreement's items in due order, so the
    agreement shows it performed. The calling service has checked that `by` may write that ledger; here
    the rules say who may apply a ledger payment at all, and `ledger` names it on this case's timeline.
    What exceeds the agreement's outstanding amount (paid before it was signed, or recorded here already)
    is not applied twice."""
    if case.status != Status.SETTLED:  # performed in full already, or gone on to review: nothing to apply
        return []
    case = _lock(case, by, version, "ledger_payment")
    payments = []
    left = amount
    for item in (
        AgreementItem.objects.select_for_update().filter(agreement__case=case).order_by("due_on", "id")
    ):
        share = min(left, item.outstanding)
        if share > 0:
            summary = official(
                "履行（%(ledger)s记录）：%(what)s %(amount)s元",
                ledger=ledger,
                what=item.description,
                amount=f"{share:,.2f}",
            )
            payments.append(_pay(case, item, by, share, paid_on, summary))
            left -= share
    return payments


def _pay(
    case: DisputeCase, item: AgreementItem, by: User, amount: Decimal, paid_on: date, summary: str
) -> Payment:
    payment = Payment.objects.create(item=item, amount=amount, paid_on=paid_on, recorded_by=by)
    AgreementItem.objects.filter(pk=item.pk).update(paid_amount=F("paid_amount") + amount)
    case.paid_total = AgreementItem.objects.filter(agreement__case=case).aggregate(s=MoneySum("paid_amount"))[
        "s"
    ]
    fully_paid = case.paid_total >= case.agreed_total
    if fully_paid:
        case.status = workflow.target(Status.SETTLED, "perform")
        case.closed_on = paid_on
        close_work_items(case)
    _save(case)
    _event(case, "payment", summary, by, paid_total=str(case.paid_total))
    if fully_paid:
        _event(case, "performed", official("调解协议已全部履行，结案"), by)
    return payment


@transaction.atomic
def choose_review_path(
    case: DisputeCase, *, by: User, path: str, applied_on: date, court: str = "", version: int
) -> DisputeCase:
    """For wage, injury-cost and compensation items left unpaid (第十六条): a payment order from the court,
    or the parties' joint application for arbitral review (办案规则 第七十四条)."""
    if path not in (ReviewPath.PAYMENT_ORDER, ReviewPath.ARBITRATION_REVIEW):
        raise ValidationFailed(_("请选择后续途径"), field="path")
    case = _lock(case, by, version, path)
    not_future(applied_on, "applied_on")
    agreement = case.agreement
    agreement.review_path, agreement.review_applied_on = path, applied_on
    agreement.save()
    if path == ReviewPath.PAYMENT_ORDER:
        if not court.strip():
            raise ValidationFailed(_("请填写受理支付令申请的法院"), field="court")
        Litigation.objects.create(
            case=case, filed_by="worker", filed_on=applied_on, court=court.strip()[:100]
        )
    _save(case)
    close_work_items(case, kind="dispute.review_reminder")
    _event(case, "review_path", official("后续途径：%(path)s", path=ReviewPath(path).label), by)
    return case


@transaction.atomic
def declare_default(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """An agreement item is past due and unpaid: the worker may arbitrate (第十五条)."""
    case = _lock(case, by, version, "default")
    today = timezone.localdate()
    overdue = AgreementItem.objects.filter(
        agreement__case=case, due_on__lt=today, paid_amount__lt=F("amount")
    )
    if not overdue.exists():
        raise ValidationFailed(_("没有已到期未履行的事项"), field="status")
    case.reason = official("调解协议未履行")
    _save(case)
    close_work_items(case)
    _event(case, "defaulted", official("调解协议到期未履行，可申请仲裁"), by)
    return case
