"""Reads of the security records, already limited to what the reviewer may see.

A reviewer sees the access records of accounts whose organisation (at the time of the record) lies in their
data scope, and the timeline events of organisations in their scope — the same rule as every other list
(core.scope). Records with no organisation (an unknown username typed at the login form, an account without
one) are seen by district-wide reviewers (DataScope.ALL) only.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from renshe.core.eventkinds import label_of, name_subjects
from renshe.core.models import Event, User
from renshe.core.periods import day_start
from renshe.core.roles import DataScope
from renshe.core.scope import scoped, visible_organisations

from .models import AccessRecord, PasswordRecord

# The apps whose records the timeline tells about (the subject filter offers their models).
SUBJECT_APPS = ("core", "disputes", "inspection", "portal")


def _between(qs: QuerySet, since: date | None, until: date | None) -> QuerySet:
    if since:
        qs = qs.filter(occurred_at__gte=day_start(since))
    if until:
        qs = qs.filter(occurred_at__lt=day_start(until + timedelta(days=1)))
    return qs


# --- access records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessFilter:
    kind: str = ""
    outcome: str = ""
    username: str = ""
    ip: str = ""
    since: date | None = None
    until: date | None = None


def access_records_for(user: User) -> QuerySet[AccessRecord]:
    return scoped(AccessRecord.objects.all(), user, "organisation", "user").select_related(
        "user", "organisation"
    )


def filtered_access(qs: QuerySet[AccessRecord], f: AccessFilter) -> QuerySet[AccessRecord]:
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.username:
        qs = qs.filter(username=f.username)
    if f.ip:
        qs = qs.filter(ip=f.ip)
    return _between(qs, f.since, f.until)


# --- the operation log (the timeline) -----------------------------------------------------------------


@dataclass(frozen=True)
class OperationFilter:
    actor: str = ""  # a username
    verb: str = ""  # a kind of event, or a group's prefix ("dispute." matches every dispute event)
    subject_type: int | None = None
    subject_id: str = ""
    since: date | None = None
    until: date | None = None


def operations_for(user: User) -> QuerySet[Event]:
    """The events of the reviewer's scope. The organisations are listed first (a few hundred ids), so that
    the page is one walk down the primary key (or the verb index) with no join to test each row's path:
    at 10M events the newest page costs milliseconds (bench/oplog.py)."""
    events = Event.objects.select_related("organisation", "subject_type")
    if not user.is_authenticated or not user.is_active:
        return events.none()
    scope = user.effective_scope
    if scope == DataScope.ALL:
        return events
    if scope == DataScope.OWN_RECORDS:
        return events.filter(actor=user)
    return events.filter(
        organisation_id__in=list(visible_organisations(user).order_by().values_list("pk", flat=True))
    )


def filtered_operations(qs: QuerySet[Event], f: OperationFilter) -> QuerySet[Event]:
    if f.actor:
        qs = qs.filter(actor__username=f.actor)
    if f.verb.endswith("."):  # every kind of a group ("dispute.")
        qs = qs.filter(verb__startswith=f.verb)
    elif f.verb:
        qs = qs.filter(verb=f.verb)
    if f.subject_type:
        qs = qs.filter(subject_type_id=f.subject_type)
    if f.subject_id:
        qs = qs.filter(subject_id=f.subject_id)
    return _between(qs, f.since, f.until)


@dataclass
class KeysetPage:
    """A page of the operation log, newest first by (occurred_at, id): `before` the event the page starts
    after (None: the newest). No total is counted: at millions of events a count costs more than the page."""

    rows: list[Event]
    has_next: bool
    before: int | None

    def __iter__(self) -> Iterator[Event]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> Event:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def next_before(self) -> int | None:
        return self.rows[-1].pk if self.has_next else None


NEWEST_FIRST = ("-occurred_at", "-id")  # the order of the index event_newest_first (and per kind)


def keyset_page(
    qs: QuerySet[Event], before: int | None, per_page: int = 20, viewer: User | None = None
) -> KeysetPage:
    """One page, newest first, walking the (occurred_at, id) index from where the last page ended: page 500
    costs what page 1 does, and a date filter is a range of that index. Its subjects link only to pages
    `viewer` may open (eventkinds.name_subjects)."""
    if before is not None:
        at = Event.objects.filter(pk=before).values_list("occurred_at", flat=True).first()
        if at is not None:
            # (occurred_at, id) < (at, before), with its first half given alone so it bounds the index scan
            qs = qs.filter(occurred_at__lte=at).filter(Q(occurred_at__lt=at) | Q(pk__lt=before))
    rows = list(qs.order_by(*NEWEST_FIRST)[: per_page + 1])
    page = KeysetPage(rows[:per_page], len(rows) > per_page, before)
    name_subjects(page.rows, viewer)
    for event in page.rows:
        event.kind_label = label_of(event.verb)  # type: ignore[attr-defined]
    return page


def subject_types() -> list[tuple[int, str]]:
    """(content type id, model name) for the operation log's subject filter."""
    types = ContentType.objects.filter(app_label__in=SUBJECT_APPS)
    named = [(ct.pk, str(ct.name)) for ct in types if ct.model_class() is not None]
    return sorted(named, key=lambda pair: pair[1])


# --- password age ------------------------------------------------------------------------------------


def password_changed_at(user: User) -> datetime:
    """When the user's current password was set: the newest password record, else when the account was
    created (accounts from before the history was kept)."""
    latest = PasswordRecord.objects.filter(user=user).order_by("-id").values_list("changed_at", flat=True)
    return latest.first() or user.date_joined
