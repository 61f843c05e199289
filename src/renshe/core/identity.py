"""Validation, normalisation and masking of identity numbers and phone numbers, and the cleaning of names.

Check algorithms come from python-stdnum (GB 11643 citizen ID, GB 32100 unified social credit code) and
phonenumbers. Input is normalised first: full-width characters folded to ASCII, spaces, dashes and invisible
characters removed, letters upper-cased. Only ASCII and full-width digits and letters are accepted: other
scripts' digits (٣, ३, ๓) are digits to `str.isdigit()` and `int()`, and NFKC folds ①, ¹ and 𝟏 into 1, so
accepting them would make one real number into many people.
"""

import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from .errors import ValidationFailed

# Full-width ASCII (what a Chinese keyboard types: ０-９, Ａ-Ｚ, －, （）) and the ideographic space, to ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)  # ASCII only: "ı".upper() is "I"
_ID_CHARACTERS = frozenset(string.digits + "X")
_CODE_CHARACTERS = frozenset(string.digits + string.ascii_uppercase)
_PHONE_CHARACTERS = frozenset(string.digits + "+()")


def _invisible(character: str) -> bool:
    """A format character (Unicode Cf): bidirectional controls, zero-width spaces and joiners, the byte-order
    mark, the soft hyphen. None belongs in a number or a name; each can make one look like another."""
    return unicodedata.category(character) == "Cf"


def normalise(raw: str) -> str:
    """Full-width folded to ASCII, spaces, dashes and invisible characters removed, ASCII letters upper-cased.
    Any other character is kept, for the parsers to refuse by name."""
    text = (raw or "").translate(_FULL_WIDTH)
    return "".join(c for c in text if not (c.isspace() or c == "-" or _invisible(c))).translate(_UPPER)


def _only(raw: str, allowed: frozenset[str], refusal: str, field: str) -> str:
    """`raw` normalised, refused on the first character outside `allowed`, which the message names."""
    number = normalise(raw)
    for character in number:
        if character not in allowed:
            raise ValidationFailed(refusal % {"character": character}, field=field)
    return number


def clean_name(raw: str) -> str:
    """A person's or an employer's name as it reads: invisible characters removed (a right-to-left override
    in a name reverses what follows it on a page), runs of whitespace made one space, the ends stripped."""
    return " ".join("".join(c for c in raw if not _invisible(c)).split())


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
    number = _only(
        raw,
        _ID_CHARACTERS,
        _("身份证号码格式不正确：只能由数字0–9和X组成（半角、全角均可），不能含有“%(character)s”"),
        field,
    )
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
    code = _only(
        raw,
        _CODE_CHARACTERS,
        _("统一社会信用代码格式不正确：只能由数字0–9和字母组成（半角、全角均可），不能含有“%(character)s”"),
        field,
    )
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
    text = _only(
        raw,
        _PHONE_CHARACTERS,
        _("电话号码格式不正确：只能由数字0–9组成（半角、全角均可），不能含有“%(character)s”"),
        field,
    ).removeprefix("+86")
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
