"""Every answer tells the truth (issue 14, part 4), for the inspection module's transitions: the kernel
(core.api.CaseApi) answers a transition that succeeded with the case's state even when the case left the
caller's scope with it.

No inspection transition moves a case today: its scope is the handling brigade and the place of work, which
none changes (a transfer of jurisdiction, 移送管辖, is not built). So the move is made here by the write
itself, in the service's own transaction — as such a transfer would be —, and the answer is checked through
the real API: the transition is saved and answered 200 with where the case went; the case is 404 from then."""

from datetime import timedelta

import pytest
from django.db.models.signals import post_save
from django.utils import timezone

from renshe.inspection.models import InspectionCase
from tests import builders

# the cases are received a few days before today, wherever today falls
pytestmark = pytest.mark.clock

BASE = "/api/v1/inspection"


@pytest.fixture
def moved_on_save(world):
    """moved_on_save() -> 普陀's brigade, where each save of a case moves it from then on, inside the
    transition's transaction."""
    elsewhere = world.orgs["pt_brigade"]

    def move(sender, instance, **kwargs):
        InspectionCase.objects.filter(pk=instance.pk).update(organisation=elsewhere)

    def start():
        post_save.connect(move, sender=InspectionCase, dispatch_uid="moved_on_save")
        return elsewhere

    yield start
    post_save.disconnect(sender=InspectionCase, dispatch_uid="moved_on_save")


def test_an_inspection_transition_that_moves_the_case_away_answers_with_where_it_went(
    world, api, moved_on_save
):
    case = builders.registered(world, serial=43, received_on=timezone.localdate() - timedelta(days=3))
    client = api("fx_inspector")
    assert client.get(f"{BASE}/{case.pk}").status_code == 200
    elsewhere = moved_on_save()
    answer = client.post(
        f"{BASE}/{case.pk}/accept", {"version": case.version}, content_type="application/json"
    )
    case.refresh_from_db()
    assert case.status == "accepted" and case.filed_on  # saved
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {
        "id": case.pk,
        "number": case.number,
        "status": case.status,
        "version": case.version,
        "organisation": {"id": elsewhere.pk, "name": elsewhere.name},
        "in_scope": False,
    }
    assert client.get(f"{BASE}/{case.pk}").status_code == 404


def test_a_hand_over_answers_with_the_workers_row_as_before(world, api):
    """The hand-overs answer with one worker's row (their own `answer`), untouched by the fallback."""
    case = builders.registered(world, serial=44, received_on=timezone.localdate() - timedelta(days=3))
    claim = case.claims.order_by("id").first()
    answer = api("fx_inspector").get(f"{BASE}/{case.pk}/claims/{claim.pk}")
    assert answer.status_code == 200 and answer.json()["claim"]["id"] == claim.pk
    assert "in_scope" not in answer.json()
