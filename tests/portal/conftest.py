"""What the portal's tests share: an empty throttle, a complete application, the receipt's number and code, and
a complete arrears report against the story's factory."""

import random
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from renshe.core.models import Enterprise
from renshe.core.synthetic import citizen_id

ZHANGJIANG = "street:310115125"
FACTORY = "上海某道具制造有限公司"
NANQIAO = "street:310120101"


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


@pytest.fixture
def worker():
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans")


def month_ago(back: int) -> str:
    """The month `back` months before this one (after it when negative), as YYYY-MM."""
    today = timezone.localdate()
    y, m = divmod(today.year * 12 + today.month - 1 - back, 12)
    return f"{y}-{m + 1:02d}"


@pytest.fixture
def factory(world):
    return Enterprise.objects.get(name=FACTORY)


@pytest.fixture
def form_data(world, factory):
    """form_data(mode, **overrides) -> POST data of a complete, valid report against the story's factory."""
    rng = random.Random(11)

    def _data(mode: str = "complaint", **overrides) -> dict:
        data = {
            "mode": mode,
            "employer_name": factory.name,
            "credit_code": factory.credit_code,
            "street": world.orgs[NANQIAO].pk,
            "content": "公司拖欠我们三个月工资，老板说账户被冻结了。",
        }
        if mode != "anonymous":
            data |= {
                "name": "李建华",
                "id_number": citizen_id(rng),
                "phone": "139 1234 5678",
                "consent": "on",
            }
        if mode == "complaint":
            data |= {
                "months-TOTAL_FORMS": "6",
                "months-INITIAL_FORMS": "0",
                "months-MIN_NUM_FORMS": "1",
                "months-MAX_NUM_FORMS": "6",
            }
            for i in range(6):
                data[f"months-{i}-month"] = data[f"months-{i}-amount"] = ""
            data |= {
                "months-0-month": month_ago(3),
                "months-0-amount": "5,200",
                "months-1-month": month_ago(2).replace("-", "年") + "月",
                "months-1-amount": "5200.50",
            }
        data.update(overrides)
        return data

    return _data
