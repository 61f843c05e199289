"""WSGI entry point for gunicorn: `gunicorn renshe.wsgi`. It refuses to start under a data key the database's
values are not under (core.checks)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renshe.settings")
application = get_wsgi_application()

from renshe.core.checks import at_start  # noqa: E402 - needs the apps loaded above

at_start()
