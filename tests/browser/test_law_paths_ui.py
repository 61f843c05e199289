"""Issue 13's new paths in a real browser, from the case page's buttons: the arbitrator suspends a hearing for an
appraisal, approved by the commission's director, and resumes it (the award period's days left out, 办案规则
第四十六条、第四十七条); the mediation centre
records the parties' joint application for judicial confirmation and the court's ruling (the agreement becomes
enforceable); the centre sees a collective dispute's representatives and elects others (第七条)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.disputes.models import AgreementFollowUp, ArbitrationSuspension, DisputeCase
from renshe.disputes.services import ItemInput
from tests import builders

pytestmark = pytest.mark.browser


def _open(browser, action: str) -> None:
    opener = browser.wait_for(f"[data-action={action}] summary")
    # the page comes back scrolled to the action bar, under the sticky top bar
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", opener)
    opener.click()


def _set_date(browser, css: str, day) -> None:
    browser.driver.execute_script("arguments[0].value = arguments[1]", browser.find(css), day.isoformat())


def _show(browser, css: str) -> None:
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", browser.find(css))


def _submit(browser, action: str) -> None:
    browser.find(f"[data-action={action}] button[type=submit]").click()


def test_the_director_suspends_a_hearing_for_an_appraisal_and_the_arbitrator_resumes_it(browser):
    """办案规则 第四十七条: the arbitrator is offered no suspension, the commission's director (pd_head) approves it;
    the arbitrator resumes the hearing. Saves docs/screenshots/arbitration-clock.png: the ten days of the
    appraisal left out of the 45."""
    world, today = browser.world, timezone.localdate()
    case = builders.in_arbitration(world, 93, applied_days_ago=20, accepted_days_ago=18)
    due_before = case.arbitration.award_due_on
    browser.login("zj_arbitrator")
    browser.get(f"/disputes/{case.pk}/")
    actions = {e.get_attribute("data-action") for e in browser.find_all("[data-action]")}
    assert "recount_arbitration" in actions and "suspend_arbitration" not in actions

    browser.driver.delete_all_cookies()
    browser.login("pd_head")
    browser.get(f"/disputes/{case.pk}/")
    _open(browser, "suspend_arbitration")
    Select(browser.find("#id_suspend_arbitration-ground")).select_by_value("appraisal")
    _set_date(browser, "#id_suspend_arbitration-on", today - timedelta(days=10))
    browser.type("#id_suspend_arbitration-note", "伤残等级鉴定")
    _submit(browser, "suspend_arbitration")
    browser.wait_for("[data-testid=arbitration-clock] [data-testid=award-paused]")

    browser.driver.delete_all_cookies()
    browser.login("zj_arbitrator")
    browser.get(f"/disputes/{case.pk}/")
    actions = {e.get_attribute("data-action") for e in browser.find_all("[data-action]")}
    assert "resume_arbitration" in actions and "recount_arbitration" not in actions and "award" not in actions

    _open(browser, "resume_arbitration")
    _submit(browser, "resume_arbitration")
    browser.wait_for_text("[data-testid=excluded-days]", "中止10日不计入")
    row = ArbitrationSuspension.objects.get(arbitration__case=case)
    assert (row.started_on, row.ended_on, row.note) == (today - timedelta(days=10), today, "伤残等级鉴定")
    case.arbitration.refresh_from_db()
    assert case.arbitration.award_due_on > due_before
    assert case.arbitration.award_due_on.isoformat() in browser.find("[data-testid=award-due]").text
    assert "伤残等级鉴定" in browser.find("[data-testid=arbitration-suspensions]").text
    _show(browser, "[data-testid=arbitration-clock]")
    browser.screenshot("arbitration-clock.png")


def test_the_centre_records_a_joint_judicial_confirmation_and_the_courts_ruling(browser):
    """Saves docs/screenshots/agreement-follow-up.png: the agreement confirmed by the court, enforceable."""
    world, today = browser.world, timezone.localdate()
    agreement = builders.settled(
        world,
        builders.applied(world, received_on=today - timedelta(days=12), seed=94),
        signed_on=today - timedelta(days=5),
        items=[ItemInput("unpaid_wages", "支付拖欠工资", Decimal("9000"), today + timedelta(days=10))],
    )
    browser.login("zj_centre")
    browser.get(f"/disputes/{agreement.case_id}/")
    _open(browser, "judicial_confirmation")
    browser.type("#id_judicial_confirmation-court", "上海市浦东新区人民法院")
    _submit(browser, "judicial_confirmation")  # not ticked as joint: refused, nothing written
    browser.wait_for_text("[data-action=judicial_confirmation]", "须由双方当事人共同申请")
    assert not AgreementFollowUp.objects.filter(agreement=agreement).exists()

    browser.find("#id_judicial_confirmation-joint").click()  # the form comes back open, with what was typed
    browser.type("#id_judicial_confirmation-court", "上海市浦东新区人民法院")
    _submit(browser, "judicial_confirmation")
    browser.wait_for_text("[data-testid=follow-ups]", "上海市浦东新区人民法院")

    _open(browser, "follow_up_result")
    browser.find("#id_follow_up_result-granted_0").click()
    _submit(browser, "follow_up_result")
    browser.wait_for("[data-testid=enforceable]")
    follow_up = AgreementFollowUp.objects.get(agreement=agreement)
    assert (follow_up.kind, follow_up.joint, follow_up.decided_on) == ("judicial_confirmation", True, today)
    _show(browser, "[data-testid=follow-ups]")
    browser.screenshot("agreement-follow-up.png")


def test_the_centre_elects_other_representatives_of_a_collective_dispute(browser):
    """Saves docs/screenshots/collective-dispute.png: ten workers, three representatives."""
    world, today = browser.world, timezone.localdate()
    case = builders.applied(world, received_on=today - timedelta(days=2), seed=95, workers=10)
    browser.login("zj_centre")
    browser.get(f"/disputes/{case.pk}/")
    assert "集体争议：10名劳动者" in browser.find("[data-testid=collective]").text
    assert len(browser.find_all("[data-testid=representative]")) == 3
    _open(browser, "change_representatives")
    boxes = browser.find_all("[data-action=change_representatives] input[type=checkbox]")
    for box in boxes[:3]:
        box.click()  # the three elected before stand down
    for box in boxes[3:7]:
        box.click()  # four others
    browser.type("#id_change_representatives-note", "12月5日全体劳动者会议推举")
    _submit(browser, "change_representatives")
    browser.wait_for(".flash-success")
    chosen = DisputeCase.objects.get(pk=case.pk).applicants.filter(representative=True)
    assert chosen.count() == 4
    assert len(browser.find_all("[data-testid=representative]")) == 4
    browser.screenshot("collective-dispute.png")
