"""The operation log (安全审计日志 › 操作日志) at scale: `python bench/oplog.py --events 10000000`.

Loads the demo network into a fresh PostgreSQL database (BENCH_DATABASE_URL, default db `sysadmin_bench`),
then appends N timeline events with one INSERT … SELECT over generate_series per million (the secondary
indexes dropped meanwhile and built again after, as a bulk load would): spread over every organisation,
every kind the apps declare and the demo users, about 2 years at one event every 6 seconds. Then it times,
through the whole Django stack, the operation-log page of reviewers of different scopes, with a kind filter,
a group filter, a date filter, an actor filter and 500 pages deep (keyset) — each beside the same page's
SELECT statements replayed as raw SQL; first, for scale, a small page with no log (个人中心): what any page
costs on the machine as loaded at the time. Target (issue 12): p95 ≤ 100 ms at 10M events.

The load takes about 14 minutes at 10M on 2 cores (inserts ~50 s a million, indexes ~4 minutes); `--reuse`
times an already loaded database again.
"""

import time

from harness import arguments, load_demo_world, print_table, time_pages

BATCH = 1_000_000


def load_events(total: int) -> None:
    """Append `total` events by raw SQL. Digests are not a real chain here (the page never reads them);
    every unique constraint still holds: one digest per event and one (subject, seq) per event."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from renshe.core import eventkinds
    from renshe.core.models import Organisation, User
    from renshe.disputes.models import DisputeCase
    from renshe.inspection.models import InspectionCase

    orgs = list(Organisation.objects.values_list("pk", flat=True))
    users = list(User.objects.values_list("pk", "full_name"))
    verbs = [v for _group, options in eventkinds.choices() for v, _label in options if not v.endswith(".")]
    dispute_type = ContentType.objects.get_for_model(DisputeCase).pk
    inspection_type = ContentType.objects.get_for_model(InspectionCase).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_event' "
            "AND indexname NOT LIKE '%%pkey'"
        )
        indexes = []
        for name, definition in cursor.fetchall():
            cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name])
            constraint = cursor.fetchone() is not None
            indexes.append((name, definition, constraint))
            if constraint:
                cursor.execute(f'ALTER TABLE core_event DROP CONSTRAINT "{name}"')
            else:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SELECT coalesce(max(id), 0) FROM core_event")
        start = cursor.fetchone()[0]
        for first in range(1, total + 1, BATCH):
            last = min(total, first + BATCH - 1)
            began = time.perf_counter()
            cursor.execute(
                """
                INSERT INTO core_event (occurred_at, actor_id, actor_label, verb, summary, subject_type_id,
                    subject_id, enterprise_id, organisation_id, changes, subject_seq, previous_digest, digest)
                SELECT timestamptz '2024-12-01 00:00+08' + g * interval '6 seconds',
                       (%(users)s::bigint[])[1 + g %% %(n_users)s],
                       (%(names)s::text[])[1 + g %% %(n_users)s],
                       v.verb,
                       '批量生成的操作记录 ' || g,
                       CASE WHEN v.verb LIKE 'inspection.%%' THEN %(inspection)s ELSE %(dispute)s END,
                       (g / 8)::text,
                       NULL,
                       (%(orgs)s::bigint[])[1 + (g * 7919) %% %(n_orgs)s],
                       '{}'::jsonb,
                       g %% 8 + 1,
                       repeat('0', 64),
                       md5(g::text) || md5((g + %(start)s)::text || 'bench')
                FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
                CROSS JOIN LATERAL (
                    SELECT (%(verbs)s::text[])[1 + (g * 104729) %% %(n_verbs)s] AS verb
                ) AS v
                """,
                {
                    "users": [pk for pk, _name in users],
                    "names": [name or "系统" for _pk, name in users],
                    "n_users": len(users),
                    "orgs": orgs,
                    "n_orgs": len(orgs),
                    "verbs": verbs,
                    "n_verbs": len(verbs),
                    "dispute": dispute_type,
                    "inspection": inspection_type,
                    "start": start,
                    "first": start + first,
                    "last": start + last,
                },
            )
            print(f"  events {last:,} ({time.perf_counter() - began:.0f} s)", flush=True)
        began = time.perf_counter()
        for name, definition, constraint in indexes:
            cursor.execute(definition)
            if constraint:
                cursor.execute(f'ALTER TABLE core_event ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{name}"')
        print(f"  indexes built again ({time.perf_counter() - began:.0f} s)", flush=True)
        cursor.execute("VACUUM ANALYZE core_event")


def main() -> None:
    args = arguments(__doc__, "sysadmin_bench", repeat=40, events=1_000_000)
    from django.db import connection
    from django.test import Client

    from renshe.core.models import Event, User

    started = time.perf_counter()
    if not args.reuse:
        load_demo_world()
        load_events(args.events)
    total = Event.objects.count()
    print(f"{total:,} events in {time.perf_counter() - started:.0f} s ({connection.vendor})")

    clients = {}
    for username in ("admin", "pt_leader", "pd_admin", "fx_admin"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    # the id of the 10,000th newest event of 浦东's scope: where page 500 starts
    from renshe.audit import selectors

    scoped = selectors.operations_for(User.objects.get(username="pd_admin")).order_by("-id")
    deep = scoped.values_list("pk", flat=True)[10_000 - 1 : 10_000].first()
    day = Event.objects.order_by("-id").values_list("occurred_at", flat=True).first()
    a_year_ago = (day.date().replace(year=day.year - 1)).isoformat()
    scenarios = [
        ("for scale: 个人中心, a page with no log", "pd_admin", "/profile/"),
        ("whole jurisdiction (admin), newest page", "admin", "/audit/operations/"),
        ("普陀 leader (subtree), newest page", "pt_leader", "/audit/operations/"),
        ("浦东 admin, one kind (dispute.applied)", "pd_admin", "/audit/operations/?verb=dispute.applied"),
        ("浦东 admin, one group (inspection.)", "pd_admin", "/audit/operations/?verb=inspection."),
        (
            "浦东 admin, one day a year ago",
            "pd_admin",
            f"/audit/operations/?since={a_year_ago}&until={a_year_ago}",
        ),
        ("奉贤 admin, one actor (fx_inspector)", "fx_admin", "/audit/operations/?actor=fx_inspector"),
        ("浦东 admin, page 500 (keyset)", "pd_admin", f"/audit/operations/?before={deep}"),
        (
            "浦东 admin, page 500 of one kind",
            "pd_admin",
            f"/audit/operations/?verb=dispute.applied&before={deep}",
        ),
    ]
    rows = time_pages(clients, scenarios, args.repeat)
    print_table(f"operation log, {total:,} events, {args.repeat} requests each", rows)


if __name__ == "__main__":
    main()
