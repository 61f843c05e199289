"""Disputes driven through every stage over HTTP, each step by the user whose job it is, with bearer tokens;
the workbench of the responsible user checked at each hand-over."""

import random
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from renshe.core.models import User
from renshe.core.synthetic import citizen_id
from renshe.disputes.models import DisputeCase

BASE = "/api/v1/disputes"


def post(client, path: str, expect: int = 200, **body) -> dict:
    response = client.post(f"{BASE}{path}", body, content_type="application/json")
    assert response.status_code == expect, response.content.decode()
    return response.json()


def tasks(client, case_id: int) -> set[str]:
    """Kinds of the open workbench tasks this user has for the case."""
    body = client.get("/api/v1/workbench?page_size=100").json()
    assert body["count"] <= 100
    return {t["kind"] for t in body["items"] if t["url"] == f"/disputes/{case_id}/"}


def verbs(client, case_id: int) -> list[str]:
    body = client.get(f"{BASE}/{case_id}/events?page_size=100").json()
    return [e["verb"].removeprefix("dispute.") for e in body["items"]]


@pytest.fixture
def application(world):
    firm = world.orgs["street:310115125"].enterprises.first()
    rng = random.Random(5)
    return {
        "applicants": [
            {"id_number": citizen_id(rng), "name": "王小明", "phone": "13800138000", "representative": True},
            {"id_number": citizen_id(rng), "name": "李小红"},
        ],
        "respondent": {"enterprise_id": firm.pk},
        "claims": [
            {"claim_type": "unpaid_wages", "amount": "18000.00"},
            {"claim_type": "overtime", "amount": 3200.5, "note": "9月至10月加班"},
        ],
        "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
        "case_type": "remuneration",
        "received_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
    }


