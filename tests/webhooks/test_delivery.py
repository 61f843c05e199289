"""Deliveries to a real local HTTP receiver: a case event on a subject the owner sees is POSTed once, signed,
after commit; an endpoint that times out, redirects or answers 500 is retried, then paused, and nothing is
lost: resuming sends what waited. Tasks run eagerly (the embedded default); tests/webhooks/test_worker.py
runs them on a real Celery worker."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renshe.core.models import Event
from renshe.messaging.models import Message
from renshe.webhooks import services
from renshe.webhooks.models import DeliveryStatus, WebhookDelivery
from renshe.webhooks.signing import verify
from tests import builders
from tests.faults.conftest import require

pytestmark = pytest.mark.today("2026-11-25")


def _endpoint(world, receiver, owner="zj_centre", events=("dispute.received",)):
    return services.create_endpoint(world.users[owner], url=receiver.url, events=list(events))


def _applied(world, django_capture_on_commit_callbacks, seed=0):
    with django_capture_on_commit_callbacks(execute=True):
        return builders.applied(world, received_on=timezone.localdate(), seed=seed)


def test_an_event_is_posted_once_signed_after_commit(world, receiver, django_capture_on_commit_callbacks):
    endpoint, secret = _endpoint(world, receiver)
    case = _applied(world, django_capture_on_commit_callbacks)

    [got] = receiver.received
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    verify(secret, got.body, got.headers["Renshe-Signature"])
    assert got.headers["Renshe-Delivery"] == str(delivery.uuid) == got.json["id"]
    assert got.headers["Renshe-Event"] == "dispute.received" == got.json["event"]
    event = Event.objects.get(verb="dispute.applied", subject_id=str(case.pk))
    assert got.json["subject"] == {
        "type": "dispute",
        "id": str(case.pk),
        "number": case.number,
        "url": f"/api/v1/disputes/{case.pk}",
        "web_url": f"/disputes/{case.pk}/",
    }
    assert got.json["data"]["timeline_event_id"] == event.pk
    assert got.json["occurred_at"] == event.occurred_at.isoformat()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 1, 204)


def test_nothing_is_sent_before_commit_nor_for_a_rollback(
    world, receiver, django_capture_on_commit_callbacks
):
    _endpoint(world, receiver)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        builders.applied(world, received_on=timezone.localdate())
    assert callbacks and receiver.received == [] and not WebhookDelivery.objects.exists()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        builders.applied(world, received_on=timezone.localdate(), seed=1)
        raise RuntimeError("the service failed after its event")
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_only_events_the_owner_sees_and_subscribed_to_are_sent(
    world, receiver, django_capture_on_commit_callbacks
):
    _endpoint(world, receiver, owner="fx_admin")  # 奉贤: the 张江 case is outside its scope
    _endpoint(world, receiver, events=["dispute.settled"])  # sees it, did not subscribe
    sees, _secret = _endpoint(world, receiver, owner="pd_admin")  # 浦东新区: covers 张江
    _applied(world, django_capture_on_commit_callbacks)
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [sees.pk]
    assert len(receiver.received) == 1


@pytest.mark.parametrize("answer", ["error", "redirect", "slow"])
def test_a_failing_endpoint_is_retried_then_paused_and_resuming_sends_what_waited(
    world, receiver, quick_retries, django_capture_on_commit_callbacks, answer
):
    receiver.answer = answer
    endpoint, _secret = _endpoint(world, receiver)
    for seed in range(3):  # 3 attempts each: the fifth failure in a row pauses the endpoint
        _applied(world, django_capture_on_commit_callbacks, seed=seed)
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.consecutive_failures == 5
    assert "5" in endpoint.paused_reason
    first, second, third = WebhookDelivery.objects.order_by("id")
    assert (first.status, first.attempts) == (DeliveryStatus.FAILED, 3)  # given up: replayable
    assert (second.status, second.attempts) == (DeliveryStatus.PENDING, 2)  # paused mid-way
    assert (third.status, third.attempts) == (DeliveryStatus.PENDING, 0)  # never tried while paused
    expected = {"error": 500, "redirect": 302, "slow": None}[answer]
    assert second.response_code == expected and second.error
    assert Message.objects.filter(recipient=world.users["zj_centre"], kind="webhook_paused").count() == 1
    assert Event.objects.filter(verb="webhook.paused", subject_id=str(endpoint.pk), actor=None).exists()

    receiver.answer = "ok"
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_endpoint(endpoint, by=world.users["zj_centre"])
    assert sorted(r.headers["Renshe-Delivery"] for r in receiver.received) == sorted(
        [str(second.uuid), str(third.uuid)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.replay(first, by=world.users["zj_centre"])
    statuses = list(WebhookDelivery.objects.order_by("id").values_list("status", flat=True))
    assert statuses == [DeliveryStatus.DELIVERED] * 3
    assert len(receiver.applied) == 3 and receiver.duplicates_seen == 0


def test_a_replay_sends_the_same_id_and_body_with_a_fresh_signature(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint, _secret = _endpoint(world, receiver)
    _applied(world, django_capture_on_commit_callbacks)
    endpoint, secret = services.rotate_secret(endpoint, by=world.users["zj_centre"])
    with django_capture_on_commit_callbacks(execute=True):
        services.replay(WebhookDelivery.objects.get(), by=world.users["zj_centre"])
    first, again = receiver.received
    assert again.body == first.body and again.headers["Renshe-Delivery"] == first.headers["Renshe-Delivery"]
    verify(secret, again.body, again.headers["Renshe-Signature"])
    assert receiver.duplicates_seen == 1 and receiver.duplicates_applied == 0


def test_the_sweeper_sends_a_delivery_whose_message_was_lost(
    world, receiver, django_capture_on_commit_callbacks, time_machine
):
    endpoint, _secret = _endpoint(world, receiver)
    with django_capture_on_commit_callbacks(execute=False):  # the event commits; its queueing is lost
        builders.applied(world, received_on=timezone.localdate())
    event = Event.objects.filter(verb="dispute.applied").latest("id")
    with django_capture_on_commit_callbacks(execute=False):  # the deliveries are made, their tasks lost
        services.fan_out([event])
    assert services.send_due() == 0 and receiver.received == []
    time_machine.move_to(timezone.now() + services.QUEUED_MARGIN + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due() == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED and len(receiver.received) == 1


def test_the_events_of_a_transaction_are_fanned_out_together_and_sent_in_one_batch(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint, _secret = _endpoint(world, receiver)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for seed in range(3):
            builders.applied(world, received_on=timezone.localdate(), seed=seed)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the commit's: fan-out, which queues the task, run as it commits
            callback()
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "webhooks_webhookdelivery"')]
    delivered = [q for q in queries if q["sql"].startswith('UPDATE "webhooks_webhookdelivery"')]
    assert len(inserts) == 1 and len(delivered) == 1  # one insert, one task: one update for the 204s
    assert len(receiver.applied) == 3 and receiver.duplicates_seen == 0
    assert set(WebhookDelivery.objects.values_list("endpoint", "status", "attempts")) == {
        (endpoint.pk, DeliveryStatus.DELIVERED, 1)
    }


def test_a_failure_ends_its_batch_and_the_rest_wait_for_its_retry(
    world, receiver, quick_retries, django_capture_on_commit_callbacks
):
    receiver.answer = "error"
    endpoint, _secret = _endpoint(world, receiver)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for seed in range(3):
            builders.applied(world, received_on=timezone.localdate(), seed=seed)
    # one delivery tried at a time: the first given up after 3 attempts, the second paused after 2 more
    attempts = list(WebhookDelivery.objects.order_by("id").values_list("status", "attempts"))
    assert attempts == [(DeliveryStatus.FAILED, 3), (DeliveryStatus.PENDING, 2), (DeliveryStatus.PENDING, 0)]
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.consecutive_failures == 5


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_the_same_delivery(world, receiver, monkeypatch):
    require(connection.vendor == "postgresql", "row locks (SKIP LOCKED) need PostgreSQL")
    monkeypatch.setattr(services, "BATCH", 10)
    builders.applied(world, received_on=timezone.localdate())
    endpoint, _secret = _endpoint(world, receiver)
    event = Event.objects.get(verb="dispute.applied")
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            name="dispute.received",
            payload={},
            next_attempt_at=timezone.now(),
        )
        for _ in range(120)
    )
    start, first = threading.Barrier(2), []

    def sender() -> None:
        start.wait()
        first.append(services.send_batch(endpoint.pk))  # a full batch queues the next (here: at once)
        connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert first == [10, 10]  # both claimed a batch at the same time, different ones
    assert len(receiver.applied) == 120 and receiver.duplicates_seen == 0
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.DELIVERED, 1)}
