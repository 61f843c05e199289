"""Write throughput, before and after a change, in one run: `python bench/writes.py --before REF [--after X]`.

Issue 10: registrations per second with 1, 4, 16 and 64 concurrent writers against gunicorn + PostgreSQL.
Each side is a source tree: a git ref is checked out into a temporary detached worktree (removed at exit), a
path is used as it is (the default after is this working tree). Both use this interpreter's environment;
each side's gunicorn and management commands run with PYTHONPATH=<tree>/src and --chdir <tree>, and the
table's header names the renshe package each side's gunicorn workers imported.

Per side, in turn: a fresh PostgreSQL database (the server BENCH_DATABASE_URL points at, database
renshe_writes_<side>), migrated and loaded with that side's code (a small demo world: load_demo with 60
enterprises, which leaves the dispute register empty), plus mediation centres under further streets up to
--centres, each with a mediator (the demo has two centres, and a centre's case numbers and monthly figures
are rows every registration at that centre updates: with all writers at two centres those rows, not the
timeline, would be what is measured); an API token per centre's mediator; then gunicorn on loopback (gthread,
--workers × --threads, enough for 64 writers to be at the database at once; DEBUG off).

Per writer count, N client threads register for --seconds (after a short warm-up that is not counted), each
at its own centre (writer i at centre i mod --centres), in a mix:

* counter registrations over the API (POST /api/v1/disputes with the centre's mediator's bearer token);
* public portal applications (GET the form once for its CSRF token, POST it, read the case number off the
  receipt page). The portal accepts APPLY_LIMIT applications per address per hour, so each portal session
  connects from a loopback address of its own (127.x.y.z) and moves to the next before reaching the limit;

with returning applicants (a person the writer registered before, or one of the demo's) and new ones, and
new employers (named by credit code and street: a provisional enterprise and its event) beside registered
ones. Counted: registrations (201, or the portal's redirect to its receipt) per second, p50/p95 of their
latency (the POST), other answers by kind (409, 429, 500, 503, a portal form refused…), deadlocks (PostgreSQL's
own count for the database, pg_stat_database.deadlocks, and any answer that mentions one) and lost events:
after the side's last step every registered case must exist with its dispute.applied event. Then the side's
`manage.py verify_timeline`.

One table, then the ratio after/before per writer count. A benchmark: it prints, asserts nothing; it talks
only to 127.0.0.1 and stops gunicorn and removes the worktrees on exit, however the run ends.
"""

import argparse
import atexit
import base64
import http.client
import importlib.util
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    ROOT,
    Gunicorn,
    free_port,
    percentile,
    recreate_database,
    server_connection,
    start_gunicorn,
)


def _synthetic():
    """renshe.core.synthetic (valid ID numbers and credit codes), loaded from this tree's file alone: the
    renshe package's __init__ would bring up Celery and Django in this process, which serves neither side."""
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "src/renshe/core/synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _synthetic()

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
FACTS = "公司拖欠2026年工资两个月，多次催讨未果，请求调解。"
CLAIMS = ["unpaid_wages", "overtime", "economic_compensation"]  # dictionary claim_type codes
RECEIPT_NUMBER = re.compile(r'data-testid="case-number">([^<]+)<')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WARM_UP = 2.0  # seconds of writing before each step's window opens: connections, caches

# Run in each side's tree through `manage.py shell -c`: the world the writers need, as one line of JSON.
WORLD = """
import json, os
from django.db import transaction
import renshe
from renshe.core import services
from renshe.core.models import ApiToken, Enterprise, Organisation, OrganisationKind, Person, User
from renshe.core.roles import Role
from renshe.portal import views as portal

wanted = int(os.environ["BENCH_CENTRES"])
mediators = [User.objects.get(username=u) for u in ("zj_centre", "fx_mediator")]
used = {m.organisation.parent_id for m in mediators}
streets = Organisation.objects.filter(kind=OrganisationKind.STREET).exclude(pk__in=used).order_by("path")
for n, street in enumerate(streets[: max(0, wanted - len(mediators))], start=1):
    with transaction.atomic():
        centre = services.create_organisation(
            name=street.name + "劳动争议调解中心", kind=OrganisationKind.MEDIATION_CENTRE, parent=street,
            case_prefix=f"{street.name[:3]}{n}调",
        )
    mediators.append(User.objects.create_user(
        f"bench_mediator{n}", password=None, full_name=f"调解员{n}", organisation=centre, role=Role.MEDIATOR
    ))
centres = [
    {"centre": m.organisation_id, "street": m.organisation.parent_id,
     "token": ApiToken.issue(m, "write benchmark")[1]}
    for m in mediators
]
print(json.dumps({
    "renshe": renshe.__file__,
    "centres": centres,
    "enterprises": [[e.pk, e.credit_code, e.name] for e in Enterprise.objects.order_by("pk")[:60]],
    "people": [[p.id_number, p.name] for p in Person.objects.order_by("pk")[:40]],
    "apply_limit": portal.APPLY_LIMIT,
}))
"""

