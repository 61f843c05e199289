"""系统管理 (users, the organisation tree, parameters, scheduled jobs) and 个人中心, in the app: thin views
over core.administration, core.parameters, core.jobs and core.preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import administration, jobs, parameters, preferences, tables, tokens
from .administration import require_administrator
from .errors import DomainError, NotFound
from .law import PERIODS
from .models import (
    AmountKind,
    Dictionary,
    Industry,
    Organisation,
    Region,
    User,
)
from .roles import DataScope
from .selectors import events_for
from .system_forms import (
    AccountForm,
    AmountForm,
    ClientForm,
    ClientGrantForm,
    CodeForm,
    DictionaryEntryForm,
    MoveForm,
    NotificationForm,
    OrganisationForm,
    PeriodOverrideForm,
    PersonalTokenForm,
    ProfileForm,
)
from .views import paginate


def _refused(request, form, error: DomainError) -> None:
    if form is not None and error.field in form.fields:
        form.add_error(error.field, str(error.message))
    else:
        messages.error(request, str(error.message))


def _int(text: str | None) -> int:
    """A posted id; anything else is no record (0)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else 0


def _account(d: dict) -> administration.AccountInput:
    return administration.AccountInput(
        full_name=d["full_name"],
        organisation=d["organisation"],
        role=d["role"],
        data_scope=d["data_scope"],
        scope_organisations=tuple(d["scope_organisations"]),
        phone=d["phone"],
        granted_capabilities=tuple(d["granted_capabilities"]),
    )


# --- users -------------------------------------------------------------------------------------------


@login_required
def users(request):
    text = request.GET.get("q", "")[:50].replace("\x00", "")
    status = request.GET.get("status", "")
    page = paginate(request, administration.find_users(request.user, text, status))
    return render(request, "core/system/users.html", {"page": page, "q": text, "status": status})


@login_required
def user_create(request):
    require_administrator(request.user)
    form = AccountForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = administration.create_user(
                by=request.user, username=form.cleaned_data["username"], account=_account(form.cleaned_data)
            )
        except DomainError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("用户已创建"))
            return render(
                request, "core/system/password_issued.html", {"account": user, "password": password}
            )
    return render(request, "core/system/user_form.html", {"form": form, "title": _("新建用户")})


@login_required
def user_detail(request, pk: int):
    """The account's form, and its actions (停用/启用, 重置密码) posted here with `action`."""
    target = administration.manageable_user(request.user, pk)
    initial = {
        "full_name": target.full_name,
        "phone": target.phone,
        "organisation": target.organisation_id,
        "role": target.role,
        "data_scope": target.data_scope,
        "scope_organisations": list(target.scope_organisations.values_list("pk", flat=True)),
        "granted_capabilities": target.granted_capabilities,
    }
    action = request.POST.get("action", "")
    bound = request.method == "POST" and action == "save"
    form = AccountForm(request.POST if bound else None, initial=initial, by=request.user, editing=True)
    if request.method == "POST":
        try:
            if action == "save" and form.is_valid():
                administration.update_user(target, by=request.user, account=_account(form.cleaned_data))
                messages.success(request, _("用户信息已保存"))
                return HttpResponseRedirect(reverse("core:system_user", args=[pk]))
            if action in ("disable", "enable"):
                administration.set_user_active(target, by=request.user, active=action == "enable")
                messages.success(request, _("用户已启用") if action == "enable" else _("用户已停用"))
                return HttpResponseRedirect(reverse("core:system_user", args=[pk]))
            if action == "reset_password":
                password = administration.reset_password(target, by=request.user)
                return render(
                    request, "core/system/password_issued.html", {"account": target, "password": password}
                )
            if action not in ("save", "disable", "enable", "reset_password"):
                messages.error(request, _("请选择要执行的操作"))
        except DomainError as error:
            _refused(request, form, error)
    return render(
        request,
        "core/system/user_form.html",
        {"form": form, "account": target, "title": target.full_name or target.username},
    )


