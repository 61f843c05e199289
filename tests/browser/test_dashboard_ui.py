"""统计分析 in a real browser: the centre's leader reads three years of figures, charts drawn under the CSP,
and narrows them to the studio. Saves docs/screenshots/dispute-dashboard.png."""

import random

import pytest
from selenium.webdriver.support.ui import Select

from renshe.disputes import demo as disputes_demo

pytestmark = pytest.mark.browser


def test_leader_reads_the_dashboard_and_filters_it(browser):
    rng = random.Random(2026)
    disputes_demo.build_history(browser.world, rng)
    disputes_demo.LiveCases(browser.world, rng).build()

    browser.login("zj_lead")
    browser.get("/disputes/dashboard/")
    assert browser.find("h1").text == "劳动争议统计分析"
    received = int(browser.find("[data-testid=card-received] .card-value").text)
    assert 1200 < received < 1800  # the last twelve months of about 1,500 a year
    prior = float(browser.find("[data-testid=card-prior] .card-value").text.rstrip("%"))
    success = float(browser.find("[data-testid=card-success] .card-value").text.rstrip("%"))
    assert 75 < prior < 85 and 75 < success < 85
    # the definition is the card's tooltip
    assert "经调解数 ÷ 收案数" in browser.find("[data-testid=card-prior]").get_attribute("title")
    browser.settle_charts()
    for chart in browser.find_all("[data-chart]"):
        assert chart.find_elements("css selector", "svg"), chart.get_attribute("data-source")
    # the line charts have their legends (one entry per series)
    trend = browser.find("[data-source=chart-trend]").text
    assert "收案数" in trend and "调解成功数" in trend
    # 同比 beside the main figures; every table row shows down to 合计, no box scrolling inside the page
    assert "同比" in browser.find("[data-testid=yoy-received]").text
    for wrap in browser.find_all(".dash-table-wrap"):
        assert browser.driver.execute_script(
            "return arguments[0].scrollHeight <= arguments[0].clientHeight + 1", wrap
        )
    assert browser.find("[data-testid=table-month] .dash-total").is_displayed()
    browser.screenshot("dispute-dashboard.png")

    Select(browser.find("select[name=organisation]")).select_by_visible_text("“江心听语”调解工作室")
    browser.find("[data-testid=filters] button").click()
    browser.wait(lambda d: "organisation=" in browser.path())
    narrowed = int(browser.find("[data-testid=card-received] .card-value").text)
    assert 0 < narrowed < received / 3
    rows = browser.find_all("[data-testid=table-organisation] tbody tr")
    assert [r.find_elements("css selector", "td")[0].text for r in rows] == ["“江心听语”调解工作室"]
