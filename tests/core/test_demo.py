"""The demo commands: the story's network as data, logins printed, bulk generation with progress."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.cn import ric, uscc

from renshe.core.models import Enterprise, Event, Organisation, Person
from renshe.core.timeline import verify_chain
from renshe.disputes.models import DisputeCase
from renshe.inspection.models import InspectionCase


def test_load_demo_builds_the_1_plus_1_plus_x_network_and_prints_logins(empty_database, capsys):
    call_command("load_demo", "--enterprises", "70", "--people", "5")
    out = capsys.readouterr().out
    assert "renshe-demo-2026" in out and "pt_admin" in out and "zj_centre" in out
    centre = Organisation.objects.get(name="张江镇劳动争议调解中心")
    studio = Organisation.objects.get(kind="mediation_studio")
    assert studio.parent == centre and "江心听语" in studio.name
    assert Organisation.objects.filter(kind="enterprise_committee", parent=centre).count() >= 30
    assert Organisation.objects.filter(name="奉贤区劳动保障监察大队").exists()
    assert Organisation.objects.filter(kind="bureau").count() == 3
    assert all(uscc.is_valid(c) for c in Enterprise.objects.values_list("credit_code", flat=True))
    assert verify_chain().intact
    with pytest.raises(CommandError):
        call_command("load_demo")
    call_command("load_demo", "--if-empty")  # what bin/demo runs on a second start


def test_generate_data_makes_valid_records_in_bulk(empty_database, capsys):
    call_command("load_demo", "--enterprises", "2", "--people", "1")
    before = Event.objects.count()
    call_command("generate_data", "--enterprises", "1200", "--people", "800", "--batch", "500")
    assert Enterprise.objects.count() == 3 + 1200 and Person.objects.count() == 3 + 800
    generated = Person.objects.exclude(id_area_unverified=True)  # the demo's two retired-area-code cases
    assert generated.count() == 801
    assert all(ric.is_valid(p.id_number) for p in generated)
    assert all(p.birth_date.strftime("%Y%m%d") == p.id_number[6:14] for p in generated)
    assert Event.objects.count() == before + 1 and verify_chain().intact
    assert "generated 1200 enterprises" in capsys.readouterr().out


def test_demo_enterprises_carry_their_districts_area_code(empty_database):
    call_command("load_demo", "--enterprises", "40", "--people", "1")
    for enterprise in Enterprise.objects.select_related("street__region__parent"):
        assert enterprise.credit_code[2:8] == enterprise.street.region.parent.code, enterprise.name


def test_the_small_test_world_stays_free_of_cases(world):
    """Other tests count the cases they make on the shared world (tests/world.py): it starts with none."""
    assert not DisputeCase.objects.exists()
    assert not InspectionCase.objects.exists()
