"""Validation, normalisation and masking of identity numbers and phone numbers.

Check algorithms come from python-stdnum (GB 11643 citizen ID, GB 32100 unified social credit code) and
phonenumbers. Input is normalised first: full-width characters folded (NFKC), spaces, dashes and
zero-width characters removed, letters upper-cased.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from .errors import ValidationFailed

_INVISIBLE = re.compile(r"[\s\-\u200b-\u200f\u2060\ufeff]")


def normalise(raw: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw or "")).upper()


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_date: date
    sex: str  # "M" or "F", from the sequence digit (odd = male), GB 11643
    area_known: bool  # False: an area code stdnum does not know; accepted with a warning

    @property
    def area_code(self) -> str:
        return self.number[:6]


def parse_citizen_id(raw: str, field: str = "id_number") -> CitizenId:
    """Reject on length, format, check digit and birth date; an unknown area code is only a warning,
    because real older IDs carry area codes that have since been retired or renumbered."""
    number = normalise(raw)
    if len(number) != 18:
        raise ValidationFailed(_("身份证号码应为18位，当前为%(n)d位") % {"n": len(number)}, field=field)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationFailed(_("身份证号码格式不正确：前17位应为数字，末位为数字或X"), field=field)
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ValidationFailed(_("身份证号码中的出生日期无效"), field=field) from None
    if birth > date.today() or birth.year < 1900:
        raise ValidationFailed(_("身份证号码中的出生日期无效"), field=field)
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationFailed(_("身份证号码校验位不正确，请核对"), field=field)
    try:
        ric.get_birth_place(number)
        area_known = True
    except (stdnum_errors.ValidationError, KeyError):  # stdnum raises KeyError for codes it never had
        area_known = False
    return CitizenId(number, birth, "M" if int(number[16]) % 2 else "F", area_known)


def parse_credit_code(raw: str, field: str = "credit_code") -> str:
    code = normalise(raw)
    try:
        return uscc.validate(code)
    except stdnum_errors.InvalidLength:
        raise ValidationFailed(_("统一社会信用代码应为18位"), field=field) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationFailed(_("统一社会信用代码校验码不正确，请核对"), field=field) from None
    except stdnum_errors.ValidationError:
        raise ValidationFailed(_("统一社会信用代码格式不正确"), field=field) from None


def parse_phone(raw: str, field: str = "phone") -> str:
    """A mainland mobile or landline number, returned in national form without separators."""
    text = normalise(raw).removeprefix("+86")
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number_for_region(parsed, "CN"):
        raise ValidationFailed(_("电话号码无效，请填写手机号或带区号的固定电话"), field=field)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", national)


def mask_id(number: str) -> str:
    """Keep the area code and the last four characters: enough to tell people apart on a list."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:] if len(number) >= 8 else "*" * len(number)
