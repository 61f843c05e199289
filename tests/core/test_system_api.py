"""系统管理 over the API (/api/v1/system/…): the same services and rules as the pages, with a bearer token or a
session; outcomes checked in the database."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from renshe.core.models import DictionaryEntry, Event, JobRun, Organisation, StatutoryAmount, User
from renshe.core.roles import DataScope, Role

S = "/api/v1/system"


def _events(verb: str) -> int:
    return Event.objects.filter(verb=verb).count()


def _account(world, **overrides) -> dict:
    return {
        "username": "pt_newcomer",
        "full_name": "钱新",
        "organisation": world.orgs["street:310107005"].pk,
        "role": Role.MEDIATOR,
        **overrides,
    }


def test_the_openapi_document_lists_the_system_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/users", "/users/{pk}/reset-password", "/organisations/{pk}/move", "/operations"):
        assert f"{S}{path}" in paths, path


def test_a_created_user_signs_in_with_the_password_answered_once(api, world):
    response = api("pt_admin").post(f"{S}/users", _account(world, phone="13800138000"), "application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(username="pt_newcomer")
    assert body["user"]["id"] == user.pk and body["user"]["organisation"] == "曹杨新村街道"
    assert (user.role, user.organisation, user.phone, user.password_must_change) == (
        Role.MEDIATOR,
        world.orgs["street:310107005"],
        "13800138000",
        True,
    )
    event = Event.objects.get(verb="user.created", subject_id=str(user.pk))
    assert event.actor == world.users["pt_admin"]

    client = Client()
    client.post("/login/", {"username": "pt_newcomer", "password": body["password"]})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/")["Location"] == "/password/"  # the temporary password must be changed first
    assert api("pt_admin").get(f"{S}/users/{user.pk}").json().get("password") is None  # shown once only


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh-hans", "不能授予超出本人数据范围的数据范围"),
        ("en", "You cannot grant a data scope beyond your own"),
    ],
)
def test_a_grant_above_ones_own_scope_is_refused_with_its_field(api, world, language, message):
    response = api("pt_admin", language).post(
        f"{S}/users", _account(world, data_scope=DataScope.ALL), "application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": message, "field": "data_scope"}
    chosen = _account(
        world, data_scope=DataScope.CHOSEN_ORGANISATIONS, scope_organisations=[world.orgs["pd"].pk]
    )
    refused = api("pt_admin", language).post(f"{S}/users", chosen, "application/json").json()
    assert refused == {"detail": message, "field": "scope_organisations"}
    outside = api("pt_admin", language).post(
        f"{S}/users", _account(world, organisation=world.orgs["pd"].pk), "application/json"
    )
    assert outside.status_code == 403 and outside.json()["field"] == "organisation"
    assert not User.objects.filter(username="pt_newcomer").exists() and _events("user.created") == 0


def test_bad_input_is_a_422_naming_each_field_and_writes_nothing(api, world):
    client = api("pt_admin", "en")
    missing = client.post(f"{S}/users", {"username": "x"}, "application/json")
    assert missing.status_code == 422
    fields = {e["field"]: e["message"] for e in missing.json()["errors"]}
    assert fields["full_name"] == fields["organisation"] == fields["role"] == "This field is required"
    for body, field in [
        (_account(world, role="overlord"), "role"),
        (_account(world, data_scope="galaxy"), "data_scope"),
        (_account(world, organisation=2**40), "organisation"),
        (_account(world, organisation=999_999), "organisation"),
        (_account(world, scope_organisations=[999_999]), "scope_organisations"),
        (_account(world, username="  "), "username"),
        (_account(world, username="pt_caoyang"), "username"),
        (_account(world, phone="not a phone"), "phone"),
        (_account(world, full_name=""), "full_name"),
    ]:
        response = client.post(f"{S}/users", body, "application/json")
        answer = response.json()
        assert response.status_code == 422, (body, answer)
        named = {answer.get("field")} | {e["field"] for e in answer.get("errors", ())}
        assert field in named and answer["detail"], (body, answer)
    broken = client.post(f"{S}/users", "{not json", "application/json")  # ninja's parser: 400
    assert broken.status_code == 400 and broken.json()["detail"]
    assert not User.objects.filter(username="pt_newcomer").exists() and _events("user.created") == 0


def test_an_update_sets_role_scope_organisation_name_and_phone(api, world):
    caoyang = world.users["pt_caoyang"]
    body = {
        "full_name": "赵丽丽",
        "phone": "13900139000",
        "organisation": world.orgs["pt_relations"].pk,
        "role": Role.MEDIATOR,
        "data_scope": DataScope.CHOSEN_ORGANISATIONS,
        "scope_organisations": [world.orgs["street:310107005"].pk, world.orgs["street:310107014"].pk],
    }
    response = api("pt_admin").put(f"{S}/users/{caoyang.pk}", body, "application/json")
    assert response.status_code == 200, response.content
    caoyang.refresh_from_db()
    assert (caoyang.full_name, caoyang.phone, caoyang.organisation, caoyang.data_scope) == (
        "赵丽丽",
        "13900139000",
        world.orgs["pt_relations"],
        DataScope.CHOSEN_ORGANISATIONS,
    )
    assert set(caoyang.scope_organisations.all()) == {
        world.orgs["street:310107005"],
        world.orgs["street:310107014"],
    }
    assert sorted(response.json()["scope_organisations"]) == sorted(body["scope_organisations"])
    assert Event.objects.get(verb="user.updated", subject_id=str(caoyang.pk)).changes["organisation"] == [
        "曹杨新村街道",
        "普陀区人社局劳动关系科",
    ]


def test_disable_enable_and_reset_password(api, world):
    caoyang, client = world.users["pt_caoyang"], api("pt_admin")
    assert client.post(f"{S}/users/{caoyang.pk}/disable").json()["is_active"] is False
    assert not User.objects.get(pk=caoyang.pk).is_active and _events("user.disabled") == 1
    assert client.post(f"{S}/users/{caoyang.pk}/enable").json()["is_active"] is True
    assert User.objects.get(pk=caoyang.pk).is_active and _events("user.enabled") == 1
    issued = client.post(f"{S}/users/{caoyang.pk}/reset-password").json()
    caoyang.refresh_from_db()
    assert caoyang.check_password(issued["password"]) and caoyang.password_must_change
    assert issued["user"]["password_must_change"] is True and _events("user.password_reset") == 1


def test_the_last_administrator_cannot_be_disabled_or_demoted(api, world):
    pt_admin, admin = world.users["pt_admin"], api("admin", "en")
    refused = admin.post(f"{S}/users/{pt_admin.pk}/disable")
    assert refused.status_code == 422 and "last active administrator" in refused.json()["detail"]
    demote = {"full_name": "李敏", "organisation": world.orgs["pt"].pk, "role": Role.MEDIATOR}
    assert admin.put(f"{S}/users/{pt_admin.pk}", demote, "application/json").status_code == 422
    own = api("pt_admin").post(f"{S}/users/{pt_admin.pk}/disable")
    assert own.status_code == 422 and own.json()["detail"] == "不能停用本人的账号"
    pt_admin.refresh_from_db()
    assert pt_admin.is_active and pt_admin.role == Role.DEPARTMENT_ADMIN and _events("user.disabled") == 0


def test_the_user_list_searches_filters_and_pages_within_scope(api, world, django_assert_max_num_queries):
    client = api("pt_admin")
    client.get("/api/v1/me")  # a token's first use records its address (core.tokens): not the list's cost
    with django_assert_max_num_queries(8):
        body = client.get(f"{S}/users", {"page_size": 50}).json()
    names = {u["username"] for u in body["items"]}
    assert "pt_caoyang" in names and "zj_centre" not in names and "admin" not in names
    assert body["count"] == User.objects.filter(organisation__path__startswith=world.orgs["pt"].path).count()
    found = client.get(f"{S}/users", {"q": "赵丽"}).json()
    assert [u["username"] for u in found["items"]] == ["pt_caoyang"]
    User.objects.filter(pk=world.users["pt_caoyang"].pk).update(is_active=False)
    disabled = client.get(f"{S}/users", {"status": "disabled"}).json()["items"]
    assert [u["username"] for u in disabled] == ["pt_caoyang"]
    assert client.get(f"{S}/users", {"page": 0}).status_code == 422


@pytest.mark.parametrize(("language", "message"), [("zh-hans", "您无权进行此操作"), ("en", "not allowed")])
def test_a_non_administrator_gets_403_in_their_language(api, world, language, message):
    leader = api("pt_leader", language)
    caoyang = world.users["pt_caoyang"].pk
    for path in (
        "/users",
        f"/users/{caoyang}",
        "/organisations",
        "/parameters",
        "/dictionaries",
        "/jobs",
        "/operations",
    ):
        response = leader.get(f"{S}{path}")
        assert response.status_code == 403 and message in response.json()["detail"], path
    assert leader.post(f"{S}/users/{caoyang}/disable").status_code == 403
    assert leader.post(f"{S}/users", _account(world), "application/json").status_code == 403
    assert User.objects.get(pk=caoyang).is_active and _events("user.disabled") == 0


def test_an_administrator_outside_the_scope_gets_404(api, world):
    pd = api("pd_admin")
    caoyang, street = world.users["pt_caoyang"], world.orgs["street:310107005"]
    assert pd.get(f"{S}/users/{caoyang.pk}").status_code == 404
    assert pd.post(f"{S}/users/{caoyang.pk}/reset-password").status_code == 404
    assert pd.get(f"{S}/organisations/{street.pk}").status_code == 404
    move = pd.post(f"{S}/organisations/{street.pk}/move", {"parent": world.orgs["pd"].pk}, "application/json")
    assert move.status_code == 404 and Organisation.objects.get(pk=street.pk).parent == world.orgs["pt"]
    assert pd.get(f"{S}/users/{2**40}").status_code in (404, 422)
    assert _events("user.password_reset") == _events("organisation.moved") == 0


def test_the_organisation_tree_update_and_move(api, world):
    client = api("pt_admin")
    tree = client.get(f"{S}/organisations", {"page_size": 100}).json()["items"]
    assert tree[0]["id"] == world.orgs["pt"].pk and {o["id"] for o in tree} == set(
        Organisation.objects.filter(path__startswith=world.orgs["pt"].path).values_list("pk", flat=True)
    )
    positions = {o["id"]: i for i, o in enumerate(tree)}
    assert all(positions[o["parent_id"]] < positions[o["id"]] for o in tree[1:])

    centre = world.orgs["pt_centre"]
    body = {"name": "曹杨新村街道调解中心", "kind": "mediation_centre", "case_prefix": "曹调", "active": True}
    updated = client.put(f"{S}/organisations/{centre.pk}", body, "application/json")
    assert updated.status_code == 200 and updated.json()["name"] == "曹杨新村街道调解中心"
    centre.refresh_from_db()
    assert centre.case_prefix == "曹调" and _events("organisation.updated") == 1
    bad = client.put(f"{S}/organisations/{centre.pk}", {**body, "kind": "galaxy"}, "application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"  # not one of the kinds

    changfeng = world.orgs["street:310107014"]
    moved = client.post(f"{S}/organisations/{centre.pk}/move", {"parent": changfeng.pk}, "application/json")
    assert moved.status_code == 200 and moved.json()["parent_id"] == changfeng.pk
    centre.refresh_from_db()
    assert centre.path == f"{changfeng.path}{centre.pk}/" and _events("organisation.moved") == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "不能把机构移到其自身或其下级机构之下"), ("en", "under itself or one of its descendants")],
)
def test_an_organisation_cannot_move_into_its_own_subtree(api, world, language, message):
    pt, relations = world.orgs["pt"], world.orgs["pt_relations"]
    response = api("pt_admin", language).post(
        f"{S}/organisations/{pt.pk}/move", {"parent": relations.pk}, "application/json"
    )
    assert response.status_code == 422 and response.json()["field"] == "parent"
    assert message in response.json()["detail"]
    assert Organisation.objects.get(pk=pt.pk).path == pt.path and _events("organisation.moved") == 0


def test_statutory_amounts_are_listed_and_added_by_a_jurisdiction_wide_admin(api, world):
    day = timezone.localdate() + timedelta(days=30)
    body = {
        "kind": "minimum_wage",
        "amount": "2890.00",
        "effective_from": day.isoformat(),
        "citation": "沪人社规〔2027〕1号",
    }
    refused = api("pt_admin").post(f"{S}/parameters", body, "application/json")
    assert refused.status_code == 403 and "全部数据范围" in refused.json()["detail"]
    added = api("admin").post(f"{S}/parameters", body, "application/json")
    assert added.status_code == 201, added.content
    assert added.json()["amount"] == "2890.00" and added.json()["in_force"] is False  # from its day only
    row = StatutoryAmount.objects.get(kind="minimum_wage", effective_from=day)
    assert row.created_by == world.users["admin"] and _events("parameter.added") == 1
    again = api("admin").post(f"{S}/parameters", body, "application/json")
    assert again.status_code == 422 and again.json()["field"] == "effective_from"
    negative = api("admin").post(f"{S}/parameters", {**body, "amount": "-1"}, "application/json")
    assert negative.status_code == 422 and negative.json()["errors"][0]["field"] == "amount"

    listed = api("pt_admin").get(f"{S}/parameters", {"kind": "minimum_wage"}).json()["items"]
    assert listed[0]["id"] == row.pk and {r["kind"] for r in listed} == {"minimum_wage"}
    assert sum(r["in_force"] for r in listed) == 1  # the row in force today, not the future one


def test_dictionary_entries_are_listed_added_and_updated(api, world):
    client = api("pt_admin", "en")
    body = {
        "dictionary": "claim_type",
        "code": "heat_allowance",
        "label": "高温津贴",
        "label_en": "Heat allowance",
    }
    added = client.post(f"{S}/dictionaries", body, "application/json")
    assert added.status_code == 201, added.content
    entry = DictionaryEntry.objects.get(dictionary="claim_type", code="heat_allowance")
    assert entry.label == "高温津贴" and _events("dictionary.added") == 1
    again = client.post(f"{S}/dictionaries", body, "application/json")
    assert again.status_code == 422 and again.json()["field"] == "code"
    bad = client.post(f"{S}/dictionaries", {**body, "code": "Heat Allowance!"}, "application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "code"

    update = {"label": "防暑降温费", "sort_order": 5, "active": False}
    assert client.put(f"{S}/dictionaries/{entry.pk}", update, "application/json").status_code == 200
    entry.refresh_from_db()
    assert (entry.label, entry.sort_order, entry.active) == ("防暑降温费", 5, False)
    out_of_range = client.put(
        f"{S}/dictionaries/{entry.pk}", {**update, "sort_order": 5000}, "application/json"
    )
    assert out_of_range.status_code == 422 and DictionaryEntry.objects.get(pk=entry.pk).sort_order == 5
    listed = client.get(f"{S}/dictionaries", {"dictionary": "claim_type", "page_size": 100}).json()["items"]
    assert "heat_allowance" in {e["code"] for e in listed} and {e["dictionary"] for e in listed} == {
        "claim_type"
    }
    assert client.put(f"{S}/dictionaries/999999", update, "application/json").status_code == 404


def test_scheduled_jobs_and_their_run_log(api, world, settings):
    task = next(iter(settings.CELERY_BEAT_SCHEDULE.values()))["task"]
    now = timezone.now()
    for minutes in range(7):
        JobRun.objects.create(job=task, started_at=now - timedelta(minutes=minutes), outcome="succeeded")
    JobRun.objects.create(job="other.task", started_at=now, outcome="failed", message="boom")
    client = api("pt_admin")
    listed = {job["task"]: job for job in client.get(f"{S}/jobs").json()}
    assert len(listed) == len(settings.CELERY_BEAT_SCHEDULE) and len(listed[task]["runs"]) == 5
    runs = client.get(f"{S}/jobs/runs", {"job": task, "page_size": 3}).json()
    assert runs["count"] == 7 and len(runs["items"]) == 3 and {r["job"] for r in runs["items"]} == {task}
    assert client.get(f"{S}/jobs/runs").json()["count"] == 8


def test_the_operation_log_is_filtered_and_paged_like_the_page(api, login, world):
    session = login("pt_admin")  # the session works as the token does
    for name in ("甲", "乙", "丙"):
        session.post(
            f"{S}/users", _account(world, username=f"pt_{ord(name)}", full_name=name), "application/json"
        )
    assert _events("user.created") == 3
    first = session.get(f"{S}/operations", {"verb": "user.created", "page_size": 2}).json()
    assert [e["verb"] for e in first["items"]] == ["user.created"] * 2 and first["next_before"]
    assert (
        first["items"][0]["subject_name"] == f"pt_{ord('丙')}"
        and first["items"][0]["organisation"] == "曹杨新村街道"
    )
    rest = session.get(
        f"{S}/operations", {"verb": "user.created", "page_size": 2, "before": first["next_before"]}
    ).json()
    assert [e["subject_name"] for e in rest["items"]] == [f"pt_{ord('甲')}"] and rest["next_before"] is None
    by_actor = session.get(f"{S}/operations", {"actor": "pt_admin", "verb": "user."}).json()["items"]
    assert len(by_actor) == 3
    assert api("pd_admin").get(f"{S}/operations", {"verb": "user.created"}).json()["items"] == []
    bad = session.get(f"{S}/operations", {"since": "yesterday"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "since"
