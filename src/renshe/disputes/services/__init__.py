"""Writes for labour disputes: one function per transition, in a module per section (intake, routing,
mediation, agreement, arbitration, court). Each checks who may act, validates, locks the case (optimistic
`version`, row lock), moves it along workflow.TRANSITIONS, records a timeline event and keeps the workbench
tasks in step, all in one transaction; the helpers they share are in `_common`. Callers use this package:
`services.accept_dispute(...)`."""

from renshe.core.querycodes import QUERY_CODE_DIGITS

from .agreement import (
    ItemInput,
    choose_review_path,
    declare_default,
    record_ledger_payment,
    record_payment,
    settle_dispute,
)
from .arbitration import (
    accept_arbitration,
    apply_for_arbitration,
    extend_arbitration,
    final_award_limit,
    is_final_item,
    make_award,
    refer_to_arbitration,
    schedule_hearing,
)
from .court import close_after_award, record_judgment, record_suit
from .intake import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_FILES,
    EVIDENCE_SIGNATURES,
    ApplicantInput,
    ClaimInput,
    RespondentInput,
    accept_dispute,
    apply_for_mediation,
    attach_evidence,
    check_evidence,
    decline_dispute,
    take_number,
)
from .mediation import (
    extend_mediation,
    fail_mediation,
    record_session,
    resume_mediation,
    suspend_mediation,
    withdraw_dispute,
)
from .routing import MEDIATING_ORGANISATIONS, refer_dispute, revoke_referral, take_up_dispute
from .tracking import (
    TrackingLocked,
    find_by_query_code,
    lock_tracking,
    query_digest_of,
    reopen_tracking,
    tracking_locked,
)

__all__ = [
    "ApplicantInput",
    "ClaimInput",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_MAX_FILES",
    "EVIDENCE_SIGNATURES",
    "ItemInput",
    "MEDIATING_ORGANISATIONS",
    "QUERY_CODE_DIGITS",
    "RespondentInput",
    "TrackingLocked",
    "accept_arbitration",
    "accept_dispute",
    "apply_for_arbitration",
    "apply_for_mediation",
    "attach_evidence",
    "check_evidence",
    "choose_review_path",
    "close_after_award",
    "declare_default",
    "decline_dispute",
    "extend_arbitration",
    "extend_mediation",
    "fail_mediation",
    "find_by_query_code",
    "final_award_limit",
    "is_final_item",
    "lock_tracking",
    "make_award",
    "query_digest_of",
    "record_judgment",
    "record_ledger_payment",
    "record_payment",
    "record_session",
    "record_suit",
    "refer_dispute",
    "refer_to_arbitration",
    "reopen_tracking",
    "resume_mediation",
    "revoke_referral",
    "schedule_hearing",
    "settle_dispute",
    "suspend_mediation",
    "take_number",
    "take_up_dispute",
    "tracking_locked",
    "withdraw_dispute",
]
