"""The issue's "done means": the Fengxian story (2021) walked end to end over HTTP, each step by the user whose
job it is, with bearer tokens, and every balance checked in the API's answers — per worker, per payer, the
case's totals, and Σ over workers of advance-sourced payments == Σ over payers of what they advanced.

Reports by many workers of a manufacturer owing five months → linked into one case → filed → two inspectors
investigate → rectification order, served, not complied with (the account is frozen by a court) →
coordination meeting with the town, a state-owned enterprise, the court, the union and arbitration, with
tasks → the workers who accept sign mediation agreements (fx_mediator) and the SOE advances their wages →
statement, handling decision, police transfer, dishonest list → court enforcement pays a worker and repays
the SOE → the workers who also claim economic compensation go to arbitration (fx_admin) → closed; the last
enforcement money reaches the SOE after closure.

Walked as another system would (issue 14): each official creates a personal token in 个人中心 and hands over
the key (`outside`); the users, the enterprises and the commission are found through the API's directory.
Nothing is read from or written to the database on the side."""

from datetime import date
from decimal import Decimal

from renshe.core.synthetic import credit_code

from .conftest import MONTHS, RECEIVED

BASE = "/api/v1/inspection"
ENFORCEMENT = "（2026）沪0120执2021号"
D = Decimal


def post(client, path: str, expect: int = 200, **body) -> dict:
    response = client.post(f"{BASE}{path}", body, content_type="application/json")
    assert response.status_code == expect, response.content.decode()
    return response.json()


def get(client, path: str) -> dict:
    response = client.get(f"{BASE}{path}")
    assert response.status_code == 200, response.content.decode()
    return response.json()


def as_json(workers) -> list[dict]:
    return [
        {
            "id_number": w.id_number,
            "name": w.name,
            "months": [{"month": m.isoformat(), "amount": str(a)} for m, a in w.months],
        }
        for w in workers
    ]


def tasks(client, case_id: int) -> set[str]:
    body = client.get("/api/v1/workbench?page_size=100").json()
    assert body["count"] <= 100
    return {t["kind"] for t in body["items"] if t["url"] == f"/inspection/{case_id}/"}


def check_ledger(case: dict) -> None:
    """Every balance in one answer: rows add up to the case, workers' advance money to the payers'."""
    claims, advances, ledger = case["claims"], case["advances"], case["ledger"]
    for c in claims:
        owed = sum((D(m["amount"]) for m in c["months"]), D(0))
        paid = sum((D(p["amount"]) for p in c["payments"]), D(0))
        assert D(c["owed_total"]) == owed and D(c["paid_total"]) == paid
        assert D(c["balance"]) == owed - paid >= 0
    to_workers = sum(
        (D(p["amount"]) for c in claims for p in c["payments"] if p["source"] == "advance"), D(0)
    )
    by_payers = sum((D(a["advanced_total"]) for a in advances), D(0))
    assert to_workers == by_payers == D(case["advanced_total"]) == D(ledger["advanced"])
    for a in advances:
        assert D(a["advanced_total"]) == sum((D(x["amount"]) for x in a["allocations"]), D(0))
        assert D(a["repaid_total"]) == sum((D(r["amount"]) for r in a["repayments"]), D(0))
        assert D(a["outstanding"]) == D(a["advanced_total"]) - D(a["repaid_total"]) >= 0
    assert D(case["repaid_total"]) == sum((D(a["repaid_total"]) for a in advances), D(0))
    assert D(case["advance_outstanding"]) == sum((D(a["outstanding"]) for a in advances), D(0))
    assert D(case["owed_total"]) == sum((D(c["owed_total"]) for c in claims), D(0)) == D(ledger["owed"])
    assert D(case["paid_total"]) == sum((D(c["paid_total"]) for c in claims), D(0)) == D(ledger["paid"])
    assert D(case["balance"]) == sum((D(c["balance"]) for c in claims), D(0)) == D(ledger["balance"])
    assert D(ledger["paid"]) == sum((D(v) for v in ledger["by_source"].values()), D(0))
    assert case["worker_count"] == len(claims) == ledger["workers"]


def directory(client, path: str, **query) -> list[dict]:
    response = client.get(f"/api/v1{path}", {"page_size": 100, **query})
    assert response.status_code == 200, response.content.decode()
    return response.json()["items"]


