"""The small demo world the tests share, built once per test database (each xdist worker has its own) rather
than once per test: `demo.build` at this size is most of the setup time of a test that uses it.

Each test gets the world re-fetched inside its own transaction (tests/conftest.py's `world`), so what a test
changes rolls back with it as before. pytest-django empties the database after a test that runs outside a
transaction (`transaction=True`, `transactional_db`, `live_server`); the world is then built again, from the
same seed, before the next test (conftest's pytest_runtest_teardown)."""

import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings

from renshe.core import demo
from renshe.core.models import Organisation, User

SIZE = {"enterprises": 12, "people": 6, "seed": 7}
# what the `fast_password_hashing` fixture gives the tests; the shared world is built before any fixture of
# a test has run, and Argon2 would cost a few seconds per build
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def tables_with_rows() -> set[str]:
    """The tables that hold rows now: right after the migrations, the reference data they load."""
    return {
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if _has_rows(table)
    }


def _has_rows(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - Django's own table names
        return cursor.fetchone() is not None


def empty(keep: set[str]) -> None:
    """Delete every row except those of the tables in `keep`, inside the current transaction (DELETE on
    SQLite, TRUNCATE on PostgreSQL: both roll back), for the tests that load a demo of their own."""
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in keep
    ]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))


class SharedWorld:
    """The built world's organisations and users by key, as primary keys, to fetch them again per test."""

    def __init__(self) -> None:
        self.orgs: dict[str, int] = {}
        self.users: dict[str, int] = {}

    def build(self) -> None:
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            built = demo.build(**SIZE)
        self.orgs = {key: org.pk for key, org in built.orgs.items()}
        self.users = {key: user.pk for key, user in built.users.items()}

    def present(self) -> bool:
        return User.objects.filter(pk=self.users["admin"]).exists()

    def fetch(self) -> demo.DemoWorld:
        """The world as demo.build returned it: fresh instances, each user's organisation and each
        organisation's parent the same instance as in `orgs` (so that reading them costs no query, as it
        did not on the objects the build made)."""
        orgs = Organisation.objects.select_related("region").in_bulk(self.orgs.values())
        users = User.objects.in_bulk(self.users.values())
        for org in orgs.values():
            if org.parent_id:
                org.parent = orgs[org.parent_id]
        for user in users.values():
            if user.organisation_id:
                user.organisation = orgs[user.organisation_id]
        return demo.DemoWorld(
            orgs={key: orgs[pk] for key, pk in self.orgs.items()},
            users={key: users[pk] for key, pk in self.users.items()},
        )


def flushes(item) -> bool:
    """Whether pytest-django runs this test outside a transaction and empties the database after it."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


@contextmanager
def demo_loaded_once(django_db_blocker, keep: set[str], **settings) -> Iterator[None]:
    """`load_demo` (small registry, the cases `settings` ask for) once for a whole module, in a transaction
    rolled back at the module's end: each test runs in a savepoint inside it (pytest-django's atomic nests),
    so what a test writes still rolls back with the test, and the shared world comes back afterwards. A
    module using it keeps tests on the shared world elsewhere: the loaded demo replaces it until the end."""
    with django_db_blocker.unblock(), override_settings(**settings), transaction.atomic():
        empty(keep=keep)
        call_command("load_demo", enterprises=12, people=6, seed=5, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
