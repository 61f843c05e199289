"""Every action of a module's workflow taken the way a client takes it, refused: a stale version and a forged
transition over the API, a stale version on the case page. Each module's test file declares a table of
`Way`s (one or more per workflow action) and the cases it builds once, in the states the ways start from;
`refusal_tests` gives it the tests, which check that a refusal wrote nothing, and that the same request with
the current version goes through (so the table's payloads and forms are known to be valid).

The cases are built once per test module inside a transaction that is rolled back after it; each test runs
in a savepoint inside it (pytest-django's own per-test transaction), so what a test writes goes with it."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape

import pytest
from django.db import models, transaction
from django.test import Client
from django.utils import timezone

from renshe.core.casework import Workflow, version_of
from renshe.core.models import ApiToken, Event, User
from renshe.core.subjects import subject_of

STALE = "该记录已被他人修改，请刷新后重试"
STALE_EN = "Someone else has changed"


def days(n: int) -> str:
    """The ISO date `n` days from today (negative: ago), for a payload or a form."""
    return (timezone.localdate() + timedelta(days=n)).isoformat()


@dataclass
class Built:
    """A case built in one state: `case` is what the client posts to; `parts` the ids a path or a form
    names (an agreement item, an order, a report …); `watched` every record a refusal must leave as it was
    (the case, and any other the action reaches, e.g. the dispute an inspection ledger payment performs)."""

    case: models.Model
    parts: dict = field(default_factory=dict)
    others: list[models.Model] = field(default_factory=list)
    subject: models.Model | None = None  # the record whose workflow the action moves; default: the case

    def __post_init__(self):
        self.subject = self.subject or self.case

    @property
    def watched(self) -> list[models.Model]:
        return [self.case, *self.others]


Payload = dict | Callable[[Built], dict]  # a callable for one naming what was built (an id, a part)


def filled(payload: Payload, built: Built) -> dict:
    return dict(payload(built) if callable(payload) else payload)


@dataclass(frozen=True)
class Way:
    """How a client takes `action`: as `user`, on a case built in `state` (status[:variant]), through the
    API (`api`, a path formatted with pk= and the built parts, and `payload`, the JSON body without the
    version) and through the case page (`page`, the URL of its act view or ledger form, and `form`, its
    fields without the prefix). `forged` names a built state the workflow does not allow the action from.
    A part a client cannot take says why in `unreachable`."""

    action: str
    state: str
    user: str
    api: str
    payload: Payload
    page: str | None = None
    form: Payload | None = None  # None: the payload's fields
    forged: str | None = None
    versioned: bool = True
    multipart: bool = False
    unreachable: str = ""
    name: str = ""  # tells two ways of one action apart in the test ids

    @property
    def id(self) -> str:
        return f"{self.action}:{self.name}" if self.name else self.action


def rows(name: str, items: list[dict]) -> dict:
    """A formset's fields under `name` (the form's prefix is added by `prefixed`)."""
    data = {
        f"{name}-TOTAL_FORMS": str(len(items)),
        f"{name}-INITIAL_FORMS": "0",
        f"{name}-MIN_NUM_FORMS": "0",
        f"{name}-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        data.update({f"{name}-{i}-{k}": v for k, v in item.items()})
    return data


def page_slug(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def prefixed(way: Way, built: Built, version: int) -> dict:
    slug = page_slug(way.page)
    form = way.payload if way.form is None else way.form
    data = {f"{slug}-{k}": v for k, v in filled(form, built).items()}
    data[f"{slug}-version"] = str(version)
    return data


def api_client(username: str, language: str = "zh-hans") -> Client:
    _token, key = ApiToken.issue(User.objects.get(username=username), "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE=language)


def page_client(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(User.objects.get(username=username))
    return client


def call_api(way: Way, built: Built, version: int, language: str = "zh-hans"):
    client = api_client(way.user, language)
    url = way.api.format(pk=built.case.pk, **built.parts)
    body = filled(way.payload, built)
    if way.versioned:
        body["version"] = version
    if way.multipart:
        return client.post(url, body)
    return client.post(url, body, content_type="application/json")


def related_counts(record: models.Model) -> dict[str, int]:
    """How many rows each table holds that hangs off `record`: its many-to-many links, the rows pointing at
    it, and those pointing at them (an agreement's items and their payments, a meeting's tasks …)."""
    counts = {f.name: getattr(record, f.name).count() for f in record._meta.many_to_many}

    def walk(model: type[models.Model], path: str, seen: set, depth: int) -> None:
        for relation in model._meta.related_objects:
            child = relation.related_model
            if child in seen or relation.many_to_many:
                continue
            lookup = f"{relation.field.name}__{path}" if path else relation.field.name
            counts[f"{child._meta.label}:{lookup}"] = child._default_manager.filter(
                **{lookup: record}
            ).count()
            if depth:
                walk(child, lookup, seen | {child}, depth - 1)

    walk(type(record), "", {type(record)}, 2)
    return counts


def snapshot(built: Built) -> list[tuple]:
    """What a refusal must not change, for every record the action reaches: version, status, how many
    timeline events, and the counts of its sub-record tables."""
    state = []
    for record in built.watched:
        current = type(record)._default_manager.get(pk=record.pk)
        events = Event.objects.filter(**subject_of(current)).count()
        state.append((current.version, current.status, events, related_counts(current)))
    return state


def build_once(build: Callable) -> Callable:
    """A module-scoped fixture: `build(world)` → {state: Built}, inside a transaction rolled back when the
    module's tests are done (each test runs in a savepoint inside it, as with tests/world.py's
    demo_loaded_once)."""

    @pytest.fixture(scope="module")
    def built(shared_world, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build(shared_world.fetch())
            transaction.set_rollback(True)

    return built


def status(state: str) -> str:
    """A built state is named by the case's status, and a variant after a colon (`arbitration:accepted`)."""
    return state.partition(":")[0]


