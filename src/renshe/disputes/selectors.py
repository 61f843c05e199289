"""Reads for labour disputes: querysets narrowed to what the user may see."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from renshe.core import search
from renshe.core.enterprise_file import SectionRow
from renshe.core.models import Enterprise, Organisation, OrganisationKind, User
from renshe.core.roles import Role
from renshe.core.scope import organisation_q, visible_organisations

from .models import (
    Applicant,
    ArbitrationCase,
    ArbitrationSuspension,
    DisputeCase,
    Hearing,
    HearingRoom,
    Recusal,
    TribunalSeat,
)
from .workflow import WITH_MEDIATORS, Status


def disputes_for(user: User, *, by_id: bool = False) -> QuerySet[DisputeCase]:
    """Cases the user's organisation handles now, or received (the centre keeps sight of what it referred
    on, and of what went on to arbitration). `by_id`: the scope named by organisation ids (the search's
    form: core/scope.py)."""
    if not user.is_authenticated or not user.is_active:
        return DisputeCase.objects.none()
    visible = organisation_q(user, "organisation", "created_by", by_id=by_id) | organisation_q(
        user, "received_by", "created_by", by_id=by_id
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
        disputes_for(user, by_id=True)
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


# --- arbitration (仲裁工作台, hearing calendar) ----------------------------------------------------------

WORKSPACE_ROWS = 50  # each list of the workspace, soonest first; the case list has the rest


def commission_root(arbitration: ArbitrationCase) -> Organisation:
    """The commission whose rooms and arbitrators serve a case: the district's commission above a tribunal
    it set up (科创仲裁庭 sits under 浦东's commission), or the case's own."""
    commission = arbitration.commission
    parent = commission.parent
    if parent is not None and parent.kind == OrganisationKind.ARBITRATION_COMMISSION:
        return parent
    return commission


def eligible_arbitrators(arbitration: ArbitrationCase) -> QuerySet[User]:
    """Users with the arbitrator role in the commission's scope (its tribunals included), active."""
    return User.objects.filter(
        role=Role.ARBITRATOR, is_active=True, organisation__path__startswith=commission_root(arbitration).path
    ).order_by("username")


def hearing_rooms_for_case(case: DisputeCase) -> QuerySet[HearingRoom]:
    arbitration = getattr(case, "arbitration", None)
    if arbitration is None:
        return HearingRoom.objects.none()
    return rooms_under(commission_root(arbitration))


def rooms_under(organisation: Organisation) -> QuerySet[HearingRoom]:
    return (
        HearingRoom.objects.filter(active=True, organisation__path__startswith=organisation.path)
        .select_related("organisation")
        .order_by("organisation__path", "name")
    )


def managed_rooms(user: User) -> QuerySet[HearingRoom]:
    """仲裁庭室 page: every room (disabled ones too) of the commissions in the user's scope."""
    return (
        HearingRoom.objects.filter(organisation__in=visible_organisations(user))
        .select_related("organisation")
        .order_by("organisation__path", "name")
    )


def commissions_for(user: User) -> QuerySet[Organisation]:
    """The active commissions and tribunals in the user's scope, to add a room to."""
    return (
        visible_organisations(user)
        .filter(kind=OrganisationKind.ARBITRATION_COMMISSION, active=True)
        .order_by("path")
    )


def hearing_rooms_for(user: User) -> QuerySet[HearingRoom]:
    """The rooms of the commissions and tribunals in the user's scope."""
    return (
        HearingRoom.objects.filter(active=True, organisation__in=visible_organisations(user))
        .select_related("organisation")
        .order_by("organisation__path", "name")
    )


def arbitrations_for(user: User) -> QuerySet[ArbitrationCase]:
    return ArbitrationCase.objects.filter(case__in=disputes_for(user).values("pk"))


@dataclass(frozen=True)
class Due:
    """A case on the workspace with the days left of the period it waits on (negative: overdue), and the
    arbitrators sitting on it."""

    arbitration: ArbitrationCase
    days_left: int
    sitting: list[TribunalSeat] = field(default_factory=list)
    suspended_since: date | None = None  # the hearing stands suspended: the award period does not run


@dataclass(frozen=True)
class Upcoming:
    hearing: Hearing
    days_left: int


@dataclass(frozen=True)
class Booked:
    """A hearing on the calendar; one of a case outside the user's scope shows its room taken, not the case."""

    hearing: Hearing
    visible: bool


@dataclass
class Workspace:
    """The 仲裁工作台: applications to accept or refuse, hearings to come, awards due, recusals to decide."""

    to_accept: list[Due] = field(default_factory=list)
    hearings: list[Upcoming] = field(default_factory=list)
    awards_due: list[Due] = field(default_factory=list)
    recusals: list[Recusal] = field(default_factory=list)


def arbitration_workspace(user: User, today: date, now: datetime) -> Workspace:
    """Collective disputes first in the applications to accept and the cases to hear and award, soonest due
    within each (优先立案、优先审理: law.COLLECTIVE_PRIORITY_CITATION); hearings to come in their order."""
    mine = (
        arbitrations_for(user)
        .filter(case__status=Status.ARBITRATION)
        .select_related("case", "case__respondent")
    )
    to_accept = [
        Due(a, (a.acceptance_due_on - today).days)
        for a in mine.filter(accepted_on__isnull=True).order_by(
            "-case__collective", "acceptance_due_on", "id"
        )[:WORKSPACE_ROWS]
    ]
    suspended = Prefetch(
        "suspensions", ArbitrationSuspension.objects.filter(ended_on__isnull=True), to_attr="suspended"
    )
    awards_due = [
        Due(
            a,
            (a.award_due_on - today).days if a.award_due_on else 0,
            [s for s in a.seats.all() if s.left_on is None],
            a.suspended[0].started_on if a.suspended else None,
        )
        for a in mine.filter(accepted_on__isnull=False, awarded_on__isnull=True)
        .prefetch_related("seats__arbitrator", suspended)
        .order_by("-case__collective", "award_due_on", "id")[:WORKSPACE_ROWS]
    ]
    hearings = [
        Upcoming(h, (timezone.localtime(h.scheduled_at).date() - today).days)
        for h in Hearing.objects.filter(arbitration__in=mine, scheduled_at__gte=now)
        .select_related("arbitration__case", "room")
        .order_by("scheduled_at", "id")[:WORKSPACE_ROWS]
    ]
    recusals = list(
        Recusal.objects.filter(arbitration__in=mine, decision="")
        .select_related("arbitration__case", "arbitrator")
        .order_by("requested_on", "id")[:WORKSPACE_ROWS]
    )
    return Workspace(to_accept, hearings, awards_due, recusals)


def hearings_between(user: User, rooms: list[HearingRoom], start: datetime, end: datetime) -> list[Booked]:
    """The hearings in `rooms` from `start` to `end`, and those of the user's cases held elsewhere."""
    mine = set(arbitrations_for(user).values_list("pk", flat=True))
    hearings = (
        Hearing.objects.filter(Q(room__in=rooms) | Q(arbitration__case__in=disputes_for(user).values("pk")))
        .filter(scheduled_at__gte=start, scheduled_at__lt=end)
        .select_related("arbitration__case", "room")
        .order_by("scheduled_at", "id")
    )
    return [Booked(h, user.is_superuser or h.arbitration_id in mine) for h in hearings]


def schedulable_cases(user: User) -> QuerySet[DisputeCase]:
    """Accepted arbitration cases not yet awarded, for the calendar's booking form: collective disputes
    first (优先审理), then soonest due."""
    return (
        disputes_for(user)
        .filter(status=Status.ARBITRATION, arbitration__accepted_on__isnull=False)
        .select_related("arbitration")
        .order_by("-collective", "arbitration__award_due_on", "id")
    )


# --- parties and search (registered with core in apps.py) -------------------------------------------


def cases_of(people: list[int]) -> list[int]:
    """The disputes these people applied in."""
    return search.bounded(Applicant.objects.filter(person_id__in=people).values_list("case_id", flat=True))


def search_q(query: search.Query) -> Q:
    """The list's search box and the header's: number, respondent, or applicant (core/search.py)."""
    return search.case_q(query, DisputeCase, parties=cases_of)


def search_hits(user: User, query: search.Query, limit: int) -> list[search.Hit]:
    arms = search.case_arms(query, parties=cases_of)
    return search.case_hits(disputes_for(user, by_id=True), arms, "/disputes/", limit)