# --- 接口客户端 ---------------------------------------------------------------------------------------


@login_required
def clients(request):
    page = paginate(request, tokens.clients_for(request.user))
    return render(request, "core/system/clients.html", {"page": page})


@login_required
def client_create(request):
    require_administrator(request.user)
    form = ClientForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            client, secret = tokens.register_client(
                by=request.user,
                name=d["name"],
                username=d["username"],
                account=_account({**d, "full_name": d["name"], "phone": "", "granted_capabilities": ()}),
                scopes=d["scopes"],
            )
        except DomainError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("接口客户端已登记"))
            return render(request, "core/system/client_secret.html", {"client": client, "secret": secret})
    return render(request, "core/system/client_form.html", {"form": form, "title": _("登记接口客户端")})


@login_required
def client_detail(request, pk: int):
    """The client's grant, and 停用/启用, posted here with `action`."""
    client = tokens.client_for(request.user, pk)
    action = request.POST.get("action", "")
    bound = request.method == "POST" and action == "save"
    form = ClientGrantForm(request.POST if bound else None, initial={"scopes": client.scopes.split()})
    if request.method == "POST":
        try:
            if action == "save" and form.is_valid():
                tokens.change_client_grant(client, by=request.user, scopes=form.cleaned_data["scopes"])
                messages.success(request, _("授权范围已保存"))
                return HttpResponseRedirect(reverse("core:system_client", args=[pk]))
            if action in ("disable", "enable"):
                tokens.set_client_active(client, by=request.user, active=action == "enable")
                messages.success(request, _("客户端已启用") if action == "enable" else _("客户端已停用"))
                return HttpResponseRedirect(reverse("core:system_client", args=[pk]))
            if action not in ("save", "disable", "enable"):
                messages.error(request, _("请选择要执行的操作"))
        except DomainError as error:
            _refused(request, form, error)
    return render(
        request,
        "core/system/client_form.html",
        {"form": form, "client": client, "title": client.application.name},
    )


# --- the organisation tree ------------------------------------------------------------------------------


def _tree(orgs: list[Organisation], matches: set[int] | None) -> list[tables.Node]:
    """Nest path-ordered organisations; with a search, keep the matches and the branches leading to them."""
    if matches is not None:
        keep = {int(i) for org in orgs if org.pk in matches for i in org.path.strip("/").split("/")}
        orgs = [org for org in orgs if org.pk in keep]
    roots, nodes = tables.nest(orgs)
    for pk in matches or ():
        if pk in nodes:
            nodes[pk].match = True
    return roots


@login_required
def organisations(request):
    text = request.GET.get("q", "").strip()[:50].replace("\x00", "")
    orgs = list(administration.manageable_organisations(request.user).annotate(member_count=Count("members")))
    matches = {o.pk for o in orgs if text.lower() in o.name.lower()} if text else None
    context = {
        "roots": _tree(orgs, matches),
        "q": text,
        "found": len(matches) if matches is not None else None,
    }
    return render(request, "core/system/organisations.html", context)


