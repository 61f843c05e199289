"""What every case module's staff pages share besides the actions (core.actions): the state of a running
time limit, the case page's progress steps and clock card, the lists (a page of rows, or all of them as a
workbook), and the registration form's "one more row" button. Each module says only what differs; the
templates in core/templates/core/ draw the rest."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from . import tables
from .errors import DomainError, PermissionDenied
from .exports import xlsx_response
from .models import User
from .money import yuan
from .roles import Capability
from .scope import visible_organisations
from .services import due_soon_date, require

EXPORT_LIMIT = 50_000  # rows in one workbook; a narrower filter gets the rest


def due_state(start: date, due: date, today: date) -> str:
    """A running limit from `start` to `due`: overdue, due-soon (most of it used) or on-track."""
    if due < today:
        return "overdue"
    if due_soon_date(start, due) <= today:
        return "due-soon"
    return "on-track"


def due_mark(state: str) -> str:
    """The state as an exported cell says it (on track says nothing)."""
    return {"overdue": gettext("已超期"), "due-soon": gettext("临期")}.get(state, "")


# --- the case page --------------------------------------------------------------------------------------


def progress(
    stages: list[tuple[str, str | Promise]],
    here: int,
    *,
    visited: dict[str, bool] | None = None,
    labels: dict[str, str | Promise | None] | None = None,
    closed: bool = False,
    ended: bool = False,
) -> list[dict]:
    """The step indicator: each stage done, current, skipped (the case went round it) or still ahead.
    `here` is the stage the case is at; `visited` names the stages before it the case did not go through
    (False); `labels` words a stage for this case; a case `closed` has done its last stage, one `ended`
    otherwise (declined, withdrawn, revoked …) skips what is left and its last stage shows as ended."""
    visited, labels = visited or {}, labels or {}
    last = len(stages) - 1
    steps = []
    for n, (key, label) in enumerate(stages):
        if n < here:
            state = "done" if visited.get(key, True) else "skipped"
        elif n == here:
            state = "done" if closed else "current"
        else:
            state = "skipped" if ended and n != last else "todo"
        if n == last and ended:
            state = "ended"
        steps.append({"key": key, "label": labels.get(key) or label, "state": state})
    return steps


def clock_card(today: date, *, label, due: date, state: str, citation: str, note: str = "", **more) -> dict:
    """The card beside the case file for the limit running now (core/_deadline.html): its due day, state,
    source and note, the days left or over, and what a module adds (`days`, `suspended`, `unconfirmed`)."""
    left = (due - today).days
    return {
        "label": label,
        "due": due,
        "state": state,
        "citation": citation,
        "note": note,
        **more,
        "days_left": left,
        "days_over": -left,
    }


# --- lists ----------------------------------------------------------------------------------------------

# A page of 20 to 100 rows drawn by the template language costs a lookup, a filter or an include per cell:
# most of a list's time beside its SQL (issue 12: a list within 2x its own SQL). So a module names how each
# of its columns draws a case (Cells, by column key) and the rows are drawn here in Python, in the markup
# core/_status.html and core/_due.html give.

Cells = dict[str, Callable[[Any], SafeString]]


def draw_row(case, shown: list[str], cells: Cells) -> SafeString:
    """The row's cells for the shown columns, in their order (that of the table's head)."""
    return format_html_join("\n      ", "{}", ((cells[key](case),) for key in shown))


def cell(css: str, content: object) -> SafeString:
    return format_html('<td class="{}">{}</td>', css, content) if css else format_html("<td>{}</td>", content)


def clip_cell(title: str, text: str | None = None) -> SafeString:
    """A long name cut to the column, whole in its tooltip."""
    return format_html(
        '<td><span class="clip" title="{}">{}</span></td>', title, title if text is None else text
    )


def organisation_cell(organisation) -> SafeString:
    return clip_cell(organisation.name, organisation.short_name or organisation.name)


def number_cell(case, url_name: str, tag: str | Promise | None) -> SafeString:
    """The case number linking to its page, with a tag (集体, 群体) when given."""
    extra = format_html(' <span class="tag tag-collective">{}</span>', tag) if tag else ""
    return format_html(
        '<td class="case-no"><a href="{}">{}</a>{}</td>',
        case_url(url_name, case.pk),
        case.number,
        extra,
    )


def case_url(url_name: str, pk: int) -> str:
    """reverse(url_name, args=[pk]) for a page of rows: the URL's pattern resolved once per script prefix,
    each row's id put in its place (a reverse() per row was a tenth of drawing it)."""
    key = (url_name, get_script_prefix())
    parts = _CASE_URLS.get(key)
    if parts is None:
        parts = _CASE_URLS[key] = tuple(reverse(url_name, args=[_MARK]).split(str(_MARK)))
    return str(pk).join(parts)


