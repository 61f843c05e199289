"""The change feed and idempotent writes at scale: `python bench/changes.py --events 1000000`.

Loads the demo network into a fresh PostgreSQL database (BENCH_DATABASE_URL, default db `feeds_bench`) and
appends N timeline events as bench/oplog.py does. Then, through the whole Django stack in-process (the test
client with a bearer token: middleware, authentication, scope, serialisation to JSON):

* the change feed read from the start to its end, `GET /api/v1/changes?after=…&limit=<max>` page after
  page as a warehouse's client loop would, by the whole jurisdiction's administrator (every event) and by a
  district's (its scope) — beside the raw SQL keyset scan of the same rows (`WHERE id > … ORDER BY id
  LIMIT …`, every column the feed reads, through a bare cursor) in the same run. Target (issue 14): 1M
  events in ≤ 30 s;
* the idempotency overhead per POST: the same cheap write (POST /api/v1/messages/read-all) and a real one
  (POST /api/v1/people, a person registered) without the header, with a new key each time, and replayed
  (the same key again).

`--reuse` times an already loaded database again. The load takes about 2 minutes a million on 2 cores.
"""

import random
import statistics
import time
import uuid

from harness import arguments, load_demo_world, print_table
from oplog import load_events


def walk_feed(client, limit: int) -> tuple[int, int, float]:
    """(events, pages, seconds) to read the whole feed from the start."""
    events = pages = 0
    after = ""
    began = time.perf_counter()
    while True:
        answer = client.get("/api/v1/changes", {"after": after, "limit": limit})
        assert answer.status_code == 200, answer.content[:300]
        body = answer.json()
        events += len(body["items"])
        pages += 1
        after = body["next"]
        if not body["has_more"]:
            return events, pages, time.perf_counter() - began


def raw_scan(scope, limit: int) -> tuple[int, int, float]:
    """The same walk as raw SQL: the feed's own query (scope, columns, keyset) through a bare cursor."""
    from django.db import connection

    from renshe.core import feeds

    rows = feeds.events(scope).order_by("pk")
    events = pages = last = 0
    began = time.perf_counter()
    with connection.cursor() as cursor:
        while True:
            sql, params = rows.filter(pk__gt=last)[: limit + 1].query.sql_with_params()
            cursor.execute(sql, params)
            found = cursor.fetchall()
            shown = found[:limit]
            events += len(shown)
            pages += 1
            if shown:
                last = shown[-1][0]
            if len(found) <= limit:
                return events, pages, time.perf_counter() - began


def main() -> None:
    args = arguments(__doc__, "feeds_bench", repeat=200, events=1_000_000)
    from django.db import connection
    from django.test import Client

    from renshe.audit.selectors import operations_for
    from renshe.core import feeds
    from renshe.core.models import ApiToken, Event, User
    from renshe.core.synthetic import citizen_id

    started = time.perf_counter()
    if not args.reuse:
        load_demo_world()
        load_events(args.events)
    total = Event.objects.count()
    print(f"{total:,} events in {time.perf_counter() - started:.0f} s ({connection.vendor})")

    clients = {}
    for username in ("admin", "pd_admin", "zj_centre"):
        _token, key = ApiToken.issue(User.objects.get(username=username), "bench")
        clients[username] = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    print(f"\nchange feed, {total:,} events, limit {feeds.MAX_LIMIT} (the maximum), read from the start")
    print(
        f"{'reader':<36} {'events':>10} {'pages':>6} {'seconds':>8} {'events/s':>9} {'raw SQL s':>9} {'ratio':>6}"
    )
    print("-" * 90)
    for username, label in (("admin", "whole jurisdiction (admin)"), ("pd_admin", "浦东 admin (subtree)")):
        events, pages, seconds = walk_feed(clients[username], feeds.MAX_LIMIT)
        raw_events, _raw_pages, raw_seconds = raw_scan(
            operations_for(User.objects.get(username=username)), feeds.MAX_LIMIT
        )
        assert raw_events == events, (raw_events, events)
        print(
            f"{label:<36} {events:>10,} {pages:>6} {seconds:>8.1f} {events / seconds:>9,.0f} "
            f"{raw_seconds:>9.1f} {seconds / raw_seconds:>5.1f}x"
        )

    client = clients["zj_centre"]
    rng = random.Random(time.time_ns())  # new people on every run, --reuse too

    def read_all(key: str | None = None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        assert client.post("/api/v1/messages/read-all", **headers).status_code == 200

    def person(key: str | None = None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        body = {"id_number": citizen_id(rng), "name": "基准人员"}
        answer = client.post("/api/v1/people", body, content_type="application/json", **headers)
        assert answer.status_code == 201, answer.content

    replayed = str(uuid.uuid4())
    read_all(replayed)
    # each pair timed back to back, in turn, so that the machine's load (other work on 2 cores) weighs on
    # both sides alike; the overhead is the median of the pairs' differences
    scenarios = [
        ("read-all (no write)", read_all, lambda: read_all(str(uuid.uuid4())), lambda: read_all(replayed)),
        ("register a person", person, lambda: person(str(uuid.uuid4())), None),
    ]
    rows, overheads = [], []
    for name, plain, keyed, again in scenarios:
        plain()  # warm
        samples: dict[str, list[float]] = {"plain": [], "keyed": [], "again": []}
        for _ in range(args.repeat):
            for side, call in (("plain", plain), ("keyed", keyed), ("again", again)):
                if call is not None:
                    began = time.perf_counter()
                    call()
                    samples[side].append((time.perf_counter() - began) * 1000)
        rows.append((f"{name}, no key", samples["plain"], None))
        rows.append((f"{name}, a new key each time", samples["keyed"], None))
        if samples["again"]:
            rows.append((f"{name}, the same key (replayed)", samples["again"], None))
        differences = [k - p for p, k in zip(samples["plain"], samples["keyed"], strict=True)]
        overheads.append((name, statistics.median(differences)))
    print_table(f"idempotency overhead per POST, {args.repeat} requests each (interleaved)", rows)
    for name, overhead in overheads:
        print(f"  {name}: a key adds {overhead:+.1f} ms (median of the pairs' differences)")


if __name__ == "__main__":
    main()
