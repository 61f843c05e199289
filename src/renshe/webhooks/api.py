"""Webhooks over HTTP (/api/v1/webhooks/): the caller's own endpoints, their secrets, pause and resume, the
delivery log (newest first, by cursor) and replay. See README › Webhooks for what a receiver gets."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from renshe.core.api import ERRORS, ErrorOut, Id

from . import selectors, services
from .events import EVENTS

router = Router(tags=["webhooks"])

EventName = Annotated[str, Field(max_length=60, description="a name from GET /webhooks/events")]


class EventKindOut(Schema):
    name: str
    label: str


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    active: bool = Field(description="false: paused; deliveries wait and are sent when it resumes")
    paused_reason: str
    paused_at: datetime | None
    consecutive_failures: int
    created_at: datetime


class EndpointWithSecretOut(Schema):
    endpoint: EndpointOut
    secret: str = Field(description="shown this once: keep it to verify Renshe-Signature")


class EndpointIn(Schema):
    url: str = Field(max_length=500, description="https (http and this machine only outside production)")
    events: list[EventName] = Field(min_length=1, max_length=len(EVENTS))
    description: str = Field("", max_length=200)


class EndpointChangeIn(Schema):
    url: str | None = Field(None, max_length=500)
    events: list[EventName] | None = Field(None, min_length=1, max_length=len(EVENTS))
    description: str | None = Field(None, max_length=200)


class PauseIn(Schema):
    reason: str = Field("", max_length=300)


class DeliveryOut(Schema):
    id: UUID = Field(alias="uuid", description="the Renshe-Delivery header and the body's `id`")
    event: str = Field(alias="name")
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    response_code: int | None
    error: str
    created_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class DeliveryDetailOut(DeliveryOut):
    payload: dict = Field(description="the body sent, without `id`")


class DeliveryPageOut(Schema):
    items: list[DeliveryOut]
    next_before: int | None = Field(description="pass as `before` for the next page; null: no more")


class DeliveryFilter(Schema):
    status: Literal["pending", "delivered", "failed"] | None = None
    before: int | None = Field(None, ge=1, le=2**63 - 1)
    limit: int = Field(50, ge=1, le=200)


@router.get("/events", response=list[EventKindOut], summary="The events an endpoint may subscribe to")
def event_kinds(request):
    return [{"name": name, "label": str(label)} for name, (_verb, label) in EVENTS.items()]


@router.get("/endpoints", response=list[EndpointOut], summary="Your webhook endpoints")
@paginate
def endpoints(request):
    return selectors.endpoints_of(request.user)


@router.post(
    "/endpoints",
    response={201: EndpointWithSecretOut, 422: ErrorOut},
    summary="Add an endpoint; the answer holds its signing secret, shown this once",
)
def endpoint_create(request, payload: EndpointIn):
    endpoint, secret = services.create_endpoint(request.user, **payload.dict())
    return Status(201, {"endpoint": endpoint, "secret": secret})


@router.get(
    "/endpoints/{int:pk}", response={200: EndpointOut, 404: ErrorOut}, summary="One of your endpoints"
)
def endpoint(request, pk: Id):
    return selectors.endpoint_of(request.user, pk)


@router.patch("/endpoints/{int:pk}", response={200: EndpointOut, **ERRORS}, summary="Change an endpoint")
def endpoint_update(request, pk: Id, payload: EndpointChangeIn):
    return services.update_endpoint(
        selectors.endpoint_of(request.user, pk), by=request.user, **payload.dict(exclude_unset=True)
    )


@router.delete(
    "/endpoints/{int:pk}", response={204: None, 404: ErrorOut}, summary="Delete an endpoint and its log"
)
def endpoint_delete(request, pk: Id):
    services.delete_endpoint(selectors.endpoint_of(request.user, pk), by=request.user)
    return Status(204, None)


@router.post(
    "/endpoints/{int:pk}/rotate-secret",
    response={200: EndpointWithSecretOut, 404: ErrorOut},
    summary="A new signing secret, used from the next delivery on; shown this once",
)
def endpoint_rotate(request, pk: Id):
    endpoint, secret = services.rotate_secret(selectors.endpoint_of(request.user, pk), by=request.user)
    return {"endpoint": endpoint, "secret": secret}


@router.post(
    "/endpoints/{int:pk}/pause",
    response={200: EndpointOut, **ERRORS},
    summary="Pause an endpoint: its deliveries wait",
)
def endpoint_pause(request, pk: Id, payload: PauseIn):
    return services.pause_endpoint(
        selectors.endpoint_of(request.user, pk), by=request.user, reason=payload.reason
    )


@router.post(
    "/endpoints/{int:pk}/resume",
    response={200: EndpointOut, 404: ErrorOut},
    summary="Resume an endpoint: the deliveries that waited are sent",
)
def endpoint_resume(request, pk: Id):
    return services.resume_endpoint(selectors.endpoint_of(request.user, pk), by=request.user)


@router.get(
    "/endpoints/{int:pk}/deliveries",
    response={200: DeliveryPageOut, 404: ErrorOut, 422: ErrorOut},
    summary="An endpoint's delivery log, newest first (cursor `before`, no page numbers)",
)
def deliveries(request, pk: Id, filters: Query[DeliveryFilter]):
    page = selectors.deliveries(
        selectors.endpoint_of(request.user, pk),
        status=filters.status or "",
        before=filters.before,
        limit=filters.limit,
    )
    return {"items": page.rows, "next_before": page.next_before}


@router.get(
    "/endpoints/{int:pk}/deliveries/{uuid:delivery}",
    response={200: DeliveryDetailOut, 404: ErrorOut},
    summary="One delivery, with the body sent",
)
def delivery(request, pk: Id, delivery: UUID):
    return selectors.delivery_of(request.user, pk, delivery)


@router.post(
    "/endpoints/{int:pk}/deliveries/{uuid:delivery}/replay",
    response={200: DeliveryDetailOut, 404: ErrorOut},
    summary="Send a delivery again: the same id and body, a fresh signature",
)
def replay(request, pk: Id, delivery: UUID):
    return services.replay(selectors.delivery_of(request.user, pk, delivery), by=request.user)
