import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import User


class ApiToken(models.Model):
    """A personal access token: a user's own key to the API with the scopes they chose, until it expires or
    they revoke it (个人中心, core.tokens). Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=80)
    prefix = models.CharField(max_length=8, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(_("权限范围"), max_length=200, default="read")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    # written at most once a minute per token (core.tokens.USE_RECORDED_EVERY), and at once from a new address
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("最近使用地址"), null=True, blank=True)
    revoked = models.BooleanField(_("已吊销"), default=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人访问令牌")
        verbose_name_plural = _("个人访问令牌")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(
        cls, user: User, name: str, *, scopes: str = "read write", expires_at: datetime | None = None
    ) -> tuple["ApiToken", str]:
        """A new token and its key (a year by default). The checks of what a user may choose, and the
        access record, are core.tokens.issue_personal_token's."""
        key = PERSONAL_KEY_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[:8],
            key_digest=cls.digest(key),
            scopes=scopes,
            expires_at=expires_at or timezone.now() + timedelta(days=365),
        )
        return token, key


# A personal token's key starts with this, so that authentication knows which kind of token it reads
PERSONAL_KEY_PREFIX = "rs_"


class ApiClient(models.Model):
    """Another system registered to use the API by OAuth 2 client credentials. Its OAuth application acts as
    its own service account (`application.user`): a user of the role and organisation the administrator who
    registered it chose, so that every scope selector and service applies to it unchanged. `scopes` is its
    grant: a token request beyond it is refused."""

    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="api_client"
    )
    scopes = models.CharField(_("授权范围"), max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("最近使用地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.application.name

    @property
    def account(self) -> User:
        """The service account the client acts as (set when it was registered, never removed)."""
        account = self.application.user
        assert account is not None
        return account


class CredentialAddress(models.Model):
    """An address a token (`pat:<id>`) or a client (`client:<id>`) has been used from: the first use from
    each is an access record (audit), later ones are not."""

    credential = models.CharField(max_length=30)
    ip = models.GenericIPAddressField()
    first_seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["credential", "ip"], name="credential_address_once")]

    def __str__(self) -> str:
        return f"{self.credential} {self.ip}"


class DataKeyRecord(models.Model):
    """The id of the data key this database's ID numbers, phone numbers and files are written under (one row,
    core.protection): a server started with another key refuses to start rather than write rows the right
    key cannot read. Recorded by the migration that added it, or at first use; moved by `rotate_data_key`."""

    key_id = models.CharField(max_length=8)
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key_id
