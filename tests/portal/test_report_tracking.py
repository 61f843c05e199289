"""An arrears report closes its loop: the receipt gives a query code with the registration number, once, and
the tracking page shows the case's progress with them, as it does a dispute's; nothing personal is shown,
and a wrong code is refused within the same budgets."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import Event, WorkItem, WorkItemStatus
from renshe.core.subjects import subject_of
from renshe.inspection import services as inspection
from renshe.inspection.models import InspectionCase, Report
from renshe.portal import throttle

pytestmark = pytest.mark.clock


def _receipt(client, data) -> tuple[str, str]:
    assert client.post("/portal/report/", data).status_code == 302
    html = client.get("/portal/report/done/").content.decode()
    number = re.search(r'data-testid="report-number">([^<]+)<', html).group(1)
    code = re.search(r'data-testid="report-code">(\d+)<', html).group(1)
    assert 'data-testid="track-now"' in html
    return number, code


def _track(client, number: str, code: str) -> str:
    return client.post("/portal/track/", {"number": number, "code": code}).content.decode()


def test_a_complaint_is_tracked_with_its_number_and_code(world, worker, form_data):
    data = form_data()
    number, code = _receipt(worker, data)
    assert len(code) == 8
    report = Report.objects.get()
    assert len(report.query_digest) == 64 and code not in report.query_digest
    page = _track(worker, number, code)
    assert 'data-testid="progress"' in page and number in page
    assert "已收到，等待监察机构审查" in page and "上海某道具制造有限公司" in page
    assert world.orgs["fx_brigade"].name in page and 'data-testid="decide-by"' in page
    # nothing personal: neither the worker's name, ID number nor phone
    assert "李建华" not in page and data["id_number"] not in page and "13912345678" not in page


def test_the_page_follows_the_case_as_the_brigade_works_it(world, worker, form_data):
    number, code = _receipt(worker, form_data())
    case = InspectionCase.objects.get()
    inspection.accept_case(
        case, by=world.users["fx_inspector"], filed_on=timezone.localdate(), version=case.version
    )
    page = _track(worker, number.replace("〔", "(").replace("〕", ")"), code)  # typed with plain brackets
    assert "已立案，正在调查" in page and 'aria-current="step"' in page


def test_an_anonymous_reporter_follows_the_case_too(world, worker, form_data):
    number, code = _receipt(worker, form_data("anonymous"))
    assert "已收到，等待监察机构审查" in _track(worker, number, code)


def test_each_report_joining_a_case_has_its_own_code(world, worker, form_data):
    first = _receipt(worker, form_data())
    second = _receipt(worker, form_data(name="王秀英"))
    assert first[0] == second[0] and first[1] != second[1]
    for number, code in (first, second):
        assert 'data-testid="progress"' in _track(worker, number, code)


def test_a_wrong_code_is_refused_and_the_cases_budget_then_locks_it(world, worker, form_data):
    number, code = _receipt(worker, form_data())
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    page = _track(worker, number, wrong)
    assert 'data-testid="not-found"' in page and 'data-testid="progress"' not in page
    for n in range(
        throttle.TRACK_CASE_LIMIT - 1
    ):  # from other addresses: the per-case budget counts them all
        Client(REMOTE_ADDR=f"10.0.{n}.1").post("/portal/track/", {"number": number, "code": wrong})
    locked = _track(worker, number, code)  # now even the right code
    assert 'data-testid="tracking-locked"' in locked and 'data-testid="progress"' not in locked
    assert "查询码输错次数过多" in locked and "请联系劳动保障监察机构恢复查询" in locked
    case = InspectionCase.objects.get()
    event = Event.objects.get(**subject_of(case), verb="inspection.tracking_locked")
    assert event.actor is None and event.changes["wrong_codes"] == throttle.TRACK_CASE_LIMIT
    task = WorkItem.objects.get(**subject_of(case), kind="inspection.tracking_locked")
    assert task.status == WorkItemStatus.OPEN and task.organisation == world.orgs["fx_brigade"]


def _locked(worker, form_data) -> tuple[InspectionCase, str, str]:
    """A report's case whose tracking its wrong codes have locked: the case, its number and the right code."""
    number, code = _receipt(worker, form_data())
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for n in range(throttle.TRACK_CASE_LIMIT):
        Client(REMOTE_ADDR=f"10.1.{n}.1").post("/portal/track/", {"number": number, "code": wrong})
    assert 'data-testid="tracking-locked"' in _track(worker, number, code)
    return InspectionCase.objects.get(number=number), number, code


