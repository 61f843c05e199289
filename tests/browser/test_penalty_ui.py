"""An administrative penalty in a real browser: an inspector gives the employer the prior notice of a fine for
obstructing inspection (《劳动保障监察条例》第三十条), then decides it; the case page shows both documents."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.inspection.models import PenaltyDecision
from tests import builders

from .test_inspection_ui import click

pytestmark = pytest.mark.browser


def test_notice_then_decision_of_a_fine_on_the_case_page(browser):
    today = timezone.localdate()
    world = browser.world
    case = builders.registered(world, serial=7301, received_on=today - timedelta(days=30))
    case = builders.filed(world, case, on=today - timedelta(days=29), inquiry_on=today - timedelta(days=20))
    browser.login("fx_inspector")
    browser.get(f"/inspection/{case.pk}/")
    browser.wait_for("[data-testid=case-number]")
    assert not browser.find_all("[data-action=penalty_decide]")  # no decision before the notice

    click(browser, "[data-action=penalty_notice] summary")
    browser.wait_for("#id_penalty_notice-fine")
    Select(browser.find("#id_penalty_notice-violation")).select_by_value("obstruction")
    browser.type("#id_penalty_notice-fine", "8000")
    browser.type("#id_penalty_notice-facts", "拒不提供工资台账，阻挠监察员进入现场检查。")
    click(browser, "[data-action=penalty_notice] button[type=submit]")
    browser.wait_for_text(".flash-success", "行政处罚告知书")
    assert "8,000.00" in browser.find("[data-testid=penalties]").text
    assert not browser.find_all("[data-action=hearing_request]")  # 8,000 yuan is no large fine

    click(browser, "[data-action=penalty_decide] summary")
    browser.wait_for("#id_penalty_decide-fine")
    browser.type("#id_penalty_decide-fine", "6000")
    browser.driver.execute_script(
        "arguments[0].value = arguments[1]",
        browser.find("#id_penalty_decide-deadline"),
        (today + timedelta(days=15)).isoformat(),
    )
    browser.type("#id_penalty_decide-defence", "公司称系误解检查人员身份，已配合补交台账。")
    click(browser, "[data-action=penalty_decide] button[type=submit]")
    browser.wait_for_text(".flash-success", "行政处罚决定")
    decision = PenaltyDecision.objects.get(case=case)
    assert decision.number in browser.find("[data-testid=penalties]").text
    click(browser, "[data-action=serve] summary")  # its service next, opened for the screenshot
    browser.wait_for("#id_serve-served_to")
    browser.screenshot("inspection-penalty.png")
