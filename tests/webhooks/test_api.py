"""/api/v1/webhooks/: an account's own endpoints (add, read, change, rotate the secret, pause, resume,
delete), bad input refused in the caller's language with nothing written, and the delivery log by cursor
with replay; another account's endpoints answer 404."""

import pytest
from django.utils import timezone

from renshe.core.models import Event
from renshe.webhooks.events import EVENTS
from renshe.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from renshe.webhooks.signing import verify
from tests import builders

pytestmark = pytest.mark.today("2026-11-25")
W = "/api/v1/webhooks"
JSON = "application/json"


def _add(client, url, events=("dispute.received",)):
    return client.post(f"{W}/endpoints", {"url": url, "events": list(events)}, JSON)


def test_the_event_names_are_listed(api):
    listed = api("zj_centre", "en").get(f"{W}/events").json()
    assert [e["name"] for e in listed] == list(EVENTS)
    assert dict((e["name"], e["label"]) for e in listed)["arbitration.award_made"] == "Award made"


def test_an_endpoint_is_added_read_changed_rotated_paused_resumed_and_deleted(api, world, receiver):
    client = api("zj_centre")
    added = _add(client, receiver.url, ["dispute.settled", "dispute.received", "dispute.settled"])
    assert added.status_code == 201, added.content
    body = added.json()
    endpoint = WebhookEndpoint.objects.get(pk=body["endpoint"]["id"])
    assert body["secret"].startswith("whsec_") and endpoint.secret == body["secret"]
    assert endpoint.owner == world.users["zj_centre"]
    assert body["endpoint"]["events"] == ["dispute.received", "dispute.settled"]
    assert "secret" not in client.get(f"{W}/endpoints/{endpoint.pk}").json()
    assert client.get(f"{W}/endpoints").json()["count"] == 1

    changed = client.patch(f"{W}/endpoints/{endpoint.pk}", {"events": ["arbitration.award_made"]}, JSON)
    assert changed.json()["events"] == ["arbitration.award_made"] and changed.json()["url"] == receiver.url

    rotated = client.post(f"{W}/endpoints/{endpoint.pk}/rotate-secret").json()
    endpoint.refresh_from_db()
    assert rotated["secret"] != body["secret"] and endpoint.secret == rotated["secret"]

    paused = client.post(f"{W}/endpoints/{endpoint.pk}/pause", {"reason": "系统维护"}, JSON).json()
    assert (paused["active"], paused["paused_reason"]) == (False, "系统维护")
    resumed = client.post(f"{W}/endpoints/{endpoint.pk}/resume").json()
    assert (resumed["active"], resumed["paused_reason"]) == (True, "")

    assert client.delete(f"{W}/endpoints/{endpoint.pk}").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    verbs = Event.objects.filter(subject_id=str(endpoint.pk), verb__startswith="webhook.").order_by("id")
    assert [e.verb for e in verbs] == [
        "webhook.created",
        "webhook.updated",
        "webhook.secret_rotated",
        "webhook.paused",
        "webhook.resumed",
        "webhook.deleted",
    ]


def test_another_accounts_endpoint_is_not_found(api, receiver):
    endpoint_id = _add(api("zj_centre"), receiver.url).json()["endpoint"]["id"]
    other = api("pd_admin", "en")
    assert other.get(f"{W}/endpoints").json()["count"] == 0
    for method, path in [
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("post", "/rotate-secret"),
        ("post", "/resume"),
        ("get", "/deliveries"),
    ]:
        answer = getattr(other, method)(f"{W}/endpoints/{endpoint_id}{path}", {}, JSON)
        assert answer.status_code == 404, (method, path)
        assert answer.json()["detail"] == "The record does not exist or is outside your data scope"
    assert WebhookEndpoint.objects.get().active


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.com/hook", "must be a valid address starting with http:// or https://"),
        ("not a url", "must be a valid address starting with http:// or https://"),
        ("https://user:pw@example.com/hook", "must not contain a user name or password"),
        ("https://example.com:99999/hook", "is not a valid web address"),
        ("https://" + "a" * 500 + ".com/", None),
    ],
)
def test_a_bad_url_is_a_422_on_url_and_nothing_is_saved(api, url, message):
    answer = _add(api("zj_centre", "en"), url)
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == "url" if message else answer.json()["errors"][0]["field"] == "url"
    if message:
        assert message in answer.json()["detail"]
    assert not WebhookEndpoint.objects.exists()


def test_production_takes_https_to_outside_hosts_only(api, settings):
    settings.RENSHE_WEBHOOK_LOCAL_URLS = False
    client = api("zj_centre", "en")
    for url, message in [
        ("http://example.com/hook", "must use https"),
        ("https://127.0.0.1:8443/hook", "must not point to this machine or an internal network"),
        ("https://10.1.2.3/hook", "must not point to this machine or an internal network"),
        ("https://localhost/hook", "must not point to this machine or an internal network"),
    ]:
        answer = _add(client, url)
        assert answer.status_code == 422 and message in answer.json()["detail"], url
    assert _add(client, "https://hooks.example.com/renshe").status_code == 201


def test_unknown_or_no_events_are_a_422_on_events(api):
    client = api("zj_centre", "en")
    unknown = _add(client, "https://example.com/h", ["dispute.received", "dispute.exploded"])
    assert unknown.status_code == 422 and unknown.json()["field"] == "events"
    assert "dispute.exploded" in unknown.json()["detail"]
    assert _add(client, "https://example.com/h", []).status_code == 422
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_pages_by_cursor_and_a_replay_resends_the_same_delivery(
    api, world, receiver, django_capture_on_commit_callbacks
):
    client = api("zj_centre")
    added = _add(client, receiver.url).json()
    endpoint_id, secret = added["endpoint"]["id"], added["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        for seed in range(5):
            builders.applied(world, received_on=timezone.localdate(), seed=seed)
    log = f"{W}/endpoints/{endpoint_id}/deliveries"
    first = client.get(log, {"limit": 3}).json()
    second = client.get(log, {"limit": 3, "before": first["next_before"]}).json()
    assert second["next_before"] is None
    ids = [d["id"] for d in first["items"] + second["items"]]
    newest_first = WebhookDelivery.objects.order_by("-id").values_list("uuid", flat=True)
    assert ids == [str(u) for u in newest_first]
    assert {(d["status"], d["attempts"], d["response_code"]) for d in first["items"]} == {
        ("delivered", 1, 204)
    }
    assert client.get(log, {"status": "failed"}).json()["items"] == []
    assert client.get(log, {"status": "lost"}).status_code == 422

    oldest = ids[-1]
    detail = client.get(f"{log}/{oldest}").json()
    assert detail["payload"]["event"] == "dispute.received"
    with django_capture_on_commit_callbacks(execute=True):
        replayed = client.post(f"{log}/{oldest}/replay")
    # answered when queued; sent once the request's transaction commits
    assert replayed.status_code == 200 and (replayed.json()["status"], replayed.json()["attempts"]) == (
        "pending",
        0,
    )
    assert WebhookDelivery.objects.get(uuid=oldest).status == DeliveryStatus.DELIVERED
    again = receiver.received[-1]
    assert again.headers["Renshe-Delivery"] == oldest and again.json["id"] == oldest
    verify(secret, again.body, again.headers["Renshe-Signature"])
    assert receiver.duplicates_seen == 1 and receiver.duplicates_applied == 0
    assert client.post(f"{log}/00000000-0000-0000-0000-000000000000/replay").status_code == 404
