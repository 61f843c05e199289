from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from renshe.core.views import paginate

from . import selectors, services
from .kinds import KIND_LABELS


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = paginate(request, selectors.inbox(request.user, unread_only=unread_only))
    for message in page:
        message.label = KIND_LABELS.get(message.kind, message.kind)
    return render(request, "messaging/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def read(request):
    """Mark one message read; with `open`, go on to the case it is about, else back to the list."""
    try:
        message = services.mark_read(request.user, int(request.POST.get("message", "")))
    except ValueError:
        message = None
    if (
        message is not None
        and request.POST.get("open")
        and url_has_allowed_host_and_scheme(message.url, allowed_hosts={request.get_host()})
    ):
        return HttpResponseRedirect(message.url)
    return HttpResponseRedirect(reverse("messaging:inbox"))


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(request.user)
    return HttpResponseRedirect(reverse("messaging:inbox"))
