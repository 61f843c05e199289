"""The two official documents of a labour dispute, as PDFs: the mediation agreement (调解协议书) and the
arbitral award (仲裁裁决书).

Each is described from the case file as a core.documents.OfficialDocument and laid out by render_pdf. A
document is a record handed to the parties, so it is written in the bureau's language whatever language
the requesting user's screen is in (as core.services.official does for the timeline); its wording is
therefore plain Chinese here, not catalogue text. Statutory periods and their articles come from
core.law, so the rights printed on an award can never disagree with the deadlines the platform tracks.
The parties' identity numbers are printed in full, as the official forms require of a document addressed to
them; phone numbers stay masked. Handing such a document out is an unmasking: each download is recorded on
the case's timeline and on each applicant's (`record_identities_printed`), as a reveal on the page is. The
mediator's and the arbitrator's own text is numbered without clashing with the document's (number_clauses).
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renshe.core import casework, law
from renshe.core.documents import DocumentTable, OfficialDocument, chinese_date, number_clauses, render_pdf
from renshe.core.errors import ValidationFailed
from renshe.core.issuing import DocumentKind
from renshe.core.models import DictionaryEntry, Organisation, User
from renshe.core.money import ZERO, yuan
from renshe.core.roles import Capability
from renshe.core.services import official, require
from renshe.core.timeline import record_event

from .models import Applicant, ArbitrationCase, DisputeCase, Outcome, ReferralStatus, TribunalSeat
from .rules import RULES
from .selectors import disputes_for
from .services._common import TRAIL

__all__ = [
    "AGREEMENT",
    "AWARD",
    "FINAL_AWARD",
    "agreement_document",
    "agreement_pdf",
    "award_document",
    "award_pdf",
    "final_award_pdf",
    "is_mixed",
    "mediating_organisation",
]

LAW = "《劳动争议调解仲裁法》"  # as core.law cites it


# --- small helpers -----------------------------------------------------------------------------------


def _day(d: date) -> str:
    """A date inside the text, as judgments and awards write it: 2026年11月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


_DIGITS = "零一二三四五六七八九"


def _numeral(n: int) -> str:
    """A count of days or copies in Chinese numerals, as statutes write it: 3 → 三, 15 → 十五, 30 → 三十,
    105 → 一百零五."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    return text + (_DIGITS[units] if units else "")


def _period(period: law.StatutoryPeriod, on: date) -> str:
    """A period as a document states it (十五日, 三十日), by the rule in force on the document's day; the
    caller has the document's language in force, so the unit reads 日 or 个工作日 as the rule counts."""
    rule = period.rule_on(on)
    return f"{_numeral(rule.length)}{rule.unit.label}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _labels() -> dict[tuple[str, str], str]:
    """(dictionary, code) → label for case and claim types, in one query for the whole document; inactive
    entries too, since an old case may carry a type since retired."""
    rows = DictionaryEntry.objects.filter(dictionary__in=("case_type", "claim_type")).values_list(
        "dictionary", "code", "label"
    )
    return {(dictionary, code): label for dictionary, code, label in rows}


def _load(case: DisputeCase) -> DisputeCase:
    """The case file as it stands in the database, in a fixed number of queries however many applicants,
    claims, items or hearings it has."""
    return (
        DisputeCase.objects.select_related(
            "respondent", "received_by", "organisation", "agreement", "arbitration__commission"
        )
        .prefetch_related(
            Prefetch("applicants", queryset=Applicant.objects.select_related("person").order_by("id")),
            "claims",
            "agreement__items",
            "arbitration__hearings",
            "arbitration__award_items",
            Prefetch(
                "arbitration__seats",
                queryset=TribunalSeat.objects.filter(left_on__isnull=True).select_related("arbitrator"),
            ),
        )
        .get(pk=case.pk)
    )


def mediating_organisation(case: DisputeCase) -> Organisation:
    """The organisation that mediated the case (and so signs and seals its agreement): the one a referral
    handed it to, if that organisation took it up, otherwise the centre that received it. Unlike
    case.organisation this stays put when the case goes on to arbitration."""
    referral = (
        case.referrals.filter(status=ReferralStatus.TAKEN)
        .select_related("to_organisation")
        .order_by("-id")
        .first()
    )
    return referral.to_organisation if referral else case.received_by