# Run in each side's tree after its last step: which registered cases, and which of their dispute.applied
# events, the database does not hold.
LOST = """
import json, os
from django.contrib.contenttypes.models import ContentType
from renshe.core.models import Event
from renshe.disputes.models import DisputeCase

numbers = json.load(open(os.environ["BENCH_NUMBERS"]))
cases = dict(DisputeCase.objects.filter(number__in=numbers).values_list("number", "pk"))
with_event = set(
    Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(DisputeCase),
        subject_id__in=[str(pk) for pk in cases.values()],
        verb="dispute.applied",
    ).values_list("subject_id", flat=True)
)
print(json.dumps({
    "cases": len(cases),
    "lost": [n for n in numbers if n not in cases or str(cases[n]) not in with_event],
}))
"""


# --- the two sides -------------------------------------------------------------------------------------


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@dataclass
class Side:
    name: str  # before, after
    tree: Path
    label: str
    database: str
    var_dir: str
    env: dict = field(default_factory=dict)
    world: dict = field(default_factory=dict)
    server: Gunicorn | None = None
    served: set[str] = field(default_factory=set)
    steps: list = field(default_factory=list)
    verify: str = ""
    deadlocks: int = 0  # PostgreSQL's count over the whole side, read once its connections are closed
    log_notes: str = ""

    def manage(self, *args: str, extra_env: dict | None = None, timeout: float = 300) -> str:
        """A management command with this side's code; its stdout. A failure ends the run with its output."""
        done = subprocess.run(
            [sys.executable, str(self.tree / "manage.py"), *args],
            cwd=self.tree,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            sys.exit(f"{self.name}: manage.py {args[0]} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def verify_timeline(self) -> str:
        """`manage.py verify_timeline`'s last line: what it found, broken or not."""
        done = subprocess.run(
            [sys.executable, str(self.tree / "manage.py"), "verify_timeline"],
            cwd=self.tree,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        last = (done.stdout + done.stderr).strip().splitlines()
        return (last[-1] if last else f"exit {done.returncode}").removeprefix("CommandError: ")


def source_tree(spec: str, name: str) -> tuple[Path, str]:
    """A path as it is, or a git ref checked out into a temporary worktree removed at exit."""
    if Path(spec).is_dir():
        tree = Path(spec).resolve()
        dirty = (
            " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no", cwd=tree) else ""
        )
        return tree, f"{spec} ({tree}, at {git('rev-parse', '--short', 'HEAD', cwd=tree)}{dirty})"
    commit = git("rev-parse", "--verify", f"{spec}^{{commit}}")
    tree = Path(tempfile.mkdtemp(prefix=f"renshe-writes-{name}-"))
    git("worktree", "add", "--detach", str(tree), commit)
    atexit.register(lambda: subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT))
    vendor = ROOT / "src/renshe/static/vendor"  # not in git (npm-built); the pages link to it
    if vendor.is_dir() and not (tree / "src/renshe/static/vendor").exists():
        shutil.copytree(vendor, tree / "src/renshe/static/vendor")
    return tree, f"{spec} (commit {commit[:9]}, checked out in {tree})"


def two_sides(args, bench: str) -> tuple[list[Side], str]:
    """The sides `args.before` and `args.after` name, each with a var dir removed at exit and its database
    `args.database`_<side>; and one data key for every process of both (renshe.core.protection.new_key):
    what load_demo encrypts, gunicorn must read."""
    sides = []
    for name, spec in (("before", args.before), ("after", args.after)):
        tree, label = source_tree(spec, name)
        var_dir = tempfile.mkdtemp(prefix=f"renshe-{bench}-{name}-var-")
        atexit.register(shutil.rmtree, var_dir, True)
        sides.append(Side(name, tree, label, f"{args.database}_{name}", var_dir))
    return sides, base64.urlsafe_b64encode(os.urandom(32)).decode()


def prepare(side: Side, args, data_key: str) -> None:
    """Fresh database, migrated and loaded with the side's code; the writers' world; gunicorn."""
    started = time.monotonic()
    side.env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        },
        "PYTHONPATH": str(side.tree / "src"),
        "DATABASE_URL": side.database,
        "DEBUG": "0",
        "SECRET_KEY": "write-benchmark-only",
        "RENSHE_DATA_KEY": data_key,
        "RENSHE_TIMELINE_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "RENSHE_VAR_DIR": side.var_dir,
    }
    recreate_database(side.database)
    side.manage("migrate", "--verbosity", "0")
    side.manage("load_demo", "--enterprises", "60", "--people", "40")
    world = side.manage("shell", "-c", WORLD, extra_env={"BENCH_CENTRES": str(args.centres)})
    side.world = json.loads(world.strip().splitlines()[-1])
    with server_connection(side.database, side.database.rsplit("/", 1)[1]) as conn:
        conn.execute("VACUUM ANALYZE")
    port = free_port()
    side.server = start_gunicorn(
        side.env,
        port,
        os.path.join(side.var_dir, "gunicorn.log"),
        workers=args.workers,
        threads=args.threads,
        tree=side.tree,
        collect_static=False,  # WhiteNoise's compressed storage needs no manifest; the writers fetch no assets
        # a writer's API and portal connections each wait while it uses the other: keep them both open
        extra=("--keep-alive", "60"),
    )
    side.world["port"] = port
    print(
        f"{side.name}: {side.label}\n"
        f"  migrate + load_demo + {len(side.world['centres'])} centres with their mediators' tokens, gunicorn "
        f"on 127.0.0.1:{port}: {time.monotonic() - started:.0f} s; management commands import "
        f"{side.world['renshe']}",
        flush=True,
    )


