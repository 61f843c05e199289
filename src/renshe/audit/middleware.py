"""Two request hooks of the security policy: every file a signed-in user takes out is recorded, and a
signed-in user whose password has expired is sent to change it before anything else."""

import re
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from . import services
from .passwords import session_expired

_FILENAME_STAR = re.compile(r"filename\*\s*=\s*[\w-]+'[^']*'([^;]+)", re.IGNORECASE)
_FILENAME = re.compile(r'filename\s*=\s*"?([^";]+)"?', re.IGNORECASE)


def attachment_filename(disposition: str) -> str:
    """The file name a Content-Disposition header gives (RFC 6266: filename* preferred), or ""."""
    match = _FILENAME_STAR.search(disposition)
    if match:
        return unquote(match.group(1).strip())
    match = _FILENAME.search(disposition)
    return match.group(1).strip() if match else ""


class DownloadLogMiddleware:
    """Records each successful response that hands a signed-in user a file (Excel exports, PDFs, evidence):
    any response naming a file in Content-Disposition, whether it opens in the browser or saves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if disposition and 200 <= response.status_code < 300:
            filename = attachment_filename(disposition)
            user = getattr(request, "user", None)
            if filename and user is not None and user.is_authenticated:
                services.record_download(request, filename)
        return response


class PasswordExpiryMiddleware:
    """Sends a signed-in user with an expired password to the password change page. Signing out, that page
    itself, static files and the language switch stay reachable; the API answers for itself (a session with
    an expired password gets 403 JSON there, core.api.SessionAuth; a token is not a password)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def exempt(self) -> tuple[str, ...]:
        if self._exempt is None:
            self._exempt = (
                reverse("password_change"),
                reverse("logout"),
                reverse("login"),
                reverse("set_language"),
                "/api/",
                settings.STATIC_URL,
                settings.MEDIA_URL,
            )
        return self._exempt

    def __call__(self, request):
        if not request.path_info.startswith(self.exempt()):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and session_expired(request, user):
                return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        # the page itself says why (views.PasswordChange: `expired`)
        url = reverse("password_change")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
