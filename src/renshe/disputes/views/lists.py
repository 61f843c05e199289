"""The mediator's queue and the case list (a page as core.tables lists it, or the filtered cases as a
workbook), and the batch actions on the rows ticked in them."""

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from renshe.core import casepages, law
from renshe.core.models import User
from renshe.core.roles import Role
from renshe.core.selectors import dictionary_choices
from renshe.core.tables import Column, Table, register

from .. import forms, selectors, services
from ..models import Applicant, DisputeCase
from ..rules import MEDIATION_STAFF
from ..workflow import Status
from .clock import due_state


def _rows(cases) -> list[DisputeCase]:
    today = timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.due_state = due_state(case, today)
        case.lead_applicant = case.lead_applicant or ""  # annotated by _page_rows
    return rows


def _applicant(case: DisputeCase) -> SafeString:
    more = gettext(" 等%(n)s人") % {"n": case.worker_count} if case.worker_count > 1 else ""
    return casepages.cell(
        "nowrap",
        format_html('{}<span class="muted small">{}</span>', case.lead_applicant, more)
        if more
        else case.lead_applicant,
    )


# each column of TABLE as a row draws it (casepages.draw_row)
CELLS: casepages.Cells = {
    "number": lambda c: casepages.number_cell(
        c, "disputes:detail", gettext("集体") if c.collective else None
    ),
    "applicant": _applicant,
    "respondent": lambda c: casepages.clip_cell(c.respondent.name),
    "organisation": lambda c: casepages.organisation_cell(c.organisation),
    "status": casepages.status_cell,
    "received": lambda c: casepages.date_cell(c.received_on),
    "due": lambda c: casepages.due_cell(c.mediation_due_on, c.due_state),
    "claimed": lambda c: casepages.money_cell(c.claimed_total),
    "workers": lambda c: casepages.cell("num", c.worker_count),
    "closed": lambda c: casepages.date_cell(c.closed_on, "—"),
}


def _listing(qs):
    """Everything an exported row shows, fetched for all of them at once: the applicants with their names
    in one query (not the people's encrypted identity numbers and phones, which a row does not show)."""
    applicants = (
        Applicant.objects.select_related("person").only("case", "person", "person__name").order_by("pk")
    )
    return qs.prefetch_related(Prefetch("applicants", queryset=applicants))


def _page_rows(qs):
    """A page's rows with the first applicant's name (the one a row shows) in the same query: a subquery
    per row of the page along the applicants' case index, instead of a second query and the applicants and
    people made into objects."""
    first = Applicant.objects.filter(case=OuterRef("pk")).order_by("pk").values("person__name")[:1]
    return qs.annotate(lead_applicant=Subquery(first))


TABLE = register(
    Table(
        "disputes.list",
        (
            Column("number", _("案号"), ("number",), fixed=True),
            Column("applicant", _("申请人")),
            Column("respondent", _("被申请人"), ("respondent__name",)),
            Column("organisation", _("承办机构"), ("organisation__path",)),
            Column("status", _("状态"), ("status",)),
            Column("received", _("收到申请日"), ("received_on",)),
            Column("due", _("调解期限"), ("mediation_due_on",)),
            Column("claimed", _("请求金额（元）"), ("claimed_total",), numeric=True),
            Column("workers", _("人数"), ("worker_count",), numeric=True, default=False),
            Column("closed", _("结案日"), ("closed_on",), default=False),
        ),
        sort="-received",
        org_fields=("organisation",),
    )
)
QUEUE = TABLE.variant("disputes.queue", sort="due")


@login_required
def queue(request):
    cases = _page_rows(selectors.mediator_queue(request.user))
    return casepages.case_list(
        request,
        "disputes/queue.html",
        cases,
        _rows,
        table=QUEUE,
        batch=ASSIGNMENT.bar(request.user),
        cells=CELLS,
        period=law.MEDIATION_PERIOD,
    )


@login_required
def case_list(request):
    form = forms.FilterForm(request.GET, user=request.user)
    # the scope by organisation ids: the list's sort index is walked with it, not the cases joined to paths
    cases = _page_rows(selectors.filtered(selectors.disputes_for(request.user, by_id=True), form.value()))
    return casepages.case_list(
        request,
        "disputes/list.html",
        cases,
        _rows,
        table=TABLE,
        export=_export,
        batch=ASSIGNMENT.bar(request.user),
        cells=CELLS,
        form=form,
        statuses=Status.choices,
    )


def _take_up(case: DisputeCase, by: User, mediators: list[User]) -> DisputeCase:
    return services.take_up_dispute(case, by=by, mediators=mediators, version=case.version)


# the ticked cases each taken up by its organisation with the chosen mediators (services.take_up_dispute,
# which refuses a case not waiting there or a mediator of another one)
ASSIGNMENT = casepages.Assignment(
    "disputes:batch", "disputes:list", MEDIATION_STAFF, Role.MEDIATOR, _("调解员"), _take_up
)


@login_required
@require_POST
def batch(request):
    """The ticked cases exported, or assigned (ASSIGNMENT)."""
    return ASSIGNMENT.respond(request, selectors.disputes_for(request.user), export=_export)


HEADERS = [
    _("案号"),
    _("状态"),
    _("申请人"),
    _("人数"),
    _("被申请人"),
    _("统一社会信用代码"),
    _("案件类型"),
    _("受理机构"),
    _("承办机构"),
    _("收到申请日"),
    _("调解期限"),
    _("期限状态"),
    _("请求金额（元）"),
    _("协议金额（元）"),
    _("已履行（元）"),
    _("结案日"),
]


def _export(cases):
    labels = dict(dictionary_choices("case_type"))
    cases = _listing(cases)

    def row(c: DisputeCase, today) -> tuple:
        return (
            c.number,
            c.get_status_display(),
            "、".join(a.person.name for a in c.applicants.all()),
            c.worker_count,
            c.respondent.name,
            c.respondent.credit_code,
            labels.get(c.case_type, c.case_type),
            c.received_by.name,
            c.organisation.name,
            c.received_on,
            c.mediation_due_on,
            casepages.due_mark(due_state(c, today)),
            c.claimed_total,
            c.agreed_total,
            c.paid_total,
            c.closed_on,
        )

    return casepages.workbook(gettext("劳动争议案件"), [str(h) for h in HEADERS], cases, row)
