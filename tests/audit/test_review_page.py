"""安全审计日志: access records and the operation log, filtered and paginated in the database, limited to the
reviewer's data scope, exported to Excel (which is itself recorded); for leaders and administrators only."""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from renshe.audit import services
from renshe.audit.models import AccessKind, AccessRecord, Outcome
from renshe.core import services as core_services
from renshe.core.models import Person, User


def rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def signed_in(username: str) -> None:
    services.record_access(AccessKind.LOGIN, user=User.objects.get(username=username))


@pytest.fixture
def reviewer(login):
    """The 普陀 administrator's client, with no records of its own signing in (force_login writes one)."""
    client = login("pt_admin")
    AccessRecord.objects.all().delete()
    return client


def test_the_reviewer_sees_logins_of_their_own_district_only(reviewer):
    signed_in("pt_caoyang")
    signed_in("fx_inspector")
    body = reviewer.get("/audit/").content.decode()
    assert "安全审计日志" in body and "pt_caoyang" in body and "fx_inspector" not in body


def test_fengxian_sees_fengxian(login):
    signed_in("pt_caoyang")
    signed_in("fx_inspector")
    body = login("fx_admin").get("/audit/").content.decode()
    assert "fx_inspector" in body and "pt_caoyang" not in body


def test_a_superuser_sees_everything_including_unknown_usernames(login):
    signed_in("fx_inspector")
    services.record_access(AccessKind.LOGIN_FAILED, username="ghost", outcome=Outcome.BAD_CREDENTIALS)
    body = login("admin").get("/audit/").content.decode()
    assert "fx_inspector" in body and "ghost" in body


def test_filters_by_kind_outcome_username_address_and_date(reviewer):
    caoyang = User.objects.get(username="pt_caoyang")
    services.record_access(AccessKind.LOGIN, user=caoyang)
    services.record_access(AccessKind.LOGIN_FAILED, user=caoyang, outcome=Outcome.BAD_CREDENTIALS)
    services.record_access(AccessKind.LOGOUT, user=User.objects.get(username="pt_leader"))
    old = services.record_access(AccessKind.LOGIN, user=User.objects.get(username="pt_talent"))
    AccessRecord.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(days=40))

    def shown(**query) -> list[str]:
        page = reviewer.get("/audit/", query).context["page"]
        return sorted(f"{r.username}:{r.kind}" for r in page)

    assert shown(kind="login") == ["pt_caoyang:login", "pt_talent:login"]
    assert shown(outcome="bad_credentials") == ["pt_caoyang:login_failed"]
    assert shown(username="pt_leader") == ["pt_leader:logout"]
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "pt_talent:login" not in shown(since=since)
    until = (timezone.localdate() - timedelta(days=39)).isoformat()
    assert shown(until=until) == ["pt_talent:login"]
    assert shown(ip="10.9.9.9") == []
    # a malformed filter is dropped, not an error
    assert len(shown(since="not-a-date", ip="999.1.1.1")) == 4


def test_pages_of_twenty_in_a_constant_number_of_queries(reviewer, django_assert_max_num_queries):
    caoyang = User.objects.get(username="pt_caoyang")
    for _ in range(45):
        services.record_access(AccessKind.LOGIN, user=caoyang)
    with django_assert_max_num_queries(12):
        first = reviewer.get("/audit/")
    with django_assert_max_num_queries(12):
        last = reviewer.get("/audit/", {"page": 3})
    assert len(first.context["page"].object_list) == 20 and len(last.context["page"].object_list) == 5
    assert "第 1 / 3 页" in first.content.decode()


def test_the_export_holds_the_filtered_records_and_is_itself_recorded(reviewer):
    signed_in("pt_caoyang")
    signed_in("pt_leader")
    signed_in("fx_inspector")
    response = reviewer.get("/audit/", {"username": "pt_caoyang", "export": "xlsx"})
    assert response.status_code == 200
    header, *data = rows(response)
    assert header[:4] == ["时间", "类别", "结果", "用户名"]
    assert [(r[1], r[3], r[5]) for r in data] == [("登录成功", "pt_caoyang", "曹杨新村街道")]
    download = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD)
    assert download.username == "pt_admin"
    assert download.detail["query"] == {"username": "pt_caoyang", "export": "xlsx"}


