import logging
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .errors import FileUnavailable, NotFound, PermissionDenied

logger = logging.getLogger(__name__)

# The database errors that mean "not reachable right now" (server restarting, connection dropped, connection
# refused, statement cancelled), as opposed to a bug (ProgrammingError, IntegrityError, DataError: still 500).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# What a client is told to wait before retrying: about what a PostgreSQL restart takes.
RETRY_AFTER_SECONDS = 5


class DomainErrorMiddleware:
    """Pages: a record outside the user's scope answers 404 as a missing one does; a refused action 403; a
    file that cannot be handed out its message (core.files). (The API turns every DomainError into JSON.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound | PermissionDenied | FileUnavailable):
            response = render(
                request, "core/error.html", {"message": exception.message}, status=exception.status
            )
            if exception.status == 503:
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return None


def unavailable_message() -> str:
    return _("系统暂时无法访问数据库，请稍后重试。如不确定刚才的操作是否已保存，请先查看再重新提交。")


def bare_error(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    """An error answered without touching the database: JSON `{detail}` under /api/ (the API's error
    shape), otherwise a page with no user and no menu (the usual page's context would query the database)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string("core/unavailable.html", {"title": title, "message": message})
    return HttpResponse(html, status=status)


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """503 with Retry-After."""
    logger.error("database unavailable, answered 503: %s %s: %r", request.method, request.path, exception)
    response = bare_error(request, _("暂时无法访问"), unavailable_message(), 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class RequestSizeLimitMiddleware:
    """Refuses a body larger than any valid request (settings.RENSHE_MAX_REQUEST_BYTES) before anything reads
    it: Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to disk whatever
    their size. Placed before the CSRF check, which would read the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django then reads no body at all
        limit = settings.RENSHE_MAX_REQUEST_BYTES
        if length > limit:
            message = _("提交的内容共%(size)sMB，超过了%(limit)sMB的上限，请删减文件后重新提交。") % {
                "size": f"{length / 2**20:.1f}",
                "limit": f"{limit / 2**20:.0f}",
            }
            return bare_error(request, _("提交的内容过大"), message, 413)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A request that cannot reach the database (e.g. PostgreSQL restarting) fails cleanly: 503 and a
    message, never a 500 traceback. Whatever it had begun writing was in a transaction (services are atomic)
    and is rolled back; Django drops the broken connection at the end of the request and the next request
    reconnects (CONN_HEALTH_CHECKS). This catches what a view raises; `server_error` and `bad_request` catch
    the rest."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def outage_behind(exception: BaseException | None) -> Exception | None:
    """The database outage that caused `exception`, if one did: Django turns some into other errors (a
    database session that cannot be saved looks like one another request deleted: 400 SessionInterrupted)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return exception
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return None


# handler500 and handler400 (renshe/urls.py): Django's pages, except for a database outage met outside a view,
# where no middleware's process_exception sees it: a middleware reading request.user before the view, or the
# database session read or saved after it (IdleTimeoutMiddleware). That answers 503 as a view's would.


# Under /api/ the answer is the API's JSON, also with DEBUG off (a refused host, an error in a middleware).


def server_error(request: HttpRequest) -> HttpResponse:
    outage = outage_behind(sys.exc_info()[1])  # called while Django handles the exception
    if outage:
        return database_unavailable(request, outage)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("服务器内部错误，请稍后重试或联系系统管理员")}, status=500)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    outage = outage_behind(exception)
    if outage:
        return database_unavailable(request, outage)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("请求无法处理")}, status=400)
    return defaults.bad_request(request, exception)


class IdleTimeoutMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE from the last request) without writing the session on every
    request: a signed-in session is saved again, its expiry moved on, when RENSHE_SESSION_REFRESH_SECONDS
    have passed since it last was (or whenever its data changed), so a session left idle ends between
    SESSION_COOKIE_AGE less that interval and SESSION_COOKIE_AGE. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) cost each page view a transaction and a commit to the database (or a
    write to Redis). Placed after SessionMiddleware, so that the session it marks is saved there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session, or one ended (logout)
        now = int(time.time())
        if (
            session.modified
            or now - session.get(SESSION_REFRESHED, 0) >= settings.RENSHE_SESSION_REFRESH_SECONDS
        ):
            session[SESSION_REFRESHED] = (
                now  # saved by SessionMiddleware, its expiry SESSION_COOKIE_AGE from now
            )
        return response


SESSION_REFRESHED = "_refreshed"  # when the session was last saved for the idle timeout (epoch seconds)
