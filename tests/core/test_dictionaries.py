"""The code lists: loaded by the migrations; department administrators edit case and claim types in the app
(系统管理 › 字典管理), and regions and industries too (tests/core/test_code_lists.py); superusers everything
in the admin site."""

from renshe.core.models import DictionaryEntry, Event, Industry, Region
from renshe.core.reference.dictionaries import CLAIM_TYPES as CLAIM_TYPE_ROWS

CLAIM_TYPES = len(CLAIM_TYPE_ROWS)


def test_reference_lists_are_there_from_the_migration(db):
    assert Industry.objects.filter(parent__isnull=True).count() == 20  # GB/T 4754-2017 sections A–T
    assert Industry.objects.filter(parent__isnull=False).count() == 97
    assert Region.objects.get(code="310115125").name == "张江镇"
    assert DictionaryEntry.objects.filter(dictionary="claim_type", code="double_wages").exists()


def test_department_admin_adds_renames_and_retires_a_claim_type_in_the_app(login):
    client = login("pt_admin")
    assert client.get("/admin/core/dictionaryentry/").status_code == 302  # the admin site: superusers only
    values = {
        "dictionary": "claim_type",
        "code": "annual_leave",
        "label": "未休年休假工资",
        "label_en": "Annual leave pay",
        "sort_order": 9,
    }
    assert client.post("/system/dictionaries/", values).status_code == 302
    entry = DictionaryEntry.objects.get(code="annual_leave")
    assert (entry.label, entry.active) == ("未休年休假工资", True)
    for bad in ({"code": "Annual Leave"}, {"code": "double_wages"}, {"label": ""}, {"sort_order": "x"}):
        page = client.post("/system/dictionaries/", {**values, "code": "other", **bad})
        assert page.status_code == 200 and page.context["form"].errors
    assert DictionaryEntry.objects.filter(dictionary="claim_type").count() == CLAIM_TYPES + 1

    edit = {"label": "未休年休假工资报酬", "label_en": "Annual leave pay", "sort_order": 9}
    assert client.post(f"/system/dictionaries/{entry.pk}/", edit).status_code == 302  # unticked: retired
    entry.refresh_from_db()
    assert (entry.label, entry.code, entry.active) == ("未休年休假工资报酬", "annual_leave", False)
    assert [
        e.verb for e in Event.objects.filter(subject_id=str(entry.pk), verb__startswith="dictionary.")
    ] == [
        "dictionary.updated",
        "dictionary.added",
    ]
    assert login("pt_caoyang").get("/system/dictionaries/").status_code == 403


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
