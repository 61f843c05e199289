"""The authorization matrix: every page of the URL conf and every operation of the OpenAPI document, tried
by one demo user of every role (and an anonymous visitor), on records inside and outside each user's data
scope, against the expectation declared in tests/security/policy.py.

Outcomes:
- login: pages redirect to the sign-in page, the API answers 401;
- hidden: 404, exactly as for a missing record (out-of-scope records are never admitted to exist);
- denied: 403 (a page that validates its form first may re-render it with 200), and nothing is written;
- allowed: exactly the status its entry states (a page 200, a real transition's redirect 302, an API read
  200, an API write 200 or 201): each write is tried on a record in a state it may be taken from, with a
  valid body, so it really goes through (and is rolled back); a 409 or 422 is not "allowed".
Never a 5xx. Nothing a denied or hidden request sends may leave an event on the timeline.

Writes run with the record's current version and a schema-valid body (built from the OpenAPI document), so
they reach the permission check; each request runs in a savepoint rolled back afterwards, so every user
sees the same records. The scene (the shared demo world, a few cases through the real services) is built once
per module: the conftest fixtures (`world`, `apply`, `filed`) are function-scoped and would make the cases
again for every endpoint.
"""

import random
import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from renshe.core import demo, issuing, law
from renshe.core import services as core_services
from renshe.core.casework import version_of
from renshe.core.models import ApiToken, DictionaryEntry, Enterprise, Event, Industry, Region, User
from renshe.core.selectors import district_streets, streets_for
from renshe.core.synthetic import citizen_id, credit_code
from renshe.core.tokens import SCOPES
from renshe.disputes import services as disputes
from renshe.disputes.demo import LiveCases
from renshe.disputes.documents import AGREEMENT
from renshe.disputes.models import DisputeCase, HearingRoom
from renshe.disputes.selectors import commissions_for
from renshe.disputes.services import ApplicantInput, ClaimInput, ItemInput
from renshe.disputes.services import RespondentInput as DisputeRespondent
from renshe.inspection import services as inspection
from renshe.inspection.demo import Demo as InspectionDemo
from renshe.inspection.models import InspectionCase, MeetingTask
from renshe.inspection.services import RespondentInput, WorkerInput
from renshe.messaging.models import SmsTemplate
from renshe.webhooks import services as webhooks
from renshe.webhooks.models import WebhookDelivery
from tests import builders

from . import policy
from .policy import ANY_SIGNED_IN, PUBLIC

API_PREFIX = "/api/v1"
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%%EOF\n"

# --- the world -------------------------------------------------------------------------------------


class Scene:
    """The records tried (policy.SCOPE keys → URL arguments) and a signed-in client per user."""

    def __init__(self):
        self.records: dict[str, dict] = {}
        self.pages: dict[str | None, Client] = {}
        self.api: dict[str | None, Client] = {}
        self.streets: dict[str, int] = {}


