"""Writes for labour inspection and wage arrears: one function per transition. Each checks who may act,
validates, locks the case (optimistic `version`, row lock), moves it along workflow.TRANSITIONS, records a
timeline event and keeps the workbench tasks in step, all in one transaction.

Money: every ledger write re-reads the case under its row lock, validates against the balances as they are
now, inserts rows, and recomputes the affected totals from the rows (not by increments), so two clerks
editing the same ledger at once cannot overpay a worker or lose a payment: the second waits for the lock and
is checked against the first's result (or gets Conflict if it names the version it saw)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import casework, law
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Enterprise, Organisation, OrganisationKind, Person, User, WorkItem
from renshe.core.money import CENT, ZERO, MoneySum, money, yuan
from renshe.core.numbering import next_case_number
from renshe.core.roles import Role
from renshe.core.scope import user_covers
from renshe.core.services import (
    close_work_items,
    due_soon_date,
    find_or_name_enterprise,
    find_or_register_person,
    not_future,
    official,
    open_work_item,
)
from renshe.core.subjects import subject_of
from renshe.core.timeline import record_event
from renshe.core.workdays import compute_deadline
from renshe.disputes import handover

from . import workflow
from .models import (
    AdvancePayment,
    AdvanceRepayment,
    BodyKind,
    CoordinationMeeting,
    DishonestListing,
    HandlingDecision,
    InspectionCase,
    InvestigationRecord,
    MeetingAttendee,
    MeetingTask,
    Origin,
    OwedMonth,
    PayerKind,
    PaymentSource,
    PoliceTransfer,
    RecordKind,
    RectificationOrder,
    RepaymentSource,
    Report,
    ReportChannel,
    ReportKind,
    ReportStatus,
    Resolution,
    ServiceMethod,
    StatementAndDefence,
    WageClaim,
    WagePayment,
)
from .rules import RULES, may_register_report
from .workflow import Status

APPROVERS = {Role.BUREAU_LEADER, Role.DEPARTMENT_ADMIN}
LEADERS = (Role.BUREAU_LEADER, Role.DEPARTMENT_ADMIN)
TIME_BARRED_REASON = (
    "违法行为在二年内未被劳动保障行政部门发现，也未被举报、投诉（《劳动保障监察条例》第二十条）"
)


# --- input ---------------------------------------------------------------------------------------


@dataclass
class RespondentInput:
    """The employer: a registered enterprise (`enterprise_id`), or one named by its credit code (a new
    enterprise is then recorded provisionally in `street_id`). A bare name is refused."""

    enterprise_id: int | None = None
    credit_code: str = ""
    name: str = ""
    street_id: int | None = None


@dataclass
class WorkerInput:
    """A worker and the months owed: `months` are (any day of the month, amount in yuan)."""

    id_number: str
    name: str
    phone: str = ""
    months: list[tuple[date, Decimal]] = field(default_factory=list)


@dataclass
class AttendeeInput:
    body: str  # BodyKind
    name: str
    person: str = ""


@dataclass
class TaskInput:
    description: str
    owner: str
    due_on: date


# --- permission, locking, events ------------------------------------------------------------------


def _lock(case: InspectionCase, by: User, version: int, action: str) -> InspectionCase:
    """Re-read the case under a row lock, refuse a stale `version` (409) and an actor the rules do not
    allow (403), and check that `action` is allowed from its state. Returns the locked case with its target
    status set and its version bumped (the caller saves it)."""
    current = casework.lock_for(
        InspectionCase.objects.select_related("organisation__parent", "respondent", "street"),
        case.pk,
        version,
    )
    RULES.check(by, action, current)
    current.status = workflow.target(current.status, action)
    current.version += 1
    return current


def _event(case: InspectionCase, verb: str, summary: str, by: User | None, **changes) -> None:
    record_event(
        case,
        f"inspection.{verb}",
        summary,
        actor=by,
        actor_label="" if by else "投诉人（网上）",
        enterprise=case.respondent,
        organisation=case.organisation,
        changes=changes,
    )


def _url(case: InspectionCase) -> str:
    return f"/inspection/{case.pk}/"


def _recompute(
    case: InspectionCase, claims: list[WageClaim] = (), advances: list[AdvancePayment] = ()
) -> None:
    """Totals from the rows, under the case lock held by the caller: claims and advances touched by this
    write first, then the case's sums over all of them."""
    for claim in claims:
        claim.owed_total = OwedMonth.objects.filter(claim=claim).aggregate(s=MoneySum("amount"))["s"] or ZERO
        claim.paid_total = (
            WagePayment.objects.filter(claim=claim).aggregate(s=MoneySum("amount"))["s"] or ZERO
        )
        claim.save(update_fields=["owed_total", "paid_total"])
    for advance in advances:
        advance.advanced_total = (
            WagePayment.objects.filter(advance=advance).aggregate(s=MoneySum("amount"))["s"] or ZERO
        )
        advance.repaid_total = (
            AdvanceRepayment.objects.filter(advance=advance).aggregate(s=MoneySum("amount"))["s"] or ZERO
        )
        advance.save(update_fields=["advanced_total", "repaid_total"])
    claim_sums = WageClaim.objects.filter(case=case).aggregate(
        owed=MoneySum("owed_total"), paid=MoneySum("paid_total"), workers=Count("id")
    )
    advance_sums = AdvancePayment.objects.filter(case=case).aggregate(
        advanced=MoneySum("advanced_total"), repaid=MoneySum("repaid_total")
    )
    case.owed_total = claim_sums["owed"] or ZERO
    case.paid_total = claim_sums["paid"] or ZERO
    case.worker_count = claim_sums["workers"]
    case.advanced_total = advance_sums["advanced"] or ZERO
    case.repaid_total = advance_sums["repaid"] or ZERO


