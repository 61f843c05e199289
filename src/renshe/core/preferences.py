"""Each user's choice of how to receive each kind of message (个人中心 › 消息设置). The message centre asks
`preferences_of(recipients)` before it sends: in the app (站内), by SMS (短信), both or neither."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from .models import MessageKind, NotificationPreference, User


@dataclass(frozen=True)
class Channels:
    in_app: bool = True
    sms: bool = False


DEFAULT = Channels()


def notification_preferences(user: User) -> dict[str, Channels]:
    """Every message kind with the channels `user` chose, the default where they chose nothing."""
    return preferences_of([user])[user.pk]


def preferences_of(users: Iterable[User]) -> dict[int, dict[str, Channels]]:
    """notification_preferences of several users at once (one query), by user id."""
    ids = [u.pk for u in users]
    chosen: dict[int, dict[str, Channels]] = {pk: {} for pk in ids}
    for p in NotificationPreference.objects.filter(user_id__in=ids):
        chosen[p.user_id][p.kind] = Channels(p.in_app, p.sms)
    return {pk: {kind: mine.get(kind, DEFAULT) for kind in MessageKind.values} for pk, mine in chosen.items()}


@transaction.atomic
def set_notification_preferences(user: User, choices: dict[str, Channels]) -> dict[str, Channels]:
    """Store `user`'s choices (kinds not named keep theirs); unknown kinds are ignored."""
    for kind, channels in choices.items():
        if kind in MessageKind.values:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": channels.in_app, "sms": channels.sms}
            )
    return notification_preferences(user)
