"""A named reporter (实名举报) is protected (劳动保障监察条例 第九条: 劳动保障行政部门应当为举报人保密): not a person
of the register, so no people search finds them; masked on the case page and revealed (logged on the case's
timeline) only to the case's own inspectors."""

import random
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renshe.core.models import Event, Person, User
from renshe.core.protection import is_token
from renshe.core.roles import Role
from renshe.core.synthetic import citizen_id
from renshe.inspection import services
from renshe.inspection.models import Report
from renshe.inspection.services import WorkerInput

ID = citizen_id(random.Random(11))
PHONE = "13912345678"


def _reported(complain, u, brigade):
    """A complaint by one worker, then a report by name joining its case, assigned to fx_inspector and a third
    inspector of the brigade: fx_inspector2 is not on it."""
    pair = [
        u["fx_inspector"],
        User.objects.create_user("fx_inspector3", role=Role.INSPECTOR, organisation=brigade),
    ]
    case = complain(1).case
    report = complain(
        0, kind="report", reporter=WorkerInput(ID, "欧阳明", phone=PHONE), reporter_contact="微信 oym2026"
    )
    case.refresh_from_db()
    case = services.accept_case(case, by=u["fx_inspector"], filed_on=case.received_on, version=case.version)
    services.assign_inspectors(case, by=u["fx_inspector"], inspectors=pair, version=case.version)
    return Report.objects.get(pk=report.pk)


def test_an_inspector_not_on_the_case_cannot_find_or_unmask_the_reporter(complain, u, brigade, login, api):
    report = _reported(complain, u, brigade)
    outsider = login("fx_inspector2")  # the same brigade's inspector, not on the case
    for q in (PHONE, ID, "欧阳明"):
        assert "欧阳明</a>" not in outsider.get("/people/", {"q": q}).content.decode()
        assert api("fx_inspector2").get("/api/v1/people", {"q": q}).json()["count"] == 0
    assert not Person.objects.filter(name="欧阳明").exists()
    page = outsider.get(f"/inspection/{report.case_id}/").content.decode()
    assert "欧" not in page.split('data-testid="reporter"')[2][:40]
    assert outsider.post(f"/inspection/{report.case_id}/reports/{report.pk}/reporter/").status_code == 403
    assert (
        api("fx_inspector2")
        .post(f"/api/v1/inspection/{report.case_id}/reports/{report.pk}/reporter")
        .status_code
        == 403
    )
    assert not Event.objects.filter(verb="inspection.reporter_revealed").exists()


def test_the_cases_inspector_sees_the_reporter_masked_and_reveals_them_logged(
    complain, u, brigade, login, api
):
    report = _reported(complain, u, brigade)
    inspector = login("fx_inspector")
    page = inspector.get(f"/inspection/{report.case_id}/").content.decode()
    assert "欧**" in page and "欧阳明" not in page and PHONE not in page
    revealed = inspector.post(f"/inspection/{report.case_id}/reports/{report.pk}/reporter/").content.decode()
    assert "欧阳明" in revealed and ID in revealed and PHONE in revealed and "微信 oym2026" in revealed
    assert api("fx_inspector").post(
        f"/api/v1/inspection/{report.case_id}/reports/{report.pk}/reporter"
    ).json() == {
        "name": "欧阳明",
        "id_number": ID,
        "phone": PHONE,
        "contact": "微信 oym2026",
    }
    reveals = Event.objects.filter(verb="inspection.reporter_revealed", subject_id=str(report.case_id))
    assert reveals.count() == 2 and {e.actor.username for e in reveals} == {"fx_inspector"}
    assert "欧阳明" not in reveals[0].summary


def test_a_reporters_id_number_and_phone_are_stored_encrypted(complain, u, brigade):
    report = _reported(complain, u, brigade)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_id_number, reporter_phone FROM inspection_report WHERE id = %s", [report.pk]
        )
        stored = cursor.fetchone()
    assert all(is_token(value) for value in stored)
    assert (report.reporter_id_number, report.reporter_phone) == (ID, PHONE)


def test_a_complaining_worker_is_a_party_and_stays_a_person(complain, workers):
    (worker,) = workers(1)
    report = complain(1, reporter=worker, workers=[worker])
    assert report.reporter == report.case.claims.get().worker
    assert Person.objects.with_id_number(worker.id_number).get().name == worker.name
    assert report.reporter_name == "" and report.reporter_id_number == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_reporters_off_the_register(complain, u, brigade):
    """Back before inspection 0003 the reporters are persons again; forward, a reporter who was nothing else
    leaves the register, one who is also owed wages on the case stays (a party), each report keeps its
    reporter's identity."""
    report = _reported(complain, u, brigade)
    (worker,) = workers = [
        WorkerInput(citizen_id(random.Random(12)), "钱工人", months=[(date(2026, 8, 1), 100)])
    ]
    also_owed = complain(
        0, kind="report", reporter=WorkerInput(worker.id_number, worker.name), workers=workers
    )
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("inspection", "0002_protect_reporter_contact")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT reporter_id FROM inspection_report WHERE id = %s", [report.pk])
            assert cursor.fetchone()[0] == Person.objects.with_id_number(ID).get().pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert not Person.objects.with_id_number(ID).exists()
    assert also_owed.case.claims.filter(worker=Person.objects.with_id_number(worker.id_number).get()).exists()
    for moved, name, number in ((report, "欧阳明", ID), (also_owed, "钱工人", worker.id_number)):
        moved = Report.objects.get(pk=moved.pk)
        assert (moved.reporter, moved.reporter_name, moved.reporter_id_number) == (None, name, number)
    assert Report.objects.get(pk=report.pk).reporter_phone == PHONE
