"""Values read once per request: a page asks some small reads several times over (a code list for each of
the rows of a form and for its own table), and each read is a query. RequestCacheMiddleware opens a store
for the request's duration; outside a request (services run by a command, a task, a test calling them
directly) every read is made afresh."""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_store: ContextVar[dict | None] = ContextVar("renshe_request_cache", default=None)


class RequestCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)


def once_per_request(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, made once in this request for `key` (every time outside a request)."""
    store = _store.get()
    if store is None:
        return read()
    if key not in store:
        store[key] = read()
    return store[key]


def forget() -> None:
    """Drop what this request has read (a write changed it)."""
    store = _store.get()
    if store is not None:
        store.clear()
