"""Investigation (劳动保障监察条例 第十六条, 第十七条): records made by two inspectors or more, within 60 working days of
filing, extended once by 30 with the head's approval."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.roles import Role
from renshe.core.scope import user_covers
from renshe.core.services import not_future, official, reschedule_work_items
from renshe.core.workdays import compute_deadline

from ..models import (
    InspectionCase,
    InvestigationRecord,
    RecordKind,
)
from ..workflow import Status
from ._common import _clean_inspectors, _event, _lock

APPROVERS = {Role.BUREAU_LEADER, Role.DEPARTMENT_ADMIN}


@transaction.atomic
def record_investigation(
    case: InspectionCase,
    *,
    by: User,
    kind: str,
    held_on: date,
    place: str,
    inspectors: list[User],
    content: str,
    persons_present: str = "",
    version: int,
) -> InvestigationRecord:
    """An inquiry, site inspection or evidence-taking, carried out by two inspectors or more (第十六条).
    The first record after filing moves the case into investigation."""
    current = InspectionCase.objects.only("status").get(pk=case.pk)
    action = "begin_investigation" if current.status == Status.ACCEPTED else "investigate"
    case = _lock(case, by, version, action)
    if kind not in RecordKind.values:
        raise ValidationFailed(_("记录类别无效"), field="kind")
    held_on = not_future(held_on, "held_on")
    assert case.filed_on is not None  # the workflow investigates only a filed case
    if held_on < case.filed_on:
        raise ValidationFailed(_("调查日期不能早于立案日"), field="held_on")
    if not content.strip():
        raise ValidationFailed(_("请填写记录内容"), field="content")
    inspectors = _clean_inspectors(case, inspectors)
    case.save()
    record = InvestigationRecord.objects.create(
        case=case,
        kind=kind,
        held_on=held_on,
        place=place.strip()[:120],
        persons_present=persons_present.strip()[:300],
        content=content.strip()[:10000],
        recorded_by=by,
    )
    record.inspectors.set(inspectors)
    _event(
        case,
        "record",
        official(
            "%(kind)s：%(day)s %(place)s",
            kind=RecordKind(kind).label,
            day=held_on.isoformat(),
            place=record.place,
        ),
        by,
        inspectors=[str(u) for u in inspectors],
    )
    return record


@transaction.atomic
def extend_investigation(
    case: InspectionCase, *, by: User, approver: User, reason: str, version: int
) -> InspectionCase:
    """Once, by 30 working days, with the head's approval (条例 第十七条)."""
    case = _lock(case, by, version, "extend")
    if case.extended:
        raise ValidationFailed(_("调查期限只能延长一次"), field="status")
    if not reason.strip():
        raise ValidationFailed(_("请写明延长理由"), field="reason")
    if not (
        approver.is_superuser or (approver.role in APPROVERS and user_covers(approver, case.organisation))
    ):
        raise ValidationFailed(_("批准人须为本机构的负责人"), field="approver")
    case.extended, case.extension_approved_by, case.extension_reason = True, approver, reason.strip()[:300]
    assert case.filed_on is not None  # the workflow extends only a filed case
    case.investigation_due_on = compute_deadline(
        law.INVESTIGATION_PERIOD,
        case.filed_on,
        extra_days=law.INVESTIGATION_EXTENSION.rule_on(case.filed_on).length,
    ).due
    case.save()
    reschedule_work_items(case, kind="inspection.investigate", due_on=case.investigation_due_on)
    _event(
        case,
        "extended",
        official(
            "经%(approver)s批准延长调查期限至%(due)s",
            approver=str(approver),
            due=case.investigation_due_on.isoformat(),
        ),
        by,
        reason=case.extension_reason,
    )
    return case
