"""The per-worker wage ledger (工资清欠台账) on the inspection case page, and its actions.

The case page (views.py) merges `ledger_context(case, user)` into its context and includes
"inspection/_ledger.html". Each POST here calls exactly one service; on success it redirects back to the
page it came from (`next`, else the case page); on a refusal it shows the ledger alone on a page of its
own, with the form open, its input kept and the service's message on the field it names."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from renshe.core.errors import Conflict, ValidationFailed
from renshe.core.models import OrganisationKind
from renshe.core.money import ZERO
from renshe.core.roles import Role
from renshe.core.selectors import get_in_scope

from . import ledger_forms as forms
from . import selectors, services
from .models import InspectionCase, PaymentSource
from .rules import RULES
from .workflow import FILED, Status

ANCHOR = "#ledger"


def money(amount: Decimal | None) -> str:
    """Yuan with thousands separators, to the cent: 1234567.5 -> "1,234,567.50"."""
    return f"{(amount or ZERO):,.2f}"


# --- who may see and do what -----------------------------------------------------------------------


def ledger_cases_for(user) -> QuerySet[InspectionCase]:
    """The cases whose ledger the user may see: those of the inspection file (selectors.inspections_for),
    and for the mediators and arbitration staff of a district the cases of that district's brigade, whose
    workers they settle or register (the services let them act on those, so they must see them)."""
    visible = selectors.inspections_for(user)
    if user.is_authenticated and user.role in {Role.MEDIATOR, Role.ARBITRATOR} and user.organisation_id:
        ancestors = [int(i) for i in user.organisation.path.strip("/").split("/") if i]
        visible = InspectionCase.objects.filter(
            Q(pk__in=visible.values("pk")) | Q(organisation__parent_id__in=ancestors)
        ).select_related("respondent", "organisation", "street")
    return visible


@dataclass(frozen=True)
class Action:
    label: str | Promise
    form: type[forms.LedgerForm]
    call: Callable  # (form, case, user, version) -> done message
    offered: Callable  # (case, user, ledger) -> bool


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
    actions: list[tuple[str, Action, forms.LedgerForm, str]] = field(default_factory=list)  # slug, …, url
    next: str = ""
    standalone: bool = False


SOURCES = list(PaymentSource.values)


def _rows(case: InspectionCase) -> list[WorkerRow]:
    rows = []
    for claim in selectors.ledger(case):
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
                dispute_url=f"/disputes/{claim.dispute_id}/" if claim.dispute_id else "",
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
    failed: tuple[str, forms.LedgerForm] | None = None,
    next_url: str = "",
    standalone: bool = False,
) -> dict:
    """The ledger section for the case page: {"wage_ledger": Ledger}. `failed` is a refused form to show
    open with its input and errors."""
    rows = _rows(case)
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
    )
    for slug, spec in ACTIONS.items():
        url = reverse(f"inspection:ledger_{slug}", args=[case.pk])
        if failed and failed[0] == slug:
            ledger.actions.append((slug, spec, failed[1], url))
        elif spec.offered(case, user, ledger):
            ledger.actions.append((slug, spec, spec.form(case=case, user=user, prefix=slug), url))
    return {"wage_ledger": ledger}


# --- the actions ------------------------------------------------------------------------------------


def _open_claims(ledger: Ledger, need_balance: bool = True) -> bool:
    return any(not r.claim.resolution and (r.balance > 0 or not need_balance) for r in ledger.rows)


def _add_claim(form: forms.ClaimForm, case, user, version) -> str:
    claim = services.add_wage_claim(case, by=user, worker=form.worker(), version=version)
    return gettext("已登记%(name)s的欠薪，共%(amount)s元") % {
        "name": claim.worker.name,
        "amount": money(claim.owed_total),
    }


def _pay(form: forms.PaymentForm, case, user, version) -> str:
    payment = services.record_wage_payment(case, by=user, version=version, **form.arguments())
    return gettext("已登记%(name)s收到%(amount)s元") % {
        "name": payment.claim.worker.name,
        "amount": money(payment.amount),
    }


def _advance(form: forms.AdvanceForm, case, user, version) -> str:
    advance = services.record_advance(case, by=user, version=version, **form.arguments())
    return gettext("已登记%(payer)s垫付%(amount)s元") % {
        "payer": advance.payer_name,
        "amount": money(advance.advanced_total),
    }


def _repay(form: forms.RepaymentForm, case, user, version) -> str:
    advance, arguments = form.target_and_arguments()
    repayment = services.record_advance_repayment(advance, by=user, version=version, **arguments)
    return gettext("已登记归还%(payer)s垫付款%(amount)s元") % {
        "payer": advance.payer_name,
        "amount": money(repayment.amount),
    }


def _mediate(form: forms.MediationForm, case, user, version) -> str:
    d = form.cleaned_data
    agreement = services.settle_by_mediation(
        d["claim"],
        by=user,
        centre=d["centre"],
        signed_on=d["signed_on"],
        due_on=d["due_on"],
        terms=d["terms"],
        version=version,
    )
    return gettext("已达成调解协议（%(number)s）") % {"number": agreement.case.number}


def _arbitrate(form: forms.ArbitrationForm, case, user, version) -> str:
    d = form.cleaned_data
    dispute = services.refer_claim_to_arbitration(
        d["claim"],
        by=user,
        commission=d["commission"],
        applied_on=d["applied_on"],
        extra_claims=form.extra_claims(),
        version=version,
    )
    return gettext("已登记仲裁申请（%(number)s）") % {"number": dispute.number}


def _ledger_open(case) -> bool:
    return case.status in FILED


ACTIONS: dict[str, Action] = {
    "claim": Action(
        _("登记欠薪"),
        forms.ClaimForm,
        _add_claim,
        lambda case, user, ledger: _ledger_open(case) and RULES.may(user, "ledger", case),
    ),
    "payment": Action(
        _("登记工资支付"),
        forms.PaymentForm,
        _pay,
        lambda case, user, ledger: (
            _ledger_open(case) and RULES.may(user, "ledger", case) and _open_balance(ledger)
        ),
    ),
    "advance": Action(
        _("登记垫付"),
        forms.AdvanceForm,
        _advance,
        lambda case, user, ledger: (
            _ledger_open(case) and RULES.may(user, "ledger", case) and _open_balance(ledger)
        ),
    ),
    "repayment": Action(
        _("登记垫付归还"),
        forms.RepaymentForm,
        _repay,
        lambda case, user, ledger: (
            case.status in FILED | {Status.CLOSED}
            and RULES.may(user, "repay", case)
            and any(r.advance.outstanding > 0 for r in ledger.advances)
        ),
    ),
    "mediation": Action(
        _("调解结案"),
        forms.MediationForm,
        _mediate,
        lambda case, user, ledger: (
            _ledger_open(case)
            and RULES.may(user, "mediate", case)
            and _open_claims(ledger)
            and bool(forms.offered_bodies(case, user, OrganisationKind.MEDIATION_CENTRE))
        ),
    ),
    "arbitration": Action(
        _("申请仲裁"),
        forms.ArbitrationForm,
        _arbitrate,
        lambda case, user, ledger: (
            _ledger_open(case)
            and RULES.may(user, "to_arbitration", case)
            and _open_claims(ledger, need_balance=False)
            and bool(forms.offered_bodies(case, user, OrganisationKind.ARBITRATION_COMMISSION))
        ),
    ),
}


def _open_balance(ledger: Ledger) -> bool:
    return any(r.balance > 0 for r in ledger.rows)


# --- views ---------------------------------------------------------------------------------------------


def _case(request, pk: int) -> InspectionCase:
    return get_in_scope(ledger_cases_for(request.user).select_related("organisation__parent"), pk)


def _next(request, case: InspectionCase) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return case_url(case)


def _page(request, case: InspectionCase, failed=None):
    context = {
        "case": case,
        "case_url": case_url(case),
        **ledger_context(case, request.user, failed=failed, next_url=_next(request, case), standalone=True),
    }
    return render(request, "inspection/ledger.html", context)


@login_required
def page(request, pk: int):
    """The ledger alone: for a refused form, and for the district's mediators and arbitration staff."""
    return _page(request, _case(request, pk))


def _act(action: str):
    spec = ACTIONS[action]

    @login_required
    @require_POST
    def view(request, pk: int):
        case = _case(request, pk)
        form = spec.form(request.POST, case=case, user=request.user, prefix=action)
        if form.is_valid():
            try:
                done = spec.call(form, case, request.user, form.cleaned_data["version"])
            except Conflict as error:
                form.place_error(None, str(error.message))
                # the ledger below is as it is now: with the current version the user may send it again
                case.refresh_from_db()
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = str(case.version)
            except ValidationFailed as error:
                form.place_error(error.field, str(error.message))
            else:
                messages.success(request, done)
                return HttpResponseRedirect(_next(request, case) + ANCHOR)
        case.refresh_from_db()
        return _page(request, case, failed=(action, form))

    view.__name__ = f"ledger_{action}"
    return view


urlpatterns = [
    path("<int:pk>/ledger/view/", page, name="ledger"),
    *(path(f"<int:pk>/ledger/{slug}/", _act(slug), name=f"ledger_{slug}") for slug in ACTIONS),
]
