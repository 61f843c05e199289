"""A case's sub-records follow its case (issue 11, finding 5): the ledger page, the claims API and the
hand-over forms answer 404 wherever the case does. The one exception is the hand-over of a worker: the
mediator of the town where the work was done (用工所在街镇), whose centre the workers are handed to, and the
district commission's staff reach one worker's row and act on it, never the ledger or the file."""

import random
from datetime import date
from decimal import Decimal

import pytest

from renshe.core.models import Event
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection import services
from renshe.inspection.models import InspectionCase, WageClaim
from renshe.inspection.services import RespondentInput, WorkerInput
from tests import builders

from .conftest import MONTHS, RECEIVED

BASE = "/api/v1/inspection"


def complaint(world, by: str, brigade: str, street: str, name: str, code: int) -> InspectionCase:
    """A complaint by two workers about a firm in `street`, registered at `brigade` (filed by 奉贤's
    inspectors when it is theirs)."""
    rng = random.Random(code)
    report = services.register_report(
        by=world.users[by],
        brigade=world.orgs[brigade],
        kind="complaint",
        channel="counter",
        respondent=RespondentInput(
            credit_code=credit_code(code, street[:6]), name=name, street_id=world.orgs[f"street:{street}"].pk
        ),
        content="公司拖欠两名工人五个月工资。",
        received_on=RECEIVED,
        workers=[
            WorkerInput(citizen_id(rng), f"工人{i}", months=[(m, Decimal("5000.00")) for m in MONTHS])
            for i in range(2)
        ],
    )
    if brigade != "fx_brigade":
        return report.case
    return builders.filed(world, report.case, on=RECEIVED, inquiry_on=date(2026, 10, 9))


@pytest.fixture
def changfeng(world):
    """普陀's brigade, a firm in 长风新村街道: not 曹杨's ground."""
    return complaint(world, "pt_admin", "pt_brigade", "310107014", "上海长风某贸易有限公司", 71001)


@pytest.fixture
def fengcheng(world):
    """奉贤's brigade, a firm in 奉城镇: not the town of 南桥's centre."""
    return complaint(world, "fx_inspector", "fx_brigade", "310120102", "上海奉城某机械有限公司", 71002)


@pytest.fixture
def nanqiao(world):
    """奉贤's brigade, a firm in 南桥镇: its workers are mediated at 南桥's centre."""
    return complaint(world, "fx_inspector", "fx_brigade", "310120101", "上海南桥某包装有限公司", 71003)


def first_claim(case) -> WageClaim:
    return WageClaim.objects.filter(case=case).order_by("pk").first()


def mediation_body(case, world) -> dict:
    return {
        "signed_on": "2026-10-28",
        "due_on": "2026-11-06",
        "centre": world.orgs["fx_centre"].pk,
        "version": case.version,
    }


def test_a_street_mediator_reaches_nothing_of_a_case_off_his_street(login, api, changfeng):
    claim = first_claim(changfeng)
    page, client = login("pt_caoyang"), api("pt_caoyang")
    assert page.get(f"/inspection/{changfeng.pk}/").status_code == 404
    assert page.get(f"/inspection/{changfeng.pk}/ledger/view/").status_code == 404
    assert page.get(f"/inspection/{changfeng.pk}/ledger/handover/").status_code == 404
    assert client.get(f"{BASE}/{changfeng.pk}").status_code == 404
    assert client.get(f"{BASE}/{changfeng.pk}/claims/{claim.pk}").status_code == 404


def test_a_town_mediator_neither_reads_nor_settles_a_claim_of_another_town(login, api, fengcheng, world):
    claim = first_claim(fengcheng)
    page, client = login("fx_mediator"), api("fx_mediator")
    events = Event.objects.count()
    assert page.get(f"/inspection/{fengcheng.pk}/ledger/view/").status_code == 404
    assert page.get(f"/inspection/{fengcheng.pk}/ledger/handover/").status_code == 404
    assert client.get(f"{BASE}/{fengcheng.pk}/claims/{claim.pk}").status_code == 404
    settle = client.post(
        f"{BASE}/{fengcheng.pk}/claims/{claim.pk}/mediation",
        mediation_body(fengcheng, world),
        content_type="application/json",
    )
    assert settle.status_code == 404
    form = page.post(
        f"/inspection/{fengcheng.pk}/ledger/mediation/",
        {
            "mediation-version": str(fengcheng.version),
            "mediation-claim": str(claim.pk),
            "mediation-centre": str(world.orgs["fx_centre"].pk),
            "mediation-signed_on": "2026-10-28",
            "mediation-due_on": "2026-11-06",
        },
    )
    assert form.status_code == 404
    claim.refresh_from_db()
    assert claim.resolution == "" and Event.objects.count() == events


def test_the_towns_mediator_reaches_one_workers_row_and_not_the_ledger(login, api, nanqiao, world):
    claim = first_claim(nanqiao)
    page, client = login("fx_mediator"), api("fx_mediator")
    assert page.get(f"/inspection/{nanqiao.pk}/").status_code == 404
    assert page.get(f"/inspection/{nanqiao.pk}/ledger/view/").status_code == 404  # the whole ledger
    handover = page.get(f"/inspection/{nanqiao.pk}/ledger/handover/")
    assert handover.status_code == 200
    html = handover.content.decode()
    assert 'id="ledger-mediation"' in html and 'id="ledger-payment"' not in html
    assert "ledger-totals" not in html  # no table of the workers' months and payments
    row = client.get(f"{BASE}/{nanqiao.pk}/claims/{claim.pk}")
    assert row.status_code == 200 and row.json()["claim"]["worker"]["name"] == claim.worker.name
    done = client.post(
        f"{BASE}/{nanqiao.pk}/claims/{claim.pk}/mediation",
        mediation_body(nanqiao, world),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["claim"]["dispute"]["status"] == "settled"


def test_the_hand_over_scope_in_sql_is_the_rules(world, nanqiao, fengcheng, changfeng):
    """selectors.handover_cases (SQL, for 404) says what rules.may_hand_over says (Python, for 403)."""
    from renshe.inspection import rules, selectors

    cases = [nanqiao, fengcheng, changfeng, *InspectionCase.objects.exclude(pk__in=[nanqiao.pk])[:5]]
    for user in world.users.values():
        reachable = set(selectors.handover_cases(user).values_list("pk", flat=True))
        visible = set(selectors.inspections_for(user).values_list("pk", flat=True))
        for case in cases:
            case = InspectionCase.objects.select_related("organisation__parent", "street").get(pk=case.pk)
            expected = case.pk in visible or rules.may_hand_over(user, case)
            assert (case.pk in reachable) == expected, (user.username, case.number)
