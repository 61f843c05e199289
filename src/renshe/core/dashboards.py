"""统计分析 pages, one per case module, all built the same way: who may open one, its filter bar (whole
months of receipt, a street, for some an organisation — each only among the options offered, so a choice
out of scope counts as none), the page or its workbook, and the workbook's sheets (the filter and the
totals, one sheet per table ending with the 合计 line, the definitions). A module's metrics.py computes;
its dashboard names the cards, charts and tables; core/dashboard.html draws the page (and
core.casepages.exporting answers ?export=xlsx)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import PermissionDenied
from .exports import xlsx_workbook_response
from .models import Organisation
from .periods import MonthPeriod


@dataclass
class DashboardFilter:
    received_from: date | None = None  # a month's first day
    received_to: date | None = None
    street: Organisation | None = None
    organisation: Organisation | None = None

    @property
    def period(self) -> MonthPeriod:
        return MonthPeriod(self.received_from, self.received_to)


def allow(user, may_view: Callable[[Any], bool]) -> None:
    """Statistics are for the module's own staff and its leaders: `may_view`, the predicate its menu entry
    asks too."""
    if not may_view(user):
        raise PermissionDenied()


def _pick(options: Iterable[Organisation], value: str) -> Organisation | None:
    return next((o for o in options if str(o.pk) == value.strip()), None)


def asked(
    request, streets: Iterable[Organisation], organisations: Iterable[Organisation] = ()
) -> DashboardFilter:
    """The filter bar's `from`, `to`, `street` and `organisation` (MonthPeriod.asked: a first visit is the
    last twelve months)."""
    period = MonthPeriod.asked(request.GET, timezone.localdate())
    return DashboardFilter(
        received_from=period.first,
        received_to=period.last,
        street=_pick(streets, request.GET.get("street", "")),
        organisation=_pick(organisations, request.GET.get("organisation", "")),
    )


def year_before(f: DashboardFilter) -> DashboardFilter | None:
    """The same filter a year earlier (同比): the same months of the year before; None for a period open at
    its start (all the past has no year before to compare with)."""
    if f.received_from is None:
        return None

    def back(day: date | None) -> date | None:
        return day.replace(year=day.year - 1, day=1) if day else None

    return replace(f, received_from=back(f.received_from), received_to=back(f.received_to))


@dataclass
class Change:
    """A figure beside the same figure a year before (同比): `text` +12.5% / −3.0% / —, `direction`."""

    before: int | Decimal
    text: str
    direction: str  # "up", "down", "same" or "" (nothing a year before to compare with)


def year_on_year(now: int | Decimal, before: int | Decimal) -> Change:
    if not before:
        return Change(before, "—", "")
    change = (Decimal(now) - Decimal(before)) / Decimal(before) * 100
    if change == 0:
        return Change(before, "0.0%", "same")
    sign = "+" if change > 0 else "−"
    return Change(before, f"{sign}{abs(change):.1f}%", "up" if change > 0 else "down")


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def shown_percent(rate: float | None) -> str:
    """A rate as a table or card shows it: 40.0%, or — where there is nothing to divide by."""
    return "—" if rate is None else f"{percent(rate):.1f}%"


def workbook(
    name: str,
    filters: list[tuple[str, str]],
    headers: list[str],
    total: list,
    tables: list[tuple[str, str, list[list]]],
    definitions: Iterable[tuple[str, str, str]],
):
    """The page as sheets: 汇总 (the filter used, then each header with its total), one sheet per
    (title, first column, lines) table ending with the same 合计 line as the page, and 指标口径."""
    sheets = [(_("汇总"), [_("项目"), _("数值")], [*filters, *zip(headers, total, strict=True)])]
    for title, first, lines in tables:
        sheets.append((title, [first, *headers], [*lines, [_("合计"), *total]]))
    sheets.append(
        (_("指标口径"), [_("指标"), _("口径")], [(str(label), str(text)) for _k, label, text in definitions])
    )
    return xlsx_workbook_response(f"{name}_{timezone.localdate():%Y%m%d}.xlsx", sheets)
