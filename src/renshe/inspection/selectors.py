"""Reads for labour inspection: querysets narrowed to what the user may see."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from renshe.core import search
from renshe.core.enterprise_file import SectionRow
from renshe.core.models import Enterprise, User
from renshe.core.money import ZERO, MoneySum
from renshe.core.scope import organisation_q
from renshe.disputes.rules import ARBITRATION_STAFF

from .models import (
    AdvancePayment,
    DishonestListing,
    InspectionCase,
    PaymentSource,
    PoliceTransfer,
    Report,
    SiteCheck,
    WageClaim,
    WagePayment,
)
from .rules import RULES, mediates_at_a_centre
from .workflow import FILED, FINISHED


def inspections_for(user: User, *, by_id: bool = False) -> QuerySet[InspectionCase]:
    """Cases the user's organisation handles, or whose place of work (用工所在街镇) lies in the user's scope
    (a street or district sees the arrears on its ground). `by_id`: the scope named by organisation ids
    (the search's form: core/scope.py)."""
    if not user.is_authenticated or not user.is_active:
        return InspectionCase.objects.none()
    visible = organisation_q(user, "organisation", "created_by", by_id=by_id) | organisation_q(
        user, "street", "created_by", by_id=by_id
    )
    return InspectionCase.objects.filter(visible).select_related("respondent", "organisation", "street")


def site_checks_for(user: User) -> QuerySet[SiteCheck]:
    """The site checks asked of a grid in the user's scope (the grid officer's), and those of the cases the
    user sees (the brigade's)."""
    if not user.is_authenticated or not user.is_active:
        return SiteCheck.objects.none()
    return SiteCheck.objects.filter(
        organisation_q(user, "grid") | Q(case__in=inspections_for(user).values("pk"))
    ).select_related("case__respondent__street", "case__organisation", "grid", "requested_by", "recorded_by")


def handover_cases(user: User) -> QuerySet[InspectionCase]:
    """The cases whose workers' rows the user may reach: those in scope, and those the user may hand a
    worker over from (rules.may_hand_over, in SQL): a town centre's mediation staff the cases worked in
    their town, a district's commission staff and administrators the cases of its brigade. Only a worker's
    row and the hand-over forms are reached this way, never the case's file or its ledger."""
    visible = inspections_for(user)
    if not user.is_authenticated or not user.is_active or user.organisation is None:
        return visible
    path = user.organisation.path
    # the user's organisation and every one above it: what it "is within"
    within = ["/".join(path.split("/")[:i]) + "/" for i in range(2, path.count("/") + 1)]
    reach = Q(pk__in=visible.values("pk"))
    if mediates_at_a_centre(user):
        reach |= Q(street__path__in=within)
    if user.role in ARBITRATION_STAFF:  # the commission's staff, and the district's administrators
        reach |= Q(organisation__parent__path__in=within)
    return InspectionCase.objects.filter(reach).select_related("respondent", "organisation", "street")


@dataclass
class InspectionFilter:
    q: str = ""
    status: str = ""
    street: int | None = None
    group_case: bool | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False


def filtered(qs: QuerySet[InspectionCase], f: InspectionFilter) -> QuerySet[InspectionCase]:
    if f.q and (query := search.parse_or_none(f.q)):
        qs = qs.filter(search_q(query))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.street:
        qs = qs.filter(street_id=f.street)
    if f.group_case is not None:
        qs = qs.filter(group_case=f.group_case)
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    if f.overdue:
        qs = qs.filter(status__in=FILED, investigation_due_on__lt=timezone.localdate())
    return qs


def inspector_queue(user: User) -> QuerySet[InspectionCase]:
    """The inspector's own open cases, soonest investigation deadline first."""
    return (
        inspections_for(user, by_id=True)
        .filter(inspectors=user)
        .exclude(status__in=FINISHED)
        .order_by("investigation_due_on", "id")
    )


def handover_queue(user: User) -> QuerySet[InspectionCase]:
    """转调解、仲裁: the filed cases the user may hand workers over from (handover_cases) with a worker whose
    claim is not yet resolved, oldest first."""
    awaiting = WageClaim.objects.filter(case=OuterRef("pk"), resolution="")
    return (
        handover_cases(user)
        .filter(
            Exists(awaiting),
            status__in=RULES.workflow.sources("mediate") | RULES.workflow.sources("to_arbitration"),
        )
        .order_by("received_on", "id")
    )


def ledger(case: InspectionCase) -> QuerySet[WageClaim]:
    """The per-worker ledger: each worker with months owed and payments, one query per relation."""
    return (
        WageClaim.objects.filter(case=case)
        .select_related("worker", "dispute")
        .prefetch_related("months", "payments__advance")
        .order_by("id")
    )


@dataclass(frozen=True)
class LedgerSummary:
    owed: Decimal
    paid: Decimal
    balance: Decimal
    by_source: dict[str, Decimal]
    advanced: Decimal
    repaid: Decimal
    advance_outstanding: Decimal
    workers: int
    workers_paid_in_full: int


def ledger_summary(case: InspectionCase) -> LedgerSummary:
    """Totals straight from the rows (not the kept totals), so a page or a test can compare the two."""
    claims = WageClaim.objects.filter(case=case).aggregate(
        owed=MoneySum("months__amount"), workers=Count("id", distinct=True)
    )
    by_source = {
        row["source"]: row["s"]
        for row in WagePayment.objects.filter(claim__case=case)
        .values("source")
        .annotate(s=MoneySum("amount"))
    }
    paid = sum(by_source.values(), ZERO)
    advances = AdvancePayment.objects.filter(case=case).aggregate(
        repaid=MoneySum("repayments__amount"),
    )
    advanced = by_source.get(PaymentSource.ADVANCE, ZERO)
    repaid = advances["repaid"] or ZERO
    owed = claims["owed"] or ZERO
    full = sum(
        1 for c in WageClaim.objects.filter(case=case).only("owed_total", "paid_total") if c.balance == 0
    )
    return LedgerSummary(
        owed=owed,
        paid=paid,
        balance=owed - paid,
        by_source={s: by_source.get(s, ZERO) for s in PaymentSource.values},
        advanced=advanced,
        repaid=repaid,
        advance_outstanding=advanced - repaid,
        workers=claims["workers"],
        workers_paid_in_full=full,
    )


def advances(case: InspectionCase) -> QuerySet[AdvancePayment]:
    """Each payer with what it advanced, what came back, and to which workers."""
    return (
        AdvancePayment.objects.filter(case=case)
        .select_related("payer")
        .prefetch_related("payments__claim__worker", "repayments")
        .order_by("decided_on", "id")
    )


def on_the_case(case: InspectionCase, user: User) -> bool:
    """Whether the user may see the case's named reporters (rules: its own inspectors)."""
    return RULES.may(user, "reveal_reporter", case)


def reporter_display(report: Report, user: User, *, on_case: bool | None = None) -> str:
    """A reporter's identity is shown only to the case's inspectors, and masked; anonymous reports show
    nothing. Documents, exports and API lists never call this. A page listing a case's reports passes
    `on_case` (on_the_case, asked once) instead of asking for each report."""
    if report.anonymous or not report.named:
        return gettext("匿名") if report.anonymous else ""
    if on_case is None:
        on_case = report.case is not None and on_the_case(report.case, user)
    if report.case_id is None or not on_case:
        return "***"
    return report.masked_reporter()


def enterprise_file_rows(enterprise: Enterprise, user: User) -> list[SectionRow]:
    """一企一档: the enterprise's inspection cases, police transfers and dishonest-list entries the user
    may see, newest first."""
    cases = inspections_for(user).filter(respondent=enterprise).order_by("-received_on", "-id")[:20]
    rows = [
        SectionRow(
            label=case.number,
            detail=(
                f"{case.get_status_display()} · {case.worker_count}人 · 欠薪{case.owed_total:,.2f}元"
                f" · 已付{case.paid_total:,.2f}元"
            ),
            url=f"/inspection/{case.pk}/",
            date=case.received_on.isoformat(),
        )
        for case in cases
    ]
    visible = inspections_for(user).filter(respondent=enterprise).values("pk")
    for listing in DishonestListing.objects.filter(enterprise=enterprise, case__in=visible).select_related(
        "case"
    ):
        state = "已移出" if listing.removed_on else f"至{listing.expires_on.isoformat()}"
        rows.append(
            SectionRow(
                label="拖欠农民工工资失信联合惩戒名单",
                detail=f"{listing.case.number} · {state}",
                url=f"/inspection/{listing.case_id}/",
                date=listing.listed_on.isoformat(),
            )
        )
    for transfer in PoliceTransfer.objects.filter(case__in=visible).select_related("case"):
        rows.append(
            SectionRow(
                label="移送公安机关",
                detail=f"{transfer.case.number} · {transfer.amount:,.2f}元",
                url=f"/inspection/{transfer.case_id}/",
                date=transfer.transferred_on.isoformat(),
            )
        )
    return rows


# --- parties and search (registered with core in apps.py) -------------------------------------------


def cases_of(people: list[int]) -> list[int]:
    """The inspection cases these people are workers on (never as reporters: who reported is the case
    inspectors' alone to know)."""
    return search.bounded(WageClaim.objects.filter(worker_id__in=people).values_list("case_id", flat=True))


def search_q(query: search.Query) -> Q:
    """The list's search box and the header's: number, employer, or worker (core/search.py)."""
    return search.case_q(query, InspectionCase, parties=cases_of)


def search_hits(user: User, query: search.Query, limit: int) -> list[search.Hit]:
    arms = search.case_arms(query, parties=cases_of)
    return search.case_hits(inspections_for(user, by_id=True), arms, "/inspection/", limit)


def listings_in_force(on: date) -> QuerySet[DishonestListing]:
    """The public list (公示): employers listed and not removed whose term has not ended by `on` — whether or not
    the nightly job (services.remove_expired_listings) has run yet."""
    return (
        DishonestListing.objects.filter(removed_on__isnull=True, expires_on__gte=on, listed_on__lte=on)
        .select_related("enterprise")
        .order_by("-listed_on", "-id")
    )
