"""PostgreSQL restarted in the middle of a load run, twice: `pg_ctl restart -m fast` (sessions terminated, a
clean shutdown) and `-m immediate` (the server killed, recovered from its WAL: a crash).

gunicorn serves renshe as in production (DEBUG off, persistent connections with health checks) from a private
cluster, while client threads register mediation applications over the API, apply on the public portal (new
applicants and returning ones, each portal session from a loopback address of its own, as the portal budgets
applications per address), read the API and open a staff page. During each outage every answer must be a clean failure (503 with Retry-After and a readable message:
JSON under /api/, a page elsewhere; never a 500, a dropped connection or a hang); the same gunicorn workers
must answer successfully again within seconds after the server is back; and nothing acknowledged may be lost:
every 201 (or portal receipt) has its case in the database under the number returned, with its timeline event, the hash chain
verifies, and no case number is used twice. An application committed whose answer the client never saw is
allowed (it cannot be told apart from one that failed, by any server) and counted.

REDIS_URL is left unset on purpose: every piece of state, sessions included, then lives in PostgreSQL, so the
outage hits the session lookups too (the harder case; with Redis sessions only the user lookup fails), and
the test needs nothing but PostgreSQL's binaries."""

import http.client
import itertools
import json
import os
import random
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar

import pytest

from renshe.core.demo import DEMO_PASSWORD
from renshe.core.synthetic import citizen_id
from tests.keys import keys

from .conftest import BIN, children, free_port, stop

pytestmark = pytest.mark.services

TIMEOUT = 10  # seconds a client waits for any answer: longer is a hang
RECOVERY = 3  # seconds after the server is back within which registrations must succeed again
API_CLIENTS, PORTAL_CLIENTS, PAGE_CLIENTS = 4, 3, 2
REGISTRATIONS = ("apply", "portal")
PREFIX = "故障测试"  # facts of every application the load registers: 故障测试 <token> ...

SETUP = """
import json
from unittest import mock
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from renshe.core import demo
from renshe.core.models import ApiToken, Person

call_command("migrate", verbosity=0)
# cheap Argon2 parameters for the demo users (5 s saved): the hash records them, so the server checks it as
# any other (tests/conftest.py hashes with MD5 for the same reason)
with mock.patch.multiple(Argon2PasswordHasher, time_cost=1, memory_cost=256, parallelism=1):
    world = demo.build(enterprises=12, people=6, seed=7)
_token, key = ApiToken.issue(world.users["zj_centre"], "faults")
street = world.orgs["street:310115125"]
print(json.dumps({
    "key": key,
    "enterprise": street.enterprises.first().pk,
    "portal": {"centre": world.orgs["zj_centre"].pk, "street": street.pk,
               "credit_code": street.enterprises.first().credit_code,
               "people": [p.id_number for p in Person.objects.order_by("pk")[:6]]},
}))
"""

INSPECT = """
import io, json
from django.core.management import call_command
from renshe.core.selectors import events_for
from renshe.disputes.models import DisputeCase

timeline = io.StringIO()
call_command("verify_timeline", stdout=timeline)  # raises CommandError when the chain is broken
cases = {}
for case in DisputeCase.objects.filter(facts__startswith=%(prefix)r).order_by("id"):
    token = case.facts.split()[1]
    verbs = list(events_for(case).values_list("verb", flat=True))
    cases.setdefault(token, []).append({"id": case.pk, "number": case.number, "verbs": verbs})
numbers = list(DisputeCase.objects.values_list("number", flat=True))
print(json.dumps({"cases": cases, "numbers": numbers, "timeline": timeline.getvalue().strip()}))
"""


