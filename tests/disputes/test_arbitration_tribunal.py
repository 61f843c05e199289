"""The arbitration workspace's services: the tribunal's make-up (劳动争议调解仲裁法 第三十一条), recusal and the
commission head's decision (第三十三条), hearing rooms that hold one hearing at a time, refusal to accept
(第二十九条); each refused with a message and nothing written."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Event, User, WorkItem
from renshe.core.roles import Role
from renshe.disputes import services
from renshe.disputes.models import HearingRoom, Recusal, TribunalSeat
from renshe.disputes.workflow import Status
from tests import builders

T = timezone.localdate


def _accepted(world, seed: int, *, accepted: bool = True):
    return builders.in_arbitration(world, seed, applied_days_ago=4, accepted_days_ago=2 if accepted else None)


def _panel(world, case):
    return builders.panel(world, case)


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(T() + timedelta(days=days), time(hour, minute)))


def _room(world, name="第一仲裁庭", org="zj_tribunal") -> HearingRoom:
    return HearingRoom.objects.get(organisation=world.orgs[org], name=name)


def _events(case) -> list[str]:
    return list(
        Event.objects.filter(subject_id=case.pk, verb__startswith="dispute.").values_list("verb", flat=True)
    )


def test_a_panel_is_three_arbitrators_with_the_presiding_one(world):
    case = _panel(world, _accepted(world, 1))
    seats = list(TribunalSeat.objects.filter(arbitration__case=case))
    assert sorted(s.arbitrator.username for s in seats) == [
        "pd_arbitrator",
        "zj_arbitrator",
        "zj_arbitrator2",
    ]
    assert [s.arbitrator.username for s in seats if s.presiding] == ["zj_arbitrator"]
    assert case.arbitration.tribunal == "panel"
    # the task of 第三十二条 (make-up notified within 5 days of acceptance) is done
    task = WorkItem.objects.get(kind="arbitration.tribunal", url=f"/disputes/{case.pk}/")
    assert task.status == "done" and task.period_citation == "《劳动争议调解仲裁法》第三十二条"
    event = Event.objects.filter(subject_id=case.pk, verb="dispute.tribunal").get()
    assert "合议庭" in event.summary and "首席仲裁员宋仲裁" in event.summary


@pytest.mark.parametrize(
    ("tribunal", "names", "presiding", "message"),
    [
        ("sole", ["zj_arbitrator", "zj_arbitrator2"], None, "独任仲裁由一名仲裁员审理"),
        ("panel", ["zj_arbitrator", "zj_arbitrator2"], "zj_arbitrator", "合议庭由三名仲裁员组成"),
        ("panel", ["zj_arbitrator", "zj_arbitrator2", "pd_arbitrator"], None, "首席仲裁员须是合议庭成员之一"),
        (
            "panel",
            ["zj_arbitrator", "zj_arbitrator2", "zj_centre"],
            "zj_arbitrator",
            "不是本仲裁委员会的仲裁员",
        ),
        ("panel", ["zj_arbitrator", "zj_arbitrator", "zj_arbitrator2"], "zj_arbitrator", "不能重复指定"),
    ],
)
def test_a_tribunal_made_up_wrongly_is_refused(world, tribunal, names, presiding, message):
    case = _accepted(world, 2)
    u = world.users
    with pytest.raises(ValidationFailed, match=message):
        services.compose_tribunal(
            case,
            by=u["zj_arbitrator"],
            tribunal=tribunal,
            arbitrators=[u[n] for n in names],
            presiding=u[presiding] if presiding else None,
            version=case.version,
        )
    assert not TribunalSeat.objects.filter(arbitration__case=case).exists()
    case.refresh_from_db()
    assert case.arbitration.tribunal == ""


def test_an_arbitrator_of_another_commission_cannot_sit(world):
    fx = User.objects.create_user(
        "fx_arb", full_name="奉贤仲裁员", organisation=world.orgs["fx_arbitration"], role=Role.ARBITRATOR
    )
    case = _accepted(world, 3)
    with pytest.raises(ValidationFailed, match="奉贤仲裁员不是本仲裁委员会的仲裁员"):
        services.compose_tribunal(
            case, by=world.users["zj_arbitrator"], tribunal="sole", arbitrators=[fx], version=case.version
        )


def test_a_sole_arbitrator_presides_and_the_tribunal_is_formed_once(world):
    case = _accepted(world, 4)
    u = world.users
    services.compose_tribunal(
        case, by=u["zj_arbitrator"], tribunal="sole", arbitrators=[u["zj_arbitrator2"]], version=case.version
    )
    case.refresh_from_db()
    seat = TribunalSeat.objects.get(arbitration__case=case)
    assert seat.presiding and seat.arbitrator == u["zj_arbitrator2"]
    with pytest.raises(ValidationFailed, match="更换仲裁员须经回避决定"):
        services.compose_tribunal(
            case,
            by=u["zj_arbitrator"],
            tribunal="sole",
            arbitrators=[u["zj_arbitrator"]],
            version=case.version,
        )


def test_the_tribunal_waits_for_acceptance(world):
    case = _accepted(world, 5, accepted=False)
    with pytest.raises(ValidationFailed, match="尚未受理"):
        services.compose_tribunal(
            case,
            by=world.users["zj_arbitrator"],
            tribunal="sole",
            arbitrators=[world.users["zj_arbitrator"]],
            version=case.version,
        )


def test_a_granted_recusal_replaces_the_presiding_arbitrator(world):
    u = world.users
    spare = User.objects.create_user(
        "zj_arbitrator4", full_name="钱公允", organisation=world.orgs["zj_tribunal"], role=Role.ARBITRATOR
    )
    case = _panel(world, _accepted(world, 6))
    recusal = services.request_recusal(
        case,
        by=u["zj_arbitrator2"],
        arbitrator=u["zj_arbitrator"],
        source="party",
        ground="relative",
        reason="申请人称首席仲裁员系被申请人法定代表人之表兄",
        version=case.version,
    )
    case.refresh_from_db()
    task = WorkItem.objects.get(kind="arbitration.recusal", status="open")
    assert task.assignee == u["pd_head"] and not task.role
    # the arbitrator's colleagues cannot decide: the commission's director does (第三十三条第二款)
    with pytest.raises(PermissionDenied):
        services.decide_recusal(
            recusal, by=u["zj_arbitrator2"], granted=True, replacement=spare, note="x", version=case.version
        )
    services.decide_recusal(
        recusal,
        by=u["pd_head"],
        granted=True,
        replacement=spare,
        note="经查属实，属第三十三条第（一）项情形",
        version=case.version,
    )
    sitting = TribunalSeat.objects.filter(arbitration__case=case, left_on__isnull=True)
    assert sorted(s.arbitrator.username for s in sitting) == [
        "pd_arbitrator",
        "zj_arbitrator2",
        "zj_arbitrator4",
    ]
    assert sitting.get(presiding=True).arbitrator == spare
    left = TribunalSeat.objects.get(arbitration__case=case, arbitrator=u["zj_arbitrator"])
    assert left.left_on == T()
    recusal.refresh_from_db()
    assert (recusal.decision, recusal.decided_by, recusal.replacement) == ("granted", u["pd_head"], spare)
    summaries = list(
        Event.objects.filter(subject_id=case.pk, verb__startswith="dispute.recusal")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert "当事人申请回避" in summaries[0] and "第三十三条" in summaries[0]
    assert "准予仲裁员宋仲裁回避，由钱公允接替" in summaries[1] and "经查属实" in summaries[1]
    assert not WorkItem.objects.filter(kind="arbitration.recusal", status="open").exists()


def test_a_refused_recusal_keeps_the_tribunal(world):
    u = world.users
    case = _panel(world, _accepted(world, 7))
    recusal = services.request_recusal(
        case,
        by=u["pd_arbitrator"],
        arbitrator=u["pd_arbitrator"],
        source="self",
        ground="interest",
        reason="本人配偶持有被申请人股份",
        version=case.version,
    )
    case.refresh_from_db()
    # one request at a time for one arbitrator
    with pytest.raises(ValidationFailed, match="尚未决定"):
        services.request_recusal(
            case,
            by=u["zj_arbitrator"],
            arbitrator=u["pd_arbitrator"],
            source="party",
            ground="relation",
            reason="再次申请",
            version=case.version,
        )
    # granting needs a replacement
    with pytest.raises(ValidationFailed, match="须指定替换的仲裁员"):
        services.decide_recusal(recusal, by=u["pd_head"], granted=True, note="准予", version=case.version)
    services.decide_recusal(recusal, by=u["pd_head"], granted=False, note="持股已转让", version=case.version)
    assert TribunalSeat.objects.filter(arbitration__case=case, left_on__isnull=True).count() == 3
    assert Recusal.objects.get(pk=recusal.pk).decision == "refused"


def test_only_the_arbitrator_asks_for_their_own_recusal(world):
    u = world.users
    case = _panel(world, _accepted(world, 8))
    with pytest.raises(ValidationFailed, match="只能由该仲裁员本人提出"):
        services.request_recusal(
            case,
            by=u["zj_arbitrator2"],
            arbitrator=u["pd_arbitrator"],
            source="self",
            ground="interest",
            reason="x",
            version=case.version,
        )
    with pytest.raises(ValidationFailed, match="不在本案仲裁庭"):
        services.request_recusal(
            case,
            by=u["zj_arbitrator"],
            arbitrator=u["zj_centre"],
            source="party",
            ground="interest",
            reason="x",
            version=case.version,
        )
    assert not Recusal.objects.filter(arbitration__case=case).exists()


def test_a_room_holds_one_hearing_at_a_time(world):
    u = world.users
    first, second = _accepted(world, 9), _accepted(world, 10)
    room = _room(world)
    hearing = services.schedule_hearing(
        first,
        by=u["zj_arbitrator"],
        scheduled_at=_at(10, 9),
        room=room,
        notified_on=T(),
        version=first.version,
    )
    assert hearing.place == "科创仲裁庭第一仲裁庭" and hearing.room == room and hearing.minutes == 120
    before = _events(second)
    with pytest.raises(ValidationFailed) as refused:
        services.schedule_hearing(
            second,
            by=u["zj_arbitrator"],
            scheduled_at=_at(10, 10, 30),
            room=room,
            notified_on=T(),
            version=second.version,
        )
    assert refused.value.field == "room"
    assert str(refused.value.message) == (
        f"第一仲裁庭在{T() + timedelta(days=10):%Y-%m-%d} 09:00至11:00已安排开庭"
        f"（{first.arbitration.number}），请另选时间或庭室"
    )
    assert _events(second) == before
    # the same time in the other room, and the same room once the first hearing is over, go through
    services.schedule_hearing(
        second,
        by=u["zj_arbitrator"],
        scheduled_at=_at(10, 10, 30),
        room=_room(world, "第二仲裁庭"),
        notified_on=T(),
        version=second.version,
    )
    second.refresh_from_db()
    services.schedule_hearing(
        second,
        by=u["zj_arbitrator"],
        scheduled_at=_at(10, 11),
        room=room,
        notified_on=T(),
        version=second.version,
    )
    assert room.hearings.count() == 2


def test_a_room_of_another_commission_is_refused(world):
    case = _accepted(world, 11)
    with pytest.raises(ValidationFailed, match="请选择本仲裁委员会的仲裁庭室"):
        services.schedule_hearing(
            case,
            by=world.users["zj_arbitrator"],
            scheduled_at=_at(10, 9),
            room=_room(world, org="fx_arbitration"),
            notified_on=T(),
            version=case.version,
        )


def test_refusing_an_application_ends_the_case_with_its_reason(world):
    case = _accepted(world, 12, accepted=False)
    services.refuse_arbitration(
        case, by=world.users["zj_arbitrator"], reason="申请人不适格", version=case.version
    )
    case.refresh_from_db()
    assert case.status == Status.DECLINED and case.reason == "申请人不适格"
    event = Event.objects.get(subject_id=case.pk, verb="dispute.arbitration_refused")
    assert "仲裁委不予受理：申请人不适格" in event.summary and "第二十九条" in event.summary
    assert not WorkItem.objects.filter(
        kind="arbitration.accept", status="open", url__endswith=f"/{case.pk}/"
    ).exists()


def test_an_accepted_application_cannot_be_refused(world):
    case = _accepted(world, 13)
    with pytest.raises(ValidationFailed, match="已受理"):
        services.refuse_arbitration(case, by=world.users["zj_arbitrator"], reason="x", version=case.version)


def test_the_demo_has_three_arbitrators_for_a_panel(world):
    names = set(
        User.objects.filter(
            role=Role.ARBITRATOR, organisation__path__startswith=world.orgs["pd_arbitration"].path
        ).values_list("username", flat=True)
    )
    assert {"zj_arbitrator", "zj_arbitrator2", "pd_arbitrator"} <= names
