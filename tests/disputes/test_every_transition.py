"""Every action of the disputes workflow, over the API and on the case page (tests/transitions.py): a stale
version is 409 (in Chinese, and in English when asked) or the page again with the refusal, a forged
transition is 409/422, and neither writes anything."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renshe.disputes import services
from renshe.disputes.models import AgreementItem
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
            signed_on=today - timedelta(days=20),
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
    failed.case = services.declare_default(failed.case, by=centre, version=failed.case.version)
    on_arbitration = builders.arbitrating(
        world, builders.mediating(world, applied(20, 9)), applied_on=today - timedelta(days=10)
    )
    accepted_arbitration = builders.arbitrating(
        world,
        builders.mediating(world, applied(20, 10)),
        applied_on=today - timedelta(days=10),
        accepted_on=today - timedelta(days=8),
    )
    awarded = builders.arbitrating(
        world,
        builders.mediating(world, applied(20, 11)),
        applied_on=today - timedelta(days=10),
        accepted_on=today - timedelta(days=8),
    )
    services.make_award(
        awarded,
        by=u["zj_arbitrator"],
        awarded_on=today - timedelta(days=3),
        summary="被申请人支付工资18000元。",
        items=[services.ClaimInput("unpaid_wages", Decimal("18000.00"))],
        version=awarded.version,
    )
    awarded.refresh_from_db()
    litigation = builders.arbitrating(
        world,
        builders.mediating(world, applied(20, 12)),
        applied_on=today - timedelta(days=10),
        accepted_on=today - timedelta(days=8),
    )
    services.make_award(
        litigation,
        by=u["zj_arbitrator"],
        awarded_on=today - timedelta(days=3),
        summary="被申请人支付工资18000元。",
        items=[services.ClaimInput("unpaid_wages", Decimal("18000.00"))],
        version=litigation.version,
    )
    litigation.refresh_from_db()
    services.record_suit(
        litigation,
        by=u["zj_arbitrator"],
        filed_by="employer",
        filed_on=today - timedelta(days=2),
        court="浦东新区人民法院",
        version=litigation.version,
    )
    states = {
        "applied": Built(with_evidence(centre, applied(3, 1))),
        "accepted": Built(accepted),
        "referred": Built(referred),
        "mediating": Built(builders.mediating(world, applied(3, 4))),
        "suspended": Built(suspended),
        "settled": settled(6),
        "failed": failed,
        "arbitration": Built(on_arbitration),
        "arbitration:accepted": Built(accepted_arbitration),
        "awarded": Built(awarded),
        "litigation": Built(litigation),
        "settled:ledger": mediated_on_a_ledger(world),
    }
    for state in states.values():  # what the payloads and forms name
        state.parts |= {
            "studio": world.orgs["zj_studio"].pk,
            "mediator": centre.pk,
            "commission": world.orgs["zj_tribunal"].pk,
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
    Way(
        "accept",
        "applied",
        MEDIATOR,
        f"{API}/accept",
        lambda b: {},
        f"{PAGE}accept/",
        lambda b: {},
        "mediating",
    ),
    Way(
        "decline",
        "applied",
        MEDIATOR,
        f"{API}/decline",
        lambda b: {"reason": "不属于劳动争议"},
        f"{PAGE}decline/",
        lambda b: {"reason": "不属于劳动争议"},
        "accepted",
    ),
    Way(
        "refer",
        "accepted",
        MEDIATOR,
        f"{API}/refer",
        lambda b: {"to": b.parts["studio"]},
        f"{PAGE}refer/",
        lambda b: {"to": b.parts["studio"]},
        "mediating",
    ),
    Way(
        "revoke_referral",
        "referred",
        MEDIATOR,
        f"{API}/revoke-referral",
        lambda b: {},
        f"{PAGE}revoke_referral/",
        lambda b: {},
        "accepted",
    ),
    Way(
        "take_up",
        "accepted",
        MEDIATOR,
        f"{API}/take-up",
        lambda b: {"mediators": [b.parts["mediator"]]},
        f"{PAGE}take_up/",
        lambda b: {"mediators": [b.parts["mediator"]]},
        "mediating",
    ),
    Way(
        "attach_evidence",
        "applied",
        MEDIATOR,
        f"{API}/evidence",
        lambda b: {"file": evidence(), "name": "工资条"},
        forged="awarded",
        multipart=True,
        unreachable=NO_PAGE_FOR_EVIDENCE,
    ),
    Way(
        "record_session",
        "mediating",
        MEDIATOR,
        f"{API}/sessions",
        lambda b: {"held_at": held_at(), "place": "中心", "attendees": "双方", "minutes": "双方陈述意见。"},
        f"{PAGE}record_session/",
        lambda b: {
            "held_at": timezone.localtime(datetime.fromisoformat(held_at())).strftime("%Y-%m-%dT%H:%M"),
            "place": "中心",
            "attendees": "双方",
            "minutes": "双方陈述意见。",
        },
        "suspended",
    ),
    Way(
        "extend",
        "mediating",
        MEDIATOR,
        f"{API}/extend",
        lambda b: {"days": 10, "note": "双方书面同意"},
        f"{PAGE}extend/",
        lambda b: {"days": "10", "note": "双方书面同意"},
        "suspended",
    ),
    Way(
        "suspend",
        "mediating",
        MEDIATOR,
        f"{API}/suspend",
        lambda b: {"reason": "申请人住院", "on": days(0)},
        f"{PAGE}suspend/",
        lambda b: {"reason": "申请人住院"},
        "suspended",
    ),
    Way(
        "resume",
        "suspended",
        MEDIATOR,
        f"{API}/resume",
        lambda b: {"on": days(0)},
        f"{PAGE}resume/",
        lambda b: {"on": days(0)},
        "mediating",
    ),
    Way(
        "settle",
        "mediating",
        MEDIATOR,
        f"{API}/settle",
        lambda b: {
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
        f"{PAGE}settle/",
        lambda b: {
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
        "accepted",
    ),
    Way(
        "record_payment",
        "settled",
        MEDIATOR,
        API + "/items/{item}/payments",
        lambda b: _pay("5000.00"),
        f"{PAGE}record_payment/",
        lambda b: {"item": b.parts["item"], **_pay("5000.00")},
        "failed",
    ),
    Way(
        "perform",
        "settled",
        MEDIATOR,
        API + "/items/{item}/payments",
        lambda b: _pay(str(_item(b).outstanding)),
        f"{PAGE}record_payment/",
        lambda b: {"item": b.parts["item"], **_pay(str(_item(b).outstanding))},
        "failed",
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
        "/inspection/{pk}/ledger/payment/",
        lambda b: {
            "worker": b.parts["worker"],
            "amount": "1000.00",
            "paid_on": days(0),
            "source": "employer",
        },
        unreachable=(
            "no forged transition: the dispute's state is not the client's to name; a ledger payment for a "
            "worker whose dispute is no longer settled is recorded on the ledger alone "
            "(disputes.services.record_ledger_payment)"
        ),
    ),
    Way(
        "default",
        "settled",
        MEDIATOR,
        f"{API}/default",
        lambda b: {},
        f"{PAGE}default/",
        lambda b: {},
        "failed",
    ),
    Way(
        "fail",
        "mediating",
        MEDIATOR,
        f"{API}/fail",
        lambda b: {"reason": "双方分歧较大"},
        f"{PAGE}fail/",
        lambda b: {"reason": "双方分歧较大"},
        "settled",
    ),
    Way(
        "withdraw",
        "applied",
        MEDIATOR,
        f"{API}/withdraw",
        lambda b: {"reason": "已与公司和解"},
        f"{PAGE}withdraw/",
        lambda b: {"reason": "已与公司和解"},
        "settled",
    ),
    Way(
        "payment_order",
        "settled",
        MEDIATOR,
        f"{API}/review-path",
        lambda b: {"review_path": "payment_order", "applied_on": days(0), "court": "浦东新区人民法院"},
        f"{PAGE}review_path/",
        lambda b: {"path": "payment_order", "applied_on": days(0), "court": "浦东新区人民法院"},
        "failed",
    ),
    Way(
        "arbitration_review",
        "settled",
        MEDIATOR,
        f"{API}/review-path",
        lambda b: {"review_path": "arbitration_review", "applied_on": days(0)},
        f"{PAGE}review_path/",
        lambda b: {"path": "arbitration_review", "applied_on": days(0)},
        "failed",
    ),
    Way(
        "to_arbitration",
        "failed",
        MEDIATOR,
        f"{API}/arbitration",
        lambda b: {"commission": b.parts["commission"], "applied_on": days(0)},
        f"{PAGE}to_arbitration/",
        lambda b: {"commission": b.parts["commission"], "applied_on": days(0)},
        "settled",
    ),
    Way(
        "accept_arbitration",
        "arbitration",
        ARBITRATOR,
        f"{API}/arbitration/accept",
        lambda b: {"accepted_on": days(0)},
        f"{PAGE}accept_arbitration/",
        lambda b: {"accepted_on": days(0)},
        "awarded",
    ),
    Way(
        "schedule_hearing",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/hearings",
        lambda b: {"scheduled_at": hearing_at(), "place": "第一仲裁庭", "notified_on": days(0)},
        f"{PAGE}schedule_hearing/",
        lambda b: {
            "scheduled_at": timezone.localtime(datetime.fromisoformat(hearing_at())).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "place": "第一仲裁庭",
            "notified_on": days(0),
        },
        "awarded",
    ),
    Way(
        "extend_arbitration",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/extend",
        lambda b: {},
        f"{PAGE}extend_arbitration/",
        lambda b: {},
        "awarded",
    ),
    Way(
        "award",
        "arbitration:accepted",
        ARBITRATOR,
        f"{API}/arbitration/award",
        lambda b: {
            "awarded_on": days(0),
            "summary": "被申请人支付工资18000元。",
            "items": [{"claim_type": "unpaid_wages", "amount": "18000.00"}],
        },
        f"{PAGE}award/",
        lambda b: {
            "awarded_on": days(0),
            "summary": "被申请人支付工资18000元。",
            **rows("items", [{"claim_type": "unpaid_wages", "amount": "18000.00"}]),
        },
        "awarded",
    ),
    Way(
        "sue",
        "awarded",
        ARBITRATOR,
        f"{API}/suit",
        lambda b: {"filed_by": "employer", "filed_on": days(0), "court": "浦东新区人民法院"},
        f"{PAGE}sue/",
        lambda b: {"filed_by": "employer", "filed_on": days(0), "court": "浦东新区人民法院"},
        "litigation",
    ),
    Way(
        "judge",
        "litigation",
        ARBITRATOR,
        f"{API}/judgment",
        lambda b: {"outcome": "驳回起诉", "concluded_on": days(0)},
        f"{PAGE}judge/",
        lambda b: {"outcome": "驳回起诉", "concluded_on": days(0)},
        "awarded",
    ),
    Way(
        "close",
        "awarded",
        ARBITRATOR,
        f"{API}/close",
        lambda b: {},
        f"{PAGE}close/",
        lambda b: {},
        "litigation",
    ),
]

# the tests every module's table gets (tests/transitions.py)
globals().update(refusal_tests(WORKFLOW, WAYS))
