"""The suite's clock. Every test runs with today frozen (time-machine, ticking from 10:00 Shanghai time):
at the date its `@pytest.mark.today("YYYY-MM-DD")` pins, else at RENSHE_TEST_TODAY, else DEFAULT_TODAY.
bin/test runs the tests marked `clock` (those whose outcome depends on where today falls) again at
CLOCK_DATES, so a month's or a year's turn, a leap day or the Spring Festival cannot break them unseen."""

import os
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_TODAY = date(2026, 11, 25)
# 31 December, 1 January, a leap day, the day before 春节 (2027-02-06), the last day of a 30-day month
CLOCK_DATES = ("2026-12-31", "2027-01-01", "2028-02-29", "2027-02-05", "2027-04-30")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    value = os.environ.get("RENSHE_TEST_TODAY")
    return date.fromisoformat(value) if value else DEFAULT_TODAY


def moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=SHANGHAI)


def frozen(argv: list[str]) -> list[str]:
    """A command line that runs `argv` (a Python script, e.g. the celery executable) in a process whose
    clock starts at the test's own (frozen, ticking) now: a real worker and the test agree on today, and
    two workers started one after the other agree on which of them came later (Redis's visibility timeout
    compares the times they stamp)."""
    now = datetime.now(SHANGHAI).isoformat()
    return [sys.executable, str(Path(__file__).with_name("frozen_run.py")), now, *argv]
