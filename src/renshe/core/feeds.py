"""Keyset pages for outside systems (a data warehouse): rows in id order from an opaque cursor, the change feed
(GET /api/v1/changes) and the case exports (GET /api/v1/<module>/export) alike.

A page is `WHERE id > <cursor's id> ORDER BY id LIMIT n + 1`: one walk down the primary key from where the
last page ended, so the millionth row costs what the first does; no OFFSET, no count. Rows are never
skipped when others are added (they come later in id order); the cursor of the last page, polled again,
gives what has been added since. The change feed holds back its youngest events for a few seconds (_settled):
an event's id is taken when it is written, not when its transaction commits.
"""

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from operator import attrgetter, itemgetter
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed
from .eventkinds import field_label, label_of, name_subjects
from .models import Event, Organisation
from .selectors import ID_MAX

# rows per page: documented in the operation's `limit` and enforced (422 beyond). On PostgreSQL a page of the
# feed costs some 40 ms fixed (its keys, the namers' queries, the request) and 15–25 µs a row in the database
# (bench/changes.py): at 1,000 the fixed part was most of it
MAX_LIMIT = 5000
DEFAULT_LIMIT = 100
_PREFIX = "k1:"  # the cursor's format, so that another can follow it


def cursor(pk: int) -> str:
    """An opaque cursor for the position after row `pk`."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{pk}".encode()).decode().rstrip("=")


def position(value: str) -> int:
    """The id a cursor stands after (0: from the start); a cursor this API did not give is a 422."""
    if not value:
        return 0
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    number = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not number.isdigit() or not 0 <= int(number) <= ID_MAX:
        raise ValidationFailed(_("游标无效：请使用上一页返回的 next"), field="after")
    return int(number)


@dataclass
class Page:
    items: list[Any]
    next: str | None  # the cursor to pass as `after`; the same one again when nothing is newer
    has_more: bool


def keyset(
    rows: QuerySet,
    after: str,
    limit: int,
    dress: Callable[[list], Iterable[Any]] = list,
    key: Callable[[Any], int] = attrgetter("pk"),
) -> Page:
    """The `limit` rows after cursor `after`, in id order; `dress` turns the rows read into the items
    answered (named, labelled) a page at a time; `key`: a row's id (rows read as tuples: their first)."""
    start = position(after)
    found = list(rows.filter(pk__gt=start).order_by("pk")[: limit + 1])
    shown = found[:limit]
    last = key(shown[-1]) if shown else start
    return Page(list(dress(shown)), cursor(last) if last else None, len(found) > limit)


# --- the change feed: timeline events -------------------------------------------------------------------

EVENT_FIELDS = (
    "id",
    "occurred_at",
    "actor_label",
    "verb",
    "summary",
    "subject_type_id",
    "subject_id",
    "organisation_id",
    "changes",
)  # the columns the feed shows, in this order


def _settled(scope: QuerySet[Event]) -> QuerySet[Event]:
    """The events before the first one younger than RENSHE_CHANGE_FEED_SETTLE_SECONDS. An event's id is taken
    when it is written, and its transaction may commit after a later one's: served past a young event, the
    cursor could move beyond an older neighbour not yet committed, which would then never be read. Any
    transaction that commits within the window is read in its place. (The young are few: found by the
    occurred_at index, whatever the scope.)"""
    window = settings.RENSHE_CHANGE_FEED_SETTLE_SECONDS
    if not window:
        return scope
    young = Event.objects.filter(occurred_at__gt=timezone.now() - timedelta(seconds=window))
    first_young = young.aggregate(first=Min("pk"))["first"]
    return scope if first_young is None else scope.filter(pk__lt=first_young)


def events(scope: QuerySet[Event]) -> QuerySet:
    """The settled events of a scope (audit.selectors.operations_for) as tuples of the columns the feed
    shows: no join, the organisations and subjects are named a page at a time (_Labels)."""
    return _settled(scope).select_related(None).values_list(*EVENT_FIELDS)


def changes_page(scope: QuerySet[Event], after: str, limit: int) -> bytes:
    """A page of the change feed as the JSON answered: on PostgreSQL built by the database, items and all
    (a million events read in seconds, not minutes: bench/changes.py); elsewhere (SQLite, development)
    in Python. Both read the same labels (_Labels) and give the same JSON (tests/core/test_change_feed.py)."""
    if connections[scope.db].vendor == "postgresql":
        return _built_by_postgresql(scope, after, limit)
    page = keyset(events(scope), after, limit, dress=change_items, key=itemgetter(0))
    return _page_json(
        json.dumps(page.items, cls=DjangoJSONEncoder, ensure_ascii=False).encode(), page.next, page.has_more
    )


