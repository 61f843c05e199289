"""The inspector's queue and the case list (a page, or the filtered cases as a workbook — never with a
reporter's identity)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from renshe.core import casepages, law
from renshe.core.models import User
from renshe.core.roles import Role
from renshe.core.tables import Column, Table, register

from .. import forms, selectors, services
from ..models import InspectionCase
from ..rules import STAFF
from ..workflow import Status
from .clock import clock, due_state


def _rows(cases) -> list[InspectionCase]:
    today = timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.due_state = due_state(case, today)
        running = clock(case)
        case.due_on = running[2] if running else None
    return rows


# each column of TABLE as a row draws it (casepages.draw_row)
CELLS: casepages.Cells = {
    "number": lambda c: casepages.number_cell(
        c, "inspection:detail", gettext("群体") if c.group_case else None
    ),
    "respondent": lambda c: casepages.clip_cell(c.respondent.name),
    "street": lambda c: casepages.cell("nowrap", c.street.name),
    "workers": lambda c: casepages.cell("num", c.worker_count),
    "status": casepages.status_cell,
    "received": lambda c: casepages.date_cell(c.received_on),
    "due": lambda c: casepages.due_cell(c.due_on, c.due_state, "num nowrap"),
    "owed": lambda c: casepages.money_cell(c.owed_total),
    "paid": lambda c: casepages.money_cell(c.paid_total),
    "organisation": lambda c: casepages.organisation_cell(c.organisation),
}


TABLE = register(
    Table(
        "inspection.list",
        (
            Column("number", _("案号"), ("number",), fixed=True),
            Column("respondent", _("用人单位"), ("respondent__name",)),
            Column("street", _("用工所在街镇"), ("street__path",)),
            Column("workers", _("人数"), ("worker_count",), numeric=True),
            Column("status", _("状态"), ("status",)),
            Column("received", _("登记日"), ("received_on",)),
            Column("due", _("期限"), ("investigation_due_on",)),
            Column("owed", _("欠薪金额（元）"), ("owed_total",), numeric=True),
            Column("paid", _("已支付（元）"), ("paid_total",), numeric=True),
            Column("organisation", _("承办机构"), ("organisation__path",), default=False),
        ),
        sort="-received",
        org_fields=("organisation", "street"),
    )
)
QUEUE = TABLE.variant("inspection.queue", sort="due")
# the hand-over list: the workers' side of a case (how many, what they are owed), not its investigation
HANDOVERS = register(
    Table(
        "inspection.handovers",
        tuple(
            c
            for c in TABLE.columns
            if c.key in {"number", "respondent", "street", "workers", "status", "received", "owed"}
        ),
        sort="-received",
        org_fields=("organisation", "street"),
    )
)


@login_required
def queue(request):
    cases = selectors.inspector_queue(request.user)
    return casepages.case_list(
        request,
        "inspection/queue.html",
        cases,
        _rows,
        table=QUEUE,
        batch=ASSIGNMENT.bar(request.user),
        cells=CELLS,
        period=law.INVESTIGATION_PERIOD,
    )


@login_required
def handovers(request):
    """The cases whose workers the user hands over to mediation or arbitration; each row opens the
    hand-over forms (the case's file stays the brigade's)."""
    cases = selectors.handover_queue(request.user)
    return casepages.case_list(request, "inspection/handovers.html", cases, _rows, table=HANDOVERS)


@login_required
def case_list(request):
    form = forms.FilterForm(request.GET)
    # the scope by organisation ids: the list's sort index is walked with it, not the cases joined to paths
    cases = selectors.filtered(selectors.inspections_for(request.user, by_id=True), form.value())
    return casepages.case_list(
        request,
        "inspection/list.html",
        cases,
        _rows,
        table=TABLE,
        export=_export,
        batch=ASSIGNMENT.bar(request.user),
        cells=CELLS,
        form=form,
        statuses=Status.choices,
    )


def _assign(case: InspectionCase, by: User, inspectors: list[User]) -> InspectionCase:
    return services.assign_inspectors(case, by=by, inspectors=inspectors, version=case.version)


# the ticked cases each given the chosen inspectors (services.assign_inspectors: its own brigade's, two at
# least, in a state that takes an assignment)
ASSIGNMENT = casepages.Assignment(
    "inspection:batch", "inspection:list", STAFF, Role.INSPECTOR, _("承办监察员（至少两名）"), _assign
)


@login_required
@require_POST
def batch(request):
    """The ticked cases exported, or assigned (ASSIGNMENT)."""
    return ASSIGNMENT.respond(request, selectors.inspections_for(request.user), export=_export)


HEADERS = [
    _("案号"),
    _("状态"),
    _("案件来源"),
    _("用人单位"),
    _("统一社会信用代码"),
    _("用工所在街镇"),
    _("承办机构"),
    _("群体性案件"),
    _("涉及人数"),
    _("登记日"),
    _("受理期限"),
    _("立案日"),
    _("调查期限"),
    _("期限状态"),
    _("欠薪金额（元）"),
    _("已支付（元）"),
    _("垫付（元）"),
    _("结案日"),
]


def _export(cases):
    yes = gettext("是")

    def row(c: InspectionCase, today) -> tuple:
        return (
            c.number,
            c.get_status_display(),
            c.get_origin_display(),
            c.respondent.name,
            c.respondent.credit_code,
            c.street.name,
            c.organisation.name,
            yes if c.group_case else "",
            c.worker_count,
            c.received_on,
            c.acceptance_due_on,
            c.filed_on,
            c.investigation_due_on,
            casepages.due_mark(due_state(c, today)),
            c.owed_total,
            c.paid_total,
            c.advanced_total,
            c.closed_on,
        )

    return casepages.workbook(gettext("劳动保障监察案件"), [str(h) for h in HEADERS], cases, row)
