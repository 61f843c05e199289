"""The inspector's queue and the case list (a page, or the filtered cases as a workbook — never with a
reporter's identity)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import casepages, law

from .. import forms, selectors
from ..models import InspectionCase
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


@login_required
def queue(request):
    cases = selectors.inspector_queue(request.user)
    return casepages.case_list(
        request, "inspection/queue.html", cases, _rows, period=law.INVESTIGATION_PERIOD
    )


@login_required
def handovers(request):
    """The cases whose workers the user hands over to mediation or arbitration; each row opens the
    hand-over forms (the case's file stays the brigade's)."""
    cases = selectors.handover_queue(request.user)
    return casepages.case_list(request, "inspection/handovers.html", cases, _rows)


@login_required
def case_list(request):
    form = forms.FilterForm(request.GET)
    cases = selectors.filtered(selectors.inspections_for(request.user), form.value())
    return casepages.case_list(
        request, "inspection/list.html", cases, _rows, export=_export, form=form, statuses=Status.choices
    )


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
