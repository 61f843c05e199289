"""Shared benchmark harness: a fresh database, timed requests through Django's full stack (middleware,
auth, scope, templates) in-process, and the same main query as raw SQL for comparison.

Benchmarks print a table and assert nothing; tests assert behaviour.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def fresh_database(url: str, keep: bool = False) -> None:
    """Point Django at `url`, recreating that PostgreSQL database empty (or a SQLite file) unless `keep`;
    then bring its schema up to date."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renshe.settings")
    if keep:
        pass
    elif url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(
            base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def raw_sql(queryset, limit: int | None = None, offset: int = 0) -> Callable[[], object]:
    """The queryset's own SQL, run through a bare cursor: what the database alone costs."""
    from django.db import connection

    qs = queryset[offset : offset + limit] if limit else queryset
    sql, params = qs.query.sql_with_params()

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def page_sql(client, url: str) -> Callable[[], object]:
    """Every statement the page runs (session, user, counts, rows…), captured once and replayed through a
    bare cursor: the database's share of the page, to set beside the page's own time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    statements = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def print_table(title: str, rows: list[tuple[str, list[float], list[float] | None]]) -> None:
    print(f"\n{title}")
    print(f"{'scenario':<46} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'raw p95':>8} {'ratio p95':>9}")
    print("-" * 92)
    for name, page, raw in rows:
        p50, p95 = percentile(page, 50), percentile(page, 95)
        if raw:
            r50, r95 = percentile(raw, 50), percentile(raw, 95)
            print(f"{name:<46} {p50:>8.1f} {p95:>8.1f} {r50:>8.1f} {r95:>8.1f} {p95 / max(r95, 0.01):>8.1f}x")
        else:
            print(f"{name:<46} {p50:>8.1f} {p95:>8.1f} {'':>8} {'':>8} {'':>9}")
    print(
        f"(median p50 of {len(rows)} scenarios: {statistics.median(percentile(r[1], 50) for r in rows):.1f} ms)"
    )
