"""The casework kernel every case module builds on: a declared workflow, who may take each action
(`Rules`, one predicate per action), the row lock with its version check, one lock order, and side effects
that wait for the commit.

Lock order (LOCK_ORDER). Every service takes the locks it needs in this order, so that no two services can
wait for each other:

1. registry records the service creates or changes (people, then enterprises), with their own events;
2. case-number counters (`core.numbering`), also the number of a case another module opens for this one
   (disputes.handover.take_number), and an open case is looked for unlocked before a new one is numbered;
3. the case, by `lock_for` (its events are serialised by this lock: `core.timeline`);
4. the case's own sub-records (claims, agreement items, advances …), in id order;
5. events on other subjects the transition touches (e.g. the respondent's file when it is listed);
6. the statistics rows a transition moves (`MonthlyFigures`), last.

No lock is global: the timeline has one chain per subject, so writers of different cases never queue on
each other. Anything slow or outside the database (files to storage, notifications, webhooks) runs through
`after_commit`, so it never runs under a lock and never runs for a transaction that rolled back.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, PermissionDenied, ValidationFailed
from .services import open_work_item
from .timeline import record_event

if TYPE_CHECKING:  # core.models is not imported at run time: the apps' models.py import this module
    from .models import Enterprise, Organisation, User

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


class Case(Protocol):
    """What the kernel reads and moves of a case record: its key, the version the actor saw (lock_for,
    ActionForm), its workflow state (CasePage, Rules.begin), and the employer and organisation its events
    are about (CaseTrail). A record typed only as a models.Model (the bound of M) cannot say these."""

    @property
    def pk(self) -> Any: ...

    status: str
    version: int
    respondent: "Enterprise | None"
    organisation: "Organisation"


@dataclass(frozen=True)
class Workflow:
    """A module's states and, per action, the states it may start from and the state it leads to (None:
    the status stays as it is). One declaration per module, in its workflow.py, drawn in its docstring."""

    states: type[models.TextChoices]
    transitions: dict[str, tuple[frozenset[str], str | None]]

    def __post_init__(self) -> None:
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


@dataclass(frozen=True)
class Rule:
    """Who may take one action on a record: `test(user, record)`, and what a refused user is told."""

    test: Callable[["User", Any], bool]
    refusal: Any = None  # a message; None: PermissionDenied's own


@dataclass(frozen=True)
class Rules:
    """A module's rules (its rules.py): one per action of its workflow, and nothing else decides. The
    service refuses with `check`; the case page, the API and the templates offer an action only when `may`
    says so. A superuser may take every action the workflow allows."""

    workflow: Workflow
    rules: dict[str, Rule]

    def __post_init__(self) -> None:
        missing = set(self.workflow.transitions) - set(self.rules)
        if missing:
            raise ValueError(f"actions without a rule: {sorted(missing)}")

    def may(self, user: "User", action: str, record: models.Model) -> bool:
        return user.is_superuser or self.rules[action].test(user, record)

    def check(self, user: "User", action: str, record: models.Model) -> None:
        if not self.may(user, action, record):
            raise PermissionDenied(self.rules[action].refusal)

    def begin(self, records: "type[M] | QuerySet[M]", pk: int, version: int, by: "User", action: str) -> M:
        """How every transition starts: the record under `lock_for` (a stale version is Conflict), the rule
        for `action` checked, the status moved to the workflow's target (a forged transition is refused,
        nothing written) and the version bumped. The caller saves it."""
        current = lock_for(records, pk, version)
        self.check(by, action, current)
        case = cast(Case, current)
        case.status = self.workflow.target(case.status, action)
        case.version += 1
        return current


@dataclass(frozen=True)
class CaseTrail:
    """What a module's services leave about a case besides the case itself: timeline events named
    `<prefix>.<verb>`, about the case's employer (`respondent`) and organisation, with `public_actor` for a
    write that has no user (the portal); and workbench tasks that link to the case page (`url`, with
    `{pk}`)."""

    prefix: str
    public_actor: str
    url: str

    def __post_init__(self) -> None:
        TRAILS[self.prefix] = self

    def event(self, case: models.Model, verb: str, summary: str, by: "User | None", **changes: Any) -> None:
        about = cast(Case, case)
        record_event(
            case,
            f"{self.prefix}.{verb}",
            summary,
            actor=by,
            actor_label="" if by else self.public_actor,
            enterprise=about.respondent,
            organisation=about.organisation,
            changes=changes,
        )

    def task(
        self,
        case: models.Model,
        kind: str,
        title: str,
        *,
        organisation: "Organisation | None" = None,
        **when: Any,
    ) -> None:
        """A task about `case` on the workbench of `organisation` (the case's own unless named); `when`
        names the role or assignee and either the statutory period or the due date (open_work_item)."""
        open_work_item(
            case,
            kind=kind,
            title=title,
            organisation=organisation or cast(Case, case).organisation,
            url=self.page(case),
            **when,
        )

    def page(self, case: models.Model) -> str:
        return self.url.format(pk=case.pk)


TRAILS: dict[str, CaseTrail] = {}  # by prefix: what an event's verb (`<prefix>.<verb>`) is the trail of


def case_page(verb: str, pk: Any) -> str:
    """The page of the case an event with `verb` is about ("" for an event no module's trail wrote)."""
    trail = TRAILS.get(verb.partition(".")[0])
    return trail.url.format(pk=pk) if trail else ""


def lock_for(records: type[M] | QuerySet[M], pk: int, version: int) -> M:
    """The record `pk` under a row lock (of its own row only, not the rows select_related joins), refusing
    with Conflict (409) unless its version is the one the actor saw. Every transition names the version:
    a service that another calls in its own transaction passes the version of the record it just read."""
    queryset = records if isinstance(records, QuerySet) else records._default_manager.all()
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if cast(Case, current).version != version:
        raise Conflict()
    return current


def hold(records: type[M], pk: int) -> None:
    """The row lock of record `pk` alone, for a write that adds to the case without changing it and checks
    its own version (an issued document's: core.issuing), so that such writes queue with the case's."""
    records._default_manager.select_for_update(of=("self",)).filter(pk=pk).exists()


def version_of(record: models.Model) -> int:
    """The version of `record` as it now stands: what a client reads before it acts (the demo replaying
    a story step by step does the same)."""
    return type(record)._default_manager.values_list("version", flat=True).get(pk=record.pk)


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

    def run() -> None:
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


def draw(workflow: Workflow) -> str:
    """The workflow as a Mermaid state diagram, for the module's docs (docs/workflows.md)."""
    lines = ["stateDiagram-v2"]
    for action, (sources, destination) in workflow.transitions.items():
        for source in sorted(sources, key=list(workflow.states.values).index):
            lines.append(f"    {source} --> {destination or source}: {action}")
    return "\n".join(lines)