def django(env: dict, code: str) -> dict:
    done = subprocess.run(
        [str(BIN / "python"), "-c", f"import django\ndjango.setup()\n{code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Outcome:
    kind: (
        str  # apply (POST /api/v1/disputes), portal (POST /portal/apply/), read (GET /api/v1/disputes), page
    )
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all
    token: str = ""
    number: str = ""
    problem: str = ""  # why the answer is neither a success nor a clean failure

    @property
    def ok(self) -> bool:
        return not self.problem and self.status is not None and self.status < 400


def call(opener, kind: str, request: urllib.request.Request, token: str = "") -> Outcome:
    started = time.monotonic()
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            status, headers, body = response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read().decode()
    except OSError as error:  # refused, reset, timed out: not a clean failure
        return Outcome(kind, started, time.monotonic(), None, token, problem=f"no answer: {error!r}")
    outcome = Outcome(kind, started, time.monotonic(), status, token)
    if status == 503:
        if headers.get("Retry-After") != "5":
            outcome.problem = "503 without Retry-After"
        elif kind == "page":
            if not headers.get("Content-Type", "").startswith("text/html") or "暂时无法访问" not in body:
                outcome.problem = f"503 page without the message: {body[:200]}"
        elif "数据库" not in json.loads(body).get("detail", ""):
            outcome.problem = f"503 JSON without the message: {body[:200]}"
    elif kind == "apply" and status == 201:
        outcome.number = json.loads(body)["number"]
    elif status != 200 or kind == "apply":
        outcome.problem = f"{status}: {body[:300]}"
    return outcome


def api_client(base: str, key: str, enterprise: int, index: int, halt: threading.Event, out: list) -> None:
    """Registers an application, then reads the list back, until halted."""
    rng = random.Random(index)
    opener = urllib.request.build_opener()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    seq = 0
    while not halt.is_set():
        seq += 1
        token = f"{index}-{seq}"
        body = {
            "applicants": [{"id_number": citizen_id(rng), "name": f"工人{token}"}],
            "respondent": {"enterprise_id": enterprise},
            "claims": [{"claim_type": "unpaid_wages", "amount": f"{rng.randrange(1000, 90000)}.00"}],
            "facts": f"{PREFIX} {token} 公司拖欠2026年9月至10月工资，多次催讨未果。",
            "case_type": "remuneration",
        }
        request = urllib.request.Request(
            f"{base}/api/v1/disputes", json.dumps(body).encode(), headers=headers, method="POST"
        )
        out.append(call(opener, "apply", request, token))
        read = urllib.request.Request(f"{base}/api/v1/disputes?page_size=5", headers=headers)
        out.append(call(opener, "read", read))


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'data-testid="case-number">([^<]+)<')
ADDRESSES = itertools.count(1)  # 127.0.x.y: a portal session's own address


class PortalSession:
    """A worker's browser on the public portal, from a loopback address of its own: the form's CSRF cookie
    and token, then applications until the portal's budget for the address would run out."""

    def __init__(self, port: int):
        n = next(ADDRESSES)
        address = f"127.0.{n // 250}.{n % 250 + 2}"
        self.connection = http.client.HTTPConnection("127.0.0.1", port, TIMEOUT, source_address=(address, 0))
        self.cookies: dict[str, str] = {}
        self.left, self.csrf = 9, ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urllib.parse.urlencode(form).encode() if form else None
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body, headers)
        answer = self.connection.getresponse()
        content = answer.read().decode(errors="replace")
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return answer.status, dict(answer.getheaders()), content


def portal_outcome(
    session: PortalSession, path: str, form: dict | None, token: str, started: float
) -> Outcome:
    """One request of an application on the portal: the form (its CSRF token kept), or the application and
    then its receipt, whose number is the acknowledgement."""
    try:
        status, headers, body = session.request("POST" if form else "GET", path, form)
    except (OSError, http.client.HTTPException) as error:
        return Outcome("portal", started, time.monotonic(), None, token, problem=f"no answer: {error!r}")
    outcome = Outcome("portal", started, time.monotonic(), status, token)
    if status == 503:
        if headers.get("Retry-After") != "5" or "暂时无法访问" not in body:
            outcome.problem = f"503 without Retry-After or the message: {body[:200]}"
    elif status == 302 and form:
        return portal_outcome(session, headers["Location"], None, token, started)
    elif status == 200 and not form and RECEIPT.search(body):
        outcome.number = RECEIPT.search(body).group(1).strip()
    elif status == 200 and not form and CSRF.search(body):
        session.csrf = CSRF.search(body).group(1)
    else:
        outcome.problem = f"{status}: {body[:300]}"
    return outcome


