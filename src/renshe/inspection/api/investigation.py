"""Investigation: inquiries, site inspections and evidence-taking by two inspectors or more, and the period
extended once (劳动保障监察条例 第十七条)."""

from django.utils.translation import gettext as _

from renshe.core.errors import ValidationFailed
from renshe.core.models import User

from .. import services
from .case import cases, inspectors
from .schemas import InspectionExtendIn, RecordIn


def _approver(request, pk: int) -> User:
    # a head above the brigade, outside an inspector's scope: the service checks who it is
    approver = User.objects.filter(pk=pk, is_active=True).first()
    if approver is None:
        raise ValidationFailed(_("用户不存在"), field="approver")
    return approver


cases.transition(
    "record_investigation",
    "/{int:pk}/records",
    RecordIn,
    services.record_investigation,
    "An inquiry, site inspection or evidence-taking by two inspectors or more",
    resolve={"inspectors": inspectors},
)
cases.transition(
    "extend",
    "/{int:pk}/extend",
    InspectionExtendIn,
    services.extend_investigation,
    "Extend the investigation once by 30 working days",
    resolve={"approver": _approver},
)
