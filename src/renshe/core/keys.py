"""The installation's three keys: their names, and a fresh set of them — for the embedded default's first run
(settings.py), a production environment (`python -m renshe.core.protection --env`) and the benchmarks. No
Django here: settings.py imports it."""

import base64
import secrets

KEY_NAMES = ("SECRET_KEY", "RENSHE_DATA_KEY", "RENSHE_TIMELINE_KEY")


def new_key() -> str:
    """A data or timeline key: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def new_key_set() -> dict[str, str]:
    # Django's deployment check wants a SECRET_KEY of 50 characters or more
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "RENSHE_DATA_KEY": new_key(),
        "RENSHE_TIMELINE_KEY": new_key(),
    }
