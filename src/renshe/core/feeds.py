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
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed
from .eventkinds import field_label, label_of, name_subjects
from .models import Event, Organisation
from .selectors import ID_MAX

MAX_LIMIT = 1000  # rows per page: documented in the operation's `limit` and enforced (422 beyond)
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
) -> Page:
    """The `limit` rows after cursor `after`, in id order; `dress` turns the rows read into the items
    answered (named, labelled) a page at a time."""
    start = position(after)
    found = list(rows.filter(pk__gt=start).order_by("pk")[: limit + 1])
    shown = found[:limit]
    last = shown[-1].pk if shown else start
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
)


def events(scope: QuerySet[Event]) -> QuerySet[Event]:
    """The events of a scope (audit.selectors.operations_for) with only the columns the feed shows: no join,
    the organisations and subjects are named a page at a time."""
    return scope.select_related(None).only(*EVENT_FIELDS)


def change_items(page: list[Event]) -> list[dict[str, Any]]:
    """The feed's items: each event with its kind's label, its subject named as the operation log names it
    (a case by its number), its organisation, and its changes with the subject's labels for the fields, as
    the case pages show them (personal data is recorded masked: the timeline never holds it whole)."""
    name_subjects(page)
    organisations = dict(
        Organisation.objects.filter(
            pk__in={e.organisation_id for e in page if e.organisation_id}
        ).values_list("pk", "name")
    )
    items = []
    for event in page:
        content_type = ContentType.objects.get_for_id(event.subject_type_id)
        organisation = event.organisation_id
        items.append(
            {
                "id": event.pk,
                "cursor": cursor(event.pk),
                "occurred_at": event.occurred_at,
                "actor": event.actor_label,
                "verb": event.verb,
                "verb_label": label_of(event.verb),
                "subject": {
                    "type": f"{content_type.app_label}.{content_type.model}",
                    "type_label": str(content_type.name),
                    "id": event.subject_id,
                    "name": event.subject_name,  # type: ignore[attr-defined]
                },
                "organisation": {"id": organisation, "name": organisations.get(organisation, "")}
                if organisation
                else None,
                "summary": event.summary,
                "changes": [
                    {"field": field, "label": field_label(event.subject_type_id, field), "value": value}
                    for field, value in event.changes.items()
                ],
            }
        )
    return items
