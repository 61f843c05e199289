"""The audit tests sign in through the real login form (the `login` fixture's force_login skips it), and
reuse the inspection module's fixtures for a case with documents to download."""

from datetime import date

import pytest
from django.test import Client

from renshe.core.demo import DEMO_PASSWORD
from renshe.inspection import services as inspection
from tests.inspection.conftest import brigade, complain, factory, filed, u, workers  # noqa: F401


@pytest.fixture
def sign_in(world):
    """sign_in("pt_admin", password=DEMO_PASSWORD) -> (client, response) after posting the login form."""

    def _sign_in(username: str, password: str = DEMO_PASSWORD, **headers):
        client = Client(**headers)
        return client, client.post("/login/", {"username": username, "password": password})

    return _sign_in


@pytest.fixture
def order(filed, u):  # noqa: F811 - the inspection fixtures imported above
    """A rectification order of a filed 奉贤 case (a PDF to download)."""
    case = filed(3)
    return inspection.issue_rectification_order(
        case,
        by=u["fx_inspector"],
        issued_on=date(2026, 10, 12),
        deadline=date(2026, 10, 22),
        requirements="限期支付全部拖欠工资。",
        version=case.version,
    )
