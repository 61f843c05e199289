"""The keys a server or worker that a test starts runs under: the test process's own, so that it reads what the
tests wrote. Production refuses to start without them (settings.py), and under another data key (core.checks)."""

from django.conf import settings

from renshe.core.keys import KEY_NAMES


def keys() -> dict[str, str]:
    return {name: getattr(settings, name) for name in KEY_NAMES}
