"""ID numbers, credit codes and phones: validated by library check algorithms, normalised, masked."""

import random
from datetime import date

import pytest

from renshe.core.errors import ValidationFailed
from renshe.core.identity import mask_id, mask_phone, parse_citizen_id, parse_credit_code, parse_phone
from renshe.core.synthetic import citizen_id, credit_code

VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example


def test_valid_id_gives_birth_date_and_sex():
    parsed = parse_citizen_id(VALID_ID)
    assert parsed.birth_date.isoformat() == "1949-12-31"
    assert parsed.sex == "F"  # sequence 002: even
    assert parsed.area_known


@pytest.mark.parametrize(
    "raw, message",
    [
        ("110105194912310021", "校验位"),  # check digit wrong
        ("11010519491331002X", "出生日期"),  # month 13
        ("1101051949123100", "18位"),
        ("11010519491231002A", "格式"),
    ],
)
def test_invalid_ids_are_rejected_naming_the_problem(raw, message):
    with pytest.raises(ValidationFailed) as error:
        parse_citizen_id(raw)
    assert message in str(error.value.message)
    assert error.value.field == "id_number"


def test_full_width_digits_spaces_and_zero_width_characters_are_normalised():
    messy = "１１０１０５ 1949\u200b1231-002x"
    assert parse_citizen_id(messy).number == VALID_ID


def test_retired_area_code_is_accepted_with_a_warning():
    # stdnum dates 310230 (崇明县) from 1982; people born earlier were issued IDs with it all the same
    number = citizen_id(random.Random(3), area="310230", birth=date(1970, 5, 3))
    parsed = parse_citizen_id(number)
    assert parsed.area_known is False


def test_birth_date_in_the_future_is_rejected():
    body = "31010720991231001"
    from stdnum.cn import ric

    with pytest.raises(ValidationFailed):
        parse_citizen_id(body + ric.calc_check_digit(body + "0"))


def test_credit_code_check_character():
    good = credit_code(42, "310107")
    assert parse_credit_code(good.lower()) == good
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationFailed, match="校验码"):
        parse_credit_code(bad)
    with pytest.raises(ValidationFailed, match="18位"):
        parse_credit_code(good[:-2])


@pytest.mark.parametrize(
    "raw, stored",
    [("138 1234 5678", "13812345678"), ("021-62345678", "02162345678"), ("+86 13812345678", "13812345678")],
)
def test_phone_numbers_normalised(raw, stored):
    assert parse_phone(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "1381234567", "abc"])
def test_bad_phone_numbers_rejected(raw):
    with pytest.raises(ValidationFailed):
        parse_phone(raw)


def test_masking_keeps_area_and_last_four():
    assert mask_id(VALID_ID) == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