def _parties(case: DisputeCase) -> list[tuple[str, str]]:
    parties = []
    for applicant in case.applicants.all():
        person = applicant.person
        details = [
            person.name,
            person.get_sex_display(),
            f"{_day(person.birth_date)}出生",
            f"公民身份号码{person.id_number}",  # in full: the form identifies the party (see the docstring)
        ]
        if person.phone:
            details.append(f"联系电话{person.masked_phone}")
        role = "申请人（劳动者代表）" if case.collective and applicant.representative else "申请人"
        parties.append((role, "，".join(details) + "。"))
    firm = case.respondent
    details = [firm.name, f"统一社会信用代码{firm.credit_code}"]
    if firm.legal_representative:
        details.append(f"法定代表人{firm.legal_representative}")
    if firm.address:
        details.append(f"经营地址{firm.address}")
    parties.append(("被申请人", "，".join(details) + "。"))
    return parties


def _claims(case: DisputeCase, labels: dict) -> list[str]:
    claims = list(case.claims.all())
    lines = []
    for i, claim in enumerate(claims, start=1):
        label = labels.get(("claim_type", claim.claim_type), claim.claim_type)
        note = f"（{claim.note}）" if claim.note else ""
        end = "。" if i == len(claims) else "；"
        lines.append(f"{i}. {label}{note}：{yuan(claim.amount)}元{end}")
    total = sum((c.amount for c in claims), ZERO)
    lines.append(f"以上请求金额合计{yuan(total)}元。")
    return lines


def _applicant_signatures(case: DisputeCase) -> list[str]:
    """Every applicant signs the agreement (第十四条); in a collective dispute its representatives sign for
    the workers (第七条)."""
    applicants = case.applicants.all()
    if case.collective:
        return ["申请人代表（签名）"] * max(1, sum(a.representative for a in applicants))
    return ["申请人（签名）"] * len(applicants)


# --- 调解协议书 ---------------------------------------------------------------------------------------------

AGREEMENT_EFFECT = (
    "本协议书由双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效，对双方当事人具有约束力，"
    f"当事人应当履行（{LAW}第十四条）。达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，"
    f"另一方当事人可以依法申请仲裁（{LAW}第十五条）。因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金"
    "事项达成调解协议，用人单位在协议约定期限内不履行的，劳动者可以持本协议书依法向人民法院申请支付令"
    f"（{LAW}第十六条）。"
)


def agreement_document(case: DisputeCase) -> OfficialDocument:
    """The mediation agreement (第十四条) as document data; see agreement_pdf."""
    case = _load(case)
    agreement = getattr(case, "agreement", None)
    if agreement is None:
        raise ValidationFailed(_("该案件尚未达成调解协议，无法出具调解协议书"), field="agreement")
    with translation.override(settings.LANGUAGE_CODE):
        labels = _labels()
        mediator = mediating_organisation(case)
        items = list(agreement.items.all())
        copies = len(case.applicants.all()) + 2  # each party one, the organisation one
        dispute = [
            f"申请人于{_day(case.received_on)}向{case.received_by.name}申请调解，请求事项如下：",
            *_claims(case, labels),
            f"事实与理由：{case.facts}",
        ]
        result = [
            f"经{mediator.name}主持调解，双方当事人在平等自愿的基础上达成如下协议：",
            *number_clauses(_paragraphs(agreement.terms), inside_numbered_section=True),
        ]
        if items:
            result.append("被申请人按下表列明的内容、金额和期限履行：")
        effect = [
            AGREEMENT_EFFECT,
            f"本协议书一式{_numeral(copies)}份，当事人各执一份，{mediator.name}留存一份。",
        ]
        table = None
        if items:
            table = DocumentTable(
                header=["履行内容", "金额（元）", "履行期限"],
                rows=[
                    [
                        item.description or labels.get(("claim_type", item.claim_type), item.claim_type),
                        yuan(item.amount),
                        f"{_day(item.due_on)}前",
                    ]
                    for item in items
                ],
                footer=["合计", yuan(sum((i.amount for i in items), ZERO)), ""],
                caption="履行事项",
                align=["left", "right", "center"],
            )
        return OfficialDocument(
            issuer=mediator.name,
            title="调解协议书",
            number=case.number,
            parties=_parties(case),
            sections=[("一、争议事项", dispute), ("二、调解结果", result)],
            items=table,
            closing_sections=[("三、协议效力", effect)],
            signatures=[*_applicant_signatures(case), "被申请人（盖章）", "调解员（签名）"],
            seal_text=f"{mediator.name}（印章）",
            date_text=chinese_date(agreement.signed_on),
        )


