"""Web pages of the core domain. Thin: parse the request, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from . import issuing, rules, search, selectors, services, tables
from .charts import bar_chart, is_empty
from .errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from .exports import xlsx_response
from .forms import DeadlineForm, EnterpriseForm, PersonForm, ScheduleConfirmForm
from .law import PERIODS
from .models import EnterpriseSize, HolidaySchedule, Industry, IssuedDocument
from .roles import Capability
from .workdays import compute_deadline


def paginate(request, queryset, per_page: int | None = None):
    """A page of an ordered queryset: ?page= (or "last"), ?per_page=; the count bounded (core.tables)."""
    return tables.paginate(request, queryset, per_page)


def submit(request, form, action, *, success: str, then):
    """Run the service `action(cleaned_data)` for a valid POSTed form. On success flash `success` and
    redirect to `then(result)`; on refusal show the service's message on the form (on its field when the
    form has one) and return None so the page re-renders with everything the user typed."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return None
    messages.success(request, success)
    return HttpResponseRedirect(then(result))


# --- workbench -----------------------------------------------------------------------------------


@login_required
def workbench(request):
    items = selectors.work_items_for(request.user)
    due_chart = bar_chart(_("待办期限分布"), selectors.due_profile(items))
    due_chart["empty"] = is_empty(due_chart)  # as charts.finished marks a dashboard's
    return render(
        request,
        "core/workbench.html",
        {
            "page": paginate(request, items),
            "summary": selectors.workbench_summary(items),
            "due_chart": due_chart,
            "today": timezone.localdate(),
        },
    )


# --- list settings (core.tables) -------------------------------------------------------------------


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:workbench")


@login_required
@require_POST
def list_columns(request):
    """Save the columns the user chose for a list (or, with `reset`, go back to its default)."""
    table = tables.TABLES.get(request.POST.get("list", ""))
    if table is None:
        messages.warning(request, _("没有这个列表，列设置未保存"))
        return HttpResponseRedirect(_back(request))
    asked = [] if "reset" in request.POST else request.POST.getlist("columns")
    kept, ignored = tables.save_columns(request.user, table, asked)
    if ignored:
        messages.warning(
            request, _("已忽略本列表没有的列：%(keys)s") % {"keys": "、".join(k[:40] for k in ignored)}
        )
    if kept:
        messages.success(request, _("列设置已保存"))
    elif "reset" in request.POST:
        messages.success(request, _("已恢复默认列"))
    else:
        messages.warning(request, _("列设置中没有可显示的列，已恢复默认列"))
    return HttpResponseRedirect(_back(request))


# --- enterprises ---------------------------------------------------------------------------------


def _enterprise_filter(request) -> selectors.EnterpriseFilter:
    """The list's filters from the query string; a street that is not an id (a number past any key, another
    script's digits, which int() reads) is refused rather than looked for."""
    street = request.GET.get("street", "")
    if street and not (street.isascii() and street.isdigit() and int(street) <= selectors.ID_MAX):
        raise ValidationFailed(_("所在街镇无效，请从列表中选择"), field="street")
    return selectors.EnterpriseFilter(
        q=request.GET.get("q", "").strip(),
        street=int(street) if street else None,
        industry=request.GET.get("industry", ""),
        size=request.GET.get("size", ""),
    )


ENTERPRISES = tables.register(
    tables.Table(
        "core.enterprises",
        (
            tables.Column("name", _l("企业名称"), ("name",), fixed=True),
            tables.Column("credit_code", _l("统一社会信用代码"), ("credit_code",)),
            tables.Column("industry", _l("所属行业"), ("industry__code",)),
            tables.Column("street", _l("所在街镇"), ("street__path",)),
            tables.Column("size", _l("规模"), ("size",)),
            tables.Column("legal_representative", _l("法定代表人")),
            tables.Column("employees", _l("职工人数"), ("employee_count",), numeric=True, default=False),
        ),
        sort="name",
        org_fields=("street",),
    )
)
PEOPLE = tables.register(
    tables.Table(
        "core.people",
        (
            tables.Column("name", _l("姓名"), ("name",), fixed=True),
            tables.Column("id_number", _l("居民身份证号码")),
            tables.Column("sex", _l("性别"), ("sex",)),
            tables.Column("birth_date", _l("出生日期"), ("birth_date",)),
            tables.Column("phone", _l("联系电话")),
            tables.Column("organisation", _l("登记机构"), ("organisation__path",)),
        ),
        sort="name",
        org_fields=("organisation",),
    )
)


