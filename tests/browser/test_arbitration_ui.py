"""The arbitrator's day in a real browser: 仲裁工作台 from the menu (applications to accept, hearings to come,
awards due), then the hearing calendar, where a hearing is booked in a room."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.disputes import remedies, services
from renshe.disputes.models import Hearing, HearingRoom, Recusal
from tests import builders

pytestmark = pytest.mark.browser


def arbitration_cases(world):
    """Two applications waiting for acceptance, an accepted panel case with a hearing in a week or two, one accepted
    case still to be heard, and one whose award period has run out."""
    u, today = world.users, timezone.localdate()

    def case(seed, applied, accepted=None):
        return builders.in_arbitration(world, seed, applied_days_ago=applied, accepted_days_ago=accepted)

    case(1, 1)
    case(2, 4)
    heard = case(3, 12, 10)
    heard = builders.panel(world, heard)
    room = HearingRoom.objects.get(organisation=world.orgs["zj_tribunal"], name="第一仲裁庭")
    # the Monday of the week after next: its Tuesday is 8 to 14 days away, past the 5 days' notice a hearing
    # needs (第三十五条) whatever weekday today is
    next_monday = today + timedelta(days=14 - today.weekday())
    services.schedule_hearing(
        heard,
        by=u["zj_arbitrator"],
        scheduled_at=timezone.make_aware(datetime.combine(next_monday + timedelta(days=1), time(9, 30))),
        room=room,
        notified_on=today,
        version=heard.version,
    )
    to_hear = case(4, 6, 3)
    case(5, 52, 50)
    return to_hear, next_monday


def test_the_arbitrator_opens_the_workspace_and_books_a_hearing_in_the_calendar(browser):
    to_hear, next_monday = arbitration_cases(browser.world)
    browser.login("zj_arbitrator")
    browser.find(".sidebar a[href='/disputes/arbitration/']").click()
    browser.wait_for_text("h1", "仲裁工作台")
    assert browser.find("[data-testid=count-to-accept]").text == "2"
    assert browser.find("[data-testid=count-awards]").text == "3"
    awards = browser.find("[data-testid=awards-due]").text
    assert "已超期" in awards and "宋仲裁" in awards and "未组庭" in awards
    assert "科创仲裁庭第一仲裁庭" in browser.find("[data-testid=hearings]").text
    browser.screenshot("arbitration-workspace.png")

    browser.find("[data-testid=open-calendar]").click()
    browser.wait_for_text("h1", "开庭日历")
    Select(browser.find("#id_case")).select_by_value(str(to_hear.pk))
    Select(browser.find("#id_room")).select_by_visible_text("科创仲裁庭 第二仲裁庭")
    when = datetime.combine(next_monday + timedelta(days=2), time(14, 0))
    browser.driver.execute_script(
        "arguments[0].value = arguments[1]", browser.find("#id_scheduled_at"), f"{when:%Y-%m-%dT%H:%M}"
    )
    browser.find("[data-testid=book]").click()
    browser.wait_for_text(".flash-success", "已安排开庭")
    hearing = Hearing.objects.get(arbitration__case=to_hear)
    assert hearing.room.name == "第二仲裁庭" and timezone.localtime(hearing.scheduled_at).hour == 14
    # the week of the new hearing, each room a row: the booking sits in 第二仲裁庭's row
    rows = {
        r.find_element("css selector", "th").text.split("\n")[0]: r.text
        for r in browser.find_all("[data-testid=calendar] tbody tr")
    }
    assert f"14:00 {to_hear.arbitration.number}" in rows["第二仲裁庭"]
    assert "09:30" in rows["第一仲裁庭"]
    browser.screenshot("hearing-calendar.png")


def test_the_commission_director_decides_a_recusal_from_the_workbench(browser):
    """浦东's commission director (pd_head, 办案规则 第十二条) finds the recusal on the workbench, opens the case
    and refuses it; 浦东's administrator is not offered the decision. Saves docs/screenshots/recusal-decision.png."""
    world = browser.world
    case = builders.panel(world, builders.in_arbitration(world, 91, applied_days_ago=4, accepted_days_ago=2))
    services.request_recusal(
        case,
        by=world.users["zj_arbitrator"],
        arbitrator=world.users["pd_arbitrator"],
        source="party",
        ground="relation",
        reason="被申请人称该仲裁员与申请人代理人系同学",
        version=case.version,
    )
    browser.login("pd_admin")
    browser.get(f"/disputes/{case.pk}/")
    browser.wait_for("[data-testid=recusals]")
    assert "decide_recusal" not in {e.get_attribute("data-action") for e in browser.find_all("[data-action]")}

    browser.driver.delete_all_cookies()
    browser.login("pd_head")
    browser.find(f"a[href='/disputes/{case.pk}/']").click()  # the task on the workbench
    browser.wait_for("[data-action=decide_recusal] summary").click()
    browser.find("#id_decide_recusal-granted_1").click()  # 驳回回避申请
    browser.type("#id_decide_recusal-note", "所称同学关系经查不属实")
    browser.screenshot("recusal-decision.png")
    browser.find("[data-action=decide_recusal] button[type=submit]").click()
    browser.wait_for_text("[data-testid=recusals]", "驳回回避申请")
    recusal = Recusal.objects.get(arbitration__case=case)
    assert (recusal.decision, recusal.decided_by) == ("refused", world.users["pd_head"])


