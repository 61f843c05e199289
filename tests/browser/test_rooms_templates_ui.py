"""仲裁庭室 and 短信模板 in a real browser: 浦东's administrator adds a room to the 科创 tribunal from the menu and
is told why a room with a hearing to come stays; 普陀's administrator edits the 开庭通知 text, is told which
placeholder it lacks, and saves it. Saves docs/screenshots/hearing-rooms.png and sms-template.png."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.support.ui import Select

from renshe.core.models import Event
from renshe.disputes import services
from renshe.disputes.models import HearingRoom
from renshe.messaging.models import SmsTemplate
from tests import builders

pytestmark = pytest.mark.browser


def test_the_administrator_adds_a_room_and_cannot_disable_one_with_a_hearing_to_come(browser):
    world = browser.world
    room = HearingRoom.objects.get(organisation=world.orgs["zj_tribunal"], name="第一仲裁庭")
    case = builders.in_arbitration(world, 81, applied_days_ago=4, accepted_days_ago=2)
    day = timezone.localdate() + timedelta(days=9)
    services.schedule_hearing(
        case,
        by=world.users["zj_arbitrator"],
        scheduled_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
        room=room,
        notified_on=timezone.localdate(),
        version=case.version,
    )
    browser.login("pd_admin")
    browser.find(".sidebar a[href='/disputes/arbitration/rooms/']").click()
    browser.wait_for("[data-testid=rooms]")
    Select(browser.find("#id_organisation")).select_by_visible_text("科创仲裁庭")
    browser.type("#id_name", "第三仲裁庭")
    browser.find("[data-testid=room-add] button").click()
    browser.wait_for_text(".flash", "仲裁庭室已添加")
    rooms = browser.find("[data-testid=rooms]").text
    assert "第三仲裁庭" in rooms and "浦东新区劳动人事争议仲裁委员会" in rooms
    assert HearingRoom.objects.filter(organisation=world.orgs["zj_tribunal"], name="第三仲裁庭").exists()
    browser.screenshot("hearing-rooms.png")

    browser.get(f"/disputes/arbitration/rooms/{room.pk}/")
    assert case.arbitration.number in browser.wait_for("[data-testid=coming]").text
    browser.find("[data-testid=room-disable]").click()
    browser.wait_for_text(".flash", "不能停用")
    assert f"{day:%Y-%m-%d} 14:00 {case.arbitration.number}" in browser.find(".flash").text
    assert HearingRoom.objects.get(pk=room.pk).active
    browser.screenshot("hearing-room-kept.png")


def test_the_administrator_edits_the_hearing_notice(browser):
    template = SmsTemplate.objects.get(verb="dispute.hearing")
    browser.login("pt_admin")
    browser.find(".sidebar a[href='/messages/templates/']").click()
    browser.wait_for("[data-testid=sms-templates]")
    browser.find(f"a[href='/messages/templates/{template.pk}/']").click()
    browser.wait_for("[data-testid=template-form]")
    assert "{summary}" in browser.find("[data-testid=placeholders]").text
    browser.type("#id_text", "【{organisation}】案件{number}定于近日开庭，请留意通知。")
    browser.find("[data-testid=template-form] button").click()
    browser.wait_for_text("[data-testid=template-form]", "模板缺少必需的占位符：{summary}")
    browser.screenshot("sms-template-error.png")
    browser.type("#id_text", "【{organisation}】开庭通知：案件{number}，{summary}。请携带身份证件按时到庭。")
    browser.find("[data-testid=template-form] button").click()
    browser.wait_for_text(".flash", "短信模板已保存")
    assert "请携带身份证件按时到庭" in browser.find("[data-testid=example]").text
    assert "修改短信模板：开庭通知（第2版）" in browser.find(".timeline").text
    template.refresh_from_db()
    assert template.version == 2 and "身份证件" in template.text
    assert Event.objects.filter(verb="sms_template.updated", subject_id=str(template.pk)).count() == 1
    browser.screenshot("sms-template.png")
