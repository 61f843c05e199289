"""The production path for background jobs: a real Celery worker process consuming from Redis, writing to
the same PostgreSQL database. Runs in bin/test's second pass (DATABASE_URL and REDIS_URL set)."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from renshe.core import services
from renshe.messaging.models import Message
from tests import clock
from tests.keys import keys

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings, frozen_today):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (bin/test's production-path pass)")
    db = settings.DATABASES["default"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        **keys(),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    celery = Path(sys.executable).with_name("celery")
    process = subprocess.Popen(
        clock.frozen(
            [
                str(celery),
                "-A",
                "renshe",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-mingle",
                "--without-gossip",
                "--loglevel=WARNING",
            ]
        ),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    process.wait(timeout=20)


def test_reminder_job_runs_on_a_real_worker_and_a_retry_sends_nothing_twice(world, worker):
    from renshe.core.tasks import send_due_reminders

    today = timezone.localdate()
    street = world.orgs["street:310107005"]
    services.open_work_item(
        street,
        kind="test.overdue",
        title="已超期事项",
        organisation=street,
        role="mediator",
        starts_on=today - timedelta(days=20),
        due_on=today - timedelta(days=2),
    )
    first = send_due_reminders.apply_async(queue=worker).get(timeout=90)
    second = send_due_reminders.apply_async(queue=worker).get(timeout=90)
    assert (first, second) == (1, 0)
    assert Message.objects.filter(recipient=world.users["pt_caoyang"], kind="overdue").count() == 1
