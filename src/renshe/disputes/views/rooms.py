"""仲裁庭室: the commission's administrator lists, adds, renames and disables the rooms hearings are booked
in (services.rooms); thin views over the services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core.errors import DomainError
from renshe.core.views import paginate, submit

from .. import selectors, services
from ..services.rooms import ROOM_NAME_LENGTH


class RoomForm(forms.Form):
    """A room's name, and on adding the commission or tribunal it belongs to."""

    organisation = forms.ModelChoiceField(label=_("仲裁机构"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("庭室名称"), max_length=ROOM_NAME_LENGTH, help_text=_("如：第三仲裁庭"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = selectors.commissions_for(user)


def _manager(request):
    services.require_room_manager(request.user)
    return request.user


@login_required
def rooms(request):
    user = _manager(request)
    form = RoomForm(request.POST or None, user=user)
    done = submit(
        request,
        form,
        lambda d: services.add_hearing_room(by=user, organisation=d["organisation"], name=d["name"]),
        success=gettext("仲裁庭室已添加"),
        then=lambda room: reverse("disputes:hearing_rooms"),
    )
    if done:
        return done
    page = paginate(request, selectors.managed_rooms(user))
    return render(request, "disputes/hearing_rooms.html", {"page": page, "form": form})


@login_required
def room(request, pk: int):
    """A room's name (`action=save`), and 停用/启用 posted here with `action`."""
    user = request.user
    found = services.managed_room(user, pk)  # a room outside the scope is not found, whatever the role
    action = request.POST.get("action", "")
    form = RoomForm(request.POST if action == "save" else None, initial={"name": found.name})
    if request.method == "POST":
        here = reverse("disputes:hearing_room", args=[pk])
        if action == "save":
            done = submit(
                request,
                form,
                lambda d: services.rename_hearing_room(found, by=user, name=d["name"]),
                success=gettext("庭室名称已保存"),
                then=lambda _room: here,
            )
            if done:
                return done
        elif action in ("disable", "enable"):
            try:
                services.set_hearing_room_active(found, by=user, active=action == "enable")
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request, gettext("仲裁庭室已启用") if action == "enable" else gettext("仲裁庭室已停用")
                )
                return HttpResponseRedirect(here)
        else:
            messages.error(request, gettext("请选择要执行的操作"))
    context = {"room": found, "form": form, "coming": services.future_hearings(found)}
    return render(request, "disputes/hearing_room.html", context)
