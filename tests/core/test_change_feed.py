"""The change feed (GET /api/v1/changes) and the case exports (GET /api/v1/{disputes,inspection}/export) for a
data warehouse (issue 14, part 7): keyset pages in id order from an opaque cursor, the caller's scope only,
`limit` bounded, no OFFSET and no count in their SQL."""

import json
import random
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from unittest import mock

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renshe.audit.selectors import operations_for
from renshe.core import feeds
from renshe.core.api import ChangePageOut
from renshe.core.models import ApiToken, Event, User
from renshe.core.synthetic import citizen_id
from renshe.core.timeline import record_event
from renshe.disputes.selectors import disputes_for
from renshe.inspection.selectors import inspections_for
from tests import builders

# expiries, windows and received dates are counted from today, wherever it falls
pytestmark = pytest.mark.clock


def walk(client, path: str, limit: int) -> tuple[list[dict], list[dict]]:
    """Every page of `path` from the start: (the items, the pages' answers). The feed's answers, built
    without ninja's validation, are held to the schema the OpenAPI document gives."""
    items, pages, after = [], [], ""
    while True:
        page = client.get(path, {"after": after, "limit": limit})
        assert page.status_code == 200, page.content
        if path == "/api/v1/changes":
            ChangePageOut.model_validate(page.json())
        pages.append(page.json())
        items += page.json()["items"]
        after = page.json()["next"]
        if not page.json()["has_more"]:
            return items, pages


@pytest.fixture(autouse=True)
def settled_at_once(settings):
    """The tests below read what they have just written: the feed serves an event at once (the window that
    holds back the youngest is tested on its own)."""
    settings.RENSHE_CHANGE_FEED_SETTLE_SECONDS = 0


@pytest.fixture
def cases(world):
    """Cases of 张江 and of 奉贤, so that each district's feed has events the other's must not show."""
    builders.applied(world, received_on=date(2026, 11, 20), seed=31)
    builders.applied(world, received_on=date(2026, 11, 21), seed=32)
    builders.registered(world, serial=81, received_on=date(2026, 11, 2))


def test_the_feed_walks_the_callers_events_once_each_in_id_order(world, api, cases):
    user = User.objects.get(username="zj_centre")
    expected = list(operations_for(user).order_by("id").values_list("id", flat=True))
    assert len(expected) > 5
    items, pages = walk(api("zj_centre"), "/api/v1/changes", limit=2)
    assert [item["id"] for item in items] == expected
    assert all(len(page["items"]) <= 2 for page in pages) and len(pages) >= len(expected) // 2
    assert items[-1]["cursor"] == pages[-1]["next"]


def test_polling_the_last_cursor_gives_what_happened_since(world, api, cases):
    client = api("zj_centre")
    _items, pages = walk(client, "/api/v1/changes", limit=1000)
    last = pages[-1]["next"]
    quiet = client.get("/api/v1/changes", {"after": last}).json()
    assert quiet == {"items": [], "next": last, "has_more": False}
    case = builders.applied(world, received_on=date(2026, 11, 22), seed=33)
    news = client.get("/api/v1/changes", {"after": last}).json()
    assert news["items"] and news["next"] == news["items"][-1]["cursor"] != last
    assert all(item["id"] > max(i["id"] for i in _items) for item in news["items"])
    (applied,) = [item for item in news["items"] if item["subject"]["type"] == "disputes.disputecase"]
    assert applied["subject"]["name"] == case.number and applied["subject"]["id"] == str(case.pk)


def test_the_youngest_events_wait_for_the_window_then_come_in_id_order(world, api, cases, settings):
    """Events younger than the window are held back, and with them every later one: a transaction that
    commits within the window is read in its place, never passed by the cursor. Once older, all are read."""
    settings.RENSHE_CHANGE_FEED_SETTLE_SECONDS = 10
    client, start = api("zj_centre"), timezone.now()  # each moment below counted from one start
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        _items, pages = walk(client, "/api/v1/changes", limit=1000)
        last = pages[-1]["next"]
        first = builders.applied(world, received_on=date(2026, 11, 22), seed=34)
    with time_machine.travel(start + timedelta(minutes=1, seconds=8), tick=False):
        second = builders.applied(world, received_on=date(2026, 11, 22), seed=35)
        # eight seconds on, the first case's events are still in the window: nothing is served past them
        assert client.get("/api/v1/changes", {"after": last}).json()["items"] == []
    with time_machine.travel(start + timedelta(minutes=1, seconds=12), tick=False):
        page = client.get("/api/v1/changes", {"after": last}).json()
    # the first case's events are out of the window, the second's not yet: those stop the page
    shown = {item["subject"]["name"] for item in page["items"]}
    assert first.number in shown and second.number not in shown
    with time_machine.travel(start + timedelta(minutes=1, seconds=19), tick=False):
        news = client.get("/api/v1/changes", {"after": page["next"]}).json()["items"]
    assert second.number in {item["subject"]["name"] for item in news}
    assert [item["id"] for item in page["items"] + news] == sorted(
        item["id"] for item in page["items"] + news
    )


def test_another_districts_events_are_not_in_the_feed(world, api, cases):
    fengxian = walk(api("fx_inspector"), "/api/v1/changes", 1000)[0]
    zhangjiang = walk(api("zj_centre"), "/api/v1/changes", 1000)[0]
    assert not {item["id"] for item in fengxian} & {item["id"] for item in zhangjiang}
    assert any(item["verb"] == "inspection.registered" for item in fengxian)
    assert not any(item["verb"].startswith("inspection.") for item in zhangjiang)
    assert any(item["verb"] == "dispute.applied" for item in zhangjiang)
    assert not any(item["verb"] == "dispute.applied" for item in fengxian)


