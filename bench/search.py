"""Search at scale: `python bench/search.py --disputes 1000000 --inspections 100000`.

Loads the demo network, N synthetic disputes (three years at Zhangjiang's centre, its studio and its "X"
organisations, through `generate_disputes`) and M inspection cases at Fengxian's brigade (inserted in bulk
here: each against an enterprise of the register, with one worker on its ledger drawn from the disputes'
applicants) into a PostgreSQL database (BENCH_DATABASE_URL, default `search_bench`); or, with --reuse, times
a database already loaded (after migrating it). Then, for each kind of query the search box takes — a part
of a case number, the full number with 〔〕 and with ASCII brackets, a year and serial, an applicant's name,
part of an enterprise's name, a credit code, a full ID number, a phone number — it times, on 20 different
samples in turn: the whole search through the selector (core.search.search: every kind, in the user's scope),
the results page through Django's full stack (/search/?q=), and the selector's own SELECT statements replayed
as raw SQL. Target (issue 12): p95 ≤ 50 ms server-side per query kind.
"""

import io
import itertools
import random
import time
from datetime import timedelta

from harness import arguments, load_demo_world, percentile, print_table, timed

SAMPLES = 20


def load_inspections(count: int, seed: int = 1) -> None:
    """`count` inspection cases at Fengxian's brigade over three years, numbered on from the brigade's series
    (serials from 100000, clear of the demo's), each with one worker from the disputes' applicants."""
    from django.utils import timezone

    from renshe.core.models import Enterprise, Organisation, OrganisationKind, User
    from renshe.disputes.models import Applicant
    from renshe.inspection.models import InspectionCase, WageClaim

    have = InspectionCase.objects.count()
    if have >= count:
        return
    rng = random.Random(seed)
    brigade = User.objects.get(username="fx_inspector").organisation
    streets = list(
        Organisation.objects.filter(
            kind=OrganisationKind.STREET, path__startswith=brigade.parent.path
        ).values_list("pk", flat=True)
    )
    firms = list(Enterprise.objects.values_list("pk", flat=True))
    workers = list(Applicant.objects.order_by("?").values_list("person_id", flat=True)[:50_000])
    today = timezone.localdate()
    serial = itertools.count(100_000 + have)
    batch, claims = [], []
    for i in range(count - have):
        received = today - timedelta(days=rng.randrange(365 * 3))
        batch.append(
            InspectionCase(
                number=f"{brigade.case_prefix}〔{received.year}〕{next(serial):04d}号",
                status="closed",
                origin="complaint",
                respondent_id=rng.choice(firms),
                street_id=rng.choice(streets),
                organisation=brigade,
                received_on=received,
                acceptance_due_on=received + timedelta(days=5),
                closed_on=received + timedelta(days=40),
                worker_count=1,
                summary="公司拖欠工资。",
            )
        )
        if len(batch) == 5000 or i == count - have - 1:
            made = InspectionCase.objects.bulk_create(batch)
            claims = [WageClaim(case=case, worker_id=rng.choice(workers)) for case in made]
            WageClaim.objects.bulk_create(claims)
            batch = []


