"""The public service API (/api/v1/public/) for the one-stop apps: no login and no header; the portal's checks,
budgets and minimal answers — an application lands as the page's does, a receipt is a number and a code, tracking
tells nothing personal, a wrong code looks like an unknown number, evidence lands on one's own case."""

import random
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renshe.core.errors import ValidationFailed
from renshe.core.models import Enterprise, Event, Person
from renshe.core.subjects import subject_of
from renshe.core.synthetic import citizen_id
from renshe.disputes import services
from renshe.disputes.models import DisputeCase
from renshe.disputes.workflow import Status
from renshe.inspection.models import InspectionCase, Report
from renshe.portal import throttle

from .conftest import NANQIAO, ZHANGJIANG, month_ago, receipt_of

API = "/api/v1/public"
PDF = b"%PDF-1.4 pay slip"
EXE = b"MZ\x90\x00\x03\x00\x00\x00 a program"

# a complaint's months are counted back from today
pytestmark = pytest.mark.clock


@pytest.fixture
def app():
    """A one-stop app's client: no session, no token, no CSRF cookie."""
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans", enforce_csrf_checks=True)


@pytest.fixture
def english():
    return Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)


@pytest.fixture
def application(world):
    """application(**overrides) -> a complete, valid JSON application against a registered firm."""
    rng = random.Random(7)
    firm = world.orgs[ZHANGJIANG].enterprises.order_by("pk").first()

    def _application(**overrides) -> dict:
        return {
            "centre": world.orgs["zj_centre"].pk,
            "name": "王小明",
            "id_number": citizen_id(rng),
            "phone": "13812345678",
            "credit_code": firm.credit_code,
            "employer_name": firm.name,
            "street": world.orgs[ZHANGJIANG].pk,
            "claims": [
                {"claim_type": "unpaid_wages", "amount": "18000"},
                {"claim_type": "overtime", "amount": 3200.50},
            ],
            "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
            "consent": True,
            **overrides,
        }

    return _application


def post(client, path: str, body: dict, **headers):
    return client.post(f"{API}{path}", body, content_type="application/json", **headers)


def applied(client, body: dict) -> tuple[str, str]:
    response = post(client, "/applications", body)
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert set(receipt) == {"number", "code"}  # nothing else
    return receipt["number"], receipt["code"]


def upload(client, number: str, code: str, content: bytes = PDF, name: str = "工资条.pdf", **headers):
    return client.post(
        f"{API}/evidence",
        {"number": number, "code": code, "file": SimpleUploadedFile(name, content)},
        **headers,
    )


# --- applying ------------------------------------------------------------------------------------------


def test_an_application_lands_as_the_pages_does_and_answers_number_and_code_only(world, app, application):
    body = application()
    number, code = applied(app, body)
    case = DisputeCase.objects.get(number=number)
    assert services.find_by_query_code(number, code) == case
    assert case.channel == "portal" and case.created_by is None and case.status == Status.APPLIED
    assert case.organisation == world.orgs["zj_centre"] and case.case_type == "remuneration"
    assert case.claimed_total == Decimal("21200.50")
    assert sorted(case.claims.values_list("claim_type", "amount")) == [
        ("overtime", Decimal("3200.50")),
        ("unpaid_wages", Decimal("18000.00")),
    ]
    person = Person.objects.with_id_number(body["id_number"]).get()
    assert (person.name, person.phone) == ("王小明", "13812345678")
    assert list(case.applicants.values_list("person", flat=True)) == [person.pk]
    assert Event.objects.filter(**subject_of(case), verb="dispute.applied", actor__isnull=True).exists()

    # the same application through the page gives the same case, but for its number
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    form = {
        **{k: v for k, v in body.items() if k not in ("claims", "consent")},
        "id_number": citizen_id(random.Random(99)),
        "consent": "on",
        "claims-TOTAL_FORMS": "2",
        "claims-INITIAL_FORMS": "0",
        "claims-0-claim_type": "unpaid_wages",
        "claims-0-amount": "18000",
        "claims-1-claim_type": "overtime",
        "claims-1-amount": "3200.50",
    }
    assert page.post("/portal/apply/", form).status_code == 302
    other = DisputeCase.objects.get(number=receipt_of(page.get("/portal/apply/done/").content.decode())[0])
    fields = ("channel", "organisation", "respondent", "case_type", "claimed_total", "status", "facts")
    assert [getattr(other, f) for f in fields] == [getattr(case, f) for f in fields]


