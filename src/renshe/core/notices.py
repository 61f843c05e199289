"""The kernel's port for telling people something (提醒、站内消息): it says who, what and about which case;
the messaging app (renshe.messaging) stores and shows it. The kernel does not import the messaging app: it
sends `notice` and the messaging app's receiver delivers, so the reminder job and the file store tell users
things the same way any module does."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.dispatch import Signal

# sent with recipients, kind, title, body, url, subject (the case, or None) and work_item (a reminder's task,
# or None); each receiver returns how many messages it created
notice = Signal()


def notify(
    recipients: Iterable[Any],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    subject: models.Model | None = None,
    work_item: models.Model | None = None,
) -> int:
    """Tell `recipients` (users) something; how many messages were new. A reminder names its task
    (`work_item`): each person gets one of each kind per task, however often the caller runs."""
    answers = notice.send(
        sender=notify,
        recipients=list(recipients),
        kind=kind,
        title=title,
        body=body,
        url=url,
        subject=subject,
        work_item=work_item,
    )
    return sum(created for _receiver, created in answers)
