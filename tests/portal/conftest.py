"""What the portal's tests share: an empty throttle, a complete application, the receipt's number and code."""

import random
import re

import pytest
from django.core.cache import cache

from renshe.core.synthetic import citizen_id

ZHANGJIANG = "street:310115125"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The throttle counts in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def application(world):
    """application(**overrides) -> POST data of a complete, valid application against a registered firm."""
    rng = random.Random(5)
    firm = world.orgs[ZHANGJIANG].enterprises.order_by("pk").first()

    def _application(**overrides) -> dict:
        data = {
            "centre": world.orgs["zj_centre"].pk,
            "name": "王小明",
            "id_number": citizen_id(rng),
            "phone": "13812345678",
            "credit_code": firm.credit_code,
            "employer_name": firm.name,
            "street": world.orgs[ZHANGJIANG].pk,
            "claims-TOTAL_FORMS": "5",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "1",
            "claims-MAX_NUM_FORMS": "5",
            "claims-0-claim_type": "unpaid_wages",
            "claims-0-amount": "18000",
            "claims-1-claim_type": "overtime",
            "claims-1-amount": "3,200.50",
            "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
            "consent": "on",
        }
        for i in range(2, 5):
            data[f"claims-{i}-claim_type"] = data[f"claims-{i}-amount"] = ""
        data.update(overrides)
        return data

    return _application


def receipt_of(html: str) -> tuple[str, str]:
    number = re.search(r'data-testid="case-number">([^<]+)<', html).group(1)
    code = re.search(r'data-testid="query-code">(\d+)<', html).group(1)
    return number, code
