"""Non-compliance only after the deadline (《民法典》第二百零三条第二款: the deadline's last day ends at 24:00):
recording it, the police transfer (法释〔2013〕3号 第四条), the dishonest list (人社部令第45号 第五条) and extra
compensation (《劳动保障监察条例》第二十六条) are refused on the deadline day and allowed the day after, in the
services, on the case page and on the API."""

from datetime import date

import pytest

from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.inspection import services
from tests import builders

from .test_views import act, offered

DEADLINE = date(2026, 10, 23)
DAY_AFTER = date(2026, 10, 24)


@pytest.fixture
def served(world, filed, workers, settings):
    """A case over the criminal threshold with an order served on 13 October, to pay by 23 October."""
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"
    case = filed(1, workers=workers(1))
    return builders.served_order(world, case, issued_on=date(2026, 10, 13), deadline=DEADLINE)


def not_complied(order, u, on):
    return services.record_compliance(
        order, by=u["fx_inspector"], complied=False, checked_on=on, version=version_of(order.case)
    )


def test_non_compliance_is_refused_on_the_deadline_day_and_recorded_the_day_after(served, u):
    with pytest.raises(
        ValidationFailed
    ) as error:  # 民法典 第二百零三条第二款: the last day is the employer's
        not_complied(served, u, DEADLINE)
    assert "第二百零三条" in str(error.value.message) and error.value.field == "checked_on"
    served.refresh_from_db()
    assert served.complied is None
    assert not_complied(served, u, DAY_AFTER).complied is False


def test_compliance_may_be_recorded_before_the_deadline(served, u):
    order = services.record_compliance(
        served,
        by=u["fx_inspector"],
        complied=True,
        checked_on=date(2026, 10, 20),
        version=version_of(served.case),
    )
    assert order.complied is True


def test_police_transfer_and_listing_notice_are_refused_on_the_deadline_and_allowed_the_day_after(served, u):
    """法释〔2013〕3号 第四条 (逾期仍不支付) and 人社部令第45号 第五条 (the listing's prior notice, which the listing
    follows: test_dishonest_list)."""
    not_complied(served, u, date(2026, 10, 26))
    case = served.case
    case.refresh_from_db()
    for service, when, extra in (
        (services.transfer_to_police, "transferred_on", {"basis": "逾期仍不支付"}),
        (services.notify_dishonest_listing, "notified_on", {"grounds": "拒不支付"}),
    ):
        with pytest.raises(ValidationFailed) as error:
            service(case, by=u["fx_inspector"], version=version_of(case), **{when: DEADLINE}, **extra)
        assert "第四条" in str(error.value.message) or "第五条" in str(error.value.message)
        service(case, by=u["fx_inspector"], version=version_of(case), **{when: DAY_AFTER}, **extra)


def decide(case, u, on, rate="0.50"):
    return services.issue_handling_decision(
        case,
        by=u["fx_inspector"],
        decided_on=on,
        findings="拖欠工资",
        deadline=date(2026, 11, 20),
        extra_compensation_rate=rate,
        version=version_of(case),
    )


def test_extra_compensation_is_refused_in_a_decision_on_the_deadline_and_allowed_the_day_after(served, u):
    """《劳动保障监察条例》第二十六条: 逾期不支付的, extra compensation of 50%–100%."""
    not_complied(served, u, date(2026, 10, 26))
    case = served.case
    case.refresh_from_db()
    services.record_statement(
        case, by=u["fx_inspector"], notified_on=date(2026, 10, 13), waived=True, version=version_of(case)
    )
    with pytest.raises(ValidationFailed) as error:
        decide(case, u, DEADLINE)
    assert "第二十六条" in str(error.value.message)
    assert decide(case, u, DAY_AFTER).extra_compensation > 0


@pytest.mark.today("2026-11-25")
def test_on_the_deadline_day_the_page_and_the_api_refuse_non_compliance_and_offer_no_police(
    world, filed, workers, login, api, settings
):
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"
    case = filed(1, workers=workers(1))
    order = builders.served_order(world, case, issued_on=date(2026, 11, 13), deadline=date(2026, 11, 25))
    client = login("fx_inspector")
    page = act(
        client, case, "comply", {"document": f"order:{order.pk}", "complied": "0", "checked_on": "2026-11-25"}
    )
    assert page.status_code == 200 and "届满后" in page.content.decode()
    response = api("fx_inspector").post(
        f"/api/v1/inspection/{case.pk}/orders/{order.pk}/compliance",
        {"complied": False, "checked_on": "2026-11-25", "version": version_of(case)},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "checked_on"
    order.refresh_from_db()
    assert order.complied is None
    assert {"police", "dishonest"}.isdisjoint(offered(client, case))
