"""The documents that order the employer to pay (劳动保障监察条例 第十九条, 第二十六条): the rectification order (限期改正指令书), the
employer's statement and defence, the handling decision (行政处理决定书) with its extra compensation, and for each
its service (送达) and whether it was complied with."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from renshe.core import law, numbering
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.money import CENT, ZERO, money, yuan
from renshe.core.roles import Role
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
)

from ..models import (
    HandlingDecision,
    InspectionCase,
    PenaltyDecision,
    RectificationOrder,
    ServiceMethod,
    StatementAndDefence,
)
from ._common import _event, _lock, _task


def _number(case: InspectionCase, series: str, mark: str, on: date) -> str:
    """The document's number in the brigade's `series` (e.g. 奉监改〔2026〕0001号), taken before the case is
    locked (casework.LOCK_ORDER: counters first); a refusal rolls it back."""
    org = case.organisation  # a case never changes brigade, so the caller's copy names the right one
    return numbering.next_case_number(org, series, prefix=f"{org.case_prefix}{mark}", year=on.year)


def _deadline_after(start: date, deadline: date, start_label: str) -> None:
    if deadline <= start:
        raise ValidationFailed(_("履行期限应晚于%(what)s") % {"what": start_label}, field="deadline")


def unmet(on: date) -> Q:
    """Orders or decisions served, whose deadline had passed by `on` and which the employer was found not to
    have complied with (law.NON_COMPLIANCE_CITATION)."""
    return Q(served_on__isnull=False, complied=False, deadline__lt=on)


def has_inspectors(case: InspectionCase) -> bool:
    """An order is the inspectors' act (条例 第十六条: at least two): none is issued before they are assigned."""
    return case.inspectors.count() >= law.INSPECTORS_PER_ACTION


@transaction.atomic
def issue_rectification_order(
    case: InspectionCase,
    *,
    by: User,
    issued_on: date,
    deadline: date,
    requirements: str,
    amount_to_pay: Decimal | str | None = None,
    version: int,
) -> RectificationOrder:
    """劳动保障监察限期改正指令书 (条例 第二十六条): pay what is owed by a deadline. The amount defaults to the
    ledger's outstanding balance, so nothing is re-typed; the deadline check goes on the workbench."""
    number = _number(case, "inspection_order", "改", issued_on)
    case = _lock(case, by, version, "order")
    issued_on = not_future(issued_on, "issued_on")
    assert case.filed_on is not None  # the workflow orders only a filed case
    if issued_on < case.filed_on:
        raise ValidationFailed(_("发出日期不能早于立案日"), field="issued_on")
    _deadline_after(issued_on, deadline, _("发出日期"))
    if not requirements.strip():
        raise ValidationFailed(_("请填写改正要求"), field="requirements")
    if not has_inspectors(case):
        raise ValidationFailed(
            _("请先指定承办监察员（不少于%(n)d名，%(law)s），再发出限期改正指令书")
            % {"n": law.INSPECTORS_PER_ACTION, "law": law.INSPECTORS_CITATION},
            field="inspectors",
        )
    amount = case.balance if amount_to_pay is None else money(amount_to_pay, "amount_to_pay", zero_ok=True)
    order = RectificationOrder.objects.create(
        case=case,
        number=number,
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
    _task(
        case,
        "inspection.order_check",
        official("核查限期改正履行情况：%(number)s", number=order.number),
        role=Role.INSPECTOR,
        starts_on=issued_on,
        due_on=deadline,
    )
    return order


Served = RectificationOrder | HandlingDecision | PenaltyDecision


def _document(document: Served) -> tuple[type[Served], date, str]:
    if isinstance(document, RectificationOrder):
        return RectificationOrder, document.issued_on, official("限期改正指令书")
    if isinstance(document, HandlingDecision):
        return HandlingDecision, document.decided_on, official("行政处理决定书")
    if isinstance(document, PenaltyDecision):
        return PenaltyDecision, document.decided_on, official("行政处罚决定书")
    raise ValidationFailed(_("文书类型无效"), field="document")


@transaction.atomic
def record_service(
    document: Served,
    *,
    by: User,
    served_on: date,
    method: str,
    served_to: str,
    version: int,
) -> Served:
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
    document: Served,
    *,
    by: User,
    complied: bool,
    checked_on: date,
    note: str = "",
    version: int,
) -> Served:
    """Whether the employer did what the order or decision required, checked after service. Compliance may
    be recorded at any time; non-compliance only once the deadline has passed (law.deadline_passed)."""
    model, issued, label = _document(document)
    case = _lock(document.case, by, version, "comply")
    document = model.objects.select_for_update().get(pk=document.pk)
    if not document.served_on:
        raise ValidationFailed(_("文书尚未送达"), field="checked_on")
    checked_on = not_future(checked_on, "checked_on")
    if checked_on < document.served_on:
        raise ValidationFailed(_("核查日期不能早于送达日期"), field="checked_on")
    if not complied and not law.deadline_passed(document.deadline, checked_on):
        raise ValidationFailed(
            _("履行期限%(deadline)s届满后（次日起）方可认定逾期未履行（%(law)s）")
            % {"deadline": document.deadline.isoformat(), "law": law.NON_COMPLIANCE_CITATION},
            field="checked_on",
        )
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


def _rate(value: Decimal | str) -> Decimal:
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
    amount_to_pay: Decimal | str | None = None,
    extra_compensation_rate: Decimal | str | None = None,
    version: int,
) -> HandlingDecision:
    """劳动保障监察行政处理决定书, after the statement and defence (第十九条). Extra compensation of 50%–100%
    (第二十六条) is due only when a rectification order to pay was served and, its deadline passed before the
    decision, not complied with."""
    number = _number(case, "inspection_decision", "处", decided_on)
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
    if extra_compensation_rate is not None and extra_compensation_rate != "":
        rate = _rate(extra_compensation_rate)
        if not case.orders.filter(unmet(decided_on)).exists():
            raise ValidationFailed(
                _("加付赔偿金以限期改正指令逾期未履行为前提（《劳动保障监察条例》第二十六条）"),
                field="extra_compensation_rate",
            )
        extra = (amount * rate).quantize(CENT)
    decision = HandlingDecision.objects.create(
        case=case,
        number=number,
        decided_on=decided_on,
        findings=findings.strip()[:5000],
        deadline=deadline,
        amount_to_pay=amount,
        extra_compensation_rate=rate,
        extra_compensation=extra,
        appeal_rights=official(law.ADMINISTRATIVE_APPEAL_RIGHTS),
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
    _task(
        case,
        "inspection.decision_check",
        official("核查处理决定履行情况：%(number)s", number=decision.number),
        role=Role.INSPECTOR,
        starts_on=decided_on,
        due_on=deadline,
    )
    return decision
