"""PostgreSQL's exclusion constraint behind the room clash (disputes migration 0012): two hearings of one room
never overlap, even when the service's own check is missed (a row written without the room's lock), and the
service then refuses the booking with the same message as its check. Bookings at the same moment: one lands."""

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from renshe.core.errors import ValidationFailed
from renshe.disputes import services
from renshe.disputes.models import DisputeCase, Hearing, HearingRoom
from renshe.disputes.services import arbitration
from tests import builders
from tests.threads import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's")


def _at(hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=9)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _room(world, name="第一仲裁庭"):
    return HearingRoom.objects.get(organisation=world.orgs["zj_tribunal"], name=name)


def _book(world, case, at: datetime, room: HearingRoom):
    return lambda: services.schedule_hearing(
        case,
        by=world.users["zj_arbitrator"],
        scheduled_at=at,
        room=room,
        minutes=120,
        notified_on=timezone.localdate(),
        version=case.version,
    )


def test_the_database_refuses_an_overlap_in_one_room_and_allows_the_rest(world):
    first = builders.in_arbitration(world, 51, applied_days_ago=4, accepted_days_ago=2).arbitration
    room, other = _room(world), _room(world, "第二仲裁庭")

    def hearing(at, in_room, minutes=120):
        return Hearing.objects.create(
            arbitration=first,
            scheduled_at=at,
            place="x",
            room=in_room,
            minutes=minutes,
            notified_on=at.date(),
        )

    hearing(_at(9), room)
    with pytest.raises(IntegrityError, match="hearing_room_no_overlap"), transaction.atomic():
        hearing(_at(10, 59), room, minutes=30)
    hearing(_at(11), room)  # starts as the first ends
    hearing(_at(9), other)  # another room
    hearing(_at(9), None)  # a place outside the rooms
    assert Hearing.objects.filter(room=room).count() == 2


def test_a_booking_past_a_missed_check_is_refused_with_the_checks_message(world):
    first = builders.in_arbitration(world, 52, applied_days_ago=4, accepted_days_ago=2)
    second = builders.in_arbitration(world, 53, applied_days_ago=4, accepted_days_ago=2)
    _book(world, first, _at(9), _room(world))()
    real, asked = arbitration._hearing_clash, []

    def missed_first(*args):  # the check finds nothing; the refusal then reads the hearing in the way
        asked.append(args)
        return None if len(asked) == 1 else real(*args)

    with (
        mock.patch.object(arbitration, "_hearing_clash", missed_first),
        pytest.raises(ValidationFailed) as refused,
    ):
        _book(world, second, _at(10), _room(world))()
    assert len(asked) == 2 and refused.value.field == "room"
    assert str(refused.value.message) == (
        f"第一仲裁庭在{_at(9):%Y-%m-%d} 09:00至11:00已安排开庭（{first.arbitration.number}），请另选时间或庭室"
    )
    assert not Hearing.objects.filter(arbitration__case=second).exists()
    assert DisputeCase.objects.get(pk=second.pk).version == second.version  # the case untouched


@pytest.mark.parametrize("check", [True, False], ids=["with-the-check", "constraint-alone"])
def test_two_bookings_of_one_room_at_once_one_lands(world, check):
    """The bookings queue on the room's row lock; the second finds the first's hearing by the service's check
    or, with the check missed, by the constraint. Either way one lands and the other is told why."""
    cases = [
        builders.in_arbitration(world, 60 + i, applied_days_ago=4, accepted_days_ago=2) for i in range(2)
    ]
    room = _room(world)
    calls = [_book(world, cases[0], _at(9), room), _book(world, cases[1], _at(10), room)]
    clash = arbitration._hearing_clash if check else (lambda *args: None)
    with mock.patch.object(arbitration, "_hearing_clash", clash):
        results = race(calls)
    landed = [r for r in results if isinstance(r, Hearing)]
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert len(landed) == 1 and len(refused) == 1, results
    assert list(Hearing.objects.filter(room=room)) == landed
    if check:
        assert f"已安排开庭（{landed[0].arbitration.number}）" in str(refused[0].message)
    else:  # nothing read names the other hearing: the refusal says the room is taken
        assert str(refused[0].message) == "第一仲裁庭在该时间已安排开庭，请另选时间或庭室"
