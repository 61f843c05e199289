"""Start-up checks of the security settings (run by manage.py check, migrate, runserver and gunicorn's
preload through Django's system check framework)."""

from django.conf import settings
from django.core import checks

from renshe.core import law


@checks.register(checks.Tags.security)
def check_retention(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    days = settings.RENSHE_ACCESS_LOG_RETENTION_DAYS
    minimum = law.NETWORK_LOG_RETENTION
    if not isinstance(days, int) or days < minimum.length:
        errors.append(
            checks.Error(
                f"RENSHE_ACCESS_LOG_RETENTION_DAYS is {days!r}: access logs must be kept at least "
                f"{minimum.length} days (six months, {minimum.citation}).",
                hint=f"Set RENSHE_ACCESS_LOG_RETENTION_DAYS to {minimum.length} or more (default 365).",
                id="renshe.audit.E001",
            )
        )
    max_age = settings.RENSHE_PASSWORD_MAX_AGE_DAYS
    if not isinstance(max_age, int) or max_age < 0:
        errors.append(
            checks.Error(
                f"RENSHE_PASSWORD_MAX_AGE_DAYS is {max_age!r}: give a number of days, or 0 for no expiry.",
                id="renshe.audit.E002",
            )
        )
    return errors
