"""The production path: deliveries sent by a real Celery worker through Redis, from events committed in
PostgreSQL, to a real local receiver; each once, signed. Runs in bin/test's second pass (DATABASE_URL and
REDIS_URL set). bench/webhooks.py measures the rate, with a worker killed mid-run."""

import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from renshe.webhooks import services
from renshe.webhooks.models import DeliveryStatus, WebhookDelivery
from renshe.webhooks.signing import verify
from tests import builders, clock
from tests.faults.conftest import require, stop
from tests.keys import keys

from .receiver import start_worker

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True), pytest.mark.today("2026-11-25")]
EVENTS = 50


@pytest.fixture
def in_process(settings):
    """Here the tasks go to Redis, for the worker below (the package's conftest runs them in-process)."""
    settings.RENSHE_WEBHOOK_LOCAL_URLS = True  # the receiver is on this machine


@pytest.fixture
def worker(settings, tmp_path):
    require(
        bool(settings.REDIS_URL) and connection.vendor == "postgresql",
        "needs REDIS_URL and PostgreSQL (bin/test's production-path pass)",
    )
    db = settings.DATABASES["default"]
    queue = f"test-webhooks-{uuid.uuid4().hex[:8]}"
    settings.RENSHE_WEBHOOK_QUEUE = queue
    env = {
        **keys(),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    with open(tmp_path / "worker.log", "w") as log:
        process = start_worker(env, queue, concurrency=4, wrap=clock.frozen, log=log)
        yield queue
        stop(process)
    print((tmp_path / "worker.log").read_text()[-3000:])  # shown when the test fails


def test_a_real_worker_delivers_every_event_once(world, worker, receiver):
    endpoint, secret = services.create_endpoint(
        world.users["zj_centre"], url=receiver.url, events=["dispute.received"]
    )
    for seed in range(EVENTS):
        builders.applied(world, received_on=timezone.localdate(), seed=seed)
    deadline = time.monotonic() + 90
    while len(receiver.applied) < EVENTS and time.monotonic() < deadline:
        time.sleep(0.2)

    assert len(receiver.applied) == EVENTS and receiver.duplicates_applied == 0
    for got in receiver.received:
        verify(secret, got.body, got.headers["Renshe-Signature"])
    sent = set(receiver.applied)
    assert sent == {str(u) for u in WebhookDelivery.objects.values_list("uuid", flat=True)}
    deadline = time.monotonic() + 10  # the worker records the answer after the receiver has it
    while WebhookDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert set(WebhookDelivery.objects.values_list("endpoint", "attempts")) == {(endpoint.pk, 1)}
