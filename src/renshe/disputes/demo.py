"""Demo disputes: three years of Zhangjiang-like history and a handful of live cases in every state.

The history (HISTORY_YEARS × CASES_PER_YEAR cases at 张江镇劳动争议调解中心, its studio and its "X"
organisations, with 先行调解率 and 调解成功率 near 80% as in the story) comes from the generate_disputes
generator, which writes in bulk; about a second on SQLite. The live cases go through the real services, so
their timelines, workbench tasks and numbers are exactly what staff would produce; their numbers continue
the series the history left.

settings.RENSHE_DEMO_DISPUTES chooses what is built: "full" (history and live cases), "live", "off", or
"auto" (the default): "full" for the real demo (at least FULL_DEMO_MIN_ENTERPRISES enterprises) and "off"
for the small worlds tests build, which expect an empty dispute register and the first case number.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from renshe.core import law
from renshe.core.casework import version_of
from renshe.core.models import Enterprise
from renshe.core.services import due_soon_date
from renshe.core.synthetic import GIVEN, SURNAMES, citizen_id, credit_code, mobile
from renshe.core.workdays import compute_deadline

from . import services
from .generator import Generator
from .models import HearingRoom, Litigant, RecusalGround, RecusalSource, ServiceMethod, TribunalMakeup
from .services import ApplicantInput, ClaimInput, ItemInput, RespondentInput

HISTORY_YEARS = 3
CASES_PER_YEAR = 1500
PRIOR_MEDIATION = SUCCESS = 0.8
FULL_DEMO_MIN_ENTERPRISES = 100


def build(world, rng: random.Random) -> None:
    """Add demo disputes to a freshly built demo world (called by core.demo.build)."""
    build_rooms(world)
    mode = getattr(settings, "RENSHE_DEMO_DISPUTES", "auto")
    if mode == "auto":
        mode = "full" if Enterprise.objects.count() >= FULL_DEMO_MIN_ENTERPRISES else "off"
    if mode == "full":
        build_history(world, rng)
    if mode in ("full", "live"):
        LiveCases(world, rng).build()


# the hearing rooms of each commission and tribunal (仲裁庭室)
ROOMS = {
    "pd_arbitration": ["第一仲裁庭", "第二仲裁庭", "第三仲裁庭"],
    "zj_tribunal": ["第一仲裁庭", "第二仲裁庭"],
    "fx_arbitration": ["第一仲裁庭", "第二仲裁庭"],
}


def build_rooms(world) -> None:
    HearingRoom.objects.bulk_create(
        HearingRoom(organisation=world.orgs[key], name=name) for key, names in ROOMS.items() for name in names
    )


def build_history(world, rng: random.Random) -> None:
    Generator(
        centre=world.orgs["zj_centre"],
        count=HISTORY_YEARS * CASES_PER_YEAR,
        years=HISTORY_YEARS,
        seed=rng.randrange(2**31),
        prior_mediation=PRIOR_MEDIATION,
        success=SUCCESS,
        commission=world.orgs["zj_tribunal"],
    ).run(progress=False)


class LiveCases:
    """One case in every state, each on the workbench it belongs to."""

    def __init__(self, world, rng: random.Random):
        self.world, self.rng, self.u, self.o = world, rng, world.users, world.orgs
        self.today = timezone.localdate()
        self.firms = list(
            Enterprise.objects.filter(street=self.o["street:310115125"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.next_firm = 0

    def day(self, days_ago: int):
        return self.today - timedelta(days=days_ago)

    def received_for(self, state: str) -> int:
        """How many days ago a case must have come in for its mediation task to be due soon, or overdue,
        today (rest days and holidays move the due date, so it is computed, not assumed). Some days no
        start makes a case due soon — on 5 February 2027 the Spring Festival's rest days move every due
        date past the 4th to the 11th, whose reminder starts on the 7th: the case then is the one nearest
        its due date that is still running."""
        running = []
        for days_ago in range(8, 40):
            due = compute_deadline(law.MEDIATION_PERIOD, self.day(days_ago)).due
            soon = due_soon_date(self.day(days_ago), due)
            if (state == "due-soon" and soon <= self.today <= due) or (
                state == "overdue" and due < self.today
            ):
                return days_ago
            if due >= self.today:
                running.append((due, days_ago))
        if state == "due-soon" and running:
            return min(running)[1]
        raise AssertionError(state)

    def apply(
        self,
        days_ago: int,
        *,
        workers: int = 1,
        claims=None,
        by: str | None = "zj_centre",
        facts: str = "",
        centre: str = "zj_centre",
        respondent: RespondentInput | None = None,
    ):
        self.next_firm += 1
        # 第七条: the workers of a firm who apply together claim the same (collective when ten or more)
        collective = services.is_collective(workers, common_claim=True)
        applicants = [
            ApplicantInput(
                citizen_id(self.rng),
                self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN),
                phone=mobile(self.rng),
                representative=i < (law.collective_representatives()[0] if collective else 1),
            )
            for i in range(workers)
        ]
        case, _code = services.apply_for_mediation(
            by=self.u[by] if by else None,
            channel="counter" if by else "portal",
            centre=self.o[centre],
            applicants=applicants,
            respondent=respondent
            or RespondentInput(enterprise_id=self.firms[self.next_firm % len(self.firms)]),
            claims=claims
            or [ClaimInput("unpaid_wages", Decimal("16800.00")), ClaimInput("overtime", Decimal("2450.00"))],
            facts=facts or "被申请人拖欠申请人近两个月工资及加班费，经多次催讨未果，申请调解。",
            case_type="remuneration",
            received_on=self.day(days_ago),
            common_claim=workers > 1,
        )
        return case

    def accept(self, case):
        return services.accept_dispute(case, by=self.u["zj_centre"], version=case.version)

    def mediate(self, case, org: str | None = None):
        """Accepted, referred to `org` (or kept by the centre), and taken up by its mediator."""
        case = self.accept(case)
        user = {"zj_studio": "zj_studio", "village:环东村": "zj_village", None: "zj_centre"}[org]
        if org:
            case = services.refer_dispute(case, by=self.u["zj_centre"], to=self.o[org], version=case.version)
        return services.take_up_dispute(case, by=self.u[user], mediators=[self.u[user]], version=case.version)

    def session(self, case, by: str, days_ago: int, minutes: str) -> None:
        held = timezone.make_aware(datetime.combine(self.day(days_ago), time(9, 30)))
        services.record_session(
            case,
            by=self.u[by],
            held_at=held,
            place="张江镇劳动争议调解中心调解室",
            attendees="双方当事人",
            minutes=minutes,
            version=version_of(case),
        )

    def arbitrate(self, case, applied_days_ago: int, accepted_days_ago: int | None = None):
        services.refer_to_arbitration(
            case,
            by=self.u["zj_centre"],
            commission=self.o["zj_tribunal"],
            applied_on=self.day(applied_days_ago),
            version=version_of(case),
        )
        case.refresh_from_db()
        if accepted_days_ago is not None:
            services.accept_arbitration(
                case,
                by=self.u["zj_arbitrator"],
                accepted_on=self.day(accepted_days_ago),
                version=version_of(case),
            )
            case.refresh_from_db()
        return case

    def award(self, case, days_ago: int):
        services.make_award(
            case,
            by=self.u["zj_arbitrator"],
            awarded_on=self.day(days_ago),
            summary="被申请人支付申请人拖欠工资16,800.00元、加班费2,450.00元。",
            items=[
                ClaimInput("unpaid_wages", Decimal("16800.00")),
                ClaimInput("overtime", Decimal("2450.00")),
            ],
            version=version_of(case),
        )
        case.refresh_from_db()
        return case

    def serve(self, case, worker_days_ago: int, employer_days_ago: int):
        """The award served on each worker and on the employer, received on those days: each party's time
        to go to court runs from its own day (劳动争议调解仲裁法 第四十八条至第五十条)."""
        for applicant in case.applicants.order_by("id"):
            services.serve_award(
                case,
                by=self.u["zj_arbitrator"],
                party=str(applicant.pk),
                method=ServiceMethod.PERSONAL,
                received_on=self.day(worker_days_ago),
                version=version_of(case),
            )
        services.serve_award(
            case,
            by=self.u["zj_arbitrator"],
            party=Litigant.EMPLOYER,
            method=ServiceMethod.POST,
            received_on=self.day(employer_days_ago),
            version=version_of(case),
        )
        case.refresh_from_db()
        return case

    def build(self) -> None:
        u = self.u
        # 已申请: a worker applied through the portal this morning (受理审查 on the centre's workbench)
        self.apply(0, by=None, facts="本人在公司工作两年，公司10月起未发工资，要求支付拖欠工资。")
        # 不予受理
        case = self.apply(4)
        services.decline_dispute(
            case, by=u["zj_centre"], reason="双方系承揽关系，不属于劳动争议", version=case.version
        )
        # 已受理待分派
        self.accept(self.apply(1))
        # 已转派待接收: waiting for 环东村's mediator
        case = self.accept(self.apply(2))
        services.refer_dispute(case, by=u["zj_centre"], to=self.o["village:环东村"], version=case.version)
        # 调解中, due soon: the studio's retired judge, three days left
        case = self.mediate(self.apply(self.received_for("due-soon")), "zj_studio")
        self.session(case, "zj_studio", 2, "双方对拖欠工资数额无异议，对支付期限分歧较大，约定再次调解。")
        # 调解中, overdue: the centre's own case, past its fifteen days
        case = self.mediate(self.apply(self.received_for("overdue") + 3))
        self.session(case, "zj_centre", 6, "被申请人称资金紧张，要求分期支付，申请人不同意。")
        # 调解中止: the applicant is in hospital
        case = self.mediate(self.apply(6), "village:环东村")
        services.suspend_mediation(
            case,
            by=u["zj_village"],
            reason="申请人住院治疗，无法参加调解",
            on=self.day(1),
            version=version_of(case),
        )
        # 调解成功履行中: agreement signed, the first instalment partly paid
        case = self.mediate(self.apply(15), "zj_studio")
        agreement = services.settle_dispute(
            case,
            by=u["zj_studio"],
            signed_on=self.day(3),
            terms="被申请人分两期支付拖欠工资及加班费。",
            version=case.version,
            items=[
                ItemInput("unpaid_wages", "支付2026年工资", Decimal("16800"), self.day(-7)),
                ItemInput("overtime", "支付加班费", Decimal("2450"), self.day(-30)),
            ],
        )
        services.record_payment(
            agreement.items.first(),
            by=u["zj_studio"],
            amount="8400",
            paid_on=self.day(1),
            version=version_of(agreement.case),
        )
        # … and confirmed by the court on the parties' joint application (司法确认, 民事诉讼法 第二百零五条): enforceable
        confirmation = services.apply_for_judicial_confirmation(
            case,
            by=u["zj_studio"],
            applied_on=self.day(2),
            court="上海市浦东新区人民法院",
            joint=True,
            version=version_of(case),
        )
        services.record_follow_up_result(
            confirmation, by=u["zj_studio"], granted=True, decided_on=self.day(1), version=version_of(case)
        )
        # 已结案: an agreement paid in full
        case = self.mediate(self.apply(40))
        agreement = services.settle_dispute(
            case,
            by=u["zj_centre"],
            signed_on=self.day(30),
            terms="被申请人一次性支付拖欠工资。",
            version=case.version,
            items=[ItemInput("unpaid_wages", "支付拖欠工资", Decimal("12000"), self.day(20))],
        )
        services.record_payment(
            agreement.items.first(),
            by=u["zj_centre"],
            amount="12000",
            paid_on=self.day(25),
            version=version_of(agreement.case),
        )
        # 调解不成
        case = self.mediate(self.apply(10))
        services.fail_mediation(
            case, by=u["zj_centre"], reason="被申请人拒绝支付经济补偿", version=case.version
        )
        # 已撤回
        case = self.mediate(self.apply(8))
        services.withdraw_dispute(case, by=u["zj_centre"], reason="双方自行和解", version=case.version)
        # 仲裁中: one waiting for the tribunal to accept it, one accepted with a hearing set
        self.arbitrate(self.mediate(self.apply(25)), 1)
        case = self.arbitrate(self.mediate(self.apply(35), "zj_studio"), 12, 10)
        services.compose_tribunal(
            case,
            by=u["zj_arbitrator"],
            tribunal=TribunalMakeup.PANEL,
            arbitrators=[u["zj_arbitrator"], u["zj_arbitrator2"], u["pd_arbitrator"]],
            presiding=u["zj_arbitrator"],
            version=version_of(case),
        )
        services.schedule_hearing(
            case,
            by=u["zj_arbitrator"],
            scheduled_at=timezone.make_aware(datetime.combine(self.day(-7), time(9, 0))),
            room=HearingRoom.objects.get(organisation=self.o["zj_tribunal"], name="第一仲裁庭"),
            notified_on=self.today,
            version=version_of(case),
        )
        # the employer asks that 唐明理 step aside: 浦东's commission director (pd_head) decides it
        services.request_recusal(
            case,
            by=u["zj_arbitrator"],
            arbitrator=u["pd_arbitrator"],
            source=RecusalSource.PARTY,
            ground=RecusalGround.RELATION,
            reason="被申请人称该仲裁员曾担任申请人代理人的同事",
            version=version_of(case),
        )
        # 已裁决: served on both parties, inside the period for going to court
        self.serve(self.award(self.arbitrate(self.mediate(self.apply(70)), 50, 48), 5), 3, 2)
        # 诉讼中: the worker sued on the (final) award, within 15 days of receiving it
        case = self.serve(self.award(self.arbitrate(self.mediate(self.apply(100)), 85, 83), 40), 38, 37)
        services.record_suit(
            case,
            by=u["zj_arbitrator"],
            filed_by="worker",
            filed_on=self.day(30),
            court="上海市浦东新区人民法院",
            version=version_of(case),
        )
        # 集体争议: twelve workers of one firm, raised to the centre's leader (zj_lead) at once
        case = self.apply(
            1,
            workers=12,
            claims=[
                ClaimInput("unpaid_wages", Decimal("216000.00")),
                ClaimInput("economic_compensation", Decimal("180000.00")),
            ],
            facts="被申请人停产，拖欠12名员工三个月工资，并未支付解除劳动合同的经济补偿。",
        )
        self.mediate(case)
        self.elsewhere()

    def elsewhere(self) -> None:
        """Work outside 张江: at 曹杨新村街道's centre in 普陀, an application waiting to be examined, one
        accepted and one declined (the district's leader and administrators see them, and their statistics);
        at 南桥镇's centre in 奉贤, an application its mediator examines today."""
        for days_ago, then in ((0, None), (3, "accept"), (9, "decline")):
            case = self.apply(
                days_ago, by="pt_admin", centre="pt_centre", respondent=self.firm_in("pt", days_ago)
            )
            if then == "accept":
                services.accept_dispute(case, by=self.u["pt_admin"], version=case.version)
            elif then == "decline":
                services.decline_dispute(
                    case,
                    by=self.u["pt_admin"],
                    reason="已超过仲裁时效，且无中止、中断情形",
                    version=case.version,
                )
        self.apply(0, by="fx_mediator", centre="fx_centre", respondent=self.firm_in("fx", 0))
        self.streets()

    def streets(self) -> None:
        """普陀's district centre refers what it receives to the streets' mediation bodies (the "X" of its
        network): on each street with a mediator, a case in mediation, its fifteen days nearly up, and one
        referred two days ago, waiting to be taken up."""
        soon = self.received_for("due-soon")
        for street, mediator in (("street:310107005", "pt_caoyang"), ("street:310107014", "pt_changfeng")):
            for days_ago in (soon, 2):
                case = self.apply(
                    days_ago, by="pt_admin", centre="pt_district_centre", respondent=self.firm_on(street)
                )
                case = services.accept_dispute(case, by=self.u["pt_admin"], version=case.version)
                case = services.refer_dispute(
                    case, by=self.u["pt_admin"], to=self.o[street], version=case.version
                )
                if days_ago == 2:
                    continue
                case = services.take_up_dispute(
                    case, by=self.u[mediator], mediators=[self.u[mediator]], version=case.version
                )
                held = timezone.make_aware(datetime.combine(self.day(2), time(14, 0)))
                services.record_session(
                    case,
                    by=self.u[mediator],
                    held_at=held,
                    place=f"{self.o[street].name}劳动争议调解室",
                    attendees="双方当事人",
                    minutes="用人单位承认拖欠工资，提出分三个月支付，申请人要求一次付清，约定再次调解。",
                    version=version_of(case),
                )

    def firm_on(self, street: str) -> RespondentInput:
        """The next employer registered on the street, or a new one named there by credit code."""
        self.next_firm += 1
        firms = list(
            Enterprise.objects.filter(street=self.o[street]).order_by("pk").values_list("pk", flat=True)[:6]
        )
        if firms:
            return RespondentInput(enterprise_id=firms[self.next_firm % len(firms)])
        return RespondentInput(
            credit_code=credit_code(87000 + self.next_firm, "310107"),
            name=f"上海{self.o[street].name[:2]}某餐饮管理有限公司",
            street_id=self.o[street].pk,
        )

    def firm_in(self, district: str, n: int) -> RespondentInput:
        """An employer of the district from the registry, or a new one named by credit code."""
        path = self.o[district].path
        firms = list(
            Enterprise.objects.filter(street__path__startswith=path)
            .order_by("pk")
            .values_list("pk", flat=True)[:12]
        )
        if firms:
            return RespondentInput(enterprise_id=firms[n % len(firms)])
        street = self.o["street:310107005" if district == "pt" else "street:310120101"]
        area = "310107" if district == "pt" else "310120"
        return RespondentInput(
            credit_code=credit_code(88000 + n, area),
            name=f"上海{street.name[:2]}某商贸有限公司",
            street_id=street.pk,
        )
