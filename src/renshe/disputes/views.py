"""Staff pages for labour disputes: the mediator's queue, the case list, counter registration and the case
file with its actions. Thin: parse, call a selector or a service, render."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import files, issuing, law
from renshe.core import services as core_services
from renshe.core.actions import Action, ActionForm, CasePage, filled
from renshe.core.errors import DomainError
from renshe.core.exports import xlsx_response
from renshe.core.roles import Capability
from renshe.core.selectors import dictionary_choices, events_for, get_in_scope
from renshe.core.views import paginate

from . import documents, forms, selectors, services
from .models import AgreementItem, DisputeCase, Outcome, ReferralStatus
from .rules import RULES
from .workflow import FINISHED, MEDIATION_OPEN, Status

QUERY_CODE_SESSION_KEY = "disputes.query_code"


def _cases(request):
    return selectors.disputes_for(request.user)


def _case(request, pk: int) -> DisputeCase:
    return get_in_scope(_cases(request).select_related("street", "industry"), pk)


def due_state(case: DisputeCase, today: date) -> str:
    """While the mediation clock runs (第十四条): overdue, due-soon or on-track; otherwise empty."""
    if case.status not in MEDIATION_OPEN or not case.mediation_due_on:
        return ""
    if case.mediation_due_on < today:
        return "overdue"
    if core_services.due_soon_date(case.received_on, case.mediation_due_on) <= today:
        return "due-soon"
    return "on-track"


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


# --- queue and list ------------------------------------------------------------------------------


@login_required
def queue(request):
    page = paginate(request, _listing(selectors.mediator_queue(request.user)))
    page.object_list = _rows(page.object_list)
    return render(request, "disputes/queue.html", {"page": page, "period": law.MEDIATION_PERIOD})


EXPORT_LIMIT = 50_000  # rows in one workbook; a narrower filter gets the rest


@login_required
def case_list(request):
    form = forms.FilterForm(request.GET, user=request.user)
    qs = selectors.filtered(_cases(request), form.value())
    if request.GET.get("export") == "xlsx":
        core_services.require(request.user, Capability.EXPORT_DATA)
        return _export(qs)
    page = paginate(request, _listing(qs))
    page.object_list = _rows(page.object_list)
    return render(request, "disputes/list.html", {"page": page, "form": form, "statuses": Status.choices})


def _export(qs):
    labels = dict(dictionary_choices("case_type"))
    today = timezone.localdate()
    marks = {"overdue": gettext("已超期"), "due-soon": gettext("临期"), "on-track": "", "": ""}
    rows = (
        (
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
            marks[due_state(c, today)],
            c.claimed_total,
            c.agreed_total,
            c.paid_total,
            c.closed_on,
        )
        for c in _listing(qs[:EXPORT_LIMIT]).iterator(chunk_size=2000)
    )
    headers = [
        gettext("案号"),
        gettext("状态"),
        gettext("申请人"),
        gettext("人数"),
        gettext("被申请人"),
        gettext("统一社会信用代码"),
        gettext("案件类型"),
        gettext("受理机构"),
        gettext("承办机构"),
        gettext("收到申请日"),
        gettext("调解期限"),
        gettext("期限状态"),
        gettext("请求金额（元）"),
        gettext("协议金额（元）"),
        gettext("已履行（元）"),
        gettext("结案日"),
    ]
    return xlsx_response(gettext("劳动争议案件") + ".xlsx", gettext("劳动争议案件"), headers, rows)


# --- counter registration ------------------------------------------------------------------------


APPLICATION_FIELDS = {
    "credit_code": "respondent_credit_code",
    "file": "evidence",
}  # service field → form field


@login_required
def create(request):
    data = request.POST if request.method == "POST" else None
    adding = data is not None and request.POST.get("add") in ("applicants", "claims")
    if adding:  # one more blank row, nothing checked yet (no script needed)
        data = data.copy()
        key = f"{request.POST['add']}-TOTAL_FORMS"
        total = data.get(key, "")
        data[key] = str(int(total) + 1) if total.isdigit() else total
    form = forms.ApplicationForm(data, request.FILES or None, user=request.user)
    applicants = forms.ApplicantFormSet(data, prefix="applicants")
    claims = forms.ClaimFormSet(data, prefix="claims")
    context = {"form": form, "applicants": applicants, "claims": claims, "quiet": adding}
    if data is None or adding:
        return render(request, "disputes/create.html", context)
    if all([form.is_valid(), applicants.is_valid(), claims.is_valid()]):
        try:
            case, code = services.apply_for_mediation(
                by=request.user,
                channel="counter",
                centre=form.chosen_centre(),
                applicants=[
                    services.ApplicantInput(a["id_number"], a["name"], a["phone"], a["representative"])
                    for a in filled(applicants)
                ],
                respondent=form.respondent_input(),
                claims=[services.ClaimInput(c["claim_type"], c["amount"], c["note"]) for c in filled(claims)],
                facts=form.cleaned_data["facts"],
                case_type=form.cleaned_data["case_type"],
                received_on=form.cleaned_data["received_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except DomainError as error:
            field = APPLICATION_FIELDS.get(error.field, error.field)
            if field in ("applicants", "claims"):
                context[f"{field}_error"] = str(error.message)
            else:
                form.add_error(field if field in form.fields else None, str(error.message))
        else:
            # shown once on the next page and never stored in clear: the applicant follows the case with it
            request.session[QUERY_CODE_SESSION_KEY] = {"case": case.pk, "code": code}
            return HttpResponseRedirect(reverse("disputes:registered", args=[case.pk]))
    return render(request, "disputes/create.html", context)


@login_required
def registered(request, pk: int):
    case = _case(request, pk)
    slip = request.session.get(QUERY_CODE_SESSION_KEY) or {}
    code = slip.get("code") if slip.get("case") == case.pk else None
    if code:
        del request.session[QUERY_CODE_SESSION_KEY]
    return render(request, "disputes/registered.html", {"case": case, "code": code})


# --- actions on a case ---------------------------------------------------------------------------


def _agreement(case):
    return getattr(case, "agreement", None)


def _arbitration(case):
    return getattr(case, "arbitration", None)


def _accepted(case) -> bool:
    return bool(_arbitration(case) and case.arbitration.accepted_on)


def _outstanding(case):
    return AgreementItem.objects.filter(agreement__case=case, paid_amount__lt=F("amount"))


def _may_arbitrate(case) -> bool:
    # past the 15 days a party may arbitrate without a formal failure (第十四条)
    return case.status == Status.FAILED or due_state(case, timezone.localdate()) == "overdue"


ACTIONS: dict[str, Action] = {
    "accept": Action(_("受理"), ActionForm, services.accept_dispute, "accept", tone="primary"),
    "decline": Action(_("不予受理"), forms.ReasonForm, services.decline_dispute, "decline", tone="danger"),
    "refer": Action(_("转派"), forms.ReferForm, services.refer_dispute, "refer"),
    "revoke_referral": Action(_("撤回转派"), ActionForm, services.revoke_referral, "revoke_referral"),
    "take_up": Action(
        _("接收并指定调解员"), forms.TakeUpForm, services.take_up_dispute, "take_up", tone="primary"
    ),
    "record_session": Action(_("记录调解"), forms.SessionForm, services.record_session, "record_session"),
    "extend": Action(_("延长调解期限"), forms.ExtendForm, services.extend_mediation, "extend"),
    "suspend": Action(_("中止调解"), forms.ReasonForm, services.suspend_mediation, "suspend"),
    "resume": Action(_("恢复调解"), forms.ResumeForm, services.resume_mediation, "resume", tone="primary"),
    "settle": Action(_("达成调解协议"), forms.SettleForm, services.settle_dispute, "settle", tone="primary"),
    "record_payment": Action(
        _("登记履行"),
        forms.PaymentForm,
        services.record_payment,
        "record_payment",
        when=lambda c: _outstanding(c).exists(),
        tone="primary",
    ),
    "review_path": Action(
        _("选择后续途径"),
        forms.ReviewPathForm,
        services.choose_review_path,
        "payment_order",
        when=lambda c: bool(_agreement(c) and not c.agreement.review_path),
    ),
    "default": Action(
        _("确认到期未履行"),
        ActionForm,
        services.declare_default,
        "default",
        when=lambda c: _outstanding(c).filter(due_on__lt=timezone.localdate()).exists(),
        tone="danger",
    ),
    "fail": Action(_("调解不成"), forms.ReasonForm, services.fail_mediation, "fail", tone="danger"),
    "withdraw": Action(_("撤回申请"), forms.ReasonForm, services.withdraw_dispute, "withdraw"),
    "to_arbitration": Action(
        _("移送仲裁"),
        forms.ToArbitrationForm,
        services.refer_to_arbitration,
        "to_arbitration",
        also_from=frozenset({Status.MEDIATING}),
        when=_may_arbitrate,
        tone="primary",
    ),
    "accept_arbitration": Action(
        _("仲裁受理"),
        forms.AcceptArbitrationForm,
        services.accept_arbitration,
        "accept_arbitration",
        when=lambda c: not _accepted(c),
        tone="primary",
    ),
    "schedule_hearing": Action(
        _("安排开庭"),
        forms.HearingForm,
        services.schedule_hearing,
        "schedule_hearing",
        when=_accepted,
    ),
    "extend_arbitration": Action(
        _("延长审理期限"),
        ActionForm,
        services.extend_arbitration,
        "extend_arbitration",
        when=lambda c: _accepted(c) and not c.arbitration.extended,
    ),
    "award": Action(
        _("作出裁决"),
        forms.AwardForm,
        services.make_award,
        "award",
        when=_accepted,
        tone="primary",
    ),
    "sue": Action(_("登记起诉"), forms.SuitForm, services.record_suit, "sue"),
    "judge": Action(_("登记裁判结果"), forms.JudgmentForm, services.record_judgment, "judge", tone="primary"),
    "close": Action(_("裁决生效结案"), ActionForm, services.close_after_award, "close"),
}


# --- the case file ---------------------------------------------------------------------------------

STEPS = [
    ("applied", _("申请")),
    ("accepted", _("受理")),
    ("mediation", _("调解")),
    ("outcome", _("协议/不成")),
    ("arbitration", _("仲裁")),
    ("litigation", _("诉讼")),
    ("closed", _("结案")),
]
STEP_OF = {
    Status.APPLIED: 0,
    Status.DECLINED: 1,
    Status.ACCEPTED: 1,
    Status.REFERRED: 1,
    Status.MEDIATING: 2,
    Status.SUSPENDED: 2,
    Status.WITHDRAWN: 2,
    Status.SETTLED: 3,
    Status.FAILED: 3,
    Status.ARBITRATION: 4,
    Status.AWARDED: 4,
    Status.LITIGATION: 5,
    Status.CLOSED: 6,
}


def steps(case: DisputeCase, has_arbitration: bool, has_litigation: bool) -> list[dict]:
    """The step indicator: each step done, current, skipped (the case went round it) or still ahead."""
    here = STEP_OF[case.status]
    if case.status == Status.WITHDRAWN and not case.mediated:
        here = 1
    visited = {
        "mediation": case.mediated,
        "outcome": case.outcome in (Outcome.SETTLED, Outcome.FAILED),
        "arbitration": has_arbitration,
        "litigation": has_litigation,
    }
    labels = {
        "outcome": {Outcome.SETTLED: _("达成协议"), Outcome.FAILED: _("调解不成")}.get(case.outcome),
        "closed": {Status.DECLINED: _("不予受理"), Status.WITHDRAWN: _("已撤回")}.get(case.status),
    }
    ended = case.status in FINISHED
    result = []
    for n, (key, label) in enumerate(STEPS):
        if n < here:
            state = "done" if visited.get(key, True) else "skipped"
        elif n == here:
            state = "done" if case.status == Status.CLOSED else "current"
        else:
            state = "skipped" if ended and key != "closed" else "todo"
        if key == "closed" and ended:
            state = "done" if case.status == Status.CLOSED else "ended"
        result.append({"key": key, "label": labels.get(key) or label, "state": state})
    return result


def deadline(case: DisputeCase, arbitration, today: date) -> dict | None:
    """The statutory time limit running now, for the card beside the file: mediation (第十四条), then the
    commission's acceptance review and its award period (第二十九条, 第四十三条)."""
    if case.status in MEDIATION_OPEN | {Status.SUSPENDED} and case.mediation_due_on:
        notes = [gettext("自收到申请之日起%(n)d日") % {"n": law.MEDIATION_PERIOD.effective_days}]
        if case.extension_days:
            notes.append(gettext("双方同意延长%(n)d日") % {"n": case.extension_days})
        if case.suspended_days:
            notes.append(gettext("中止%(n)d日不计入") % {"n": case.suspended_days})
        limit = {
            "label": gettext("调解期限"),
            "due": case.mediation_due_on,
            "state": due_state(case, today),
            "citation": law.MEDIATION_PERIOD.citation,
            "note": "，".join(notes),
        }
    elif case.status == Status.ARBITRATION and arbitration is not None:
        accepted = arbitration.accepted_on is not None
        period = law.ARBITRATION_AWARD if accepted else law.ARBITRATION_ACCEPTANCE
        start = arbitration.accepted_on if accepted else arbitration.applied_on
        due = arbitration.award_due_on if accepted else arbitration.acceptance_due_on
        soon = core_services.due_soon_date(start, due) <= today
        limit = {
            "label": period.label,
            "due": due,
            "state": "overdue" if due < today else "due-soon" if soon else "on-track",
            "citation": period.citation,
            "note": gettext("经批准已延长") if arbitration.extended else "",
        }
    else:
        return None
    left = (limit["due"] - today).days
    return {**limit, "days_left": left, "days_over": -left, "suspended": case.status == Status.SUSPENDED}


