"""The dishonest employers list (人社部令第45号; articles other than 第五条 unverified, see law.DISHONEST_DEFENCE): the
prior notice and the employer's 5 working days to state a defence before listing; early removal 6 full months
after correction with a good-faith promise (信用修复); removal at the end of the 3-year term by the nightly job;
the portal shows only the listings in force."""

from datetime import date

import pytest

from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import Event, JobRun
from renshe.inspection import selectors, services, tasks
from tests import builders

NOTIFIED = date(2026, 11, 2)  # a Monday: five working days run to Monday 9 November


@pytest.fixture
def unpaid(world, filed, workers, settings):
    """A case over the criminal threshold whose order (deadline 23 October) was not complied with."""
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"
    case = filed(1, workers=workers(1))
    builders.unmet_order(
        world, case, issued_on=date(2026, 10, 13), deadline=date(2026, 10, 23), checked_on=date(2026, 10, 26)
    )
    return case


def notify(case, u, on=NOTIFIED):
    return services.notify_dishonest_listing(
        case, by=u["fx_inspector"], notified_on=on, grounds="拖欠工资逾期不支付", version=version_of(case)
    )


def list_(case, u, on):
    return services.list_as_dishonest(
        case, by=u["fx_inspector"], listed_on=on, reason="拖欠工资逾期不支付", version=version_of(case)
    )


def test_listing_needs_the_prior_notice(unpaid, u):
    with pytest.raises(ValidationFailed) as error:
        list_(unpaid, u, date(2026, 11, 20))
    assert "人社部令第45号" in str(error.value.message)


def test_listing_waits_until_the_defence_period_has_run(unpaid, u):
    """人社部令第45号 (5 working days to state a defence, unverified): refused on the last day, allowed after."""
    notice = notify(unpaid, u)
    assert services.defence_due(notice) == date(2026, 11, 9)
    with pytest.raises(ValidationFailed) as error:
        list_(unpaid, u, date(2026, 11, 9))
    assert error.value.field == "listed_on" and "2026-11-09" in str(error.value.message)
    listing = list_(unpaid, u, date(2026, 11, 10))
    assert listing.expires_on == date(2029, 11, 10)
    assert Event.objects.filter(subject_id=unpaid.pk, verb="inspection.dishonest_notice").exists()


def test_the_notice_needs_the_deadline_passed_and_unpaid(world, filed, u):
    """人社部令第45号 第五条: ordered to pay and did not, by the notice's date."""
    case = filed(1)
    builders.served_order(world, case, issued_on=date(2026, 11, 2), deadline=date(2026, 11, 20))
    with pytest.raises(ValidationFailed) as error:
        notify(case, u, on=date(2026, 11, 20))
    assert "第五条" in str(error.value.message)


@pytest.fixture
def listed(unpaid, u):
    notify(unpaid, u)
    list_(unpaid, u, date(2026, 11, 10))
    unpaid.refresh_from_db()
    return unpaid


@pytest.mark.today("2027-06-01")
def test_early_removal_six_full_months_after_correction_with_a_promise(listed, u, client):
    """人社部令第45号 信用修复 (article unverified): corrected 20 November 2026, 满6个月 at the end of 20 May 2027."""

    def repair(on, promise="书面承诺今后不再拖欠农民工工资"):
        return services.remove_after_credit_repair(
            listed,
            by=u["fx_inspector"],
            removed_on=on,
            corrected_on=date(2026, 11, 20),
            promise=promise,
            version=version_of(listed),
        )

    assert client.get("/portal/dishonest/").content.decode().count(listed.respondent.name) == 1
    with pytest.raises(ValidationFailed) as error:
        repair(date(2027, 5, 20))
    assert error.value.field == "removed_on" and "2027-05-21" in str(error.value.message)
    with pytest.raises(ValidationFailed) as error:
        repair(date(2027, 5, 21), promise=" ")
    assert error.value.field == "promise"
    listing = repair(date(2027, 5, 21))
    assert (listing.removed_on, listing.removal) == (date(2027, 5, 21), "repaired")
    assert Event.objects.filter(subject_id=listed.pk, verb="inspection.dishonest_removed").exists()
    assert Event.objects.filter(verb="enterprise.dishonest_removed", enterprise=listed.respondent).exists()
    assert listed.respondent.name not in client.get("/portal/dishonest/").content.decode()


def test_the_nightly_job_removes_a_listing_the_day_after_its_term(listed):
    """3-year term (人社部令第45号; law.DISHONEST_LIST_TERM, a calendar period): in force to 10 November 2029."""
    assert services.remove_expired_listings(date(2029, 11, 10)) == 0
    assert list(selectors.listings_in_force(date(2029, 11, 10))) == [listed.dishonest_listing]
    assert not selectors.listings_in_force(date(2029, 11, 11)).exists()  # even before the job has run
    assert services.remove_expired_listings(date(2029, 11, 11)) == 1
    listed.dishonest_listing.refresh_from_db()
    assert (listed.dishonest_listing.removed_on, listed.dishonest_listing.removal) == (
        date(2029, 11, 11),
        "expired",
    )
    removal = Event.objects.get(subject_id=listed.pk, verb="inspection.dishonest_removed")
    assert removal.actor is None
    assert services.remove_expired_listings(date(2029, 11, 12)) == 0  # idempotent


def test_the_scheduled_task_runs_and_is_logged(listed):
    assert tasks.remove_expired_listings() == 0  # today (2026-11-25) the listing is in force
    assert JobRun.objects.filter(job="renshe.inspection.tasks.remove_expired_listings").exists()


def test_the_portal_list_shows_only_listings_in_force(listed, client):
    body = client.get("/portal/dishonest/").content.decode()
    assert listed.respondent.name in body and "2029-11-10" in body


def test_the_case_page_offers_notice_then_listing_then_repair(unpaid, login):
    from .test_views import act, offered, ok

    client = login("fx_inspector")
    assert "dishonest_notice" in offered(client, unpaid) and "dishonest" not in offered(client, unpaid)
    ok(act(client, unpaid, "dishonest_notice", {"notified_on": "2026-11-02", "grounds": "逾期不支付"}))
    assert "dishonest" in offered(client, unpaid) and "dishonest_notice" not in offered(client, unpaid)
    ok(act(client, unpaid, "dishonest", {"listed_on": "2026-11-10", "reason": "逾期不支付"}))
    assert "credit_repair" in offered(client, unpaid)
