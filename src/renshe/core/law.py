"""Statutory time limits, each defined once with the article it comes from.

Every period used anywhere in renshe is a `StatutoryPeriod` registered here. Periods whose source is
only secondary or from memory (tags W/M in shared/DOMAIN.md) are marked `confirmed=False`. A province's own
reading (a length, or "日" read as working days) is a `PeriodRule` an administrator enters in 系统管理 with
its citation and effective date (core.parameters.period_rule_on); settings.RENSHE_PERIOD_OVERRIDES (days
only) remains the fallback of an installation that has entered none.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class PeriodUnit(models.TextChoices):
    """What a period counts. Days are counted from the day after the start; months and years end on the
    corresponding date of the last month, or that month's last day where it has none (民法典 第二百零一条、
    第二百零二条)."""

    CALENDAR = "calendar", pgettext_lazy("period unit", "日")
    WORKING = "working", pgettext_lazy("period unit", "个工作日")
    MONTHS = "months", pgettext_lazy("period unit", "个月")
    YEARS = "years", pgettext_lazy("period unit", "年")


@dataclass(frozen=True)
class PeriodRule:
    """How long a period runs and in what: the statute's own, or a local rule in force from a day on."""

    length: int
    unit: PeriodUnit
    citation: str | Promise
    effective_from: date | None = None  # None: the statute's own (or the settings fallback)

    def describe(self) -> str:
        """As a page shows the length: 15日, 5个工作日, 1年."""
        return gettext("%(length)d%(unit)s") % {"length": self.length, "unit": self.unit.label}


@dataclass(frozen=True)
class StatutoryPeriod:
    key: str
    label: str | Promise  # Chinese as on documents; translated for an English UI
    length: int
    unit: PeriodUnit
    citation: str | Promise
    confirmed: bool = True

    @property
    def statute_rule(self) -> PeriodRule:
        """The statute's own rule, as enacted."""
        return PeriodRule(self.length, self.unit, self.citation)

    @property
    def default_rule(self) -> PeriodRule:
        """The rule without a local one in force: the statute's, or the settings override's length
        (days only, no date)."""
        length = settings.RENSHE_PERIOD_OVERRIDES.get(self.key)
        if length is None:
            return self.statute_rule
        return PeriodRule(length, self.unit, _("本地设置（RENSHE_PERIOD_OVERRIDES）"))

    def rule_on(self, on: date) -> PeriodRule:
        """The rule for a period of this kind starting on `on` (a local rule entered in 系统管理, if any)."""
        from .parameters import period_rule_on  # the rules are rows; core.models imports this module

        return period_rule_on(self, on)

    @property
    def in_force(self) -> PeriodRule:
        """The rule in force today, for text about periods that start today ("15日", "5个工作日"); a deadline
        or a document about a past day uses `rule_on` that day."""
        from django.utils import timezone

        return self.rule_on(timezone.localdate())


PERIODS: dict[str, StatutoryPeriod] = {}


def _period(*args: Any, **kwargs: Any) -> StatutoryPeriod:
    period = StatutoryPeriod(*args, **kwargs)
    PERIODS[period.key] = period
    return period


