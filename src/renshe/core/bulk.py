"""Bulk loading for generated data: rows as tuples in a fixed column order, written by COPY on PostgreSQL
and by one executemany per table on SQLite, all in one transaction.

A generator names its columns once per table (`Table(Person, ["id", "name", ...])`, checked against the
model so a column added later is not silently left out), builds plain tuples in that order, and hands them
to a `Loader`. The ORM's per-object work (instances, signals, pre_save, one INSERT per row) is skipped, so
the generator sets what `save()` would have: primary keys from `reserve_ids`, digests of protected fields,
auto_now values.

Rows can also be encoded to COPY text away from the database (`Table.encode`, in a worker process) and
written as bytes (`Loader.write_encoded`): the process holding the connection then only streams them.

A big load (`Loader(..., rebuild_indexes=True)`, PostgreSQL only) drops the tables' secondary indexes,
unique constraints and foreign keys first and creates them again at the end, as pg_restore does: building
an index once over sorted rows is far cheaper than keeping it up to date row by row, and a foreign key
added to a full table is checked by one join, not one lookup per row. Everything, the DDL included, is in
the one transaction, so a failed load leaves the tables as they were; meanwhile the tables are locked
against other sessions (ACCESS EXCLUSIVE), which is why it is for benchmark and demo databases.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum

from django.db import connection, transaction
from django.db.models import Model

NULL = "\\N"
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """Text as COPY reads it. Most values have nothing to escape, and four searches cost far less than
    one translate of a Chinese sentence (0.2 µs against 2.5 µs)."""
    if type(value) is not str:
        value = str(value.value if isinstance(value, Enum) else value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPE)
    return value


# one C call per value where one exists (no Python frame): a load encodes tens of millions of them
_ENCODERS = {
    "BooleanField": {True: "t", False: "f"}.__getitem__,
    "DateField": date.isoformat,
    "DateTimeField": datetime.isoformat,
    "DecimalField": str,  # PostgreSQL's numeric reads 1E+2 as well as 100
}
for _kind in (
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
):
    _ENCODERS[_kind] = str


class Table:
    """A model's columns in the order the rows give them. Every concrete column must be named (the primary
    key may be left to the database), so a field added to the model later fails here, not in a report."""

    def __init__(self, model: type[Model], names: Sequence[str]):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = set(fields) - set(names) - {model._meta.pk.attname}
        unknown = set(names) - set(fields)
        if missing or unknown or len(set(names)) != len(names):
            raise ValueError(
                f"{model.__name__}: columns {sorted(missing)} missing, {sorted(unknown)} unknown or repeated "
                f"in {list(names)}"
            )
        self.model, self.names = model, tuple(names)
        self.fields = [fields[n] for n in names]
        self.kinds = [(f.target_field if f.is_relation else f).get_internal_type() for f in self.fields]
        self._encoders = [_ENCODERS.get(k, _text) for k in self.kinds]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def sql_columns(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(quote(f.column) for f in self.fields)

    def encode(self, rows: Iterable[Sequence]) -> bytes:
        """The rows in PostgreSQL's COPY text format (no database needed: a worker process can do it)."""
        encoders = self._encoders
        lines = [
            "\t".join([NULL if v is None else e(v) for e, v in zip(encoders, row, strict=True)])
            for row in rows
        ]
        lines.append("")
        return "\n".join(lines).encode()


def reserve_ids(model: type[Model], n: int) -> list[int]:
    """`n` primary keys nobody else will be given: drawn from the sequence on PostgreSQL; on SQLite the
    transaction holds the write lock (BEGIN IMMEDIATE), so the ids past MAX(id) stay free."""
    if n <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(model._meta.pk.column)}), 0) FROM {quote(table)}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + n))