_MARK = 987654321  # a case id no URL pattern holds otherwise
_CASE_URLS: dict[tuple[str, str], tuple[str, ...]] = {}


def status_cell(case) -> SafeString:
    """A case's state as a tag (core/_status.html). Its label from the model's choices, read once per model
    (get_status_display builds a dict of every choice for each row)."""
    labels = _STATUS_LABELS.get(type(case))
    if labels is None:
        labels = _STATUS_LABELS[type(case)] = dict(type(case)._meta.get_field("status").flatchoices)
    tag = format_html(
        '<span class="tag case-status status-{}" data-testid="status">{}</span>',
        case.status,
        labels.get(case.status, case.status),
    )
    return cell("nowrap", tag)


_STATUS_LABELS: dict[type, dict] = {}  # the lazy labels: translated as each row is drawn


def due_cell(due: date | None, state: str, css: str = "num") -> SafeString:
    """A running limit's due day and its state as a tag (core/_due.html; nothing while on track)."""
    shown = day(due) or format_html('<span class="muted">{}</span>', "—")
    if state == "overdue":
        tag = format_html('<span class="tag tag-danger" data-due="overdue">{}</span>', gettext("已超期"))
    elif state == "due-soon":
        tag = format_html('<span class="tag tag-warn" data-due="due-soon">{}</span>', gettext("临期"))
    else:
        tag = ""
    return format_html('<td class="{}">{} {}</td>', css, shown, tag)


def day(value: date | None, empty: str = "") -> str:
    """A date as the lists show it (Y-m-d), `empty` for none."""
    return value.strftime("%Y-%m-%d") if value else empty


def date_cell(value: date | None, empty: str = "") -> SafeString:
    return cell("num", day(value, empty))


def money_cell(amount) -> SafeString:
    return cell("num amount", yuan(amount))


def exporting(request) -> bool:
    """Whether a list or statistics page is asked for as a workbook (refused to those who may not export
    data)."""
    if request.GET.get("export") != "xlsx":
        return False
    require(request.user, Capability.EXPORT_DATA)
    return True


@dataclass
class Batch:
    """What a list offers for the rows ticked: `url` takes the POST (the module's batch view); export for
    those who may export data, assignment to `handlers` for those whose role may assign at all (each case
    is still checked by the service)."""

    url: str
    export: bool
    assign: bool
    handlers: list[User]
    handler_label: str | Promise = ""


def case_list(
    request,
    template: str,
    cases,
    rows: Callable[[Iterable], list],
    *,
    table: tables.Table,
    export: Callable | None = None,
    batch: Batch | None = None,
    cells: Cells | None = None,
    **context,
):
    """A page of cases (already filtered in the database) as core.tables lists them, each row dressed by
    `rows` and drawn by `cells` (the module's columns, in Python); with ?export=xlsx, all of them
    as a workbook by `export(cases)`, for those who may export."""
    if export is not None and exporting(request):
        return export(cases)
    if batch is not None and not (batch.export or batch.assign):
        batch = None
    shown = tables.listing(request, table, cases, selectable=batch is not None)
    shown.page.object_list = rows(shown.page.object_list)
    cols = shown.cols
    for row in shown.page.object_list:
        row.select_label = gettext("选择 %(number)s") % {"number": row.number}
        if cells is not None:
            row.cells = draw_row(row, shown.shown, cells)
    return render(
        request,
        template,
        {"page": shown.page, "listing": shown, "cols": cols, "batch": batch, **context},
    )


BATCH_LIMIT = 500  # rows ticked at once (a page holds at most 100)


