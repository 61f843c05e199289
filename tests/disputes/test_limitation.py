"""The arbitration limitation (《劳动争议调解仲裁法》第二十七条), measured on the application day: one calendar
year from when the applicant knew (第一款), restarted by an interruption (第二款), stopped by a suspension while
its cause lasts (第三款); pay claims during employment unlimited, then a year from its end (第四款). A barred
claim is flagged at acceptance and on the case page, not refused: limitation is the respondent's defence."""

from datetime import date
from decimal import Decimal

import pytest

from renshe.core.errors import ValidationFailed
from renshe.core.models import Event
from renshe.disputes import services
from renshe.disputes.limitation import limitation_of
from renshe.disputes.models import LimitationBreak
from renshe.disputes.services import ClaimInput
from tests import builders

APPLIED = date(2026, 11, 25)  # a Wednesday: today in the suite


@pytest.fixture
def arbitrating(world, apply):
    """arbitrating(*claim_types) -> case: applied to the 科创 tribunal on APPLIED, not yet accepted."""

    def _arbitrating(*claim_types: str):
        claims = [ClaimInput(t, Decimal("5000.00")) for t in claim_types or ("economic_compensation",)]
        case = builders.mediating(world, apply(days_ago=30, claims=claims)[0])
        return builders.arbitrating(world, case, applied_on=APPLIED)

    return _arbitrating


def _record(world, case, **facts):
    case.refresh_from_db()
    services.record_limitation(case, by=world.users["zj_arbitrator"], version=case.version, **facts)
    case.refresh_from_db()
    return limitation_of(case.arbitration, case.claims.values_list("claim_type", flat=True))


def _break(world, case, **fields):
    case.refresh_from_db()
    services.record_limitation_break(case, by=world.users["zj_arbitrator"], version=case.version, **fields)
    case.refresh_from_db()
    return limitation_of(case.arbitration, case.claims.values_list("claim_type", flat=True))


def test_one_year_from_knowing_the_last_day_is_in_time(world, arbitrating):
    # 第二十七条第一款 + 民法典 第二百零二条: knew 2025-11-25 → last day 2026-11-25, the application day
    limitation = _record(world, arbitrating(), known_on=date(2025, 11, 25))
    assert limitation.clocks[0].last_day == APPLIED and not limitation.barred


def test_one_year_from_knowing_the_day_after_is_barred(world, arbitrating):
    # 第二十七条第一款: knew 2025-11-24 → last day 2026-11-24; the application on 2026-11-25 is the first late day
    limitation = _record(world, arbitrating(), known_on=date(2025, 11, 24))
    assert limitation.clocks[0].last_day == date(2026, 11, 24) and limitation.barred
    assert "第二十七条" in limitation.reason()


def test_an_interruption_restarts_the_year(world, arbitrating):
    # 第二十七条第二款: 因当事人一方向对方当事人主张权利……而中断。从中断时起，仲裁时效期间重新计算
    case = arbitrating()
    assert _record(world, case, known_on=date(2025, 1, 10)).barred
    limitation = _break(world, case, ground="claimed", starts_on=date(2025, 11, 25))
    assert limitation.clocks[0].last_day == APPLIED and not limitation.barred  # the last allowed day
    assert "中断" in limitation.clocks[0].steps[0]


def test_an_interruption_after_the_year_ran_out_revives_nothing(world, arbitrating):
    case = arbitrating()
    _record(world, case, known_on=date(2024, 6, 3))  # ran out on 2025-06-03
    assert _break(world, case, ground="agreed", starts_on=date(2025, 12, 1)).barred


def test_a_suspension_adds_the_days_its_cause_lasted(world, arbitrating):
    # 第二十七条第三款: 从中止时效的原因消除之日起，仲裁时效期间继续计算. Knew 2025-11-01 → counted end Sunday
    # 2026-11-01; suspended 2026-03-01 → 03-25 (24 days): counted end 2026-11-25, the last allowed day
    case = arbitrating()
    assert _record(world, case, known_on=date(2025, 11, 1)).barred
    limitation = _break(
        world, case, ground="force_majeure", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 25)
    )
    assert limitation.clocks[0].last_day == APPLIED and not limitation.barred
    assert "24日不计入" in limitation.clocks[0].steps[0]


