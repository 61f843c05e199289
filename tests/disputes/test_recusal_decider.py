"""Who decides a recusal (issue 12, point 4): the commission's director, or the head of its arbitration
institute he delegates (劳动争议调解仲裁法 第三十三条第二款, 劳动人事争议仲裁办案规则 第十二条) — a user granted
DECIDE_RECUSAL in 系统管理, over the case's commission. Not the commission's administrator, who keeps the
accounts; and not the head when the recusal is his own: the commission decides that."""

import importlib
import re

from renshe.core.models import Event, User, WorkItem
from renshe.core.roles import Capability, Role
from renshe.core.selectors import work_items_for
from renshe.disputes import services
from renshe.disputes.models import Recusal
from tests import builders

S = "/api/v1/system"


def _tribunal(world, seed: int):
    return builders.panel(
        world, builders.in_arbitration(world, seed, applied_days_ago=4, accepted_days_ago=2)
    )


def _recusal(world, case, arbitrator: str) -> Recusal:
    recusal = services.request_recusal(
        case,
        by=world.users["zj_arbitrator"],
        arbitrator=world.users[arbitrator],
        source="party",
        ground="relation",
        reason="申请人称该仲裁员与被申请人代理人系同学",
        version=case.version,
    )
    case.refresh_from_db()
    return recusal


def _decide(client, case, recusal: Recusal, note: str = "所称情形不属实"):
    page = client.get(f"/disputes/{case.pk}/").content.decode()
    version = re.search(r'name="decide_recusal-version" value="(\d+)"', page)
    data = {
        "decide_recusal-version": version.group(1) if version else str(case.version),
        "decide_recusal-recusal": str(recusal.pk),
        "decide_recusal-granted": "0",
        "decide_recusal-replacement": "",
        "decide_recusal-note": note,
    }
    return client.post(f"/disputes/{case.pk}/decide_recusal/", data)


def test_the_commission_director_decides_and_its_administrator_cannot(login, world):
    case = _tribunal(world, 31)
    recusal = _recusal(world, case, "pd_arbitrator")
    head, admin = world.users["pd_head"], world.users["pd_admin"]
    # the task is the director's, not the administrator's
    assert work_items_for(head).filter(kind="arbitration.recusal", subject_id=str(case.pk)).exists()
    assert not work_items_for(admin).filter(kind="arbitration.recusal").exists()
    # the administrator is neither offered the decision nor let through by posting it
    admin_client = login("pd_admin")
    assert 'data-action="decide_recusal"' not in admin_client.get(f"/disputes/{case.pk}/").content.decode()
    refused = _decide(admin_client, case, recusal)
    assert (
        refused.status_code == 200
        and "回避申请由仲裁委员会主任或其委托的仲裁院负责人决定" in refused.content.decode()
    )
    assert Recusal.objects.get(pk=recusal.pk).decision == ""
    # the director decides on the case page
    client = login("pd_head")
    assert 'data-action="decide_recusal"' in client.get(f"/disputes/{case.pk}/").content.decode()
    response = _decide(client, case, recusal)
    assert response.status_code == 302, response.content.decode()[:2000]
    recusal.refresh_from_db()
    assert (recusal.decision, recusal.decided_by) == ("refused", head)
    assert Event.objects.filter(verb="dispute.recusal_decided", subject_id=case.pk, actor=head).exists()
    assert not WorkItem.objects.filter(kind="arbitration.recusal", status="open").exists()


def test_the_api_refuses_the_administrator_with_who_decides(api, world):
    case = _tribunal(world, 32)
    recusal = _recusal(world, case, "pd_arbitrator")
    url = f"/api/v1/disputes/{case.pk}/arbitration/recusals/{recusal.pk}/decision"
    body = {"granted": False, "note": "所称情形不属实", "version": case.version}
    response = api("pd_admin").post(url, body, "application/json")
    assert response.status_code == 403
    assert "仲裁委员会主任" in response.json()["detail"]
    assert Recusal.objects.get(pk=recusal.pk).decision == ""
    assert api("pd_head").post(url, body, "application/json").status_code == 200
    assert Recusal.objects.get(pk=recusal.pk).decided_by == world.users["pd_head"]


