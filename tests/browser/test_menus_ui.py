"""Only what they can do, and accessible and bilingual, in a real browser: each role's menu as it draws, the
muted text's contrast as computed, the skip link and the focus ring from the keyboard, and the main pages in
English at 1280 px without a horizontal scroll bar.

Screenshots: docs/screenshots/menu-<login>.png and en-cases.png (README)."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.keys import Keys

from tests import builders

pytestmark = pytest.mark.browser

# what each login's side menu offers (core.navigation), top to bottom
MENUS = {
    "zj_arbitrator": ["我的待办", "案件列表", "统计分析", "转调解、仲裁", "企业档案", "人员信息", "机构网络"],
    "zj_lead": ["我的待办", "我的调解案件", "案件列表", "登记调解申请", "统计分析", "转调解、仲裁"],
    "fx_grid": ["我的待办", "登记投诉举报", "企业档案", "人员信息", "机构网络", "法定期限与日历", "修改密码"],
}
NOT_OFFERED = {
    "zj_arbitrator": ["登记调解申请", "登记投诉举报"],
    "zj_lead": ["监察案件列表", "登记投诉举报", "监察统计分析", "系统管理"],
    "fx_grid": ["监察案件列表", "监察统计分析", "登记调解申请"],
}


def menu(browser) -> list[str]:
    return [a.text for a in browser.find_all(".sidebar a")]


@pytest.mark.parametrize("username", MENUS)
def test_each_role_sees_only_the_menu_it_may_use(browser, username):
    browser.login(username)
    shown = menu(browser)
    assert shown[: len(MENUS[username])] == MENUS[username] or set(MENUS[username]) <= set(shown)
    assert not set(NOT_OFFERED[username]) & set(shown)
    browser.screenshot(f"menu-{username}.png")
    # every entry opens a page of its own, not a refusal
    for link in [a.get_attribute("href") for a in browser.find_all(".sidebar a")]:
        path = link.removeprefix(browser.base_url)
        assert browser.status_of(path) == 200, path


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# each muted text as drawn, with the colour of the first opaque background behind it
COLOURS = """
const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 4).map(Number);
const behind = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
  if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent && e.textContent.trim())
  .map(e => [e.className, rgb(getComputedStyle(e).color).slice(0, 3), behind(e)]);
"""


def test_muted_text_contrast_skip_link_and_focus_ring(browser):
    browser.login("pt_admin")
    for path in ("/", "/enterprises/", "/calendar/"):
        browser.get(path)
        drawn = browser.driver.execute_script(COLOURS, ".muted, .help, .breadcrumb, .menu-group, .card-label")
        assert drawn, path
        for cls, colour, background in drawn:
            ratio = contrast(tuple(colour), tuple(background))
            assert ratio >= 4.5, f"{path}: .{cls} {colour} on {background} is {ratio:.2f}:1"

    # the keyboard's first stop is the skip link, shown when reached, with the ring around it
    browser.find("body").send_keys(Keys.TAB)
    skip = browser.driver.switch_to.active_element
    assert skip.get_attribute("data-testid") == "skip-link" and skip.text == "跳到正文"
    assert skip.rect["x"] >= 0 and skip.is_displayed()
    assert skip.value_of_css_property("outline-style") == "solid"
    assert skip.value_of_css_property("outline-width") == "3px"
    # next, the top bar: a white ring on the bureau's red
    skip.send_keys(Keys.TAB)
    in_bar = browser.driver.switch_to.active_element
    assert "brand" in in_bar.get_attribute("class")
    assert in_bar.value_of_css_property("outline-color") == "rgba(255, 255, 255, 1)"
    assert contrast((255, 255, 255), (183, 28, 28)) >= 3
    # the skip link lands on the main content; the next stop there has the accent ring on the light page
    in_bar.send_keys(Keys.SHIFT, Keys.TAB)
    browser.driver.switch_to.active_element.send_keys(Keys.ENTER)
    browser.wait(lambda d: d.switch_to.active_element.get_attribute("id") == "main")
    browser.driver.switch_to.active_element.send_keys(Keys.TAB)
    in_page = browser.driver.switch_to.active_element
    assert in_page.find_element("xpath", "ancestor::main")
    assert in_page.value_of_css_property("outline-color") == "rgba(31, 95, 168, 1)"
    assert contrast((31, 95, 168), (245, 247, 250)) >= 3


PAGES_IN_ENGLISH = [
    "/",
    "/disputes/",
    "/disputes/queue/",
    "/disputes/dashboard/",
    "/inspection/",
    "/inspection/queue/",
    "/inspection/dashboard/",
    "/inspection/new/",
    "/enterprises/",
    "/people/",
    "/organisations/",
    "/calendar/",
    "/audit/",
]


def test_main_pages_in_english_fit_1280px(browser):
    browser.login("pt_admin")
    browser.find(".topbar .lang-switch button").click()
    browser.wait(lambda d: browser.lang() == "en")
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    too_wide = {}
    for path in PAGES_IN_ENGLISH:
        browser.get(path)
        assert browser.lang() == "en"
        width, room = browser.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if width > room:
            too_wide[path] = (width, room)
    assert not too_wide, too_wide
    browser.get("/enterprises/")
    # the menu and the industry names in English (GB/T 4754 sections and divisions)
    assert all(label.isascii() for label in menu(browser)), menu(browser)
    sections = [o.get_attribute("textContent") for o in browser.find_all("select[name=industry] option")][1:]
    assert len(sections) == 20 and all(name.isascii() for name in sections), sections
    assert "C Manufacturing" in sections
    browser.screenshot("en-enterprises.png")


def test_a_case_page_in_english_fits_and_its_timeline_reads_in_english(browser):
    case = builders.mediating(
        browser.world, builders.applied(browser.world, received_on=timezone.localdate())
    )
    browser.login("zj_centre")
    browser.find(".topbar .lang-switch button").click()
    browser.wait(lambda d: browser.lang() == "en")
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    for path in (f"/disputes/{case.pk}/", "/disputes/", "/disputes/queue/", "/"):
        browser.get(path)
        width, room = browser.driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width <= room, (path, width, room)
    browser.get(f"/disputes/{case.pk}/")
    timeline = browser.find(".timeline").text
    assert "Mediation application accepted" in timeline
    assert f"Mediation application received: {case.number}" in timeline
    main = browser.find("main").text
    assert "In mediation" in main and "Acceptance" in main and "Record mediation failure" in main
    browser.screenshot("en-dispute.png")