def _build(world: demo.DemoWorld) -> Scene:
    u, o = world.users, world.orgs
    rng = random.Random(5)
    today = timezone.localdate()

    # 张江: an application at the centre (with evidence), a settled one, one in arbitration, one awarded
    live = LiveCases(world, rng)
    zj = live.apply(0)
    with TestCase.captureOnCommitCallbacks(execute=True):  # its file stored, as after a commit
        evidence = disputes.attach_evidence(
            zj,
            by=u["zj_centre"],
            upload=SimpleUploadedFile("slip.pdf", TINY_PDF, "application/pdf"),
            version=version_of(zj),
        )
    zj.refresh_from_db()
    accepted = live.accept(live.apply(1))
    # a collective dispute (第七条): ten workers, the first three their representatives
    collective = live.apply(2, workers=10)
    elected = list(collective.applicants.order_by("pk").values_list("pk", flat=True)[3:6])
    settling = live.mediate(live.apply(15))
    agreement = disputes.settle_dispute(
        settling,
        by=u["zj_centre"],
        signed_on=today - timedelta(days=3),
        terms="被申请人分两期支付拖欠工资。",
        version=settling.version,
        items=[ItemInput("unpaid_wages", "支付拖欠工资", Decimal("16800"), today - timedelta(days=1))],
    )
    settled = DisputeCase.objects.get(pk=settling.pk)

    # their own cases, so that the others keep the firms and people they are drawn with
    extra = LiveCases(world, random.Random(6))

    def settled_unpaid(days_ago: int) -> DisputeCase:
        """Settled three days ago, a wage item due yesterday and unpaid (劳动争议调解仲裁法 第十六条)."""
        mediated = extra.mediate(extra.apply(days_ago))
        disputes.settle_dispute(
            mediated,
            by=u["zj_centre"],
            signed_on=today - timedelta(days=3),
            terms="被申请人支付拖欠工资。",
            version=mediated.version,
            items=[ItemInput("unpaid_wages", "支付拖欠工资", Decimal("9000"), today - timedelta(days=1))],
        )
        return DisputeCase.objects.get(pk=mediated.pk)

    # the default recorded: the worker may apply for a payment order; and a joint application for judicial
    # confirmation waiting for the court's ruling
    defaulted = settled_unpaid(16)
    defaulted = disputes.declare_default(defaulted, by=u["zj_centre"], version=defaulted.version)
    confirming = settled_unpaid(17)
    follow_up = disputes.apply_for_judicial_confirmation(
        confirming,
        by=u["zj_centre"],
        applied_on=today,
        court="上海市浦东新区人民法院",
        joint=True,
        version=confirming.version,
    )
    confirming.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):  # its file stored, as after a commit
        issued = issuing.issue_document(settled, AGREEMENT, by=u["zj_centre"])
    arbitrating = live.arbitrate(live.mediate(live.apply(35)), 12, 10)
    awarded = live.award(live.arbitrate(live.mediate(live.apply(70)), 50, 48), 5)
    # a case in each further state a transition is tried from, so that allowed calls really succeed
    mediating = live.mediate(live.apply(5))
    referred = live.accept(live.apply(4))
    referred = disputes.refer_dispute(
        referred, by=u["zj_centre"], to=o["zj_studio"], version=referred.version
    )
    suspended = live.mediate(live.apply(6))
    suspended = disputes.suspend_mediation(
        suspended, by=u["zj_centre"], reason="当事人住院治疗", version=suspended.version
    )
    arbitration_applied = live.arbitrate(live.mediate(live.apply(20)), 2)
    # its own draws, so that the cases after it keep the firms and people they are drawn with
    paused = LiveCases(world, random.Random(7))
    hearing_suspended = paused.arbitrate(paused.mediate(paused.apply(25)), 12, 10)
    disputes.suspend_arbitration(  # approved by the commission's director (办案规则 第四十七条)
        hearing_suspended,
        by=u["pd_head"],
        ground="appraisal",
        on=today - timedelta(days=2),
        note="伤残等级鉴定",
        version=version_of(hearing_suspended),
    )
    tribunal = live.arbitrate(live.mediate(live.apply(30)), 9, 7)
    tribunal = builders.panel(world, tribunal)
    recusal = disputes.request_recusal(
        tribunal,
        by=u["zj_arbitrator"],
        arbitrator=u["pd_arbitrator"],
        source="party",
        ground="interest",
        reason="申请人称该仲裁员曾任被申请人法律顾问",
        version=version_of(tribunal),
    )
    tribunal.refresh_from_db()
    failing = live.mediate(live.apply(8))
    failed = disputes.fail_mediation(
        failing, by=u["zj_centre"], reason="双方分歧较大", version=failing.version
    )
    sued = live.serve(live.award(live.arbitrate(live.mediate(live.apply(90)), 70, 68), 20), 18, 18)
    disputes.record_suit(
        sued,
        by=u["zj_centre"],
        filed_by="worker",
        filed_on=today - timedelta(days=5),
        court="上海市浦东新区人民法院",
        version=version_of(sued),
    )
    sued.refresh_from_db()
    mixed = live.arbitrate(live.mediate(live.apply(60)), 40, 38)
    disputes.make_award(
        mixed,
        by=u["zj_arbitrator"],
        awarded_on=today - timedelta(days=4),
        summary="驳回申请人的其他仲裁请求。",
        items=[ClaimInput("unpaid_wages", Decimal("16800.00")), ClaimInput("other", Decimal("500.00"))],
        version=version_of(mixed),
    )
    mixed.refresh_from_db()
    served = live.serve(live.award(live.arbitrate(live.mediate(live.apply(65)), 45, 43), 4), 3, 2)
    petitioned = live.serve(live.award(live.arbitrate(live.mediate(live.apply(66)), 46, 44), 4), 3, 2)
    disputes.petition_revocation(
        petitioned,
        by=u["zj_arbitrator"],
        filed_on=today - timedelta(days=1),
        court="上海市第一中级人民法院",
        version=version_of(petitioned),
    )
    petitioned.refresh_from_db()
    lapsed = live.serve(live.award(live.arbitrate(live.mediate(live.apply(160)), 140, 138), 80), 78, 78)
    # 曹杨新村街道: the street's own mediation centre (in the demo network), an application there
    caoyang = o["pt_centre"]
    pt, _code = disputes.apply_for_mediation(
        by=u["pt_admin"],
        channel="counter",
        centre=caoyang,
        applicants=[ApplicantInput(citizen_id(rng), "普陀工人")],
        respondent=DisputeRespondent(
            credit_code=credit_code(77001, "310107"),
            name="上海普陀某商贸有限公司",
            street_id=o["street:310107005"].pk,
        ),
        claims=[ClaimInput("unpaid_wages", Decimal("9000.00"))],
        facts="公司拖欠两个月工资。",
        case_type="remuneration",
        received_on=today,
    )
    pt.refresh_from_db()

    # 奉贤: the story's case with its documents, meeting, claims and advance; and a fresh complaint
    story = InspectionDemo(world, rng).story()
    fx = InspectionCase.objects.get(pk=story.case_id)

    def complaint(by, brigade, code, street, name):
        months = [(today.replace(day=1) - timedelta(days=40), Decimal("5000.00"))]
        return inspection.register_report(
            by=by,
            brigade=brigade,
            kind="complaint",
            channel="counter",
            respondent=RespondentInput(credit_code=code, name=name, street_id=street.pk),
            content="公司拖欠全体员工上月工资，多次讨要未果。",
            received_on=today,
            workers=[WorkerInput(citizen_id(rng), "工人甲", months=months)],
        ).case

    fx_new = complaint(
        u["fx_inspector"],
        o["fx_brigade"],
        credit_code(88001, "310120"),
        o["street:310120101"],
        "上海奉贤某电子有限公司",
    )
    pt_case = complaint(
        u["pt_admin"],
        o["pt_brigade"],
        credit_code(88002, "310107"),
        o["street:310107005"],
        "上海普陀某物流有限公司",
    )

    # a complaint filed and under investigation by the brigade's two inspectors
    investigating = complaint(
        u["fx_inspector"],
        o["fx_brigade"],
        credit_code(88003, "310120"),
        o["street:310120101"],
        "上海奉贤某包装有限公司",
    )
    investigating = builders.filed(world, investigating, on=today, inquiry_on=today)
    # 普陀's complaint accepted by its department: its ledger may change from then on
    pt_accepted = complaint(
        u["pt_admin"],
        o["pt_brigade"],
        credit_code(88004, "310107"),
        o["street:310107005"],
        "上海普陀某餐饮有限公司",
    )
    pt_accepted = inspection.accept_case(
        pt_accepted, by=u["pt_admin"], filed_on=today, version=version_of(pt_accepted)
    )
    # 奉贤: an order served and not complied with, the employer heard (police, dishonest list, decision),
    # and a case whose order and decision are issued and not yet served
    ordered = _filed(world, 88005, today)
    builders.unmet_order(
        world,
        ordered,
        issued_on=today - timedelta(days=30),
        deadline=today - timedelta(days=20),
        checked_on=today - timedelta(days=18),
    )
    _heard(world, ordered, today)
    inspection.notify_dishonest_listing(
        ordered,
        by=u["fx_inspector"],
        notified_on=today - timedelta(days=17),
        grounds="逾期",
        version=version_of(ordered),
    )
    ordered.refresh_from_db()
    penalties = _penalty_cases(world, today)
    unserved = _filed(world, 88006, today)
    unserved_order = inspection.issue_rectification_order(
        unserved,
        by=u["fx_inspector"],
        issued_on=today - timedelta(days=30),
        deadline=today - timedelta(days=20),
        requirements="限期支付工资",
        version=version_of(unserved),
    )
    _heard(world, unserved, today)
    unserved_decision = inspection.issue_handling_decision(
        unserved,
        by=u["fx_inspector"],
        decided_on=today - timedelta(days=10),
        findings="拖欠两名劳动者五个月工资。",
        deadline=today + timedelta(days=5),
        version=version_of(unserved),
    )

    fx_ids = {
        "penalty_id": penalties["served_penalty"].pk,  # compliance
        "unserved_penalty_id": penalties["unserved_penalty"].pk,  # service
        "report_id": fx.reports.order_by("pk").first().pk,
        "order_id": fx.orders.order_by("pk").first().pk,
        "decision_id": fx.decisions.order_by("pk").first().pk,
        # a task of the meeting not yet done
        "task_id": MeetingTask.objects.filter(meeting__case=fx, done_on=None).order_by("pk").first().pk,
        "advance_id": story.advance_id,
        "claim_id": fx.claims.order_by("pk").first().pk,
        # the story's first order, as the case's documents name it (core.api.CaseApi.documents)
        "document_kind": "inspection.order",
        "subject_id": fx.orders.order_by("pk").first().pk,
    }
    zj_ids = {
        "evidence_id": evidence.pk,
        "item_id": agreement.items.first().pk,
        "recusal_id": recusal.pk,
        "follow_up_id": follow_up.pk,
        # the settled case's agreement (a dispute's documents are about the case itself)
        "document_kind": "disputes.agreement",
        "subject_id": settled.pk,
    }
    # a site check the brigade asked of 南桥网格 (its officer's page)
    site_check = inspection.request_site_check(
        investigating,
        by=u["fx_inspector"],
        grid=o["grid:南桥网格"],
        ask="核实是否仍在经营",
        due_on=today + timedelta(days=3),
        version=version_of(investigating),
    )

    def person(by, name):
        return core_services.register_person(by=by, id_number=citizen_id(rng), name=name, phone="13800138000")

    def enterprise(by, street):
        return core_services.register_enterprise(
            by=by,
            credit_code=credit_code(55001, "310107"),
            data=core_services.EnterpriseInput(
                name="上海曹杨某科技有限公司",
                industry="65",
                street=street.pk,
                size="small",
                legal_representative="周某",
                address="曹杨路1号",
                contact_phone="13800138001",
                employee_count=20,
            ),
        )

    def case(c, **extra):
        return {"pk": c.pk, "model": type(c), **extra}

    def first_worker(c) -> dict:
        """The worker of the case's first ledger row, for a payment or an advance to name."""
        return {"worker": c.claims.order_by("pk").first().worker_id}

    # a case whose public tracking the portal locked after too many wrong query codes
    tracking_locked = referred
    disputes.lock_tracking(tracking_locked.number, wrong_codes=10)
    inspection.lock_tracking(investigating.number, wrong_codes=10)  # an arrears report's case alike

    scene = Scene()
    scene.records = {
        "dispute:zj": case(zj, **zj_ids),
        "dispute:zj-evidence": case(zj, **zj_ids),
        "dispute:zj-accepted": case(accepted, **zj_ids),
        "dispute:zj-settled": case(settled, **zj_ids),
        "dispute:zj-arbitration": case(arbitrating, **zj_ids),
        "dispute:zj-awarded": case(awarded, **zj_ids),
        "dispute:zj-mediating": case(mediating, **zj_ids),
        "dispute:zj-referred": case(referred, **zj_ids),
        "dispute:zj-suspended": case(suspended, **zj_ids),
        "dispute:zj-arbitration-applied": case(arbitration_applied, **zj_ids),
        "dispute:zj-hearing-suspended": case(hearing_suspended, **zj_ids),
        "dispute:zj-sued": case(sued, **zj_ids),
        "dispute:zj-mixed": case(mixed, **zj_ids),
        "dispute:zj-served": case(served, **zj_ids),
        "dispute:zj-petitioned": case(petitioned, **zj_ids),
        "dispute:zj-lapsed": case(lapsed, **zj_ids),
        "dispute:zj-failed": case(failed, **zj_ids),
        "dispute:zj-defaulted": case(defaulted, **zj_ids),
        "dispute:zj-confirming": case(confirming, **zj_ids),
        "dispute:zj-tribunal": case(tribunal, **zj_ids),
        "dispute:zj-tracking-locked": case(tracking_locked, **zj_ids),
        "dispute:zj-collective": case(collective, representatives=elected, **zj_ids),
        "dispute:pt": case(pt, **zj_ids),  # a sub-record id here only matters under "@foreign"
        "dispute:pt@foreign": case(pt, **zj_ids),
        "inspection:fx": case(fx, **fx_ids),
        "inspection:fx-new": case(fx_new, **{**fx_ids, "report_id": fx_new.reports.get().pk}),
        "inspection:fx-investigating": case(investigating, **fx_ids, **first_worker(investigating)),
        "inspection:fx-ordered": case(ordered, **fx_ids),
        "inspection:fx-tracking-locked": case(investigating, **fx_ids),
        "inspection:fx-unserved": case(
            unserved, **{**fx_ids, "order_id": unserved_order.pk, "decision_id": unserved_decision.pk}
        ),
        # the story's claims are all handed over already: the open case's claim goes through
        "handover:fx": case(investigating, **{**fx_ids, "claim_id": investigating.claims.get().pk}),
        "inspection:pt": case(pt_case, **fx_ids),
        "inspection:pt@foreign": case(pt_case, **fx_ids),
        "inspection:pt-accepted": case(pt_accepted, **fx_ids, **first_worker(pt_accepted)),
        "document:fx": {"pk": fx_ids["order_id"], **fx_ids},
        "document:fx-penalty": {
            "pk": fx_ids["penalty_id"],
            "penalty_notice_id": penalties["served_penalty"].notice_id,
            **fx_ids,
        },
        **{f"inspection:fx-{name}": case(penalties[name], **fx_ids) for name in PENALTY_RECORDS},
        "site_check:fx": {"pk": site_check.pk},
        "issued:zj-settled": {"pk": issued.pk},
        "enterprise:zj": {"pk": Enterprise.objects.filter(street=o["street:310115125"]).first().pk},
        "enterprise:fx": {"pk": Enterprise.objects.get(name="上海某道具制造有限公司").pk},
        "person:zj": {"pk": person(u["zj_centre"], "张江某人").pk},
        "person:pt": {"pk": person(u["pt_caoyang"], "曹杨某人").pk},
        "person:pt-skills": {"pk": person(u["pt_talent"], "技能人才某人").pk},
        "enterprise:pt": {"pk": enterprise(u["pt_admin"], o["street:310107005"]).pk},
        "user:pt": {"pk": u["pt_caoyang"].pk},
        "organisation:pt": {"pk": o["street:310107005"].pk},
        "dictionary:claim-type": {
            "pk": DictionaryEntry.objects.get(dictionary="claim_type", code="unpaid_wages").pk
        },
        "region:caoyang": {"kind": "regions", "pk": Region.objects.get(code="310107005").pk},
        "code-list:regions": {"kind": "regions"},
        "industry:I": {"pk": Industry.objects.get(code="I").pk},
        "sms-template:accepted": {"pk": SmsTemplate.objects.get(verb="dispute.accepted").pk},
        # a room with no hearing booked, so that disabling it goes through
        "room:zj": {"pk": HearingRoom.objects.create(organisation=o["zj_tribunal"], name="矩阵仲裁庭").pk},
        **_webhook(u["zj_centre"]),
    }
    for key in ("enterprise:zj", "enterprise:fx", "enterprise:pt"):  # its file: the same enterprise
        scene.records[f"{key}-file"] = scene.records[key]
    for username in policy.ACTORS:
        page, api = Client(raise_request_exception=False), Client(raise_request_exception=False)
        if username != "anonymous":
            user = User.objects.get(username=username)
            page.force_login(user)
            _token, key = ApiToken.issue(user, "authorization matrix", scopes=" ".join(SCOPES))
            api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        scene.pages[username] = page
        scene.api[username] = api
    scene.world = world
    scene.streets = {
        username: _own_street(scene, username) for username in policy.ACTORS if username != "anonymous"
    }
    scene.commissions = {
        username: _own_commission(username, o["zj_tribunal"])
        for username in policy.ACTORS
        if username != "anonymous"
    }
    return scene


