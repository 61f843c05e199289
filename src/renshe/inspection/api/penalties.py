"""Administrative penalties (行政处罚, 《劳动保障监察条例》第二十三条—第三十条): the prior notice, the hearing asked
for and held (《行政处罚法》第六十三条、第六十四条), the decision; its service and payment go by the document's
own path like an order's (orders.py)."""

from .. import services
from .case import cases
from .schemas import PenaltyDecisionIn, PenaltyHearingIn, PenaltyHearingRequestIn, PenaltyNoticeIn

cases.transition(
    "penalty_notice",
    "/{int:pk}/penalty-notices",
    PenaltyNoticeIn,
    services.notify_penalty,
    "行政处罚告知书: the fine within the law's range; a hearing offered for a large fine",
)
cases.transition(
    "hearing_request",
    "/{int:pk}/penalty-notices/hearing-request",
    PenaltyHearingRequestIn,
    services.request_hearing,
    "The employer asks for a hearing, within 5 days of the notice (行政处罚法 第六十四条)",
)
cases.transition(
    "hearing",
    "/{int:pk}/penalty-notices/hearing",
    PenaltyHearingIn,
    services.hold_hearing,
    "The hearing held",
)
cases.transition(
    "penalty_decision",
    "/{int:pk}/penalties",
    PenaltyDecisionIn,
    services.decide_penalty,
    "劳动保障监察行政处罚决定书 on the pending notice",
)
