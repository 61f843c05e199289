"""Every back-office list at scale (issue 12, point 5): `python bench/lists.py --disputes 1000000`.

Loads the demo network, N synthetic disputes (`generate_disputes`, three years at Zhangjiang's centre and
its network) and M inspection cases at Fengxian's brigade (generated in SQL, below; the enterprise
register grown by `generate_data`) into a fresh PostgreSQL database (BENCH_DATABASE_URL, default
`tables_bench`), then times through the whole Django stack each list as core.tables draws it — sorted,
filtered and narrowed by the organisation tree — on page 1 and page 500, beside the same page's SELECT
statements replayed raw in the same run. Targets (issue 12): p95 ≤ 50 ms on page 1, ≤ 80 ms on page 500,
≤ 2× the page's own SQL. `--reuse` times an already loaded database again.
"""

import io
import time

from harness import arguments, load_demo_world, page_sql, print_table, timed


def generate_inspection_cases(count: int) -> None:
    """`count` inspection cases at Fengxian's brigade in SQL, over three years, against the enterprises of
    Fengxian's streets, in every state: there is no generator command for them yet, and the demo at this
    register size adds none. An employer has one open case at the brigade (inspection_one_open_case_per_employer):
    its first case may be in any state, every later one is finished."""
    from django.db import connection

    from renshe.core.models import Organisation

    brigade = Organisation.objects.get(name="奉贤区劳动保障监察大队")
    district = brigade.parent
    statuses = "ARRAY['received','accepted','investigating','ordered','decided','closed','closed','closed','revoked']"
    finished = "ARRAY['closed','closed','revoked']"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH e AS (
                SELECT row_number() OVER (ORDER BY en.id) AS rn, en.id, en.street_id
                FROM core_enterprise en JOIN core_organisation s ON s.id = en.street_id
                WHERE s.path LIKE %s
            ), n AS (SELECT count(*) AS n FROM e),
            g AS (
                SELECT g, CURRENT_DATE - (g %% 1095) AS day,
                    CASE WHEN g <= (SELECT n FROM n) THEN ({statuses})[1 + g %% 9] ELSE ({finished})[1 + g %% 3] END
                    AS status
                FROM generate_series(1, %s) AS g
            )
            INSERT INTO inspection_inspectioncase (
                number, status, origin, respondent_id, street_id, organisation_id, received_on,
                acceptance_due_on, filed_on, investigation_due_on, extended, extension_reason, group_case,
                worker_count, summary, result, refusal_reason, closed_on, owed_total, paid_total,
                advanced_total, repaid_total, created_at, updated_at, version)
            SELECT '奉人社监〔' || extract(year FROM g.day) || '〕B' || lpad(g.g::text, 7, '0') || '号', g.status,
                'complaint', e.id, e.street_id, %s, g.day, g.day + 5,
                CASE WHEN g.status = 'received' THEN NULL ELSE g.day + 3 END,
                CASE WHEN g.status = 'received' THEN NULL ELSE g.day + 63 END,
                false, '', g.g %% 20 = 0, 1 + g.g %% 7, '拖欠工资', '', '',
                CASE WHEN g.status = 'closed' THEN g.day + 40 END,
                (g.g %% 50000) + 1000, 0, 0, 0, now(), now(), 1
            FROM g, n, e WHERE e.rn = 1 + g.g %% n.n
            """,  # noqa: S608 - no user input
            [district.path + "%", count, brigade.pk],
        )


def main() -> None:
    args = arguments(
        __doc__, "tables_bench", repeat=30, disputes=100_000, inspections=100_000, enterprises=100_000
    )
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from renshe.core.models import Enterprise, Organisation, Person, User
    from renshe.disputes.models import DisputeCase
    from renshe.inspection.models import InspectionCase

    started = time.perf_counter()
    if not args.reuse:
        load_demo_world()
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
    if not InspectionCase.objects.exists():
        generate_inspection_cases(args.inspections)
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