@login_required
def organisation_detail(request, pk: int):
    org = administration.manageable_organisation(request.user, pk)
    action = request.POST.get("action", "")
    initial = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "case_prefix": org.case_prefix,
        "active": org.active,
    }
    form = OrganisationForm(request.POST if action == "save" else None, initial=initial)
    move = MoveForm(
        request.POST if action == "move" else None, by=request.user, initial={"parent": org.parent_id}
    )
    if request.method == "POST":
        try:
            if action == "save" and form.is_valid():
                administration.update_organisation(
                    org, by=request.user, region=org.region, **form.cleaned_data
                )
                messages.success(request, _("机构信息已保存"))
                return HttpResponseRedirect(reverse("core:system_organisation", args=[pk]))
            if action == "move" and move.is_valid():
                moved = administration.move_organisation(
                    org, by=request.user, parent=move.cleaned_data["parent"]
                )
                messages.success(request, _("已移至%(parent)s之下") % {"parent": moved.parent})
                return HttpResponseRedirect(reverse("core:system_organisation", args=[pk]))
            if action not in ("save", "move"):
                messages.error(request, _("请选择要执行的操作"))
        except DomainError as error:
            _refused(request, move if action == "move" else form, error)
    ancestors = Organisation.objects.filter(pk__in=[int(i) for i in org.path.strip("/").split("/")[:-1]])
    members = org.members.order_by("username")[:50]
    return render(
        request,
        "core/system/organisation_form.html",
        {
            "org": org,
            "form": form,
            "move": move,
            "ancestors": ancestors.order_by("depth"),
            "members": members,
            "child_count": org.children.count(),
        },
    )


# --- code lists -----------------------------------------------------------------------------------------


@login_required
def dictionaries(request):
    """字典管理: the code lists with their entries, and a form to add one."""
    require_administrator(request.user)
    form = DictionaryEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            administration.add_dictionary_entry(by=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("字典项已添加"))
            return HttpResponseRedirect(reverse("core:system_dictionaries"))
    entries = administration.dictionary_entries(request.user)
    grouped = [(label, [e for e in entries if e.dictionary == key]) for key, label in Dictionary.choices]
    return render(request, "core/system/dictionaries.html", {"grouped": grouped, "form": form})


@login_required
def dictionary_entry(request, pk: int):
    entry = administration.dictionary_entry(request.user, pk)
    initial = {f: getattr(entry, f) for f in ("label", "label_en", "sort_order", "active")}
    form = DictionaryEntryForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            administration.update_dictionary_entry(entry, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("字典项已保存"))
            return HttpResponseRedirect(reverse("core:system_dictionaries"))
    return render(request, "core/system/dictionary_entry.html", {"form": form, "entry": entry})


# regions and industries: one pair of pages each, under 字典管理
CODE_LISTS = {"regions": (Region, _("行政区划")), "industries": (Industry, _("国民经济行业"))}


def _code_list(kind: str):
    if kind not in CODE_LISTS:
        raise NotFound()
    return CODE_LISTS[kind]


@login_required
def code_list(request, kind: str):
    """字典管理 › 行政区划 / 国民经济行业: the list, and a form to add one."""
    require_administrator(request.user)
    model, title = _code_list(kind)
    industries = model is Industry
    form = CodeForm(request.POST or None, industries=industries)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if industries:
                administration.add_industry(
                    by=request.user, code=d["code"], name=d["name"], section=d["section"]
                )
            else:
                administration.add_region(by=request.user, code=d["code"], name=d["name"])
        except DomainError as error:
            _refused(request, form, error)
        else:
            messages.success(
                request,
                _("已添加：%(code)s %(name)s") % {"code": d["code"].strip().upper(), "name": d["name"]},
            )
            return HttpResponseRedirect(reverse("core:system_codes", args=[kind]))
    page = paginate(request, administration.code_rows(request.user, model))
    context = {"page": page, "form": form, "kind": kind, "title": title, "industries": industries}
    return render(request, "core/system/codes.html", context)


