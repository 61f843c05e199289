"""Issue 14's pages in a real browser: the department administrator registers another system as a client
(系统管理 → 接口客户端) and reads its secret once; an official creates a personal access token in 个人中心,
sees it listed with its scopes, and revokes it. The tokens shown work against the API."""

import pytest
from django.test import Client
from selenium.webdriver.support.ui import Select

from renshe.core.models import ApiClient, ApiToken, Organisation

pytestmark = pytest.mark.browser


def _check(browser, name: str, value: str) -> None:
    box = browser.find(f"input[name={name}][value='{value}']")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    if not box.is_selected():
        box.click()


def test_the_administrator_registers_a_client_and_reads_its_secret_once(browser):
    """Saves docs/screenshots/api-client-secret.png: the client id and the secret, shown this once."""
    browser.login("pd_admin")
    browser.get("/system/clients/new/")
    browser.type("#id_name", "张江12345热线")
    browser.type("#id_username", "zj_hotline_ui")
    centre = Organisation.objects.get(name="张江镇劳动争议调解中心")
    Select(browser.find("#id_organisation")).select_by_value(str(centre.pk))
    Select(browser.find("#id_role")).select_by_value("mediator")
    _check(browser, "scopes", "read")
    _check(browser, "scopes", "disputes:write")
    browser.find("[data-testid=client-form] button[type=submit]").click()
    secret = browser.wait_for("[data-testid=client-secret]").text
    client_id = browser.find("[data-testid=client-id]").text
    browser.screenshot("api-client-secret.png")

    registered = ApiClient.objects.get(application__client_id=client_id)
    assert set(registered.scopes.split()) == {"read", "disputes:write"}
    browser.get(f"/system/clients/{registered.pk}/")
    assert secret not in browser.driver.page_source  # shown once, only its hash kept
    issued = Client().post(
        "/api/v1/oauth/token",
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert issued.status_code == 200 and set(issued.json()["scope"].split()) == {"read", "disputes:write"}


def test_an_official_creates_a_personal_token_and_revokes_it(browser):
    """Saves docs/screenshots/personal-tokens.png: the new key shown once above the list of tokens."""
    browser.login("zj_centre")
    browser.get("/profile/")
    form = "[data-testid=token-form]"
    browser.type(f"{form} #id_name", "调解中心台账同步")
    browser.type(f"{form} #id_days", "30")
    _check(browser, "scopes", "read")
    browser.find(f"{form} button[name=action][value=issue_token]").click()
    key = browser.wait_for("[data-testid=new-token]").text
    browser.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'start'})", browser.find("[data-testid=personal-tokens]")
    )
    browser.screenshot("personal-tokens.png")
    me = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert me.status_code == 200 and me.json()["username"] == "zj_centre"
    assert me.json()["credential"]["scopes"] == ["read"]

    token = ApiToken.objects.get(user__username="zj_centre", name="调解中心台账同步")
    browser.find(f"[data-testid=tokens] input[name=token][value='{token.pk}']").find_element(
        "xpath", ".."
    ).find_element("css selector", "button[value=revoke_token]").click()
    browser.wait_for("[data-testid=tokens]")
    token.refresh_from_db()
    assert token.revoked
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert refused.status_code == 401
