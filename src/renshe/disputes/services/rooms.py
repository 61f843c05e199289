"""仲裁庭室: the rooms of the commissions where hearings are held, kept by the commission's administrator
(rules.may_manage_hearing_rooms). Each write is one function: the permission, the rule, one transaction (the
room's row locked, the lock schedule_hearing takes to book it), one timeline event on the room."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core.errors import NotFound, PermissionDenied, ValidationFailed
from renshe.core.models import Organisation, OrganisationKind, User
from renshe.core.services import official
from renshe.core.timeline import record_event

from ..models import Hearing, HearingRoom
from ..rules import may_manage_hearing_rooms, may_manage_rooms_of
from ..selectors import managed_rooms
from .arbitration import MAX_HEARING_MINUTES

ROOM_NAME_LENGTH = 60


def require_room_manager(by: User) -> None:
    """The pages and the API ask this before anything else, so that a refusal names the rule."""
    if not may_manage_hearing_rooms(by):
        raise PermissionDenied(_("仲裁庭室由仲裁委员会的管理员维护"))


def managed_room(by: User, pk: int) -> HearingRoom:
    """Room `pk` as the pages and the API open it: one of a commission outside `by`'s scope is not found,
    whatever the role (as core.administration.manageable_user), then the permission."""
    room = managed_rooms(by).filter(pk=pk).first()
    if room is None:
        raise NotFound()
    require_room_manager(by)
    if not may_manage_rooms_of(by, room.organisation):
        raise NotFound()
    return room


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("请填写庭室名称"), field="name")
    if len(name) > ROOM_NAME_LENGTH:
        raise ValidationFailed(_("庭室名称不能超过%(count)d个字") % {"count": ROOM_NAME_LENGTH}, field="name")
    return name


def _taken(organisation: Organisation, name: str) -> ValidationFailed:
    return ValidationFailed(
        _("%(organisation)s已有名为“%(name)s”的庭室") % {"organisation": organisation.name, "name": name},
        field="name",
    )


def _locked(room: HearingRoom, by: User) -> HearingRoom:
    require_room_manager(by)
    locked = (
        HearingRoom.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=room.pk)
        .first()
    )
    if locked is None or not may_manage_rooms_of(by, locked.organisation):
        raise NotFound()
    return locked


def _event(room: HearingRoom, verb: str, summary: str, by: User, **changes: object) -> None:
    record_event(
        room, f"hearing_room.{verb}", summary, actor=by, organisation=room.organisation, changes=changes
    )


@transaction.atomic
def add_hearing_room(*, by: User, organisation: Organisation, name: str) -> HearingRoom:
    """A new room of a commission (or one of its tribunals) in `by`'s scope."""
    require_room_manager(by)
    if organisation.kind != OrganisationKind.ARBITRATION_COMMISSION or not organisation.active:
        raise ValidationFailed(_("请选择仲裁委员会或仲裁庭"), field="organisation")
    if not may_manage_rooms_of(by, organisation):
        raise PermissionDenied(_("所选仲裁机构不在您的数据范围内"))
    name = _name(name)
    if HearingRoom.objects.filter(organisation=organisation, name=name).exists():
        raise _taken(organisation, name)
    try:
        with transaction.atomic():
            room = HearingRoom.objects.create(organisation=organisation, name=name)
    except IntegrityError:  # added by someone else since the check
        raise _taken(organisation, name) from None
    _event(room, "added", official("新增仲裁庭室：%(org)s%(name)s", org=organisation.name, name=name), by)
    return room


@transaction.atomic
def rename_hearing_room(room: HearingRoom, *, by: User, name: str) -> HearingRoom:
    """A new name; the hearings already booked keep the place they were noticed with."""
    room = _locked(room, by)
    name = _name(name)
    if name == room.name:
        return room
    if HearingRoom.objects.filter(organisation=room.organisation, name=name).exclude(pk=room.pk).exists():
        raise _taken(room.organisation, name)
    before, room.name = room.name, name
    room.save(update_fields=["name"])
    _event(
        room,
        "renamed",
        official("仲裁庭室更名：%(old)s → %(new)s", old=before, new=name),
        by,
        name=[before, name],
    )
    return room


def future_hearings(room: HearingRoom) -> list[Hearing]:
    """The hearings in `room` not yet over, soonest first."""
    now = timezone.now()
    nearby = (
        Hearing.objects.filter(room=room, scheduled_at__gt=now - timedelta(minutes=MAX_HEARING_MINUTES))
        .select_related("arbitration")
        .order_by("scheduled_at")
    )
    return [h for h in nearby if h.ends_at > now]


@transaction.atomic
def set_hearing_room_active(room: HearingRoom, *, by: User, active: bool) -> HearingRoom:
    """Disable a room (no longer offered for booking; its past hearings keep it) or enable it again. A room
    with hearings still to come is not disabled: they would be left in a room nobody may book."""
    room = _locked(room, by)
    if room.active == active:
        return room
    if not active:
        coming = future_hearings(room)
        if coming:
            first = coming[0]
            raise ValidationFailed(
                _(
                    "%(room)s还有%(count)d场开庭未进行（最近一场：%(start)s %(number)s），不能停用；"
                    "请待开庭结束后再停用"
                )
                % {
                    "room": room.name,
                    "count": len(coming),
                    "start": f"{timezone.localtime(first.scheduled_at):%Y-%m-%d %H:%M}",
                    "number": first.arbitration.number,
                }
            )
    room.active = active
    room.save(update_fields=["active"])
    if active:
        _event(room, "enabled", official("启用仲裁庭室：%(name)s", name=room.name), by)
    else:
        _event(room, "disabled", official("停用仲裁庭室：%(name)s", name=room.name), by)
    return room
