"""Statistics periods where today falls on a month's or a year's edge (bin/test runs these at several dates)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renshe.core.periods import MonthPeriod, next_month

pytestmark = pytest.mark.clock


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def test_a_first_visit_is_the_last_twelve_months_this_one_included(frozen_today):
    period = MonthPeriod.asked({}, timezone.localdate())
    assert period.last == frozen_today.replace(day=1)
    assert period.first.day == 1 and _months_between(period.first, period.last) == 12
    assert frozen_today in period and period.first - timedelta(days=1) not in period
    assert next_month(frozen_today) not in period


def test_next_month_crosses_the_year_and_skips_no_month():
    assert next_month(date(2026, 12, 31)) == date(2027, 1, 1)
    assert next_month(date(2028, 2, 29)) == date(2028, 3, 1)
    day, seen = date(2026, 1, 15), []
    for _ in range(24):
        day = next_month(day)
        seen.append((day.year, day.month))
    assert len(set(seen)) == 24 and seen[-1] == (2028, 1)


@pytest.mark.parametrize("asked", [{"from": "2026-12", "to": "2026-12"}, {"from": "2028-02-29", "to": ""}])
def test_asked_months_keep_their_whole_last_month(asked):
    period = MonthPeriod.asked(asked, timezone.localdate())
    first = date.fromisoformat(asked["from"][:7] + "-01")
    assert period.first == first and first in period
    if period.last:
        assert next_month(period.last) - timedelta(days=1) in period and next_month(period.last) not in period
