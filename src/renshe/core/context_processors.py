from typing import Any

from django.http import HttpRequest

from .navigation import Offers, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "menu": menu_for(user),
        "may": Offers(user),
        "current_url_name": f"{match.namespace}:{match.url_name}" if match and match.namespace else "",
    }
