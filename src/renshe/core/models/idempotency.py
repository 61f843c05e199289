from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """A POST to the API sent with an `Idempotency-Key` (core.idempotency): what it asked for (a digest of
    its method, path and body, never the body) and, once it has run, the answer it got, to be given again to
    a retry with the same key. Written in the same transaction as the operation's own writes, so a case is
    never saved without its record. `status` is empty while the request is running."""

    caller = models.CharField(_("调用方"), max_length=80)  # "token:<sha256>", "user:<id>", "address:<ip>"
    key = models.CharField(_("幂等键"), max_length=255)
    request_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("时间"))
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="idempotent_request_one_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.caller} {self.key} {self.status or '…'}"
