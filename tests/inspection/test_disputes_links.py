"""Workers who take the mediation or arbitration route get their dispute case made from the inspection
file through the disputes services: same person, same employer, the ledger's balance; nothing re-typed."""

from datetime import date
from decimal import Decimal

import pytest

from renshe.core.casework import version_of
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.disputes.models import DisputeCase
from renshe.disputes.workflow import Status as DisputeStatus
from renshe.inspection import services
from renshe.inspection.models import WageClaim


def first_claim(case):
    return WageClaim.objects.filter(case=case).select_related("worker").order_by("id").first()


def mediate(claim, by, centre):
    return services.settle_by_mediation(
        claim,
        by=by,
        centre=centre,
        signed_on=date(2026, 10, 28),
        due_on=date(2026, 11, 6),
        version=version_of(claim.case),
    )


def test_mediation_agreement_from_the_ledger(filed, u, world):
    case = filed(2)
    claim = first_claim(case)
    agreement = mediate(claim, u["fx_mediator"], world.orgs["fx_centre"])
    dispute = agreement.case
    assert dispute.status == DisputeStatus.SETTLED and dispute.organisation == world.orgs["fx_centre"]
    assert list(dispute.applicants.values_list("person", flat=True)) == [claim.worker_id]
    assert (
        dispute.respondent == case.respondent
        and dispute.claimed_total == dispute.agreed_total == claim.owed_total
    )
    assert case.number in dispute.facts
    claim.refresh_from_db()
    assert claim.resolution == "mediation" and claim.dispute == dispute
    with pytest.raises(ValidationFailed):  # once per worker
        mediate(claim, u["fx_mediator"], world.orgs["fx_centre"])


def test_the_inspector_cannot_sign_a_mediation_agreement(filed, u, world):
    case = filed(1)
    with pytest.raises(PermissionDenied):
        mediate(first_claim(case), u["fx_inspector"], world.orgs["fx_centre"])
    with pytest.raises(PermissionDenied):  # a mediator of another district
        mediate(first_claim(case), u["zj_centre"], world.orgs["zj_centre"])
    assert not DisputeCase.objects.exists()


def test_arbitration_from_the_inspection_file(filed, u, world):
    from renshe.disputes import services as disputes

    case = filed(2)
    claim = first_claim(case)
    dispute = services.refer_claim_to_arbitration(
        claim,
        by=u["fx_admin"],
        commission=world.orgs["fx_arbitration"],
        applied_on=date(2026, 10, 29),
        extra_claims=[("economic_compensation", Decimal("10400.00"))],
        version=version_of(claim.case),
    )
    assert dispute.status == DisputeStatus.ARBITRATION and dispute.arbitration.number == dispute.number
    assert dispute.number.startswith("奉劳人仲〔2026〕")
    assert sorted(dispute.claims.values_list("claim_type", "amount")) == [
        ("economic_compensation", Decimal("10400.00")),
        ("unpaid_wages", claim.owed_total),
    ]
    arbitration = disputes.accept_arbitration(
        dispute, by=u["fx_admin"], accepted_on=date(2026, 10, 30), version=version_of(dispute)
    )
    assert arbitration.award_due_on
    with pytest.raises(PermissionDenied):
        services.refer_claim_to_arbitration(
            WageClaim.objects.filter(case=case).last(),
            by=u["fx_inspector"],
            commission=world.orgs["fx_arbitration"],
            applied_on=date(2026, 10, 29),
            version=version_of(WageClaim.objects.filter(case=case).last().case),
        )
