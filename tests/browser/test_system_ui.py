"""系统管理 in a real browser: 普陀's administrator creates a user (and hands over the temporary password),
moves a street under another in the organisation tree, and finds both in the operation log with Chinese
names (a case by its number). Saves docs/screenshots/system-users.png, system-organisations.png and operation-log.png."""

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.core.models import Organisation, User
from tests import builders

pytestmark = pytest.mark.browser


def test_the_administrator_creates_a_user_and_moves_an_organisation(browser):
    world = browser.world
    caoyang, changfeng = world.orgs["street:310107005"], world.orgs["street:310107014"]
    browser.login("pt_admin")
    browser.find(".sidebar a[href='/system/users/']").click()
    browser.wait_for("[data-testid=users]")
    browser.find("[data-testid=user-create]").click()
    browser.wait_for("[data-testid=account-form]")
    browser.type("#id_username", "pt_qianxin")
    browser.type("#id_full_name", "钱新")
    Select(browser.find("#id_organisation")).select_by_value(str(caoyang.pk))
    Select(browser.find("#id_role")).select_by_value("mediator")
    assert "all" not in [o.get_attribute("value") for o in browser.find_all("#id_data_scope option")]
    browser.find("button[name=action][value=save]").click()
    password = browser.wait_for("[data-testid=temporary-password]").text
    assert len(password) >= 10 and User.objects.get(username="pt_qianxin").password_must_change

    browser.get("/system/users/")
    table = browser.wait_for("[data-testid=users]").text
    assert "pt_qianxin" in table and "钱新" in table and "待改密码" in table and "曹杨新村街道" in table
    browser.screenshot("system-users.png")

    browser.find(".sidebar a[href='/system/organisations/']").click()
    tree = browser.wait_for("[data-testid=org-tree]")
    assert "普陀区人力资源和社会保障局" in tree.text
    browser.find(f"[data-org='{caoyang.pk}'] a.org-name").click()
    browser.wait_for("[data-testid=move-form]")
    Select(browser.find("#id_parent")).select_by_value(str(changfeng.pk))
    browser.find("[data-testid=move]").click()
    browser.wait_for_text("[data-testid=org-path]", "长风新村街道")
    assert Organisation.objects.get(pk=caoyang.pk).parent_id == changfeng.pk

    browser.get("/system/organisations/")
    browser.type(".filters input[name=q]", "曹杨")
    browser.find(".filters button").click()
    browser.wait_for("[data-testid=found]")
    branch = browser.find(f"[data-org='{changfeng.pk}']")
    assert "曹杨新村街道" in browser.find(f"[data-org='{caoyang.pk}']", within=branch).text
    browser.screenshot("system-organisations.png")

    browser.get("/audit/operations/")
    Select(browser.find("[data-testid=verb-filter]")).select_by_visible_text("全部（用户）")
    browser.find(".filters button").click()
    browser.wait(lambda d: "verb=user." in browser.path())
    assert "新建用户" in browser.find("[data-testid=operations]").text
    browser.get("/audit/operations/")
    log = browser.wait_for("[data-testid=operations]").text
    assert "调整上级机构" in log and "新建用户" in log and "organisation.moved" not in log
    assert "pt_qianxin" in log and "曹杨新村街道" in log

    # 浦东's administrator sees a case's events by its number, not "劳动争议案件 #id"
    case = builders.applied(world, received_on=timezone.localdate())
    browser.driver.delete_all_cookies()
    browser.login("pd_admin")
    browser.get("/audit/operations/")
    log = browser.wait_for("[data-testid=operations]").text
    assert case.number in log and "收到调解申请" in log and "dispute.applied" not in log
    assert f"#{case.pk}" not in log
    browser.screenshot("operation-log.png")
