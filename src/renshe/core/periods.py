"""Statistics periods: whole months, as bulletins count them; and where a local day begins."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

DEFAULT_MONTHS = 12  # a statistics page opens on the last twelve calendar months, this one included


def month(value: str) -> date | None:
    """A month as a month input sends it (2026-03) — its first day; a full date names its month."""
    try:
        return date.fromisoformat(value.strip()[:7] + "-01")
    except ValueError:
        return None


def day_start(day: date) -> datetime:
    """The first moment of `day` in local time: a range on a timestamp column compares against it directly,
    where a __date lookup would cast the column and miss its index."""
    return timezone.make_aware(datetime.combine(day, time.min))


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass
class MonthPeriod:
    """Whole months, the first and last named by any day in them; None leaves that end open."""

    first: date | None = None
    last: date | None = None

    def bounds(self, field: str) -> dict:
        """Lookups on a month or a day `field` keeping what lies in these months."""
        bounds = {}
        if self.first:
            bounds[f"{field}__gte"] = self.first.replace(day=1)
        if self.last:
            bounds[f"{field}__lt"] = next_month(self.last)
        return bounds

    def __contains__(self, day: date) -> bool:
        return (not self.first or day >= self.first.replace(day=1)) and (
            not self.last or day < next_month(self.last)
        )

    @classmethod
    def asked(cls, query: Mapping[str, str], today: date) -> "MonthPeriod":
        """The months a statistics page's `from` and `to` ask for; neither given (a first visit) is the last
        DEFAULT_MONTHS months; an end given empty or unreadable is open."""
        if "from" not in query and "to" not in query:
            first = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
            return cls(date(first // 12, first % 12 + 1, 1), today.replace(day=1))
        return cls(month(query.get("from", "")), month(query.get("to", "")))

    def label(self) -> str:
        """As a filter summary shows it: 2025-12 — 2026-11, with — for an open end."""
        return " — ".join(f"{d:%Y-%m}" if d else "—" for d in (self.first, self.last))
