"""Holds a service to casework.LOCK_ORDER: `with taken_in_order():` around one service call records, in the
order it takes them, the registry records it inserts (people, enterprises), the case-number counters it moves
and the cases it locks, and fails if one comes after a kind the order puts later (a counter after a case
lock, a new person after a counter …). Inserts and counters are read from the SQL, so no import style hides
them; case locks from QuerySet.select_for_update, since SQLite leaves FOR UPDATE out of its SQL."""

import contextlib
from unittest import mock

from django.db import connection
from django.db.models.query import QuerySet

from renshe.core.models import CaseSequence, Enterprise, Person
from renshe.disputes.models import DisputeCase
from renshe.inspection.models import InspectionCase

RANKS = {"registry": 1, "counter": 2, "case": 3}
CASES = (DisputeCase, InspectionCase)


@contextlib.contextmanager
def taken_in_order():
    taken: list[tuple[str, str]] = []
    writes = {
        connection.ops.quote_name(model._meta.db_table): kind
        for model, kind in ((Person, "registry"), (Enterprise, "registry"), (CaseSequence, "counter"))
    }

    def observe(execute, sql, params, many, context):
        head = sql.lstrip()[:120]
        for table, kind in writes.items():
            if head.startswith((f"INSERT INTO {table}", f"UPDATE {table}")):
                taken.append((kind, table))
        return execute(sql, params, many, context)

    select_for_update = QuerySet.select_for_update

    def recorded(self, *args, **kwargs):
        if issubclass(self.model, CASES):
            taken.append(("case", self.model.__name__))
        return select_for_update(self, *args, **kwargs)

    with connection.execute_wrapper(observe), mock.patch.object(QuerySet, "select_for_update", recorded):
        yield taken
    backwards = [(a, b) for a, b in zip(taken, taken[1:], strict=False) if RANKS[b[0]] < RANKS[a[0]]]
    assert not backwards, f"taken against casework.LOCK_ORDER: {backwards} in {taken}"
