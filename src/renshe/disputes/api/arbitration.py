"""Arbitration: the case referred with its whole file, accepted by the commission, hearings, the award period
extended once, and the award item by item (劳动争议调解仲裁法 第二十九条, 第四十三条, 第四十七条)."""

from django.utils.translation import gettext as _

from renshe.core.api import Part, VersionIn, named_organisation
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.roles import Role

from .. import selectors, services
from ..models import HearingRoom, Recusal
from .case import cases
from .schemas import (
    AcceptArbitrationIn,
    ArbitrationIn,
    AwardIn,
    HearingIn,
    HearingRoomOut,
    LimitationBreakIn,
    LimitationIn,
    ReasonIn,
    RecusalDecisionIn,
    RecusalIn,
    ResumeIn,
    SuspendArbitrationIn,
    TribunalIn,
)


def _room(request, pk: int | None) -> HearingRoom | None:
    """A room the request names; the service checks it is the case's commission's."""
    if pk is None:
        return None
    found = HearingRoom.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(_("请选择仲裁庭室"), field="room")
    return found


def _arbitrator(request, pk: int | None, field: str = "arbitrator") -> User | None:
    """An arbitrator the request names; the service checks they serve the case's commission."""
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, role=Role.ARBITRATOR, is_active=True).first()
    if found is None:
        raise ValidationFailed(_("请选择仲裁员"), field=field)
    return found


def _arbitrators(request, ids: list[int]) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids, role=Role.ARBITRATOR, is_active=True)}
    if set(ids) - set(found):
        raise ValidationFailed(_("请选择仲裁员"), field="arbitrators")
    return [found[pk] for pk in ids]


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
    "Schedule a hearing in one of the commission's rooms (a room already taken then is refused)",
    resolve={"room": _room},
)
cases.transition(
    "refuse_arbitration",
    "/{int:pk}/arbitration/refuse",
    ReasonIn,
    services.refuse_arbitration,
    "The commission refuses the application, with its reason (第二十九条)",
)
cases.transition(
    "compose_tribunal",
    "/{int:pk}/arbitration/tribunal",
    TribunalIn,
    services.compose_tribunal,
    "Form the tribunal: a sole arbitrator, or three with the presiding one (第三十一条)",
    resolve={
        "arbitrators": _arbitrators,
        "presiding": lambda request, pk: _arbitrator(request, pk, "presiding"),
    },
)
cases.transition(
    "request_recusal",
    "/{int:pk}/arbitration/recusals",
    RecusalIn,
    services.request_recusal,
    "A party's or the arbitrator's own request that an arbitrator withdraw (第三十三条)",
    resolve={"arbitrator": _arbitrator},
)
cases.transition(
    "decide_recusal",
    "/{int:pk}/arbitration/recusals/{int:recusal_id}/decision",
    RecusalDecisionIn,
    services.decide_recusal,
    "The commission head's decision on a recusal, replacing the arbitrator if granted (第三十三条)",
    part=Part(Recusal, "arbitration__case"),
    resolve={"replacement": lambda request, pk: _arbitrator(request, pk, "replacement")},
)


@cases.get(
    "/arbitration/rooms", "The hearing rooms of the commissions in your scope", response=list[HearingRoomOut]
)
def hearing_rooms(request):
    return list(selectors.hearing_rooms_for(request.user))


cases.transition(
    "record_limitation",
    "/{int:pk}/arbitration/limitation",
    LimitationIn,
    services.record_limitation,
    "When the applicant knew of the infringement and when the employment ended (第二十七条)",
)
cases.transition(
    "record_limitation_break",
    "/{int:pk}/arbitration/limitation/breaks",
    LimitationBreakIn,
    services.record_limitation_break,
    "An interruption or a suspension of the limitation, with its ground (第二十七条第二款、第三款)",
)
cases.transition(
    "recount_arbitration",
    "/{int:pk}/arbitration/recounts",
    SuspendArbitrationIn,
    services.recount_arbitration,
    "The tribunal restarts the award period (a party joined, 补正, changed claims, a counterclaim, a transfer) or "
    "records service by public notice, whose days are not counted (办案规则 第四十六条)",
)
cases.transition(
    "suspend_arbitration",
    "/{int:pk}/arbitration/suspensions",
    SuspendArbitrationIn,
    services.suspend_arbitration,
    "The commission's director (or the head of its arbitration court he entrusts) suspends the hearing for a "
    "ground of 办案规则 第四十七条; the days until it resumes are not counted",
)
cases.transition(
    "resume_arbitration",
    "/{int:pk}/arbitration/resume",
    ResumeIn,
    services.resume_arbitration,
    "The hearing resumes: the days it stood suspended are added to the award period",
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
