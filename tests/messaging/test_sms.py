"""Notices to parties (受理通知, 开庭通知, 调解结果) by text message: recorded for every applicant with a
phone, sent after commit through the console sender (the embedded default) or the HTTP gateway sender,
which is tried here against a local HTTP server standing in for the gateway."""

import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection, transaction

from renshe.celery import app
from renshe.core.synthetic import citizen_id
from renshe.disputes import services as disputes
from renshe.disputes.services import ApplicantInput
from renshe.messaging import services
from renshe.messaging.models import SmsRecord, SmsStatus
from tests.messaging.conftest import HEARING_ROOM

pytestmark = pytest.mark.django_db(transaction=False)

PHONE = "13812345678"


class Gateway(BaseHTTPRequestHandler):
    """Answers each POST with the next of `answers` (status, body) and keeps what it was sent."""

    answers: list[tuple[int, dict]] = []
    received: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"body": body, "auth": self.headers.get("Authorization")})
        status, answer = type(self).answers.pop(0) if type(self).answers else (200, {"id": "gw-last"})
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(autouse=True)
def sent_in_process():
    """These tests are about the senders and what they record: the task runs in-process on every path, as on
    the embedded default (on the production path it would go to Redis for a worker these tests do not start;
    tests/core/test_celery_worker.py proves a real worker runs what is queued)."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def gateway(settings):
    Gateway.answers, Gateway.received = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.RENSHE_SMS_BACKEND = "http"
    settings.RENSHE_SMS_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.RENSHE_SMS_TOKEN = "gateway-token"
    yield Gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def accepted(world, apply, django_capture_on_commit_callbacks):
    """accepted() -> the record of the 受理通知 sent when 张江's centre accepts an application by a worker
    with a phone and one without."""

    def _accepted() -> SmsRecord:
        rng = random.Random(5)
        case, _code = apply(
            applicants=[
                ApplicantInput(citizen_id(rng), "有电话", phone=PHONE),
                ApplicantInput(citizen_id(rng), "无电话"),
            ]
        )
        with django_capture_on_commit_callbacks(execute=True):
            disputes.accept_dispute(case, by=world.users["zj_centre"], version=case.version)
        (record,) = SmsRecord.objects.filter(subject_id=str(case.pk))
        return record

    return _accepted


def test_the_console_sender_records_an_acceptance_notice_as_sent(accepted, caplog):
    with caplog.at_level("INFO", logger="renshe.sms"):
        record = accepted()
    assert record.template == "受理通知" and record.status == SmsStatus.SENT and record.attempts == 1
    assert record.provider_id.startswith("console-") and record.phone == PHONE
    assert "已受理" in record.text and "调解期限至" in record.text
    assert PHONE in caplog.text and record.provider_id in caplog.text
    with connection.cursor() as cursor:  # encrypted at rest like every phone number
        cursor.execute("SELECT phone FROM messaging_smsrecord WHERE id = %s", [record.pk])
        (stored,) = cursor.fetchone()
    assert PHONE not in stored


def test_the_http_sender_posts_to_the_gateway(accepted, gateway):
    gateway.answers = [(200, {"id": "gw-0001"})]
    record = accepted()
    assert record.status == SmsStatus.SENT and record.provider_id == "gw-0001" and record.error == ""
    (call,) = gateway.received
    assert call["body"] == {"to": PHONE, "text": record.text} and call["auth"] == "Bearer gateway-token"


def test_a_failing_gateway_is_retried_until_it_answers(accepted, gateway):
    gateway.answers = [(503, {"error": "busy"}), (200, {}), (200, {"id": "gw-0003"})]
    record = accepted()
    assert record.status == SmsStatus.SENT and record.attempts == 3 and record.provider_id == "gw-0003"


def test_a_gateway_that_keeps_failing_leaves_the_record_failed_with_its_error(accepted, gateway):
    gateway.answers = [(500, {"error": "down"})] * services.SMS_ATTEMPTS
    record = accepted()
    assert record.status == SmsStatus.FAILED and record.attempts == services.SMS_ATTEMPTS
    assert "500" in record.error and "down" in record.error and record.provider_id == ""
    assert len(gateway.received) == services.SMS_ATTEMPTS


def test_an_unreachable_gateway_fails_with_its_reason(accepted, settings):
    settings.RENSHE_SMS_BACKEND, settings.RENSHE_SMS_URL = "http", "http://127.0.0.1:9/sms"
    record = accepted()
    assert record.status == SmsStatus.FAILED and "unreachable" in record.error


def test_a_sent_text_is_not_sent_again_by_a_redelivered_task(accepted, gateway):
    record = accepted()
    services.send_now(record.pk, last_attempt=True)
    assert len(gateway.received) == 1


def test_nothing_is_recorded_or_sent_for_a_transition_that_rolls_back(
    world, apply, gateway, django_capture_on_commit_callbacks
):
    case, _code = apply(applicants=[ApplicantInput(citizen_id(random.Random(8)), "甲", phone=PHONE)])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        disputes.accept_dispute(case, by=world.users["zj_centre"], version=case.version)
        raise RuntimeError("rolled back after the event")
    assert callbacks == [] and gateway.received == []
    assert not SmsRecord.objects.filter(subject_id=str(case.pk)).exists()


def test_a_workers_last_retry_gives_up_and_says_why(world, apply, gateway):
    from renshe.messaging.tasks import send_sms

    record = SmsRecord.objects.create(phone=PHONE, template="开庭通知", text="开庭通知")
    gateway.answers = [(502, {"error": "bad gateway"})]
    send_sms.push_request(retries=services.SMS_ATTEMPTS - 1, is_eager=False)
    try:
        assert send_sms.run(record.pk) == SmsStatus.FAILED
    finally:
        send_sms.pop_request()
    record.refresh_from_db()
    assert record.status == SmsStatus.FAILED and "502" in record.error and record.attempts == 1


def test_a_hearing_and_a_mediation_result_are_notified_with_their_templates(
    heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = heard(applicants=[ApplicantInput(citizen_id(random.Random(9)), "丙", phone=PHONE)])
    sent = dict(SmsRecord.objects.filter(subject_id=str(case.pk)).values_list("template", "text"))
    assert set(sent) == {"受理通知", "调解结果", "开庭通知"}
    assert "调解不成" in sent["调解结果"] and "可依法申请仲裁" in sent["调解结果"]
    assert HEARING_ROOM in sent["开庭通知"] and case.number in sent["开庭通知"]
    assert set(SmsRecord.objects.filter(subject_id=str(case.pk)).values_list("status", flat=True)) == {"sent"}
