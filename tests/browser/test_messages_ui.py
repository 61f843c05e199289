"""The bell and the message centre (站内消息) in Chromium: a studio's mediator sees the unread count on the
bell, opens the list (unread first), marks a message read and follows one to its case."""

import pytest
from django.utils import timezone

from renshe.disputes import services as disputes
from renshe.messaging.models import Message
from tests import builders

pytestmark = pytest.mark.browser


def test_the_bell_counts_and_the_message_centre_lists_marks_and_opens(browser):
    world = browser.world
    centre = world.users["zj_centre"]
    referred = []
    for seed in (1, 2):
        case = builders.applied(world, received_on=timezone.localdate(), seed=seed)
        case = disputes.accept_dispute(case, by=centre, version=case.version)
        referred.append(
            disputes.refer_dispute(case, by=centre, to=world.orgs["zj_studio"], version=case.version)
        )
    studio = world.users["zj_studio"]
    first = referred[0]
    disputes.take_up_dispute(first, by=studio, mediators=[studio], version=first.version)
    unread = Message.objects.filter(recipient=studio, read_at__isnull=True).count()
    assert unread >= 3

    browser.login("zj_studio")
    assert browser.find("[data-testid=unread-count]").text.endswith(str(unread))
    browser.find("[data-testid=bell]").click()
    browser.wait_for("[data-testid=messages]")
    rows = browser.find_all("[data-testid=messages] tbody tr")
    assert len(rows) == unread and all("message-unread" in r.get_attribute("class") for r in rows)
    assert referred[0].number in rows[0].text and "指派" in rows[0].text  # newest first
    assert referred[1].number in rows[1].text and "转派" in rows[1].text
    browser.screenshot("messages.png")

    rows[0].find_element("css selector", "button.btn-small").click()  # 标为已读
    browser.wait(lambda d: browser.find("[data-testid=unread-count]").text.endswith(str(unread - 1)))
    last = browser.find_all("[data-testid=messages] tbody tr")[-1]
    assert "message-read" in last.get_attribute("class") and "指派" in last.text  # read ones last

    first_unread = browser.find_all("[data-testid=messages] tbody tr")[0]
    number = first_unread.text
    first_unread.find_element("css selector", "button.link").click()  # open its case
    browser.wait_for("h1")
    assert browser.path().startswith("/disputes/") and any(c.number in number for c in referred)
    left, badge = unread - 2, browser.find_all("[data-testid=unread-count]")
    assert badge[0].text.endswith(str(left)) if left else not badge
