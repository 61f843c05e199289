"""A tour of the back office in a real browser: what a user sees and does, page by page.

Each main page is also saved to docs/screenshots/ (embedded in the README) on every run.
"""

import re
from datetime import date

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.core.law import PERIODS
from renshe.core.models import Enterprise, Person
from renshe.core.selectors import streets_for
from renshe.core.synthetic import credit_code
from renshe.core.workdays import compute_deadline

pytestmark = pytest.mark.browser

BRAND_RED = "rgba(183, 28, 28, 1)"  # --brand in app.css


def test_login_workbench_and_switch_to_english(browser):
    browser.get("/")
    assert browser.path().startswith("/login/")  # not logged in: sent to the login page
    assert browser.lang() == "zh-CN"
    assert browser.find(".login-card h1").text == "人社业务平台"
    browser.screenshot("login.png")

    browser.login("pt_admin")
    assert browser.path() == "/"
    assert browser.find("h1").text == "我的待办"
    # the stylesheet is served and applied: the top bar is the bureau's red
    assert browser.find(".topbar").value_of_css_property("background-color") == BRAND_RED
    assert "李敏" in browser.find("[data-testid=who]").text

    # every work item shows its due date; next year's holiday schedule waits to be entered
    rows = browser.find_all("[data-testid=work-items] tbody tr")
    assert rows and all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", r.find_elements("css selector", "td")[3].text) for r in rows
    )
    next_year = timezone.localdate().year + 1
    title = f"录入并确认{next_year}年法定节假日及调休安排"
    row = next(r for r in rows if title in r.text)
    assert row.find_elements("css selector", "td")[3].text.startswith(date(next_year - 1, 12, 31).isoformat())
    assert int(browser.find("[data-testid=open-count]").text) == len(rows)
    browser.settle_charts()
    browser.screenshot("workbench.png")

    # the link opens the calendar page, where the schedule is entered
    browser.find("[data-testid=work-items] a[href='/calendar/']").click()
    browser.wait_for_text("h1", "法定期限与日历")

    # the language switch in the top bar
    switch = browser.find(".topbar .lang-switch button")
    assert switch.text == "English"
    switch.click()
    browser.wait(lambda d: browser.lang() == "en")
    assert browser.path() == "/calendar/"  # stays on the page
    assert browser.find(".topbar .lang-switch button").text == "中文"
    browser.get("/")
    assert browser.lang() == "en"  # the choice sticks
    browser.find(".topbar .lang-switch button").click()
    browser.wait(lambda d: browser.lang() == "zh-CN")


def test_enterprise_list_filter_and_enterprise_file(browser):
    browser.login("pd_admin")  # Pudong's administrator: the demo's Zhangjiang enterprises
    browser.find(".sidebar a[href='/enterprises/']").click()
    browser.wait_for_text("h1", "企业档案")
    assert "active" in browser.find(".sidebar a[href='/enterprises/']").get_attribute("class")
    rows = browser.find_all("[data-testid=enterprises] tbody tr")
    assert len(rows) == 12
    browser.screenshot("enterprises.png")

    enterprise = Enterprise.objects.order_by("name")[3]
    browser.type(".filters input[name=q]", enterprise.name)
    browser.find(".filters button").click()
    browser.wait(lambda d: "q=" in d.current_url)
    rows = browser.find_all("[data-testid=enterprises] tbody tr")
    assert [r.find_element("css selector", "td").text for r in rows] == [enterprise.name]
    assert browser.find(".filters input[name=q]").get_attribute("value") == enterprise.name  # kept

    # by credit code, lower case, finds the same enterprise
    browser.type(".filters input[name=q]", enterprise.credit_code.lower())
    browser.find(".filters button").click()
    browser.wait_for_text("[data-testid=enterprises] tbody", enterprise.name)
    assert len(browser.find_all("[data-testid=enterprises] tbody tr")) == 1

    # a keyword matching nothing says so
    browser.type(".filters input[name=q]", "不存在的企业名称")
    browser.find(".filters button").click()
    browser.wait_for_text("[data-testid=enterprises] tbody", "没有符合条件的企业")

    browser.find(".filters a[href='/enterprises/']").click()  # 重置
    browser.wait(lambda d: len(browser.find_all("[data-testid=enterprises] tbody tr")) == 12)
    browser.find(f"[data-testid=enterprises] a[href='/enterprises/{enterprise.pk}/']").click()

    # 一企一档
    browser.wait_for_text("h1", enterprise.name)
    assert "一企一档" in browser.find("h1").text
    assert enterprise.credit_code in browser.find(".facts").text
    titles = [h.text for h in browser.find_all("[data-section] h2")]
    assert {"劳动争议", "劳动保障监察", "欠薪预警", "职业技能等级证书", "技能人才"} <= set(titles)
    assert [a.text for a in browser.find_all(".breadcrumb a")] == ["首页", "企业档案"]
    timeline = browser.find(".timeline").text
    assert f"登记企业：{enterprise.name}" in timeline
    browser.screenshot("enterprise-file.png")


