"""The inspection's PDFs, served to those who may see the case (selectors.inspections_for); a document of a
case out of the user's scope answers 404, exactly as a missing one does. Each is served as it was issued
(core.issuing): the first download issues version 1:

- documents/order/<pk>.pdf             order_pdf     劳动保障监察限期改正指令书
- documents/decision/<pk>.pdf          decision_pdf  劳动保障监察行政处理决定书
- documents/penalty-notice/<pk>.pdf   penalty_notice_pdf   行政处罚告知书
- documents/penalty/<pk>.pdf          penalty_pdf   劳动保障监察行政处罚决定书
- documents/<order|decision|penalty>/<pk>/receipt.pdf   receipt_pdf (kind, pk)   送达回证
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from renshe.core import issuing
from renshe.core.selectors import get_in_scope

from .. import documents
from ..models import HandlingDecision, PenaltyDecision, PenaltyNotice, RectificationOrder
from ..selectors import inspections_for

KINDS = {
    "order": RectificationOrder,
    "decision": HandlingDecision,
    "penalty": PenaltyDecision,
    "penalty_notice": PenaltyNotice,
}
RECEIPTS = {
    "order": documents.ORDER_RECEIPT,
    "decision": documents.DECISION_RECEIPT,
    "penalty": documents.PENALTY_RECEIPT,
}


def _document(request, kind: str, pk: int):
    model = KINDS.get(kind)
    if model is None:
        raise Http404()
    visible = inspections_for(request.user).values("pk")
    return get_in_scope(model.objects.filter(case__in=visible).select_related("case"), pk)


@login_required
def order_pdf(request, pk: int):
    return issuing.download(_document(request, "order", pk), documents.ORDER, by=request.user)


@login_required
def decision_pdf(request, pk: int):
    return issuing.download(_document(request, "decision", pk), documents.DECISION, by=request.user)


@login_required
def penalty_notice_pdf(request, pk: int):
    return issuing.download(
        _document(request, "penalty_notice", pk), documents.PENALTY_NOTICE, by=request.user
    )


@login_required
def penalty_pdf(request, pk: int):
    return issuing.download(_document(request, "penalty", pk), documents.PENALTY, by=request.user)


@login_required
def receipt_pdf(request, kind: str, pk: int):
    if kind not in RECEIPTS:
        raise Http404()
    return issuing.download(_document(request, kind, pk), RECEIPTS[kind], by=request.user)


def document_links(orders, decisions, notices, penalties) -> list[tuple[str, str]]:
    """(label, url) for each document of a case and its 送达回证, for the case page's header; the penalty
    notices before the decisions."""
    links = [
        (f"{n.number} {_('行政处罚告知书')}", reverse("inspection:penalty_notice_pdf", args=[n.pk]))
        for n in notices
    ]
    for kind, label, items in (
        ("order", _("限期改正指令书"), orders),
        ("decision", _("行政处理决定书"), decisions),
        ("penalty", _("行政处罚决定书"), penalties),
    ):
        for document in items:
            links.append(
                (f"{document.number} {label}", reverse(f"inspection:{kind}_pdf", args=[document.pk]))
            )
            links.append(
                (
                    f"{document.number} {_('送达回证')}",
                    reverse("inspection:receipt_pdf", args=[kind, document.pk]),
                )
            )
    return links
