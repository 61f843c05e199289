"""系统管理 › 用户管理: an administrator's accounts, within their scope and never above their own grant."""

import pytest
from django.test import Client

from renshe.core import administration
from renshe.core.demo import DEMO_PASSWORD
from renshe.core.errors import NotFound, PermissionDenied, ValidationFailed
from renshe.core.models import Event, User
from renshe.core.roles import CAPABILITIES, Capability, DataScope, Role


def _events(verb: str) -> int:
    return Event.objects.filter(verb=verb).count()


def _create(world, by="pt_admin", username="pt_new", **overrides):
    values = {"full_name": "钱新", "organisation": world.orgs["street:310107005"], "role": Role.MEDIATOR}
    account = administration.AccountInput(**{**values, **overrides})
    return administration.create_user(by=world.users[by], username=username, account=account)


def test_an_admin_creates_a_user_whose_temporary_password_must_be_changed_at_first_sign_in(login, world):
    page = login("pt_admin").post(
        "/system/users/new/",
        {
            "username": "pt_newcomer",
            "full_name": "钱新",
            "organisation": world.orgs["street:310107005"].pk,
            "role": Role.MEDIATOR,
            "data_scope": "",
        },
    )
    assert page.status_code == 200
    password = page.context["password"]
    assert password in page.content.decode() and "此密码只显示这一次" in page.content.decode()
    user = User.objects.get(username="pt_newcomer")
    assert (user.organisation, user.role, user.password_must_change) == (
        world.orgs["street:310107005"],
        Role.MEDIATOR,
        True,
    )
    event = Event.objects.get(verb="user.created", subject_id=str(user.pk))
    assert event.actor == world.users["pt_admin"] and event.organisation == world.orgs["street:310107005"]

    client = Client()
    client.post("/login/", {"username": "pt_newcomer", "password": password})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/password/"
    assert "临时密码" in client.get("/password/").content.decode()
    changed = client.post(
        "/password/",
        {"old_password": password, "new_password1": "Qian-xin-2026!", "new_password2": "Qian-xin-2026!"},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.password_must_change and client.get("/").status_code == 200


def test_the_form_offers_only_what_the_admin_may_grant(login, world):
    form = login("pt_admin").get("/system/users/new/").context["form"]
    assert DataScope.ALL not in dict(form.fields["data_scope"].choices)
    organisations = set(form.fields["organisation"].queryset)
    assert world.orgs["street:310107005"] in organisations and world.orgs["pd"] not in organisations


def test_an_admin_cannot_grant_the_whole_jurisdiction(world):
    with pytest.raises(PermissionDenied, match="超出本人数据范围"):
        _create(world, data_scope=DataScope.ALL)
    assert not User.objects.filter(username="pt_new").exists() and _events("user.created") == 0


def test_an_admin_cannot_place_a_user_or_a_chosen_scope_outside_their_subtree(world):
    with pytest.raises(PermissionDenied, match="所属机构不在您的数据范围内"):
        _create(world, organisation=world.orgs["pd"])
    with pytest.raises(PermissionDenied, match="超出本人数据范围"):
        _create(
            world, data_scope=DataScope.CHOSEN_ORGANISATIONS, scope_organisations=(world.orgs["zj_centre"],)
        )
    assert not User.objects.filter(username="pt_new").exists()


def test_an_admin_cannot_grant_a_role_with_a_capability_they_lack(world, monkeypatch):
    held = CAPABILITIES[Role.DEPARTMENT_ADMIN] - {Capability.REVIEW_AUDIT_LOG}
    monkeypatch.setitem(CAPABILITIES, Role.DEPARTMENT_ADMIN, held)
    assert Role.BUREAU_LEADER not in administration.grantable_roles(world.users["pt_admin"])
    with pytest.raises(PermissionDenied, match="超出本人权限的角色"):
        _create(world, role=Role.BUREAU_LEADER)
    mediator, _password = _create(world)  # a role within their own is granted
    with pytest.raises(PermissionDenied, match="超出本人权限的角色"):
        account = administration.AccountInput("钱新", mediator.organisation, Role.BUREAU_LEADER)
        administration.update_user(mediator, by=world.users["pt_admin"], account=account)
    assert User.objects.get(pk=mediator.pk).role == Role.MEDIATOR


def test_the_last_active_administrator_of_a_district_cannot_be_disabled_or_demoted(world):
    admin, pt_admin = world.users["admin"], world.users["pt_admin"]
    with pytest.raises(ValidationFailed, match="最后一名在用管理员"):
        administration.set_user_active(pt_admin, by=admin, active=False)
    with pytest.raises(ValidationFailed, match="最后一名在用管理员"):
        account = administration.AccountInput("李敏", world.orgs["pt"], Role.MEDIATOR)
        administration.update_user(pt_admin, by=admin, account=account)
    assert User.objects.get(pk=pt_admin.pk).is_active and _events("user.disabled") == 0

    second, _password = _create(
        world, username="pt_admin2", organisation=world.orgs["pt"], role=Role.DEPARTMENT_ADMIN
    )
    administration.set_user_active(pt_admin, by=admin, active=False)  # another one covers 普陀 now
    assert not User.objects.get(pk=pt_admin.pk).is_active and _events("user.disabled") == 1
    with pytest.raises(ValidationFailed, match="不能停用本人"):
        administration.set_user_active(second, by=second, active=False)


def test_an_admin_manages_only_the_accounts_of_their_scope(login, world):
    caoyang = world.users["pt_caoyang"]
    listed = [u.username for u in login("pt_admin").get("/system/users/").context["page"]]
    assert "pt_caoyang" in listed and "zj_centre" not in listed and "admin" not in listed
    assert [u.username for u in login("pt_admin").get("/system/users/", {"q": "赵丽"}).context["page"]] == [
        "pt_caoyang"
    ]
    assert login("pd_admin").get(f"/system/users/{caoyang.pk}/").status_code == 404
    assert login("pt_leader").get("/system/users/").status_code == 403
    with pytest.raises(NotFound):
        administration.set_user_active(caoyang, by=world.users["pd_admin"], active=False)


def test_a_mediation_centres_head_administers_cases_not_accounts(login, world):
    """zj_lead is a department administrator at a centre: 系统管理 is the bureaus' (core.rules.may_manage_system),
    so the menu, the pages and the services all refuse the same user."""
    lead = login("zj_lead")
    assert lead.get("/system/users/").status_code == 403
    assert lead.get("/system/organisations/").status_code == 403
    assert "/system/users/" not in lead.get("/").content.decode()
    with pytest.raises(PermissionDenied):
        administration.set_user_active(world.users["zj_studio"], by=world.users["zj_lead"], active=False)
    assert world.users["zj_studio"].is_active


def test_disable_enable_and_reset_password_from_the_user_page(login, world):
    caoyang, client = world.users["pt_caoyang"], login("pt_admin")
    url = f"/system/users/{caoyang.pk}/"
    assert client.post(url, {"action": "disable"}).status_code == 302
    assert not User.objects.get(pk=caoyang.pk).is_active
    assert Client().post("/login/", {"username": "pt_caoyang", "password": DEMO_PASSWORD}).status_code == 200
    assert client.post(url, {"action": "enable"}).status_code == 302
    assert User.objects.get(pk=caoyang.pk).is_active

    page = client.post(url, {"action": "reset_password"})
    assert page.status_code == 200
    caoyang.refresh_from_db()
    assert caoyang.password_must_change and caoyang.check_password(page.context["password"])
    verbs = list(
        Event.objects.filter(subject_id=str(caoyang.pk), verb__startswith="user.").values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == ["user.disabled", "user.enabled", "user.password_reset"]


def test_changing_role_and_scope_is_recorded_and_bad_input_writes_nothing(login, world):
    caoyang, client = world.users["pt_caoyang"], login("pt_admin")
    url = f"/system/users/{caoyang.pk}/"
    values = {
        "action": "save",
        "full_name": "赵丽",
        "organisation": world.orgs["street:310107005"].pk,
        "role": Role.MEDIATOR,
        "data_scope": DataScope.CHOSEN_ORGANISATIONS,
        "scope_organisations": [world.orgs["street:310107005"].pk, world.orgs["street:310107014"].pk],
    }
    assert client.post(url, values).status_code == 302
    caoyang.refresh_from_db()
    assert caoyang.data_scope == DataScope.CHOSEN_ORGANISATIONS and caoyang.scope_organisations.count() == 2
    event = Event.objects.get(verb="user.updated", subject_id=str(caoyang.pk))
    assert event.changes == {"data_scope": ["", DataScope.CHOSEN_ORGANISATIONS]}

    bad = client.post(url, {**values, "phone": "12x", "data_scope": DataScope.ALL})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert Event.objects.filter(verb="user.updated").count() == 1
    empty = client.post(url, {})
    assert empty.status_code == 200 and "请选择要执行的操作" in empty.content.decode()


def test_the_django_admin_site_is_for_superusers_only(login, world):
    assert world.users["pt_admin"].is_staff  # staff, as the demo made them, yet refused
    response = login("pt_admin").get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert login("admin").get("/admin/").status_code == 200
