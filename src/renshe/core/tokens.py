"""Access to the API with a token: the scopes, a user's personal access tokens (个人中心), the other systems'
OAuth 2 clients (系统管理 → 接口客户端), and the authentication of a bearer token with its scope check.

A client is an OAuth application (django-oauth-toolkit, client credentials grant) that acts as its own
service account (`Application.user`): a user of the role and organisation the administrator who registered
it chose. So every scope selector and service predicate applies to a client's requests unchanged, and an
administrator can grant a client no more than he could grant a user.

A token's scopes narrow what its user may do, never widen it: the scope check is made once, for every
operation, from the path and the method (`required_scopes`), before the operation runs.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NoReturn

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from renshe.audit.models import AccessKind, Outcome
from renshe.audit.services import client_address, record_access

from . import administration
from .errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from .models import PERSONAL_KEY_PREFIX, ApiClient, ApiToken, CredentialAddress, User
from .navigation import MENU
from .services import official
from .timeline import record_event

# --- scopes --------------------------------------------------------------------------------------------

SCOPES: dict[str, Promise] = {
    "read": _("读取（全部模块）"),
    "write": _("写入（全部模块）"),
    "disputes:read": _("劳动争议：读取"),
    "disputes:write": _("劳动争议：写入"),
    "inspection:read": _("劳动保障监察：读取"),
    "inspection:write": _("劳动保障监察：写入"),
    "webhooks": _("事件订阅（Webhook）"),
}
# Scopes as a form, a command line or a token request give them: a list, or a space-separated text
Scopes = str | list[str] | tuple[str, ...]
NAME_LENGTH = 80  # ApiToken.name
# The first segment of a path under the API that is a module of its own; any other path is core's
MODULES = ("disputes", "inspection")
API_ROOT = "/api/v1/"
READING = frozenset({"GET", "HEAD", "OPTIONS"})


def required_scopes(method: str, path: str) -> tuple[str, ...]:
    """The scopes of which a token needs one for `method` on `path` (the request's path_info): webhooks
    its own; a module's reads `<module>:read` or `read`, its writes `<module>:write` or `write`; the rest
    (core: the directory, registry, workbench…) `read` or `write`."""
    segment = path.removeprefix(API_ROOT).split("/", 1)[0]
    if segment == "webhooks":
        return ("webhooks",)
    access = "read" if method in READING else "write"
    if segment in MODULES:
        return (f"{segment}:{access}", access)
    return (access,)


def parse_scopes(text: Scopes, field: str = "scopes") -> tuple[str, ...]:
    """Scopes from a list or a space-separated text, each known, in the catalogue's order."""
    chosen = set(text.split() if isinstance(text, str) else text)
    if not chosen:
        raise ValidationFailed(_("请至少选择一项权限范围"), field=field)
    if unknown := chosen - set(SCOPES):
        raise ValidationFailed(
            _("未知的权限范围：%(scopes)s") % {"scopes": " ".join(sorted(unknown))}, field=field
        )
    return tuple(scope for scope in SCOPES if scope in chosen)


def _modules_of(user: User) -> set[str]:
    """The modules whose pages the user's menu offers: a personal token is given scopes of those only."""
    return {entry.url_name.split(":", 1)[0] for entry in MENU if entry.visible_to(user)}


def personal_scopes(user: User) -> list[str]:
    """The scopes a user may give a personal token: reading and writing all they may, or one module of
    theirs, and webhooks (subscriptions to the events of their own scope)."""
    modules = _modules_of(user)
    return [
        scope
        for scope in SCOPES
        if scope in ("read", "write", "webhooks") or scope.split(":", 1)[0] in modules
    ]


# --- personal access tokens ------------------------------------------------------------------------------


def personal_token_max_days() -> int:
    """The longest a personal token may be valid (RENSHE_PERSONAL_TOKEN_MAX_DAYS, at most a year)."""
    return min(int(getattr(settings, "RENSHE_PERSONAL_TOKEN_MAX_DAYS", 365)), 365)


def _token_detail(token: ApiToken) -> dict:
    return {"token": f"pat:{token.pk}", "name": token.name, "prefix": token.prefix}


@transaction.atomic
def issue_personal_token(user: User, *, name: str, days: int, scopes: Scopes) -> tuple[ApiToken, str]:
    """A new personal access token of `user` valid `days` days with `scopes` (from personal_scopes); the
    key is returned once and only its digest is stored."""
    if not user.is_active:
        raise PermissionDenied()
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise ValidationFailed(_("请填写令牌名称（不超过80个字符）"), field="name")
    longest = personal_token_max_days()
    if not 1 <= days <= longest:
        raise ValidationFailed(_("有效期应为1至%(days)s天") % {"days": longest}, field="days")
    chosen = parse_scopes(scopes)
    if beyond := set(chosen) - set(personal_scopes(user)):
        raise PermissionDenied(
            _("超出本人权限的权限范围：%(scopes)s") % {"scopes": " ".join(sorted(beyond))}, field="scopes"
        )
    # recorded in the access log as it is saved (audit.receivers.token_issued)
    return ApiToken.issue(
        user, name, scopes=" ".join(chosen), expires_at=timezone.now() + timedelta(days=days)
    )


def personal_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (个人中心)."""
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def revoke_personal_token(user: User, pk: int, *, request: HttpRequest | None = None) -> ApiToken:
    """Revoke one of `user`'s own tokens; it is refused from then on. Revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=pk).first()
    if token is None:
        raise NotFound()
    if not token.revoked:
        token.revoked, token.revoked_at = True, timezone.now()
        token.save(update_fields=["revoked", "revoked_at"])
        record_access(AccessKind.TOKEN_REVOKED, request=request, user=user, detail=_token_detail(token))
    return token


# --- clients ---------------------------------------------------------------------------------------------


def _grantable_scopes(by: User) -> tuple[str, ...]:
    """An administrator grants a client any scope: what it may do is bounded by its service account's role
    and data scope, which he may grant only within his own (administration.AccountInput.checked)."""
    administration.require_administrator(by)
    return tuple(SCOPES)


def clients_for(by: User) -> QuerySet[ApiClient]:
    """The clients whose service account `by` administers."""
    accounts = administration.manageable_users(by)
    return (
        ApiClient.objects.filter(application__user__in=accounts)
        .select_related("application", "application__user", "application__user__organisation")
        .order_by("-id")
    )


def client_for(by: User, pk: int) -> ApiClient:
    found = clients_for(by).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _client_event(client: ApiClient, verb: str, summary: str, by: User, **changes: object) -> None:
    account = client.account
    record_event(account, verb, summary, actor=by, organisation=account.organisation, changes=changes)


@transaction.atomic
def register_client(
    *, by: User, name: str, username: str, account: administration.AccountInput, scopes: Scopes
) -> tuple[ApiClient, str]:
    """A new client: its service account (`username`, the role, organisation and data scope of `account`,
    which `by` must be able to grant, and no password: it signs in only by its client secret) and its
    OAuth application for the client credentials grant. Returns the client and its secret, shown once."""
    chosen = parse_scopes(scopes)
    _grantable_scopes(by)
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationFailed(_("请填写客户端名称（不超过100个字符）"), field="name")
    user, _password = administration.create_user(by=by, username=username, account=account)
    user.set_unusable_password()
    user.password_must_change = False
    user.save(update_fields=["password", "password_must_change"])
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name,
        user=user,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
    )
    client = ApiClient.objects.create(application=application, scopes=" ".join(chosen), registered_by=by)
    _client_event(
        client,
        "api_client.registered",
        official("登记接口客户端：%(name)s（%(client_id)s）", name=name, client_id=application.client_id),
        by,
        scopes=client.scopes,
    )
    return client, secret


