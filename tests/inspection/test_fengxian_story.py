"""The Fengxian story at service level, every balance checked: a manufacturer owes twelve workers five
months; its account is frozen; the brigade orders payment, convenes the town, a state-owned enterprise,
the court, the union and arbitration; eight workers sign mediation agreements and the SOE advances their
wages, repaid from the court's enforcement; four go to arbitration for economic compensation too."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.models import Enterprise, WorkItem
from renshe.core.subjects import subject_of
from renshe.disputes import services as disputes
from renshe.inspection import selectors, services
from renshe.inspection.models import WageClaim
from renshe.inspection.services import AttendeeInput, RespondentInput, TaskInput
from renshe.inspection.workflow import Status

from .conftest import RECEIVED
from .test_ledger import assert_reconciles

ENFORCEMENT = "（2026）沪0120执2021号"


def test_the_fengxian_case(world, u, brigade, factory, workers):
    inspector, second, mediator, admin = (
        u["fx_inspector"],
        u["fx_inspector2"],
        u["fx_mediator"],
        u["fx_admin"],
    )
    pair = [inspector, second]
    staff = workers(12)
    # 1. eight workers complain at the counter; the 12345 hotline hands over an anonymous report naming four more
    complaint = services.register_report(
        by=inspector,
        brigade=brigade,
        kind="complaint",
        channel="counter",
        respondent=RespondentInput(enterprise_id=factory.pk),
        content="公司拖欠我们2026年4月至8月五个月工资，老板称账户被冻结。",
        received_on=RECEIVED,
        workers=staff[:8],
    )
    case = complaint.case
    hotline = services.register_report(
        by=inspector,
        brigade=brigade,
        kind="report",
        channel="hotline",
        external_reference="12345-20260930-0117",
        respondent=RespondentInput(enterprise_id=factory.pk),
        content="热线转办：该厂还有四名工人被欠薪。",
        received_on=date(2026, 9, 30),
        anonymous=True,
        workers=staff[8:],
    )
    assert hotline.case_id == case.pk
    case.refresh_from_db()
    monthly = sum((Decimal("5200.37") + i for i in range(12)), Decimal(0))
    assert (
        case.worker_count == 12 and case.group_case and case.owed_total == monthly * 5 == Decimal("312352.20")
    )
    assert WorkItem.objects.filter(**subject_of(case), kind="inspection.group_case").count() == 2

    # 2. filed the next day; two inspectors; inquiry and a site inspection on the make-up Saturday
    case = services.accept_case(case, by=inspector, filed_on=date(2026, 9, 30), version=version_of(case))
    assert case.acceptance_due_on == date(2026, 10, 12) and case.investigation_due_on == date(2026, 12, 29)
    services.assign_inspectors(case, by=inspector, inspectors=pair, version=version_of(case))
    services.record_investigation(
        case,
        by=inspector,
        kind="inquiry",
        held_on=date(2026, 10, 9),
        place="大队询问室",
        inspectors=pair,
        persons_present="法定代表人钱某",
        content="承认拖欠十二名工人五个月工资；公司账户已被法院冻结。",
        version=version_of(case),
    )
    services.record_investigation(
        case,
        by=second,
        kind="site_inspection",
        held_on=date(2026, 10, 10),
        place="南桥镇某经济园区厂房",
        inspectors=pair,
        content="现场停工，调取考勤表和工资表。",
        version=version_of(case),
    )

    # 3. rectification order, served, not complied with: the account is frozen
    order = services.issue_rectification_order(
        case,
        by=inspector,
        issued_on=date(2026, 10, 12),
        deadline=date(2026, 10, 22),
        requirements="限于2026年10月22日前支付十二名劳动者2026年4月至8月工资。",
        version=version_of(case),
    )
    assert order.amount_to_pay == Decimal("312352.20")
    services.record_service(
        order,
        by=inspector,
        served_on=date(2026, 10, 12),
        method="direct",
        served_to="钱某",
        version=version_of(order.case),
    )
    services.record_compliance(
        order,
        by=inspector,
        complied=False,
        checked_on=date(2026, 10, 23),
        note="账户被冻结",
        version=version_of(order.case),
    )

    # 4. coordination meeting
    soe = (
        Enterprise.objects.exclude(pk=factory.pk)
        .filter(street__path__startswith=world.orgs["fx"].path)
        .first()
    )
    soe = soe or Enterprise.objects.exclude(pk=factory.pk).first()
    meeting = services.hold_coordination_meeting(
        case,
        by=inspector,
        held_on=date(2026, 10, 26),
        place="南桥镇政府会议室",
        attendees=[
            AttendeeInput("brigade", brigade.name, "吴刚"),
            AttendeeInput("town", "南桥镇人民政府", "副镇长"),
            AttendeeInput("soe", soe.name, "财务总监"),
            AttendeeInput("court", "奉贤区人民法院", "执行局法官"),
            AttendeeInput("union", "奉贤区总工会", "法律部"),
            AttendeeInput("arbitration", world.orgs["fx_arbitration"].name, "仲裁员"),
        ],
        agreed="接受调解的工人签订调解协议，由国有企业先行垫付工资；法院执行款优先归还垫付款；主张经济补偿的工人申请仲裁。",
        tasks=[
            TaskInput("垫付签订调解协议工人的工资", soe.name, date(2026, 11, 6)),
            TaskInput("执行款优先归还垫付款", "奉贤区人民法院", date(2026, 12, 31)),
        ],
        version=version_of(case),
    )

    claims = list(WageClaim.objects.filter(case=case).select_related("worker").order_by("id"))
    settling, arbitrating = claims[:8], claims[8:]
    # 5. eight mediation agreements at the town's centre, signed by its mediator, from the ledger
    for claim in settling:
        agreement = services.settle_by_mediation(
            claim,
            by=mediator,
            centre=world.orgs["fx_centre"],
            signed_on=date(2026, 10, 28),
            due_on=date(2026, 11, 6),
            version=version_of(claim.case),
        )
        assert agreement.case.agreed_total == claim.owed_total
    # four apply for arbitration, adding economic compensation (one month's wage each)
    for claim in arbitrating:
        month = claim.months.first().amount
        dispute = services.refer_claim_to_arbitration(
            claim,
            by=admin,
            commission=world.orgs["fx_arbitration"],
            applied_on=date(2026, 10, 29),
            extra_claims=[("economic_compensation", month)],
            version=version_of(claim.case),
        )
        assert dispute.claimed_total == claim.owed_total + month
        disputes.accept_arbitration(
            dispute, by=admin, accepted_on=date(2026, 10, 30), version=version_of(dispute)
        )

    # 6. the SOE advances the eight workers' wages in full
    advance = services.record_advance(
        case,
        by=inspector,
        payer_kind="enterprise",
        payer=soe,
        decided_on=date(2026, 11, 3),
        allocations=[(c.worker, c.balance) for c in settling],
        note="协调会议定先行垫付",
        version=version_of(case),
    )
    settled_total = sum((c.owed_total for c in settling), Decimal(0))
    assert advance.advanced_total == settled_total == Decimal("208154.80")
    services.complete_meeting_task(
        meeting.tasks.order_by("id").first(),
        by=inspector,
        done_on=date(2026, 11, 3),
        version=version_of(meeting.tasks.order_by("id").first().meeting.case),
    )

    # 7. statement, then a handling decision with 50% extra compensation on what is still unpaid
    services.record_statement(
        case,
        by=inspector,
        notified_on=date(2026, 10, 27),
        heard_on=date(2026, 10, 29),
        statement="账户被冻结，无力支付",
        version=version_of(case),
    )
    decision = services.issue_handling_decision(
        case,
        by=inspector,
        decided_on=date(2026, 11, 4),
        findings="拖欠十二名劳动者五个月工资，逾期未改正。",
        deadline=date(2026, 11, 16),
        extra_compensation_rate="0.5",
        version=version_of(case),
    )
    arbitrating_owed = sum((c.owed_total for c in arbitrating), Decimal(0))
    assert decision.amount_to_pay == arbitrating_owed == Decimal("104197.40")
    assert decision.extra_compensation == Decimal("52098.70")
    services.record_service(
        decision,
        by=inspector,
        served_on=date(2026, 11, 4),
        method="posted",
        served_to="公司",
        version=version_of(decision.case),
    )
    services.record_compliance(
        decision,
        by=inspector,
        complied=False,
        checked_on=date(2026, 11, 17),
        version=version_of(decision.case),
    )

    # 8. the employer, not the SOE, still owes all of it: transfer and listing criteria are met
    check = services.criminal_threshold(case, timezone.localdate())
    assert check.met and check.amount == Decimal("312352.20")
    services.transfer_to_police(
        case,
        by=inspector,
        transferred_on=date(2026, 11, 18),
        basis="涉嫌拒不支付劳动报酬罪",
        version=version_of(case),
    )
    services.notify_dishonest_listing(
        case, by=inspector, notified_on=date(2026, 11, 17), grounds="逾期仍不支付", version=version_of(case)
    )
    services.list_as_dishonest(
        case,
        by=inspector,
        listed_on=date(
            2026, 11, 25
        ),  # 人社部令第45号: after the employer's 5 working days to state a defence
        reason="拖欠十二名农民工工资逾期未付",
        version=version_of(case),
    )

    # 9. court enforcement: pays one arbitrating worker directly and repays part of the advance
    services.record_wage_payment(
        case,
        by=inspector,
        worker=arbitrating[0].worker,
        amount="5000.00",
        paid_on=date(2026, 11, 20),
        source="enforcement",
        reference=ENFORCEMENT,
        version=version_of(case),
    )
    services.record_advance_repayment(
        advance,
        by=inspector,
        amount="150000.00",
        repaid_on=date(2026, 11, 20),
        reference=ENFORCEMENT,
        version=version_of(advance.case),
    )
    case = services.close_case(
        case,
        by=inspector,
        result="八名劳动者经调解由国有企业垫付全部工资；四名劳动者申请仲裁；已移送公安机关。",
        closed_on=date(2026, 11, 20),
        version=version_of(case),
    )
    assert case.status == Status.CLOSED
    # enforcement goes on after closure
    services.record_advance_repayment(
        advance,
        by=inspector,
        amount="58154.80",
        repaid_on=date(2026, 11, 24),
        reference=ENFORCEMENT,
        version=version_of(advance.case),
    )

    # every balance
    case = assert_reconciles(case)
    assert case.owed_total == Decimal("312352.20")
    assert case.paid_total == settled_total + Decimal("5000.00") == Decimal("213154.80")
    assert case.balance == Decimal("99197.40")
    assert case.advanced_total == Decimal("208154.80") and case.repaid_total == Decimal("208154.80")
    advance.refresh_from_db()
    assert advance.outstanding == 0
    for claim in WageClaim.objects.filter(pk__in=[c.pk for c in settling]):
        assert claim.balance == 0 and claim.resolution == "mediation"
        # the advance paid the agreement: recorded there too, so the agreement is performed and closed
        assert (
            claim.dispute.status == "closed"
            and claim.dispute.paid_total == claim.dispute.agreed_total == claim.owed_total
        )
    left = {c.pk: c.balance for c in WageClaim.objects.filter(pk__in=[c.pk for c in arbitrating])}
    assert left[arbitrating[0].pk] == arbitrating[0].owed_total - Decimal("5000.00")
    assert all(left[c.pk] == c.owed_total for c in arbitrating[1:])
    summary = selectors.ledger_summary(case)
    assert summary.by_source == {
        "employer": Decimal("0"),
        "advance": Decimal("208154.80"),
        "enforcement": Decimal("5000.00"),
    }
    assert summary.workers_paid_in_full == 8 and summary.advance_outstanding == 0
    assert not WorkItem.objects.filter(**subject_of(case), status="open").exists()
    labels = [r.label for r in selectors.enterprise_file_rows(factory, admin)]
    assert labels == [case.number, "拖欠农民工工资失信联合惩戒名单", "移送公安机关"]
