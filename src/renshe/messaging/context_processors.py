from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    """The unread count on the header's bell (站内消息), for a signed-in user's page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": unread_count(user)}