class Loader:
    """One transaction for a whole load: `with Loader(models) as load: load.write(table, rows)`.

    On PostgreSQL the transaction commits without waiting for the disk (synchronous_commit off: a crash
    just after the commit loses the load, never makes it half-written) and, with `rebuild_indexes`, the
    tables' secondary indexes and constraints are dropped now and built once at the end."""

    def __init__(self, models: Iterable[type[Model]], *, rebuild_indexes: bool = False):
        if connection.vendor not in ("postgresql", "sqlite"):
            raise ValueError(f"bulk loads write to PostgreSQL or SQLite, not {connection.vendor}")
        self.tables = list(dict.fromkeys(m._meta.db_table for m in models))
        self.postgresql = connection.vendor == "postgresql"
        self.rebuild_indexes = rebuild_indexes and self.postgresql
        self._atomic = transaction.atomic()
        self._rebuild: list[str] = []  # statements that recreate what was dropped, in order
        self._constraints: list[str] = []

    def __enter__(self) -> Loader:
        self._atomic.__enter__()
        try:
            if self.postgresql:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                if self.rebuild_indexes:
                    # checks still pending from earlier in the transaction must run before the tables can
                    # be altered; Django's foreign keys are all deferred, as they are again afterwards
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    self._drop_indexes()
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        except BaseException as error:
            self._atomic.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def __exit__(self, kind, error, traceback):
        if error is None and self._rebuild:
            try:
                self._build_indexes()
            except BaseException as failure:  # e.g. a duplicate the unique index now finds: nothing stays
                self._atomic.__exit__(type(failure), failure, failure.__traceback__)
                raise
        return self._atomic.__exit__(kind, error, traceback)

    def write(self, table: Table, rows: Sequence[Sequence]) -> None:
        if not rows:
            return
        if self.postgresql:
            self.write_encoded(table, table.encode(rows))
            return
        # as the ORM would give them: aware datetimes in the database's form, choices as their text
        adapt_datetime = connection.ops.adapt_datetimefield_value

        def adapt(value):
            return value.value if isinstance(value, Enum) else value

        adapters = [adapt_datetime if k == "DateTimeField" else adapt for k in table.kinds]
        rows = [[a(v) for a, v in zip(adapters, row, strict=True)] for row in rows]
        placeholders = ", ".join(["%s"] * len(table.names))
        sql = f"INSERT INTO {connection.ops.quote_name(table.name)} ({table.sql_columns()}) VALUES ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def write_encoded(self, table: Table, data: bytes) -> None:
        """Rows already in COPY text format (Table.encode), PostgreSQL only."""
        if not data:
            return
        table_sql = connection.ops.quote_name(table.name)
        copy_sql = f"COPY {table_sql} ({table.sql_columns()}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            copy.write(data)

    # --- indexes and constraints around a big load --------------------------------------------------

    def _drop_indexes(self) -> None:
        """Foreign keys, unique constraints (but those a foreign key elsewhere depends on) and plain
        indexes of the tables; primary keys stay (ids are checked as they come, and other tables' foreign
        keys rest on them)."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.conname, c.conrelid::regclass::text, c.contype, pg_get_constraintdef(c.oid)
                FROM pg_constraint c
                WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
                  AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid
                      AND c.contype = 'u')
                ORDER BY c.contype, c.conname
                """,
                [self.tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [self.tables],
            )
            indexes = cursor.fetchall()
            quote = connection.ops.quote_name
            for name, table, kind, definition in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                statement = f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
                (self._constraints if kind == "f" else self._rebuild).append(statement)
            for name, definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
                self._rebuild.append(definition)
        self._rebuild += self._constraints  # foreign keys last: their check reads the indexes built before

    def _build_indexes(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in self._rebuild:
                cursor.execute(statement)
            for table in self.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        self._rebuild = []


# --- worker processes --------------------------------------------------------------------------------


class WorkerError(RuntimeError):
    """A worker process failed; the message carries its traceback."""


def _settings_snapshot() -> dict:
    """The parent's settings as they are now (a test's overrides, the data key), for the workers to take
    on: what they encrypt and digest must be what this process would have written."""
    import pickle

    from django.conf import settings

    snapshot = {}
    for name in dir(settings):
        if name.isupper() and name != "DATABASES":  # workers do not touch the database
            value = getattr(settings, name)
            try:
                pickle.dumps(value)
            except Exception:  # noqa: S112 - a setting that cannot travel is one the workers do not need
                continue
            snapshot[name] = value
    return snapshot


def _serve(conn, payload: bytes, handler: str) -> None:
    """A worker's life: Django set up with the parent's settings, then `handler(plan)` answers
    (method, args) messages until None. The settings and the plan come pickled, to be read once Django
    is set up (a plan may hold objects of the project's modules, which need the app registry)."""
    import importlib
    import os
    import pickle
    import traceback

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renshe.settings")
    import django

    django.setup()
    from django.conf import settings as live
    from django.core.signals import setting_changed

    settings, plan = pickle.loads(payload)  # noqa: S301 - from the parent process
    for name, value in settings.items():
        if getattr(live, name, object()) != value:
            setattr(live, name, value)
            setting_changed.send(sender=type(live._wrapped), setting=name, value=value, enter=True)
    module, _, name = handler.partition(":")
    try:
        worker = getattr(importlib.import_module(module), name)(plan)
    except Exception:
        conn.send(("error", traceback.format_exc()))
        return
    while (message := conn.recv()) is not None:
        method, args = message
        try:
            conn.send(("ok", getattr(worker, method)(*args)))
        except Exception:
            conn.send(("error", traceback.format_exc()))


class Workers:
    """`n` processes, each holding a `handler` object ("module:Class", built from `plan`) that the parent
    calls by message: `workers.send(i, "method", *args)`, and later `workers.receive(i)` for the answers,
    in the order asked. For generators whose rows cost more Python than the database costs to load them:
    the workers draw and encode, the parent only settles what must be settled once (unique values, ids)
    and streams COPY data. A thread per worker takes its answers as they come, so a worker never waits for
    the parent to read a large one before going on with what it was asked next.

    Processes are spawned, not forked: a forked child would share the parent's database connection."""

    def __init__(self, handler: str, plan, n: int):
        import multiprocessing
        import pickle

        context = multiprocessing.get_context("spawn")
        payload = pickle.dumps((_settings_snapshot(), plan))
        self.connections, self.processes, self.answers = [], [], []
        try:
            for _ in range(n):
                parent, child = context.Pipe()
                process = context.Process(target=_serve, args=(child, payload, handler), daemon=True)
                process.start()
                child.close()
                answers: queue.SimpleQueue = queue.SimpleQueue()
                threading.Thread(target=self._listen, args=(parent, answers), daemon=True).start()
                self.connections.append(parent)
                self.processes.append(process)
                self.answers.append(answers)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _listen(conn, answers: queue.SimpleQueue) -> None:
        while True:
            try:
                answers.put(conn.recv())
            except (EOFError, OSError):
                answers.put(("exited", None))
                return

    def __len__(self) -> int:
        return len(self.connections)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, i: int, method: str, *args) -> None:
        self.connections[i].send((method, args))

    def receive(self, i: int):
        status, value = self.answers[i].get()
        if status == "exited":
            raise WorkerError(f"worker {i} exited (code {self.processes[i].exitcode})")
        if status == "error":
            raise WorkerError(f"worker {i} failed:\n{value}")
        return value

    def close(self) -> None:
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.send(None)
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        for conn in self.connections:
            conn.close()
        self.connections, self.processes, self.answers = [], [], []
