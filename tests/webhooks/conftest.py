import pytest

from renshe.celery import app

from .receiver import Receiver


@pytest.fixture(autouse=True)
def in_process(settings):
    """Deliveries sent in-process to a receiver on this machine, on every path, as on the embedded default (on
    the production path they would go to Redis for a worker these tests do not start: test_worker.py starts
    one, and overrides this)."""
    settings.RENSHE_WEBHOOK_LOCAL_URLS = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def receiver():
    """A local HTTP receiver answering 204; set `answer` to make it fail."""
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def quick_retries(settings):
    """Retries at once (no back-off: a retry is due as its eager task runs), three attempts, pause after five
    failures in a row, a short timeout."""
    settings.RENSHE_WEBHOOK_ATTEMPTS = 3
    settings.RENSHE_WEBHOOK_PAUSE_AFTER_FAILURES = 5
    settings.RENSHE_WEBHOOK_BACKOFF_SECONDS = 0
    settings.RENSHE_WEBHOOK_TIMEOUT_SECONDS = 0.3
    return settings
