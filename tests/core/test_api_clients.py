"""Other systems as OAuth 2 clients (core.tokens): registered in 系统管理 → 接口客户端, a token by client
credentials at /api/v1/oauth/token, its scopes checked for every operation, the client disabled."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken

from renshe.audit.models import AccessKind, AccessRecord
from renshe.core import tokens
from renshe.core.administration import AccountInput
from renshe.core.errors import PermissionDenied
from renshe.core.models import ApiClient, Event, Organisation, User
from renshe.core.roles import Role

# expiries, windows and received dates are counted from today, wherever it falls
pytestmark = pytest.mark.clock

TOKEN_URL = "/api/v1/oauth/token"


def register(
    world, *, scopes="read write", by="pd_admin", organisation="张江镇劳动争议调解中心", role=Role.MEDIATOR
):
    return tokens.register_client(
        by=User.objects.get(username=by),
        name="12345热线",
        username=f"hotline_{scopes.replace(' ', '_').replace(':', '_')}",
        account=AccountInput(
            full_name="12345热线", organisation=Organisation.objects.get(name=organisation), role=role
        ),
        scopes=scopes,
    )


def obtain(client_id: str, secret: str, scope: str | None = None, **extra):
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if scope is not None:
        data["scope"] = scope
    return Client(**extra).post(TOKEN_URL, data)


def bearer(token: str, language: str = "zh-hans") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)


def test_an_outside_system_registers_obtains_a_token_and_works_over_http_only(world, login):
    """The administrator registers the client on its page and hands over id and secret; from then on the
    system needs nothing but HTTP: a token, who it is, the users it may assign, a write."""
    admin = login("pd_admin")
    zj = Organisation.objects.get(name="张江镇劳动争议调解中心")
    page = admin.post(
        "/system/clients/new/",
        {
            "name": "张江12345热线",
            "username": "zj_hotline",
            "organisation": zj.pk,
            "role": Role.MEDIATOR,
            "data_scope": "subtree",
            "scopes": ["read", "write"],
        },
    )
    assert page.status_code == 200, page.content.decode()[:2000]
    client_id = page.context["client"].application.client_id
    secret = page.context["secret"]
    assert secret in page.content.decode()
    assert secret not in admin.get(f"/system/clients/{page.context['client'].pk}/").content.decode()

    issued = obtain(client_id, secret)
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert body["token_type"] == "Bearer" and set(body["scope"].split()) == {"read", "write"}
    system = bearer(body["access_token"])

    me = system.get("/api/v1/me").json()
    assert (me["username"], me["role"], me["organisation_id"]) == ("zj_hotline", "mediator", zj.pk)
    assert me["credential"] == {"kind": "client", "name": "张江12345热线", "scopes": ["read", "write"]}
    mediators = system.get("/api/v1/users", {"role": "mediator"}).json()
    assert {"zj_centre", "zj_studio"} <= {u["username"] for u in mediators["items"]}
    created = system.post(
        "/api/v1/people",
        {"name": "周强", "id_number": "410102200111078611"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert AccessRecord.objects.filter(kind=AccessKind.TOKEN_ISSUED, username="zj_hotline").count() == 1
    assert Event.objects.filter(verb="api_client.registered").count() == 1


def test_a_token_asked_beyond_the_grant_is_refused(world):
    client, secret = register(world, scopes="disputes:read")
    application = client.application
    refused = obtain(application.client_id, secret, scope="disputes:read write")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope"
    granted = obtain(application.client_id, secret)
    assert granted.json()["scope"] == "disputes:read"
    assert obtain(application.client_id, "wrong").status_code == 401


def test_scopes_are_checked_for_every_operation_by_module_and_method(world):
    client, secret = register(world, scopes="disputes:read")
    system = bearer(obtain(client.application.client_id, secret).json()["access_token"], "en")
    assert system.get("/api/v1/disputes").status_code == 200
    for method, path, missing in (
        ("get", "/api/v1/inspection", "inspection:read / read"),
        ("get", "/api/v1/me", "read"),
        ("post", "/api/v1/people", "write"),
        ("post", "/api/v1/disputes/1/arbitration/accept", "disputes:write / write"),
    ):
        answer = getattr(system, method)(path, {}, content_type="application/json")
        assert answer.status_code == 403, (path, answer.content)
        assert answer.json()["detail"] == f"The token lacks the scope: {missing}"


def test_required_scopes_from_path_and_method():
    assert tokens.required_scopes("GET", "/api/v1/disputes/3") == ("disputes:read", "read")
    assert tokens.required_scopes("HEAD", "/api/v1/inspection") == ("inspection:read", "read")
    assert tokens.required_scopes("POST", "/api/v1/inspection/cases") == ("inspection:write", "write")
    assert tokens.required_scopes("DELETE", "/api/v1/webhooks/4") == ("webhooks",)
    assert tokens.required_scopes("GET", "/api/v1/users") == ("read",)
    assert tokens.required_scopes("PUT", "/api/v1/enterprises/1") == ("write",)


def test_a_scope_taken_from_the_grant_is_refused_at_once(world):
    client, secret = register(world, scopes="read write")
    system = bearer(obtain(client.application.client_id, secret).json()["access_token"])
    assert system.get("/api/v1/me").status_code == 200
    tokens.change_client_grant(client, by=User.objects.get(username="pd_admin"), scopes=["write"])
    assert system.get("/api/v1/me").status_code == 403
    assert Event.objects.filter(verb="api_client.grant_changed").count() == 1


def test_a_disabled_client_gets_no_token_and_its_tokens_are_refused(world, login):
    client, secret = register(world)
    token = obtain(client.application.client_id, secret).json()["access_token"]
    page = login("pd_admin").post(f"/system/clients/{client.pk}/", {"action": "disable"})
    assert page.status_code == 302
    refused = bearer(token, "en").get("/api/v1/me")
    assert refused.status_code == 401 and refused.json()["detail"] == "The API client is disabled"
    again = obtain(client.application.client_id, secret)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    for _attempt in range(3):
        bearer(token).get("/api/v1/me")
    refusals = AccessRecord.objects.filter(kind=AccessKind.TOKEN_REFUSED)
    assert refusals.count() == 1 and refusals.get().detail["reason"] == "client_disabled"
    login("pd_admin").post(f"/system/clients/{client.pk}/", {"action": "enable"})
    assert bearer(token).get("/api/v1/me").status_code == 200


def test_an_expired_client_token_is_401_with_why(world):
    client, secret = register(world)
    token = obtain(client.application.client_id, secret).json()["access_token"]
    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    refused = bearer(token, "en").get("/api/v1/me")
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]


def test_only_an_administrator_covering_the_organisation_registers_a_client(world, login):
    with pytest.raises(PermissionDenied):
        register(world, by="fx_admin")  # 张江 is 浦东's
    with pytest.raises(PermissionDenied):
        register(world, by="zj_centre")
    assert login("zj_centre").get("/system/clients/").status_code == 403
    assert ApiClient.objects.count() == 0
    assert User.objects.filter(username__startswith="hotline").count() == 0  # nothing half-written


def test_the_clients_page_lists_only_the_administrators_own(world, login):
    register(world)
    assert "12345热线" in login("pd_admin").get("/system/clients/").content.decode()
    assert "12345热线" not in login("fx_admin").get("/system/clients/").content.decode()


def test_a_new_address_is_recorded_once_per_client(world):
    client, secret = register(world)
    token = obtain(client.application.client_id, secret).json()["access_token"]
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1"):
        assert bearer(token).get("/api/v1/me", REMOTE_ADDR=address).status_code == 200
    seen = AccessRecord.objects.filter(kind=AccessKind.TOKEN_NEW_ADDRESS).order_by("id")
    assert [r.ip for r in seen] == ["10.0.0.1", "10.0.0.2"]
    client.refresh_from_db()
    assert client.last_used_from == "10.0.0.1" and client.last_used_at is not None


def test_a_service_account_gets_no_password(world, login):
    client, _secret = register(world)
    account = client.account
    assert not account.has_usable_password()
    page = login("pd_admin", "en").post(
        f"/system/users/{account.pk}/", {"action": "reset_password"}, follow=True
    )
    assert "has no password" in page.content.decode()
    account.refresh_from_db()
    assert not account.has_usable_password()
