"""The one public door through which another case module hands workers over to disputes: a worker's wage
claim settled by mediation at a centre, a worker's application registered at the arbitration commission,
and money the other module's ledger records applied to the worker's mediation agreement.

Labour inspection uses it (a worker found owed wages who accepts mediation, or who also claims what
inspection cannot order). Everything runs through the disputes services, with their own checks, timeline
events and workbench tasks, in the caller's transaction; other apps import this module, not disputes'
services or models. The caller takes the dispute's number (`take_number`) before it locks its own case,
as casework.LOCK_ORDER puts counters before cases, and passes it on."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from renshe.core.errors import ValidationFailed
from renshe.core.models import Organisation, Person, User
from renshe.core.reference.dictionaries import CASE_TYPE_OF_CLAIM
from renshe.core.services import official

from . import services
from .models import Channel, DisputeCase, MediationAgreement, Payment
from .selectors import disputes_for

# the door: its functions, and the disputes records they return, which callers name in type hints
__all__ = [
    "DisputeCase",
    "MediationAgreement",
    "Payment",
    "WAGES",
    "WorkerFile",
    "record_payment_on_agreement",
    "register_arbitration",
    "settle_at_centre",
    "take_number",
    "visible_to",
]

WAGES = "unpaid_wages"


def visible_to(user: User, dispute_ids: Sequence[int]) -> set[int]:
    """Which of these disputes the user may open (selectors.disputes_for): the other module links only
    those, not a dispute its own user would find missing."""
    return set(disputes_for(user).filter(pk__in=dispute_ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class WorkerFile:
    """One worker as the other module's file has them: the person, their employer (a registered
    enterprise), the wages found still owed, the file the claim comes from (noted on the wage claim, e.g.
    "监察案件奉监〔2026〕0001号") and the facts as found, which become the application's facts."""

    worker: Person
    employer_id: int
    wages_owed: Decimal
    source: str
    facts: str

    def applicants(self) -> list[services.ApplicantInput]:
        return [services.ApplicantInput(self.worker.id_number, self.worker.name)]

    def respondent(self) -> services.RespondentInput:
        return services.RespondentInput(enterprise_id=self.employer_id)

    def wage_claim(self) -> services.ClaimInput:
        return services.ClaimInput(WAGES, self.wages_owed, self.source)


def take_number(body: Organisation, received_on: date) -> str:
    """The number the worker's dispute will have at `body` (a commission's arbitration series, a centre's
    dispute series), for a caller to take before it locks a case of its own; a rollback gives it back."""
    return services.take_number(body, received_on)


@transaction.atomic
def settle_at_centre(
    file: WorkerFile,
    *,
    by: User,
    centre: Organisation,
    signed_on: date,
    due_on: date,
    terms: str = "",
    number: str | None = None,
) -> MediationAgreement:
    """The worker accepts mediation at `centre` for the wages still owed (调解协议书, 劳动争议调解仲裁法 第十四条):
    the application at the counter, its acceptance, the take-up by `by` (the centre's mediator, who signs)
    and the agreement, one item due on `due_on`. Returns the agreement; its case is the dispute."""
    dispute, _code = services.apply_for_mediation(
        by=by,
        channel=Channel.COUNTER,
        centre=centre,
        applicants=file.applicants(),
        respondent=file.respondent(),
        claims=[file.wage_claim()],
        facts=file.facts,
        case_type=CASE_TYPE_OF_CLAIM[WAGES],
        received_on=signed_on,
        number=number,
    )
    dispute = services.accept_dispute(dispute, by=by, version=dispute.version)
    dispute = services.take_up_dispute(dispute, by=by, mediators=[by], version=dispute.version)
    return services.settle_dispute(
        dispute,
        by=by,
        signed_on=signed_on,
        terms=(terms.strip() or file.facts)[:5000],
        items=[services.ItemInput(WAGES, official("支付拖欠工资"), file.wages_owed, due_on)],
        version=dispute.version,
    )


@transaction.atomic
def register_arbitration(
    file: WorkerFile,
    *,
    by: User,
    commission: Organisation,
    applied_on: date,
    extra_claims: Sequence[tuple[str, Decimal]] = (),
    number: str | None = None,
) -> DisputeCase:
    """The worker applies to `commission` directly (第五条: mediation is optional before arbitration) for
    the wages still owed, if any, and `extra_claims` [(claim type, amount)], e.g. economic compensation,
    which inspection cannot order; registered by `by`, the commission's staff. The case is a dispute over
    pay (劳动报酬), as the file it comes from is. Returns it, at the arbitration stage, awaiting acceptance."""
    claims = [services.ClaimInput(t, a) for t, a in extra_claims]
    if file.wages_owed > 0:
        claims.insert(0, file.wage_claim())
    if not claims:
        raise ValidationFailed(_("没有可申请仲裁的请求事项"), field="extra_claims")
    dispute, _code = services.apply_for_arbitration(
        by=by,
        commission=commission,
        applicants=file.applicants(),
        respondent=file.respondent(),
        claims=claims,
        facts=file.facts,
        case_type=CASE_TYPE_OF_CLAIM[WAGES],
        applied_on=applied_on,
        number=number,
    )
    return dispute


def record_payment_on_agreement(
    dispute: DisputeCase, *, by: User, amount: Decimal, paid_on: date, ledger: str, version: int
) -> list[Payment]:
    """Money the worker received, as the other module's ledger (named by `ledger`) records it, applied to
    the worker's mediation agreement so that the agreement shows it performed. `version` is the dispute's,
    as the caller read it in its own transaction."""
    return services.record_ledger_payment(
        dispute, by=by, amount=amount, paid_on=paid_on, ledger=ledger, version=version
    )
