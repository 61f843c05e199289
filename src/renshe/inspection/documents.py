"""The inspection's official documents, as PDFs: the rectification order (劳动保障监察限期改正指令书), the
handling decision (劳动保障监察行政处理决定书) and the service receipt (送达回证) of either.

Each is described from the case file as a core.documents.OfficialDocument and laid out by render_pdf, like
the disputes module's agreement and award. A document goes to the employer, so it is written in the bureau's
language whatever the requesting user's screen language; its wording is plain Chinese here, not catalogue
text. Orders and decisions are made by the labour security administrative department (条例 第三条、第十八条),
so the issuer and the seal are the brigade's bureau; the brigade is named as the office handling the case.

Never printed: the identity of whoever reported the employer (kept confidential, see models.Report) — the
case summary (案情, the report's own words) is left out, and a worker on the ledger who also reported the
case by name (举报) is listed without a name; every figure comes from the ledger and the document's row.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Model, Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from renshe.core import law
from renshe.core.documents import DocumentTable, OfficialDocument, chinese_date, render_pdf
from renshe.core.issuing import DocumentKind
from renshe.core.models import OrganisationKind
from renshe.core.money import ZERO, MoneySum, yuan

from .models import (
    HandlingDecision,
    InspectionCase,
    OwedMonth,
    PenaltyDecision,
    PenaltyNotice,
    RectificationOrder,
    Report,
    ReportKind,
    ServiceMethod,
    WageClaim,
)
from .rules import RULES
from .selectors import inspections_for
from .services import hearing_request_due

__all__ = [
    "DECISION",
    "DECISION_RECEIPT",
    "ORDER",
    "ORDER_RECEIPT",
    "PENALTY",
    "PENALTY_NOTICE",
    "PENALTY_RECEIPT",
    "decision_document",
    "decision_pdf",
    "order_document",
    "order_pdf",
    "penalty_document",
    "penalty_notice_document",
    "penalty_notice_pdf",
    "penalty_pdf",
    "receipt_document",
    "receipt_pdf",
]

REGULATION = "《劳动保障监察条例》"
PROTECTED = "（身份依法保密）"


# --- small helpers -----------------------------------------------------------------------------------


def _day(d: date) -> str:
    """A date inside the text: 2026年11月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


def _month(d: date) -> str:
    return f"{d.year}年{d.month}月"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _bureau(case: InspectionCase):
    """The administrative department in whose name the brigade acts: its parent bureau, when it has one."""
    org = case.organisation
    parent = org.parent
    if parent is not None and parent.kind in (OrganisationKind.BUREAU, OrganisationKind.MUNICIPAL_BUREAU):
        return parent
    return org


def _load_case(case_id: int) -> InspectionCase:
    return InspectionCase.objects.select_related("respondent", "organisation__parent", "street").get(
        pk=case_id
    )


def _employer(case: InspectionCase) -> str:
    firm = case.respondent
    details = [firm.name, f"统一社会信用代码{firm.credit_code}" if firm.credit_code else ""]
    if firm.legal_representative:
        details.append(f"法定代表人{firm.legal_representative}")
    if firm.address:
        details.append(f"住所（经营场所）{firm.address}")
    return "，".join(d for d in details if d) + "。"


def _protected_people(case: InspectionCase, claims: list[WageClaim]) -> set[int]:
    """The workers who also reported the case by name (举报): never named on a document, even though they
    are owed wages themselves. A reporter is not a person of the register, so they are known by ID number."""
    reporters = set(
        Report.objects.filter(case=case, kind=ReportKind.REPORT)
        .exclude(reporter_name="")
        .values_list("reporter_id_number", flat=True)
    )
    return {c.worker_id for c in claims if c.worker.id_number in reporters}


def _claims(case: InspectionCase) -> list[WageClaim]:
    return list(
        WageClaim.objects.filter(case=case)
        .select_related("worker")
        .prefetch_related(Prefetch("months", queryset=OwedMonth.objects.order_by("month")))
        .order_by("id")
    )


