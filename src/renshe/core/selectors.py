"""Reads for the core domain: querysets already narrowed to what the user may see."""

from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import parties
from .errors import NotFound
from .models import (
    DictionaryEntry,
    Enterprise,
    Event,
    Organisation,
    Person,
    User,
    WorkItem,
    WorkItemStatus,
)
from .models.registry import id_number_is, phone_is
from .requestcache import once_per_request
from .roles import DataScope, Role
from .scope import active_organisations, organisation_q, visible_organisations
from .subjects import subject_of

M = TypeVar("M", bound=Model)


def get_in_scope(queryset: QuerySet[M], pk: object) -> M:
    """One object from an already scoped queryset; out of scope answers exactly as missing does."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def organisations_for(user: User) -> QuerySet[Organisation]:
    return visible_organisations(user)


def users_for(
    user: User, *, role: str = "", organisation: int | None = None, active: bool | None = None
) -> QuerySet[User]:
    """The directory: the accounts of the organisations in the user's scope (no superuser), filtered, in id
    order — what a client needs to name a user it assigns work to."""
    users = User.objects.filter(organisation__in=visible_organisations(user), is_superuser=False)
    if role:
        users = users.filter(role=role)
    if organisation is not None:
        users = users.filter(organisation_id=organisation)
    if active is not None:
        users = users.filter(is_active=active)
    return users.select_related("organisation").order_by("id")


def streets_for(user: User) -> list[Organisation]:
    """The active streets in the user's scope, in path order (from the request's scope.active_organisations)."""
    return [o for o in active_organisations(user) if o.kind == "street"]


def district_streets(user: User) -> list[Organisation]:
    """The streets of the user's district — those under the bureaus above the user's organisation, or under
    the organisation itself — for a statistics filter: read from the organisation table, not the cases."""
    streets = Organisation.objects.filter(kind="street", active=True)
    if not user.is_superuser and user.organisation is not None:
        above = [int(i) for i in user.organisation.path.strip("/").split("/")]
        streets = streets.filter(Q(parent_id__in=above) | Q(path__startswith=user.organisation.path))
    return list(streets.order_by("path"))


# The largest id a filter may name: that of an integer key. Larger numbers are refused where they are read, not
# sent to the database (SQLite cannot bind one past 64 bits: OverflowError).
ID_MAX = 2_147_483_647


def searched(q: str) -> str:
    """What a search box's text can be compared with: no NUL (PostgreSQL text cannot hold one)."""
    return q.replace("\x00", "").strip()


@dataclass
class EnterpriseFilter:
    q: str = ""
    street: int | None = None
    industry: str = ""
    size: str = ""

    def __post_init__(self) -> None:
        self.q, self.industry, self.size = searched(self.q), searched(self.industry), searched(self.size)


