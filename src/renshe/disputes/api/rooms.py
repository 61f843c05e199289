"""仲裁庭室 over the API (/api/v1/disputes/arbitration/rooms/…): a commission's administrator lists, adds,
renames, disables and enables the rooms hearings are booked in. Thin, on the services and the predicate the
仲裁庭室 pages use (services.rooms, rules.may_manage_hearing_rooms and may_manage_rooms_of): a caller who does
not keep rooms is refused (403), a room of a commission outside their scope is not found (404). The rooms a
hearing may be booked in stay at GET …/arbitration/rooms, for everyone who books."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from renshe.core.api import ERRORS, ErrorOut, Id, named_organisation

from .. import selectors, services
from ..models import HearingRoom
from ..services.rooms import ROOM_NAME_LENGTH
from .case import cases


class ManagedRoomOut(Schema):
    id: int
    name: str
    organisation_id: int
    organisation: str = Field(alias="organisation.name")
    active: bool = Field(description="offered for booking; a disabled room keeps its past hearings")


class ComingHearingOut(Schema):
    number: str = Field(alias="arbitration.number")
    scheduled_at: datetime


class RoomDetailOut(ManagedRoomOut):
    coming: list[ComingHearingOut] = Field(
        description="the hearings booked in it and not yet over, soonest first: while there are any it is not "
        "disabled"
    )

    @staticmethod
    def resolve_coming(obj) -> list:
        return services.future_hearings(obj)


class RoomIn(Schema):
    organisation: Id = Field(description="an arbitration commission or tribunal in your scope")
    name: str = Field(max_length=ROOM_NAME_LENGTH)


class RoomNameIn(Schema):
    name: str = Field(max_length=ROOM_NAME_LENGTH)


def _room(request, pk: int) -> HearingRoom:
    return services.managed_room(request.user, pk)


@cases.get(
    "/arbitration/rooms/managed",
    "仲裁庭室: the rooms you keep, disabled ones too, by commission and name",
    name="managed_rooms",
    response={200: list[ManagedRoomOut], 403: ErrorOut},
)
@paginate
def managed_rooms(request):
    services.require_room_manager(request.user)
    return selectors.managed_rooms(request.user)


@cases.post(
    "/arbitration/rooms",
    "Add a room to a commission or tribunal in your scope",
    name="add_hearing_room",
    response={201: RoomDetailOut, **ERRORS},
)
def add_hearing_room(request, payload: RoomIn):
    services.require_room_manager(request.user)  # before the body's organisation is looked up
    organisation = named_organisation(payload.organisation, _("请选择仲裁委员会或仲裁庭"), "organisation")
    room = services.add_hearing_room(by=request.user, organisation=organisation, name=payload.name)
    return Status(201, services.managed_room(request.user, room.pk))


@cases.get(
    "/arbitration/rooms/{int:pk}",
    "One room, with the hearings still to come in it",
    name="hearing_room",
    response={200: RoomDetailOut, 403: ErrorOut, 404: ErrorOut},
)
def hearing_room(request, pk: Id):
    return _room(request, pk)


@cases.operation(
    "PUT",
    "/arbitration/rooms/{int:pk}",
    "Rename a room; the hearings already noticed keep the place they were noticed with",
    name="rename_hearing_room",
    response={200: RoomDetailOut, **ERRORS},
)
def rename_hearing_room(request, pk: Id, payload: RoomNameIn):
    services.rename_hearing_room(_room(request, pk), by=request.user, name=payload.name)
    return services.managed_room(request.user, pk)


def _set_active(request, pk: int, active: bool) -> HearingRoom:
    services.set_hearing_room_active(_room(request, pk), by=request.user, active=active)
    return services.managed_room(request.user, pk)


@cases.post(
    "/arbitration/rooms/{int:pk}/disable",
    "Disable a room (no longer offered for booking); refused while hearings are to come in it (422)",
    name="disable_hearing_room",
    response={200: RoomDetailOut, **ERRORS},
)
def disable_hearing_room(request, pk: Id):
    return _set_active(request, pk, active=False)


@cases.post(
    "/arbitration/rooms/{int:pk}/enable",
    "Enable a room again",
    name="enable_hearing_room",
    response={200: RoomDetailOut, **ERRORS},
)
def enable_hearing_room(request, pk: Id):
    return _set_active(request, pk, active=True)
