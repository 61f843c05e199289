import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import User


class ApiToken(models.Model):
    """A bearer token for another system. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=80)
    prefix = models.CharField(max_length=8, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("已吊销"), default=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        key = "rs_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, prefix=key[:8], key_digest=cls.digest(key)), key


class DataKeyRecord(models.Model):
    """The id of the data key this database's ID numbers, phone numbers and files are written under (one row,
    core.protection): a server started with another key refuses to start rather than write rows the right
    key cannot read. Recorded by the migration that added it, or at first use; moved by `rotate_data_key`."""

    key_id = models.CharField(max_length=8)
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key_id
