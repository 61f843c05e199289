"""Demo inspection cases: the Fengxian story step by step, and a year of ordinary cases in every state.

The story (奉贤, 2021, moved to the last months so its deadlines are live): a prop manufacturer owes twelve
workers five months of wages; eight complain at the counter, a 12345 hand-off names four more and joins the
same case; the brigade files it, two inspectors investigate, a rectification order is served and not complied
with (a court has frozen the company's account); a coordination meeting with the town, a state-owned
enterprise, the court, the union and the arbitration commission agrees who does what; eight workers sign
mediation agreements at 南桥镇劳动争议调解中心 and the SOE advances their wages; four who also claim economic
compensation go to arbitration; a handling decision follows the statement and defence; the case is
transferred to the police and the employer listed; the court's enforcement pays one worker and repays part of
the advance. The case stays open (已作出处理决定) with enforcement and a meeting task still running.

Everything goes through the real services, so numbers, timelines, workbench tasks and every total are what
staff would produce. settings.RENSHE_DEMO_INSPECTION: "full", "off", or "auto" (the default): "full" for the
real demo (at least FULL_DEMO_MIN_ENTERPRISES enterprises), "off" for the small worlds tests build.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from renshe.core import services as core
from renshe.core.casework import version_of
from renshe.core.models import Enterprise, Organisation, OrganisationKind
from renshe.core.money import CENT
from renshe.core.synthetic import GIVEN, SURNAMES, citizen_id, credit_code, mobile
from renshe.disputes import services as disputes

from . import services
from .models import InspectionCase, WageClaim
from .services import AttendeeInput, RespondentInput, TaskInput, WorkerInput
from .workflow import Status

FULL_DEMO_MIN_ENTERPRISES = 100
STORY_FACTORY = "上海某道具制造有限公司"  # registered by core.demo
SOE_NAME = "上海奉贤某国有资产经营集团有限公司"
ENFORCEMENT = "（{year}）沪0120执{n}号"
STORY_WORKERS, STORY_MEDIATED = 12, 8
STORY_RECEIVED_DAYS_AGO = 70
# the year of ordinary cases: (final state, how many)
MIX = [
    ("closed", 16),
    ("received", 3),
    ("refused", 3),
    ("accepted", 3),
    ("investigating", 5),
    ("ordered", 3),
    ("decided", 2),
    ("revoked", 3),
]


def build(world, rng: random.Random) -> None:
    """Add demo inspection cases to a freshly built demo world (called by core.demo.build)."""
    mode = getattr(settings, "RENSHE_DEMO_INSPECTION", "auto")
    if mode == "auto":
        mode = "full" if Enterprise.objects.count() >= FULL_DEMO_MIN_ENTERPRISES else "off"
    if mode == "full":
        demo = Demo(world, rng)
        demo.story()
        demo.year()
        demo.site_checks()
        demo.putuo()


@dataclass
class StoryResult:
    """What the tests check the story against."""

    case_id: int
    advance_id: int
    advanced: Decimal
    repaid: Decimal
    enforcement_paid: Decimal


class Demo:
    def __init__(self, world, rng: random.Random):
        self.world, self.rng, self.u, self.o = world, rng, world.users, world.orgs
        self.today = timezone.localdate()
        self.brigade = self.o["fx_brigade"]
        self.inspector, self.second = self.u["fx_inspector"], self.u["fx_inspector2"]
        self.pair = [self.inspector, self.second]
        self.firms = self._firms(sum(n for _s, n in MIX) + 2)
        self.story_result: StoryResult | None = None

    # --- helpers -----------------------------------------------------------------------------------

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def _firms(self, needed: int, district: str = "fx") -> list[Enterprise]:
        """The district's enterprises (in 奉贤 other than the story's); a small registry is topped up with
        new ones."""
        area = self.o[district]
        firms = list(
            Enterprise.objects.filter(street__path__startswith=area.path)
            .exclude(name=STORY_FACTORY)
            .order_by("pk")[:needed]
        )
        streets = list(
            Organisation.objects.filter(kind=OrganisationKind.STREET, path__startswith=area.path).order_by(
                "path"
            )
        )
        code, serial, place = {"fx": ("310120", 300000, "奉贤"), "pt": ("310107", 310000, "普陀")}[district]
        for i in range(len(firms), needed):
            street = streets[i % len(streets)]
            firms.append(
                core.register_enterprise(
                    by=self.u["admin"],
                    credit_code=credit_code(serial + i, code),
                    data=core.EnterpriseInput(
                        name=f"上海{place}{SURNAMES[i % len(SURNAMES)]}氏{('机械', '服装', '建材', '印刷', '食品')[i % 5]}有限公司",
                        industry="33",
                        street=street.pk,
                        size="small",
                        legal_representative=self.name(),
                        address=f"{place}区{street.name}某路{i + 1}号",
                    ),
                )
            )
        return firms

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)

    def months(self, received: date, count: int, wage: Decimal) -> list[tuple[date, Decimal]]:
        """`count` consecutive months owed, ending the month before `received`."""
        first = received.replace(day=1)
        out = []
        for back in range(count, 0, -1):
            y, m = first.year, first.month - back
            while m <= 0:
                y, m = y - 1, m + 12
            out.append((date(y, m, 1), wage))
        return out

    def workers(self, n: int, received: date, months: int, base: int = 4800) -> list[WorkerInput]:
        return [
            WorkerInput(
                citizen_id(self.rng),
                self.name(),
                phone=mobile(self.rng),
                months=self.months(
                    received,
                    months,
                    (Decimal(base + self.rng.randrange(0, 2400)) + Decimal("0.50")).quantize(CENT),
                ),
            )
            for _ in range(n)
        ]

    def claims(self, case) -> list[WageClaim]:
        return list(WageClaim.objects.filter(case=case).select_related("worker").order_by("id"))

    # --- the Fengxian story --------------------------------------------------------------------------

    def story(self) -> StoryResult:
        factory = Enterprise.objects.get(name=STORY_FACTORY)
        soe = self._soe()
        d = self.day
        start = STORY_RECEIVED_DAYS_AGO
        received = d(start)
        staff = self.workers(STORY_WORKERS, received, 5, base=4600)
        inspector, pair = self.inspector, self.pair

        # 1. eight workers complain at the counter; a 12345 hand-off the next day names four more
        complaint = services.register_report(
            by=inspector,
            brigade=self.brigade,
            kind="complaint",
            channel="counter",
            respondent=RespondentInput(enterprise_id=factory.pk),
            reporter=staff[0],
            content="公司拖欠我们连续五个月工资，老板称公司账户已被法院冻结，无力支付。",
            received_on=received,
            workers=staff[:STORY_MEDIATED],
        )
        case = complaint.case
        services.register_report(
            by=inspector,
            brigade=self.brigade,
            kind="report",
            channel="hotline",
            external_reference=f"12345-{d(start - 1):%Y%m%d}-0117",
            respondent=RespondentInput(enterprise_id=factory.pk),
            content="12345热线转办：匿名来电反映该道具厂还有四名工人被拖欠五个月工资。",
            received_on=d(start - 1),
            anonymous=True,
            workers=staff[STORY_MEDIATED:],
        )
        # 2. filed; two inspectors; an inquiry with the legal representative and a site inspection
        case = services.accept_case(case, by=inspector, filed_on=d(start - 1), version=version_of(case))
        case = services.assign_inspectors(case, by=inspector, inspectors=pair, version=version_of(case))
        services.record_investigation(
            case,
            by=inspector,
            kind="inquiry",
            held_on=d(start - 4),
            place="奉贤区劳动保障监察大队询问室",
            inspectors=pair,
            persons_present="法定代表人钱某",
            content="钱某承认公司拖欠十二名工人连续五个月工资；公司因债务纠纷账户被法院冻结，无力支付。",
            version=version_of(case),
        )
        services.record_investigation(
            case,
            by=self.second,
            kind="site_inspection",
            held_on=d(start - 5),
            place="奉贤区南桥镇某经济园区厂房",
            inspectors=pair,
            persons_present="车间主任、工人代表两名",
            content="现场已停工，调取考勤表、工资表和银行流水，与工人陈述一致。",
            version=version_of(case),
        )
        services.record_investigation(
            case,
            by=inspector,
            kind="evidence",
            held_on=d(start - 6),
            place="开户银行",
            inspectors=pair,
            content="调取公司基本账户冻结裁定及账户流水。",
            version=version_of(case),
        )
        # 3. rectification order, served on the legal representative, not complied with
        order = services.issue_rectification_order(
            case,
            by=inspector,
            issued_on=d(start - 7),
            deadline=d(start - 17),
            requirements="限期支付十二名劳动者连续五个月的工资。",
            version=version_of(case),
        )
        services.record_service(
            order,
            by=inspector,
            served_on=d(start - 7),
            method="direct",
            served_to="法定代表人钱某",
            version=version_of(order.case),
        )
        services.record_compliance(
            order,
            by=inspector,
            complied=False,
            checked_on=d(start - 18),
            note="公司账户被法院冻结，逾期未支付",
            version=version_of(order.case),
        )
        # 4. the coordination meeting
        meeting = services.hold_coordination_meeting(
            case,
            by=inspector,
            held_on=d(start - 21),
            place="南桥镇人民政府第一会议室",
            attendees=[
                AttendeeInput("brigade", self.brigade.name, "吴刚"),
                AttendeeInput("town", "南桥镇人民政府", "分管副镇长"),
                AttendeeInput("soe", soe.name, "财务总监"),
                AttendeeInput("court", "上海市奉贤区人民法院", "执行局法官"),
                AttendeeInput("union", "奉贤区总工会", "法律服务部"),
                AttendeeInput("arbitration", self.o["fx_arbitration"].name, "仲裁员"),
                AttendeeInput("workers", "工人代表", staff[0].name),
            ],
            agreed=(
                "一、接受调解的工人在南桥镇劳动争议调解中心签订调解协议，由国有企业先行垫付工资；"
                "二、法院执行款优先归还垫付款；三、主张经济补偿的工人申请仲裁，仲裁委开通绿色通道；"
                "四、工会为工人提供法律援助。"
            ),
            tasks=[
                TaskInput("垫付签订调解协议工人的工资", soe.name, d(start - 31)),
                TaskInput("执行款优先归还垫付款", "上海市奉贤区人民法院", d(-60)),
                TaskInput("为申请仲裁的工人提供法律援助", "奉贤区总工会", d(-10)),
            ],
            version=version_of(case),
        )
        claims = self.claims(case)
        settling, arbitrating = claims[:STORY_MEDIATED], claims[STORY_MEDIATED:]
        # 5. eight mediation agreements at the town's centre; four arbitration applications
        agreements = []
        for claim in settling:
            agreement = services.settle_by_mediation(
                claim,
                by=self.u["fx_mediator"],
                centre=self.o["fx_centre"],
                signed_on=d(start - 23),
                due_on=d(start - 31),
                version=version_of(claim.case),
            )
            agreements.append(agreement)
        for claim in arbitrating:
            month = claim.months.order_by("month").first().amount
            dispute = services.refer_claim_to_arbitration(
                claim,
                by=self.u["fx_admin"],
                commission=self.o["fx_arbitration"],
                applied_on=d(start - 24),
                extra_claims=[("economic_compensation", month)],
                version=version_of(claim.case),
            )
            disputes.accept_arbitration(
                dispute, by=self.u["fx_admin"], accepted_on=d(start - 26), version=version_of(dispute)
            )
        # 6. the SOE advances the eight workers' wages in full
        advance = services.record_advance(
            case,
            by=inspector,
            payer_kind="enterprise",
            payer=soe,
            decided_on=d(start - 30),
            allocations=[(c.worker, c.balance) for c in settling],
            note="按协调会议定先行垫付，执行款到位后归还",
            version=version_of(case),
        )
        services.complete_meeting_task(
            meeting.tasks.order_by("id").first(),
            by=inspector,
            done_on=d(start - 30),
            version=version_of(meeting.tasks.order_by("id").first().meeting.case),
        )
        # 7. statement and defence, then the handling decision with 50% extra compensation
        services.record_statement(
            case,
            by=inspector,
            notified_on=d(start - 20),
            heard_on=d(start - 22),
            statement="公司账户被法院冻结，确无能力支付，请求从轻处理。",
            version=version_of(case),
        )
        decision = services.issue_handling_decision(
            case,
            by=inspector,
            decided_on=d(start - 32),
            findings="拖欠十二名劳动者连续五个月工资，经责令限期改正逾期未改正。",
            deadline=d(start - 42),
            extra_compensation_rate="0.5",
            version=version_of(case),
        )
        services.record_service(
            decision,
            by=inspector,
            served_on=d(start - 32),
            method="posted",
            served_to="上海某道具制造有限公司",
            version=version_of(decision.case),
        )
        services.record_compliance(
            decision,
            by=inspector,
            complied=False,
            checked_on=d(start - 43),
            version=version_of(decision.case),
        )
        # 8. consequences: still unpaid by the employer itself
        services.transfer_to_police(
            case,
            by=inspector,
            transferred_on=d(start - 44),
            basis="涉嫌拒不支付劳动报酬罪（刑法第二百七十六条之一）",
            reference=f"奉公（经）移字〔{d(start - 44).year}〕第17号",
            version=version_of(case),
        )
        services.notify_dishonest_listing(
            case,
            by=inspector,
            notified_on=d(start - 44),
            grounds="拖欠十二名农民工工资，经责令支付逾期仍不支付",
            version=version_of(case),
        )
        services.list_as_dishonest(
            case,
            by=inspector,
            listed_on=d(start - 60),  # after the employer's defence period, whatever holidays fall in it
            reason="拖欠十二名农民工工资，经责令支付逾期仍不支付",
            responsible_persons="钱某（法定代表人）",
            version=version_of(case),
        )
        # 9. the court's enforcement: one arbitrating worker paid in part, part of the advance repaid
        reference = ENFORCEMENT.format(year=d(start - 50).year, n=2021)
        enforcement_paid = Decimal("5000.00")
        services.record_wage_payment(
            case,
            by=inspector,
            worker=arbitrating[0].worker,
            amount=enforcement_paid,
            paid_on=d(start - 55),
            source="enforcement",
            reference=reference,
            version=version_of(case),
        )
        advance.refresh_from_db()
        repaid = (advance.advanced_total * Decimal("0.6")).quantize(CENT)
        services.record_advance_repayment(
            advance,
            by=inspector,
            amount=repaid,
            repaid_on=d(start - 55),
            reference=reference,
            version=version_of(advance.case),
        )
        advance.refresh_from_db()
        self.story_result = StoryResult(case.pk, advance.pk, advance.advanced_total, repaid, enforcement_paid)
        return self.story_result

    def _soe(self) -> Enterprise:
        existing = Enterprise.objects.filter(name=SOE_NAME).first()
        if existing:
            return existing
        return core.register_enterprise(
            by=self.u["admin"],
            credit_code=credit_code(99002, "310120"),
            data=core.EnterpriseInput(
                name=SOE_NAME,
                industry="72",
                street=self.o["street:310120101"].pk,
                size="large",
                legal_representative="国某",
                address="奉贤区南桥镇某大道1号",
                employee_count=1200,
            ),
        )

    # --- a year of ordinary cases -------------------------------------------------------------------

    def year(self) -> None:
        plan = [state for state, n in MIX for _ in range(n)]
        firms = iter(self.firms)
        for i, state in enumerate(plan):
            getattr(self, f"_{state}")(next(firms), i)

    def site_checks(self) -> None:
        """南桥网格's work for the brigade: an employer of a case just filed to verify on site within three
        days, and one the grid has already visited (its findings on the case's timeline)."""
        grid, officer = self.o["grid:南桥网格"], self.u["fx_grid"]
        nanqiao = self.o["street:310120101"].pk
        filed = sorted(  # the employers of 南桥镇 first, where the grid walks
            InspectionCase.objects.filter(organisation=self.brigade, status=Status.ACCEPTED).order_by("pk"),
            key=lambda case: case.street_id != nanqiao,
        )
        asks = ("核实该单位是否仍在经营、实际负责人及联系方式、在岗人数", "核实厂房是否已停工、设备是否搬离")
        for n, (case, ask) in enumerate(zip(filed[:2], asks, strict=False)):
            check = services.request_site_check(
                case, by=self.inspector, grid=grid, ask=ask, due_on=self.day(-3), version=version_of(case)
            )
            if n == 1:
                services.record_site_visit(
                    check,
                    by=officer,
                    visited_on=self.today,
                    findings="厂房大门紧闭，门卫称上周起停工，设备尚在；负责人电话无人接听。",
                )

    def putuo(self) -> None:
        """普陀: complaints at the district's brigade, registered and filed by its department's administrator
        (the demo has no 普陀 inspectors): one waiting for acceptance, one filed, and a group case of twelve
        workers, put before the district's leaders at once."""
        brigade, by = self.o["pt_brigade"], self.u["pt_admin"]
        firms = self._firms(3, "pt")
        for firm, (days_ago, workers, accept) in zip(
            firms, ((1, 2, False), (6, 3, True), (2, 12, False)), strict=True
        ):
            report = self._register(firm, days_ago, workers=workers, by=by, brigade=brigade)
            if accept:
                case = report.case
                services.accept_case(case, by=by, filed_on=self.day(days_ago - 1), version=version_of(case))

    def _register(self, firm: Enterprise, days_ago: int, *, workers: int = 0, months: int = 2, **kw):
        received = self.day(days_ago)
        kind = kw.pop("kind", "complaint" if workers else "report")
        staff = self.workers(workers, received, months) if workers else []
        data = {
            "by": self.inspector,
            "brigade": self.brigade,
            "kind": kind,
            "channel": "counter",
            "respondent": RespondentInput(enterprise_id=firm.pk),
            "content": f"{firm.name}拖欠劳动者{months}个月工资，多次讨要未果。",
            "received_on": received,
            "workers": staff,
        }
        if staff and kind == "complaint":
            data["reporter"] = staff[0]
        data.update(kw)
        return services.register_report(**data)

    def _filed(self, firm: Enterprise, days_ago: int, *, workers: int = 3, months: int = 2, **kw):
        case = self._register(firm, days_ago, workers=workers, months=months, **kw).case
        filed = days_ago - 1 if days_ago > 1 else days_ago
        case = services.accept_case(
            case, by=self.inspector, filed_on=self.day(filed), version=version_of(case)
        )
        return services.assign_inspectors(
            case, by=self.inspector, inspectors=self.pair, version=version_of(case)
        )

    def _investigate(self, case, days_ago: int, content: str = ""):
        services.record_investigation(
            case,
            by=self.inspector,
            kind=self.rng.choice(["inquiry", "site_inspection"]),
            held_on=self.day(days_ago),
            place="用人单位经营场所",
            inspectors=self.pair,
            persons_present="用人单位负责人",
            content=content or "用人单位负责人承认拖欠工资，称因资金周转困难，承诺尽快支付。",
            version=version_of(case),
        )
        case.refresh_from_db()
        return case

    def _order(self, case, days_ago: int, *, complied: bool | None = None, term: int = 10):
        order = services.issue_rectification_order(
            case,
            by=self.inspector,
            issued_on=self.day(days_ago),
            deadline=self.day(days_ago - term),
            requirements="限期支付所欠劳动者工资。",
            version=version_of(case),
        )
        services.record_service(
            order,
            by=self.inspector,
            served_on=self.day(days_ago),
            method="direct",
            served_to="法定代表人",
            version=version_of(order.case),
        )
        if complied is not None:
            services.record_compliance(
                order,
                by=self.inspector,
                complied=complied,
                checked_on=self.day(days_ago - term - 1),
                version=version_of(order.case),
            )
        return order

    def _pay_all(self, case, days_ago: int) -> None:
        for claim in self.claims(case):
            services.record_wage_payment(
                case,
                by=self.inspector,
                worker=claim.worker,
                amount=claim.balance,
                paid_on=self.day(days_ago),
                source="employer",
                version=version_of(case),
            )

    def _closed(self, firm, i: int) -> None:
        # spread over the year; every other one needed an order before the employer paid
        received = 340 - i * 19
        case = self._filed(firm, received, workers=1 + i % 5, months=1 + i % 4)
        case = self._investigate(case, received - 5)
        if i % 2:
            self._order(case, received - 8, complied=True, term=3)
        self._pay_all(case, received - 12)
        services.close_case(
            case,
            by=self.inspector,
            result="用人单位已全额支付所欠工资，劳动者签字确认。",
            closed_on=self.day(received - 14),
            version=version_of(case),
        )

    def _received(self, firm, i: int) -> None:
        # still waiting for the intake decision: one from the portal, one anonymous 12345 hand-off, one counter
        variant = i % 3
        if variant == 0:
            self._register(firm, 0, workers=1, months=2, by=None, channel="portal")
        elif variant == 1:
            self._register(
                firm,
                1,
                kind="report",
                channel="hotline",
                anonymous=True,
                external_reference=f"12345-{self.day(1):%Y%m%d}-{i:04d}",
                content=f"12345热线转办：{firm.name}拖欠工人工资两个月，人数不详。",
            )
        else:
            self._register(firm, 2, workers=2, months=3)

    def _refused(self, firm, i: int) -> None:
        variant = i % 3
        days_ago = 200 - i * 7
        if variant == 0:  # two-year limit (条例 第二十条): the reason is prefilled
            report = self._register(
                firm, days_ago, workers=1, months=1, violation_ended_on=self.day(days_ago + 800)
            )
            services.refuse_report(report, by=self.inspector, version=version_of(report.case))
        else:
            report = self._register(firm, days_ago, workers=1, months=1)
            reason = (
                "双方系承揽关系，不属于劳动保障监察事项"
                if variant == 1
                else "已向劳动人事争议仲裁委员会申请仲裁"
            )
            services.refuse_report(report, by=self.inspector, reason=reason, version=version_of(report.case))

    def _accepted(self, firm, i: int) -> None:
        self._filed(firm, 3 + i % 4, workers=2)

    def _investigating(self, firm, i: int) -> None:
        received = 10 + (i % 5) * 17  # the oldest is near its 60 working days
        case = self._filed(firm, received, workers=1 + i % 4, months=2 + i % 2)
        case = self._investigate(case, received - 3)
        if i % 5 == 4:  # one paid in part already
            claim = self.claims(case)[0]
            services.record_wage_payment(
                case,
                by=self.inspector,
                worker=claim.worker,
                amount=(claim.balance / 2).quantize(CENT),
                paid_on=self.day(received - 5),
                source="employer",
                version=version_of(case),
            )
        if i % 5 == 3:  # one extended with the leader's approval
            services.extend_investigation(
                case,
                by=self.inspector,
                approver=self.u["fx_admin"],
                reason="涉及人数较多，需调取银行流水",
                version=version_of(case),
            )

    def _ordered(self, firm, i: int) -> None:
        received = 25 + (i % 3) * 6
        case = self._filed(firm, received, workers=2 + i % 3, months=3)
        case = self._investigate(case, received - 3)
        # the deadline check on the workbench: one still running, the others due to be checked
        self._order(case, received - 5 if i % 3 else 4)

    def _decided(self, firm, i: int) -> None:
        received = 60 + i % 2 * 10
        case = self._filed(firm, received, workers=3, months=4)
        case = self._investigate(case, received - 3)
        self._order(case, received - 5, complied=False)
        services.record_statement(
            case,
            by=self.inspector,
            notified_on=self.day(received - 17),
            waived=True,
            version=version_of(case),
        )
        decision = services.issue_handling_decision(
            case,
            by=self.inspector,
            decided_on=self.day(received - 18),
            findings="拖欠劳动者工资，经责令限期改正逾期未改正。",
            deadline=self.day(received - 33),
            extra_compensation_rate="0.8" if i % 2 else "1.0",
            version=version_of(case),
        )
        services.record_service(
            decision,
            by=self.inspector,
            served_on=self.day(received - 18),
            method="post",
            served_to="用人单位",
            version=version_of(decision.case),
        )

    def _revoked(self, firm, i: int) -> None:
        received = 120 - (i % 3) * 30
        case = self._filed(firm, received, workers=1, months=1)
        if i % 2:
            case = self._investigate(case, received - 2, "用人单位已于立案后次日补发工资，劳动者确认。")
        self._pay_all(case, received - 3)
        services.revoke_case(
            case,
            by=self.inspector,
            reason="违法行为轻微并已及时改正，劳动者工资已全额支付",
            version=version_of(case),
        )


def register() -> None:
    """Called from InspectionConfig.ready(): core.demo.build runs `build` after the disputes demo."""
    from renshe.core import demo as core_demo

    if build not in core_demo.EXTENSIONS:
        core_demo.EXTENSIONS.append(build)
