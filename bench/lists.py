"""Every back-office list at scale (issue 12, point 5): `python bench/lists.py --disputes 1000000`.

Loads the demo network, N synthetic disputes (`generate_disputes`, three years at Zhangjiang's centre and
its network) and M inspection cases (the demo's own cases copied in SQL under new numbers, the enterprise
register grown by `generate_data`) into a fresh PostgreSQL database (BENCH_DATABASE_URL, default
`tables_bench`), then times through the whole Django stack each list as core.tables draws it — sorted,
filtered and narrowed by the organisation tree — on page 1 and page 500, beside the same page's SELECT
statements replayed raw in the same run. Targets (issue 12): p95 ≤ 50 ms on page 1, ≤ 80 ms on page 500,
≤ 2× the page's own SQL. `--reuse` times an already loaded database again.
"""

import argparse
import io
import os
import time

from harness import fresh_database, page_sql, print_table, timed


def copy_inspection_cases(target: int) -> None:
    """Grow the inspection table to `target` rows by copying the demo's cases (numbers made unique)."""
    from django.db import connection

    from renshe.inspection.models import InspectionCase

    have = InspectionCase.objects.count()
    if have == 0 or have >= target:
        return
    rounds = -(-(target - have) // have)
    fields = [f.column for f in InspectionCase._meta.concrete_fields if not f.primary_key]
    table = InspectionCase._meta.db_table
    chosen = ", ".join(fields)
    values = ", ".join("number || '-' || g" if c == "number" else c for c in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({chosen}) SELECT {values} FROM {table} "  # noqa: S608 - our own table
            f"CROSS JOIN generate_series(1, %s) AS g LIMIT %s",
            [rounds, target - have],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--disputes", type=int, default=100_000)
    parser.add_argument("--inspections", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tables_bench"),
    )
    parser.add_argument("--reuse", action="store_true", help="time an already loaded database")
    args = parser.parse_args()

    fresh_database(args.database, keep=args.reuse)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from renshe.core.models import Enterprise, Organisation, Person, User
    from renshe.disputes.models import DisputeCase
    from renshe.inspection.models import InspectionCase

    started = time.perf_counter()
    if not args.reuse:
        call_command("load_demo", "--enterprises", "60", "--people", "10", stdout=io.StringIO())
        call_command(
            "generate_disputes",
            *("--count", str(args.disputes), "--years", "3", "--centre", "张江镇劳动争议调解中心"),
            *("--seed", "1", "--quiet"),
            stdout=io.StringIO(),
        )
        call_command(
            "generate_data",
            "--enterprises",
            str(args.enterprises),
            "--people",
            "20000",
            "--quiet",
            stdout=io.StringIO(),
        )
        copy_inspection_cases(args.inspections)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would have: statistics and a visibility map
            cursor.execute("VACUUM ANALYZE")
    print(
        f"{DisputeCase.objects.count():,} disputes, {InspectionCase.objects.count():,} inspection cases, "
        f"{Enterprise.objects.count():,} enterprises, {Person.objects.count():,} people "
        f"({time.perf_counter() - started:.0f} s, {connection.vendor})"
    )

    clients = {}
    for username in ("zj_lead", "zj_studio", "fx_admin", "pd_admin"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    centre = Organisation.objects.get(name="张江镇劳动争议调解中心")
    brigade = Organisation.objects.get(name="奉贤区劳动保障监察大队")
    pudong = User.objects.get(username="pd_admin").organisation
    scenarios = [
        ("disputes: newest first", "zj_lead", "/disputes/?sort=-received"),
        (
            "disputes: tree (centre) + status, by due",
            "zj_lead",
            f"/disputes/?org={centre.pk}&status=closed&sort=due",
        ),
        ("disputes: oldest first", "zj_lead", "/disputes/?sort=received"),
        ("disputes: mediator's queue", "zj_studio", "/disputes/queue/"),
        ("inspection: newest first", "fx_admin", "/inspection/?sort=-received"),
        ("inspection: tree (brigade), by due", "fx_admin", f"/inspection/?org={brigade.pk}&sort=due"),
        ("enterprises: tree (district), by name", "pd_admin", f"/enterprises/?org={pudong.pk}&sort=name"),
        ("people: by name", "pd_admin", "/people/?sort=name"),
    ]
    rows = []
    for name, username, url in scenarios:
        client = clients[username]
        for page in (1, 500):
            paged = f"{url}{'&' if '?' in url else '?'}page={page}"

            def get(client=client, paged=paged):
                assert client.get(paged).status_code == 200, paged

            rows.append(
                (f"{name}, p{page}", timed(get, args.repeat), timed(page_sql(client, paged), args.repeat))
            )
    print_table(
        f"lists (core.tables), {DisputeCase.objects.count():,} disputes / {InspectionCase.objects.count():,} "
        f"inspection cases, {args.repeat} requests each",
        rows,
    )


if __name__ == "__main__":
    main()