# 《劳动争议调解仲裁法》 (2008)
MEDIATION_PERIOD = _period(
    "mediation.period", _("调解期限"), 15, PeriodUnit.CALENDAR, _("《劳动争议调解仲裁法》第十四条第三款")
)
# 同法第二十七条第一款: 劳动争议申请仲裁的时效期间为一年。仲裁时效期间从当事人知道或者应当知道其权利被侵害之日起计算.
# A year is a calendar year (民法典 第二百零二条), not 365 days.
LIMITATION_PERIOD = _period(
    "arbitration.limitation",
    _("仲裁时效"),
    1,
    PeriodUnit.YEARS,
    _("《劳动争议调解仲裁法》第二十七条第一款"),
)
ARBITRATION_ACCEPTANCE = _period(
    "arbitration.acceptance",
    _("仲裁受理审查期限"),
    5,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第二十九条"),
)
ARBITRATION_SERVICE_TO_RESPONDENT = _period(
    "arbitration.service", _("送达被申请人期限"), 5, PeriodUnit.CALENDAR, _("《劳动争议调解仲裁法》第三十条")
)
ARBITRATION_DEFENCE = _period(
    "arbitration.defence", _("答辩期限"), 10, PeriodUnit.CALENDAR, _("《劳动争议调解仲裁法》第三十条")
)
ARBITRATION_HEARING_NOTICE = _period(
    "arbitration.hearing_notice",
    _("开庭通知提前期"),
    5,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第三十五条"),
)
ARBITRATION_AWARD = _period(
    "arbitration.award",
    _("仲裁审理期限"),
    45,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第四十三条第一款"),
)
ARBITRATION_EXTENSION = _period(
    "arbitration.extension",
    _("仲裁延长期限"),
    15,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第四十三条第一款"),
)
# 《劳动人事争议仲裁办案规则》（人社部令第33号, 2017）第四十六条, on the 45 days of 第四十三条 (the 2017 text as published;
# its numbering agrees with the official commentary's table of contents: 第四十五条 仲裁期限, 第四十六条 仲裁期限的特别
# 规定, 第四十七条 仲裁中止): the period is counted again from the day the tribunal decides to join a party or a third
# party, the commission receives the applicant's corrections (补正), accepts added or changed claims, accepts a
# counterclaim it joins, or receives a case transferred to it; the time a hearing stands suspended and the time of
# service by public notice (公告送达) are not counted. 第四十七条 lists the grounds to suspend (a worker's death
# awaiting the heirs, incapacity awaiting a representative, the employer's end awaiting a successor, force majeure,
# another case's result, a work-injury finding or an appraisal, and other such), with the approval of the
# commission's director or the head of its arbitration court he entrusts.
ARBITRATION_RESTART_CITATION = _("《劳动人事争议仲裁办案规则》第四十六条")
ARBITRATION_SUSPENSION_CITATION = _("《劳动人事争议仲裁办案规则》第四十六条、第四十七条")
# 《劳动争议调解仲裁法》第二十九条: 劳动争议仲裁委员会收到仲裁申请之日起五日内，认为符合受理条件的，应当受理……；认为
# 不符合受理条件的，应当书面通知申请人不予受理，并说明理由。对劳动争议仲裁委员会不予受理或者逾期未作出决定的，申请人
# 可以就该劳动争议事项向人民法院提起诉讼. 第四十三条第一款: ……逾期未作出仲裁裁决的，当事人可以就该劳动争议事项向
# 人民法院提起诉讼. A period's last day is still the commission's (民法典 第二百零三条第二款): the suit lies from the
# day after it.
SUIT_ON_REFUSAL_CITATION = _("《劳动争议调解仲裁法》第二十九条")
SUIT_ON_NO_AWARD_CITATION = _("《劳动争议调解仲裁法》第四十三条第一款")
WORKER_SUIT_AFTER_FINAL_AWARD = _period(
    "court.worker_suit", _("劳动者起诉期限"), 15, PeriodUnit.CALENDAR, _("《劳动争议调解仲裁法》第四十八条")
)
EMPLOYER_REVOCATION_PETITION = _period(
    "court.revocation",
    _("用人单位申请撤销期限"),
    30,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第四十九条"),
)
SUIT_AFTER_NON_FINAL_AWARD = _period(
    "court.suit", _("不服非终局裁决起诉期限"), 15, PeriodUnit.CALENDAR, _("《劳动争议调解仲裁法》第五十条")
)
# 同法第四十九条第三款: 仲裁裁决被人民法院裁定撤销的，当事人可以自收到裁定书之日起十五日内就该劳动争议事项向人民法院
# 提起诉讼.
SUIT_AFTER_REVOKED_AWARD = _period(
    "court.suit_after_revocation",
    _("裁决被撤销后起诉期限"),
    15,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第四十九条第三款"),
)
# 同法第十六条: 因支付拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金事项达成调解协议，用人单位在协议约定期限内不履行的，
# 劳动者可以持调解协议书依法向人民法院申请支付令。人民法院应当依法发出支付令。 The claim types (the code list's) that
# are these four: pay and overtime pay (劳动报酬, as LIMITATION_PAY_CLAIMS), 工伤医疗费, 经济补偿, 赔偿金. The double
# wages of 劳动合同法 第八十二条 are left out for the reason given at LIMITATION_PAY_CLAIMS (unconfirmed).
PAYMENT_ORDER_CITATION = _("《劳动争议调解仲裁法》第十六条")
PAYMENT_ORDER_CLAIMS = frozenset(
    {"unpaid_wages", "overtime", "work_injury_medical", "economic_compensation", "damages"}
)
# 《劳动人事争议仲裁办案规则》第七十四条: within 15 days of a mediation agreement taking effect (第十四条: on signing), the
# parties jointly apply to the commission for review; the commission issues an arbitral 调解书 (DOMAIN.md [W]).
MEDIATION_REVIEW_APPLICATION = _period(
    "mediation.review",
    _("调解协议仲裁审查申请期限"),
    15,
    PeriodUnit.CALENDAR,
    _("《劳动人事争议仲裁办案规则》第七十四条"),
    confirmed=False,
)
# 《民事诉讼法》(2023) 第二百零五条: 经依法设立的调解组织调解达成调解协议，申请司法确认的，由双方当事人自调解协议生效之日起
# 三十日内，共同向……人民法院提出; 第二百零六条: the court rules the agreement valid (a party may then apply for
# enforcement) or rejects the application. From memory: the articles are not in DOMAIN.md (the 2021 text numbers
# them 第二百零一条、第二百零二条), so unconfirmed.
JUDICIAL_CONFIRMATION_APPLICATION = _period(
    "mediation.judicial_confirmation",
    _("调解协议司法确认申请期限"),
    30,
    PeriodUnit.CALENDAR,
    _("《民事诉讼法》第二百零五条"),
    confirmed=False,
)
JUDICIAL_CONFIRMATION_RULING_CITATION = _("《民事诉讼法》第二百零六条")

