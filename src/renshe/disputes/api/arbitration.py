"""Arbitration: the case referred with its whole file, accepted by the commission, hearings, the award period
extended once, and the award item by item (劳动争议调解仲裁法 第二十九条, 第四十三条, 第四十七条)."""

from django.utils.translation import gettext as _

from renshe.core.api import VersionIn, named_organisation

from .. import services
from .case import cases
from .schemas import AcceptArbitrationIn, ArbitrationIn, AwardIn, HearingIn

cases.transition(
    "to_arbitration",
    "/{int:pk}/arbitration",
    ArbitrationIn,
    services.refer_to_arbitration,
    "Refer to arbitration with the whole file",
    resolve={"commission": lambda request, pk: named_organisation(pk, _("请选择仲裁委员会"), "commission")},
)
cases.transition(
    "accept_arbitration",
    "/{int:pk}/arbitration/accept",
    AcceptArbitrationIn,
    services.accept_arbitration,
    "The commission accepts the case",
)
cases.transition(
    "schedule_hearing",
    "/{int:pk}/arbitration/hearings",
    HearingIn,
    services.schedule_hearing,
    "Schedule a hearing",
)
cases.transition(
    "extend_arbitration",
    "/{int:pk}/arbitration/extend",
    VersionIn,
    services.extend_arbitration,
    "Extend the award period once",
)
cases.transition(
    "award",
    "/{int:pk}/arbitration/award",
    AwardIn,
    services.make_award,
    "The award, item by item",
    resolve={"items": lambda request, items: [services.ClaimInput(i.claim_type, i.amount) for i in items]},
)
