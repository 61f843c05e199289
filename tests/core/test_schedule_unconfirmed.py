"""A deadline reaching into a year whose holiday schedule is not confirmed says so everywhere, from one
source (core.workdays.unconfirmed_years): the case page's 待复核, the case API's `deadline`, and the
workbench task's `schedule_unconfirmed` — also for a task given its due date by the service that computed it
(an investigation, a mediation), and no longer once the year is confirmed."""

from datetime import date

import pytest

from renshe.core import services
from renshe.core.models import WorkItem
from tests import builders

pytestmark = pytest.mark.today("2026-11-25")  # 2026's schedule is in the library, 2027's is not


def workbench_flags(client, kind: str) -> set[bool]:
    items = client.get("/api/v1/workbench?page_size=100").json()["items"]
    flags = {item["schedule_unconfirmed"] for item in items if item["kind"] == kind}
    assert flags, f"no {kind} task"
    return flags


def confirm_2027(world) -> None:
    services.confirm_holiday_schedule(2027, by=world.users["pt_admin"], source="国办发明电〔2026〕1号")


def test_an_investigation_into_2027_is_flagged_on_the_page_the_api_and_the_workbench(world, api, login):
    case = builders.registered(world, serial=51, received_on=date(2026, 11, 20))
    client = api("fx_inspector")
    answer = client.post(
        f"/api/v1/inspection/{case.pk}/accept", {"version": case.version}, content_type="application/json"
    )
    limit = answer.json()["deadline"]
    assert limit["period"] == "inspection.investigation" and limit["due_on"].startswith("2027-")
    assert limit["schedule_confirmed"] is False and limit["unconfirmed_years"] == [2027]
    assert workbench_flags(client, "inspection.investigate") == {True}
    page = login("fx_inspector").get(f"/inspection/{case.pk}/").content.decode()
    assert 'data-testid="calendar-unconfirmed"' in page

    confirm_2027(world)
    limit = client.get(f"/api/v1/inspection/{case.pk}").json()["deadline"]
    assert limit["schedule_confirmed"] is True and limit["unconfirmed_years"] == []
    assert workbench_flags(client, "inspection.investigate") == {False}
    page = login("fx_inspector").get(f"/inspection/{case.pk}/").content.decode()
    assert 'data-testid="calendar-unconfirmed"' not in page


def test_the_assigned_inspectors_tasks_carry_the_period_and_the_flag(world, api):
    case = builders.filed(
        world,
        builders.registered(world, serial=52, received_on=date(2026, 11, 20)),
        on=date(2026, 11, 23),
        inquiry_on=date(2026, 11, 24),
    )
    tasks = WorkItem.objects.filter(
        kind="inspection.investigate", assignee__isnull=False, subject_id=str(case.pk)
    )
    assert tasks.count() == 2
    assert all(t.schedule_unconfirmed and t.period_citation for t in tasks)


def test_a_mediation_within_2026_is_not_flagged_until_moved_into_2027(world, api):
    case = builders.mediating(world, builders.applied(world, received_on=date(2026, 11, 20)))
    assert case.mediation_due_on.year == 2026
    client = api("zj_centre")
    limit = client.get(f"/api/v1/disputes/{case.pk}").json()["deadline"]
    assert limit["period"] == "mediation.period" and limit["schedule_confirmed"] is True
    assert workbench_flags(client, "dispute.mediate") == {False}

    services.reschedule_work_items(case, kind="dispute.mediate", due_on=date(2027, 1, 8))
    assert workbench_flags(client, "dispute.mediate") == {True}


def test_the_disputes_case_page_says_to_check_a_limit_into_2027(world, login, api):
    case = builders.mediating(world, builders.applied(world, received_on=date(2026, 11, 25)))
    services.reschedule_work_items(case, kind="dispute.mediate", due_on=date(2027, 1, 8))
    case.mediation_due_on = date(2027, 1, 8)
    case.save(update_fields=["mediation_due_on"])
    limit = api("zj_centre").get(f"/api/v1/disputes/{case.pk}").json()["deadline"]
    assert limit["due_on"] == "2027-01-08" and limit["unconfirmed_years"] == [2027]
    page = login("zj_centre").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-testid="calendar-unconfirmed"' in page
