"""Login safety: Argon2 hashes, lockout after repeated failures, a login log that keeps failures."""

import io
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import renshe.settings as production_settings
from renshe.audit.models import AccessKind, AccessRecord
from renshe.core.demo import DEMO_PASSWORD
from renshe.core.models import User


def test_production_hashes_passwords_with_argon2():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_lands_on_the_workbench_and_is_logged(client, world):
    response = client.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert AccessRecord.objects.filter(username="pt_admin", kind=AccessKind.LOGIN).exists()
    assert "我的待办" in client.get("/").content.decode()


def test_a_signed_in_page_reads_the_user_with_their_organisation(client, world):
    """The header names the user's organisation: read with the user (core.backends), not by a query of its
    own on every page."""
    client.post("/login/", {"username": "zj_lead", "password": DEMO_PASSWORD})
    organisation = User.objects.get(username="zj_lead").organisation
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/disputes/queue/").content.decode()
    assert organisation.name in page
    user_read = next(q["sql"] for q in captured.captured_queries if 'FROM "core_user"' in q["sql"])
    assert 'JOIN "core_organisation"' in user_read
    alone = f'WHERE "core_organisation"."id" = {organisation.pk} LIMIT'
    assert not [q for q in captured.captured_queries if alone in q["sql"]]


def test_wrong_password_says_so_in_chinese_and_keeps_the_username(client, world):
    body = client.post("/login/", {"username": "pt_admin", "password": "wrong-password"}).content.decode()
    assert "用户名或密码不正确" in body and 'value="pt_admin"' in body


def test_lockout_after_five_failures_even_with_the_right_password(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "pt_admin", "password": "wrong-password"})
    response = client.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD})
    assert response.status_code == 429 and "锁定" in response.content.decode()
    assert AccessAttempt.objects.get(username="pt_admin").failures_since_start >= settings.AXES_FAILURE_LIMIT
    failed = AccessRecord.objects.filter(username="pt_admin", kind=AccessKind.LOGIN_FAILED)
    assert failed.count() >= settings.AXES_FAILURE_LIMIT
    assert "_auth_user_id" not in client.session


def test_other_users_are_not_locked_by_someone_elses_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "pt_admin", "password": "wrong-password"})
    assert client.post("/login/", {"username": "pt_leader", "password": DEMO_PASSWORD}).status_code == 302


def test_session_cookie_is_http_only_and_sessions_expire_when_idle(client, world, settings):
    response = client.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert production_settings.SESSION_COOKIE_AGE <= 30 * 60
    assert production_settings.RENSHE_SESSION_REFRESH_SECONDS <= 60


def test_each_request_extends_the_session_and_one_idle_for_thirty_minutes_ends(world, settings):
    """The session is saved again (its expiry moved on) at most once a minute, not on every request. On the
    database's store, whose expiry follows the frozen clock, on either path (Redis's TTL runs on the real one)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD})
        session = Session.objects.get()
        traveller.shift(timedelta(seconds=30))
        assert "我的待办" in client.get("/").content.decode()
        assert Session.objects.get().expire_date == session.expire_date  # within the minute: not written
        for _ in range(3):  # busy for an hour and a half, a request every 29 minutes
            traveller.shift(timedelta(minutes=29))
            assert "我的待办" in client.get("/").content.decode()
        assert Session.objects.get().expire_date == timezone.now() + timedelta(minutes=30)
        traveller.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_pages_need_login_and_send_security_headers(client, world):
    response = client.get("/enterprises/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = client.get("/login/")
    assert "default-src 'self'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY" and page["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("username", ["pt_admin", "pt_caoyang", "fx_grid", "pt_expert"])
def test_menu_follows_the_role(login, username):
    body = login(username).get("/").content.decode()
    assert "我的待办" in body
    assert ("系统管理" in body) == User.objects.get(username=username).can("manage_users")


def test_forty_guesses_from_ten_addresses_lock_the_account(world, settings):
    """The lockout counts an account's failures from every address (issue 11, finding 10): four guesses
    from each of ten addresses stay under any per-address count, and still lock it."""
    for n in range(10):
        guesser = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        for _ in range(4):
            guesser.post("/login/", {"username": "pt_admin", "password": "wrong-password"})
    owner = Client(REMOTE_ADDR="192.0.2.7")
    response = owner.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD})
    assert response.status_code == 429 and "锁定" in response.content.decode()
    assert "_auth_user_id" not in owner.session
    assert AccessRecord.objects.filter(username="pt_admin", kind=AccessKind.LOCKED_OUT).exists()


def test_a_locked_account_opens_after_the_cool_off(world, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            "/login/", {"username": "pt_admin", "password": "wrong-password"}
        )
    owner = Client(REMOTE_ADDR="192.0.2.7")
    assert owner.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD}).status_code == 429
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off - timedelta(seconds=1))
    assert owner.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD}).status_code == 302


def test_an_administrator_unlocks_an_account_at_once(world, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            "/login/", {"username": "pt_admin", "password": "wrong-password"}
        )
    call_command("axes_reset_username", "pt_admin", stdout=io.StringIO())
    owner = Client(REMOTE_ADDR="192.0.2.7")
    assert owner.post("/login/", {"username": "pt_admin", "password": DEMO_PASSWORD}).status_code == 302
