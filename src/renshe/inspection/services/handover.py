"""Workers who go on to mediation (劳动争议调解仲裁法 第十四条) or arbitration (第五条): their dispute is
made by the disputes module from this file, through disputes.handover, and the claim is marked with it."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Organisation, User
from renshe.core.money import yuan
from renshe.core.scope import user_covers
from renshe.core.services import (
    not_future,
    official,
)
from renshe.disputes import handover

from ..models import (
    InspectionCase,
    Resolution,
    WageClaim,
)
from ._common import _event, _lock


def _claim_for_dispute(
    claim: WageClaim, by: User, version: int, action: str, body: Organisation, received_on: date
) -> tuple[InspectionCase, WageClaim, str]:
    """The inspection side of a hand-over to the disputes module: the dispute's number at `body`, taken
    first (casework.LOCK_ORDER: counters before cases), then this case and the claim, locked. The actor is
    the mediator or the commission's staff member who carries out the disputes step (their own permission
    is checked there); the rules let them touch the inspection case when they work in the brigade's
    district, and `body`, the centre or commission they name, must be in that district and in their
    scope."""
    number = handover.take_number(body, received_on)
    case = _lock(claim.case, by, version, action)
    bureau = case.organisation.parent
    if not (by.is_superuser or (bureau is not None and body.is_within(bureau) and user_covers(by, body))):
        raise PermissionDenied(_("只能由本区的调解组织或仲裁委员会办理"))
    claim = WageClaim.objects.select_for_update().select_related("worker").get(pk=claim.pk, case=case)
    if claim.resolution:
        raise ValidationFailed(
            _("%(name)s已转%(how)s") % {"name": claim.worker.name, "how": claim.get_resolution_display()},
            field="claim",
        )
    return case, claim, number


def _mark(case: InspectionCase, claim: WageClaim, resolution: str, dispute: handover.DisputeCase) -> None:
    claim.resolution, claim.dispute = resolution, dispute
    claim.save(update_fields=["resolution", "dispute"])
    case.save()


def _worker_file(case: InspectionCase, claim: WageClaim) -> handover.WorkerFile:
    """The worker as the disputes module takes them over: nothing re-typed."""
    months = "、".join(f"{m.month:%Y年%m月}" for m in claim.months.all())
    facts = official(
        "经劳动保障监察案件%(number)s查明，%(employer)s拖欠%(name)s %(months)s工资共计%(owed)s元，已支付%(paid)s元，尚欠%(left)s元。",
        number=case.number,
        employer=case.respondent.name,
        name=claim.worker.name,
        months=months,
        owed=yuan(claim.owed_total),
        paid=yuan(claim.paid_total),
        left=yuan(claim.balance),
    )
    source = official("监察案件%(n)s", n=case.number)
    return handover.WorkerFile(claim.worker, case.respondent_id, claim.balance, source, facts)


@transaction.atomic
def settle_by_mediation(
    claim: WageClaim,
    *,
    by: User,
    centre: Organisation,
    signed_on: date,
    due_on: date,
    terms: str = "",
    version: int,
) -> handover.MediationAgreement:
    """A worker who accepts mediation gets a mediation agreement (调解协议书, 劳动争议调解仲裁法 第十四条)
    for the outstanding balance, made by the disputes module from the inspection file (nothing re-typed):
    application, acceptance, take-up and settlement at `centre`, performed by `by`, the centre's mediator
    who signs it. The claim is marked as settled by mediation and linked to the dispute case; payments
    (e.g. an advance) are then recorded on the inspection ledger. Returns the MediationAgreement."""
    case, claim, number = _claim_for_dispute(claim, by, version, "mediate", centre, signed_on)
    if claim.balance <= 0:
        raise ValidationFailed(_("%(name)s的工资已全部支付") % {"name": claim.worker.name}, field="claim")
    signed_on = not_future(signed_on, "signed_on")
    agreement = handover.settle_at_centre(
        _worker_file(case, claim),
        by=by,
        centre=centre,
        signed_on=signed_on,
        due_on=due_on,
        terms=terms,
        number=number,
    )
    dispute = agreement.case
    _mark(case, claim, Resolution.MEDIATION, dispute)
    _event(
        case,
        "mediated",
        official(
            "%(name)s在%(centre)s达成调解协议（%(number)s），%(amount)s元",
            name=claim.worker.name,
            centre=centre.name,
            number=dispute.number,
            amount=yuan(claim.balance),
        ),
        by,
        dispute=dispute.number,
    )
    return agreement


@transaction.atomic
def refer_claim_to_arbitration(
    claim: WageClaim,
    *,
    by: User,
    commission: Organisation,
    applied_on: date,
    extra_claims: Sequence[tuple[str, Decimal]] = (),
    version: int,
) -> handover.DisputeCase:
    """A worker who also claims what inspection cannot order (e.g. economic compensation) applies to the
    arbitration commission; the dispute case is created from the inspection file with the outstanding
    wages plus `extra_claims` [(claim_type, amount)], registered by `by`, the commission's staff.
    Returns the DisputeCase (at the arbitration stage, awaiting acceptance)."""
    case, claim, number = _claim_for_dispute(claim, by, version, "to_arbitration", commission, applied_on)
    dispute = handover.register_arbitration(
        _worker_file(case, claim),
        by=by,
        commission=commission,
        applied_on=applied_on,
        extra_claims=extra_claims,
        number=number,
    )
    _mark(case, claim, Resolution.ARBITRATION, dispute)
    _event(
        case,
        "to_arbitration",
        official(
            "%(name)s申请仲裁（%(number)s），请求%(amount)s元",
            name=claim.worker.name,
            number=dispute.number,
            amount=yuan(dispute.claimed_total),
        ),
        by,
        dispute=dispute.number,
    )
    return dispute
