"""Guessing a case's query code from many addresses (issue 11, finding 9): each case has its own budget of
wrong codes, after which its public tracking is locked until its handler reopens it; an IPv6 /64 is one
address; new codes are 8 digits and the 6-digit ones given before still work."""

import re

from django.test import Client

from renshe.core.casework import version_of
from renshe.core.models import Event, WorkItem, WorkItemStatus
from renshe.core.subjects import subject_of
from renshe.disputes import services
from renshe.disputes.models import DisputeCase
from renshe.portal import throttle

from .conftest import receipt_of


def track(address: str, number: str, code: str) -> str:
    response = Client(REMOTE_ADDR=address).post("/portal/track/", {"number": number, "code": code})
    assert response.status_code == 200
    return response.content.decode()


def applied(application) -> tuple[DisputeCase, str, str]:
    worker = Client()
    worker.post("/portal/apply/", application())
    number, code = receipt_of(worker.get("/portal/apply/done/").content.decode())
    return DisputeCase.objects.get(number=number), number, code


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** len(code):0{len(code)}d}"


def test_wrong_codes_from_many_addresses_lock_the_case_until_its_handler_reopens_it(
    world,
    application,
    login,
):
    case, number, code = applied(application)
    for n in range(throttle.TRACK_CASE_LIMIT):  # each from its own /64: no address budget is spent
        page = track(f"2001:db8:{n}::1", number, wrong(code))
        assert 'data-testid="progress"' not in page
    assert 'data-testid="tracking-locked"' in page  # the guess that spent the budget is told so
    locked = track("2001:db8:ffff::1", number, code)  # the right code opens nothing now
    assert 'data-testid="tracking-locked"' in locked and 'data-testid="progress"' not in locked
    assert "请联系" in locked and case.respondent.name not in locked
    event = Event.objects.get(**subject_of(case), verb="dispute.tracking_locked")
    assert event.actor is None and event.changes["wrong_codes"] == throttle.TRACK_CASE_LIMIT
    task = WorkItem.objects.get(**subject_of(case), kind="dispute.tracking_locked")
    assert task.status == WorkItemStatus.OPEN and task.organisation == world.orgs["zj_centre"]

    # its handler sees why on the case page and reopens it; the timeline records who
    handler = login("zj_centre")
    assert 'data-action="reopen_tracking"' in handler.get(f"/disputes/{case.pk}/").content.decode()
    reopened = handler.post(
        f"/disputes/{case.pk}/reopen_tracking/", {"reopen_tracking-version": version_of(case)}
    )
    assert reopened.status_code == 302
    assert (
        Event.objects.get(**subject_of(case), verb="dispute.tracking_reopened").actor
        == world.users["zj_centre"]
    )
    assert WorkItem.objects.get(pk=task.pk).status == WorkItemStatus.DONE
    assert 'data-testid="progress"' in track("2001:db8:ffff::1", number, code)
    # the budget starts again: one wrong code does not lock it
    assert 'data-testid="tracking-locked"' not in track("2001:db8:ffff::2", number, wrong(code))


def test_only_the_handling_organisation_may_reopen_tracking(world, application, login):
    case, number, code = applied(application)
    for n in range(throttle.TRACK_CASE_LIMIT):
        track(f"2001:db8:{n}::1", number, wrong(code))
    other = login("fx_mediator")
    response = other.post(
        f"/disputes/{case.pk}/reopen_tracking/", {"reopen_tracking-version": version_of(case)}
    )
    assert response.status_code == 404
    assert not Event.objects.filter(**subject_of(case), verb="dispute.tracking_reopened").exists()


def test_a_case_not_locked_offers_no_reopening(world, application, login):
    case, _number, _code = applied(application)
    assert (
        'data-action="reopen_tracking"'
        not in login("zj_centre").get(f"/disputes/{case.pk}/").content.decode()
    )


def test_an_ipv6_64_is_one_address_for_the_budget(world, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "track", 3)
    guess = {"number": "张江调〔2026〕0001号", "code": "12345678"}
    for address in ("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:abcd:ef01:2345:6789"):
        assert Client(REMOTE_ADDR=address).post("/portal/track/", guess).status_code == 200
    assert Client(REMOTE_ADDR="2001:db8:1:2::42").post("/portal/track/", guess).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post("/portal/track/", guess).status_code == 200
    # an IPv4 address is itself; one mapped into IPv6 is the same IPv4 address
    for _ in range(3):
        Client(REMOTE_ADDR="192.0.2.1").post("/portal/track/", guess)
    assert Client(REMOTE_ADDR="::ffff:192.0.2.1").post("/portal/track/", guess).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.2").post("/portal/track/", guess).status_code == 200


def test_new_codes_are_eight_digits_and_six_digit_ones_still_track(world, application):
    case, number, code = applied(application)
    assert re.fullmatch(r"\d{8}", code)
    DisputeCase.objects.filter(pk=case.pk).update(query_digest=services.query_digest_of(number, "123456"))
    assert 'data-testid="progress"' in track("192.0.2.9", number, "123456")
