"""The public portal on a phone, in Chromium: a worker applies for mediation without an account, writes
down the case number and query code, and tracks the case. Screenshots go to docs/screenshots/."""

import pytest
from django.core.cache import cache
from selenium.webdriver.support.ui import Select

from renshe.core.models import Enterprise, Person
from renshe.core.synthetic import credit_code
from renshe.disputes.models import DisputeCase

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
BRAND_RED = "rgba(183, 28, 28, 1)"
ID_NUMBER = "11010519491231002X"  # GB 11643's own example


def phone(browser) -> None:
    browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)


def fits_the_phone(browser) -> None:
    """Nothing scrolls sideways and nothing pokes out to the right of the 390px screen."""
    assert browser.driver.execute_script("return window.innerWidth") == 390
    widths = browser.driver.execute_script(
        "const d = document.documentElement;"
        "const over = [...document.querySelectorAll('body *')].filter(e => {"
        "  const r = e.getBoundingClientRect(); return r.width && r.right > d.clientWidth + 0.5; });"
        "return {scroll: d.scrollWidth, client: d.clientWidth, over: over.map(e => e.outerHTML.slice(0, 80))};"
    )
    assert widths["scroll"] <= widths["client"], f"{browser.path()} scrolls sideways: {widths}"
    assert not widths["over"], f"{browser.path()}: wider than the screen: {widths['over']}"