@pytest.mark.parametrize("username", ["pt_caoyang", "fx_inspector", "pt_talent", "pt_expert"])
def test_other_roles_are_refused(login, username):
    client = login(username)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/operations/").status_code == 403
    assert client.get("/audit/", {"export": "xlsx"}).status_code == 403
    assert "安全审计日志" not in client.get("/").content.decode()


def test_the_menu_offers_it_to_leaders_and_administrators(login):
    assert 'href="/audit/"' in login("pt_leader").get("/").content.decode()
    assert 'href="/audit/"' in login("fx_admin").get("/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in():
    for url in ("/audit/", "/audit/operations/", "/audit/?export=xlsx"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the operation log (the timeline) -------------------------------------------------------------------


def test_the_operation_log_shows_the_timeline_of_the_reviewers_scope(login, world):
    person = Person.objects.filter(organisation__path__startswith=world.orgs["pt"].path).first()
    core_services.reveal_personal_data(person, by=world.users["pt_caoyang"])
    elsewhere = Person.objects.exclude(organisation__path__startswith=world.orgs["pt"].path).first()
    core_services.reveal_personal_data(elsewhere, by=world.users["admin"])
    page = login("pt_admin").get("/audit/operations/", {"verb": "person.revealed"}).context["page"]
    assert [(e.actor_label, e.subject_id) for e in page] == [("赵丽", str(person.pk))]
    assert page[0].organisation.path.startswith(world.orgs["pt"].path)


def test_the_operation_log_filters_by_actor_verb_subject_and_date(login, world):
    people = Person.objects.filter(organisation__path__startswith=world.orgs["pt"].path)[:2]
    for person in people:
        core_services.reveal_personal_data(person, by=world.users["pt_caoyang"])
    client = login("pt_leader")

    def shown(**query) -> list[tuple[str, str]]:
        return [(e.verb, e.subject_id) for e in client.get("/audit/operations/", query).context["page"]]

    person_type = ContentType.objects.get_for_model(Person).pk
    by_caoyang = shown(actor="pt_caoyang")
    assert sorted(by_caoyang) == sorted(("person.revealed", str(p.pk)) for p in people)
    assert shown(actor="pt_caoyang", subject_type=person_type, subject_id=str(people[0].pk)) == [
        ("person.revealed", str(people[0].pk))
    ]
    assert all(verb.startswith("person.") for verb, _id in shown(verb="person."))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert shown(since=tomorrow) == []
    assert shown(actor="fx_admin") == []


def test_the_operation_log_exports_to_excel(login, world):
    person = Person.objects.filter(organisation__path__startswith=world.orgs["pt"].path).first()
    core_services.reveal_personal_data(person, by=world.users["pt_caoyang"])
    response = login("pt_admin").get("/audit/operations/", {"verb": "person.revealed", "export": "xlsx"})
    header, *data = rows(response)
    assert header == [
        "时间",
        "操作人",
        "所属机构",
        "动作",
        "摘要",
        "对象类型",
        "对象",
        "动作代码",
        "对象编号",
    ]
    assert [(r[1], r[3], r[6], r[7], r[8]) for r in data] == [
        ("赵丽", "查看完整证件号码和电话", person.name, "person.revealed", str(person.pk))
    ]
    record = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD)
    assert record.detail["filename"] == "操作日志.xlsx" and record.path == "/audit/operations/"


def test_the_operation_log_pages_in_a_constant_number_of_queries(login, world, django_assert_max_num_queries):
    client = login("pt_leader")
    with django_assert_max_num_queries(14):
        response = client.get("/audit/operations/")
    assert response.status_code == 200 and "操作日志" in response.content.decode()
