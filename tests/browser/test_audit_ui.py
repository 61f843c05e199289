"""安全审计日志 in a real browser: a mistyped password and a sign-in at 曹杨新村街道, then 普陀's administrator
reviews them, filters the failures, and opens the operation log. Saves docs/screenshots/audit-log.png."""

import pytest
from selenium.webdriver.support.ui import Select

from renshe.core import services as core_services
from renshe.core.models import Person

pytestmark = pytest.mark.browser


def test_the_administrator_reviews_sign_ins_and_operations(browser):
    browser.get("/login/")
    browser.type("#id_username", "pt_caoyang")
    browser.type("#id_password", "not-the-password")
    browser.find("form button[type=submit]").click()
    browser.wait_for(".form-errors")
    browser.login("pt_caoyang")
    person = Person.objects.filter(organisation__path__startswith=browser.world.orgs["pt"].path).first()
    core_services.reveal_personal_data(person, by=browser.world.users["pt_caoyang"])
    browser.driver.delete_all_cookies()

    browser.login("pt_admin")
    browser.find(".sidebar a[href='/audit/']").click()
    browser.wait_for("[data-testid=access-records]")
    assert browser.find("h1").text == "安全审计日志"
    table = browser.find("[data-testid=access-records]").text
    assert "登录失败" in table and "用户名或密码错误" in table and "赵丽" in table
    browser.screenshot("audit-log.png")

    Select(browser.find("select[name=outcome]")).select_by_visible_text("用户名或密码错误")
    browser.find(".filters button").click()
    browser.wait(lambda d: "outcome=bad_credentials" in browser.path())
    rows = browser.find_all("[data-testid=access-records] tbody tr")
    assert len(rows) == 1 and "pt_caoyang" in rows[0].text

    browser.find("a[href='/audit/operations/']").click()
    browser.wait_for("[data-testid=operations]")
    assert "查看完整证件号码和电话" in browser.find("[data-testid=operations]").text