def test_a_head_is_not_asked_to_decide_his_own_recusal(api, login, world):
    # 浦东's administrator records that 唐明理 heads the arbitration institute (系统管理)
    arbitrator = world.users["pd_arbitrator"]
    granted = api("pd_admin").put(
        f"{S}/users/{arbitrator.pk}",
        {
            "full_name": arbitrator.full_name,
            "organisation": arbitrator.organisation_id,
            "role": Role.ARBITRATOR,
            "granted_capabilities": [Capability.DECIDE_RECUSAL],
        },
        "application/json",
    )
    assert granted.status_code == 200, granted.content
    assert granted.json()["granted_capabilities"] == [Capability.DECIDE_RECUSAL]
    assert User.objects.get(pk=arbitrator.pk).can(Capability.DECIDE_RECUSAL)
    case = _tribunal(world, 33)
    recusal = _recusal(world, case, "pd_arbitrator")
    # the task goes to the director, not to the arbitrator concerned
    tasks = WorkItem.objects.filter(kind="arbitration.recusal", subject_id=str(case.pk))
    assert [t.assignee.username for t in tasks] == ["pd_head"]
    page = login("pd_arbitrator").get(f"/disputes/{case.pk}/").content.decode()
    assert 'data-action="decide_recusal"' not in page
    url = f"/api/v1/disputes/{case.pk}/arbitration/recusals/{recusal.pk}/decision"
    body = {"granted": False, "note": "本人认为不属实", "version": case.version}
    response = api("pd_arbitrator").post(url, body, "application/json")
    assert response.status_code == 403
    assert "应由仲裁委员会决定" in response.json()["detail"]
    on_page = _decide(login("pd_arbitrator"), case, recusal)
    assert "本回避申请涉及您本人，应由仲裁委员会决定" in on_page.content.decode()
    assert Recusal.objects.get(pk=recusal.pk).decision == ""
    # another arbitrator's recusal he decides
    other = _recusal(world, case, "zj_arbitrator2")
    assert (
        'data-action="decide_recusal"' in login("pd_arbitrator").get(f"/disputes/{case.pk}/").content.decode()
    )
    assert (
        api("pd_arbitrator")
        .post(
            f"/api/v1/disputes/{case.pk}/arbitration/recusals/{other.pk}/decision",
            {"granted": False, "note": "不属实", "version": case.version},
            "application/json",
        )
        .status_code
        == 200
    )


def test_the_office_is_granted_only_to_a_leader_or_an_arbitrator_and_never_to_oneself(api, login, world):
    admin = world.users["pd_admin"]
    body = {
        "username": "pd_clerk",
        "full_name": "仲裁委管理员",
        "organisation": world.orgs["pd_arbitration"].pk,
        "role": Role.DEPARTMENT_ADMIN,
        "granted_capabilities": [Capability.DECIDE_RECUSAL],
    }
    # not to an administrator, even the commission's own
    response = api("pd_admin").post(f"{S}/users", body, "application/json")
    assert response.status_code == 422, response.content
    assert "只能授予局领导、仲裁员" in response.json()["detail"]
    assert not User.objects.filter(username="pd_clerk").exists()
    own = {**body, "full_name": admin.full_name, "organisation": admin.organisation_id}
    response = api("pd_admin").put(f"{S}/users/{admin.pk}", own, "application/json")
    assert response.status_code == 403
    assert not User.objects.get(pk=admin.pk).can(Capability.DECIDE_RECUSAL)
    # the office is a commission's: not for 普陀's leader, whose district has none
    leader = world.users["pt_leader"]
    response = api("pt_admin").put(
        f"{S}/users/{leader.pk}",
        {
            **body,
            "full_name": leader.full_name,
            "organisation": leader.organisation_id,
            "role": Role.BUREAU_LEADER,
        },
        "application/json",
    )
    assert response.status_code == 422 and "仲裁委员会或其上级机构" in response.json()["detail"]
    assert User.objects.get(pk=leader.pk).granted_capabilities == []
    # the page offers the office as a checkbox, with what it is for
    page = login("pd_admin").get(f"/system/users/{world.users['pd_arbitrator'].pk}/").content.decode()
    assert 'name="granted_capabilities"' in page and "决定仲裁员回避" in page


def test_an_old_recusal_task_on_the_administrators_workbench_asks_for_the_director(world):
    """disputes 0013: a task written when the administrator decided now says who must be granted the office."""
    from django.apps import apps

    migration = importlib.import_module("renshe.disputes.migrations.0013_recusal_tasks_ask_for_the_director")
    case = _tribunal(world, 34)
    _recusal(world, case, "pd_arbitrator")
    old = WorkItem.objects.get(kind="arbitration.recusal", subject_id=str(case.pk))
    old.assignee, old.role, old.title = None, Role.DEPARTMENT_ADMIN, "回避决定：旧任务"
    old.save()
    migration.retitle(apps, None)
    migration.retitle(apps, None)  # once only
    old.refresh_from_db()
    assert old.title == "回避决定：旧任务（请在系统管理中为仲裁委员会主任授予回避决定权限）"
    assert work_items_for(world.users["pd_admin"]).get(pk=old.pk).title == old.title
    migration.restore(apps, None)
    old.refresh_from_db()
    assert old.title == "回避决定：旧任务"