def _raise_group_case(case: InspectionCase) -> None:
    """Many workers or a large sum: flagged and put before the bureau's leaders at once (once per case)."""
    if case.group_case:
        return
    many = case.worker_count >= law.COLLECTIVE_DISPUTE_MIN_WORKERS
    large = case.owed_total >= Decimal(settings.RENSHE_GROUP_CASE_AMOUNT)
    if not (many or large):
        return
    case.group_case = True
    today = timezone.localdate()
    for role in LEADERS:
        open_work_item(
            case,
            kind="inspection.group_case",
            organisation=case.organisation,
            role=role,
            starts_on=today,
            due_on=today + timedelta(days=1),
            url=_url(case),
            title=official(
                "群体性欠薪案件（%(n)d人，%(amount)s元）：%(name)s",
                n=case.worker_count,
                amount=yuan(case.owed_total),
                name=case.respondent.name,
            ),
        )


# --- claims (the per-worker ledger's debts) ------------------------------------------------------------


def _clean_months(months: list[tuple[date, Decimal]], field: str) -> list[tuple[date, Decimal]]:
    if not months:
        raise ValidationFailed(_("请至少填写一个欠薪月份"), field=field)
    this_month = timezone.localdate().replace(day=1)
    cleaned: dict[date, Decimal] = {}
    for day, amount in months:
        month = day.replace(day=1)
        if month > this_month:
            raise ValidationFailed(_("欠薪月份%(m)s晚于本月") % {"m": f"{month:%Y-%m}"}, field=field)
        if month in cleaned:
            raise ValidationFailed(_("欠薪月份%(m)s重复") % {"m": f"{month:%Y-%m}"}, field=field)
        cleaned[month] = money(amount, field)
    return sorted(cleaned.items())


def _add_claim(
    case: InspectionCase, worker: WorkerInput, by: User | None, report: Report | None, index: int = 0
) -> WageClaim:
    field_name = f"workers.{index}"
    months = _clean_months(worker.months, field_name)
    person = find_or_register_person(
        id_number=worker.id_number,
        name=worker.name,
        phone=worker.phone,
        organisation=case.organisation,
        by=by,
        field=field_name,
    )
    claim, _created = WageClaim.objects.get_or_create(case=case, worker=person, defaults={"report": report})
    existing = set(claim.months.values_list("month", flat=True))
    for month, _amount in months:
        if month in existing:
            raise ValidationFailed(
                _("%(name)s的%(m)s欠薪已登记") % {"name": person.name, "m": f"{month:%Y-%m}"},
                field=field_name,
            )
    OwedMonth.objects.bulk_create(OwedMonth(claim=claim, month=m, amount=a) for m, a in months)
    return claim


def _claim_for(case: InspectionCase, worker: Person | int, field: str = "worker") -> WageClaim:
    """The worker's row in this case's ledger, locked; a worker not on the case is a clear error."""
    worker_id = worker.pk if isinstance(worker, Person) else worker
    claim = WageClaim.objects.select_for_update().filter(case=case, worker_id=worker_id).first()
    if claim is None:
        raise ValidationFailed(_("该劳动者不在本案工资清欠台账中"), field=field)
    return claim


# --- intake ---------------------------------------------------------------------------------------------


def _respondent(respondent: RespondentInput, by: User | None) -> Enterprise:
    if respondent.enterprise_id:
        enterprise = Enterprise.objects.filter(pk=respondent.enterprise_id).select_related("street").first()
        if enterprise is None:
            raise ValidationFailed(_("被投诉/举报单位不存在"), field="respondent")
        return enterprise
    if not respondent.credit_code.strip():
        raise ValidationFailed(
            _("企业名录中没有该单位：请从名录中选择，或填写统一社会信用代码以登记新单位"), field="respondent"
        )
    street = Organisation.objects.filter(pk=respondent.street_id, kind=OrganisationKind.STREET).first()
    if street is None:
        raise ValidationFailed(_("请选择用人单位所在街镇"), field="respondent_street")
    return find_or_name_enterprise(
        credit_code=respondent.credit_code, name=respondent.name, street=street, by=by
    )


