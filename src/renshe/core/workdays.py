"""The statutory calendar: deadlines in calendar days or Chinese working days.

Official holidays and make-up working days come from the `holidays` library (CN). Administrators add
`CalendarOverride` days and confirm a year in `HolidaySchedule` when the State Council publishes a
schedule the library does not have yet. A deadline that reaches into a year with no confirmed schedule is
still computed (weekends and fixed-date holidays only) but carries `schedule_confirmed=False`, which the UI
and API show as a warning rather than passing it off as certain.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays.countries.china import ChinaStaticHolidays

from .law import DayKind, StatutoryPeriod
from .models import CalendarOverride, HolidaySchedule

# A period ending on a rest day ends on the next working day (民事诉讼法 第八十五条; 劳动人事争议仲裁办案规则
# 第十九条 applies the same to arbitration). Start day itself is never counted.
ROLL_FORWARD_CITATION = "《民事诉讼法》第八十五条"


@lru_cache(maxsize=64)
def _library_year(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year)


def library_confirmed_years() -> set[int]:
    """Years for which the library carries the State Council's published schedule (its per-year
    substitution table); other years it extrapolates from fixed rules only."""
    return set(ChinaStaticHolidays.special_public_holidays)


@dataclass
class WorkCalendar:
    """Day statuses for a span of years, with the database overrides loaded once."""

    overrides: dict[date, bool] = field(default_factory=dict)
    admin_confirmed: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, start: date, end: date) -> "WorkCalendar":
        overrides = dict(
            CalendarOverride.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_working_day")
        )
        years = set(
            HolidaySchedule.objects.filter(
                confirmed=True, year__gte=start.year, year__lte=end.year
            ).values_list("year", flat=True)
        )
        return cls(overrides, years)

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return _library_year(day.year).is_working_day(day)

    def is_confirmed(self, year: int) -> bool:
        return year in self.admin_confirmed or year in library_confirmed_years()

    def add_working_days(self, start: date, n: int) -> date:
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def roll_forward(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class Deadline:
    period: StatutoryPeriod
    start: date
    due: date
    unconfirmed_years: tuple[int, ...]

    @property
    def schedule_confirmed(self) -> bool:
        return not self.unconfirmed_years

    @property
    def length_days(self) -> int:
        return (self.due - self.start).days


def compute_deadline(period: StatutoryPeriod, start: date, extra_days: int = 0) -> Deadline:
    """The day a period that starts on `start` ends. `extra_days` adds an approved extension in the
    period's own unit (e.g. +30 working days under 劳动保障监察条例 第十七条)."""
    n = period.effective_days + extra_days
    # load a generous window once: working days never stretch a span past about 2× plus a long holiday
    horizon = start + timedelta(days=n * 2 + 30 if period.kind == DayKind.WORKING else n + 30)
    calendar = WorkCalendar.load(start, horizon)
    if period.kind == DayKind.WORKING:
        due = calendar.add_working_days(start, n)
    else:
        due = calendar.roll_forward(start + timedelta(days=n))
    unconfirmed = tuple(y for y in range(start.year, due.year + 1) if not calendar.is_confirmed(y))
    return Deadline(period, start, due, unconfirmed)
