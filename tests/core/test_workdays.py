"""The statutory calendar: Chinese working days with holidays and make-up days, and honest warnings."""

from datetime import date

import pytest

from renshe.core import law, services
from renshe.core.models import CalendarOverride, HolidaySchedule
from renshe.core.workdays import WorkCalendar, compute_deadline

pytestmark = pytest.mark.django_db


def test_spring_festival_2026_holidays_and_make_up_days():
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2026, 2, 17))  # 春节
    assert cal.is_working_day(date(2026, 2, 14))  # Saturday, make-up working day
    assert cal.is_working_day(date(2026, 2, 28))  # Saturday, make-up working day
    assert not cal.is_working_day(date(2026, 2, 21))  # ordinary Saturday inside the break


def test_working_days_skip_holidays_and_count_make_up_days():
    # 5 working days from Friday 2026-02-13: 14 (make-up Sat), then 15–23 off, 24, 25, 26, 27
    deadline = compute_deadline(law.COMPLAINT_ACCEPTANCE, date(2026, 2, 13))
    assert deadline.due == date(2026, 2, 27)
    assert deadline.schedule_confirmed


def test_calendar_day_period_ending_on_a_holiday_rolls_to_next_working_day():
    # 15 days from 2026-09-20 end on Monday 2026-10-05, inside the National Day break → 2026-10-08
    deadline = compute_deadline(law.MEDIATION_PERIOD, date(2026, 9, 20))
    assert deadline.due == date(2026, 10, 8)


def test_sixty_working_days_with_extension():
    plain = compute_deadline(law.INVESTIGATION_PERIOD, date(2026, 3, 2))
    extended = compute_deadline(law.INVESTIGATION_PERIOD, date(2026, 3, 2), extra_days=30)
    assert (extended.due - plain.due).days >= 30 + 8  # 30 working days span at least six weekends


def test_year_without_confirmed_schedule_is_flagged_not_guessed_silently():
    deadline = compute_deadline(law.MEDIATION_PERIOD, date(2026, 12, 25))
    assert deadline.due.year == 2027
    assert not deadline.schedule_confirmed and deadline.unconfirmed_years == (2027,)


def test_confirming_a_year_with_its_days_changes_the_result(world):
    admin = world.users["pt_admin"]
    before = compute_deadline(law.COMPLAINT_ACCEPTANCE, date(2027, 2, 3))
    services.confirm_holiday_schedule(
        2027,
        by=admin,
        source="国办发明电〔2026〕1号",
        days=[(date(2027, 2, 4), False, "春节调休"), (date(2027, 2, 11), False, "春节调休")],
    )
    after = compute_deadline(law.COMPLAINT_ACCEPTANCE, date(2027, 2, 3))
    assert after.schedule_confirmed
    assert after.due > before.due
    assert CalendarOverride.objects.filter(day=date(2027, 2, 4), is_working_day=False).exists()
    assert HolidaySchedule.objects.get(year=2027).confirmed


def test_confirming_requires_the_calendar_capability(world):
    from renshe.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.confirm_holiday_schedule(2027, by=world.users["pt_caoyang"], source="x")


def test_confirmation_task_goes_to_every_bureau_and_closes_once_confirmed(world):
    from renshe.core.selectors import work_items_for

    for admin in ("pt_admin", "pd_admin", "fx_admin"):
        assert work_items_for(world.users[admin]).filter(kind="calendar.confirm_schedule").exists()
    assert not work_items_for(world.users["pt_caoyang"]).filter(kind="calendar.confirm_schedule").exists()
    year = HolidaySchedule.objects.get(confirmed=False).year
    services.confirm_holiday_schedule(year, by=world.users["pd_admin"], source="国办发明电")
    for admin in ("pt_admin", "pd_admin", "fx_admin"):
        assert not work_items_for(world.users[admin]).filter(kind="calendar.confirm_schedule").exists()


def test_calendar_page_confirms_a_schedule_and_refuses_those_without_the_permission(login, world):
    year = HolidaySchedule.objects.get(confirmed=False).year
    form = {
        "year": year,
        "source": "国办发明电〔2026〕7号",
        "days": f"{year}-02-08 休 春节\n{year}-02-20 班 调休上班",
    }
    refused = login("pt_caoyang").post("/calendar/", form)
    assert "无权" in refused.content.decode() and not HolidaySchedule.objects.get(year=year).confirmed
    bad = login("pt_admin").post("/calendar/", {**form, "days": f"{year}-02-30 休"})
    assert "日期无效" in bad.content.decode()
    assert login("pt_admin").post("/calendar/", form).status_code == 302
    assert HolidaySchedule.objects.get(year=year).confirmed
    assert CalendarOverride.objects.get(day=date(year, 2, 20)).is_working_day


def test_deadline_calculator_page_shows_the_citation_and_the_warning(login):
    body = login("pt_admin").get("/calendar/?period=mediation.period&start=2026-12-25").content.decode()
    assert "第十四条" in body and "尚未确认" in body
