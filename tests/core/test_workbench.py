"""我的待办: tasks for the user's role in their scope, soonest first, with due-soon/overdue and reminders."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renshe.core import law, services
from renshe.core.models import WorkItem
from renshe.core.selectors import work_items_for
from renshe.messaging.models import Message

# due dates, windows and ages are counted from today: bin/test runs this module at several dates
pytestmark = pytest.mark.clock


@pytest.fixture
def tasks(world):
    today = timezone.localdate()
    street = world.orgs["street:310107005"]
    overdue = services.open_work_item(
        street,
        kind="test.a",
        title="已超期事项",
        organisation=street,
        role="mediator",
        starts_on=today - timedelta(days=20),
        due_on=today - timedelta(days=1),
    )
    soon = services.open_work_item(
        street,
        kind="test.b",
        title="临期事项",
        organisation=street,
        role="mediator",
        starts_on=today - timedelta(days=13),
        due_on=today + timedelta(days=2),
    )
    personal = services.open_work_item(
        street,
        kind="test.c",
        title="指派事项",
        organisation=world.orgs["pt"],
        assignee=world.users["pt_changfeng"],
        starts_on=today,
        due_on=today + timedelta(days=30),
    )
    return overdue, soon, personal


def test_role_tasks_go_to_the_role_in_scope_and_assigned_tasks_to_the_person(world, tasks):
    overdue, soon, personal = tasks
    assert set(work_items_for(world.users["pt_caoyang"])) == {overdue, soon}
    assert set(work_items_for(world.users["pt_changfeng"])) == {personal}  # other street, assigned task only
    assert not work_items_for(world.users["pt_leader"]).filter(kind__startswith="test.").exists()


def test_due_soon_share_and_statutory_due_date(world):
    street, today = world.orgs["street:310107005"], timezone.localdate()
    statutory = services.open_work_item(
        street, kind="test.d", title="法定期限事项", organisation=street, role="mediator",
        starts_on=today, period=law.MEDIATION_PERIOD,
    )  # fmt: skip
    assert statutory.period_citation == law.MEDIATION_PERIOD.citation
    assert statutory.due_on >= statutory.starts_on + timedelta(days=15)  # rolled past rest days, never before
    assert statutory.due_soon_on == services.due_soon_date(statutory.starts_on, statutory.due_on)
    assert services.due_soon_date(date(2026, 1, 1), date(2026, 1, 11)) == date(2026, 1, 9)  # 80% of 10 days


def test_workbench_page_lists_tasks_with_states_soonest_first(login, tasks, django_assert_max_num_queries):
    client = login("pt_caoyang")
    with django_assert_max_num_queries(13):  # with the menu's look at the scope (core.rules.holds)
        body = client.get("/").content.decode()
    assert body.index("已超期事项") < body.index("临期事项")
    assert "row-overdue" in body and "row-due-soon" in body


def test_an_empty_workbench_says_so_instead_of_drawing_an_empty_chart(login, tasks):
    """The due-date chart says 暂无数据 when there is nothing to count (issue 12, point 6); with tasks it draws."""
    empty = login("pt_expert").get("/").content.decode()
    assert 'data-testid="empty-due-chart"' in empty and 'data-source="due-chart"' not in empty
    busy = login("pt_admin").get("/").content.decode()
    assert 'data-source="due-chart"' in busy and 'data-testid="empty-due-chart"' not in busy


def test_workbench_query_count_does_not_grow_with_tasks(login, world, django_assert_max_num_queries):
    street = world.orgs["street:310107005"]
    today = timezone.localdate()
    for i in range(40):
        services.open_work_item(
            street,
            kind="test.n",
            title=f"事项{i}",
            organisation=street,
            role="mediator",
            starts_on=today,
            due_on=today + timedelta(days=i),
        )
    client = login("pt_caoyang")
    with django_assert_max_num_queries(13):
        assert client.get("/?page=2").status_code == 200


def _reminders_of_these_tasks() -> int:
    """Reminders of the fixture's tasks only: from November the world's own task to confirm next year's
    holiday schedule is due soon too, and is reminded of as it should be."""
    return Message.objects.filter(work_item__kind__startswith="test.").count()


def test_reminders_are_sent_once_per_task_and_person(world, tasks):
    services.send_due_reminders()
    sent = _reminders_of_these_tasks()
    assert services.send_due_reminders() == 0  # a second run sends nothing
    assert sent == 2  # overdue + due soon to 赵丽; the assigned task is not yet due soon
    caoyang = Message.objects.filter(recipient=world.users["pt_caoyang"])
    assert {n.kind for n in caoyang} == {"overdue", "due_soon"}
    assert all(n.work_item.organisation == world.orgs["street:310107005"] for n in caoyang)


def test_closing_a_task_takes_it_off_the_workbench(world, tasks):
    overdue, *_ = tasks
    services.close_work_items(world.orgs["street:310107005"], kind="test.a")
    assert overdue not in work_items_for(world.users["pt_caoyang"])
    assert WorkItem.objects.get(pk=overdue.pk).closed_at is not None


def test_api_workbench_is_the_same_list(api, tasks):
    items = api("pt_caoyang").get("/api/v1/workbench").json()["items"]
    assert [i["title"] for i in items if i["kind"].startswith("test.")] == ["已超期事项", "临期事项"]


def test_reminder_job_runs_eagerly_in_the_embedded_default(world, tasks, settings):
    from renshe.core.tasks import send_due_reminders

    assert settings.CELERY_TASK_ALWAYS_EAGER or settings.REDIS_URL
    result = send_due_reminders.delay() if settings.CELERY_TASK_ALWAYS_EAGER else None
    if result is not None:
        assert result.get() >= 2 and _reminders_of_these_tasks() == 2


def test_reminder_jobs_are_scheduled_and_registered(settings):
    from renshe.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "renshe.core.tasks.send_due_reminders",
        "renshe.core.tasks.check_next_year_holiday_schedule",
        "renshe.audit.tasks.purge_access_records",
        "renshe.core.tasks.seal_timeline",
        "renshe.core.tasks.purge_idempotency_keys",
        "renshe.inspection.tasks.remove_expired_listings",
        "renshe.webhooks.tasks.send_due_deliveries",
    }
    assert scheduled <= set(app.tasks)