def test_the_brigade_reopens_a_locked_cases_tracking_from_its_page(world, worker, form_data, login):
    case, number, code = _locked(worker, form_data)
    inspector = login("fx_inspector")
    page = inspector.get(f"/inspection/{case.pk}/").content.decode()
    assert 'data-action="reopen_tracking"' in page and "恢复网上查询" in page
    stale = inspector.post(f"/inspection/{case.pk}/act/reopen_tracking/", {"reopen_tracking-version": 0})
    assert stale.status_code in (200, 409) and inspection.tracking_locked(case)  # a stale form writes nothing
    reopened = inspector.post(
        f"/inspection/{case.pk}/act/reopen_tracking/", {"reopen_tracking-version": version_of(case)}
    )
    assert reopened.status_code == 302
    event = Event.objects.get(**subject_of(case), verb="inspection.tracking_reopened")
    assert event.actor == world.users["fx_inspector"] and event.summary == "恢复网上查询"
    task = WorkItem.objects.get(**subject_of(case), kind="inspection.tracking_locked")
    assert task.status == WorkItemStatus.DONE
    assert 'data-testid="progress"' in _track(worker, number, code)
    # the budget starts again: one wrong code does not lock it
    again = Client(REMOTE_ADDR="10.2.0.1").post("/portal/track/", {"number": number, "code": "00000000"})
    assert 'data-testid="tracking-locked"' not in again.content.decode()
    # reopened, the page offers it no more, and a second reopening is refused
    assert 'data-action="reopen_tracking"' not in inspector.get(f"/inspection/{case.pk}/").content.decode()
    with pytest.raises(ValidationFailed):
        inspection.reopen_tracking(case, by=world.users["fx_inspector"], version=version_of(case))


def test_only_the_brigade_may_reopen_a_reports_tracking(world, worker, form_data, login):
    case, number, code = _locked(worker, form_data)
    for username, status in (("pt_caoyang", 404), ("fx_mediator", None)):
        other = login(username)
        page = other.get(f"/inspection/{case.pk}/")
        assert 'data-action="reopen_tracking"' not in page.content.decode()
        answer = other.post(
            f"/inspection/{case.pk}/act/reopen_tracking/", {"reopen_tracking-version": version_of(case)}
        )
        assert answer.status_code in ((status,) if status else (403, 404)), (username, answer.status_code)
    assert not Event.objects.filter(**subject_of(case), verb="inspection.tracking_reopened").exists()
    assert inspection.tracking_locked(case)
    assert 'data-testid="tracking-locked"' in _track(worker, number, code)


def test_a_case_not_locked_offers_no_reopening(world, worker, form_data, login):
    _receipt(worker, form_data())
    case = InspectionCase.objects.get()
    page = login("fx_inspector").get(f"/inspection/{case.pk}/").content.decode()
    assert 'data-action="reopen_tracking"' not in page


def test_a_dispute_code_does_not_open_a_report_and_the_reverse(world, worker, form_data):
    number, code = _receipt(worker, form_data())
    assert 'data-testid="not-found"' in _track(worker, "张江调〔2026〕0001号", code)
    assert inspection.find_report_by_query_code(number, code) is not None
    assert inspection.find_report_by_query_code(number + "x", code) is None
