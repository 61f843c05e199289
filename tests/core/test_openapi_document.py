"""The OpenAPI document (/api/v1/openapi.json) as a client generator and a client developer read it: valid,
one definition per schema name, an enum on every field with a fixed set of values, the error answers of
every operation, and limits that are the ones the server enforces."""

import re
from collections import defaultdict

import jsonschema
import pytest
from django.apps import apps
from django.conf import settings
from ninja.openapi.schema import OpenAPISchema
from openapi_spec_validator import validate

from renshe.api import api

DOCUMENT = "/api/v1/openapi.json"
ERROR_OUT = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture
def document(client, db) -> dict:
    return client.get(DOCUMENT).json()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def resolved(document: dict, schema: dict) -> dict:
    """A property's schema with its $ref (or a nullable anyOf's) followed to the component."""
    for choice in schema.get("anyOf", [schema]):
        if "$ref" in choice:
            return document["components"]["schemas"][choice["$ref"].rsplit("/", 1)[-1]]
        if choice.get("type") != "null":
            return choice
    return schema


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


class Recording(OpenAPISchema):
    """The document as ninja builds it, keeping every definition each operation's schemas brought under each
    name (ninja keeps the last one a name was given)."""

    def __init__(self, *args) -> None:
        self.definitions: dict[str, list[dict]] = defaultdict(list)
        super().__init__(*args)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if definition not in self.definitions[name]:
                self.definitions[name].append(definition)
        super().add_schema_definitions(definitions)


def test_no_two_schemas_share_a_name(db):
    """Two models of one name (two apps' `Status`, two `UserOut`) would be one component: the operations of
    the first would be documented with the second's fields."""
    built = Recording(api, "/api/v1/")
    shared = {name: len(kinds) for name, kinds in built.definitions.items() if len(kinds) > 1}
    assert shared == {}
    served = built["components"]["schemas"]
    assert all(served[name] == kinds[0] for name, kinds in built.definitions.items())


def test_the_dispute_and_inspection_statuses_are_each_their_own(document):
    parameters = {
        path: {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        for path in ("/api/v1/disputes", "/api/v1/inspection")
    }
    disputes = resolved(document, parameters["/api/v1/disputes"]["status"]["schema"])["enum"]
    inspection = resolved(document, parameters["/api/v1/inspection"]["status"]["schema"])["enum"]
    assert "mediating" in disputes and "investigating" not in disputes
    assert "investigating" in inspection and "mediating" not in inspection


# Fields whose names are those of a model's fixed-choice field, but which hold free text or a number
NOT_CHOICES = {
    ("WorkItemOut", "kind"): "a task's kind is the module's own key (dispute.intake …), not a model choice",
    ("MessageOut", "kind"): "a message's kind is the event's key",
    ("MessageOut", "body"): "the message's text",
    ("LitigationOut", "outcome"): "the court's outcome, as the judgment says it",
    ("JudgmentIn", "outcome"): "the court's outcome, as the judgment says it",
    ("CaseOut", "result"): "the inspection's result, in words",
    ("CloseIn", "result"): "the inspection's result, in words",
    ("OutOfScopeOut", "status"): "either module's case status (the kernel's answer); each case's own schema "
    "carries its module's enum",
    (
        "CaseDocumentOut",
        "kind",
    ): "the key a module registers for each of its documents (disputes.agreement …)",
}


def test_every_field_with_a_fixed_set_of_values_documents_them(document):
    """A field named as a model's choices field (status, kind, role, size …) carries an enum, in every
    schema and query parameter; so a generated client has a type for it, and a client developer the list."""
    choice_names = {
        field.name
        for model in apps.get_models()
        if model.__module__.startswith("renshe.")
        for field in model._meta.fields
        if field.choices
    }
    plain = []
    for name, schema in document["components"]["schemas"].items():
        for prop, details in schema.get("properties", {}).items():
            documented = resolved(document, details).get("type") != "string" or "enum" in resolved(
                document, details
            )
            if prop in choice_names and (name, prop) not in NOT_CHOICES and not documented:
                plain.append(f"{name}.{prop}")
    for path, method, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] in choice_names and "enum" not in resolved(document, parameter["schema"]):
                plain.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert plain == [], plain
    assert document["components"]["schemas"]["DeadlineOut"]["properties"]["period"] == {
        "$ref": "#/components/schemas/Period"
    }