@login_required
def code_entry(request, kind: str, pk: int):
    require_administrator(request.user)
    model, title = _code_list(kind)
    row = administration.code_row(request.user, model, pk)
    form = CodeForm(request.POST or None, initial={"name": row.name}, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            administration.rename_code(row, by=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("名称已保存"))
            return HttpResponseRedirect(reverse("core:system_codes", args=[kind]))
    context = {"row": row, "form": form, "kind": kind, "title": title, "events": events_for(row)[:50]}
    return render(request, "core/system/code_entry.html", context)


# --- parameters, jobs --------------------------------------------------------------------------------


@login_required
def system_parameters(request):
    """参数设置: the statutory amounts and, beside them, the local period rules; each form posts here with
    its own prefix."""
    require_administrator(request.user)
    may_add = request.user.effective_scope == DataScope.ALL
    posted = request.POST if request.method == "POST" else None
    form = AmountForm(posted if posted and "period-period" not in posted else None)
    period_form = PeriodOverrideForm(
        posted if posted and "period-period" in posted else None, prefix="period"
    )
    for bound, add in (
        (form, administration.add_statutory_amount),
        (period_form, administration.add_period_override),
    ):
        if bound.is_bound and bound.is_valid():
            try:
                add(by=request.user, **bound.cleaned_data)
            except DomainError as error:
                _refused(request, bound, error)
            else:
                messages.success(request, _("参数已保存"))
                return HttpResponseRedirect(reverse("core:system_parameters"))
    today = timezone.localdate()
    in_force = [
        (label, parameters.row_in_force(kind, today), parameters.amount_in_force(kind, today))
        for kind, label in AmountKind.choices
    ]
    periods = [(p, p.rule_on(today)) for p in PERIODS.values()]
    context = {
        "in_force": in_force,
        "rows": administration.statutory_amounts(request.user),
        "form": form,
        "periods": periods,
        "period_rows": administration.period_overrides(request.user),
        "period_form": period_form,
        "may_add": may_add,
        "today": today,
    }
    return render(request, "core/system/parameters.html", context)


@login_required
def scheduled_jobs(request):
    require_administrator(request.user)
    return render(request, "core/system/jobs.html", {"jobs": jobs.scheduled_jobs()})


# --- 个人中心 ----------------------------------------------------------------------------------------


@login_required
def profile(request):
    user: User = request.user
    action = request.POST.get("action", "")
    form = ProfileForm(
        request.POST if action == "profile" else None,
        initial={"full_name": user.full_name, "phone": user.phone},
    )
    chosen = preferences.notification_preferences(user)
    initial = {}
    for kind, channels in chosen.items():
        initial[f"{kind}__in_app"], initial[f"{kind}__sms"] = channels.in_app, channels.sms
    notifications = NotificationForm(request.POST if action == "notifications" else None, initial=initial)
    token_form = PersonalTokenForm(request.POST if action == "issue_token" else None, user=user)
    new_key = None
    if request.method == "POST":
        try:
            if action == "profile" and form.is_valid():
                administration.update_profile(user, **form.cleaned_data)
                messages.success(request, _("个人信息已保存"))
                return HttpResponseRedirect(reverse("core:profile"))
            if action == "notifications" and notifications.is_valid():
                d = notifications.cleaned_data
                preferences.set_notification_preferences(
                    user,
                    {kind: preferences.Channels(d[f"{kind}__in_app"], d[f"{kind}__sms"]) for kind in chosen},
                )
                messages.success(request, _("消息设置已保存"))
                return HttpResponseRedirect(reverse("core:profile"))
            if action == "issue_token" and token_form.is_valid():
                _token, new_key = tokens.issue_personal_token(user, **token_form.cleaned_data)
                token_form = PersonalTokenForm(user=user)
            if action == "revoke_token":
                tokens.revoke_personal_token(user, _int(request.POST.get("token")), request=request)
                messages.success(request, _("令牌已吊销"))
                return HttpResponseRedirect(reverse("core:profile"))
            if action not in ("profile", "notifications", "issue_token", "revoke_token"):
                messages.error(request, _("请选择要执行的操作"))
        except DomainError as error:
            _refused(request, token_form if action == "issue_token" else form, error)
    context = {
        "form": form,
        "notifications": notifications,
        "scope_label": DataScope(user.effective_scope).label,
        "token_form": token_form,
        "tokens": tokens.personal_tokens(user),
        "new_key": new_key,
        "now": timezone.now(),
    }
    return render(request, "core/system/profile.html", context)
