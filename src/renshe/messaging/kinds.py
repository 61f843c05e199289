"""What each timeline event tells whom: the one table a new kind of message is added to (one line each).

`MESSAGES` maps an event's verb to the message users of the back office get (站内消息): its kind, its title
(an official template over the case's number, respondent and organisation, and the event's summary and
changes) and who receives it.
`NOTICES` names the events whose text message the case's parties get (短信通知); the text itself is a row of
models.SmsTemplate over the same fields, kept in 系统管理. The recipients are decided when the event is written, so a user outside the case's
organisation never gets a message about it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from renshe.core.models import Event, User
from renshe.core.roles import Role
from renshe.core.services import holders

from . import templates

Recipients = Callable[[Event, Any], Iterable[User]]


def members(role: str) -> Recipients:
    """The users with `role` of the organisation the event is about (a referral's receiving organisation)."""

    def to(event: Event, case: Any) -> Iterable[User]:
        if event.organisation_id is None:
            return []
        return User.objects.filter(role=role, organisation_id=event.organisation_id, is_active=True)

    return to


def covering(role: str) -> Recipients:
    """The users with `role` whose scope covers the organisation the event is about."""

    def to(event: Event, case: Any) -> Iterable[User]:
        return holders(role, event.organisation) if event.organisation else []

    return to


def named(relation: str) -> Recipients:
    """The users the case names in `relation` (its mediators, its inspectors)."""

    def to(event: Event, case: Any) -> Iterable[User]:
        return getattr(case, relation).filter(is_active=True)

    return to


def seated(otherwise: Recipients) -> Recipients:
    """The arbitrators of the case's tribunal once it is formed (a dispute's arbitration.seats), else
    `otherwise`: a hearing concerns its tribunal, not every arbitrator of the commission."""

    def to(event: Event, case: Any) -> Iterable[User]:
        arbitration = getattr(case, "arbitration", None)
        seated = [s.arbitrator for s in arbitration.seats.select_related("arbitrator")] if arbitration else []
        return [u for u in seated if u.is_active] or otherwise(event, case)

    return to


@dataclass(frozen=True)
class MessageKind:
    kind: str
    # an official template: %(number)s, %(respondent)s, %(organisation)s, %(summary)s and the event's changes
    title: str
    to: Recipients
    when: Callable[[Any], bool] = lambda case: True


KIND_LABELS = {
    "referral": _("转派"),
    "assignment": _("指派"),
    "collective": _("集体争议"),
    "hearing": _("开庭"),
    "due_soon": _("临期"),
    "overdue": _("超期"),
    "file_not_stored": _("文件"),
}

MESSAGES: dict[str, MessageKind] = {
    "dispute.referred": MessageKind(
        "referral", "收到转派案件：%(number)s %(respondent)s", members(Role.MEDIATOR)
    ),
    "dispute.taken_up": MessageKind(
        "assignment", "指派您调解：%(number)s %(respondent)s", named("mediators")
    ),
    "inspection.assigned": MessageKind(
        "assignment", "指派您承办监察案件：%(number)s %(respondent)s", named("inspectors")
    ),
    "dispute.applied": MessageKind(
        "collective",
        "集体劳动争议（%(workers)s人）：%(number)s %(respondent)s",
        covering(Role.DEPARTMENT_ADMIN),
        when=lambda case: case.collective,
    ),
    "dispute.hearing": MessageKind(
        "hearing", "%(number)s %(summary)s", seated(otherwise=covering(Role.ARBITRATOR))
    ),
}

# the events that send the case's parties a text message; its text is data (models.SmsTemplate, edited in
# 系统管理 › 短信模板), first loaded from templates.INITIAL
NOTICES = frozenset(verb for verb, _name, _text in templates.INITIAL)
