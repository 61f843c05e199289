"""See the parties of their own cases (issue 12, point 2): mediators, arbitrators and inspectors see the
enterprises and people party to the cases in their scope (core/parties.py), with the employer's 一企一档
linked from every case page; the mediator a case is referred to can reveal the applicant's phone, logged."""

from datetime import date

import pytest

from renshe.core import selectors
from tests import builders

PHONE = "13812345678"


@pytest.fixture
def dispute(world):
    return builders.application(world, "李小红", PHONE, seed=77)


def test_an_inspector_sees_the_employers_of_the_brigades_cases(world, login):
    case = builders.registered(world, serial=5151, received_on=date(2026, 11, 2))
    inspector = world.users["fx_inspector"]
    assert case.respondent in selectors.enterprises_for(inspector)
    page = login("fx_inspector").get(f"/enterprises/{case.respondent_id}/").content.decode()
    assert case.respondent.name in page and case.number in page  # the file, with the case in its section
    listing = login("fx_inspector").get("/enterprises/", {"q": case.respondent.name}).content.decode()
    assert f"/enterprises/{case.respondent_id}/" in listing
    # a worker on the ledger is seen masked, never in full
    worker = case.claims.first().worker
    person_page = login("fx_inspector").get(f"/people/{worker.pk}/").content.decode()
    assert worker.masked_id in person_page and worker.id_number not in person_page


def test_someone_elses_parties_stay_out_of_sight(world, login, dispute):
    case = builders.registered(world, serial=5152, received_on=date(2026, 11, 2))
    assert login("pt_caoyang").get(f"/enterprises/{case.respondent_id}/").status_code == 404
    assert login("fx_inspector").get(f"/enterprises/{dispute.respondent_id}/").status_code == 404
    applicant = dispute.applicants.get().person
    assert login("fx_inspector").get(f"/people/{applicant.pk}/").status_code == 404


def test_the_referred_mediator_sees_the_parties_and_reveals_the_phone_logged(world, login, dispute):
    applicant = dispute.applicants.get().person
    studio = login("zj_studio")
    assert studio.get(f"/people/{applicant.pk}/").status_code == 404  # not the studio's case yet
    builders.mediating(world, dispute, "zj_studio", via="zj_studio")

    assert studio.get(f"/enterprises/{dispute.respondent_id}/").status_code == 200
    page = studio.get(f"/people/{applicant.pk}/").content.decode()
    assert applicant.masked_phone in page and PHONE not in page and 'data-testid="reveal"' in page
    revealed = studio.post(f"/people/{applicant.pk}/reveal/").content.decode()
    assert PHONE in revealed
    event = selectors.events_for(applicant).get(verb="person.revealed")
    assert event.actor == world.users["zj_studio"]


def test_the_arbitrator_sees_the_parties_of_cases_before_the_tribunal(world, dispute):
    arbitrator = world.users["zj_arbitrator"]
    assert dispute.respondent not in selectors.enterprises_for(arbitrator)
    case = builders.mediating(world, dispute)
    builders.arbitrating(world, case, applied_on=date(2026, 11, 23))
    assert dispute.respondent in selectors.enterprises_for(arbitrator)
    assert dispute.applicants.get().person in selectors.persons_for(arbitrator)


def test_every_case_page_links_to_the_employers_file(world, login, dispute):
    page = login("zj_centre").get(f"/disputes/{dispute.pk}/").content.decode()
    assert f'href="/enterprises/{dispute.respondent_id}/"' in page
    applicant = dispute.applicants.get().person
    assert f'href="/people/{applicant.pk}/"' in page
    case = builders.registered(world, serial=5153, received_on=date(2026, 11, 2))
    page = login("fx_inspector").get(f"/inspection/{case.pk}/").content.decode()
    assert f'href="/enterprises/{case.respondent_id}/"' in page