def is_time_barred(violation_ended_on: date | None, received_on: date) -> bool:
    """条例 第二十条: not pursued if not discovered, reported or complained of within two years of the
    violation's end (a continuing violation, e.g. wages still unpaid, has no end yet)."""
    if violation_ended_on is None:
        return False
    return (received_on - violation_ended_on).days > law.INSPECTION_LOOKBACK.effective_days


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
    workers: list[WorkerInput] = (),
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
    if len({w.id_number.strip().upper() for w in workers}) != len(workers):
        raise ValidationFailed(_("劳动者身份证号码重复"), field="workers")
    if anonymous and (reporter is not None or reporter_contact.strip()):
        raise ValidationFailed(_("匿名举报不登记举报人身份和联系方式"), field="anonymous")
    enterprise = _respondent(respondent, by)
    bureau = brigade.parent
    if bureau is not None and not enterprise.street.is_within(bureau):
        # 条例 第十三条: jurisdiction is where the labour is used
        raise ValidationFailed(_("用工所在地不在本监察机构管辖区域"), field="respondent")

    reporter_person = None
    if reporter is not None:
        reporter_person = find_or_register_person(
            id_number=reporter.id_number,
            name=reporter.name,
            phone=reporter.phone,
            organisation=brigade,
            by=by,
            field="reporter",
        )
    case = (
        InspectionCase.objects.select_for_update()
        .filter(organisation=brigade, respondent=enterprise, status__in=workflow.OPEN)
        .order_by("id")
        .first()
    )
    created = case is None
    if created:
        number = next_case_number(brigade, "inspection", year=received_on.year)
        case = InspectionCase.objects.create(
            number=number,
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
    else:
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
        reporter=reporter_person,
        anonymous=anonymous,
        reporter_contact="" if anonymous else reporter_contact.strip()[:60],
        respondent=enterprise,
        content=content[:5000],
        received_on=received_on,
        violation_ended_on=violation_ended_on,
        status=ReportStatus.PENDING if created else ReportStatus.LINKED,
        refusal_reason=official(TIME_BARRED_REASON) if barred else "",
        created_by=by,
    )
    claims = [_add_claim(case, w, by, report, i) for i, w in enumerate(workers)]
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
        open_work_item(
            case,
            kind="inspection.intake",
            organisation=brigade,
            role=Role.INSPECTOR,
            period=law.COMPLAINT_ACCEPTANCE,
            starts_on=received_on,
            url=_url(case),
            title=official("投诉举报受理审查：%(number)s %(name)s", number=case.number, name=enterprise.name),
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
    open_work_item(
        case,
        kind="inspection.investigate",
        organisation=case.organisation,
        role=Role.INSPECTOR,
        starts_on=filed_on,
        due_on=case.investigation_due_on,
        url=_url(case),
        title=official("调查处理：%(number)s %(name)s", number=case.number, name=case.respondent.name),
    )
    WorkItem.objects.filter(**subject_of(case), kind="inspection.investigate").update(
        period_citation=official(law.INVESTIGATION_PERIOD.citation)
    )
    return case


@transaction.atomic
def refuse_report(report: Report, *, by: User, reason: str = "", version: int) -> Report:
    """不予受理 in writing with a reason (若干规定 第十八条). The report's workers leave the case; a case left
    with no report to act on is refused as a whole. The prefilled two-year reason is used if none given."""
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
            open_work_item(
                case,
                kind="inspection.investigate",
                organisation=case.organisation,
                assignee=inspector,
                starts_on=case.filed_on,
                due_on=case.investigation_due_on,
                url=_url(case),
                title=official("调查处理：%(number)s", number=case.number),
            )
    _event(
        case, "assigned", official("承办监察员：%(names)s", names="、".join(str(u) for u in inspectors)), by
    )
    return case


def _clean_inspectors(case: InspectionCase, inspectors: list[User]) -> list[User]:
    unique = list({u.pk: u for u in inspectors}.values())
    if len(unique) < law.INSPECTORS_PER_ACTION:
        raise ValidationFailed(
            _("应由%(n)d名以上监察员进行（《劳动保障监察条例》第十六条）") % {"n": law.INSPECTORS_PER_ACTION},
            field="inspectors",
        )
    for user in unique:
        if (
            user.role != Role.INSPECTOR
            or not user.is_active
            or user.organisation is None
            or not user.organisation.is_within(case.organisation)
        ):
            raise ValidationFailed(_("%(name)s不是本机构的监察员") % {"name": user}, field="inspectors")
    return unique


# --- investigation ------------------------------------------------------------------------------------


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
    case.investigation_due_on = compute_deadline(
        law.INVESTIGATION_PERIOD, case.filed_on, extra_days=law.INVESTIGATION_EXTENSION.effective_days
    ).due
    case.save()
    for item in WorkItem.objects.filter(**subject_of(case), kind="inspection.investigate", status="open"):
        item.due_on = case.investigation_due_on
        item.due_soon_on = due_soon_date(item.starts_on, item.due_on)
        item.save(update_fields=["due_on", "due_soon_on"])
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


# --- orders, statement, decisions ---------------------------------------------------------------------


def _deadline_after(start: date, deadline: date, start_label: str) -> None:
    if deadline <= start:
        raise ValidationFailed(_("履行期限应晚于%(what)s") % {"what": start_label}, field="deadline")


@transaction.atomic
def issue_rectification_order(
    case: InspectionCase,
    *,
    by: User,
    issued_on: date,
    deadline: date,
    requirements: str,
    amount_to_pay=None,
    version: int,
) -> RectificationOrder:
    """劳动保障监察限期改正指令书 (条例 第二十六条): pay what is owed by a deadline. The amount defaults to the
    ledger's outstanding balance, so nothing is re-typed; the deadline check goes on the workbench."""
    case = _lock(case, by, version, "order")
    issued_on = not_future(issued_on, "issued_on")
    if issued_on < case.filed_on:
        raise ValidationFailed(_("发出日期不能早于立案日"), field="issued_on")
    _deadline_after(issued_on, deadline, _("发出日期"))
    if not requirements.strip():
        raise ValidationFailed(_("请填写改正要求"), field="requirements")
    amount = case.balance if amount_to_pay is None else money(amount_to_pay, "amount_to_pay", zero_ok=True)
    org = case.organisation
    order = RectificationOrder.objects.create(
        case=case,
        number=next_case_number(org, "inspection_order", prefix=f"{org.case_prefix}改", year=issued_on.year),
        issued_on=issued_on,
        deadline=deadline,
        requirements=requirements.strip()[:3000],
        amount_to_pay=amount,
        issued_by=by,
    )
    case.save()
    _event(
        case,
        "ordered",
        official(
            "发出限期改正指令书%(number)s，限%(deadline)s前支付%(amount)s元",
            number=order.number,
            deadline=deadline.isoformat(),
            amount=yuan(amount),
        ),
        by,
    )
    open_work_item(
        case,
        kind="inspection.order_check",
        organisation=case.organisation,
        role=Role.INSPECTOR,
        starts_on=issued_on,
        due_on=deadline,
        url=_url(case),
        title=official("核查限期改正履行情况：%(number)s", number=order.number),
    )
    return order


def _document(document: RectificationOrder | HandlingDecision) -> tuple[type, date, str]:
    if isinstance(document, RectificationOrder):
        return RectificationOrder, document.issued_on, official("限期改正指令书")
    if isinstance(document, HandlingDecision):
        return HandlingDecision, document.decided_on, official("行政处理决定书")
    raise ValidationFailed(_("文书类型无效"), field="document")


@transaction.atomic
def record_service(
    document: RectificationOrder | HandlingDecision,
    *,
    by: User,
    served_on: date,
    method: str,
    served_to: str,
    version: int,
) -> RectificationOrder | HandlingDecision:
    """送达 of an order or decision: the date and method count for the deadline, for a police transfer
    (法释〔2013〕3号 第四条: posting with photo or video if the employer has absconded) and for the list."""
    model, issued, label = _document(document)
    case = _lock(document.case, by, version, "serve")
    document = model.objects.select_for_update().get(pk=document.pk)
    if document.served_on:
        raise ValidationFailed(_("该文书已送达"), field="served_on")
    if method not in ServiceMethod.values:
        raise ValidationFailed(_("送达方式无效"), field="method")
    served_on = not_future(served_on, "served_on")
    if served_on < issued:
        raise ValidationFailed(_("送达日期不能早于文书日期"), field="served_on")
    if not served_to.strip():
        raise ValidationFailed(_("请填写受送达人"), field="served_to")
    document.served_on, document.service_method, document.served_to = (
        served_on,
        method,
        served_to.strip()[:100],
    )
    document.save()
    case.save()
    _event(
        case,
        "served",
        official(
            "%(doc)s%(number)s已%(method)s",
            doc=label,
            number=document.number,
            method=ServiceMethod(method).label,
        ),
        by,
        served_on=served_on.isoformat(),
    )
    return document


@transaction.atomic
def record_compliance(
    document: RectificationOrder | HandlingDecision,
    *,
    by: User,
    complied: bool,
    checked_on: date,
    note: str = "",
    version: int,
) -> RectificationOrder | HandlingDecision:
    """Whether the employer did what the order or decision required, checked after service."""
    model, issued, label = _document(document)
    case = _lock(document.case, by, version, "comply")
    document = model.objects.select_for_update().get(pk=document.pk)
    if not document.served_on:
        raise ValidationFailed(_("文书尚未送达"), field="checked_on")
    checked_on = not_future(checked_on, "checked_on")
    if checked_on < document.served_on:
        raise ValidationFailed(_("核查日期不能早于送达日期"), field="checked_on")
    document.complied, document.checked_on, document.check_note = (
        bool(complied),
        checked_on,
        note.strip()[:300],
    )
    document.save()
    case.save()
    if model is RectificationOrder:
        close_work_items(case, kind="inspection.order_check")
    _event(
        case,
        "compliance",
        official(
            "%(doc)s%(number)s：%(what)s",
            doc=label,
            number=document.number,
            what=official("已履行") if complied else official("逾期未履行"),
        ),
        by,
        note=document.check_note,
    )
    return document


@transaction.atomic
def record_statement(
    case: InspectionCase,
    *,
    by: User,
    notified_on: date,
    heard_on: date | None = None,
    statement: str = "",
    waived: bool = False,
    version: int,
) -> StatementAndDefence:
    """陈述申辩 (条例 第十九条): the employer was told of the intended decision and either stated its case
    or waived it. Required before a handling decision."""
    case = _lock(case, by, version, "statement")
    notified_on = not_future(notified_on, "notified_on")
    if waived and statement.strip():
        raise ValidationFailed(_("放弃陈述申辩时不应填写申辩意见"), field="statement")
    if not waived:
        if not statement.strip():
            raise ValidationFailed(_("请填写陈述申辩意见，或注明放弃"), field="statement")
        if heard_on is None:
            raise ValidationFailed(_("请填写陈述申辩日期"), field="heard_on")
    if heard_on is not None and not_future(heard_on, "heard_on") < notified_on:
        raise ValidationFailed(_("陈述申辩日期不能早于告知日期"), field="heard_on")
    case.save()
    record = StatementAndDefence.objects.create(
        case=case,
        notified_on=notified_on,
        heard_on=heard_on,
        statement=statement.strip()[:5000],
        waived=waived,
        recorded_by=by,
    )
    _event(
        case,
        "statement",
        official("用人单位放弃陈述申辩") if waived else official("听取用人单位陈述申辩"),
        by,
    )
    return record


def _rate(value) -> Decimal:
    try:
        rate = Decimal(str(value))
    except (ArithmeticError, ValueError):
        raise ValidationFailed(_("加付赔偿金比例格式不正确"), field="extra_compensation_rate") from None
    if not (law.EXTRA_COMPENSATION_MIN_RATE <= rate <= law.EXTRA_COMPENSATION_MAX_RATE):
        raise ValidationFailed(
            _("加付赔偿金比例应为应付金额的50%至100%（《劳动保障监察条例》第二十六条）"),
            field="extra_compensation_rate",
        )
    return rate.quantize(CENT)


@transaction.atomic
def issue_handling_decision(
    case: InspectionCase,
    *,
    by: User,
    decided_on: date,
    findings: str,
    deadline: date,
    amount_to_pay=None,
    extra_compensation_rate=None,
    version: int,
) -> HandlingDecision:
    """劳动保障监察行政处理决定书, after the statement and defence (第十九条). Extra compensation of 50%–100%
    (第二十六条) is due only when a rectification order to pay was served and not complied with."""
    case = _lock(case, by, version, "decide")
    decided_on = not_future(decided_on, "decided_on")
    statement = case.statements.order_by("-notified_on").first()
    if statement is None:
        raise ValidationFailed(
            _("作出行政处理决定前应当听取用人单位的陈述和申辩（《劳动保障监察条例》第十九条）"),
            field="status",
        )
    if decided_on < (statement.heard_on or statement.notified_on):
        raise ValidationFailed(_("决定日期不能早于陈述申辩"), field="decided_on")
    _deadline_after(decided_on, deadline, _("决定日期"))
    if not findings.strip():
        raise ValidationFailed(_("请填写查明的违法事实"), field="findings")
    amount = case.balance if amount_to_pay is None else money(amount_to_pay, "amount_to_pay", zero_ok=True)
    rate, extra = None, ZERO
    if extra_compensation_rate not in (None, ""):
        rate = _rate(extra_compensation_rate)
        if not case.orders.filter(complied=False).exists():
            raise ValidationFailed(
                _("加付赔偿金以限期改正指令逾期未履行为前提（《劳动保障监察条例》第二十六条）"),
                field="extra_compensation_rate",
            )
        extra = (amount * rate).quantize(CENT)
    org = case.organisation
    decision = HandlingDecision.objects.create(
        case=case,
        number=next_case_number(
            org, "inspection_decision", prefix=f"{org.case_prefix}处", year=decided_on.year
        ),
        decided_on=decided_on,
        findings=findings.strip()[:5000],
        deadline=deadline,
        amount_to_pay=amount,
        extra_compensation_rate=rate,
        extra_compensation=extra,
        appeal_rights=official(law.HANDLING_DECISION_APPEAL_RIGHTS),
        issued_by=by,
    )
    case.save()
    _event(
        case,
        "decided",
        official(
            "作出行政处理决定%(number)s：支付%(amount)s元，加付赔偿金%(extra)s元",
            number=decision.number,
            amount=yuan(amount),
            extra=yuan(extra),
        ),
        by,
        rate=str(rate) if rate is not None else None,
    )
    open_work_item(
        case,
        kind="inspection.decision_check",
        organisation=case.organisation,
        role=Role.INSPECTOR,
        starts_on=decided_on,
        due_on=deadline,
        url=_url(case),
        title=official("核查处理决定履行情况：%(number)s", number=decision.number),
    )
    return decision


# --- coordination -------------------------------------------------------------------------------------


@transaction.atomic
def hold_coordination_meeting(
    case: InspectionCase,
    *,
    by: User,
    held_on: date,
    place: str,
    attendees: list[AttendeeInput],
    agreed: str,
    tasks: list[TaskInput] = (),
    version: int,
) -> CoordinationMeeting:
    """A meeting with the town, court, union, arbitration, a state-owned enterprise…: who came, what was
    agreed, and tasks with owners and dates, each followed up from the brigade's workbench."""
    case = _lock(case, by, version, "meeting")
    held_on = not_future(held_on, "held_on")
    if not attendees:
        raise ValidationFailed(_("请填写参会单位"), field="attendees")
    for a in attendees:
        if a.body not in BodyKind.values or not a.name.strip():
            raise ValidationFailed(_("参会单位类别或名称无效"), field="attendees")
    if not agreed.strip():
        raise ValidationFailed(_("请填写议定事项"), field="agreed")
    for t in tasks:
        if not t.description.strip() or not t.owner.strip():
            raise ValidationFailed(_("请填写任务内容和责任单位"), field="tasks")
        if t.due_on < held_on:
            raise ValidationFailed(_("任务期限不能早于会议日期"), field="tasks")
    case.save()
    meeting = CoordinationMeeting.objects.create(
        case=case, held_on=held_on, place=place.strip()[:120], agreed=agreed.strip()[:5000], recorded_by=by
    )
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, body=a.body, name=a.name.strip()[:100], person=a.person.strip()[:50])
        for a in attendees
    )
    for t in tasks:
        task = MeetingTask.objects.create(
            meeting=meeting,
            description=t.description.strip()[:200],
            owner=t.owner.strip()[:100],
            due_on=t.due_on,
        )
        open_work_item(
            task,
            kind="inspection.meeting_task",
            organisation=case.organisation,
            role=Role.INSPECTOR,
            starts_on=held_on,
            due_on=t.due_on,
            url=_url(case),
            title=official("协调会任务（%(owner)s）：%(what)s", owner=task.owner, what=task.description),
        )
    _event(
        case,
        "meeting",
        official("召开协调会：%(bodies)s", bodies="、".join(a.name.strip() for a in attendees)),
        by,
        tasks=len(tasks),
    )
    return meeting


