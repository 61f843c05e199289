"""The 仲裁工作台 and the hearing calendar as pages: who is offered them (the menu follows the page's own
predicate), what the queue says (days left, overdue), booking a hearing in a room and the clash refused on the
page, and the tribunal's actions on the case page for the arbitrator and the commission's head."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from renshe.core.models import User
from renshe.core.navigation import menu_for
from renshe.disputes import services
from renshe.disputes.models import Hearing, HearingRoom
from tests import builders

T = timezone.localdate


def _case(world, seed, *, applied_days_ago=4, accepted_days_ago=None):
    return builders.in_arbitration(
        world, seed, applied_days_ago=applied_days_ago, accepted_days_ago=accepted_days_ago
    )


def _room(world, name="第一仲裁庭"):
    return HearingRoom.objects.get(organisation=world.orgs["zj_tribunal"], name=name)


def _labels(username):
    return [
        str(e.label) for _group, entries in menu_for(User.objects.get(username=username)) for e in entries
    ]


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("zj_arbitrator", True),
        ("pd_admin", True),
        ("zj_centre", False),
        ("pt_admin", False),
        ("pt_leader", False),
    ],
)
def test_the_menu_offers_the_workspace_to_those_the_page_lets_in(login, world, username, shown):
    assert ("仲裁工作台" in _labels(username)) is shown
    response = login(username).get("/disputes/arbitration/")
    assert response.status_code == (200 if shown else 403)


@pytest.mark.clock  # days left depend on the rest days ahead of today
def test_the_workspace_lists_applications_hearings_and_awards_with_days_left(login, world):
    waiting = _case(world, 1, applied_days_ago=3)  # 5 days to accept (第二十九条), rolled past rest days
    late = _case(world, 2, applied_days_ago=50, accepted_days_ago=48)  # its award period has run out
    heard = _case(world, 3, accepted_days_ago=2)
    services.schedule_hearing(
        heard,
        by=world.users["zj_arbitrator"],
        scheduled_at=timezone.make_aware(datetime.combine(T() + timedelta(days=8), time(14, 0))),
        room=_room(world),
        notified_on=T(),
        version=heard.version,
    )
    page = login("zj_arbitrator").get("/disputes/arbitration/").content.decode()
    queue = page.split('data-testid="to-accept"')[1].split("</table>")[0]
    left = (waiting.arbitration.acceptance_due_on - T()).days
    assert left >= 2  # 2 days, more when the period ends on a rest day
    assert waiting.arbitration.number in queue and f"{left}日" in queue
    awards = page.split('data-testid="awards-due"')[1].split("</table>")[0]
    overdue = (T() - late.arbitration.award_due_on).days
    assert overdue > 0
    assert late.arbitration.number in awards and f"已超期{overdue}日" in awards and "未组庭" in awards
    hearings = page.split('data-testid="hearings"')[1].split("</table>")[0]
    assert heard.arbitration.number in hearings and "科创仲裁庭第一仲裁庭" in hearings and "8日" in hearings


def test_the_week_shows_each_room_and_its_hearings(login, world):
    case = _case(world, 4, accepted_days_ago=2)
    at = timezone.make_aware(datetime.combine(T() + timedelta(days=7), time(9, 30)))
    services.schedule_hearing(
        case,
        by=world.users["zj_arbitrator"],
        scheduled_at=at,
        room=_room(world, "第二仲裁庭"),
        notified_on=T(),
        version=case.version,
    )
    client = login("zj_arbitrator")
    week = client.get(
        f"/disputes/arbitration/calendar/?view=week&date={at.date().isoformat()}"
    ).content.decode()
    rows = week.split('data-testid="calendar"')[1].split("</table>")[0].split("<tr>")
    second = next(r for r in rows if "第二仲裁庭" in r)
    assert f"09:30 {case.arbitration.number}" in second
    assert case.arbitration.number not in next(r for r in rows if "第一仲裁庭" in r)
    month = client.get(
        f"/disputes/arbitration/calendar/?view=month&date={at.date().isoformat()}"
    ).content.decode()
    assert f"09:30 {case.arbitration.number}" in month and f"{at:%Y-%m}" in month
    # a date that is not one shows this week, not an error
    assert client.get("/disputes/arbitration/calendar/?view=year&date=2026-13-40").status_code == 200


def test_booking_in_the_calendar_and_a_clash_refused_on_the_page(login, world):
    first, second = _case(world, 5, accepted_days_ago=2), _case(world, 6, accepted_days_ago=2)
    client = login("zj_arbitrator")
    day = T() + timedelta(days=9)
    form = {
        "case": first.pk,
        "room": _room(world).pk,
        "scheduled_at": f"{day.isoformat()}T09:00",
        "minutes": "120",
        "notified_on": T().isoformat(),
    }
    done = client.post("/disputes/arbitration/calendar/?view=week", form, follow=True)
    assert f"已安排开庭：{first.arbitration.number}" in done.content.decode()
    assert Hearing.objects.get(arbitration__case=first).room == _room(world)
    refused = client.post(
        "/disputes/arbitration/calendar/", {**form, "case": second.pk, "scheduled_at": f"{day}T10:00"}
    )
    text = refused.content.decode()
    assert refused.status_code == 200
    assert f"第一仲裁庭在{day:%Y-%m-%d} 09:00至11:00已安排开庭（{first.arbitration.number}）" in text
    assert not Hearing.objects.filter(arbitration__case=second).exists()


def test_the_case_page_offers_the_tribunal_to_the_arbitrator_and_the_decision_to_the_head(login, world):
    case = _case(world, 7, accepted_days_ago=1)
    page = login("zj_arbitrator").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="compose_tribunal"' in page and 'data-action="decide_recusal"' not in page
    u = world.users
    services.compose_tribunal(
        case, by=u["zj_arbitrator"], tribunal="sole", arbitrators=[u["zj_arbitrator"]], version=case.version
    )
    case.refresh_from_db()
    services.request_recusal(
        case,
        by=u["zj_arbitrator"],
        arbitrator=u["zj_arbitrator"],
        source="self",
        ground="interest",
        reason="本人近亲属在被申请人处任职",
        version=case.version,
    )
    arbitrator = login("zj_arbitrator").get(f"/disputes/{case.pk}/").content.decode()
    assert (
        'data-action="compose_tribunal"' not in arbitrator
        and 'data-action="decide_recusal"' not in arbitrator
    )
    assert "仲裁员自行回避" in arbitrator and "待决定" in arbitrator
    head = login("pd_head").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="decide_recusal"' in head


def test_the_api_lists_the_rooms_in_scope(api, world):
    rooms = api("zj_arbitrator").get("/api/v1/disputes/arbitration/rooms").json()
    assert [(r["organisation"], r["name"]) for r in rooms] == [
        ("科创仲裁庭", "第一仲裁庭"),
        ("科创仲裁庭", "第二仲裁庭"),
    ]
    assert api("pt_admin").get("/api/v1/disputes/arbitration/rooms").json() == []


def test_the_api_refuses_a_double_booked_room_with_its_message(api, world):
    first, second = _case(world, 8, accepted_days_ago=2), _case(world, 9, accepted_days_ago=2)
    client = api("zj_arbitrator")
    at = timezone.make_aware(datetime.combine(T() + timedelta(days=12), time(13, 0))).isoformat()
    body = {"scheduled_at": at, "room": _room(world).pk, "notified_on": T().isoformat(), "minutes": 90}
    assert (
        client.post(
            f"/api/v1/disputes/{first.pk}/arbitration/hearings",
            {**body, "version": first.version},
            content_type="application/json",
        ).status_code
        == 200
    )
    second.refresh_from_db()
    refused = client.post(
        f"/api/v1/disputes/{second.pk}/arbitration/hearings",
        {**body, "version": second.version},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "room" and "已安排开庭" in refused.json()["detail"]
