"""The HTTP API at /api/v1/, assembled from each app's api.py. OpenAPI at /api/v1/openapi.json."""

import json
import logging
import re
from collections import deque
from contextlib import suppress
from functools import wraps
from typing import Any

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .core import idempotency
from .core.api import ApiTokenAuth, SessionAuth
from .core.api import router as core_router
from .core.errors import DomainError
from .core.middleware import DATABASE_UNAVAILABLE, database_unavailable
from .core.system_api import router as system_router
from .disputes.api import router as disputes_router
from .inspection.api import router as inspection_router
from .messaging.api import router as messaging_router
from .portal.api import TAG as PUBLIC_TAG
from .portal.api import router as public_router
from .webhooks.api import router as webhooks_router

# The error answers an operation can give, each `ErrorOut`, documented on every operation that can give it
# (a client generator turns each into a typed answer): which operations, by what the document says of them.
ERROR_ANSWERS = {
    401: "not signed in, or the token is unknown, revoked or its user inactive",
    403: "the caller's role may not do this, or the session's password has expired",
    404: "no such record, or not in the caller's data scope",
    409: "someone changed the record first (the `version` read is stale), or its state forbids this now",
    422: "the request's shape or a rule refused it: `field` or `errors` name the fields",
    429: "too many requests: wait for `Retry-After` seconds",
    500: "an unexpected error, logged on the server",
    503: "the database is unavailable for a moment: retry after `Retry-After` seconds",
}
WRITES = {"post", "put", "patch", "delete"}


def error_answers(path: str, method: str, operation: dict, throttled: bool) -> list[int]:
    """The error statuses `operation` (as the document describes it) can answer with."""
    statuses = [500, 503]
    if operation.get("security"):
        statuses += [401, 403]
    if "{" in path:
        statuses.append(404)
    if method in WRITES:
        statuses.append(409)
    if method in WRITES or operation.get("parameters") or operation.get("requestBody"):
        statuses.append(422)
    if throttled:
        statuses.append(429)
    return sorted(statuses)


class RensheAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document is built once per language and path, not on every request: it is fixed
    for the running code, and building it walks every operation's schemas (about a second). Each operation
    documents the error answers it can give."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._documents: dict[tuple, Any] = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        if key not in self._documents:
            document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            for operations in document["paths"].values():
                if "post" in operations:
                    operations["post"].setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            self._document_errors(document)
            self._documents[key] = document
        return self._documents[key]

    def _document_errors(self, document) -> None:
        throttled = {
            operation.operation_id or self.get_openapi_operation_id(operation)
            for bound in self._get_bound_routers()
            for path_view in bound.path_operations.values()
            for operation in path_view.operations
            if operation.throttle_objects
        }
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                for status in error_answers(path, method, operation, operation["operationId"] in throttled):
                    operation["responses"].setdefault(
                        status, {"description": ERROR_ANSWERS[status], "content": error}
                    )


# Every POST takes it (core.idempotency, applied to every operation below by api.add_decorator).
IDEMPOTENCY_KEY = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.KEY_MAX, "pattern": "^[!-~]+$"},
    "description": (
        "Send a unique key (a UUID) to make the POST safe to retry: a retry with the same key gets the first "
        "answer again, with `Idempotent-Replayed: true`, and writes nothing twice. The same key with a "
        "different request is 422; while the first is still running, 409. Keys are kept 24 hours, per caller."
    ),
}


api = RensheAPI(
    title="renshe API",
    version="1",
    description=(
        "人社 renshe: district HR & social security platform. Authenticate with `Authorization: Bearer <token>`: "
        "a system's access token from `POST /api/v1/oauth/token` (OAuth 2 client credentials, with the client ID "
        "and secret an administrator registered in 系统管理 → 接口客户端), or a personal access token created in "
        "个人中心; or a logged-in session. A token holds scopes: `read`/`write` (every module), "
        "`disputes:read`/`disputes:write`, `inspection:read`/`inspection:write`, `webhooks`; reads need a read "
        "scope of the path's module, other methods a write scope (403 naming the missing scope). Data scope is "
        "the same as in the web UI. "
        "Errors are JSON `{detail, field?, errors?}` in the language of `Accept-Language` (zh-hans or en)."
    ),
    auth=[ApiTokenAuth(), SessionAuth()],
    urls_namespace="api",
)
logger = logging.getLogger(__name__)
api.add_router("/", core_router)
api.add_router("/disputes", disputes_router)
api.add_router("/inspection", inspection_router)
api.add_router("/messages", messaging_router)
api.add_router("/system", system_router)
api.add_router("/public", public_router)  # auth=None: the public service, no login
api.openapi_extra.setdefault("tags", []).append(PUBLIC_TAG)
api.add_router("/webhooks", webhooks_router)

