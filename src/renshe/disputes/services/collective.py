"""Collective disputes (劳动争议调解仲裁法 第七条): the workers of one elect representatives to act for them in
mediation, arbitration and court, and may elect others later (劳动人事争议仲裁办案规则 第六十三条)."""

from django.db import transaction
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.services import official

from ..models import Applicant, DisputeCase
from ._common import _event, _lock, _save
from .intake import check_representatives


@transaction.atomic
def change_representatives(
    case: DisputeCase, *, by: User, representatives: list[int], note: str, version: int
) -> DisputeCase:
    """The applicants (ids of `Applicant`) the workers have now elected as their representatives, and how
    they elected them (`note`); as many as the rules allow (law.collective_representatives). Only a
    collective dispute has representatives (rules: change_representatives)."""
    case = _lock(case, by, version, "change_representatives")
    if not case.collective:  # the rule refuses it to everyone but a superuser
        raise ValidationFailed(_("只有集体争议推举代表人"), field="representatives")
    note = note.strip()
    if not note:
        raise ValidationFailed(_("请写明推举情况"), field="note")
    applicants = {a.pk: a for a in case.applicants.select_related("person").order_by("id")}
    chosen = set(representatives)
    if chosen - set(applicants):
        raise ValidationFailed(_("代表人须是本案的申请人"), field="representatives")
    check_representatives(len(chosen), "representatives")
    if chosen == {pk for pk, a in applicants.items() if a.representative}:
        raise ValidationFailed(_("所选代表人与现有代表人相同"), field="representatives")
    Applicant.objects.filter(case=case).exclude(pk__in=chosen).update(representative=False)
    Applicant.objects.filter(case=case, pk__in=chosen).update(representative=True)
    _save(case)
    _event(
        case,
        "representatives",
        official(
            "变更代表人：%(names)s；%(note)s（%(law)s）",
            names="、".join(a.person.name for pk, a in applicants.items() if pk in chosen),
            note=note[:300],
            law=law.COLLECTIVE_REPRESENTATIVES_CITATION,
        ),
        by,
        representatives=sorted(chosen),
    )
    return case
