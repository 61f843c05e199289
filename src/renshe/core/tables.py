"""The one table every back-office list draws (core/_table_*.html): sorting by whitelisted columns, a page
size of 20, 50 or 100, first/last and a jump to any page, a count that stops at COUNT_CAP ("10,000+") so
that a million cases cost no full count, a column chooser remembered per user (ListPreference), the rows
ticked for a batch action, and the organisation-tree pane beside it.

A list names its columns once (a `Table`, registered by its key) and hands its already scoped and filtered
queryset to `listing`; bad parameters (a sort key that is no column, a page past the end, a size not
offered, an organisation outside the user's scope) fall back to the default with a message, never a 500."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import ListPreference, Organisation, User
from .scope import active_organisations, covers_subtree, visible_organisations

PAGE_SIZES = (20, 50, 100)
COUNT_CAP = 10_000  # rows counted before the count reads "10,000+"; a later page counts as far as it


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    order: tuple[str, ...] = ()  # the ORDER BY of an ascending sort; () when the column does not sort
    numeric: bool = False
    fixed: bool = False  # always shown (the case number, the name that links to the record)
    default: bool = True  # shown until the user chooses


@dataclass(frozen=True)
class Table:
    key: str  # the list's name for its preferences: "disputes.list"
    columns: tuple[Column, ...]
    sort: str  # the default: a column key, "-" first for descending
    org_fields: tuple[str, ...] = ()  # foreign keys to Organisation the tree pane narrows (any of them)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def variant(self, key: str, sort: str) -> "Table":
        """The same columns under another name and default order (a queue beside its list)."""
        return register(replace(self, key=key, sort=sort))


TABLES: dict[str, Table] = {}


def register(table: Table) -> Table:
    TABLES[table.key] = table
    return table


# --- page numbers and the bounded count --------------------------------------------------------------


@dataclass
class Pager:
    """A page of rows, Django's Page in what a template asks of it (iterating, `number`), plus what the
    bounded count knows: `count` (exact, or COUNT_CAP… when `capped`) and the pages around this one."""

    object_list: list
    number: int
    per_page: int
    count: int
    capped: bool

    sizes = PAGE_SIZES

    def __iter__(self) -> Iterator:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index: int | slice) -> Any:  # a row, or a slice of them, as Django's Page
        return self.object_list[index]

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.capped else f"{self.count:,}"

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages or self.capped

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def window(self) -> list[int]:
        """The page numbers linked around this one."""
        return list(range(max(1, self.number - 2), min(self.num_pages, self.number + 2) + 1))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


def _page_size(request: HttpRequest, preferred: int | None) -> int:
    asked = request.GET.get("per_page", "")
    if not asked:
        return preferred if preferred in PAGE_SIZES else PAGE_SIZES[0]
    if asked.isascii() and asked.isdigit() and int(asked) in PAGE_SIZES:
        return int(asked)
    messages.warning(request, _("每页条数只能选择 20、50 或 100，已按每页 20 条显示"))
    return PAGE_SIZES[0]


def paginate(
    request: HttpRequest, queryset: QuerySet, per_page: int | None = None, *, by_ids: bool = False
) -> Pager:
    """A page of `queryset` (ordered) by ?page= and ?per_page=: "last" or a number past the end shows the last
    page (with a message), anything else not a page number the first. Rows are counted up to COUNT_CAP, or
    as far as the page asked for, so OFFSET and the count cost the same bounded scan. `by_ids`: a page far
    down is fetched by its ids first (_deep_page; a queryset without DISTINCT or UNION)."""
    size = per_page or _page_size(request, None)
    asked = request.GET.get("page", "")
    last, number = asked == "last", 1
    if asked and not last:
        if asked.isascii() and asked.isdigit() and len(asked) < 10 and int(asked) > 0:
            number = int(asked)
        else:
            messages.warning(request, _("页码无效，已显示第 1 页"))
    if last:
        count, capped = queryset.order_by().count(), False
    else:
        limit = max(COUNT_CAP, number * size) + 1
        count = queryset.order_by().values("pk")[:limit].count()
        capped = count >= limit
        if capped:
            count = limit - 1
    pages = max(1, -(-count // size))
    if last:
        number = pages
    elif number > pages and not capped:
        messages.warning(
            request,
            _("第 %(asked)d 页超出范围，已显示最后一页（第 %(last)d 页）")
            % {
                "asked": number,
                "last": pages,
            },
        )
        number = pages
    offset = (number - 1) * size
    if by_ids and offset >= DEEP_OFFSET:
        rows = _deep_page(queryset, offset, size)
    else:
        rows = list(queryset[offset : offset + size])
    return Pager(rows, number, size, count, capped)


DEEP_OFFSET = 1_000  # rows skipped from which a page is found by its ids first (_deep_page)


def _deep_page(queryset: QuerySet, offset: int, size: int) -> list:
    """A page far down a list in two steps: the ids of its rows (the database sorts and skips only the
    columns of the ORDER BY, in memory, instead of every column of every row skipped, joined to the
    related rows shown, spilling to disk), then those rows with everything they show."""
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + size])
    found = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


# --- the organisation tree ----------------------------------------------------------------------------


@dataclass
class Node:
    organisation: Organisation
    children: list["Node"] = field(default_factory=list)
    selected: bool = False
    open: bool = False  # on the way to the selected one, or at the top
    match: bool = False  # found by a search (系统管理's tree)


def nest(orgs: Iterable[Organisation]) -> tuple[list[Node], dict[int, Node]]:
    """Path-ordered organisations as a forest, each under the nearest one above it in `orgs` (a scope may
    hold a unit without its parent); the roots, and every node by organisation id."""
    by_path: dict[str, Node] = {}
    roots: list[Node] = []
    for org in orgs:
        node = Node(org)
        parent = _nearest(by_path, org.path)
        (parent.children if parent else roots).append(node)
        by_path[org.path] = node
    return roots, {node.organisation.pk: node for node in by_path.values()}


def organisation_tree(user: User, selected: Organisation | None) -> list[Node]:
    """The active organisations in the user's scope as a forest, the branch holding `selected` open."""
    roots, nodes = nest(active_organisations(user))
    for node in nodes.values():
        org = node.organisation
        node.selected = selected is not None and org.pk == selected.pk
        node.open = selected is not None and selected.path.startswith(org.path) and not node.selected
    for root in roots:
        root.open = True
    return roots


