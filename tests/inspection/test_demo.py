"""The demo's inspection cases: the Fengxian story reproduced step by step through the services, with every
balance reconciling, and a year of ordinary cases in every state."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from renshe.core import selectors as core_selectors
from renshe.core.models import Enterprise, User
from renshe.core.money import MoneySum
from renshe.core.timeline import verify_chain
from renshe.disputes.models import DisputeCase
from renshe.inspection import demo, selectors
from renshe.inspection.models import (
    AdvancePayment,
    CoordinationMeeting,
    DishonestListing,
    InspectionCase,
    PoliceTransfer,
    Report,
    WageClaim,
    WagePayment,
)
from renshe.inspection.workflow import FINISHED, Status
from tests.world import demo_loaded_once

from .test_ledger import assert_reconciles

# due dates, windows and ages are counted from today: bin/test runs this module at several dates
pytestmark = pytest.mark.clock


@pytest.fixture(scope="module")
def demo_once(migrated_tables, django_db_blocker):
    with demo_loaded_once(
        django_db_blocker, migrated_tables, RENSHE_DEMO_INSPECTION="full", RENSHE_DEMO_DISPUTES="off"
    ):
        yield


@pytest.fixture
def full_demo(demo_once, db):
    """load_demo with a small registry but the inspection cases the real demo gets (disputes left out)."""


@pytest.fixture
def story(full_demo):
    return InspectionCase.objects.get(respondent__name=demo.STORY_FACTORY)


def test_the_fengxian_story_is_there_step_by_step(story):
    case = story
    assert case.status == Status.DECIDED and case.group_case and case.worker_count == demo.STORY_WORKERS
    assert case.reports.count() == 2
    hotline = case.reports.get(channel="hotline")
    assert hotline.anonymous and hotline.reporter_id is None and not hotline.reporter_contact
    assert set(case.inspectors.values_list("username", flat=True)) == {"fx_inspector", "fx_inspector2"}
    assert case.records.count() == 3
    assert all(r.inspectors.count() >= 2 for r in case.records.all())
    order = case.orders.get()
    assert order.served_on and order.complied is False and order.amount_to_pay == case.owed_total
    meeting = CoordinationMeeting.objects.get(case=case)
    bodies = set(meeting.attendees.values_list("body", flat=True))
    assert {"town", "soe", "court", "union", "arbitration"} <= bodies
    assert meeting.tasks.filter(done_on__isnull=False).count() == 1
    assert meeting.tasks.filter(done_on__isnull=True).count() == 2  # still running
    claims = WageClaim.objects.filter(case=case)
    mediated = claims.filter(resolution="mediation")
    assert mediated.count() == demo.STORY_MEDIATED
    assert {c.dispute.organisation.name for c in mediated} == {"南桥镇劳动争议调解中心"}
    assert not mediated.exclude(dispute__mediators__username="fx_mediator").exists()
    # the advance performed the agreements: closed, nothing left on the mediator's workbench
    assert {c.dispute.status for c in mediated} == {"closed"}
    assert all(c.dispute.paid_total == c.owed_total for c in mediated)
    arbitrating = claims.filter(resolution="arbitration")
    assert arbitrating.count() == demo.STORY_WORKERS - demo.STORY_MEDIATED
    for claim in arbitrating:
        dispute = DisputeCase.objects.get(pk=claim.dispute_id)
        assert dispute.status == "arbitration"
        assert dispute.claims.filter(claim_type="economic_compensation").exists()
    assert case.statements.exists()
    decision = case.decisions.get()
    assert decision.extra_compensation_rate == Decimal("0.50") and decision.complied is False
    assert PoliceTransfer.objects.filter(case=case).exists()
    assert DishonestListing.objects.filter(case=case, enterprise=case.respondent).exists()
    # deadlines are live: the investigation period has not run out yet
    assert case.investigation_due_on >= timezone.localdate()


def test_the_story_balances_reconcile_to_the_cent(story):
    case = assert_reconciles(story)
    claims = WageClaim.objects.filter(case=case)
    mediated = claims.filter(resolution="mediation")
    advance = AdvancePayment.objects.get(case=case)
    assert advance.payer.name == demo.SOE_NAME
    mediated_owed = mediated.aggregate(s=MoneySum("owed_total"))["s"]
    # the SOE advanced exactly the mediated workers' wages, each paid in full
    assert advance.advanced_total == mediated_owed == case.advanced_total
    assert not mediated.exclude(paid_total=F("owed_total")).exists()
    # part repaid from the court's enforcement, the rest outstanding
    assert Decimal("0") < advance.repaid_total < advance.advanced_total
    assert advance.outstanding == advance.advanced_total - advance.repaid_total
    assert advance.repayments.get().reference.startswith("（")
    enforcement = WagePayment.objects.filter(claim__case=case, source="enforcement")
    assert enforcement.count() == 1 and enforcement.get().claim.resolution == "arbitration"
    assert case.paid_total == mediated_owed + enforcement.get().amount
    assert case.balance == case.owed_total - case.paid_total > 0
    summary = selectors.ledger_summary(case)
    assert summary.workers_paid_in_full == demo.STORY_MEDIATED
    assert summary.advance_outstanding == advance.outstanding


def test_a_year_of_cases_in_every_state(full_demo):
    cases = InspectionCase.objects.filter(organisation__name="奉贤区劳动保障监察大队")
    assert set(cases.values_list("status", flat=True).distinct()) == set(Status.values)
    assert 35 <= cases.count() <= 50
    today = timezone.localdate()
    oldest = cases.order_by("received_on").first().received_on
    assert 300 <= (today - oldest).days <= 366  # a year of history
    # what is still open is recent; what is finished has its date
    assert not cases.exclude(status__in=FINISHED).filter(received_on__lt=today - timedelta(days=366)).exists()
    assert not cases.filter(status__in=FINISHED, closed_on__isnull=True).exists()
    # intake: portal, hotline and counter; an anonymous report; a refusal for the two-year limit
    assert {"portal", "hotline", "counter"} <= set(Report.objects.values_list("channel", flat=True))
    assert Report.objects.filter(anonymous=True, case__status=Status.RECEIVED).exists()
    assert cases.filter(status=Status.REFUSED, refusal_reason__contains="第二十条").exists()
    assert cases.filter(extended=True).exists()
    # every case reconciles, and closed cases were paid in full
    for case in cases:
        assert_reconciles(case)
    assert not cases.filter(status=Status.CLOSED).exclude(paid_total=F("owed_total")).exists()
    # numbers are the brigade's series
    assert all(n.startswith("奉人社监〔") for n in cases.values_list("number", flat=True))


def test_the_workbenches_and_scope(full_demo):
    inspector = User.objects.get(username="fx_inspector")
    items = core_selectors.work_items_for(inspector)
    for kind in (
        "inspection.intake",
        "inspection.investigate",
        "inspection.order_check",
        "inspection.decision_check",
        "inspection.meeting_task",
    ):
        assert items.filter(kind=kind).exists(), kind
    assert (
        core_selectors.work_items_for(User.objects.get(username="fx_admin"))
        .filter(kind="inspection.group_case")
        .exists()
    )
    fengxian = InspectionCase.objects.filter(organisation__name="奉贤区劳动保障监察大队")
    assert selectors.inspections_for(inspector).count() == fengxian.count()
    # a street sees the cases worked on its ground, not another's
    caoyang = selectors.inspections_for(User.objects.get(username="pt_caoyang"))
    assert not caoyang.exclude(street__name="曹杨新村街道").exists()


def test_putuo_has_complaints_and_a_group_case_before_its_leaders(full_demo):
    putuo = InspectionCase.objects.filter(organisation__name="普陀区劳动保障监察大队")
    assert putuo.count() == 3 and putuo.filter(group_case=True, worker_count=12).count() == 1
    assert {c.status for c in putuo} == {Status.RECEIVED, Status.ACCEPTED}
    leader = User.objects.get(username="pt_leader")
    assert set(selectors.inspections_for(leader)) == set(putuo)
    assert core_selectors.work_items_for(leader).filter(kind="inspection.group_case").count() == 1


def test_the_timeline_is_intact_and_the_enterprise_file_shows_the_story(story):
    assert verify_chain().intact
    admin = User.objects.get(username="fx_admin")
    labels = [r.label for r in selectors.enterprise_file_rows(story.respondent, admin)]
    assert story.number in labels and "移送公安机关" in labels
    assert Enterprise.objects.filter(name=demo.SOE_NAME).count() == 1