def test_the_fengxian_case_over_http(outside, workers):
    inspector, second, mediator, admin = (
        outside(u) for u in ("fx_inspector", "fx_inspector2", "fx_mediator", "fx_admin")
    )
    u = {row["username"]: row["id"] for row in directory(admin, "/users")}
    organisations = {row["kind"]: row for row in directory(admin, "/organisations")}
    brigade, commission = organisations["inspection_brigade"], organisations["arbitration_commission"]
    enterprises = directory(admin, "/enterprises")
    factory = next(e for e in enterprises if e["name"] == "上海某道具制造有限公司")
    # the state-owned enterprise that advances the wages, entered in the register by the bureau's administrator
    registered = admin.post(
        "/api/v1/enterprises",
        {
            "credit_code": credit_code(8801, area="310120"),
            "name": "上海奉贤某国有资产经营有限公司",
            "industry": "72",
            "street_id": factory["street_id"],
            "size": "large",
            "legal_representative": "郑国强",
        },
        content_type="application/json",
    )
    assert registered.status_code == 201, registered.content.decode()
    soe = registered.json()
    staff = workers(12)
    reported = {w.name: w for w in staff}
    owed_each = {w.name: sum((a for _m, a in w.months), D(0)) for w in staff}
    total = sum(owed_each.values(), D(0))
    assert total == D("312352.20") and len(MONTHS) == 5

    # 1. reports by many workers: a complaint by six over the API, two at the counter, and the 12345 hotline's
    #    anonymous report naming four more — all linked into one case
    respondent = {"enterprise_id": factory["id"]}
    first = post(
        inspector,
        "",
        201,
        kind="complaint",
        channel="api",
        respondent=respondent,
        content="公司拖欠我们2026年4月至8月五个月工资，老板称账户被法院冻结。",
        received_on=RECEIVED.isoformat(),
        workers=as_json(staff[:6]),
    )
    pk = first["case_id"]
    assert first["status"] == "pending" and first["case_number"].startswith("奉人社监〔2026〕")
    counter = post(
        inspector,
        "",
        201,
        kind="complaint",
        channel="counter",
        respondent=respondent,
        content="同厂工人投诉：拖欠2026年4月至8月工资。",
        received_on=RECEIVED.isoformat(),
        workers=as_json(staff[6:8]),
    )
    hotline = post(
        inspector,
        "",
        201,
        kind="report",
        channel="hotline",
        external_reference="12345-20260930-0117",
        respondent=respondent,
        content="热线转办：该厂还有四名工人被欠薪五个月。",
        received_on="2026-09-30",
        anonymous=True,
        workers=as_json(staff[8:]),
    )
    assert counter["case_id"] == hotline["case_id"] == pk
    assert counter["status"] == hotline["status"] == "linked"
    case = get(inspector, f"/{pk}")
    assert case["status"] == "received" and case["version"] == hotline["version"]
    assert case["worker_count"] == 12 and case["group_case"] is True
    assert case["owed_total"] == "312352.20" and case["paid_total"] == "0.00"
    assert [(r["channel"], r["status"]) for r in case["reports"]] == [
        ("api", "pending"),
        ("counter", "linked"),
        ("hotline", "linked"),
    ]
    assert case["reports"][2]["external_reference"] == "12345-20260930-0117"
    assert case["reports"][2]["reporter"] == "匿名"
    for c in case["claims"]:
        assert len(c["months"]) == 5 and "*" in c["worker"]["id_number"]
        assert D(c["owed_total"]) == owed_each[c["worker"]["name"]] and c["balance"] == c["owed_total"]
    assert not any(w.id_number in str(case) for w in staff)  # ID numbers only masked
    check_ledger(case)
    assert "inspection.group_case" in tasks(admin, pk)  # raised to the leaders at once

    # 2. filed the next day; two inspectors
    case = post(inspector, f"/{pk}/accept", filed_on="2026-09-30", version=case["version"])
    assert case["status"] == "accepted" and case["filed_on"] == "2026-09-30"
    assert case["acceptance_due_on"] == "2026-10-12" and case["investigation_due_on"] == "2026-12-29"
    assert "第十七条" in case["investigation_period_citation"]
    assert all(r["status"] in ("accepted", "linked") for r in case["reports"])
    pair = [u["fx_inspector"], u["fx_inspector2"]]
    case = post(inspector, f"/{pk}/inspectors", inspectors=pair, version=case["version"])
    assert sorted(i["username"] for i in case["inspectors"]) == ["fx_inspector", "fx_inspector2"]
    assert [row["id"] for row in get(second, "/queue")["items"]] == [pk]
    assert tasks(second, pk) >= {"inspection.investigate"}

    # 3. the two inspectors investigate: an inquiry, then a site inspection written by the second
    case = post(
        inspector,
        f"/{pk}/records",
        kind="inquiry",
        held_on="2026-10-09",
        place="大队询问室",
        inspectors=pair,
        persons_present="法定代表人钱某",
        content="承认拖欠十二名工人五个月工资；公司账户已被法院冻结。",
        version=case["version"],
    )
    assert case["status"] == "investigating"
    stale = case["version"]
    case = post(
        second,
        f"/{pk}/records",
        kind="site_inspection",
        held_on="2026-10-10",
        place="南桥镇某经济园区厂房",
        inspectors=pair,
        content="现场停工，调取考勤表和工资表。",
        version=case["version"],
    )
    assert [r["kind"] for r in case["records"]] == ["inquiry", "site_inspection"]
    assert all(len(r["inspectors"]) == 2 for r in case["records"])
    post(inspector, f"/{pk}/extend", 409, approver=u["fx_admin"], reason="x", version=stale)

    # 4. rectification order with its deadline, served, not complied with: the court froze the account
    case = post(
        inspector,
        f"/{pk}/orders",
        issued_on="2026-10-12",
        deadline="2026-10-22",
        requirements="限于2026年10月22日前支付十二名劳动者2026年4月至8月工资。",
        version=case["version"],
    )
    order = case["orders"][0]
    assert case["status"] == "ordered" and order["amount_to_pay"] == "312352.20"
    case = post(
        inspector,
        f"/{pk}/orders/{order['id']}/service",
        served_on="2026-10-12",
        method="direct",
        served_to="钱某",
        version=case["version"],
    )
    case = post(
        inspector,
        f"/{pk}/orders/{order['id']}/compliance",
        complied=False,
        checked_on="2026-10-23",
        note="公司账户被法院冻结，无力支付",
        version=case["version"],
    )
    order = case["orders"][0]
    assert order["served_on"] == "2026-10-12" and order["service_method"] == "direct"
    assert order["complied"] is False and order["check_note"] == "公司账户被法院冻结，无力支付"

    # 5. coordination meeting: town, SOE, court, union, arbitration; tasks with owners
    case = post(
        inspector,
        f"/{pk}/meetings",
        held_on="2026-10-26",
        place="南桥镇政府会议室",
        attendees=[
            {"body": "brigade", "name": brigade["name"], "person": "吴刚"},
            {"body": "town", "name": "南桥镇人民政府", "person": "副镇长"},
            {"body": "soe", "name": soe["name"], "person": "财务总监"},
            {"body": "court", "name": "奉贤区人民法院", "person": "执行局法官"},
            {"body": "union", "name": "奉贤区总工会", "person": "法律部"},
            {"body": "arbitration", "name": commission["name"], "person": "仲裁员"},
        ],
        agreed="接受调解的工人签订调解协议，由国有企业先行垫付工资；法院执行款优先归还垫付款；主张经济补偿的工人申请仲裁。",
        tasks=[
            {"description": "垫付签订调解协议工人的工资", "owner": soe["name"], "due_on": "2026-11-06"},
            {"description": "执行款优先归还垫付款", "owner": "奉贤区人民法院", "due_on": "2026-12-31"},
        ],
        version=case["version"],
    )
    meeting = case["meetings"][0]
    assert [a["body"] for a in meeting["attendees"]] == [
        "brigade",
        "town",
        "soe",
        "court",
        "union",
        "arbitration",
    ]
    assert [t["done_on"] for t in meeting["tasks"]] == [None, None]
    assert "inspection.meeting_task" in tasks(inspector, pk)

    claims = case["claims"]
    settling, arbitrating = claims[:8], claims[8:]

    # 6. eight workers accept mediation: the town centre's mediator signs each agreement from the ledger.
    #    The mediator sees the worker's row, not the brigade's file.
    assert mediator.get(f"{BASE}/{pk}").status_code == 404
    for claim in settling:
        row = get(mediator, f"/{pk}/claims/{claim['id']}")
        assert row["claim"]["balance"] == claim["owed_total"] and row["respondent"] == factory["name"]
        done = post(
            mediator,
            f"/{pk}/claims/{claim['id']}/mediation",
            signed_on="2026-10-28",
            due_on="2026-11-06",
            version=row["version"],
        )
        assert done["claim"]["resolution"] == "mediation" and done["version"] == row["version"] + 1
        dispute = mediator.get(f"/api/v1/disputes/{done['claim']['dispute']['id']}").json()
        assert dispute["status"] == "settled" and dispute["respondent"] == factory["name"]
        assert dispute["agreed_total"] == dispute["claimed_total"] == claim["owed_total"]
        assert dispute["applicants"][0]["name"] == claim["worker"]["name"]
        assert case["number"] in dispute["facts"]

    # 7. the SOE advances the eight workers' wages in full, in one transaction
    case = get(inspector, f"/{pk}")
    settled_total = sum((D(c["owed_total"]) for c in settling), D(0))
    assert settled_total == D("208154.80")
    case = post(
        inspector,
        f"/{pk}/advances",
        payer_kind="enterprise",
        payer=soe["id"],
        decided_on="2026-11-03",
        allocations=[{"worker": c["worker"]["id"], "amount": c["balance"]} for c in settling],
        note="协调会议定先行垫付",
        version=case["version"],
    )
    advance = case["advances"][0]
    assert advance["payer_name"] == soe["name"] and advance["payer_id"] == soe["id"]
    assert advance["advanced_total"] == "208154.80" == case["advanced_total"]
    assert advance["repaid_total"] == "0.00" and advance["outstanding"] == "208154.80"
    assert len(advance["allocations"]) == 8
    assert case["paid_total"] == "208154.80" and case["balance"] == "104197.40"
    check_ledger(case)
    case = post(
        inspector,
        f"/{pk}/meeting-tasks/{meeting['tasks'][0]['id']}/done",
        done_on="2026-11-03",
        version=case["version"],
    )
    assert case["meetings"][0]["tasks"][0]["done_on"] == "2026-11-03"

    # 8. statement and defence, then the handling decision with 50% extra compensation, served, not met
    case = post(
        inspector,
        f"/{pk}/statements",
        notified_on="2026-10-27",
        heard_on="2026-10-29",
        statement="账户被冻结，无力支付",
        version=case["version"],
    )
    case = post(
        inspector,
        f"/{pk}/decisions",
        decided_on="2026-11-04",
        findings="拖欠十二名劳动者五个月工资，逾期未改正。",
        deadline="2026-11-16",
        extra_compensation_rate="0.5",
        version=case["version"],
    )
    decision = case["decisions"][0]
    assert case["status"] == "decided"
    assert decision["amount_to_pay"] == "104197.40" and decision["extra_compensation"] == "52098.70"
    assert decision["total_to_pay"] == "156296.10" and "复议" in decision["appeal_rights"]
    case = post(
        inspector,
        f"/{pk}/decisions/{decision['id']}/service",
        served_on="2026-11-04",
        method="posted",
        served_to="公司",
        version=case["version"],
    )
    case = post(
        inspector,
        f"/{pk}/decisions/{decision['id']}/compliance",
        complied=False,
        checked_on="2026-11-17",
        version=case["version"],
    )

    # 9. consequences: transfer to the police and the dishonest employers' list
    case = post(
        inspector,
        f"/{pk}/police-transfer",
        transferred_on="2026-11-18",
        basis="涉嫌拒不支付劳动报酬罪",
        version=case["version"],
    )
    assert (
        case["police_transfer"]["amount"] == "312352.20"
    )  # the SOE's advance does not pay the employer's debt
    case = post(
        inspector,
        f"/{pk}/dishonest-notice",
        notified_on="2026-11-17",
        grounds="拖欠十二名农民工工资逾期未付",
        version=case["version"],
    )
    case = post(
        inspector,
        f"/{pk}/dishonest-listing",
        listed_on="2026-11-25",
        reason="拖欠十二名农民工工资逾期未付",
        version=case["version"],
    )
    assert case["dishonest_listing"]["expires_on"] == "2029-11-25"

    # 10. court enforcement pays one arbitrating worker directly and repays part of the advance
    case = post(
        inspector,
        f"/{pk}/payments",
        worker=arbitrating[0]["worker"]["id"],
        amount="5000.00",
        paid_on="2026-11-20",
        source="enforcement",
        reference=ENFORCEMENT,
        version=case["version"],
    )
    case = post(
        inspector,
        f"/{pk}/advances/{advance['id']}/repayments",
        amount="150000.00",
        repaid_on="2026-11-20",
        source="enforcement",
        reference=ENFORCEMENT,
        version=case["version"],
    )
    assert case["advances"][0]["outstanding"] == "58154.80" == case["advance_outstanding"]
    check_ledger(case)

    # 11. the workers who also claim economic compensation apply for arbitration from the inspection file
    for claim in arbitrating:
        row = get(admin, f"/{pk}/claims/{claim['id']}")
        month = claim["months"][0]["amount"]
        done = post(
            admin,
            f"/{pk}/claims/{claim['id']}/arbitration",
            commission=commission["id"],
            applied_on="2026-11-19",
            extra_claims=[{"claim_type": "economic_compensation", "amount": month}],
            version=row["version"],
        )
        assert done["claim"]["resolution"] == "arbitration"
        dispute = admin.get(f"/api/v1/disputes/{done['claim']['dispute']['id']}").json()
        assert D(dispute["claimed_total"]) == D(row["claim"]["balance"]) + D(month)
        assert dispute["claims"][0]["amount"] == row["claim"]["balance"]
        assert [c["claim_type"] for c in dispute["claims"]] == ["unpaid_wages", "economic_compensation"]
        assert dispute["arbitration"]["commission"]["id"] == commission["id"]
    case = get(inspector, f"/{pk}")

    # 12. closed with the result; the last enforcement money reaches the SOE after closure
    case = post(
        inspector,
        f"/{pk}/close",
        result="八名劳动者经调解由国有企业垫付全部工资；四名劳动者申请仲裁；已移送公安机关。",
        closed_on="2026-11-20",
        version=case["version"],
    )
    assert case["status"] == "closed" and case["closed_on"] == "2026-11-20"
    case = post(
        inspector,
        f"/{pk}/advances/{advance['id']}/repayments",
        amount="58154.80",
        repaid_on="2026-11-24",
        reference=ENFORCEMENT,
        version=case["version"],
    )

    # every balance, as the API answers it
    check_ledger(case)
    assert case["owed_total"] == "312352.20"
    assert case["paid_total"] == "213154.80" == str(settled_total + D("5000.00"))
    assert case["balance"] == "99197.40"
    assert case["advanced_total"] == case["repaid_total"] == "208154.80"
    assert case["advance_outstanding"] == "0.00"
    advance = case["advances"][0]
    assert (advance["advanced_total"], advance["repaid_total"], advance["outstanding"]) == (
        "208154.80",
        "208154.80",
        "0.00",
    )
    assert [r["amount"] for r in advance["repayments"]] == ["150000.00", "58154.80"]
    assert {r["reference"] for r in advance["repayments"]} == {ENFORCEMENT}
    assert case["ledger"]["by_source"] == {
        "employer": "0.00",
        "advance": "208154.80",
        "enforcement": "5000.00",
    }
    assert case["ledger"]["workers_paid_in_full"] == 8
    by_id = {c["id"]: c for c in case["claims"]}
    for claim in settling:
        row = by_id[claim["id"]]
        assert row["paid_total"] == row["owed_total"] == claim["owed_total"] and row["balance"] == "0.00"
        assert [p["source"] for p in row["payments"]] == ["advance"]
        assert row["payments"][0]["advance_id"] == advance["id"]
        assert (
            row["resolution"] == "mediation" and row["dispute"]["status"] == "closed"
        )  # the advance performed it
    first_arb = by_id[arbitrating[0]["id"]]
    assert D(first_arb["balance"]) == D(first_arb["owed_total"]) - D("5000.00")
    assert [(p["source"], p["amount"], p["reference"]) for p in first_arb["payments"]] == [
        ("enforcement", "5000.00", ENFORCEMENT)
    ]
    for claim in arbitrating[1:]:
        row = by_id[claim["id"]]
        assert row["paid_total"] == "0.00" and row["balance"] == row["owed_total"]
    for claim in arbitrating:
        assert by_id[claim["id"]]["resolution"] == "arbitration"
    for row in case["claims"]:  # each worker's months are exactly what was reported
        assert [(m["month"], D(m["amount"])) for m in row["months"]] == [
            (m.isoformat(), a) for m, a in reported[row["worker"]["name"]].months
        ]
    assert sum(D(row["balance"]) for row in case["claims"]) == D("99197.40")

    # the timeline tells the story; nothing is left open on anyone's workbench; the queue is empty
    events = inspector.get(f"{BASE}/{pk}/events?page_size=100").json()["items"]
    verbs = [e["verb"].removeprefix("inspection.") for e in events]
    for verb in (
        "registered",
        "linked",
        "accepted",
        "assigned",
        "record",
        "ordered",
        "served",
        "compliance",
        "meeting",
        "mediated",
        "advance",
        "statement",
        "decided",
        "police",
        "dishonest_listed",
        "to_arbitration",
        "payment",
        "advance_repaid",
        "closed",
    ):
        assert verb in verbs, verb
    assert verbs.index("closed") < len(verbs) - 1 and verbs[-1] == "advance_repaid"
    assert tasks(inspector, pk) == tasks(second, pk) == tasks(admin, pk) == set()
    assert get(inspector, "/queue")["count"] == 0
    listed = get(admin, f"?q={case['number']}")
    assert listed["count"] == 1 and listed["items"][0]["balance"] == "99197.40"
    assert date.fromisoformat(case["closed_on"]) <= date.fromisoformat(case["investigation_due_on"])