def _balances_on(claims: list[WageClaim], day: date) -> dict[int, Decimal]:
    """Each worker's outstanding wages as of `day` (owed, less what was paid on or before it)."""
    paid = dict(
        WageClaim.objects.filter(pk__in=[c.pk for c in claims], payments__paid_on__lte=day)
        .values_list("pk")
        .annotate(s=MoneySum("payments__amount"))
    )
    return {c.pk: c.owed_total - (paid.get(c.pk) or ZERO) for c in claims}


def _months_text(claim: WageClaim) -> str:
    months = [m.month for m in claim.months.all()]
    if not months:
        return ""
    first, last = months[0], months[-1]
    span = _month(first) if first == last else f"{_month(first)}至{_month(last)}"
    return f"{span}（{len(months)}个月）"


def _wage_table(case: InspectionCase, day: date, amount: Decimal, caption: str) -> DocumentTable | None:
    """The workers still owed as of the document's date, with the amounts that add up to the amount the
    document orders paid. When the amount was set by hand and differs from the ledger, no table is printed
    (the text gives the amount alone), rather than a breakdown that does not add up."""
    claims = _claims(case)
    balances = _balances_on(claims, day)
    rows_claims = [c for c in claims if balances[c.pk] > 0]
    total = sum((balances[c.pk] for c in rows_claims), ZERO)
    if not rows_claims or total != amount:
        return None
    protected = _protected_people(case, rows_claims)
    rows = [
        [
            str(i),
            PROTECTED if c.worker_id in protected else c.worker.name,
            _months_text(c),
            yuan(balances[c.pk]),
        ]
        for i, c in enumerate(rows_claims, start=1)
    ]
    return DocumentTable(
        header=["序号", "劳动者", "拖欠工资月份", "应支付金额（元）"],
        rows=rows,
        footer=["合计", f"{len(rows)}人", "", yuan(total)],
        caption=caption,
        align=["center", "left", "left", "right"],
    )


def _owed_span(case: InspectionCase) -> str:
    months = OwedMonth.objects.filter(claim__case=case).order_by("month").values_list("month", flat=True)
    first, last = months.first(), months.last()
    if first is None:
        return ""
    return _month(first) if first == last else f"{_month(first)}至{_month(last)}"


def _handled_by(case: InspectionCase) -> str:
    return f"承办机构：{case.organisation.name}；案号：{case.number}。"


# --- 劳动保障监察限期改正指令书 ------------------------------------------------------------------------------


def order_document(order: RectificationOrder) -> OfficialDocument:
    """The rectification order (条例 第二十六条) as document data; see order_pdf."""
    order = RectificationOrder.objects.get(pk=order.pk)
    case = _load_case(order.case_id)
    with translation.override(settings.LANGUAGE_CODE):
        bureau = _bureau(case)
        table = _wage_table(case, order.issued_on, order.amount_to_pay, "应支付劳动者工资明细")
        span = _owed_span(case)
        workers = WageClaim.objects.filter(case=case).count()
        facts = "经调查，你单位"
        facts += f"拖欠{workers}名劳动者" if workers else "拖欠劳动者"
        facts += f"{span}工资" if span else "工资"
        facts += f"，截至本指令书发出之日尚欠{yuan(order.amount_to_pay)}元，"
        facts += "违反了《中华人民共和国劳动法》第五十条关于不得克扣或者无故拖欠劳动者工资的规定。"
        order_text = (
            f"根据{REGULATION}第十八条第一款第（二）项、第二十六条的规定，现责令你单位于{_day(order.deadline)}前"
            f"改正上述违法行为，向劳动者支付拖欠的工资共计{yuan(order.amount_to_pay)}元。具体要求如下："
        )
        rate_range = (
            f"{_percent(law.EXTRA_COMPENSATION_MIN_RATE)}以上{_percent(law.EXTRA_COMPENSATION_MAX_RATE)}以下"
        )
        consequence = [
            f"你单位应当在上述期限内改正，并将改正情况书面报送本机关。逾期不改正的，本机关将依照{REGULATION}"
            f"第二十六条的规定，责令你单位按照应付金额{rate_range}的标准向劳动者加付赔偿金，并依法作出行政处理决定。",
            "以转移财产、逃匿等方法逃避支付劳动者的劳动报酬或者有能力支付而不支付，数额较大，经政府有关部门"
            "责令支付仍不支付的，本机关将依法移送公安机关（《中华人民共和国刑法》第二百七十六条之一）。",
        ]
        return OfficialDocument(
            issuer=bureau.name,
            title="劳动保障监察限期改正指令书",
            number=order.number,
            parties=[("", f"{case.respondent.name}：")],
            sections=[
                ("", [facts, order_text, *_paragraphs(order.requirements)]),
            ],
            items=table,
            closing_sections=[("", consequence)],
            signatures=["劳动保障监察员（签名）", "劳动保障监察员（签名）"],
            seal_text=f"{bureau.name}（印章）",
            date_text=chinese_date(order.issued_on),
            footnote=f"被责令单位：{_employer(case)}{_handled_by(case)}本指令书一式两份，一份送达被责令单位，"
            "一份存档。",
        )