def test_register_enterprise_with_an_invalid_credit_code_then_fix_it(browser):
    admin = browser.world.users["pt_admin"]
    good = credit_code(777, "310107")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")  # wrong check character
    browser.login("pt_admin")
    browser.get("/enterprises/")
    browser.find(".page-head a[href='/enterprises/new/']").click()
    browser.wait_for_text("h1", "登记企业")

    street = Select(browser.find("#id_street"))
    offered = {o.text for o in street.options if o.get_attribute("value")}
    assert offered == {o.name for o in streets_for(admin)}
    assert offered and all(o.region.parent.code == "310107" for o in streets_for(admin))  # Putuo's streets

    typed = {
        "#id_name": "上海浏览器测试软件有限公司",
        "#id_legal_representative": "欧阳明",
        "#id_address": "普陀区曹杨路100号",
        "#id_contact_phone": "13912345678",
        "#id_employee_count": "25",
    }
    browser.type("#id_credit_code", bad)
    for css, text in typed.items():
        browser.type(css, text)
    Select(browser.find("#id_industry")).select_by_value("65")
    street.select_by_visible_text("曹杨新村街道")
    Select(browser.find("#id_size")).select_by_value("small")
    browser.find("form.form button[type=submit]").click()

    # back with the error under the credit code, everything else as typed
    error = browser.wait_for(".error[data-field=credit_code]")
    assert error.text
    field = browser.find(".field.has-error")
    assert browser.find("#id_credit_code", within=field).get_attribute("value") == bad
    assert len(browser.find_all(".field.has-error")) == 1
    for css, text in typed.items():
        assert browser.find(css).get_attribute("value") == text, css
    assert Select(browser.find("#id_industry")).first_selected_option.get_attribute("value") == "65"
    assert Select(browser.find("#id_street")).first_selected_option.text == "曹杨新村街道"
    assert Select(browser.find("#id_size")).first_selected_option.get_attribute("value") == "small"
    assert not Enterprise.objects.filter(name=typed["#id_name"]).exists()
    browser.screenshot("enterprise-form-error.png")

    browser.type("#id_credit_code", good)
    browser.find("form.form button[type=submit]").click()
    browser.wait_for_text(".flash-success", "企业已登记")
    enterprise = Enterprise.objects.get(credit_code=good)
    assert browser.path() == f"/enterprises/{enterprise.pk}/"
    assert enterprise.name in browser.find("h1").text
    assert enterprise.street.name == "曹杨新村街道" and enterprise.employee_count == 25
    assert f"登记企业：{enterprise.name}" in browser.find(".timeline").text
    assert "李敏" in browser.find(".timeline").text