def _webhook(owner: User) -> dict[str, dict]:
    """An endpoint of `owner`'s and a delivery in its log (of the last event: a body is all it needs)."""
    endpoint, _secret = webhooks.create_endpoint(
        owner, url="https://hooks.example.com/matrix", events=["dispute.received"]
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=Event.objects.latest("id"), name="dispute.received", payload={}
    )
    return {
        "webhook:zj": {"pk": endpoint.pk},
        "webhook-delivery:zj": {"pk": endpoint.pk, "delivery": delivery.uuid},
    }


def _filed(world: demo.DemoWorld, serial: int, today) -> InspectionCase:
    """A complaint at 奉贤's brigade about a firm in 南桥, filed and under investigation."""
    case = builders.registered(world, serial=serial, received_on=today - timedelta(days=40))
    return builders.filed(world, case, on=today - timedelta(days=38), inquiry_on=today - timedelta(days=36))


PENALTY_RECORDS = ("unmet", "listed", "hearing-offered", "hearing-requested", "noticed", "penalised")


def _penalty_cases(world: demo.DemoWorld, today) -> dict:
    """The 奉贤 cases the dishonest list's and the penalties' transitions are tried on (policy.RECORDS)."""
    by = world.users["fx_inspector"]

    def ago(n: int):
        return today - timedelta(days=n)

    def unmet(case, start: int):
        builders.unmet_order(
            world, case, issued_on=ago(start), deadline=ago(start - 10), checked_on=ago(start - 11)
        )
        return case

    def noticed(serial: int, on: int, fine: str = "5000.00", violation: str = "obstruction"):
        case = _filed(world, serial, today)
        inspection.notify_penalty(
            case,
            by=by,
            notified_on=ago(on),
            violation=violation,
            facts="阻挠检查",
            fine=fine,
            version=version_of(case),
        )
        case.refresh_from_db()
        return case

    def decided(case, on: int, deadline: int, fine: str = "5000.00"):
        penalty = inspection.decide_penalty(
            case, by=by, decided_on=ago(on), fine=fine, deadline=ago(deadline), version=version_of(case)
        )
        case.refresh_from_db()
        return penalty

    listed = builders.registered(world, serial=88011, received_on=ago(260))
    listed = unmet(builders.filed(world, listed, on=ago(259), inquiry_on=ago(255)), 250)
    inspection.notify_dishonest_listing(
        listed, by=by, notified_on=ago(238), grounds="逾期", version=version_of(listed)
    )
    listed.refresh_from_db()
    inspection.list_as_dishonest(listed, by=by, listed_on=ago(225), reason="逾期", version=version_of(listed))
    listed.refresh_from_db()
    requested = noticed(88013, 3, fine="50000.00", violation="employment_services")
    inspection.request_hearing(requested, by=by, requested_on=ago(2), version=version_of(requested))
    requested.refresh_from_db()
    penalised = noticed(88015, 30)
    served = decided(penalised, 25, 10)
    inspection.record_service(
        served, by=by, served_on=ago(24), method="direct", served_to="钱某", version=version_of(penalised)
    )
    penalised.refresh_from_db()
    inspection.notify_penalty(
        penalised,
        by=by,
        notified_on=ago(8),
        violation="obstruction",
        facts="再次阻挠",
        fine="3000.00",
        version=version_of(penalised),
    )
    penalised.refresh_from_db()
    unserved = decided(penalised, 5, -10, fine="3000.00")
    return {
        "unmet": unmet(_filed(world, 88010, today), 30),
        "listed": listed,
        "hearing-offered": noticed(88012, 1, fine="50000.00", violation="employment_services"),
        "hearing-requested": requested,
        "noticed": noticed(88014, 2),
        "penalised": penalised,
        "served_penalty": served,
        "unserved_penalty": unserved,
    }