def order_pdf(order: RectificationOrder) -> bytes:
    """劳动保障监察限期改正指令书: the wages owed, the deadline and what happens if it passes."""
    return render_pdf(order_document(order))


# --- 劳动保障监察行政处理决定书 ----------------------------------------------------------------------------


def _statement_text(case: InspectionCase, decided_on: date) -> list[str]:
    """条例 第十九条: what the employer was told, and what it said (or that it waived its right)."""
    statement = case.statements.filter(notified_on__lte=decided_on).order_by("-notified_on", "-id").first()
    if statement is None:
        return []
    told = (
        f"本机关于{_day(statement.notified_on)}告知你单位拟作出行政处理决定的事实、理由、依据，以及你单位"
        f"依法享有陈述、申辩的权利（{REGULATION}第十九条）。"
    )
    if statement.waived:
        return [told + "你单位明确表示放弃陈述、申辩。"]
    heard = (
        f"你单位于{_day(statement.heard_on)}提出陈述、申辩意见："
        if statement.heard_on
        else "你单位提出陈述、申辩意见："
    )
    return [told, heard + "“" + statement.statement + "”", "本机关对上述意见进行了复核。"]


def decision_document(decision: HandlingDecision) -> OfficialDocument:
    """The handling decision as document data; see decision_pdf."""
    decision = HandlingDecision.objects.get(pk=decision.pk)
    case = _load_case(decision.case_id)
    with translation.override(settings.LANGUAGE_CODE):
        bureau = _bureau(case)
        facts = _paragraphs(decision.findings)
        orders = list(case.orders.filter(issued_on__lte=decision.decided_on).order_by("issued_on", "id"))
        for order in orders:
            text = f"本机关于{_day(order.issued_on)}作出《劳动保障监察限期改正指令书》（{order.number}）"
            if order.served_on:
                text += f"，于{_day(order.served_on)}{ServiceMethod(order.service_method).label}你单位"
            text += f"，责令你单位于{_day(order.deadline)}前支付拖欠的工资{yuan(order.amount_to_pay)}元"
            if order.complied is False:
                text += "，你单位逾期未改正"
            elif order.complied:
                text += "，你单位已按期改正"
            facts.append(text + "。")
        table = _wage_table(case, decision.decided_on, decision.amount_to_pay, "应支付劳动者工资明细")
        items = [f"1. 于{_day(decision.deadline)}前向劳动者支付拖欠的工资{yuan(decision.amount_to_pay)}元；"]
        basis = f"{REGULATION}第十八条第一款第（二）项、第二十六条"
        if decision.extra_compensation_rate is not None:
            items.append(
                f"2. 于{_day(decision.deadline)}前按照应付金额的{_percent(decision.extra_compensation_rate)}"
                f"向劳动者加付赔偿金{yuan(decision.extra_compensation)}元；"
            )
            items.append(f"以上合计{yuan(decision.total_to_pay)}元。")
        else:
            items[0] = items[0].removesuffix("；") + "。"
        decided = [f"根据{basis}的规定，本机关决定：", *items]
        if table is not None:
            note = "（加付赔偿金按各劳动者应付金额同一比例计算）" if decision.extra_compensation_rate else ""
            decided.append(f"应支付各劳动者的工资见下表{note}：")
        closing = [
            "你单位应当自收到本决定书之日起按上述期限履行，并将履行情况书面报送本机关。",
            decision.appeal_rights,
            "逾期不申请行政复议、不提起行政诉讼又不履行本决定的，本机关将依法申请人民法院强制执行。",
        ]
        return OfficialDocument(
            issuer=bureau.name,
            title="劳动保障监察行政处理决定书",
            number=decision.number,
            parties=[("被处理单位", _employer(case))],
            sections=[
                ("一、查明的违法事实", facts),
                ("二、陈述申辩", _statement_text(case, decision.decided_on) or ["无。"]),
                ("三、处理决定", decided),
            ],
            items=table,
            closing_sections=[("四、履行及救济途径", closing)],
            signatures=["劳动保障监察员（签名）", "劳动保障监察员（签名）"],
            seal_text=f"{bureau.name}（印章）",
            date_text=chinese_date(decision.decided_on),
            footnote=_handled_by(case),
        )


