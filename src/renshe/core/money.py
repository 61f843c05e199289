"""Money as every module takes it in and writes it out: Decimal yuan, exact to the cent."""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext as _

from .errors import ValidationFailed

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal(
    "10000000"
)  # ten million yuan in one entry (a claim, an item, a payment): a typing error


def money(value: object, field: str, *, zero_ok: bool = False) -> Decimal:
    """An amount a user typed, checked: a number, at most two decimal places, above zero (or zero when
    `zero_ok`), at most MAX_AMOUNT. A refusal names `field`."""
    try:
        amount = Decimal(str(value))
    except (ArithmeticError, ValueError):
        raise ValidationFailed(_("金额格式不正确"), field=field) from None
    if not amount.is_finite():
        raise ValidationFailed(_("金额格式不正确"), field=field)
    if amount != amount.quantize(CENT):
        raise ValidationFailed(_("金额最多保留两位小数（精确到分）"), field=field)
    amount = amount.quantize(CENT)
    if amount < 0 or (amount == 0 and not zero_ok):
        raise ValidationFailed(_("金额必须大于零"), field=field)
    if amount > MAX_AMOUNT:
        raise ValidationFailed(_("金额超过一千万元，请核对"), field=field)
    return amount


def yuan(amount: Decimal | int | str) -> str:
    """An amount in yuan with thousands separators and two decimals: Decimal("12345.5") -> "12,345.50"."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


def wan(amount: Decimal | int | str) -> str:
    """An amount in 万元 (ten thousand yuan) as a dashboard's card shows it, beside yuan() in its tables:
    Decimal("1234567.8") -> "123.46"."""
    value = (Decimal(str(amount)) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


class MoneyField(models.DecimalField):
    """Every money column: yuan to the cent, never negative, 14 digits (up to 999,999,999,999.99), room for
    any total of a case, a ledger or a month's statistics. Migrations record it as the plain DecimalField
    it is in the database, so they never depend on this module."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", [MinValueValidator(ZERO)])
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Any, dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


class MoneySum(models.Sum):
    """The sum of a money column as an exact Decimal on every database. SQLite keeps decimals as floating
    point and returns a sum with float noise (482342296.029999), so there it adds whole cents as integers;
    they stay exact up to 10^13 cents, beyond any district's sums."""

    def __init__(self, expression: Any, **extra: Any) -> None:
        extra.setdefault("output_field", models.DecimalField(max_digits=20, decimal_places=2))
        super().__init__(expression, **extra)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        extra_context["template"] = "SUM(CAST(ROUND(%(expressions)s * 100) AS INTEGER))"
        return self.as_sql(compiler, connection, **extra_context)

    def get_db_converters(self, connection: BaseDatabaseWrapper) -> list[Callable[..., Any]]:
        converters = super().get_db_converters(connection)
        if connection.vendor == "sqlite":
            converters.append(_from_cents)
        return converters


def _from_cents(value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Decimal | None:
    return None if value is None else (Decimal(int(value)) / 100).quantize(CENT)
