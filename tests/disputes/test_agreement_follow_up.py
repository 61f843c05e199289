"""After a mediation agreement (issue 13 point 7): the payment order (劳动争议调解仲裁法 第十六条) only for pay, work-injury
medical costs, compensation or damages left unpaid past due and only once the default is recorded; the joint
application for arbitral review within 15 days of the agreement taking effect (劳动人事争议仲裁办案规则 第七十四条); the
joint application for judicial confirmation within 30 days (民事诉讼法 第二百零五条), the court's ruling (第二百零六条);
each with its result, and an enforceable agreement shown on the case page. Each period at its edge."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from renshe.core import law
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import WorkItem
from renshe.core.selectors import events_for
from renshe.core.subjects import subject_of
from renshe.core.workdays import WorkCalendar, compute_deadline
from renshe.disputes import follow_ups, services
from renshe.disputes.models import AgreementFollowUp, DisputeCase, FollowUpKind
from renshe.disputes.services import ItemInput

pytestmark = pytest.mark.clock

COURT = "上海市浦东新区人民法院"
COMMISSION = "上海市浦东新区劳动人事争议仲裁委员会"
T = timezone.localdate


def fresh(case) -> DisputeCase:
    return DisputeCase.objects.get(pk=case.pk)


@pytest.fixture
def settle(world, apply):
    """settle(signed_on, items) -> case: an application received before `signed_on`, taken up by 张江's centre
    and settled on that day; items are (claim type, amount, due on)."""

    def _settle(signed_on: date, items: list[tuple[str, str, date]]) -> DisputeCase:
        case, _code = apply(days_ago=(T() - signed_on).days + 3)
        centre = world.users["zj_centre"]
        case = services.accept_dispute(case, by=centre, version=case.version)
        case = services.take_up_dispute(case, by=centre, mediators=[centre], version=case.version)
        agreement = services.settle_dispute(
            case,
            by=centre,
            signed_on=signed_on,
            terms="公司按期支付。",
            items=[ItemInput(kind, kind, Decimal(amount), due) for kind, amount, due in items],
            version=case.version,
        )
        return fresh(agreement.case)

    return _settle


def centre(world):
    return world.users["zj_centre"]


def default(world, case) -> DisputeCase:
    return services.declare_default(case, by=centre(world), version=version_of(case))


def payment_order(world, case, applied_on: date | None = None) -> AgreementFollowUp:
    return services.apply_for_payment_order(
        case, by=centre(world), applied_on=applied_on or T(), court=COURT, version=version_of(case)
    )


def review(world, case, applied_on: date, joint: bool = True) -> AgreementFollowUp:
    return services.apply_for_arbitral_review(
        case,
        by=centre(world),
        applied_on=applied_on,
        commission=COMMISSION,
        joint=joint,
        version=version_of(case),
    )


def confirmation(world, case, applied_on: date, joint: bool = True) -> AgreementFollowUp:
    return services.apply_for_judicial_confirmation(
        case, by=centre(world), applied_on=applied_on, court=COURT, joint=joint, version=version_of(case)
    )


def result(world, follow_up, granted: bool, decided_on: date | None = None) -> AgreementFollowUp:
    return services.record_follow_up_result(
        follow_up,
        by=centre(world),
        granted=granted,
        decided_on=decided_on or T(),
        version=version_of(follow_up.agreement.case),
    )


def signed_with_a_working_last_day(period, days_before: int) -> date:
    """A signing day about `days_before` days ago whose period's last day, as counted, is a working day (no
    roll forward): the edge tests then name the day the statute names."""
    day = T() - timedelta(days=days_before)
    calendar = WorkCalendar.load(day - timedelta(days=40), day + timedelta(days=period.length + 1))
    while not calendar.is_working_day(day + timedelta(days=period.length)):
        day -= timedelta(days=1)
    assert compute_deadline(period, day).due == day + timedelta(days=period.length)
    return day


# --- the payment order (第十六条) ----------------------------------------------------------------------------


def test_a_payment_order_waits_for_the_default_to_be_recorded(world, settle):
    """劳动争议调解仲裁法 第十六条: 用人单位在协议约定期限内不履行的 — the default comes first (declare_default)."""
    case = settle(T() - timedelta(days=20), [("unpaid_wages", "8000", T() - timedelta(days=5))])
    with pytest.raises(ValidationFailed, match="不能执行此操作"):  # settled: the workflow has no such step
        payment_order(world, case)
    agreement = case.agreement
    assert follow_ups.payment_order_refusal(agreement, T()).startswith("请先登记“确认到期未履行”")
    case = default(world, case)
    agreement.refresh_from_db()
    assert agreement.defaulted_on == T()
    order = payment_order(world, case)
    assert (order.kind, order.joint, order.authority, order.result) == ("payment_order", False, COURT, "")
    assert fresh(case).status == "failed"  # the worker may still arbitrate (第十五条)
    event = events_for(case).get(verb="dispute.payment_order")
    assert event.summary == f"劳动者向{COURT}申请支付令（《劳动争议调解仲裁法》第十六条）"
    with pytest.raises(ValidationFailed, match="已登记支付令申请"):
        payment_order(world, case)


def test_a_payment_order_only_for_pay_injury_costs_compensation_or_damages(world, settle):
    """第十六条 names 劳动报酬、工伤医疗费、经济补偿或者赔偿金: an unpaid social-insurance item is no ground for one."""
    case = settle(
        T() - timedelta(days=20),
        [
            ("social_insurance", "3000", T() - timedelta(days=5)),
            ("unpaid_wages", "8000", T() + timedelta(days=5)),
        ],
    )
    case = default(world, case)  # the social-insurance item is overdue: a default (第十五条)
    with pytest.raises(ValidationFailed, match="只有拖欠劳动报酬、工伤医疗费、经济补偿或者赔偿金") as refused:
        payment_order(world, case)
    assert refused.value.field == "applied_on"
    assert not AgreementFollowUp.objects.filter(agreement__case=case).exists()
    assert {
        "unpaid_wages",
        "overtime",
        "work_injury_medical",
        "economic_compensation",
        "damages",
    } == law.PAYMENT_ORDER_CLAIMS


def test_a_payment_order_from_the_day_after_the_items_last_day(world, settle):
    """第十六条 (不履行 within the agreed time): the due day is the employer's to its end (民法典 第二百零三条第二款),
    so an application on it is refused and one the next day is taken."""
    due = T() - timedelta(days=4)
    case = settle(
        T() - timedelta(days=20),
        [("other", "1000", T() - timedelta(days=8)), ("economic_compensation", "20000", due)],
    )
    case = default(world, case)
    with pytest.raises(ValidationFailed, match="只有拖欠劳动报酬"):
        payment_order(world, case, applied_on=due)
    order = payment_order(world, case, applied_on=due + timedelta(days=1))
    assert order.applied_on == due + timedelta(days=1)


def test_the_courts_answer_to_a_payment_order_is_recorded_once(world, settle):
    case = default(world, settle(T() - timedelta(days=20), [("overtime", "2000", T() - timedelta(days=5))]))
    order = payment_order(world, case, applied_on=T() - timedelta(days=2))
    with pytest.raises(ValidationFailed, match="结果日期不能早于申请日期"):
        result(world, order, True, decided_on=T() - timedelta(days=3))
    order = result(world, order, True)
    assert (order.result, order.decided_on, order.enforceable) == ("issued", T(), False)
    assert events_for(case).filter(verb="dispute.follow_up_result", summary="法院发出支付令").exists()
    with pytest.raises(ValidationFailed, match="已登记支付令的结果"):
        result(world, order, False)


# --- arbitral review (办案规则 第七十四条) ---------------------------------------------------------------------


def last_day_taken_and_next_refused(world, settle, period, apply, article: str, taken: tuple):
    """Two agreements signed the same day: the joint application on the period's last day is taken (its kind
    and authority `taken`), the one the day after refused with the last day and the article named, and
    nothing written for it."""
    signed = signed_with_a_working_last_day(period, period.length * 2)
    last = signed + timedelta(days=period.length)
    on_time, late = (settle(signed, [("unpaid_wages", "8000", last + timedelta(days=30))]) for _ in range(2))
    application = apply(world, on_time, applied_on=last)
    assert (application.kind, application.authority, application.joint) == (*taken, True)
    with pytest.raises(ValidationFailed, match=f"期限至{last.isoformat()}.*{article}") as refused:
        apply(world, late, applied_on=last + timedelta(days=1))
    assert refused.value.field == "applied_on"
    assert not AgreementFollowUp.objects.filter(agreement__case=late).exists()
    return application, late


def test_arbitral_review_on_the_fifteenth_day_is_taken_and_on_the_sixteenth_refused(world, settle):
    """劳动人事争议仲裁办案规则 第七十四条: within 15 days of the agreement taking effect (its signing, 第十四条)."""
    application, _late = last_day_taken_and_next_refused(
        world, settle, law.MEDIATION_REVIEW_APPLICATION, review, "第七十四条", ("arbitral_review", COMMISSION)
    )
    on_time = application.agreement.case
    # the reminder settle_dispute opened for the review is done with
    assert not WorkItem.objects.filter(
        **subject_of(on_time), kind="dispute.review_reminder", status="open"
    ).exists()


def test_a_last_day_on_a_rest_day_moves_to_the_next_working_day(world, settle):
    """办案规则 第七十四条 counted as 民事诉讼法 第八十五条 counts: a 15th day on a rest day gives way to the next working
    day."""
    signed = T() - timedelta(days=30)
    calendar = WorkCalendar.load(signed - timedelta(days=40), signed + timedelta(days=20))
    while calendar.is_working_day(signed + timedelta(days=15)):
        signed -= timedelta(days=1)
    due = compute_deadline(law.MEDIATION_REVIEW_APPLICATION, signed).due
    assert due > signed + timedelta(days=15)
    case = settle(signed, [("unpaid_wages", "8000", signed + timedelta(days=60))])
    assert review(world, case, applied_on=due).applied_on == due


def test_arbitral_review_is_a_joint_application(world, settle):
    """办案规则 第七十四条: 双方当事人 apply together; one party alone is refused."""
    case = settle(T() - timedelta(days=3), [("unpaid_wages", "8000", T() + timedelta(days=10))])
    with pytest.raises(ValidationFailed, match="仲裁审查须由双方当事人共同申请") as refused:
        review(world, case, applied_on=T(), joint=False)
    assert refused.value.field == "joint"
    with pytest.raises(ValidationFailed, match="不能早于调解协议签订日期"):
        review(world, case, applied_on=T() - timedelta(days=4))


def test_an_arbitral_statement_makes_the_agreement_enforceable_and_rules_out_the_other_roads(
    world, settle, login
):
    case = settle(T() - timedelta(days=3), [("unpaid_wages", "8000", T() - timedelta(days=1))])
    application = review(world, case, applied_on=T() - timedelta(days=1))
    with pytest.raises(ValidationFailed, match="已申请仲裁审查，不能再申请司法确认"):
        confirmation(world, case, applied_on=T())
    application = result(world, application, True)
    assert application.result == "statement" and application.enforceable
    assert follow_ups.enforceable(case.agreement) == application
    case = default(world, case)
    with pytest.raises(
        ValidationFailed, match="仲裁委员会出具调解书，调解协议可以直接向人民法院申请强制执行"
    ):
        payment_order(world, case)
    page = login("zj_centre").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-testid="enforceable"' in page and "具有强制执行力" in page
    assert 'data-action="payment_order"' not in page


# --- judicial confirmation (民事诉讼法 第二百零五条、第二百零六条) ----------------------------------------------------


def test_judicial_confirmation_on_the_thirtieth_day_is_taken_and_on_the_thirty_first_refused(world, settle):
    """民事诉讼法 第二百零五条: 双方当事人自调解协议生效之日起三十日内，共同向……人民法院提出."""
    application, late = last_day_taken_and_next_refused(
        world,
        settle,
        law.JUDICIAL_CONFIRMATION_APPLICATION,
        confirmation,
        "第二百零五条",
        ("judicial_confirmation", COURT),
    )
    with pytest.raises(ValidationFailed, match="司法确认须由双方当事人共同申请"):
        confirmation(world, late, applied_on=application.applied_on, joint=False)


def test_a_rejected_confirmation_leaves_the_review_open_and_a_confirmed_one_is_shown_enforceable(
    world, settle, login
):
    """第二百零六条: rejected, the parties may take another road; confirmed, the agreement may be enforced."""
    case = settle(T() - timedelta(days=5), [("unpaid_wages", "8000", T() + timedelta(days=10))])
    rejected = result(world, confirmation(world, case, applied_on=T() - timedelta(days=4)), False)
    assert rejected.result == "rejected" and not rejected.enforceable
    assert (
        events_for(case).filter(verb="dispute.follow_up_result", summary=f"{COURT}驳回司法确认申请").exists()
    )
    other = settle(T() - timedelta(days=5), [("unpaid_wages", "8000", T() + timedelta(days=10))])
    confirmed = result(world, confirmation(world, other, applied_on=T() - timedelta(days=4)), True)
    assert confirmed.result == "confirmed" and fresh(other).status == "settled"
    page = login("zj_centre").get(f"/disputes/{other.pk}/").content.decode()
    assert f"法院裁定调解协议有效（{T().isoformat()}）：一方当事人拒绝履行或者未全部履行的" in page
    assert "司法确认申请期限" not in page  # enforceable: no application left to make
    assert review(world, case, applied_on=T()).kind == "arbitral_review"  # the rejection closed nothing


def test_a_result_is_recorded_on_a_case_performed_in_full_meanwhile(world, settle):
    case = settle(T() - timedelta(days=5), [("unpaid_wages", "8000", T() + timedelta(days=10))])
    application = confirmation(world, case, applied_on=T() - timedelta(days=4))
    item = case.agreement.items.get()
    services.record_payment(item, by=centre(world), amount="8000", paid_on=T(), version=version_of(case))
    assert fresh(case).status == "closed"
    assert result(world, application, True).result == "confirmed"


# --- the case page offers each only when it would be taken ---------------------------------------------------


def offered(client, case) -> set[str]:
    page = client.get(f"/disputes/{case.pk}/").content.decode()
    return {
        a
        for a in ("payment_order", "arbitral_review", "judicial_confirmation", "follow_up_result")
        if f'data-action="{a}"' in page
    }


def test_the_page_offers_each_application_only_while_it_may_be_made(world, settle, login):
    client = login("zj_centre")
    fresh_one = settle(T() - timedelta(days=3), [("unpaid_wages", "8000", T() + timedelta(days=10))])
    assert offered(client, fresh_one) == {"arbitral_review", "judicial_confirmation"}
    past_review = settle(T() - timedelta(days=20), [("unpaid_wages", "8000", T() - timedelta(days=2))])
    expected = {"judicial_confirmation"}
    if not follow_ups.joint_refusal(past_review.agreement, FollowUpKind.ARBITRAL_REVIEW, T()):
        expected.add("arbitral_review")  # a 15th day carried past a long holiday
    assert offered(client, past_review) == expected
    defaulted = default(world, past_review)
    assert "payment_order" in offered(client, defaulted)
    payment_order(world, defaulted)
    assert {"payment_order"} & offered(client, defaulted) == set()
    assert "follow_up_result" in offered(client, defaulted)
    late = settle(T() - timedelta(days=60), [("social_insurance", "800", T() - timedelta(days=40))])
    assert offered(client, default(world, late)) == set()  # no 第十六条 item, both joint periods run


# --- the old review path (before disputes 0018) ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_old_review_path_becomes_an_application(world, settle):
    """Migration 0018 carries an agreement's review path over: a payment order to the court of the Litigation
    row it opened (the worker's alone), an arbitral review as the joint application it was."""
    order = settle(T() - timedelta(days=20), [("unpaid_wages", "8000", T() - timedelta(days=5))])
    joint = settle(T() - timedelta(days=5), [("unpaid_wages", "8000", T() + timedelta(days=5))])
    before = [("disputes", "0017_collective")]  # the migration before 0018
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        agreements = old.get_model("disputes", "MediationAgreement").objects
        agreements.filter(case_id=order.pk).update(review_path="payment_order", review_applied_on=T())
        old.get_model("disputes", "Litigation").objects.create(
            case_id=order.pk, filed_by="worker", filed_on=T(), court=COURT
        )
        agreements.filter(case_id=joint.pk).update(review_path="arbitration_review", review_applied_on=T())
    finally:
        MigrationExecutor(connection).migrate(leaves)
    carried = {
        f.agreement.case_id: (f.kind, f.applied_on, f.authority, f.joint, f.result, f.recorded_by)
        for f in AgreementFollowUp.objects.select_related("agreement")
    }
    assert carried == {
        order.pk: ("payment_order", T(), COURT, False, "", None),
        joint.pk: ("arbitral_review", T(), "", True, "", None),
    }