def agreement_pdf(case: DisputeCase) -> bytes:
    """The mediation agreement (调解协议书) of a settled case, issued by the organisation that mediated it
    and dated the day it was signed. Raises ValidationFailed when the case has no agreement."""
    return render_pdf(agreement_document(case))


# --- 仲裁裁决书 ---------------------------------------------------------------------------------------------


def _findings(case: DisputeCase, arbitration: ArbitrationCase, mediator: Organisation) -> str:
    """One factual paragraph from the file: the application, how mediation ended, and the arbitration's
    own dates."""
    text = f"申请人于{_day(case.received_on)}向{case.received_by.name}申请调解。"
    agreement = getattr(case, "agreement", None)
    if case.outcome == Outcome.SETTLED and agreement is not None:
        text += (
            f"经{mediator.name}调解，双方于{_day(agreement.signed_on)}达成调解协议，"
            "被申请人未按协议约定期限履行。"
        )
    elif case.outcome == Outcome.FAILED:
        reason = f"（{case.reason}）" if case.reason else ""
        text += f"经{mediator.name}调解，未达成调解协议{reason}。"
    text += f"申请人于{_day(arbitration.applied_on)}向本委申请仲裁"
    if arbitration.accepted_on:
        text += f"，本委于{_day(arbitration.accepted_on)}依法受理"
    hearings = list(arbitration.hearings.all())
    if hearings:
        days = "、".join(dict.fromkeys(_day(h.scheduled_at.date()) for h in hearings))
        text += f"，于{days}开庭审理"
    return text + "。"


def appeal_rights(final: bool, awarded_on: date) -> list[str]:
    """What the parties may do against the award, which depends on whether it is final (第四十七条), with the
    periods in force on the award's day."""
    if final:
        return [
            f"本裁决为终局裁决，自作出之日起发生法律效力（{law.FINAL_AWARD_CITATION}）。",
            f"劳动者对本裁决不服的，可以自收到本裁决书之日起{_period(law.WORKER_SUIT_AFTER_FINAL_AWARD, awarded_on)}内"
            f"向人民法院提起诉讼（{law.WORKER_SUIT_AFTER_FINAL_AWARD.citation}）。",
            f"用人单位有证据证明本裁决有{law.EMPLOYER_REVOCATION_PETITION.citation}第一款规定情形之一的，"
            f"可以自收到本裁决书之日起{_period(law.EMPLOYER_REVOCATION_PETITION, awarded_on)}内向劳动争议仲裁委员会所在地的"
            "中级人民法院申请撤销裁决。",
        ]
    return [
        "本裁决为非终局裁决。当事人对本裁决不服的，可以自收到本裁决书之日起"
        f"{_period(law.SUIT_AFTER_NON_FINAL_AWARD, awarded_on)}内向人民法院提起诉讼；期满不起诉的，"
        f"本裁决书发生法律效力（{law.SUIT_AFTER_NON_FINAL_AWARD.citation}）。",
    ]


def _arbitrator_signatures(arbitration: ArbitrationCase) -> list[str]:
    """The tribunal signs (第三十一条): the presiding arbitrator first, by name; one line if none is recorded."""
    seats = list(arbitration.seats.all())
    if not seats:
        return ["仲裁员（签名）"]
    panel = len(seats) > 1
    return [
        f"{'首席仲裁员' if seat.presiding and panel else '仲裁员'}：{seat.arbitrator}"
        for seat in sorted(seats, key=lambda s: (not s.presiding, s.pk))
    ]


