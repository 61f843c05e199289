"""Labour-dispute pages at scale: `python bench/disputes.py --disputes 1000000`.

Loads the demo network and N synthetic disputes (three years at Zhangjiang's centre, its studio and its
"X" organisations, through `generate_disputes`) into a fresh PostgreSQL database (BENCH_DATABASE_URL), then
times, through the whole Django stack: the mediator's work queue, the case list filtered by organisation +
status + date range (page 1 and page 500), a case page and the statistics page — each beside the same
page's SELECT statements replayed as raw SQL. Targets (issue 3): p95 under 50 ms and within 2× raw SQL.
"""

import io
import time
from datetime import timedelta

from harness import arguments, load_demo_world, page_sql, print_table, timed


def main() -> None:
    args = arguments(__doc__, "renshe_bench", repeat=40, disputes=100_000)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from renshe.core.models import Organisation, User
    from renshe.disputes import selectors
    from renshe.disputes.models import DisputeCase

    started = time.perf_counter()
    if not args.reuse:
        load_demo_world()
        generate = [
            "--count",
            str(args.disputes),
            "--years",
            "3",
            "--centre",
            "张江镇劳动争议调解中心",
            "--seed",
            "1",
        ]
        call_command("generate_disputes", *generate, stdout=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would have: statistics and a visibility map
            cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {DisputeCase.objects.count():,} disputes in {time.perf_counter() - started:.0f} s ({connection.vendor})"
    )

    mediator = User.objects.get(username="zj_studio")
    studio = Organisation.objects.get(kind="mediation_studio")
    clients = {}
    for username in ("zj_studio", "zj_lead"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    today = timezone.localdate()
    window = f"received_from={today - timedelta(days=730)}&received_to={today}"
    filtered = f"/disputes/?organisation={studio.pk}&status=closed&{window}"
    matching = DisputeCase.objects.filter(
        organisation=studio, status="closed", received_on__gte=today - timedelta(days=730)
    ).count()
    deep = min(500, max(1, matching // 20))
    sample = DisputeCase.objects.filter(organisation=studio).order_by("-id").first()
    queue_size = selectors.mediator_queue(mediator).count()

    scenarios = [
        (f"mediator's work queue ({queue_size:,} in hand)", "zj_studio", "/disputes/queue/"),
        (f"list: organisation+status+dates, p1 ({matching:,})", "zj_lead", filtered),
        (f"list: organisation+status+dates, p{deep}", "zj_lead", f"{filtered}&page={deep}"),
        ("case page", "zj_lead", f"/disputes/{sample.pk}/"),
        ("statistics page (last 12 months)", "zj_lead", "/disputes/dashboard/"),
    ]
    rows = []
    for name, username, url in scenarios:
        client = clients[username]

        def get(client=client, url=url):
            assert client.get(url).status_code == 200, url

        rows.append((name, timed(get, args.repeat), timed(page_sql(client, url), args.repeat)))
    print_table(f"dispute pages, {DisputeCase.objects.count():,} disputes, {args.repeat} requests each", rows)


if __name__ == "__main__":
    main()
