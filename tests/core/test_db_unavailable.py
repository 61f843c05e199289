"""A request that cannot reach the database fails cleanly: 503 with Retry-After and a readable message (JSON
under /api/, a page elsewhere), never a 500 traceback, and nothing half-written. The database "goes away"
through Django's own query hook, so this runs on SQLite as on PostgreSQL; tests/faults restart a real
PostgreSQL under load."""

import random
from contextlib import contextmanager

import pytest
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from renshe.core.middleware import bad_request, server_error
from renshe.core.models import Event, Person, WorkItem
from renshe.core.synthetic import citizen_id
from renshe.disputes.models import DisputeCase

BASE = "/api/v1/disputes"


@contextmanager
def database_down(error=OperationalError, when=lambda sql: True):
    """Every query the current thread's connection runs from here on (or those `when` picks) fails as it
    does while PostgreSQL restarts."""

    def fail(execute, sql, params, many, context):
        if when(sql):
            raise error("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def assert_clean_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Traceback" not in body and "OperationalError" not in body and "InterfaceError" not in body


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_api_answers_503_json_in_its_error_shape(api, error):
    client = api("zj_centre")
    with database_down(error):
        response = client.get(BASE)
    assert_clean_503(response)
    assert response["Content-Type"] == "application/json"
    assert "数据库" in response.json()["detail"] and set(response.json()) == {"detail"}


def test_api_answers_503_under_debug_too(api, settings):
    """ninja's catch-all answers 500 with a traceback under DEBUG; the database's own handler comes first."""
    settings.DEBUG = True
    client = api("zj_centre")
    with database_down():
        response = client.get(f"{BASE}/1")
    assert_clean_503(response)


def test_a_page_answers_503_with_a_page_that_needs_no_database(login):
    """Whether the view meets the outage or a middleware does first (reading request.user before the view,
    or the database session again after it): the same 503 page, and the user is still signed in after."""
    client = login("zj_centre")
    client.raise_request_exception = False  # the middleware case reaches Django's handler500 (server_error)
    with database_down():
        response = client.get("/disputes/")
    assert_clean_503(response)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "暂时无法访问" in body and "数据库" in body and 'href=""' in body
    assert client.get("/disputes/").status_code == 200


def test_a_session_that_cannot_be_saved_answers_503_not_400(world, settings):
    """Django reports a database session it cannot save as deleted by another request (400); here the
    database is what failed, after the view."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client = Client(raise_request_exception=False)
    client.force_login(world.users["zj_centre"])
    with database_down(when=lambda sql: sql.startswith('UPDATE "django_session"')):
        response = client.get("/disputes/")
    assert_clean_503(response)


def test_any_other_error_is_still_djangos_page(rf):
    request = rf.get("/disputes/")
    assert server_error(request).status_code == 500
    assert bad_request(request, SuspiciousOperation()).status_code == 400


def test_a_failure_mid_transaction_leaves_nothing_half_written(api, world):
    """The case row is written, then the timeline insert fails: the whole application is rolled back."""
    client = api("zj_centre")
    before = (
        DisputeCase.objects.count(),
        Event.objects.count(),
        Person.objects.count(),
        WorkItem.objects.count(),
    )
    body = {
        "applicants": [{"id_number": citizen_id(random.Random(5)), "name": "王小明"}],
        "respondent": {"enterprise_id": world.orgs["street:310115125"].enterprises.first().pk},
        "claims": [{"claim_type": "unpaid_wages", "amount": "18000.00"}],
        "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
        "case_type": "remuneration",
    }
    table = Event._meta.db_table
    with database_down(when=lambda sql: sql.startswith(f'INSERT INTO "{table}"')):
        response = client.post(BASE, body, content_type="application/json")
    assert_clean_503(response)
    assert (
        DisputeCase.objects.count(),
        Event.objects.count(),
        Person.objects.count(),
        WorkItem.objects.count(),
    ) == before
    assert client.post(BASE, body, content_type="application/json").status_code == 201  # and it recovers
