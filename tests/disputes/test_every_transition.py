"""Every action of the disputes workflow, over the API and on the case page (tests/transitions.py): a stale
version is 409 (in Chinese, and in English when asked) or the page again with the refusal, a forged
transition is 409/422, and neither writes anything."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.disputes import services
from renshe.disputes.models import AgreementItem, HearingRoom
from renshe.disputes.workflow import WORKFLOW
from renshe.inspection import services as inspection
from tests import builders
from tests.transitions import Built, Way, build_once, days, refusal_tests, rows

API = "/api/v1/disputes/{pk}"
PAGE = "/disputes/{pk}/"
T = timezone.localdate


def build(world) -> dict[str, Built]:
    u, today = world.users, T()
    centre = u["zj_centre"]

    def applied(received_days_ago: int, seed: int):
        return builders.applied(world, received_on=today - timedelta(days=received_days_ago), seed=seed)

    def settled(seed: int):
        agreement = builders.settled(
            world,
            applied(25, seed),
            signed_on=today
            - timedelta(days=10),  # within the 15 days of a joint review (办案规则 第七十四条)
            items=[
                services.ItemInput("unpaid_wages", "支付工资", Decimal("18000.00"), today - timedelta(days=5))
            ],
        )
        case = agreement.case
        case.refresh_from_db()
        return Built(case, {"item": agreement.items.get().pk})

    accepted = applied(3, 2)
    accepted = services.accept_dispute(accepted, by=centre, version=accepted.version)
    referred = applied(3, 3)
    referred = services.accept_dispute(referred, by=centre, version=referred.version)
    referred = services.refer_dispute(
        referred, by=centre, to=world.orgs["zj_studio"], version=referred.version
    )
    suspended = builders.mediating(world, applied(3, 5))
    suspended = services.suspend_mediation(
        suspended, by=centre, reason="申请人住院", on=today - timedelta(days=2), version=suspended.version
    )
    failed = settled(7)
    failed.case = failed.subject = services.declare_default(
        failed.case, by=centre, version=failed.case.version
    )

    def confirming(seed: int, *, arbitrating: bool = False) -> Built:
        """Settled, and the parties' joint application for judicial confirmation waiting for the court; then, if
        `arbitrating`, the agreement defaulted on and the worker gone on to arbitration (第十五条)."""
        built = settled(seed)
        follow_up = services.apply_for_judicial_confirmation(
            built.case,
            by=centre,
            applied_on=today - timedelta(days=1),
            court="浦东新区人民法院",
            joint=True,
            version=version_of(built.case),
        )
        case = built.case
        if arbitrating:
            case = services.declare_default(case, by=centre, version=version_of(case))
            services.refer_to_arbitration(
                case, by=centre, commission=world.orgs["zj_tribunal"], applied_on=today, version=case.version
            )
        case.refresh_from_db()
        return Built(case, {"follow_up": follow_up.pk})

    def arbitration(seed: int, *, accepted: bool = True, awarded: bool = False):
        return builders.arbitrating(
            world,
            builders.mediating(world, applied(20, seed)),
            applied_on=today - timedelta(days=10),
            accepted_on=today - timedelta(days=8) if accepted else None,
            awarded_on=today - timedelta(days=3) if awarded else None,
        )

    def with_recusal(seed: int, *, awarded: bool = False) -> Built:
        """A panel (第三十一条) with a party's recusal of one arbitrator waiting for the head's decision."""
        case = builders.panel(world, arbitration(seed))
        recusal = services.request_recusal(
            case,
            by=u["zj_arbitrator"],
            arbitrator=u["pd_arbitrator"],
            source="party",
            ground="interest",
            reason="申请人称该仲裁员曾任被申请人法律顾问",
            version=case.version,
        )
        case.refresh_from_db()
        if awarded:
            services.make_award(
                case,
                by=u["zj_arbitrator"],
                awarded_on=today,
                summary="被申请人支付工资。",
                items=[services.ClaimInput("unpaid_wages", Decimal("18000.00"))],
                version=case.version,
            )
            case.refresh_from_db()
        return Built(case, {"recusal": recusal.pk})

    def served(case, days_ago: int):
        """The award served on the worker and the employer `days_ago` (第四十八条至第五十条 run from then)."""
        for party in (str(case.applicants.get().pk), "employer"):
            services.serve_award(
                case,
                by=u["zj_arbitrator"],
                party=party,
                method="personal",
                received_on=today - timedelta(days=days_ago),
                version=version_of(case),
            )
        case.refresh_from_db()
        return case

    petitioned = served(arbitration(16, awarded=True), 2)
    services.petition_revocation(
        petitioned,
        by=u["zj_arbitrator"],
        filed_on=today - timedelta(days=1),
        court="上海市第一中级人民法院",
        version=version_of(petitioned),
    )
    petitioned.refresh_from_db()
    lapsed = builders.arbitrating(  # served 58 days ago: the employer's 30 days (第四十九条) long run
        world,
        builders.mediating(world, applied(90, 17)),
        applied_on=today - timedelta(days=80),
        accepted_on=today - timedelta(days=79),
        awarded_on=today - timedelta(days=60),
    )
    lapsed = served(lapsed, 58)
    litigation = served(arbitration(12, awarded=True), 2)
    services.record_suit(
        litigation,
        by=u["zj_arbitrator"],
        filed_by="worker",
        filed_on=today - timedelta(days=2),
        court="浦东新区人民法院",
        version=litigation.version,
    )

    def collective(seed: int) -> Built:
        """Ten workers with a common claim (第七条), the first three their representatives, accepted (version
        2, so that a stale version is one a client can have read): three others elected."""
        case = builders.applied(world, received_on=today - timedelta(days=3), seed=seed, workers=10)
        case = services.accept_dispute(case, by=centre, version=case.version)
        others = list(case.applicants.order_by("id").values_list("pk", flat=True)[3:6])
        return Built(case, {"representatives": others})

    withdrawn = collective(30)
    withdrawn.case = services.withdraw_dispute(
        withdrawn.case, by=centre, reason="申请人撤回", version=withdrawn.case.version
    )
    suspended_hearing = arbitration(19)
    services.suspend_arbitration(
        suspended_hearing,
        by=u["pd_head"],
        ground="appraisal",
        on=today - timedelta(days=2),
        note="伤残等级鉴定",
        version=suspended_hearing.version,
    )
    suspended_hearing.refresh_from_db()
    overdue = builders.arbitrating(  # accepted 79 days ago: the 45 days (第四十三条) long run, no award
        world,
        builders.mediating(world, applied(90, 20)),
        applied_on=today - timedelta(days=80),
        accepted_on=today - timedelta(days=79),
    )
    refused = arbitration(21, accepted=False)
    services.refuse_arbitration(
        refused, by=u["zj_arbitrator"], reason="不属于劳动争议仲裁受理范围", version=refused.version
    )
    refused.refresh_from_db()
    locked = applied(3, 13)
    locked = services.accept_dispute(locked, by=centre, version=locked.version)
    services.lock_tracking(locked.number, wrong_codes=10)  # the portal's per-case budget spent
    states = {
        "applied": Built(with_evidence(centre, applied(3, 1))),
        "accepted:tracking-locked": Built(locked),
        "accepted": Built(accepted),
        "referred": Built(referred),
        "mediating": Built(builders.mediating(world, applied(3, 4))),
        "suspended": Built(suspended),
        "settled": settled(6),
        "failed": failed,
        "settled:confirming": confirming(19),
        "arbitration:confirming": confirming(20, arbitrating=True),
        "arbitration": Built(arbitration(9, accepted=False)),
        "arbitration:accepted": Built(arbitration(10)),
        "arbitration:suspended": Built(suspended_hearing),
        "arbitration:overdue": Built(overdue),
        "declined:refused": Built(refused),
        "awarded": Built(arbitration(11, awarded=True)),
        "arbitration:tribunal": with_recusal(14),
        "awarded:recusal": with_recusal(15, awarded=True),
        "awarded:served": Built(served(arbitration(18, awarded=True), 2)),
        "awarded:petitioned": Built(petitioned),
        "awarded:lapsed": Built(lapsed),
        "litigation": Built(litigation),
        "settled:ledger": mediated_on_a_ledger(world),
        "accepted:collective": collective(31),
        "withdrawn:collective": withdrawn,
    }
    for state in states.values():  # what the payloads and forms name
        state.parts |= {
            "studio": world.orgs["zj_studio"].pk,
            "mediator": centre.pk,
            "commission": world.orgs["zj_tribunal"].pk,
            "arbitrator": u["zj_arbitrator"].pk,
            "room": HearingRoom.objects.get(organisation=world.orgs["zj_tribunal"], name="第一仲裁庭").pk,
        }
    return states


def with_evidence(by, case):
    """The application with a pay slip attached: version 2, so that a stale version (1) is one a client
    can have read."""
    services.attach_evidence(case, by=by, upload=evidence(), version=case.version)
    case.refresh_from_db()
    return case


def mediated_on_a_ledger(world) -> Built:
    """An inspection case whose first worker settled by mediation at 南桥's centre: a payment the inspector
    records on the wage ledger performs the worker's agreement (the disputes action `ledger_payment`)."""
    today = T()
    case = builders.filed(
        world,
        builders.registered(world, serial=8101, received_on=today - timedelta(days=30)),
        on=today - timedelta(days=29),
        inquiry_on=today - timedelta(days=28),
    )
    claim = case.claims.order_by("id").first()
    agreement = inspection.settle_by_mediation(
        claim,
        by=world.users["fx_mediator"],
        centre=world.orgs["fx_centre"],
        signed_on=today - timedelta(days=3),
        due_on=today + timedelta(days=10),
        version=case.version,
    )
    case.refresh_from_db()
    return Built(case, {"worker": claim.worker_id}, others=[agreement.case], subject=agreement.case)


