"""The timeline is append-only, written in the same transaction as the change, hash-chained per subject and
sealed by anchors under a key kept outside the database."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from renshe.core import services
from renshe.core.models import AppendOnlyError, Enterprise, Event, TimelineAnchor
from renshe.core.synthetic import credit_code
from renshe.core.timeline import GENESIS, seal, verify_chain, verify_subject

pytestmark = pytest.mark.django_db


def _input(world, name="测试企业有限公司"):
    street = world.orgs["street:310107005"]
    return services.EnterpriseInput(
        name=name, industry="34", street=street.pk, size="small", legal_representative="张三"
    )


def test_every_change_writes_an_event_with_before_and_after(world):
    admin = world.users["pt_admin"]
    enterprise = services.register_enterprise(by=admin, credit_code=credit_code(5001), data=_input(world))
    data = _input(world, "新名称有限公司")
    services.update_enterprise(enterprise, by=admin, version=enterprise.version, data=data)
    event = Event.objects.filter(enterprise=enterprise).first()
    assert event.verb == "enterprise.updated" and event.actor == admin
    assert event.changes["name"] == ["测试企业有限公司", "新名称有限公司"]


def test_a_failed_transition_leaves_neither_change_nor_event(world):
    admin = world.users["pt_admin"]
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.register_enterprise(by=admin, credit_code=credit_code(5002), data=_input(world))
        raise RuntimeError("crash after the service, before commit")
    assert Event.objects.count() == before
    assert not Enterprise.objects.filter(credit_code=credit_code(5002)).exists()


def test_events_cannot_be_edited_or_deleted_through_the_orm(world):
    event = Event.objects.first()
    event.summary = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(summary="改写")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_chain_verifies_and_detects_tampering_by_sql(world):
    assert verify_chain().intact
    victim = Event.objects.order_by("id")[5]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_event SET summary = %s WHERE id = %s", ["篡改", victim.id])
    report = verify_chain()
    assert not report.intact and report.broken_at == victim.id and "altered" in report.reason
    with pytest.raises(CommandError, match=str(victim.id)):
        call_command("verify_timeline")


def test_chain_detects_a_deleted_event(world):
    """One with a later event of its subject after it; the unsealed last event of a subject is only covered
    once an anchor seals it (test_a_sealed_tail_cut_off_is_detected)."""
    admin = world.users["pt_admin"]
    enterprise = services.register_enterprise(by=admin, credit_code=credit_code(5100), data=_input(world))
    services.update_enterprise(
        enterprise, by=admin, version=enterprise.version, data=_input(world, "改名有限公司")
    )
    victim = Event.objects.get(verb="enterprise.registered", enterprise=enterprise)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [victim.id])
    report = verify_chain()
    assert not report.intact and "removed" in report.reason


def _sealed():
    """Seal everything written so far (the grace for transactions still committing has passed)."""
    with time_machine.travel(timedelta(minutes=5)):
        return seal()


def test_each_subject_has_its_own_chain(world):
    admin = world.users["pt_admin"]
    a = services.register_enterprise(
        by=admin, credit_code=credit_code(5101), data=_input(world, "甲有限公司")
    )
    b = services.register_enterprise(
        by=admin, credit_code=credit_code(5102), data=_input(world, "乙有限公司")
    )
    services.update_enterprise(a, by=admin, version=a.version, data=_input(world, "甲改名有限公司"))
    chain = list(Event.objects.filter(subject_id=str(a.pk), subject_type__model="enterprise").order_by("id"))
    assert [e.subject_seq for e in chain] == [1, 2]
    assert chain[0].previous_digest == GENESIS and chain[1].previous_digest == chain[0].digest
    first_of_b = Event.objects.get(subject_id=str(b.pk), subject_type__model="enterprise")
    assert first_of_b.subject_seq == 1 and first_of_b.previous_digest == GENESIS
    report = verify_subject(a)
    assert report.intact and report.checked == 2


def test_sealing_covers_what_was_committed_once_and_says_so_in_the_log(world, caplog):
    caplog.set_level(logging.INFO, logger="renshe.timeline")
    services.register_enterprise(
        by=world.users["pt_admin"], credit_code=credit_code(5104), data=_input(world)
    )
    young = Event.objects.order_by("-id").first()
    early = seal()  # the world may be old enough to seal already; what was written just now is not
    assert early is None or early.last_event_id < young.id
    anchor = _sealed()
    # ids, not positions: PostgreSQL's sequence does not restart for each test, and skips rolled-back ids
    assert (early or anchor).first_event_id <= Event.objects.order_by("id").first().id
    assert anchor.last_event_id == young.id
    assert (
        early.count if early else 0
    ) + anchor.count == Event.objects.count() and anchor.root in caplog.text
    assert _sealed() is None  # nothing new
    services.register_enterprise(
        by=world.users["pt_admin"], credit_code=credit_code(5103), data=_input(world)
    )
    second = _sealed()
    assert second.first_event_id == anchor.last_event_id + 1 and second.previous_mac == anchor.mac
    report = verify_chain()
    assert report.intact and report.anchors == (3 if early else 2)


def test_a_sealed_tail_cut_off_is_detected(world):
    _sealed()
    last = Event.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [last.id])
    report = verify_chain()
    assert not report.intact and "differ from their anchor" in report.reason


def test_rewriting_history_consistently_still_fails_without_the_key(world, settings):
    """Whoever can write the database can recompute every digest; the anchor's mac needs the key."""
    anchor = _sealed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_timelineanchor SET root = %s WHERE id = %s", ["0" * 64, anchor.pk])
    assert "seal does not match" in verify_chain().reason
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_timelineanchor SET root = %s WHERE id = %s", [anchor.root, anchor.pk])
    assert verify_chain().intact
    settings.RENSHE_TIMELINE_KEY = "another key"
    assert "seal does not match" in verify_chain().reason


def test_the_seal_command_and_job_are_idempotent(world, capsys):
    from renshe.core.tasks import seal_timeline

    with time_machine.travel(timedelta(minutes=5)):
        call_command("seal_timeline")
        assert "sealed" in capsys.readouterr().out
        assert seal_timeline.apply().get() is None  # the job's body, here: no worker in this test
    assert TimelineAnchor.objects.count() == 1


def test_verify_command_reports_intact_chain(world, capsys):
    call_command("verify_timeline")
    assert "timeline intact" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction(world):
    from renshe.core.timeline import record_event

    with pytest.raises(RuntimeError, match="transaction"):
        record_event(world.orgs["pt"], "x", "y")


def test_records_are_written_in_the_bureaus_language_whatever_the_users_screen_language(login, world):
    from renshe.core.models import Person

    login("pt_caoyang", language="en").post(
        "/people/new/", {"name": "杨飞", "id_number": "11010519491231002X"}
    )
    person = Person.objects.with_id_number("11010519491231002X").get()
    assert Event.objects.get(verb="person.registered", subject_id=str(person.pk)).summary == "登记人员：杨飞"


def test_timeline_shows_changes_with_field_labels(login, world):
    admin = world.users["pt_admin"]
    enterprise = services.register_enterprise(by=admin, credit_code=credit_code(5003), data=_input(world))
    services.update_enterprise(enterprise, by=admin, version=1, data=_input(world, "改名后有限公司"))
    body = login("pt_admin").get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "企业名称" in body and "测试企业有限公司 → 改名后有限公司" in body
