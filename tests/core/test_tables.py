"""core.tables beyond the disputes list: the bounded count and its pages, and the enterprise and people
lists sorted, narrowed by the organisation tree and given their columns."""

import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from renshe.core import selectors, tables
from renshe.core.models import Enterprise, Organisation
from renshe.core.scope import covers_subtree


def _request(**query):
    request = RequestFactory().get("/x/", query)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_the_count_stops_at_the_cap_and_a_later_page_counts_as_far_as_it(world, monkeypatch):
    monkeypatch.setattr(tables, "COUNT_CAP", 4)
    orgs = Organisation.objects.order_by("path")
    total = orgs.count()
    assert total > 10
    first = tables.paginate(_request(), orgs, 2)
    assert first.capped and first.count_label == "4+" and first.has_next
    assert [o.pk for o in first] == [o.pk for o in orgs[:2]]
    later = tables.paginate(_request(page=5), orgs, 2)  # past the cap: counted as far as page 5 and one more
    assert later.number == 5 and [o.pk for o in later] == [o.pk for o in orgs[8:10]]
    last = tables.paginate(_request(page="last"), orgs, 2)
    assert not last.capped and last.count == total and last.number == -(-total // 2)


def test_a_page_past_the_end_of_an_exact_count_is_the_last_with_a_message(world):
    orgs = Organisation.objects.order_by("path")
    request = _request(page=10_000)
    page = tables.paginate(request, orgs, 100)
    assert page.number == page.num_pages == -(-orgs.count() // 100)
    assert any("超出范围" in str(m) for m in get_messages(request))


def test_a_page_far_down_found_by_its_ids_is_the_same_page_in_the_same_order(world, monkeypatch):
    orgs = Organisation.objects.select_related("parent").order_by("-depth", "name", "id")
    plain = [[o.pk for o in tables.paginate(_request(page=n), orgs, 3)] for n in (1, 2, 4)]
    monkeypatch.setattr(tables, "DEEP_OFFSET", 3)  # page 2 on comes by its ids first
    deep = [tables.paginate(_request(page=n), orgs, 3, by_ids=True) for n in (1, 2, 4)]
    assert [[o.pk for o in page] for page in deep] == plain and len(plain[2]) == 3
    assert [o.pk for o in orgs[9:12]] == plain[2]
    assert deep[2][0].parent == orgs[9].parent  # the rows as the list's queryset gives them (joined)


def heads(body: str) -> list[str]:
    return re.findall(r'<th data-col="(\w+)"', body)


def rows(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-row="(\d+)"', body)]


def test_enterprises_sort_by_name_both_ways_and_by_credit_code(login):
    client = login("pd_admin")
    by_name = rows(client.get("/enterprises/", {"per_page": 100}).content.decode())
    names = list(Enterprise.objects.in_bulk(by_name).values())
    assert by_name and [e.pk for e in sorted(names, key=lambda e: (e.name, e.pk))] == by_name
    assert (
        rows(client.get("/enterprises/", {"per_page": 100, "sort": "-name"}).content.decode())
        == by_name[::-1]
    )
    by_code = rows(client.get("/enterprises/", {"per_page": 100, "sort": "credit_code"}).content.decode())
    codes = [Enterprise.objects.get(pk=pk).credit_code for pk in by_code]
    assert codes == sorted(codes)
    bad = client.get("/enterprises/", {"sort": "legal_representative"})  # shown, but not a sort key
    assert bad.status_code == 200 and rows(bad.content.decode())[:5] == by_name[:5]


def test_the_enterprise_tree_narrows_to_a_street(login, world):
    client = login("pd_admin")
    street = world.orgs["street:310115125"]  # 张江
    body = client.get("/enterprises/", {"org": street.pk, "per_page": 100}).content.decode()
    listed = Enterprise.objects.filter(pk__in=rows(body))
    assert listed.exists() and set(listed.values_list("street_id", flat=True)) == {street.pk}


@pytest.mark.parametrize(("username", "node"), [("pd_admin", "pd_admin"), ("zj_studio", "zj_studio")])
def test_a_tree_node_within_the_scope_lists_the_same_rows_without_the_parties_part(
    login, world, username, node
):
    """A node wholly inside the user's scope (浦东's administrator at the district: a subtree scope) is listed
    from the scope alone, which there holds every party already; a node the scope does not cover whole (江心听语
    studio: its own organisation only) keeps the parties of its cases. Either way the rows are the selector's,
    narrowed to the node's subtree, in the list's order."""
    user = world.users[username]
    organisation = world.users[node].organisation
    subtree = Organisation.objects.filter(path__startswith=organisation.path)
    assert covers_subtree(user, organisation) is (username == "pd_admin")
    for path, selected, field in (
        ("/enterprises/", selectors.enterprises_for(user), "street__in"),
        ("/people/", selectors.persons_for(user), "organisation__in"),
    ):
        body = login(username).get(path, {"org": organisation.pk, "per_page": 100}).content.decode()
        expected = (
            selected.filter(**{field: subtree}).order_by("name", "id").values_list("pk", flat=True)[:100]
        )
        assert rows(body) == list(expected), path
        assert rows(body) or username != "pd_admin"  # the district's own: never an empty page here


def test_people_columns_chosen_are_used(login):
    client = login("pd_admin")
    assert heads(client.get("/people/").content.decode()) == [
        "name",
        "id_number",
        "sex",
        "birth_date",
        "phone",
        "organisation",
    ]
    client.post("/lists/columns/", {"list": "core.people", "columns": ["sex", "name"], "next": "/people/"})
    assert heads(client.get("/people/").content.decode()) == ["name", "sex"]


@pytest.mark.parametrize("path", ["/", "/enterprises/", "/people/"])
def test_other_lists_take_the_pager_params_without_error(login, path):
    response = login("pd_admin").get(path, {"page": "999999", "per_page": "7", "sort": "x", "org": "abc"})
    assert response.status_code == 200
    assert 'data-testid="pager"' in response.content.decode()
