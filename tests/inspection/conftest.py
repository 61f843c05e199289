"""Fixtures on the demo world's Fengxian network: the brigade, its two inspectors, the story's manufacturer,
the town's mediation centre and the district's arbitration commission."""

import random
from datetime import date
from decimal import Decimal

import pytest

from renshe.core.models import Enterprise
from renshe.core.synthetic import citizen_id
from renshe.inspection import services
from renshe.inspection.services import RespondentInput, WorkerInput
from tests import builders

# around 2026 国庆: Mid-Autumn 9-25, National Day 10-1…10-7, make-up working days Sun 9-20 and Sat 10-10
RECEIVED = date(2026, 9, 29)
MONTHS = [date(2026, m, 1) for m in (4, 5, 6, 7, 8)]  # five months owed


@pytest.fixture
def u(world):
    return world.users


@pytest.fixture
def brigade(world):
    return world.orgs["fx_brigade"]


@pytest.fixture
def factory(world):
    return Enterprise.objects.get(name="上海某道具制造有限公司")


@pytest.fixture
def workers():
    """workers(n, months=MONTHS, wage="5200.00") -> [WorkerInput]: valid IDs, a different wage each."""
    rng = random.Random(4)

    def _workers(n: int, months=MONTHS, wage: str = "5200.00") -> list[WorkerInput]:
        return [
            WorkerInput(
                citizen_id(rng),
                f"工人{i:02d}",
                months=[(m, Decimal(wage) + Decimal(i) + Decimal("0.37")) for m in months],
            )
            for i in range(n)
        ]

    return _workers


@pytest.fixture
def complain(world, u, brigade, factory, workers):
    """complain(n=3, **overrides) -> Report: a counter complaint by n workers against the manufacturer."""

    def _complain(n: int = 3, **overrides):
        data = {
            "by": u["fx_inspector"],
            "brigade": brigade,
            "kind": "complaint",
            "channel": "counter",
            "respondent": RespondentInput(enterprise_id=factory.pk),
            "content": "公司拖欠2026年4月至8月共五个月工资，多次讨要未果。",
            "received_on": RECEIVED,
            "workers": workers(n),
        }
        data.update(overrides)
        return services.register_report(**data)

    return _complain


@pytest.fixture
def filed(world, complain):
    """filed(n=3) -> case: accepted on the day of receipt, two inspectors assigned, one inquiry recorded."""

    def _filed(n: int = 3, **overrides):
        return builders.filed(world, complain(n, **overrides).case, on=RECEIVED, inquiry_on=date(2026, 10, 9))

    return _filed
