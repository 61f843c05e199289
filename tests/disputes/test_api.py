"""The disputes API: scope, authentication, validation, state and version conflicts, the OpenAPI document,
and the transitions the end-to-end test does not walk through."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.models import Enterprise, Event, Person, WorkItem
from renshe.core.synthetic import citizen_id
from renshe.disputes import services
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ClaimInput, ItemInput
from tests import builders, clock

BASE = "/api/v1/disputes"


def post(client, url: str, /, **body):
    return client.post(f"{BASE}{url}", body, content_type="application/json")


def fields(body: dict) -> set[str]:
    """The fields an error answer names, whether a service or pydantic refused the input."""
    return ({body.get("field")} | {e["field"] for e in body.get("errors", [])}) - {None}


def written() -> tuple[int, ...]:
    return (
        DisputeCase.objects.count(),
        Event.objects.count(),
        Enterprise.objects.count(),
        Person.objects.count(),
        WorkItem.objects.count(),
    )


@pytest.fixture
def application(zhangjiang_firm):
    rng = random.Random(3)
    return {
        "applicants": [{"id_number": citizen_id(rng), "name": "王小明"}],
        "respondent": {"enterprise_id": zhangjiang_firm.pk},
        "claims": [{"claim_type": "unpaid_wages", "amount": "18000.00"}],
        "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
        "case_type": "remuneration",
    }


# --- scope and authentication ----------------------------------------------------------------------


def test_another_districts_mediator_neither_sees_nor_touches_a_zhangjiang_case(world, api, apply):
    case, _ = apply()
    caoyang, centre = api("pt_caoyang"), api("zj_centre")
    assert case.pk in [row["id"] for row in centre.get(BASE).json()["items"]]
    assert case.pk not in [row["id"] for row in caoyang.get(BASE).json()["items"]]
    assert caoyang.get(f"{BASE}?q={case.number}").json()["count"] == 0
    for path in (f"/{case.pk}", f"/{case.pk}/events"):
        assert caoyang.get(f"{BASE}{path}").status_code == 404
    missing = caoyang.get(f"{BASE}/999999")
    assert missing.status_code == 404 and caoyang.get(f"{BASE}/{case.pk}").json() == missing.json()
    assert post(caoyang, f"/{case.pk}/accept", version=case.version).status_code == 404
    assert DisputeCase.objects.get(pk=case.pk).status == "applied"


def test_without_credentials_the_answer_is_401(client, world, apply, application):
    case, _ = apply()
    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}/{case.pk}").status_code == 401
    before = written()
    assert client.post(BASE, application, content_type="application/json").status_code == 401
    assert post(client, f"/{case.pk}/accept", version=case.version).status_code == 401
    bad = client.get(BASE, HTTP_AUTHORIZATION="Bearer rs_not-a-token")
    assert bad.status_code == 401 and "登录" in bad.json()["detail"]
    assert written() == before


def test_the_mediators_queue_holds_only_their_own_open_cases(world, api, apply):
    mine = builders.mediating(world, apply(days_ago=3)[0])
    other, _ = apply()  # applied, nobody's yet
    rows = api("zj_centre").get(f"{BASE}/queue").json()["items"]
    assert [r["id"] for r in rows] == [mine.pk] and other.pk not in [r["id"] for r in rows]
    assert api("zj_studio").get(f"{BASE}/queue").json()["count"] == 0


# --- the list ------------------------------------------------------------------------------------


def test_list_filters_and_pages(world, api, apply):
    today = timezone.localdate()
    old, _ = apply(days_ago=40)
    old = services.accept_dispute(
        old, by=world.users["zj_centre"], version=version_of(old)
    )  # mediation period long past
    recent, _ = apply(days_ago=1)
    centre = api("zj_centre")

    def ids(query: str) -> list[int]:
        body = centre.get(f"{BASE}?{query}").json()
        return [row["id"] for row in body["items"]]

    assert ids("") == [recent.pk, old.pk]
    assert ids("status=accepted") == [old.pk]
    assert ids("overdue=true") == [old.pk]
    assert ids(f"received_from={(today - timedelta(days=5)).isoformat()}") == [recent.pk]
    assert ids(f"received_to={(today - timedelta(days=5)).isoformat()}") == [old.pk]
    assert ids(f"q={recent.number}") == [recent.pk]
    assert ids(f"organisation={world.orgs['zj_studio'].pk}") == []
    row = centre.get(f"{BASE}?status=accepted").json()["items"][0]
    assert row["status_label"] == "已受理待分派" and row["claimed_total"] == "21200.50"
    page = centre.get(f"{BASE}?page_size=1&page=2").json()
    assert page["count"] == 2 and [r["id"] for r in page["items"]] == [old.pk]
    bad = centre.get(f"{BASE}?status=nonsense&received_from=yesterday")
    assert bad.status_code == 422 and fields(bad.json()) == {"status", "received_from"}


def test_list_and_detail_queries_do_not_grow_with_the_data(world, api, apply):
    centre = api("zj_centre")
    centre.get("/api/v1/me")  # a token's first use records its address (core.tokens): not the list's cost
    small = builders.mediating(world, apply(days_ago=3)[0])

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert centre.get(path).status_code == 200
        return len(ctx)

    one_row, small_detail = queries(BASE), queries(f"{BASE}/{small.pk}")
    big = builders.mediating(world, apply(days_ago=5)[0])
    services.record_session(
        big,
        by=world.users["zj_centre"],
        held_at=timezone.now() - timedelta(hours=1),
        place="中心",
        attendees="双方",
        minutes="笔录",
        version=version_of(big),
    )
    for _ in range(3):
        apply(workers=3)
    assert queries(BASE) == one_row
    assert queries(f"{BASE}/{big.pk}") == small_detail


# --- validation ----------------------------------------------------------------------------------


def _future():
    return (timezone.localdate() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"claims": [{"claim_type": "unpaid_wages", "amount": "-5"}]}, "claims.0.amount"),
        ({"claims": [{"claim_type": "unpaid_wages", "amount": 99999999999}]}, "claims.0.amount"),
        ({"claims": [{"claim_type": "unpaid_wages", "amount": "12.345"}]}, "claims.0.amount"),
        ({"claims": [{"claim_type": "unpaid_wages", "amount": "a lot"}]}, "claims.0.amount"),
        ({"claims": [{"claim_type": "nope", "amount": "100"}]}, "claims"),
        ({"claims": []}, "claims"),
        ({"received_on": "future"}, "received_on"),
        ({"received_on": "2026-13-01"}, "received_on"),
        ({"facts": "太短"}, "facts"),
        ({"facts": "长" * 5001}, "facts"),
        ({"applicants": [{"id_number": "310101199001011235", "name": "王小明"}]}, "applicants"),
        ({"applicants": None}, "applicants"),
        ({"respondent": None}, "respondent"),
        ({"case_type": None}, "case_type"),
        (
            {
                "respondent": {
                    "credit_code": "913101150000000000",
                    "name": "某某公司",
                    "street_id": "zhangjiang",
                }
            },
            "credit_code",
        ),
    ],
)
def test_bad_applications_are_422_naming_the_field_and_write_nothing(world, api, application, change, field):
    body = dict(application)
    for key, value in change.items():
        if value is None:
            body.pop(key)  # a missing field
        elif value == "future":
            body[key] = _future()
        elif key == "respondent" and value.get("street_id") == "zhangjiang":
            body[key] = {**value, "street_id": world.orgs["street:310115125"].pk}
        else:
            body[key] = value
    before = written()
    answer = api("zj_centre").post(BASE, body, content_type="application/json")
    assert answer.status_code == 422, answer.content
    assert field in fields(answer.json()), answer.json()
    assert answer.json()["detail"]
    assert written() == before


def test_a_valid_new_respondent_is_named_by_credit_code(world, api, application):
    code = "91310115MA1K3YJ12G"  # a valid unified social credit code
    application["respondent"] = {
        "credit_code": code,
        "name": "上海某科技有限公司",
        "street_id": world.orgs["street:310115125"].pk,
    }
    answer = api("zj_centre").post(BASE, application, content_type="application/json")
    assert answer.status_code == 201, answer.content
    case = DisputeCase.objects.get(pk=answer.json()["id"])
    assert case.respondent.credit_code == code and case.channel == "api"


def test_absurd_transition_input_is_422(world, api, apply):
    case = builders.mediating(world, apply(days_ago=3)[0])
    studio = api("zj_centre")
    today = timezone.localdate()
    extend = post(studio, f"/{case.pk}/extend", days=1000, note="x", version=case.version)
    assert extend.status_code == 422 and fields(extend.json()) == {"days"}
    settle = post(
        studio,
        f"/{case.pk}/settle",
        signed_on=today.isoformat(),
        terms="条款",
        items=[{"claim_type": "unpaid_wages", "description": "工资", "amount": "-1", "due_on": "soon"}],
        version=case.version,
    )
    assert settle.status_code == 422 and fields(settle.json()) == {"items.0.amount", "items.0.due_on"}
    assert post(studio, f"/{case.pk}/accept").status_code == 422  # the version is required
    future = post(studio, f"/{case.pk}/suspend", reason="住院", on=_future(), version=case.version)
    assert future.status_code == 422 and future.json()["field"] == "on"
    assert DisputeCase.objects.get(pk=case.pk).version == case.version


# --- state and version ------------------------------------------------------------------------------


def test_a_transition_not_allowed_from_the_current_state_is_422_naming_the_state(world, api, apply):
    case, _ = apply()
    before = written()
    answer = post(
        api("zj_centre"),
        f"/{case.pk}/settle",
        signed_on=timezone.localdate().isoformat(),
        terms="公司支付工资。",
        items=[
            {
                "claim_type": "unpaid_wages",
                "description": "工资",
                "amount": "100",
                "due_on": timezone.localdate().isoformat(),
            }
        ],
        version=case.version,
    )
    assert answer.status_code == 422
    assert "已申请" in answer.json()["detail"] and answer.json()["field"] == "status"
    assert written() == before


def test_a_stale_version_is_409_and_changes_nothing(world, api, apply):
    case, _ = apply()
    seen = case.version
    assert post(api("zj_centre"), f"/{case.pk}/accept", version=seen).status_code == 200
    before = written()
    stale = post(api("zj_lead"), f"/{case.pk}/decline", reason="重复申请", version=seen)
    assert stale.status_code == 409 and "修改" in stale.json()["detail"]
    now = DisputeCase.objects.get(pk=case.pk)
    assert (now.status, now.version, now.reason) == ("accepted", seen + 1, "")
    assert written() == before


def test_a_stale_version_is_refused_by_services_that_take_none_too(world, api, apply):
    """Sessions, payments and hearings have no `version` in their service; the API still checks it."""
    case = builders.mediating(world, apply(days_ago=3)[0])
    centre = api("zj_centre")
    body = {
        "held_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "place": "中心",
        "attendees": "双方",
        "minutes": "笔录",
    }
    assert post(centre, f"/{case.pk}/sessions", **body, version=case.version).status_code == 200
    assert post(centre, f"/{case.pk}/sessions", **body, version=case.version).status_code == 409
    assert DisputeCase.objects.get(pk=case.pk).sessions.count() == 1


def test_errors_answer_in_english_when_asked(world, api, apply, application):
    case, _ = apply()
    en = api("zj_centre", "en")
    post(en, f"/{case.pk}/accept", version=case.version)
    stale = post(en, f"/{case.pk}/accept", version=case.version)
    assert stale.status_code == 409 and stale.json()["detail"].startswith("Someone else has changed")
    missing = api("pt_caoyang", "en").get(f"{BASE}/{case.pk}")
    assert missing.status_code == 404 and "data scope" in missing.json()["detail"]
    application["claims"][0]["amount"] = "-1"
    invalid = en.post(BASE, application, content_type="application/json")
    assert invalid.status_code == 422 and invalid.json()["detail"].startswith("Invalid request data")
    assert invalid.json()["errors"] == [{"field": "claims.0.amount", "message": "Value is too small"}]


# --- the transitions the end-to-end tests do not take ------------------------------------------------


def test_decline_and_withdraw(world, api, apply):
    centre = api("zj_centre")
    first, _ = apply()
    declined = post(centre, f"/{first.pk}/decline", reason="不属于劳动争议", version=first.version).json()
    assert declined["status"] == "declined" and declined["reason"] == "不属于劳动争议"
    second, _ = apply()
    withdrawn = post(centre, f"/{second.pk}/withdraw", reason="已与公司和解", version=second.version).json()
    assert withdrawn["status"] == "withdrawn" and withdrawn["closed_on"] == timezone.localdate().isoformat()
    again = post(centre, f"/{second.pk}/withdraw", version=withdrawn["version"])
    assert again.status_code == 422 and "已撤回" in again.json()["detail"]


def _settled(world, apply, *, days_ago: int, due_days: int) -> DisputeCase:
    signed = timezone.localdate() - timedelta(days=days_ago)
    agreement = builders.settled(
        world,
        apply(days_ago=days_ago)[0],
        signed_on=signed,
        items=[ItemInput("unpaid_wages", "支付工资", Decimal("5000"), signed + timedelta(days=due_days))],
    )
    return DisputeCase.objects.get(pk=agreement.case_id)


def test_an_unpaid_item_past_due_is_a_default_and_opens_arbitration(world, api, apply):
    case = _settled(world, apply, days_ago=10, due_days=5)
    answer = post(api("zj_centre"), f"/{case.pk}/default", version=case.version).json()
    assert answer["status"] == "failed" and answer["agreement"]["items"][0]["outstanding"] == "5000.00"


def test_applications_about_an_agreement_and_their_results(world, api, apply):
    """A joint arbitral review (办案规则 第七十四条) and its 调解书; a payment order (第十六条) only after the default."""
    today = timezone.localdate().isoformat()
    centre = api("zj_centre")
    review = _settled(world, apply, days_ago=2, due_days=10)
    answer = post(
        centre,
        f"/{review.pk}/arbitral-review",
        applied_on=today,
        commission="上海市浦东新区劳动人事争议仲裁委员会",
        joint=True,
        version=review.version,
    ).json()
    assert answer["status"] == "settled" and answer["agreement"]["enforceable"] is False
    (follow_up,) = answer["agreement"]["follow_ups"]
    assert (follow_up["kind"], follow_up["joint"], follow_up["result"]) == ("arbitral_review", True, "")
    answer = post(
        centre,
        f"/{review.pk}/follow-ups/{follow_up['id']}/result",
        granted=True,
        decided_on=today,
        version=answer["version"],
    ).json()
    assert answer["agreement"]["follow_ups"][0]["result"] == "statement"
    assert answer["agreement"]["enforceable"] is True

    order = _settled(world, apply, days_ago=10, due_days=5)
    early = post(
        centre,
        f"/{order.pk}/payment-order",
        applied_on=today,
        court="浦东新区人民法院",
        version=order.version,
    )
    assert early.status_code == 422 and early.json()["field"] == "status"  # settled: the default comes first
    answer = post(centre, f"/{order.pk}/default", version=order.version).json()
    assert answer["agreement"]["defaulted_on"] == today
    answer = post(
        centre,
        f"/{order.pk}/payment-order",
        applied_on=today,
        court="浦东新区人民法院",
        version=answer["version"],
    ).json()
    assert answer["status"] == "failed"
    assert answer["agreement"]["follow_ups"][0]["kind"] == "payment_order"
    bad = post(
        centre,
        f"/{order.pk}/judicial-confirmation",
        applied_on=today,
        court="浦东新区人民法院",
        joint="maybe",
        version=answer["version"],
    )
    assert bad.status_code == 422 and fields(bad.json()) == {"joint"}


def test_a_payment_on_another_cases_item_is_404(world, api, apply):
    one = _settled(world, apply, days_ago=2, due_days=10)
    other = _settled(world, apply, days_ago=2, due_days=10)
    item = other.agreement.items.get()
    answer = post(
        api("zj_centre"),
        f"/{one.pk}/items/{item.pk}/payments",
        amount="100",
        paid_on=timezone.localdate().isoformat(),
        version=one.version,
    )
    assert answer.status_code == 404 and not item.payments.exists()


def test_an_award_closes_only_once_served_on_every_party_and_their_windows_run(world, api, apply):
    """劳动争议调解仲裁法 第四十八条至第五十条 over the API: service recorded per party, the windows shown from each
    receipt, the close refused until the last of them has run."""
    u, today = world.users, timezone.localdate()
    case = builders.mediating(world, apply(days_ago=30)[0])  # past the 15 days: straight to arbitration
    services.refer_to_arbitration(
        case,
        by=u["zj_centre"],
        commission=world.orgs["zj_tribunal"],
        applied_on=today,
        version=version_of(case),
    )
    services.accept_arbitration(case, by=u["zj_arbitrator"], accepted_on=today, version=version_of(case))
    services.make_award(
        case,
        by=u["zj_arbitrator"],
        awarded_on=today,
        summary="支付工资。",
        items=[ClaimInput("unpaid_wages", Decimal("99000")), ClaimInput("overtime", Decimal("200"))],
        version=version_of(case),
    )
    case.refresh_from_db()
    arbitrator = api("zj_arbitrator")
    detail = arbitrator.get(f"{BASE}/{case.pk}").json()
    assert detail["arbitration"]["final"] is False  # one item above 12 months' minimum wage: mixed award
    assert [i["final"] for i in detail["arbitration"]["award_items"]] == [False, True]
    refused = post(arbitrator, f"/{case.pk}/close", version=case.version)
    assert refused.status_code == 422 and "裁决书尚未送达" in refused.json()["detail"]
    worker = case.applicants.get()
    for party in (str(worker.pk), "employer"):
        served = post(
            arbitrator,
            f"/{case.pk}/arbitration/service",
            version=version_of(case),
            party=party,
            method="post",
            received_on=today.isoformat(),
        )
        assert served.status_code == 200, served.json()
    windows = served.json()["arbitration"]["windows"]
    assert {(w["party"], w["remedy"], w["citation"].split("》")[1]) for w in windows} == {
        ("worker", "suit", "第四十八条"),
        ("worker", "suit", "第五十条"),
        ("employer", "suit", "第五十条"),
        ("employer", "revocation", "第四十九条"),
    }
    assert {w["starts_on"] for w in windows} == {today.isoformat()}
    last = max(w["due_on"] for w in windows)
    refused = post(arbitrator, f"/{case.pk}/close", version=version_of(case))
    assert refused.status_code == 422 and f"至{last}" in refused.json()["detail"]
    with time_machine.travel(clock.moment(date.fromisoformat(last) + timedelta(days=1)), tick=True):
        closed = post(arbitrator, f"/{case.pk}/close", version=version_of(case)).json()
    assert closed["status"] == "closed" and closed["closed_on"] > last


# --- the document ----------------------------------------------------------------------------------


def test_openapi_document_lists_every_disputes_endpoint(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    reads = {"": "get", "/queue": "get", "/{pk}": "get", "/{pk}/events": "get"}
    transitions = [
        "accept",
        "decline",
        "refer",
        "revoke-referral",
        "take-up",
        "sessions",
        "extend",
        "suspend",
        "resume",
        "settle",
        "items/{item_id}/payments",
        "payment-order",
        "arbitral-review",
        "judicial-confirmation",
        "follow-ups/{follow_up_id}/result",
        "fail",
        "default",
        "withdraw",
        "arbitration",
        "arbitration/accept",
        "arbitration/hearings",
        "arbitration/extend",
        "arbitration/award",
        "suit",
        "judgment",
        "close",
    ]
    expected = {**reads, **{f"/{{pk}}/{t}": "post" for t in transitions}}
    for suffix, method in expected.items():
        path = f"{BASE}{suffix}"
        assert path in paths and method in paths[path], path
    assert "post" in paths[BASE]  # the application
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for t in transitions:
        operation = paths[f"{BASE}/{{pk}}/{t}"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert {"200", "409", "422"} <= set(operation["responses"]), t
        assert "version" in schemas[body["$ref"].rsplit("/", 1)[1]]["required"], t


def test_evidence_upload_is_checked_by_content(api, apply, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case, _ = apply()
    client = api("zj_centre")
    good = SimpleUploadedFile("劳动合同.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    response = client.post(
        f"/api/v1/disputes/{case.pk}/evidence",
        {"file": good, "name": "劳动合同", "version": version_of(case)},
    )
    assert response.status_code == 201 and response.json()["content_type"] == "application/pdf"
    disguised = SimpleUploadedFile("x.png", b"MZ\x90\x00 executable", content_type="image/png")
    bad = client.post(
        f"/api/v1/disputes/{case.pk}/evidence", {"file": disguised, "version": version_of(case)}
    )
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    assert [e["name"] for e in client.get(f"/api/v1/disputes/{case.pk}").json()["evidence"]] == ["劳动合同"]
    assert (
        api("pt_caoyang")
        .post(f"/api/v1/disputes/{case.pk}/evidence", {"file": good, "version": version_of(case)})
        .status_code
        == 404
    )


@pytest.mark.parametrize("spelling", builders.SPELLINGS)
def test_the_same_applicant_spelt_another_way_is_a_duplicate(world, api, application, spelling):
    number = builders.id_ending_in_x(random.Random(8))
    twice = [
        {"id_number": number, "name": "王小明"},
        {"id_number": builders.SPELLINGS[spelling](number), "name": "王小明"},
    ]
    before = written()
    answer = post(api("zj_centre"), "", **{**application, "applicants": twice})
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == "applicants" and "身份证号码重复" in answer.json()["detail"]
    assert written() == before
