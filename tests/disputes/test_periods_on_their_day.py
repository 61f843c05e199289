"""A period is counted by the rule in force on the day it starts, and stated as that rule counts it (days or
working days): a province's later reading (core.parameters.period_rule_on) changes neither a hearing notice
already served, nor an award's printed remedies, nor what the portal tells an applicant about their own case."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.law import PeriodUnit
from renshe.core.models import PeriodOverride
from renshe.disputes import services
from renshe.disputes.documents import award_pdf
from renshe.disputes.services import ClaimInput
from renshe.portal.progress import Progress
from tests import builders
from tests.disputes.test_documents import arbitrate, read, settled, worker  # noqa: F401 (fixtures)

LOCAL = "《上海市劳动人事争议仲裁办案规则》（假设的本地规则，测试用）"


def _local_rule(period: law.StatutoryPeriod, length: int, unit: PeriodUnit, effective_from: date) -> None:
    PeriodOverride.objects.create(
        period=period.key, length=length, unit=unit, effective_from=effective_from, citation=LOCAL
    )


def _hearing(world, case, day: date, notified_on: date):
    return services.schedule_hearing(
        case,
        by=world.users["zj_arbitrator"],
        scheduled_at=timezone.make_aware(datetime.combine(day, time(9, 30))),
        place="科创仲裁庭第二庭",
        notified_on=notified_on,
        version=case.version,
    )


@pytest.mark.today("2026-12-14")
def test_a_hearing_notice_read_as_working_days_counts_working_days(world):
    """劳动争议调解仲裁法 第三十五条 (notice 5 days before the hearing), read by a local rule as 5 working days:
    a notice served on Friday 11 December allows a hearing on Friday the 18th (the fifth working day after
    it), not on Thursday the 17th."""
    _local_rule(law.ARBITRATION_HEARING_NOTICE, 5, PeriodUnit.WORKING, date(2026, 1, 1))
    case = builders.in_arbitration(world, 61, applied_days_ago=8, accepted_days_ago=6)
    with pytest.raises(ValidationFailed, match="开庭通知应在开庭5个工作日前送达"):
        _hearing(world, case, date(2026, 12, 17), notified_on=date(2026, 12, 11))
    hearing = _hearing(world, case, date(2026, 12, 18), notified_on=date(2026, 12, 11))
    assert hearing.notified_on == date(2026, 12, 11)


@pytest.mark.today("2026-12-14")
def test_a_rule_taking_effect_after_the_notice_does_not_apply_to_it(world):
    """The statute's 5 calendar days (第三十五条) for a notice served before the local rule's day: a hearing on
    the fifth day after the notice stands; the fourth is refused."""
    _local_rule(law.ARBITRATION_HEARING_NOTICE, 5, PeriodUnit.WORKING, date(2026, 12, 12))
    case = builders.in_arbitration(world, 62, applied_days_ago=8, accepted_days_ago=6)
    with pytest.raises(ValidationFailed, match="开庭通知应在开庭5日前送达"):
        _hearing(world, case, date(2026, 12, 15), notified_on=date(2026, 12, 11))
    assert _hearing(world, case, date(2026, 12, 16), notified_on=date(2026, 12, 11))


def test_the_award_prints_the_suit_period_in_force_on_its_own_day(world, settled):  # noqa: F811
    """第五十条's 15 days as the award's day reads them: a local reading in working days from the award's
    day is printed as such; one from the day after is not."""
    today = timezone.localdate()
    _local_rule(law.SUIT_AFTER_NON_FINAL_AWARD, 15, PeriodUnit.WORKING, today)
    _local_rule(law.SUIT_AFTER_NON_FINAL_AWARD, 20, PeriodUnit.CALENDAR, today + timedelta(days=1))
    case, arbitration = arbitrate(world, settled, [ClaimInput("other", Decimal("18000"))])
    assert arbitration.final is False and arbitration.awarded_on == today
    text = read(award_pdf(case))
    assert "可以自收到本裁决书之日起十五个工作日内向人民法院提起诉讼" in text
    assert "二十日" not in text


def test_the_portal_states_the_mediation_period_of_the_case_own_day(world):
    """第十四条's 15 days for an application received before a local 20-day rule took effect; an application
    received on the rule's day is told 20 days."""
    today = timezone.localdate()
    _local_rule(law.MEDIATION_PERIOD, 20, PeriodUnit.CALENDAR, today)
    before = builders.mediating(
        world, builders.applied(world, received_on=today - timedelta(days=3), seed=63)
    )
    after = builders.mediating(world, builders.applied(world, received_on=today, seed=64))
    assert "调解期限为15日" in Progress.of(before).next_step
    assert "调解期限为20日" in Progress.of(after).next_step
