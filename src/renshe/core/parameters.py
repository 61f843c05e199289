"""Reads of the statutory amounts (models.StatutoryAmount) and of the local period rules
(models.PeriodOverride): the figure, or the length and unit of a period, in force on a day.

The settings RENSHE_MONTHLY_MINIMUM_WAGE, RENSHE_CRIMINAL_THRESHOLD_* and RENSHE_GROUP_CASE_AMOUNT remain only
as the fallback of an installation that has no row in force yet; migration 0010 seeded the minimum wage from its
setting.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings

from .law import PeriodRule, StatutoryPeriod
from .models import AmountKind, PeriodOverride, Region, StatutoryAmount
from .requestcache import once_per_request

FALLBACK_SETTINGS: dict[str, str] = {
    AmountKind.MONTHLY_MINIMUM_WAGE: "RENSHE_MONTHLY_MINIMUM_WAGE",
    AmountKind.CRIMINAL_THRESHOLD_SINGLE: "RENSHE_CRIMINAL_THRESHOLD_SINGLE",
    AmountKind.CRIMINAL_THRESHOLD_TOTAL: "RENSHE_CRIMINAL_THRESHOLD_TOTAL",
    AmountKind.HEARING_THRESHOLD: "RENSHE_HEARING_THRESHOLD",
    AmountKind.GROUP_CASE_AMOUNT: "RENSHE_GROUP_CASE_AMOUNT",
}


def row_in_force(kind: str, on: date, region: Region | None = None) -> StatutoryAmount | None:
    """The row of `kind` in force on `on`: the latest to take effect on or before that day, the region's own
    before the jurisdiction's (region empty)."""
    rows = StatutoryAmount.objects.filter(kind=kind, effective_from__lte=on).order_by(
        "-effective_from", "-id"
    )
    if region is not None:
        own = rows.filter(region=region).first()
        if own is not None:
            return own
    return rows.filter(region__isnull=True).first()


def rows_in_force(on: date) -> list[StatutoryAmount]:
    """Each kind's row in force on `on` for the whole jurisdiction (a kind with none yet is left out)."""
    return [row for kind in AmountKind.values if (row := row_in_force(kind, on)) is not None]


def amount_in_force(kind: str, on: date, region: Region | None = None) -> Decimal:
    """The figure of `kind` in force on `on`; the setting only when no row is (an installation that has
    entered none, or a day before the first row it entered)."""
    row = row_in_force(kind, on, region)
    if row is not None:
        return row.amount
    return Decimal(getattr(settings, FALLBACK_SETTINGS[kind]))


def minimum_wage_on(on: date, region: Region | None = None) -> Decimal:
    """The monthly minimum wage in force on `on` (劳动争议调解仲裁法 第四十七条's measure)."""
    return amount_in_force(AmountKind.MONTHLY_MINIMUM_WAGE, on, region)


def _overrides() -> list[PeriodOverride]:
    # a handful of rows in all: read once per request, newest first
    return once_per_request(
        "period_overrides", lambda: list(PeriodOverride.objects.order_by("-effective_from", "-id"))
    )


def period_rule_on(period: StatutoryPeriod, on: date) -> PeriodRule:
    """The rule of `period` for one that starts on `on`: the latest local rule in force that day, else the
    statute's (or the settings fallback)."""
    for row in _overrides():
        if row.period == period.key and row.effective_from <= on:
            return row.rule
    return period.default_rule
