"""Only what they can do: for every demo login, every menu entry opens (200) and every button, link and form
the pages offer leads somewhere — no 403, no 404, no form the user cannot submit (an empty submission is
answered with the form's own errors, or goes through).

The walk is generic: it starts from whatever the modules registered in core.navigation.MENU and follows the
links and forms inside each page's <main>, two steps deep (a list, a case on it, the case's actions), so a
module that adds a menu entry or a button is walked too. Each POST runs in a savepoint rolled back at once,
so that one submission does not change what the next step finds."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from renshe.core import demo
from renshe.core.models import User
from renshe.core.navigation import menu_for
from tests.core.conftest import signed_in

USERNAMES = ["admin"] + [u[0] for u in demo.USERS]
DEPTH = 2  # a menu page, what it links to, and what that links to
PER_PAGE_KIND = 1  # pages of the same URL name (and query keys) walked per login
# links that leave the back office or are its own plumbing, not a page's offer
LEFT_ALONE = ("admin:", "portal:", "logout", "set_language", "login")

# what a page offers does not depend on the database: walked once, on the embedded default (bin/test)
pytestmark = pytest.mark.walk


@dataclass
class Offered:
    links: list[str] = field(default_factory=list)
    forms: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # method, action, hidden data
    menu: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """The sidebar's links, and the links, forms and htmx posts inside <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.found = Offered()
        self.in_main = self.in_sidebar = False
        self.form: tuple[str, str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main = True
        elif tag == "nav" and "sidebar" in a.get("class", ""):
            self.in_sidebar = True
        elif tag == "a" and self.in_sidebar:
            self.found.menu.append(a.get("href", ""))
        elif not self.in_main:
            return
        elif tag == "a" and a.get("href"):
            self.found.links.append(a["href"])
        elif tag == "form":
            self.form = (a.get("method", "get").lower(), a.get("action", ""), {})
            self.found.forms.append(self.form)
        elif tag == "input" and self.form is not None and a.get("type") == "hidden" and a.get("name"):
            self.form[2][a["name"]] = a.get("value", "")
        elif a.get("hx-post"):
            self.found.forms.append(("post", a["hx-post"], {}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        elif tag == "nav":
            self.in_sidebar = False
        elif tag == "form":
            self.form = None


def offered(html: str) -> Offered:
    parser = PageParser()
    parser.feed(html)
    return parser.found


def kind(url: str) -> str | None:
    """The URL's name and query keys (pages alike for the walk), None for what the walk leaves alone."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "unresolved"
    name = match.view_name
    if name.startswith(LEFT_ALONE):
        return None
    return name + "?" + ",".join(sorted(k for k, _v in parse_qsl(parts.query)))


def action_kind(url: str) -> str:
    """A form's target by what it does: its URL name and the action it names (each case action once)."""
    match = resolve(urlsplit(url).path)
    return f"{match.view_name}:{match.kwargs.get('action', '')}"


@dataclass
class Walk:
    client: Client
    seen: set[str] = field(default_factory=set)
    kinds: dict[str, int] = field(default_factory=dict)
    posts: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def take(self, url: str) -> bool:
        """Whether to visit `url`: not yet seen, and its kind not walked PER_PAGE_KIND times already."""
        url = url.split("#")[0]
        k = kind(url)
        if k is None or url in self.seen:
            return False
        if k == "unresolved":
            self.failures.append(f"link to no page: {url}")
            return False
        self.seen.add(url)
        self.kinds[k] = self.kinds.get(k, 0) + 1
        return self.kinds[k] <= PER_PAGE_KIND

    def get(self, url: str, came_from: str, depth: int) -> None:
        response = self.client.get(url, follow=True)
        if response.status_code != 200:
            self.failures.append(f"GET {url} (offered on {came_from}): {response.status_code}")
            return
        if depth >= DEPTH or "html" not in response.get("Content-Type", ""):
            return
        found = offered(response.content.decode())
        for method, action, data in found.forms:
            target = urljoin(url, action).split("#")[0]
            if method == "post" and kind(target) is not None:
                self.posts.append((target, url, data))
        for link in (urljoin(url, href) for href in found.links):
            if self.take(link):
                self.get(link.split("#")[0], url, depth + 1)

    def post_all(self) -> None:
        """Each form offered, submitted as it stands (its hidden fields, the rest empty): answered with the
        form's errors or carried out, never refused. In a savepoint rolled back at once."""
        done: set[str] = set()
        for target, came_from, data in self.posts:
            k = action_kind(target)
            if k in done:
                continue
            done.add(k)
            with transaction.atomic():
                response = self.client.post(target, data, follow=True)
                transaction.set_rollback(True)
            if response.status_code != 200:
                self.failures.append(f"POST {target} (offered on {came_from}): {response.status_code}")


@pytest.mark.parametrize("username", USERNAMES)
def test_every_menu_entry_and_offered_button_leads_somewhere(full_demo, username):
    user = User.objects.get(username=username)
    client = signed_in(username)
    walk = Walk(client)
    entries = [entry for _group, group_entries in menu_for(user) for entry in group_entries]
    home = client.get("/")
    assert offered(home.content.decode()).menu == [e.url for e in entries]  # the sidebar is the menu
    for entry in entries:
        if kind(entry.url) is None:  # the admin site: its index must open, Django's own pages beyond
            assert client.get(entry.url).status_code == 200, entry.key
            continue
        walk.seen.add(entry.url)
        walk.get(entry.url, "the menu", 0)
    walk.post_all()
    assert not walk.failures, "\n".join(walk.failures)
    reached = {kind(url) for url in walk.seen}
    assert REACHES.get(username, set()) <= reached  # the walk went past the menu, into cases


# a case page and an action on it that the walk must reach for the case-handling logins
REACHES = {
    "zj_centre": {"disputes:detail?", "disputes:create?"},
    "zj_arbitrator": {"disputes:detail?"},
    "fx_inspector": {"inspection:detail?", "inspection:create?", "inspection:list?export"},
    "fx_mediator": {"inspection:handover?", "disputes:detail?"},
}


MENUS = {
    # who sees which module (core.navigation entries, by key), the known dead ends of issue 12 gone
    "zj_arbitrator": ({"disputes", "disputes_dashboard"}, {"dispute_new", "inspection_new"}),
    # the grid officer reports to the grid's brigade, and follows no case file or figures of it
    "fx_grid": (
        {"inspection_new"},
        {"inspection_dashboard", "dispute_new", "inspections", "inspection_queue"},
    ),
    "zj_studio": ({"disputes_queue", "disputes"}, {"dispute_new", "inspections"}),
    "zj_lead": (
        {"disputes", "dispute_new", "disputes_dashboard", "inspection_handovers"},
        {"inspections", "inspection_queue", "inspection_new", "inspection_dashboard", "system_users"},
    ),
    "pt_expert": (set(), {"dispute_new", "inspection_new", "system_users"}),
    "fx_mediator": ({"inspection_handovers", "dispute_new"}, {"inspections"}),
    "fx_inspector": (
        {"inspection_queue", "inspection_new", "inspection_dashboard"},
        {"disputes", "system_users"},
    ),
    "pt_admin": (
        {"system_users", "system_organisations", "inspections", "disputes", "dispute_new", "inspection_new"},
        {"admin"},  # Django's admin site is the superuser's
    ),
    # a street's mediator follows the arrears on the street's ground, and registers nothing there
    "pt_caoyang": (
        {"disputes", "inspections"},
        {"dispute_new", "inspection_new", "inspection_queue", "system_users"},
    ),
}


@pytest.mark.parametrize("username", MENUS)
def test_menus_follow_what_each_login_may_do(full_demo, username):
    user = User.objects.get(username=username)
    keys = {entry.key for _group, entries in menu_for(user) for entry in entries}
    shown, hidden = MENUS[username]
    assert shown <= keys
    assert not hidden & keys


def test_the_expert_is_offered_no_export_and_no_registration(full_demo):
    expert = signed_in("pt_expert")
    for page in ("/enterprises/", "/people/"):
        html = expert.get(page).content.decode()
        assert "导出Excel" not in html and "登记企业" not in html and "登记人员" not in html
    assert expert.get("/enterprises/new/").status_code == 403
    centre = signed_in("zj_centre").get("/people/").content.decode()
    assert "登记人员" in centre
