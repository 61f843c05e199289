from typing import Any

from django.http import HttpRequest

from .navigation import Offers, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "menu": _sidebar(request.path, menu_for(user)),
        "may": Offers(user),
        "current_url_name": f"{match.namespace}:{match.url_name}" if match and match.namespace else "",
    }


def _sidebar(path: str, menu: list) -> list[tuple[str, list[dict]]]:
    """The menu as the sidebar draws it, each entry's link and whether it is the page shown (the same path,
    or the same first 20 characters of one): decided here once, not by the template for every entry."""
    return [
        (
            group,
            [
                {
                    "url": (url := e.url),
                    "label": e.label,
                    "active": path == url or (path[:20] == url[:20] and url != "/"),
                }
                for e in entries
            ],
        )
        for group, entries in menu
    ]