# 《劳动保障监察条例》 (2004) and its implementing rules
COMPLAINT_ACCEPTANCE = _period(
    "inspection.acceptance",
    _("投诉受理期限"),
    5,
    PeriodUnit.WORKING,
    _("《关于实施〈劳动保障监察条例〉若干规定》第十八条"),
    confirmed=False,
)
INVESTIGATION_PERIOD = _period(
    "inspection.investigation", _("调查期限"), 60, PeriodUnit.WORKING, _("《劳动保障监察条例》第十七条")
)
INVESTIGATION_EXTENSION = _period(
    "inspection.extension", _("调查延长期限"), 30, PeriodUnit.WORKING, _("《劳动保障监察条例》第十七条")
)
# 条例 第二十条: 违反劳动保障法律、法规或者规章的行为在2年内未被劳动保障行政部门发现，也未被举报、投诉的，劳动保障
# 行政部门不再查处。……违反劳动保障法律、法规或者规章的行为有连续或者继续状态的，自行为终了之日起计算.
INSPECTION_LOOKBACK = _period(
    "inspection.lookback", _("违法行为追究时效"), 2, PeriodUnit.YEARS, _("《劳动保障监察条例》第二十条")
)

# 《保障农民工工资支付条例》 (2020)
PAYROLL_RETENTION = _period(
    "wages.payroll_retention",
    _("工资支付台账保存期限"),
    3,
    PeriodUnit.YEARS,
    _("《保障农民工工资支付条例》第十五条"),
)

# 《网络安全法》第二十一条第（三）项: 采取监测、记录网络运行状态、网络安全事件的技术措施，并按照规定留存相关的
# 网络日志不少于六个月. Six months counted as 183 days (the longest six calendar months); the local retention,
# settings.RENSHE_ACCESS_LOG_RETENTION_DAYS, may be longer, never shorter (renshe.audit.checks).
NETWORK_LOG_RETENTION = _period(
    "security.log_retention",
    _("网络日志留存期限"),
    183,
    PeriodUnit.CALENDAR,
    _("《网络安全法》第二十一条第（三）项"),
)

MEDIATION_INTAKE = _period(
    "mediation.intake",
    _("调解申请受理期限"),
    3,
    PeriodUnit.WORKING,
    _("《企业劳动争议协商调解规定》第二十二条"),
    confirmed=False,
)