def test_a_suspension_one_day_shorter_leaves_the_claim_barred(world, arbitrating):
    case = arbitrating()
    _record(world, case, known_on=date(2025, 11, 1))
    limitation = _break(
        world,
        case,
        ground="other_cause",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 24),
        note="申请人住院",
    )
    assert limitation.clocks[0].last_day == date(2026, 11, 24) and limitation.barred


def test_a_suspension_still_lasting_bars_nothing(world, arbitrating):
    case = arbitrating()
    _record(world, case, known_on=date(2025, 11, 1))
    limitation = _break(world, case, ground="force_majeure", starts_on=date(2026, 3, 1))
    assert limitation.clocks[0].last_day is None and not limitation.barred


def test_pay_during_employment_is_not_limited_and_after_it_a_year_from_its_end(world, arbitrating):
    # 第二十七条第四款: 劳动关系存续期间因拖欠劳动报酬发生争议的……不受……限制；劳动关系终止的，应当自劳动关系
    # 终止之日起一年内提出
    case = arbitrating("unpaid_wages")
    limitation = _record(world, case, known_on=date(2024, 1, 1))
    assert not limitation.barred and "第二十七条第四款" in limitation.unlimited
    assert not _record(world, case, known_on=date(2024, 1, 1), employment_ended_on=date(2025, 11, 25)).barred
    assert _record(world, case, known_on=date(2024, 1, 1), employment_ended_on=date(2025, 11, 24)).barred


def test_a_barred_claim_is_flagged_at_acceptance_and_on_the_case_page_not_refused(world, arbitrating, login):
    case = arbitrating()
    _record(world, case, known_on=date(2025, 11, 24))
    arbitration = services.accept_arbitration(
        case, by=world.users["zj_arbitrator"], accepted_on=APPLIED, version=case.version
    )
    assert arbitration.accepted_on == APPLIED
    accepted = Event.objects.get(verb="dispute.arbitration_accepted", subject_id=str(case.pk))
    assert "已超过仲裁时效" in accepted.summary and "2026-11-24" in accepted.summary
    page = login("zj_arbitrator").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-testid="limitation-barred"' in page and "2026-11-24" in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ground": "claimed", "starts_on": date(2026, 1, 1), "ends_on": date(2026, 2, 1)}, "ends_on"),
        ({"ground": "other_cause", "starts_on": date(2026, 1, 1), "ends_on": date(2026, 2, 1)}, "note"),
        ({"ground": "force_majeure", "starts_on": date(2026, 3, 1), "ends_on": date(2026, 2, 1)}, "ends_on"),
        ({"ground": "weather", "starts_on": date(2026, 1, 1)}, "ground"),
    ],
)
def test_bad_breaks_are_refused_and_nothing_is_written(world, arbitrating, fields, field):
    case = arbitrating()
    with pytest.raises(ValidationFailed) as error:
        services.record_limitation_break(
            case, by=world.users["zj_arbitrator"], version=case.version, **fields
        )
    assert error.value.field == field and not LimitationBreak.objects.exists()


def test_knowing_after_the_application_is_refused(world, arbitrating):
    case = arbitrating()
    with pytest.raises(ValidationFailed) as error:
        services.record_limitation(
            case, by=world.users["zj_arbitrator"], version=case.version, known_on=date(2026, 11, 26)
        )
    assert error.value.field == "known_on"


def test_the_api_records_the_facts_and_shows_the_limitation(world, arbitrating, api):
    case = arbitrating()
    client = api("zj_arbitrator")
    url = f"/api/v1/disputes/{case.pk}/arbitration/limitation"
    response = client.post(url, {"known_on": "2025-11-24", "version": case.version}, "application/json")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    body = {"ground": "sought_relief", "starts_on": "2026-01-05", "version": case.version}
    assert client.post(f"{url}/breaks", body, "application/json").status_code == 200
    limitation = client.get(f"/api/v1/disputes/{case.pk}").json()["arbitration"]["limitation"]
    assert limitation["reason"] == "" and limitation["clocks"][0]["last_day"] == "2027-01-05"
    assert "第二十七条第二款" in limitation["clocks"][0]["steps"][0]