@transaction.atomic
def complete_meeting_task(task: MeetingTask, *, by: User, done_on: date, version: int) -> MeetingTask:
    case = _lock(task.meeting.case, by, version, "meeting")
    task = MeetingTask.objects.select_for_update().get(pk=task.pk)
    if task.done_on:
        raise ValidationFailed(_("该任务已完成"), field="done_on")
    done_on = not_future(done_on, "done_on")
    if done_on < task.meeting.held_on:
        raise ValidationFailed(_("完成日期不能早于会议日期"), field="done_on")
    task.done_on = done_on
    task.save()
    case.save()
    close_work_items(task)
    _event(case, "meeting_task_done", official("协调会任务完成：%(what)s", what=task.description), by)
    return task


# --- the wage ledger ------------------------------------------------------------------------------------


@transaction.atomic
def add_wage_claim(case: InspectionCase, *, by: User, worker: WorkerInput, version: int) -> WageClaim:
    """A worker found in the investigation (or more months for one already on the ledger)."""
    case = _lock(case, by, version, "ledger")
    claim = _add_claim(case, worker, by, None)
    _recompute(case, [claim])
    _raise_group_case(case)
    case.save()
    claim.refresh_from_db()
    _event(
        case,
        "claim",
        official("登记欠薪：%(name)s 共%(amount)s元", name=claim.worker.name, amount=yuan(claim.owed_total)),
        by,
        owed_total=str(case.owed_total),
    )
    return claim


