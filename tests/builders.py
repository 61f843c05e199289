"""Cases in the state a test starts from, built through the real services: the chain of transitions written
once instead of in every test that needs, say, a dispute in mediation.

Every transition passes the version of the case as it stands, as the pages and the API do; a service that
returns something other than the case (an agreement, a record, an order) leaves the caller's instance behind,
so the case is read again before the next step."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from renshe.core.demo import DemoWorld
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes import services as disputes
from renshe.disputes.models import DisputeCase, MediationAgreement
from renshe.inspection import services as inspection
from renshe.inspection.models import InspectionCase, RectificationOrder

# One ID number as people type it (identity.normalise reads each as the number): for the duplicate checks
SPELLINGS = {
    "full-width": lambda n: n.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"}),
    "lower-case-x": lambda n: n.lower(),
    "spaced": lambda n: f"{n[:6]} {n[6:14]} {n[14:]}",  # as printed on the card
}


def id_ending_in_x(rng: random.Random) -> str:
    """A valid ID number whose check character is X, so that its lower-case spelling differs."""
    while not (number := citizen_id(rng)).endswith("X"):
        pass
    return number


def mediating(
    world: DemoWorld, case: DisputeCase, mediator: str = "zj_centre", *, via: str = ""
) -> DisputeCase:
    """An application at 张江's centre, accepted there, referred to the organisation `via` names (a key of
    world.orgs) if any, and taken up by the user `mediator`."""
    centre = world.users["zj_centre"]
    case = disputes.accept_dispute(case, by=centre, version=case.version)
    if via:
        case = disputes.refer_dispute(case, by=centre, to=world.orgs[via], version=case.version)
    mediator_user = world.users[mediator]
    return disputes.take_up_dispute(case, by=mediator_user, mediators=[mediator_user], version=case.version)


def settled(
    world: DemoWorld,
    case: DisputeCase,
    mediator: str = "zj_centre",
    *,
    items: list[disputes.ItemInput],
    via: str = "",
    signed_on: date | None = None,
    terms: str = "公司支付工资。",
) -> MediationAgreement:
    """The application mediated as `mediating` does it and settled by its mediator (signed today unless
    `signed_on` says otherwise)."""
    case = mediating(world, case, mediator, via=via)
    return disputes.settle_dispute(
        case,
        by=world.users[mediator],
        signed_on=signed_on or timezone.localdate(),
        terms=terms,
        items=items,
        version=case.version,
    )


def filed(world: DemoWorld, case: InspectionCase, *, on: date, inquiry_on: date) -> InspectionCase:
    """A registered Fengxian case accepted on `on`, both brigade inspectors assigned, and one inquiry of the
    employer's legal representative recorded on `inquiry_on` (which moves it into investigation)."""
    inspector = world.users["fx_inspector"]
    pair = [inspector, world.users["fx_inspector2"]]
    case = inspection.accept_case(case, by=inspector, filed_on=on, version=case.version)
    case = inspection.assign_inspectors(case, by=inspector, inspectors=pair, version=case.version)
    inspection.record_investigation(
        case,
        by=inspector,
        kind="inquiry",
        held_on=inquiry_on,
        place="大队询问室",
        inspectors=pair,
        persons_present="公司法定代表人钱某",
        content="钱某承认拖欠五个月工资，称公司账户被法院冻结。",
        version=case.version,
    )
    case.refresh_from_db()
    return case


def unmet_order(
    world: DemoWorld,
    case: InspectionCase,
    *,
    issued_on: date,
    deadline: date,
    checked_on: date,
    requirements: str = "限期支付工资",
    method: str = "direct",
    served_to: str = "钱某",
    complied: bool = False,
) -> RectificationOrder:
    """A rectification order of a filed case, served the day it is issued (`served_order`) and checked on
    `checked_on`: not complied with, unless `complied`. The case is read again, so `case` is current
    afterwards."""
    order = served_order(
        world,
        case,
        issued_on=issued_on,
        deadline=deadline,
        requirements=requirements,
        method=method,
        served_to=served_to,
    )
    inspection.record_compliance(
        order, by=world.users["fx_inspector"], complied=complied, checked_on=checked_on, version=case.version
    )
    case.refresh_from_db()
    order.refresh_from_db()
    return order


def applied(world: DemoWorld, *, received_on: date, seed: int = 0, workers: int = 1) -> DisputeCase:
    """An application by one worker at 张江's centre, against an enterprise of 张江, for 18,000 yuan of wages;
    with `workers` ten or more, a collective dispute (第七条) whose first three workers represent them."""
    rng, collective = random.Random(seed), disputes.is_collective(workers, common_claim=True)
    case, _code = disputes.apply_for_mediation(
        by=world.users["zj_centre"],
        channel="counter",
        centre=world.orgs["zj_centre"],
        applicants=[
            disputes.ApplicantInput(
                citizen_id(rng), f"王某{i}" if i else "王某", representative=collective and i < 3
            )
            for i in range(workers)
        ],
        common_claim=workers > 1,
        respondent=disputes.RespondentInput(
            enterprise_id=world.orgs["street:310115125"].enterprises.values_list("pk", flat=True).first()
        ),
        claims=[disputes.ClaimInput("unpaid_wages", Decimal("18000.00"))],
        facts="公司拖欠工资，多次催讨未果。",
        case_type="remuneration",
        received_on=received_on,
    )
    return case


