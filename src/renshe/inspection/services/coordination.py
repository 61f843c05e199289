"""Coordination meetings: who came (town, court, union, arbitration, a state-owned enterprise …), what was
agreed, and tasks with owners and dates followed up from the brigade's workbench."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
    open_work_item,
)

from ..models import (
    BodyKind,
    CoordinationMeeting,
    InspectionCase,
    MeetingAttendee,
    MeetingTask,
)
from ._common import TRAIL, _event, _lock


@dataclass
class AttendeeInput:
    body: str  # BodyKind
    name: str
    person: str = ""


@dataclass
class TaskInput:
    description: str
    owner: str
    due_on: date


@transaction.atomic
def hold_coordination_meeting(
    case: InspectionCase,
    *,
    by: User,
    held_on: date,
    place: str,
    attendees: list[AttendeeInput],
    agreed: str,
    tasks: Sequence[TaskInput] = (),
    version: int,
) -> CoordinationMeeting:
    """A meeting with the town, court, union, arbitration, a state-owned enterprise…: who came, what was
    agreed, and tasks with owners and dates, each followed up from the brigade's workbench."""
    case = _lock(case, by, version, "meeting")
    held_on = not_future(held_on, "held_on")
    if not attendees:
        raise ValidationFailed(_("请填写参会单位"), field="attendees")
    for a in attendees:
        if a.body not in BodyKind.values or not a.name.strip():
            raise ValidationFailed(_("参会单位类别或名称无效"), field="attendees")
    if not agreed.strip():
        raise ValidationFailed(_("请填写议定事项"), field="agreed")
    for t in tasks:
        if not t.description.strip() or not t.owner.strip():
            raise ValidationFailed(_("请填写任务内容和责任单位"), field="tasks")
        if t.due_on < held_on:
            raise ValidationFailed(_("任务期限不能早于会议日期"), field="tasks")
    case.save()
    meeting = CoordinationMeeting.objects.create(
        case=case, held_on=held_on, place=place.strip()[:120], agreed=agreed.strip()[:5000], recorded_by=by
    )
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, body=a.body, name=a.name.strip()[:100], person=a.person.strip()[:50])
        for a in attendees
    )
    for t in tasks:
        task = MeetingTask.objects.create(
            meeting=meeting,
            description=t.description.strip()[:200],
            owner=t.owner.strip()[:100],
            due_on=t.due_on,
        )
        open_work_item(
            task,
            kind="inspection.meeting_task",
            organisation=case.organisation,
            role=Role.INSPECTOR,
            starts_on=held_on,
            due_on=t.due_on,
            url=TRAIL.page(case),
            title=official("协调会任务（%(owner)s）：%(what)s", owner=task.owner, what=task.description),
        )
    _event(
        case,
        "meeting",
        official("召开协调会：%(bodies)s", bodies="、".join(a.name.strip() for a in attendees)),
        by,
        tasks=len(tasks),
    )
    return meeting


@transaction.atomic
def complete_meeting_task(task: MeetingTask, *, by: User, done_on: date, version: int) -> MeetingTask:
    case = _lock(task.meeting.case, by, version, "meeting")
    task = MeetingTask.objects.select_for_update().get(pk=task.pk)
    if task.done_on:
        raise ValidationFailed(_("该任务已完成"), field="done_on")
    done_on = not_future(done_on, "done_on")
    if done_on < task.meeting.held_on:
        raise ValidationFailed(_("完成日期不能早于会议日期"), field="done_on")
    task.done_on = done_on
    task.save()
    case.save()
    close_work_items(task)
    _event(case, "meeting_task_done", official("协调会任务完成：%(what)s", what=task.description), by)
    return task
