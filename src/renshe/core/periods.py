"""Statistics periods: whole months, as bulletins count them."""

from dataclasses import dataclass
from datetime import date


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
