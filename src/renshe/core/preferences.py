"""Each user's choice of how to receive each kind of message (个人中心 › 消息设置). The message centre asks
`notification_preferences(user)` before it sends: in the app (站内), by SMS (短信), both or neither."""

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
    chosen = {p.kind: Channels(p.in_app, p.sms) for p in NotificationPreference.objects.filter(user=user)}
    return {kind: chosen.get(kind, DEFAULT) for kind in MessageKind.values}


@transaction.atomic
def set_notification_preferences(user: User, choices: dict[str, Channels]) -> dict[str, Channels]:
    """Store `user`'s choices (kinds not named keep theirs); unknown kinds are ignored."""
    for kind, channels in choices.items():
        if kind in MessageKind.values:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": channels.in_app, "sms": channels.sms}
            )
    return notification_preferences(user)
