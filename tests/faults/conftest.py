"""Fault injection: a private PostgreSQL cluster to restart (never the machine's shared one, which other
tests use at the same time) and helpers for the processes these tests start and kill.

The needed programs are PostgreSQL's server binaries (initdb, pg_ctl: RENSHE_PG_BIN, else the newest
/usr/lib/postgresql/*/bin, else PATH) and, as root, the `postgres` user to run them as (initdb refuses
root). Without them the tests skip and say why; with CI=true they fail instead, as bin/test does."""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the fault tests: {reason}")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    """The direct children of a process (e.g. gunicorn's workers), from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def stop(process: subprocess.Popen, *, kill: bool = False, timeout: float = 20) -> None:
    """Stop a process started in its own session (start_new_session=True): SIGTERM to it, which shuts down
    its children itself (gunicorn's workers, Celery's pool), or with `kill` SIGKILL to the whole group: the
    crash, where nothing gets to clean up. SIGKILL too if it does not stop within `timeout`."""
    if process.poll() is None:
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        else:
            process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop(process, kill=True)
            return
    with contextlib.suppress(ProcessLookupError):  # whatever of the group outlived its parent
        os.killpg(process.pid, signal.SIGKILL)


def _postgres_bindir() -> Path | None:
    if os.environ.get("RENSHE_PG_BIN"):
        return Path(os.environ["RENSHE_PG_BIN"])
    installed = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
    )
    if installed:
        return installed[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class PrivateCluster:
    """A PostgreSQL cluster of our own, durable as production is configured (fsync and synchronous_commit
    on: a commit is acknowledged only once its WAL is flushed)."""

    bindir: Path
    root: Path
    port: int
    as_postgres: bool

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def url(self, database: str = "renshe") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=90)
        if done.returncode:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            pytest.fail(f"{program} {' '.join(args)} failed: {done.stdout}{done.stderr}{log}")

    def ctl(self, *args: str) -> None:
        """pg_ctl, waiting (-w) up to 60 s for the server to be up or down."""
        self.run("pg_ctl", "-D", str(self.datadir), "-l", str(self.log), "-w", "-t", "60", *args)

    def restart(self, mode: str) -> None:
        """`fast`: sessions terminated, a clean shutdown. `immediate`: the server killed, a crash, recovered
        from the WAL when it starts again. Returns once it accepts connections again."""
        self.ctl("restart", "-m", mode)


@pytest.fixture
def private_postgres():
    bindir = _postgres_bindir()
    require(
        bindir is not None and (bindir / "initdb").exists() and (bindir / "pg_ctl").exists(),
        "PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql or set RENSHE_PG_BIN",
    )
    as_postgres = os.geteuid() == 0
    owner = None
    if as_postgres:
        require(shutil.which("runuser") is not None, "running as root needs runuser to start PostgreSQL")
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            require(False, "running as root needs a `postgres` user to run initdb as")
    root = Path(tempfile.mkdtemp(prefix="renshe-faults-pg-"))
    if owner:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    cluster = PrivateCluster(bindir=bindir, root=root, port=free_port(), as_postgres=as_postgres)
    # --no-sync only skips flushing initdb's own files, a speed-up for a throwaway cluster; the server
    # itself runs with fsync on.
    cluster.run(
        "initdb", "-D", str(cluster.datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
    )
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "port": str(cluster.port),
        "unix_socket_directories": f"'{root}'",
        "fsync": "on",
        "synchronous_commit": "on",
        "full_page_writes": "on",
        "max_connections": "40",
    }
    with (cluster.datadir / "postgresql.conf").open("a") as conf:
        conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
    try:
        cluster.ctl("start")
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "renshe")
        yield cluster
    finally:
        with contextlib.suppress(pytest.fail.Exception):  # it may be down already, after a failure
            cluster.ctl("stop", "-m", "immediate")
        # in the background: deleting ~80 MB of cluster takes seconds on a disk mounted with discard
        subprocess.Popen(["rm", "-rf", str(root)], start_new_session=True)
