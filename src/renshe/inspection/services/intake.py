"""Complaints and reports (投诉举报): registered, joined to the employer's open case or opening one, accepted and
filed within 5 working days (若干规定 第十八条) or refused with a reason, the two-year limit (劳动保障监察条例 第二十条)
checked at intake; and the two inspectors or more who handle a case (第十六条)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import identity, law, numbering
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Enterprise, Organisation, OrganisationKind, User, WorkItem
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    find_or_name_enterprise,
    find_or_register_person,
    not_future,
    official,
)
from renshe.core.subjects import subject_of
from renshe.core.workdays import compute_deadline

from .. import workflow
from ..models import (
    InspectionCase,
    Origin,
    OwedMonth,
    Report,
    ReportChannel,
    ReportKind,
    ReportStatus,
    WageClaim,
)
from ..rules import RULES, may_register_report
from ._common import (
    WorkerInput,
    _add_claim,
    _clean_inspectors,
    _event,
    _lock,
    _raise_group_case,
    _recompute,
    _register_worker,
    _task,
)


@dataclass
class RespondentInput:
    """The employer: a registered enterprise (`enterprise_id`), or one named by its credit code (a new
    enterprise is then recorded provisionally in `street_id`). A bare name is refused."""

    enterprise_id: int | None = None
    credit_code: str = ""
    name: str = ""
    street_id: int | None = None


TIME_BARRED_REASON = (
    "违法行为在二年内未被劳动保障行政部门发现，也未被举报、投诉（《劳动保障监察条例》第二十条）"
)


def _respondent(respondent: RespondentInput) -> Enterprise | Organisation:
    """The registered employer, or the street of one named by its credit code, which `_named` records once
    the people are (casework.LOCK_ORDER: people, then enterprises)."""
    if respondent.enterprise_id:
        enterprise = Enterprise.objects.filter(pk=respondent.enterprise_id).select_related("street").first()
        if enterprise is None:
            raise ValidationFailed(_("被投诉/举报单位不存在"), field="respondent")
        return enterprise
    if not respondent.credit_code.strip():
        raise ValidationFailed(
            _("企业名录中没有该单位：请从名录中选择，或填写统一社会信用代码以登记新单位"), field="respondent"
        )
    streets = Organisation.objects.filter(kind=OrganisationKind.STREET)
    street = streets.filter(pk=respondent.street_id).first() if respondent.street_id else None
    if street is None:
        raise ValidationFailed(_("请选择用人单位所在街镇"), field="respondent_street")
    return street


def _named(respondent: RespondentInput, found: Enterprise | Organisation, by: User | None) -> Enterprise:
    if isinstance(found, Enterprise):
        return found
    return find_or_name_enterprise(
        credit_code=respondent.credit_code, name=respondent.name, street=found, by=by
    )


def is_time_barred(violation_ended_on: date | None, received_on: date) -> bool:
    """条例 第二十条: not pursued if not discovered, reported or complained of within two years of the
    violation's end (a continuing violation, e.g. wages still unpaid, has no end yet). Two calendar years:
    a report on the last day, or on the working day a rest day moved it to, is in time (民法典 第二百零二条、
    第二百零三条)."""
    if violation_ended_on is None:
        return False
    return received_on > compute_deadline(law.INSPECTION_LOOKBACK, violation_ended_on).due


@dataclass(frozen=True)
class _NamedReporter:
    name: str = ""
    id_number: str = ""
    phone: str = ""


def _named_reporter(reporter: WorkerInput) -> _NamedReporter:
    """A reporter by name, checked as a person's identity is but kept on the report alone: not registered
    as a person, so that no search of the register finds them (条例 第九条: 为举报人保密)."""
    name = identity.clean_name(reporter.name)
    if not name:
        raise ValidationFailed(_("请填写姓名"), field="reporter")
    return _NamedReporter(
        name=name[:50],
        id_number=identity.parse_citizen_id(reporter.id_number, "reporter").number,
        phone=identity.parse_phone(reporter.phone, "reporter") if reporter.phone.strip() else "",
    )


@transaction.atomic
def register_report(
    *,
    by: User | None,
    brigade: Organisation,
    kind: str,
    channel: str,
    respondent: RespondentInput,
    content: str,
    received_on: date | None = None,
    violation_ended_on: date | None = None,
    reporter: WorkerInput | None = None,
    anonymous: bool = False,
    reporter_contact: str = "",
    workers: Sequence[WorkerInput] = (),
    external_reference: str = "",
) -> Report:
    """A complaint (投诉, by the affected workers, each with their months owed) or a report (举报, by
    anyone, possibly anonymous) from the counter, the portal (`by` None), the API or a 12345 hand-off.
    While the brigade has an open case against the same employer the report joins it (one case, many
    workers); otherwise a new case is registered with its acceptance deadline (若干规定 第十八条). A report
    out of the two-year limit (条例 第二十条) is registered with the refusal reason prefilled."""
    if kind not in ReportKind.values:
        raise ValidationFailed(_("请选择投诉或举报"), field="kind")
    if channel not in ReportChannel.values:
        raise ValidationFailed(_("渠道无效"), field="channel")
    if brigade.kind != OrganisationKind.INSPECTION_BRIGADE:
        raise ValidationFailed(_("请选择劳动保障监察机构"), field="brigade")
    if by is not None and not may_register_report(by, brigade):
        raise PermissionDenied(_("只能为本人数据范围内的监察机构登记投诉举报"))
    content = content.strip()
    if len(content) < 10:
        raise ValidationFailed(_("请写明投诉举报的事实（至少10个字）"), field="content")
    received_on = not_future(received_on or timezone.localdate(), "received_on")
    if violation_ended_on is not None and not_future(violation_ended_on, "violation_ended_on") > received_on:
        raise ValidationFailed(_("违法行为终了日不能晚于收到日期"), field="violation_ended_on")
    if kind == ReportKind.COMPLAINT:
        if anonymous:
            raise ValidationFailed(_("投诉须由劳动者本人提出，不能匿名"), field="anonymous")
        if not workers:
            raise ValidationFailed(_("投诉请至少填写一名劳动者及其欠薪月份"), field="workers")
    if len({identity.normalise(w.id_number) for w in workers}) != len(workers):
        raise ValidationFailed(_("劳动者身份证号码重复"), field="workers")
    if anonymous and (reporter is not None or reporter_contact.strip()):
        raise ValidationFailed(_("匿名举报不登记举报人身份和联系方式"), field="anonymous")
    found = _respondent(respondent)
    complainant, named = None, _NamedReporter()
    if reporter is not None and kind == ReportKind.COMPLAINT:  # the worker complaining is a party
        complainant = find_or_register_person(
            id_number=reporter.id_number,
            name=reporter.name,
            phone=reporter.phone,
            organisation=brigade,
            by=by,
            field="reporter",
        )
    elif reporter is not None:
        named = _named_reporter(reporter)
    # in the order of their ID numbers, as disputes' intake does: two reports naming the same new workers in
    # another order then take their rows' locks in one order (casework.LOCK_ORDER), not against each other
    order = sorted(range(len(workers)), key=lambda i: identity.normalise(workers[i].id_number))
    registered = {i: _register_worker(workers[i], brigade, by, f"workers.{i}") for i in order}
    owed = [registered[i] for i in range(len(workers))]
    enterprise = _named(respondent, found, by)
    bureau = brigade.parent
    if bureau is not None and not enterprise.street.is_within(bureau):
        # 条例 第十三条: jurisdiction is where the labour is used
        raise ValidationFailed(_("用工所在地不在本监察机构管辖区域"), field="respondent")
    # the people and the employer above, the counter or the open case below: casework.LOCK_ORDER
    case = _open_case(brigade, enterprise)
    created = case is None
    if case is None:
        try:
            with transaction.atomic():  # a savepoint: a number taken for a case not opened is given back
                case = InspectionCase.objects.create(
                    number=numbering.next_case_number(brigade, "inspection", year=received_on.year),
                    origin=Origin.COMPLAINT if kind == ReportKind.COMPLAINT else Origin.REPORT,
                    respondent=enterprise,
                    street=enterprise.street,
                    organisation=brigade,
                    received_on=received_on,
                    acceptance_due_on=compute_deadline(law.COMPLAINT_ACCEPTANCE, received_on).due,
                    violation_ended_on=violation_ended_on,
                    summary=content[:5000],
                    created_by=by,
                )
        except IntegrityError:
            # another report against the employer opened a case at the same moment (one open case per
            # employer: InspectionCase's constraint); on PostgreSQL the INSERT waited for it to commit, and
            # this report joins it
            case = _open_case(brigade, enterprise)
            if case is None:
                raise
            created = False
    if not created:
        case = _lock_for_link(case, by)
        if case.violation_ended_on and (
            violation_ended_on is None or violation_ended_on > case.violation_ended_on
        ):
            case.violation_ended_on = violation_ended_on
    barred = is_time_barred(violation_ended_on, received_on)
    report = Report.objects.create(
        case=case,
        kind=kind,
        channel=channel,
        external_reference=external_reference.strip()[:40],
        reporter=complainant,
        anonymous=anonymous,
        reporter_name=named.name,
        reporter_id_number=named.id_number,
        reporter_phone=named.phone,
        reporter_contact="" if anonymous else reporter_contact.strip()[:60],
        respondent=enterprise,
        content=content[:5000],
        received_on=received_on,
        violation_ended_on=violation_ended_on,
        status=ReportStatus.PENDING if created else ReportStatus.LINKED,
        refusal_reason=official(TIME_BARRED_REASON) if barred else "",
        created_by=by,
    )
    claims = [_add_claim(case, person, months, report, field) for person, months, field in owed]
    _recompute(case, claims)
    _raise_group_case(case)
    case.save()
    label = ReportKind(kind).label
    if created:
        _event(
            case,
            "registered",
            official(
                "登记%(kind)s：%(number)s %(name)s", kind=label, number=case.number, name=enterprise.name
            ),
            by,
            channel=channel,
            workers=len(claims),
            owed=str(case.owed_total),
        )
        _task(
            case,
            "inspection.intake",
            official("投诉举报受理审查：%(number)s %(name)s", number=case.number, name=enterprise.name),
            organisation=brigade,
            role=Role.INSPECTOR,
            period=law.COMPLAINT_ACCEPTANCE,
            starts_on=received_on,
        )
    else:
        _event(
            case,
            "linked",
            official("并入%(kind)s（%(n)d名劳动者）", kind=label, n=len(claims)),
            by,
            channel=channel,
            owed=str(case.owed_total),
        )
    return report


def _open_case(brigade: Organisation, enterprise: Enterprise) -> InspectionCase | None:
    """The brigade's open case against the employer (at most one), unlocked: a new case's counter comes
    before any case lock (casework.LOCK_ORDER), and the one joined is locked by `_lock_for_link`."""
    return InspectionCase.objects.filter(
        organisation=brigade, respondent=enterprise, status__in=workflow.OPEN
    ).first()


def _lock_for_link(case: InspectionCase, by: User | None) -> InspectionCase:
    """Reports arrive from the public too (no user): lock the case without an actor check."""
    current = (
        InspectionCase.objects.select_for_update()
        .select_related("organisation", "respondent")
        .get(pk=case.pk)
    )
    current.status = workflow.target(current.status, "link_report")
    current.version += 1
    return current


@transaction.atomic
def accept_case(
    case: InspectionCase, *, by: User, filed_on: date | None = None, version: int
) -> InspectionCase:
    """受理 and 立案 on the same day (若干规定 第十八条): within two years (条例 第二十条), a clear respondent,
    in the bureau's remit. The 60-working-day investigation clock (第十七条) starts at filing."""
    case = _lock(case, by, version, "accept")
    filed_on = not_future(filed_on or timezone.localdate(), "filed_on")
    if filed_on < case.received_on:
        raise ValidationFailed(_("立案日不能早于登记日"), field="filed_on")
    if is_time_barred(case.violation_ended_on, case.received_on):
        raise ValidationFailed(official(TIME_BARRED_REASON), field="violation_ended_on")
    case.filed_on = filed_on
    case.investigation_due_on = compute_deadline(law.INVESTIGATION_PERIOD, filed_on).due
    case.save()
    case.reports.filter(status=ReportStatus.PENDING).update(status=ReportStatus.ACCEPTED)
    close_work_items(case, kind="inspection.intake")
    _event(
        case,
        "accepted",
        official("受理立案，调查期限至%(due)s", due=case.investigation_due_on.isoformat()),
        by,
        late=filed_on > case.acceptance_due_on,
    )
    _task(
        case,
        "inspection.investigate",
        official("调查处理：%(number)s %(name)s", number=case.number, name=case.respondent.name),
        role=Role.INSPECTOR,
        starts_on=filed_on,
        period=law.INVESTIGATION_PERIOD,
        due_on=case.investigation_due_on,
    )
    return case