def test_the_calendar_periods_are_enumerated_and_an_unknown_one_is_refused(document, api):
    (period,) = (
        p
        for p in document["paths"]["/api/v1/calendar/deadline"]["get"]["parameters"]
        if p["name"] == "period"
    )
    keys = resolved(document, period["schema"])["enum"]
    assert {"mediation.period", "arbitration.limitation", "inspection.investigation"} <= set(keys)
    client = api("pt_admin", "en")
    for key in keys:
        answer = client.get("/api/v1/calendar/deadline", {"period": key, "start": "2026-11-02"})
        assert answer.status_code == 200 and answer.json()["period"] == key
    refused = client.get("/api/v1/calendar/deadline", {"period": "mediation", "start": "2026-11-02"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "period"


def test_every_operation_documents_its_error_answers(document):
    missing = []
    for path, method, operation in operations(document):
        answers = operation["responses"]
        expected = {"500"}
        if operation.get("security"):
            expected |= {"401", "403"}
        if "{" in path:
            expected.add("404")
        if method != "get":
            expected |= {"409", "422"}
        if operation.get("parameters") or operation.get("requestBody"):
            expected.add("422")
        missing += [f"{method.upper()} {path} {status}" for status in sorted(expected - set(answers))]
        errors = {s: a for s, a in answers.items() if s >= "400"}
        assert all(a["content"]["application/json"]["schema"] == ERROR_OUT for a in errors.values()), path
    assert missing == []


def test_the_error_answers_are_what_the_document_says(document, api, client):
    """Real error answers of each kind, checked against the documented ErrorOut."""
    components = document["components"]["schemas"]
    error_out = {**components["ErrorOut"], "components": {"schemas": components}}
    validator = jsonschema.Draft202012Validator(error_out)
    admin = api("pd_admin", "en")  # Pudong's: the world's enterprises
    enterprise = admin.get("/api/v1/enterprises").json()["items"][0]
    stale = {**enterprise, "version": enterprise["version"] - 1, "address": "另一个地址"}
    answers = {
        401: client.get("/api/v1/me"),
        403: api("zj_centre", "en").get("/api/v1/system/users"),
        404: admin.get("/api/v1/enterprises/999999"),
        409: admin.put(f"/api/v1/enterprises/{enterprise['id']}", stale, content_type="application/json"),
        422: admin.get("/api/v1/enterprises", {"page_size": 0}),
    }
    for status, answer in answers.items():
        assert answer.status_code == status, answer.content
        validator.validate(answer.json())
        assert answer.json()["detail"]


# --- documented limits, enforced --------------------------------------------------------------------


def test_page_size_is_refused_above_the_documented_limit_not_cut_down(document, api):
    """The documented largest page is the largest served; a larger one is a 422, not quietly 100 rows."""
    limits = {
        resolved(document, p["schema"])["maximum"]
        for _path, _method, operation in operations(document)
        for p in operation.get("parameters", [])
        if p["name"] == "page_size"
    }
    assert limits == {settings.NINJA_MAX_PER_PAGE_SIZE}
    client = api("pt_admin", "en")
    largest = client.get("/api/v1/people", {"page_size": settings.NINJA_MAX_PER_PAGE_SIZE})
    assert largest.status_code == 200 and largest.json()["count"] <= settings.NINJA_MAX_PER_PAGE_SIZE
    too_large = client.get("/api/v1/people", {"page_size": settings.NINJA_MAX_PER_PAGE_SIZE + 1})
    assert too_large.status_code == 422 and too_large.json()["errors"][0]["field"] == "page_size"


def _limits(document: dict, schema: dict):
    """(field, a value just past the documented limit, a value at it) for each limit of a body's fields."""
    for name, details in schema["properties"].items():
        details = resolved(document, details)
        if "maxLength" in details:
            yield name, "字" * (details["maxLength"] + 1), "字" * details["maxLength"]
        if "maximum" in details and details.get("type") == "integer":
            yield name, details["maximum"] + 1, details["maximum"]


def test_past_every_documented_limit_the_field_is_refused(document, api):
    """For every operation, each of its body's fields and query parameters one step past its documented
    maxLength, maximum or minimum: a 422 naming that field (not a 500, not accepted). The request is made by
    an administrator, whose credentials pass: the shape is checked before any permission or lookup."""
    client = api("pt_admin", "en")
    unrefused, checked = [], 0
    for path, method, operation in operations(document):
        url = re.sub(r"{\w+}", "1", path)
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        fields = resolved(document, body["schema"])["properties"] if body else {}
        query = {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}
        for where, limited in (("body", fields), ("query", query)):
            for field, details in limited.items():
                for past in _past(resolved(document, details)):
                    checked += 1
                    if where == "body":
                        answer = getattr(client, method)(url, {field: past}, content_type="application/json")
                    else:
                        answer = getattr(client, method)(url, {field: past})
                    named = {e["field"] for e in answer.json().get("errors", [])}
                    if answer.status_code != 422 or field not in named:
                        unrefused.append(
                            f"{method.upper()} {path} {field}={str(past)[:20]}: {answer.status_code}"
                        )
    assert unrefused == [] and checked > 100


def _past(details: dict):
    """Values one step past each limit a field's schema documents."""
    if "maxLength" in details:
        yield "字" * (details["maxLength"] + 1)
    if details.get("type") == "integer":
        if "maximum" in details:
            yield details["maximum"] + 1
        if "minimum" in details:
            yield details["minimum"] - 1


@pytest.mark.parametrize(
    ("path", "schema", "body"),
    [
        (
            "/api/v1/enterprises",
            "EnterpriseIn",
            {
                "credit_code": "91310115MA1K4XYZ5B",
                "name": "某某科技有限公司",
                "industry": "65",
                "street_id": 1,
                "size": "small",
                "legal_representative": "张三",
            },
        ),
        ("/api/v1/people", "PersonIn", {"name": "王小明", "id_number": "110101199003077777"}),
    ],
)
def test_the_documented_limits_of_a_body_are_the_enforced_ones(document, api, path, schema, body):
    """Past each documented maxLength or maximum the field is refused (422 naming it); at the limit it is
    not refused for its length (whatever else the service says of the value)."""
    client = api("pt_admin", "en")
    limits = list(_limits(document, document["components"]["schemas"][schema]))
    assert limits
    for field, past, at in limits:
        refused = client.post(path, {**body, field: past}, content_type="application/json")
        assert refused.status_code == 422, (field, refused.content)
        assert field in {e["field"] for e in refused.json().get("errors", [])} | {refused.json().get("field")}
        answer = client.post(path, {**body, field: at}, content_type="application/json")
        named = {e["field"] for e in answer.json().get("errors", [])}
        assert field not in named, (field, answer.content)