def _nearest(nodes: dict[str, Node], path: str) -> Node | None:
    parts = path.strip("/").split("/")
    for n in range(len(parts) - 1, 0, -1):
        found = nodes.get("/" + "/".join(parts[:n]) + "/")
        if found:
            return found
    return None


def _organisation(request: HttpRequest, user: User) -> Organisation | None:
    asked = request.GET.get("org", "")
    if not asked:
        return None
    if asked.isascii() and asked.isdigit() and len(asked) < 10:
        pk = int(asked)  # one of the tree's (active) organisations, else an inactive one still in scope
        found = next((o for o in active_organisations(user) if o.pk == pk), None)
        found = found or visible_organisations(user).filter(pk=pk).first()
        if found:
            return found
    messages.warning(request, _("所选机构不在您的数据范围内，已显示全部"))
    return None


def within(queryset: QuerySet, org_fields: Iterable[str], organisation: Organisation) -> QuerySet:
    """The rows whose organisation (any of `org_fields`) lies in `organisation`'s subtree: the subtree's ids
    first (the organisation table is small), so the list's own index does the rest."""
    ids = list(Organisation.objects.filter(path__startswith=organisation.path).values_list("pk", flat=True))
    q = Q()
    for name in org_fields:
        q |= Q(**{f"{name}__in": ids})
    return queryset.filter(q)


# --- columns chosen -------------------------------------------------------------------------------------


def chosen_columns(
    table: Table, user: User, preference: ListPreference | None, request: HttpRequest | None = None
) -> list[str]:
    """The keys of the columns shown: the user's choice where it names columns of the table, the default
    otherwise; the fixed ones always."""
    keys = [c.key for c in table.columns]
    if preference is not None:
        kept = [k for k in preference.columns if k in keys]
        if kept:
            return [c.key for c in table.columns if c.fixed or c.key in kept]
        if request is not None:
            messages.warning(request, _("保存的列设置中没有本列表的列，已按默认列显示"))
    return [c.key for c in table.columns if c.fixed or c.default]


