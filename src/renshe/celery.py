"""The Celery app. In the embedded default (no REDIS_URL) tasks run eagerly in the calling process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renshe.settings")

app = Celery("renshe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
