"""What every inspection service shares: the case locked for a transition (`_lock`), its timeline events
and workbench tasks (`TRAIL`), the ledger's totals recomputed from its rows, the raising of a group case,
and the workers' claims and the inspectors that more than one section writes or checks."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import casework, law
from renshe.core.errors import ValidationFailed
from renshe.core.models import AmountKind, Organisation, Person, User
from renshe.core.money import ZERO, MoneySum, money, yuan
from renshe.core.parameters import amount_in_force
from renshe.core.roles import Role
from renshe.core.services import (
    find_or_register_person,
    official,
)

from ..models import (
    AdvancePayment,
    AdvanceRepayment,
    InspectionCase,
    OwedMonth,
    Report,
    WageClaim,
    WagePayment,
)
from ..rules import RULES

LEADERS = (Role.BUREAU_LEADER, Role.DEPARTMENT_ADMIN)
TRAIL = casework.CaseTrail("inspection", "投诉人（网上）", "/inspection/{pk}/")
_event = TRAIL.event
_task = TRAIL.task


@dataclass
class WorkerInput:
    """A worker and the months owed: `months` are (any day of the month, amount in yuan)."""

    id_number: str
    name: str
    phone: str = ""
    months: list[tuple[date, Decimal]] = field(default_factory=list)


def _lock(case: InspectionCase, by: User, version: int, action: str) -> InspectionCase:
    """The case begun for `action` (casework.Rules.begin: row lock, version, rule, target state)."""
    return RULES.begin(
        InspectionCase.objects.select_related("organisation__parent", "respondent", "street"),
        case.pk,
        version,
        by,
        action,
    )


def _recompute(
    case: InspectionCase, claims: Sequence[WageClaim] = (), advances: Sequence[AdvancePayment] = ()
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
    today = timezone.localdate()  # the day the case is raised: the local figure in force then
    large = case.owed_total >= amount_in_force(AmountKind.GROUP_CASE_AMOUNT, today, case.organisation.region)
    if not (many or large):
        return
    case.group_case = True
    for role in LEADERS:
        _task(
            case,
            "inspection.group_case",
            official(
                "群体性欠薪案件（%(n)d人，%(amount)s元）：%(name)s",
                n=case.worker_count,
                amount=yuan(case.owed_total),
                name=case.respondent.name,
            ),
            role=role,
            starts_on=today,
            due_on=today + timedelta(days=1),
        )


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


def _register_worker(
    worker: WorkerInput, organisation: Organisation, by: User | None, field: str
) -> tuple[Person, list[tuple[date, Decimal]], str]:
    """The worker from the registry (registered if new) with their months owed, checked; done before the
    case is locked (casework.LOCK_ORDER: registry records first)."""
    months = _clean_months(worker.months, field)
    person = find_or_register_person(
        id_number=worker.id_number,
        name=worker.name,
        phone=worker.phone,
        organisation=organisation,
        by=by,
        field=field,
    )
    return person, months, field


def _add_claim(
    case: InspectionCase,
    person: Person,
    months: list[tuple[date, Decimal]],
    report: Report | None,
    field: str,
) -> WageClaim:
    """The worker's months owed on the case's ledger (their claim, made if new); a month already there is
    refused."""
    claim, _created = WageClaim.objects.get_or_create(case=case, worker=person, defaults={"report": report})
    existing = set(claim.months.values_list("month", flat=True))
    for month, _amount in months:
        if month in existing:
            raise ValidationFailed(
                _("%(name)s的%(m)s欠薪已登记") % {"name": person.name, "m": f"{month:%Y-%m}"},
                field=field,
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