def application(
    world: DemoWorld, name: str, phone: str, *, seed: int, received_on: date = date(2026, 11, 20)
) -> DisputeCase:
    """An application at 张江's centre by one worker `name` with a phone (ID number drawn from `seed`),
    against the first enterprise of 张江, for 12,000 yuan of wages."""
    firm = world.orgs["street:310115125"].enterprises.order_by("pk").first()
    case, _code = disputes.apply_for_mediation(
        by=world.users["zj_centre"],
        channel="counter",
        centre=world.orgs["zj_centre"],
        applicants=[disputes.ApplicantInput(citizen_id(random.Random(seed)), name, phone=phone)],
        respondent=disputes.RespondentInput(enterprise_id=firm.pk),
        claims=[disputes.ClaimInput("unpaid_wages", Decimal("12000.00"))],
        facts="公司拖欠2026年9月至10月工资，多次催讨未果。",
        case_type="remuneration",
        received_on=received_on,
    )
    return case


def arbitrating(
    world: DemoWorld,
    case: DisputeCase,
    *,
    applied_on: date,
    accepted_on: date | None = None,
    awarded_on: date | None = None,
) -> DisputeCase:
    """A dispute in mediation at 张江's centre that failed, referred to the 科创 tribunal on `applied_on`,
    accepted there on `accepted_on` and awarded the wages claimed on `awarded_on`, if given."""
    centre = world.users["zj_centre"]
    case = disputes.fail_mediation(case, by=centre, reason="双方分歧较大", version=case.version)
    disputes.refer_to_arbitration(
        case, by=centre, commission=world.orgs["zj_tribunal"], applied_on=applied_on, version=case.version
    )
    case.refresh_from_db()
    if accepted_on:
        disputes.accept_arbitration(
            case, by=world.users["zj_arbitrator"], accepted_on=accepted_on, version=case.version
        )
        case.refresh_from_db()
    if awarded_on:
        disputes.make_award(
            case,
            by=world.users["zj_arbitrator"],
            awarded_on=awarded_on,
            summary="被申请人支付工资。",
            items=[disputes.ClaimInput(c.claim_type, c.amount) for c in case.claims.all()],
            version=case.version,
        )
        case.refresh_from_db()
    return case


def in_arbitration(
    world: DemoWorld,
    seed: int,
    *,
    applied_days_ago: int,
    accepted_days_ago: int | None = None,
    workers: int = 1,
) -> DisputeCase:
    """An application at 张江's centre (received 70 days ago, one worker unless `workers` says more, `seed`
    their IDs), mediated without success and in arbitration at the 科创 tribunal: applied
    `applied_days_ago`, accepted `accepted_days_ago` if given."""
    today = timezone.localdate()
    received_on = today - timedelta(days=70)
    return arbitrating(
        world,
        mediating(world, applied(world, received_on=received_on, seed=seed, workers=workers)),
        applied_on=today - timedelta(days=applied_days_ago),
        accepted_on=today - timedelta(days=accepted_days_ago) if accepted_days_ago is not None else None,
    )


PANEL = (
    "zj_arbitrator",
    "zj_arbitrator2",
    "pd_arbitrator",
)  # the demo's three arbitrators of 浦东's commission


def panel(world: DemoWorld, case: DisputeCase, *, presiding: str = "zj_arbitrator") -> DisputeCase:
    """The accepted case's tribunal formed of the demo's three arbitrators (第三十一条), read again."""
    u = world.users
    disputes.compose_tribunal(
        case,
        by=u["zj_arbitrator"],
        tribunal="panel",
        arbitrators=[u[name] for name in PANEL],
        presiding=u[presiding],
        version=case.version,
    )
    case.refresh_from_db()
    return case


def registered(
    world: DemoWorld, *, serial: int, received_on: date, workers: int = 2, months: int = 5
) -> InspectionCase:
    """A complaint at Fengxian's brigade by `workers` workers each owed `months` months (the last of them
    the month before `received_on`'s) against an employer new to the register, named by its credit code
    (`serial` makes it a different employer, so that no open case absorbs the complaint)."""
    rng = random.Random(serial)
    owed = [
        (month_before(received_on, n), Decimal("5200.00") + i) for i in range(workers) for n in range(months)
    ]
    report = inspection.register_report(
        by=world.users["fx_inspector"],
        brigade=world.orgs["fx_brigade"],
        kind="complaint",
        channel="counter",
        respondent=inspection.RespondentInput(
            credit_code=credit_code(serial, area="310120"),
            name=f"上海某{serial}号制造有限公司",
            street_id=world.orgs["street:310120101"].pk,
        ),
        content="公司拖欠工资数月，多次讨要未果。",
        received_on=received_on,
        workers=[
            inspection.WorkerInput(
                citizen_id(rng), f"工人{i}", months=[(m, a) for m, a in owed[i * months : (i + 1) * months]]
            )
            for i in range(workers)
        ],
    )
    return report.case


def month_before(day: date, back: int) -> date:
    """The first day of the month `back` + 1 months before `day`'s."""
    months = day.year * 12 + day.month - 2 - back
    return date(months // 12, months % 12 + 1, 1)


def served_order(
    world: DemoWorld,
    case: InspectionCase,
    *,
    issued_on: date,
    deadline: date,
    requirements: str = "限期支付工资",
    method: str = "direct",
    served_to: str = "钱某",
) -> RectificationOrder:
    """A rectification order of a filed case, served the day it is issued, its compliance not yet checked.
    The case is read again, so `case` is current afterwards."""
    inspector = world.users["fx_inspector"]
    order = inspection.issue_rectification_order(
        case,
        by=inspector,
        issued_on=issued_on,
        deadline=deadline,
        requirements=requirements,
        version=case.version,
    )
    case.refresh_from_db()
    inspection.record_service(
        order, by=inspector, served_on=issued_on, method=method, served_to=served_to, version=case.version
    )
    case.refresh_from_db()
    order.refresh_from_db()
    return order