@transaction.atomic
def change_client_grant(client: ApiClient, *, by: User, scopes: Scopes) -> ApiClient:
    """Change what the client may ask for. A token it holds already is read with the new grant at once:
    a scope taken away is refused from the next request (authenticate)."""
    chosen = parse_scopes(scopes)
    _grantable_scopes(by)
    client = ApiClient.objects.select_for_update().get(pk=client_for(by, client.pk).pk)
    before = client.scopes
    if before != " ".join(chosen):
        client.scopes = " ".join(chosen)
        client.save(update_fields=["scopes"])
        _client_event(
            client,
            "api_client.grant_changed",
            official("修改接口客户端授权范围：%(name)s", name=client.application.name),
            by,
            scopes=[before, client.scopes],
        )
    return client


def set_client_active(client: ApiClient, *, by: User, active: bool) -> ApiClient:
    """Disable (its tokens and its secret are refused) or enable a client: its service account's state."""
    client = client_for(by, client.pk)
    administration.set_user_active(client.account, by=by, active=active)
    client.account.refresh_from_db(fields=["is_active"])
    return client


# --- OAuth 2 (django-oauth-toolkit's hooks, named in settings.OAUTH2_PROVIDER) -----------------------------


def _grant_of(application: Application | None) -> list[str]:
    client = getattr(application, "api_client", None) if application is not None else None
    return client.scopes.split() if client is not None else []


