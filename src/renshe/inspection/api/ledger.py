"""The wage ledger: each worker's months owed, money reaching them from the employer or court enforcement,
advances (垫付) by a payer for named workers, and money back to a payer."""

from renshe.core.api import Part

from .. import services
from ..models import AdvancePayment
from .case import cases, worker_input
from .schemas import AdvanceIn, InspectionClaimIn, InspectionPaymentIn, RepaymentIn

cases.transition(
    "add_claim",
    "/{int:pk}/claims",
    InspectionClaimIn,
    services.add_wage_claim,
    "A worker's months owed (a new row or more months)",
    resolve={"worker": worker_input},
)
cases.transition(
    "payment",
    "/{int:pk}/payments",
    InspectionPaymentIn,
    services.record_wage_payment,
    "Money reaching one worker from the employer or court enforcement (never above the balance)",
)
cases.transition(
    "advance",
    "/{int:pk}/advances",
    AdvanceIn,
    services.record_advance,
    "垫付: a payer pays named workers' wages, all in one transaction",
    resolve={"allocations": lambda request, allocations: [(a.worker, a.amount) for a in allocations]},
)
cases.transition(
    "repayment",
    "/{int:pk}/advances/{int:advance_id}/repayments",
    RepaymentIn,
    services.record_advance_repayment,
    "Money back to a payer, e.g. from court enforcement (never above its outstanding)",
    part=Part(AdvancePayment),
)