def decision_pdf(decision: HandlingDecision) -> bytes:
    """劳动保障监察行政处理决定书: facts, the statement heard, the amounts with the extra compensation, the
    deadline and the appeal rights stored on the decision when it was issued."""
    return render_pdf(decision_document(decision))


# --- 行政处罚告知书 and 行政处罚决定书 ------------------------------------------------------------------------


def _fine_basis(notice: PenaltyNotice) -> str:
    penalty = notice.penalty
    low, high = penalty.bounds(notice.workers_harmed, notice.base_amount)
    counted = {
        "worker": f"按照受侵害的劳动者{notice.workers_harmed}人计算，",
        "multiple": f"按照瞒报工资数额{yuan(notice.base_amount)}元计算，",
    }.get(penalty.per, "")
    return f"依照{penalty.citation}的规定，{counted}可处{yuan(low)}元以上{yuan(high)}元以下的罚款。"


def penalty_notice_document(notice: PenaltyNotice) -> OfficialDocument:
    """行政处罚告知书 (《行政处罚法》第四十四条): the facts, the article and the fine intended, the right to state
    a defence and, for a large fine (第六十三条), to ask for a hearing within 5 days (第六十四条)."""
    notice = PenaltyNotice.objects.get(pk=notice.pk)
    case = _load_case(notice.case_id)
    with translation.override(settings.LANGUAGE_CODE):
        bureau = _bureau(case)
        rights = [
            f"根据{law.PENALTY_NOTICE_CITATION}的规定，你单位有权进行陈述和申辩。",
        ]
        if notice.hearing_offered:
            rights.append(
                f"根据{law.HEARING_RIGHT_CITATION}、{law.PENALTY_HEARING_REQUEST.citation}的规定，你单位有权要求"
                f"听证；要求听证的，应当在收到本告知书之日起{law.PENALTY_HEARING_REQUEST.rule_on(notice.notified_on).describe()}内"
                f"（{_day(hearing_request_due(notice))}前）向本机关提出，逾期视为放弃。"
            )
        return OfficialDocument(
            issuer=bureau.name,
            title="劳动保障监察行政处罚告知书",
            number=notice.number,
            parties=[("", f"{case.respondent.name}：")],
            sections=[
                ("一、违法事实", [*_paragraphs(notice.facts), f"违法行为：{notice.penalty.label}。"]),
                (
                    "二、处罚依据及拟作出的处罚",
                    [_fine_basis(notice), f"本机关拟对你单位处以罚款{yuan(notice.proposed_fine)}元。"],
                ),
                ("三、你单位的权利", rights),
            ],
            seal_text=f"{bureau.name}（印章）",
            date_text=chinese_date(notice.notified_on),
            footnote=_handled_by(case),
        )


