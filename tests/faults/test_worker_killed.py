"""A Celery worker killed in the middle of the reminder job: the job is delivered again and finishes, and no
one is reminded twice.

The whole worker (its main process and its pool process) is killed with SIGKILL, as the OOM killer or a lost
machine would: nothing gets the chance to requeue the job, which Redis holds as unacknowledged (acks_late).
A fresh worker puts it back on the queue once it is older than the visibility timeout
(CELERY_BROKER_TRANSPORT_OPTIONS; seconds here, an hour by default) and runs it again. The reminder job is
idempotent because each task's reminders and its stamp are written in one transaction, stamped tasks are
skipped, and the database allows one reminder per task, person and kind (one_reminder_per_kind).

(The early-warning scoring job, the other one that must not count twice, is not built yet.)"""

import os
import signal
import subprocess
import time
import uuid
from datetime import timedelta

import pytest
import redis
from celery.result import AsyncResult
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from renshe.core import services
from renshe.core.models import WorkItem
from renshe.core.tasks import send_due_reminders
from renshe.messaging.models import Message
from tests import clock
from tests.keys import keys

from .conftest import BIN, children, require, stop

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ITEMS = 2000  # enough for the job to run for seconds on PostgreSQL
VISIBILITY = 2  # seconds (RENSHE_TASK_VISIBILITY_SECONDS) before an unacknowledged job is put back
KIND = "faults.worker_killed"


def start_worker(settings, queue: str, log) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        **keys(),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "RENSHE_TASK_VISIBILITY_SECONDS": str(VISIBILITY),
    }
    return subprocess.Popen(
        clock.frozen(
            [
                str(BIN / "celery"),
                "-A",
                "renshe",
                "worker",
                "--pool=prefork",  # production's pool: a main process and (here) one pool process
                "--concurrency=1",
                "-Q",
                queue,
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
            ]
        ),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, killed whole
    )


def open_items(world) -> dict[int, tuple[str, str, int]]:
    """ITEMS tasks, half overdue and half due soon; half assigned to 张江's mediator, half to whichever
    inspectors cover 奉贤's brigade (two). Returns {item id: (reminder kind, stamp, number of recipients)}."""
    today = timezone.localdate()
    centre, brigade, mediator = world.orgs["zj_centre"], world.orgs["fx_brigade"], world.users["zj_centre"]
    subject = {"subject_type": ContentType.objects.get_for_model(centre), "subject_id": str(centre.pk)}
    items = []
    for i in range(ITEMS):
        assigned = i % 4 < 2
        items.append(
            WorkItem(
                kind=KIND,
                title=f"故障测试事项{i}",
                **subject,
                organisation=centre if assigned else brigade,
                role="mediator" if assigned else "inspector",
                assignee=mediator if assigned else None,
                starts_on=today - timedelta(days=20),
                due_soon_on=today - timedelta(days=3),
                due_on=today + timedelta(days=-2 if i % 2 == 0 else 1),
            )
        )
    WorkItem.objects.bulk_create(items)
    shared = len(services.recipients(WorkItem.objects.filter(kind=KIND, assignee=None).first()))
    assert shared == 2, "the unassigned tasks should reach both of the brigade's inspectors"
    return {
        item.pk: (
            "overdue" if item.due_on < today else "due_soon",
            "overdue_reminded_on" if item.due_on < today else "reminded_on",
            1 if item.assignee_id else shared,
        )
        for item in WorkItem.objects.filter(kind=KIND)
    }


def reminders() -> int:
    return Message.objects.filter(work_item__kind=KIND).count()


@pytest.fixture
def production_path(settings):
    require(
        bool(settings.REDIS_URL) and connection.vendor == "postgresql",
        "needs REDIS_URL and PostgreSQL (bin/test's production-path pass)",
    )


@pytest.mark.parametrize("killed", ["worker", "pool process"])
def test_a_worker_killed_mid_job_runs_it_again_and_nobody_is_reminded_twice(
    production_path, world, settings, tmp_path, killed
):
    """`worker`: the whole worker is killed (SIGKILL to its process group) and a fresh one, started after the
    visibility timeout, takes the job back from Redis. `pool process`: only the process running the job is
    killed; the worker requeues the job itself (CELERY_TASK_REJECT_ON_WORKER_LOST) and runs it again."""
    began = time.monotonic()
    expected = open_items(world)
    total = sum(n for _kind, _stamp, n in expected.values())
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    broker = redis.Redis.from_url(settings.REDIS_URL)
    logs = [(tmp_path / f"worker-{n}.log").open("w+") for n in (1, 2)]
    workers = [start_worker(settings, queue, logs[0])]
    try:
        task_id = send_due_reminders.apply_async(queue=queue).id
        deadline = time.monotonic() + 60
        while reminders() < total // 3:  # well under way
            assert time.monotonic() < deadline, "the worker never got going"
            assert workers[0].poll() is None, "the worker died by itself"
            time.sleep(0.05)
        if killed == "worker":
            stop(workers[0], kill=True)
        else:
            (pool,) = children(workers[0].pid)
            os.kill(pool, signal.SIGKILL)
        killed_at = time.monotonic()
        at_kill = reminders()
        assert at_kill < total, f"the job finished before the kill ({total} reminders): raise ITEMS"
        if killed == "worker":
            # the broker still holds the job, delivered and never acknowledged; a fresh worker takes it back
            assert any(task_id.encode() in payload for payload in broker.hvals("unacked"))
            time.sleep(max(0.0, VISIBILITY + 0.5 - (time.monotonic() - killed_at)))
            workers.append(start_worker(settings, queue, logs[1]))
        while reminders() == at_kill:
            assert time.monotonic() < killed_at + 60, "the job was not delivered again"
            time.sleep(0.05)
        resumed_at = time.monotonic()
        rerun = AsyncResult(task_id).get(timeout=90)
        finished_at = time.monotonic()
    finally:
        for worker in workers:
            stop(worker)  # a warm shutdown, as a deployment does (the killed one is gone already)
        for log in logs:
            log.close()

    # delivered again, and the second run sent exactly what the first had not
    log = (tmp_path / f"worker-{len(workers)}.log").read_text()
    assert "delivered again" in log, log[-3000:]
    # the count is read just after SIGKILL: the killed process's last commit, already sent to PostgreSQL, may
    # land after it (each reminder commits on its own, so at most one); exactly-once is checked item by item
    assert at_kill > 0 and total - at_kill - 1 <= rerun <= total - at_kill
    # every due task reminded each of its people exactly once, and stamped
    sent = Message.objects.filter(work_item__kind=KIND)
    per_item = dict(sent.values_list("work_item").annotate(n=Count("id")))
    assert per_item == {pk: n for pk, (_kind, _stamp, n) in expected.items()}
    assert not sent.values("recipient", "work_item", "kind").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert {n.work_item_id: n.kind for n in sent} == {pk: kind for pk, (kind, _s, _n) in expected.items()}
    today = timezone.localdate()
    for item in WorkItem.objects.filter(kind=KIND):
        assert getattr(item, expected[item.pk][1]) == today
    # and a third delivery, e.g. the next hourly run, sends nothing
    assert services.send_due_reminders() == 0

    print(
        f"\n{killed} killed: {ITEMS} due tasks, {total} reminders due: {at_kill} sent before the kill, "
        f"{rerun} by the job delivered again, 0 twice; resumed {resumed_at - killed_at:.1f}s and finished "
        f"{finished_at - killed_at:.1f}s after the kill (visibility timeout {VISIBILITY}s); "
        f"test {time.monotonic() - began:.1f}s"
    )