def test_the_arbitrator_records_service_of_the_award_and_the_page_shows_each_party_s_window(browser):
    """劳动争议调解仲裁法 第四十八条、第四十九条: a final award served on the worker and then by post on the employer;
    the case page shows each party's own last day from its receipt, offers the employer's petition (never a
    suit of its own) and no closing while a window runs. Saves docs/screenshots/award-service.png."""
    world, today = browser.world, timezone.localdate()
    case = builders.in_arbitration(world, 92, applied_days_ago=20, accepted_days_ago=18)
    services.make_award(
        case,
        by=world.users["zj_arbitrator"],
        awarded_on=today - timedelta(days=3),
        summary="被申请人支付申请人拖欠工资。",
        items=[services.ClaimInput("unpaid_wages", Decimal("18000.00"))],
        version=case.version,
    )
    browser.login("zj_arbitrator")
    browser.get(f"/disputes/{case.pk}/")
    actions = {e.get_attribute("data-action") for e in browser.find_all("[data-action]")}
    assert "serve_award" in actions and "close" not in actions and "petition_revocation" not in actions
    assert "未送达" in browser.find("[data-testid=award-windows]").text

    def serve(party_label: str, method: str, shown: str, days_ago: int) -> None:
        opener = browser.wait_for("[data-action=serve_award] summary")
        # the page comes back scrolled to the action bar, under the sticky top bar
        browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", opener)
        opener.click()
        Select(browser.find("#id_serve_award-party")).select_by_visible_text(party_label)
        Select(browser.find("#id_serve_award-method")).select_by_value(method)
        browser.driver.execute_script(
            "arguments[0].value = arguments[1]",
            browser.find("#id_serve_award-received_on"),
            (today - timedelta(days=days_ago)).isoformat(),
        )
        browser.find("[data-action=serve_award] button[type=submit]").click()
        browser.wait_for_text("[data-testid=award-windows]", shown)

    worker = case.applicants.get().person.name
    serve(f"劳动者：{worker}", "personal", "直接送达", 2)
    serve(f"用人单位：{case.respondent.name}", "post", "邮寄送达", 1)
    case.refresh_from_db()
    windows = {w.party.side: w for w in remedies.windows(case.arbitration)}
    rows = {
        r.get_attribute("data-party"): r.text
        for r in browser.find_all("[data-testid=award-windows] tbody tr")
    }
    assert windows["worker"].due_on.isoformat() in rows["worker"] and "起诉" in rows["worker"]
    assert "第四十八条" in rows["worker"] and "直接送达" in rows["worker"]
    assert windows["employer"].due_on.isoformat() in rows["employer"] and "申请撤销裁决" in rows["employer"]
    assert "第四十九条" in rows["employer"] and "邮寄送达" in rows["employer"]
    assert windows["employer"].due_on.isoformat() in browser.find("[data-testid=closing-note]").text
    actions = {e.get_attribute("data-action") for e in browser.find_all("[data-action]")}
    assert {"petition_revocation", "sue"} <= actions and not {"serve_award", "close"} & actions
    browser.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'})", browser.find("[data-testid=award-windows]")
    )
    browser.screenshot("award-service.png")