# 《劳动争议调解仲裁法》第七条: 发生劳动争议的劳动者一方在十人以上，并有共同请求的，可以推举代表参加调解、仲裁或者
# 诉讼活动. Both conditions make a collective dispute: ten or more workers, and a claim common to them all.
COLLECTIVE_DISPUTE_MIN_WORKERS = 10
COLLECTIVE_DISPUTE_CITATION = _("《劳动争议调解仲裁法》第七条")
# 《劳动人事争议仲裁办案规则》第五条: 劳动者一方在十人以上并有共同请求的争议……仲裁委员会应当优先立案，优先审理. The
# number is that of the rules' official commentary (第五条 集体劳动人事争议处理原则); the wording only from secondary
# sources (shared/DOMAIN.md does not quote it).
COLLECTIVE_PRIORITY_CITATION = _("《劳动人事争议仲裁办案规则》第五条")
# 同规则第六十三条 (secondary sources only, unconfirmed): the workers may elect three to five representatives, whose acts
# bind those they represent. The range is settings.RENSHE_COLLECTIVE_REPRESENTATIVES (default 3–5).
COLLECTIVE_REPRESENTATIVES_CITATION = _("《劳动人事争议仲裁办案规则》第六十三条（条号待核实）")


def collective_representatives() -> tuple[int, int]:
    """The fewest and most representatives a collective dispute elects (COLLECTIVE_REPRESENTATIVES_CITATION)."""
    low, high = settings.RENSHE_COLLECTIVE_REPRESENTATIVES
    return int(low), int(high)


# 《劳动人事争议仲裁组织规则》(人社部令第34号) lists a dispute of ten or more workers with a common claim among those a
# tribunal of three arbitrators with a presiding one must hear (secondary sources give 第十三条; unconfirmed; the
# 办案规则's section on collective disputes is quoted to the same effect, without a number): no sole arbitrator
# (劳动争议调解仲裁法 第三十一条) for a collective dispute.
COLLECTIVE_TRIBUNAL_CITATION = _("《劳动人事争议仲裁组织规则》第十三条（条号待核实）")

# 《劳动争议调解仲裁法》第三十一条: the tribunal is three arbitrators with a presiding arbitrator (首席仲裁员), or
# one sole arbitrator (独任) for a simple case; 第三十二条: its make-up is notified to the parties within 5 days.
PANEL_ARBITRATORS = 3
TRIBUNAL_CITATION = _("《劳动争议调解仲裁法》第三十一条")
TRIBUNAL_NOTICE = _period(
    "arbitration.tribunal_notice",
    _("仲裁庭组成通知期限"),
    5,
    PeriodUnit.CALENDAR,
    _("《劳动争议调解仲裁法》第三十二条"),
)
# 同法第三十三条: an arbitrator withdraws on the four grounds listed there, of their own motion or on a party's
# request (oral or written); the commission decides promptly and tells the parties. 第三十四条: an arbitrator who
# met a party in private or took gifts (第三十三条第四项), or took bribes, is liable and dismissed.
RECUSAL_CITATION = _("《劳动争议调解仲裁法》第三十三条")
ARBITRATOR_LIABILITY_CITATION = _("《劳动争议调解仲裁法》第三十四条")

# 同法第二十七条第四款: 劳动关系存续期间因拖欠劳动报酬发生争议的，劳动者申请仲裁不受本条第一款规定的仲裁时效期间的
# 限制；但是，劳动关系终止的，应当自劳动关系终止之日起一年内提出. The claims that are 劳动报酬: pay and overtime pay.
# The double wages of 劳动合同法 第八十二条 are left out: courts mostly read them as a penalty, not pay (unconfirmed).
LIMITATION_PAY_CLAIMS = frozenset({"unpaid_wages", "overtime"})
LIMITATION_INTERRUPTION_CITATION = _("《劳动争议调解仲裁法》第二十七条第二款")
LIMITATION_SUSPENSION_CITATION = _("《劳动争议调解仲裁法》第二十七条第三款")
LIMITATION_PAY_CITATION = _("《劳动争议调解仲裁法》第二十七条第四款")

