"""Administrators edit the code lists (case types, claim types, regions, industries) in the admin site."""

from renshe.core.models import DictionaryEntry, Industry, Region


def test_reference_lists_are_there_from_the_migration(db):
    assert Industry.objects.filter(parent__isnull=True).count() == 20  # GB/T 4754-2017 sections A–T
    assert Industry.objects.filter(parent__isnull=False).count() == 97
    assert Region.objects.get(code="310115125").name == "张江镇"
    assert DictionaryEntry.objects.filter(dictionary="claim_type", code="double_wages").exists()


def test_department_admin_adds_a_claim_type(login):
    client = login("pt_admin")
    assert client.get("/admin/core/dictionaryentry/").status_code == 200
    response = client.post(
        "/admin/core/dictionaryentry/add/",
        {
            "dictionary": "claim_type",
            "code": "annual_leave",
            "label": "未休年休假工资",
            "label_en": "Annual leave pay",
            "sort_order": 9,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert DictionaryEntry.objects.get(code="annual_leave").label == "未休年休假工资"


def test_a_mediator_cannot_open_the_admin_site(login):
    response = login("pt_caoyang").get("/admin/core/dictionaryentry/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_timeline_is_read_only_in_the_admin(login):
    assert login("admin").get("/admin/core/event/add/").status_code == 403


def test_an_organisation_added_in_the_admin_is_placed_in_the_tree_and_scoped(login, world):
    from renshe.core.models import Organisation
    from renshe.core.scope import user_covers

    pt = world.orgs["pt"]
    response = login("admin").post(
        "/admin/core/organisation/add/",
        {
            "name": "普陀区新设调解室",
            "kind": "village",
            "parent": world.orgs["street:310107005"].pk,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    org = Organisation.objects.get(name="普陀区新设调解室")
    assert org.path.startswith(pt.path) and org.depth == world.orgs["street:310107005"].depth + 1
    assert user_covers(world.users["pt_leader"], org) and not user_covers(world.users["pd_admin"], org)
