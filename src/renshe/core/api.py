"""Core API: organisations, enterprises, people, the workbench, the statutory calendar; and `CaseApi`, with
which each case module declares its own API (the reads every case has, one declaration per transition)."""

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from pydantic import AfterValidator, PlainSerializer, create_model

from renshe.audit import selectors as audit
from renshe.audit.passwords import session_expired

from . import feeds, identity, issuing, navigation, search, selectors, services, tables, tokens
from .errors import NotFound, PermissionDenied, ValidationFailed
from .law import PERIODS, PeriodUnit, StatutoryPeriod
from .models import (
    DictionaryEntry,
    Enterprise,
    JobRun,
    Organisation,
    Person,
    StatutoryAmount,
    User,
)
from .money import MAX_AMOUNT
from .roles import Capability, DataScope, Role
from .workdays import compute_deadline, unconfirmed_years

router = Router(tags=["core"])


# An id in a request (body or filter): bounded like the database's integer keys, so an absurd one is a 422, not
# an error deep in the database driver (OverflowError on SQLite past 64 bits).
Id = Annotated[int, Field(ge=1, le=selectors.ID_MAX)]
# A person's or an employer's name, without the invisible characters that make one name look like another.
Name = Annotated[str, AfterValidator(identity.clean_name)]
# An ID number folded to ASCII (full-width, spacing, lower-case x), so two ways of writing one number are the
# same number to the service that refuses a person named twice; anything else is refused by the service.
IdNumber = Annotated[str, AfterValidator(identity.normalise)]