def _back(request, home: str) -> HttpResponseRedirect:
    """Back to the list the rows were ticked in (`next`, a path on this site), or to `home`."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = home
    return HttpResponseRedirect(target)


def batch_action(
    request,
    cases: QuerySet,
    *,
    export: Callable,
    assign: Callable[[object, User, list[User]], object],
    may_assign: bool,
    handlers: QuerySet,
    home: str,
):
    """The ticked rows (POST `pk`, among `cases`, the user's visible ones) exported as a workbook or each
    assigned to the chosen `handlers` by the module's service `assign(case, by, handlers)`, which checks
    that case on its own; what it refuses is listed row by row, the rest is done."""
    ids = tables.selected_ids(request)
    if not ids:
        messages.warning(request, gettext("请先勾选案件"))
        return _back(request, home)
    if len(ids) > BATCH_LIMIT:
        messages.warning(request, gettext("一次最多勾选 %(n)d 件案件") % {"n": BATCH_LIMIT})
        return _back(request, home)
    chosen = cases.filter(pk__in=ids)
    action = request.POST.get("action", "")
    if action == "export":
        require(request.user, Capability.EXPORT_DATA)
        return export(chosen)
    if action != "assign":
        messages.warning(request, gettext("请选择要进行的批量操作"))
        return _back(request, home)
    if not may_assign:
        raise PermissionDenied()
    wanted = [int(v) for v in request.POST.getlist("handlers") if v.isascii() and v.isdigit() and len(v) < 12]
    people = list(handlers.filter(pk__in=wanted))
    if not people:
        messages.warning(request, gettext("请选择承办人"))
        return _back(request, home)
    done, refused = [], []
    found = list(chosen.order_by("id"))
    for case in found:
        try:
            assign(case, request.user, people)
        except DomainError as error:
            refused.append(f"{case.number}：{error.message or gettext('无权操作')}")
        else:
            done.append(case.number)
    if len(found) < len(set(ids)):
        refused.append(gettext("%(n)d 件案件不存在或不在您的数据范围内") % {"n": len(set(ids)) - len(found)})
    if done:
        messages.success(
            request,
            gettext("已分配 %(n)d 件案件：%(numbers)s") % {"n": len(done), "numbers": "、".join(done)},
        )
    for line in refused:
        messages.error(request, gettext("未分配 %(line)s") % {"line": line})
    return _back(request, home)


@dataclass(frozen=True)
class Assignment:
    """How a module's ticked cases are assigned: by the roles in `staff`, to active users of `role` in the
    organisations the user sees, each case through the module's service `assign(case, by, handlers)`;
    `url` names the batch view, `home` the list to come back to."""

    url: str
    home: str
    staff: frozenset[str]
    role: str
    label: str | Promise
    assign: Callable[[object, User, list[User]], object]

    def handlers(self, user: User) -> QuerySet[User]:
        return User.objects.filter(
            role=self.role, is_active=True, organisation__in=visible_organisations(user)
        ).order_by("organisation__path", "full_name", "id")

    def bar(self, user: User) -> Batch:
        """The batch bar a list shows this user."""
        may_assign = user.role in self.staff
        return Batch(
            url=reverse(self.url),
            export=user.can(Capability.EXPORT_DATA),
            assign=may_assign,
            handlers=list(self.handlers(user).select_related("organisation")) if may_assign else [],
            handler_label=self.label,
        )

    def respond(self, request, cases: QuerySet, *, export: Callable):
        """The batch view: the ticked rows among `cases` (the user's visible ones) exported or assigned."""
        return batch_action(
            request,
            cases,
            export=export,
            assign=self.assign,
            may_assign=request.user.role in self.staff,
            handlers=self.handlers(request.user),
            home=reverse(self.home),
        )


def workbook(title: str, headers: list[str], cases, row: Callable[[object, date], tuple]):
    """The cases as one sheet, `row(case, today)` a line, streamed in chunks up to EXPORT_LIMIT."""
    today = timezone.localdate()
    lines = (row(c, today) for c in cases[:EXPORT_LIMIT].iterator(chunk_size=2000))
    return xlsx_response(title + ".xlsx", title, headers, lines)


# --- registration ---------------------------------------------------------------------------------------


def posted_rows(request, tables: Iterable[str]) -> tuple[object, bool]:
    """The registration form's data (None for a GET), and whether the POST only asks for one more blank row
    in one of the named row tables (the "＋" buttons work without a script; nothing is checked then)."""
    data = request.POST if request.method == "POST" else None
    adding = data is not None and request.POST.get("add") in set(tables)
    if adding:
        data = data.copy()
        key = f"{request.POST['add']}-TOTAL_FORMS"
        total = data.get(key, "")
        data[key] = str(int(total) + 1) if total.isdigit() else total
    return data, adding
