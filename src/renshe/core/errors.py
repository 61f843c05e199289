"""Domain errors raised by services, carrying a message fit to show the user.

Views turn them into form errors, the API into JSON 4xx answers; nothing is written when one is raised
because every service runs in one transaction.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    default_message = _("请求无法处理")

    def __init__(self, message: str | Promise | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    """Input that breaks a rule; `field` names the offending field when there is one."""

    status = 422


class PermissionDenied(DomainError):
    status = 403
    default_message = _("您无权进行此操作")


class NotFound(DomainError):
    status = 404
    default_message = _("记录不存在或不在您的数据范围内")


class Conflict(DomainError):
    """Someone else changed the record first (a stale form or a concurrent edit)."""

    status = 409
    default_message = _("该记录已被他人修改，请刷新后重试")


class FileUnavailable(DomainError):
    """A stored file that cannot be handed out: not written yet (503, try again), never written because
    storage failed (410), or no longer what was stored (409: its SHA-256 does not match)."""

    status = 503
    default_message = _("文件正在保存，请稍后再试")

    def __init__(self, message: str | Promise | None = None, *, status: int = 503) -> None:
        super().__init__(message)
        self.status = status
