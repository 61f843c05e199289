"""Issue 12, points 1 and 2 in a real browser: the centre's mediator types a case number with ASCII brackets
into the header's search box and gets the results grouped by kind; the referred studio mediator opens the
employer's file from the case page and the applicant's phone from the person's page (logged)."""

import pytest

from tests import builders

pytestmark = pytest.mark.browser


def application(world):
    return builders.application(world, "赵晓东", "13700001234", seed=91)


def test_typing_a_number_in_the_header_search_box(browser):
    case = application(browser.world)
    browser.login("zj_centre")
    typed = case.number.replace("〔", "(").replace("〕", ")").removesuffix("号")
    browser.type("[data-testid=header-search]", typed + "\n")
    browser.wait_for("[data-testid=search-disputes]")
    assert browser.path().startswith("/search/?q=")
    disputes_group = browser.find("[data-testid=search-disputes]")
    assert case.number in disputes_group.text and "劳动争议案件" in disputes_group.text
    assert "监察案件" in browser.find("[data-testid=search-inspection]").text
    browser.screenshot("search.png")
    browser.find("[data-testid=search-disputes] a").click()
    browser.wait_for_text("h1", case.number)


def test_the_referred_mediator_opens_the_employers_file_and_calls_the_applicant(browser):
    world = browser.world
    case = builders.mediating(world, application(world), "zj_studio", via="zj_studio")
    browser.login("zj_studio")
    browser.get(f"/disputes/{case.pk}/")
    browser.find("[data-testid=employer-file]").click()
    browser.wait_for(".file-sections")
    page = browser.find("main").text
    assert case.respondent.name in page and case.number in page  # the file, with the studio's case
    browser.screenshot("party-enterprise-file.png")
    browser.get(f"/disputes/{case.pk}/")
    browser.find("[data-testid=applicant]").click()
    browser.wait_for("[data-testid=reveal]").click()
    browser.wait_for_text("#identity", "13700001234")
    assert "本次查看已记入时间线" in browser.find("#identity").text
