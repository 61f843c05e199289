"""Every disputes service that takes a case-number counter takes it after the registry records and before
any case lock (casework.LOCK_ORDER), whichever path it takes."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes import services
from renshe.disputes.services import ApplicantInput, ClaimInput, RespondentInput
from tests import builders
from tests.lock_order import taken_in_order

rng = random.Random(7)


def test_an_application_by_new_people_against_a_new_employer(world):
    street = world.orgs["street:310115125"]
    with taken_in_order() as taken:
        case, _code = services.apply_for_mediation(
            by=None,
            channel="portal",
            centre=world.orgs["zj_centre"],
            applicants=[
                ApplicantInput(citizen_id(rng), "新工人甲"),
                ApplicantInput(citizen_id(rng), "新工人乙"),
            ],
            respondent=RespondentInput(
                credit_code=credit_code(987654, "310115"), name="新开公司", street_id=street.pk
            ),
            claims=[ClaimInput("unpaid_wages", Decimal("8000.00"))],
            facts="公司拖欠两个月工资，多次催讨未果。",
            case_type="remuneration",
        )
    assert {kind for kind, _table in taken} == {"registry", "counter", "case"}
    assert case.respondent.name == "新开公司"


def test_a_failed_mediation_referred_to_arbitration(world, apply):
    case = builders.mediating(world, apply()[0])
    case = services.fail_mediation(
        case, by=world.users["zj_centre"], reason="双方分歧较大", version=case.version
    )
    with taken_in_order() as taken:
        arbitration = services.refer_to_arbitration(
            case,
            by=world.users["zj_centre"],
            commission=world.orgs["zj_tribunal"],
            applied_on=timezone.localdate(),
            version=case.version,
        )
    assert {kind for kind, _table in taken} == {"counter", "case"}
    assert arbitration.number.startswith(world.orgs["zj_tribunal"].case_prefix)


def test_a_lapsed_mediation_fails_and_is_referred_in_one_transaction(world, apply):
    case = builders.mediating(world, apply(days_ago=30)[0])
    with taken_in_order() as taken:
        services.refer_to_arbitration(
            case,
            by=world.users["zj_centre"],
            commission=world.orgs["zj_tribunal"],
            applied_on=timezone.localdate(),
            version=version_of(case),
        )
    assert {kind for kind, _table in taken} == {"counter", "case"}
    case.refresh_from_db()
    assert case.status == "arbitration" and case.outcome == "failed"


def test_a_direct_application_to_the_commission(world, zhangjiang_firm):
    with taken_in_order() as taken:
        services.apply_for_arbitration(
            by=world.users["zj_arbitrator"],
            commission=world.orgs["zj_tribunal"],
            applicants=[ApplicantInput(citizen_id(rng), "新工人丙")],
            respondent=RespondentInput(enterprise_id=zhangjiang_firm.pk),
            claims=[ClaimInput("unpaid_wages", Decimal("6000.00"))],
            facts="公司拖欠三个月工资，多次催讨未果。",
            case_type="remuneration",
            applied_on=timezone.localdate() - timedelta(days=1),
        )
    assert {kind for kind, _table in taken} == {"registry", "counter", "case"}
