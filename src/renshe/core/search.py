"""Find anything: the header's search box, the results page, the API's /search and every case list's own
search box read the user's text through `parse` here, and match it the same way.

What a query can be, decided once from its shape:
- a case number or any part of it: the serial (`1386`, `0001`), year and serial (`(2026)1386`), the full
  number with ASCII, full-width or 〔〕 brackets and with or without 号, a prefix and year (`张江调(2026)`),
  or the year alone (`（2026）`);
- an enterprise's name (any part) or its 18-character unified social credit code;
- a person's full name, full ID number or phone number — matched on the keyed digests, since the numbers
  are stored encrypted (`Person.objects.with_id_number` / `with_phone`).

Each module registers a `Kind` (its cases) in its AppConfig.ready(), as it does its menu entries; core
registers enterprises and people. Every kind reads through its own scoped selector, so what is out of the
user's scope is never found, and returns at most `LIMIT` hits: a search narrows, it does not page.

On PostgreSQL the case numbers and names carry trigram indexes (LIKE '%…%' uses them); the numbers a query
names are parsed here into the index-friendly form (exact number, prefix, or an anchored suffix).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.db.models import Model, Q, QuerySet, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import identity
from .errors import ValidationFailed
from .models import Enterprise, Person, User
from .models.registry import id_number_is, phone_is

MAX_LENGTH = 100  # longer text is refused: no name, number or code is half as long
LIMIT = 20  # hits shown per kind
PARTY_CAP = 500  # at most this many matching enterprises / people are followed to their cases
CANDIDATES = 2000  # matching cases up to this many are ranked newest first exactly (case_hits)

# every bracket a keyboard or a pasted document uses around the year, to the official 〔〕
_BRACKETS = str.maketrans(
    {
        "(": "〔",
        ")": "〕",
        "[": "〔",
        "]": "〕",
        "【": "〔",
        "】": "〕",
        "﹝": "〔",
        "﹞": "〕",
        "〖": "〔",
        "〗": "〕",
    }
)
_NUMBER = re.compile(r"(?P<prefix>[^\d〔〕]*)(?:〔(?P<year>\d{4})(?:〕|$))?(?P<serial>\d{1,9})?")
_ID_NUMBER = re.compile(r"\d{17}[\dX]")
_CREDIT_CODE = re.compile(r"[0-9A-Z]{18}")
_PHONE = re.compile(r"(?:\+?86)?1\d{10}")


@dataclass(frozen=True)
class NumberPattern:
    """How a case number column is matched: exactly, by its beginning, by its end, or containing."""

    exact: str = ""
    startswith: str = ""
    endswith: str = ""
    contains: str = ""
    year: str = ""  # the year the number names, where the pattern does not pin the number down

    def q(self, field: str = "number", dated: str = "received_on") -> Q:
        if self.exact:
            return Q(**{field: self.exact})
        # a number's year is its registration's (numbering.next_case_number(year=received_on.year)): a
        # year alone, or a series and year, is read along the date index within that year
        within = Q(**{f"{dated}__year": int(self.year)}) if self.year else Q()
        if self.startswith:
            return Q(**{f"{field}__startswith": self.startswith}) & within
        if self.endswith:
            q = Q(**{f"{field}__endswith": self.endswith})
            if self.year:
                # not LIKE '%〔2026〕1386号': its trigrams include the year's, shared by a third of all cases;
                # a function the index cannot answer is applied to the serial's few rows instead
                q &= Q(GreaterThan(StrIndex(field, Value(f"〔{self.year}〕")), 0))
            return q
        return Q(**{f"{field}__contains": self.contains}) & within


@dataclass(frozen=True)
class Query:
    text: str  # as typed, cleaned: for names
    compact: str  # folded to ASCII, no spaces, upper case: for numbers and codes
    number: NumberPattern | None = None
    id_number: bool = False
    phone: bool = False
    credit_code: bool = False
    # who searches: the enterprises and people followed to cases are then those visible to them (a case in
    # their scope has its parties visible: core/parties.py), so another district's never cost a lookup
    user: User | None = field(default=None, compare=False)

    def seen_by(self, user: User) -> "Query":
        return replace(self, user=user)

    @property
    def names(self) -> bool:
        """Whether the text can be a name: not digits (nor a number's brackets) alone, nor a code, nor a
        case number with its serial."""
        codes = self.id_number or self.phone or self.credit_code
        serial = self.number is not None and bool(self.number.exact or self.number.endswith)
        return not (codes or serial) and not re.fullmatch(r"[\d〔〕+]*", self.compact)

    # read once per search, however many case modules follow them to their cases
    @cached_property
    def enterprise_ids(self) -> list[int]:
        return matching_enterprises(self)

    @cached_property
    def people_ids(self) -> list[int]:
        return matching_people(self)


def _clean(raw: str) -> str:
    """Control and invisible characters (NUL among them) removed, runs of whitespace made one space."""
    kept = "".join(c for c in raw if unicodedata.category(c) not in ("Cc", "Cf") or c.isspace())
    return " ".join(kept.split())


def normalise_number(raw: str) -> str:
    """A case number as the register writes it: full-width folded, spaces and dashes gone, brackets 〔〕."""
    return identity.normalise(raw).translate(_BRACKETS)


def _number_pattern(compact: str) -> NumberPattern | None:
    text = compact.removesuffix("号")
    match = _NUMBER.fullmatch(text)
    if not match or not text:
        return None
    prefix, year, serial = match["prefix"], match["year"], match["serial"]
    if serial and year is None and prefix:
        return None  # 张江调1386: not how a number is written
    if serial:
        tail = f"{int(serial):04d}号"
        if year and prefix:
            return NumberPattern(exact=f"{prefix}〔{year}〕{tail}")
        return NumberPattern(endswith=f"〕{tail}", year=year or "")
    if year:
        if prefix:
            return NumberPattern(startswith=f"{prefix}〔{year}〕", year=year)
        return NumberPattern(contains=f"〔{year}〕", year=year)
    if len(prefix) >= 2 and "〕" not in text:
        return NumberPattern(startswith=prefix)  # a series' prefix: 张江调
    return None


def parse(raw: str | None) -> Query:
    """The user's search text, read once; an empty or overlong one is refused with a message."""
    raw = raw or ""
    if len(raw) > MAX_LENGTH * 4:  # judged before any work on it: 1 MB is refused at once
        raise ValidationFailed(_("搜索内容过长，最多%(n)d个字符") % {"n": MAX_LENGTH}, field="q")
    text = _clean(raw)
    if not text:
        raise ValidationFailed(_("请输入案号、姓名、企业名称、信用代码、身份证号码或手机号码"), field="q")
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(_("搜索内容过长，最多%(n)d个字符") % {"n": MAX_LENGTH}, field="q")
    compact = normalise_number(text)
    return Query(
        text=text,
        compact=compact,
        number=_number_pattern(compact),
        id_number=bool(_ID_NUMBER.fullmatch(compact)),
        phone=bool(_PHONE.fullmatch(compact)),
        credit_code=bool(_CREDIT_CODE.fullmatch(compact)),
    )


def parse_or_none(raw: str | None) -> Query | None:
    """For a list's filter box: an empty text filters nothing (a too long one is refused by the form)."""
    try:
        return parse(raw)
    except ValidationFailed:
        return None


# --- matching, shared by the results page and the case lists ---------------------------------------


def enterprise_q(query: Query) -> Q:
    """Enterprises by any part of their name, or their full credit code."""
    q = Q(pk__in=[])
    if query.names:
        q |= Q(name__contains=query.text)
    if query.credit_code:
        q |= Q(credit_code=query.compact)
    return q


def person_q(query: Query) -> Q:
    """People by their full name, or their full ID or phone number (on the digests)."""
    q = Q(pk__in=[])
    if query.names:
        q |= Q(name=query.text)
    if query.id_number:
        q |= id_number_is(query.compact)
    if query.phone:
        q |= phone_is(query.compact)
    return q


def matching_enterprises(query: Query) -> list[int]:
    """The ids of (at most PARTY_CAP) enterprises the query names, for following to cases in scope."""
    from .selectors import enterprises_for

    if not (query.names or query.credit_code):
        return []
    base = enterprises_for(query.user) if query.user else Enterprise.objects.all()
    return list(base.filter(enterprise_q(query)).order_by().values_list("pk", flat=True)[:PARTY_CAP])


def matching_people(query: Query) -> list[int]:
    from .selectors import persons_for

    if not (query.names or query.id_number or query.phone):
        return []
    base = persons_for(query.user) if query.user else Person.objects.all()
    return list(base.filter(person_q(query)).order_by().values_list("pk", flat=True)[:PARTY_CAP])


class GatheredIds(Q):
    """case_q's filter when it found few matching cases: their ids."""


def case_arms(
    query: Query, *, parties: Callable[[list[int]], list[int]], respondent: str = "respondent"
) -> Q:
    """The cases a query names, as one filter: by number, by the respondent enterprise, or by a person
    party to the case (`parties(person ids)` gives the case ids, bounded). Each arm is one index lookup,
    OR-ed as bitmaps on PostgreSQL."""
    q = query.number.q() if query.number else Q(pk__in=[])
    if enterprises := query.enterprise_ids:
        q |= Q(**{f"{respondent}_id__in": enterprises})
    if (people := query.people_ids) and (cases := parties(people)):
        q |= Q(pk__in=cases)
    return q


def case_q(
    query: Query,
    model: type[Model],
    *,
    parties: Callable[[list[int]], list[int]],
    respondent: str = "respondent",
) -> Q:
    """A case list's filter: case_arms, and when the matching cases, whoever's, are at most CANDIDATES,
    those ids instead (gathered with no order), so the scoped, newest-first list reads just them rather
    than walking the date index from today through matches outside the user's scope."""
    q = case_arms(query, parties=parties, respondent=respondent)
    if q == Q(pk__in=[]):
        return q
    found = list(model._default_manager.filter(q).order_by().values_list("pk", flat=True)[: CANDIDATES + 1])
    return GatheredIds(pk__in=found) if len(found) <= CANDIDATES else q


def bounded(ids: QuerySet) -> list[int]:
    """The first PARTY_CAP ids of a query of case ids (a search narrows, it does not gather everything)."""
    return list(ids[:PARTY_CAP])


def case_hits(cases: QuerySet, q: Q, url: str, limit: int) -> list["Hit"]:
    """A case module's hits: its cases in the user's scope matching `q` (case_arms), newest first, as plain
    rows (number, respondent, status, date) rather than a model per hit; `url` the prefix of a case's page.

    The matches in scope are first gathered with their dates and no ORDER BY (at most CANDIDATES + 1), and
    when they are that few the newest are picked here: with ORDER BY date and a LIMIT, PostgreSQL walks the
    date index from today hoping to meet matches soon, and reads every match when they all lie outside the
    user's scope (an employer's 34,000 cases at another district's brigade: 190 ms). `cases` names its
    scope by organisation ids (scope.organisation_q(by_id=True)), so this gathering is answered from the
    indexes on the organisation columns: nothing out of scope is read. Only when more than CANDIDATES
    matches lie in scope is the date index walked, and then it meets them soon."""
    if q == Q(pk__in=[]):
        return []
    found = list(cases.filter(q).order_by().values_list("received_on", "pk")[: CANDIDATES + 1])
    if len(found) <= CANDIDATES:
        newest = [pk for _day, pk in sorted(found, reverse=True)[:limit]]
        chosen = cases.model._default_manager.filter(pk__in=newest)
    else:
        chosen = cases.filter(q).order_by("-received_on", "-id")[:limit]
    rows = sorted(
        chosen.values_list("received_on", "pk", "number", "respondent__name", "status"),
        key=lambda r: (r[0], r[1]),
        reverse=True,
    )
    status = dict(cases.model._meta.get_field("status").choices)
    return [
        Hit(number, f"{firm} · {status.get(state, state)} · {day.isoformat()}", f"{url}{pk}/")
        for day, pk, number, firm, state in rows
    ]


# --- the kinds of thing found ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    label: str
    detail: str
    url: str


@dataclass(frozen=True)
class Kind:
    key: str
    title: str | Promise
    find: Callable[[User, Query, int], list[Hit]]  # at most `limit` hits, in the user's scope
    order: int = 100


@dataclass
class Group:
    key: str
    title: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more than LIMIT were found: refine the query


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    KINDS[kind.key] = kind


def search(user: User, query: Query, limit: int = LIMIT) -> list[Group]:
    """Every kind's hits for the user, in the kinds' order; each kind asked for one more than it shows, so
    the page can say there are more."""
    query = query.seen_by(user)
    groups = []
    for kind in sorted(KINDS.values(), key=lambda k: k.order):
        hits = kind.find(user, query, limit + 1)
        groups.append(Group(kind.key, str(kind.title), hits[:limit], more=len(hits) > limit))
    return groups


def _enterprises(user: User, query: Query, limit: int) -> list[Hit]:
    from .selectors import enterprises_for

    if not (query.names or query.credit_code):
        return []
    # the matching enterprises were read once for the case kinds (query.seen_by(user)); the scope is asked
    # again of these few, not of every enterprise the text matches
    rows = (
        enterprises_for(user)
        .filter(pk__in=query.enterprise_ids[:limit])
        .order_by()
        .values_list("pk", "name", "credit_code", "street__name")[:limit]
    )
    return [
        Hit(name, f"{code} · {street}", f"/enterprises/{pk}/")
        for pk, name, code, street in sorted(rows, key=lambda r: (r[1], r[0]))
    ]


def _people(user: User, query: Query, limit: int) -> list[Hit]:
    from .selectors import persons_for

    if not (query.names or query.id_number or query.phone):
        return []
    found = (
        persons_for(user)
        .filter(pk__in=query.people_ids[:limit])  # as _enterprises: read once, the scope asked again
        .select_related(None)
        .only("pk", "name", "id_number", "phone")
        .order_by()[:limit]
    )
    return [
        Hit(p.name, f"{p.masked_id} · {p.masked_phone or '—'}", f"/people/{p.pk}/")
        for p in sorted(found, key=lambda p: (p.name, p.pk))
    ]


register(Kind("enterprises", gettext_lazy("企业"), _enterprises, 300))
register(Kind("people", gettext_lazy("人员"), _people, 400))
