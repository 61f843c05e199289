"""Access records from Django's sign-in signals, django-axes's lockout signal and new personal access tokens
(however issued; the other token records are core.tokens').

Connected in apps.AuditConfig.ready, after axes (INSTALLED_APPS order), so axes has already marked the
request when a failed sign-in arrives here.
"""

from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from renshe.core.models import ApiToken, User

from . import selectors, services
from .models import AccessKind, Outcome
from .passwords import SESSION_KEY


def _account(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


def _refused_by_axes(request, credentials) -> bool:
    """Whether axes turned the attempt away before the password was checked because the account was
    already locked. Axes marks the request locked both then and when this very failure reaches the limit;
    a refused attempt is counted past the limit (or, with AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
    off, not counted at all)."""
    if not getattr(request, "axes_locked_out", False):
        return False
    failures = getattr(request, "axes_failures_since_start", None)
    return failures is None or failures > get_failure_limit(request, credentials)


def logged_in(sender, request, user, **kwargs) -> None:
    services.record_access(AccessKind.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = selectors.password_changed_at(user).isoformat()


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        services.record_access(AccessKind.LOGOUT, request=request, user=user)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    refused = _refused_by_axes(request, credentials)
    detail = {}
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None:
        detail["failures"] = failures
    services.record_access(
        AccessKind.LOGIN_FAILED,
        request=request,
        user=_account(username),
        username=username,
        outcome=Outcome.LOCKED_OUT if refused else Outcome.BAD_CREDENTIALS,
        detail=detail,
    )


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    # axes sends this both when a failure reaches the limit and for each attempt refused while locked;
    # only the first is a lockout (the refusals are failed sign-ins with outcome LOCKED_OUT)
    if _refused_by_axes(request, getattr(request, "axes_credentials", None)):
        return
    services.record_access(
        AccessKind.LOCKED_OUT,
        request=request,
        user=_account(username or ""),
        username=username or "",
        detail={"failures": getattr(request, "axes_failures_since_start", None)},
    )


def token_issued(sender, instance: ApiToken, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        services.record_access(
            AccessKind.TOKEN_ISSUED,
            user=instance.user,
            detail={
                "token": f"pat:{instance.pk}",
                "name": instance.name,
                "prefix": instance.prefix,
                "scopes": instance.scopes,
                "expires_at": instance.expires_at.isoformat(),
            },
        )


def connect() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="renshe.audit.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="renshe.audit.logged_out")
    user_login_failed.connect(login_failed, dispatch_uid="renshe.audit.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="renshe.audit.locked_out")
    post_save.connect(token_issued, sender=ApiToken, dispatch_uid="renshe.audit.token_issued")