def _page_json(items: bytes, next_cursor: str | None, has_more: bool) -> bytes:
    """The answer (ChangePageOut) around its items, already JSON."""
    return (
        b'{"items": ' + items + b", " + json.dumps({"next": next_cursor, "has_more": has_more})[1:].encode()
    )


@dataclass
class _Labels:
    """What a page's items are named and labelled with, looked up once per page (a thousand events share a
    few dozen kinds, organisations and fields): each kind's label, each subject type's name and label, each
    subject's name as the operation log names it (a case by its number), each organisation's name, and the
    subject models' labels for the fields recorded in Event.changes."""

    verbs: dict[str, str]
    types: dict[int, tuple[str, str]]
    subjects: dict[int, dict[str, str]]
    organisations: dict[int, str]
    fields: dict[int, dict[str, str]]

    def as_parameters(self) -> tuple:
        """As _ITEMS_SQL reads them: the fields' labels as jsonb, the rest as arrays (keys, values…)."""
        subjects = [(t, key, name) for t, names in self.subjects.items() for key, name in names.items()]
        return (
            json.dumps(self.fields, ensure_ascii=False),
            list(self.verbs),
            list(self.verbs.values()),
            list(self.types),
            [name for name, _label in self.types.values()],
            [label for _name, label in self.types.values()],
            [t for t, _key, _name in subjects],
            [key for _t, key, _name in subjects],
            [name for _t, _key, name in subjects],
            list(self.organisations),
            list(self.organisations.values()),
        )

    @classmethod
    def of(
        cls,
        verbs: Iterable[str],
        subjects: Mapping[int, Iterable[str]],
        organisations: Iterable[int],
        fields: Mapping[int, Iterable[str]],
    ) -> "_Labels":
        types, named = {}, {}
        for type_id, keys in subjects.items():
            content_type = ContentType.objects.get_for_id(type_id)
            types[type_id] = (f"{content_type.app_label}.{content_type.model}", str(content_type.name))
            stubs = [SimpleNamespace(subject_type_id=type_id, subject_id=key) for key in set(keys)]
            name_subjects(stubs)
            named[type_id] = {stub.subject_id: stub.subject_name for stub in stubs}
        return cls(
            verbs={verb: label_of(verb) for verb in set(verbs)},
            types=types,
            subjects=named,
            organisations=dict(
                Organisation.objects.filter(pk__in=set(organisations)).values_list("pk", "name")
            ),
            fields={t: {f: field_label(t, f) for f in set(names)} for t, names in fields.items()},
        )


def change_items(rows: list[tuple]) -> list[dict[str, Any]]:
    """The feed's items, built in Python: each event with its kind's label, its subject named, its
    organisation, and its changes with the subject's labels for the fields, as the case pages show them
    (personal data is recorded masked: the timeline never holds it whole)."""
    subjects: dict[int, set[str]] = {}
    fields: dict[int, set[str]] = {}
    for row in rows:
        subjects.setdefault(row[5], set()).add(row[6])
        fields.setdefault(row[5], set()).update(row[8])
    labels = _Labels.of({row[3] for row in rows}, subjects, {row[7] for row in rows if row[7]}, fields)
    items = []
    for pk, occurred_at, actor, verb, summary, type_id, subject_id, organisation_id, changes in rows:
        subject_type, type_label = labels.types[type_id]
        items.append(
            {
                "id": pk,
                "cursor": cursor(pk),
                "occurred_at": occurred_at.isoformat().replace("+00:00", "Z"),
                "actor": actor,
                "verb": verb,
                "verb_label": labels.verbs[verb],
                "subject": {
                    "type": subject_type,
                    "type_label": type_label,
                    "id": subject_id,
                    "name": labels.subjects[type_id][subject_id],
                },
                "organisation": {"id": organisation_id, "name": labels.organisations.get(organisation_id, "")}
                if organisation_id
                else None,
                "summary": summary,
                "changes": [
                    {"field": field, "label": labels.fields[type_id][field], "value": value}
                    for field, value in changes.items()
                ],
            }
        )
    return items