class ClientScopes(BaseScopes):
    """The scopes a client may ask for are its grant; asking for none gives it the whole grant."""

    def get_all_scopes(self) -> dict[str, str]:
        return {scope: str(label) for scope, label in SCOPES.items()}

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return _grant_of(application)

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return _grant_of(application)


class ClientValidator(OAuth2Validator):
    """A client is refused a token (invalid_client) when it is disabled (its service account inactive) or is
    an application registered outside 接口客户端."""

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        account = request.client.user
        return account is not None and account.is_active and bool(_grant_of(request.client))


def token_issued_to_client(
    sender: object, request: HttpRequest, token: AccessToken, **kwargs: object
) -> None:
    """django-oauth-toolkit's app_authorized: each access token issued, in the access log."""
    application = token.application
    if application is None:
        return
    record_access(
        AccessKind.TOKEN_ISSUED,
        request=request,
        user=application.user,
        detail={
            "token": f"client:{application.pk}",
            "name": application.name,
            "prefix": application.client_id[:8],
            "scopes": token.scope,
            "expires_at": token.expires.isoformat(),
        },
    )


# --- authentication ------------------------------------------------------------------------------------

# A token's last use is written at most this often (and at once from a new address): the hot path of a
# request with a token is then one indexed read.
USE_RECORDED_EVERY = timedelta(minutes=1)
# A refused token (expired, revoked, its client disabled) is recorded once per this period and reason,
# however often it is tried again.
REFUSAL_RECORDED_EVERY = 3600


class TokenRefused(DomainError):
    """A token that was valid once and is no longer: 401 with why."""

    status = 401
    default_message = _("接口令牌无效")


class ScopeMissing(PermissionDenied):
    pass


@dataclass(frozen=True)
class Credential:
    """What a request authenticated with a token carries (`request.credential`)."""

    kind: str  # "personal_token" | "client"
    key: str  # "pat:<id>" | "client:<id>": the access log's and CredentialAddress's name for it
    name: str
    prefix: str
    scopes: frozenset[str]


def _refuse(
    request: HttpRequest,
    digest: str,
    credential: Credential,
    user: User | None,
    reason: str,
    message: Promise,
) -> NoReturn:
    # keyed by the presented key's digest: one record per key and reason, however often it is retried
    if cache.add(f"token-refused:{digest[:32]}:{reason}", 1, REFUSAL_RECORDED_EVERY):
        record_access(
            AccessKind.TOKEN_REFUSED,
            request=request,
            user=user,
            outcome=Outcome.BAD_CREDENTIALS,
            detail={
                "token": credential.key,
                "name": credential.name,
                "prefix": credential.prefix,
                "reason": reason,
            },
        )
    raise TokenRefused(message)


