"""Cases in the state a test starts from, built through the real services: the chain of transitions written
once instead of in every test that needs, say, a dispute in mediation.

Every transition passes the version of the case as it stands, as the pages and the API do; a service that
returns something other than the case (an agreement, a record, an order) leaves the caller's instance behind,
so the case is read again before the next step."""

from datetime import date

from django.utils import timezone

from renshe.core.demo import DemoWorld
from renshe.disputes import services as disputes
from renshe.disputes.models import DisputeCase, MediationAgreement
from renshe.inspection import services as inspection
from renshe.inspection.models import InspectionCase, RectificationOrder


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
    """A rectification order of a filed case, served the day it is issued and checked on `checked_on`: not
    complied with, unless `complied`. The case is read again, so `case` is current afterwards."""
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
    inspection.record_compliance(
        order, by=inspector, complied=complied, checked_on=checked_on, version=case.version
    )
    case.refresh_from_db()
    order.refresh_from_db()
    return order
