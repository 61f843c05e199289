"""The events a webhook may subscribe to: each public name, stable for clients, and the timeline verb
(core.eventkinds, each app's events.py) it is sent for. Declared once; the API lists it, the receiver reads it.

A verb's meaning may be refined inside renshe (and its Chinese label renamed); the public name a client
subscribed to stays."""

from django.utils.translation import gettext_lazy as _

# public name -> (timeline verb, label)
EVENTS = {
    "dispute.received": ("dispute.applied", _("收到调解申请")),
    "dispute.accepted": ("dispute.accepted", _("受理调解申请")),
    "dispute.declined": ("dispute.declined", _("不予受理")),
    "dispute.referred": ("dispute.referred", _("转派")),
    "dispute.settled": ("dispute.settled", _("达成调解协议")),
    "dispute.agreement_defaulted": ("dispute.defaulted", _("协议到期未履行")),
    "dispute.failed": ("dispute.failed", _("调解不成")),
    "dispute.withdrawn": ("dispute.withdrawn", _("撤回申请")),
    "dispute.closed": ("dispute.closed", _("结案")),
    "arbitration.applied": ("dispute.to_arbitration", _("申请仲裁")),
    "arbitration.accepted": ("dispute.arbitration_accepted", _("仲裁受理")),
    "arbitration.hearing_scheduled": ("dispute.hearing", _("安排开庭")),
    "arbitration.award_made": ("dispute.awarded", _("作出仲裁裁决")),
    "inspection.registered": ("inspection.registered", _("登记投诉举报")),
    "inspection.accepted": ("inspection.accepted", _("受理立案")),
    "inspection.order_issued": ("inspection.ordered", _("发出限期改正指令书")),
    "inspection.decision_made": ("inspection.decided", _("作出行政处理决定")),
    "inspection.penalty_decided": ("inspection.penalty_decided", _("作出行政处罚决定")),
    "inspection.referred_to_police": ("inspection.police", _("移送公安机关")),
    "inspection.closed": ("inspection.closed", _("结案")),
    "enterprise.dishonest_listed": ("enterprise.dishonest_listed", _("列入失信联合惩戒名单")),
}

PUBLIC_NAME = {verb: name for name, (verb, _label) in EVENTS.items()}

# a timeline subject ("app_label.model") -> its public type in a payload, and the API address of one
# ("{id}" filled in); any other subject is sent as its model's name, without an API address
SUBJECTS = {
    "disputes.disputecase": ("dispute", "/api/v1/disputes/{id}"),
    "inspection.inspectioncase": ("inspection_case", "/api/v1/inspection/{id}"),
    "core.enterprise": ("enterprise", "/api/v1/enterprises/{id}"),
}
