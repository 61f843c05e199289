"""The inspection API: scope (out of scope answers exactly as missing), authentication, bad input as 4xx JSON
with readable messages and nothing written, stale versions (409), the reporter's identity, hand-overs to
mediation and arbitration, and the OpenAPI document."""

import random
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renshe.core.models import Enterprise, Event, Person
from renshe.core.money import MoneySum
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection.models import InspectionCase, OwedMonth, Report, WageClaim, WagePayment
from tests import builders

from .conftest import RECEIVED

BASE = "/api/v1/inspection"


def post(client, url: str, /, **body):
    return client.post(f"{BASE}{url}", body, content_type="application/json")


def fields(body: dict) -> set[str]:
    """The fields an error answer names, whether a service or pydantic refused the input."""
    return ({body.get("field")} | {e["field"] for e in body.get("errors", [])}) - {None}


def written() -> tuple:
    return (
        InspectionCase.objects.count(),
        Report.objects.count(),
        WageClaim.objects.count(),
        OwedMonth.objects.count(),
        WagePayment.objects.aggregate(s=MoneySum("amount"))["s"],
        Event.objects.count(),
        Enterprise.objects.count(),
        Person.objects.count(),
    )


def worker(rng, name="王小明", months=(("2026-07-01", "5200.00"), ("2026-08-01", "5200.00"))):
    return {
        "id_number": citizen_id(rng),
        "name": name,
        "months": [{"month": m, "amount": a} for m, a in months],
    }


@pytest.fixture
def report(factory):
    rng = random.Random(11)

    def _report(**overrides):
        body = {
            "kind": "complaint",
            "channel": "api",
            "respondent": {"enterprise_id": factory.pk},
            "content": "公司拖欠2026年7月至8月工资，多次讨要未果。",
            "received_on": RECEIVED.isoformat(),
            "workers": [worker(rng), worker(rng, "李小红")],
        }
        body.update(overrides)
        return body

    return _report


@pytest.fixture
def case(filed):
    """A filed case (three workers, two inspectors, one inquiry), in investigation."""
    return filed(3)


def claims(case) -> list[WageClaim]:
    return list(WageClaim.objects.filter(case=case).select_related("worker").order_by("id"))


# --- scope and authentication ----------------------------------------------------------------------


def test_another_district_neither_sees_nor_touches_a_fengxian_case(api, case):
    fx, zj = api("fx_inspector"), api("zj_centre")
    assert case.pk in [row["id"] for row in fx.get(BASE).json()["items"]]
    assert zj.get(BASE).json()["count"] == 0
    assert zj.get(f"{BASE}?q={case.number}").json()["count"] == 0
    for path in (f"/{case.pk}", f"/{case.pk}/events", f"/{case.pk}/claims/{claims(case)[0].pk}"):
        assert zj.get(f"{BASE}{path}").status_code == 404, path
    missing = zj.get(f"{BASE}/999999")
    assert missing.status_code == 404 and zj.get(f"{BASE}/{case.pk}").json() == missing.json()
    before = written()
    assert post(zj, f"/{case.pk}/close", result="x", version=case.version).status_code == 404
    assert post(zj, f"/{case.pk}/revoke", reason="x", version=case.version).status_code == 404
    assert (
        post(
            zj,
            f"/{case.pk}/payments",
            worker=claims(case)[0].worker_id,
            amount="1.00",
            paid_on="2026-10-20",
            source="employer",
            version=case.version,
        ).status_code
        == 404
    )
    assert written() == before and InspectionCase.objects.get(pk=case.pk).status == "investigating"


def test_without_credentials_the_answer_is_401(client, case):
    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}/{case.pk}").status_code == 401
    answer = client.post(f"{BASE}/{case.pk}/close", {}, content_type="application/json")
    assert answer.status_code == 401 and "登录" in answer.json()["detail"]


