"""With DEBUG off, as in production, every error the API answers is JSON `{detail}` in the requester's language:
an unexpected one (500) as well as a refused host (400) (issue 11, finding 12)."""

import pytest
from django.test import Client

from renshe.core import selectors
from renshe.core.models import ApiToken, User


@pytest.fixture
def bearer(world):
    _token, key = ApiToken.issue(User.objects.get(username="zj_centre"), "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_unexpected_error_in_the_api_is_json_500_without_a_traceback(settings, bearer, monkeypatch):
    settings.DEBUG = False

    def broken(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "organisations_for", broken)
    for language, words in (("zh-hans", "服务器内部错误"), ("en", "internal server error")):
        answer = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language).get(
            "/api/v1/organisations", **bearer
        )
        assert answer.status_code == 500 and answer["Content-Type"].startswith("application/json")
        assert words in answer.json()["detail"].lower() and "secret" not in answer.content.decode()


def test_a_request_for_another_host_is_json_400_under_the_api(settings, db):
    settings.DEBUG = False
    answer = Client(raise_request_exception=False).get("/api/v1/me", HTTP_HOST="evil.example")
    assert answer.status_code == 400 and answer["Content-Type"].startswith("application/json")
    assert answer.json()["detail"]
    page = Client(raise_request_exception=False).get("/login/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
