"""Site checks: the brigade asks a grid under it to verify an employer on site (网格化管理), with a date to
answer by; the task sits on the grid officers' workbench until one of them records the visit, which goes
into the case's timeline."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Organisation, OrganisationKind, User
from renshe.core.roles import Role
from renshe.core.services import close_work_items, not_future, official, open_work_item

from ..models import InspectionCase, SiteCheck
from ..rules import may_record_visit
from ..workflow import FILED
from ._common import _event, _lock

SITE_CHECK_PAGE = "/inspection/site-checks/{pk}/"


@transaction.atomic
def request_site_check(
    case: InspectionCase, *, by: User, grid: Organisation, ask: str, due_on: date, version: int
) -> SiteCheck:
    """The brigade hands a grid under it what to verify at the employer's premises, and by when."""
    case = _lock(case, by, version, "site_check")
    if grid.kind != OrganisationKind.GRID or not grid.active or not grid.is_within(case.organisation):
        raise ValidationFailed(_("只能交办给本大队所属的网格"), field="grid")
    if not ask.strip():
        raise ValidationFailed(_("请写明核查事项"), field="ask")
    today = timezone.localdate()
    if due_on < today:
        raise ValidationFailed(_("核查期限不能早于今天"), field="due_on")
    case.save()
    check = SiteCheck.objects.create(
        case=case, grid=grid, ask=ask.strip()[:300], requested_on=today, due_on=due_on, requested_by=by
    )
    open_work_item(
        check,
        kind="inspection.site_check",
        organisation=grid,
        role=Role.GRID_OFFICER,
        starts_on=today,
        due_on=due_on,
        url=SITE_CHECK_PAGE.format(pk=check.pk),
        title=official("现场核查：%(name)s", name=case.respondent.name),
    )
    _event(
        case,
        "site_check",
        official("交办%(grid)s现场核查：%(ask)s", grid=grid.name, ask=check.ask),
        by,
        due_on=due_on.isoformat(),
    )
    return check


@transaction.atomic
def record_site_visit(check: SiteCheck, *, by: User, visited_on: date, findings: str) -> SiteCheck:
    """An officer of the grid records the visit: the task leaves the workbench and the findings join the
    case's timeline, where the brigade reads them."""
    if not may_record_visit(by, check):
        raise PermissionDenied(_("只有被交办网格的网格员可以记录核查情况"))
    # casework.LOCK_ORDER: the case, then what hangs on it
    case = (
        InspectionCase.objects.select_for_update()
        .select_related("respondent", "organisation")
        .get(pk=check.case_id)
    )
    check = SiteCheck.objects.select_for_update().get(pk=check.pk)
    if check.visited_on is not None:
        raise ValidationFailed(_("该核查已记录"), field="visited_on")
    if case.status not in FILED:
        raise ValidationFailed(_("案件已结案或撤销，无需再核查"), field=None)
    visited_on = not_future(visited_on, "visited_on")
    if visited_on < check.requested_on:
        raise ValidationFailed(_("走访日期不能早于交办日期"), field="visited_on")
    if not findings.strip():
        raise ValidationFailed(_("请填写核查情况"), field="findings")
    check.visited_on, check.findings, check.recorded_by = visited_on, findings.strip()[:3000], by
    check.save()
    case.version += 1  # the file has changed under whoever holds it open
    case.save(update_fields=["version"])
    close_work_items(check)
    _event(
        case,
        "site_visit",
        official("%(grid)s现场核查：%(findings)s", grid=check.grid.name, findings=check.findings[:200]),
        by,
        visited_on=visited_on.isoformat(),
    )
    return check


def close_open_checks(case: InspectionCase) -> None:
    """A case that ends takes its unanswered site checks off the grids' workbenches."""
    for check in SiteCheck.objects.filter(case=case, visited_on__isnull=True):
        close_work_items(check)
