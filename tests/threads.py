"""Calls run at the same moment, each in its own thread and database connection (PostgreSQL shows what one
transaction does to another; SQLite queues the writers)."""

import threading
from collections.abc import Callable

from django.db import connection


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls at once; what each returned, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
