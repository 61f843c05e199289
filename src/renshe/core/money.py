"""Money as every module takes it in and writes it out: Decimal yuan, exact to the cent."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .errors import ValidationFailed

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(
    "10000000"
)  # ten million yuan in one entry (a claim, an item, a payment): a typing error


def money(value, field: str, *, zero_ok: bool = False) -> Decimal:
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