# --- the writers ---------------------------------------------------------------------------------------


@dataclass
class Step:
    writers: int
    seconds: float = 0.0
    times: list[float] = field(default_factory=list)  # ms, registrations within the window
    kinds: Counter = field(default_factory=Counter)  # registrations within the window, by kind
    errors: Counter = field(default_factory=Counter)  # within the window
    mentions: int = 0  # answers (any time) that mention a deadlock
    samples: dict[str, str] = field(default_factory=dict)  # an error kind's first answer, shortened
    deadlocks: int = 0  # PostgreSQL's count during the step
    waiting: float = 0.0  # backends of the side's database waiting for a lock, on average over the window
    active: float = 0.0  # backends running a statement, on average
    numbers: list[str] = field(default_factory=list)  # every case registered, warm-up and overrun included
    lost: int = 0

    @property
    def rate(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0


class Addresses:
    """Loopback source addresses, each used by one portal session only (the portal budgets per address)."""

    def __init__(self):
        self._lock, self._next = threading.Lock(), itertools.count(1)

    def take(self) -> str:
        with self._lock:
            while True:
                n = next(self._next)
                a, b, c = 10 + (n >> 16), (n >> 8) & 255, n & 255
                if 0 < c < 255:
                    return f"127.{a}.{b}.{c}"


class Writer(threading.Thread):
    def __init__(self, index: int, side: Side, step: Step, window: tuple[float, float], addresses: Addresses):
        super().__init__(daemon=True)
        world = side.world
        self.rng = random.Random(f"{side.name}-{step.writers}-{index}")
        self.centre = world["centres"][index % len(world["centres"])]
        self.port, self.window, self.addresses = world["port"], window, addresses
        self.enterprises, self.people, self.limit = (
            world["enterprises"],
            world["people"],
            world["apply_limit"],
        )
        self.serial = itertools.count(700_000_000 + step.writers * 1_000_000 + index * 10_000)
        self.mine: list[tuple[str, str]] = []  # (ID number, name) this writer registered
        self.times: list[float] = []
        self.kinds: Counter = Counter()
        self.errors: Counter = Counter()
        self.mentions = 0
        self.samples: dict[str, str] = {}
        self.numbers: list[str] = []
        self.api = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.portal: http.client.HTTPConnection | None = None
        self.portal_left = 0
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    # what is registered

    def applicant(self) -> tuple[str, str, str]:
        """(kind, ID number, name): a new person mostly, else one registered before (here or in the demo)."""
        roll = self.rng.random()
        if roll < 0.2 and self.mine:
            return "returning", *self.rng.choice(self.mine)
        if roll < 0.3:
            return "returning", *self.rng.choice(self.people)
        person = (
            synthetic.citizen_id(self.rng),
            self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=2)),
        )
        self.mine.append(person)
        return "new", *person

    def employer(self) -> tuple[str, int | None, str, str]:
        """(kind, enterprise id or None, credit code, name): a registered one, or now and then a new one."""
        if self.rng.random() < 0.25:
            serial = next(self.serial)
            return (
                "new employer",
                None,
                synthetic.credit_code(serial, "310115"),
                f"上海测{serial}科技有限公司",
            )
        pk, code, name = self.rng.choice(self.enterprises)
        return "", pk, code, name

    def claims(self) -> list[tuple[str, str]]:
        kinds = self.rng.sample(CLAIMS, self.rng.randint(1, 2))
        return [(kind, f"{self.rng.randint(2, 60) * 1000}.00") for kind in kinds]

    # how

    def run(self) -> None:
        end = self.window[1]
        while time.monotonic() < end:
            try:
                if self.rng.random() < 0.6:
                    self.register_at_counter()
                else:
                    self.apply_on_portal()
            except (OSError, http.client.HTTPException) as error:
                self.count_error(time.monotonic(), f"no answer ({type(error).__name__})")
                self.api.close()
                self.portal, self.portal_left = None, 0
                time.sleep(0.05)

    def count_error(self, at: float, what: str) -> None:
        if self.window[0] <= at <= self.window[1]:
            self.errors[what] += 1

    def answered(
        self, started: float, finished: float, status: int, body: bytes, kind: str, number: str | None
    ) -> None:
        if b"deadlock" in body.lower():
            self.mentions += 1
        if number:
            self.numbers.append(number)
            if self.window[0] <= started and finished <= self.window[1]:
                self.times.append((finished - started) * 1000)
                self.kinds[kind] += 1
        else:
            self.count_error(started, f"{status} {kind}")
            self.samples.setdefault(f"{status} {kind}", sample(body))

    def register_at_counter(self) -> None:
        _who, id_number, name = self.applicant()
        _new, pk, code, employer = self.employer()
        respondent = (
            {"enterprise_id": pk}
            if pk
            else {"credit_code": code, "name": employer, "street_id": self.centre["street"]}
        )
        body = {
            "centre_id": self.centre["centre"],
            "applicants": [{"id_number": id_number, "name": name}],
            "respondent": respondent,
            "claims": [{"claim_type": kind, "amount": amount} for kind, amount in self.claims()],
            "facts": FACTS,
            "case_type": "remuneration",
        }
        headers = {
            "Authorization": f"Bearer {self.centre['token']}",
            "Content-Type": "application/json",
            "Accept-Language": "zh-hans",
        }
        started = time.monotonic()
        self.api.request("POST", "/api/v1/disputes", json.dumps(body).encode(), headers)
        answer = self.api.getresponse()
        content = answer.read()
        number = json.loads(content)["number"] if answer.status == 201 else None
        self.answered(started, time.monotonic(), answer.status, content, "API", number)

    def portal_request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, bytes]:
        headers = {
            "Accept-Language": "zh-hans",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.portal.request(method, path, body, headers)
        answer = self.portal.getresponse()
        content = answer.read()
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return answer.status, answer.getheader("Location", ""), content

    def open_portal(self) -> bool:
        """A portal session from a loopback address of its own, with the application form's CSRF token;
        False (counted) if the form did not come."""
        if self.portal is not None:
            self.portal.close()
        self.portal = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.addresses.take(), 0)
        )
        self.cookies, self.portal_left = {}, self.limit - 1
        status, _location, page = self.portal_request("GET", "/portal/apply/")
        token = CSRF_FIELD.search(page.decode(errors="replace"))
        if status != 200 or not token:
            self.count_error(time.monotonic(), f"{status} portal form page")
            self.portal_left = 0
            return False
        self.csrf = token.group(1)
        return True

    def apply_on_portal(self) -> None:
        if (self.portal is None or self.portal_left <= 0) and not self.open_portal():
            return
        _who, id_number, name = self.applicant()
        _new, _pk, code, employer = self.employer()
        form = {
            "csrfmiddlewaretoken": self.csrf,
            "centre": self.centre["centre"],
            "name": name,
            "id_number": id_number,
            "phone": f"138{self.rng.randrange(10**8):08d}",
            "credit_code": code,
            "employer_name": employer,
            "street": self.centre["street"],  # where the worker works; a registered employer keeps its own
            "facts": FACTS,
            "consent": "on",
            "claims-TOTAL_FORMS": "5",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "1",
            "claims-MAX_NUM_FORMS": "5",
        }
        claims = self.claims()
        for i in range(5):
            kind, amount = claims[i] if i < len(claims) else ("", "")
            form[f"claims-{i}-claim_type"], form[f"claims-{i}-amount"] = kind, amount
        self.portal_left -= 1
        started = time.monotonic()
        status, location, content = self.portal_request("POST", "/portal/apply/", form)
        if status == 302 and location.endswith("/portal/apply/done/"):
            finished = time.monotonic()
            _status, _location, receipt = self.portal_request("GET", location)
            found = RECEIPT_NUMBER.search(receipt.decode(errors="replace"))
            if not found:
                self.count_error(started, "portal receipt without a case number")
                return
            # timed: the POST, not the receipt page after it
            self.answered(started, finished, status, content, "portal", found.group(1).strip())
        else:
            what = "portal form refused" if status == 200 else "portal"
            self.answered(started, time.monotonic(), status, content, what, None)