def test_street_mediator_cannot_open_another_streets_enterprise(browser):
    caoyang = browser.world.orgs["street:310107005"]
    elsewhere = Enterprise.objects.exclude(street=caoyang).first()
    browser.expected_errors += [f"/enterprises/{elsewhere.pk}/", "/enterprises/999999/"]
    browser.login("pt_caoyang")
    browser.get(f"/enterprises/{elsewhere.pk}/")
    assert browser.find("h1").text == "无法访问"
    assert "不在您的数据范围内" in browser.find("[role=alert]").text
    assert elsewhere.name not in browser.driver.page_source
    assert browser.status_of(f"/enterprises/{elsewhere.pk}/") == 404
    assert browser.status_of("/enterprises/999999/") == 404  # the same answer as a missing record
    browser.find(".content a.btn").click()  # 返回工作台
    browser.wait_for_text("h1", "我的待办")


def test_person_reveal_full_id_is_recorded_on_the_timeline(browser):
    person = Person.objects.get(name="黄秀英")  # registered by pt_admin, old area code
    browser.login("pt_admin")
    browser.find(".sidebar a[href='/people/']").click()
    browser.wait_for_text("h1", "人员信息")
    browser.find(f"[data-testid=people] a[href='/people/{person.pk}/']").click()
    browser.wait_for_text("h1", "黄秀英")

    shown = browser.find("[data-testid=id-number]")
    assert (
        shown.text == person.masked_id
        and "*" in shown.text
        and person.id_number not in browser.driver.page_source
    )
    assert "查看完整证件号码" not in browser.find(".timeline").text
    browser.screenshot("person.png")

    button = browser.find("[data-testid=reveal]")
    assert button.text == "查看完整信息（将被记录）"
    url = browser.driver.current_url
    button.click()
    browser.wait_for_text("[data-testid=id-number]", person.id_number)
    assert browser.driver.current_url == url  # swapped in place, no page load
    assert "本次查看已记入时间线" in browser.find("#identity").text
    assert not browser.find_all("[data-testid=reveal]")
    # the swapped-in fragment keeps the facts grid in step: every label stays in a label column
    labels = browser.find_all(".facts dt")
    assert {dt.location["x"] for dt in labels} == {dt.location["x"] for dt in labels[:2]}

    browser.driver.refresh()
    browser.wait_for_text(".timeline", "查看完整证件号码和电话：黄秀英")
    first = browser.find(".timeline li")
    assert "李敏" in first.text and "查看完整证件号码和电话" in first.text  # newest first
    assert browser.find("[data-testid=id-number]").text == person.masked_id  # masked again


def test_calendar_deadline_and_organisations(browser):
    today = timezone.localdate()
    expected = compute_deadline(PERIODS["inspection.investigation"], today)
    browser.login("pt_admin")
    browser.get(f"/calendar/?period=inspection.investigation&start={today.isoformat()}")
    result = browser.wait_for("[data-testid=deadline]")
    assert expected.due.isoformat() in result.find_element("css selector", "strong").text
    assert "调查期限" in result.text and today.isoformat() in result.text
    assert Select(browser.find("select[name=period]")).first_selected_option.get_attribute("value") == (
        "inspection.investigation"
    )
    if expected.unconfirmed_years:
        assert "尚未确认" in result.text
    browser.screenshot("calendar.png")

    browser.find(".sidebar a[href='/organisations/']").click()
    browser.wait_for_text("h1", "机构网络")
    tree = browser.find("[data-testid=org-tree]").text
    assert "普陀区人力资源和社会保障局" in tree and "曹杨新村街道" in tree
    assert "浦东新区" not in tree  # pt_admin sees Putuo's part of the network only
    browser.screenshot("organisations.png")


def test_login_page_fits_a_phone(browser):
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    browser.get("/login/")
    assert browser.driver.execute_script("return window.innerWidth") == 390
    no_scroll = browser.driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_scroll, "the login page scrolls sideways on a phone"
    card = browser.driver.execute_script(
        "const r = document.querySelector('.login-card').getBoundingClientRect();"
        "return {left: r.left, right: r.right, bottom: r.bottom};"
    )
    assert card["left"] >= 0 and card["right"] <= 390 and card["bottom"] <= 844
    button = browser.find("form button[type=submit]")
    assert button.size["width"] > 250  # the full-width button is easy to tap
    browser.screenshot("login-phone.png")