def _check_payable(claim: WageClaim, amount: Decimal, already: Decimal = ZERO) -> None:
    left = claim.owed_total - claim.paid_total - already
    if amount > left:
        raise ValidationFailed(
            _("支付金额%(amount)s元超过%(name)s尚欠的%(left)s元")
            % {"amount": yuan(amount), "name": claim.worker.name, "left": yuan(left)},
            field="amount",
        )


def _perform_agreement(
    case: InspectionCase, claim: WageClaim, amount: Decimal, paid_on: date, by: User
) -> None:
    """A worker who settled by mediation is paid under the agreement: the payment is recorded there too, in
    this transaction, so the agreement and the ledger agree."""
    if claim.resolution == Resolution.MEDIATION and claim.dispute_id:
        handover.record_payment_on_agreement(
            claim.dispute,
            by=by,
            amount=amount,
            paid_on=paid_on,
            ledger=official("监察案件%(n)s", n=case.number),
            version=claim.dispute.version,
        )


@transaction.atomic
def record_wage_payment(
    case: InspectionCase,
    *,
    by: User,
    worker: Person | int,
    amount,
    paid_on: date,
    source: str,
    advance: AdvancePayment | None = None,
    reference: str = "",
    version: int,
) -> WagePayment:
    """Money reaching one worker: from the employer, from a named payer's advance, or from court
    enforcement. Never more than the worker's outstanding balance, never to a worker not on the case."""
    case = _lock(case, by, version, "ledger")
    if source not in PaymentSource.values:
        raise ValidationFailed(_("资金来源无效"), field="source")
    if (source == PaymentSource.ADVANCE) != (advance is not None):
        raise ValidationFailed(_("垫付款须注明垫付单位，其他来源不得注明"), field="advance")
    if advance is not None:
        advance = AdvancePayment.objects.select_for_update().filter(pk=advance.pk, case=case).first()
        if advance is None:
            raise ValidationFailed(_("该垫付不属于本案"), field="advance")
    amount = money(amount, "amount")
    paid_on = not_future(paid_on, "paid_on")
    claim = _claim_for(case, worker)
    _check_payable(claim, amount)
    payment = WagePayment.objects.create(
        claim=claim,
        amount=amount,
        paid_on=paid_on,
        source=source,
        advance=advance,
        reference=reference.strip()[:60],
        recorded_by=by,
    )
    _recompute(case, [claim], [advance] if advance else [])
    case.save()
    _perform_agreement(case, claim, amount, paid_on, by)
    _event(
        case,
        "payment",
        official(
            "%(name)s收到%(source)s%(amount)s元",
            name=claim.worker.name,
            source=PaymentSource(source).label,
            amount=yuan(amount),
        ),
        by,
        paid_total=str(case.paid_total),
    )
    return payment


