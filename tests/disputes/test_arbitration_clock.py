"""The arbitration clock: the five days to accept (劳动争议调解仲裁法 第二十九条) and the 45 days to award (第四十三条),
restarted by 补正, changed claims, a counterclaim or a transfer and stopped while the hearing stands suspended
(劳动人事争议仲裁办案规则 第四十六条、第四十七条, unconfirmed); and the applicant's suit when the commission refuses, does
not decide in time, or makes no award in time. Each rule at its edge: the period's last day is still the
commission's, the day after it the applicant may sue."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import Event, WorkItem
from renshe.core.subjects import subject_of
from renshe.disputes import services
from renshe.disputes.arbitration_clock import award_clock, court_route
from renshe.disputes.models import HALTS, DisputeCase
from renshe.disputes.services import ClaimInput
from tests import builders, clock

pytestmark = pytest.mark.clock

APPLIED = date(2026, 11, 25)  # a Wednesday
ARBITRATOR = "zj_arbitrator"


def on(day: date):
    """Today is `day` (the suite's clock, moved)."""
    return time_machine.travel(clock.moment(day), tick=True)


def fresh(case) -> DisputeCase:
    return DisputeCase.objects.get(pk=case.pk)


@pytest.fixture
def arbitrating(world, apply):
    """arbitrating(applied_on, accepted_on=None) -> case at the 科创 tribunal, built with today at acceptance."""

    def _arbitrating(applied_on: date = APPLIED, accepted_on: date | None = None):
        with on(accepted_on or applied_on):
            case = builders.mediating(world, apply(days_ago=30)[0])
            return fresh(builders.arbitrating(world, case, applied_on=applied_on, accepted_on=accepted_on))

    return _arbitrating


def suspend(world, case, ground: str, day: date, note: str = ""):
    """A ground of 办案规则 第四十七条 approved by the commission's director (pd_head); a restart or service by
    public notice (第四十六条) recorded by the arbitrator."""
    record, by = (
        (services.suspend_arbitration, "pd_head")
        if ground in HALTS
        else (services.recount_arbitration, ARBITRATOR)
    )
    with on(day):
        record(case, by=world.users[by], ground=ground, on=day, note=note, version=version_of(case))
    return fresh(case)


def resume(world, case, day: date):
    with on(day):
        services.resume_arbitration(case, by=world.users[ARBITRATOR], on=day, version=version_of(case))
    return fresh(case)


def sue(world, case, day: date, filed_by: str = "worker"):
    with on(day):
        return services.record_suit(
            case,
            by=world.users[ARBITRATOR],
            filed_by=filed_by,
            filed_on=day,
            court="浦东新区人民法院",
            version=version_of(case),
        )


def task_due(case, kind: str) -> date:
    return WorkItem.objects.get(**subject_of(case), kind=kind, status="open").due_on


# --- 第二十九条: refused, or no decision within the five days --------------------------------------------


def test_no_decision_on_the_last_day_of_acceptance_is_not_yet_a_route_to_court(world, arbitrating):
    """第二十九条: applied 2026-11-25, five days to 11-30; on 11-30 the commission may still decide."""
    case = arbitrating()
    assert case.arbitration.acceptance_due_on == date(2026, 11, 30)
    with pytest.raises(ValidationFailed, match="2026-12-01起可以起诉"):
        sue(world, case, date(2026, 11, 30))
    assert fresh(case).status == "arbitration"


def test_no_decision_by_the_day_after_lets_the_applicant_sue(world, arbitrating, login):
    """第二十九条: 逾期未作出决定的，申请人可以就该劳动争议事项向人民法院提起诉讼 — from 12-01."""
    case = arbitrating()
    with on(date(2026, 11, 30)):
        assert 'data-action="sue"' not in login(ARBITRATOR).get(f"/disputes/{case.pk}/").content.decode()
    with on(date(2026, 12, 1)):
        page = login(ARBITRATOR).get(f"/disputes/{case.pk}/").content.decode()
        assert 'data-action="sue"' in page and 'data-testid="court-route"' in page
    litigation = sue(world, case, date(2026, 12, 1))
    case = fresh(case)
    assert case.status == "litigation" and litigation.filed_by == "worker" and case.closed_on is None
    assert not WorkItem.objects.filter(**subject_of(case), kind="arbitration.accept", status="open").exists()
    assert "第二十九条" in Event.objects.filter(verb="dispute.sued").latest("id").summary


def test_only_the_applicant_sues_without_an_award(world, arbitrating):
    """第二十九条 gives the route to the applicant (the worker); the employer has none."""
    case = arbitrating()
    with pytest.raises(ValidationFailed, match="由申请人起诉"):
        sue(world, case, date(2026, 12, 1), filed_by="employer")


def test_a_refusal_opens_the_route_the_same_day(world, arbitrating):
    """第二十九条: 对劳动争议仲裁委员会不予受理……的，申请人可以……起诉."""
    case = arbitrating()
    with on(APPLIED):
        services.refuse_arbitration(
            case, by=world.users[ARBITRATOR], reason="不属于受理范围", version=version_of(case)
        )
    case = fresh(case)
    assert case.status == "declined" and court_route(case).open_on(APPLIED)
    sue(world, case, APPLIED)
    case = fresh(case)
    assert case.status == "litigation" and case.closed_on is None


def test_a_declined_mediation_application_has_no_route_to_court(world, apply):
    """仲裁前置 (第五条): a mediation application declined never went to arbitration."""
    case, _code = apply()
    services.decline_dispute(case, by=world.users["zj_centre"], reason="不属于劳动争议", version=case.version)
    assert court_route(fresh(case)) is None


def test_a_correction_before_acceptance_restarts_the_five_days(world, arbitrating):
    """补正 (办案规则, unconfirmed): the five days of 第二十九条 run from the corrections received, 11-28 → 12-03;
    12-03 is still the commission's, the applicant may sue from 12-04."""
    case = suspend(world, arbitrating(), "supplemented", date(2026, 11, 28), "补交劳动合同")
    assert case.arbitration.acceptance_due_on == date(2026, 12, 3)
    assert task_due(case, "arbitration.accept") == date(2026, 12, 3)
    with pytest.raises(ValidationFailed):
        sue(world, case, date(2026, 12, 3))
    sue(world, case, date(2026, 12, 4))
    assert fresh(case).status == "litigation"


def test_before_acceptance_only_a_correction_is_recorded(world, arbitrating):
    with pytest.raises(ValidationFailed, match="受理前只能登记申请人补正材料"):
        suspend(world, arbitrating(), "appraisal", APPLIED)


# --- 第四十三条: no award within the period ------------------------------------------------------------


def test_no_award_on_the_last_day_of_the_period_is_not_yet_a_route_to_court(world, arbitrating):
    """第四十三条第一款: accepted 2026-11-10, 45 days to Friday 12-25, the tribunal's last day."""
    case = arbitrating(date(2026, 11, 9), date(2026, 11, 10))
    assert case.arbitration.award_due_on == date(2026, 12, 25)
    with pytest.raises(ValidationFailed, match="逾期未作出仲裁裁决"):
        sue(world, case, date(2026, 12, 25))


def test_no_award_by_the_day_after_lets_the_applicant_sue(world, arbitrating):
    """第四十三条第一款: 逾期未作出仲裁裁决的，当事人可以就该劳动争议事项向人民法院提起诉讼 — from 12-26."""
    case = arbitrating(date(2026, 11, 9), date(2026, 11, 10))
    sue(world, case, date(2026, 12, 26))
    case = fresh(case)
    assert case.status == "litigation"
    assert not WorkItem.objects.filter(**subject_of(case), kind="arbitration.award", status="open").exists()
    assert "第四十三条" in Event.objects.filter(verb="dispute.sued").latest("id").summary


# --- 办案规则 第四十六条、第四十七条: suspensions and restarts -------------------------------------------------


def test_a_suspension_adds_the_days_it_lasted(world, arbitrating):
    """中止审理期间不计入: accepted 11-25 (due 2027-01-11); suspended for an appraisal 12-01 → resumed 12-11,
    10 days left out: due 45 + 10 days from 11-25, Tuesday 2027-01-19; the award task moves with it."""
    case = arbitrating(APPLIED, APPLIED)
    assert case.arbitration.award_due_on == date(2027, 1, 11)
    case = suspend(world, case, "appraisal", date(2026, 12, 1), "伤残等级鉴定")
    clock_now = award_clock(case.arbitration)
    assert clock_now.suspended_since == date(2026, 12, 1)
    case = resume(world, case, date(2026, 12, 11))
    clock_now = award_clock(case.arbitration)
    assert clock_now.excluded_days == 10 and clock_now.suspended_since is None
    assert case.arbitration.award_due_on == clock_now.due_on == date(2027, 1, 19)
    assert task_due(case, "arbitration.award") == date(2027, 1, 19)
    resumed = Event.objects.filter(verb="dispute.arbitration_resumed").latest("id").summary
    assert "本次中止10日" in resumed and "审理期限至2027-01-19（10日不计入）" in resumed
    with pytest.raises(ValidationFailed):  # 2027-01-19 is still the tribunal's
        sue(world, case, date(2027, 1, 19))
    sue(world, case, date(2027, 1, 20))


def test_while_the_hearing_stands_suspended_there_is_no_award_and_no_suit(world, arbitrating):
    """The period does not run while suspended: not past it however long, and no award until resumed."""
    case = suspend(world, arbitrating(APPLIED, APPLIED), "force_majeure", date(2026, 12, 1))
    assert court_route(case).opens_on is None
    with pytest.raises(ValidationFailed, match="审理中止"):
        sue(world, case, date(2027, 3, 1))
    with on(date(2026, 12, 2)), pytest.raises(ValidationFailed, match="恢复审理"):
        services.make_award(
            case,
            by=world.users[ARBITRATOR],
            awarded_on=date(2026, 12, 2),
            summary="被申请人支付工资。",
            items=[ClaimInput("unpaid_wages", Decimal("18000.00"))],
            version=version_of(case),
        )
    with pytest.raises(ValidationFailed, match="尚未恢复"):
        suspend(world, case, "appraisal", date(2026, 12, 2))


def test_changed_claims_restart_the_period_from_their_acceptance(world, arbitrating):
    """增加、变更仲裁请求的，仲裁期限从受理之日起重新计算: accepted 11-25, a suspension of 3 days, then changed
    claims accepted 12-05 → 45 days from 12-05, 2027-01-19; the earlier suspension no longer counts."""
    case = suspend(world, arbitrating(APPLIED, APPLIED), "public_notice", date(2026, 11, 28))
    case = resume(world, case, date(2026, 12, 1))
    case = suspend(world, case, "claims_changed", date(2026, 12, 5), "增加加班费请求")
    clock_now = award_clock(case.arbitration)
    assert clock_now.starts_on == date(2026, 12, 5) and clock_now.excluded_days == 0
    assert case.arbitration.award_due_on == date(2027, 1, 19)
    assert "重新计算" in Event.objects.filter(verb="dispute.arbitration_restarted").latest("id").summary


def test_joining_a_party_restarts_the_period_from_the_decision(world, arbitrating):
    """办案规则 第四十六条第（一）项: 仲裁庭追加当事人或者第三人的，仲裁期限从决定追加之日起重新计算 — joined 12-03, 45
    days from it: 2027-01-17, a Sunday, so Monday 2027-01-18 (民法典 第二百零三条)."""
    case = suspend(world, arbitrating(APPLIED, APPLIED), "joined", date(2026, 12, 3), "追加承包人为第三人")
    clock_now = award_clock(case.arbitration)
    assert clock_now.starts_on == date(2026, 12, 3)
    assert case.arbitration.award_due_on == date(2027, 1, 18)
    assert not case.arbitration.suspensions.filter(ended_on__isnull=True).exists()  # a restart is not a pause


def test_the_extension_adds_to_the_suspended_days(world, arbitrating):
    """第四十三条: at most 15 days more, on top of the 10 days left out: 45 + 10 + 15 from 11-25 = 2027-02-03."""
    case = suspend(world, arbitrating(APPLIED, APPLIED), "other_case", date(2026, 12, 1))
    case = resume(world, case, date(2026, 12, 11))
    with on(date(2026, 12, 12)):
        services.extend_arbitration(case, by=world.users[ARBITRATOR], version=version_of(case))
    case = fresh(case)
    assert case.arbitration.award_due_on == date(2027, 2, 3)
    assert task_due(case, "arbitration.award") == date(2027, 2, 3)


def test_rows_follow_one_another_and_other_needs_a_note(world, arbitrating):
    case = suspend(world, arbitrating(APPLIED, APPLIED), "appraisal", date(2026, 12, 1))
    case = resume(world, case, date(2026, 12, 5))
    with pytest.raises(ValidationFailed, match="不能早于上一次"):
        suspend(world, case, "force_majeure", date(2026, 12, 4))
    with pytest.raises(ValidationFailed, match="请写明中止审理的情形"):
        suspend(world, case, "other", date(2026, 12, 6))
    with pytest.raises(ValidationFailed, match="没有中止"):
        resume(world, case, date(2026, 12, 6))


# --- the case page and the API show it --------------------------------------------------------------------


def test_the_case_page_shows_the_days_left_out_and_why(world, arbitrating, login):
    case = suspend(world, arbitrating(APPLIED, APPLIED), "appraisal", date(2026, 12, 1), "伤残等级鉴定")
    with on(date(2026, 12, 3)):
        page = login(ARBITRATOR).get(f"/disputes/{case.pk}/").content.decode()
        assert 'data-action="resume_arbitration"' in page and 'data-action="suspend_arbitration"' not in page
        assert 'data-testid="award-paused"' in page and "伤残等级鉴定" in page
    case = resume(world, case, date(2026, 12, 11))
    with on(date(2026, 12, 12)):
        page = login(ARBITRATOR).get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="recount_arbitration"' in page and 'data-action="resume_arbitration"' not in page
    assert 'data-action="suspend_arbitration"' not in page  # the director's (办案规则 第四十七条)
    head = login("pd_head").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="suspend_arbitration"' in head and 'data-action="recount_arbitration"' not in head
    assert "中止10日不计入" in page and "2027-01-19" in page and "第四十七条" in page


def test_the_api_records_and_shows_the_clock(world, arbitrating, api):
    """办案规则 第四十七条: the arbitrator may not suspend the hearing (nothing written); the commission's director
    does; the arbitrator resumes it."""
    case = arbitrating(APPLIED, APPLIED)
    client = api(ARBITRATOR)
    base = f"/api/v1/disputes/{case.pk}"
    body = {"version": version_of(case), "ground": "appraisal", "on": "2026-12-01", "note": "鉴定"}
    with on(date(2026, 12, 1)):
        refused = client.post(f"{base}/arbitration/suspensions", body, content_type="application/json")
        assert refused.status_code == 403 and not case.arbitration.suspensions.exists()
        refused = client.post(f"{base}/arbitration/recounts", body, content_type="application/json")
        assert refused.status_code == 422 and "仲裁委员会主任" in refused.json()["detail"]
        answer = api("pd_head").post(f"{base}/arbitration/suspensions", body, content_type="application/json")
        assert answer.status_code in (200, 201), answer.content.decode()
    with on(date(2026, 12, 11)):
        answer = client.post(
            f"{base}/arbitration/resume",
            {"version": version_of(case), "on": "2026-12-11"},
            content_type="application/json",
        )
        assert answer.status_code in (200, 201), answer.content.decode()
        arbitration = client.get(base).json()["arbitration"]
    period = arbitration["award_period"]
    assert period["excluded_days"] == 10 and period["due_on"] == "2027-01-19"
    assert period["suspended_since"] is None and any("10日不计入" in s for s in period["steps"])
    [row] = arbitration["suspensions"]
    assert row["ground"] == "appraisal" and row["excluded_days"] == 10 and row["ended_on"] == "2026-12-11"
    assert arbitration["court_route"]["open"] is False
    assert arbitration["court_route"]["opens_on"] == "2027-01-20"


def test_the_workspace_shows_a_suspended_hearing_instead_of_days_left(world, arbitrating, login):
    """While the hearing stands suspended the award period does not run: neither overdue nor due soon."""
    case = suspend(world, arbitrating(date(2026, 11, 9), date(2026, 11, 10)), "appraisal", date(2026, 12, 1))
    with on(date(2027, 1, 5)):  # long past the 45 days as first counted (12-25)
        page = login(ARBITRATOR).get("/disputes/arbitration/").content.decode()
    row = page[page.index(case.arbitration.number) - 300 : page.index(case.arbitration.number) + 900]
    assert "2026-12-01起审理中止" in row and "row-overdue" not in row
