"""Load: officials and portal users together against gunicorn + PostgreSQL: `python bench/load.py`.

Needs the `bench` extra (`pip install -e ".[test,bench]"`, which brings locust). Loads the demo (load_demo,
plus N synthetic disputes at Zhangjiang through generate_disputes) into a fresh PostgreSQL database
(BENCH_DATABASE_URL), starts gunicorn on loopback (sync workers, DEBUG off, static files by WhiteNoise) and runs
locust headless in this process, stepping the number of simulated users up (10, 20, 40, 80, 160 by default) and
measuring each step for a fixed time (20 s) once its new users have settled in (5 s: their logins and first
visits); the whole run, loading included, stays within --budget seconds (180). The mix:

* officials (weight 3, 0.5–2 s between clicks) log in through the login form (CSRF token and all), fetch the
  page's stylesheets and scripts once, and browse as their role does: dispute mediators and the centre's lead
  the workbench, their queue, the case list (plain and filtered), case pages reached from it and (the lead)
  the statistics page; inspectors the workbench, their queue, the inspection list, case pages and the
  inspection dashboard; the bureau leader both lists, case pages and both dashboards;
* API clients (weight 1) read the workbench, a list and its cases with a bearer token (ApiToken.issue);
* portal users (weight 4, 1–3 s between clicks), without an account, read the portal home, open the
  application form and the tracking form, and now and then try a case number with a wrong query code. The
  portal allows TRACK_LIMIT tracking attempts per address per hour, so each portal user connects from a
  loopback address of its own (127.x.y.z, random per run) and stays under that budget.

Per step it prints users, requests/s (2xx/3xx answers), p50 and p95 of those, 429s (counted apart) and the
error rate: any other answer, a redirect to the login page, or a failed connection (the mix expects no 4xx).
Then it names the knee: the last step before throughput stops rising (less than 10 % more at the next step)
or p95 more than doubles, with a table by page at that step. Errors are listed by kind with the tail of
gunicorn's log. gunicorn is stopped on exit, however the run ends. A benchmark: it prints, asserts nothing.
"""

import argparse
import atexit
import contextlib
import io
import itertools
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field

import gevent
import locust  # patches the standard library for gevent: import before anything opens a socket
from harness import Gunicorn, free_port, fresh_database, percentile
from harness import start_gunicorn as harness_gunicorn
from locust import HttpUser, between, task
from locust.env import Environment
from urllib3 import PoolManager

# --- who does what -------------------------------------------------------------------------------------