def test_bad_input_is_422_on_the_fields_the_app_shows_in_english_and_writes_nothing(
    world, english, application
):
    cases, people = DisputeCase.objects.count(), Person.objects.count()
    body = application(
        id_number="110101199003078888",  # a wrong check digit
        phone="12345",
        consent=False,
        claims=[
            {"claim_type": "unpaid_wages", "amount": "18,000.555"},
            {"claim_type": "unpaid_wages", "amount": 1},
        ],
    )
    response = post(english, "/applications", body)
    assert response.status_code == 422
    answer = response.json()
    errors = {e["field"]: e["message"] for e in answer["errors"]}
    assert set(errors) == {"id_number", "phone", "consent", "claims.0.amount"}
    assert answer["detail"].startswith("Invalid request data")
    assert errors["claims.0.amount"] == "The amount can have at most two decimal places"
    assert all(m.isascii() for m in errors.values()), errors
    assert DisputeCase.objects.count() == cases and Person.objects.count() == people

    # a duplicate claim type: the rows' own error, named after the list
    repeated = [{"claim_type": "unpaid_wages", "amount": "1"}, {"claim_type": "unpaid_wages", "amount": "2"}]
    response = post(english, "/applications", application(claims=repeated))
    assert response.status_code == 422 and response.json()["field"] == "claims"
    # the types are the JSON's: a missing field or a text for a number is the house's 422 too
    response = post(english, "/applications", {**application(), "street": "Zhangjiang"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "street"
    response = post(english, "/applications", application(centre=10**30))  # no id the database can hold
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "centre"
    response = post(english, "/applications", application(claims=[]))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "claims"
    assert DisputeCase.objects.count() == cases


def test_a_services_refusal_lands_on_the_apps_field(world, english, application, monkeypatch):
    def refuse(**kwargs):
        raise ValidationFailed("The employer is not in this district", field="respondent_street")

    monkeypatch.setattr(services, "apply_for_mediation", refuse)
    response = post(english, "/applications", application())
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "street", "message": "The employer is not in this district"}
    ]


# --- reporting -----------------------------------------------------------------------------------------


@pytest.fixture
def report(world):
    rng = random.Random(13)

    def _report(mode: str = "complaint", **overrides) -> dict:
        firm = Enterprise.objects.get(name="上海某道具制造有限公司")
        body = {
            "mode": mode,
            "employer_name": firm.name,
            "credit_code": firm.credit_code,
            "street": world.orgs[NANQIAO].pk,
            "content": "公司拖欠我们三个月工资，老板说账户被冻结了。",
        }
        if mode != "anonymous":
            body |= {
                "name": "李建华",
                "id_number": citizen_id(rng),
                "phone": "139 1234 5678",
                "consent": True,
            }
        if mode == "complaint":
            body["months"] = [
                {"month": month_ago(3), "amount": "5,200"},
                {"month": month_ago(2), "amount": 5200.5},
            ]
        return body | overrides

    return _report


def test_a_complaint_and_an_anonymous_report_answer_a_receipt_without_a_person(world, app, report):
    body = report()
    response = post(app, "/reports", body)
    assert response.status_code == 201, response.content
    receipt = response.json()
    case = InspectionCase.objects.get(number=receipt["number"])
    assert case.organisation == world.orgs["fx_brigade"] and str(case.owed_total) == "10400.50"
    assert Report.objects.get().reporter == Person.objects.with_id_number(body["id_number"]).get()
    assert set(receipt) == {"number", "code", "brigade", "employer", "received_on", "decide_by"}
    for secret in ("李建华", body["id_number"], "13912345678"):
        assert secret not in response.content.decode()

    anonymous = post(app, "/reports", report("anonymous"))
    assert anonymous.status_code == 201 and anonymous.json()["number"] == case.number  # joins the open case
    assert Report.objects.filter(anonymous=True, reporter=None).count() == 1


def test_a_complaint_without_months_is_422_on_months(world, english, report):
    response = post(english, "/reports", report(months=[]))
    assert response.status_code == 422 and response.json()["field"] == "months"
    response = post(english, "/reports", report(months=[{"month": "2099-01", "amount": "1"}]))
    assert response.status_code == 422 and response.json()["field"] == "months.0.month"
    assert Report.objects.count() == 0


# --- tracking ------------------------------------------------------------------------------------------