def penalty_notice_pdf(notice: PenaltyNotice) -> bytes:
    return render_pdf(penalty_notice_document(notice))


def penalty_document(decision: PenaltyDecision) -> OfficialDocument:
    """劳动保障监察行政处罚决定书: the facts, the notice and what the employer said or the hearing, the fine, where
    and by when to pay it, and the appeal rights stored on the decision when it was issued."""
    decision = PenaltyDecision.objects.select_related("notice").get(pk=decision.pk)
    notice = decision.notice
    case = _load_case(decision.case_id)
    with translation.override(settings.LANGUAGE_CODE):
        bureau = _bureau(case)
        told = f"本机关于{_day(notice.notified_on)}向你单位送达《行政处罚告知书》（{notice.number}）"
        told += "，告知拟作出行政处罚的事实、理由、依据以及依法享有的陈述、申辩权利"
        told += "和要求听证的权利。" if notice.hearing_offered else "。"
        heard = [told]
        if notice.hearing_held_on:
            heard.append(f"应你单位申请，本机关于{_day(notice.hearing_held_on)}举行了听证。")
            heard.extend(_paragraphs(notice.hearing_record))
        if decision.defence:
            heard.append("你单位陈述、申辩意见：“" + decision.defence + "”本机关进行了复核。")
        elif not notice.hearing_held_on:
            heard.append("你单位在规定期限内未提出陈述、申辩意见。")
        return OfficialDocument(
            issuer=bureau.name,
            title="劳动保障监察行政处罚决定书",
            number=decision.number,
            parties=[("被处罚单位", _employer(case))],
            sections=[
                ("一、违法事实", [*_paragraphs(notice.facts), f"违法行为：{notice.penalty.label}。"]),
                ("二、告知及陈述申辩、听证", heard),
                (
                    "三、处罚决定",
                    [
                        f"依照{notice.penalty.citation}的规定，本机关决定对你单位处以罚款{yuan(decision.amount_to_pay)}元。",
                        f"你单位应当于{_day(decision.deadline)}前将罚款缴至指定银行或者通过电子支付系统缴纳"
                        "（《中华人民共和国行政处罚法》第六十七条）。",
                    ],
                ),
            ],
            closing_sections=[
                (
                    "四、救济途径",
                    [
                        decision.appeal_rights,
                        "逾期不缴纳罚款的，本机关可以依法每日按罚款数额的百分之三加处罚款，并依法申请人民法院强制执行"
                        "（《中华人民共和国行政处罚法》第七十二条）。",
                    ],
                )
            ],
            signatures=["劳动保障监察员（签名）", "劳动保障监察员（签名）"],
            seal_text=f"{bureau.name}（印章）",
            date_text=chinese_date(decision.decided_on),
            footnote=_handled_by(case),
        )


def penalty_pdf(decision: PenaltyDecision) -> bytes:
    return render_pdf(penalty_document(decision))


# --- 送达回证 ----------------------------------------------------------------------------------------------

TITLES = {
    RectificationOrder: "劳动保障监察限期改正指令书",
    HandlingDecision: "劳动保障监察行政处理决定书",
    PenaltyDecision: "劳动保障监察行政处罚决定书",
}


