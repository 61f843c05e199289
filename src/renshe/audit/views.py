"""安全审计日志: the access records and the operation log (the timeline), for reviewers within their scope;
and the password change page every signed-in user has."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import eventkinds
from renshe.core.exports import xlsx_response
from renshe.core.roles import Capability
from renshe.core.services import require
from renshe.core.views import paginate

from . import selectors, services
from .forms import AccessFilterForm, OperationFilterForm
from .models import AccessKind, Outcome
from .passwords import SESSION_KEY, is_expired, max_age

EXPORT_LIMIT = 50_000  # rows in one workbook; a narrower filter gets the rest


def _local(moment):
    # spreadsheet cells hold no time zone: local time, as on the page
    return timezone.localtime(moment).replace(tzinfo=None)


def _review(request, tab: str) -> dict:
    return {
        "tab": tab,
        "perms_export": request.user.can(Capability.EXPORT_DATA),
        "retention_days": services.retention_days(),
    }


@login_required
def access_log(request):
    require(request.user, Capability.REVIEW_AUDIT_LOG)
    form = AccessFilterForm(request.GET)
    qs = selectors.filtered_access(selectors.access_records_for(request.user), form.value())
    if request.GET.get("export") == "xlsx":
        require(request.user, Capability.EXPORT_DATA)
        return _export_access(qs)
    context = {
        **_review(request, "access"),
        "page": paginate(request, qs),
        "form": form,
        "kinds": AccessKind.choices,
        "outcomes": Outcome.choices,
    }
    return render(request, "audit/access_log.html", context)


def _export_access(qs):
    rows = (
        (
            _local(r.occurred_at),
            r.get_kind_display(),
            r.get_outcome_display(),
            r.username,
            r.user.full_name if r.user else "",
            r.organisation.name if r.organisation else "",
            r.ip or "",
            r.path,
            r.describe(),
            r.user_agent,
        )
        for r in qs[:EXPORT_LIMIT].iterator(chunk_size=2000)
    )
    headers = [
        gettext("时间"),
        gettext("类别"),
        gettext("结果"),
        gettext("用户名"),
        gettext("姓名"),
        gettext("所属机构"),
        gettext("IP地址"),
        gettext("访问路径"),
        gettext("详情"),
        gettext("浏览器"),
    ]
    title = gettext("登录与访问记录")
    return xlsx_response(title + ".xlsx", title, headers, rows)


@login_required
def operation_log(request):
    require(request.user, Capability.REVIEW_AUDIT_LOG)
    types = selectors.subject_types()
    form = OperationFilterForm(request.GET, subject_types=types)
    wanted = form.value()
    verb = wanted.verb
    qs = selectors.filtered_operations(selectors.operations_for(request.user), wanted)
    if request.GET.get("export") == "xlsx":
        require(request.user, Capability.EXPORT_DATA)
        return _export_operations(qs)
    context = {
        **_review(request, "operations"),
        "page": selectors.keyset_page(qs, _before(request), viewer=request.user),
        "form": form,
        "subject_types": _marked(types, request.GET.get("subject_type", "")),
        "kinds": [(group, _marked(options, verb)) for group, options in eventkinds.choices()],
    }
    return render(request, "audit/operation_log.html", context)


def _marked(options, current: str) -> list[tuple[object, str, bool]]:
    """(value, label, selected) for a drop-down: decided once here rather than per option in the template
    (a hundred kinds of event)."""
    return [(value, label, str(value) == current) for value, label in options]


def _before(request) -> int | None:
    """The keyset page's start (`before`, an event id); anything else is the first page."""
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _named(events):
    """Events with their subjects named, a chunk (one query per subject type) at a time."""
    chunk: list = []
    for event in events:
        chunk.append(event)
        if len(chunk) == 2000:
            eventkinds.name_subjects(chunk)
            yield from chunk
            chunk = []
    eventkinds.name_subjects(chunk)
    yield from chunk


def _export_operations(qs):
    rows = (
        (
            _local(e.occurred_at),
            e.actor_label,
            e.organisation.name if e.organisation else "",
            eventkinds.label_of(e.verb),
            e.summary,
            str(e.subject_type.name),
            e.subject_name,
            e.verb,
            e.subject_id,
        )
        for e in _named(qs.order_by(*selectors.NEWEST_FIRST)[:EXPORT_LIMIT].iterator(chunk_size=2000))
    )
    headers = [
        gettext("时间"),
        gettext("操作人"),
        gettext("所属机构"),
        gettext("动作"),
        gettext("摘要"),
        gettext("对象类型"),
        gettext("对象"),
        gettext("动作代码"),
        gettext("对象编号"),
    ]
    title = gettext("操作日志")
    return xlsx_response(title + ".xlsx", title, headers, rows)


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, every validator of the policy), recorded as
    an access record; the page an expired password leads to (middleware.PasswordExpiryMiddleware)."""

    template_name = "audit/password_change.html"
    success_url = reverse_lazy("core:workbench")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limit = max_age()
        changed_at = selectors.password_changed_at(self.request.user)
        context.update(
            title=_("修改密码"),
            expired=is_expired(changed_at),
            temporary=self.request.user.password_must_change,
            max_age_days=limit.days if limit else None,
            changed_at=changed_at,
        )
        return context

    def form_valid(self, form):
        form.user.password_must_change = False  # saved with the new password (the form saves the user)
        response = super().form_valid(form)
        services.record_access(AccessKind.PASSWORD_CHANGED, request=self.request, user=form.user)
        self.request.session[SESSION_KEY] = selectors.password_changed_at(form.user).isoformat()
        messages.success(self.request, gettext("密码已修改"))
        return response


password_change = PasswordChange.as_view()
