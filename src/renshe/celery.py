"""The Celery app. In the embedded default (no REDIS_URL) tasks run eagerly in the calling process."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renshe.settings")

app = Celery("renshe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def refuse_a_wrong_data_key(**kwargs) -> None:
    """A worker or beat under a data key the database's values are not under does not start (core.checks).
    SystemExit, because Celery logs and ignores a signal handler's ordinary exception."""
    from renshe.core.checks import at_start
    from renshe.core.protection import DataKeyMismatch

    try:
        at_start()
    except DataKeyMismatch as mismatch:
        raise SystemExit(f"renshe: {mismatch}") from mismatch
