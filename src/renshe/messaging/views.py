from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from renshe.core.administration import require_administrator
from renshe.core.selectors import events_for
from renshe.core.views import paginate, submit

from . import selectors, services, templates
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


# --- 系统管理 › 短信模板 ----------------------------------------------------------------------------


class TemplateForm(forms.Form):
    text = forms.CharField(
        label=_("短信内容"), max_length=templates.MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(
        label=_("启用"), required=False, help_text=_("停用后，该事件不再给当事人发短信")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


# what the page's example fills the placeholders with
SAMPLE = {
    "organisation": "张江镇劳动争议调解中心",
    "number": "张江调〔2026〕0001号",
    "respondent": "上海某科技有限公司",
    "summary": "2026-12-21 09:00 科创仲裁庭第一仲裁庭",
}


@login_required
def sms_templates(request):
    require_administrator(request.user)
    rows = list(selectors.sms_templates())
    return render(request, "messaging/sms_templates.html", {"rows": rows})


@login_required
def sms_template(request, pk: int):
    require_administrator(request.user)
    template = selectors.sms_template(pk)
    initial = {"text": template.text, "active": template.active, "version": template.version}
    form = TemplateForm(request.POST or None, initial=initial)
    done = submit(
        request,
        form,
        lambda d: services.update_sms_template(
            template, by=request.user, text=d["text"], active=d["active"], version=d["version"]
        ),
        success=gettext("短信模板已保存"),
        then=lambda saved: reverse("messaging:sms_template", args=[saved.pk]),
    )
    if done:
        return done
    context = {
        "template": template,
        "form": form,
        "placeholders": [
            (f"{{{name}}}", label, name in templates.REQUIRED)
            for name, label in templates.PLACEHOLDERS.items()
        ],
        "example": templates.render(template.text, SAMPLE),
        "events": events_for(template)[:50],
    }
    return render(request, "messaging/sms_template.html", context)
