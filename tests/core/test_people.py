"""People: registered with a validated ID, shown masked, unmasked only with permission and always logged."""

import random
from datetime import date

import pytest

from renshe.core.models import Event, Person, WorkItem
from renshe.core.synthetic import citizen_id

ID = "11010519491231002X"


def test_register_derives_birth_date_and_sex(login):
    response = login("pt_caoyang").post(
        "/people/new/", {"name": "杨飞", "id_number": ID, "phone": "13812345678"}
    )
    person = Person.objects.with_id_number(ID).get()
    assert response.status_code == 302
    assert (person.birth_date.isoformat(), person.sex) == ("1949-12-31", "F")


def test_lists_pages_and_api_show_numbers_masked(login, api, world):
    login("pt_caoyang").post("/people/new/", {"name": "杨飞", "id_number": ID, "phone": "13812345678"})
    person = Person.objects.with_id_number(ID).get()
    for body in (
        login("pt_caoyang").get("/people/").content.decode(),
        login("pt_caoyang").get(f"/people/{person.pk}/").content.decode(),
        api("pt_caoyang").get(f"/api/v1/people/{person.pk}").content.decode(),
    ):
        assert ID not in body and "13812345678" not in body
        assert "110105********002X" in body


def test_reveal_is_logged_on_the_timeline(login, api, world):
    login("pt_caoyang").post("/people/new/", {"name": "杨飞", "id_number": ID, "phone": "13812345678"})
    person = Person.objects.with_id_number(ID).get()
    page = login("pt_caoyang").post(f"/people/{person.pk}/reveal/")
    assert ID in page.content.decode()
    assert api("pt_caoyang").post(f"/api/v1/people/{person.pk}/reveal").json() == {
        "id_number": ID,
        "phone": "13812345678",
    }
    reveals = Event.objects.filter(subject_id=str(person.pk), verb="person.revealed")
    assert reveals.count() == 2 and {e.actor.username for e in reveals} == {"pt_caoyang"}


def test_reveal_needs_the_permission(login, api, world):
    person = Person.objects.filter(organisation=world.orgs["zj_centre"]).first()
    world.users["fx_grid"].organisation = world.orgs["zj_centre"]
    world.users["fx_grid"].save()  # a grid officer may see the record but not unmask it
    assert login("fx_grid").post(f"/people/{person.pk}/reveal/").status_code == 403
    response = api("fx_grid").post(f"/api/v1/people/{person.pk}/reveal")
    assert response.status_code == 403 and "无权" in response.json()["detail"]
    assert not Event.objects.filter(subject_id=str(person.pk), verb="person.revealed").exists()


def test_duplicate_and_invalid_ids_are_refused_on_the_field(login):
    client = login("pt_caoyang")
    client.post("/people/new/", {"name": "杨飞", "id_number": ID})
    again = client.post("/people/new/", {"name": "另一人", "id_number": ID.lower()}).content.decode()
    assert 'data-field="id_number"' in again and "已登记" in again
    bad = client.post("/people/new/", {"name": "王某", "id_number": "110105194912310021"}).content.decode()
    assert "校验位" in bad and "王某" in bad
    assert Person.objects.with_id_number(ID).count() == 1


def test_unknown_area_code_opens_a_verification_task_that_confirming_closes(login, world):
    number = citizen_id(random.Random(9), area="310230", birth=date(1970, 5, 3))  # code dates from 1982
    login("pt_caoyang").post("/people/new/", {"name": "陆某", "id_number": number})
    person = Person.objects.with_id_number(number).get()
    assert person.id_area_unverified
    task = WorkItem.objects.get(kind="person.verify_id", subject_id=str(person.pk))
    assert task.role == "department_admin" and task.organisation == world.orgs["street:310107005"]
    assert "陆某" in login("pt_admin").get("/").content.decode()  # on the district admin's workbench
    login("pt_admin").post(f"/people/{person.pk}/confirm-id/")
    task.refresh_from_db()
    person.refresh_from_db()
    assert task.status == "done" and not person.id_area_unverified


@pytest.mark.parametrize("phone", ["12345", "2"])
def test_invalid_phone_is_refused(login, phone):
    body = (
        login("pt_caoyang")
        .post("/people/new/", {"name": "杨飞", "id_number": ID, "phone": phone})
        .content.decode()
    )
    assert 'data-field="phone"' in body
    assert not Person.objects.with_id_number(ID).exists()
