"""Shared benchmark harness: a fresh database, timed requests through Django's full stack (middleware,
auth, scope, templates) in-process, the same main query as raw SQL for comparison, and gunicorn on loopback
serving one source tree.

Benchmarks print a table and assert nothing; tests assert behaviour.
"""

import argparse
import atexit
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def benchmark_keys(url: str, fresh: bool) -> None:
    """Production (a PostgreSQL database) starts only with its own keys, and a loaded database's personal data
    is readable only with the keys it was written with: a fresh set for a fresh database, kept beside it under
    var/bench-keys/ so that --reuse reads it again; the environment's own keys win. The servers a benchmark
    starts inherit them."""
    from renshe.core.keys import new_key_set

    kept = ROOT / "var" / "bench-keys" / f"{url.rstrip('/').rsplit('/', 1)[-1]}.json"
    if fresh or not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(new_key_set()))
        kept.chmod(0o600)
    for name, value in json.loads(kept.read_text()).items():
        os.environ.setdefault(name, value)


def fresh_database(url: str, keep: bool = False) -> None:
    """Point Django at `url`, recreating that PostgreSQL database empty (or a SQLite file) unless `keep`;
    then bring its schema up to date."""
    benchmark_keys(url, fresh=not keep)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renshe.settings")
    if keep:
        pass
    elif url.startswith("postgres"):
        recreate_database(url)
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def arguments(description: str, database: str, repeat: int, **sizes: int) -> argparse.Namespace:
    """A benchmark's command line: its sizes (`--disputes 1000000`…), --repeat, --database (default
    BENCH_DATABASE_URL, else the local PostgreSQL database named `database`) and --reuse (time an already
    loaded database); the database is made fresh (or kept) and migrated before this returns."""
    parser = argparse.ArgumentParser(description=description)
    for name, default in sizes.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--repeat", type=int, default=repeat)
    url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}")
    parser.add_argument("--database", default=url)
    parser.add_argument("--reuse", action="store_true", help="time an already loaded database")
    args = parser.parse_args()
    fresh_database(args.database, keep=args.reuse)
    return args


def load_demo_world() -> None:
    """The demo's organisations and users, with a few registry records: what the bulk loads build on."""
    from django.core.management import call_command

    call_command("load_demo", "--enterprises", "60", "--people", "10", stdout=io.StringIO())


def server_connection(url: str, database: str = "postgres"):
    """A psycopg connection (autocommit) to another database of the server `url` points at."""
    import psycopg

    base = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://")
    return psycopg.connect(f"{base}/{database}", autocommit=True)


def recreate_database(url: str) -> None:
    """Drop the PostgreSQL database `url` names, if there, and create it empty; no Django involved, so a
    benchmark can migrate it with another source tree's code."""
    name = url.rsplit("/", 1)[1]
    with server_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


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
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip("( \n").upper().startswith(("SELECT", "WITH"))
    ]

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def time_pages(clients: dict, scenarios: list[tuple[str, str, str]], repeat: int) -> list:
    """(name, page timings, raw SQL timings) for each scenario (name, username, url), for print_table."""
    rows = []
    for name, username, url in scenarios:
        client = clients[username]

        def get(client=client, url=url):
            assert client.get(url).status_code == 200, url

        rows.append((name, timed(get, repeat), timed(page_sql(client, url), repeat)))
    return rows


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


# --- gunicorn on loopback ------------------------------------------------------------------------------

# post_worker_init runs in each worker once the application is loaded: the log then says which renshe
# package that worker serves, which is how a benchmark comparing two source trees proves it compared them.
GUNICORN_CONFIG = """
def post_worker_init(worker):
    import renshe
    print("renshe imported from " + renshe.__file__, flush=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """A running gunicorn; stop() ends it and its workers (also run at exit, however the run ends)."""

    def __init__(self, process: subprocess.Popen, log_path: str, log):
        self.process, self.log_path, self._log = process, log_path, log
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the arbiter stops its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()

    def log_lines(self) -> list[str]:
        with open(self.log_path, errors="replace") as log:
            return log.read().splitlines()

    def renshe_files(self) -> set[str]:
        prefix = "renshe imported from "
        return {line.split(prefix, 1)[1] for line in self.log_lines() if prefix in line}


def start_gunicorn(
    env: dict,
    port: int,
    log_path: str,
    *,
    workers: int,
    threads: int = 1,
    tree: Path = ROOT,
    collect_static: bool = True,
    extra: tuple[str, ...] = (),
) -> Gunicorn:
    """gunicorn serving `tree`'s renshe on 127.0.0.1:`port` (PYTHONPATH=<tree>/src, --chdir <tree>) with the
    environment `env`; sync workers, or gthread ones when `threads` > 1; `extra` gunicorn options. Returns
    once it answers."""
    env = {**env, "PYTHONPATH": str(Path(tree) / "src")}
    if collect_static:
        # locust brings brotli (through geventhttpclient), which WhiteNoise would use to compress every static
        # file a second time at ten times gzip's cost; the project's own dependencies have no brotli: hide it
        collect = (
            "import sys; sys.modules['brotli'] = None; "
            "sys.argv = ['renshe', 'collectstatic', '--noinput', '-v0']; "
            "from renshe.manage_main import main; main()"
        )
        subprocess.run([sys.executable, "-c", collect], env=env, cwd=tree, check=True)
    config = Path(log_path).with_name(Path(log_path).stem + ".conf.py")
    config.write_text(GUNICORN_CONFIG)
    command = [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "renshe.wsgi", "-c", str(config)]
    command += ["--chdir", str(tree), "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    command += list(extra)
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the server's life
    server = Gunicorn(
        subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True),
        log_path,
        log,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except OSError:
            if server.process.poll() is not None:
                break
            time.sleep(0.2)
    server.stop()
    sys.exit(f"gunicorn did not answer; see {log_path}")