def receipt_document(document: RectificationOrder | HandlingDecision | PenaltyDecision) -> OfficialDocument:
    """The service receipt (送达回证) of an order or decision. Before service it is printed with blanks to
    fill in by hand; once service is recorded, with the date, method and recipient."""
    model = type(document)
    document = model.objects.get(pk=document.pk)
    case = _load_case(document.case_id)
    with translation.override(settings.LANGUAGE_CODE):
        bureau = _bureau(case)
        served = document.served_on is not None
        method = ServiceMethod(document.service_method).label if served and document.service_method else ""
        rows = [
            ["送达文书", f"{TITLES[model]}（{document.number}）"],
            ["受送达人", case.respondent.name],
            ["送达地点", case.respondent.address or ""],
            ["送达方式", method],
            ["送达日期", _day(document.served_on) if served else "　　年　　月　　日"],
            ["签收人", document.served_to if served else ""],
            ["受送达人签名或盖章", "　　年　　月　　日"],
            ["代收人及代收理由", ""],
            ["送达人", ""],
            ["见证人", ""],
            ["备注", ""],
        ]
        note = (
            "受送达人拒绝签收的，送达人应记明拒收事由和日期，由送达人、见证人签名，文书留置即视为送达；"
            "用人单位逃匿的，可张贴送达并拍照、录像记录（法释〔2013〕3号第四条）。"
        )
        return OfficialDocument(
            issuer=bureau.name,
            title="送达回证",
            number=case.number,
            items=DocumentTable(header=["事项", "内容"], rows=rows, align=["center", "left"]),
            closing_sections=[("", [note])],
            seal_text=f"{bureau.name}（印章）",
            date_text=chinese_date(document.served_on) if served else "",
        )


def receipt_pdf(document: RectificationOrder | HandlingDecision | PenaltyDecision) -> bytes:
    """送达回证 for an order or a decision."""
    return render_pdf(receipt_document(document))


# --- as issued (core.issuing): bump a template_version whenever its document's wording or layout changes
# A 送达回证 issued before service prints blanks to fill in by hand; once service is recorded, correcting it
# issues the one with the date, method and recipient printed.


def _within(model):
    return lambda user: model.objects.filter(case__in=inspections_for(user).values("pk")).select_related(
        "case"
    )


def _kind(code: str, label, model, render, title: str) -> DocumentKind:
    return DocumentKind(
        code=code,
        label=label,
        template_version=1,
        render=render,
        filename=lambda document: f"{title}-{document.number}.pdf",
        visible=_within(model),
        may_issue=lambda user, document: RULES.may(user, "order", document.case),  # the brigade's staff
        case_of=lambda document: document.case,
        url=lambda case: reverse("inspection:detail", args=[case.pk]),
    )


ORDER = _kind("inspection.order", _("限期改正指令书"), RectificationOrder, order_pdf, "限期改正指令书")
DECISION = _kind("inspection.decision", _("行政处理决定书"), HandlingDecision, decision_pdf, "行政处理决定书")
ORDER_RECEIPT = _kind(
    "inspection.order.receipt", _("送达回证（限期改正指令书）"), RectificationOrder, receipt_pdf, "送达回证"
)
DECISION_RECEIPT = _kind(
    "inspection.decision.receipt", _("送达回证（行政处理决定书）"), HandlingDecision, receipt_pdf, "送达回证"
)
PENALTY_NOTICE = _kind(
    "inspection.penalty_notice", _("行政处罚告知书"), PenaltyNotice, penalty_notice_pdf, "行政处罚告知书"
)
PENALTY = _kind("inspection.penalty", _("行政处罚决定书"), PenaltyDecision, penalty_pdf, "行政处罚决定书")
PENALTY_RECEIPT = _kind(
    "inspection.penalty.receipt", _("送达回证（行政处罚决定书）"), PenaltyDecision, receipt_pdf, "送达回证"
)


def documents_of(case: InspectionCase) -> list[tuple[DocumentKind, Model]]:
    """core.api.CaseApi.documents: each order, decision and penalty with its 送达回证, and the penalty
    notices, as the case page links them."""
    found: list[tuple[DocumentKind, Model]] = [(PENALTY_NOTICE, n) for n in case.penalty_notices.all()]
    for kind, receipt, documents in (
        (ORDER, ORDER_RECEIPT, case.orders.all()),
        (DECISION, DECISION_RECEIPT, case.decisions.all()),
        (PENALTY, PENALTY_RECEIPT, case.penalties.all()),
    ):
        for document in documents:
            found += [(kind, document), (receipt, document)]
    return found