@login_required
def enterprise_list(request):
    try:
        f = _enterprise_filter(request)
    except ValidationFailed as refused:
        return render(request, "core/error.html", {"message": refused.message}, status=400)
    qs = selectors.enterprises_for(request.user, f)
    if request.GET.get("export") == "xlsx":
        services.require(request.user, Capability.EXPORT_DATA)
        rows = (
            (
                e.credit_code,
                e.name,
                str(e.industry),
                e.street.name,
                e.get_size_display(),
                e.legal_representative,
                e.address,
                e.employee_count,
            )
            for e in qs[:50_000]
        )
        headers = [
            _("统一社会信用代码"),
            _("企业名称"),
            _("所属行业"),
            _("所在街镇"),
            _("企业规模"),
            _("法定代表人"),
            _("经营地址"),
            _("职工人数"),
        ]
        return xlsx_response(_("企业名录") + ".xlsx", _("企业名录"), headers, rows)
    listing = tables.listing(
        request, ENTERPRISES, qs, own_scope=selectors.enterprises_for(request.user, f, with_parties=False)
    )
    return render(
        request,
        "core/enterprise_list.html",
        {
            "page": listing.page,
            "listing": listing,
            "cols": listing.cols,
            "filter": f,
            "streets": selectors.streets_for(request.user),
            "sections": Industry.objects.filter(parent__isnull=True),
            "sizes": EnterpriseSize.choices,
        },
    )


@login_required
def enterprise_create(request):
    if not rules.may_register_enterprise(request.user):
        raise PermissionDenied()
    form = EnterpriseForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda d: services.register_enterprise(
            by=request.user, credit_code=d["credit_code"], data=services.EnterpriseInput.of(d)
        ),
        success=_("企业已登记"),
        then=lambda e: reverse("core:enterprise", args=[e.pk]),
    )
    return done or render(request, "core/enterprise_form.html", {"form": form, "title": _("登记企业")})


@login_required
def enterprise_edit(request, pk: int):
    enterprise = selectors.get_in_scope(selectors.enterprises_for(request.user, with_parties=False), pk)
    if not rules.may_register_enterprise(request.user):
        raise PermissionDenied()
    initial = {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "industry": enterprise.industry.code if enterprise.industry else "",
        "street": enterprise.street_id,
        "size": enterprise.size,
        "legal_representative": enterprise.legal_representative,
        "address": enterprise.address,
        "contact_phone": enterprise.contact_phone,
        "employee_count": enterprise.employee_count,
        "version": enterprise.version,
    }
    form = EnterpriseForm(request.POST or None, user=request.user, initial=initial, editing=True)
    done = submit(
        request,
        form,
        lambda d: services.update_enterprise(
            enterprise, by=request.user, version=d["version"] or 0, data=services.EnterpriseInput.of(d)
        ),
        success=_("企业信息已保存"),
        then=lambda e: reverse("core:enterprise", args=[e.pk]),
    )
    context = {"form": form, "title": _("修改企业信息"), "enterprise": enterprise}
    return done or render(request, "core/enterprise_form.html", context)


@login_required
def enterprise_detail(request, pk: int):
    from .enterprise_file import sections_for

    enterprise = selectors.get_in_scope(selectors.enterprises_for(request.user), pk)
    return render(
        request,
        "core/enterprise_detail.html",
        {
            "enterprise": enterprise,
            # as enterprise_edit asks: the register's staff, and the enterprise in their own register scope
            "can_edit": rules.may_register_enterprise(request.user)
            and selectors.in_register_scope(request.user, enterprise),
            "sections": sections_for(enterprise, request.user),
            "events": paginate(request, selectors.enterprise_timeline(enterprise, request.user), 15),
        },
    )


# --- people --------------------------------------------------------------------------------------


@login_required
def person_list(request):
    q = request.GET.get("q", "").strip()
    listing = tables.listing(
        request,
        PEOPLE,
        selectors.persons_for(request.user, q),
        own_scope=selectors.persons_for(request.user, q, with_parties=False),
    )
    context = {"page": listing.page, "listing": listing, "cols": listing.cols, "q": q}
    return render(request, "core/person_list.html", context)


@login_required
def person_create(request):
    if not rules.may_register_person(request.user):
        raise PermissionDenied()
    form = PersonForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: services.register_person(by=request.user, **d),
        success=_("人员已登记"),
        then=lambda p: reverse("core:person", args=[p.pk]),
    )
    return done or render(request, "core/person_form.html", {"form": form, "title": _("登记人员")})