def test_a_part_of_another_case_is_404(api, filed, report):
    """A report about a new employer (named by its credit code) opens a second case; its parts cannot be
    reached through the first case's URL."""
    one = filed(1)
    fx = api("fx_inspector")
    new = report(
        kind="report",
        anonymous=True,
        workers=[],
        content="另一家单位拖欠工资的举报，请核查。",
        respondent={
            "credit_code": credit_code(4711, "310120"),
            "name": "上海某新设公司",
            "street_id": one.street_id,
        },
    )
    registered = post(fx, "", **new)
    assert registered.status_code == 201, registered.content
    other = InspectionCase.objects.get(pk=registered.json()["case_id"])
    assert other.pk != one.pk and other.respondent.name == "上海某新设公司"
    foreign = other.reports.get()
    answer = post(fx, f"/{one.pk}/reports/{foreign.pk}/refuse", reason="x", version=one.version)
    assert answer.status_code == 404
    assert Report.objects.get(pk=foreign.pk).status == "pending"
    refused = post(
        fx, f"/{other.pk}/reports/{foreign.pk}/refuse", reason="不属于劳动保障监察事项", version=other.version
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    assert refused.json()["reports"][0]["refusal_reason"] == "不属于劳动保障监察事项"


def test_the_session_login_works_too(login, case):
    assert login("fx_inspector").get(f"{BASE}/{case.pk}").json()["number"] == case.number


# --- registration ----------------------------------------------------------------------------------


def test_a_12345_hotline_hand_off_is_linked_to_the_open_case(api, report, world):
    fx = api("fx_inspector")
    first = post(fx, "", **report())
    assert first.status_code == 201, first.content
    first = first.json()
    hotline = post(
        fx,
        "",
        **report(
            kind="report",
            channel="hotline",
            external_reference="12345-20260930-0001",
            anonymous=True,
            content="热线转办：该厂另有工人被拖欠工资。",
            workers=[worker(random.Random(99), "赵六")],
        ),
    ).json()
    assert hotline["case_id"] == first["case_id"] and hotline["status"] == "linked"
    assert hotline["version"] == first["version"] + 1
    case = fx.get(f"{BASE}/{first['case_id']}").json()
    assert case["worker_count"] == 3 and case["owed_total"] == "31200.00"
    assert case["reports"][1]["channel"] == "hotline" and case["reports"][1]["reporter"] == "匿名"
    assert case["reports"][1]["external_reference"] == "12345-20260930-0001"
    assert Report.objects.get(pk=hotline["id"]).created_by == world.users["fx_inspector"]


def test_a_reporters_identity_is_masked_and_only_for_the_cases_inspectors(api, report, u):
    rng = random.Random(21)
    reporter = {"id_number": citizen_id(rng), "name": "孙举报", "phone": "13912345678"}
    fx = api("fx_inspector")
    body = post(
        fx,
        "",
        **report(kind="report", content="举报：该公司长期拖欠工人工资。", reporter=reporter, workers=[]),
    ).json()
    pk = body["case_id"]
    assert fx.get(f"{BASE}/{pk}").json()["reports"][0]["reporter"] == "***"  # not yet on the case
    case = InspectionCase.objects.get(pk=pk)
    case.inspectors.set([u["fx_inspector"], u["fx_inspector2"]])
    shown = fx.get(f"{BASE}/{pk}").json()["reports"][0]["reporter"]
    assert shown.startswith("孙**") and "13912345678" not in shown and "5678" in shown
    assert api("fx_admin").get(f"{BASE}/{pk}").json()["reports"][0]["reporter"] == "***"
    everything = fx.get(BASE).content.decode() + fx.get(f"{BASE}/{pk}").content.decode()
    assert "孙举报" not in everything and reporter["id_number"] not in everything


def test_a_report_naming_an_unknown_enterprise_is_refused_clearly(api, report):
    fx = api("fx_inspector")
    before = written()
    bare = post(fx, "", **report(respondent={"name": "某不存在的公司"}))
    assert bare.status_code == 422 and bare.json()["field"] == "respondent"
    assert "统一社会信用代码" in bare.json()["detail"]
    missing = post(fx, "", **report(respondent={"enterprise_id": 999999}))
    assert missing.status_code == 422 and "不存在" in missing.json()["detail"]
    assert written() == before


def test_negative_or_future_months_are_refused(api, report):
    fx, rng = api("fx_inspector"), random.Random(5)
    before = written()
    negative = post(fx, "", **report(workers=[worker(rng, months=(("2026-07-01", "-5200.00"),))]))
    assert negative.status_code == 422 and "workers.0.months.0.amount" in fields(negative.json())
    assert negative.json()["errors"][0]["message"] == "数值过小"
    zero = post(fx, "", **report(workers=[worker(rng, months=(("2026-07-01", "0"),))]))
    assert zero.status_code == 422
    future = post(fx, "", **report(workers=[worker(rng, months=(("2099-01-01", "100.00"),))]))
    assert future.status_code == 422 and "晚于本月" in future.json()["detail"]
    twice = post(
        fx, "", **report(workers=[worker(rng, months=(("2026-07-01", "1.00"), ("2026-07-15", "2.00")))])
    )
    assert twice.status_code == 422 and "重复" in twice.json()["detail"]
    none = post(fx, "", **report(workers=[worker(rng, months=())]))
    assert none.status_code == 422 and "欠薪月份" in none.json()["detail"]
    bad_date = post(fx, "", **report(workers=[worker(rng, months=(("July", "1.00"),))]))
    assert bad_date.status_code == 422 and bad_date.json()["errors"][0]["message"].startswith("应为日期")
    assert written() == before


def test_an_anonymous_complaint_and_registering_for_another_districts_brigade(api, report, world):
    before = written()
    answer = post(api("fx_inspector"), "", **report(anonymous=True))
    assert answer.status_code == 422 and answer.json()["field"] == "anonymous"
    zj = api("zj_centre")
    stranger = post(zj, "", **report(brigade=world.orgs["fx_brigade"].pk))
    assert stranger.status_code == 403 and stranger.json()["detail"]
    not_a_brigade = post(zj, "", **report())  # default: the caller's own organisation, a mediation centre
    assert not_a_brigade.status_code == 422 and not_a_brigade.json()["field"] == "brigade"
    assert written() == before


# --- transitions: bad input, versions --------------------------------------------------------------


def test_a_payment_larger_than_owed_is_refused_and_nothing_moves(api, case):
    fx, row = api("fx_inspector"), claims(case)[0]
    before = written()
    answer = post(
        fx,
        f"/{case.pk}/payments",
        worker=row.worker_id,
        amount=str(row.owed_total + 1),
        paid_on="2026-10-20",
        source="employer",
        version=case.version,
    )
    body = answer.json()
    assert answer.status_code == 422 and body["field"] == "amount"
    assert (
        "超过" in body["detail"]
        and row.worker.name in body["detail"]
        and f"{row.owed_total:,.2f}" in body["detail"]
    )
    assert written() == before
    ok = post(
        fx,
        f"/{case.pk}/payments",
        worker=row.worker_id,
        amount=str(row.owed_total),
        paid_on="2026-10-20",
        source="employer",
        version=case.version,
    ).json()
    assert ok["claims"][0]["balance"] == "0.00" and ok["version"] == case.version + 1


def test_a_payment_to_a_worker_not_on_the_case_is_refused(api, case, world):
    stranger = Person.objects.exclude(pk__in=[c.worker_id for c in claims(case)]).first()
    before = written()
    for who in (stranger.pk, 999999):
        answer = post(
            api("fx_inspector"),
            f"/{case.pk}/payments",
            worker=who,
            amount="100.00",
            paid_on="2026-10-20",
            source="enforcement",
            version=case.version,
        )
        assert answer.status_code == 422 and answer.json()["field"] == "worker"
        assert "不在本案" in answer.json()["detail"]
    advance = post(
        api("fx_inspector"),
        f"/{case.pk}/advances",
        payer_kind="fund",
        payer_name="奉贤区欠薪应急周转金",
        decided_on="2026-10-20",
        allocations=[
            {"worker": claims(case)[0].worker_id, "amount": "1.00"},
            {"worker": stranger.pk, "amount": "1.00"},
        ],
        version=case.version,
    )
    assert advance.status_code == 422 and advance.json()["field"] == "allocations"
    assert written() == before and not case.advances.exists()


def test_money_is_decimal_strings_and_cents_are_kept(api, case):
    fx, row = api("fx_inspector"), claims(case)[0]
    third = post(
        fx,
        f"/{case.pk}/payments",
        worker=row.worker_id,
        amount=0.1,
        paid_on="2026-10-20",
        source="employer",
        version=case.version,
    )
    assert third.status_code == 200 and third.json()["claims"][0]["paid_total"] == "0.10"
    more = post(
        fx,
        f"/{case.pk}/payments",
        worker=row.worker_id,
        amount="0.001",
        paid_on="2026-10-20",
        source="employer",
        version=third.json()["version"],
    )
    assert more.status_code == 422 and "amount" in fields(more.json())
    listed = fx.get(BASE).json()["items"][0]
    assert isinstance(listed["owed_total"], str) and listed["paid_total"] == "0.10"


def test_an_order_deadline_before_the_order_date_is_refused(api, case):
    fx = api("fx_inspector")
    before = written()
    for deadline in ("2026-10-11", "2026-10-12"):
        answer = post(
            fx,
            f"/{case.pk}/orders",
            issued_on="2026-10-12",
            deadline=deadline,
            requirements="限期支付拖欠工资。",
            version=case.version,
        )
        assert answer.status_code == 422 and answer.json()["field"] == "deadline"
        assert answer.json()["detail"] == "履行期限应晚于发出日期"
    assert written() == before and not case.orders.exists()


def test_a_stale_version_is_409_and_nothing_is_written(api, case):
    fx, row = api("fx_inspector"), claims(case)[0]
    fresh = post(
        fx,
        f"/{case.pk}/payments",
        worker=row.worker_id,
        amount="100.00",
        paid_on="2026-10-20",
        source="employer",
        version=case.version,
    )
    assert fresh.status_code == 200
    before = written()
    stale = post(
        fx,
        f"/{case.pk}/payments",
        worker=row.worker_id,
        amount="100.00",
        paid_on="2026-10-20",
        source="employer",
        version=case.version,
    )
    assert stale.status_code == 409 and stale.json()["detail"]
    english = post(api("fx_inspector", "en"), f"/{case.pk}/close", result="done", version=case.version)
    assert english.status_code == 409 and english.json()["detail"] != stale.json()["detail"]
    assert written() == before
    assert InspectionCase.objects.get(pk=case.pk).paid_total == 100


def test_a_transition_not_allowed_in_the_state_names_the_state(api, case):
    answer = post(api("fx_inspector"), f"/{case.pk}/accept", version=case.version)
    assert answer.status_code == 422 and "调查中" in answer.json()["detail"]


def test_extra_compensation_outside_50_to_100_percent_and_a_decision_before_the_statement(api, case):
    fx = api("fx_inspector")
    body = {
        "decided_on": "2026-10-20",
        "findings": "拖欠工资。",
        "deadline": "2026-11-20",
        "version": case.version,
    }
    early = post(fx, f"/{case.pk}/decisions", **body)
    assert early.status_code == 422 and "第十九条" in early.json()["detail"]
    version = post(
        fx, f"/{case.pk}/statements", notified_on="2026-10-15", waived=True, version=case.version
    ).json()["version"]
    high = post(fx, f"/{case.pk}/decisions", **{**body, "extra_compensation_rate": "1.5", "version": version})
    assert high.status_code == 422 and high.json()["field"] == "extra_compensation_rate"
    assert "50%至100%" in high.json()["detail"]


def test_fewer_than_two_inspectors_and_unknown_users(api, case, u):
    fx = api("fx_inspector")
    one = post(fx, f"/{case.pk}/inspectors", inspectors=[u["fx_inspector"].pk], version=case.version)
    assert one.status_code == 422 and "第十六条" in one.json()["detail"]
    nobody = post(
        fx, f"/{case.pk}/inspectors", inspectors=[u["fx_inspector"].pk, 999999], version=case.version
    )
    assert nobody.status_code == 422 and nobody.json()["field"] == "inspectors"
    wrong = post(
        fx, f"/{case.pk}/extend", approver=u["fx_inspector2"].pk, reason="案情复杂", version=case.version
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "approver"
    ok = post(fx, f"/{case.pk}/extend", approver=u["fx_admin"].pk, reason="案情复杂", version=case.version)
    assert (
        ok.status_code == 200
        and ok.json()["extended"]
        and ok.json()["investigation_due_on"] > (case.investigation_due_on.isoformat())
    )


def test_a_repayment_above_what_the_payer_is_owed(api, case, world):
    fx, rows = api("fx_inspector"), claims(case)
    soe = Enterprise.objects.exclude(pk=case.respondent_id).first()
    body = post(
        fx,
        f"/{case.pk}/advances",
        payer_kind="enterprise",
        payer=soe.pk,
        decided_on="2026-10-20",
        allocations=[{"worker": rows[0].worker_id, "amount": "1000.00"}],
        version=case.version,
    ).json()
    advance = body["advances"][0]
    assert advance["outstanding"] == "1000.00" and body["paid_total"] == "1000.00"
    too_much = post(
        fx,
        f"/{case.pk}/advances/{advance['id']}/repayments",
        amount="1000.01",
        repaid_on="2026-10-21",
        reference="（2026）沪0120执1号",
        version=body["version"],
    )
    assert too_much.status_code == 422 and too_much.json()["field"] == "amount"
    no_reference = post(
        fx,
        f"/{case.pk}/advances/{advance['id']}/repayments",
        amount="10",
        repaid_on="2026-10-21",
        version=body["version"],
    )
    assert no_reference.status_code == 422 and no_reference.json()["field"] == "reference"
    unknown_payer = post(
        fx,
        f"/{case.pk}/advances",
        payer_kind="enterprise",
        payer=999999,
        decided_on="2026-10-20",
        allocations=[{"worker": rows[1].worker_id, "amount": "1.00"}],
        version=body["version"],
    )
    assert unknown_payer.status_code == 422 and unknown_payer.json()["field"] == "payer"


def test_police_transfer_needs_the_threshold_and_an_unmet_order(api, case):
    answer = post(
        api("fx_inspector"),
        f"/{case.pk}/police-transfer",
        transferred_on="2026-10-20",
        basis="x",
        version=case.version,
    )
    assert answer.status_code == 422 and answer.json()["field"] == "status"


# --- hand-overs ------------------------------------------------------------------------------------


def test_the_inspector_cannot_sign_a_mediation_agreement_and_a_stranger_cannot_see_the_row(api, case, world):
    row = claims(case)[0]
    url = f"/{case.pk}/claims/{row.pk}/mediation"
    body = {"signed_on": "2026-10-28", "due_on": "2026-11-06", "version": case.version}
    inspector = post(api("fx_inspector"), url, centre=world.orgs["fx_centre"].pk, **body)
    assert inspector.status_code == 403
    assert post(api("zj_centre"), url, **body).status_code == 404
    mediator = api("fx_mediator")
    assert mediator.get(f"{BASE}/{case.pk}").status_code == 404  # the brigade's file is not theirs
    assert mediator.get(BASE).json()["count"] == 0
    seen = mediator.get(f"{BASE}/{case.pk}/claims/{row.pk}").json()
    assert seen["claim"]["worker"]["name"] == row.worker.name and "*" in seen["claim"]["worker"]["id_number"]
    stale = post(mediator, url, **{**body, "version": case.version - 1})
    assert stale.status_code == 409
    done = post(mediator, url, **body)
    assert done.status_code == 200 and done.json()["claim"]["dispute"]["status"] == "settled"
    again = post(mediator, url, **{**body, "version": done.json()["version"]})
    assert again.status_code == 422 and again.json()["field"] == "claim"


def test_a_queue_and_filters(api, case, u):
    fx = api("fx_inspector")
    assert [row["id"] for row in fx.get(f"{BASE}/queue").json()["items"]] == [case.pk]
    assert api("fx_admin").get(f"{BASE}/queue").json()["count"] == 0
    assert fx.get(f"{BASE}?status=investigating").json()["count"] == 1
    assert fx.get(f"{BASE}?status=closed").json()["count"] == 0
    assert fx.get(f"{BASE}?q={case.respondent.name[2:6]}").json()["count"] == 1
    assert fx.get(f"{BASE}?street={case.street_id}&received_from=2026-09-01").json()["count"] == 1
    assert fx.get(f"{BASE}?received_to=2026-09-01").json()["count"] == 0
    bad = fx.get(f"{BASE}?status=nonsense")
    assert bad.status_code == 422 and "status" in fields(bad.json())
    assert fx.get(f"{BASE}?page=0").status_code == 422


def test_the_detail_takes_a_fixed_number_of_queries(api, case):
    fx, rng = api("fx_inspector"), random.Random(8)
    with CaptureQueriesContext(connection) as three:
        version = fx.get(f"{BASE}/{case.pk}").json()["version"]
    for name in ("赵一", "钱二", "孙三"):
        answer = post(fx, f"/{case.pk}/claims", worker=worker(rng, name), version=version)
        assert answer.status_code == 200, answer.content
        version = answer.json()["version"]
        row = answer.json()["claims"][-1]
        version = post(
            fx,
            f"/{case.pk}/payments",
            worker=row["worker"]["id"],
            amount="1.00",
            paid_on="2026-10-20",
            source="employer",
            version=version,
        ).json()["version"]
    with CaptureQueriesContext(connection) as six:
        body = fx.get(f"{BASE}/{case.pk}").json()
    assert body["worker_count"] == 6 and len(six) == len(three)


def test_the_openapi_document_lists_the_inspection_endpoints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/inspection",
        "/api/v1/inspection/queue",
        "/api/v1/inspection/{pk}",
        "/api/v1/inspection/{pk}/events",
        "/api/v1/inspection/{pk}/accept",
        "/api/v1/inspection/{pk}/reports/{report_id}/refuse",
        "/api/v1/inspection/{pk}/inspectors",
        "/api/v1/inspection/{pk}/records",
        "/api/v1/inspection/{pk}/extend",
        "/api/v1/inspection/{pk}/orders",
        "/api/v1/inspection/{pk}/orders/{doc_id}/service",
        "/api/v1/inspection/{pk}/orders/{doc_id}/compliance",
        "/api/v1/inspection/{pk}/statements",
        "/api/v1/inspection/{pk}/decisions",
        "/api/v1/inspection/{pk}/decisions/{doc_id}/service",
        "/api/v1/inspection/{pk}/decisions/{doc_id}/compliance",
        "/api/v1/inspection/{pk}/meetings",
        "/api/v1/inspection/{pk}/meeting-tasks/{task_id}/done",
        "/api/v1/inspection/{pk}/claims",
        "/api/v1/inspection/{pk}/claims/{claim_id}",
        "/api/v1/inspection/{pk}/claims/{claim_id}/mediation",
        "/api/v1/inspection/{pk}/claims/{claim_id}/arbitration",
        "/api/v1/inspection/{pk}/payments",
        "/api/v1/inspection/{pk}/advances",
        "/api/v1/inspection/{pk}/advances/{advance_id}/repayments",
        "/api/v1/inspection/{pk}/police-transfer",
        "/api/v1/inspection/{pk}/dishonest-listing",
        "/api/v1/inspection/{pk}/dishonest-notice",
        "/api/v1/inspection/{pk}/dishonest-listing/removal",
        "/api/v1/inspection/{pk}/penalty-notices",
        "/api/v1/inspection/{pk}/penalty-notices/hearing-request",
        "/api/v1/inspection/{pk}/penalty-notices/hearing",
        "/api/v1/inspection/{pk}/penalties",
        "/api/v1/inspection/{pk}/penalties/{doc_id}/service",
        "/api/v1/inspection/{pk}/close",
        "/api/v1/inspection/{pk}/revoke",
    ):
        assert path in spec["paths"], path
    case = spec["components"]["schemas"]["CaseOut"]["properties"]
    assert case["owed_total"]["type"] == "string" and "claims" in case and "advances" in case


@pytest.mark.django_db(transaction=True)
def test_two_inspectors_paying_the_same_balance_at_once_one_wins_the_other_gets_409(api, case):
    row = claims(case)[0]
    body = {
        "worker": row.worker_id,
        "amount": str(row.owed_total),
        "paid_on": "2026-10-20",
        "source": "employer",
        "version": case.version,
    }
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def pay(client):
        try:
            barrier.wait(timeout=10)
            answers.append(post(client, f"/{case.pk}/payments", **body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(api(u),)) for u in ("fx_inspector", "fx_inspector2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409]
    row.refresh_from_db()
    assert row.paid_total == row.owed_total and WagePayment.objects.filter(claim=row).count() == 1
    assert InspectionCase.objects.get(pk=case.pk).version == case.version + 1


@pytest.mark.parametrize("spelling", builders.SPELLINGS)
def test_the_same_worker_spelt_another_way_is_a_duplicate(api, report, spelling):
    rng = random.Random(8)
    first, second = worker(rng), worker(rng)
    first["id_number"] = builders.id_ending_in_x(rng)
    second["id_number"] = builders.SPELLINGS[spelling](first["id_number"])
    before = written()
    answer = post(api("fx_inspector"), "", **report(workers=[first, second]))
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == "workers" and "身份证号码重复" in answer.json()["detail"]
    assert written() == before
