"""Every answer tells the truth (issue 14, part 4): a transition that succeeds answers 200 with the state it
left the case in, even when it took the case out of the caller's scope — then with the case's number,
status, version and where it went, not the parties' details — and only from then on is the case a 404."""

import pytest
from django.utils import timezone

from renshe.disputes.models import DisputeCase
from tests import builders

# expiries, windows and received dates are counted from today, wherever it falls
pytestmark = pytest.mark.clock

BASE = "/api/v1/disputes"


@pytest.mark.parametrize(("mediator", "via"), [("zj_studio", "zj_studio"), ("zj_village", "village:环东村")])
def test_a_studio_or_village_room_sending_a_case_to_arbitration_is_told_it_went(
    world, api, apply, mediator, via
):
    case = builders.mediating(world, apply(days_ago=30)[0], mediator, via=via)
    client = api(mediator)
    tribunal = world.orgs["zj_tribunal"]
    answer = client.post(
        f"{BASE}/{case.pk}/arbitration",
        {"commission": tribunal.pk, "applied_on": timezone.localdate().isoformat(), "version": case.version},
        content_type="application/json",
    )
    case = DisputeCase.objects.get(pk=case.pk)
    assert case.status == "arbitration" and case.organisation_id == tribunal.pk  # the transfer is saved
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "id": case.pk,
        "number": case.number,
        "status": "arbitration",
        "version": case.version,
        "organisation": {"id": tribunal.pk, "name": tribunal.name},
        "in_scope": False,
    }
    assert client.get(f"{BASE}/{case.pk}").status_code == 404  # from now on outside the scope


def test_a_transition_within_the_scope_still_answers_with_the_whole_case(world, api, apply):
    case = builders.mediating(world, apply(days_ago=30)[0])  # the centre keeps sight of what it sends on
    answer = api("zj_centre").post(
        f"{BASE}/{case.pk}/arbitration",
        {
            "commission": world.orgs["zj_tribunal"].pk,
            "applied_on": timezone.localdate().isoformat(),
            "version": case.version,
        },
        content_type="application/json",
    )
    body = answer.json()
    assert answer.status_code == 200 and body["status"] == "arbitration"
    assert "in_scope" not in body and body["applicants"] and body["arbitration"]["number"]


def test_a_refused_transition_is_still_refused(world, api, apply):
    case = builders.mediating(world, apply(days_ago=30)[0], "zj_studio", via="zj_studio")
    answer = api("zj_studio").post(
        f"{BASE}/{case.pk}/arbitration",
        {"commission": world.orgs["zj_tribunal"].pk, "applied_on": "2020-01-01", "version": case.version + 1},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert DisputeCase.objects.get(pk=case.pk).organisation_id == world.orgs["zj_studio"].pk


def test_the_document_describes_both_answers(client, db):
    document = client.get("/api/v1/openapi.json").json()
    answer = document["paths"]["/api/v1/disputes/{pk}/arbitration"]["post"]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    refs = {option.get("$ref", "").rsplit("/", 1)[-1] for option in schema.get("anyOf", [schema])}
    assert "OutOfScopeOut" in refs and len(refs) == 2
