"""系统管理 over the API (/api/v1/system/…): a department administrator's accounts, organisation tree, statutory
amounts, code lists, regions and industries, scheduled jobs and operation log, within their scope. Thin: each endpoint parses, calls
the service or selector the 系统管理 pages call (core.administration, core.jobs, audit.selectors), and
serialises. Those refuse a non-administrator (403) and a record outside the caller's scope (404), and record
every write on the timeline."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from renshe.audit import selectors as audit

from . import administration, jobs, parameters
from .api import (
    ERRORS,
    AmountKind,
    Blank,
    DataScopeSetting,
    DataScopeValue,
    Dictionary,
    Id,
    JobOutcome,
    Name,
    OrganisationKind,
    Period,
    RoleValue,
    money_in,
    named_organisation,
)
from .errors import ValidationFailed
from .law import PeriodUnit
from .models import Industry, Organisation, Region, StatutoryAmount, User
from .roles import Capability
from .services import require

router = Router(tags=["system"])


# --- users -----------------------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    phone: str
    organisation_id: int | None
    organisation: str | None = Field(None, alias="organisation.name")
    role: RoleValue | Blank
    data_scope: DataScopeSetting = Field(
        description="as set; empty: the role's default (see effective_scope)"
    )
    effective_scope: DataScopeValue
    scope_organisations: list[int] = Field(description="ids, for data_scope `chosen`")
    granted_capabilities: list[str] = Field(description="capabilities of an office besides the role's")
    is_active: bool
    password_must_change: bool
    last_login: datetime | None
    date_joined: datetime

    @staticmethod
    def resolve_scope_organisations(obj) -> list[int]:
        return [org.pk for org in obj.scope_organisations.all()]


class AccountIn(Schema):
    full_name: Name = Field(max_length=50)
    phone: str = Field("", max_length=30)
    organisation: Id = Field(description="organisation id, in your scope")
    role: RoleValue = Field(description="a role whose capabilities you hold yourself")
    data_scope: DataScopeSetting = Field(
        DataScopeSetting.ROLE_DEFAULT, description="empty: the role's default"
    )
    scope_organisations: list[Id] = Field(
        [], max_length=200, description="organisation ids for data_scope `chosen`, each in your scope"
    )
    granted_capabilities: list[str] = Field(
        [], max_length=10, description="capabilities of an office held besides the role's: decide_recusal"
    )


class UserCreateIn(AccountIn):
    username: str = Field(max_length=150)


class PasswordIssuedOut(Schema):
    user: UserOut
    password: str = Field(description="temporary, shown this once; it must be changed at the next sign-in")


def _account(payload: AccountIn) -> administration.AccountInput:
    organisation = named_organisation(payload.organisation, _("所选机构不存在"), "organisation")
    chosen = list(Organisation.objects.filter(pk__in=payload.scope_organisations))
    if len(chosen) != len(set(payload.scope_organisations)):
        raise ValidationFailed(_("所选机构不存在"), field="scope_organisations")
    return administration.AccountInput(
        full_name=payload.full_name,
        organisation=organisation,
        role=payload.role,
        data_scope=payload.data_scope,
        scope_organisations=tuple(chosen),
        phone=payload.phone,
        granted_capabilities=tuple(payload.granted_capabilities),
    )


def _user(by: User, pk: int) -> User:
    """Account `pk` as UserOut shows it, once `by` may administer it."""
    administration.manageable_user(by, pk)
    return administration.manageable_users(by).prefetch_related("scope_organisations").get(pk=pk)


@router.get("/users", response={200: list[UserOut], 403: ERRORS[403]}, summary="Accounts you administer")
@paginate
def user_list(
    request,
    q: str = Query("", max_length=50, description="part of the username or the name"),
    status: Literal["active", "disabled"] | None = Query(None, description="empty: both"),
):
    return administration.find_users(request.user, q, status or "").prefetch_related("scope_organisations")


@router.get("/users/{int:pk}", response={200: UserOut, 403: ERRORS[403], 404: ERRORS[404]})
def user_detail(request, pk: Id):
    return _user(request.user, pk)


@router.post(
    "/users",
    response={201: PasswordIssuedOut, **ERRORS},
    summary="Create an account; answers its temporary password, once",
)
def user_create(request, payload: UserCreateIn):
    administration.require_administrator(request.user)  # before the body's organisations are looked up
    user, password = administration.create_user(
        by=request.user, username=payload.username, account=_account(payload)
    )
    return Status(201, {"user": _user(request.user, user.pk), "password": password})


@router.put(
    "/users/{int:pk}",
    response={200: UserOut, **ERRORS},
    summary="Set an account's name, phone, organisation, role and data scope",
)
def user_update(request, pk: Id, payload: AccountIn):
    user = administration.manageable_user(request.user, pk)
    administration.update_user(user, by=request.user, account=_account(payload))
    return _user(request.user, pk)


def _set_active(request, pk: int, active: bool) -> User:
    user = administration.manageable_user(request.user, pk)
    administration.set_user_active(user, by=request.user, active=active)
    return _user(request.user, pk)


@router.post("/users/{int:pk}/disable", response={200: UserOut, **ERRORS}, summary="Disable an account")
def user_disable(request, pk: Id):
    return _set_active(request, pk, active=False)


@router.post("/users/{int:pk}/enable", response={200: UserOut, **ERRORS}, summary="Enable an account")
def user_enable(request, pk: Id):
    return _set_active(request, pk, active=True)


@router.post(
    "/users/{int:pk}/reset-password",
    response={200: PasswordIssuedOut, **ERRORS},
    summary="Give an account a temporary password (answered once)",
)
def user_reset_password(request, pk: Id):
    user = administration.manageable_user(request.user, pk)
    password = administration.reset_password(user, by=request.user)
    return {"user": _user(request.user, pk), "password": password}


# --- the organisation tree -----------------------------------------------------------------------------


class SystemOrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: OrganisationKind
    parent_id: int | None
    depth: int
    case_prefix: str
    active: bool
    member_count: int

    @staticmethod
    def resolve_member_count(obj) -> int:
        return obj.member_count if hasattr(obj, "member_count") else obj.members.count()


class OrganisationIn(Schema):
    name: str = Field(max_length=100)
    short_name: str = Field("", max_length=30)
    kind: OrganisationKind
    case_prefix: str = Field("", max_length=20)
    active: bool = True


class MoveIn(Schema):
    parent: Id = Field(description="the new parent organisation, in your scope and not under this one")


@router.get(
    "/organisations",
    response={200: list[SystemOrganisationOut], 403: ERRORS[403]},
    summary="The organisation tree of your scope, each parent before its children",
)
@paginate
def organisation_list(request):
    return administration.manageable_organisations(request.user).annotate(member_count=Count("members"))


@router.get(
    "/organisations/{int:pk}", response={200: SystemOrganisationOut, 403: ERRORS[403], 404: ERRORS[404]}
)
def organisation_detail(request, pk: Id):
    return administration.manageable_organisation(request.user, pk)


@router.put(
    "/organisations/{int:pk}",
    response={200: SystemOrganisationOut, **ERRORS},
    summary="Set an organisation's name, short name, kind, case prefix and whether it is in use",
)
def organisation_update(request, pk: Id, payload: OrganisationIn):
    org = administration.manageable_organisation(request.user, pk)
    return administration.update_organisation(org, by=request.user, region=org.region, **payload.dict())


@router.post(
    "/organisations/{int:pk}/move",
    response={200: SystemOrganisationOut, **ERRORS},
    summary="Place an organisation, with everything under it, under another parent",
)
def organisation_move(request, pk: Id, payload: MoveIn):
    org = administration.manageable_organisation(request.user, pk)
    parent = administration.manageable_organisation(request.user, payload.parent)
    return administration.move_organisation(org, by=request.user, parent=parent)


# --- statutory amounts ---------------------------------------------------------------------------------


class AmountOut(Schema):
    id: int
    kind: AmountKind
    kind_label: str = Field(alias="get_kind_display")
    amount: str
    effective_from: date
    citation: str
    region: str | None = Field(None, alias="region.name")
    created_at: datetime
    in_force: bool = Field(description="the row in force today (for the whole jurisdiction)")

    @staticmethod
    def resolve_amount(obj) -> str:
        return f"{obj.amount:.2f}"


def _amounts(by: User) -> QuerySet[StatutoryAmount]:
    """The statutory amounts, each marked whether it is the one in force today."""
    in_force = [row.pk for row in parameters.rows_in_force(timezone.localdate())]
    marked = ExpressionWrapper(Q(pk__in=in_force), output_field=BooleanField())
    return administration.statutory_amounts(by).annotate(in_force=marked)


class AmountIn(Schema):
    kind: AmountKind
    amount: Decimal = money_in()
    effective_from: date
    citation: str = Field(max_length=200, description="the document and its number")


@router.get(
    "/parameters",
    response={200: list[AmountOut], 403: ERRORS[403]},
    summary="Statutory amounts (minimum wage, thresholds), each kind's newest first",
)
@paginate
def parameter_list(request, kind: AmountKind | None = None):
    rows = _amounts(request.user)
    return rows.filter(kind=kind) if kind else rows


@router.post(
    "/parameters",
    response={201: AmountOut, **ERRORS},
    summary="A new figure from its effective date (administrators whose scope is all data)",
)
def parameter_add(request, payload: AmountIn):
    row = administration.add_statutory_amount(by=request.user, **payload.dict())
    return Status(201, _amounts(request.user).get(pk=row.pk))


# --- local period rules ------------------------------------------------------------------------------


class PeriodOverrideOut(Schema):
    id: int
    period: Period
    label: str
    length: int
    unit: PeriodUnit
    effective_from: date
    citation: str
    created_at: datetime


class PeriodOverrideIn(Schema):
    period: Period = Field(description="the period whose rule this is, as /calendar/deadline counts it")
    length: int = Field(ge=1, le=3650)
    unit: PeriodUnit
    effective_from: date = Field(description="periods starting on or after this day use the rule")
    citation: str = Field(max_length=200, description="the local rule: document, number and article")


@router.get(
    "/periods",
    response={200: list[PeriodOverrideOut], 403: ERRORS[403]},
    summary="Local rules for statutory periods (length and unit), each period's newest first",
)
@paginate
def period_override_list(request):
    return administration.period_overrides(request.user)


@router.post(
    "/periods",
    response={201: PeriodOverrideOut, **ERRORS},
    summary="A local rule for a period from its effective date (administrators whose scope is all data)",
)
def period_override_add(request, payload: PeriodOverrideIn):
    return Status(201, administration.add_period_override(by=request.user, **payload.dict()))


# --- code lists --------------------------------------------------------------------------------------


class EntryOut(Schema):
    id: int
    dictionary: Dictionary
    code: str
    label: str
    label_en: str
    sort_order: int
    active: bool


class EntryUpdate(Schema):
    label: str = Field(max_length=60)
    label_en: str = Field("", max_length=80)
    sort_order: int = Field(0, ge=0, le=999)
    active: bool = True


class EntryIn(Schema):
    dictionary: Dictionary
    code: str = Field(max_length=30, description="lower-case letters, digits and _; fixed once added")
    label: str = Field(max_length=60)
    label_en: str = Field("", max_length=80)
    sort_order: int = Field(0, ge=0, le=999)


@router.get(
    "/dictionaries", response={200: list[EntryOut], 403: ERRORS[403]}, summary="Code lists and their entries"
)
@paginate
def dictionary_list(request, dictionary: Dictionary | None = None):
    entries = administration.dictionary_entries(request.user)
    return entries.filter(dictionary=dictionary) if dictionary else entries


@router.post("/dictionaries", response={201: EntryOut, **ERRORS}, summary="Add a code to a code list")
def dictionary_add(request, payload: EntryIn):
    return Status(201, administration.add_dictionary_entry(by=request.user, **payload.dict()))


@router.put(
    "/dictionaries/{int:pk}",
    response={200: EntryOut, **ERRORS},
    summary="Rename, reorder or retire a code",
)
def dictionary_update(request, pk: Id, payload: EntryUpdate):
    entry = administration.dictionary_entry(request.user, pk)
    return administration.update_dictionary_entry(entry, by=request.user, **payload.dict())


# --- regions and industries ----------------------------------------------------------------------------


class RegionOut(Schema):
    id: int
    code: str
    name: str
    parent: str | None = Field(None, alias="parent.code", description="the code of the division above it")


class IndustryOut(RegionOut):
    label: str = Field(description="the name in your language (the standard's names are translated)")


class RegionIn(Schema):
    code: str = Field(max_length=12, description="6 digits (district), 9 (street, town) or 12 (village)")
    name: str = Field(max_length=50)


class IndustryIn(Schema):
    code: str = Field(max_length=12, description="a capital letter (section) or 2 to 4 digits")
    name: str = Field(max_length=100)
    section: Id | None = Field(None, description="the section's id, for a division (two digits) only")


class CodeNameIn(Schema):
    name: str = Field(max_length=100, description="the new name; the code, which records keep, stays")


CODE_SEARCH = Query("", max_length=50, description="the start of a code, or part of a name")


@router.get(
    "/regions",
    response={200: list[RegionOut], 403: ERRORS[403]},
    summary="Administrative divisions (行政区划) in code order",
)
@paginate
def region_list(request, q: str = CODE_SEARCH):
    return administration.code_rows(request.user, Region, q)


@router.post(
    "/regions",
    response={201: RegionOut, **ERRORS},
    summary="Add a division; its code places it under its parent",
)
def region_add(request, payload: RegionIn):
    return Status(201, administration.add_region(by=request.user, **payload.dict()))


@router.put("/regions/{int:pk}", response={200: RegionOut, **ERRORS}, summary="Rename a division")
def region_rename(request, pk: Id, payload: CodeNameIn):
    row = administration.code_row(request.user, Region, pk)
    return administration.rename_code(row, by=request.user, name=payload.name)


@router.get(
    "/industries",
    response={200: list[IndustryOut], 403: ERRORS[403]},
    summary="Industry codes (国民经济行业, GB/T 4754) in code order",
)
@paginate
def industry_list(request, q: str = CODE_SEARCH):
    return administration.code_rows(request.user, Industry, q)


@router.post(
    "/industries",
    response={201: IndustryOut, **ERRORS},
    summary="Add an industry code: a section, a division under a section, or a finer code under its own",
)
def industry_add(request, payload: IndustryIn):
    administration.require_administrator(request.user)  # before the body's section is looked up
    section = None
    if payload.section is not None:
        section = Industry.objects.filter(pk=payload.section).first()
        if section is None:
            raise ValidationFailed(_("所选门类不存在"), field="section")
    row = administration.add_industry(by=request.user, code=payload.code, name=payload.name, section=section)
    return Status(201, row)


@router.put("/industries/{int:pk}", response={200: IndustryOut, **ERRORS}, summary="Rename an industry code")
def industry_rename(request, pk: Id, payload: CodeNameIn):
    row = administration.code_row(request.user, Industry, pk)
    return administration.rename_code(row, by=request.user, name=payload.name)


# --- scheduled jobs ------------------------------------------------------------------------------------


class JobRunOut(Schema):
    id: int
    job: str
    started_at: datetime
    finished_at: datetime | None
    outcome: JobOutcome
    message: str


class JobOut(Schema):
    key: str
    task: str
    label: str
    schedule: str
    runs: list[JobRunOut] = Field(description="the latest five, newest first")


@router.get(
    "/jobs", response={200: list[JobOut], 403: ERRORS[403]}, summary="Scheduled jobs and their latest runs"
)
def job_list(request):
    administration.require_administrator(request.user)
    return jobs.scheduled_jobs()


@router.get(
    "/jobs/runs",
    response={200: list[JobRunOut], 403: ERRORS[403]},
    summary="The log of job runs, newest first",
)
@paginate
def job_run_list(request, job: str = Query("", max_length=100, description="a job's task; empty: all")):
    administration.require_administrator(request.user)
    return jobs.job_runs(job)


# --- the operation log ---------------------------------------------------------------------------------


class OperationOut(Schema):
    id: int
    occurred_at: datetime
    actor_label: str
    organisation: str | None = Field(None, alias="organisation.name")
    verb: str
    kind_label: str
    summary: str
    subject_type: str
    subject_id: str
    subject_name: str
    changes: dict

    @staticmethod
    def resolve_subject_type(obj) -> str:
        return str(obj.subject_type.name)

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.kind_label)


class OperationPageOut(Schema):
    items: list[OperationOut]
    next_before: int | None = Field(description="pass as `before` for the next page; null on the last")


class OperationFilterIn(Schema):
    actor: str = Field("", max_length=150, description="a username")
    verb: str = Field("", max_length=60, description="a kind of event, or a group ending in '.'")
    subject_type: Id | None = None
    subject_id: str = Field("", max_length=40)
    since: date | None = None
    until: date | None = None
    before: Id | None = Field(None, description="the next_before of the previous page")
    page_size: int = Field(20, ge=1, le=100)


@router.get(
    "/operations",
    response={200: OperationPageOut, 403: ERRORS[403]},
    summary="The operation log of your scope, newest first (操作日志), a page at a time",
)
def operation_log(request, filters: Query[OperationFilterIn]):
    administration.require_administrator(request.user)
    require(request.user, Capability.REVIEW_AUDIT_LOG)
    wanted = filters.dict()
    before, page_size = wanted.pop("before"), wanted.pop("page_size")
    events = audit.filtered_operations(audit.operations_for(request.user), audit.OperationFilter(**wanted))
    page = audit.keyset_page(events, before, page_size)
    return {"items": page.rows, "next_before": page.next_before}