# pydantic error types → messages in the requester's language
_PYDANTIC_MESSAGES = {
    "missing": lambda: _("必填项"),
    "string_type": lambda: _("应为文本"),
    "int_parsing": lambda: _("应为整数"),
    "int_type": lambda: _("应为整数"),
    "date_from_datetime_parsing": lambda: _("应为日期（YYYY-MM-DD）"),
    "date_parsing": lambda: _("应为日期（YYYY-MM-DD）"),
    "json_invalid": lambda: _("请求体不是有效的JSON"),
    "string_too_long": lambda: _("文本过长"),
    "greater_than_equal": lambda: _("数值过小"),
    "less_than_equal": lambda: _("数值过大"),
    "nul_character": lambda: _("不能含有空字符（NUL）"),
}


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    body = {"detail": str(exc.message)}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


# A field's name as the answer echoes it: a name the client sent that is no plain word (control characters,
# markup, 1 MB of text) is shown as "?" rather than reflected back.
_PLAIN_FIELD = re.compile(r"[\w\-]{1,64}")


def _field_part(part) -> str:
    text = str(part)
    return text if _PLAIN_FIELD.fullmatch(text) else "?"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        # where it came from first ("file" too: an upload's field is named by the source and the field)
        parts = list(err.get("loc", ()))
        if parts[:1] == ["file"]:
            parts = parts[1:]
        loc = [_field_part(p) for p in parts if p not in ("body", "query", "path", "form", "payload")]
        message = _PYDANTIC_MESSAGES.get(err.get("type"), lambda e=err: _("取值无效"))()
        errors.append({"field": ".".join(loc), "message": str(message)})
    fields = "、".join(e["field"] for e in errors if e["field"])
    return api.create_response(
        request,
        {"detail": _("请求数据无效：%(fields)s") % {"fields": fields or "-"}, "errors": errors},
        status=422,
    )


def _nul_in(body) -> list[tuple]:
    """The paths of the texts in a parsed JSON body that contain NUL (walked without recursion: a body may
    nest as deep as the parser allows)."""
    found, pending = [], deque([(("body",), body)])
    while pending:
        path, value = pending.popleft()
        if isinstance(value, str) and "\x00" in value:
            found.append(path)
        elif isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))
    return found


def refuse_nul(run):
    """Every operation, before its authentication and parsing: a text containing NUL, in the query string, a
    form or a JSON body, is a 422 naming the field. PostgreSQL can neither store nor compare one (a 500 before);
    no field has a use for it; and one check here covers every field of every operation, present and future."""

    @wraps(run)
    def checked(request, *args, **kwargs):
        found = [("query", key) for key, value in request.GET.lists() if any("\x00" in v for v in value)]
        if request.content_type == "application/json":
            with suppress(
                ValueError, RecursionError
            ):  # not JSON, or nested too deep: the operation's parser answers
                found += _nul_in(json.loads(request.body))
        elif request.method == "POST":
            found += [("form", key) for key, value in request.POST.lists() if any("\x00" in v for v in value)]
        if found:
            errors = [{"type": "nul_character", "loc": loc} for loc in found]
            return on_validation_error(request, NinjaValidationError(errors))
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(refuse_nul, mode="view")
api.add_decorator(idempotency.idempotent, mode="view")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(request, {"detail": _("需要登录或有效的接口令牌")}, status=401)


@api.exception_handler(Http404)
def on_not_found(request, exc=None):
    return api.create_response(request, {"detail": _("记录不存在或不在您的数据范围内")}, status=404)


def page_not_found(request, exception):
    """Django's 404 for a path no route matches (`handler404`): under /api/ the API's own JSON answer — an
    id like -1 or abc matches no `{int:pk}` route, and a client must still get JSON — elsewhere the page."""
    if request.path.startswith("/api/"):
        return on_not_found(request)
    return defaults.page_not_found(request, exception)


# The database not reachable (PostgreSQL restarting): 503 JSON with Retry-After, as the middleware answers
# for pages. Handled here too because ninja's catch-all handler would answer 500 with a traceback under DEBUG.
for _unavailable in DATABASE_UNAVAILABLE:
    api.add_exception_handler(_unavailable, database_unavailable)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def on_unexpected_error(request, exc: Exception):
    """Anything no handler above expects: logged with its traceback, answered JSON without it. (ninja's own
    catch-all re-raises when DEBUG is off, and Django would answer with its HTML page.)"""
    logger.exception("API error: %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": _("服务器内部错误，请稍后重试或联系系统管理员")}, status=500
    )