# 《劳动争议调解仲裁法》第四十七条: 下列劳动争议，除本法另有规定的外，仲裁裁决为终局裁决，裁决书自作出之日起发生法律效力：
# （一）追索劳动报酬、工伤医疗费、经济补偿或者赔偿金，不超过当地月最低工资标准十二个月金额的争议；（二）因执行国家的
# 劳动标准在工作时间、休息休假、社会保险等方面发生的争议。 Item (一) is tested per awarded item (最高人民法院《关于审理
# 劳动争议案件适用法律问题的解释（一）》第十九条) against the minimum wage in force on the day of the award; work-injury
# benefits other than 工伤医疗费 (工伤待遇: disability allowances and the like) are in neither item, so never final.
FINAL_AWARD_CITATION = _("《劳动争议调解仲裁法》第四十七条")
FINAL_AWARD_MINIMUM_WAGE_MONTHS = 12
FINAL_AWARD_AMOUNT_TESTED_CLAIMS = frozenset(
    {"unpaid_wages", "overtime", "double_wages", "work_injury_medical", "economic_compensation", "damages"}
)
# 同条第（二）项: final whatever the amount.
FINAL_AWARD_LABOUR_STANDARD_CLAIMS = frozenset({"working_hours", "rest_leave", "social_insurance"})
# 《劳动人事争议仲裁办案规则》（人社部令第33号）第五十条: 仲裁庭裁决案件时，裁决内容同时涉及终局裁决和非终局裁决的，应当
# 分别制作裁决书，并告知当事人相应的救济权利. The article's number is confirmed (the rules' official commentary titles
# 第五十条 "终局裁决"); its wording only from a secondary source (DOMAIN.md [W]; the 2009 rules put it in 第四十九条).
SEPARATE_AWARDS_CITATION = _("《劳动人事争议仲裁办案规则》第五十条")

# 《劳动保障监察条例》第二十六条: wages owed, pay below the minimum wage or unpaid severance are ordered paid by
# a deadline; if still unpaid, the employer is ordered to pay additional compensation of 50% to 100% of the
# amount owed. (劳动合同法 第八十五条 is parallel.)
EXTRA_COMPENSATION_MIN_RATE = Decimal("0.50")
EXTRA_COMPENSATION_MAX_RATE = Decimal("1.00")

# 民法典 第二百零三条第二款: a period's last day ends at 24:00, so an order or decision that sets a deadline (限期)
# is not "not complied with" until the day after it. Only then may non-compliance be recorded, and only then
# follow the police transfer (法释〔2013〕3号 第四条: 逾期仍不支付), the dishonest list (人社部令第45号 第五条) and
# extra compensation (《劳动保障监察条例》第二十六条: 逾期不支付的).
NON_COMPLIANCE_CITATION = _("《民法典》第二百零三条第二款；法释〔2013〕3号第四条")


def deadline_passed(deadline: date, on: date) -> bool:
    """Whether a deadline set by an order or decision has run out by `on` (NON_COMPLIANCE_CITATION)."""
    return on > deadline


# 《劳动保障监察条例》第十六条: inspection is carried out by at least two inspectors.
INSPECTORS_PER_ACTION = 2
INSPECTORS_CITATION = _("《劳动保障监察条例》第十六条")

# 最高人民法院《关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》（法释〔2013〕3号）第三条: "数额较大"
# is either one worker's pay for three months or more, or the pay of ten or more workers; the yuan figures are
# each province's (settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE / _TOTAL).
CRIMINAL_SINGLE_WORKER_MIN_MONTHS = 3
CRIMINAL_MANY_WORKERS_MIN = 10

# The appeal rights printed on every administrative decision of the bureau (a handling decision must state them:
# 《劳动保障监察条例》第十九条; a penalty decision too: 《行政处罚法》第五十九条第一款第（五）项, from memory):
# 行政复议 within 60 days of learning of the act (《行政复议法》(2023) 第二十条第一款) and 行政诉讼 within 6 months
# (《行政诉讼法》第四十六条第一款). Each decision stores the text it was issued with, so a later correction here
# does not alter issued documents.
ADMINISTRATIVE_APPEAL_RIGHTS = _(
    "如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
)


@dataclass(frozen=True)
class PenaltyRange:
    """A fine the law sets for one violation, in yuan: a fixed range, a range per worker harmed, or a multiple
    of an amount (the wages concealed). `confirmed=False`: from memory (shared/DOMAIN.md lists 《劳动保障监察条例》
    第二十三条—第三十条 only as [M]); a deployment checks them before use."""

    key: str
    label: str | Promise
    citation: str | Promise
    low: Decimal
    high: Decimal
    per: str = "case"  # "case", "worker" (per worker harmed) or "multiple" (times the amount concerned)
    confirmed: bool = False

    def bounds(self, workers: int = 0, base: Decimal = Decimal(0)) -> tuple[Decimal, Decimal]:
        factor = {"case": Decimal(1), "worker": Decimal(workers), "multiple": base}[self.per]
        return self.low * factor, self.high * factor


