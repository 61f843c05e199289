"""Concurrent portal applicants, before and after a change, in one run:
`python bench/applicants.py --before REF [--after X] [--applicants 200]`.

Issue 11 (findings 3 and 4): the load that found them. N applicants open the portal's application form at
once, each from a loopback address of its own (the portal budgets applications per address), wait for each
other, and then each sends --rounds applications as fast as they are answered: half of them by a returning
applicant (a person of the demo world, so that several apply at the same moment), the rest by new ones; one in
--shared names one of a few new employers (credit codes nobody has registered) that other applicants name at
the same moment, the rest a registered employer. The applicants spread over --centres mediation centres: a
centre's case-number counter is the row its applications queue on.

The sides, their trees, databases and gunicorn are bench/writes.py's (`prepare`: a fresh database
renshe_writes_<side> loaded with the side's own code, gunicorn gthread with DEBUG off), and so are the
applicants' portal sessions (writes.Writer, with its applicants and employers chosen as above).

Printed per side: applications acknowledged (the redirect to the receipt, and the receipt's number) per second
over the burst, p50/p95 of the POST, failures by kind with an example of each, deadlocks (PostgreSQL's count
for the database); then the checks: every acknowledged number once, its case present with its dispute.applied
event, each shared employer one enterprise that all its cases name, and `manage.py verify_timeline`.
A benchmark: it prints and asserts nothing; it talks only to 127.0.0.1.
"""

import json
import os
import random
import threading
import time
from collections import Counter

from harness import percentile
from writes import (
    LOST,
    Addresses,
    Side,
    Step,
    Writer,
    deadlocks,
    parse_arguments,
    prepare,
    synthetic,
    two_sides,
)

SHARED = """
import json, os
from renshe.core.models import Enterprise
from renshe.disputes.models import DisputeCase

codes = json.loads(os.environ["BENCH_SHARED"])
print(json.dumps({
    code: [Enterprise.objects.filter(credit_code=code).count(),
           DisputeCase.objects.filter(respondent__credit_code=code).count()]
    for code in codes
}))
"""


class Applicant(Writer):
    """One applicant's portal session (writes.Writer's): the form once, then `rounds` applications."""

    def __init__(self, index: int, side: Side, plan: dict, start: threading.Barrier, addresses: Addresses):
        super().__init__(index, side, Step(plan["applicants"]), (0.0, float("inf")), addresses)
        self.rng = random.Random(f"{side.name}-applicant-{index}")
        self.plan, self.start_line = plan, start
        self.acknowledged: list[str] = []

    def applicant(self) -> tuple[str, str, str]:
        if self.rng.random() < 0.5:
            return "returning", *self.rng.choice(self.people)
        return "new", synthetic.citizen_id(self.rng), self.rng.choice(self.plan["surnames"]) + "工人"

    def employer(self) -> tuple[str, int | None, str, str]:
        if self.rng.random() < 1 / self.plan["shared_every"]:
            code, name = self.rng.choice(self.plan["shared"])
            return "new employer", None, code, name
        pk, code, name = self.rng.choice(self.enterprises)
        return "", pk, code, name

    def run(self) -> None:
        try:
            self.open_portal()  # before the start: the burst measures the applications alone
        finally:
            self.start_line.wait()
        for _ in range(self.plan["rounds"]):
            try:
                self.apply_on_portal()
            except OSError as error:
                self.count_error(time.monotonic(), f"no answer ({type(error).__name__})")
                self.portal, self.portal_left = None, 0


def burst(side: Side, plan: dict, addresses: Addresses) -> dict:
    before = deadlocks(side)
    start = threading.Barrier(plan["applicants"] + 1)
    applicants = [Applicant(i, side, plan, start, addresses) for i in range(plan["applicants"])]
    for applicant in applicants:
        applicant.start()
    start.wait()
    began = time.monotonic()
    for applicant in applicants:
        applicant.join(timeout=600)
    wall = time.monotonic() - began
    time.sleep(0.6)  # PostgreSQL publishes a backend's statistics at most once a second or so
    result = {"wall": wall, "times": [], "errors": Counter(), "samples": {}, "numbers": []}
    for a in applicants:
        result["times"] += a.times
        result["errors"] += a.errors
        result["samples"] = {**a.samples, **result["samples"]}
        result["numbers"] += a.numbers
    side.server.stop()
    time.sleep(0.5)
    result["deadlocks"] = deadlocks(side) - before
    return result


