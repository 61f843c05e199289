"""The disputes API as a case module: its router, `cases` (the scope, the case as every transition answers
with it) and the reads every case module has."""

from django.db.models import Prefetch, QuerySet
from ninja import Router

from renshe.core.api import CaseApi
from renshe.core.models import User

from .. import documents, selectors
from ..models import Applicant, DisputeCase, Referral, TribunalSeat
from .schemas import DisputeFilterIn, DisputeOut, DisputeRowOut

router = Router(tags=["disputes"])


def detail_queryset(user: User) -> QuerySet[DisputeCase]:
    """The case with everything the detail shows, in a fixed number of queries."""
    referrals = Referral.objects.select_related("from_organisation", "to_organisation").order_by("id")
    return (
        selectors.disputes_for(user)
        .select_related(
            "street", "agreement", "arbitration__commission", "arbitration__revocation", "litigation"
        )
        .prefetch_related(
            Prefetch("applicants", queryset=Applicant.objects.select_related("person").order_by("id")),
            "claims",
            Prefetch("referrals", queryset=referrals),
            "sessions",
            "suspensions",
            "evidence",
            "mediators",
            "agreement__items",
            "agreement__follow_ups",
            "arbitration__hearings",
            "arbitration__suspensions",
            "arbitration__award_items",
            "arbitration__services",
            Prefetch(
                "arbitration__seats",
                queryset=TribunalSeat.objects.select_related("arbitrator").order_by("id"),
            ),
        )
    )


cases = CaseApi(router, "disputes", scope=selectors.disputes_for, detail=detail_queryset, out=DisputeOut)

cases.reads(
    "dispute",
    rows=DisputeRowOut,
    filter_in=DisputeFilterIn,
    filtered=lambda disputes, values: selectors.filtered(disputes, selectors.DisputeFilter(**values)),
    queue=selectors.mediator_queue,
    list_summary="Disputes in your scope, newest first",
    queue_summary="Your cases in hand as mediator, soonest due",
)
cases.documents(documents.documents_of)