def portal_client(base: str, portal: dict, index: int, halt: threading.Event, out: list) -> None:
    """Applies on the portal until halted: half of the time as a worker applied before (one of the demo's
    people, or one this client registered), otherwise as a new one, against a registered employer."""
    rng, port = random.Random(f"portal-{index}"), int(base.rsplit(":", 1)[1])
    people, session, seq = list(portal["people"]), None, 0
    while not halt.is_set():
        if session is None or session.left == 0 or not session.csrf:
            session = PortalSession(port)
            form_page = portal_outcome(session, "/portal/apply/", None, "", time.monotonic())
            if not form_page.ok:
                out.append(form_page)
                continue
        seq += 1
        token = f"p{index}-{seq}"
        returning = rng.random() < 0.5
        id_number = rng.choice(people) if returning else citizen_id(rng)
        form = {
            "csrfmiddlewaretoken": session.csrf,
            "centre": portal["centre"],
            "name": f"工人{token}",
            "id_number": id_number,
            "phone": "13812345678",
            "credit_code": portal["credit_code"],
            "employer_name": "被申请单位",
            "street": portal["street"],
            "facts": f"{PREFIX} {token} 公司拖欠2026年9月至10月工资，多次催讨未果。",
            "consent": "on",
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "1",
            "claims-MAX_NUM_FORMS": "5",
            "claims-0-claim_type": "unpaid_wages",
            "claims-0-amount": str(rng.randrange(1000, 90000)),
        }
        session.left -= 1
        outcome = portal_outcome(session, "/portal/apply/", form, token, time.monotonic())
        out.append(outcome)
        if outcome.status is None:
            session = None
        elif outcome.ok and not returning:
            people.append(id_number)


