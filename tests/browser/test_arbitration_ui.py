"""The arbitrator's day in a real browser: 仲裁工作台 from the menu (applications to accept, hearings to come,
awards due), then the hearing calendar, where a hearing is booked in a room."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.disputes import services
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
