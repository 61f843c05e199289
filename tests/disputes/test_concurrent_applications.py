"""Applications registered at the same moment (issue 11, findings 3 and 4), on PostgreSQL, where each runs in
its own transaction and waits on the other's row locks: no order of arrival makes one fail.

Each test pauses the applications, in their own threads, at the point where the one holds what the other is
about to want, and lets them go together: a lock taken out of casework.LOCK_ORDER then deadlocks (PostgreSQL
kills one transaction), and a record created without a create-or-get fails on its unique key."""

import contextlib
import random
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection

from renshe.core import numbering
from renshe.core import services as core_services
from renshe.core.models import Enterprise, Event, Person
from renshe.core.subjects import subject_of
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes import services
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ApplicantInput, ClaimInput, RespondentInput
from tests.threads import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
PAUSE = 3  # seconds an application waits at its pause for the other; a blocked one never arrives


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions waiting on each other's row locks need PostgreSQL")


_paused = threading.local()


def pause_after(target, name: str, barrier: threading.Barrier):
    """Patch `target.name` so that a thread's first call of any such patch waits at `barrier` once it has
    returned (an application blocked behind the other never arrives: the wait then ends after PAUSE
    seconds)."""
    real = getattr(target, name)

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        if not getattr(_paused, "done", False):
            _paused.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=PAUSE)
        return result

    return mock.patch.object(target, name, wrapper)


def application(world, applicants: list[tuple[str, str]], respondent: RespondentInput):
    return lambda: services.apply_for_mediation(
        by=None,
        channel="portal",
        centre=world.orgs["zj_centre"],
        applicants=[ApplicantInput(id_number, name) for id_number, name in applicants],
        respondent=respondent,
        claims=[ClaimInput("unpaid_wages", Decimal("18000.00"))],
        facts="公司拖欠2026年9月至10月工资，多次催讨未果。",
        case_type="remuneration",
    )


def registered(world) -> RespondentInput:
    return RespondentInput(enterprise_id=world.orgs["street:310115125"].enterprises.first().pk)


def assert_registered(results: list[object]) -> list[DisputeCase]:
    """Every application went through: a case each, under its own number, with its event."""
    errors = [r for r in results if not isinstance(r, tuple)]
    assert not errors, errors
    cases = [DisputeCase.objects.get(pk=case.pk) for case, _code in results]
    assert len({c.number for c in cases}) == len(cases)
    for case in cases:
        assert Event.objects.filter(**subject_of(case), verb="dispute.applied").count() == 1
    return cases


def test_a_new_and_a_returning_applicant_at_once_both_register(world):
    """Finding 3 as the probe saw it: the new applicant's application holds what registering a person takes
    (once a global timeline lock) and wants the case number; the returning applicant's holds the case
    number and wants the timeline. Both are let go at that point."""
    returning = Person.objects.order_by("pk").first()
    barrier = threading.Barrier(2)
    new = (citizen_id(random.Random(31)), "新申请人")
    with (
        pause_after(core_services, "_create_person", barrier),
        pause_after(numbering, "next_case_number", barrier),
    ):
        results = race(
            [
                application(world, [new], registered(world)),
                application(world, [(returning.id_number, returning.name)], registered(world)),
            ]
        )
    first, second = assert_registered(results)
    assert [a.person for a in first.applicants.all()] == [Person.objects.with_id_number(new[0]).get()]
    assert [a.person for a in second.applicants.all()] == [returning]


def test_the_same_new_people_named_in_opposite_orders_both_register(world):
    """Two applications by the same two new workers, listed the other way round: each registers its first
    person and then wants the other's, which the other application has just inserted."""
    rng = random.Random(32)
    pair = [(citizen_id(rng), "甲工人"), (citizen_id(rng), "乙工人")]
    barrier = threading.Barrier(2)
    with pause_after(core_services, "_create_person", barrier):
        results = race(
            [
                application(world, pair, registered(world)),
                application(world, pair[::-1], registered(world)),
            ]
        )
    first, second = assert_registered(results)
    people = Person.objects.filter(pk__in=[a.person_id for a in first.applicants.all()])
    assert people.count() == 2
    assert {a.person_id for a in second.applicants.all()} == {p.pk for p in people}


def test_the_same_new_applicant_twice_at_once_is_one_person(world):
    """A double submission by a worker not yet registered: both applications are taken, on one person."""
    worker = (citizen_id(random.Random(33)), "丙工人")
    barrier = threading.Barrier(2)
    with pause_after(core_services, "_create_person", barrier):
        results = race([application(world, [worker], registered(world)) for _ in range(2)])
    first, second = assert_registered(results)
    assert first.applicants.get().person_id == second.applicants.get().person_id
    assert Person.objects.with_id_number(worker[0]).count() == 1


def test_co_workers_naming_the_same_new_employer_at_once_share_it(world):
    """Finding 4: both applications look the credit code up before either has committed, both insert it;
    today the second gets the unique credit code's error (a 500 on the portal)."""
    rng = random.Random(34)
    code = credit_code(987_654, "310115")
    employer = RespondentInput(
        credit_code=code, name="上海同时科技有限公司", street_id=world.orgs["street:310115125"].pk
    )
    barrier = threading.Barrier(2)
    with pause_after(Enterprise.objects, "create", barrier):
        results = race([application(world, [(citizen_id(rng), f"同事{i}")], employer) for i in range(2)])
    first, second = assert_registered(results)
    enterprise = Enterprise.objects.get(credit_code=code)
    assert first.respondent_id == second.respondent_id == enterprise.pk
    assert Event.objects.filter(**subject_of(enterprise), verb="enterprise.named").count() == 1