def test_tracking_tells_the_portals_progress_and_nothing_personal(world, app, application):
    body = application()
    number, code = applied(app, body)
    typed = number.replace("〔", "(").replace("〕", ")").removesuffix("号")  # as a phone types it
    response = post(app, "/track", {"number": typed, "code": code})
    assert response.status_code == 200
    progress = response.json()
    assert progress["number"] == number and progress["kind"] == "dispute"
    assert progress["headline"] == "已收到申请，等待调解中心审查"
    assert [s["state"] for s in progress["steps"]] == ["done", "current", "todo", "todo"]
    assert progress["organisation"] == "张江镇劳动争议调解中心" and progress["evidence_count"] == 0
    text = response.content.decode()
    for secret in ("王小明", body["id_number"], body["id_number"][-4:], "13812345678", "18000", "拖欠"):
        assert secret not in text


def test_a_wrong_code_is_the_same_404_as_an_unknown_number_and_locks_the_case_at_its_limit(
    world, english, application
):
    number, code = applied(english, application())
    wrong = "0" * 8 if code != "0" * 8 else "1" * 8
    unknown = post(english, "/track", {"number": "张江调〔2026〕9999号", "code": code})
    refused = post(english, "/track", {"number": number, "code": wrong})
    assert unknown.status_code == refused.status_code == 404
    assert unknown.json() == refused.json() and refused.json()["detail"].startswith("No matching case")
    for n in range(throttle.TRACK_CASE_LIMIT - 1):  # each from an address of its own: the case's budget
        answer = post(Client(REMOTE_ADDR=f"10.9.0.{n + 1}"), "/track", {"number": number, "code": wrong})
        expected = 404 if n < throttle.TRACK_CASE_LIMIT - 2 else 403
        assert answer.status_code == expected, (n, answer.content)
    locked = post(english, "/track", {"number": number, "code": code})  # now even the right code
    assert locked.status_code == 403 and "paused" in locked.json()["detail"]
    # a malformed code is a 422 on its field
    response = post(english, "/track", {"number": number, "code": "12ab"})
    assert response.status_code == 422 and response.json()["field"] == "code"


def test_an_arrears_reports_case_is_tracked_too(world, app, report):
    receipt = post(app, "/reports", report("anonymous")).json()
    progress = post(app, "/track", {"number": receipt["number"], "code": receipt["code"]}).json()
    assert progress["kind"] == "report" and progress["evidence_count"] is None
    assert progress["headline"] == "已收到，等待监察机构审查"


# --- evidence ------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_evidence_lands_on_ones_own_case_and_its_timeline(
    world, app, application, media, django_capture_on_commit_callbacks
):
    number, code = applied(app, application())
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(app, number, code)
    assert response.status_code == 201
    assert response.json() == {"number": number, "evidence_count": 1}
    case = DisputeCase.objects.get(number=number)
    evidence = case.evidence.get()
    assert (evidence.name, evidence.content_type, evidence.size, evidence.uploaded_by) == (
        "工资条.pdf",
        "application/pdf",
        len(PDF),
        None,
    )
    assert [p.name for p in media.rglob("*") if p.is_file()] != []
    event = Event.objects.get(**subject_of(case), verb="dispute.evidence")
    assert event.actor is None and event.changes["sha256"] == evidence.sha256
    assert post(app, "/track", {"number": number, "code": code}).json()["evidence_count"] == 1


def test_evidence_too_big_of_another_type_or_with_a_wrong_code_is_refused_writing_nothing(
    world, english, application, media
):
    number, code = applied(english, application())
    too_big = upload(english, number, code, PDF + b"\0" * services.EVIDENCE_MAX_BYTES)
    assert too_big.status_code == 422 and too_big.json()["field"] == "file"
    assert "10 MB" in too_big.json()["errors"][0]["message"]
    disguised = upload(english, number, code, EXE, "合同.pdf")
    assert disguised.status_code == 422 and disguised.json()["errors"][0]["field"] == "file"
    assert disguised.json()["errors"][0]["message"].startswith("Only PDF")
    wrong = upload(english, number, "0" * 8 if code != "0" * 8 else "1" * 8)
    assert wrong.status_code == 404
    assert upload(english, "张江调〔2026〕9999号", code).json() == wrong.json()
    missing = english.post(f"{API}/evidence", {"number": number, "code": code})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "file"
    assert DisputeCase.objects.get(number=number).evidence.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_evidence_is_refused_on_a_closed_case_and_on_a_reports_case(world, english, application, report):
    number, code = applied(english, application())
    DisputeCase.objects.filter(number=number).update(status=Status.WITHDRAWN)
    closed = upload(english, number, code)
    assert closed.status_code == 422 and closed.json()["field"] == ""
    receipt = post(english, "/reports", report("anonymous")).json()
    on_report = upload(english, receipt["number"], receipt["code"])
    assert on_report.status_code == 422 and on_report.json()["field"] == "number"


