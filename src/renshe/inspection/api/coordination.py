"""Coordination: a meeting of the bodies concerned (who came, what was agreed, the tasks) and its tasks done."""

from renshe.core.api import Part

from .. import services
from ..models import MeetingTask
from .case import cases
from .schemas import MeetingIn, TaskDoneIn

cases.transition(
    "meeting",
    "/{int:pk}/meetings",
    MeetingIn,
    services.hold_coordination_meeting,
    "A coordination meeting: who, what, tasks",
    resolve={
        "attendees": lambda request, attendees: [services.AttendeeInput(**a.dict()) for a in attendees],
        "tasks": lambda request, tasks: [services.TaskInput(**t.dict()) for t in tasks],
    },
)
cases.transition(
    "task_done",
    "/{int:pk}/meeting-tasks/{int:task_id}/done",
    TaskDoneIn,
    services.complete_meeting_task,
    "A meeting task done",
    part=Part(MeetingTask, "meeting__case"),
)