PENALTIES: dict[str, PenaltyRange] = {
    p.key: p
    for p in (
        PenaltyRange(
            "special_protection",
            _("违反女职工和未成年工特殊劳动保护规定"),
            _("《劳动保障监察条例》第二十三条"),
            Decimal("1000"),
            Decimal("5000"),
            per="worker",
        ),
        PenaltyRange(
            "excess_overtime",
            _("违法延长劳动者工作时间"),
            _("《劳动保障监察条例》第二十五条"),
            Decimal("100"),
            Decimal("500"),
            per="worker",
        ),
        PenaltyRange(
            "concealed_payroll",
            _("申报社会保险费时瞒报工资总额或者职工人数"),
            _("《劳动保障监察条例》第二十七条第一款"),
            Decimal("1"),
            Decimal("3"),
            per="multiple",
        ),
        PenaltyRange(
            "employment_services",
            _("违反职业介绍、职业技能培训或者职业技能考核鉴定规定"),
            _("《劳动保障监察条例》第二十八条第一款"),
            Decimal("10000"),
            Decimal("50000"),
        ),
        PenaltyRange(
            "obstruction",
            _("无理抗拒、阻挠劳动保障监察，或者拒不报送材料、隐匿毁灭证据，或者拒不改正、拒不履行处理决定"),
            _("《劳动保障监察条例》第三十条第一款第（一）项至第（三）项"),
            Decimal("2000"),
            Decimal("20000"),
        ),
    )
}

# 《行政处罚法》(2021) 第四十四条、第四十五条: before a penalty the party is told its facts, grounds and basis and
# its right to state a defence; 第六十三条第一款第（一）项: for a large fine (较大数额罚款) also of its right to a
# hearing — "large" is the province's figure, a dated parameter (core.parameters, AmountKind.HEARING_THRESHOLD);
# 第六十四条第（一）项: a hearing is asked for within 5 days of being told. 第四十五条第二款: the defence does not make
# the penalty heavier, so the decision's fine is at most the notice's.
PENALTY_NOTICE_CITATION = _("《行政处罚法》第四十四条、第四十五条")
HEARING_RIGHT_CITATION = _("《行政处罚法》第六十三条")
PENALTY_HEARING_REQUEST = _period(
    "inspection.hearing_request",
    _("听证申请期限"),
    5,
    PeriodUnit.CALENDAR,
    _("《行政处罚法》第六十四条第（一）项"),
)

# 拖欠农民工工资失信联合惩戒对象名单 (《保障农民工工资支付条例》第四十八条; 人社部令第45号). shared/DOMAIN.md has the
# listing conditions (第五条), the 3-year term and early removal only from a
# secondary source [W]; the article numbers below and the defence period are from memory, unverified:
# before listing the employer is told the grounds and may state a defence within 5 working days; listed, it may be
# removed early once it has corrected the arrears and 6 months have passed since (满6个月: from the day after the
# corresponding date, 民法典 第二百零一条、第二百零二条) and it has made a written good-faith promise (信用承诺).
DISHONEST_DEFENCE = _period(
    "inspection.dishonest_defence",
    _("拟列入失信名单陈述申辩期限"),
    5,
    PeriodUnit.WORKING,
    _("《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人社部令第45号，告知陈述申辩，条号待核实）"),
    confirmed=False,
)
# The list's term and early removal count in calendar months and years (民法典 第二百零二条): their own periods, so
# that a province's rule can change them as any other.
DISHONEST_LIST_TERM = _period(
    "inspection.dishonest_term",
    _("失信联合惩戒名单期限"),
    3,
    PeriodUnit.YEARS,
    _("《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人社部令第45号，名单期限，条号待核实）"),
    confirmed=False,
)
DISHONEST_REPAIR = _period(
    "inspection.dishonest_repair",
    _("信用修复提前移出期限"),
    6,
    PeriodUnit.MONTHS,
    _("《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人社部令第45号，信用修复提前移出，条号待核实）"),
    confirmed=False,
)