@transaction.atomic
def record_advance(
    case: InspectionCase,
    *,
    by: User,
    payer_kind: str,
    payer_name: str = "",
    payer: Enterprise | int | None = None,
    decided_on: date,
    allocations: list[tuple[Person | int, Decimal]],
    note: str = "",
    version: int,
) -> AdvancePayment:
    """垫付: a payer (e.g. a state-owned enterprise, or the emergency revolving fund of 保障农民工工资支付条例
    第六十三条) pays named workers' wages for the employer, to be repaid from enforcement. The advance and
    every worker's payment are written together, so the payer's total is exactly what the workers got."""
    case = _lock(case, by, version, "ledger")
    if isinstance(payer, int):  # an id from the API: looked up once the caller may act on the case
        payer = Enterprise.objects.filter(pk=payer).first()
        if payer is None:
            raise ValidationFailed(_("垫付企业不存在"), field="payer")
    if payer_kind not in PayerKind.values:
        raise ValidationFailed(_("垫付主体类别无效"), field="payer_kind")
    if payer_kind == PayerKind.ENTERPRISE and payer is None:
        raise ValidationFailed(_("请选择垫付企业"), field="payer")
    name = (payer.name if payer is not None else payer_name).strip()
    if not name:
        raise ValidationFailed(_("请填写垫付单位"), field="payer_name")
    decided_on = not_future(decided_on, "decided_on")
    if not allocations:
        raise ValidationFailed(_("请填写垫付给每名劳动者的金额"), field="allocations")
    rows: list[tuple[WageClaim, Decimal]] = []
    seen: set[int] = set()
    for worker, amount in allocations:
        claim = _claim_for(case, worker, "allocations")
        if claim.pk in seen:
            raise ValidationFailed(
                _("同一劳动者重复列出：%(name)s") % {"name": claim.worker.name}, field="allocations"
            )
        seen.add(claim.pk)
        amount = money(amount, "allocations")
        _check_payable(claim, amount)
        rows.append((claim, amount))
    advance = AdvancePayment.objects.create(
        case=case,
        payer_kind=payer_kind,
        payer_name=name[:120],
        payer=payer,
        decided_on=decided_on,
        note=note.strip()[:300],
        recorded_by=by,
    )
    WagePayment.objects.bulk_create(
        WagePayment(
            claim=claim,
            amount=amount,
            paid_on=decided_on,
            source=PaymentSource.ADVANCE,
            advance=advance,
            recorded_by=by,
        )
        for claim, amount in rows
    )
    _recompute(case, [c for c, _a in rows], [advance])
    case.save()
    for claim, amount in rows:
        _perform_agreement(case, claim, amount, decided_on, by)
    _event(
        case,
        "advance",
        official(
            "%(payer)s为%(n)d名劳动者垫付工资%(amount)s元",
            payer=name,
            n=len(rows),
            amount=yuan(advance.advanced_total),
        ),
        by,
        advanced_total=str(case.advanced_total),
    )
    return advance


@transaction.atomic
def record_advance_repayment(
    advance: AdvancePayment,
    *,
    by: User,
    amount,
    repaid_on: date,
    source: str = RepaymentSource.ENFORCEMENT,
    reference: str = "",
    version: int,
) -> AdvanceRepayment:
    """Money back to the payer, usually from the court's enforcement against the employer (reference: the
    enforcement case number); never more than the payer's outstanding advance. Allowed after closure too,
    since enforcement often ends later than the inspection case."""
    case = _lock(advance.case, by, version, "repay")
    advance = AdvancePayment.objects.select_for_update().get(pk=advance.pk)
    if source not in RepaymentSource.values:
        raise ValidationFailed(_("来源无效"), field="source")
    amount = money(amount, "amount")
    repaid_on = not_future(repaid_on, "repaid_on")
    if repaid_on < advance.decided_on:
        raise ValidationFailed(_("归还日期不能早于垫付日期"), field="repaid_on")
    if amount > advance.outstanding:
        raise ValidationFailed(
            _("归还金额%(amount)s元超过%(payer)s尚未收回的%(left)s元")
            % {"amount": yuan(amount), "payer": advance.payer_name, "left": yuan(advance.outstanding)},
            field="amount",
        )
    if source == RepaymentSource.ENFORCEMENT and not reference.strip():
        raise ValidationFailed(_("请填写法院执行案号"), field="reference")
    repayment = AdvanceRepayment.objects.create(
        advance=advance,
        amount=amount,
        repaid_on=repaid_on,
        source=source,
        reference=reference.strip()[:60],
        recorded_by=by,
    )
    _recompute(case, [], [advance])
    case.save()
    _event(
        case,
        "advance_repaid",
        official(
            "归还%(payer)s垫付款%(amount)s元（%(source)s）",
            payer=advance.payer_name,
            amount=yuan(amount),
            source=RepaymentSource(source).label,
        ),
        by,
        reference=repayment.reference,
        outstanding=str(advance.outstanding),
    )
    return repayment


# --- workers who go to mediation or arbitration ----------------------------------------------------------


