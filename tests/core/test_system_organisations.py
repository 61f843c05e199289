"""系统管理 › 机构管理: the collapsible tree with search, editing and moving within the admin's subtree."""

import pytest

from renshe.core import administration
from renshe.core.errors import NotFound, ValidationFailed
from renshe.core.models import Event, Organisation


def test_the_tree_searches_and_keeps_the_branches_leading_to_the_matches(login, world):
    page = login("pt_admin").get("/system/organisations/", {"q": "曹杨"})
    html = page.content.decode()
    assert page.context["found"] == 2  # the street and its mediation centre
    assert "曹杨新村街道劳动争议调解中心" in html and "普陀区人力资源和社会保障局" in html
    assert "长风新村街道" not in html
    assert "浦东" not in login("pt_admin").get("/system/organisations/").content.decode()


def test_moving_an_organisation_carries_its_subtree(world):
    centre, studio = world.orgs["zj_centre"], world.orgs["zj_studio"]
    target = (
        world.orgs["street:310115125"]
        .parent.children.exclude(pk=centre.parent_id)
        .filter(kind="street")
        .first()
    )
    moved = administration.move_organisation(centre, by=world.users["pd_admin"], parent=target)
    studio.refresh_from_db()
    assert moved.parent == target and moved.path == f"{target.path}{centre.pk}/"
    assert studio.path == f"{moved.path}{studio.pk}/" and studio.depth == moved.depth + 1
    event = Event.objects.get(verb="organisation.moved")
    assert event.actor == world.users["pd_admin"] and target.name in event.summary


def test_an_organisation_cannot_go_under_itself_or_its_descendant(world):
    centre, studio = world.orgs["zj_centre"], world.orgs["zj_studio"]
    for parent in (centre, studio):
        with pytest.raises(ValidationFailed, match="其自身或其下级"):
            administration.move_organisation(centre, by=world.users["pd_admin"], parent=parent)
    assert Organisation.objects.get(pk=studio.pk).path.startswith(centre.path)
    assert not Event.objects.filter(verb="organisation.moved").exists()


def test_an_admin_moves_only_within_their_subtree(login, world):
    caoyang = world.orgs["street:310107005"]
    with pytest.raises(NotFound):
        administration.move_organisation(caoyang, by=world.users["pt_admin"], parent=world.orgs["pd"])
    with pytest.raises(NotFound):
        administration.move_organisation(world.orgs["zj_centre"], by=world.users["pt_admin"], parent=caoyang)
    # through the page, a parent outside the subtree is not a choice
    page = login("pt_admin").post(
        f"/system/organisations/{caoyang.pk}/", {"action": "move", "parent": world.orgs["pd"].pk}
    )
    assert page.status_code == 200 and page.context["move"].errors
    assert Organisation.objects.get(pk=caoyang.pk).parent == world.orgs["pt"]


def test_editing_an_organisation_is_recorded(login, world):
    caoyang = world.orgs["street:310107005"]
    url = f"/system/organisations/{caoyang.pk}/"
    values = {
        "action": "save",
        "name": "曹杨新村街道办事处",
        "kind": "street",
        "case_prefix": "曹杨",
        "active": "on",
    }
    assert login("pt_admin").post(url, values).status_code == 302
    caoyang.refresh_from_db()
    assert caoyang.name == "曹杨新村街道办事处"
    event = Event.objects.get(verb="organisation.updated")
    assert event.changes["name"] == ["曹杨新村街道", "曹杨新村街道办事处"]
    assert login("pt_admin").post(url, {**values, "name": ""}).status_code == 200
    assert login("fx_admin").get(url).status_code == 404


def test_searches_take_any_text_without_an_error(login, world):
    client = login("pt_admin")
    for text in ("曹杨\x00", "x" * 1_000_000, "(.*)[", "' OR 1=1 --", "%_\\"):
        for url in ("/system/organisations/", "/system/users/"):
            assert client.get(url, {"q": text, "status": text}).status_code == 200
    assert login("pt_admin").get("/system/users/", {"page": "9999"}).status_code == 200
