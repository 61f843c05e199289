"""An arrears report tracked on a phone, in Chromium: the district narrows the street list, the receipt gives
the registration number and a query code once, and the tracking page shows the case's progress; a tracking
that wrong codes locked is reopened by the brigade from the case page."""

import pytest
from django.core.cache import cache
from selenium.webdriver.support.ui import Select

from renshe.core.models import Enterprise
from renshe.inspection import services as inspection
from renshe.inspection.models import InspectionCase
from renshe.inspection.services import RespondentInput
from tests.browser.test_inspection_ui import click
from tests.browser.test_portal_ui import fits_the_phone, phone

pytestmark = pytest.mark.browser

FENGXIAN = "奉贤区"


def test_a_reporter_tracks_the_report_on_a_phone(browser):
    cache.clear()  # the portal's throttle counts in the cache, which outlives a test's database
    phone(browser)
    factory = Enterprise.objects.get(name="上海某道具制造有限公司")
    browser.get("/portal/report/?mode=anonymous")
    browser.wait_for("[data-testid=report-form]")
    streets = Select(browser.find("#id_street"))
    everywhere = len(streets.options)
    Select(browser.find("#id_district")).select_by_visible_text(FENGXIAN)
    groups = browser.find_all("#id_street optgroup")
    assert [g.get_attribute("label") for g in groups] == [FENGXIAN]  # only the chosen district's streets
    assert 1 < len(Select(browser.find("#id_street")).options) < everywhere
    Select(browser.find("#id_street")).select_by_visible_text("南桥镇")
    browser.type("#id_employer_name", factory.name)
    browser.type("#id_credit_code", factory.credit_code)
    browser.type("#id_content", "工地拖欠三十多名工人两个月工资，老板联系不上。")
    browser.find("[data-testid=submit]").click()

    browser.wait_for("[data-testid=report-receipt]")
    case = InspectionCase.objects.get()
    assert browser.find("[data-testid=report-number]").text == case.number
    code = browser.find("[data-testid=report-code]").text
    assert len(code) == 8 and code.isdigit()
    browser.find("[data-testid=track-now]").click()

    browser.wait_for("[data-testid=progress]")
    assert browser.find("[data-testid=status]").text == "已收到，等待监察机构审查"
    assert browser.find("[data-testid=respondent]").text == factory.name
    assert browser.find("[data-testid=organisation]").text == "奉贤区劳动保障监察大队"
    assert browser.find("[aria-current=step]").text.startswith("立案")
    fits_the_phone(browser)
    browser.driver.execute_script("window.scrollTo(0, 0)")
    browser.screenshot("portal-report-track-phone.png")


def _track(browser, number: str, code: str) -> None:
    browser.get("/portal/track/")
    browser.type("#id_number", number)
    browser.type("#id_code", code)
    browser.find("[data-testid=track-submit]").click()


def test_the_brigade_reopens_a_reports_tracking_that_wrong_codes_locked(browser):
    cache.clear()
    world = browser.world
    factory = Enterprise.objects.get(name="上海某道具制造有限公司")
    report, code = inspection.register_tracked_report(
        by=None,
        brigade=world.orgs["fx_brigade"],
        kind="report",
        channel="portal",
        respondent=RespondentInput(enterprise_id=factory.pk),
        content="工地拖欠三十多名工人两个月工资，老板联系不上。",
        anonymous=True,
    )
    case = report.case
    inspection.lock_tracking(case.number, wrong_codes=10)  # the portal's budget of wrong codes spent
    _track(browser, case.number, code)
    browser.wait_for("[data-testid=tracking-locked]")
    assert "请联系劳动保障监察机构恢复查询" in browser.find("[data-testid=tracking-locked]").text

    browser.login("fx_inspector")
    browser.get(f"/inspection/{case.pk}/")
    button = browser.find("[data-action=reopen_tracking] button[type=submit]")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    browser.screenshot("inspection-reopen-tracking.png")
    click(browser, "[data-action=reopen_tracking] button[type=submit]")
    browser.wait(lambda d: not browser.find_all("[data-action=reopen_tracking]"))
    assert "恢复网上查询" in browser.find("body").text  # the timeline's entry

    _track(browser, case.number, code)
    browser.wait_for("[data-testid=progress]")
    assert browser.find("[data-testid=status]").text == "已收到，等待监察机构审查"