def _claim_for_dispute(claim: WageClaim, by: User, version: int, action: str, body: Organisation):
    """The inspection side of a hand-over to the disputes module. The actor is the mediator or the
    commission's staff member who carries out the disputes step (their own permission is checked there);
    the rules let them touch the inspection case when they work in the brigade's district, and `body`,
    the centre or commission they name, must be in that district and in their scope."""
    case = _lock(claim.case, by, version, action)
    bureau = case.organisation.parent
    if not (by.is_superuser or (bureau is not None and body.is_within(bureau) and user_covers(by, body))):
        raise PermissionDenied(_("只能由本区的调解组织或仲裁委员会办理"))
    claim = WageClaim.objects.select_for_update().select_related("worker").get(pk=claim.pk, case=case)
    if claim.resolution:
        raise ValidationFailed(
            _("%(name)s已转%(how)s") % {"name": claim.worker.name, "how": claim.get_resolution_display()},
            field="claim",
        )
    return case, claim


def _worker_file(case: InspectionCase, claim: WageClaim) -> handover.WorkerFile:
    """The worker as the disputes module takes them over: nothing re-typed."""
    months = "、".join(f"{m.month:%Y年%m月}" for m in claim.months.all())
    facts = official(
        "经劳动保障监察案件%(number)s查明，%(employer)s拖欠%(name)s %(months)s工资共计%(owed)s元，已支付%(paid)s元，尚欠%(left)s元。",
        number=case.number,
        employer=case.respondent.name,
        name=claim.worker.name,
        months=months,
        owed=yuan(claim.owed_total),
        paid=yuan(claim.paid_total),
        left=yuan(claim.balance),
    )
    source = official("监察案件%(n)s", n=case.number)
    return handover.WorkerFile(claim.worker, case.respondent_id, claim.balance, source, facts)


@transaction.atomic
def settle_by_mediation(
    claim: WageClaim,
    *,
    by: User,
    centre: Organisation,
    signed_on: date,
    due_on: date,
    terms: str = "",
    version: int,
):
    """A worker who accepts mediation gets a mediation agreement (调解协议书, 劳动争议调解仲裁法 第十四条)
    for the outstanding balance, made by the disputes module from the inspection file (nothing re-typed):
    application, acceptance, take-up and settlement at `centre`, performed by `by`, the centre's mediator
    who signs it. The claim is marked as settled by mediation and linked to the dispute case; payments
    (e.g. an advance) are then recorded on the inspection ledger. Returns the MediationAgreement."""
    case, claim = _claim_for_dispute(claim, by, version, "mediate", centre)
    if claim.balance <= 0:
        raise ValidationFailed(_("%(name)s的工资已全部支付") % {"name": claim.worker.name}, field="claim")
    signed_on = not_future(signed_on, "signed_on")
    agreement = handover.settle_at_centre(
        _worker_file(case, claim), by=by, centre=centre, signed_on=signed_on, due_on=due_on, terms=terms
    )
    dispute = agreement.case
    claim.resolution, claim.dispute = Resolution.MEDIATION, dispute
    claim.save(update_fields=["resolution", "dispute"])
    case.save()
    _event(
        case,
        "mediated",
        official(
            "%(name)s在%(centre)s达成调解协议（%(number)s），%(amount)s元",
            name=claim.worker.name,
            centre=centre.name,
            number=dispute.number,
            amount=yuan(claim.balance),
        ),
        by,
        dispute=dispute.number,
    )
    return agreement


@transaction.atomic
def refer_claim_to_arbitration(
    claim: WageClaim,
    *,
    by: User,
    commission: Organisation,
    applied_on: date,
    extra_claims: list[tuple[str, Decimal]] = (),
    version: int,
):
    """A worker who also claims what inspection cannot order (e.g. economic compensation) applies to the
    arbitration commission; the dispute case is created from the inspection file with the outstanding
    wages plus `extra_claims` [(claim_type, amount)], registered by `by`, the commission's staff.
    Returns the DisputeCase (at the arbitration stage, awaiting acceptance)."""
    case, claim = _claim_for_dispute(claim, by, version, "to_arbitration", commission)
    dispute = handover.register_arbitration(
        _worker_file(case, claim),
        by=by,
        commission=commission,
        applied_on=applied_on,
        extra_claims=extra_claims,
    )
    claim.resolution, claim.dispute = Resolution.ARBITRATION, dispute
    claim.save(update_fields=["resolution", "dispute"])
    case.save()
    _event(
        case,
        "to_arbitration",
        official(
            "%(name)s申请仲裁（%(number)s），请求%(amount)s元",
            name=claim.worker.name,
            number=dispute.number,
            amount=yuan(dispute.claimed_total),
        ),
        by,
        dispute=dispute.number,
    )
    return dispute


# --- consequences ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThresholdCheck:
    met: bool
    amount: Decimal  # what the employer itself has not paid
    reason: str


def criminal_threshold(case: InspectionCase) -> ThresholdCheck:
    """法释〔2013〕3号 第三条 with the province's figures: one worker owed three months or more and at least
    the single figure, or ten workers or more owed at least the total figure. Counted is what the employer
    has not paid itself: a third party's advance does not pay the employer's debt; enforcement does."""
    single = Decimal(settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE)
    total_limit = Decimal(settings.RENSHE_CRIMINAL_THRESHOLD_TOTAL)
    rows = (
        WageClaim.objects.filter(case=case)
        .annotate(months_owed=Count("months", distinct=True))
        .values("pk", "owed_total", "months_owed")
    )
    employer_paid = dict(
        WagePayment.objects.filter(claim__case=case)
        .exclude(source=PaymentSource.ADVANCE)
        .values_list("claim")
        .annotate(s=MoneySum("amount"))
    )
    unpaid = {r["pk"]: (r["owed_total"] - employer_paid.get(r["pk"], ZERO), r["months_owed"]) for r in rows}
    total = sum((u for u, _m in unpaid.values()), ZERO)
    workers = sum(1 for u, _m in unpaid.values() if u > 0)
    if workers >= law.CRIMINAL_MANY_WORKERS_MIN and total >= total_limit:
        return ThresholdCheck(
            True, total, official("%(n)d名劳动者累计%(amount)s元", n=workers, amount=yuan(total))
        )
    for u, months in unpaid.values():
        if months >= law.CRIMINAL_SINGLE_WORKER_MIN_MONTHS and u >= single:
            return ThresholdCheck(
                True, total, official("一名劳动者%(m)d个月%(amount)s元", m=months, amount=yuan(u))
            )
    return ThresholdCheck(False, total, official("未达到数额较大标准"))


