"""Query codes (查询码): what a member of the public follows a case with on the portal, given once with its
number. Only a keyed digest of number and code is kept, under a purpose of its own per kind of record, so a
code's length may change without a migration (the codes given before still compare) and a digest of one
kind never matches another's."""

import secrets

from django.utils.crypto import salted_hmac

# 10^8 codes: with the portal's per-case budget, years to guess one (README, "Guessing a query code");
# the 6-digit codes given before stay valid
QUERY_CODE_DIGITS = 8


def new_query_code() -> str:
    return f"{secrets.randbelow(10**QUERY_CODE_DIGITS):0{QUERY_CODE_DIGITS}d}"


def query_digest(purpose: str, number: str, code: str) -> str:
    """What a record keeps of the code it was given with `number` (the code itself is shown once)."""
    return salted_hmac(purpose, f"{number.strip()}:{code.strip()}", algorithm="sha256").hexdigest()
