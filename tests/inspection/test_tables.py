"""The inspection list as core.tables draws it: the ticked cases each given two inspectors by
services.assign_inspectors (one inspector is refused, row by row), exported, and the tree narrowing to a
street."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from renshe.inspection.models import InspectionCase
from tests import builders

# due dates and date filters are counted from today: run again at tests/clock.py's dates
pytestmark = pytest.mark.clock


def case_order(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-case="(\d+)"', body)]


@pytest.fixture
def two(world):
    today = timezone.localdate()
    return [builders.registered(world, serial=900 + n, received_on=today - timedelta(days=n)) for n in (1, 3)]


def test_batch_assignment_gives_each_case_its_inspectors(login, world, two):
    client = login("fx_admin")
    inspectors = [world.users["fx_inspector"].pk, world.users["fx_inspector2"].pk]
    response = client.post(
        "/inspection/batch/",
        {"action": "assign", "pk": [c.pk for c in two], "handlers": inspectors},
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert any("已分配 2 件" in m for m in said), said
    for case in InspectionCase.objects.filter(pk__in=[c.pk for c in two]):
        assert sorted(case.inspectors.values_list("pk", flat=True)) == sorted(inspectors)


def test_one_inspector_is_refused_for_every_row(login, world, two):
    response = login("fx_admin").post(
        "/inspection/batch/",
        {"action": "assign", "pk": [c.pk for c in two], "handlers": [world.users["fx_inspector"].pk]},
        follow=True,
    )
    refusals = [str(m) for m in response.context["messages"] if str(m).startswith("未分配")]
    assert len(refusals) == 2 and all("第十六条" in m for m in refusals)
    assert not InspectionCase.objects.get(pk=two[0].pk).inspectors.exists()


def test_ticked_cases_export_and_the_tree_narrows_to_a_street(login, world, two):
    client = login("fx_admin")
    response = client.post("/inspection/batch/", {"action": "export", "pk": [two[1].pk]})
    numbers = [r[0] for r in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)][1:]
    assert numbers == [two[1].number]
    street = world.orgs["street:310120101"]
    assert set(case_order(client.get("/inspection/", {"org": street.pk}).content.decode())) >= {
        c.pk for c in two
    }
    elsewhere = world.orgs["fx_centre"]
    assert not set(case_order(client.get("/inspection/", {"org": elsewhere.pk}).content.decode())) & {
        c.pk for c in two
    }


def test_the_grid_officer_is_offered_no_assignment(login, two):
    body = login("fx_grid").get("/inspection/").content.decode()
    assert 'data-testid="assign-selected"' not in body