def test_an_applicant_adds_at_most_the_cap_and_the_case_moves_to_a_new_version(
    world, english, application, media, monkeypatch
):
    monkeypatch.setattr("renshe.disputes.services.intake.APPLICANT_EVIDENCE_MAX_FILES", 1)
    number, code = applied(english, application())
    version = DisputeCase.objects.get(number=number).version
    assert upload(english, number, code).status_code == 201
    assert DisputeCase.objects.get(number=number).version == version + 1  # an open case page hears of it
    refused = upload(english, number, code)
    assert refused.status_code == 422 and refused.json()["field"] == "file"
    assert "already holds 1 files" in refused.json()["errors"][0]["message"]
    assert DisputeCase.objects.get(number=number).evidence.count() == 1


# --- budgets -------------------------------------------------------------------------------------------


def test_applications_beyond_the_budget_are_429_with_retry_after_in_english(
    world, english, application, monkeypatch
):
    monkeypatch.setitem(throttle.LIMITS, "apply", 2)
    assert post(english, "/applications", application(consent=False)).status_code == 422  # not counted
    for _ in range(2):
        applied(english, application())
    refused = post(english, "/applications", application())
    assert refused.status_code == 429 and refused["Retry-After"] == str(throttle.WINDOW_SECONDS)
    assert (
        refused.json()["detail"].startswith("To prevent abuse") and "in an hour" in refused.json()["detail"]
    )
    assert DisputeCase.objects.count() == 2
    # the budget is the address's, and the portal's page spends the same one
    assert post(Client(REMOTE_ADDR="10.1.2.3"), "/applications", application()).status_code == 201
    assert Client(HTTP_ACCEPT_LANGUAGE="en").get("/portal/apply/").status_code == 429


def test_tracking_and_evidence_beyond_their_budgets_are_429(world, app, application, monkeypatch):
    number, code = applied(app, application())
    monkeypatch.setitem(throttle.LIMITS, "track", 3)
    monkeypatch.setitem(throttle.LIMITS, "evidence", 2)
    guess = {"number": "张江调〔2026〕9999号", "code": "12345678"}
    for _ in range(2):
        assert post(app, "/track", guess).status_code == 404
    assert post(app, "/track", {"number": "?", "code": "x"}).status_code == 422  # counted, as on the page
    refused = post(app, "/track", {"number": number, "code": code})
    assert refused.status_code == 429 and refused["Retry-After"] == str(throttle.WINDOW_SECONDS)
    for _ in range(2):
        assert upload(app, "张江调〔2026〕9999号", code).status_code == 404
    assert upload(app, number, code).status_code == 429


def test_the_public_section_of_the_openapi_document(world, app):
    document = app.get("/api/v1/openapi.json").json()
    tag = next(t for t in document["tags"] if t["name"] == "public")
    assert "no login" in tag["description"]
    public = {path: ops for path, ops in document["paths"].items() if path.startswith(API)}
    assert set(public) == {f"{API}/{p}" for p in ("options", "applications", "reports", "track", "evidence")}
    for path, ops in public.items():
        for op in ops.values():
            assert op["tags"] == ["public"] and "security" not in op, path
            if path != f"{API}/options":
                assert {"404", "422", "429"} <= set(op["responses"]), path
    # its schemas are its own: a client generator meets no other module's ClaimIn under the same name
    schemas = document["components"]["schemas"]
    body = public[f"{API}/applications"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/PublicApplicationIn")
    assert set(schemas["PublicClaimIn"]["properties"]) == {"claim_type", "amount"}


def test_the_options_offer_what_the_forms_offer(world, app):
    options = app.get(f"{API}/options").json()
    assert {c["id"] for c in options["centres"]} >= {world.orgs["zj_centre"].pk}
    assert world.orgs[ZHANGJIANG].pk in {s["id"] for s in options["streets"]}
    assert world.orgs[NANQIAO].pk in {s["id"] for s in options["report_streets"]}
    assert "unpaid_wages" in {c["code"] for c in options["claim_types"]}
