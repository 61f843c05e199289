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
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.utils.translation import gettext_lazy as _
from holidays.countries.china import ChinaStaticHolidays

from .law import PeriodRule, PeriodUnit, StatutoryPeriod
from .models import CalendarOverride, HolidaySchedule
from .parameters import period_rule_on

# A period ending on a rest day ends on the next working day (民事诉讼法 第八十五条; 劳动人事争议仲裁办案规则
# 第十九条 applies the same to arbitration). Start day itself is never counted.
ROLL_FORWARD_CITATION = "《民事诉讼法》第八十五条"
# 民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日 — for the periods in
# months and years (limitation, the inspection limit). Seen in a secondary source only (DOMAIN.md §8 [W]).
CIVIL_ROLL_FORWARD_CITATION = _("《民法典》第二百零三条（未核对原文）")


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
    rule: PeriodRule  # the rule in force on `start` (the statute's, or a local one)
    start: date
    due: date
    unconfirmed_years: tuple[int, ...]
    nominal_due: date  # the last day as counted, before a rest day moved it

    @property
    def schedule_confirmed(self) -> bool:
        return not self.unconfirmed_years

    @property
    def length_days(self) -> int:
        return (self.due - self.start).days

    @property
    def extended_by(self) -> str:
        """Why the last day is later than counted ("" if it is not): it fell on a rest day."""
        if self.due == self.nominal_due:
            return ""
        if self.rule.unit in (PeriodUnit.MONTHS, PeriodUnit.YEARS):
            return str(CIVIL_ROLL_FORWARD_CITATION)
        return ROLL_FORWARD_CITATION


def _counted_end(rule: PeriodRule, start: date, n: int) -> date:
    """The last day as counted from `start`, the start day itself not counted (民法典 第二百零一条): `n` days
    later, or the corresponding date `n` months or years later — the month's last day where it has no such
    date, e.g. 2029-02-28 for a year from 2028-02-29 (第二百零二条)."""
    if rule.unit == PeriodUnit.YEARS:
        return start + relativedelta(years=n)
    if rule.unit == PeriodUnit.MONTHS:
        return start + relativedelta(months=n)
    return start + timedelta(days=n)


def unconfirmed_years(start: date, due: date) -> tuple[int, ...]:
    """The years from `start`'s to `due`'s whose holiday schedule is not confirmed (neither in the library
    nor by an administrator): what `compute_deadline` says of a deadline, for one already computed and
    kept (a case's due date, a task's), so that the case page, the API and the workbench say the same."""
    years = [year for year in range(start.year, due.year + 1) if year not in library_confirmed_years()]
    if not years:
        return ()
    confirmed = set(
        HolidaySchedule.objects.filter(confirmed=True, year__in=years).values_list("year", flat=True)
    )
    return tuple(year for year in years if year not in confirmed)


def compute_deadline(period: StatutoryPeriod, start: date, extra_days: int = 0) -> Deadline:
    """The day a period that starts on `start` ends, by the rule in force on `start`. `extra_days` adds an
    approved extension in the rule's own unit (e.g. +30 working days under 劳动保障监察条例 第十七条)."""
    rule = period_rule_on(period, start)
    n = rule.length + extra_days
    if rule.unit == PeriodUnit.WORKING:
        # load a generous window once: working days never stretch a span past about 2× plus a long holiday
        calendar = WorkCalendar.load(start, start + timedelta(days=n * 2 + 30))
        due = nominal = calendar.add_working_days(start, n)
    else:
        nominal = _counted_end(rule, start, n)
        calendar = WorkCalendar.load(start, nominal + timedelta(days=30))
        due = calendar.roll_forward(nominal)
    unconfirmed = tuple(y for y in range(start.year, due.year + 1) if not calendar.is_confirmed(y))
    return Deadline(period, rule, start, due, unconfirmed, nominal)
