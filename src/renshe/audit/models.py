"""Security records kept apart from the timeline: sign-ins, sign-outs, password changes and files taken out.

The timeline (core.models.Event) is the operation log: what was done to which record, hash-chained and never
purged, because it is part of the case file. Access records are network logs in the sense of 《网络安全法》
第二十一条第（三）项: kept for settings.RENSHE_ACCESS_LOG_RETENTION_DAYS (at least six months), then purged by
services.purge_expired_access_records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账号锁定")
    LOGOUT = "logout", _("退出登录")
    PASSWORD_CHANGED = "password_changed", _("修改密码")
    DOWNLOAD = "download", _("下载导出")
    TOKEN_ISSUED = "token_issued", _("签发接口令牌")
    TOKEN_NEW_ADDRESS = "token_new_address", _("接口令牌从新地址使用")
    TOKEN_REVOKED = "token_revoked", _("吊销接口令牌")
    TOKEN_REFUSED = "token_refused", _("拒绝接口令牌")


TOKEN_KINDS = frozenset(
    {
        AccessKind.TOKEN_ISSUED,
        AccessKind.TOKEN_NEW_ADDRESS,
        AccessKind.TOKEN_REVOKED,
        AccessKind.TOKEN_REFUSED,
    }
)


class Outcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("成功")
    BAD_CREDENTIALS = "bad_credentials", _("用户名或密码错误")
    LOCKED_OUT = "locked_out", _("账号已锁定，拒绝登录")


class AccessRecord(models.Model):
    """One sign-in, sign-out, password change or download. `user` is kept as a link while the account
    exists and `username` as typed, so a record outlives the account and also names unknown accounts tried
    at the login form. `organisation` is the user's at the time: it decides who may review the record."""

    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("类别"), max_length=20, choices=AccessKind.choices)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, default=Outcome.SUCCEEDED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    path = models.CharField(_("访问路径"), max_length=500, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("访问记录")
        verbose_name_plural = _("访问记录")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["kind", "-id"]),
            models.Index(fields=["username", "-id"]),
            models.Index(fields=["organisation", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"

    def describe(self) -> str:
        """The detail as a reviewer reads it: the file and the filters of a download, failure counts."""
        d = self.detail or {}
        if self.kind == AccessKind.DOWNLOAD:
            text = gettext("文件：%(name)s") % {"name": d.get("filename", "")}
            query = {k: v for k, v in (d.get("query") or {}).items() if k not in ("page", "export")}
            if query:
                shown = "，".join(
                    f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in query.items()
                )
                text += gettext("；查询条件：%(query)s") % {"query": shown}
            return text
        if self.kind in TOKEN_KINDS:
            text = gettext("令牌：%(name)s（%(prefix)s…）") % {
                "name": d.get("name", ""),
                "prefix": d.get("prefix", ""),
            }
            if d.get("scopes"):
                text += gettext("；权限范围：%(scopes)s") % {"scopes": d["scopes"]}
            if d.get("reason"):
                text += gettext("；原因：%(reason)s") % {"reason": d["reason"]}
            return text
        if d.get("failures"):
            return gettext("连续失败%(n)s次") % {"n": d["failures"]}
        return ""


class PasswordRecord(models.Model):
    """A password the user has had (its hash only), newest last. The latest row dates the current password
    for the expiry rule; the last few refuse reuse (passwords.PasswordHistoryValidator)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"