def sample(body: bytes) -> str:
    """What an error answer says: an API error's JSON, or a refused form's error messages."""
    text = body.decode(errors="replace")
    errors = re.findall(r'class="[^"]*errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S)
    if errors:
        text = " | ".join(re.sub(r"<[^>]+>", "", e).strip() for e in errors)
    return " ".join(text.split())[:160]


def deadlocks(side: Side) -> int:
    name = side.database.rsplit("/", 1)[1]
    with server_connection(side.database) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = %s", [name]).fetchone()
    return row[0] if row else 0


def sample_locks(side: Side, step: Step, window: tuple[float, float]) -> None:
    """Five times a second in the window: how many of the database's backends wait for a lock, and how many
    run a statement. Whether the writers queue at the database or at the CPUs, seen from PostgreSQL."""
    name, samples = side.database.rsplit("/", 1)[1], []
    with server_connection(side.database) as conn:
        time.sleep(max(0.0, window[0] - time.monotonic()))
        while time.monotonic() < window[1]:
            samples.append(
                conn.execute(
                    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), "
                    "count(*) FILTER (WHERE state = 'active') "
                    "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                ).fetchone()
            )
            time.sleep(0.2)
    if samples:
        step.waiting = sum(w for w, _a in samples) / len(samples)
        step.active = sum(a for _w, a in samples) / len(samples)


def run_step(side: Side, writers: int, seconds: float, addresses: Addresses) -> Step:
    step = Step(writers)
    before = deadlocks(side)
    start = time.monotonic()
    window = (start + WARM_UP, start + WARM_UP + seconds)
    threads = [Writer(i, side, step, window, addresses) for i in range(writers)]
    threads.append(threading.Thread(target=sample_locks, args=(side, step, window), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=window[1] - time.monotonic() + 35)  # a request's timeout, and a little
    step.seconds = seconds
    for thread in threads[:-1]:
        step.times += thread.times
        step.kinds += thread.kinds
        step.errors += thread.errors
        step.mentions += thread.mentions
        step.samples = {**thread.samples, **step.samples}
        step.numbers += thread.numbers
    time.sleep(0.6)  # PostgreSQL publishes a backend's statistics at most once a second or so
    step.deadlocks = max(deadlocks(side) - before, step.mentions)
    return step


def measure(side: Side, args, addresses: Addresses) -> None:
    for writers in args.writers:
        step = run_step(side, writers, args.seconds, addresses)
        side.steps.append(step)
        print(
            f"  {side.name} {writers:>3} writers: {step.rate:7.1f} registrations/s "
            f"({step.kinds['API']} API, {step.kinds['portal']} portal), {sum(step.errors.values())} errors",
            flush=True,
        )
    side.served = side.server.renshe_files()
    numbers = [n for step in side.steps for n in step.numbers]
    path = os.path.join(side.var_dir, "registered.json")
    with open(path, "w") as out:
        json.dump(numbers, out)
    side.server.stop()  # before the checks, and before the other side starts: the CPUs are shared
    # a backend may hold its statistics back for up to 10 s while idle; closed, it has published them all
    time.sleep(0.5)
    side.deadlocks = deadlocks(side)
    log = side.server.log_lines()
    side.log_notes = (
        f"gunicorn log: {sum('Traceback' in line for line in log)} tracebacks, "
        f"{sum('deadlock detected' in line for line in log)} lines mentioning a deadlock"
    )
    lost = set(
        json.loads(side.manage("shell", "-c", LOST, extra_env={"BENCH_NUMBERS": path}).splitlines()[-1])[
            "lost"
        ]
    )
    for step in side.steps:
        step.lost = sum(n in lost for n in step.numbers)
    side.verify = side.verify_timeline()


# --- the table -----------------------------------------------------------------------------------------


def errors_cell(errors: Counter) -> str:
    return ", ".join(f"{what} ×{n}" for what, n in errors.most_common()) or "none"


def print_table(sides: list[Side], args) -> None:
    print(
        f"\n{args.seconds:.0f} s measured per step after {WARM_UP:.0f} s of warm-up; latency of the registering "
        "POST (ms), over the registrations; lock-waits: the database's backends waiting for a lock / running "
        "a statement, on average; errors: other answers in the window, by status and kind"
    )
    print(
        f"{'side':<7} {'writers':>7} {'reg/s':>8} {'p50':>7} {'p95':>7} {'lock-waits':>10} {'deadlocks':>9} "
        f"{'lost':>5}  errors"
    )
    print("-" * 100)
    for side in sides:
        for step in side.steps:
            p50 = percentile(step.times, 50) if step.times else 0.0
            p95 = percentile(step.times, 95) if step.times else 0.0
            print(
                f"{side.name:<7} {step.writers:>7} {step.rate:>8.1f} {p50:>7.0f} {p95:>7.0f} "
                f"{f'{step.waiting:.1f}/{step.active:.1f}':>10} {step.deadlocks:>9} {step.lost:>5}  "
                f"{errors_cell(step.errors)}"
            )
        for what, text in {k: v for step in side.steps for k, v in step.samples.items()}.items():
            print(f"{'':<7} {what}, e.g.: {text}")
        registered = sum(len(step.numbers) for step in side.steps)
        print(
            f"{'':<7} {registered:,} registrations in all; verify_timeline: {side.verify}; deadlocks over the "
            f"side (PostgreSQL): {side.deadlocks}; {side.log_notes}"
        )
    if len(sides) == 2:
        before, after = sides
        print("\nafter / before")
        print(f"{'writers':>7} {'reg/s':>8} {'p95':>8}")
        for b, a in zip(before.steps, after.steps, strict=True):
            rate = a.rate / b.rate if b.rate else float("nan")
            b95, a95 = (percentile(s.times, 95) if s.times else 0.0 for s in (b, a))
            p95 = a95 / b95 if b95 else float("nan")
            print(f"{b.writers:>7} {rate:>7.2f}× {p95:>7.2f}×")


def parse_arguments(description: str, bench: str, add, *, centres: int, workers: int, threads: int):
    """The command line of a before/after benchmark: the two trees, the gunicorn, the database prefix (local
    only), and what `add(parser)` adds; SIGTERM then runs the clean-up at exit too."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, help="git ref or path of the tree before the change")
    parser.add_argument("--after", default=".", help="git ref or path after it (default: this working tree)")
    add(parser)
    parser.add_argument(
        "--centres", type=int, default=centres, help="mediation centres the load spreads over"
    )
    parser.add_argument("--workers", type=int, default=workers, help="gunicorn worker processes (gthread)")
    parser.add_argument("--threads", type=int, default=threads, help="threads per gunicorn worker")
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/renshe_{bench}"),
        help="the server and name prefix: each side gets <name>_before / <name>_after",
    )
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.database).hostname not in ("127.0.0.1", "localhost"):
        sys.exit("the benchmark talks to 127.0.0.1 only: point --database at a local PostgreSQL")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    return args


def main() -> None:
    def add(parser):
        parser.add_argument(
            "--writers", type=lambda s: [int(n) for n in s.split(",")], default=[1, 4, 16, 64]
        )
        parser.add_argument("--seconds", type=float, default=20, help="measured time per writer count")

    args = parse_arguments(__doc__, "writes", add, centres=16, workers=4, threads=16)
    started = time.monotonic()
    sides, data_key = two_sides(args, "writes")
    print(
        f"write benchmark: writers {','.join(map(str, args.writers))}, {args.seconds:.0f} s each, "
        f"{args.centres} centres; gunicorn {args.workers} gthread workers × {args.threads} threads, DEBUG off; "
        f"{os.cpu_count()} CPUs shared by server, database and writers",
        flush=True,
    )
    addresses = Addresses()
    for side in sides:
        prepare(side, args, data_key)
        measure(side, args, addresses)
        print(f"  {side.name}: gunicorn workers imported {', '.join(sorted(side.served)) or '(not logged)'}")
    print_table(sides, args)
    print(f"\n(whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
