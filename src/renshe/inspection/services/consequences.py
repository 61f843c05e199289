"""What an employer that ignores an order faces: transfer to the police for 拒不支付劳动报酬罪 (刑法 第二百七十六条之一;
法释〔2013〕3号) and the dishonest-employer list (保障农民工工资支付条例 第四十八条; 人社部令第45号)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import AmountKind, User
from renshe.core.money import ZERO, MoneySum, yuan
from renshe.core.parameters import amount_in_force
from renshe.core.services import (
    not_future,
    official,
)
from renshe.core.timeline import record_event

from ..models import (
    DishonestListing,
    InspectionCase,
    PaymentSource,
    PoliceTransfer,
    WageClaim,
    WagePayment,
)
from ._common import _event, _lock


@dataclass(frozen=True)
class ThresholdCheck:
    met: bool
    amount: Decimal  # what the employer itself has not paid
    reason: str


def criminal_threshold(case: InspectionCase, on: date) -> ThresholdCheck:
    """法释〔2013〕3号 第三条 with the province's figures in force on `on` (the day of the decision that relies
    on them): one worker owed three months or more and at least the single figure, or ten workers or more
    owed at least the total figure. Counted is what the employer has not paid itself: a third party's
    advance does not pay the employer's debt; enforcement does."""
    single = amount_in_force(AmountKind.CRIMINAL_THRESHOLD_SINGLE, on, case.organisation.region)
    total_limit = amount_in_force(AmountKind.CRIMINAL_THRESHOLD_TOTAL, on, case.organisation.region)
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
    transferred_on = not_future(transferred_on, "transferred_on")
    check = criminal_threshold(case, transferred_on)
    if not check.met:
        raise ValidationFailed(
            _("拒不支付金额未达到数额较大标准（法释〔2013〕3号第三条），不能移送"), field="status"
        )
    if not ordered_and_not_paid(case):
        raise ValidationFailed(
            _("须经限期改正指令书或行政处理决定书送达后逾期仍不支付（法释〔2013〕3号第四条）"), field="status"
        )
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
    listed_on = not_future(listed_on, "listed_on")
    if not (mass_incident or criminal_threshold(case, listed_on).met):
        raise ValidationFailed(
            _("列入名单须拖欠数额达到拒不支付劳动报酬罪数额标准，或引发群体性、极端事件"), field="status"
        )
    if not ordered_and_not_paid(case):
        raise ValidationFailed(_("列入名单须经责令限期支付后逾期仍不支付"), field="status")
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