def _detail(request, pk: int, failed: tuple[str, ActionForm] | None = None):
    user = request.user
    case = get_in_scope(
        _cases(request)
        .select_related(
            "respondent__street",
            "respondent__industry",
            "street",
            "industry",
            "agreement",
            "arbitration__commission",
            "litigation",
        )
        .prefetch_related("mediators"),
        pk,
    )
    agreement, arbitration = _agreement(case), _arbitration(case)
    actions, stray = PAGE.offers(case, user, failed)
    claim_types = dict(dictionary_choices("claim_type"))
    items = list(agreement.items.prefetch_related("payments")) if agreement else []
    for item in items:
        item.type_label = claim_types.get(item.claim_type, item.claim_type)
    claims = list(case.claims.all())
    for claim in claims:
        claim.type_label = claim_types.get(claim.claim_type, claim.claim_type)
    award_items = list(arbitration.award_items.all()) if arbitration else []
    for award_item in award_items:
        award_item.type_label = claim_types.get(award_item.claim_type, award_item.claim_type)
    litigation = getattr(case, "litigation", None)
    today = timezone.localdate()
    context = {
        "case": case,
        "case_type": dict(dictionary_choices("case_type")).get(case.case_type, case.case_type),
        "steps": steps(case, arbitration is not None, litigation is not None),
        "deadline": deadline(case, arbitration, today),
        "citation": law.MEDIATION_PERIOD.citation,
        "today": today,
        "outstanding": case.agreed_total - case.paid_total,
        "applicants": case.applicants.select_related("person").order_by("-representative", "id"),
        "claims": claims,
        "referrals": case.referrals.select_related(
            "from_organisation", "to_organisation", "referred_by"
        ).order_by("referred_at"),
        "sessions": case.sessions.select_related("recorded_by"),
        "suspensions": case.suspensions.order_by("started_on"),
        "evidence": case.evidence.order_by("uploaded_at"),
        "agreement": agreement,
        "items": items,
        "arbitration": arbitration,
        "hearings": arbitration.hearings.all() if arbitration else [],
        "award_items": award_items,
        "litigation": litigation,
        "events": events_for(case)[:100],
        "issued": issuing.issued_for([case], request.user),
        "actions": actions,
        "stray": stray,
        "action_url": "disputes:action",
        "pending_referral": ReferralStatus.PENDING,
    }
    return render(request, "disputes/detail.html", context)


