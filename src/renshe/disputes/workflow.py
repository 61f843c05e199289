"""The life of a dispute, declared once: states, and which action moves a case from which states to which.

applied ──accept──▶ accepted ──refer──▶ referred ──take_up──▶ mediating ──settle──▶ settled ──perform──▶ closed
   │                   │  ▲                 │                  │  ▲  │                 │
   └─decline─▶ declined │  └─────revoke─────┘                  │  │  └─suspend▶ suspended (clock stopped)
                       └──────take_up (by the centre itself)──▶ │  └──resume──┘
                                                                ├─fail──▶ failed ──to_arbitration──▶ arbitration
                                                                └─withdraw──▶ withdrawn          │
settled ──default (an item unpaid)──▶ failed                                                     ▼
arbitration ──refuse_arbitration──▶ declined (not accepted, 第二十九条); compose_tribunal, request_recusal and
decide_recusal keep it in arbitration (第三十一条, 第三十三条), and so do recount_arbitration, suspend_arbitration and
resume_arbitration (the award period restarted or suspended: arbitration_clock.py)
arbitration, declined ──sue──▶ litigation: the applicant, once refused or past the five days with no decision
(第二十九条) or past the award period with no award (第四十三条)
arbitration ──award──▶ awarded ──sue──▶ litigation ──judge──▶ closed;  awarded ──close──▶ closed (every party
served and every window run: remedies.py); serve_award, petition_revocation and rule_on_revocation keep it
awarded (第四十八条至第五十条)
settled, failed: arbitration_review, judicial_confirmation; failed (after a default): payment_order; settled,
failed, closed: follow_up_result — all four keep the state (disputes.follow_ups)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renshe.core.casework import Workflow


class Status(models.TextChoices):
    APPLIED = "applied", _("已申请")
    DECLINED = "declined", pgettext_lazy("status", "不予受理")
    ACCEPTED = "accepted", _("已受理待分派")
    REFERRED = "referred", _("已转派待接收")
    MEDIATING = "mediating", _("调解中")
    SUSPENDED = "suspended", _("调解中止")
    SETTLED = "settled", _("调解成功履行中")
    FAILED = "failed", pgettext_lazy("status", "调解不成")
    WITHDRAWN = "withdrawn", _("已撤回")
    ARBITRATION = "arbitration", _("仲裁中")
    AWARDED = "awarded", _("已裁决")
    LITIGATION = "litigation", _("诉讼中")
    CLOSED = "closed", _("已结案")


S = Status
# (from states, to state); a to state of None leaves the status as it is.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "accept": (frozenset({S.APPLIED}), S.ACCEPTED),
    "decline": (frozenset({S.APPLIED}), S.DECLINED),
    "refer": (frozenset({S.ACCEPTED}), S.REFERRED),
    "revoke_referral": (frozenset({S.REFERRED}), S.ACCEPTED),
    "take_up": (frozenset({S.ACCEPTED, S.REFERRED}), S.MEDIATING),
    "attach_evidence": (
        frozenset({S.APPLIED, S.ACCEPTED, S.REFERRED, S.MEDIATING, S.SUSPENDED, S.FAILED, S.ARBITRATION}),
        None,
    ),
    "record_session": (frozenset({S.MEDIATING}), S.MEDIATING),
    "extend": (frozenset({S.MEDIATING}), S.MEDIATING),
    "suspend": (frozenset({S.MEDIATING}), S.SUSPENDED),
    "resume": (frozenset({S.SUSPENDED}), S.MEDIATING),
    "settle": (frozenset({S.MEDIATING}), S.SETTLED),
    "record_payment": (frozenset({S.SETTLED}), S.SETTLED),
    "ledger_payment": (frozenset({S.SETTLED}), S.SETTLED),  # recorded on an inspection case's wage ledger
    "perform": (frozenset({S.SETTLED}), S.CLOSED),
    "default": (frozenset({S.SETTLED}), S.FAILED),
    "fail": (frozenset({S.MEDIATING, S.SUSPENDED}), S.FAILED),
    "withdraw": (frozenset({S.APPLIED, S.ACCEPTED, S.REFERRED, S.MEDIATING, S.SUSPENDED}), S.WITHDRAWN),
    # after an agreement (services.agreement, disputes.follow_ups): a payment order once the default is recorded
    # (第十六条); the parties' joint review by the commission (办案规则 第七十四条) or confirmation by the court (民事
    # 诉讼法 第二百零五条), each within its days of the signing; the result of any of them, also once the agreement
    # is performed
    "payment_order": (frozenset({S.FAILED}), None),
    "arbitration_review": (frozenset({S.SETTLED, S.FAILED}), None),
    "judicial_confirmation": (frozenset({S.SETTLED, S.FAILED}), None),
    "follow_up_result": (frozenset({S.SETTLED, S.FAILED, S.CLOSED}), None),
    "to_arbitration": (frozenset({S.FAILED}), S.ARBITRATION),
    "accept_arbitration": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    # not accepted within the period of 第二十九条: refused in writing with reasons (the applicant may sue)
    "refuse_arbitration": (frozenset({S.ARBITRATION}), S.DECLINED),
    "compose_tribunal": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "request_recusal": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "decide_recusal": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "schedule_hearing": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "extend_arbitration": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    # the award period restarted or the hearing suspended, and resumed (办案规则 第四十六条、第四十七条)
    "recount_arbitration": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "suspend_arbitration": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "resume_arbitration": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "record_limitation": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "record_limitation_break": (frozenset({S.ARBITRATION}), S.ARBITRATION),
    "award": (frozenset({S.ARBITRATION}), S.AWARDED),
    "serve_award": (frozenset({S.AWARDED}), S.AWARDED),
    # the employer's petition to revoke a final award and the court's ruling (第四十九条)
    "petition_revocation": (frozenset({S.AWARDED}), S.AWARDED),
    "rule_on_revocation": (frozenset({S.AWARDED}), S.AWARDED),
    # after the award (第四十八条, 第五十条); or, by the applicant, after a refusal or no decision in time (第二十九条)
    # or no award in time (第四十三条): arbitration_clock.court_route
    "sue": (frozenset({S.AWARDED, S.ARBITRATION, S.DECLINED}), S.LITIGATION),
    "judge": (frozenset({S.LITIGATION}), S.CLOSED),
    "close": (frozenset({S.AWARDED}), S.CLOSED),
    # a collective dispute's workers elect other representatives (第七条) while the case is open
    "change_representatives": (frozenset(S) - {S.DECLINED, S.WITHDRAWN, S.CLOSED}, None),
    # public tracking locked after too many wrong query codes (services.tracking), reopened in any state
    "reopen_tracking": (frozenset(S), None),
}

# States in which the mediation clock (劳动争议调解仲裁法 第十四条) is running.
MEDIATION_OPEN = frozenset({S.ACCEPTED, S.REFERRED, S.MEDIATING})
FINISHED = frozenset({S.DECLINED, S.WITHDRAWN, S.CLOSED})
# States in which the case is in its mediators' hands: mediating, suspended, or an agreement being performed.
# A failed mediation is theirs no longer (the worker may go on to arbitration, or not, at any time).
WITH_MEDIATORS = frozenset({S.MEDIATING, S.SUSPENDED, S.SETTLED})


WORKFLOW = Workflow(Status, TRANSITIONS)
target = WORKFLOW.target
