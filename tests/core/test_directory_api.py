"""The directory (core.api): the users in the caller's scope and the organisation tree, so that a client can
name whom it assigns; /me with the caller's id, role, scope and what they may do."""

from renshe.core import navigation
from renshe.core.models import Organisation, User


def test_users_are_listed_within_the_callers_scope_and_filtered(api):
    zj = api("zj_centre")
    listed = zj.get("/api/v1/users", {"page_size": 100}).json()
    names = {u["username"] for u in listed["items"]}
    assert {"zj_centre", "zj_studio", "zj_village"} <= names
    assert not names & {"pt_admin", "fx_inspector", "admin"}
    row = next(u for u in listed["items"] if u["username"] == "zj_studio")
    studio = User.objects.get(username="zj_studio")
    assert row == {
        "id": studio.pk,
        "username": "zj_studio",
        "full_name": studio.full_name,
        "role": "mediator",
        "organisation_id": studio.organisation_id,
        "organisation": studio.organisation.name,
        "active": True,
    }
    by_org = zj.get("/api/v1/users", {"organisation": studio.organisation_id}).json()["items"]
    assert {u["username"] for u in by_org} == {"zj_studio"}
    assert zj.get("/api/v1/users", {"role": "department_admin"}).json()["items"][0]["username"] == "zj_lead"
    User.objects.filter(username="zj_village").update(is_active=False)
    inactive = zj.get("/api/v1/users", {"active": "false"}).json()["items"]
    assert [u["username"] for u in inactive] == ["zj_village"]


def test_a_bad_directory_filter_is_422(api):
    zj = api("zj_centre", "en")
    for query in ({"role": "king"}, {"organisation": "abc"}, {"organisation": 0}, {"active": "perhaps"}):
        answer = zj.get("/api/v1/users", query)
        assert answer.status_code == 422, query


def test_the_organisation_tree_is_the_callers_scope_nested(api):
    tree = api("zj_centre").get("/api/v1/organisations/tree").json()
    centre = Organisation.objects.get(name="张江镇劳动争议调解中心")
    assert [root["id"] for root in tree] == [centre.pk]
    children = {child["name"] for child in tree[0]["children"]}
    assert "“江心听语”调解工作室" in children and all("children" in c for c in tree[0]["children"])
    everything = api("admin").get("/api/v1/organisations/tree").json()
    assert len(everything) == 1 and everything[0]["children"]


def test_me_tells_who_the_caller_is_and_what_they_may_do(api, login):
    user = User.objects.get(username="zj_centre")
    me = api("zj_centre").get("/api/v1/me").json()
    assert (me["id"], me["role"], me["organisation_id"], me["data_scope"]) == (
        user.pk,
        "mediator",
        user.organisation_id,
        "subtree",
    )
    assert me["role_label"] == "调解员" and me["data_scope_label"] == "本机构及下级"
    assert "unmask_personal_data" in me["capabilities"] and "manage_users" not in me["capabilities"]
    assert me["menu"] == [e.key for e in navigation.MENU if e.visible_to(user)]
    assert "register_dispute" in me["offers"]
    assert me["credential"]["kind"] == "personal_token"
    admin = login("pd_admin").get("/api/v1/me").json()
    assert "system_clients" in admin["menu"] and admin["credential"] is None
    assert "manage_users" in admin["capabilities"]
