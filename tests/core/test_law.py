"""Every statutory time limit is defined once, with its article; these tests cite the statutes."""

from renshe.core import law
from renshe.core.law import DayKind


def test_every_period_cites_an_article():
    for period in law.PERIODS.values():
        assert period.citation.startswith("《") and "第" in period.citation and "条" in period.citation, (
            period.key
        )


def test_mediation_period_is_15_days():
    # 《劳动争议调解仲裁法》第十四条: no agreement within 15 days of receipt → a party may arbitrate
    assert (law.MEDIATION_PERIOD.days, law.MEDIATION_PERIOD.kind) == (15, DayKind.CALENDAR)
    assert "第十四条" in law.MEDIATION_PERIOD.citation


def test_arbitration_award_within_45_days_plus_15():
    # 《劳动争议调解仲裁法》第四十三条
    assert law.ARBITRATION_AWARD.days == 45 and law.ARBITRATION_EXTENSION.days == 15
    assert "第四十三条" in law.ARBITRATION_AWARD.citation


def test_arbitration_acceptance_5_days_and_limitation_one_year():
    # 第二十九条 (accept or refuse within 5 days); 第二十七条 (one-year limitation)
    assert law.ARBITRATION_ACCEPTANCE.days == 5
    assert law.LIMITATION_PERIOD.days == 365 and "第二十七条" in law.LIMITATION_PERIOD.citation


def test_suits_after_award():
    # 第四十八条 worker 15 days; 第四十九条 employer 30 days; 第五十条 non-final 15 days
    assert law.WORKER_SUIT_AFTER_FINAL_AWARD.days == 15
    assert law.EMPLOYER_REVOCATION_PETITION.days == 30
    assert law.SUIT_AFTER_NON_FINAL_AWARD.days == 15


def test_inspection_periods_are_working_days():
    # 《劳动保障监察条例》第十七条: 60 working days, +30 with approval; 第二十条: two years
    assert (law.INVESTIGATION_PERIOD.days, law.INVESTIGATION_PERIOD.kind) == (60, DayKind.WORKING)
    assert (law.INVESTIGATION_EXTENSION.days, law.INVESTIGATION_EXTENSION.kind) == (30, DayKind.WORKING)
    assert law.INSPECTION_LOOKBACK.days == 730 and "第二十条" in law.INSPECTION_LOOKBACK.citation
    # 若干规定 第十八条: accept a complaint within 5 working days (secondary source: unconfirmed)
    assert law.COMPLAINT_ACCEPTANCE.kind == DayKind.WORKING and not law.COMPLAINT_ACCEPTANCE.confirmed


def test_collective_dispute_threshold():
    # 《劳动争议调解仲裁法》第七条: ten or more workers
    assert law.COLLECTIVE_DISPUTE_MIN_WORKERS == 10


def test_unconfirmed_periods_can_be_overridden_in_settings(settings):
    settings.RENSHE_PERIOD_OVERRIDES = {"inspection.acceptance": 7}
    assert law.COMPLAINT_ACCEPTANCE.effective_days == 7
