"""The kernel's port for telling people something (提醒、站内消息): it says who, what and about which case;
the messaging app (renshe.messaging) stores and shows it. The kernel does not import the messaging app: it
sends `notice` and the messaging app's receiver delivers, so the reminder job and the file store tell users
things the same way any module does."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.dispatch import Signal

# sent with `recipients` (users) and `notice` (a Notice); each receiver returns how many messages it created
notice = Signal()


@dataclass(frozen=True)
class Notice:
    kind: str
    title: str  # official text: the bureau's language (core.services.official)
    body: str = ""
    url: str = ""
    subject: models.Model | None = None  # the case it is about
    work_item: models.Model | None = None  # a reminder's task: one of each kind per task and person


def notify(recipients: Iterable[Any], what: Notice) -> int:
    """Tell `recipients` (users) `what`; how many messages were new (a reminder already given is not)."""
    answers = notice.send(sender=Notice, recipients=list(recipients), notice=what)
    return sum(created for _receiver, created in answers)
