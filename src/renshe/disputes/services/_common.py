"""What every disputes service shares: the case locked for a transition (`_lock`) and saved with its share
of the statistics (`_save`), its timeline events and workbench tasks (`TRAIL`), the claim types, the
statutory mediation due date, and the routing task more than one section opens."""

from datetime import date, timedelta

from django.utils import timezone

from renshe.core import casework, law
from renshe.core.models import DictionaryEntry, User
from renshe.core.roles import Role
from renshe.core.services import official
from renshe.core.workdays import compute_deadline

from .. import metrics
from ..models import ArbitrationCase, DisputeCase
from ..rules import RULES

TRAIL = casework.CaseTrail("dispute", "申请人（网上）", "/disputes/{pk}/")
_event = TRAIL.event
_task = TRAIL.task


def _claim_types() -> set[str]:
    return set(
        DictionaryEntry.objects.filter(dictionary="claim_type", active=True).values_list("code", flat=True)
    )


def _lock(case: DisputeCase, by: User, version: int, action: str) -> DisputeCase:
    """The case begun for `action` (casework.Rules.begin: row lock, version, rule, target state), with the
    share of the statistics it counts for as read, which `_save` moves."""
    current = RULES.begin(
        DisputeCase.objects.select_related("organisation", "received_by"), case.pk, version, by, action
    )
    current.counted = metrics.tally(current)
    return current


def _arbitration(
    case: DisputeCase, by: User, action: str, version: int
) -> tuple[DisputeCase, ArbitrationCase]:
    """The case begun for an arbitration `action` (`_lock`), and its arbitration file locked after it."""
    case = _lock(case, by, version, action)
    return case, ArbitrationCase.objects.select_for_update().get(case=case)


def _save(case: DisputeCase) -> None:
    """Save a case read by _lock, and move its share of the statistics (metrics.MonthlyFigures) with it."""
    case.save()
    now = metrics.tally(case)
    metrics.count_change(case.counted, now)
    case.counted = now


def _mediation_due(case: DisputeCase) -> date:
    extra = case.extension_days + case.suspended_days
    return compute_deadline(law.MEDIATION_PERIOD, case.received_on, extra_days=extra).due


def _open_routing_task(case: DisputeCase) -> None:
    """The centre decides, within a day, who mediates: itself, its studio or an "X" organisation."""
    today = timezone.localdate()
    _task(
        case,
        "dispute.route",
        official("分派案件：%(number)s", number=case.number),
        organisation=case.received_by,
        role=Role.MEDIATOR,
        starts_on=today,
        due_on=today + timedelta(days=1),
    )