@transaction.atomic
def refuse_report(report: Report, *, by: User, reason: str = "", version: int) -> Report:
    """不予受理 in writing with a reason (若干规定 第十八条). The report's workers leave the case; a case left
    with no report to act on is refused as a whole. The prefilled two-year reason is used if none given."""
    assert report.case is not None  # a report is registered with its case (register_report)
    case = _lock(report.case, by, version, "refuse_report")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in (ReportStatus.PENDING, ReportStatus.LINKED):
        raise ValidationFailed(_("该投诉举报已处理"), field="status")
    reason = reason.strip() or report.refusal_reason
    if not reason:
        raise ValidationFailed(_("请写明不予受理的理由"), field="reason")
    report.status, report.refusal_reason = ReportStatus.REFUSED, reason[:300]
    report.save()
    OwedMonth.objects.filter(claim__report=report, claim__case=case).delete()
    WageClaim.objects.filter(report=report, case=case).delete()
    _recompute(case)
    if not case.reports.exclude(status=ReportStatus.REFUSED).exists():
        case.status = workflow.target(case.status, "refuse")
        case.refusal_reason, case.closed_on = reason[:300], timezone.localdate()
        close_work_items(case)
    case.save()
    _event(case, "report_refused", official("不予受理：%(reason)s", reason=reason[:200]), by)
    return report


