"""The timeline is append-only, written in the same transaction as the change, and hash-chained."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from renshe.core import services
from renshe.core.models import AppendOnlyError, Enterprise, Event
from renshe.core.synthetic import credit_code
from renshe.core.timeline import verify_chain

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
    victim = Event.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [victim.id])
    report = verify_chain()
    assert not report.intact and "removed" in report.reason


def test_chain_detects_events_cut_off_at_the_end(world):
    last = Event.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [last.id])
    assert not verify_chain().intact


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
