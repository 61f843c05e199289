"""The message centre (站内消息): who gets a message for each kind of event (and who does not), the bell's
count, and marking messages read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.preferences import Channels, set_notification_preferences
from renshe.disputes import services as disputes
from renshe.messaging.models import Message, SmsRecord
from tests import builders
from tests.messaging.conftest import HEARING_ROOM

pytestmark = pytest.mark.django_db


def _titles(world, username: str, kind: str) -> list[str]:
    return list(
        Message.objects.filter(recipient=world.users[username], kind=kind).values_list("title", flat=True)
    )


def _receivers(kind: str, case) -> set[str]:
    return set(
        Message.objects.filter(kind=kind, subject_id=str(case.pk)).values_list(
            "recipient__username", flat=True
        )
    )


def test_a_referral_tells_the_receiving_organisations_mediators_only(world, apply):
    case, _code = apply()
    centre = world.users["zj_centre"]
    case = disputes.accept_dispute(case, by=centre, version=case.version)
    disputes.refer_dispute(case, by=centre, to=world.orgs["zj_studio"], version=case.version)
    assert _receivers("referral", case) == {"zj_studio"}  # not the centre, not the village, not 普陀
    (message,) = Message.objects.filter(kind="referral", subject_id=str(case.pk))
    assert case.number in message.title and message.url == f"/disputes/{case.pk}/" and message.read_at is None


def test_a_mediator_who_chose_sms_only_gets_a_text_and_no_message_in_the_app(world, apply):
    studio = world.users["zj_studio"]
    studio.phone = "13900001111"
    studio.save(update_fields=["phone"])
    set_notification_preferences(studio, {"referral": Channels(in_app=False, sms=True)})
    case, _code = apply()
    centre = world.users["zj_centre"]
    case = disputes.accept_dispute(case, by=centre, version=case.version)
    disputes.refer_dispute(case, by=centre, to=world.orgs["zj_studio"], version=case.version)
    assert _receivers("referral", case) == set()
    (text,) = SmsRecord.objects.filter(template="staff.referral")
    assert text.phone == "13900001111" and case.number in text.text and text.subject_id == str(case.pk)


def test_taking_a_case_up_tells_each_mediator_named(world, apply):
    case, _code = apply()
    case = builders.mediating(world, case, "zj_studio", via="zj_studio")
    assert _receivers("assignment", case) == {"zj_studio"}
    assert _titles(world, "zj_studio", "assignment") == [f"指派您调解：{case.number} {case.respondent.name}"]


def test_assigning_inspectors_tells_both(world):
    today = timezone.localdate()
    case = builders.registered(world, serial=71, received_on=today - timedelta(days=3))
    case = builders.filed(world, case, on=today - timedelta(days=2), inquiry_on=today - timedelta(days=1))
    assert _receivers("assignment", case) == {"fx_inspector", "fx_inspector2"}
    (url,) = set(
        Message.objects.filter(kind="assignment", subject_id=str(case.pk)).values_list("url", flat=True)
    )
    assert url == f"/inspection/{case.pk}/"


def test_a_collective_dispute_tells_the_centres_leaders(world, apply):
    single, _code = apply(workers=1)
    assert _receivers("collective", single) == set()
    case, _code = apply(workers=law.COLLECTIVE_DISPUTE_MIN_WORKERS)
    # the centre's head and the district's administrators; no other district's, no mediator
    assert _receivers("collective", case) == {"zj_lead", "pd_admin"}
    (title,) = set(Message.objects.filter(kind="collective").values_list("title", flat=True))
    assert (
        title
        == f"集体劳动争议（{law.COLLECTIVE_DISPUTE_MIN_WORKERS}人）：{case.number} {case.respondent.name}"
    )


def test_a_hearing_tells_the_tribunals_arbitrators(world, heard):
    case = heard()
    assert _receivers("hearing", case) == {"zj_arbitrator"}
    assert HEARING_ROOM in _titles(world, "zj_arbitrator", "hearing")[0]


def test_a_refused_transition_leaves_no_message(world, apply):
    case, _code = apply()
    centre = world.users["zj_centre"]
    case = disputes.accept_dispute(case, by=centre, version=case.version)
    with pytest.raises(ValidationFailed):
        disputes.refer_dispute(case, by=centre, to=world.orgs["pt"], version=case.version)
    assert _receivers("referral", case) == set()


# --- the bell and the message centre ------------------------------------------------------------------


@pytest.fixture
def three(world):
    """Three messages to 刘德华 (zj_studio), the middle one read, and one to 赵丽."""
    studio = world.users["zj_studio"]
    first = Message.objects.create(recipient=studio, kind="referral", title="第一条", url="/disputes/1/")
    second = Message.objects.create(
        recipient=studio, kind="assignment", title="第二条", read_at=timezone.now()
    )
    third = Message.objects.create(recipient=studio, kind="hearing", title="第三条")
    other = Message.objects.create(recipient=world.users["pt_caoyang"], kind="referral", title="别人的")
    return first, second, third, other


def _unread(world, username: str) -> int:
    return Message.objects.filter(recipient=world.users[username], read_at__isnull=True).count()


def test_the_bell_counts_the_users_unread_messages(login, world, three):
    page = login("zj_studio").get("/").content.decode()
    assert f'<span class="visually-hidden">未读 </span>{_unread(world, "zj_studio")}</b>' in page
    assert 'href="/messages/"' in page


def test_the_list_shows_unread_first_and_only_the_users_own(login, three):
    first, second, third, other = three
    page = login("zj_studio").get("/messages/").content.decode()
    assert page.index("第三条") < page.index("第一条") < page.index("第二条")
    assert "别人的" not in page
    unread_only = login("zj_studio").get("/messages/?show=unread").content.decode()
    assert "第一条" in unread_only and "第二条" not in unread_only


def test_marking_one_read_and_opening_its_case(login, world, three):
    first, _second, third, other = three
    client = login("zj_studio")
    response = client.post("/messages/read/", {"message": first.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/disputes/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post("/messages/read/", {"message": third.pk})["Location"] == "/messages/"
    assert _unread(world, "zj_studio") == 0


def test_another_users_message_or_a_bad_id_marks_nothing(login, world, three):
    *_, other = three
    client = login("zj_studio")
    for value in (other.pk, "abc", "", "9" * 30):
        assert client.post("/messages/read/", {"message": value}).status_code == 302
    other.refresh_from_db()
    assert other.read_at is None and _unread(world, "zj_studio") == 2


def test_mark_all_read(login, world, three):
    assert login("zj_studio").post("/messages/read-all/").status_code == 302
    assert _unread(world, "zj_studio") == 0 and _unread(world, "pt_caoyang") == 1


def test_the_bell_costs_one_query(login, three, django_assert_max_num_queries):
    from django.test import RequestFactory

    from renshe.messaging.context_processors import bell

    request = RequestFactory().get("/")
    request.user = three[0].recipient
    with django_assert_max_num_queries(1):
        assert bell(request) == {"unread_count": 2}


@pytest.mark.django_db(transaction=True)
def test_messages_go_back_to_the_kernels_reminders_and_return_unchanged(world):
    """messaging 0002 copies core.Notification's rows to messages (core 0012 then drops the table), and
    going back copies them back: a round trip keeps every message's text, link, task and read time."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from renshe.core.models import WorkItem

    task = WorkItem.objects.first()
    centre = world.users["zj_centre"]
    Message.objects.create(recipient=centre, kind="overdue", title="已超期：某事", url="/x/", work_item=task)
    Message.objects.create(recipient=centre, kind="referral", title="收到转派案件", read_at=timezone.now())
    before = list(
        Message.objects.order_by("id").values_list(
            "recipient", "kind", "title", "url", "work_item", "read_at"
        )
    )
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("messaging", "0001_initial")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM core_notification")
            assert cursor.fetchone()[0] == len(before)
            cursor.execute("SELECT count(*) FROM messaging_message")
            assert cursor.fetchone()[0] == 0
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    after = list(
        Message.objects.order_by("id").values_list(
            "recipient", "kind", "title", "url", "work_item", "read_at"
        )
    )
    assert after == before


