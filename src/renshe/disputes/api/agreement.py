"""The mediation agreement: its items and the payments on them, the review path (a payment order, 劳动争议调解
仲裁法 第十六条, or arbitral review), and default when an item falls due unpaid."""

from renshe.core.api import Part, VersionIn

from .. import services
from ..models import AgreementItem
from .case import cases
from .schemas import PaymentIn, ReviewPathIn, SettleIn

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


# the payload says `review_path`, the service `path`
@cases.post(
    "/{int:pk}/review-path",
    "Payment order (第十六条) or joint application for arbitral review of the agreement",
)
def review_path(request, pk: int, payload: ReviewPathIn):
    return cases.act(
        request,
        pk,
        payload,
        services.choose_review_path,
        path=payload.review_path,
        applied_on=payload.applied_on,
        court=payload.court,
    )


cases.transition(
    "default",
    "/{int:pk}/default",
    VersionIn,
    services.declare_default,
    "An agreement item is past due and unpaid",
)