@login_required
def person_detail(request, pk: int):
    person = selectors.get_in_scope(selectors.persons_for(request.user), pk)
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "can_unmask": request.user.can(Capability.UNMASK_PERSONAL_DATA),
            "can_confirm": person.id_area_unverified
            and request.user.can(Capability.MANAGE_REGISTRY)
            and selectors.in_register_scope(request.user, person),
            "events": selectors.events_for(person)[:50],
        },
    )


@login_required
@require_POST
def person_reveal(request, pk: int):
    person = selectors.get_in_scope(selectors.persons_for(request.user), pk)
    revealed = services.reveal_personal_data(person, by=request.user)
    return render(request, "core/_person_identity.html", {"person": person, "revealed": revealed})


@login_required
@require_POST
def person_confirm_id(request, pk: int):
    person = selectors.get_in_scope(selectors.persons_for(request.user, with_parties=False), pk)
    services.confirm_person_identity(person, by=request.user)
    messages.success(request, _("已核实身份证号码"))
    return HttpResponseRedirect(reverse("core:person", args=[pk]))


# --- organisations, calendar -----------------------------------------------------------------------


@login_required
def organisation_tree(request):
    orgs = selectors.organisations_for(request.user).annotate(member_count=Count("members"))
    return render(request, "core/organisation_tree.html", {"organisations": orgs})


@login_required
def calendar_page(request):
    form = DeadlineForm(request.GET or None)
    deadline = None
    if request.GET and form.is_valid():
        period = PERIODS[form.cleaned_data["period"]]
        deadline = compute_deadline(period, form.cleaned_data["start"], form.cleaned_data["extra_days"] or 0)
    can_confirm = request.user.can(Capability.MANAGE_CALENDAR)
    pending = HolidaySchedule.objects.filter(confirmed=False).order_by("year").first()
    confirm_form = ScheduleConfirmForm(
        request.POST or None, initial={"year": pending.year if pending else timezone.localdate().year + 1}
    )
    done = submit(
        request,
        confirm_form,
        lambda d: services.confirm_holiday_schedule(
            d["year"], by=request.user, source=d["source"], days=d["days"]
        ),
        success=_("节假日安排已确认"),
        then=lambda _schedule: reverse("core:calendar"),
    )
    return done or render(
        request,
        "core/calendar.html",
        {
            "form": form,
            "deadline": deadline,
            "confirm_form": confirm_form,
            "can_confirm": can_confirm,
            "schedules": HolidaySchedule.objects.all()[:10],
            "periods": PERIODS.values(),
        },
    )


# --- issued documents ----------------------------------------------------------------------------


def _issued(request, pk: int):
    """An issued document and its subject, for those who may see the subject; 404 as missing otherwise."""
    document = selectors.get_in_scope(IssuedDocument.objects.select_related("subject_type"), pk)
    kind = issuing.KINDS.get(document.kind)
    if kind is None:
        raise NotFound()
    subject = selectors.get_in_scope(kind.visible(request.user), document.subject_id)
    return document, kind, subject


@login_required
def issued_document(request, pk: int):
    """One issued version, as it was issued (its SHA-256 checked)."""
    document, kind, subject = _issued(request, pk)
    kind.hand_out(subject, request.user)
    return issuing.serve(document)


@login_required
@require_POST
def correct_document(request, pk: int):
    """Correct (re-issue) a document: the next version, rendered from the case as it reads now, replacing
    the version the user saw, which must still be the latest."""
    document, kind, subject = _issued(request, pk)
    try:
        corrected = issuing.issue_document(
            subject, kind, by=request.user, replaces=document, reason=request.POST.get("reason", "")
        )
    except (Conflict, ValidationFailed) as error:  # a refusal (403) answers as a page of its own
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("已更正签发：%(title)s 第%(version)d版")
            % {"title": corrected.title, "version": corrected.version},
        )
    return HttpResponseRedirect(kind.url(kind.case_of(subject)) or reverse("core:workbench"))


# --- search --------------------------------------------------------------------------------------


@login_required
def search_page(request):
    """The header's search box: cases, enterprises and people in the user's scope, grouped by kind."""
    raw = request.GET.get("q", "")
    context = {"q": raw[: search.MAX_LENGTH], "limit": search.LIMIT}
    try:
        query = search.parse(raw)
    except ValidationFailed as refused:
        status = 400 if len(raw) > search.MAX_LENGTH else 200  # an empty box is a prompt, not an error
        return render(request, "core/search.html", {**context, "error": refused.message}, status=status)
    groups = search.search(request.user, query)
    context.update(q=query.text, groups=groups, found=sum(len(g.hits) for g in groups))
    return render(request, "core/search.html", context)