def test_the_api_lists_the_callers_messages_unread_first_and_marks_them_read(api, world, three):
    client = api("zj_studio")
    listed = client.get("/api/v1/messages").json()
    assert [m["title"] for m in listed["items"]] == ["第三条", "第一条", "第二条"] and listed["count"] == 3
    assert [m["title"] for m in client.get("/api/v1/messages", {"unread": "true"}).json()["items"]] == [
        "第三条",
        "第一条",
    ]
    assert client.post("/api/v1/messages/read-all").json() == {"marked": 2, "unread": 0}
    assert _unread(world, "pt_caoyang") == 1  # another user's untouched


def test_every_template_fills_with_the_fields_its_event_gives():
    from renshe.messaging import templates
    from renshe.messaging.kinds import MESSAGES

    fields = {
        "number": "张江调〔2026〕0001号",
        "respondent": "某公司",
        "organisation": "某中心",
        "summary": "摘要",
    }
    extra = {"dispute.applied": {"workers": 10}}  # the changes the event carries (intake._register)
    for verb, kind in MESSAGES.items():
        assert "%(" not in kind.title % {**fields, **extra.get(verb, {})}
    for _verb, _name, text in templates.INITIAL:
        assert templates.checked(text) == text  # each initial text passes the editor's own check
        assert "{" not in templates.render(text, fields)


def test_a_template_that_does_not_fit_its_event_says_the_events_summary(world, apply, monkeypatch, caplog):
    from renshe.messaging import kinds

    broken = kinds.MessageKind("referral", "收到转派案件：%(nothing)s", kinds.members("mediator"))
    monkeypatch.setitem(kinds.MESSAGES, "dispute.referred", broken)
    case, _code = apply()
    centre = world.users["zj_centre"]
    case = disputes.accept_dispute(case, by=centre, version=case.version)
    disputes.refer_dispute(case, by=centre, to=world.orgs["zj_studio"], version=case.version)  # not refused
    assert _titles(world, "zj_studio", "referral") == ["转派至“江心听语”调解工作室"]
    assert "does not fit" in caplog.text