DEMO_PASSWORD = "renshe-demo-2026"  # renshe.core.demo.DEMO_PASSWORD; read from there once Django is set up
CASE_LINK = {
    "disputes": re.compile(r'href="/disputes/(\d+)/"'),
    "inspection": re.compile(r'href="/inspection/(\d+)/"'),
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def fetch_assets(client, html: str) -> None:
    """A first visit: the browser fetches the page's stylesheets and scripts once, then keeps them."""
    for url in dict.fromkeys(ASSET.findall(html)):
        client.get(url, name="static file (first visit)")


# (role, username) in the order users are spawned: every role present from the first few officials on
ACCOUNTS = [
    ("lead", "zj_lead"),
    ("mediator", "zj_studio"),
    ("inspector", "fx_inspector"),
    ("mediator", "zj_centre"),
    ("leader", "pt_leader"),
    ("mediator", "fx_mediator"),
    ("inspector", "fx_inspector2"),
    ("mediator", "zj_village"),
    ("mediator", "pt_caoyang"),
]


@dataclass
class Step:
    users: int
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)
    throttled: int = 0
    errors: Counter = field(default_factory=Counter)
    by_name: dict[str, list[float]] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return len(self.times) + self.throttled + sum(self.errors.values())

    @property
    def rps(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0

    @property
    def error_rate(self) -> float:
        return sum(self.errors.values()) / self.requests if self.requests else 0.0


class Recorder:
    """Collects every request of the current step; nothing outside a step's window counts."""

    def __init__(self):
        self.step: Step | None = None

    def on_request(self, request_type, name, response_time, response, exception, **_kw):
        step = self.step
        if step is None:
            return
        status = getattr(response, "status_code", 0) or 0
        if status == 429:
            step.throttled += 1
        elif exception is not None or status == 0 or status >= 400:
            reason = str(exception).splitlines()[0][:80] if exception else ""
            step.errors[f"{request_type} {name} → {status or 'no response'} {reason}".strip()] += 1
        else:
            step.times.append(response_time)
            step.by_name.setdefault(name, []).append(response_time)


class Official(HttpUser):
    """A logged-in official in the browser: logs in through the form, then browses as the role does."""

    weight = 3
    wait_time = between(0.5, 2.0)
    accounts = itertools.cycle(ACCOUNTS)

    def on_start(self):
        self.role, self.username = next(Official.accounts)
        self.cases: dict[str, list[int]] = {"disputes": [], "inspection": []}
        page = self.client.get("/login/", name="GET /login/")
        token = TOKEN.search(page.text)
        with self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "next": "/",
            },
            allow_redirects=False,
            name="POST /login/",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/login/" in response.headers.get("Location", ""):
                response.failure(f"login refused for {self.username}")
        fetch_assets(self.client, self.client.get("/", name="/ (workbench)").text)

    def page(self, url: str, name: str, module: str = ""):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                response.failure("redirected to " + response.headers.get("Location", "?"))
            elif response.status_code == 200 and module:
                found = [int(pk) for pk in CASE_LINK[module].findall(response.text)]
                if found:
                    self.cases[module] = found

    def case(self, module: str):
        if not self.cases[module]:
            self.page(f"/{module}/", f"/{module}/ (list)", module)
        if self.cases[module]:
            self.page(f"/{module}/{random.choice(self.cases[module])}/", f"/{module}/<pk>/ (case page)")

    @task(3)
    def workbench(self):
        self.page("/", "/ (workbench)")

    @task(3)
    def queue(self):
        module = "inspection" if self.role == "inspector" else "disputes"
        if self.role != "leader":
            self.page(f"/{module}/queue/", f"/{module}/queue/", module)

    @task(3)
    def case_list(self):
        for module in ("disputes", "inspection"):
            if (module == "inspection") == (self.role == "inspector") or self.role == "leader":
                self.page(f"/{module}/", f"/{module}/ (list)", module)

    @task(1)
    def filtered_list(self):
        if self.role in ("lead", "mediator", "leader"):
            self.page("/disputes/?status=closed&page=2", "/disputes/?status=closed&page=2", "disputes")

    @task(6)
    def case_page(self):
        if self.role == "leader":
            self.case(random.choice(["disputes", "inspection"]))
        else:
            self.case("inspection" if self.role == "inspector" else "disputes")

    @task(1)
    def statistics(self):
        if self.role in ("lead", "leader"):
            self.page("/disputes/dashboard/", "/disputes/dashboard/ (statistics)")
        if self.role in ("inspector", "leader"):
            self.page("/inspection/dashboard/", "/inspection/dashboard/")


class ApiClient(HttpUser):
    """Another system reading through the API with a bearer token."""

    weight = 1
    wait_time = between(0.5, 2.0)
    tokens: itertools.cycle  # of (module, key), set once tokens are issued

    def on_start(self):
        self.module, key = next(ApiClient.tokens)
        self.client.headers["Authorization"] = f"Bearer {key}"
        self.ids: list[int] = []

    @task(1)
    def workbench(self):
        self.client.get("/api/v1/workbench", name="API /workbench")

    @task(2)
    def case_list(self):
        response = self.client.get(f"/api/v1/{self.module}", name=f"API /{self.module}")
        if response.status_code == 200:
            body = response.json()
            rows = body["items"] if isinstance(body, dict) else body  # paginated: {"items": […], "count": n}
            self.ids = [row["id"] for row in rows] or self.ids

    @task(4)
    def case(self):
        if self.ids:
            self.client.get(
                f"/api/v1/{self.module}/{random.choice(self.ids)}", name=f"API /{self.module}/<pk>"
            )
        else:
            self.case_list()


class PortalUser(HttpUser):
    """A worker on the public portal, from an address of its own."""

    weight = 4
    wait_time = between(1.0, 3.0)
    track_budget = 20  # renshe.portal.views.TRACK_LIMIT; read from there once Django is set up
    addresses: itertools.cycle

    def __init__(self, *args, **kwargs):
        self.address = next(PortalUser.addresses)
        self.pool_manager = PoolManager(source_address=(self.address, 0))
        super().__init__(*args, **kwargs)
        self.tracked = 0

    def on_start(self):
        fetch_assets(self.client, self.client.get("/portal/", name="portal home").text)

    @task(4)
    def home(self):
        self.client.get("/portal/", name="portal home")

    @task(2)
    def apply_form(self):
        self.client.get("/portal/apply/", name="portal apply (form)")

    @task(2)
    def track(self):
        form = self.client.get("/portal/track/", name="portal track (form)")
        token = TOKEN.search(form.text)
        # a robot could try codes forever; a worker mistypes a few times: stay within the address's budget
        if token and self.tracked < self.track_budget - 2:
            self.tracked += 1
            self.client.post(
                "/portal/track/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "number": f"张江调〔2026〕{random.randint(1, 9999):04d}号",
                    "code": f"{random.randint(0, 999999):06d}",
                },
                name="portal track (wrong code)",
            )