def test_a_worker_applies_on_a_phone_and_tracks_the_case(browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pay_slip = tmp_path / "工资条.pdf"
    pay_slip.write_bytes(b"%PDF-1.4 pay slip")
    cache.clear()  # the portal's throttle counts in the cache, which outlives a test's database
    phone(browser)
    new_firm = credit_code(424242, "310115")

    browser.get("/portal/")
    assert browser.lang() == "zh-CN"
    assert browser.find(".p-header").value_of_css_property("background-color") == BRAND_RED
    assert (
        browser.find("[data-testid=bureau]").text == "上海市人力资源和社会保障局"
    )  # centres in two districts
    assert browser.find(".p-header .lang-switch button").text == "English"
    fits_the_phone(browser)
    go = browser.find("[data-testid=go-apply]")
    assert go.size["width"] > 300 and go.size["height"] >= 48  # big, easy to tap
    go.click()
    browser.wait_for_text("h1", "申请劳动争议调解")
    fits_the_phone(browser)

    # two mediation centres since the Fengxian story (张江, 南桥): the worker picks one; streets come grouped
    # by district
    centre = Select(browser.find("#id_centre"))
    assert centre.first_selected_option.text == "——请选择——"
    centre.select_by_visible_text("张江镇劳动争议调解中心")
    groups = [g.get_attribute("label") for g in browser.find_all("#id_street optgroup")]
    assert groups == ["普陀区", "浦东新区", "奉贤区"]
    for field in ("name", "id_number", "phone", "credit_code", "street", "claims-0-amount"):
        assert browser.find(f"#id_{field}").size["height"] >= 44, field

    browser.type("#id_name", "王小明")
    browser.type("#id_id_number", ID_NUMBER.lower())  # a lower-case x is fine
    browser.type("#id_phone", "138 1234 5678")
    browser.type("#id_employer_name", "上海新芯微电子有限公司")
    browser.type("#id_credit_code", new_firm)
    Select(browser.find("#id_street")).select_by_visible_text("张江镇")
    Select(browser.find("#id_claims-0-claim_type")).select_by_visible_text("拖欠工资")
    browser.type("#id_claims-0-amount", "18000")
    # a second claim: the folded rows open with a tap
    assert not browser.find("#id_claims-1-amount").is_displayed()
    browser.find(".p-more summary").click()
    Select(browser.find("#id_claims-1-claim_type")).select_by_visible_text("加班费")
    browser.type("#id_claims-1-amount", "-3200")  # a slip of the finger
    browser.type("#id_facts", "2026年3月入职，任装配工。公司拖欠9月至10月工资，多次催讨未果。")
    assert browser.find("#id_evidence").get_attribute("multiple") is not None
    browser.find("#id_evidence").send_keys(str(pay_slip))
    browser.driver.execute_script("window.scrollTo(0, 0)")
    browser.screenshot("portal-apply-phone.png")
    browser.find("[data-testid=submit]").click()

    # back with the errors on their fields (the unticked consent, the negative amount), input kept
    browser.wait_for("[data-testid=form-errors]")
    assert "金额必须大于零" in browser.find(".p-error[data-field='claims-1-amount']").text
    assert "请阅读并勾选同意" in browser.find(".p-error[data-field=consent]").text
    assert browser.find(".p-more").get_attribute("open") is not None  # the row with the error is open
    assert not browser.find("#id_claims-2-amount").is_displayed()  # the unused rows stay folded
    assert browser.find("#id_name").get_attribute("value") == "王小明"
    assert browser.find("#id_credit_code").get_attribute("value") == new_firm
    assert Select(browser.find("#id_street")).first_selected_option.text == "张江镇"
    assert Select(browser.find("#id_claims-1-claim_type")).first_selected_option.text == "加班费"
    assert not DisputeCase.objects.exists()
    # a browser cannot keep a chosen file: the page says so, and the worker chooses it again
    assert "1个文件没有保存" in browser.find("[data-testid=files-dropped]").text
    assert browser.find("#id_evidence").get_attribute("value") == ""
    fits_the_phone(browser)
    browser.driver.execute_script("arguments[0].scrollIntoView()", browser.find("[data-testid=evidence]"))
    browser.screenshot("portal-apply-evidence-phone.png")
    browser.find("#id_evidence").send_keys(str(pay_slip))

    browser.type("#id_claims-1-amount", "3200.50")
    browser.find("label.p-check").click()
    browser.find("[data-testid=submit]").click()

    # the receipt: number and code, large, with the instruction to write them down
    browser.wait_for("[data-testid=receipt]")
    assert browser.path() == "/portal/apply/done/"
    case = DisputeCase.objects.get()
    number = browser.find("[data-testid=case-number]").text
    code = browser.find("[data-testid=query-code]").text
    assert number == case.number and len(code) == 8 and code.isdigit()
    assert "只显示这一次" in browser.find(".p-alert-warn").text
    assert float(browser.find("[data-testid=query-code]").value_of_css_property("font-size")[:-2]) >= 36
    assert case.channel == "portal" and case.claimed_total == 21200.50
    assert Person.objects.with_id_number(ID_NUMBER).exists()
    assert Enterprise.objects.get(credit_code=new_firm).name == "上海新芯微电子有限公司"
    assert [(e.name, e.content_type) for e in case.evidence.all()] == [("工资条.pdf", "application/pdf")]
    assert browser.find("[data-testid=files-received]").text == "已收到证据材料1个文件。"
    fits_the_phone(browser)
    browser.screenshot("portal-receipt-phone.png")

    browser.driver.refresh()  # shown once
    browser.wait_for("[data-testid=receipt-gone]")
    assert code not in browser.driver.page_source

    # later: tracking by number and code, typed with ordinary brackets
    browser.get("/portal/")
    browser.find("[data-testid=go-track]").click()
    browser.wait_for_text("h1", "查询办理进度")
    browser.type("#id_number", number.replace("〔", "(").replace("〕", ")"))
    browser.type("#id_code", code)
    browser.find("[data-testid=track-submit]").click()
    browser.wait_for("[data-testid=progress]")
    assert browser.find("[data-testid=status]").text == "已收到申请，等待调解中心审查"
    steps = [s.text for s in browser.find_all(".p-step-label")]
    assert steps == ["申请", "受理", "调解", "结果"]
    assert "p-step-current" in browser.find_all(".p-step")[1].get_attribute("class")
    assert browser.find("[data-testid=respondent]").text == "上海新芯微电子有限公司"
    assert browser.find("[data-testid=organisation]").text == "张江镇劳动争议调解中心"
    assert browser.find("[data-testid=evidence-count]").text == "1个文件"
    assert "工资条" not in browser.driver.page_source
    assert "王小明" not in browser.driver.page_source and ID_NUMBER not in browser.driver.page_source
    fits_the_phone(browser)
    browser.screenshot("portal-track-phone.png")

    # a wrong code: the generic answer
    browser.type("#id_number", number)
    browser.type("#id_code", f"{(int(code) + 1) % 10**8:08d}")
    browser.find("[data-testid=track-submit]").click()
    browser.wait_for("[data-testid=not-found]")
    assert not browser.find_all("[data-testid=progress]")

    # the language switch keeps the worker on the page
    browser.find(".p-header .lang-switch button").click()
    browser.wait(lambda d: browser.lang() == "en")
    assert browser.path() == "/portal/track/"
    fits_the_phone(browser)
    browser.find(".p-header .lang-switch button").click()
    browser.wait(lambda d: browser.lang() == "zh-CN")


def test_a_worker_reports_wage_arrears_on_a_phone(browser):
    """举报/投诉欠薪: from the home page to the receipt with the registration number, on a 390px screen."""
    from renshe.inspection.models import InspectionCase, Report

    cache.clear()
    phone(browser)
    factory = Enterprise.objects.get(name="上海某道具制造有限公司")
    browser.get("/portal/")
    browser.find("[data-testid=go-report]").click()
    browser.wait_for_text("h1", "举报投诉欠薪")
    fits_the_phone(browser)
    browser.find("[data-testid=go-complaint]").click()
    browser.wait_for("[data-testid=report-form]")
    browser.type("#id_name", "李建华")
    browser.type("#id_id_number", ID_NUMBER)
    browser.type("#id_phone", "139 1234 5678")
    browser.type("#id_employer_name", factory.name)
    browser.type("#id_credit_code", factory.credit_code)
    Select(browser.find("#id_street")).select_by_visible_text("南桥镇")
    browser.type("#id_months-0-month", "2026-01")
    browser.type("#id_months-0-amount", "5200")
    browser.find("[data-testid=months] .p-more summary").click()
    browser.type("#id_months-1-month", "2026-02")
    browser.type("#id_months-1-amount", "5200")
    browser.type("#id_content", "公司拖欠我两个月工资，老板说账户被法院冻结了。")
    browser.find("label.p-check").click()
    fits_the_phone(browser)
    browser.driver.execute_script("window.scrollTo(0, 0)")
    browser.screenshot("portal-report-phone.png")
    browser.find("[data-testid=submit]").click()

    browser.wait_for("[data-testid=report-receipt]")
    case = InspectionCase.objects.get()
    assert browser.find("[data-testid=report-number]").text == case.number
    assert browser.find("[data-testid=brigade]").text == "奉贤区劳动保障监察大队"
    assert "李建华" not in browser.driver.page_source and ID_NUMBER not in browser.driver.page_source
    assert Report.objects.get().channel == "portal" and str(case.owed_total) == "10400.00"
    fits_the_phone(browser)
    browser.screenshot("portal-report-receipt-phone.png")
