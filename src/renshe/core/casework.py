"""The casework kernel every case module builds on: a declared workflow, the row lock with its version
check, one lock order, and side effects that wait for the commit.

Lock order (LOCK_ORDER). Every service takes the locks it needs in this order, so that no two services can
wait for each other:

1. registry records the service creates or changes (people, then enterprises), with their own events;
2. case-number counters (`core.numbering`);
3. the case, by `lock_for` (its events are serialised by this lock: `core.timeline`);
4. the case's own sub-records (claims, agreement items, advances …), in id order;
5. events on other subjects the transition touches (e.g. the respondent's file when it is listed);
6. the statistics rows a transition moves (`MonthlyFigures`), last.

No lock is global: the timeline has one chain per subject, so writers of different cases never queue on
each other. Anything slow or outside the database (files to storage, notifications, webhooks) runs through
`after_commit`, so it never runs under a lock and never runs for a transaction that rolled back.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, ValidationFailed

LOCK_ORDER = (
    "registry records (people, then enterprises)",
    "case-number counters",
    "the case (lock_for)",
    "the case's sub-records, in id order",
    "events on other subjects",
    "statistics rows",
)
logger = logging.getLogger(__name__)
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Workflow:
    """A module's states and, per action, the states it may start from and the state it leads to (None:
    the status stays as it is). One declaration per module, in its workflow.py, drawn in its docstring."""

    states: type[models.TextChoices]
    transitions: dict[str, tuple[frozenset[str], str | None]]

    def __post_init__(self):
        known = set(self.states.values)
        for action, (sources, destination) in self.transitions.items():
            unknown = (set(sources) | ({destination} if destination else set())) - known
            if unknown:
                raise ValueError(f"{action}: unknown states {sorted(unknown)}")

    def sources(self, action: str) -> frozenset[str]:
        return self.transitions[action][0]

    def allows(self, status: str, action: str) -> bool:
        return status in self.sources(action)

    def target(self, status: str, action: str) -> str:
        """The state `action` leads to from `status`, or a refusal naming the current state (a forged or
        stale transition: nothing is written)."""
        if not self.allows(status, action):
            raise ValidationFailed(
                _("案件当前状态为“%(status)s”，不能执行此操作") % {"status": self.states(status).label},
                field="status",
            )
        return self.transitions[action][1] or status


def lock_for(records: type[M] | QuerySet[M], pk: int, version: int | None) -> M:
    """The record `pk` under a row lock (of its own row only, not the rows select_related joins), refusing
    with Conflict (409) unless its version is the one the actor saw. None is for a service that another
    service calls inside its own transaction, on a record that caller has just locked and checked."""
    queryset = records if isinstance(records, QuerySet) else records._default_manager.all()
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and current.version != version:
        raise Conflict()
    return current


def after_commit(
    effect: Callable[[], object],
    *,
    what: str,
    attempts: int = 3,
    on_failure: Callable[[Exception], object] | None = None,
) -> None:
    """Run `effect` once the surrounding transaction has committed (never if it rolls back), retrying a
    failure `attempts` times and logging one that still fails at ERROR, with `what` it was. `on_failure`
    then records the failure where users see it (e.g. core.files marks the row's file as not stored)."""

    def run():
        for attempt in range(1, attempts + 1):
            try:
                effect()
                return
            except Exception as error:
                if attempt == attempts:
                    logger.exception("after commit: %s failed %d times", what, attempts)
                    if on_failure is None:
                        raise
                    on_failure(error)

    transaction.on_commit(run, robust=True)


def draw(workflow: Workflow, order: Iterable[str] | None = None) -> str:
    """The workflow as a Mermaid state diagram, for the module's docs (docs/workflows.md)."""
    lines = ["stateDiagram-v2"]
    for action, (sources, destination) in workflow.transitions.items():
        for source in sorted(sources, key=list(order or workflow.states.values).index):
            lines.append(f"    {source} --> {destination or source}: {action}")
    return "\n".join(lines)