def award_document(case: DisputeCase, final: bool | None = None) -> OfficialDocument:
    """The arbitral award as document data; see award_pdf. An award whose items are all final, or none of
    them, is one document. A mixed award is two (办案规则 第五十条: 分别制作裁决书), each with its own items, its
    own clauses and its own remedies: `final` picks one; None is the award's only document, or the non-final
    one of a mixed award, which also carries the tribunal's own text (what it dismissed, costs …)."""
    case = _load(case)
    arbitration = getattr(case, "arbitration", None)
    if arbitration is None or arbitration.awarded_on is None:
        raise ValidationFailed(_("该案件尚未作出仲裁裁决，无法出具仲裁裁决书"), field="arbitration")
    every = list(arbitration.award_items.all())
    has_final, has_non_final = any(i.final for i in every), not every or not all(i.final for i in every)
    mixed = has_final and has_non_final
    if final is None:
        final = not has_non_final
    if (final and not has_final) or (not final and not has_non_final):
        raise ValidationFailed(_("该裁决没有此类裁决事项"), field="arbitration")
    with translation.override(settings.LANGUAGE_CODE):
        labels = _labels()
        mediator = mediating_organisation(case)
        items = [i for i in every if i.final == final] if mixed else every
        case_type = labels.get(("case_type", case.case_type), case.case_type)
        if mixed:
            award = [
                f"{n}. 被申请人向申请人支付{labels.get(('claim_type', i.claim_type), i.claim_type)}"
                f"{yuan(i.amount)}元。"
                for n, i in enumerate(items, start=1)
            ]
            if not final:
                award += number_clauses(_paragraphs(arbitration.award_summary), inside_numbered_section=False)
            award.append(
                f"本案裁决事项中终局裁决事项与非终局裁决事项分别制作裁决书（{law.SEPARATE_AWARDS_CITATION}），"
                f"本裁决书为{'终局' if final else '非终局'}裁决部分。"
            )
        else:
            award = number_clauses(_paragraphs(arbitration.award_summary), inside_numbered_section=False)
        if items:
            award.append("各项裁决金额及是否终局如下表：")
        table = None
        if items:
            table = DocumentTable(
                header=["事项", "金额（元）", "是否终局"],
                rows=[
                    [
                        labels.get(("claim_type", item.claim_type), item.claim_type),
                        yuan(item.amount),
                        "是" if item.final else "否",
                    ]
                    for item in items
                ],
                footer=["合计", yuan(sum((i.amount for i in items), ZERO)), ""],
                caption="裁决事项",
                align=["left", "right", "center"],
            )
        return OfficialDocument(
            issuer=arbitration.commission.name,
            title=f"仲裁裁决书（{'终局' if final else '非终局'}裁决）" if mixed else "仲裁裁决书",
            number=arbitration.number,
            parties=_parties(case),
            sections=[
                ("仲裁请求", [f"案由：{case_type}争议。", "申请人请求裁决：", *_claims(case, labels)]),
                ("本委查明", [_findings(case, arbitration, mediator)]),
                ("裁决如下", award),
            ],
            items=table,
            closing_sections=[("", appeal_rights(final, arbitration.awarded_on))],
            signatures=_arbitrator_signatures(arbitration),
            seal_text=f"{arbitration.commission.name}（印章）",
            date_text=chinese_date(arbitration.awarded_on),
        )


def award_pdf(case: DisputeCase) -> bytes:
    """The arbitral award (仲裁裁决书), issued by the commission and dated the day of the award, with the
    parties' rights against it: the whole award, or the non-final part of a mixed one. Raises ValidationFailed
    when no award has been made."""
    return render_pdf(award_document(case))


