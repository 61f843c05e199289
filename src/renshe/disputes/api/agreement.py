"""The mediation agreement: its items and the payments on them, default when an item falls due unpaid, and the
applications about it with their results (a payment order, 劳动争议调解仲裁法 第十六条; arbitral review, 办案规则
第七十四条; judicial confirmation, 民事诉讼法 第二百零五条)."""

from renshe.core.api import Part, VersionIn

from .. import services
from ..models import AgreementFollowUp, AgreementItem
from .case import cases
from .schemas import (
    ArbitralReviewIn,
    FollowUpResultIn,
    JudicialConfirmationIn,
    PaymentIn,
    PaymentOrderIn,
    SettleIn,
)

cases.transition(
    "settle",
    "/{int:pk}/settle",
    SettleIn,
    services.settle_dispute,
    "Record the mediation agreement and its items",
    resolve={"items": lambda request, items: [services.ItemInput(**i.dict()) for i in items]},
)
cases.transition(
    "record_payment",
    "/{int:pk}/items/{int:item_id}/payments",
    PaymentIn,
    services.record_payment,
    "Record a payment on one item",
    part=Part(AgreementItem, "agreement__case"),
)


cases.transition(
    "payment_order",
    "/{int:pk}/payment-order",
    PaymentOrderIn,
    services.apply_for_payment_order,
    "The worker's application for a payment order (第十六条): items of pay, injury costs, compensation or "
    "damages unpaid past due, the default recorded",
)
cases.transition(
    "arbitration_review",
    "/{int:pk}/arbitral-review",
    ArbitralReviewIn,
    services.apply_for_arbitral_review,
    "The parties' joint application for arbitral review, within 15 days of the signing (办案规则 第七十四条)",
)
cases.transition(
    "judicial_confirmation",
    "/{int:pk}/judicial-confirmation",
    JudicialConfirmationIn,
    services.apply_for_judicial_confirmation,
    "The parties' joint application for judicial confirmation, within 30 days of the signing (民事诉讼法 第二百零五条)",
)
cases.transition(
    "follow_up_result",
    "/{int:pk}/follow-ups/{int:follow_up_id}/result",
    FollowUpResultIn,
    services.record_follow_up_result,
    "The result of a payment order, a review or a confirmation",
    part=Part(AgreementFollowUp, "agreement__case"),
)
cases.transition(
    "default",
    "/{int:pk}/default",
    VersionIn,
    services.declare_default,
    "An agreement item is past due and unpaid",
)