def test_one_dispute_from_application_through_arbitration_to_court(world, api, application):
    centre, village, studio, arbitrator = (
        api(u) for u in ("zj_centre", "zj_village", "zj_studio", "zj_arbitrator")
    )
    today = timezone.localdate()
    now = timezone.localtime()

    applied = post(centre, "", 201, **application)
    pk = applied["id"]
    assert applied["number"].startswith("张江调〔") and len(applied["query_code"]) == 8
    assert applied["status"] == "applied" and tasks(centre, pk) == {"dispute.intake"}
    case = centre.get(f"{BASE}/{pk}").json()
    assert case["channel"] == "api" and case["claimed_total"] == "21200.50"
    assert [c["amount"] for c in case["claims"]] == ["18000.00", "3200.50"]
    assert "*" in case["applicants"][0]["id_number"] and "*" in case["applicants"][0]["phone"]
    assert application["applicants"][0]["id_number"] not in str(case)

    case = post(centre, f"/{pk}/accept", version=case["version"])
    assert case["status"] == "accepted" and case["status_label"] == "已受理待分派"
    assert case["mediation_due_on"] and "第十四条" in case["mediation_period_citation"]
    assert tasks(centre, pk) == {"dispute.route"}

    case = post(centre, f"/{pk}/refer", to=world.orgs["village:环东村"].pk, version=case["version"])
    assert case["status"] == "referred" and case["organisation"]["name"] == "环东村劳动争议调解室"
    assert tasks(village, pk) == {"dispute.take_up"}
    assert "dispute.route" not in tasks(centre, pk)  # the centre sees its X organisations' tasks too
    case = post(centre, f"/{pk}/revoke-referral", version=case["version"])
    assert (
        case["status"] == "accepted"
        and tasks(village, pk) == set()
        and tasks(centre, pk) == {"dispute.route"}
    )
    assert village.get(f"{BASE}/{pk}").status_code == 404  # no longer theirs

    case = post(centre, f"/{pk}/refer", to=world.orgs["zj_studio"].pk, version=case["version"])
    assert [r["status"] for r in case["referrals"]] == ["revoked", "pending"]
    assert tasks(studio, pk) == {"dispute.take_up"}
    case = post(studio, f"/{pk}/take-up", mediators=[world.users["zj_studio"].pk], version=case["version"])
    assert case["status"] == "mediating" and [m["username"] for m in case["mediators"]] == ["zj_studio"]
    assert tasks(studio, pk) == {"dispute.mediate"}
    assert [row["id"] for row in studio.get(f"{BASE}/queue").json()["items"]] == [pk]

    case = post(
        studio,
        f"/{pk}/sessions",
        held_at=(now - timedelta(hours=2)).replace(tzinfo=None).isoformat(timespec="minutes"),
        place="江心听语工作室",
        attendees="双方当事人",
        minutes="公司同意分期支付，但对金额有异议。",
        version=case["version"],
    )
    assert len(case["sessions"]) == 1
    due = case["mediation_due_on"]
    case = post(studio, f"/{pk}/extend", days=5, note="双方同意延长", version=case["version"])
    assert case["extension_days"] == 5 and case["mediation_due_on"] > due
    case = post(studio, f"/{pk}/suspend", reason="申请人住院", version=case["version"])
    assert case["status"] == "suspended" and case["suspended_on"] == today.isoformat()
    case = post(studio, f"/{pk}/resume", version=case["version"])
    assert case["status"] == "mediating" and case["suspensions"][0]["ended_on"] == today.isoformat()
    case = post(studio, f"/{pk}/fail", reason="双方对金额分歧过大", version=case["version"])
    assert case["status"] == "failed" and case["outcome"] == "failed" and tasks(studio, pk) == set()

    case = post(
        centre,
        f"/{pk}/arbitration",
        commission=world.orgs["zj_tribunal"].pk,
        applied_on=today.isoformat(),
        version=case["version"],
    )
    assert case["status"] == "arbitration" and case["arbitration"]["number"].startswith("浦劳人仲(张江)")
    assert tasks(arbitrator, pk) == {"arbitration.accept"}
    assert len(arbitrator.get(f"{BASE}/{pk}").json()["claims"]) == 2  # the whole file, nothing re-typed
    case = post(
        arbitrator, f"/{pk}/arbitration/accept", accepted_on=today.isoformat(), version=case["version"]
    )
    assert case["arbitration"]["accepted_on"] == today.isoformat() and tasks(arbitrator, pk) == {
        "arbitration.award",
        "arbitration.tribunal",  # its make-up notified within 5 days (第三十二条)
    }
    me = arbitrator.get("/api/v1/me").json()
    sole = User.objects.get(username=me["username"])
    case = post(
        arbitrator,
        f"/{pk}/arbitration/tribunal",
        tribunal="sole",
        arbitrators=[sole.pk],
        version=case["version"],
    )
    assert case["arbitration"]["tribunal"] == "sole"
    assert [(s["arbitrator"]["name"], s["presiding"]) for s in case["arbitration"]["seats"]] == [
        (str(sole), True)
    ]
    assert tasks(arbitrator, pk) == {"arbitration.award"}
    case = post(
        arbitrator,
        f"/{pk}/arbitration/hearings",
        scheduled_at=(now + timedelta(days=6)).isoformat(),
        place="科创仲裁庭第一庭",
        notified_on=today.isoformat(),
        version=case["version"],
    )
    assert case["arbitration"]["hearings"][0]["place"] == "科创仲裁庭第一庭"
    due = case["arbitration"]["award_due_on"]
    case = post(arbitrator, f"/{pk}/arbitration/extend", version=case["version"])
    assert case["arbitration"]["extended"] and case["arbitration"]["award_due_on"] > due
    case = post(
        arbitrator,
        f"/{pk}/arbitration/award",
        awarded_on=today.isoformat(),
        summary="被申请人支付申请人工资及加班费。",
        items=[
            {"claim_type": "unpaid_wages", "amount": "18000"},
            {"claim_type": "overtime", "amount": "3200.50"},
        ],
        version=case["version"],
    )
    award = case["arbitration"]
    assert case["status"] == "awarded" and award["final"] is True
    assert [(i["amount"], i["final"]) for i in award["award_items"]] == [
        ("18000.00", True),
        ("3200.50", True),
    ]
    assert tasks(arbitrator, pk) == {"arbitration.suit_window"}
    # a final award (第四十七条): the employer cannot sue, only petition to revoke it (第四十九条)
    case = post(
        arbitrator,
        f"/{pk}/arbitration/service",
        party=str(case["applicants"][0]["id"]),
        method="personal",
        received_on=today.isoformat(),
        version=case["version"],
    )
    refused = post(
        arbitrator,
        f"/{pk}/suit",
        expect=422,
        filed_by="employer",
        filed_on=today.isoformat(),
        court="张江巡回法庭",
        version=case["version"],
    )
    assert refused["field"] == "filed_by" and "第四十九条" in refused["detail"]
    case = post(
        arbitrator,
        f"/{pk}/suit",
        filed_by="worker",
        filed_on=today.isoformat(),
        court="张江巡回法庭",
        version=case["version"],
    )
    assert case["status"] == "litigation" and case["litigation"]["court"] == "张江巡回法庭"
    case = post(
        arbitrator,
        f"/{pk}/judgment",
        outcome="驳回诉讼请求",
        concluded_on=today.isoformat(),
        version=case["version"],
    )
    assert case["status"] == "closed" and case["closed_on"] == today.isoformat()
    assert case["litigation"]["outcome"] == "驳回诉讼请求"
    assert all(tasks(c, pk) == set() for c in (centre, studio, arbitrator))

    assert verbs(centre, pk) == [
        "applied",
        "accepted",
        "referred",
        "referral_revoked",
        "referred",
        "taken_up",
        "session",
        "extended",
        "suspended",
        "resumed",
        "failed",
        "to_arbitration",
        "arbitration_accepted",
        "tribunal",
        "hearing",
        "arbitration_extended",
        "awarded",
        "award_served",
        "sued",
        "judged",
    ]


