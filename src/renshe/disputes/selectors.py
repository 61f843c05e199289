"""Reads for labour disputes: querysets narrowed to what the user may see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from renshe.core import search
from renshe.core.enterprise_file import SectionRow
from renshe.core.models import Enterprise, User
from renshe.core.scope import organisation_q

from .models import Applicant, DisputeCase
from .workflow import WITH_MEDIATORS, Status


def disputes_for(user: User) -> QuerySet[DisputeCase]:
    """Cases the user's organisation handles now, or received (the centre keeps sight of what it referred
    on, and of what went on to arbitration)."""
    if not user.is_authenticated or not user.is_active:
        return DisputeCase.objects.none()
    visible = organisation_q(user, "organisation", "created_by") | organisation_q(
        user, "received_by", "created_by"
    )
    return DisputeCase.objects.filter(visible).select_related("respondent", "organisation", "received_by")


@dataclass
class DisputeFilter:
    q: str = ""
    organisation: int | None = None
    status: str = ""
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False


def filtered(qs: QuerySet[DisputeCase], f: DisputeFilter) -> QuerySet[DisputeCase]:
    if f.q and (query := search.parse_or_none(f.q)):
        qs = qs.filter(search_q(query))
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    if f.overdue:
        qs = qs.filter(
            status__in=[Status.MEDIATING, Status.ACCEPTED, Status.REFERRED],
            mediation_due_on__lt=timezone.localdate(),
        )
    return qs


def mediator_queue(user: User) -> QuerySet[DisputeCase]:
    """The cases in the mediator's hands, soonest due first: walked in that order along a partial index of
    such cases, each checked for the mediator (an EXISTS, not a join that would gather all his cases first)."""
    theirs = DisputeCase.mediators.through.objects.filter(disputecase_id=OuterRef("pk"), user_id=user.pk)
    return (
        disputes_for(user)
        .filter(Exists(theirs), status__in=WITH_MEDIATORS)
        .order_by("mediation_due_on", "id")
    )


def enterprise_file_rows(enterprise: Enterprise, user: User) -> list[SectionRow]:
    """一企一档: the enterprise's disputes the user may see, newest first."""
    cases = disputes_for(user).filter(respondent=enterprise).order_by("-received_on", "-id")[:20]
    return [
        SectionRow(
            label=case.number,
            detail=f"{case.get_status_display()} · {case.worker_count}人 · {case.claimed_total:,.2f}元",
            url=f"/disputes/{case.pk}/",
            date=case.received_on.isoformat(),
        )
        for case in cases
    ]


# --- parties and search (registered with core in apps.py) -------------------------------------------


def cases_of(people: list[int]) -> list[int]:
    """The disputes these people applied in."""
    return search.bounded(Applicant.objects.filter(person_id__in=people).values_list("case_id", flat=True))


def search_q(query: search.Query) -> Q:
    """The list's search box and the header's: number, respondent, or applicant (core/search.py)."""
    return search.case_q(query, DisputeCase, parties=cases_of)


def search_hits(user: User, query: search.Query, limit: int) -> list[search.Hit]:
    return search.case_hits(disputes_for(user), search_q(query), "/disputes/", limit)
