"""Who may use the registry's pages and the system's at all: the checks the services make (`require` of a
capability, then the organisation in the user's scope), asked of the user alone, so that the menu, the
buttons and the pages offer a form only to those whose submission the service would take."""

from .models import OrganisationKind, User
from .roles import Capability
from .scope import active_organisations

# 系统管理 is the bureaus' (区人社局 and its departments): a centre's head administers cases, not accounts
ADMINISTERING = frozenset(
    {OrganisationKind.MUNICIPAL_BUREAU, OrganisationKind.BUREAU, OrganisationKind.DEPARTMENT}
)


def may_export(user: User) -> bool:
    return user.can(Capability.EXPORT_DATA)


def may_manage_registry(user: User) -> bool:
    return user.can(Capability.MANAGE_REGISTRY)


def may_register_enterprise(user: User) -> bool:
    """services.register_enterprise: the registry capability and a street in scope to register it in."""
    return user.can(Capability.MANAGE_REGISTRY) and holds(user, OrganisationKind.STREET)


def may_register_person(user: User) -> bool:
    """services.register_person: the registry capability; the person is registered by the user's own
    organisation."""
    return user.is_superuser or (user.can(Capability.MANAGE_REGISTRY) and user.organisation_id is not None)


def may_manage_system(user: User) -> bool:
    """系统管理 (core.administration and its pages): a bureau's or department's administrator."""
    if user.is_superuser:
        return True
    return (
        user.can(Capability.MANAGE_USERS)
        and user.organisation is not None
        and user.organisation.kind in ADMINISTERING
    )


def holds(user: User, *kinds: str) -> bool:
    """Whether the user's data scope holds an active organisation of one of these kinds. The menu and the
    buttons of one page ask this several times: the organisations in scope are read once per request
    (scope.active_organisations)."""
    if user.is_superuser:
        return True
    return any(org.kind in kinds for org in active_organisations(user))
