"""Data scope: a user sees their organisation's records (and below, by role); nothing else, by any route."""

import pytest

from renshe.core import selectors, services
from renshe.core.models import Enterprise, Organisation, Person, User
from renshe.core.roles import DataScope
from renshe.core.synthetic import credit_code


def _enterprise_in(world, street_key: str, serial: int) -> Enterprise:
    street = world.orgs[street_key]
    return services.register_enterprise(
        by=world.users["admin"],
        credit_code=credit_code(serial),
        data=services.EnterpriseInput(
            name=f"{street.name}企业{serial}",
            industry="34",
            street=street.pk,
            size="small",
            legal_representative="张三",
        ),
    )


@pytest.fixture
def two_streets(world):
    return _enterprise_in(world, "street:310107005", 801), _enterprise_in(world, "street:310107014", 802)


def test_street_mediator_cannot_read_another_streets_enterprise_by_url(login, two_streets):
    caoyang, changfeng = two_streets
    client = login("pt_caoyang")
    assert client.get(f"/enterprises/{caoyang.pk}/").status_code == 200
    response = client.get(f"/enterprises/{changfeng.pk}/")
    assert response.status_code == 404
    assert changfeng.name not in response.content.decode()
    assert client.get(f"/enterprises/{changfeng.pk}/edit/").status_code == 404


def test_street_mediator_cannot_read_another_streets_enterprise_by_api(api, two_streets):
    caoyang, changfeng = two_streets
    client = api("pt_caoyang")
    assert client.get(f"/api/v1/enterprises/{caoyang.pk}").status_code == 200
    response = client.get(f"/api/v1/enterprises/{changfeng.pk}")
    assert response.status_code == 404 and "数据范围" in response.json()["detail"]
    assert client.get(f"/api/v1/enterprises/{changfeng.pk}/events").status_code == 404
    listed = {e["id"] for e in client.get("/api/v1/enterprises?page=1").json()["items"]}
    assert caoyang.pk in listed and changfeng.pk not in listed


def test_street_mediator_cannot_register_into_another_street(api, world):
    client = api("pt_caoyang")
    payload = {
        "credit_code": credit_code(803),
        "name": "越权企业",
        "industry": "34",
        "size": "small",
        "street_id": world.orgs["street:310107014"].pk,
        "legal_representative": "李四",
    }
    response = client.post("/api/v1/enterprises", payload, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "street"
    assert not Enterprise.objects.filter(name="越权企业").exists()


def test_bureau_subtree_sees_its_district_only(world, two_streets):
    pudong = _enterprise_in(world, "street:310115125", 804)
    putuo_leader = world.users["pt_leader"]
    visible = set(selectors.enterprises_for(putuo_leader).values_list("pk", flat=True))
    assert {two_streets[0].pk, two_streets[1].pk} <= visible and pudong.pk not in visible


def test_centre_sees_its_x_organisations_but_a_studio_mediator_only_the_studio(world):
    centre_user, studio_user = world.users["zj_centre"], world.users["zj_studio"]
    committee = Organisation.objects.filter(kind="enterprise_committee").first()
    assert selectors.organisations_for(centre_user).filter(pk=committee.pk).exists()
    assert not selectors.organisations_for(studio_user).filter(pk=committee.pk).exists()


def test_chosen_organisations_scope(world, two_streets):
    user = User.objects.create_user(
        "auditor", role="bureau_leader", data_scope=DataScope.CHOSEN_ORGANISATIONS
    )
    user.scope_organisations.add(world.orgs["street:310107014"])
    visible = set(selectors.enterprises_for(user).values_list("pk", flat=True))
    assert visible == {two_streets[1].pk} | set(
        Enterprise.objects.filter(street=world.orgs["street:310107014"]).values_list("pk", flat=True)
    )


def test_own_records_scope_shows_only_what_the_user_registered(world):
    expert = world.users["pt_expert"]
    assert expert.effective_scope == DataScope.OWN_RECORDS
    mine = Person.objects.create(
        id_number="11010519491231002X",
        name="专家登记",
        sex="F",
        birth_date="1949-12-31",
        organisation=world.orgs["pt"],
        created_by=expert,
    )
    assert list(selectors.persons_for(expert)) == [mine]


def test_inactive_and_anonymous_users_see_nothing(world, client):
    user = world.users["pt_leader"]
    user.is_active = False
    assert not selectors.enterprises_for(user).exists()
    assert client.get("/enterprises/").status_code == 302  # to the login page
    assert client.get("/api/v1/enterprises").status_code == 401
