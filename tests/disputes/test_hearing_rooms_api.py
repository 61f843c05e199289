"""仲裁庭室 over the API (/api/v1/disputes/arbitration/rooms/…): the services and predicates of the pages
(services.rooms, rules.may_manage_hearing_rooms / may_manage_rooms_of), outcomes checked in the database."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from renshe.core.models import Event
from renshe.disputes import services
from renshe.disputes.models import HearingRoom
from tests import builders

from .test_hearing_rooms import _room, _verbs

R = "/api/v1/disputes/arbitration/rooms"
T = timezone.localdate


def test_the_openapi_document_lists_the_room_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths[R])
    assert {"get", "put"} <= set(paths[f"{R}/{{pk}}"])
    for path in ("/managed", "/{pk}/disable", "/{pk}/enable"):
        assert f"{R}{path}" in paths, path


def test_an_administrator_adds_renames_disables_and_enables_a_room(api, world):
    client = api("pd_admin")
    tribunal = world.orgs["zj_tribunal"]
    added = client.post(R, {"organisation": tribunal.pk, "name": " 第三 仲裁庭 "}, "application/json")
    assert added.status_code == 201, added.content
    room = _room(world, "第三 仲裁庭")
    assert added.json() == {
        "id": room.pk,
        "name": "第三 仲裁庭",
        "organisation_id": tribunal.pk,
        "organisation": "科创仲裁庭",
        "active": True,
        "coming": [],
    }
    managed = client.get(f"{R}/managed", {"page_size": 100}).json()
    assert ("科创仲裁庭", "第三 仲裁庭") in {(r["organisation"], r["name"]) for r in managed["items"]}

    renamed = client.put(f"{R}/{room.pk}", {"name": "调解庭"}, "application/json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "调解庭"
    disabled = client.post(f"{R}/{room.pk}/disable")
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    room.refresh_from_db()
    assert (room.name, room.active) == ("调解庭", False)
    # no longer offered for booking, still in the administrator's list
    booking = api("zj_arbitrator").get(R).json()
    assert "调解庭" not in {r["name"] for r in booking}
    assert room.pk in {r["id"] for r in client.get(f"{R}/managed", {"page_size": 100}).json()["items"]}
    assert client.post(f"{R}/{room.pk}/enable").json()["active"] is True
    room.refresh_from_db()
    assert room.active
    assert _verbs(room) == [
        "hearing_room.added",
        "hearing_room.renamed",
        "hearing_room.disabled",
        "hearing_room.enabled",
    ]
    event = Event.objects.get(subject_id=str(room.pk), verb="hearing_room.renamed")
    assert event.changes == {"name": ["第三 仲裁庭", "调解庭"]} and event.actor == world.users["pd_admin"]


def test_bad_rooms_are_a_422_naming_the_field_and_write_nothing(api, world):
    client = api("pd_admin", "en")
    tribunal = world.orgs["zj_tribunal"]
    before = HearingRoom.objects.count()
    for body, field, detail in [
        ({"organisation": tribunal.pk, "name": "第一仲裁庭"}, "name", "科创仲裁庭 already has a room named"),
        ({"organisation": tribunal.pk, "name": "   "}, "name", None),
        ({"organisation": world.orgs["pd"].pk, "name": "新庭"}, "organisation", "Choose an arbitration"),
        ({"organisation": 999_999, "name": "新庭"}, "organisation", "Choose an arbitration"),
        ({"organisation": tribunal.pk, "name": "庭" * 61}, "name", None),
        ({"name": "新庭"}, "organisation", None),
    ]:
        response = client.post(R, body, "application/json")
        answer = response.json()
        assert response.status_code == 422, (body, answer)
        named = {answer.get("field")} | {e["field"] for e in answer.get("errors", ())}
        assert field in named and answer["detail"], (body, answer)
        assert detail is None or answer["detail"].startswith(detail), answer
    room = _room(world)
    taken = client.put(f"{R}/{room.pk}", {"name": "第二仲裁庭"}, "application/json")
    assert taken.status_code == 422 and taken.json()["field"] == "name"
    room.refresh_from_db()
    assert room.name == "第一仲裁庭" and HearingRoom.objects.count() == before and not _verbs(room)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh-hans", "仲裁庭室由仲裁委员会的管理员维护"),
        ("en", "Hearing rooms are kept by the arbitration commission's administrators"),
    ],
)
def test_an_arbitrator_is_refused_in_their_language_and_nothing_is_written(api, world, language, message):
    client = api("zj_arbitrator", language)
    room = _room(world)
    added = client.post(R, {"organisation": world.orgs["zj_tribunal"].pk, "name": "新庭"}, "application/json")
    assert added.status_code == 403 and added.json() == {"detail": message}
    for response in (
        client.get(f"{R}/managed"),
        client.get(f"{R}/{room.pk}"),
        client.put(f"{R}/{room.pk}", {"name": "改名"}, "application/json"),
        client.post(f"{R}/{room.pk}/disable"),
    ):
        assert response.status_code == 403 and response.json()["detail"] == message
    room.refresh_from_db()
    assert (room.name, room.active) == ("第一仲裁庭", True)
    assert not HearingRoom.objects.filter(name="新庭").exists() and not _verbs(room)


def test_a_room_outside_the_administrators_scope_is_not_found(api, world):
    client = api("fx_admin")
    room = _room(world)
    listed = client.get(f"{R}/managed", {"page_size": 100}).json()["items"]
    assert listed and {r["organisation"] for r in listed} == {"奉贤区劳动人事争议仲裁委员会"}
    assert client.get(f"{R}/{room.pk}").status_code == 404
    assert client.put(f"{R}/{room.pk}", {"name": "改名"}, "application/json").status_code == 404
    assert client.post(f"{R}/{room.pk}/disable").status_code == 404
    outside = client.post(
        R, {"organisation": world.orgs["zj_tribunal"].pk, "name": "新庭"}, "application/json"
    )
    assert outside.status_code == 403
    room.refresh_from_db()
    assert (room.name, room.active) == ("第一仲裁庭", True) and not HearingRoom.objects.filter(
        name="新庭"
    ).exists()


def test_a_room_with_a_hearing_to_come_is_not_disabled(api, world):
    case = builders.in_arbitration(world, 41, applied_days_ago=4, accepted_days_ago=2)
    day = T() + timedelta(days=9)
    services.schedule_hearing(
        case,
        by=world.users["zj_arbitrator"],
        scheduled_at=timezone.make_aware(datetime.combine(day, time(9, 30))),
        room=_room(world),
        notified_on=T(),
        version=case.version,
    )
    client = api("pd_admin")
    room = _room(world)
    detail = client.get(f"{R}/{room.pk}").json()
    assert [h["number"] for h in detail["coming"]] == [case.arbitration.number]
    refused = client.post(f"{R}/{room.pk}/disable")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith(
        f"第一仲裁庭还有1场开庭未进行（最近一场：{day:%Y-%m-%d} 09:30 {case.arbitration.number}），不能停用"
    )
    assert _room(world).active and not _verbs(room)
