"""Routing: a centre refers the case to its studio or an "X" organisation, or takes it back; the mediating
organisation takes it up and names its mediators."""

from django.utils.translation import gettext as _

from renshe.core.api import VersionIn, named_organisation, named_users

from .. import services
from .case import cases
from .schemas import ReferIn, TakeUpIn

cases.transition(
    "refer",
    "/{int:pk}/refer",
    ReferIn,
    services.refer_dispute,
    "Refer to the studio or an X organisation",
    resolve={"to": lambda request, to: named_organisation(to, _("只能转派给本中心下属的调解组织"), "to")},
)
cases.transition(
    "revoke_referral",
    "/{int:pk}/revoke-referral",
    VersionIn,
    services.revoke_referral,
    "Revoke a referral not yet taken up",
)
cases.transition(
    "take_up",
    "/{int:pk}/take-up",
    TakeUpIn,
    services.take_up_dispute,
    "Take the case up and name its mediators",
    resolve={
        "mediators": lambda request, ids: named_users(request.user, ids, _("调解员不存在"), "mediators")
    },
)
