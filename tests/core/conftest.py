"""The loaded demo shared by the menu walk and the every-login-finds-work tests: `load_demo` with a small
registry and the live cases of both modules, loaded once per module that asks for it."""

from collections.abc import Iterator

import pytest
from django.test import Client

from renshe.core.models import User
from tests.world import demo_loaded_once


@pytest.fixture(scope="module")
def demo_once(migrated_tables, django_db_blocker) -> Iterator[None]:
    with demo_loaded_once(
        django_db_blocker, migrated_tables, RENSHE_DEMO_DISPUTES="live", RENSHE_DEMO_INSPECTION="full"
    ):
        yield


@pytest.fixture
def full_demo(demo_once, db):
    """load_demo with a small registry and the live cases of both modules (loaded once for the module)."""


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client
