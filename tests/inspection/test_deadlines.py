"""Working-day limits across 2026's Mid-Autumn and National Day holidays with their make-up days:
acceptance 5 wd (若干规定 第十八条), investigation 60 wd (条例 第十七条), +30 wd once with approval."""

from datetime import date

import pytest

from renshe.core import law
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import WorkItem
from renshe.core.subjects import subject_of
from renshe.core.workdays import compute_deadline
from renshe.inspection import services

from .conftest import RECEIVED


def test_acceptance_deadline_skips_national_day_and_counts_the_saturday_make_up_day(complain):
    # received Tue 9-29: 9-30 (1), [10-1…10-7 off], 10-8 (2), 10-9 (3), Sat 10-10 make-up (4), 10-12 (5)
    assert complain(1).case.acceptance_due_on == date(2026, 10, 12)


def test_investigation_is_60_working_days_then_30_more_once(filed, u):
    case = filed(1)
    # hand count from Tue 9-29: Sep 30 (1); October 8,9,10(Sat make-up),12–16,19–23,26–30 = 18 → 19;
    # November 2–6,9–13,16–20,23–27,30 = 21 → 40; December 1–4 (44), 7–11 (49), 14–18 (54), 21–25 (59), 28 (60)
    assert case.investigation_due_on == date(2026, 12, 28)
    item = WorkItem.objects.filter(
        **subject_of(case), kind="inspection.investigate", assignee__isnull=True
    ).get()
    assert item.due_on == date(2026, 12, 28) and "第十七条" in item.period_citation
    case = services.extend_investigation(
        case,
        by=u["fx_inspector"],
        approver=u["fx_admin"],
        reason="涉及人数多，需法院协助调取账户资料",
        version=version_of(case),
    )
    # 30 more: 12-29…12-31 (3); January 2027 has New Year (1-1) off…
    extended = compute_deadline(law.INVESTIGATION_PERIOD, RECEIVED, extra_days=30).due
    assert case.investigation_due_on == extended > date(2027, 2, 1)
    assert set(
        WorkItem.objects.filter(**subject_of(case), kind="inspection.investigate").values_list(
            "due_on", flat=True
        )
    ) == {extended}
    with pytest.raises(ValidationFailed):
        services.extend_investigation(
            case, by=u["fx_inspector"], approver=u["fx_admin"], reason="再延长", version=version_of(case)
        )


def test_an_extension_needs_a_heads_approval(filed, u):
    case = filed(1)
    with pytest.raises(ValidationFailed) as error:
        services.extend_investigation(
            case, by=u["fx_inspector"], approver=u["fx_inspector2"], reason="需要", version=version_of(case)
        )
    assert error.value.field == "approver"
