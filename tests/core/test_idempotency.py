"""Idempotent writes (issue 14, part 7): a POST with an Idempotency-Key, retried, answers as the first time
and writes nothing twice; the same key with another request is 422, while the first runs 409; keys expire;
a 5xx is not kept. Through HTTP, as a client retrying after a timeout would."""

import json
import random
import threading
import time
import uuid
from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from renshe.core import idempotency, tasks
from renshe.core.models import Event, IdempotentRequest
from renshe.core.synthetic import citizen_id
from renshe.disputes import services as disputes
from renshe.disputes.models import DisputeCase
from renshe.inspection.models import WageClaim, WagePayment
from tests import builders
from tests.threads import race

# expiries, windows and received dates are counted from today, wherever it falls
pytestmark = pytest.mark.clock

DISPUTES = "/api/v1/disputes"


def application(world, seed: int = 5) -> dict:
    return {
        "applicants": [{"id_number": citizen_id(random.Random(seed)), "name": "王小明"}],
        "respondent": {"enterprise_id": world.orgs["street:310115125"].enterprises.first().pk},
        "claims": [{"claim_type": "unpaid_wages", "amount": "18000.00"}],
        "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
        "case_type": "remuneration",
    }


def send(client: Client, path: str, body: dict, key: str | None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_a_retried_application_answers_as_the_first_and_registers_one_case(world, api):
    client, key, body = api("zj_centre"), str(uuid.uuid4()), application(world)
    cases, events = DisputeCase.objects.count(), Event.objects.count()
    first = send(client, DISPUTES, body, key)
    again = send(client, DISPUTES, body, key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert DisputeCase.objects.count() == cases + 1 and Event.objects.count() > events
    stored = IdempotentRequest.objects.get(key=key)
    assert body["facts"].encode() not in bytes(stored.body)  # the answer is kept, not the request
    assert stored.expires_at - stored.created_at == timedelta(hours=24)
    without_key = send(client, DISPUTES, application(world, seed=6), None)
    assert without_key.status_code == 201 and "Idempotent-Replayed" not in without_key


def test_a_payment_sent_twice_with_one_key_is_recorded_once(world, api):
    case = builders.filed(
        world,
        builders.registered(world, serial=71, received_on=date(2026, 10, 12)),
        on=date(2026, 10, 12),
        inquiry_on=date(2026, 10, 16),
    )
    claim = WageClaim.objects.filter(case=case).order_by("id").first()
    body = {
        "worker": claim.worker_id,
        "amount": "1000.00",
        "paid_on": "2026-10-20",
        "source": "employer",
        "version": case.version,
    }
    client, key, path = api("fx_inspector"), "payment-2026-10-20-1", f"/api/v1/inspection/{case.pk}/payments"
    answers = [send(client, path, body, key) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[1].json() == answers[2].json() == answers[0].json()
    assert WagePayment.objects.filter(claim__case=case).count() == 1


def test_the_same_key_for_another_request_is_refused_and_nothing_is_written(world, api):
    client, key = api("zj_centre", "en"), "retry-me"
    assert send(client, DISPUTES, application(world), key).status_code == 201
    cases = DisputeCase.objects.count()
    other_body = send(client, DISPUTES, application(world, seed=9), key)
    other_path = send(client, f"{DISPUTES}?again=1", application(world), key)
    for answer in (other_body, other_path):
        assert answer.status_code == 422 and "another request" in answer.json()["detail"]
    assert DisputeCase.objects.count() == cases
    chinese = send(api("zj_centre"), DISPUTES, application(world, seed=9), key)
    assert chinese.status_code == 201  # another token: another caller, whose keys are its own


def test_a_key_that_is_no_printable_ascii_or_too_long_is_refused(world, api):
    client = api("zj_centre", "en")
    cases = DisputeCase.objects.count()
    for key in ("", "a" * 256, "键"):
        answer = client.post(
            DISPUTES,
            json.dumps(application(world)),
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )
        assert answer.status_code == 422 and "Idempotency-Key" in answer.json()["detail"]
    assert DisputeCase.objects.count() == cases


def test_an_answer_is_kept_for_24_hours_then_the_key_runs_afresh_and_the_purge_removes_it(world, api):
    client, key = api("zj_centre"), "daily-batch"
    first = send(client, DISPUTES, application(world), key)
    with time_machine.travel(timezone.now() + timedelta(hours=23), tick=False):
        assert send(client, DISPUTES, application(world), key).json() == first.json()
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        later = send(client, DISPUTES, application(world, seed=8), key)
        assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
        assert "Idempotent-Replayed" not in later
        send(client, DISPUTES, application(world, seed=12), "another")
    with time_machine.travel(timezone.now() + timedelta(hours=50), tick=False):
        assert tasks.purge_idempotency_keys() == 2
    assert not IdempotentRequest.objects.exists()


def test_a_server_error_is_not_kept_and_the_retry_runs(world, api):
    client, key, body = api("zj_centre"), "flaky", application(world)
    cases = DisputeCase.objects.count()
    with mock.patch.object(disputes, "apply_for_mediation", side_effect=RuntimeError("disk full")):
        failed = send(client, DISPUTES, body, key)
    assert failed.status_code == 500 and not IdempotentRequest.objects.filter(key=key).exists()
    retried = send(client, DISPUTES, body, key)
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert DisputeCase.objects.count() == cases + 1


def test_a_refusal_is_kept_like_any_other_answer(world, api):
    client, body = api("zj_centre"), {**application(world), "claims": []}
    first = send(client, DISPUTES, body, "refused")
    again = send(client, DISPUTES, body, "refused")
    assert first.status_code == again.status_code == 422 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"


def test_every_post_in_the_openapi_document_takes_the_header(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    posts = [operations["post"] for operations in paths.values() if "post" in operations]
    assert len(posts) > 30
    for operation in posts:
        (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header" and header["schema"]["maxLength"] == idempotency.KEY_MAX
    gets = [operations["get"] for operations in paths.values() if "get" in operations]
    assert not any(p["name"] == "Idempotency-Key" for op in gets for p in op.get("parameters", []))


# --- at the same moment, on PostgreSQL -------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_register_one_case(world, api):
    """The second arrives while the first is registering its case: 409 (retry later), never a second
    case; the retry then gets the first answer."""
    if connection.vendor != "postgresql":
        pytest.skip("one request waiting on another's row lock needs PostgreSQL")
    client, key, body = api("zj_centre"), str(uuid.uuid4()), application(world, seed=21)
    cases = DisputeCase.objects.count()
    entered, real = threading.Event(), disputes.apply_for_mediation

    def slow(*args, **kwargs):
        entered.set()
        time.sleep(1.5)  # the other request arrives meanwhile
        return real(*args, **kwargs)

    def late():
        entered.wait(timeout=10)
        return send(client, DISPUTES, body, key)

    with mock.patch.object(disputes, "apply_for_mediation", slow):
        first, second = race([lambda: send(client, DISPUTES, body, key), late])
    assert (first.status_code, second.status_code) == (201, 409)
    assert "Idempotency-Key" in second.json()["detail"]
    assert DisputeCase.objects.count() == cases + 1
    replay = send(client, DISPUTES, body, key)
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_many_requests_with_one_key_at_once_register_one_case(world, api):
    if connection.vendor != "postgresql":
        pytest.skip("requests waiting on each other's row locks need PostgreSQL")
    client, key, body = api("zj_centre"), str(uuid.uuid4()), application(world, seed=22)
    cases = DisputeCase.objects.count()
    answers = race([lambda: send(client, DISPUTES, body, key) for _ in range(6)])
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}
    assert DisputeCase.objects.count() == cases + 1
    created = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(created) == 1
