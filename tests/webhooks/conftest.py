import pytest

from .receiver import Receiver


@pytest.fixture
def receiver():
    """A local HTTP receiver answering 204; set `answer` to make it fail."""
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def quick_retries(settings):
    """Retries at once (eager tasks ignore countdowns), three attempts, pause after five failures in a row,
    a short timeout."""
    settings.RENSHE_WEBHOOK_ATTEMPTS = 3
    settings.RENSHE_WEBHOOK_PAUSE_AFTER_FAILURES = 5
    settings.RENSHE_WEBHOOK_BACKOFF_SECONDS = 0.01
    settings.RENSHE_WEBHOOK_TIMEOUT_SECONDS = 0.3
    return settings