def save_columns(user: User, table: Table, asked: Sequence[str]) -> tuple[list[str], list[str]]:
    """Store the user's columns for `table`: (kept, ignored). Nothing kept clears the choice."""
    keys = {c.key for c in table.columns if not c.fixed}
    kept = [k for k in dict.fromkeys(asked) if k in keys]
    ignored = [k for k in asked if k not in keys and not table.column(k)]
    if kept:
        ListPreference.objects.update_or_create(user=user, list_key=table.key, defaults={"columns": kept})
    else:
        ListPreference.objects.filter(user=user, list_key=table.key).delete()
    return kept, ignored


# --- the listing ---------------------------------------------------------------------------------------


@dataclass
class Listing:
    table: Table
    page: Pager
    sort: str
    shown: list[str]
    organisation: Organisation | None
    tree: list[Node]
    selectable: bool = False

    @property
    def cols(self) -> dict[str, bool]:
        return {k: True for k in self.shown}

    @property
    def headers(self) -> list[dict]:
        """The shown columns with the sort each header links to and the arrow it shows."""
        heads = []
        for c in self.table.columns:
            if c.key not in self.shown:
                continue
            state = "asc" if self.sort == c.key else "desc" if self.sort == "-" + c.key else ""
            heads.append(
                {
                    "column": c,
                    "sortable": bool(c.order),
                    "state": state,
                    "next": "-" + c.key if state == "asc" else c.key,
                }
            )
        return heads

    @property
    def choices(self) -> list[tuple[Column, bool]]:
        return [(c, c.key in self.shown) for c in self.table.columns]


def _sort(request: HttpRequest, table: Table) -> str:
    asked = request.GET.get("sort", "")
    if not asked:
        return table.sort
    column = table.column(asked.removeprefix("-"))
    if column is None or not column.order:
        messages.warning(request, _("不能按“%(key)s”排序，已按默认顺序显示") % {"key": asked[:40]})
        return table.sort
    return asked


def _ordering(table: Table, sort: str) -> list[str]:
    column = table.column(sort.removeprefix("-"))
    assert column is not None
    if sort.startswith("-"):
        return [f"-{f}" for f in column.order] + ["-id"]
    return [*column.order, "id"]


def listing(
    request: HttpRequest,
    table: Table,
    queryset: QuerySet,
    *,
    selectable: bool = False,
    own_scope: QuerySet | None = None,
) -> Listing:
    """A page of `queryset` (scoped and filtered already) as the user asked for it (a signed-in user's).
    `own_scope`: the same rows without those a user sees only as parties to their cases, for a tree node that
    lies wholly within the user's scope, where the parties' part adds no row (and its EXISTS keeps PostgreSQL
    off the list's sort index)."""
    user = request.user
    assert isinstance(user, User)  # the list views are login_required
    preference = ListPreference.objects.filter(user=user, list_key=table.key).first()
    sort = _sort(request, table)
    organisation = _organisation(request, user) if table.org_fields else None
    if organisation is not None:
        if own_scope is not None and covers_subtree(user, organisation):
            queryset = own_scope
        queryset = within(queryset, table.org_fields, organisation)
    size = _page_size(request, preference.page_size if preference else None)
    page = paginate(request, queryset.order_by(*_ordering(table, sort)), size, by_ids=True)
    return Listing(
        table=table,
        page=page,
        sort=sort,
        shown=chosen_columns(table, user, preference, request),
        organisation=organisation,
        tree=organisation_tree(user, organisation) if table.org_fields else [],
        selectable=selectable,
    )


def selected_ids(request: HttpRequest) -> list[int]:
    """The ticked rows' ids (POST `pk`), malformed ones dropped."""
    return [int(v) for v in request.POST.getlist("pk") if v.isascii() and v.isdigit() and len(v) < 12]