def final_award_pdf(case: DisputeCase) -> bytes:
    """The final part of a mixed award, as its own document (办案规则 第五十条). Raises ValidationFailed when the
    award is not mixed."""
    if not is_mixed(case.arbitration):
        raise ValidationFailed(_("该裁决没有单独的终局裁决书"), field="arbitration")
    return render_pdf(award_document(case, final=True))


def is_mixed(arbitration: ArbitrationCase) -> bool:
    """Final and non-final items in one award: two documents."""
    finals = set(arbitration.award_items.values_list("final", flat=True))
    return finals == {True, False}


# --- handing the documents out ----------------------------------------------------------------------------


def record_identities_printed(kind: DocumentKind, case: DisputeCase, by: User) -> None:
    """A document printing the parties' full identity numbers was handed to `by`: an unmasking, recorded
    like a reveal on the page (core.services.reveal_personal_data), on the case's timeline and on each
    applicant's."""
    require(by, Capability.UNMASK_PERSONAL_DATA)
    people = [a.person for a in case.applicants.select_related("person").order_by("id")]
    names = "、".join(p.name for p in people)
    with transaction.atomic():
        casework.hold(DisputeCase, case.pk)  # the case's events are serialised by its row lock
        TRAIL.event(
            case,
            "identities_printed",
            official("出具%(kind)s，打印完整证件号码：%(names)s", kind=official(kind.label), names=names),
            by,
            kind=kind.code,
            people=[p.pk for p in people],
        )
        for person in people:
            record_event(
                person,
                "person.revealed",
                official(
                    "出具%(kind)s（%(number)s），打印完整证件号码：%(name)s",
                    kind=official(kind.label),
                    number=case.number,
                    name=person.name,
                ),
                actor=by,
                organisation=person.organisation,
            )


# --- as issued (core.issuing): bump a template_version whenever its document's wording or layout changes


def _page(case: DisputeCase) -> str:
    return reverse("disputes:detail", args=[case.pk])


AGREEMENT = DocumentKind(
    code="disputes.agreement",
    label=gettext_lazy("调解协议书"),
    template_version=2,  # 2: the parties' full identity numbers; the mediator's clauses numbered
    render=agreement_pdf,
    filename=lambda case: f"调解协议书-{case.number}.pdf",
    visible=disputes_for,
    may_issue=lambda user, case: RULES.may(user, "settle", case),  # the mediators who sign it
    url=_page,
    handed_out=record_identities_printed,
)
AWARD = DocumentKind(
    code="disputes.award",
    label=gettext_lazy("仲裁裁决书"),
    template_version=3,  # 2: full identity numbers, the arbitrator's items numbered, the tribunal signs; 3: a
    # mixed award's non-final part only (办案规则 第五十条)
    render=award_pdf,
    filename=lambda case: f"仲裁裁决书-{case.number}.pdf",
    visible=disputes_for,
    may_issue=lambda user, case: RULES.may(user, "award", case),  # the arbitrators
    url=_page,
    handed_out=record_identities_printed,
)
FINAL_AWARD = DocumentKind(
    code="disputes.final_award",
    label=gettext_lazy("仲裁裁决书（终局裁决部分）"),
    template_version=1,
    render=final_award_pdf,
    filename=lambda case: f"仲裁裁决书-终局-{case.number}.pdf",
    visible=disputes_for,
    may_issue=lambda user, case: RULES.may(user, "award", case),
    url=_page,
    handed_out=record_identities_printed,
)


def kinds_of(case: DisputeCase) -> list[DocumentKind]:
    """The documents the case has now: the agreement once signed, the award once made (its final part its
    own document when the award is mixed)."""
    kinds = [AGREEMENT] if getattr(case, "agreement", None) is not None else []
    arbitration = getattr(case, "arbitration", None)
    if arbitration is not None and arbitration.awarded_on:
        kinds.append(AWARD)
        if is_mixed(arbitration):
            kinds.append(FINAL_AWARD)
    return kinds


def documents_of(case: DisputeCase) -> list[tuple[DocumentKind, DisputeCase]]:
    """core.api.CaseApi.documents: each of them is about the case itself."""
    return [(kind, case) for kind in kinds_of(case)]
