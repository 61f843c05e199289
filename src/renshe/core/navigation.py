"""The side menu. Each module registers its entries; the menu shows those the user's role may use."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
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
    when: Callable[[User], bool] | None = None  # the predicate the page itself checks, beyond the role

    def visible_to(self, user: User) -> bool:
        if user.is_superuser:
            return True
        if self.roles is not None and user.role not in self.roles:
            return False
        if self.when is not None and not self.when(user):
            return False
        return self.capability is None or user.can(self.capability)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


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
