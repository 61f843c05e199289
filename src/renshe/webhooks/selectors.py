"""Reads of the webhooks app: an account sees its own endpoints and their deliveries, nobody else's."""

from dataclasses import dataclass

from django.db.models import QuerySet

from renshe.core.errors import NotFound
from renshe.core.models import User

from .models import WebhookDelivery, WebhookEndpoint


def endpoints_of(user: User) -> QuerySet[WebhookEndpoint]:
    if not user.is_authenticated or not user.is_active:
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(owner=user).order_by("id")


def endpoint_of(user: User, pk: int) -> WebhookEndpoint:
    endpoint = endpoints_of(user).select_related("owner").filter(pk=pk).first()
    if endpoint is None:
        raise NotFound()
    return endpoint


def delivery_of(user: User, endpoint_pk: int, uuid: str) -> WebhookDelivery:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint__owner")
        .filter(endpoint__in=endpoints_of(user), endpoint_id=endpoint_pk, uuid=uuid)
        .first()
    )
    if delivery is None:
        raise NotFound()
    return delivery


@dataclass
class DeliveryPage:
    """Deliveries newest first; `next_before` continues after the last (None: no more). No OFFSET, no count."""

    rows: list[WebhookDelivery]
    next_before: int | None


def deliveries(
    endpoint: WebhookEndpoint, *, status: str = "", before: int | None = None, limit: int = 50
) -> DeliveryPage:
    rows = WebhookDelivery.objects.filter(endpoint=endpoint)
    if status:
        rows = rows.filter(status=status)
    if before is not None:
        rows = rows.filter(id__lt=before)
    page = list(rows.order_by("-id")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return DeliveryPage(page, page[-1].pk if more else None)