def _heard(world: demo.DemoWorld, case: InspectionCase, today) -> None:
    """The employer's statement and defence heard (条例 第十九条), as a handling decision needs first."""
    inspection.record_statement(
        case,
        by=world.users["fx_inspector"],
        notified_on=today - timedelta(days=15),
        heard_on=today - timedelta(days=12),
        statement="公司资金周转困难，请求从轻处理。",
        version=version_of(case),
    )
    case.refresh_from_db()


def _own_street(scene: Scene, username: str) -> int:
    """The street a caller's body names (an enterprise's, a reported employer's): one in its scope, else one
    of its district (a centre's, a brigade's or a section's staff have no street in scope: they may report an
    employer of their district, not place an enterprise in a street)."""
    user = User.objects.get(username=username)
    street = next(iter(streets_for(user)), None) or district_streets(user)[0]  # both in path order
    return street.pk


def _own_commission(username: str, otherwise) -> int:
    """The commission a caller's new room names: one in its scope, else 张江's tribunal (refused then)."""
    found = commissions_for(User.objects.get(username=username)).first()
    return (found or otherwise).pk


@pytest.fixture(scope="module")
def scene(shared_world, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build(shared_world.fetch())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- what is there -------------------------------------------------------------------------------


def url_names() -> dict[str, URLPattern]:
    """Every named page of the URL conf, walking the includes: "namespace:name" → pattern."""
    found: dict[str, URLPattern] = {}

    def walk(resolver: URLResolver, namespace: str, route: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = ":".join(p for p in (namespace, entry.namespace) if p)
                walk(entry, ns, route + str(entry.pattern))
            else:
                label = entry.name or f"(unnamed) {route}{entry.pattern}"
                found[":".join(p for p in (namespace, label) if p)] = entry

    walk(get_resolver(), "", "")
    return found


def skipped(name: str) -> bool:
    return name in policy.PAGES_SKIPPED or any(
        key.endswith(":*") and name.startswith(key[:-1]) for key in policy.PAGES_SKIPPED
    )


def openapi_operations() -> dict[str, dict]:
    """Every operation of /api/v1/openapi.json (fetched anonymously: the document is public by design):
    "METHOD /api/v1/path" → the operation (with the document)."""
    response = Client().get(f"{API_PREFIX}/openapi.json")
    assert response.status_code == 200, response.status_code
    document = response.json()
    found = {}
    for route, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found[f"{method.upper()} {route}"] = {**operation, "_document": document}
    return found


def test_every_page_has_an_entry():
    names = url_names()
    declared = {key.split("?")[0] for key in policy.PAGES}
    missing = sorted(n for n in set(names) - declared if not skipped(n))
    assert not missing, f"pages without an entry in tests/security/policy.py PAGES: {missing}"
    stale = sorted(declared - set(names))
    assert not stale, f"entries in PAGES for pages that no longer exist: {stale}"


def test_every_api_operation_has_an_entry(db):
    operations = openapi_operations()
    missing = sorted(set(operations) - set(policy.API))
    assert not missing, f"API operations without an entry in tests/security/policy.py API: {missing}"
    stale = sorted(set(policy.API) - set(operations))
    assert not stale, f"entries in API for operations that no longer exist: {stale}"


def test_every_record_has_a_scope():
    used = {r for table in (policy.PAGES, policy.API) for entry in table.values() for r in entry.records}
    assert used <= set(policy.SCOPE), sorted(used - set(policy.SCOPE))


# --- expectation ---------------------------------------------------------------------------------


def expected(entry: policy.Rule, username: str, record: str | None) -> str:
    if entry.roles == PUBLIC:
        return "allowed"
    if username == "anonymous":
        return "login"
    if record is not None and username not in policy.SCOPE[record]:
        return "hidden"
    role = policy.ACTORS[username]
    if entry.roles != ANY_SIGNED_IN and role not in entry.roles:
        return "denied"
    if entry.only is not None and username not in entry.only:
        return "denied"
    return "allowed"


def trials(entry: policy.Rule):
    for username in policy.ACTORS:
        for record in entry.records or (None,):
            yield username, record


class Tally:
    pairs = 0
    assertions = 0
    on_reference = 0


def _attempt(record_args, send, *send_args):
    """Send one request in a savepoint rolled back afterwards; returns (response, events written,
    record version changed)."""
    model, pk = record_args.get("model"), record_args.get("pk")
    with transaction.atomic():
        before = Event.objects.count()
        version = model.objects.values_list("version", flat=True).get(pk=pk) if model else None
        response = send(*send_args)
        wrote = Event.objects.count() - before
        changed = model is not None and model.objects.values_list("version", flat=True).get(pk=pk) != version
        transaction.set_rollback(True)
    return response, wrote, changed


def _refused_on_reference(response) -> bool:
    if response.status_code not in (403, 422):
        return False
    body = response.json()
    fields = {body.get("field")} | {e.get("field") for e in body.get("errors") or ()}
    if fields & REFERENCE_FIELDS:
        Tally.on_reference += 1
        return True
    return False


def _check(
    outcome: str, response, wrote: int, changed: bool, *, api: bool, write: bool, success: int, what: str
):
    status = response.status_code
    if not response.streaming:
        what = f"{what} [{response.content[:200].decode(errors='replace')}]"
    Tally.assertions += 1
    assert status < 500, f"{what}: {status} (server error)"
    if outcome == "login":
        if api:
            assert status == 401, f"{what}: expected 401 for an anonymous caller, got {status}"
        else:
            assert status == 302 and "/login/" in response["Location"], (
                f"{what}: expected a redirect to the sign-in page, got {status}"
            )
    elif outcome == "hidden":
        ok = status == 404 or (api and write and _refused_on_reference(response))
        assert ok, f"{what}: out of scope must answer 404 (as missing), got {status}"
    elif outcome == "denied":
        ok = status == 403 or (not api and write and status == 200)
        ok = ok or (api and write and _refused_on_reference(response))
        assert ok, f"{what}: expected 403, got {status}"
    else:
        assert status == success, f"{what}: allowed, so it must answer {success}, but answered {status}"
    if outcome != "allowed":
        Tally.assertions += 1
        assert not wrote and not changed, f"{what}: refused ({status}) but wrote {wrote} event(s)"


# --- pages ---------------------------------------------------------------------------------------

# URL arguments that are not records: the transition tried on a case page, the kind of a document
PAGE_ARGUMENTS = {"action": "accept", "kind": "order"}
# the record argument a page's <pk> takes when it is not the case itself
PAGE_PK = {
    "inspection:order_pdf": "order_id",
    "inspection:decision_pdf": "decision_id",
    "inspection:receipt_pdf": "order_id",
    "inspection:penalty_notice_pdf": "penalty_notice_id",
    "inspection:penalty_pdf": "penalty_id",
}


def page_url(key: str, pattern: URLPattern, args: dict) -> str:
    name = key.split("?")[0]
    kwargs = {}
    for param in pattern.pattern.converters:
        if param == "pk":
            kwargs[param] = args[PAGE_PK.get(name, "pk")]
        elif param in args:  # a record's own argument (the code list of a region)
            kwargs[param] = args[param]
        else:
            kwargs[param] = PAGE_ARGUMENTS[param]
    url = reverse(name, kwargs=kwargs)
    entry = policy.PAGES[key]
    return f"{url}?{entry.query}" if entry.query else url


def page_body(key: str, args: dict, world) -> dict:
    """A valid form for the transitions tried (accept an application / a complaint, the ledger's actions);
    otherwise empty."""
    model = args.get("model")
    if key == "core:correct_document":
        return {"reason": "协议书履行期限写错"}
    if key not in PAGE_FORMS:
        return {}
    action, fields = PAGE_FORMS[key]
    version = model.objects.get(pk=args["pk"]).version
    form = {"version": version, **fields(world, args, timezone.localdate())}
    return {f"{action}-{name}": value for name, value in form.items()}


# The forms of the page transitions tried: (the action's prefix, its fields but the version).
PAGE_FORMS = {
    "disputes:action": ("accept", lambda w, a, today: {}),
    "inspection:action": ("accept", lambda w, a, today: {"filed_on": today.isoformat()}),
    "inspection:ledger_claim": (
        "claim",
        lambda w, a, today: {
            "id_number": citizen_id(random.Random(11)),
            "name": "工人乙",
            "months-TOTAL_FORMS": "1",
            "months-INITIAL_FORMS": "0",
            "months-0-month": f"{today.replace(day=1) - timedelta(days=1):%Y-%m}",
            "months-0-amount": "4800.00",
        },
    ),
    "inspection:ledger_payment": (
        "payment",
        lambda w, a, today: {
            "worker": a["worker"],
            "amount": "100.00",
            "paid_on": today.isoformat(),
            "source": "employer",
        },
    ),
    "inspection:ledger_advance": (
        "advance",
        lambda w, a, today: {
            "payer_kind": "fund",
            "payer_name": "应急周转金",
            "decided_on": today.isoformat(),
            f"to_{a['worker']}": "100.00",
        },
    ),
    "inspection:ledger_repayment": (
        "repayment",
        lambda w, a, today: {
            "advance": a["advance_id"],
            "amount": "100.00",
            "repaid_on": today.isoformat(),
            "source": "enforcement",
            "reference": "（2026）沪0120执1234号",
        },
    ),
    "inspection:ledger_mediation": (
        "mediation",
        lambda w, a, today: {
            "claim": a["claim_id"],
            "centre": w.orgs["fx_centre"].pk,
            "signed_on": today.isoformat(),
            "due_on": (today + timedelta(days=15)).isoformat(),
        },
    ),
    "inspection:ledger_arbitration": (
        "arbitration",
        lambda w, a, today: {
            "claim": a["claim_id"],
            "commission": w.orgs["fx_arbitration"].pk,
            "applied_on": today.isoformat(),
            "extra-TOTAL_FORMS": "0",
            "extra-INITIAL_FORMS": "0",
        },
    ),
}


@pytest.mark.parametrize("key", sorted(policy.PAGES))
def test_page(scene, db, key):
    entry = policy.PAGES[key]
    pattern = url_names()[key.split("?")[0]]
    write = entry.method == "POST"
    for username, record in trials(entry):
        args = scene.records[record] if record else {}
        url = page_url(key, pattern, args)
        client = scene.pages[username]
        if write:
            response, wrote, changed = _attempt(args, client.post, url, page_body(key, args, scene.world))
        else:
            response, wrote, changed = _attempt(args, client.get, url)
        outcome = expected(entry, username, record)
        what = f"{entry.method} {url} [{key}] as {username} on {record or '-'} → {outcome}"
        _check(outcome, response, wrote, changed, api=False, write=write, success=entry.status, what=what)
        if outcome == "allowed" and key in PAGE_FORMS:
            Tally.assertions += 1
            assert response.status_code == 302 and changed, f"{what}: the transition did not go through"
        Tally.pairs += 1


# --- API -----------------------------------------------------------------------------------------


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def sample(document: dict, schema: dict, name: str, args: dict, world):
    """A minimal value valid for `schema` (and plausible for the field `name`)."""
    schema = _resolve(document, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(document, s).get("type") != "null"]
            return sample(document, options[0], name, args, world)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if name == "version":
        model = args.get("model")
        return model.objects.get(pk=args["pk"]).version if model else 1
    if kind == "integer" and name in RECORD_FIELDS:
        return args[name]
    if name in FIELD_VALUES:
        value = FIELD_VALUES[name](world, args)
        return [value] if kind == "array" and not isinstance(value, list) else value
    if kind == "object":
        return {
            prop: sample(document, sub, prop, args, world)
            for prop, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [sample(document, schema.get("items", {}), name, args, world)]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return "100.00"
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    today = timezone.localdate()
    if fmt == "date":
        return today.isoformat()
    if fmt == "date-time":
        return timezone.make_aware(datetime.combine(today + timedelta(days=3), time(9, 0))).isoformat()
    if fmt == "decimal" or "pattern" in schema and "\\d" in schema["pattern"]:
        return "100.00"
    return "测试" * max(1, int(schema.get("minLength", 1)))


# body fields that name something in the world: the ones the tried users' scopes decide on
# (inspection records hand wage claims to 奉贤's own centre and commission)
def _fx(args) -> bool:
    return args.get("model") is InspectionCase


FIELD_VALUES = {
    "centre": lambda w, a: w.orgs["fx_centre" if _fx(a) else "zj_centre"].pk,
    "centre_id": lambda w, a: w.orgs["zj_centre"].pk,
    "brigade": lambda w, a: w.orgs["fx_brigade"].pk,
    "commission": lambda w, a: w.orgs["fx_arbitration" if _fx(a) else "zj_tribunal"].pk,
    # an enterprise (or a reported employer) in the caller's own streets
    "street": lambda w, a: a["own_street"],
    "street_id": lambda w, a: a["own_street"],
    "to": lambda w, a: w.orgs["zj_studio"].pk,
    "mediators": lambda w, a: w.users["zj_centre"].pk,
    # 条例 第十六条: two inspectors
    "inspectors": lambda w, a: [w.users["fx_inspector"].pk, w.users["fx_inspector2"].pk],
    "approver": lambda w, a: w.users["fx_admin"].pk,
    "grid": lambda w, a: w.orgs["grid:南桥网格"].pk,
    "enterprise_id": lambda w, a: None,
    "id_number": lambda w, a: citizen_id(random.Random(9)),
    "credit_code": lambda w, a: credit_code(66001, "310115"),
    "period": lambda w, a: next(iter(law.PERIODS)),
    "extra_compensation_rate": lambda w, a: "0.50",
    # a penalty within 《劳动保障监察条例》第三十条's range; a correction six months before the listing's removal
    "violation": lambda w, a: "obstruction",
    "fine": lambda w, a: "5000.00",
    "corrected_on": lambda w, a: (timezone.localdate() - timedelta(days=220)).isoformat(),
    # the tribunal and its rooms: 科创仲裁庭's own
    "arbitrators": lambda w, a: [w.users["zj_arbitrator"].pk],
    "presiding": lambda w, a: w.users["zj_arbitrator"].pk,
    "arbitrator": lambda w, a: w.users["zj_arbitrator"].pk,
    "replacement": lambda w, a: w.users["zj_arbitrator2"].pk,
    "room": lambda w, a: HearingRoom.objects.get(organisation=w.orgs["zj_tribunal"], name="第一仲裁庭").pk,
    "phone": lambda w, a: "13800138002",
    "industry": lambda w, a: "65",
    "size": lambda w, a: "small",
    "contact_phone": lambda w, a: "13800138003",
    "content": lambda w, a: "公司拖欠全体员工上月工资，多次讨要未果。",
    "claim_type": lambda w, a: "unpaid_wages",
    "held_at": lambda w, a: (timezone.now() - timedelta(hours=1)).isoformat(),
    "deadline": lambda w, a: (timezone.localdate() + timedelta(days=15)).isoformat(),
    # 劳动争议调解仲裁法 第三十五条: the hearing is notified five days ahead
    "scheduled_at": lambda w, a: timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=10), time(9, 0))
    ).isoformat(),
}
# id fields naming a sub-record of the case tried, taken from its record (the worker on its ledger)
RECORD_FIELDS = frozenset({"worker"})
# The OpenAPI document publishes one schema per class name, and the disputes and inspection modules each
# have a ClaimIn and an ExtendIn (also ReasonIn, ArbitrationIn, RespondentIn, VersionIn, ErrorOut): the
# document shows the other module's fields for these operations, so their bodies are written here.
BODIES = {
    f"POST {API_PREFIX}/public/track": lambda w, a: {"number": "张江调〔2026〕9999号", "code": "12345678"},
    f"POST {API_PREFIX}/disputes": lambda w, a: {
        "centre_id": w.orgs["zj_centre"].pk,
        "applicants": [{"id_number": citizen_id(random.Random(9)), "name": "申请人", "representative": True}],
        "respondent": {
            "enterprise_id": Enterprise.objects.filter(street=w.orgs["street:310115125"]).first().pk
        },
        "claims": [{"claim_type": "unpaid_wages", "amount": "1000.00"}],
        "facts": "公司拖欠工资两个月。",
        "case_type": "remuneration",
    },
    # 系统管理: an account in the caller's own street, the record's own values, a parent in 普陀
    f"POST {API_PREFIX}/system/users": lambda w, a: {
        "username": "matrix_user",
        "full_name": "矩阵",
        "organisation": a["own_street"],
        "role": "mediator",
    },
    f"PUT {API_PREFIX}/system/users/{{pk}}": lambda w, a: {
        "full_name": "赵丽",
        "organisation": w.orgs["street:310107005"].pk,
        "role": "mediator",
    },
    f"PUT {API_PREFIX}/system/organisations/{{pk}}": lambda w, a: {"name": "曹杨新村街道", "kind": "street"},
    f"POST {API_PREFIX}/system/organisations/{{pk}}/move": lambda w, a: {"parent": w.orgs["pt_relations"].pk},
    f"POST {API_PREFIX}/system/parameters": lambda w, a: {
        "kind": "minimum_wage",
        "amount": "2800.00",
        "effective_from": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "citation": "沪人社规〔2027〕1号",
    },
    f"POST {API_PREFIX}/system/dictionaries": lambda w, a: {
        "dictionary": "claim_type",
        "code": "matrix_code",
        "label": "矩阵",
    },
    # a street of 普陀 not yet in the list; a division under section I
    f"POST {API_PREFIX}/system/regions": lambda w, a: {"code": "310107099", "name": "矩阵街道"},
    f"PUT {API_PREFIX}/system/regions/{{pk}}": lambda w, a: {"name": "矩阵路街道"},
    f"POST {API_PREFIX}/system/industries": lambda w, a: {
        "code": "98",
        "name": "矩阵行业",
        "section": Industry.objects.get(code="I").pk,
    },
    f"PUT {API_PREFIX}/system/industries/{{pk}}": lambda w, a: {"name": "矩阵门类"},
    f"PUT {API_PREFIX}/messages/templates/{{pk}}": lambda w, a: {
        "text": SmsTemplate.objects.get(pk=a["pk"]).text + "（矩阵）",
        "active": True,
        "version": SmsTemplate.objects.get(pk=a["pk"]).version,
    },
    f"POST {API_PREFIX}/webhooks/endpoints": lambda w, a: {
        "url": "https://hooks.example.com/renshe",
        "events": ["dispute.received"],
    },
    f"PATCH {API_PREFIX}/webhooks/endpoints/{{pk}}": lambda w, a: {"description": "矩阵"},
    # a room of the caller's own commission; a new name for one
    f"POST {API_PREFIX}/disputes/arbitration/rooms": lambda w, a: {
        "organisation": a["own_commission"],
        "name": "矩阵新庭",
    },
    f"PUT {API_PREFIX}/disputes/arbitration/rooms/{{pk}}": lambda w, a: {"name": "矩阵新庭"},
    # the award served on the employer (the other choice is an applicant's id)
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitration/service": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "party": "employer",
        "method": "post",
        "received_on": timezone.localdate().isoformat(),
    },
    # the parties' joint applications about the agreement (办案规则 第七十四条, 民事诉讼法 第二百零五条): joint, to a
    # commission or a court named in words
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitral-review": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "applied_on": timezone.localdate().isoformat(),
        "commission": "上海市浦东新区劳动人事争议仲裁委员会",
        "joint": True,
    },
    f"POST {API_PREFIX}/disputes/{{pk}}/judicial-confirmation": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "applied_on": timezone.localdate().isoformat(),
        "court": "上海市浦东新区人民法院",
        "joint": True,
    },
    # the worker's suit: an employer has none against a final award (第四十九条)
    f"POST {API_PREFIX}/disputes/{{pk}}/suit": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "filed_by": "worker",
        "filed_on": timezone.localdate().isoformat(),
        "court": "上海市浦东新区人民法院",
    },
    # the limitation's facts (第二十七条): days before the application
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitration/limitation": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "known_on": "2025-06-01",
    },
    # the hearing suspended for an appraisal (办案规则 第四十七条), service by public notice (第四十六条), and resumed
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitration/recounts": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "ground": "public_notice",
        "on": timezone.localdate().isoformat(),
        "note": "被申请人下落不明",
    },
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitration/suspensions": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "ground": "appraisal",
        "on": timezone.localdate().isoformat(),
        "note": "伤残等级鉴定",
    },
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitration/resume": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "on": timezone.localdate().isoformat(),
    },
    f"POST {API_PREFIX}/disputes/{{pk}}/arbitration/limitation/breaks": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "ground": "claimed",
        "starts_on": "2025-09-01",
    },
    # three other workers elected (办案规则 第六十三条: three to five)
    f"POST {API_PREFIX}/disputes/{{pk}}/representatives": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "representatives": a["representatives"],
        "note": "全体申请人重新推举",
    },
    f"POST {API_PREFIX}/disputes/{{pk}}/extend": lambda w, a: {
        "version": a["model"].objects.get(pk=a["pk"]).version,
        "days": 15,
        "note": "双方同意延长",
    },
}
# Body fields naming a user or an organisation: some operations resolve them in the caller's scope before
# the record, so a caller outside the scope may be refused on the reference (403/422 on that field)
# before the record's 404. Either way nothing is done and nothing is revealed.
REFERENCE_FIELDS = frozenset(
    {
        "centre",
        "centre_id",
        "brigade",
        "commission",
        "street",
        "street_id",
        "to",
        "mediators",
        "inspectors",
        "approver",
        "grid",
    }
)


