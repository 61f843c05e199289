"""After the award: each party's own time runs from its receipt of the award (劳动争议调解仲裁法 第四十八条至第五十条),
the employer's only remedy against a final award is a petition to revoke it (第四十九条), the case closes only when
every window has run, and a mixed award is two awards (劳动人事争议仲裁办案规则 第五十条). Each rule at its edge."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from renshe.core import law
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import WorkItem
from renshe.core.selectors import events_for
from renshe.core.subjects import subject_of
from renshe.core.workdays import compute_deadline
from renshe.disputes import remedies, services
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ClaimInput
from tests import builders, clock

pytestmark = pytest.mark.clock

WAGES = [ClaimInput("unpaid_wages", Decimal("18000.00"))]  # ≤ 12 × the minimum wage: final
OTHER = [ClaimInput("other", Decimal("5000.00"))]  # outside 第四十七条: non-final


def on(day: date):
    """Today is `day` (the suite's clock, moved)."""
    return time_machine.travel(clock.moment(day), tick=True)


def fresh(case) -> DisputeCase:
    return DisputeCase.objects.get(pk=case.pk)


@pytest.fixture
def awarded(world, apply):
    """awarded(items, days_ago=3) -> case: awarded by 科创's tribunal that many days ago."""

    def _awarded(items, days_ago: int = 3, workers: int = 1):
        today = timezone.localdate()
        case = builders.arbitrating(
            world,
            builders.mediating(world, apply(workers=workers, days_ago=30)[0]),
            applied_on=today - timedelta(days=days_ago + 10),
            accepted_on=today - timedelta(days=days_ago + 9),
        )
        services.make_award(
            case,
            by=world.users["zj_arbitrator"],
            awarded_on=today - timedelta(days=days_ago),
            summary="被申请人支付申请人工资。",
            items=items,
            version=version_of(case),
        )
        return fresh(case)

    return _awarded


def serve(world, case, party, days_ago: int, method: str = "personal"):
    services.serve_award(
        case,
        by=world.users["zj_arbitrator"],
        party=party,
        method=method,
        received_on=timezone.localdate() - timedelta(days=days_ago),
        version=version_of(case),
    )
    return fresh(case)


def worker(case) -> str:
    return str(case.applicants.order_by("id").first().pk)


def close(world, case):
    return services.close_after_award(case, by=world.users["zj_arbitrator"], version=version_of(case))


def sue(world, case, filed_by: str, filed_on: date):
    return services.record_suit(
        case,
        by=world.users["zj_arbitrator"],
        filed_by=filed_by,
        filed_on=filed_on,
        court="上海市浦东新区人民法院",
        version=version_of(case),
    )


def petition(world, case, filed_on: date):
    return services.petition_revocation(
        case,
        by=world.users["zj_arbitrator"],
        filed_on=filed_on,
        court="上海市第一中级人民法院",
        version=version_of(case),
    )


# --- windows from receipt, per party (第四十八条至第五十条) ---------------------------------------------------


def test_each_party_s_window_runs_from_its_own_receipt_not_from_the_award(world, awarded):
    """第四十八条 (worker, 15 days) and 第四十九条 (employer's petition, 30 days), each from the day of receipt."""
    case = awarded(WAGES, days_ago=10)
    case = serve(world, case, worker(case), days_ago=6)
    case = serve(world, case, "employer", days_ago=2, method="post")
    today = timezone.localdate()
    found = {(w.party.side, w.remedy): w for w in remedies.windows(case.arbitration)}
    assert set(found) == {("worker", "suit"), ("employer", "revocation")}  # no suit for the employer
    worker_window, employer_window = found["worker", "suit"], found["employer", "revocation"]
    assert worker_window.starts_on == today - timedelta(days=6)
    assert (
        worker_window.due_on
        == compute_deadline(law.WORKER_SUIT_AFTER_FINAL_AWARD, today - timedelta(days=6)).due
    )
    assert worker_window.due_on >= today + timedelta(days=9)  # 15 days from receipt, not from the award
    assert (
        employer_window.due_on
        == compute_deadline(law.EMPLOYER_REVOCATION_PETITION, today - timedelta(days=2)).due
    )
    assert employer_window.period.citation == "《劳动争议调解仲裁法》第四十九条"
    served = events_for(case).filter(verb="dispute.award_served").order_by("id")
    assert [e.summary.split("（")[0] for e in served] == [
        f"向{case.applicants.get().person.name}送达仲裁裁决书",
        f"向{case.respondent.name}送达仲裁裁决书",
    ]
    assert "邮寄送达" in served.last().summary and employer_window.due_on.isoformat() in served.last().summary


def test_a_party_is_served_once_and_not_before_the_award(world, awarded):
    case = awarded(WAGES, days_ago=5)
    with pytest.raises(ValidationFailed, match="不能早于裁决日"):
        serve(world, case, "employer", days_ago=6)
    case = serve(world, case, "employer", days_ago=1)
    with pytest.raises(ValidationFailed, match="已登记向"):
        serve(world, case, "employer", days_ago=0)
    with pytest.raises(ValidationFailed, match="受送达"):
        serve(world, case, "somebody", days_ago=0)


def test_closing_waits_for_every_party_to_be_served(world, awarded):
    case = awarded(WAGES, days_ago=80)
    case = serve(world, case, worker(case), days_ago=70)
    with pytest.raises(ValidationFailed, match=f"裁决书尚未送达：{case.respondent.name}"):
        close(world, case)
    assert fresh(case).status == "awarded"


def test_closing_is_refused_on_the_last_day_of_the_latest_window_and_allowed_the_next(world, awarded):
    """第四十九条: the employer's 30 days outlast the worker's 15 (第四十八条): the award takes effect, and the case
    closes, only the day after the employer's last day."""
    case = awarded(WAGES, days_ago=3)
    case = serve(world, case, worker(case), days_ago=2)
    case = serve(world, case, "employer", days_ago=1)
    last = remedies.runs_until(case.arbitration)
    assert last == remedies.revocation_window(case.arbitration).due_on
    task = WorkItem.objects.get(**subject_of(case), kind="arbitration.suit_window", status="open")
    assert task.due_on == last  # the arbitrator's task to close falls due with the last window
    with on(last), pytest.raises(ValidationFailed, match=f"期限尚未届满（至{last.isoformat()}）"):
        close(world, case)
    with on(last + timedelta(days=1)):
        closed = close(world, case)
    assert closed.status == "closed" and closed.closed_on == last + timedelta(days=1)
    assert events_for(case).filter(verb="dispute.closed", summary="裁决生效，结案").exists()


# --- who may sue, and until when ----------------------------------------------------------------------------


def test_an_employer_cannot_sue_against_a_final_award(world, awarded):
    """第四十九条: it may only petition the intermediate court to revoke it."""
    case = awarded(WAGES)
    case = serve(world, case, "employer", days_ago=1)
    with pytest.raises(ValidationFailed, match="用人单位对终局裁决不能起诉.*第四十九条") as refused:
        sue(world, case, "employer", timezone.localdate())
    assert refused.value.field == "filed_by" and fresh(case).status == "awarded"


def test_a_worker_sues_against_a_final_award_up_to_the_fifteenth_day_after_receipt(world, awarded):
    """第四十八条: the last day allowed, the day after refused."""
    case = awarded(WAGES, days_ago=3)
    case = serve(world, case, worker(case), days_ago=2)
    due = remedies.suit_due(case.arbitration, "worker")
    with on(due + timedelta(days=1)):
        with pytest.raises(ValidationFailed, match=f"起诉期限已于{due.isoformat()}届满"):
            sue(world, case, "worker", due + timedelta(days=1))
        litigation = sue(world, case, "worker", due)
    assert litigation.filed_by == "worker" and fresh(case).status == "litigation"


def test_a_party_not_yet_served_has_no_window_to_sue_in(world, awarded):
    case = awarded(OTHER)
    with pytest.raises(ValidationFailed, match="尚未送达起诉方"):
        sue(world, case, "employer", timezone.localdate())


def test_either_party_sues_against_a_non_final_award_within_15_days_of_its_own_receipt(world, awarded):
    """第五十条: the employer's own last day allowed, the day after refused."""
    case = awarded(OTHER, days_ago=3)
    case = serve(world, case, "employer", days_ago=2)
    assert not remedies.revocation_window(case.arbitration)  # nothing to revoke: a suit instead
    due = remedies.suit_due(case.arbitration, "employer")
    assert (
        due == compute_deadline(law.SUIT_AFTER_NON_FINAL_AWARD, timezone.localdate() - timedelta(days=2)).due
    )
    with on(due + timedelta(days=1)):
        with pytest.raises(ValidationFailed, match="起诉期限已于"):
            sue(world, case, "employer", due + timedelta(days=1))
        sue(world, case, "employer", due)
    assert fresh(case).litigation.filed_by == "employer"


# --- the employer's petition to revoke (第四十九条) ---------------------------------------------------------


def test_the_petition_to_revoke_is_allowed_on_the_thirtieth_day_after_receipt_and_not_after(world, awarded):
    case = awarded(WAGES, days_ago=3)
    case = serve(world, case, "employer", days_ago=2)
    due = remedies.revocation_window(case.arbitration).due_on
    with on(due + timedelta(days=1)):
        with pytest.raises(ValidationFailed, match=r"申请撤销应在收到裁决书之日起30日内.*第四十九条"):
            petition(world, case, due + timedelta(days=1))
        petition(world, case, due)
    assert events_for(case).filter(verb="dispute.revocation_petitioned").exists()


def test_a_non_final_award_cannot_be_petitioned_against(world, awarded):
    case = awarded(OTHER)
    case = serve(world, case, "employer", days_ago=0)
    with pytest.raises(ValidationFailed, match="非终局裁决不能申请撤销"):
        petition(world, case, timezone.localdate())


def test_a_revoked_award_gives_both_parties_15_days_from_the_ruling(world, awarded):
    """第四十九条第三款: while the court considers the petition the case cannot close; once it revokes the award,
    either party may sue within 15 days of receiving the ruling, and the employer may now sue."""
    case = awarded(WAGES, days_ago=12)
    case = serve(world, case, worker(case), days_ago=11)
    case = serve(world, case, "employer", days_ago=10)
    petition(world, case, timezone.localdate() - timedelta(days=9))
    case = fresh(case)
    with on(timezone.localdate() + timedelta(days=60)), pytest.raises(ValidationFailed, match="尚待法院裁定"):
        close(world, case)
    services.rule_on_revocation(
        case,
        by=world.users["zj_arbitrator"],
        ruling="revoked",
        received_on=timezone.localdate(),
        version=version_of(case),
    )
    case = fresh(case)
    due = compute_deadline(law.SUIT_AFTER_REVOKED_AWARD, timezone.localdate()).due
    assert {(w.party.side, w.remedy, w.due_on) for w in remedies.windows(case.arbitration)} == {
        ("worker", "suit", due),
        ("employer", "suit", due),
    }
    assert remedies.may_sue(case.arbitration, "employer")
    ruled = events_for(case).get(verb="dispute.revocation_ruled")
    assert "第四十九条第三款" in ruled.summary and due.isoformat() in ruled.summary
    with on(due), pytest.raises(ValidationFailed, match="期限尚未届满"):
        close(world, case)
    with on(due + timedelta(days=1)):
        close(world, case)
    assert events_for(case).filter(verb="dispute.closed", summary__contains="已被撤销").exists()


def test_an_upheld_award_stands_and_the_employer_still_cannot_sue(world, awarded):
    case = awarded(WAGES, days_ago=5)
    case = serve(world, case, worker(case), days_ago=4)
    case = serve(world, case, "employer", days_ago=4)
    petition(world, case, timezone.localdate() - timedelta(days=1))
    case = fresh(case)
    services.rule_on_revocation(
        case,
        by=world.users["zj_arbitrator"],
        ruling="upheld",
        received_on=timezone.localdate(),
        version=version_of(case),
    )
    case = fresh(case)
    with pytest.raises(ValidationFailed, match="用人单位对终局裁决不能起诉"):
        sue(world, case, "employer", timezone.localdate())
    # the petition spent, the worker's 15 days are the last window
    assert remedies.runs_until(case.arbitration) == remedies.suit_due(case.arbitration, "worker")


# --- the final-award test (第四十七条) --------------------------------------------------------------------


def _finality(world, awarded, items, days_ago: int = 3) -> list[bool]:
    case = awarded(items, days_ago=days_ago)
    return [i.final for i in case.arbitration.award_items.order_by("id")]


def test_twelve_months_of_the_minimum_wage_on_the_award_day_is_final_one_fen_more_is_not(world, awarded):
    """第四十七条第（一）项, per item: the limit is 12 × the minimum wage in force on the award date."""
    limit = services.final_award_limit(timezone.localdate() - timedelta(days=3))
    assert limit == Decimal("2740.00") * law.FINAL_AWARD_MINIMUM_WAGE_MONTHS
    items = [
        ClaimInput("unpaid_wages", limit),
        ClaimInput("overtime", limit + Decimal("0.01")),
        ClaimInput("work_injury_medical", limit),
        ClaimInput("damages", limit + Decimal("0.01")),
    ]
    assert _finality(world, awarded, items) == [True, False, True, False]


def test_work_injury_benefits_other_than_medical_costs_are_never_final(world, awarded):
    """第四十七条第（一）项 names 工伤医疗费 alone among work-injury benefits."""
    items = [
        ClaimInput("work_injury", Decimal("100.00")),
        ClaimInput("work_injury_medical", Decimal("100.00")),
    ]
    assert _finality(world, awarded, items) == [False, True]


def test_labour_standard_disputes_are_final_whatever_the_amount(world, awarded):
    """第四十七条第（二）项: working time, rest and leave, social insurance."""
    big = Decimal("999999.99")
    items = [ClaimInput(t, big) for t in ("working_hours", "rest_leave", "social_insurance")]
    assert _finality(world, awarded, items) == [True, True, True]


# --- a mixed award is two awards (办案规则 第五十条) --------------------------------------------------------


def test_a_mixed_award_gives_the_employer_a_suit_and_a_petition_and_the_worker_two_suits(world, awarded):
    case = awarded([*WAGES, *OTHER])
    case = serve(world, case, worker(case), days_ago=1)
    case = serve(world, case, "employer", days_ago=1)
    found = sorted(
        (w.party.side, w.remedy, str(w.period.citation)) for w in remedies.windows(case.arbitration)
    )
    assert found == [
        ("employer", "revocation", "《劳动争议调解仲裁法》第四十九条"),
        ("employer", "suit", "《劳动争议调解仲裁法》第五十条"),
        ("worker", "suit", "《劳动争议调解仲裁法》第五十条"),
        ("worker", "suit", "《劳动争议调解仲裁法》第四十八条"),
    ]
    # against the non-final part the employer may sue
    sue(world, case, "employer", timezone.localdate())