def refusal_tests(workflow: Workflow, ways: list[Way]) -> dict[str, Callable]:
    """The tests every module's table gets (a module's test file takes them into its namespace): the table
    covers the workflow; each way goes through with the current version; and refused, it writes nothing."""
    by_id = {w.id: w for w in ways}
    assert len(by_id) == len(ways), "two ways share an id"

    def target(way: Way, built: Built) -> str:
        return workflow.transitions[way.action][1] or built.subject.status

    def test_the_table_covers_exactly_the_workflows_actions():
        assert {w.action for w in ways} == set(workflow.transitions)
        for way in ways:
            assert workflow.allows(status(way.state), way.action), way.id
            if way.forged:
                assert not workflow.allows(status(way.forged), way.action), way.id
            if not (way.versioned and way.forged and way.page):
                assert way.unreachable, f"{way.id}: say why a client cannot take every part of it"

    @pytest.mark.parametrize("way_id", list(by_id))
    def test_the_api_takes_it_with_the_current_version(built, world, way_id):
        """The table is right: with the version the case now has, the request is carried out."""
        way, case = by_id[way_id], built[by_id[way_id].state]
        expected, seen = target(way, case), version_of(case.subject)
        answer = call_api(way, case, version_of(case.case))
        assert answer.status_code in (200, 201), answer.content.decode()
        subject = type(case.subject)._default_manager.get(pk=case.subject.pk)
        assert subject.status == expected and subject.version > seen

    @pytest.mark.parametrize("way_id", [w for w in by_id if by_id[w].page])
    def test_the_page_takes_it_with_the_current_version(built, world, way_id):
        way, case = by_id[way_id], built[by_id[way_id].state]
        expected = target(way, case)
        url = way.page.format(pk=case.case.pk)
        answer = page_client(way.user).post(url, prefixed(way, case, version_of(case.case)))
        assert answer.status_code == 302, _errors(answer)
        subject = type(case.subject)._default_manager.get(pk=case.subject.pk)
        assert subject.status == expected

    @pytest.mark.parametrize("way_id", [w for w in by_id if by_id[w].versioned])
    def test_a_stale_version_over_the_api_is_409_and_writes_nothing(built, world, way_id):
        way, case = by_id[way_id], built[by_id[way_id].state]
        before = snapshot(case)
        stale = version_of(case.case) - 1
        answer = call_api(way, case, stale)
        assert answer.status_code == 409, answer.content.decode()
        assert answer.json()["detail"] == STALE
        english = call_api(way, case, stale, language="en")
        assert english.status_code == 409 and english.json()["detail"].startswith(STALE_EN)
        assert snapshot(case) == before

    @pytest.mark.parametrize("way_id", [w for w in by_id if by_id[w].forged])
    def test_a_forged_transition_over_the_api_is_refused_and_writes_nothing(built, world, way_id):
        way = by_id[way_id]
        case = built[way.forged]
        before = snapshot(case)
        answer = call_api(way, case, version_of(case.case))
        assert answer.status_code in (409, 422), answer.content.decode()
        assert snapshot(case) == before

    @pytest.mark.parametrize("way_id", [w for w in by_id if by_id[w].page and by_id[w].versioned])
    def test_a_stale_version_on_the_case_page_is_refused_on_the_page_and_writes_nothing(built, world, way_id):
        way, case = by_id[way_id], built[by_id[way_id].state]
        before = snapshot(case)
        url = way.page.format(pk=case.case.pk)
        answer = page_client(way.user).post(url, prefixed(way, case, version_of(case.case) - 1))
        assert answer.status_code == 200 and STALE in answer.content.decode()
        assert snapshot(case) == before

    return {name: value for name, value in locals().items() if name.startswith("test_")}


def _errors(response) -> str:
    """What a page that refused a form says, to show why a test expected it to go through."""
    found = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', response.content.decode(), re.S)
    return f"{response.status_code}: {[unescape(e).strip() for e in found if e.strip()]}"
