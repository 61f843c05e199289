"""Routing in the "1+1+X" network: the centre refers a case to its studio or an "X" organisation under it, may
revoke the referral until it is taken up, and the receiving organisation takes it up with its mediators."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import Organisation, OrganisationKind, User
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    official,
)

from ..models import (
    DisputeCase,
    Referral,
    ReferralStatus,
)
from ._common import _event, _lock, _open_routing_task, _save, _task

MEDIATING_ORGANISATIONS = {
    OrganisationKind.MEDIATION_CENTRE,
    OrganisationKind.MEDIATION_STUDIO,
    OrganisationKind.VILLAGE,
    OrganisationKind.ENTERPRISE_COMMITTEE,
    OrganisationKind.STREET,
}


def referral_targets(centre: Organisation) -> QuerySet[Organisation]:
    """Where `centre` may refer a case: the mediating organisations under it (its studio, its "X"
    organisations); and for a district's own centre (one directly under a district bureau) also the
    district's streets and towns, the street mediation bodies of 劳动争议调解仲裁法 第十条第一款第三项
    through which it works."""
    near = Q(path__startswith=centre.path)
    district = centre.parent
    if district is not None and district.kind == OrganisationKind.BUREAU:
        near |= Q(kind=OrganisationKind.STREET, parent=district)
    return (
        Organisation.objects.filter(near, kind__in=MEDIATING_ORGANISATIONS, active=True)
        .exclude(pk=centre.pk)
        .order_by("path")
    )


@transaction.atomic
def refer_dispute(case: DisputeCase, *, by: User, to: Organisation, version: int) -> DisputeCase:
    """The centre hands the case to its studio, an "X" organisation under it, or (a district's centre) a
    street of its district."""
    case = _lock(case, by, version, "refer")
    if not referral_targets(case.received_by).filter(pk=to.pk).exists():
        raise ValidationFailed(_("只能转派给本中心下属的调解组织"), field="to")
    Referral.objects.create(case=case, from_organisation=case.received_by, to_organisation=to, referred_by=by)
    case.organisation = case.mediating_organisation = to
    _save(case)
    close_work_items(case, kind="dispute.route")
    _event(case, "referred", official("转派至%(org)s", org=to.name), by, to=to.name)
    _task(
        case,
        "dispute.take_up",
        official("接收转派案件：%(number)s", number=case.number),
        organisation=to,
        role=Role.MEDIATOR,
        starts_on=timezone.localdate(),
        period=law.MEDIATION_PERIOD,
        due_on=case.mediation_due_on,
    )
    return case


@transaction.atomic
def revoke_referral(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """Only the sender, and only before the receiving organisation has taken the case up."""
    case = _lock(case, by, version, "revoke_referral")
    referral = case.referrals.get(status=ReferralStatus.PENDING)
    referral.status, referral.resolved_at = ReferralStatus.REVOKED, timezone.now()
    referral.save()
    close_work_items(case, kind="dispute.take_up")
    case.organisation = case.mediating_organisation = case.received_by
    _save(case)
    _event(
        case,
        "referral_revoked",
        official("撤回转派（原转派至%(org)s）", org=referral.to_organisation.name),
        by,
    )
    _open_routing_task(case)
    return case


@transaction.atomic
def take_up_dispute(case: DisputeCase, *, by: User, mediators: list[User], version: int) -> DisputeCase:
    """The receiving organisation takes the case and names its mediators; the statutory clock has been
    running since the application was received."""
    case = _lock(case, by, version, "take_up")
    if not mediators:
        raise ValidationFailed(_("请指定至少一名调解员"), field="mediators")
    for mediator in mediators:
        if (
            mediator.role != Role.MEDIATOR
            or mediator.organisation_id != case.organisation_id
            or not mediator.is_active
        ):
            raise ValidationFailed(
                _("调解员须为承办机构的调解员：%(name)s") % {"name": mediator}, field="mediators"
            )
    case.referrals.filter(status=ReferralStatus.PENDING).update(
        status=ReferralStatus.TAKEN, resolved_at=timezone.now()
    )
    case.mediated = True
    _save(case)
    case.mediators.set(mediators)
    close_work_items(case, kind="dispute.take_up")
    close_work_items(case, kind="dispute.route")
    names = "、".join(str(m) for m in mediators)
    _event(
        case,
        "taken_up",
        official("%(org)s接收案件，调解员：%(names)s", org=case.organisation.name, names=names),
        by,
    )
    for mediator in mediators:
        _task(
            case,
            "dispute.mediate",
            official("调解：%(number)s", number=case.number),
            assignee=mediator,
            starts_on=case.received_on,
            period=law.MEDIATION_PERIOD,
            due_on=case.mediation_due_on,
        )
    return case
