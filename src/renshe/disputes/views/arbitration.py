"""The 仲裁工作台 (applications to accept or refuse within the limit of 第二十九条, hearings to come, awards due
within 第四十三条's period, recusals to decide) and the hearing calendar with its rooms, where a hearing is
booked (services.schedule_hearing refuses a room already taken)."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import law
from renshe.core.errors import DomainError, PermissionDenied
from renshe.core.forms import date_input
from renshe.core.workdays import compute_deadline

from .. import selectors, services
from ..forms import HEARING_MINUTES, datetime_input
from ..rules import RULES, may_use_arbitration_workspace


def _workspace_user(request):
    if not may_use_arbitration_workspace(request.user):
        raise PermissionDenied(gettext("仲裁工作台供仲裁委员会的仲裁员和工作人员使用"))
    return request.user


@login_required
def workspace(request):
    user = _workspace_user(request)
    today, now = timezone.localdate(), timezone.now()
    context = {
        "work": selectors.arbitration_workspace(user, today, now),
        "today": today,
        "acceptance": law.ARBITRATION_ACCEPTANCE,
        "award": law.ARBITRATION_AWARD,
        "recusal_citation": law.RECUSAL_CITATION,
        "priority_law": law.COLLECTIVE_PRIORITY_CITATION,
    }
    return render(request, "disputes/arbitration_workspace.html", context)


class BookingForm(forms.Form):
    """A hearing booked from the calendar: the case, the room, the time; noticed 5 days before (第三十五条)."""

    case = forms.TypedChoiceField(label=_("仲裁案件"), coerce=int)
    room = forms.TypedChoiceField(label=_("仲裁庭室"), coerce=int)
    scheduled_at = forms.DateTimeField(label=_("开庭时间"), widget=datetime_input())
    minutes = forms.TypedChoiceField(label=_("预计时长"), coerce=int, choices=HEARING_MINUTES, initial=120)
    notified_on = forms.DateField(label=_("通知日期"), widget=date_input())

    def __init__(self, *args, user, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {
            c.pk: c
            for c in selectors.schedulable_cases(user)[: selectors.WORKSPACE_ROWS]
            if RULES.may(user, "schedule_hearing", c)
        }
        self.rooms = {r.pk: r for r in rooms}
        priority = gettext("【集体·优先】")
        self.fields["case"].choices = [
            (pk, f"{priority if c.collective else ''}{c.arbitration.number}（{c.number}）")
            for pk, c in self.cases.items()
        ]
        self.fields["room"].choices = [
            (pk, f"{r.organisation.name} {r.name}") for pk, r in self.rooms.items()
        ]

    def clean_case(self):
        return self.cases[self.cleaned_data["case"]]

    def clean_room(self):
        return self.rooms[self.cleaned_data["room"]]


def _first_day(view: str, day: date) -> date:
    return day - timedelta(days=day.weekday()) if view == "week" else day.replace(day=1)


def _span(view: str, first: date) -> tuple[date, date, date, date]:
    """(first shown, last shown + 1, previous page's day, next page's day): a week from Monday, or the
    weeks that hold the month."""
    if view == "week":
        return first, first + timedelta(days=7), first - timedelta(days=7), first + timedelta(days=7)
    following = (first + timedelta(days=32)).replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    start = first - timedelta(days=first.weekday())
    last = following - timedelta(days=1)
    end = last + timedelta(days=7 - last.weekday())
    return start, end, previous, following


@login_required
def calendar(request):
    user = _workspace_user(request)
    view = request.GET.get("view") if request.GET.get("view") in ("week", "month") else "week"
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    rooms = list(selectors.hearing_rooms_for(user))
    today = timezone.localdate()
    form = BookingForm(
        request.POST or None,
        user=user,
        rooms=rooms,
        initial={
            "notified_on": today,
            "scheduled_at": datetime.combine(
                max(
                    day,
                    compute_deadline(law.ARBITRATION_HEARING_NOTICE, today).nominal_due + timedelta(days=1),
                ),
                time(9, 0),
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        case = form.cleaned_data["case"]
        try:
            hearing = services.schedule_hearing(
                case,
                by=user,
                version=case.version,  # booked against the case as it stands now
                scheduled_at=form.cleaned_data["scheduled_at"],
                room=form.cleaned_data["room"],
                minutes=form.cleaned_data["minutes"],
                notified_on=form.cleaned_data["notified_on"],
            )
        except DomainError as error:
            name = error.field if error.field in form.fields else None
            form.add_error(name, str(error.message))
        else:
            at = timezone.localtime(hearing.scheduled_at)
            messages.success(
                request,
                gettext("已安排开庭：%(number)s，%(at)s，%(place)s")
                % {"number": case.arbitration.number, "at": f"{at:%Y-%m-%d %H:%M}", "place": hearing.place},
            )
            url = reverse("disputes:hearing_calendar")
            return HttpResponseRedirect(f"{url}?view={view}&date={at.date().isoformat()}")
    first = _first_day(view, day)
    start, end, previous, following = _span(view, first)
    tz = timezone.get_current_timezone()
    hearings = selectors.hearings_between(
        user, rooms, datetime.combine(start, time.min, tz), datetime.combine(end, time.min, tz)
    )
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    by_day: dict[date, list] = {d: [] for d in days}
    for b in hearings:
        by_day.setdefault(timezone.localtime(b.hearing.scheduled_at).date(), []).append(b)
    room_ids = {r.pk for r in rooms}
    context = {
        "view": view,
        "first": first,
        "days": days,
        "weeks": [[(d, by_day[d]) for d in days[i : i + 7]] for i in range(0, len(days), 7)],
        "grid": [
            (room, [[b for b in by_day[d] if b.hearing.room_id == room.pk] for d in days]) for room in rooms
        ],
        "elsewhere": [b for b in hearings if b.hearing.room_id not in room_ids],
        "rooms": rooms,
        "previous": previous,
        "following": following,
        "today": today,
        "form": form,
        "notice": law.ARBITRATION_HEARING_NOTICE,
    }
    return render(request, "disputes/hearing_calendar.html", context, status=200)
