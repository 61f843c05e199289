"""Every statutory time limit is defined once, with its article; these tests cite the statutes."""

from renshe.core import law
from renshe.core.law import PeriodUnit


def test_every_period_cites_an_article():
    for period in law.PERIODS.values():
        assert period.citation.startswith("《") and "第" in period.citation and "条" in period.citation, (
            period.key
        )


def test_mediation_period_is_15_days():
    # 《劳动争议调解仲裁法》第十四条: no agreement within 15 days of receipt → a party may arbitrate
    assert (law.MEDIATION_PERIOD.length, law.MEDIATION_PERIOD.unit) == (15, PeriodUnit.CALENDAR)
    assert "第十四条" in law.MEDIATION_PERIOD.citation


def test_arbitration_award_within_45_days_plus_15():
    # 《劳动争议调解仲裁法》第四十三条
    assert law.ARBITRATION_AWARD.length == 45 and law.ARBITRATION_EXTENSION.length == 15
    assert "第四十三条" in law.ARBITRATION_AWARD.citation


def test_arbitration_acceptance_5_days_and_limitation_one_year():
    # 第二十九条 (accept or refuse within 5 days); 第二十七条 (one-year limitation)
    assert law.ARBITRATION_ACCEPTANCE.length == 5
    assert law.LIMITATION_PERIOD.length == 1 and "第二十七条" in law.LIMITATION_PERIOD.citation


def test_suits_after_award():
    # 第四十八条 worker 15 days; 第四十九条 employer 30 days; 第五十条 non-final 15 days
    assert law.WORKER_SUIT_AFTER_FINAL_AWARD.length == 15
    assert law.EMPLOYER_REVOCATION_PETITION.length == 30
    assert law.SUIT_AFTER_NON_FINAL_AWARD.length == 15


def test_inspection_periods_are_working_days():
    # 《劳动保障监察条例》第十七条: 60 working days, +30 with approval; 第二十条: two years
    assert (law.INVESTIGATION_PERIOD.length, law.INVESTIGATION_PERIOD.unit) == (60, PeriodUnit.WORKING)
    assert (law.INVESTIGATION_EXTENSION.length, law.INVESTIGATION_EXTENSION.unit) == (30, PeriodUnit.WORKING)
    assert law.INSPECTION_LOOKBACK.length == 2 and "第二十条" in law.INSPECTION_LOOKBACK.citation
    # 若干规定 第十八条: accept a complaint within 5 working days (secondary source: unconfirmed)
    assert law.COMPLAINT_ACCEPTANCE.unit == PeriodUnit.WORKING and not law.COMPLAINT_ACCEPTANCE.confirmed


def test_collective_dispute_threshold():
    # 《劳动争议调解仲裁法》第七条: ten or more workers
    assert law.COLLECTIVE_DISPUTE_MIN_WORKERS == 10


def test_unconfirmed_periods_can_be_overridden_in_settings(settings):
    settings.RENSHE_PERIOD_OVERRIDES = {"inspection.acceptance": 7}
    assert law.COMPLAINT_ACCEPTANCE.default_rule.length == 7


def test_inspection_extra_compensation_is_50_to_100_percent():
    # 《劳动保障监察条例》第二十六条: 应付金额50%以上1倍以下的标准计算，向劳动者加付赔偿金
    from decimal import Decimal

    rates = (law.EXTRA_COMPENSATION_MIN_RATE, law.EXTRA_COMPENSATION_MAX_RATE)
    assert rates == (Decimal("0.50"), Decimal("1.00"))


def test_inspection_needs_two_inspectors():
    # 《劳动保障监察条例》第十六条: 劳动保障监察员进行调查、检查，不得少于2人
    assert law.INSPECTORS_PER_ACTION == 2


def test_criminal_amount_tests_count_months_and_workers():
    # 法释〔2013〕3号 第三条: 一名劳动者三个月以上; 十名以上劳动者 (the yuan figures are provincial settings)
    assert law.CRIMINAL_SINGLE_WORKER_MIN_MONTHS == 3 and law.CRIMINAL_MANY_WORKERS_MIN == 10


def test_regional_inspection_figures_are_settings_with_defaults(settings):
    # 法释〔2013〕3号 第三条 ranges ¥5,000–20,000 and ¥30,000–100,000; Shanghai's not found → top of the range
    from django.conf import settings as django_settings

    assert django_settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE == "20000.00"
    assert django_settings.RENSHE_CRIMINAL_THRESHOLD_TOTAL == "100000.00"
    # 人社部令第45号 (secondary source): 3 years on the list, counted as a calendar period
    assert (law.DISHONEST_LIST_TERM.length, law.DISHONEST_LIST_TERM.unit) == (3, law.PeriodUnit.YEARS)


def test_handling_decision_states_appeal_rights():
    # 《劳动保障监察条例》第十九条 requires them; 行政复议 60 days, 行政诉讼 6 months
    assert "六十日" in law.ADMINISTRATIVE_APPEAL_RIGHTS and "六个月" in law.ADMINISTRATIVE_APPEAL_RIGHTS
