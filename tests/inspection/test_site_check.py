"""A site check (网格现场核查): the brigade asks a grid under it to verify an employer on site by a date; the
task sits on the grid officer's workbench until they record the visit on the check's page; the findings join
the case's timeline and its page. Refused: a grid outside the brigade, a date past, anyone but the grid's
officer recording the visit, a visit in the future or recorded twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import WorkItem
from renshe.core.selectors import events_for, work_items_for
from renshe.inspection import services
from renshe.inspection.models import SiteCheck

# due dates and visit days are counted from today: run again at tests/clock.py's dates
pytestmark = pytest.mark.clock

ASK = "核实该单位是否仍在经营、在岗人数"


@pytest.fixture
def ask(filed, world, u):
    case = filed(2)

    def _ask(**overrides):
        data = {
            "by": u["fx_inspector"],
            "grid": world.orgs["grid:南桥网格"],
            "ask": ASK,
            "due_on": timezone.localdate() + timedelta(days=3),
            "version": version_of(case),
        }
        return services.request_site_check(case, **(data | overrides))

    return _ask


def test_the_check_goes_on_the_grid_officers_workbench_and_the_timeline(ask, u):
    check = ask()
    item = work_items_for(u["fx_grid"]).get(kind="inspection.site_check")
    assert item.due_on == check.due_on and check.case.respondent.name in item.title
    assert item.url == f"/inspection/site-checks/{check.pk}/"
    assert not work_items_for(u["fx_inspector"]).filter(kind="inspection.site_check").exists()
    event = events_for(check.case).get(verb="inspection.site_check")
    assert "南桥网格" in event.summary and ASK in event.summary


def test_a_check_asks_a_grid_of_the_brigade_by_a_date_to_come(ask, world, u):
    for overrides, field in (
        ({"grid": world.orgs["fx_centre"]}, "grid"),  # not a grid
        ({"grid": world.orgs["pt_brigade"]}, "grid"),
        ({"ask": "  "}, "ask"),
        ({"due_on": timezone.localdate() - timedelta(days=1)}, "due_on"),
    ):
        with pytest.raises(ValidationFailed) as error:
            ask(**overrides)
        assert error.value.field == field
    with pytest.raises(PermissionDenied):
        ask(by=u["fx_grid"])  # the grid does not task itself
    assert (
        not SiteCheck.objects.exists() and not WorkItem.objects.filter(kind="inspection.site_check").exists()
    )


def test_the_grid_officer_records_the_visit_on_the_checks_page(ask, login, u):
    check = ask()
    grid = login("fx_grid")
    url = f"/inspection/site-checks/{check.pk}/"
    page = grid.get(url).content.decode()
    assert check.case.respondent.name in page and ASK in page and 'name="findings"' in page
    # an empty form, and a visit in the future, are answered on the page; nothing is written
    assert "这个字段是必填项" in grid.post(url, {}).content.decode()
    later = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = grid.post(url, {"visited_on": later, "findings": "已停工"}).content.decode()
    assert "日期不能晚于今天" in refused
    assert SiteCheck.objects.get(pk=check.pk).visited_on is None
    findings = "大门紧闭，门卫称已停工一周，负责人电话无人接听。"
    response = grid.post(url, {"visited_on": timezone.localdate().isoformat(), "findings": findings})
    assert response.status_code == 302 and response["Location"] == "/"
    check.refresh_from_db()
    assert check.visited_on == timezone.localdate() and check.recorded_by == u["fx_grid"]
    assert not work_items_for(u["fx_grid"]).filter(kind="inspection.site_check").exists()
    assert events_for(check.case).filter(verb="inspection.site_visit", summary__contains=findings).exists()
    case_page = login("fx_inspector").get(f"/inspection/{check.case_id}/").content.decode()
    assert findings in case_page and 'data-testid="site-checks"' in case_page
    # done: the page shows the record, no form, and a second record is refused
    assert 'name="findings"' not in grid.get(url).content.decode()
    with pytest.raises(ValidationFailed):
        services.record_site_visit(check, by=u["fx_grid"], visited_on=timezone.localdate(), findings="再次")


def test_only_the_grids_officer_records_and_others_outside_see_nothing(ask, login, u):
    check = ask()
    url = f"/inspection/site-checks/{check.pk}/"
    inspector = login("fx_inspector").get(url).content.decode()  # the brigade reads it, does not record
    assert ASK in inspector and 'name="findings"' not in inspector
    assert login("pt_caoyang").get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.record_site_visit(check, by=u["fx_inspector"], visited_on=timezone.localdate(), findings="x")
    assert SiteCheck.objects.get(pk=check.pk).visited_on is None


def test_a_case_that_ends_takes_its_open_checks_off_the_workbench(ask, u):
    check = ask()
    case = check.case
    services.close_case(case, by=u["fx_inspector"], result="已全部支付", version=version_of(case))
    assert not work_items_for(u["fx_grid"]).filter(kind="inspection.site_check").exists()
    with pytest.raises(ValidationFailed):
        services.record_site_visit(check, by=u["fx_grid"], visited_on=timezone.localdate(), findings="x")
