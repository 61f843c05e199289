"""Investigation, orders and decisions: two inspectors (第十六条), statement before decision (第十九条),
extra compensation of 50%–100% (第二十六条), deadlines after the document's date, service and compliance."""

from datetime import date
from decimal import Decimal

import pytest

from renshe.core.casework import version_of
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.inspection import services
from renshe.inspection.models import InvestigationRecord
from renshe.inspection.workflow import Status
from tests import builders

from .conftest import RECEIVED


def test_filing_starts_the_investigation_and_the_first_record_moves_it_on(filed):
    case = filed(2)
    assert case.status == Status.INVESTIGATING and case.filed_on == RECEIVED
    record = InvestigationRecord.objects.get(case=case)
    assert record.inspectors.count() == 2


def test_one_inspector_alone_may_not_investigate(filed, u):
    case = filed(1)
    with pytest.raises(ValidationFailed) as error:
        services.record_investigation(
            case,
            by=u["fx_inspector"],
            kind="site_inspection",
            held_on=date(2026, 10, 12),
            place="厂区",
            inspectors=[u["fx_inspector"], u["fx_inspector"]],
            content="现场检查考勤记录",
            version=version_of(case),
        )
    assert "第十六条" in str(error.value.message)
    with pytest.raises(ValidationFailed):
        services.assign_inspectors(
            case, by=u["fx_inspector"], inspectors=[u["fx_inspector"], u["fx_grid"]], version=version_of(case)
        )


def test_records_are_not_dated_in_the_future_or_before_filing(filed, u):
    case = filed(1)
    pair = [u["fx_inspector"], u["fx_inspector2"]]
    for day in (date(2099, 1, 1), date(2026, 9, 1)):
        with pytest.raises(ValidationFailed) as error:
            services.record_investigation(
                case,
                by=u["fx_inspector"],
                kind="inquiry",
                held_on=day,
                place="大队",
                inspectors=pair,
                content="询问",
                version=version_of(case),
            )
        assert error.value.field == "held_on"


def test_only_the_brigade_acts_on_its_cases(filed, u):
    case = filed(1)
    with pytest.raises(PermissionDenied):
        services.revoke_case(case, by=u["pt_admin"], reason="轻微", version=version_of(case))
    with pytest.raises(PermissionDenied):
        services.revoke_case(case, by=u["fx_grid"], reason="轻微", version=version_of(case))


def _order(case, u, **overrides):
    data = {
        "by": u["fx_inspector"],
        "issued_on": date(2026, 10, 13),
        "deadline": date(2026, 10, 23),
        "requirements": "限于2026年10月23日前支付拖欠的劳动者工资。",
        "version": version_of(case),
    }
    data.update(overrides)
    return services.issue_rectification_order(case, **data)


@pytest.mark.parametrize("deadline", [date(2026, 10, 13), date(2026, 10, 1)])
def test_an_order_deadline_must_be_after_the_order_date(filed, u, deadline):
    case = filed(1)
    with pytest.raises(ValidationFailed) as error:
        _order(case, u, deadline=deadline)
    assert error.value.field == "deadline"


def test_an_order_takes_the_ledgers_balance_and_is_served_and_checked(filed, u):
    case = filed(1)
    order = _order(case, u)
    assert order.number == "奉人社监改〔2026〕0001号" and order.amount_to_pay == case.owed_total
    with pytest.raises(ValidationFailed):  # not yet served
        services.record_compliance(
            order,
            by=u["fx_inspector"],
            complied=False,
            checked_on=date(2026, 10, 26),
            version=version_of(order.case),
        )
    with pytest.raises(ValidationFailed):  # before the order
        services.record_service(
            order,
            by=u["fx_inspector"],
            served_on=date(2026, 10, 12),
            method="direct",
            served_to="钱某",
            version=version_of(order.case),
        )
    services.record_service(
        order,
        by=u["fx_inspector"],
        served_on=date(2026, 10, 13),
        method="direct",
        served_to="钱某",
        version=version_of(order.case),
    )
    order = services.record_compliance(
        order,
        by=u["fx_inspector"],
        complied=False,
        checked_on=date(2026, 10, 26),
        version=version_of(order.case),
    )
    assert order.complied is False


