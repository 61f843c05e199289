"""The HTTP API: OpenAPI document, token authentication, JSON errors in the requester's language."""

import json

from renshe.core.models import ApiToken, User


def test_openapi_document_lists_the_endpoints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/enterprises",
        "/api/v1/people/{pk}/reveal",
        "/api/v1/workbench",
        "/api/v1/calendar/deadline",
    ):
        assert path in spec["paths"], path


def test_docs_page_uses_local_assets_not_a_cdn(client, db):
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/" in body and "cdn." not in body


def test_no_credentials_is_401_in_the_requesters_language(client, db):
    zh = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 401
    assert "登录" in zh.json()["detail"] and "token" in en.json()["detail"].lower()


def test_bearer_token_identifies_the_user_and_revocation_ends_it(client, world):
    token, key = ApiToken.issue(User.objects.get(username="zj_centre"), "12345热线")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert me["username"] == "zj_centre" and me["data_scope"] == "subtree"
    assert key not in str(ApiToken.objects.values_list("key_digest", flat=True))  # only the digest is stored
    token.revoked = True
    token.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_session_login_also_works_for_the_api(login):
    assert login("pt_leader").get("/api/v1/me").json()["role"] == "bureau_leader"


def test_deadline_endpoint_warns_about_unconfirmed_years(api):
    body = api("pt_admin").get("/api/v1/calendar/deadline?period=mediation.period&start=2026-12-25").json()
    assert body["schedule_confirmed"] is False and 2027 in body["unconfirmed_years"]
    assert "第十四条" in body["citation"]
    bad = api("pt_admin").get("/api/v1/calendar/deadline?period=mediation.period&start=not-a-date")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start"
    unknown = api("pt_admin").get("/api/v1/calendar/deadline?period=nope&start=2026-12-25")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "period"


def test_a_field_named_with_markup_or_control_characters_is_not_echoed_back(api):
    """The 422 names the fields it refuses; a name the client made up of markup or control characters is
    shown as "?" (the API fuzz sent one with "<" in it), a plain one as it is."""
    body = {"name": "\x00", "<b onmouseover=x>\x93": "\x00", "备注": "\x00"}
    response = api("pt_admin").post("/api/v1/enterprises", json.dumps(body), content_type="application/json")
    answer = response.json()
    assert response.status_code == 422
    assert sorted(e["field"] for e in answer["errors"]) == sorted(["name", "?", "备注"])
    assert "<" not in answer["detail"] and "\x93" not in answer["detail"]


def test_lists_are_paginated(api):
    body = api("admin").get("/api/v1/organisations?page=2").json()
    assert body["count"] > 20 and len(body["items"]) == 20
    assert api("admin").get("/api/v1/organisations?page=0").status_code == 422


def test_create_api_token_command_prints_a_working_key(world, client, capsys):
    from django.core.management import call_command

    call_command("create_api_token", "pt_leader", "--name", "大屏")
    key = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["username"] == "pt_leader"
