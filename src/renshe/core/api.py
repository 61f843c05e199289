"""Core API: organisations, enterprises, people, the workbench, the statutory calendar."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from pydantic import PlainSerializer

from . import selectors, services
from .errors import NotFound
from .law import PERIODS
from .models import ApiToken
from .money import MAX_AMOUNT
from .workdays import compute_deadline

router = Router(tags=["core"])


# An id in a request body: bounded like the database's integer keys, so an absurd one is a 422, not an error
# deep in the database driver.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]


class Pagination(PageNumberPagination):
    """Page numbers bounded too: an OFFSET past what any list holds is refused with a message."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1_000)


# Money out: always a decimal string with two places ("18000.00"), never a float.
MoneyOut = Annotated[Decimal, PlainSerializer(lambda v: f"{v:.2f}", return_type=str)]


def money_in(minimum: str = "0.01", default=...):
    """Money in: a string or number in yuan, at most two decimal places, within what one entry can be."""
    return Field(
        default,
        ge=Decimal(minimum),
        le=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        description=f"yuan, {minimum}–{MAX_AMOUNT}, two decimal places; a string or a number",
    )


def act(cases: QuerySet, pk: int, version: int, service: Callable[..., object], /, **arguments) -> None:
    """A transition over the API: `service(case, version=version, **arguments)` on case `pk` of `cases`
    (the caller's scope: 404 outside it). The service locks the row and refuses a stale `version` with
    409, so of two officials who read the same version only the first gets through."""
    service(selectors.get_in_scope(cases, pk), version=version, **arguments)


# Shared by every module's API (one component each in the OpenAPI document).
class ErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: list[dict] | None = None


class NamedOut(Schema):
    id: int
    name: str


class VersionIn(Schema):
    version: int = Field(ge=1, le=2_000_000_000, description="the case version you read; a newer one is 409")


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_digest=ApiToken.digest(token), revoked=False)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


# --- schemas -------------------------------------------------------------------------------------


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    data_scope: str = Field(alias="effective_scope")
    organisation: str | None = Field(None, alias="organisation.name")


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    depth: int


class EnterpriseOut(Schema):
    id: int
    credit_code: str
    name: str
    industry: str | None = Field(
        description="GB/T 4754 division code; null for an employer recorded provisionally (by credit code, from "
        "a complaint or an application) until the registry completes it"
    )
    street_id: int
    street: str = Field(alias="street.name")
    size: str
    legal_representative: str
    address: str
    contact_phone: str
    employee_count: int | None
    version: int

    @staticmethod
    def resolve_industry(obj) -> str | None:
        return obj.industry.code if obj.industry_id else None


class EnterpriseIn(Schema):
    credit_code: str = Field(max_length=40)
    name: str = Field(max_length=120)
    industry: str = Field(max_length=5, description="GB/T 4754 division code, e.g. 34")
    street_id: int
    size: str = Field(description="large | medium | small | micro")
    legal_representative: str = Field(max_length=50)
    address: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=30)
    employee_count: int | None = Field(None, ge=0, le=10_000_000)


class EnterpriseUpdate(EnterpriseIn):
    credit_code: str = Field("", max_length=40, description="ignored: a credit code does not change")
    version: int = Field(description="the version you read; a newer one answers 409")


class PersonOut(Schema):
    id: int
    name: str
    id_number: str = Field(alias="masked_id", description="masked; POST …/reveal for the full number")
    phone: str = Field(alias="masked_phone")
    sex: str
    birth_date: date
    organisation_id: int
    id_area_unverified: bool


class PersonIn(Schema):
    name: str = Field(max_length=50)
    id_number: str = Field(max_length=40)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)


class RevealedOut(Schema):
    id_number: str
    phone: str


class WorkItemOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    organisation: str = Field(alias="organisation.name")
    starts_on: date
    due_soon_on: date
    due_on: date
    period_citation: str
    schedule_unconfirmed: bool


