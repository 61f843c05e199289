from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.core import law
from renshe.core.synthetic import citizen_id
from renshe.disputes import services
from renshe.disputes.services import ApplicantInput, ClaimInput, RespondentInput


@pytest.fixture
def zhangjiang_firm(world):
    return world.orgs["street:310115125"].enterprises.first()


@pytest.fixture
def apply(world, zhangjiang_firm):
    """apply(workers=1, by="zj_centre", days_ago=0) -> (case, query code): an application at 张江's centre."""
    import random

    rng = random.Random(11)

    def _apply(workers: int = 1, by: str | None = "zj_centre", days_ago: int = 0, **overrides):
        # ten or more: a collective dispute (第七条), its claims common to all, three representatives
        collective = workers >= law.COLLECTIVE_DISPUTE_MIN_WORKERS
        applicants = [
            ApplicantInput(citizen_id(rng), f"工人{i}", representative=i < (3 if collective else 1))
            for i in range(workers)
        ]
        data = {
            "by": world.users[by] if by else None,
            "channel": "counter" if by else "portal",
            "centre": world.orgs["zj_centre"],
            "applicants": applicants,
            "respondent": RespondentInput(enterprise_id=zhangjiang_firm.pk),
            "claims": [
                ClaimInput("unpaid_wages", Decimal("18000.00")),
                ClaimInput("overtime", Decimal("3200.50")),
            ],
            "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
            "case_type": "remuneration",
            "received_on": timezone.localdate() - timedelta(days=days_ago),
            "common_claim": collective,
        }
        data.update(overrides)
        return services.apply_for_mediation(**data)

    return _apply
