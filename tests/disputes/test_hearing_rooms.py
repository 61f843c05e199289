"""仲裁庭室 kept in the app by the commission's administrator (services.rooms): who is offered the page, adding,
renaming and disabling a room through it, a room with hearings still to come kept, and each change an event
on the room."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from renshe.core.models import Event, User
from renshe.core.navigation import menu_for
from renshe.disputes import services
from renshe.disputes.models import HearingRoom
from tests import builders

T = timezone.localdate


def _labels(username):
    return [
        str(e.label) for _group, entries in menu_for(User.objects.get(username=username)) for e in entries
    ]


def _room(world, name="第一仲裁庭", org="zj_tribunal"):
    return HearingRoom.objects.get(organisation=world.orgs[org], name=name)


def _verbs(room):
    return list(
        Event.objects.filter(subject_id=str(room.pk), verb__startswith="hearing_room.")
        .order_by("subject_seq")
        .values_list("verb", flat=True)
    )


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("pd_admin", True),
        ("fx_admin", True),
        ("zj_arbitrator", False),
        ("pt_admin", False),
        ("zj_centre", False),
    ],
)
def test_the_menu_offers_the_rooms_to_the_commissions_administrators_only(login, world, username, shown):
    assert ("仲裁庭室" in _labels(username)) is shown
    assert login(username).get("/disputes/arbitration/rooms/").status_code == (200 if shown else 403)


def test_the_list_shows_the_rooms_in_scope_only(login, world):
    page = login("fx_admin").get("/disputes/arbitration/rooms/").content.decode()
    assert "奉贤区劳动人事争议仲裁委员会" in page and "科创仲裁庭" not in page
    # a room outside the administrator's scope is not found, not refused
    assert login("fx_admin").get(f"/disputes/arbitration/rooms/{_room(world).pk}/").status_code == 404


def test_an_administrator_adds_renames_disables_and_enables_a_room(login, world):
    client = login("pd_admin")
    form = {"organisation": world.orgs["zj_tribunal"].pk, "name": " 第三 仲裁庭 "}
    done = client.post("/disputes/arbitration/rooms/", form, follow=True)
    assert "仲裁庭室已添加" in done.content.decode()
    room = _room(world, "第三 仲裁庭")
    assert room.active

    again = client.post("/disputes/arbitration/rooms/", form)
    assert "科创仲裁庭已有名为“第三 仲裁庭”的庭室" in again.content.decode()
    blank = client.post("/disputes/arbitration/rooms/", {**form, "name": "  "})
    assert blank.status_code == 200 and blank.context["form"].errors["name"]
    # a street is no commission: not offered, and refused if posted
    other = client.post("/disputes/arbitration/rooms/", {**form, "organisation": world.orgs["pd"].pk})
    assert other.status_code == 200 and other.context["form"].errors["organisation"]
    assert HearingRoom.objects.filter(organisation=world.orgs["zj_tribunal"]).count() == 3

    url = f"/disputes/arbitration/rooms/{room.pk}/"
    taken = client.post(url, {"action": "save", "name": "第一仲裁庭"})
    assert "科创仲裁庭已有名为“第一仲裁庭”的庭室" in taken.content.decode()
    assert client.post(url, {"action": "save", "name": "调解庭"}).status_code == 302
    assert client.post(url, {"action": "disable"}).status_code == 302
    room.refresh_from_db()
    assert (room.name, room.active) == ("调解庭", False)
    booking = login("zj_arbitrator").get("/disputes/arbitration/calendar/").content.decode()
    assert "调解庭" not in booking  # no longer offered
    assert client.post(url, {"action": "enable"}).status_code == 302
    room.refresh_from_db()
    assert room.active
    assert _verbs(room) == [
        "hearing_room.added",
        "hearing_room.renamed",
        "hearing_room.disabled",
        "hearing_room.enabled",
    ]
    renamed = Event.objects.get(subject_id=str(room.pk), verb="hearing_room.renamed")
    assert renamed.changes == {"name": ["第三 仲裁庭", "调解庭"]} and renamed.actor == world.users["pd_admin"]


def test_a_room_with_a_hearing_to_come_is_not_disabled(login, world):
    case = builders.in_arbitration(world, 41, applied_days_ago=4, accepted_days_ago=2)
    day = T() + timedelta(days=9)
    hearing = services.schedule_hearing(
        case,
        by=world.users["zj_arbitrator"],
        scheduled_at=timezone.make_aware(datetime.combine(day, time(9, 30))),
        room=_room(world),
        notified_on=T(),
        version=case.version,
    )
    client = login("pd_admin")
    url = f"/disputes/arbitration/rooms/{_room(world).pk}/"
    assert case.arbitration.number in client.get(url).content.decode()  # listed under 未开的庭
    refused = client.post(url, {"action": "disable"}, follow=True).content.decode()
    assert (
        f"第一仲裁庭还有1场开庭未进行（最近一场：{day:%Y-%m-%d} 09:30 {case.arbitration.number}），不能停用"
        in refused
    )
    assert _room(world).active and not _verbs(_room(world))
    # once it has been held, the room may go
    hearing.scheduled_at = timezone.now() - timedelta(days=1)
    hearing.save(update_fields=["scheduled_at"])
    assert client.post(url, {"action": "disable"}).status_code == 302
    assert not _room(world).active


def test_an_arbitrator_cannot_post_to_the_rooms(login, world):
    client = login("zj_arbitrator")
    room = _room(world)
    assert client.post(f"/disputes/arbitration/rooms/{room.pk}/", {"action": "disable"}).status_code == 403
    form = {"organisation": world.orgs["zj_tribunal"].pk, "name": "新庭"}
    assert client.post("/disputes/arbitration/rooms/", form).status_code == 403
    assert _room(world).active and not HearingRoom.objects.filter(name="新庭").exists()


def test_the_calendar_links_to_the_rooms_for_their_administrator_only(login, world):
    assert (
        'data-testid="manage-rooms"'
        in login("pd_admin").get("/disputes/arbitration/calendar/").content.decode()
    )
    page = login("zj_arbitrator").get("/disputes/arbitration/calendar/").content.decode()
    assert 'data-testid="manage-rooms"' not in page


def test_an_unknown_action_is_told(login, world):
    page = login("pd_admin").post(f"/disputes/arbitration/rooms/{_room(world).pk}/", {"action": "x"})
    assert page.status_code == 200 and "请选择要执行的操作" in page.content.decode()