def test_an_item_tells_what_happened_as_the_case_page_does(world, api):
    rng = random.Random(5)
    person = api("zj_centre").post(
        "/api/v1/people",
        {"id_number": citizen_id(rng), "name": "李四"},
        content_type="application/json",
    )
    assert person.status_code == 201
    (item,) = [
        i for i in walk(api("zj_centre"), "/api/v1/changes", 1000)[0] if i["subject"]["name"] == "李四"
    ]
    assert item["verb"] == "person.registered"
    assert datetime.fromisoformat(item["occurred_at"]) == Event.objects.get(pk=item["id"]).occurred_at
    assert item["verb_label"] and item["verb_label"] != item["verb"]
    assert item["subject"]["type"] == "core.person" and item["subject"]["id"] == str(person.json()["id"])
    assert item["organisation"]["name"] == User.objects.get(username="zj_centre").organisation.name
    (change,) = item["changes"]
    assert change["field"] == "id_number" and change["label"] != "id_number"
    assert "*" in change["value"] and change["value"] == person.json()["id_number"]  # masked, as shown


def test_limits_cursors_and_capability_are_checked(world, api):
    client = api("zj_centre", "en")
    too_many = client.get("/api/v1/changes", {"limit": feeds.MAX_LIMIT + 1})
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "limit"
    assert client.get("/api/v1/changes", {"limit": feeds.MAX_LIMIT}).status_code == 200
    for forged in ("abc", "bm90LWEtY3Vyc29y", feeds.cursor(10**30), "%%%"):
        answer = client.get("/api/v1/changes", {"after": forged})
        assert answer.status_code == 422 and answer.json()["field"] == "after"
        assert "cursor" in answer.json()["detail"].lower()
    for path in ("/api/v1/changes", "/api/v1/disputes/export", "/api/v1/inspection/export"):
        assert api("fx_grid", "en").get(path).status_code == 403  # a grid officer may not export data


def test_the_exports_walk_each_modules_cases_in_the_callers_scope(world, api, cases):
    for username, path, scope in (
        ("zj_centre", "/api/v1/disputes/export", disputes_for),
        ("fx_inspector", "/api/v1/inspection/export", inspections_for),
    ):
        expected = list(
            scope(User.objects.get(username=username)).order_by("id").values_list("id", flat=True)
        )
        assert expected, path
        items, _pages = walk(api(username), path, limit=1)
        assert [item["id"] for item in items] == expected
        assert {"number", "status", "organisation", "version"} <= set(items[0])
    zhangjiang = {item["id"] for item in walk(api("zj_centre"), "/api/v1/disputes/export", limit=1000)[0]}
    caoyang = {item["id"] for item in walk(api("pt_caoyang"), "/api/v1/disputes/export", limit=1000)[0]}
    assert zhangjiang and not zhangjiang & caoyang


def test_no_page_counts_or_skips_rows_in_sql(world, api, cases):
    client = api("zj_centre")
    after = client.get("/api/v1/changes", {"limit": 2}).json()["next"]
    for path in ("/api/v1/changes", "/api/v1/disputes/export"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"after": after, "limit": 2}).status_code == 200
        sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
        assert " OFFSET " not in sql and "COUNT(" not in sql, sql


@pytest.mark.services
def test_postgresql_builds_the_same_pages_as_python(world, api, cases):
    """On PostgreSQL the database builds the feed's JSON: the same items, page by page, as the Python that
    SQLite uses, on the same events — times with and without microseconds, changes with edits, lists and
    Chinese, an event of no organisation, a subject type no app names."""
    if connection.vendor != "postgresql":
        pytest.skip("the feed's JSON is built by the database on PostgreSQL only")
    person = api("zj_centre").post(
        "/api/v1/people",
        {"id_number": citizen_id(random.Random(6)), "name": "王五"},
        content_type="application/json",
    )
    assert person.status_code == 201
    token, _key = ApiToken.issue(User.objects.get(username="admin"), "test")  # a subject no app names
    whole_second = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    with transaction.atomic(), mock.patch("renshe.core.timeline.timezone.now", return_value=whole_second):
        record_event(
            token, "token.edited", "改了", changes={"名称": ["旧", '新 "引号"'], "n": [1, 2.5, None]}
        )
    scope = operations_for(User.objects.get(username="admin"))
    after, pages, items = "", 0, []
    while True:
        built = json.loads(feeds.changes_page(scope, after, 3))
        page = feeds.keyset(feeds.events(scope), after, 3, dress=feeds.change_items, key=itemgetter(0))
        python = json.loads(
            json.dumps(
                {"items": page.items, "next": page.next, "has_more": page.has_more}, cls=DjangoJSONEncoder
            )
        )
        assert built == python
        ChangePageOut.model_validate(built)
        pages, after, items = pages + 1, built["next"], items + built["items"]
        if not built["has_more"]:
            break
    (edited,) = [item for item in items if item["verb"] == "token.edited"]
    assert edited["occurred_at"] == "2026-12-01T08:30:00Z" and edited["organisation"] is None
    assert edited["subject"]["name"].endswith(f"#{token.pk}") and edited["changes"][0]["value"]
    assert any("." in item["occurred_at"] for item in items)  # and others with microseconds
    assert pages > 3 and json.loads(feeds.changes_page(scope, after, 3)) == {
        "items": [],
        "next": after,
        "has_more": False,
    }
    assert json.loads(feeds.changes_page(scope.none(), "", 3)) == {
        "items": [],
        "next": None,
        "has_more": False,
    }
