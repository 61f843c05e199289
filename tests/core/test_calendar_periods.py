"""Periods in months and years are calendar periods (民法典 第二百零一条、第二百零二条、第二百零三条), not counts of
365 days: they end on the corresponding date, the month's last day where it has none, and a rest-day end moves
to the next working day."""

from datetime import date

import pytest

from renshe.core import law
from renshe.core.law import PeriodUnit
from renshe.core.workdays import compute_deadline

pytestmark = pytest.mark.django_db


def test_limitation_and_inspection_limit_are_counted_in_years():
    # 调解仲裁法 第二十七条第一款: 时效期间为一年; 劳动保障监察条例 第二十条: 2年内
    assert (law.LIMITATION_PERIOD.length, law.LIMITATION_PERIOD.unit) == (1, PeriodUnit.YEARS)
    assert (law.INSPECTION_LOOKBACK.length, law.INSPECTION_LOOKBACK.unit) == (2, PeriodUnit.YEARS)


def test_a_year_from_29_february_ends_on_28_february():
    # 民法典 第二百零二条: 到期月没有对应日的，月末日为期间的最后一日 (2029-02-28 is a Wednesday, a working day)
    deadline = compute_deadline(law.LIMITATION_PERIOD, date(2028, 2, 29))
    assert deadline.due == deadline.nominal_due == date(2029, 2, 28)
    assert not deadline.extended_by


def test_a_year_across_29_february_is_not_365_days():
    # 民法典 第二百零二条: a year from 2027-03-01 ends on 2028-03-01 (366 days), not on 2028-02-29
    deadline = compute_deadline(law.LIMITATION_PERIOD, date(2027, 3, 1))
    assert deadline.due == date(2028, 3, 1) and deadline.length_days == 366


def test_a_year_ending_in_the_national_day_break_ends_on_the_next_working_day():
    # 民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日
    deadline = compute_deadline(law.LIMITATION_PERIOD, date(2025, 10, 1))
    assert deadline.nominal_due == date(2026, 10, 1)
    assert deadline.due == date(2026, 10, 8)
    assert "第二百零三条" in deadline.extended_by


def test_two_years_ending_on_a_weekend_across_a_leap_day():
    # 劳动保障监察条例 第二十条 with 民法典 第二百零二条、第二百零三条: two years from 2023-03-01 end on Saturday
    # 2025-03-01, moved to Monday 2025-03-03 (730 days would have ended on 2025-02-28)
    deadline = compute_deadline(law.INSPECTION_LOOKBACK, date(2023, 3, 1))
    assert (deadline.nominal_due, deadline.due) == (date(2025, 3, 1), date(2025, 3, 3))


def test_the_calendar_api_shows_the_counted_day_and_why_it_moved(api):
    body = (
        api("pt_admin").get("/api/v1/calendar/deadline?period=arbitration.limitation&start=2025-10-01").json()
    )
    assert (body["kind"], body["length"]) == ("years", 1)
    assert (body["counted_due"], body["due"]) == ("2026-10-01", "2026-10-08")
    assert "第二百零三条" in body["extended_by"] and "第二十七条" in body["citation"]