def _with_parties(
    queryset: QuerySet[M], user: User, org_field: str, owner_field: str, parties: Q
) -> QuerySet[M]:
    """Those in the user's scope, and those party to a case the user may see (core/parties.py)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    own = organisation_q(user, org_field, owner_field)
    if user.effective_scope == DataScope.ALL:
        return queryset.filter(own)
    return queryset.filter(own | parties)


def enterprises_for(
    user: User, f: EnterpriseFilter | None = None, *, with_parties: bool = True
) -> QuerySet[Enterprise]:
    """Enterprises in the user's scope, and (unless `with_parties` is false: editing the register stays
    with the scope) the respondents of the cases the user may see."""
    qs = _with_parties(
        Enterprise.objects.select_related("street", "industry"),
        user,
        "street",
        "created_by",
        parties.enterprises_q(user) if with_parties and user.is_authenticated else Q(pk__in=[]),
    )
    if f:
        if f.q:
            qs = qs.filter(Q(name__contains=f.q) | Q(credit_code=f.q.upper()))
        if f.street:
            qs = qs.filter(street_id=f.street)
        if f.industry:
            qs = qs.filter(Q(industry__code=f.industry) | Q(industry__parent__code=f.industry))
        if f.size:
            qs = qs.filter(size=f.size)
    return qs


def persons_for(user: User, q: str = "", *, with_parties: bool = True) -> QuerySet[Person]:
    """People registered in the user's scope, and (unless `with_parties` is false) the applicants and
    workers of the cases the user may see: shown masked like any other, revealing their numbers logged."""
    qs = _with_parties(
        Person.objects.select_related("organisation"),
        user,
        "organisation",
        "created_by",
        parties.people_q(user) if with_parties and user.is_authenticated else Q(pk__in=[]),
    )
    if q := searched(q):
        qs = qs.filter(Q(name__contains=q) | id_number_is(q) | phone_is(q))  # full numbers only: digests
    return qs


def events_for(subject: Model) -> QuerySet[Event]:
    return Event.objects.filter(**subject_of(subject)).select_related("actor")


def enterprise_timeline(enterprise: Enterprise, user: User | None = None) -> QuerySet[Event]:
    """Everything recorded about the enterprise, by any module (一企一档). A user who sees the enterprise only
    as a party to their cases gets the entries on the enterprise itself: the others tell of cases that may
    lie outside their scope (each module's section of the file shows the user's own)."""
    events = Event.objects.filter(enterprise=enterprise).select_related("actor")
    if user is not None and not in_register_scope(user, enterprise):
        events = events.filter(**subject_of(enterprise))
    return events


def in_register_scope(user: User, record: Enterprise | Person) -> bool:
    """Whether the record lies in the user's own scope of the register (what they may edit), not only
    party to a case of theirs."""
    if isinstance(record, Enterprise):
        return enterprises_for(user, with_parties=False).filter(pk=record.pk).exists()
    return persons_for(user, with_parties=False).filter(pk=record.pk).exists()


def work_items_for(user: User, *, status: str = WorkItemStatus.OPEN) -> QuerySet[WorkItem]:
    """The user's workbench: tasks assigned to them, and unassigned tasks for their role in their scope."""
    if not user.is_authenticated:
        return WorkItem.objects.none()
    mine = Q(assignee=user)
    if user.role:
        mine |= Q(assignee__isnull=True, role=user.role) & organisation_q(user, "organisation", "assignee")
    elif user.is_superuser:
        # the system administrator, who holds no role, has the administrators' tasks of every organisation
        mine |= Q(assignee__isnull=True, role=Role.DEPARTMENT_ADMIN)
    return WorkItem.objects.filter(mine, status=status).select_related("organisation", "assignee")


@dataclass
class WorkbenchSummary:
    open: int
    due_soon: int
    overdue: int


def workbench_summary(items: QuerySet[WorkItem]) -> WorkbenchSummary:
    today = timezone.localdate()
    counts = items.aggregate(
        open=Count("id"),
        due_soon=Count("id", filter=Q(due_soon_on__lte=today, due_on__gte=today)),
        overdue=Count("id", filter=Q(due_on__lt=today)),
    )
    return WorkbenchSummary(**counts)


def due_profile(items: QuerySet[WorkItem]) -> list[tuple[str, int]]:
    """Open tasks by how soon they fall due, for the workbench chart: one query."""
    today = timezone.localdate()
    buckets = [
        (_("已超期"), Q(due_on__lt=today)),
        (_("7日内"), Q(due_on__gte=today, due_on__lte=today + timedelta(days=7))),
        (_("8–14日"), Q(due_on__gt=today + timedelta(days=7), due_on__lte=today + timedelta(days=14))),
        (_("15–30日"), Q(due_on__gt=today + timedelta(days=14), due_on__lte=today + timedelta(days=30))),
        (_("30日以上"), Q(due_on__gt=today + timedelta(days=30))),
    ]
    counts = items.aggregate(**{f"b{i}": Count("id", filter=q) for i, (_label, q) in enumerate(buckets)})
    return [(label, counts[f"b{i}"]) for i, (label, _q) in enumerate(buckets)]


def dictionary_choices(name: str) -> list[tuple[str, str]]:
    """Active entries of an editable code list (claim types, case types…), labelled in the page's language."""
    english = (translation.get_language() or "").startswith("en")

    def read() -> dict[str, list[tuple[str, str]]]:
        lists: dict[str, list[tuple[str, str]]] = {}
        rows = DictionaryEntry.objects.filter(active=True).values_list(
            "dictionary", "code", "label", "label_en"
        )
        for dictionary, code, label, en in rows:
            lists.setdefault(dictionary, []).append((code, (en or label) if english else label))
        return lists

    # every code list in one read per request (a few hundred short rows at most): a case page asks for the
    # claim types for each row of its agreement form and its own tables, and for the case types
    return list(once_per_request(("dictionary_choices", english), read).get(name, []))
