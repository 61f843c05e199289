"""Every action of the inspection workflow, over the API and on the case page or the wage ledger
(tests/transitions.py): a stale version is 409 (in Chinese, and in English when asked) or the page again with
the refusal, a forged transition is 409/422, and neither writes anything."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from renshe.core.synthetic import citizen_id
from renshe.inspection import services
from renshe.inspection.workflow import WORKFLOW
from tests import builders
from tests.transitions import Built, Way, build_once, days, refusal_tests, rows

API = "/api/v1/inspection/{pk}"
PAGE = "/inspection/{pk}/act/"
LEDGER = "/inspection/{pk}/ledger/"
T = timezone.localdate
INSPECTOR = "fx_inspector"


def build(world) -> dict[str, Built]:
    u, today = world.users, T()
    inspector, pair = u[INSPECTOR], [u[INSPECTOR], u["fx_inspector2"]]

    def ago(n: int):
        return today - timedelta(days=n)

    def registered(serial: int):
        return builders.registered(world, serial=serial, received_on=ago(40))

    def filed(serial: int):
        return builders.filed(world, registered(serial), on=ago(39), inquiry_on=ago(35))

    def accepted(serial: int):
        case = registered(serial)
        case = services.accept_case(case, by=inspector, filed_on=ago(39), version=case.version)
        return services.assign_inspectors(case, by=inspector, inspectors=pair, version=case.version)

    def heard(case, on: int):
        services.record_statement(
            case,
            by=inspector,
            notified_on=ago(on + 1),
            heard_on=ago(on),
            statement="账户被冻结",
            version=case.version,
        )
        case.refresh_from_db()
        return case

    def met(case, on: int):
        """A coordination meeting with one task open."""
        meeting = services.hold_coordination_meeting(
            case,
            by=inspector,
            held_on=ago(on),
            place="南桥镇政府",
            attendees=[services.AttendeeInput("town", "南桥镇人民政府")],
            agreed="先行垫付",
            tasks=[services.TaskInput("垫付工资", "国有企业", today + timedelta(days=10))],
            version=case.version,
        )
        case.refresh_from_db()
        return meeting.tasks.get()

    def advanced(case, on: int):
        claim = case.claims.order_by("id").first()
        advance = services.record_advance(
            case,
            by=inspector,
            payer_kind="fund",
            payer_name="应急周转金",
            decided_on=ago(on),
            allocations=[(claim.worker_id, Decimal("3000.00"))],
            version=case.version,
        )
        case.refresh_from_db()
        return advance

    received = registered(8201)  # inspectors named at once: a version a client may have read before
    received = services.assign_inspectors(received, by=inspector, inspectors=pair, version=received.version)
    two_reports = registered(8202)
    services.register_report(
        by=inspector,
        brigade=world.orgs["fx_brigade"],
        kind="report",
        channel="hotline",
        respondent=services.RespondentInput(enterprise_id=two_reports.respondent_id),
        content="热线转办：该厂拖欠工资。",
        received_on=ago(39),
        anonymous=True,
    )
    two_reports.refresh_from_db()

    ordered = filed(8205)
    order = builders.served_order(world, ordered, issued_on=ago(25), deadline=ago(15))

    decided = heard(filed(8206), 31)
    builders.unmet_order(world, decided, issued_on=ago(30), deadline=ago(20), checked_on=ago(19))
    decision = services.issue_handling_decision(
        decided,
        by=inspector,
        decided_on=ago(15),
        findings="拖欠工资，逾期未改正。",
        deadline=ago(5),
        version=decided.version,
    )
    decided.refresh_from_db()
    services.notify_dishonest_listing(
        decided, by=inspector, notified_on=ago(14), grounds="逾期未支付", version=decided.version
    )
    decided.refresh_from_db()
    task = met(decided, 14)
    advance = advanced(decided, 12)

    closed = filed(8207)
    closed = services.close_case(
        closed, by=inspector, result="已全部支付", closed_on=ago(1), version=closed.version
    )

    revoked = accepted(8208)
    revoked_task = met(revoked, 30)
    revoked_advance = advanced(revoked, 29)
    revoked = services.revoke_case(revoked, by=inspector, reason="情节轻微且已改正", version=revoked.version)

    unmet = filed(8210)
    builders.unmet_order(world, unmet, issued_on=ago(30), deadline=ago(20), checked_on=ago(19))

    # listed more than six months ago, the arrears corrected since (信用修复)
    listed = builders.filed(
        world, builders.registered(world, serial=8211, received_on=ago(260)), on=ago(259), inquiry_on=ago(255)
    )
    builders.unmet_order(world, listed, issued_on=ago(250), deadline=ago(240), checked_on=ago(239))
    services.notify_dishonest_listing(
        listed, by=inspector, notified_on=ago(238), grounds="逾期", version=listed.version
    )
    listed.refresh_from_db()
    services.list_as_dishonest(
        listed, by=inspector, listed_on=ago(225), reason="逾期", version=listed.version
    )
    listed.refresh_from_db()

    def noticed(serial: int, fine: str, violation: str, on: int):
        case = filed(serial)
        services.notify_penalty(
            case,
            by=inspector,
            notified_on=ago(on),
            violation=violation,
            facts="阻挠检查",
            fine=fine,
            version=case.version,
        )
        case.refresh_from_db()
        return case

    locked = filed(8209)
    services.lock_tracking(locked.number, wrong_codes=10)  # the portal's per-case budget spent
    states = {
        "received": Built(received),
        "investigating:tracking-locked": Built(locked),
        "received:two_reports": Built(two_reports, {"report": two_reports.reports.order_by("id").last().pk}),
        "accepted": Built(accepted(8203)),
        "investigating": Built(heard(filed(8204), 20)),
        "ordered": Built(ordered, {"order": order.pk}),
        "decided": Built(decided, {"decision": decision.pk, "task": task.pk, "advance": advance.pk}),
        "closed": Built(closed),
        "ordered:unmet": Built(unmet),
        "ordered:listed": Built(listed),
        "investigating:hearing-offered": Built(noticed(8212, "50000.00", "employment_services", 1)),
        "investigating:noticed": Built(noticed(8213, "5000.00", "obstruction", 2)),
        "revoked": Built(revoked, {"task": revoked_task.pk, "advance": revoked_advance.pk}),
    }
    for state in states.values():  # what the payloads and forms name
        case = state.case
        claim = case.claims.order_by("id").first()
        state.parts = {
            "report": case.reports.order_by("id").first().pk,
            "claim": claim.pk,
            "worker": claim.worker_id,
            "respondent": case.respondent_id,
            "pair": [user.pk for user in pair],
            "approver": u["fx_admin"].pk,
            "centre": world.orgs["fx_centre"].pk,
            "commission": world.orgs["fx_arbitration"].pk,
            "grid": world.orgs["grid:南桥网格"].pk,
        } | state.parts
    return states


built = build_once(build)


def record(b: Built) -> dict:
    return {
        "kind": "inquiry",
        "held_on": days(0),
        "place": "大队询问室",
        "inspectors": b.parts["pair"],
        "persons_present": "法定代表人",
        "content": "承认拖欠工资。",
    }


def new_worker() -> dict:
    return {"id_number": citizen_id(random.Random(99)), "name": "新工人"}


def owed_month() -> str:
    return builders.month_before(T(), 1).isoformat()


def employer_payment(b: Built) -> dict:
    return {"worker": b.parts["worker"], "amount": "100.00", "paid_on": days(0), "source": "employer"}


def repayment() -> dict:
    return {
        "amount": "100.00",
        "repaid_on": days(0),
        "source": "enforcement",
        "reference": "（2026）沪0120执1号",
    }


def hand_over_to_mediation(b: Built) -> dict:
    return {"centre": b.parts["centre"], "signed_on": days(0), "due_on": days(10)}


def hand_over_to_arbitration(b: Built) -> dict:
    return {"commission": b.parts["commission"], "applied_on": days(0)}


def decision() -> dict:
    return {"decided_on": days(0), "findings": "拖欠工资。", "deadline": days(10)}


DOCUMENTS_ONLY_WHERE_ALLOWED = (
    "no forged transition: a case holds an order or a decision only in the states that allow it"
)

WAYS = [
    Way(
        "link_report",
        "received",
        INSPECTOR,
        "/api/v1/inspection",
        lambda b: {
            "kind": "report",
            "respondent": {"enterprise_id": b.parts["respondent"]},
            "content": "热线转办：该厂拖欠工资。",
            "anonymous": True,
        },
        versioned=False,
        unreachable=(
            "a report names an employer, not a case or its version; a report about an employer without an "
            "open case starts a new one (nothing to forge); the page is the registration form"
        ),
    ),
    Way(
        "accept",
        "received",
        INSPECTOR,
        f"{API}/accept",
        {"filed_on": days(0)},
        page=f"{PAGE}accept/",
        forged="closed",
    ),
    Way(
        "refuse",
        "received",
        INSPECTOR,
        API + "/reports/{report}/refuse",
        {"reason": "不属于劳动保障监察范围"},
        page=f"{PAGE}refuse/",
        form=lambda b: {"report": b.parts["report"], "reason": "不属于劳动保障监察范围"},
        forged="closed",
    ),
    Way(
        "refuse_report",
        "received:two_reports",
        INSPECTOR,
        API + "/reports/{report}/refuse",
        {"reason": "重复举报"},
        page=f"{PAGE}refuse/",
        form=lambda b: {"report": b.parts["report"], "reason": "重复举报"},
        forged="accepted",
    ),
    Way(
        "assign",
        "received",
        INSPECTOR,
        f"{API}/inspectors",
        lambda b: {"inspectors": b.parts["pair"]},
        page=f"{PAGE}assign/",
        forged="closed",
    ),
    Way(
        "begin_investigation",
        "accepted",
        INSPECTOR,
        f"{API}/records",
        record,
        page=f"{PAGE}record/",
        forged="received",
    ),
    Way(
        "investigate",
        "investigating",
        INSPECTOR,
        f"{API}/records",
        record,
        page=f"{PAGE}record/",
        forged="closed",
    ),
    Way(
        "extend",
        "accepted",
        INSPECTOR,
        f"{API}/extend",
        lambda b: {"approver": b.parts["approver"], "reason": "案情复杂"},
        page=f"{PAGE}extend/",
        forged="closed",
    ),
    Way(
        "order",
        "accepted",
        INSPECTOR,
        f"{API}/orders",
        {"issued_on": days(0), "deadline": days(10), "requirements": "限期支付工资"},
        page=f"{PAGE}order/",
        forged="decided",
    ),
    Way(
        "serve",
        "decided",
        INSPECTOR,
        API + "/decisions/{decision}/service",
        {"served_on": days(0), "method": "direct", "served_to": "法定代表人"},
        page=f"{PAGE}serve/",
        form=lambda b: {
            "document": f"decision:{b.parts['decision']}",
            "served_on": days(0),
            "method": "direct",
            "served_to": "法定代表人",
        },
        unreachable=DOCUMENTS_ONLY_WHERE_ALLOWED,
    ),
    Way(
        "comply",
        "ordered",
        INSPECTOR,
        API + "/orders/{order}/compliance",
        {"complied": False, "checked_on": days(0), "note": "逾期未支付"},
        page=f"{PAGE}comply/",
        form=lambda b: {"document": f"order:{b.parts['order']}", "complied": "0", "checked_on": days(0)},
        unreachable=DOCUMENTS_ONLY_WHERE_ALLOWED,
    ),
    Way(
        "statement",
        "investigating",
        INSPECTOR,
        f"{API}/statements",
        {"notified_on": days(-1), "heard_on": days(0), "statement": "无力支付"},
        page=f"{PAGE}statement/",
        forged="closed",
    ),
    Way(
        "decide",
        "investigating",
        INSPECTOR,
        f"{API}/decisions",
        lambda b: decision(),
        page=f"{PAGE}decide/",
        forged="closed",
    ),
    Way(
        "meeting",
        "accepted",
        INSPECTOR,
        f"{API}/meetings",
        {
            "held_on": days(0),
            "place": "南桥镇政府",
            "attendees": [{"body": "town", "name": "南桥镇人民政府"}],
            "agreed": "先行垫付",
        },
        page=f"{PAGE}meeting/",
        form={
            "held_on": days(0),
            "place": "南桥镇政府",
            "agreed": "先行垫付",
            **rows("attendees", [{"body": "town", "name": "南桥镇人民政府"}]),
            **rows("tasks", []),
        },
        forged="received",
    ),
    Way(
        "site_check",
        "accepted",
        INSPECTOR,
        f"{API}/site-checks",
        lambda b: {"grid": b.parts["grid"], "ask": "核实是否仍在经营", "due_on": days(3)},
        page=f"{PAGE}site_check/",
        forged="received",
    ),
    Way(
        "meeting",
        "decided",
        INSPECTOR,
        API + "/meeting-tasks/{task}/done",
        {"done_on": days(0)},
        page=f"{PAGE}task_done/",
        form=lambda b: {"task": b.parts["task"], "done_on": days(0)},
        forged="revoked",
        name="task_done",
    ),
    Way(
        "ledger",
        "accepted",
        INSPECTOR,
        f"{API}/claims",
        {"worker": {**new_worker(), "months": [{"month": owed_month(), "amount": "5200.00"}]}},
        page=f"{LEDGER}claim/",
        form={**new_worker(), **rows("months", [{"month": owed_month()[:7], "amount": "5200.00"}])},
        forged="received",
        name="claim",
    ),
    Way(
        "ledger",
        "accepted",
        INSPECTOR,
        f"{API}/payments",
        employer_payment,
        page=f"{LEDGER}payment/",
        forged="received",
        name="payment",
    ),
    Way(
        "ledger",
        "accepted",
        INSPECTOR,
        f"{API}/advances",
        lambda b: {
            "payer_kind": "fund",
            "payer_name": "应急周转金",
            "decided_on": days(0),
            "allocations": [{"worker": b.parts["worker"], "amount": "1000.00"}],
        },
        page=f"{LEDGER}advance/",
        form=lambda b: {
            "payer_kind": "fund",
            "payer_name": "应急周转金",
            "decided_on": days(0),
            f"to_{b.parts['worker']}": "1000.00",
        },
        forged="received",
        name="advance",
    ),
    Way(
        "repay",
        "decided",
        INSPECTOR,
        API + "/advances/{advance}/repayments",
        lambda b: repayment(),
        page=f"{LEDGER}repayment/",
        form=lambda b: {"advance": b.parts["advance"], **repayment()},
        forged="revoked",
    ),
    Way(
        "mediate",
        "accepted",
        "fx_mediator",
        API + "/claims/{claim}/mediation",
        hand_over_to_mediation,
        page=f"{LEDGER}mediation/",
        form=lambda b: {"claim": b.parts["claim"], **hand_over_to_mediation(b)},
        forged="closed",
    ),
    Way(
        "to_arbitration",
        "accepted",
        "fx_admin",
        API + "/claims/{claim}/arbitration",
        hand_over_to_arbitration,
        page=f"{LEDGER}arbitration/",
        form=lambda b: {"claim": b.parts["claim"], **hand_over_to_arbitration(b), **rows("extra", [])},
        forged="closed",
    ),
    Way(
        "transfer_police",
        "decided",
        INSPECTOR,
        f"{API}/police-transfer",
        {"transferred_on": days(0), "basis": "涉嫌拒不支付劳动报酬罪"},
        page=f"{PAGE}police/",
        forged="investigating",
    ),
    Way(
        "list_dishonest",
        "decided",
        INSPECTOR,
        f"{API}/dishonest-listing",
        {"listed_on": days(0), "reason": "逾期未支付工资"},
        page=f"{PAGE}dishonest/",
        forged="investigating",
    ),
    Way(
        "list_dishonest",
        "ordered:unmet",
        INSPECTOR,
        f"{API}/dishonest-notice",
        {"notified_on": days(0), "grounds": "逾期未支付工资"},
        page=f"{PAGE}dishonest_notice/",
        forged="investigating",
        name="notice",
    ),
    Way(
        "remove_dishonest",
        "ordered:listed",
        INSPECTOR,
        f"{API}/dishonest-listing/removal",
        {"removed_on": days(0), "corrected_on": days(-220), "promise": "书面信用承诺"},
        page=f"{PAGE}credit_repair/",
        forged="investigating",
    ),
    Way(
        "penalty_notice",
        "investigating",
        INSPECTOR,
        f"{API}/penalty-notices",
        {"notified_on": days(0), "violation": "obstruction", "facts": "阻挠检查", "fine": "5000.00"},
        page=f"{PAGE}penalty_notice/",
        form={
            "notified_on": days(0),
            "violation": "obstruction",
            "workers_harmed": "0",
            "fine": "5000.00",
            "facts": "阻挠检查",
        },
        forged="received",
    ),
    Way(
        "penalty_hearing",
        "investigating:hearing-offered",
        INSPECTOR,
        f"{API}/penalty-notices/hearing-request",
        {"requested_on": days(0)},
        page=f"{PAGE}hearing_request/",
        forged="received",
    ),
    Way(
        "penalty_decision",
        "investigating:noticed",
        INSPECTOR,
        f"{API}/penalties",
        {"decided_on": days(0), "fine": "5000.00", "deadline": days(15)},
        page=f"{PAGE}penalty_decide/",
        forged="received",
    ),
    Way(
        "close",
        "investigating",
        INSPECTOR,
        f"{API}/close",
        {"result": "已全部支付", "closed_on": days(0)},
        page=f"{PAGE}close/",
        forged="received",
    ),
    Way(
        "reopen_tracking",
        "investigating:tracking-locked",
        INSPECTOR,
        f"{API}/reopen-tracking",
        {},
        page=f"{PAGE}reopen_tracking/",
        unreachable=(
            "no forged transition: the workflow allows it from every state (a case whose tracking is not "
            "locked is refused by the service)"
        ),
    ),
    Way(
        "revoke",
        "accepted",
        INSPECTOR,
        f"{API}/revoke",
        {"reason": "情节轻微且已改正"},
        page=f"{PAGE}revoke/",
        forged="closed",
    ),
]

# the tests every module's table gets (tests/transitions.py)
globals().update(refusal_tests(WORKFLOW, WAYS))
