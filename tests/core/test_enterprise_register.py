"""Registering and editing enterprises through the web form and the API, with every kind of bad input."""

import pytest

from renshe.core.models import Enterprise, Event
from renshe.core.synthetic import credit_code


@pytest.fixture
def form_data(world):
    return {
        "credit_code": credit_code(901),
        "name": "上海新测试机械有限公司",
        "industry": "34",
        "street": world.orgs["street:310107005"].pk,
        "size": "medium",
        "legal_representative": "王五",
        "address": "曹杨路1号",
        "contact_phone": "021-62345678",
        "employee_count": "120",
    }


def test_register_through_the_form(login, form_data):
    response = login("pt_admin").post("/enterprises/new/", form_data)
    enterprise = Enterprise.objects.get(credit_code=form_data["credit_code"])
    assert response.status_code == 302 and response["Location"] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.contact_phone == "02162345678"
    assert Event.objects.filter(enterprise=enterprise, verb="enterprise.registered").count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("credit_code", "913101070000009010", "校验码"),
        ("credit_code", "91310107", "18位"),
        ("name", "", "必填"),
        ("contact_phone", "12345", "电话号码无效"),
        ("employee_count", "-3", ""),
        ("street", "999999", ""),
    ],
)
def test_bad_input_is_refused_on_its_field_and_input_is_kept(login, form_data, field, value, message):
    data = {**form_data, field: value}
    before = (Enterprise.objects.count(), Event.objects.count())
    response = login("pt_admin").post("/enterprises/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-field="{field}"' in body and message in body
    assert form_data["legal_representative"] in body and form_data["address"] in body  # nothing retyped
    assert (Enterprise.objects.count(), Event.objects.count()) == before


def test_duplicate_credit_code_names_the_existing_enterprise(login, form_data):
    client = login("pt_admin")
    client.post("/enterprises/new/", form_data)
    response = client.post("/enterprises/new/", {**form_data, "name": "另一个名字"})
    assert "已登记为“上海新测试机械有限公司”" in response.content.decode()
    assert Enterprise.objects.filter(credit_code=form_data["credit_code"]).count() == 1


def test_forged_street_of_another_district_is_refused(login, form_data, world):
    response = login("pt_admin").post(
        "/enterprises/new/", {**form_data, "street": world.orgs["street:310115125"].pk}
    )
    assert 'data-field="street"' in response.content.decode()
    assert not Enterprise.objects.filter(credit_code=form_data["credit_code"]).exists()


def test_stale_edit_form_gets_a_conflict_and_keeps_input(login, form_data):
    client = login("pt_admin")
    client.post("/enterprises/new/", form_data)
    enterprise = Enterprise.objects.get(credit_code=form_data["credit_code"])
    first = {**form_data, "name": "第一次修改", "version": enterprise.version}
    second = {
        **form_data,
        "name": "第二次修改",
        "version": enterprise.version,
    }  # opened before the first saved
    assert client.post(f"/enterprises/{enterprise.pk}/edit/", first).status_code == 302
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", second)
    body = response.content.decode()
    assert "已被他人修改" in body and "第二次修改" in body
    enterprise.refresh_from_db()
    assert enterprise.name == "第一次修改" and enterprise.version == 2


def test_error_messages_follow_the_users_language(login, form_data):
    response = login("pt_admin", language="en").post(
        "/enterprises/new/", {**form_data, "credit_code": "91310107"}
    )
    assert "18 characters" in response.content.decode()


def test_api_register_update_and_conflict(api, form_data):
    client = api("pt_admin")
    payload = {**form_data, "street_id": form_data.pop("street"), "employee_count": 120}
    created = client.post("/api/v1/enterprises", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["credit_code"] == form_data["credit_code"] and body["version"] == 1
    update = {**payload, "name": "接口修改", "version": 1}
    assert (
        client.put(f"/api/v1/enterprises/{body['id']}", update, content_type="application/json").status_code
        == 200
    )
    stale = client.put(
        f"/api/v1/enterprises/{body['id']}", {**update, "name": "过期"}, content_type="application/json"
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    assert Enterprise.objects.get(pk=body["id"]).name == "接口修改"


def test_api_validation_errors_are_json_in_the_requesters_language(api):
    response = api("pt_admin", language="en").post(
        "/api/v1/enterprises", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    fields = {e["field"] for e in body["errors"]}
    assert {"credit_code", "industry", "street_id", "size", "legal_representative"} <= fields
    assert "Invalid request" in body["detail"] or "invalid" in body["detail"].lower()
    bad = api("pt_admin", language="en").post(
        "/api/v1/enterprises",
        {
            "credit_code": "123",
            "name": "x",
            "industry": "34",
            "street_id": 1,
            "size": "small",
            "legal_representative": "y",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "credit_code" and "18" in bad.json()["detail"]


def test_malformed_json_is_a_clear_4xx(api):
    response = api("pt_admin").post("/api/v1/enterprises", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500 and "detail" in response.json()