def test_a_settled_dispute_is_paid_item_by_item_and_closes(world, api, application):
    centre = api("zj_centre")
    today = timezone.localdate()
    applied = post(centre, "", 201, **application)
    pk = applied["id"]
    case = post(centre, f"/{pk}/accept", version=applied["version"])
    case = post(centre, f"/{pk}/take-up", mediators=[world.users["zj_centre"].pk], version=case["version"])
    assert tasks(centre, pk) == {"dispute.mediate"}
    case = post(
        centre,
        f"/{pk}/settle",
        signed_on=today.isoformat(),
        terms="公司分两期支付工资及加班费。",
        items=[
            {
                "claim_type": "unpaid_wages",
                "description": "支付工资",
                "amount": "8000",
                "due_on": (today + timedelta(days=10)).isoformat(),
            },
            {
                "claim_type": "overtime",
                "description": "支付加班费",
                "amount": 2000,
                "due_on": (today + timedelta(days=20)).isoformat(),
            },
        ],
        version=case["version"],
    )
    assert case["status"] == "settled" and case["agreed_total"] == "10000.00"
    assert tasks(centre, pk) == {"dispute.performance", "dispute.review_reminder"}
    wages, overtime = (i["id"] for i in case["agreement"]["items"])

    case = post(
        centre,
        f"/{pk}/items/{wages}/payments",
        amount="3000",
        paid_on=today.isoformat(),
        version=case["version"],
    )
    item = case["agreement"]["items"][0]
    assert (item["paid"], item["outstanding"], case["paid_total"]) == ("3000.00", "5000.00", "3000.00")

    refused = centre.post(
        f"{BASE}/{pk}/items/{wages}/payments",
        {"amount": "5000.01", "paid_on": today.isoformat(), "version": case["version"]},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["field"] == "amount"
    assert "5000.00" in refused.json()["detail"]
    after = centre.get(f"{BASE}/{pk}").json()
    assert (after["version"], after["paid_total"]) == (case["version"], "3000.00")  # nothing written

    case = post(
        centre,
        f"/{pk}/items/{wages}/payments",
        amount="5000.00",
        paid_on=today.isoformat(),
        version=case["version"],
    )
    assert case["status"] == "settled"
    case = post(
        centre,
        f"/{pk}/items/{overtime}/payments",
        amount=2000,
        paid_on=today.isoformat(),
        version=case["version"],
    )
    assert case["status"] == "closed" and case["paid_total"] == case["agreed_total"] == "10000.00"
    assert all(i["outstanding"] == "0.00" for i in case["agreement"]["items"])
    assert tasks(centre, pk) == set()
    assert verbs(centre, pk) == [
        "applied",
        "accepted",
        "taken_up",
        "settled",
        "payment",
        "payment",
        "payment",
        "performed",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_officials_accepting_at_once_one_wins_the_other_gets_409(world, api, application):
    first, second = api("zj_centre"), api("zj_lead")
    applied = post(first, "", 201, **application)
    pk, version = applied["id"], applied["version"]
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def accept(client):
        try:
            barrier.wait(timeout=10)
            answers.append(
                client.post(
                    f"{BASE}/{pk}/accept", {"version": version}, content_type="application/json"
                ).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(c,)) for c in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409]
    case = DisputeCase.objects.get(pk=pk)
    assert case.status == "accepted" and case.version == version + 1
    assert verbs(first, pk) == ["applied", "accepted"]  # accepted once, not twice