def ordered_and_not_paid(case: InspectionCase) -> bool:
    """法释〔2013〕3号 第四条 and 人社部令第45号: an order or decision to pay was served, and the employer
    did not comply."""
    served_unmet = Q(served_on__isnull=False, complied=False)
    return case.orders.filter(served_unmet).exists() or case.decisions.filter(served_unmet).exists()


@transaction.atomic
def transfer_to_police(
    case: InspectionCase,
    *,
    by: User,
    transferred_on: date,
    basis: str,
    reference: str = "",
    version: int,
) -> PoliceTransfer:
    """移送公安 for 拒不支付劳动报酬罪 (刑法 第二百七十六条之一; 条例 第四十一条): only when the amount is
    "large" and a served order or decision was not complied with."""
    case = _lock(case, by, version, "transfer_police")
    if PoliceTransfer.objects.filter(case=case).exists():
        raise ValidationFailed(_("本案已移送公安机关"), field="status")
    check = criminal_threshold(case)
    if not check.met:
        raise ValidationFailed(
            _("拒不支付金额未达到数额较大标准（法释〔2013〕3号第三条），不能移送"), field="status"
        )
    if not ordered_and_not_paid(case):
        raise ValidationFailed(
            _("须经限期改正指令书或行政处理决定书送达后逾期仍不支付（法释〔2013〕3号第四条）"), field="status"
        )
    transferred_on = not_future(transferred_on, "transferred_on")
    if not basis.strip():
        raise ValidationFailed(_("请写明移送依据"), field="basis")
    transfer = PoliceTransfer.objects.create(
        case=case,
        transferred_on=transferred_on,
        reference=reference.strip()[:60],
        basis=basis.strip()[:3000],
        amount=check.amount,
        recorded_by=by,
    )
    case.save()
    _event(
        case,
        "police",
        official("涉嫌拒不支付劳动报酬罪移送公安机关：%(why)s", why=check.reason),
        by,
        reference=transfer.reference,
    )
    return transfer


@transaction.atomic
def list_as_dishonest(
    case: InspectionCase,
    *,
    by: User,
    listed_on: date,
    reason: str,
    responsible_persons: str = "",
    mass_incident: bool = False,
    version: int,
) -> DishonestListing:
    """拖欠农民工工资失信联合惩戒名单 (保障农民工工资支付条例 第四十八条; 人社部令第45号): the arrears reach
    the criminal threshold or caused a mass or extreme incident, and the employer was ordered to pay and
    did not. Listed for the configured term (3 years)."""
    case = _lock(case, by, version, "list_dishonest")
    if DishonestListing.objects.filter(case=case).exists():
        raise ValidationFailed(_("本案已列入失信联合惩戒名单"), field="status")
    if not (mass_incident or criminal_threshold(case).met):
        raise ValidationFailed(
            _("列入名单须拖欠数额达到拒不支付劳动报酬罪数额标准，或引发群体性、极端事件"), field="status"
        )
    if not ordered_and_not_paid(case):
        raise ValidationFailed(_("列入名单须经责令限期支付后逾期仍不支付"), field="status")
    listed_on = not_future(listed_on, "listed_on")
    if not reason.strip():
        raise ValidationFailed(_("请写明列入事由"), field="reason")
    years = settings.RENSHE_DISHONEST_LIST_YEARS
    try:
        expires = listed_on.replace(year=listed_on.year + years)
    except ValueError:  # 29 February
        expires = listed_on.replace(year=listed_on.year + years, day=28)
    listing = DishonestListing.objects.create(
        enterprise=case.respondent,
        case=case,
        listed_on=listed_on,
        expires_on=expires,
        reason=reason.strip()[:3000],
        responsible_persons=responsible_persons.strip()[:200],
        recorded_by=by,
    )
    case.save()
    _event(
        case,
        "dishonest_listed",
        official("列入拖欠农民工工资失信联合惩戒名单，至%(until)s", until=expires.isoformat()),
        by,
    )
    record_event(
        case.respondent,
        "enterprise.dishonest_listed",
        official("列入拖欠农民工工资失信联合惩戒名单（%(number)s）", number=case.number),
        actor=by,
        enterprise=case.respondent,
        organisation=case.organisation,
    )
    return listing


@transaction.atomic
def close_case(
    case: InspectionCase, *, by: User, result: str, closed_on: date | None = None, version: int
) -> InspectionCase:
    """结案 with the result in words; the ledger's figures at closure go into the timeline."""
    case = _lock(case, by, version, "close")
    if not result.strip():
        raise ValidationFailed(_("请填写处理结果"), field="result")
    closed_on = not_future(closed_on or timezone.localdate(), "closed_on")
    if closed_on < case.filed_on:
        raise ValidationFailed(_("结案日不能早于立案日"), field="closed_on")
    case.result, case.closed_on = result.strip()[:3000], closed_on
    case.save()
    close_work_items(case)
    for task in MeetingTask.objects.filter(meeting__case=case, done_on__isnull=True):
        close_work_items(task)
    _event(
        case,
        "closed",
        official("结案：%(result)s", result=case.result[:200]),
        by,
        owed=str(case.owed_total),
        paid=str(case.paid_total),
        advanced=str(case.advanced_total),
        within_limit=bool(case.investigation_due_on and closed_on <= case.investigation_due_on),
    )
    return case


@transaction.atomic
def revoke_case(case: InspectionCase, *, by: User, reason: str, version: int) -> InspectionCase:
    """撤销立案 (条例 第十八条第一款第（三）项): the violation was minor and has been corrected."""
    case = _lock(case, by, version, "revoke")
    if not reason.strip():
        raise ValidationFailed(_("请写明撤销立案的理由"), field="reason")
    case.refusal_reason, case.closed_on = reason.strip()[:300], timezone.localdate()
    case.save()
    close_work_items(case)
    _event(case, "revoked", official("撤销立案：%(reason)s", reason=case.refusal_reason), by)
    return case
