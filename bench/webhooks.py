"""Webhook delivery rate (issue 14, Speed: ≥ 500 events/s with two workers to a local receiver, 0 lost and 0
duplicated across a worker kill).

Events are written through core.timeline.record_event (`enterprise.dishonest_listed`, which the endpoint
subscribes to), committed in batches of 100; each commit makes its deliveries in one insert
(webhooks.services.fan_out) and queues one Celery task on Redis per 50 of them. Then two Celery workers
(threads pool) send them to a receiver in this process (http.server, deduplicating by Renshe-Delivery): each
task claims a batch of due deliveries (SKIP LOCKED), POSTs them on a keep-alive session and marks them in one
UPDATE. One worker is killed with SIGKILL (its whole process group) when a third of the events have arrived
(its row locks go with its connections), and started again after the visibility timeout, as a supervisor
would: it takes back from Redis the tasks the dead one held unacknowledged. Timed at the receiver, from the
first delivery to the last (the workers' own start, seconds on a loaded machine, left out); then every
delivery must also be recorded as delivered in the database.

Baseline in the same run: the same receiver taking the same number of POSTs from one plain `requests`
loop in this process (no Celery, no database): what the machine's receiver itself can take.

    PYTHONPATH=src .venv/bin/python bench/webhooks.py --events 10000
    (REDIS_URL defaults to redis://127.0.0.1:6379/15, which the run flushes; the database is made afresh)
"""

import os
import signal
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.webhooks.receiver: the tests' receiver and worker
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
VISIBILITY = 3  # seconds before a dead worker's unacknowledged tasks are handed out again
QUEUE = f"bench-webhooks-{uuid.uuid4().hex[:6]}"
os.environ["RENSHE_WEBHOOK_QUEUE"] = QUEUE

from harness import arguments, load_demo_world  # noqa: E402


def produce(total: int, owner) -> float:
    """`total` events on the enterprises of the demo, 100 to a transaction; events per second."""
    from django.db import transaction

    from renshe.core.models import Enterprise
    from renshe.core.timeline import record_event

    firms = list(Enterprise.objects.select_related("street").order_by("pk")[:50])
    began = time.perf_counter()
    for start in range(0, total, 100):
        with transaction.atomic():
            for i in range(start, min(start + 100, total)):
                firm = firms[i % len(firms)]
                record_event(
                    firm,
                    "enterprise.dishonest_listed",
                    f"bench {i}",
                    actor=owner,
                    enterprise=firm,
                    organisation=firm.street,
                )
    return total / (time.perf_counter() - began)


def baseline(receiver, total: int) -> float:
    import requests

    session, body = requests.Session(), b'{"id": "x", "event": "bench"}' * 10
    session.trust_env = False  # as the workers' (webhooks.services._session)
    began = time.perf_counter()
    for i in range(total):
        session.post(receiver.url, data=body, headers={"Renshe-Delivery": f"baseline-{i}"}, timeout=5)
    return total / (time.perf_counter() - began)


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "h_webhooks_bench", repeat=1, events=5000, concurrency=8)
    import redis
    from django.conf import settings
    from django.test import override_settings
    from tests.webhooks.receiver import Receiver, start_worker

    from renshe.core.keys import KEY_NAMES
    from renshe.core.models import User
    from renshe.webhooks import services
    from renshe.webhooks.models import DeliveryStatus, WebhookDelivery

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    load_demo_world()
    owner = User.objects.get(username="admin")
    receiver = Receiver(keep=False).start()
    with override_settings(RENSHE_WEBHOOK_LOCAL_URLS=True):
        services.create_endpoint(owner, url=receiver.url, events=["enterprise.dishonest_listed"])
    produced = produce(args.events, owner)
    expected = set(map(str, WebhookDelivery.objects.values_list("uuid", flat=True)))

    env = {
        **{name: getattr(settings, name) for name in KEY_NAMES},
        "DATABASE_URL": args.database,
        "REDIS_URL": settings.REDIS_URL,
        "RENSHE_TASK_VISIBILITY_SECONDS": str(VISIBILITY),
    }
    logs = [open(ROOT / "var" / f"bench-webhooks-worker{i}.log", "w") for i in range(3)]  # noqa: SIM115
    began = time.perf_counter()
    workers = [start_worker(env, QUEUE, concurrency=args.concurrency, log=logs[i]) for i in range(2)]
    killed_at = restarted_at = None
    pending = WebhookDelivery.objects.exclude(status=DeliveryStatus.DELIVERED)
    deadline = began + 600
    while time.perf_counter() < deadline:
        arrived = len(receiver.applied)
        if killed_at is None and arrived >= len(expected) / 3:
            os.killpg(workers[0].pid, signal.SIGKILL)
            killed_at = time.perf_counter() - began
        if (
            killed_at is not None
            and restarted_at is None
            and time.perf_counter() - began > killed_at + VISIBILITY
        ):
            workers[0] = start_worker(env, QUEUE, concurrency=args.concurrency, log=logs[2])
            restarted_at = time.perf_counter() - began
        if arrived >= len(expected) and not pending.exists():
            break
        time.sleep(0.05)
    seconds = receiver.last_at - receiver.first_at
    killed_at -= receiver.first_at - began
    restarted_at -= receiver.first_at - began
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(timeout=30)

    received = set(receiver.applied)
    base = baseline(Receiver(keep=False).start(), min(args.events, 2000))
    print(
        f"\nWebhook delivery: {len(expected)} events, 2 workers × {args.concurrency} threads, Redis, PostgreSQL"
    )
    print(f"(one worker killed -9 at {killed_at:.1f} s, started again at {restarted_at:.1f} s)")
    head = f"{'':<34} {'events':>7} {'seconds':>8} {'events/s':>9} {'lost':>5} {'dup-seen':>9} {'dup-applied':>12}"
    print(head)
    print("-" * len(head))
    print(
        f"{'produced (commit + fan-out + queue)':<34} {len(expected):>7} {len(expected) / produced:>8.1f} {produced:>9.0f}"
    )
    print(
        f"{'delivered by Celery':<34} {len(expected):>7} {seconds:>8.1f} {len(expected) / seconds:>9.0f} "
        f"{len(expected - received):>5} {receiver.duplicates_seen:>9} {receiver.duplicates_applied:>12}"
    )
    print(f"{'baseline: one requests loop':<34} {min(args.events, 2000):>7} {'':>8} {base:>9.0f}")
    print(
        f"unexpected ids at the receiver: {len(received - expected)}; not delivered in the database: {pending.count()}"
    )


if __name__ == "__main__":
    main()