def login(base: str):
    """A staff member's browser: logged in through the login form, with the session cookie kept."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = opener.open(f"{base}/login/", timeout=TIMEOUT).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": "zj_centre", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf}
    ).encode()
    landed = opener.open(f"{base}/login/", data, timeout=TIMEOUT)
    assert not landed.url.endswith("/login/"), "login failed"
    return opener


def page_client(opener, base: str, halt: threading.Event, out: list) -> None:
    while not halt.is_set():
        out.append(call(opener, "page", urllib.request.Request(f"{base}/disputes/")))


@pytest.fixture
def site(private_postgres, tmp_path):
    """renshe under gunicorn on the private cluster, with a demo world and an API token for 张江's centre."""
    env = {
        **os.environ,
        **keys(),
        "DJANGO_SETTINGS_MODULE": "renshe.settings",
        "DATABASE_URL": private_postgres.url(),
        "DEBUG": "0",
        "RENSHE_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    world = django(env, SETUP)
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    # --preload: the application is imported once, before the workers fork (a faster start; Django opens no
    # database connection at import, so each worker still has its own)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "renshe.wsgi", "--preload", "-b", f"127.0.0.1:{port}", "-w", "4"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        yield {"base": base, "server": server, "env": env, "log": tmp_path / "gunicorn.log", **world}
    finally:
        stop(server, kill=True)  # nothing to keep, and gunicorn's graceful stop takes seconds
        log.close()


def test_a_postgres_restart_under_load_fails_cleanly_recovers_and_loses_nothing(private_postgres, site):
    began = time.monotonic()
    base, out, halt = site["base"], [], threading.Event()
    workers = children(site["server"].pid)
    threads = (
        [
            threading.Thread(target=api_client, args=(base, site["key"], site["enterprise"], i, halt, out))
            for i in range(API_CLIENTS)
        ]
        + [
            threading.Thread(target=portal_client, args=(base, site["portal"], i, halt, out))
            for i in range(PORTAL_CLIENTS)
        ]
        + [
            threading.Thread(target=page_client, args=(login(base), base, halt, out))
            for _ in range(PAGE_CLIENTS)
        ]
    )
    for thread in threads:
        thread.start()
    outages = []
    try:
        time.sleep(1.5)
        for mode in ("fast", "immediate"):
            down = time.monotonic()
            private_postgres.restart(mode)
            outages.append((mode, down, time.monotonic()))
            time.sleep(RECOVERY + 0.5)
    finally:
        halt.set()
        for thread in threads:
            thread.join(timeout=TIMEOUT + 5)
    log = site["log"].read_text()
    state = django(site["env"], INSPECT % {"prefix": PREFIX})

    # the figures first, printed whether or not what follows holds
    failed = [o for o in out if not o.ok]
    problems = [o for o in out if o.problem]
    applies = [o for o in out if o.kind in REGISTRATIONS]
    acknowledged = {o.token: o.number for o in applies if o.ok}
    cases = state["cases"]
    lost = [t for t, number in acknowledged.items() if [c["number"] for c in cases.get(t, [])] != [number]]
    unacknowledged = sorted(set(cases) - set(acknowledged))
    slowest = max(o.ended - o.started for o in out)
    windows = []
    for (mode, down, up), end in zip(outages, [o[1] for o in outages[1:]] + [float("inf")], strict=True):
        window = [o for o in out if down <= o.ended < end]  # answered after the restart began
        first = min(
            (o.ended - up for o in window if o.ok and o.kind in REGISTRATIONS and o.started >= up),
            default=None,
        )
        windows.append(
            {
                "mode": mode,
                "away": up - down,
                "failures": sum(not o.ok for o in window),
                "failures after": sum(not o.ok and o.started >= up for o in window),
                "cut off": sum(not o.ok and o.kind in REGISTRATIONS and o.started < down for o in window),
                "first registration": first,
            }
        )
    kinds = {kind: sum(o.kind == kind for o in out) for kind in ("apply", "portal", "read", "page")}
    print(
        f"\n{len(out)} requests ({kinds['apply']} registrations, {kinds['portal']} portal applications, "
        f"{kinds['read']} API reads, {kinds['page']} "
        f"pages): {len(out) - len(failed)} ok, {len(failed) - len(problems)} clean failures (503), "
        f"{len(problems)} unclean; {len(acknowledged)} registrations acknowledged, {len(lost)} lost, "
        f"{len(unacknowledged)} committed but unacknowledged {unacknowledged}; "
        f"slowest answer {slowest:.2f}s; {state['timeline']}; test {time.monotonic() - began:.1f}s"
    )
    for w in windows:
        first = "none" if w["first registration"] is None else f"{w['first registration']:.2f}s"
        print(
            f"  {w['mode']}: server away {w['away']:.2f}s, {w['failures']} clean failures ({w['cut off']} "
            f"registrations cut off in flight); once it was back "
            f"{w['failures after']} failures, first registration answered after {first}"
        )

    # during the outages: clean failures only, none slower than the client's bound, none outside them
    assert not problems, f"{len(problems)} unclean answers, e.g. {problems[:5]}\n{log[-3000:]}"
    assert slowest < TIMEOUT
    assert failed, "the restarts were not noticed: the test measured nothing"
    assert sum(w["failures"] for w in windows) == len(failed), "a failure before the first restart"
    # after each: the same gunicorn workers (none respawned) replace their dead connections before using them
    # (CONN_HEALTH_CHECKS), so no request begun once the server is back fails, and registrations resume
    assert children(site["server"].pid) == workers
    for w in windows:
        assert w["failures after"] == 0, f"requests failed after the {w['mode']} restart was over"
        assert w["first registration"] is not None and w["first registration"] < RECOVERY, w
    # nothing acknowledged is lost; nothing is recorded twice; the timeline's hash chain verifies
    assert any(o.kind == "portal" and o.number for o in out), "no portal application was acknowledged"
    assert not lost, f"acknowledged but not in the database as answered: {lost[:10]}"
    assert all(len(found) == 1 for found in cases.values()), "an application recorded twice"
    assert all(any(v.endswith("applied") for v in c[0]["verbs"]) for c in cases.values()), (
        "case without event"
    )
    assert set(cases) <= {o.token for o in applies}
    assert len(state["numbers"]) == len(set(state["numbers"])), "a case number used twice"
    assert state["timeline"].startswith("timeline intact")
