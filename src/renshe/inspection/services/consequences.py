"""What an employer that ignores an order faces: transfer to the police for 拒不支付劳动报酬罪 (刑法 第二百七十六条之一;
法释〔2013〕3号) and the dishonest-employer list (保障农民工工资支付条例 第四十八条; 人社部令第45号)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
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
from renshe.core.workdays import compute_deadline

from ..models import (
    DishonestListing,
    DishonestNotice,
    InspectionCase,
    PaymentSource,
    PoliceTransfer,
    Removal,
    WageClaim,
    WagePayment,
)
from ._common import _event, _lock
from .orders import unmet


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


def ordered_and_not_paid(case: InspectionCase, on: date | None = None) -> bool:
    """法释〔2013〕3号 第四条 and 人社部令第45号 第五条: an order or decision to pay was served, its deadline had
    passed by `on` (today unless given) and the employer did not comply."""
    on = on or timezone.localdate()
    return case.orders.filter(unmet(on)).exists() or case.decisions.filter(unmet(on)).exists()


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
    if not ordered_and_not_paid(case, transferred_on):
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


def defence_due(notice: DishonestNotice) -> date:
    """The last day of the employer's defence against listing (law.DISHONEST_DEFENCE)."""
    return compute_deadline(law.DISHONEST_DEFENCE, notice.notified_on).due


def may_notify_listing(case: InspectionCase) -> bool:
    """A prior notice once the ground exists, and one only, while not listed."""
    return (
        getattr(case, "dishonest_listing", None) is None
        and not case.dishonest_notices.exists()
        and ordered_and_not_paid(case)
    )


@transaction.atomic
def notify_dishonest_listing(
    case: InspectionCase, *, by: User, notified_on: date, grounds: str, defence: str = "", version: int
) -> DishonestNotice:
    """The prior notice of listing (人社部令第45号): the grounds, and the employer's right to state a defence
    within law.DISHONEST_DEFENCE; the listing waits until that period has run out."""
    case = _lock(case, by, version, "list_dishonest")
    if case.dishonest_notices.exists() or DishonestListing.objects.filter(case=case).exists():
        raise ValidationFailed(_("已告知拟列入失信联合惩戒名单"), field="status")
    notified_on = not_future(notified_on, "notified_on")
    if not ordered_and_not_paid(case, notified_on):
        raise ValidationFailed(
            _("列入名单须经责令限期支付后逾期仍不支付（人社部令第45号第五条）"), field="status"
        )
    if not grounds.strip():
        raise ValidationFailed(_("请写明拟列入事由"), field="grounds")
    notice = DishonestNotice.objects.create(
        case=case,
        notified_on=notified_on,
        grounds=grounds.strip()[:3000],
        defence=defence.strip()[:5000],
        recorded_by=by,
    )
    case.save()
    _event(
        case,
        "dishonest_notice",
        official("告知拟列入失信联合惩戒名单，陈述申辩期限至%(due)s", due=defence_due(notice).isoformat()),
        by,
    )
    return notice


def repair_allowed_from(listing: DishonestListing, corrected_on: date) -> date:
    """The first day of early removal: the day after 6 full months from the correction (law.DISHONEST_REPAIR)."""
    return compute_deadline(law.DISHONEST_REPAIR, corrected_on).nominal_due + timedelta(days=1)


def in_force(listing: DishonestListing | None, on: date) -> bool:
    return listing is not None and listing.removed_on is None and listing.expires_on >= on


@transaction.atomic
def remove_after_credit_repair(
    case: InspectionCase,
    *,
    by: User,
    removed_on: date,
    corrected_on: date,
    promise: str,
    version: int,
) -> DishonestListing:
    """信用修复: early removal of an employer that corrected the arrears 6 full months ago and made a written
    good-faith promise (law.DISHONEST_REPAIR.citation)."""
    case = _lock(case, by, version, "remove_dishonest")
    listing = DishonestListing.objects.select_for_update().filter(case=case).first()
    removed_on = not_future(removed_on, "removed_on")
    if listing is None or not in_force(listing, removed_on):
        raise ValidationFailed(_("本案没有在列的失信联合惩戒名单"), field="status")
    corrected_on = not_future(corrected_on, "corrected_on")
    if corrected_on < listing.listed_on:
        raise ValidationFailed(_("改正日期不能早于列入日期"), field="corrected_on")
    first = repair_allowed_from(listing, corrected_on)
    if removed_on < first:
        raise ValidationFailed(
            _("改正满%(n)d个月后（%(first)s起）方可提前移出（%(law)s）")
            % {
                "n": compute_deadline(law.DISHONEST_REPAIR, corrected_on).rule.length,
                "first": first.isoformat(),
                "law": law.DISHONEST_REPAIR.citation,
            },
            field="removed_on",
        )
    if not promise.strip():
        raise ValidationFailed(_("请填写用人单位的书面信用承诺"), field="promise")
    listing.removed_on, listing.removal = removed_on, Removal.REPAIRED
    listing.corrected_on, listing.promise = corrected_on, promise.strip()[:3000]
    listing.save(update_fields=["removed_on", "removal", "corrected_on", "promise"])
    case.save()
    _removed(listing, official("信用修复，提前移出失信联合惩戒名单"), by)
    return listing


def _removed(listing: DishonestListing, summary: str, by: User | None) -> None:
    case = listing.case
    record_event(
        case,
        "inspection.dishonest_removed",
        summary,
        actor=by,
        enterprise=case.respondent,
        organisation=case.organisation,
        changes={"removed_on": listing.removed_on.isoformat() if listing.removed_on else None},
    )
    record_event(
        case.respondent,
        "enterprise.dishonest_removed",
        official("移出拖欠农民工工资失信联合惩戒名单（%(number)s）", number=case.number),
        actor=by,
        enterprise=case.respondent,
        organisation=case.organisation,
    )


def remove_expired_listings(today: date) -> int:
    """The scheduled job: each listing whose term ended before `today` is removed the day after its last day,
    recorded on its case. Idempotent (a listing removed is not touched again)."""
    removed = 0
    for pk in DishonestListing.objects.filter(removed_on__isnull=True, expires_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            listing = (
                DishonestListing.objects.select_for_update()
                .select_related("case__respondent", "case__organisation")
                .get(pk=pk)
            )
            if listing.removed_on is not None:
                continue
            listing.removed_on, listing.removal = listing.expires_on + timedelta(days=1), Removal.EXPIRED
            listing.save(update_fields=["removed_on", "removal"])
            _removed(listing, official("列入期限届满，移出失信联合惩戒名单"), None)
            removed += 1
    return removed


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
    if not ordered_and_not_paid(case, listed_on):
        raise ValidationFailed(
            _("列入名单须经责令限期支付后逾期仍不支付（人社部令第45号第五条）"), field="status"
        )
    if not reason.strip():
        raise ValidationFailed(_("请写明列入事由"), field="reason")
    notice = case.dishonest_notices.last()
    if notice is None:
        raise ValidationFailed(
            _("列入名单前应当告知用人单位拟列入的事由和依据，听取陈述申辩（%(law)s）")
            % {"law": law.DISHONEST_DEFENCE.citation},
            field="status",
        )
    due = defence_due(notice)
    if listed_on <= due:
        raise ValidationFailed(
            _("陈述申辩期限至%(due)s届满，届满后方可列入（%(law)s）")
            % {"due": due.isoformat(), "law": law.DISHONEST_DEFENCE.citation},
            field="listed_on",
        )
    expires = compute_deadline(law.DISHONEST_LIST_TERM, listed_on).nominal_due
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
