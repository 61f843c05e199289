"""The lock on a case's public tracking (网上查询): once the portal's budget of wrong query codes for a case
number is spent (portal.views), its tracking is locked, its handler told by a task, until the handler
reopens it. A dispute's (disputes.services.tracking) and an arrears report's case (inspection.services
.tracking) alike. The lock is the case timeline's last word on it: events are kept for good, so no cache
loss or closed task lifts it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .casework import CaseTrail, hold
from .errors import ValidationFailed
from .models import Event, User
from .services import close_work_items, official
from .subjects import subject_of


@dataclass(frozen=True)
class TrackingLock:
    """The lock on the tracking of a module's cases (`model`, found by their `number`): the events
    `<prefix>.tracking_locked` and `<prefix>.tracking_reopened` on the case's trail, and the task of that
    first kind on the workbench of the case's organisation, for the role `handler` names."""

    trail: CaseTrail
    model: type[models.Model]
    handler: Callable[[Any], str]  # the case -> the role whose workbench is told

    @property
    def task(self) -> str:
        return f"{self.trail.prefix}.tracking_locked"

    def locked(self, case: models.Model) -> bool:
        last = (
            Event.objects.filter(
                **subject_of(case),
                verb__in=(f"{self.trail.prefix}.tracking_locked", f"{self.trail.prefix}.tracking_reopened"),
            )
            .order_by("-id")
            .values_list("verb", flat=True)
            .first()
        )
        return last == f"{self.trail.prefix}.tracking_locked"

    def lock(self, number: str, *, wrong_codes: int) -> bool:
        """Lock the tracking of the case numbered `number` after `wrong_codes` wrong codes and tell its
        handler; False when no case has that number. A case already locked stays as it is (two guesses may
        spend the budget at once). Runs in the caller's transaction."""
        case = (
            self.model._default_manager.filter(number=number.strip()).select_related("organisation").first()
        )
        if case is None:
            return False
        hold(self.model, case.pk)  # its events chain under the case's lock (casework.LOCK_ORDER)
        if self.locked(case):
            return True
        self.trail.event(
            case,
            "tracking_locked",
            official("查询码输错%(n)d次，网上查询已暂停", n=wrong_codes),
            None,
            wrong_codes=wrong_codes,
        )
        today = timezone.localdate()
        self.trail.task(
            case,
            self.task,
            official("网上查询已暂停（疑似猜测查询码）：%(number)s", number=case.number),
            role=self.handler(case),
            starts_on=today,
            due_on=today + timedelta(days=1),
        )
        return True

    def reopen(self, case: models.Model, by: User) -> None:
        """The handler reopens the tracking of `case`, which the caller has begun (locked, rule checked)
        for its action and saves; the portal's budget for the case starts again."""
        if not self.locked(case):
            raise ValidationFailed(_("该案件的网上查询没有暂停"))
        close_work_items(case, kind=self.task)
        self.trail.event(case, "tracking_reopened", official("恢复网上查询"), by)