class EventOut(Schema):
    id: int
    occurred_at: datetime
    actor_label: str
    verb: str
    summary: str
    changes: dict


class DeadlineOut(Schema):
    period: str
    citation: str
    kind: str
    days: int
    start: date
    due: date
    schedule_confirmed: bool
    unconfirmed_years: list[int]


# --- endpoints -----------------------------------------------------------------------------------


@router.get("/me", response=MeOut, summary="Who the credentials belong to")
def me(request):
    return request.user


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations in your scope")
@paginate
def organisations(request):
    return selectors.organisations_for(request.user)


@router.get("/enterprises", response=list[EnterpriseOut], summary="Enterprises in your scope")
@paginate
def enterprise_list(request, q: str = "", street: int | None = None, industry: str = "", size: str = ""):
    return selectors.enterprises_for(request.user, selectors.EnterpriseFilter(q, street, industry, size))


@router.post("/enterprises", response={201: EnterpriseOut}, summary="Register an enterprise")
def enterprise_create(request, payload: EnterpriseIn):
    enterprise = services.register_enterprise(
        by=request.user,
        credit_code=payload.credit_code,
        data=services.EnterpriseInput.of({**payload.dict(), "street": payload.street_id}),
    )
    return Status(201, enterprise)


@router.get("/enterprises/{int:pk}", response=EnterpriseOut)
def enterprise_detail(request, pk: int):
    return selectors.get_in_scope(selectors.enterprises_for(request.user), pk)


@router.put("/enterprises/{int:pk}", response=EnterpriseOut, summary="Update an enterprise (optimistic lock)")
def enterprise_update(request, pk: int, payload: EnterpriseUpdate):
    enterprise = selectors.get_in_scope(selectors.enterprises_for(request.user), pk)
    return services.update_enterprise(
        enterprise,
        by=request.user,
        version=payload.version,
        data=services.EnterpriseInput.of({**payload.dict(), "street": payload.street_id}),
    )


@router.get(
    "/enterprises/{int:pk}/events", response=list[EventOut], summary="The enterprise's timeline (一企一档)"
)
@paginate
def enterprise_events(request, pk: int):
    return selectors.enterprise_timeline(selectors.get_in_scope(selectors.enterprises_for(request.user), pk))


@router.get("/people", response=list[PersonOut], summary="People in your scope (numbers masked)")
@paginate
def person_list(request, q: str = ""):
    return selectors.persons_for(request.user, q)


@router.post("/people", response={201: PersonOut}, summary="Register a person")
def person_create(request, payload: PersonIn):
    return Status(201, services.register_person(by=request.user, **payload.dict()))


@router.get("/people/{int:pk}", response=PersonOut)
def person_detail(request, pk: int):
    return selectors.get_in_scope(selectors.persons_for(request.user), pk)


@router.post("/people/{int:pk}/reveal", response=RevealedOut, summary="Full ID number and phone (logged)")
def person_reveal(request, pk: int):
    person = selectors.get_in_scope(selectors.persons_for(request.user), pk)
    return services.reveal_personal_data(person, by=request.user)


@router.get("/workbench", response=list[WorkItemOut], summary="Your open tasks (我的待办), soonest due first")
@paginate
def workbench(request):
    return selectors.work_items_for(request.user)


@router.get("/calendar/deadline", response=DeadlineOut, summary="When a statutory period ends")
def deadline(request, period: str, start: date, extra_days: int = Query(0, ge=0, le=365)):
    if period not in PERIODS:
        raise NotFound()
    d = compute_deadline(PERIODS[period], start, extra_days)
    return DeadlineOut(
        period=d.period.key,
        citation=str(d.period.citation),
        kind=d.period.kind,
        days=d.period.effective_days + extra_days,
        start=d.start,
        due=d.due,
        schedule_confirmed=d.schedule_confirmed,
        unconfirmed_years=list(d.unconfirmed_years),
    )
