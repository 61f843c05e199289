"""Reports against one employer arriving at the same moment, on PostgreSQL, where each runs in its own
transaction: they make one case, the first to commit opening it and the other joining it, as a report
arriving later would (one open case per employer at a brigade: InspectionCase's constraint).

Each report pauses, in its own thread, once it has looked for the employer's open case and found none, so
that both go on to open one."""

import random
import threading
from decimal import Decimal

import pytest
from django.db import connection

from renshe.core.models import CaseSequence, Enterprise, Event
from renshe.core.subjects import subject_of
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection import services
from renshe.inspection.models import InspectionCase, Report, ReportStatus
from renshe.inspection.services import RespondentInput, WorkerInput, intake
from tests.disputes.test_concurrent_applications import pause_after
from tests.threads import race

from .conftest import MONTHS, RECEIVED

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions waiting on each other need PostgreSQL")


def complaint(world, respondent: RespondentInput, worker: str, by: str | None):
    """A worker's complaint of five months owed, at the counter (`by`) or on the portal (None)."""
    wages = [(month, Decimal("5000.00")) for month in MONTHS]
    return lambda: services.register_report(
        by=world.users[by] if by else None,
        brigade=world.orgs["fx_brigade"],
        kind="complaint",
        channel="counter" if by else "portal",
        respondent=respondent,
        content="公司拖欠2026年4月至8月共五个月工资，多次讨要未果。",
        received_on=RECEIVED,
        workers=[WorkerInput(worker, "同厂工人", months=wages)],
    )


def assert_one_case(results: list[object]) -> InspectionCase:
    """Both reports registered, on one case: one opened it, the other joined it, under one number."""
    errors = [r for r in results if not isinstance(r, Report)]
    assert not errors, errors
    case = InspectionCase.objects.get()
    assert sorted(Report.objects.filter(case=case).values_list("status", flat=True)) == sorted(
        [ReportStatus.LINKED, ReportStatus.PENDING]
    )
    assert case.worker_count == 2 and case.owed_total == Decimal("50000.00")
    verbs = list(
        Event.objects.filter(**subject_of(case)).order_by("subject_seq").values_list("verb", flat=True)
    )
    assert verbs == ["inspection.registered", "inspection.linked"]
    # the number the second took for a case it did not open was given back
    assert case.number.endswith("0001号")
    assert CaseSequence.objects.get(organisation=case.organisation, series="inspection").last_number == 1
    return case


def test_two_complaints_against_a_registered_employer_at_once_make_one_case(world):
    factory = Enterprise.objects.get(name="上海某道具制造有限公司")
    rng = random.Random(41)
    barrier = threading.Barrier(2)
    with pause_after(intake, "_open_case", barrier):
        results = race(
            [
                complaint(world, RespondentInput(enterprise_id=factory.pk), citizen_id(rng), "fx_inspector"),
                complaint(world, RespondentInput(enterprise_id=factory.pk), citizen_id(rng), None),
            ]
        )
    assert assert_one_case(results).respondent == factory


def test_two_complaints_naming_the_same_new_employer_at_once_make_one_case(world):
    """The employer is new too: both name it by its credit code, share its record, then the case."""
    rng = random.Random(42)
    code = credit_code(876_543, "310120")
    employer = RespondentInput(
        credit_code=code, name="上海同时道具有限公司", street_id=world.orgs["street:310120101"].pk
    )
    barrier = threading.Barrier(2)
    with pause_after(intake, "_open_case", barrier):
        results = race([complaint(world, employer, citizen_id(rng), None) for _ in range(2)])
    assert assert_one_case(results).respondent == Enterprise.objects.get(credit_code=code)
