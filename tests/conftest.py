import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from renshe.core import demo
from renshe.core.models import ApiToken, User


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


@pytest.fixture
def world(db):
    """A small copy of the demo world: the real organisation network and users, few records."""
    return demo.build(enterprises=12, people=6, seed=7)


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
    """api("pt_admin") -> a client that calls /api/v1 with that user's bearer token."""

    def _api(username: str, language: str = "zh-hans") -> Client:
        _token, key = ApiToken.issue(User.objects.get(username=username), "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE=language)

    return _api
