"""Registry pages at scale: `python bench/registry.py --enterprises 1000000`.

Loads the demo network and N synthetic enterprises into a fresh database (PostgreSQL by default, at
BENCH_DATABASE_URL), then times the pages officials use all day — the enterprise list filtered by street
(page 1 and a deep page), the keyword search, an enterprise file, the workbench, the API list — through
the whole Django stack, beside the page's main query run as raw SQL.
"""

import argparse
import io
import os
import time

from harness import fresh_database, print_table, raw_sql, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/renshe_bench"),
    )
    args = parser.parse_args()

    fresh_database(args.database)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from renshe.core import selectors
    from renshe.core.models import Enterprise, Organisation, User

    started = time.perf_counter()
    call_command("load_demo", "--enterprises", "50", "--people", "20", stdout=io.StringIO())
    call_command("generate_data", "--enterprises", str(args.enterprises), "--batch", "10000", "--quiet")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would have: statistics and a visibility map
            cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {Enterprise.objects.count():,} enterprises in {time.perf_counter() - started:.0f} s ({connection.vendor})"
    )

    leader, mediator = User.objects.get(username="pt_leader"), User.objects.get(username="pt_caoyang")
    street = Organisation.objects.get(name="曹杨新村街道")
    per_street = Enterprise.objects.filter(street=street).count()
    deep_page = max(1, min(500, per_street // 20))
    clients = {}
    for user in (leader, mediator):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    sample = Enterprise.objects.filter(street=street).order_by("id")[per_street // 2]
    leader_list = selectors.enterprises_for(leader)
    street_list = selectors.enterprises_for(leader, selectors.EnterpriseFilter(street=street.pk))
    keyword = selectors.enterprises_for(leader, selectors.EnterpriseFilter(q=sample.name))

    def page(username, url):
        def get():
            response = clients[username].get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    rows = [
        (
            "enterprise list, whole district, page 1",
            timed(page("pt_leader", "/enterprises/"), args.repeat),
            timed(raw_sql(leader_list, 20), args.repeat),
        ),
        (
            f"list filtered by street, page 1 ({per_street:,} rows)",
            timed(page("pt_leader", f"/enterprises/?street={street.pk}"), args.repeat),
            timed(raw_sql(street_list, 20), args.repeat),
        ),
        (
            f"list filtered by street, page {deep_page}",
            timed(page("pt_leader", f"/enterprises/?street={street.pk}&page={deep_page}"), args.repeat),
            timed(raw_sql(street_list, 20, (deep_page - 1) * 20), args.repeat),
        ),
        (
            "street mediator's own list, page 1",
            timed(page("pt_caoyang", "/enterprises/"), args.repeat),
            timed(raw_sql(selectors.enterprises_for(mediator), 20), args.repeat),
        ),
        (
            "search by exact name",
            timed(page("pt_leader", f"/enterprises/?q={sample.name}"), args.repeat),
            timed(raw_sql(keyword, 20), args.repeat),
        ),
        (
            "enterprise file (一企一档)",
            timed(page("pt_caoyang", f"/enterprises/{sample.pk}/"), args.repeat),
            timed(raw_sql(Enterprise.objects.filter(pk=sample.pk)), args.repeat),
        ),
        ("workbench (我的待办)", timed(page("pt_caoyang", "/"), args.repeat), None),
        (
            "API list filtered by street",
            timed(page("pt_leader", f"/api/v1/enterprises?street={street.pk}"), args.repeat),
            timed(raw_sql(street_list, 20), args.repeat),
        ),
    ]
    print_table(
        f"registry pages, {Enterprise.objects.count():,} enterprises, {args.repeat} requests each", rows
    )


if __name__ == "__main__":
    main()
