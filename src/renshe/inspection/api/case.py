"""The inspection API as a case module: its router, `cases` (the scope, the case as every transition answers
with it), the reads every case module has, and what more than one section turns a payload into."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from ninja import Router

from renshe.core.api import CaseApi, named_users
from renshe.core.models import User

from .. import documents, selectors, services
from ..models import AdvancePayment, CoordinationMeeting, InspectionCase, Report, WageClaim
from .schemas import CaseFilterIn, CaseOut, CaseRowOut, WorkerIn

router = Router(tags=["inspection"])


def claims_queryset() -> QuerySet[WageClaim]:
    """Workers' rows of the ledger with their months and payments."""
    return (
        WageClaim.objects.select_related("worker", "dispute")
        .prefetch_related("months", "payments")
        .order_by("id")
    )


def detail_queryset(user: User) -> QuerySet[InspectionCase]:
    """The case with its whole file, in a fixed number of queries."""
    return (
        selectors.inspections_for(user)
        .select_related("extension_approved_by", "police_transfer", "dishonest_listing")
        .prefetch_related(
            "inspectors",
            Prefetch("reports", queryset=Report.objects.select_related("reporter", "case").order_by("id")),
            "records__inspectors",
            "orders",
            "statements",
            "decisions",
            "penalty_notices__decision",
            Prefetch(
                "meetings",
                queryset=CoordinationMeeting.objects.prefetch_related("attendees", "tasks").order_by(
                    "held_on", "id"
                ),
            ),
            Prefetch("claims", queryset=claims_queryset()),
            Prefetch(
                "advances",
                queryset=AdvancePayment.objects.prefetch_related("payments__claim__worker", "repayments"),
            ),
        )
    )


cases = CaseApi(router, "inspection", scope=selectors.inspections_for, detail=detail_queryset, out=CaseOut)

cases.reads(
    "case",
    rows=CaseRowOut,
    filter_in=CaseFilterIn,
    filtered=lambda inspections, values: selectors.filtered(
        inspections, selectors.InspectionFilter(**values)
    ),
    queue=selectors.inspector_queue,
    list_summary="Inspection cases in your scope, newest first",
    queue_summary="Your own open cases as inspector, soonest due",
)
cases.documents(documents.documents_of)


def worker_input(request, worker: WorkerIn) -> services.WorkerInput:
    """A worker and the months owed, as the services take them."""
    return services.WorkerInput(
        id_number=worker.id_number,
        name=worker.name,
        phone=worker.phone,
        months=[(m.month, m.amount) for m in worker.months],
    )


def inspectors(request, ids: list[int]) -> list[User]:
    return named_users(request.user, ids, _("用户不存在"), "inspectors")