def main() -> None:
    args = arguments(__doc__, "search_bench", repeat=40, disputes=1_000_000, inspections=100_000)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from renshe.core import search
    from renshe.core.models import User
    from renshe.disputes.models import DisputeCase
    from renshe.inspection.models import InspectionCase

    started = time.perf_counter()
    if not args.reuse:
        load_demo_world()
        generate = ["--count", str(args.disputes), "--years", "3", "--centre", "张江镇劳动争议调解中心"]
        call_command("generate_disputes", *generate, "--seed", "1", stdout=io.StringIO())
    load_inspections(args.inspections)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    disputes, inspections = DisputeCase.objects.count(), InspectionCase.objects.count()
    print(
        f"{disputes:,} disputes, {inspections:,} inspection cases ({connection.vendor}),"
        f" ready in {time.perf_counter() - started:.0f} s"
    )

    rng = random.Random(7)
    top = DisputeCase.objects.order_by("-id").values_list("id", flat=True).first()
    picked = DisputeCase.objects.filter(pk__in=[rng.randrange(1, top) for _ in range(SAMPLES * 5)])
    cases = list(picked.select_related("respondent").prefetch_related("applicants__person")[:SAMPLES])
    top = InspectionCase.objects.order_by("-id").values_list("id", flat=True).first()
    picked = InspectionCase.objects.filter(pk__in=[rng.randrange(1, top) for _ in range(SAMPLES * 5)])
    checks = list(picked.select_related("respondent").prefetch_related("claims__worker")[:SAMPLES])

    def parts(number: str) -> tuple[str, str, str]:
        prefix, rest = number.split("〔")
        year, serial = rest.removesuffix("号").split("〕")
        return prefix, year, serial

    def person(case):
        return case.applicants.all()[0].person

    kinds = [
        ("number part (serial: 1386)", "zj_centre", [str(int(parts(c.number)[2])) for c in cases]),
        ("full number 〔〕", "zj_centre", [c.number for c in cases]),
        (
            "full number (ASCII brackets)",
            "zj_centre",
            [c.number.replace("〔", "(").replace("〕", ")") for c in cases],
        ),
        ("year and serial (2026)1386", "zj_centre", ["({1}){2}".format(*parts(c.number)) for c in cases]),
        ("applicant's name", "zj_centre", [person(c).name for c in cases]),
        ("enterprise name (part)", "zj_centre", [c.respondent.name[2:6] for c in cases]),
        ("credit code", "zj_centre", [c.respondent.credit_code for c in cases]),
        ("ID number (digest)", "zj_centre", [person(c).id_number for c in cases]),
        ("phone number (digest)", "zj_centre", [person(c).phone or "13800000000" for c in cases]),
        ("inspection number part", "fx_inspector", [str(int(parts(c.number)[2])) for c in checks]),
        ("inspection full number", "fx_inspector", [c.number for c in checks]),
        ("inspection worker's ID", "fx_inspector", [c.claims.all()[0].worker.id_number for c in checks]),
    ]

    users = {u.username: u for u in User.objects.filter(username__in={"zj_centre", "fx_inspector"})}
    clients = {}
    for username, user in users.items():
        clients[username] = Client()
        clients[username].force_login(user)

    selector_rows, page_rows, found = [], [], []
    for name, username, values in kinds:
        user, client = users[username], clients[username]
        turn = itertools.cycle(values)
        statements = []
        hits = 0
        for value in values:  # each sample's SELECTs, to replay raw
            with CaptureQueriesContext(connection) as captured:
                groups = search.search(user, search.parse(value))
            hits += sum(len(g.hits) for g in groups)
            statements.append([q["sql"] for q in captured.captured_queries])
        raw_turn = itertools.cycle(statements)

        def selector(user=user, turn=turn):
            return search.search(user, search.parse(next(turn)))

        def page(client=client, turn=turn):
            assert client.get("/search/", {"q": next(turn)}).status_code == 200

        def raw(raw_turn=raw_turn):
            with connection.cursor() as cursor:
                for sql in next(raw_turn):
                    cursor.execute(sql)
                    cursor.fetchall()

        raw_samples = timed(raw, args.repeat)
        selector_rows.append((name, timed(selector, args.repeat), raw_samples))
        page_rows.append((name, timed(page, args.repeat), raw_samples))
        found.append((name, hits / len(values)))

    title = f"{disputes:,} disputes, {inspections:,} inspection cases, {args.repeat} searches each"
    print_table(f"search through the selector (all four kinds, in scope) — {title}", selector_rows)
    print_table(f"search results page (/search/?q=, full stack) — {title}", page_rows)
    worst = max(percentile(r[1], 95) for r in page_rows)
    print(f"\nworst p95 through the page: {worst:.1f} ms (target ≤ 50 ms)")
    print("hits per search (mean): " + ", ".join(f"{n}: {h:.1f}" for n, h in found))


if __name__ == "__main__":
    main()
