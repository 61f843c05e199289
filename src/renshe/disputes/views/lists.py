"""The mediator's queue and the case list (a page, or the filtered cases as a workbook)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import casepages, law
from renshe.core.selectors import dictionary_choices

from .. import forms, selectors
from ..models import DisputeCase
from ..workflow import Status
from .clock import due_state


def _rows(cases) -> list[DisputeCase]:
    today = timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.due_state = due_state(case, today)
        applicants = case.applicants.all()  # prefetched with the page
        case.lead_applicant = applicants[0].person.name if applicants else ""
    return rows


def _listing(qs):
    """Everything a row shows, fetched for the whole page at once."""
    return qs.prefetch_related("applicants__person")


@login_required
def queue(request):
    cases = _listing(selectors.mediator_queue(request.user))
    return casepages.case_list(request, "disputes/queue.html", cases, _rows, period=law.MEDIATION_PERIOD)


@login_required
def case_list(request):
    form = forms.FilterForm(request.GET, user=request.user)
    cases = _listing(selectors.filtered(selectors.disputes_for(request.user), form.value()))
    return casepages.case_list(
        request, "disputes/list.html", cases, _rows, export=_export, form=form, statuses=Status.choices
    )


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