# PostgreSQL: the page's keys gathered (what to label, and its events' ids), then its items built as JSON, in
# two statements over the same keyset page ({page}: the feed's own query, `WHERE id > … ORDER BY id LIMIT
# n + 1`); the second writes the first's events only, those it labelled (not one committed in between)
_KEYS_SQL = """
WITH page AS ({page}), shown AS (SELECT * FROM page ORDER BY id LIMIT %s)
SELECT shown.subject_type_id, array_agg(DISTINCT shown.subject_id), array_agg(DISTINCT shown.verb),
       array_agg(DISTINCT shown.organisation_id) FILTER (WHERE shown.organisation_id IS NOT NULL),
       array_agg(DISTINCT field) FILTER (WHERE field IS NOT NULL),
       array_agg(DISTINCT shown.id), (SELECT max(id) FROM page)
FROM shown LEFT JOIN LATERAL jsonb_object_keys(shown.changes) AS field ON true
GROUP BY shown.subject_type_id
"""
# the same JSON as change_items, each item written as text (json_build_object costs four times as much):
# occurred_at in ISO 8601, in UTC ("Z"), with microseconds when it has some (as Python's isoformat); the
# cursor base64url without padding (cursor()); labels from _Labels, joined by key (the fallbacks as in
# change_items: a missing label would otherwise make the whole item NULL, which string_agg skips)
_ITEMS_SQL = """
WITH page AS ({page})
SELECT convert_to('[' || coalesce(string_agg(
  '{{"id": ' || e.id
  || ', "cursor": "' || rtrim(translate(encode(convert_to('{prefix}' || e.id, 'UTF8'), 'base64'), '+/', '-_'), '=')
  || '", "occurred_at": "'
  || replace(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z')
  || '", "actor": ' || to_json(e.actor_label)
  || ', "verb": ' || to_json(e.verb)
  || ', "verb_label": ' || to_json(coalesce(v.label, e.verb))
  || ', "subject": {{"type": ' || to_json(coalesce(st.name, ''))
  || ', "type_label": ' || to_json(coalesce(st.label, ''))
  || ', "id": ' || to_json(e.subject_id)
  || ', "name": ' || to_json(coalesce(sn.name, st.label || ' #' || e.subject_id, ''))
  || '}}, "organisation": ' || CASE WHEN e.organisation_id IS NULL THEN 'null' ELSE
     '{{"id": ' || e.organisation_id || ', "name": ' || to_json(coalesce(o.name, '')) || '}}' END
  || ', "summary": ' || to_json(e.summary)
  || ', "changes": ' || CASE WHEN e.changes = '{{}}' THEN '[]' ELSE (
       SELECT json_agg(json_build_object(
         'field', c.key, 'label', coalesce(%s::jsonb -> e.subject_type_id::text ->> c.key, c.key),
         'value', c.value) ORDER BY c.n)::text
       FROM jsonb_each(e.changes) WITH ORDINALITY AS c(key, value, n)) END
  || '}}', ', ' ORDER BY e.id), '') || ']', 'UTF8')
FROM page AS e
LEFT JOIN unnest(%s::text[], %s::text[]) AS v(verb, label) ON v.verb = e.verb
LEFT JOIN unnest(%s::int[], %s::text[], %s::text[]) AS st(id, name, label) ON st.id = e.subject_type_id
LEFT JOIN unnest(%s::int[], %s::text[], %s::text[]) AS sn(type_id, key, name)
  ON sn.type_id = e.subject_type_id AND sn.key = e.subject_id
LEFT JOIN unnest(%s::bigint[], %s::text[]) AS o(id, name) ON o.id = e.organisation_id
JOIN unnest(%s::bigint[]) AS shown(id) ON shown.id = e.id
"""


def _built_by_postgresql(scope: QuerySet[Event], after: str, limit: int) -> bytes:
    """changes_page by two statements: the page's keys, to label; then its items written by PostgreSQL."""
    start = position(after)
    nothing_new = _page_json(b"[]", cursor(start) if start else None, has_more=False)
    if scope.query.is_empty():
        return nothing_new
    rows = events(scope).filter(pk__gt=start).order_by("pk")[: limit + 1]
    page_sql, page_params = rows.query.sql_with_params()
    with connections[scope.db].cursor() as db:
        db.execute(_KEYS_SQL.format(page=page_sql), (*page_params, limit))
        found = db.fetchall()
        if not found:
            return nothing_new
        labels = _Labels.of(
            (verb for row in found for verb in row[2]),
            {row[0]: row[1] for row in found},
            (pk for row in found for pk in row[3] or ()),
            {row[0]: row[4] or () for row in found},
        )
        shown = [pk for row in found for pk in row[5]]
        last, beyond = max(shown), found[0][6]
        db.execute(
            _ITEMS_SQL.format(page=page_sql, prefix=_PREFIX),
            (*page_params, *labels.as_parameters(), shown),
        )
        (items,) = db.fetchone()
    return _page_json(bytes(items), cursor(last), has_more=beyond > last)
