"""Writes for labour inspection and wage arrears: one function per transition, in a module per section
(intake, investigation, orders, coordination, ledger, handover, consequences, closing). Each checks who may
act, validates, locks the case (optimistic `version`, row lock), moves it along workflow.TRANSITIONS,
records a timeline event and keeps the workbench tasks in step, all in one transaction; the helpers they
share are in `_common`. Callers use this package: `services.accept_case(...)`."""

from ._common import WorkerInput
from .closing import close_case, revoke_case
from .consequences import (
    ThresholdCheck,
    criminal_threshold,
    defence_due,
    in_force,
    list_as_dishonest,
    may_notify_listing,
    notify_dishonest_listing,
    ordered_and_not_paid,
    remove_after_credit_repair,
    remove_expired_listings,
    repair_allowed_from,
    transfer_to_police,
)
from .coordination import AttendeeInput, TaskInput, complete_meeting_task, hold_coordination_meeting
from .handover import refer_claim_to_arbitration, settle_by_mediation
from .intake import (
    TIME_BARRED_REASON,
    RespondentInput,
    accept_case,
    assign_inspectors,
    is_time_barred,
    refuse_report,
    register_report,
    reveal_reporter,
)
from .investigation import APPROVERS, extend_investigation, record_investigation
from .ledger import add_wage_claim, record_advance, record_advance_repayment, record_wage_payment
from .orders import (
    has_inspectors,
    issue_handling_decision,
    issue_rectification_order,
    record_compliance,
    record_service,
    record_statement,
)
from .penalties import (
    decide_penalty,
    hearing_awaited,
    hearing_request_due,
    hold_hearing,
    may_decide_penalty,
    may_request_hearing,
    notify_penalty,
    pending_notice,
    request_hearing,
)
from .sitecheck import record_site_visit, request_site_check
from .tracking import (
    TrackingLocked,
    find_report_by_query_code,
    lock_tracking,
    register_tracked_report,
    reopen_tracking,
    tracking_locked,
)

__all__ = [
    "TrackingLocked",
    "find_report_by_query_code",
    "lock_tracking",
    "register_tracked_report",
    "reopen_tracking",
    "tracking_locked",
    "APPROVERS",
    "AttendeeInput",
    "RespondentInput",
    "TIME_BARRED_REASON",
    "TaskInput",
    "ThresholdCheck",
    "WorkerInput",
    "accept_case",
    "add_wage_claim",
    "assign_inspectors",
    "close_case",
    "complete_meeting_task",
    "criminal_threshold",
    "extend_investigation",
    "hold_coordination_meeting",
    "is_time_barred",
    "issue_handling_decision",
    "has_inspectors",
    "issue_rectification_order",
    "list_as_dishonest",
    "defence_due",
    "in_force",
    "may_notify_listing",
    "notify_dishonest_listing",
    "remove_after_credit_repair",
    "remove_expired_listings",
    "repair_allowed_from",
    "decide_penalty",
    "hearing_awaited",
    "hearing_request_due",
    "hold_hearing",
    "may_decide_penalty",
    "may_request_hearing",
    "notify_penalty",
    "pending_notice",
    "request_hearing",
    "ordered_and_not_paid",
    "record_advance",
    "record_advance_repayment",
    "record_compliance",
    "record_investigation",
    "record_service",
    "record_site_visit",
    "record_statement",
    "record_wage_payment",
    "refer_claim_to_arbitration",
    "refuse_report",
    "register_report",
    "request_site_check",
    "reveal_reporter",
    "revoke_case",
    "settle_by_mediation",
    "transfer_to_police",
]
