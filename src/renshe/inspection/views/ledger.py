"""The per-worker wage ledger (工资清欠台账) on the inspection case page, and its actions.

The case page (case.py) merges `ledger_context(case, user)` into its context and includes
"inspection/_ledger.html". The actions are core.actions' (ACTIONS on LEDGER, a CasePage of their own): each
is offered from the states its transition allows, by the module's rules, when its form has something to
act on; a POST calls exactly one service — a stale page refused before anything else — and on success
returns to the page it came from (`next`, else the case page); on a refusal it shows the ledger alone on a
page of its own, with the form open, its input kept and the service's message on the field it names.

The ledger follows its case: 404 wherever the case page is. A worker handed over to mediation or arbitration
(HANDOVER) is the one exception: the town's mediator and the district commission's staff who may do it
(rules.may_hand_over) reach the hand-over page, which shows the forms and nothing of the ledger."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renshe.core import casepages
from renshe.core.actions import Action, ActionForm, CasePage
from renshe.core.exports import xlsx_workbook_response
from renshe.core.money import ZERO
from renshe.core.roles import Capability
from renshe.core.selectors import get_in_scope
from renshe.disputes import handover as disputes_door

from .. import ledger_forms as forms
from .. import selectors, services
from ..models import InspectionCase, PaymentSource
from ..rules import RULES

ANCHOR = "#ledger"


def money(amount: Decimal | None) -> str:
    """Yuan with thousands separators, to the cent: 1234567.5 -> "1,234,567.50"."""
    return f"{(amount or ZERO):,.2f}"


# --- the section's content ------------------------------------------------------------------------


@dataclass
class WorkerRow:
    claim: object
    months: list[tuple[str, str]]
    owed: Decimal
    by_source: dict[str, Decimal]
    advances: list[tuple[str, str]]  # (payer, amount) of the advance-sourced payments
    paid: Decimal
    balance: Decimal
    payments: list[dict]
    dispute_url: str = ""

    @property
    def shown(self) -> dict[str, str]:
        """The amounts as the page shows them."""
        amounts = {"owed": self.owed, "paid": self.paid, "balance": self.balance, **self.by_source}
        return {k: money(v) for k, v in amounts.items()}


@dataclass
class AdvanceRow:
    advance: object
    workers: list[tuple[str, str]]
    advanced: str
    repaid: str
    outstanding: str
    repayments: list[dict]


@dataclass
class Ledger:
    """Everything _ledger.html shows (one context variable, `wage_ledger`, so as not to collide with the
    case page's own names)."""

    case: InspectionCase
    rows: list[WorkerRow]
    totals: dict[str, str]
    advances: list[AdvanceRow]
    advance_totals: dict[str, str]
    reconciles: bool  # Σ workers' advance-sourced payments == Σ payers' advanced, and kept totals == rows
    workers_advanced: str
    payers_advanced: str
    actions: list[tuple[str, Action, ActionForm, str]] = field(default_factory=list)  # slug, …, url
    next: str = ""
    standalone: bool = False
    exportable: bool = False  # the user may export data (the 导出Excel button)


SOURCES = list(PaymentSource.values)


def _rows(case: InspectionCase, user) -> list[WorkerRow]:
    rows = []
    claims = list(selectors.ledger(case))
    handed_over = [c.dispute_id for c in claims if c.dispute_id]
    openable = disputes_door.visible_to(user, handed_over) if handed_over else set()
    for claim in claims:
        by_source = dict.fromkeys(SOURCES, ZERO)
        advances: dict[str, Decimal] = {}
        payments = []
        for p in claim.payments.all():
            by_source[p.source] += p.amount
            if p.advance is not None:
                advances[p.advance.payer_name] = advances.get(p.advance.payer_name, ZERO) + p.amount
            payments.append(
                {
                    "paid_on": p.paid_on,
                    "source": p.get_source_display(),
                    "payer": p.advance.payer_name if p.advance else "",
                    "amount": money(p.amount),
                    "value": p.amount,
                    "reference": p.reference,
                }
            )
        months = list(claim.months.all())
        owed = sum((m.amount for m in months), ZERO)
        paid = sum(by_source.values(), ZERO)
        rows.append(
            WorkerRow(
                claim=claim,
                months=[(f"{m.month:%Y-%m}", money(m.amount)) for m in months],
                owed=owed,
                by_source=by_source,
                advances=[(payer, money(amount)) for payer, amount in advances.items()],
                paid=paid,
                balance=owed - paid,
                payments=payments,
                dispute_url=f"/disputes/{claim.dispute_id}/" if claim.dispute_id in openable else "",
            )
        )
    return rows


def _advances(case: InspectionCase) -> list[AdvanceRow]:
    result = []
    for a in selectors.advances(case):
        result.append(
            AdvanceRow(
                advance=a,
                workers=[(p.claim.worker.name, money(p.amount)) for p in a.payments.all()],
                advanced=money(a.advanced_total),
                repaid=money(a.repaid_total),
                outstanding=money(a.outstanding),
                repayments=[
                    {
                        "repaid_on": r.repaid_on,
                        "amount": money(r.amount),
                        "source": r.get_source_display(),
                        "reference": r.reference,
                    }
                    for r in a.repayments.all()
                ],
            )
        )
    return result


def case_url(case: InspectionCase) -> str:
    return reverse("inspection:detail", args=[case.pk])


def ledger_context(
    case: InspectionCase,
    user,
    *,
    failed: tuple[str, ActionForm] | None = None,
    next_url: str = "",
    standalone: bool = False,
) -> dict:
    """The ledger section for the case page: {"wage_ledger": Ledger}. `failed` is a refused form to show
    open with its input and errors."""
    rows = _rows(case, user)
    advance_rows = _advances(case)
    totals = {
        "owed": sum((r.owed for r in rows), ZERO),
        "paid": sum((r.paid for r in rows), ZERO),
        "balance": sum((r.balance for r in rows), ZERO),
        **{s: sum((r.by_source[s] for r in rows), ZERO) for s in SOURCES},
    }
    advanced = sum((r.advance.advanced_total for r in advance_rows), ZERO)
    repaid = sum((r.advance.repaid_total for r in advance_rows), ZERO)
    workers_advanced = totals[PaymentSource.ADVANCE]
    reconciles = (
        workers_advanced == advanced
        and totals["owed"] == case.owed_total
        and totals["paid"] == case.paid_total
        and advanced == case.advanced_total
        and repaid == case.repaid_total
    )
    ledger = Ledger(
        case=case,
        rows=rows,
        totals={k: money(v) for k, v in totals.items()},
        advances=advance_rows,
        advance_totals={
            "advanced": money(advanced),
            "repaid": money(repaid),
            "outstanding": money(advanced - repaid),
        },
        reconciles=reconciles,
        workers_advanced=money(workers_advanced),
        payers_advanced=money(advanced),
        next=next_url,
        standalone=standalone,
        exportable=user.can(Capability.EXPORT_DATA),
    )
    ledger.actions = _offered(LEDGER, case, user, failed) + _offered(HANDOVER, case, user)
    return {"wage_ledger": ledger}


def _offered(page: CasePage, case: InspectionCase, user, failed=None) -> list:
    """(slug, action, form, url) for each action `page` offers the user on the case."""
    offered, _stray = page.offers(case, user, failed)
    return [
        (slug, spec, form, reverse(f"inspection:ledger_{slug}", args=[case.pk]))
        for slug, spec, form in offered
    ]


# --- the actions ------------------------------------------------------------------------------------


def _claim_added(claim) -> str:
    return gettext("已登记%(name)s的欠薪，共%(amount)s元") % {
        "name": claim.worker.name,
        "amount": money(claim.owed_total),
    }


def _paid(payment) -> str:
    return gettext("已登记%(name)s收到%(amount)s元") % {
        "name": payment.claim.worker.name,
        "amount": money(payment.amount),
    }


def _advanced(advance) -> str:
    return gettext("已登记%(payer)s垫付%(amount)s元") % {
        "payer": advance.payer_name,
        "amount": money(advance.advanced_total),
    }


def _repaid(repayment) -> str:
    return gettext("已登记归还%(payer)s垫付款%(amount)s元") % {
        "payer": repayment.advance.payer_name,
        "amount": money(repayment.amount),
    }


def _settled(agreement) -> str:
    return gettext("已达成调解协议（%(number)s）") % {"number": agreement.case.number}


def _referred(dispute) -> str:
    return gettext("已登记仲裁申请（%(number)s）") % {"number": dispute.number}


ACTIONS: dict[str, Action] = {
    "claim": Action(_("登记欠薪"), forms.ClaimForm, services.add_wage_claim, "ledger", done=_claim_added),
    "payment": Action(
        _("登记工资支付"), forms.PaymentForm, services.record_wage_payment, "ledger", done=_paid
    ),
    "advance": Action(_("登记垫付"), forms.AdvanceForm, services.record_advance, "ledger", done=_advanced),
    "repayment": Action(
        _("登记垫付归还"), forms.RepaymentForm, services.record_advance_repayment, "repay", done=_repaid
    ),
}
HANDOVER_ACTIONS: dict[str, Action] = {
    "mediation": Action(
        _("调解结案"), forms.MediationForm, services.settle_by_mediation, "mediate", done=_settled
    ),
    "arbitration": Action(
        _("申请仲裁"),
        forms.ArbitrationForm,
        services.refer_claim_to_arbitration,
        "to_arbitration",
        done=_referred,
    ),
}


# --- views ---------------------------------------------------------------------------------------------


def _case(request, pk: int) -> InspectionCase:
    return get_in_scope(selectors.inspections_for(request.user).select_related("organisation__parent"), pk)


def _handover_case(request, pk: int) -> InspectionCase:
    return get_in_scope(selectors.handover_cases(request.user).select_related("organisation__parent"), pk)


def _next(request, case: InspectionCase) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return case_url(case)


def _page(request, pk: int, failed: tuple[str, ActionForm] | None = None):
    case = _case(request, pk)
    context = {
        "case": case,
        "case_url": case_url(case),
        **ledger_context(case, request.user, failed=failed, next_url=_next(request, case), standalone=True),
    }
    return render(request, "inspection/ledger.html", context)


def _handover_page(request, pk: int, failed: tuple[str, ActionForm] | None = None):
    case = _handover_case(request, pk)
    sees_case = selectors.inspections_for(request.user).filter(pk=case.pk).exists()
    context = {
        "case": case,
        "case_url": case_url(case) if sees_case else "",
        "actions": _offered(HANDOVER, case, request.user, failed),
    }
    return render(request, "inspection/handover.html", context)


@login_required
def page(request, pk: int):
    """The ledger alone: for a refused form, or to print; with ?export=xlsx, as a workbook (for those who
    may export; the download is recorded by the audit middleware like every export)."""
    case = _case(request, pk)  # out of scope: 404, before whether the user may export
    if casepages.exporting(request):
        return workbook(case, request.user)
    return _page(request, pk)


WORKER_HEADERS = [
    _("劳动者"),
    _("证件号码"),
    _("欠薪月份"),
    _("欠薪（元）"),
    _("用人单位支付（元）"),
    _("垫付（元）"),
    _("法院执行（元）"),
    _("已支付（元）"),
    _("余额（元）"),
    _("处理方式"),
]
PAYMENT_HEADERS = [_("劳动者"), _("支付日期"), _("来源"), _("垫付方"), _("金额（元）"), _("凭证")]


def workbook(case: InspectionCase, user):
    """The ledger as two sheets: a line per worker (owed, paid by source, balance; the ID masked as on the
    page) with the totals, and every payment."""
    rows = _rows(case, user)
    worker_lines: list[list] = [
        [
            r.claim.worker.name,
            r.claim.worker.masked_id,
            "、".join(month for month, _amount in r.months),
            r.owed,
            r.by_source[PaymentSource.EMPLOYER],
            r.by_source[PaymentSource.ADVANCE],
            r.by_source[PaymentSource.ENFORCEMENT],
            r.paid,
            r.balance,
            r.claim.get_resolution_display() if r.claim.resolution else gettext("监察追讨"),
        ]
        for r in rows
    ]
    worker_lines.append(
        [
            gettext("合计"),
            "",
            "",
            sum((r.owed for r in rows), ZERO),
            *(sum((r.by_source[s] for r in rows), ZERO) for s in SOURCES),
            sum((r.paid for r in rows), ZERO),
            sum((r.balance for r in rows), ZERO),
            "",
        ]
    )
    payment_lines = [
        [r.claim.worker.name, p["paid_on"], p["source"], p["payer"], p["value"], p["reference"]]
        for r in rows
        for p in r.payments
    ]
    return xlsx_workbook_response(
        f"{gettext('工资清欠台账')}-{case.number}.xlsx",
        [
            (gettext("工资清欠台账"), [str(h) for h in WORKER_HEADERS], worker_lines),
            (gettext("支付记录"), [str(h) for h in PAYMENT_HEADERS], payment_lines),
        ],
    )


@login_required
def handover(request, pk: int):
    """The hand-over forms alone: for the town's mediator and the commission's staff, and a refused one."""
    return _handover_page(request, pk)


def _after(request, case: InspectionCase) -> str:
    return _next(request, case) + ANCHOR


LEDGER = CasePage("inspection", RULES, ACTIONS, _case, _page, after=_after)
HANDOVER = CasePage("inspection", RULES, HANDOVER_ACTIONS, _handover_case, _handover_page, after=_after)