def check(side: Side, result: dict, plan: dict) -> None:
    numbers = result["numbers"]
    path = os.path.join(side.var_dir, "acknowledged.json")
    with open(path, "w") as out:
        json.dump(numbers, out)
    lost = json.loads(side.manage("shell", "-c", LOST, extra_env={"BENCH_NUMBERS": path}).splitlines()[-1])
    codes = json.dumps([code for code, _name in plan["shared"]])
    shared = json.loads(
        side.manage("shell", "-c", SHARED, extra_env={"BENCH_SHARED": codes}).splitlines()[-1]
    )
    result["checks"] = (
        f"{len(numbers)} acknowledged, {len(numbers) - len(set(numbers))} numbers twice, "
        f"{len(lost['lost'])} without their case or event; shared employers: "
        f"{sum(n == 1 for n, _cases in shared.values())} of the {sum(n > 0 for n, _c in shared.values())} named "
        "one enterprise each, "
        f"{sum(cases for _n, cases in shared.values())} cases naming them; verify_timeline: {side.verify_timeline()}"
    )


def print_table(sides: list[Side], results: dict, plan: dict) -> None:
    print(
        f"\n{plan['applicants']} applicants × {plan['rounds']} applications through the portal, all at once; "
        "latency of the POST (ms); failures: answers other than the receipt, by status and kind"
    )
    print(f"{'side':<7} {'acked':>6} {'per s':>7} {'p50':>7} {'p95':>7} {'deadlocks':>9}  failures")
    print("-" * 100)
    for side in sides:
        r = results[side.name]
        p50, p95 = (percentile(r["times"], p) if r["times"] else 0.0 for p in (50, 95))
        failures = ", ".join(f"{what} ×{n}" for what, n in r["errors"].most_common()) or "none"
        print(
            f"{side.name:<7} {len(r['numbers']):>6} {len(r['numbers']) / r['wall']:>7.1f} {p50:>7.0f} "
            f"{p95:>7.0f} {r['deadlocks']:>9}  {failures}"
        )
        for what, text in r["samples"].items():
            print(f"{'':<7} {what}, e.g.: {text}")
        print(f"{'':<7} {r['checks']}")


def main() -> None:
    def add(parser):
        parser.add_argument("--applicants", type=int, default=200, help="applicants at once")
        parser.add_argument("--rounds", type=int, default=2, help="applications per applicant")
        parser.add_argument("--shared", type=int, default=5, help="one in SHARED names a shared new employer")

    args = parse_arguments(__doc__, "applicants", add, centres=4, workers=3, threads=8)
    started = time.monotonic()
    plan = {
        "applicants": args.applicants,
        "rounds": args.rounds,
        "shared_every": args.shared,
        "shared": [
            (synthetic.credit_code(990_000 + n, "310115"), f"上海同时{n}科技有限公司") for n in range(4)
        ],
        "surnames": "王李张刘陈杨黄赵吴周",
    }
    sides, data_key = two_sides(args, "applicants")
    print(
        f"applicant benchmark: {args.applicants} applicants × {args.rounds}, {args.centres} centres; gunicorn "
        f"{args.workers} gthread workers × {args.threads} threads, DEBUG off; {os.cpu_count()} CPUs shared by "
        "server, database and applicants",
        flush=True,
    )
    addresses, results = Addresses(), {}
    for side in sides:
        prepare(side, args, data_key)
        results[side.name] = burst(side, plan, addresses)
        check(side, results[side.name], plan)
        print(f"  {side.name}: gunicorn workers imported {', '.join(sorted(side.server.renshe_files()))}")
    print_table(sides, results, plan)
    print(f"\n(whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
