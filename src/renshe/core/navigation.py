"""The side menu. Each module registers its entries; the menu shows an entry to those who may use its page:
`allowed` is the predicate the page and the services themselves apply (a module's `rules.may_…`), so that no
entry leads to a refusal or to a form the user could not submit (tests/core/test_menu_walk.py walks them)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise

from .models import User


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url_name: str
    group: str | Promise
    roles: frozenset[str] | None = None  # None: every staff role
    capability: str | None = None
    order: int = 100
    allowed: Callable[[User], bool] | None = None  # the page's own predicate; None: every signed-in user

    def visible_to(self, user: User) -> bool:
        if self.allowed is not None and not self.allowed(user):
            return False
        if user.is_superuser:
            return True
        if self.roles is not None and user.role not in self.roles:
            return False
        return self.capability is None or user.can(self.capability)

    @property
    def url(self) -> str:
        # every page draws the menu: its forty-odd reverse() calls, once per script prefix, not per request
        key = (self.url_name, get_script_prefix())
        if key not in _URLS:
            _URLS[key] = reverse(self.url_name)
        return _URLS[key]


_URLS: dict[tuple[str, str], str] = {}


MENU: list[MenuEntry] = []


def register(entry: MenuEntry) -> None:
    MENU.append(entry)
    MENU.sort(key=lambda e: e.order)


def menu_for(user: User) -> list[tuple[str, list[MenuEntry]]]:
    groups: dict[str, list[MenuEntry]] = {}
    for entry in MENU:
        if entry.visible_to(user):
            groups.setdefault(str(entry.group), []).append(entry)
    return list(groups.items())


# The buttons a page offers (登记企业, 导出Excel, …): each named predicate answers whether the user may use
# what the button leads to, the same function the page and the service apply. Templates ask `may.<name>`.
OFFERS: dict[str, Callable[[User], bool]] = {}


def offer(name: str, allowed: Callable[[User], bool]) -> None:
    OFFERS[name] = allowed


class Offers:
    """`may` in templates: `{% if may.export %}`, each predicate asked once per request."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.answers: dict[str, bool] = {}

    def __getitem__(self, name: str) -> bool:
        if name not in OFFERS:
            raise KeyError(name)
        if name not in self.answers:
            self.answers[name] = self.user.is_authenticated and OFFERS[name](self.user)
        return self.answers[name]
