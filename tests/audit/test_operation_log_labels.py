"""The operation log names what happened and to which case: Chinese kinds from the apps' registry, the case
number linked, a drop-down of kinds, keyset paging."""

from datetime import timedelta

from django.utils import timezone

from renshe.core import administration, eventkinds
from renshe.core.models import Event
from tests import builders


def test_every_kind_of_event_in_the_demo_world_has_a_chinese_label(world):
    builders.applied(world, received_on=timezone.localdate())
    builders.registered(world, serial=7, received_on=timezone.localdate())
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert verbs
    assert {v for v in verbs if eventkinds.label_of(v) == v} == set()


def test_the_page_shows_case_numbers_and_kind_labels_with_a_kind_filter(login, world):
    case = builders.applied(world, received_on=timezone.localdate())
    response = login("pd_admin").get("/audit/operations/", {"verb": "dispute.applied"})
    html = response.content.decode()
    rows = list(response.context["page"])
    assert [(e.verb, e.subject_name) for e in rows] == [("dispute.applied", case.number)]
    assert "收到调解申请" in html and f'<a href="/disputes/{case.pk}/">{case.number}</a>' in html
    assert ">dispute.applied<" not in html and "#" + str(case.pk) not in html
    assert '<option value="inspection.revoked">撤销立案</option>' in html
    assert '<option value="dispute.applied" selected>收到调解申请</option>' in html


def test_inspection_events_name_their_case_number(login, world):
    case = builders.registered(world, serial=7, received_on=timezone.localdate() - timedelta(days=1))
    rows = list(login("fx_admin").get("/audit/operations/", {"verb": "inspection."}).context["page"])
    assert rows and all(e.verb.startswith("inspection.") for e in rows)
    assert {e.subject_name for e in rows if e.subject_id == str(case.pk)} == {case.number}
    assert {e.kind_label for e in rows} <= {
        str(label) for label in eventkinds.GROUPS["inspection"].kinds.values()
    }


def test_keyset_pages_go_back_in_time_and_a_bad_start_is_the_first_page(login, world):
    client = login("pd_admin")
    first = client.get("/audit/operations/").context["page"]
    assert first.has_next and len(first) == 20
    second = client.get("/audit/operations/", {"before": first.next_before}).context["page"]
    assert second.rows and max(e.pk for e in second) < min(e.pk for e in first)
    for bad in ("abc", "-1", "9" * 40, "1\x00"):
        page = client.get("/audit/operations/", {"before": bad, "verb": "x' OR 1=1 --"})
        assert page.status_code == 200


def test_a_leader_sees_an_organisation_named_without_the_administrators_link(login, world):
    org = world.orgs["pd_arbitration"]
    administration.update_organisation(
        org, by=world.users["pd_admin"], name=org.name, short_name="浦东仲裁委", kind=org.kind
    )
    link = f'href="/system/organisations/{org.pk}/"'
    query = {"verb": "organisation.updated"}
    leader = login("pd_head").get("/audit/operations/", query)
    assert [e.subject_name for e in leader.context["page"]] == [org.name]
    assert org.name in leader.content.decode() and link not in leader.content.decode()
    assert link in login("pd_admin").get("/audit/operations/", query).content.decode()