built = build_once(build)


def _item(b: Built) -> AgreementItem:
    return AgreementItem.objects.get(pk=b.parts["item"])


def held_at() -> str:
    return timezone.make_aware(datetime.combine(T() - timedelta(days=1), time(9, 30))).isoformat()


def hearing_at() -> str:
    return timezone.make_aware(datetime.combine(T() + timedelta(days=10), time(9, 30))).isoformat()


def evidence() -> SimpleUploadedFile:
    return SimpleUploadedFile("pay-slip.pdf", b"%PDF-1.4\n% a pay slip\n", content_type="application/pdf")


def _pay(amount: str):
    return {"amount": amount, "paid_on": days(0)}


MEDIATOR = "zj_centre"
ARBITRATOR = "zj_arbitrator"
NO_PAGE_FOR_EVIDENCE = (
    "the case page has no evidence form: evidence comes with the application or over the API"
)

WAYS = [
    Way("accept", "applied", MEDIATOR, f"{API}/accept", {}, page=f"{PAGE}accept/", forged="mediating"),
    Way(
        "reopen_tracking",
        "accepted:tracking-locked",
        MEDIATOR,
        f"{API}/reopen-tracking",
        {},
        page=f"{PAGE}reopen_tracking/",
        unreachable=(
            "no forged transition: the workflow allows it from every state (a case whose tracking is not "
            "locked is refused by the service)"
        ),
    ),
    Way(
        "change_representatives",
        "accepted:collective",
        MEDIATOR,
        f"{API}/representatives",
        lambda b: {"representatives": b.parts["representatives"], "note": "全体申请人重新推举"},
        page=f"{PAGE}change_representatives/",
        forged="withdrawn:collective",
    ),
    Way(
        "decline",
        "applied",
        MEDIATOR,
        f"{API}/decline",
        {"reason": "不属于劳动争议"},
        page=f"{PAGE}decline/",
        forged="accepted",
    ),
    Way(
        "refer",
        "accepted",
        MEDIATOR,
        f"{API}/refer",
        lambda b: {"to": b.parts["studio"]},
        page=f"{PAGE}refer/",
        forged="mediating",
    ),
    Way(
        "revoke_referral",
        "referred",
        MEDIATOR,
        f"{API}/revoke-referral",
        {},
        page=f"{PAGE}revoke_referral/",
        forged="accepted",
    ),
    Way(
        "take_up",
        "accepted",
        MEDIATOR,
        f"{API}/take-up",
        lambda b: {"mediators": [b.parts["mediator"]]},
        page=f"{PAGE}take_up/",
        forged="mediating",
    ),
    Way(
        "attach_evidence",
        "applied",
        MEDIATOR,
        f"{API}/evidence",
        lambda b: {"file": evidence(), "name": "工资条"},  # a new file each time: a request reads it
        forged="awarded",
        multipart=True,
        unreachable=NO_PAGE_FOR_EVIDENCE,
    ),
    Way(
        "record_session",
        "mediating",
        MEDIATOR,
        f"{API}/sessions",
        {"held_at": held_at(), "place": "中心", "attendees": "双方", "minutes": "双方陈述意见。"},
        page=f"{PAGE}record_session/",
        form={
            "held_at": timezone.localtime(datetime.fromisoformat(held_at())).strftime("%Y-%m-%dT%H:%M"),
            "place": "中心",
            "attendees": "双方",
            "minutes": "双方陈述意见。",
        },
        forged="suspended",
    ),
    Way(
        "extend",
        "mediating",
        MEDIATOR,
        f"{API}/extend",
        {"days": 10, "note": "双方书面同意"},
        page=f"{PAGE}extend/",
        form={"days": "10", "note": "双方书面同意"},
        forged="suspended",
    ),
    Way(
        "suspend",
        "mediating",
        MEDIATOR,
        f"{API}/suspend",
        {"reason": "申请人住院", "on": days(0)},
        page=f"{PAGE}suspend/",
        form={"reason": "申请人住院"},
        forged="suspended",
    ),
    Way(
        "resume",
        "suspended",
        MEDIATOR,
        f"{API}/resume",
        {"on": days(0)},
        page=f"{PAGE}resume/",
        forged="mediating",
    ),
    Way(
        "settle",
        "mediating",
        MEDIATOR,
        f"{API}/settle",
        {
            "signed_on": days(0),
            "terms": "公司支付工资。",
            "items": [
                {
                    "claim_type": "unpaid_wages",
                    "description": "工资",
                    "amount": "18000.00",
                    "due_on": days(10),
                }
            ],
        },
        page=f"{PAGE}settle/",
        form={
            "signed_on": days(0),
            "terms": "公司支付工资。",
            **rows(
                "items",
                [
                    {
                        "claim_type": "unpaid_wages",
                        "description": "工资",
                        "amount": "18000.00",
                        "due_on": days(10),
                    }
                ],
            ),
        },
        forged="accepted",
    ),
    Way(
        "record_payment",
        "settled",
        MEDIATOR,
        API + "/items/{item}/payments",
        lambda b: _pay("5000.00"),
        page=f"{PAGE}record_payment/",
        form=lambda b: {"item": b.parts["item"], **_pay("5000.00")},
        forged="failed",
    ),
    Way(
        "perform",
        "settled",
        MEDIATOR,
        API + "/items/{item}/payments",
        lambda b: _pay(str(_item(b).outstanding)),
        page=f"{PAGE}record_payment/",
        form=lambda b: {"item": b.parts["item"], **_pay(str(_item(b).outstanding))},
        forged="failed",
    ),
    Way(
        "ledger_payment",
        "settled:ledger",
        "fx_inspector",
        "/api/v1/inspection/{pk}/payments",
        lambda b: {
            "worker": b.parts["worker"],
            "amount": "1000.00",
            "paid_on": days(0),
            "source": "employer",
        },
        page="/inspection/{pk}/ledger/payment/",
        unreachable=(
            "no forged transition: the dispute's state is not the client's to name; a ledger payment for a "
            "worker whose dispute is no longer settled is recorded on the ledger alone "
            "(disputes.services.record_ledger_payment)"
        ),
    ),
    Way("default", "settled", MEDIATOR, f"{API}/default", {}, page=f"{PAGE}default/", forged="failed"),
    Way(
        "fail",
        "mediating",
        MEDIATOR,
        f"{API}/fail",
        {"reason": "双方分歧较大"},
        page=f"{PAGE}fail/",
        forged="settled",
    ),
    Way(
        "withdraw",
        "applied",
        MEDIATOR,
        f"{API}/withdraw",
        {"reason": "已与公司和解"},
        page=f"{PAGE}withdraw/",
        forged="settled",
    ),
    Way(
        "payment_order",
        "failed",
        MEDIATOR,
        f"{API}/payment-order",
        {"applied_on": days(0), "court": "浦东新区人民法院"},
        page=f"{PAGE}payment_order/",
        forged="settled",
    ),
    Way(
        "arbitration_review",
        "settled",
        MEDIATOR,
        f"{API}/arbitral-review",
        {"applied_on": days(0), "commission": "上海市浦东新区劳动人事争议仲裁委员会", "joint": True},
        page=f"{PAGE}arbitral_review/",
        form={"applied_on": days(0), "commission": "上海市浦东新区劳动人事争议仲裁委员会", "joint": "on"},
        forged="arbitration",
    ),
    Way(
        "judicial_confirmation",
        "settled",
        MEDIATOR,
        f"{API}/judicial-confirmation",
        {"applied_on": days(0), "court": "浦东新区人民法院", "joint": True},
        page=f"{PAGE}judicial_confirmation/",
        form={"applied_on": days(0), "court": "浦东新区人民法院", "joint": "on"},
        forged="arbitration",
    ),
    Way(
        "follow_up_result",
        "settled:confirming",
        MEDIATOR,
        API + "/follow-ups/{follow_up}/result",
        {"granted": True, "decided_on": days(0)},
        page=f"{PAGE}follow_up_result/",
        form=lambda b: {"follow_up": b.parts["follow_up"], "granted": "1", "decided_on": days(0)},
        forged="arbitration:confirming",
    ),
    Way(
        "to_arbitration",
        "failed",
        MEDIATOR,
        f"{API}/arbitration",
        lambda b: {"commission": b.parts["commission"], "applied_on": days(0)},
        page=f"{PAGE}to_arbitration/",
        forged="settled",
    ),
    Way(
        "accept_arbitration",
        "arbitration",
        ARBITRATOR,
        f"{API}/arbitration/accept",
        {"accepted_on": days(0)},
        page=f"{PAGE}accept_arbitration/",
        forged="awarded",
    ),
    Way(
        "schedule_hearing",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/hearings",
        lambda b: {"scheduled_at": hearing_at(), "room": b.parts["room"], "notified_on": days(0)},
        page=f"{PAGE}schedule_hearing/",
        form=lambda b: {
            "scheduled_at": timezone.localtime(datetime.fromisoformat(hearing_at())).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "room": b.parts["room"],
            "minutes": "120",
            "notified_on": days(0),
        },
        forged="awarded",
    ),
    Way(
        "schedule_hearing",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/hearings",
        {"scheduled_at": hearing_at(), "place": "浦东新区人民法院张江法庭", "notified_on": days(0)},
        forged="awarded",
        unreachable="a place outside the commission's rooms: the page offers its rooms only",
        name="elsewhere",
    ),
    Way(
        "refuse_arbitration",
        "arbitration",
        ARBITRATOR,
        f"{API}/arbitration/refuse",
        {"reason": "不属于劳动争议仲裁受理范围"},
        page=f"{PAGE}refuse_arbitration/",
        forged="awarded",
    ),
    Way(
        "compose_tribunal",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/tribunal",
        lambda b: {"tribunal": "sole", "arbitrators": [b.parts["arbitrator"]]},
        page=f"{PAGE}compose_tribunal/",
        form=lambda b: {"tribunal": "sole", "arbitrators": [b.parts["arbitrator"]], "presiding": ""},
        forged="awarded",
    ),
    Way(
        "request_recusal",
        "arbitration:tribunal",
        ARBITRATOR,
        f"{API}/arbitration/recusals",
        lambda b: {
            "arbitrator": b.parts["arbitrator"],
            "source": "party",
            "ground": "relation",
            "reason": "申请人称首席仲裁员与被申请人代理人系同学",
        },
        page=f"{PAGE}request_recusal/",
        forged="awarded",
    ),
    Way(
        "decide_recusal",
        "arbitration:tribunal",
        "pd_head",
        API + "/arbitration/recusals/{recusal}/decision",
        {"granted": False, "note": "所称情形不属实"},
        page=f"{PAGE}decide_recusal/",
        form=lambda b: {
            "recusal": b.parts["recusal"],
            "granted": "0",
            "replacement": "",
            "note": "所称情形不属实",
        },
        forged="awarded:recusal",
    ),
    Way(
        "record_limitation",
        "arbitration",
        ARBITRATOR,
        f"{API}/arbitration/limitation",
        {"known_on": days(-200), "employment_ended_on": days(-100)},
        page=f"{PAGE}record_limitation/",
        forged="awarded",
    ),
    Way(
        "record_limitation_break",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/limitation/breaks",
        {"ground": "claimed", "starts_on": days(-30), "note": ""},
        page=f"{PAGE}record_limitation_break/",
        forged="awarded",
    ),
    Way(
        "recount_arbitration",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/recounts",
        {"ground": "claims_changed", "on": days(0), "note": "增加加班费请求"},
        page=f"{PAGE}recount_arbitration/",
        forged="awarded",
    ),
    Way(
        "suspend_arbitration",
        "arbitration:accepted",
        "pd_head",
        f"{API}/arbitration/suspensions",
        {"ground": "appraisal", "on": days(0), "note": "伤残等级鉴定"},
        page=f"{PAGE}suspend_arbitration/",
        forged="awarded",
    ),
    Way(
        "resume_arbitration",
        "arbitration:suspended",
        ARBITRATOR,
        f"{API}/arbitration/resume",
        {"on": days(0)},
        page=f"{PAGE}resume_arbitration/",
        forged="awarded",
    ),
    Way(
        "extend_arbitration",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/extend",
        {},
        page=f"{PAGE}extend_arbitration/",
        forged="awarded",
    ),
    Way(
        "award",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/award",
        {
            "awarded_on": days(0),
            "summary": "被申请人支付工资18000元。",
            "items": [{"claim_type": "unpaid_wages", "amount": "18000.00"}],
        },
        page=f"{PAGE}award/",
        form={
            "awarded_on": days(0),
            "summary": "被申请人支付工资18000元。",
            **rows("items", [{"claim_type": "unpaid_wages", "amount": "18000.00"}]),
        },
        forged="awarded",
    ),
    Way(
        "serve_award",
        "awarded",
        ARBITRATOR,
        f"{API}/arbitration/service",
        {"party": "employer", "method": "post", "received_on": days(0)},
        page=f"{PAGE}serve_award/",
        forged="litigation",
    ),
    Way(
        "petition_revocation",
        "awarded:served",
        ARBITRATOR,
        f"{API}/arbitration/revocation",
        {"filed_on": days(0), "court": "上海市第一中级人民法院"},
        page=f"{PAGE}petition_revocation/",
        forged="litigation",
    ),
    Way(
        "rule_on_revocation",
        "awarded:petitioned",
        ARBITRATOR,
        f"{API}/arbitration/revocation/ruling",
        {"ruling": "upheld", "received_on": days(0)},
        page=f"{PAGE}rule_on_revocation/",
        forged="litigation",
    ),
    Way(
        "sue",
        "awarded:served",
        ARBITRATOR,
        f"{API}/suit",
        {"filed_by": "worker", "filed_on": days(0), "court": "浦东新区人民法院"},
        page=f"{PAGE}sue/",
        forged="litigation",
    ),
    *(  # the applicant's suit without an award: no award in time (第四十三条), or refused (第二十九条)
        Way(
            "sue",
            state,
            ARBITRATOR,
            f"{API}/suit",
            {"filed_by": "worker", "filed_on": days(0), "court": "浦东新区人民法院"},
            page=f"{PAGE}sue/",
            forged="litigation",
            name=name,
        )
        for state, name in (("arbitration:overdue", "no_award"), ("declined:refused", "refused"))
    ),
    Way(
        "judge",
        "litigation",
        ARBITRATOR,
        f"{API}/judgment",
        {"outcome": "驳回起诉", "concluded_on": days(0)},
        page=f"{PAGE}judge/",
        forged="awarded",
    ),
    Way("close", "awarded:lapsed", ARBITRATOR, f"{API}/close", {}, page=f"{PAGE}close/", forged="litigation"),
]

# the tests every module's table gets (tests/transitions.py)
globals().update(refusal_tests(WORKFLOW, WAYS))
