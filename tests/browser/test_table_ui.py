"""A list as people know it (issue 12, point 5), in a real browser: the centre's leader opens the column
chooser beside the organisation tree, drops a column (remembered after a reload), narrows the list to the
studio by the tree, sorts by a header and ticks a page of rows. Saves docs/screenshots/table.png."""

import random

import pytest

from renshe.disputes import demo as disputes_demo

pytestmark = pytest.mark.browser


def test_leader_chooses_columns_filters_by_the_tree_and_sorts(browser):
    disputes_demo.LiveCases(browser.world, random.Random(2026)).build()
    browser.login("zj_lead")
    browser.get("/disputes/")
    tree = browser.find("[data-testid=org-tree]")
    assert "张江" in tree.text and tree.is_displayed()
    heads = [th.get_attribute("data-col") for th in browser.find_all("[data-testid=cases] th[data-col]")]
    assert heads[:3] == ["number", "applicant", "respondent"]
    browser.find("[data-testid=columns] summary").click()
    chooser = browser.wait_for(".column-form")
    assert chooser.is_displayed() and "被申请人" in chooser.text
    browser.find(".column-form input[value=respondent]").click()  # untick
    browser.screenshot("table.png")
    browser.find(".column-form .btn-primary").click()
    browser.wait(lambda d: "列设置已保存" in browser.find("main").text)
    browser.get("/disputes/")
    heads = [th.get_attribute("data-col") for th in browser.find_all("[data-testid=cases] th[data-col]")]
    assert "respondent" not in heads and heads[0] == "number"

    studio = browser.world.orgs["zj_studio"]
    browser.find(f"[data-org='{studio.pk}']").click()
    browser.wait(lambda d: f"org={studio.pk}" in browser.path())
    organisations = {td.text for td in browser.find_all("[data-testid=cases] tbody tr td:nth-child(4)")}
    assert organisations and all("江心听语" in name or "工作室" in name for name in organisations), (
        organisations
    )

    browser.find("th[data-col=received] a").click()
    browser.wait(lambda d: "sort=received" in browser.path())
    days = [td.text for td in browser.find_all("[data-testid=cases] tbody tr td:nth-child(6)")]
    assert days == sorted(days)
    browser.find("[data-select-all]").click()
    boxes = browser.find_all("input[name=pk]")
    assert boxes and all(b.is_selected() for b in boxes)
