import os
import re
from datetime import date

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from renshe.core.demo import DEMO_PASSWORD
from renshe.core.models import ApiToken, User
from renshe.core.tokens import SCOPES
from tests import clock
from tests.world import SharedWorld, empty, flushes, tables_with_rows

_SESSION_CLOCK = pytest.StashKey[time_machine.travel]()
_SHARED_WORLD = pytest.StashKey[tuple[SharedWorld, object]]()


def pytest_configure(config):
    """Freeze today before anything is collected, so that dates computed in parametrised cases, module
    constants and session fixtures agree with the tests' own today (see tests/clock.py)."""
    config.stash[_SESSION_CLOCK] = time_machine.travel(clock.moment(clock.today()), tick=True)
    config.stash[_SESSION_CLOCK].start()


def pytest_unconfigure(config):
    if _SESSION_CLOCK in config.stash:
        config.stash[_SESSION_CLOCK].stop()


def pytest_collection_finish(session):
    """The files holding the `clock` tests collected, written to RENSHE_CLOCK_FILES when it is set: bin/test's
    first pass names them so that its date passes import those files only, not every test module again."""
    target = os.environ.get("RENSHE_CLOCK_FILES")
    if target and os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0":  # one writer; the workers agree
        root = session.config.rootpath
        files = sorted(
            {str(item.path.relative_to(root)) for item in session.items if item.get_closest_marker("clock")}
        )
        with open(target, "w") as out:
            out.writelines(f"{file}\n" for file in files)


@pytest.fixture(autouse=True)
def frozen_today(request):
    """Today, as the test sees it: the session's, or the date its `today` marker pins."""
    pinned = request.node.get_closest_marker("today")
    if pinned is None:
        yield clock.today()
        return
    day = date.fromisoformat(pinned.args[0])
    with time_machine.travel(clock.moment(day), tick=True):
        yield day


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language: LocaleMiddleware leaves the language of the last request
    (e.g. Accept-Language: en) active in the thread, which would leak into the next test."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests hash with MD5 (test_login checks production uses Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that emptied the database (see tests/world.py), the shared world is built again for the
    tests that follow; not after the last, when the database itself goes."""
    result = yield
    if nextitem is not None and _SHARED_WORLD in item.config.stash and flushes(item):
        shared, blocker = item.config.stash[_SHARED_WORLD]
        with blocker.unblock():
            if not shared.present():  # a test skipped before its database was set up emptied nothing
                shared.build()
    return result


@pytest.fixture(scope="session")
def migrated_tables(django_db_setup, django_db_blocker) -> set[str]:
    """The tables the migrations fill (reference lists, content types, permissions)."""
    with django_db_blocker.unblock():
        return tables_with_rows()


@pytest.fixture(scope="session")
def shared_world(request, migrated_tables, django_db_blocker) -> SharedWorld:
    """The small demo world, committed to this worker's test database the first time a test asks for it."""
    shared = SharedWorld()
    with django_db_blocker.unblock():
        shared.build()
    request.config.stash[_SHARED_WORLD] = (shared, django_db_blocker)
    return shared


@pytest.fixture
def world(shared_world, db):
    """A small copy of the demo world: the real organisation network and users, few records."""
    return shared_world.fetch()


@pytest.fixture
def empty_database(migrated_tables, db):
    """The database as the migrations left it, for a test that loads a demo of its own: the shared world
    (if this worker built it) is deleted inside the test's transaction, and comes back with its rollback."""
    empty(keep=migrated_tables)


@pytest.fixture
def login(world):
    """login("pt_admin") -> a Django test client logged in as that demo user."""

    def _login(username: str, language: str = "zh-hans") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(User.objects.get(username=username))
        return client

    return _login


@pytest.fixture
def api(world):
    """api("pt_admin") -> a client that calls /api/v1 with that user's bearer token (every scope: what it
    may do is the user's rights)."""

    def _api(username: str, language: str = "zh-hans") -> Client:
        _token, key = ApiToken.issue(User.objects.get(username=username), "test", scopes=" ".join(SCOPES))
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE=language)

    return _api


@pytest.fixture
def outside(world):
    """outside("fx_inspector") -> another system's client holding only what a user can hand it over the web:
    the user signs in with the password, creates a personal token in 个人中心 and passes on the key. Every call
    after that is HTTP with the bearer token; nothing is read from or written to the database on the side."""

    def _outside(username: str, language: str = "zh-hans") -> Client:
        web = Client(HTTP_ACCEPT_LANGUAGE=language)
        signed_in = web.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302, signed_in.content.decode()[:500]
        page = web.post(
            "/profile/",
            {"action": "issue_token", "name": "外部系统", "days": 30, "scopes": ["read", "write"]},
        )
        key = re.search(r"rs_[\w-]{40,}", page.content.decode())
        assert key, page.content.decode()[:2000]
        return Client(HTTP_AUTHORIZATION=f"Bearer {key.group()}", HTTP_ACCEPT_LANGUAGE=language)

    return _outside
