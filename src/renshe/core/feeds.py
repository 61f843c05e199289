"""Keyset pages for outside systems (a data warehouse): rows in id order from an opaque cursor, the change feed
(GET /api/v1/changes) and the case exports (GET /api/v1/<module>/export) alike.

A page is `WHERE id > <cursor's id> ORDER BY id LIMIT n + 1`: one walk down the primary key from where the
last page ended, so the millionth row costs what the first does; no OFFSET, no count. Rows are never
skipped when others are added (they come later in id order); the cursor of the last page, polled again,
gives what has been added since.
"""

import base64
import binascii
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, fields
from datetime import datetime
from operator import attrgetter, itemgetter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed
from .eventkinds import field_label, label_of, name_subjects
from .models import Event, Organisation
from .selectors import ID_MAX

# rows per page: documented in the operation's `limit` and enforced (422 beyond). A page of the feed costs
# about 15 ms whatever its size and 20–50 µs a row (bench/changes.py): at 1,000 the fixed part was a quarter
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


@dataclass(slots=True)
class _EventRow:
    """An event as the feed reads it: its columns as a tuple (model instances cost more than the rest of
    the page together), with what eventkinds.name_subjects sets on it."""

    id: int
    occurred_at: datetime
    actor_label: str
    verb: str
    summary: str
    subject_type_id: int
    subject_id: str
    organisation_id: int | None
    changes: dict[str, Any]
    subject_name: str = ""
    subject_url: str = ""


EVENT_FIELDS = tuple(f.name for f in fields(_EventRow) if f.default is MISSING)  # its columns, in order


def events(scope: QuerySet[Event]) -> QuerySet:
    """The events of a scope (audit.selectors.operations_for) as tuples of the columns the feed shows: no
    join, the organisations and subjects are named a page at a time (change_items)."""
    return scope.select_related(None).values_list(*EVENT_FIELDS)


def changes_after(scope: QuerySet[Event], after: str, limit: int) -> Page:
    """A page of the change feed."""
    return keyset(events(scope), after, limit, dress=change_items, key=itemgetter(0))


def change_items(rows: list[tuple]) -> list[dict[str, Any]]:
    """The feed's items: each event with its kind's label, its subject named as the operation log names it
    (a case by its number), its organisation, and its changes with the subject's labels for the fields, as
    the case pages show them (personal data is recorded masked: the timeline never holds it whole). Labels
    are looked up once per page (a thousand events share a few dozen kinds)."""
    page = [_EventRow(*row) for row in rows]
    name_subjects(page)
    organisations = dict(
        Organisation.objects.filter(
            pk__in={e.organisation_id for e in page if e.organisation_id}
        ).values_list("pk", "name")
    )
    kinds = {verb: label_of(verb) for verb in {e.verb for e in page}}
    subject_types = {}
    for type_id in {e.subject_type_id for e in page}:
        content_type = ContentType.objects.get_for_id(type_id)
        subject_types[type_id] = (f"{content_type.app_label}.{content_type.model}", str(content_type.name))
    fields: dict[tuple[int, str], str] = {}

    def labelled(type_id: int, field: str) -> str:
        if (type_id, field) not in fields:
            fields[type_id, field] = field_label(type_id, field)
        return fields[type_id, field]

    return [
        {
            "id": event.id,
            "cursor": cursor(event.id),
            "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
            "actor": event.actor_label,
            "verb": event.verb,
            "verb_label": kinds[event.verb],
            "subject": {
                "type": subject_types[event.subject_type_id][0],
                "type_label": subject_types[event.subject_type_id][1],
                "id": event.subject_id,
                "name": event.subject_name,
            },
            "organisation": {
                "id": event.organisation_id,
                "name": organisations.get(event.organisation_id, ""),
            }
            if event.organisation_id
            else None,
            "summary": event.summary,
            "changes": [
                {"field": field, "label": labelled(event.subject_type_id, field), "value": value}
                for field, value in event.changes.items()
            ],
        }
        for event in page
    ]