# --- the run -------------------------------------------------------------------------------------------


def prepare(args) -> None:
    """Fresh database, demo data, tokens for the API clients."""
    started = time.perf_counter()
    fresh_database(args.database, keep=args.reuse)
    from django.core.management import call_command
    from django.db import connection

    from renshe.core import demo
    from renshe.core.models import ApiToken, User
    from renshe.disputes.models import DisputeCase
    from renshe.inspection.models import InspectionCase
    from renshe.portal import views as portal

    global DEMO_PASSWORD
    DEMO_PASSWORD = demo.DEMO_PASSWORD
    PortalUser.track_budget = portal.TRACK_LIMIT
    if not args.reuse:
        call_command("load_demo", stdout=io.StringIO())
        if args.disputes:
            generate = ["--count", str(args.disputes), "--years", "3", "--centre", "张江镇劳动争议调解中心"]
            with contextlib.redirect_stderr(io.StringIO()):  # its progress bar
                call_command("generate_disputes", *generate, "--seed", "1", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    tokens = []
    for username, module in (
        ("zj_lead", "disputes"),
        ("zj_centre", "disputes"),
        ("fx_inspector", "inspection"),
    ):
        _token, key = ApiToken.issue(User.objects.get(username=username), "load benchmark")
        tokens.append((module, key))
    ApiClient.tokens = itertools.cycle(tokens)
    print(
        f"database: {DisputeCase.objects.count():,} disputes, {InspectionCase.objects.count():,} inspection "
        f"cases, {User.objects.count()} users ({time.perf_counter() - started:.0f} s)"
    )
    connection.close()


def start_gunicorn(args, var_dir: str, port: int) -> Gunicorn:
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "RENSHE_DATA_KEY": settings.RENSHE_DATA_KEY,  # the key the data was loaded under
        "RENSHE_TIMELINE_KEY": settings.RENSHE_TIMELINE_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "RENSHE_VAR_DIR": var_dir,
    }
    env.pop("REDIS_URL", None)
    if args.redis:
        env["REDIS_URL"] = args.redis  # the production cache: sessions and the portal's budget in Redis
    return harness_gunicorn(env, port, os.path.join(var_dir, "gunicorn.log"), workers=args.workers)


def run_steps(args, host: str) -> list[Step]:
    recorder = Recorder()
    base = f"127.{random.randint(1, 254)}.{random.randint(0, 255)}"
    PortalUser.addresses = itertools.cycle(f"{base}.{n}" for n in range(1, 255))
    env = Environment(user_classes=[Official, ApiClient, PortalUser], host=host)
    env.events.request.add_listener(recorder.on_request)
    runner = env.create_local_runner()
    steps = []
    deadline = args.started + args.budget
    try:
        for users in args.steps:
            if time.monotonic() + args.settle + args.step_seconds + 5 > deadline:
                print(f"(time budget of {args.budget:.0f} s reached: steps from {users} users on skipped)")
                break
            runner.start(users, spawn_rate=50)
            while runner.user_count < users:
                gevent.sleep(0.05)
            gevent.sleep(args.settle)  # the new users' logins and first visits, before the window opens
            step = Step(users)
            recorder.step = step
            started = time.monotonic()
            gevent.sleep(args.step_seconds)
            step.seconds = time.monotonic() - started
            recorder.step = None
            steps.append(step)
            print_row(step)
    finally:
        runner.quit()
    return steps


def print_row(step: Step) -> None:
    p50 = percentile(step.times, 50) if step.times else 0.0
    p95 = percentile(step.times, 95) if step.times else 0.0
    print(
        f"{step.users:>6} {step.requests:>9} {step.rps:>9.1f} {p50:>8.0f} {p95:>8.0f} {step.throttled:>6} {step.error_rate:>8.2%}",
        flush=True,
    )


