"""Coordination: a meeting of the bodies concerned (who came, what was agreed, the tasks) and its tasks done;
a site check asked of a grid under the brigade."""

from django.utils.translation import gettext_lazy as _

from renshe.core.api import Part, named_organisation

from .. import services
from ..models import MeetingTask
from .case import cases
from .schemas import MeetingIn, SiteCheckIn, TaskDoneIn

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
cases.transition(
    "site_check",
    "/{int:pk}/site-checks",
    SiteCheckIn,
    services.request_site_check,
    "Ask a grid under the brigade to verify the employer on site, by a date",
    resolve={"grid": lambda request, pk: named_organisation(pk, _("只能交办给本大队所属的网格"), "grid")},
)
