"""The inspection pages in a real browser: an inspector registers a complaint by two workers at the counter,
accepts it, records an inquiry with a colleague and issues a rectification order."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.core.casework import version_of
from renshe.core.models import Enterprise
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection import services
from renshe.inspection.models import InspectionCase, RectificationOrder

pytestmark = pytest.mark.browser


def some_cases(world) -> None:
    """A few other cases so the list looks like a working day: one received, one filed long ago."""
    u, brigade = world.users, world.orgs["fx_brigade"]
    rng = random.Random(5)
    street = Enterprise.objects.get(name="上海某道具制造有限公司").street_id
    for i, received in enumerate(
        [date(2026, 3, 2), date(2026, 9, 1), timezone.localdate() - timedelta(days=2)]
    ):
        report = services.register_report(
            by=u["fx_inspector"],
            brigade=brigade,
            kind="complaint",
            channel="counter",
            respondent=services.RespondentInput(
                credit_code=credit_code(660000 + i, area="310120"),
                name=["上海某模具有限公司", "上海某纺织品有限公司", "上海某食品有限公司"][i],
                street_id=street,
            ),
            content="公司拖欠工资，多次讨要未果。",
            received_on=received,
            workers=[
                services.WorkerInput(citizen_id(rng), name, months=[(date(2026, 2, 1), Decimal("4800"))])
                for name in ("孙明", "周丽", "吴强")[: i + 1]
            ],
        )
        if i < 2:
            case = services.accept_case(
                report.case, by=u["fx_inspector"], filed_on=received, version=version_of(report.case)
            )
            services.assign_inspectors(
                case,
                by=u["fx_inspector"],
                inspectors=[u["fx_inspector"], u["fx_inspector2"]],
                version=version_of(case),
            )


def click(browser, css: str) -> None:
    """Click after scrolling the element to the middle of the window (the top bar is sticky)."""
    element = browser.find(css)
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_register_a_complaint_accept_it_investigate_and_order(browser):
    some_cases(browser.world)
    factory = Enterprise.objects.get(name="上海某道具制造有限公司")
    rng = random.Random(41)
    browser.login("fx_inspector")
    browser.find(".sidebar a[href='/inspection/new/']").click()
    browser.wait_for_text("h1", "登记投诉举报")

    Select(browser.find("#id_respondent")).select_by_visible_text(factory.name)
    browser.type("#id_external_reference", "12345-2026-300171")
    Select(browser.find("#id_channel")).select_by_value("hotline")
    for i, (name, first, last, monthly) in enumerate(
        [("钱小军", "2026-04", "2026-08", "5200"), ("冯秀英", "2026-06", "2026-08", "4650.50")]
    ):
        browser.type(f"#id_workers-{i}-name", name)
        browser.type(f"#id_workers-{i}-id_number", citizen_id(rng))
        for field, value in (("first_month", first), ("last_month", last)):
            browser.driver.execute_script(
                "arguments[0].value = arguments[1]", browser.find(f"#id_workers-{i}-{field}"), value
            )
        browser.type(f"#id_workers-{i}-monthly", monthly)
    browser.type("#id_content", "公司自2026年4月起拖欠工资，称账户被法院冻结，无力支付。")
    browser.screenshot("inspection-register.png")
    browser.find(".form-actions button[type=submit]").click()

    browser.wait_for("[data-testid=case-number]")
    case = InspectionCase.objects.get(respondent=factory)
    assert browser.find("[data-testid=case-number]").text == case.number
    assert browser.find("[data-testid=status]").text == "已登记"
    assert case.owed_total == Decimal("5200") * 5 + Decimal("4650.50") * 3
    assert "12345-2026-300171" in browser.find("[data-testid=reports]").text
    assert "投诉受理期限" in browser.find("[data-testid=deadline]").text

    click(browser, "[data-action=accept] summary")
    click(browser, "[data-action=accept] button[type=submit]")
    browser.wait_for_text(".flash-success", "受理立案")
    assert browser.find("[data-testid=status]").text == "已立案"
    assert "调查期限" in browser.find("[data-testid=deadline]").text

    # no rectification order before the case's inspectors are assigned (条例 第十六条)
    assert not browser.find_all("[data-action=order]")
    click(browser, "[data-action=assign] summary")
    for box in browser.find_all("[data-action=assign] input[name=assign-inspectors]"):
        if not box.is_selected():
            box.click()
    click(browser, "[data-action=assign] button[type=submit]")
    browser.wait_for_text(".flash-success", "指定")

    click(browser, "[data-action=record] summary")
    browser.wait_for("#id_record-place")
    Select(browser.find("#id_record-kind")).select_by_value("inquiry")
    browser.type("#id_record-place", "监察大队询问室")
    for box in browser.find_all("[data-action=record] input[name=record-inspectors]"):
        if not box.is_selected():
            box.click()
    browser.type("#id_record-persons_present", "法定代表人钱某")
    browser.type("#id_record-content", "钱某承认拖欠两名劳动者工资，称公司账户被法院冻结。")
    click(browser, "[data-action=record] button[type=submit]")
    browser.wait_for_text(".flash-success", "记录调查")
    assert browser.find("[data-testid=status]").text == "调查中"
    assert "监察大队询问室" in browser.find("[data-testid=records]").text

    click(browser, "[data-action=order] summary")
    browser.wait_for("#id_order-deadline")
    deadline = timezone.localdate() + timedelta(days=10)
    browser.driver.execute_script(
        "arguments[0].value = arguments[1]", browser.find("#id_order-deadline"), deadline.isoformat()
    )
    click(browser, "[data-action=order] button[type=submit]")
    browser.wait_for_text(".flash-success", "限期改正指令书")
    order = RectificationOrder.objects.get(case=case)
    assert order.amount_to_pay == case.owed_total and order.deadline == deadline
    assert order.number in browser.find("[data-testid=orders]").text
    assert browser.find("[data-testid=status]").text == "已责令限期改正"
    click(browser, "[data-action=serve] summary")  # the service form, opened for the screenshot
    browser.wait_for("#id_serve-served_to")
    browser.screenshot("inspection-detail.png")

    browser.find(".sidebar a[href='/inspection/']").click()
    browser.wait_for_text("h1", "劳动保障监察案件")
    assert case.number in browser.find("[data-testid=cases]").text
    assert browser.find_all("[data-testid=cases] .row-overdue")  # the case filed in March
    browser.screenshot("inspection-list.png")