@login_required
def detail(request, pk: int):
    return _detail(request, pk)


PAGE = CasePage("disputes", RULES, ACTIONS, _case, _detail)


@login_required
def evidence_file(request, pk: int, evidence_id: int):
    """Evidence is personal data: served only to those who may see the case, never from a public URL, and
    only as it was stored (core.files)."""
    case = _case(request, pk)
    evidence = get_in_scope(case.evidence.all(), evidence_id)
    return files.response(files.content(evidence), evidence.name, evidence.content_type)


@login_required
def agreement_pdf(request, pk: int):
    case = _case(request, pk)
    if _agreement(case) is None:
        raise Http404()
    return issuing.download(case, documents.AGREEMENT, by=request.user)


@login_required
def award_pdf(request, pk: int):
    case = _case(request, pk)
    if _arbitration(case) is None or not case.arbitration.awarded_on:
        raise Http404()
    return issuing.download(case, documents.AWARD, by=request.user)


urlpatterns = [
    path("", case_list, name="list"),
    path("queue/", queue, name="queue"),
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/registered/", registered, name="registered"),
    path("<int:pk>/evidence/<int:evidence_id>/", evidence_file, name="evidence"),
    path("<int:pk>/agreement.pdf", agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/award.pdf", award_pdf, name="award_pdf"),
    path("<int:pk>/<slug:action>/", PAGE.view, name="action"),
]