@transaction.atomic
def reveal_reporter(report: Report, *, by: User) -> dict[str, str]:
    """A named reporter's or a complainant's full identity and contact, for the case's own inspectors alone
    (条例 第九条); every look is on the case's timeline, which names the report, never the reporter."""
    assert report.case is not None  # a report is registered with its case (register_report)
    RULES.check(by, "reveal_reporter", report.case)
    if report.anonymous or not report.named:
        raise ValidationFailed(_("该件投诉举报未登记投诉举报人"), field="reporter")
    _event(
        report.case,
        "reporter_revealed",
        official("查看投诉举报人身份：%(received)s收到的一件", received=report.received_on.isoformat()),
        by,
        report=report.pk,
    )
    return report.reporter_identity()


@transaction.atomic
def assign_inspectors(
    case: InspectionCase, *, by: User, inspectors: list[User], version: int
) -> InspectionCase:
    """At least two inspectors handle a case (条例 第十六条); each gets the investigation on their workbench."""
    case = _lock(case, by, version, "assign")
    inspectors = _clean_inspectors(case, inspectors)
    case.save()
    case.inspectors.set(inspectors)
    WorkItem.objects.filter(
        **subject_of(case), kind="inspection.investigate", assignee__isnull=False
    ).delete()
    if case.investigation_due_on:
        for inspector in inspectors:
            _task(
                case,
                "inspection.investigate",
                official("调查处理：%(number)s", number=case.number),
                assignee=inspector,
                starts_on=case.filed_on,
                period=law.INVESTIGATION_PERIOD,
                due_on=case.investigation_due_on,
            )
    _event(
        case, "assigned", official("承办监察员：%(names)s", names="、".join(str(u) for u in inspectors)), by
    )
    return case
