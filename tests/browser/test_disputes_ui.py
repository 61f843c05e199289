"""The dispute pages in a real browser: the centre registers an application at the counter, hands the
applicant the case number and query code, opens the case and accepts it."""

import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.core.casework import version_of
from renshe.core.models import Enterprise
from renshe.core.synthetic import citizen_id
from renshe.disputes import services
from renshe.disputes.models import DisputeCase

pytestmark = pytest.mark.browser


def some_cases(world, n: int = 9) -> None:
    """A few cases in different states, so the list looks like a working day."""
    rng = random.Random(3)
    u, today = world.users, timezone.localdate()
    firms = list(Enterprise.objects.filter(street=world.orgs["street:310115125"]).order_by("name"))
    for i in range(n):
        case, _ = services.apply_for_mediation(
            by=u["zj_centre"],
            channel="counter" if i % 3 else "portal",
            centre=world.orgs["zj_centre"],
            applicants=[
                services.ApplicantInput(citizen_id(rng), name)
                for name in ("陈建华", "刘芳", "杨伟", "赵敏")[: 1 + i % 3]
            ],
            respondent=services.RespondentInput(enterprise_id=firms[i % len(firms)].pk),
            claims=[services.ClaimInput("unpaid_wages", Decimal(6000 + 1750 * i))],
            facts="用人单位拖欠工资，经多次催要未果。",
            case_type="remuneration",
            received_on=today - timedelta(days=[1, 3, 6, 9, 12, 14, 18, 25, 33][i]),
        )
        if i % 4 == 0:
            continue
        case = services.accept_dispute(case, by=u["zj_centre"], version=version_of(case))
        if i % 4 == 1:
            services.refer_dispute(
                case, by=u["zj_centre"], to=world.orgs["zj_studio"], version=version_of(case)
            )
        else:
            services.take_up_dispute(
                case, by=u["zj_centre"], mediators=[u["zj_centre"]], version=version_of(case)
            )


def test_register_an_application_at_the_counter_and_accept_it(browser):
    some_cases(browser.world)
    firm = Enterprise.objects.filter(street=browser.world.orgs["street:310115125"]).order_by("name").first()
    rng = random.Random(99)
    browser.login("zj_centre")
    browser.find(".sidebar a[href='/disputes/new/']").click()
    browser.wait_for_text("h1", "登记调解申请")

    Select(browser.find("#id_case_type")).select_by_value("remuneration")
    Select(browser.find("#id_respondent")).select_by_visible_text(firm.name)
    for i, name in enumerate(["周晓东", "吴丽娟"]):
        browser.type(f"#id_applicants-{i}-name", name)
        browser.type(f"#id_applicants-{i}-id_number", citizen_id(rng))
    browser.type("#id_applicants-0-phone", "13912345678")
    browser.find("#id_applicants-0-representative").click()
    for i, (kind, amount) in enumerate([("unpaid_wages", "23500"), ("economic_compensation", "12000.50")]):
        Select(browser.find(f"#id_claims-{i}-claim_type")).select_by_value(kind)
        browser.type(f"#id_claims-{i}-amount", amount)
    browser.type("#id_facts", "两人于2024年3月入职，公司自2026年8月起未发工资，并口头通知解除劳动关系。")
    browser.find(".form-actions button[type=submit]").click()

    browser.wait_for("[data-testid=slip]")
    case = DisputeCase.objects.get(respondent=firm, claimed_total=Decimal("35500.50"))
    assert browser.find("[data-testid=case-number]").text == case.number
    code = browser.find("[data-testid=query-code]").text
    assert re.fullmatch(r"\d{8}", code) and services.find_by_query_code(case.number, code) == case

    browser.find("[data-testid=open-case]").click()
    browser.wait_for_text("h1", case.number)
    assert browser.find("[data-testid=status]").text == "已申请"
    assert {e.get_attribute("data-action") for e in browser.find_all("[data-action]")} == {
        "accept",
        "decline",
        "withdraw",
    }
    browser.find("[data-action=accept] button").click()
    browser.wait_for_text(".flash-success", "受理")
    assert browser.find("[data-testid=status]").text == "已受理待分派"
    case.refresh_from_db()
    assert case.status == "accepted"
    assert case.mediation_due_on.isoformat() in browser.find("[data-testid=deadline]").text
    assert "《劳动争议调解仲裁法》第十四条" in browser.find("[data-testid=deadline]").text
    assert "accept" not in {e.get_attribute("data-action") for e in browser.find_all("[data-action]")}
    masked = browser.find("[data-testid=applicants]").text
    assert "周晓东" in masked and "*" in masked
    browser.find("[data-action=refer] summary").click()  # the referral form, opened for the screenshot
    browser.wait_for("#id_refer-to")
    browser.screenshot("dispute-detail.png")

    browser.find(".sidebar a[href='/disputes/']").click()
    browser.wait_for_text("h1", "劳动争议案件")
    assert case.number in browser.find("[data-testid=cases]").text
    assert browser.find_all("[data-testid=cases] .row-overdue")  # the 25- and 33-day-old cases
    browser.screenshot("dispute-list.png")