def _note_use(request: HttpRequest, credential: Credential, user: User, row: ApiToken | ApiClient) -> None:
    """Write the last use once a minute, or at once from another address; the first use from an address
    is recorded in the access log."""
    now, address = timezone.now(), client_address(request)
    moved = address is not None and address != row.last_used_from
    if not moved and row.last_used_at is not None and now - row.last_used_at < USE_RECORDED_EVERY:
        return
    type(row).objects.filter(pk=row.pk).update(last_used_at=now, last_used_from=address or row.last_used_from)
    if moved:
        _seen, new = CredentialAddress.objects.get_or_create(credential=credential.key, ip=address)
        if new:
            record_access(
                AccessKind.TOKEN_NEW_ADDRESS,
                request=request,
                user=user,
                detail={"token": credential.key, "name": credential.name, "prefix": credential.prefix},
            )


def personal_token_lookup(key: str) -> QuerySet[ApiToken]:
    """The one read that authenticates a personal token (by its digest's unique index), with its user."""
    return ApiToken.objects.select_related("user", "user__organisation").filter(
        key_digest=ApiToken.digest(key)
    )


def client_token_lookup(key: str) -> QuerySet[AccessToken]:
    """The one read that authenticates a client's access token (by its checksum's unique index), with
    the client, its grant and its service account."""
    return (
        AccessToken.objects.select_related(
            "application__api_client", "application__user", "application__user__organisation"
        )
        .filter(token_checksum=hashlib.sha256(key.encode()).hexdigest())
        .order_by()
    )


def _personal(request: HttpRequest, key: str) -> tuple[User, Credential] | None:
    token = next(iter(personal_token_lookup(key)[:1]), None)
    if token is None:
        return None
    credential = Credential(
        "personal_token", f"pat:{token.pk}", token.name, token.prefix, frozenset(token.scopes.split())
    )
    if token.revoked:
        _refuse(request, token.key_digest, credential, token.user, "revoked", _("接口令牌已吊销"))
    if token.expires_at <= timezone.now():
        _refuse(request, token.key_digest, credential, token.user, "expired", _("接口令牌已过期"))
    if not token.user.is_active:
        _refuse(
            request, token.key_digest, credential, token.user, "account_disabled", _("令牌所属账号已停用")
        )
    _note_use(request, credential, token.user, token)
    return token.user, credential


def _client(request: HttpRequest, key: str) -> tuple[User, Credential] | None:
    access = next(iter(client_token_lookup(key)[:1]), None)
    if access is None or access.application is None or not hasattr(access.application, "api_client"):
        return None
    application, client = access.application, access.application.api_client
    account = application.user
    # the token's scopes as the client's grant stands now: a scope taken away is refused at once
    scopes = frozenset(access.scope.split()) & frozenset(client.scopes.split())
    credential = Credential(
        "client", f"client:{application.pk}", application.name, application.client_id[:8], scopes
    )
    if access.is_expired():
        _refuse(
            request, access.token_checksum, credential, account, "expired", _("接口令牌已过期，请重新获取")
        )
    if account is None or not account.is_active:
        _refuse(request, access.token_checksum, credential, account, "client_disabled", _("接口客户端已停用"))
    _note_use(request, credential, account, client)
    return account, credential


def authenticate(request: HttpRequest, key: str) -> User | None:
    """The user a bearer token acts as (a person's own, or a client's service account), once the token
    holds a scope for this request; None for a key that is no token at all (the next way of signing in is
    tried, then 401). A token that expired or was revoked is 401 with why; a scope missing is 403."""
    if not key or len(key) > 512:
        return None
    found = _personal(request, key) if key.startswith(PERSONAL_KEY_PREFIX) else _client(request, key)
    if found is None:
        return None
    user, credential = found
    needed = required_scopes(request.method or "GET", request.path_info)
    if not credential.scopes & set(needed):
        raise ScopeMissing(_("令牌缺少权限范围：%(scopes)s") % {"scopes": " / ".join(needed)})
    request.user = user
    request.credential = credential  # type: ignore[attr-defined]
    return user