def api_call(key: str, operation: dict, args: dict, world):
    method, route = key.split(" ", 1)
    document = operation["_document"]

    def value(param: str):
        if param == "doc_id" and "/penalties/" in route:
            return args["unserved_penalty_id" if route.endswith("/service") else "penalty_id"]
        if param == "doc_id":
            return args["decision_id" if "/decisions/" in route else "order_id"]
        return args[param]

    path = re.sub(r"\{(\w+)\}", lambda m: str(value(m.group(1))), route)
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter.get("required"):
            query[parameter["name"]] = sample(document, parameter["schema"], parameter["name"], args, world)
    if method == "GET":
        return lambda client: client.get(path, query)
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return lambda client: client.post(
            path,
            {
                "file": SimpleUploadedFile("slip.pdf", TINY_PDF, "application/pdf"),
                "name": "工资条",
                "version": sample(document, {"type": "integer"}, "version", args, world),
            },
        )
    body = {}
    if key in BODIES:
        body = BODIES[key](world, args)
    elif "application/json" in content:
        body = sample(document, content["application/json"]["schema"], "", args, world)
    send = getattr(Client, method.lower())
    return lambda client: send(client, path, body, content_type="application/json")


@pytest.fixture(scope="module")
def operations(scene):
    return openapi_operations()