def knee(steps: list[Step]) -> tuple[Step | None, str]:
    for before, after in itertools.pairwise(steps):
        p95_before, p95_after = percentile(before.times, 95), percentile(after.times, 95)
        if after.rps < before.rps * 1.10:
            return (
                before,
                f"throughput rose {after.rps / before.rps - 1:+.0%} from {before.users} to {after.users} users",
            )
        if p95_after > 2 * p95_before:
            return before, f"p95 went from {p95_before:.0f} to {p95_after:.0f} ms at {after.users} users"
    return None, ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/renshe_load"),
    )
    parser.add_argument("--disputes", type=int, default=20_000, help="synthetic disputes on top of the demo")
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database (after migrating it)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (sync)")
    parser.add_argument(
        "--steps", type=lambda s: [int(n) for n in s.split(",")], default=[10, 20, 40, 80, 160]
    )
    parser.add_argument("--step-seconds", type=float, default=20, help="measured time per step")
    parser.add_argument("--settle", type=float, default=5, help="seconds after spawning before measuring")
    parser.add_argument(
        "--budget", type=float, default=180, help="seconds for the whole run, loading included"
    )
    parser.add_argument(
        "--redis", default="", help="REDIS_URL for gunicorn (cache sessions); none by default"
    )
    args = parser.parse_args()
    args.started = time.monotonic()

    own_var = not os.environ.get("RENSHE_VAR_DIR")
    var_dir = os.environ.get("RENSHE_VAR_DIR") or tempfile.mkdtemp(prefix="renshe-load-")
    os.environ["RENSHE_VAR_DIR"] = var_dir
    if own_var:
        atexit.register(shutil.rmtree, var_dir, True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the atexit clean-up on kill too

    prepare(args)
    port, booting = free_port(), time.monotonic()
    start_gunicorn(args, var_dir, port)
    print(
        f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port} (up in {time.monotonic() - booting:.0f} s), "
        "DEBUG off, "
        f"{'Redis' if args.redis else 'database'} sessions; locust {locust.__version__}; "
        f"{os.cpu_count()} CPUs shared by server, database and load generator"
    )
    print(
        f"\n{args.step_seconds:.0f} s measured per step, {args.settle:.0f} s after the step's users are spawned; "
        "latencies in ms over 2xx/3xx answers"
    )
    print(f"{'users':>6} {'requests':>9} {'req/s':>9} {'p50':>8} {'p95':>8} {'429':>6} {'errors':>8}")
    print("-" * 60)
    load_before = os.getloadavg()[0]
    own_cpu, started = time.process_time(), time.monotonic()
    steps = run_steps(args, f"http://127.0.0.1:{port}")
    generator = (time.process_time() - own_cpu) / max(time.monotonic() - started, 1e-9)
    print(
        f"(the load generator used {generator:.0%} of a CPU; load average {load_before:.1f} before the steps, "
        f"{os.getloadavg()[0]:.1f} after)"
    )

    at, why = knee(steps)
    if at:
        print(
            f"\nknee at {at.users} users: {at.rps:.1f} req/s, p95 {percentile(at.times, 95):.0f} ms ({why})"
        )
    elif steps:
        last = steps[-1]
        print(
            f"\nno knee within the steps: throughput still rising at {last.users} users "
            f"({last.rps:.1f} req/s, p95 {percentile(last.times, 95):.0f} ms)"
        )
    shown = steps[steps.index(at) : steps.index(at) + 2] if at else steps[-1:]
    if shown:
        print(f"\nby page (ms), at {' and '.join(str(s.users) for s in shown)} users:")
        print(f"  {'page':<40}" + "".join(f" {'n':>6} {'p50':>6} {'p95':>6}" for _s in shown))
        names = sorted(shown[0].by_name, key=lambda n: -percentile(shown[0].by_name[n], 95))
        for name in names + sorted(set().union(*(s.by_name for s in shown)) - set(names)):
            cells = ""
            for s in shown:
                times = s.by_name.get(name, [0.0])
                cells += f" {len(s.by_name.get(name, [])):>6} {percentile(times, 50):>6.0f} {percentile(times, 95):>6.0f}"
            print(f"  {name:<40}{cells}")
    errors = sum((s.errors for s in steps), Counter())
    total = sum(s.requests for s in steps)
    print(f"errors: {sum(errors.values())} of {total:,} requests; 429: {sum(s.throttled for s in steps)}")
    for what, count in errors.most_common(10):
        print(f"  {count:>6}  {what}")
    if errors:
        with open(os.path.join(var_dir, "gunicorn.log")) as log:
            tail = log.read().splitlines()[-30:]
        print("gunicorn log, last lines:\n  " + "\n  ".join(tail))


if __name__ == "__main__":
    main()
