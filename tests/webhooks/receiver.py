"""A real HTTP receiver for webhook tests and the benchmark: http.server in a thread, keeping what it got
and applying each delivery id once (as a client should), counting the copies it saw again."""

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """`answer`: "ok" (204), "error" (500), "redirect" (302 elsewhere) or "slow" (sleeps past a timeout)."""

    answer: str = "ok"
    slow_seconds: float = 2.0
    received: list[Received] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)  # delivery id -> times applied (0 or 1)
    seen: Counter = field(default_factory=Counter)  # delivery id -> times received
    lock: threading.Lock = field(default_factory=threading.Lock)
    keep: bool = True  # keep every request (tests); the benchmark only counts
    server: ThreadingHTTPServer | None = None
    first_at: float | None = None  # time.perf_counter() of the first and the latest delivery applied
    last_at: float | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def duplicates_seen(self) -> int:
        return sum(n - 1 for n in self.seen.values() if n > 1)

    @property
    def duplicates_applied(self) -> int:
        return sum(n - 1 for n in self.applied.values() if n > 1)

    def take(self, headers: dict[str, str], body: bytes) -> int:
        if self.answer == "slow":
            time.sleep(self.slow_seconds)
            return 204
        if self.answer != "ok":
            return {"error": 500, "redirect": 302}[self.answer]
        delivery = headers.get("Renshe-Delivery", "")
        with self.lock:
            if self.keep:
                self.received.append(Received(headers, body))
            self.seen[delivery] += 1
            if not self.applied[delivery]:  # the receiver's idempotency: apply a delivery id once
                self.applied[delivery] += 1
                self.last_at = time.perf_counter()
                self.first_at = self.first_at or self.last_at
        return 204

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: a worker's session reuses its connection

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.take(dict(self.headers.items()), body)
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed worker's: expected
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def start_worker(env: dict[str, str], queue: str, *, concurrency: int = 8, wrap=lambda argv: argv, log=None):
    """A Celery worker (its own process group) consuming `queue`, to which it also sends its retries
    (RENSHE_WEBHOOK_QUEUE). Threads: a delivery mostly waits for its receiver."""
    celery = Path(sys.executable).with_name("celery")
    argv = [str(celery), "-A", "renshe", "worker", "--pool=threads", f"--concurrency={concurrency}"]
    argv += ["-Q", queue, "--without-mingle", "--without-gossip", "--loglevel=WARNING"]
    return subprocess.Popen(
        wrap(argv),
        # this source tree's renshe, whichever one the environment has installed
        env={**os.environ, **env, "RENSHE_WEBHOOK_QUEUE": queue, "PYTHONPATH": str(SRC)},
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
