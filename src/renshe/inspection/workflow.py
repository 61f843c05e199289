"""The life of an inspection case (劳动保障监察条例), declared once.

received ──accept──▶ accepted ──begin_investigation──▶ investigating ──order──▶ ordered ──decide──▶ decided
   │                   │                                   │                     │                   │
   └─refuse─▶ refused   └───────────revoke (minor, corrected; 第十八条)──────────┘                     │
                                                investigating / ordered / decided ──close──▶ closed ◀──┘

Beside these stages, while investigating, ordered or decided, an administrative penalty (行政处罚) goes from its
prior notice through a hearing asked for to its decision without changing the status.

While a case is open (accepted … decided) the wage ledger, advances, meetings and records may change;
advance repayments from court enforcement may still arrive after closure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renshe.core.casework import Workflow


class Status(models.TextChoices):
    RECEIVED = "received", _("已登记")
    REFUSED = "refused", pgettext_lazy("status", "不予受理")
    ACCEPTED = "accepted", _("已立案")
    INVESTIGATING = "investigating", _("调查中")
    ORDERED = "ordered", _("已责令限期改正")
    DECIDED = "decided", _("已作出处理决定")
    CLOSED = "closed", _("已结案")
    REVOKED = "revoked", _("已撤销立案")


S = Status
OPEN = frozenset({S.RECEIVED, S.ACCEPTED, S.INVESTIGATING, S.ORDERED, S.DECIDED})
FILED = frozenset({S.ACCEPTED, S.INVESTIGATING, S.ORDERED, S.DECIDED})  # ledger and records may change
FINISHED = frozenset({S.REFUSED, S.CLOSED, S.REVOKED})
AFTER_ORDER = frozenset({S.ORDERED, S.DECIDED, S.CLOSED})
PENALISING = frozenset({S.INVESTIGATING, S.ORDERED, S.DECIDED})  # a fine is beside the order, not a stage

# (from states, to state); a to state of None leaves the status as it is.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "link_report": (OPEN, None),
    "accept": (frozenset({S.RECEIVED}), S.ACCEPTED),
    "refuse": (frozenset({S.RECEIVED}), S.REFUSED),
    "refuse_report": (frozenset({S.RECEIVED}), None),
    "assign": (OPEN, None),
    "begin_investigation": (frozenset({S.ACCEPTED}), S.INVESTIGATING),
    "investigate": (frozenset({S.INVESTIGATING, S.ORDERED, S.DECIDED}), None),
    "extend": (frozenset({S.ACCEPTED, S.INVESTIGATING, S.ORDERED}), None),
    "order": (frozenset({S.ACCEPTED, S.INVESTIGATING}), S.ORDERED),
    "serve": (PENALISING | {S.CLOSED}, None),
    "comply": (PENALISING | {S.CLOSED}, None),
    "statement": (frozenset({S.INVESTIGATING, S.ORDERED}), None),
    "decide": (frozenset({S.INVESTIGATING, S.ORDERED}), S.DECIDED),
    "meeting": (FILED, None),
    "site_check": (FILED, None),
    "ledger": (FILED, None),
    "repay": (FILED | {S.CLOSED}, None),
    "mediate": (FILED, None),
    "to_arbitration": (FILED, None),
    "transfer_police": (AFTER_ORDER, None),
    "list_dishonest": (AFTER_ORDER, None),
    "remove_dishonest": (AFTER_ORDER, None),
    "penalty_notice": (PENALISING, None),
    "penalty_hearing": (PENALISING, None),
    "penalty_decision": (PENALISING, None),
    "close": (frozenset({S.INVESTIGATING, S.ORDERED, S.DECIDED}), S.CLOSED),
    "revoke": (frozenset({S.ACCEPTED, S.INVESTIGATING}), S.REVOKED),
    "reopen_tracking": (frozenset(S), None),  # the portal's tracking, locked after wrong query codes
}


WORKFLOW = Workflow(Status, TRANSITIONS)
target = WORKFLOW.target
