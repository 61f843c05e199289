"""What a party may do with a mediation agreement besides performing it, and until when (the reads; the writes
are in services.agreement):

- a payment order (支付令, 劳动争议调解仲裁法 第十六条): the worker alone, for items of pay, work-injury medical
  costs, economic compensation or damages the employer left unpaid past their due date, once the default is
  recorded (第十五条, services.declare_default);
- the commission's review (仲裁审查, 劳动人事争议仲裁办案规则 第七十四条), which issues an arbitral 调解书: both
  parties together, within 15 days of the agreement taking effect;
- the court's confirmation (司法确认, 民事诉讼法 第二百零五条): both parties together, within 30 days of the
  agreement taking effect; the court rules the agreement valid or rejects the application (第二百零六条).

An agreement takes effect when it is signed (第十四条), so both periods run from `signed_on`. A review and a
confirmation are two roads to the same end (an enforceable title): one granted or pending rules out the other.
"""

from datetime import date

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.workdays import Deadline, compute_deadline

from .models import (
    AgreementFollowUp,
    AgreementItem,
    FollowUpKind,
    FollowUpResult,
    MediationAgreement,
)

JOINT_PERIODS = {
    FollowUpKind.ARBITRAL_REVIEW: law.MEDIATION_REVIEW_APPLICATION,
    FollowUpKind.JUDICIAL_CONFIRMATION: law.JUDICIAL_CONFIRMATION_APPLICATION,
}


def joint_deadline(agreement: MediationAgreement, kind: str) -> Deadline:
    """The last day of the parties' joint application of `kind`, counted from the agreement's signing."""
    return compute_deadline(JOINT_PERIODS[FollowUpKind(kind)], agreement.signed_on)


def by_kind(agreement: MediationAgreement) -> dict[str, AgreementFollowUp]:
    """The agreement's applications, one at most of each kind (the prefetched ones, where the page has them)."""
    return {f.kind: f for f in agreement.follow_ups.all()}


def enforceable(agreement: MediationAgreement) -> AgreementFollowUp | None:
    """The arbitral 调解书 or the court's ruling that makes the agreement enforceable, if there is one."""
    return next((f for f in by_kind(agreement).values() if f.enforceable), None)


def unpaid_for_payment_order(agreement: MediationAgreement, on: date) -> QuerySet[AgreementItem]:
    """The items 第十六条 covers that are still unpaid on `on`, their due date passed (民法典 第二百零三条第二款:
    the last day is the employer's to the end)."""
    return agreement.items.filter(
        claim_type__in=law.PAYMENT_ORDER_CLAIMS, paid_amount__lt=F("amount"), due_on__lt=on
    )


def payment_order_refusal(agreement: MediationAgreement, on: date) -> str:
    """Why the worker may not apply for a payment order on `on` ("" if they may)."""
    if agreement.defaulted_on is None:
        return _(
            "请先登记“确认到期未履行”：用人单位在协议约定期限内不履行的，劳动者才可以申请支付令（%(law)s）"
        ) % {"law": law.PAYMENT_ORDER_CITATION}
    if FollowUpKind.PAYMENT_ORDER in by_kind(agreement):
        return _("已登记支付令申请")
    title = enforceable(agreement)
    if title is not None:
        return _("%(result)s，调解协议可以直接向人民法院申请强制执行") % {
            "result": title.get_result_display()
        }
    if not unpaid_for_payment_order(agreement, on).exists():
        return _(
            "只有拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金的事项到期未履行，才可以申请支付令（%(law)s）"
        ) % {"law": law.PAYMENT_ORDER_CITATION}
    return ""


def joint_refusal(agreement: MediationAgreement, kind: str, on: date) -> str:
    """Why the parties may not jointly apply for `kind` (a review or a confirmation) on `on` ("" if they
    may)."""
    kind = FollowUpKind(kind)
    done = by_kind(agreement)
    if kind in done:
        return _("已登记%(kind)s申请") % {"kind": kind.label}
    (other,) = set(JOINT_PERIODS) - {kind}
    if other in done and done[other].result != FollowUpResult.REJECTED:
        return _("已申请%(other)s，不能再申请%(kind)s") % {"other": other.label, "kind": kind.label}
    deadline = joint_deadline(agreement, kind)
    if on > deadline.due:
        return _(
            "%(kind)s应由双方当事人自调解协议生效之日起%(period)s内共同申请（%(start)s生效，期限至%(due)s，%(law)s）"
        ) % {
            "kind": kind.label,
            "period": deadline.rule.describe(),
            "start": agreement.signed_on.isoformat(),
            "due": deadline.due.isoformat(),
            "law": deadline.rule.citation,
        }
    return ""


def windows(agreement: MediationAgreement) -> list[tuple[str, Deadline]]:
    """The last days of the joint applications not yet made, for the case page: (label, deadline); none once
    the agreement is enforceable."""
    done = by_kind(agreement)
    if any(f.enforceable for f in done.values()):
        return []
    return [(kind.label, joint_deadline(agreement, kind)) for kind in JOINT_PERIODS if kind not in done]
