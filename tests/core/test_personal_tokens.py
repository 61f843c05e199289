"""Personal access tokens (core.tokens): created, listed with their last use and revoked in 个人中心, with an
expiry and scopes of the user's own; every issue, new address, revocation and refusal in the access log."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renshe.audit.models import AccessKind, AccessRecord
from renshe.core import tokens
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import ApiToken, User

# expiries, windows and received dates are counted from today, wherever it falls
pytestmark = pytest.mark.clock


def bearer(key: str, language: str = "zh-hans", **extra) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE=language, **extra)


def test_a_user_creates_uses_sees_and_revokes_a_token_in_the_profile(login):
    page = login("zj_centre")
    created = page.post(
        "/profile/",
        {"action": "issue_token", "name": "我的脚本", "days": "30", "scopes": ["read", "disputes:write"]},
    )
    assert created.status_code == 200
    key = created.context["new_key"]
    assert key.startswith("rs_") and key in created.content.decode()
    token = ApiToken.objects.get(name="我的脚本")
    assert token.scopes == "read disputes:write" and token.key_digest == ApiToken.digest(key)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)

    me = bearer(key).get("/api/v1/me").json()
    assert me["credential"] == {
        "kind": "personal_token",
        "name": "我的脚本",
        "scopes": ["disputes:write", "read"],
    }
    listed = page.get("/profile/").content.decode()
    assert key not in listed and token.prefix in listed and "127.0.0.1" in listed  # the last use, not the key

    assert page.post("/profile/", {"action": "revoke_token", "token": str(token.pk)}).status_code == 302
    refused = bearer(key, "en").get("/api/v1/me")
    assert refused.status_code == 401 and refused.json()["detail"] == "The access token has been revoked"
    kinds = list(AccessRecord.objects.order_by("id").values_list("kind", flat=True))
    assert kinds[-4:] == [
        AccessKind.TOKEN_ISSUED,
        AccessKind.TOKEN_NEW_ADDRESS,
        AccessKind.TOKEN_REVOKED,
        AccessKind.TOKEN_REFUSED,
    ]


def test_another_users_token_cannot_be_revoked(login, world):
    _token, key = ApiToken.issue(User.objects.get(username="zj_studio"), "theirs")
    login("zj_centre").post("/profile/", {"action": "revoke_token", "token": str(_token.pk)})
    login("zj_centre").post("/profile/", {"action": "revoke_token", "token": "x"})
    assert bearer(key).get("/api/v1/me").status_code == 200


def test_expiry_is_required_and_at_most_the_parameter(world, settings):
    user = User.objects.get(username="zj_centre")
    for days in (0, 366):
        with pytest.raises(ValidationFailed):
            tokens.issue_personal_token(user, name="x", days=days, scopes="read")
    settings.RENSHE_PERSONAL_TOKEN_MAX_DAYS = 30
    with pytest.raises(ValidationFailed):
        tokens.issue_personal_token(user, name="x", days=31, scopes="read")
    tokens.issue_personal_token(user, name="x", days=30, scopes="read")


def test_scopes_are_chosen_from_the_users_own_rights(world, login):
    expert = User.objects.get(username="pt_expert")
    assert "disputes:read" not in tokens.personal_scopes(expert)
    assert "webhooks" in tokens.personal_scopes(User.objects.get(username="zj_centre"))  # their own events
    with pytest.raises(PermissionDenied):
        tokens.issue_personal_token(expert, name="x", days=10, scopes="disputes:read")
    with pytest.raises(ValidationFailed):
        tokens.issue_personal_token(expert, name="x", days=10, scopes="everything")
    page = login("pt_expert", "en").post(
        "/profile/", {"action": "issue_token", "name": "x", "days": "10", "scopes": ["disputes:read"]}
    )
    assert page.status_code == 200 and ApiToken.objects.count() == 0


def test_an_expired_token_is_401_and_its_refusal_recorded_once(world):
    token, key = ApiToken.issue(User.objects.get(username="zj_centre"), "old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for _attempt in range(3):
        refused = bearer(key, "en").get("/api/v1/me")
        assert refused.status_code == 401 and refused.json()["detail"] == "The access token has expired"
    assert AccessRecord.objects.filter(kind=AccessKind.TOKEN_REFUSED).count() == 1


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "bearer rs_nope",
        "Bearer rs_\x00",
        "Bearer " + "x" * 5000,
        "Token abc",
    ],
)
def test_a_malformed_authorization_header_is_401_json(world, header):
    answer = Client(HTTP_AUTHORIZATION=header).get("/api/v1/me")
    assert answer.status_code == 401 and "detail" in answer.json()


def test_the_last_use_is_written_at_most_once_a_minute(world):
    token, key = ApiToken.issue(User.objects.get(username="zj_centre"), "busy")
    client = bearer(key)
    client.get("/api/v1/me")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me")
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me")
    assert len([q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]) == 1


def test_the_admin_site_cannot_add_a_keyless_token(world, client):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    assert client.get("/admin/core/apitoken/add/").status_code == 403
    assert client.post("/admin/core/apitoken/add/", {"name": "x", "user": admin.pk}).status_code == 403
    ApiToken.issue(admin, "listed")
    assert "listed" in client.get("/admin/core/apitoken/").content.decode()


def test_the_command_issues_a_token_with_an_expiry(world, capsys):
    call_command("create_api_token", "pt_leader", "--name", "大屏", "--days", "7", "--scopes", "read")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(key_digest=ApiToken.digest(key))
    assert token.scopes == "read" and token.expires_at - timezone.now() <= timedelta(days=7)
    assert bearer(key).get("/api/v1/me").json()["username"] == "pt_leader"
    assert bearer(key).post("/api/v1/people", {}, content_type="application/json").status_code == 403
