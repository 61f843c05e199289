"""What every disputes service shares: the case locked for a transition (`_lock`), saved with its share of the statistics (`_save`), its timeline event, the claim types, the statutory mediation due date and the workbench tasks more than one section opens."""

from datetime import date, timedelta

from django.utils import timezone

from renshe.core import casework, law
from renshe.core.models import DictionaryEntry, User
from renshe.core.roles import Role
from renshe.core.services import (
    official,
    open_work_item,
)
from renshe.core.timeline import record_event
from renshe.core.workdays import compute_deadline

from .. import metrics, workflow
from ..models import (
    DisputeCase,
)
from ..rules import RULES


def _claim_types() -> set[str]:
    return set(
        DictionaryEntry.objects.filter(dictionary="claim_type", active=True).values_list("code", flat=True)
    )


def _lock(case: DisputeCase, by: User, version: int, action: str) -> DisputeCase:
    """Re-read the case under a row lock, refuse a stale `version` (409) and an actor the rules do not
    allow (403), and check that `action` is allowed from its state. Returns the locked case with its target
    status set."""
    current = casework.lock_for(
        DisputeCase.objects.select_related("organisation", "received_by"),
        case.pk,
        version,
    )
    RULES.check(by, action, current)
    current.status = workflow.target(current.status, action)
    current.version += 1
    current.counted = metrics.tally(current)
    return current


def _save(case: DisputeCase) -> None:
    """Save a case read by _lock, and move its share of the statistics (metrics.MonthlyFigures) with it."""
    case.save()
    now = metrics.tally(case)
    metrics.count_change(case.counted, now)
    case.counted = now


def _event(case: DisputeCase, verb: str, summary: str, by: User | None, **changes) -> None:
    record_event(
        case,
        f"dispute.{verb}",
        summary,
        actor=by,
        actor_label="" if by else "申请人（网上）",
        enterprise=case.respondent,
        organisation=case.organisation,
        changes=changes,
    )


def _mediation_due(case: DisputeCase) -> date:
    extra = case.extension_days + case.suspended_days
    return compute_deadline(law.MEDIATION_PERIOD, case.received_on, extra_days=extra).due


def _url(case: DisputeCase) -> str:
    return f"/disputes/{case.pk}/"


def _open_routing_task(case: DisputeCase) -> None:
    """The centre decides, within a day, who mediates: itself, its studio or an "X" organisation."""
    open_work_item(
        case,
        kind="dispute.route",
        organisation=case.received_by,
        role=Role.MEDIATOR,
        starts_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=1),
        url=_url(case),
        title=official("分派案件：%(number)s", number=case.number),
    )