class Pagination(PageNumberPagination):
    """Page numbers bounded too: an OFFSET past what any list holds is refused with a message. A page larger
    than the largest one served is refused too (422), not cut down silently: the document says the limit."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(
            None,
            ge=1,
            le=settings.NINJA_MAX_PER_PAGE_SIZE,
            description=f"default {settings.NINJA_PAGINATION_PER_PAGE}",
        )


def choices(model: type[Model], field: str, name: str, blank: str = "") -> type[StrEnum]:
    """The values a model's field may hold, as the enum of an API field that carries them, named `name` in the
    OpenAPI document: each app's own name (two apps' `Status` classes would otherwise be one component there,
    the later overwriting the earlier). `blank` names the member "" where a request may leave the field empty
    (an answer's field that may be empty is `Enum | Blank`)."""
    values = [(value.upper(), value) for value, _label in model._meta.get_field(field).flatchoices]  # type: ignore[union-attr]
    return StrEnum(name, [(blank, "")] * bool(blank) + values)  # type: ignore[return-value]


# A field of an enum's values that may also be empty: not decided yet, or not set
Blank = Literal[""]


# The statutory periods the calendar counts, by key (core.law.PERIODS)
Period = StrEnum("Period", [(key.upper(), key) for key in PERIODS])  # type: ignore[misc]


# The values of the core fields with a fixed set of them, each a named enum in the OpenAPI document.
RoleValue = choices(User, "role", "Role")
DataScopeValue = choices(User, "data_scope", "DataScope")
# a user's data scope as set: empty for the role's default
DataScopeSetting = choices(User, "data_scope", "DataScopeSetting", blank="ROLE_DEFAULT")
OrganisationKind = choices(Organisation, "kind", "OrganisationKind")
EnterpriseSize = choices(Enterprise, "size", "EnterpriseSize")
Sex = choices(Person, "sex", "Sex")
AmountKind = choices(StatutoryAmount, "kind", "AmountKind")
Dictionary = choices(DictionaryEntry, "dictionary", "Dictionary")
JobOutcome = choices(JobRun, "outcome", "JobOutcome")


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


# A time in a request body given without an offset is local (Asia/Shanghai) time.
LocalDateTime = Annotated[
    datetime,
    AfterValidator(lambda moment: timezone.make_aware(moment) if timezone.is_naive(moment) else moment),
]


def act(cases: QuerySet, pk: int, version: int, service: Callable[..., Any], /, **arguments) -> Any:
    """A transition over the API: `service(case, version=version, **arguments)` on case `pk` of `cases`
    (the caller's scope: 404 outside it), returning what the service returns. The service locks the row and
    refuses a stale `version` with 409, so of two officials who read the same version only the first gets
    through."""
    return service(selectors.get_in_scope(cases, pk), version=version, **arguments)


def named_organisation(pk: int | None, message, field: str) -> Organisation:
    """An organisation a request names; the service decides whether it may be named there."""
    found = Organisation.objects.filter(pk=pk).first() if pk else None
    if found is None:
        raise ValidationFailed(message, field=field)
    return found


def named_users(user: User, ids: list[int], message, field: str) -> list[User]:
    """Users a request names, among those `user` can see; the service checks their role."""
    visible = User.objects.filter(organisation__in=selectors.organisations_for(user))
    found = list(visible.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(message, field=field)
    return found


# Shared by every module's API (one component each in the OpenAPI document).
class FieldErrorOut(Schema):
    field: str = Field(
        description="the field refused, dotted for a nested one (claims.0.amount); '' for the body"
    )
    message: str


class ErrorOut(Schema):
    """Every error answer (4xx, 5xx), in the language of `Accept-Language`."""

    detail: str
    field: str | None = Field(None, description="the field a rule refused, where one did")
    errors: list[FieldErrorOut] | None = Field(
        None, description="each field the request's shape refused (422)"
    )


class NamedOut(Schema):
    id: int
    name: str


class VersionIn(Schema):
    version: int = Field(ge=1, le=2_000_000_000, description="the case version you read; a newer one is 409")


class ApiTokenAuth(HttpBearer):
    """A bearer token: a personal access token or a client's OAuth access token (core.tokens), holding a
    scope for the operation's module and method — checked here, once for every operation."""

    def authenticate(self, request, token: str):
        return tokens.authenticate(request, token)


class SessionAuth(NinjaSessionAuth):
    """The signed-in session (with its CSRF check), under the password policy the pages follow: a password
    that has expired is refused until it is changed on its page. A token is not a password (ApiTokenAuth)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and session_expired(request, user):
            raise PermissionDenied(
                _("您的密码已过期，请先在网页上修改密码（%(url)s）") % {"url": reverse("password_change")}
            )
        return user


# --- schemas -------------------------------------------------------------------------------------


class CredentialOut(Schema):
    kind: Literal["personal_token", "client"]
    name: str
    scopes: list[str]


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: RoleValue | Blank
    role_label: str
    organisation_id: int | None
    organisation: str | None = Field(None, alias="organisation.name")
    data_scope: DataScopeValue = Field(alias="effective_scope")
    data_scope_label: str
    scope_organisation_ids: list[int] = Field(
        description="the chosen organisations when data_scope is chosen"
    )
    capabilities: list[str] = Field(
        description="what the role (and an office granted) allows, e.g. export_data"
    )
    offers: list[str] = Field(description="the actions the pages offer this user, e.g. register_dispute")
    menu: list[str] = Field(description="the pages of the menu this user may open, e.g. disputes_queue")
    credential: CredentialOut | None = Field(
        description="the token the request came with; null for a session"
    )

    @staticmethod
    def resolve_role_label(user) -> str:
        return str(Role(user.role).label) if user.role in Role.values else ""

    @staticmethod
    def resolve_data_scope_label(user) -> str:
        return str(DataScope(user.effective_scope).label)

    @staticmethod
    def resolve_scope_organisation_ids(user) -> list[int]:
        if user.effective_scope != DataScope.CHOSEN_ORGANISATIONS:
            return []
        return list(user.scope_organisations.order_by("pk").values_list("pk", flat=True))

    @staticmethod
    def resolve_capabilities(user) -> list[str]:
        return [capability for capability in Capability.values if user.can(capability)]

    @staticmethod
    def resolve_offers(user) -> list[str]:
        return sorted(name for name, allowed in navigation.OFFERS.items() if allowed(user))

    @staticmethod
    def resolve_menu(user) -> list[str]:
        return [entry.key for entry in navigation.MENU if entry.visible_to(user)]

    @staticmethod
    def resolve_credential(user, context) -> dict | None:
        credential = getattr(context["request"], "credential", None)
        if credential is None:
            return None
        return {"kind": credential.kind, "name": credential.name, "scopes": sorted(credential.scopes)}


class DirectoryUserOut(Schema):
    id: int
    username: str
    full_name: str
    role: RoleValue | Blank
    organisation_id: int | None
    organisation: str | None = Field(None, alias="organisation.name")
    active: bool = Field(alias="is_active")


class DirectoryFilter(Schema):
    role: RoleValue | None = None
    organisation: Id | None = Field(None, description="the user's own organisation (not its subtree)")
    active: bool | None = None


class OrganisationNodeOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    active: bool
    children: list["OrganisationNodeOut"]


def _node(node: tables.Node) -> dict:
    org = node.organisation
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "active": org.active,
        "children": [_node(child) for child in node.children],
    }


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
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
    size: EnterpriseSize | Blank = Field(description="empty for an employer recorded provisionally")
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
    name: Name = Field(max_length=120)
    industry: str = Field(max_length=5, description="GB/T 4754 division code, e.g. 34")
    street_id: Id
    size: EnterpriseSize
    legal_representative: Name = Field(max_length=50)
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
    sex: Sex
    birth_date: date
    organisation_id: int
    id_area_unverified: bool


class PersonIn(Schema):
    name: Name = Field(max_length=50)
    id_number: IdNumber = Field(max_length=40)
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
    period: Period
    citation: str = Field(description="the rule's source: the statute, or the local rule in force on `start`")
    kind: PeriodUnit = Field(description="calendar | working (days) | months | years")
    length: int = Field(description="in `kind`, an approved extension included")
    start: date
    due: date
    counted_due: date = Field(description="the last day as counted, before a rest day moved it to `due`")
    extended_by: str = Field(description="why `due` is later than `counted_due` (the article); empty if not")
    schedule_confirmed: bool
    unconfirmed_years: list[int]


class RunningLimitOut(Schema):
    """The statutory limit running on a case now, as the card on its page shows it."""

    period: str = Field(description="the period's key, as GET /calendar/deadline takes it")
    label: str
    citation: str
    starts_on: date
    due_on: date
    schedule_confirmed: bool = Field(
        description="false: the span reaches into a year whose holiday schedule is not confirmed; `due_on` "
        "counts weekends and fixed holidays only and is to be checked once it is published (the page's 待复核)"
    )
    unconfirmed_years: list[int]

    @classmethod
    def of(cls, running: tuple[StatutoryPeriod, date, date] | None) -> "RunningLimitOut | None":
        """From a module's (period, start, last day), or None when no limit runs."""
        if running is None:
            return None
        period, start, due = running
        years = unconfirmed_years(start, due)
        return cls(
            period=period.key,
            label=str(period.label),
            citation=str(period.citation),
            starts_on=start,
            due_on=due,
            schedule_confirmed=not years,
            unconfirmed_years=list(years),
        )


class FeedIn(Schema):
    after: str = Field(
        "", max_length=64, description="the `next` of the previous page; empty: from the start"
    )
    limit: int = Field(feeds.DEFAULT_LIMIT, ge=1, le=feeds.MAX_LIMIT, description="rows per page")


def keyset_page_out(item: type[Schema], name: str) -> type[Schema]:
    """The answer of a keyset-paginated read: a page of `item`s, its cursor on, and whether more follow."""
    fields: dict[str, Any] = {
        "items": (list[item], ...),  # type: ignore[valid-type]
        "next": (
            str | None,
            Field(
                description="pass as `after` for the following page; on the last page too: polled later, "
                "it gives the rows added since (null only when there are none at all yet)"
            ),
        ),
        "has_more": (bool, Field(description="more rows follow now: ask again at once with `next`")),
    }
    return create_model(name, __base__=Schema, __module__=__name__, **fields)


class SubjectRefOut(Schema):
    type: str = Field(description="app_label.model, e.g. disputes.disputecase")
    type_label: str
    id: str
    name: str = Field(description="as the operation log names it: a case by its number")


class ChangedFieldOut(Schema):
    field: str
    label: str
    value: Any = Field(
        description="as recorded: [old, new] for an edit, else the value (personal data masked)"
    )


class ChangeOut(Schema):
    id: int
    cursor: str = Field(description="this event's position: `after` it, the feed goes on from here")
    occurred_at: datetime
    actor: str
    verb: str = Field(description="the kind of event, e.g. dispute.accepted")
    verb_label: str
    subject: SubjectRefOut
    organisation: NamedOut | None
    summary: str = Field(description="as recorded, in the bureau's language")
    changes: list[ChangedFieldOut]


ChangePageOut = keyset_page_out(ChangeOut, "ChangePageOut")


# --- endpoints -----------------------------------------------------------------------------------


@router.get(
    "/me",
    response=MeOut,
    summary="Who the credentials belong to: id, role, organisation, scope, what they may do",
)
def me(request):
    return request.user


@router.get("/users", response=list[DirectoryUserOut], summary="Users in your scope (the directory)")
@paginate
def users(request, filters: Query[DirectoryFilter]):
    return selectors.users_for(
        request.user, role=filters.role or "", organisation=filters.organisation, active=filters.active
    )


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations in your scope")
@paginate
def organisations(request):
    return selectors.organisations_for(request.user)


@router.get(
    "/organisations/tree",
    response=list[OrganisationNodeOut],
    summary="Organisations in your scope as a tree (each under the nearest one above it in your scope)",
)
def organisation_tree(request):
    roots, _nodes = tables.nest(selectors.organisations_for(request.user).order_by("path"))
    return [_node(root) for root in roots]


@router.get("/enterprises", response=list[EnterpriseOut], summary="Enterprises in your scope")
@paginate
def enterprise_list(
    request, q: str = "", street: Id | None = None, industry: str = "", size: EnterpriseSize | None = None
):
    return selectors.enterprises_for(
        request.user, selectors.EnterpriseFilter(q, street, industry, size or "")
    )


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
    enterprise = selectors.get_in_scope(selectors.enterprises_for(request.user, with_parties=False), pk)
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
    enterprise = selectors.get_in_scope(selectors.enterprises_for(request.user), pk)
    return selectors.enterprise_timeline(enterprise, request.user)


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


class HitOut(Schema):
    label: str
    detail: str
    url: str


class SearchGroupOut(Schema):
    key: str
    title: str
    hits: list[HitOut]
    more: bool = Field(description="more than the hits shown matched: a fuller query narrows them")


@router.get(
    "/search",
    response=list[SearchGroupOut],
    summary="Find cases, enterprises and people in your scope (the header's search box)",
)
def search_all(request, q: str):
    return search.search(request.user, search.parse(q))


@router.get("/workbench", response=list[WorkItemOut], summary="Your open tasks (我的待办), soonest due first")
@paginate
def workbench(request):
    return selectors.work_items_for(request.user)


@router.get(
    "/changes",
    response={200: ChangePageOut, 403: ErrorOut, 422: ErrorOut},
    summary="The change feed: timeline events of your scope in id order, after a cursor (for a data warehouse)",
    description=f"Keyset-paginated (no totals): follow `next` while `has_more`; keep the last `next` and poll "
    f"it for what happens later. `limit` at most {feeds.MAX_LIMIT}. Needs the capability to export data.",
)
def changes(request, feed: Query[FeedIn]):
    services.require(request.user, Capability.EXPORT_DATA)
    # answered as built (on PostgreSQL by the database), not validated again: validating and dumping the items
    # cost more than reading them (bench/changes.py); tests/core/test_change_feed.py holds them to ChangePageOut
    page = feeds.changes_page(audit.operations_for(request.user), feed.after, feed.limit)
    return HttpResponse(page, content_type="application/json")


@router.get("/calendar/deadline", response=DeadlineOut, summary="When a statutory period ends")
def deadline(request, period: Period, start: date, extra_days: int = Query(0, ge=0, le=365)):
    d = compute_deadline(PERIODS[period], start, extra_days)
    return DeadlineOut(
        period=d.period.key,
        citation=str(d.rule.citation),
        kind=d.rule.unit,
        length=d.rule.length + extra_days,
        start=d.start,
        due=d.due,
        counted_due=d.nominal_due,
        extended_by=d.extended_by,
        schedule_confirmed=d.schedule_confirmed,
        unconfirmed_years=list(d.unconfirmed_years),
    )


# --- case modules ----------------------------------------------------------------------------------

ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class OutOfScopeOut(Schema):
    """What a transition answers when it succeeded but took the case out of the caller's scope (a studio
    sending a case to arbitration): the case's state and where it went, not the parties' details."""

    id: int
    number: str
    status: str
    version: int
    organisation: NamedOut = Field(description="the organisation that handles the case now")
    in_scope: bool = Field(
        False, description="always false: done, but the case is no longer in your scope (404 from now on)"
    )


class CaseDocumentOut(Schema):
    kind: str = Field(description="the document's kind, e.g. disputes.agreement, inspection.order")
    label: str
    subject_id: int = Field(description="the record the document is about: the case, an order, a decision …")
    number: str = Field(description="the case's number, or the order's or decision's own")
    version: int | None = Field(description="null: not issued yet; its first download issues version 1")
    sha256: str | None = Field(description="of the file as issued; the download's bytes hash to it")
    size: int | None
    issued_at: datetime | None
    replaces: int | None = Field(description="the version this one corrects")
    reason: str = Field(description="why it was corrected")
    url: str = Field(description="GET with your token: the PDF (this version; the latest if not issued yet)")


PDF = {
    200: {
        "description": "The PDF as issued (recorded in the access log as a download)",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@dataclass(frozen=True)
class Part:
    """A part of a case that a transition acts on (an agreement item, an order, an advance…), named by the
    path's second id and looked up inside the case the service is given: another case's part answers 404."""

    rows: type[Model] | QuerySet
    case_field: str = "case"

    def of(self, case: Model, pk: int) -> Model:
        rows = self.rows if isinstance(self.rows, QuerySet) else self.rows._default_manager.all()
        found = rows.filter(pk=pk, **{self.case_field: case}).first()
        if found is None:
            raise NotFound()
        return found

    def via(self, service: Callable[..., Any], pk: int) -> Callable[..., Any]:
        """`service` on part `pk` of the case it is called with."""

        def on_part(case: Model, **arguments):
            return service(self.of(case, pk), **arguments)

        return on_part


@dataclass(frozen=True)
class CaseApi:
    """A case module's API, declared once: the reads every case module has (`reads`), one declaration per
    transition (`transition`), and for the endpoints that really differ the same operation ids (`get`,
    `post`) and the same act-and-answer (`act`).

    Operation ids stay `renshe_<app>_api_<name>`, as when each app's API was one module: clients and the
    authorization matrix know the operations by them."""

    router: Router
    app: str
    scope: Callable[[User], QuerySet]  # the cases a user may act on: 404 outside
    detail: Callable[[User], QuerySet]  # the same with everything the case's Out schema shows
    out: type[Schema]  # what a transition answers with
    # (request, **path ids) → the answer, where it is not the case itself (e.g. one worker's row of it): a
    # model or a dict, not a Schema instance, which the answer's union (out | OutOfScopeOut) would validate
    # again from its attributes, missing its aliases
    answer: Callable[..., Any] | None = None

    def operation(
        self,
        method: str,
        path: str,
        summary: str,
        *,
        name: str | None = None,
        operation_id: str | None = None,
        response: Any = None,
        description: str | None = None,
        openapi_extra: dict | None = None,
    ):
        """Decorator: the view as operation `name` (default: the view's own), answering as a transition does
        unless `response` says otherwise."""

        def declare(view: Callable) -> Callable:
            op = name or view.__name__
            self.router.api_operation(
                [method],
                path,
                response=response or {200: self.out | OutOfScopeOut, **ERRORS},
                summary=summary,
                description=description,
                operation_id=operation_id or f"renshe_{self.app}_api_{op}",
                url_name=op,
                openapi_extra=openapi_extra,
            )(view)
            return view

        return declare

    def get(self, path: str, summary: str, **options):
        return self.operation("GET", path, summary, **options)

    def post(self, path: str, summary: str, **options):
        return self.operation("POST", path, summary, **options)

    def case(self, request, pk: int) -> Model:
        """Case `pk` of the caller's scope as its Out schema shows it (404 outside the scope)."""
        return selectors.get_in_scope(self.detail(request.user), pk)

    def act(self, request, pk: int, payload: VersionIn, service: Callable[..., Any], /, **arguments) -> Any:
        """`service` as the caller on case `pk` of their scope with the version they read, answering with
        the case as it now stands."""
        return self._act(request, {"pk": pk}, payload, service, arguments)

    def _act(self, request, ids: dict[str, int], payload: VersionIn, service, arguments: dict) -> Any:
        cases = self.scope(request.user)
        act(cases, ids["pk"], payload.version, service, by=request.user, **arguments)
        try:
            if self.answer is not None:
                return self.answer(request, **ids)
            return self.case(request, ids["pk"])
        except NotFound:
            if cases.filter(pk=ids["pk"]).exists():
                raise  # the case is still the caller's: what is missing is something else
            # done, and the case left the caller's scope with it (a studio's case sent to arbitration): the
            # answer still says so, with what the caller may know of it, never a 404 for a success
            case = cases.model._default_manager.select_related("organisation").get(pk=ids["pk"])
            return OutOfScopeOut(
                id=case.pk,
                number=case.number,
                status=case.status,
                version=case.version,
                organisation=NamedOut(id=case.organisation.pk, name=case.organisation.name),
            )

    def transition(
        self,
        name: str,
        path: str,
        schema: type[VersionIn],
        service: Callable[..., Any],
        summary: str,
        *,
        part: Part | None = None,
        resolve: dict[str, Callable[[Any, Any], Any]] | None = None,
        **options,
    ) -> None:
        """POST `path` (`{int:pk}`, then the `part`'s id if there is one): `service` on the case (or the
        part) with the version and each other field of the payload as the keyword of the same name; `resolve`
        turns a field into its argument, `function(request, value)`, where it names something to look up
        (an organisation, users) or is the service's own input type."""
        resolve = resolve or {}
        fields = [field for field in schema.model_fields if field != "version"]
        if unknown := set(resolve) - set(fields):
            raise TypeError(f"{name}: {schema.__name__} has no field {', '.join(sorted(unknown))}")
        ids = re.findall(r"{(?:\w+:)?(\w+)}", path)

        def view(request, payload, **path_ids):
            arguments = {
                field: resolve[field](request, getattr(payload, field))
                if field in resolve
                else getattr(payload, field)
                for field in fields
            }
            target = part.via(service, path_ids[ids[1]]) if part else service
            return self._act(request, path_ids, payload, target, arguments)

        keyword = inspect.Parameter.KEYWORD_ONLY
        # what ninja reads the path ids and the body from
        view.__signature__ = inspect.Signature(
            [
                inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
                *(inspect.Parameter(pk, keyword, annotation=int) for pk in ids),
                inspect.Parameter("payload", keyword, annotation=schema),
            ]
        )
        self.post(path, summary, name=name, **options)(view)

    def reads(
        self,
        noun: str,
        *,
        rows: type[Schema],
        filter_in: type[Schema],
        filtered: Callable[[QuerySet, dict], QuerySet],
        queue: Callable[[User], QuerySet],
        list_summary: str,
        queue_summary: str,
    ) -> None:
        """The reads every case module has: its cases filtered (`filtered(cases, filter values)`), the
        caller's own queue, one case, its timeline."""

        @self.get("", list_summary, name=f"{noun}_list", response=list[rows])
        @paginate
        def case_list(request, filters: Query[filter_in]):
            values = filters.dict()
            values["status"] = values["status"] or ""  # the selectors' filters take "" for any status
            return filtered(self.scope(request.user), values)

        @self.get("/queue", queue_summary, name="queue", response=list[rows])
        @paginate
        def own_queue(request):
            return queue(request.user)

        @self.get(
            "/export",
            "Every case of your scope in id order, after a cursor (for a data warehouse)",
            name=f"{noun}_export",
            response={
                200: keyset_page_out(rows, f"{rows.__name__.removesuffix('Out')}ExportOut"),
                403: ErrorOut,
                422: ErrorOut,
            },
            description=f"Keyset-paginated (no totals), as GET /changes: follow `next` while `has_more`. "
            f"`limit` at most {feeds.MAX_LIMIT}. Needs the capability to export data.",
        )
        def export(request, feed: Query[FeedIn]):
            services.require(request.user, Capability.EXPORT_DATA)
            return feeds.keyset(self.scope(request.user), feed.after, feed.limit)

        @self.get(
            "/{int:pk}",
            "One case, its whole file",
            name=f"{noun}_detail",
            response={200: self.out, 404: ErrorOut},
        )
        def case_detail(request, pk: int):
            return self.case(request, pk)

        @self.get(
            "/{int:pk}/events",
            "The case's timeline, oldest first",
            name=f"{noun}_events",
            response=list[EventOut],
        )
        @paginate
        def case_events(request, pk: int):
            return selectors.events_for(selectors.get_in_scope(self.scope(request.user), pk)).order_by("id")

    def documents(self, of: Callable[[Model], list[tuple[issuing.DocumentKind, Model]]]) -> None:
        """A case's official documents (`of(case)`: each kind and the record it is about, whether issued
        yet or not), listed with every version issued, and each downloaded as issued (core.issuing) with the
        case's scope: 404 outside it. A download goes through the same hand-out as on the case page (a
        document printing full identity numbers records the unmasking, and may refuse) and, naming a file,
        into the access log (audit.middleware.DownloadLogMiddleware)."""
        name = f"{self.app}_document"

        @self.get(
            "/{int:pk}/documents",
            "The case's official documents, every version issued",
            name="document_list",
            response=list[CaseDocumentOut],
        )
        @paginate
        def document_list(request, pk: int):
            case = selectors.get_in_scope(self.scope(request.user), pk)
            rows = []
            for kind, subject, document in issuing.versions(of(case)):
                url = reverse(
                    f"api:{name}", kwargs={"pk": pk, "document_kind": kind.code, "subject_id": subject.pk}
                )
                rows.append(
                    CaseDocumentOut(
                        kind=kind.code,
                        label=str(kind.label),
                        subject_id=subject.pk,
                        number=subject.number,
                        version=document.version if document else None,
                        sha256=document.sha256 if document else None,
                        size=document.size if document else None,
                        issued_at=document.issued_at if document else None,
                        replaces=document.replaces.version if document and document.replaces else None,
                        reason=document.reason if document else "",
                        url=f"{url}?version={document.version}" if document else url,
                    )
                )
            return rows

        @self.get(
            "/{int:pk}/documents/{document_kind}/{int:subject_id}",
            "One official document as issued (PDF): the version asked for, or the latest",
            name=name,
            response={403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
            openapi_extra={"responses": PDF},
        )
        def document_file(
            request,
            pk: int,
            document_kind: str,
            subject_id: int,
            version: int | None = Query(None, ge=1, le=10_000),
        ) -> HttpResponse:
            case = selectors.get_in_scope(self.scope(request.user), pk)
            found = [(k, s) for k, s in of(case) if k.code == document_kind and s.pk == subject_id]
            if not found:
                raise NotFound()
            kind, subject = found[0]
            document = issuing.version_of(subject, kind, version) if version else None
            kind.hand_out(subject, request.user)
            return issuing.serve(document) if document else issuing.download(subject, kind, by=request.user)
