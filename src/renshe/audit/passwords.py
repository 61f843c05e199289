"""The password policy beyond Django's own validators (settings.AUTH_PASSWORD_VALIDATORS):

- MinimumLengthValidator: Django's, its refusal in Chinese;
- ComplexityValidator: at least three of the four kinds of character;
- PasswordHistoryValidator: none of the last five passwords again; it also keeps that history, being told
  of every saved password change through Django's password_changed hook;
- expiry: a password older than settings.RENSHE_PASSWORD_MAX_AGE_DAYS, or a temporary one an administrator
  set, must be changed before anything else
  (middleware.PasswordExpiryMiddleware for pages, core.api.SessionAuth for the API with a session). API
  tokens are not passwords and never expire this way.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The session remembers when the signed-in user's password was set, so that the expiry check costs no query.
SESSION_KEY = "renshe_password_changed_at"


def character_classes(password: str) -> int:
    """How many of upper-case letters, lower-case letters, digits and other characters (symbols, spaces,
    Chinese characters) the password uses."""
    upper = any("A" <= c <= "Z" for c in password)
    lower = any("a" <= c <= "z" for c in password)
    digit = any("0" <= c <= "9" for c in password)
    other = any(not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9") for c in password)
    return upper + lower + digit + other


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its refusal worded here: Django 5.2 changed that message's msgid and its zh-Hans
    catalogue still has only the old one, so the refusal showed in English."""

    def get_error_message(self) -> str:
        return _("密码长度太短，至少需要%(min)d个字符。") % {"min": self.min_length}


class ComplexityValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def _message(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、特殊字符中的至少%(min)d类。") % {
            "min": self.min_classes
        }

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self._message(), code="password_too_simple")

    def get_help_text(self) -> str:
        return self._message()


class PasswordHistoryValidator:
    def __init__(self, remembered: int = 5):
        self.remembered = remembered

    def _message(self) -> str:
        return ngettext(
            "不能与最近%(n)d次使用过的密码相同。", "不能与最近%(n)d次使用过的密码相同。", self.remembered
        ) % {"n": self.remembered}

    def _recent_hashes(self, user) -> list[str]:
        from .models import PasswordRecord

        hashes = list(
            PasswordRecord.objects.filter(user=user)
            .order_by("-id")
            .values_list("password", flat=True)[: self.remembered]
        )
        # an account from before the history was kept: its current password counts too
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][: self.remembered]
        return hashes

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user)):
            raise ValidationError(self._message(), code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        """Django calls this once a new password has been saved (AbstractBaseUser.save)."""
        from .services import remember_password

        if user is not None and user.pk is not None:
            remember_password(user, keep=self.remembered)

    def get_help_text(self) -> str:
        return self._message()


def max_age() -> timedelta | None:
    """How long a password may be used; None when the rule is off (RENSHE_PASSWORD_MAX_AGE_DAYS = 0)."""
    days = int(settings.RENSHE_PASSWORD_MAX_AGE_DAYS)
    return timedelta(days=days) if days > 0 else None


def is_expired(changed_at: datetime) -> bool:
    limit = max_age()
    return limit is not None and timezone.now() - changed_at > limit


def session_expired(request, user) -> bool:
    """Whether the password of `user`, signed in on this session, has expired. The session remembers when
    the password was set, so the check costs a query once per session. A temporary password an administrator
    set (core.administration.reset_password, create_user) counts as expired, whatever the age rule."""
    if getattr(user, "password_must_change", False):
        return True
    if max_age() is None:
        return False
    stored = request.session.get(SESSION_KEY)
    if stored is None:
        from .selectors import password_changed_at

        stored = password_changed_at(user).isoformat()
        request.session[SESSION_KEY] = stored
    return is_expired(datetime.fromisoformat(stored))