@pytest.mark.parametrize("key", sorted(policy.API))
def test_api(scene, operations, db, key):
    entry = policy.API[key]
    if key not in operations:
        pytest.fail(f"{key} is declared in policy.API but not in the OpenAPI document")
    write = not key.startswith("GET ")
    for username, record in trials(entry):
        args = scene.records[record] if record else {}
        own = {"own_street": scene.streets.get(username), "own_commission": scene.commissions.get(username)}
        call = api_call(key, operations[key], {**args, **own}, scene.world)
        client = scene.api[username]
        response, wrote, changed = _attempt(args, call, client)
        outcome = expected(entry, username, record)
        what = f"{key} as {username} on {record or '-'} → {outcome}"
        _check(outcome, response, wrote, changed, api=True, write=write, success=entry.status, what=what)
        Tally.pairs += 1


def test_zz_figures(capsys):
    """The figures for the closing note (printed with -s; the count covers the tests run before it)."""
    pages = sum(len(policy.ACTORS) * max(1, len(e.records)) for e in policy.PAGES.values())
    api = sum(len(policy.ACTORS) * max(1, len(e.records)) for e in policy.API.values())
    with capsys.disabled():
        print(
            f"\nauthorization matrix: {len(policy.PAGES)} pages + {len(policy.API)} API operations × "
            f"{len(policy.ACTORS)} actors ({len(set(policy.ACTORS.values()) - {None})} roles + anonymous): "
            f"{pages} + {api} = {pages + api} trials declared; {Tally.pairs} run, {Tally.assertions} assertions"
            f" ({Tally.on_reference} refusals on a body reference rather than the record)"
        )
