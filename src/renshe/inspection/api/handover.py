"""Hand-overs to mediation and arbitration, carried out by people outside the brigade: a worker's mediation
agreement is signed by the town centre's mediator, an arbitration application is registered by the
commission's staff. They act on one worker's row of the ledger (`/claims/{id}`), which they may read and act
on when the rules let them hand the case's workers over (selectors.handover_cases: the mediation staff of the
town where the work was done, the district commission's staff); the rest of the file stays with the
brigade, and everyone else gets 404 as for the case."""

from dataclasses import replace

from django.utils.translation import gettext as _

from renshe.core.api import ErrorOut, Part, named_organisation
from renshe.core.selectors import get_in_scope

from .. import selectors, services
from .case import cases, claims_queryset
from .schemas import HandOverOut, InspectionArbitrationIn, MediationIn

CLAIM = Part(claims_queryset())


@cases.get(
    "/{int:pk}/claims/{int:claim_id}",
    "One worker's row of the ledger, for the mediator or commission taking it over",
    response={200: HandOverOut, 404: ErrorOut},
)
def claim_detail(request, pk: int, claim_id: int):
    case = get_in_scope(selectors.handover_cases(request.user), pk)
    return {
        "case_id": case.pk,
        "case_number": case.number,
        "respondent": case.respondent.name,
        "version": case.version,
        "claim": CLAIM.of(case, claim_id),
    }


# the same act as every transition, in the hand-over's scope, answering with the worker's row
handovers = replace(cases, scope=selectors.handover_cases, out=HandOverOut, answer=claim_detail)

handovers.transition(
    "settle_by_mediation",
    "/{int:pk}/claims/{int:claim_id}/mediation",
    MediationIn,
    services.settle_by_mediation,
    "The worker accepts mediation: an agreement for the balance, signed by the centre's mediator",
    part=CLAIM,
    resolve={
        "centre": lambda request, pk: named_organisation(
            pk or request.user.organisation_id, _("请选择调解中心"), "centre"
        )
    },
    description="Made by the disputes module from the inspection file; follow it at /api/v1/disputes/{id}.",
)
handovers.transition(
    "refer_claim_to_arbitration",
    "/{int:pk}/claims/{int:claim_id}/arbitration",
    InspectionArbitrationIn,
    services.refer_claim_to_arbitration,
    "The worker applies for arbitration (e.g. economic compensation too), from the inspection file",
    part=CLAIM,
    resolve={
        "commission": lambda request, pk: named_organisation(pk, _("请选择仲裁委员会"), "commission"),
        "extra_claims": lambda request, claims: [(c.claim_type, c.amount) for c in claims],
    },
)
