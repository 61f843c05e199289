"""The mediation agreement (调解协议书, 劳动争议调解仲裁法 第十四条) and its performance: items of what is paid, how much and by
when; payments item by item, recorded here or from another module's wage ledger; default (第十五条); and the
applications about it (disputes.follow_ups): a payment order (第十六条), the commission's review (办案规则
第七十四条), the court's confirmation (民事诉讼法 第二百零五条), each with its result."""

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

from .. import follow_ups, workflow
from ..models import (
    GRANTED,
    AgreementFollowUp,
    AgreementItem,
    DisputeCase,
    FollowUpKind,
    FollowUpResult,
    MediationAgreement,
    Outcome,
    Payment,
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
def apply_for_payment_order(
    case: DisputeCase, *, by: User, applied_on: date, court: str, version: int
) -> AgreementFollowUp:
    """The worker applies to the court for a payment order (第十六条): only for items of pay, work-injury medical
    costs, economic compensation or damages left unpaid past their due date, and once the default is recorded."""
    case = _lock(case, by, version, "payment_order")
    agreement = _agreement(case)
    applied_on = not_future(applied_on, "applied_on")
    refusal = follow_ups.payment_order_refusal(agreement, applied_on)
    if refusal:
        raise ValidationFailed(refusal, field="applied_on")
    follow_up = _follow_up(agreement, FollowUpKind.PAYMENT_ORDER, by, applied_on, court, "court", joint=False)
    _save(case)
    _event(
        case,
        "payment_order",
        official(
            "劳动者向%(court)s申请支付令（%(law)s）",
            court=follow_up.authority,
            law=law.PAYMENT_ORDER_CITATION,
        ),
        by,
    )
    return follow_up


@transaction.atomic
def apply_for_arbitral_review(
    case: DisputeCase, *, by: User, applied_on: date, commission: str, joint: bool, version: int
) -> AgreementFollowUp:
    """Both parties apply to the commission to review the agreement, within 15 days of its taking effect
    (办案规则 第七十四条); the commission issues an arbitral 调解书 or rejects the application."""
    return _joint_application(
        case, by, FollowUpKind.ARBITRAL_REVIEW, applied_on, commission, "commission", joint, version
    )


@transaction.atomic
def apply_for_judicial_confirmation(
    case: DisputeCase, *, by: User, applied_on: date, court: str, joint: bool, version: int
) -> AgreementFollowUp:
    """Both parties apply to the court to confirm the agreement, within 30 days of its taking effect (民事诉讼法
    第二百零五条); the court rules it valid or rejects the application (第二百零六条)."""
    return _joint_application(
        case, by, FollowUpKind.JUDICIAL_CONFIRMATION, applied_on, court, "court", joint, version
    )


def _joint_application(
    case: DisputeCase,
    by: User,
    kind: FollowUpKind,
    applied_on: date,
    authority: str,
    field: str,
    joint: bool,
    version: int,
) -> AgreementFollowUp:
    action = {
        FollowUpKind.ARBITRAL_REVIEW: "arbitration_review",
        FollowUpKind.JUDICIAL_CONFIRMATION: "judicial_confirmation",
    }[kind]
    case = _lock(case, by, version, action)
    agreement = _agreement(case)
    if not joint:
        raise ValidationFailed(_("%(kind)s须由双方当事人共同申请") % {"kind": kind.label}, field="joint")
    applied_on = not_future(applied_on, "applied_on")
    if applied_on < agreement.signed_on:
        raise ValidationFailed(_("申请日期不能早于调解协议签订日期"), field="applied_on")
    refusal = follow_ups.joint_refusal(agreement, kind, applied_on)
    if refusal:
        raise ValidationFailed(refusal, field="applied_on")
    follow_up = _follow_up(agreement, kind, by, applied_on, authority, field, joint=True)
    _save(case)
    close_work_items(case, kind="dispute.review_reminder")
    _event(
        case,
        action,
        official(
            "双方当事人向%(authority)s共同申请%(kind)s（%(law)s）",
            authority=follow_up.authority,
            kind=official(kind.label),
            law=follow_ups.JOINT_PERIODS[kind].citation,
        ),
        by,
    )
    return follow_up


def _agreement(case: DisputeCase) -> MediationAgreement:
    agreement = MediationAgreement.objects.filter(case=case).first()
    if agreement is None:  # a mediation that failed without one
        raise ValidationFailed(_("本案没有调解协议"), field="status")
    return agreement


def _follow_up(
    agreement: MediationAgreement,
    kind: FollowUpKind,
    by: User,
    applied_on: date,
    authority: str,
    field: str,
    *,
    joint: bool,
) -> AgreementFollowUp:
    if not authority.strip():
        raise ValidationFailed(
            _("请填写受理申请的仲裁委员会") if field == "commission" else _("请填写受理申请的人民法院"),
            field=field,
        )
    return AgreementFollowUp.objects.create(
        agreement=agreement,
        kind=kind,
        applied_on=applied_on,
        authority=authority.strip()[:100],
        joint=joint,
        recorded_by=by,
    )


@transaction.atomic
def record_follow_up_result(
    follow_up: AgreementFollowUp, *, by: User, granted: bool, decided_on: date, version: int
) -> AgreementFollowUp:
    """What the court or the commission decided on an application: a payment order issued, an arbitral 调解书
    issued, the agreement ruled valid (the last two make it enforceable), or the application rejected.
    `version` is the case's."""
    case = _lock(follow_up.agreement.case, by, version, "follow_up_result")
    follow_up = AgreementFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.result:
        raise ValidationFailed(
            _("已登记%(kind)s的结果") % {"kind": follow_up.get_kind_display()}, field="follow_up"
        )
    decided_on = not_future(decided_on, "decided_on")
    if decided_on < follow_up.applied_on:
        raise ValidationFailed(_("结果日期不能早于申请日期"), field="decided_on")
    follow_up.result = GRANTED[FollowUpKind(follow_up.kind)] if granted else FollowUpResult.REJECTED
    follow_up.decided_on = decided_on
    follow_up.save(update_fields=["result", "decided_on"])
    _save(case)
    result = official(follow_up.get_result_display())
    if follow_up.enforceable:
        summary = official("%(result)s，调解协议可以向人民法院申请强制执行", result=result)
    elif granted:
        summary = result
    else:
        summary = official(
            "%(authority)s驳回%(kind)s申请",
            authority=follow_up.authority,
            kind=official(follow_up.get_kind_display()),
        )
    _event(case, "follow_up_result", summary, by, kind=follow_up.kind, result=follow_up.result)
    return follow_up


@transaction.atomic
def declare_default(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """An agreement item is past due and unpaid: the worker may arbitrate (第十五条), and for the items of
    第十六条 apply for a payment order (apply_for_payment_order)."""
    case = _lock(case, by, version, "default")
    today = timezone.localdate()
    overdue = AgreementItem.objects.filter(
        agreement__case=case, due_on__lt=today, paid_amount__lt=F("amount")
    )
    if not overdue.exists():
        raise ValidationFailed(_("没有已到期未履行的事项"), field="status")
    case.reason = official("调解协议未履行")
    _save(case)
    MediationAgreement.objects.filter(case=case).update(defaulted_on=today)
    close_work_items(case)
    _event(case, "defaulted", official("调解协议到期未履行，可申请仲裁"), by)
    return case