def test_no_decision_before_the_statement_and_defence(filed, u):
    case = filed(1)
    with pytest.raises(ValidationFailed) as error:
        services.issue_handling_decision(
            case,
            by=u["fx_inspector"],
            decided_on=date(2026, 11, 2),
            findings="拖欠工资",
            deadline=date(2026, 11, 12),
            version=version_of(case),
        )
    assert "第十九条" in str(error.value.message)
    services.record_statement(
        case, by=u["fx_inspector"], notified_on=date(2026, 10, 27), waived=True, version=version_of(case)
    )
    decision = services.issue_handling_decision(
        case,
        by=u["fx_inspector"],
        decided_on=date(2026, 11, 2),
        findings="拖欠工资",
        deadline=date(2026, 11, 12),
        version=version_of(case),
    )
    assert decision.extra_compensation == 0 and "行政复议" in decision.appeal_rights


def test_a_statement_is_either_heard_or_waived(filed, u):
    case = filed(1)
    with pytest.raises(ValidationFailed):
        services.record_statement(
            case, by=u["fx_inspector"], notified_on=date(2026, 10, 27), version=version_of(case)
        )
    with pytest.raises(ValidationFailed):
        services.record_statement(
            case,
            by=u["fx_inspector"],
            notified_on=date(2026, 10, 27),
            heard_on=date(2026, 10, 26),
            statement="无力支付",
            version=version_of(case),
        )


def _unmet_order_and_statement(world, case):
    u = world.users
    builders.unmet_order(
        world,
        case,
        issued_on=date(2026, 10, 13),
        deadline=date(2026, 10, 23),
        checked_on=date(2026, 10, 26),
        requirements="限于2026年10月23日前支付拖欠的劳动者工资。",
    )
    services.record_statement(
        case,
        by=u["fx_inspector"],
        notified_on=date(2026, 10, 27),
        heard_on=date(2026, 10, 29),
        statement="账户被冻结",
        version=version_of(case),
    )


@pytest.mark.parametrize("rate", ["0.49", "1.01", "0", "2", "abc"])
def test_extra_compensation_outside_50_to_100_percent_is_refused(world, filed, u, rate):
    case = filed(1)
    _unmet_order_and_statement(world, case)
    with pytest.raises(ValidationFailed) as error:
        services.issue_handling_decision(
            case,
            by=u["fx_inspector"],
            decided_on=date(2026, 11, 2),
            findings="逾期未支付",
            deadline=date(2026, 11, 12),
            extra_compensation_rate=rate,
            version=version_of(case),
        )
    assert error.value.field == "extra_compensation_rate"


@pytest.mark.parametrize("rate", ["0.5", "0.75", "1.00"])
def test_extra_compensation_is_computed_to_the_cent(world, filed, u, rate):
    case = filed(1)
    _unmet_order_and_statement(world, case)
    decision = services.issue_handling_decision(
        case,
        by=u["fx_inspector"],
        decided_on=date(2026, 11, 2),
        findings="逾期未支付",
        deadline=date(2026, 11, 12),
        extra_compensation_rate=rate,
        version=version_of(case),
    )
    assert decision.amount_to_pay == Decimal("26001.85")
    assert decision.extra_compensation == (Decimal("26001.85") * Decimal(rate)).quantize(Decimal("0.01"))
    assert decision.case.status == Status.DECIDED


def test_extra_compensation_needs_an_order_not_complied_with(filed, u):
    case = filed(1)
    services.record_statement(
        case, by=u["fx_inspector"], notified_on=date(2026, 10, 27), waived=True, version=version_of(case)
    )
    with pytest.raises(ValidationFailed) as error:
        services.issue_handling_decision(
            case,
            by=u["fx_inspector"],
            decided_on=date(2026, 11, 2),
            findings="拖欠",
            deadline=date(2026, 11, 12),
            extra_compensation_rate="0.5",
            version=version_of(case),
        )
    assert "第二十六条" in str(error.value.message)


def test_a_decision_deadline_must_follow_the_decision(filed, u):
    case = filed(1)
    services.record_statement(
        case, by=u["fx_inspector"], notified_on=date(2026, 10, 27), waived=True, version=version_of(case)
    )
    with pytest.raises(ValidationFailed) as error:
        services.issue_handling_decision(
            case,
            by=u["fx_inspector"],
            decided_on=date(2026, 11, 2),
            findings="拖欠",
            deadline=date(2026, 11, 2),
            version=version_of(case),
        )
    assert error.value.field == "deadline"


def test_revocation_when_minor_and_corrected(filed, u):
    case = filed(1)
    case = services.revoke_case(
        case, by=u["fx_inspector"], reason="违法行为轻微并已改正", version=case.version
    )
    assert case.status == Status.REVOKED
    with pytest.raises(ValidationFailed):
        _order(case, u)


def test_a_stale_version_is_a_conflict(filed, u):
    from renshe.core.errors import Conflict

    case = filed(1)
    with pytest.raises(Conflict):
        _order(case, u, version=case.version - 1)
