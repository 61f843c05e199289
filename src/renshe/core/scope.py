"""Data scope: which organisations' records a user may see. Every selector filters through here."""

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from .models import Organisation, User
from .roles import DataScope

M = TypeVar("M", bound=Model)


def organisation_q(user: User, org_field: str, owner_field: str | None = None, *, by_id: bool = False) -> Q:
    """A filter on `org_field` (a lookup path to an Organisation, "" for Organisation itself) matching
    the user's scope. OWN_RECORDS needs `owner_field` (a lookup path to the creating user).

    `by_id`: the same organisations, read first and named by id (`organisation_id IN (…)`) rather than
    joined and matched on their paths. A search's filter is then answered from the cases' own indexes,
    so matches that all lie outside the scope cost nothing; a join on paths reads every match's row."""
    prefix = f"{org_field}__" if org_field else ""
    scope = user.effective_scope
    if scope == DataScope.ALL:
        return Q()
    if scope == DataScope.OWN_RECORDS:
        return Q(**{owner_field: user}) if owner_field else Q(pk__in=[])
    if by_id and org_field and scope in (DataScope.CHOSEN_ORGANISATIONS, DataScope.SUBTREE):
        return Q(**{f"{org_field}__in": visible_organisation_ids(user)})
    if scope == DataScope.CHOSEN_ORGANISATIONS:
        q = Q(pk__in=[])
        for path in user.scope_organisations.values_list("path", flat=True):
            q |= Q(**{f"{prefix}path__startswith": path})
        return q
    if user.organisation_id is None:
        return Q(pk__in=[])
    if scope == DataScope.SUBTREE:
        assert user.organisation is not None  # its id is set
        return Q(**{f"{prefix}path__startswith": user.organisation.path})
    return Q(**{f"{prefix}pk": user.organisation_id})


def scoped(queryset: QuerySet[M], user: User, org_field: str, owner_field: str | None = None) -> QuerySet[M]:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(organisation_q(user, org_field, owner_field))


def visible_organisations(user: User) -> QuerySet[Organisation]:
    return scoped(Organisation.objects.all(), user, "")


def visible_organisation_ids(user: User) -> list[int]:
    """visible_organisations' ids, read once per user object (a request's user; a search asks for them
    for every kind of case and both of its organisation columns)."""
    key = (user.effective_scope, user.organisation_id)
    cached = user.__dict__.get("_visible_organisation_ids")
    if cached is None or cached[0] != key:
        cached = key, list(visible_organisations(user).order_by().values_list("pk", flat=True))
        user.__dict__["_visible_organisation_ids"] = cached
    return cached[1]


def active_organisations(user: User) -> list[Organisation]:
    """The active organisations in the user's scope, in path order, read once per user object (a request's
    user): the organisation tree beside a list, the kinds the menu and the buttons ask about (rules.holds)
    and a filter's choices of organisation all come from this one read of a small table."""
    key = (user.effective_scope, user.organisation_id)
    cached = user.__dict__.get("_active_organisations")
    if cached is None or cached[0] != key:
        cached = key, list(visible_organisations(user).filter(active=True).order_by("path"))
        user.__dict__["_active_organisations"] = cached
    return cached[1]


def covers(user: User, organisation: Organisation) -> bool:
    """Whether `organisation` lies within the user's scope (for writes naming an organisation)."""
    return visible_organisations(user).filter(pk=organisation.pk).exists()


def covers_subtree(user: User, organisation: Organisation) -> bool:
    """Whether `organisation` and everything under it lie within the user's scope."""
    if user.effective_scope not in (DataScope.ALL, DataScope.CHOSEN_ORGANISATIONS, DataScope.SUBTREE):
        return False  # an organisation-only or own-records scope covers no subtree whole
    return user_covers(user, organisation)


def user_covers(user: User, organisation: Organisation) -> bool:
    """The same rule as organisation_q, decided in Python for one user and one organisation."""
    scope = user.effective_scope
    if scope == DataScope.ALL:
        return True
    if scope == DataScope.CHOSEN_ORGANISATIONS:
        return any(
            organisation.path.startswith(p) for p in user.scope_organisations.values_list("path", flat=True)
        )
    if user.organisation_id is None or scope == DataScope.OWN_RECORDS:
        return False
    if scope == DataScope.SUBTREE:
        assert user.organisation is not None  # its id is set
        return organisation.path.startswith(user.organisation.path)
    return organisation.pk == user.organisation_id
