"""ID numbers and phone numbers are encrypted at rest under a key from the environment, found again through a
keyed digest, re-encrypted by `rotate_data_key`, and encrypted in place by the migration that introduced it."""

import importlib
import subprocess
import sys
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renshe.core import protection, services
from renshe.core.errors import ValidationFailed
from renshe.core.models import Person, User

ID = "11010519491231002X"
PHONE = "13812345678"
OTHER_KEY = "Aq3uGj1f0Zy0b8Xr6b5q1oN0e9o6pQm8yJ0m1M2c3dE="


def raw_people() -> list[tuple]:
    """Every column of every row of core_person, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_person ORDER BY id")
        return cursor.fetchall()


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test names
        return cursor.fetchone()[0]


def assert_nowhere_in_the_table(*values: str) -> None:
    stored = repr(raw_people())
    for value in values:
        assert value not in stored, value


def test_registered_numbers_are_stored_encrypted_through_the_service_the_page_and_the_api(world, login, api):
    services.register_person(by=world.users["pt_caoyang"], id_number=ID, name="杨飞", phone=PHONE)
    login("pt_caoyang").post(
        "/people/new/", {"name": "林芳", "id_number": "310104196803266453", "phone": "13900001111"}
    )
    created = api("pt_caoyang").post(
        "/api/v1/people",
        {"name": "周强", "id_number": "410102200111078611", "phone": "021-6234 5678"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert_nowhere_in_the_table(
        ID, PHONE, "310104196803266453", "13900001111", "410102200111078611", "62345678"
    )
    person = Person.objects.with_id_number("410102200111078611").get()
    assert (person.id_number, person.phone, person.masked_id) == (
        "410102200111078611",
        "02162345678",
        "410102********8611",
    )
    token = raw_column("core_person", "id_number", person.pk)
    assert protection.is_token(token) and protection.key_id_of(token) == protection.keyring().current.id


def test_people_search_finds_a_full_id_number_or_phone_number(world, login, api):
    services.register_person(by=world.users["pt_caoyang"], id_number=ID, name="杨飞", phone=PHONE)
    for q in (ID, ID.lower(), "110105 19491231 002x", PHONE, "138-1234-5678", "+86 138 1234 5678"):
        assert "杨飞" in login("pt_caoyang").get("/people/", {"q": q}).content.decode(), q
        found = api("pt_caoyang").get("/api/v1/people", {"q": q}).json()
        assert [p["name"] for p in found["items"]] == ["杨飞"], q
    for q in (ID[:-1], PHONE[-4:], "", "13812345679"):  # parts of numbers are not searchable any more
        names = [p["name"] for p in api("pt_caoyang").get("/api/v1/people", {"q": q}).json()["items"]]
        assert (q == "") == ("杨飞" in names), q


def test_a_duplicate_id_number_is_still_refused_with_the_chinese_message(world, api):
    services.register_person(by=world.users["pt_caoyang"], id_number=ID, name="杨飞")
    with pytest.raises(ValidationFailed, match="该身份证号码已登记"):
        services.register_person(by=world.users["pt_caoyang"], id_number=ID.lower(), name="另一人")
    again = api("pt_caoyang").post(
        "/api/v1/people", {"name": "另一人", "id_number": ID}, content_type="application/json"
    )
    assert again.status_code == 422 and again.json()["detail"] == "该身份证号码已登记"
    assert Person.objects.with_id_number(ID).count() == 1


def test_filtering_on_an_encrypted_column_is_an_error_not_an_empty_result(db):
    with pytest.raises(FieldError, match="encrypted.*with_id_number"):
        Person.objects.filter(id_number=ID).exists()
    with pytest.raises(FieldError, match="encrypted"):
        Person.objects.filter(phone__startswith="138").exists()
    assert not Person.objects.filter(phone__isnull=True).exists()


def test_digests_are_keyed_and_differ_per_field(settings):
    context = "core.person.id_number"
    mine = protection.digest(ID, context)
    assert mine == protection.digest(ID, context) and len(mine) == 64
    assert mine != protection.digest(ID, "core.person.phone")
    assert mine != __import__("hashlib").sha256(ID.encode()).hexdigest()
    settings.RENSHE_DATA_KEY = OTHER_KEY
    assert protection.digest(ID, context) != mine


def test_a_value_is_bound_to_its_field(db):
    token = protection.encrypt(ID, "core.person.id_number")
    assert protection.decrypt(token, "core.person.id_number") == ID
    assert protection.encrypt(ID, "core.person.id_number") != token  # a fresh nonce every time
    with pytest.raises(protection.DataKeyError, match="integrity"):
        protection.decrypt(token, "core.person.phone")


def test_a_value_under_a_key_not_held_names_the_key(world, settings):
    person = Person.objects.filter(phone__isnull=False).exclude(phone_digest="").first()
    old_id = protection.keyring().current.id
    settings.RENSHE_DATA_KEY = OTHER_KEY
    with pytest.raises(protection.DataKeyError, match=f"data key {old_id}.*RENSHE_DATA_KEY_PREVIOUS"):
        Person.objects.get(pk=person.pk)
    with pytest.raises(CommandError, match=f"data key {old_id}.*nothing was changed"):
        call_command("rotate_data_key")


def test_a_malformed_key_is_refused_with_how_to_make_one(settings):
    settings.RENSHE_DATA_KEY = "too-short"
    with pytest.raises(Exception, match="32 random bytes.*python -m renshe.core.protection"):
        protection.encrypt(ID, "core.person.id_number")


def test_the_module_prints_a_new_key():
    out = subprocess.run(
        [sys.executable, "-m", "renshe.core.protection"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert len(out) == 44 and protection.DataKey.parse(out, "printed").id


def test_rotation_re_encrypts_every_value_under_the_new_key(world, settings):
    person = services.register_person(by=world.users["pt_caoyang"], id_number=ID, name="杨飞", phone=PHONE)
    staff = User.objects.get(username="pt_admin")
    staff.phone = "13700001234"
    staff.save()
    before = raw_column("core_person", "id_number", person.pk), raw_column("core_user", "phone", staff.pk)
    digest_before = raw_column("core_person", "id_number_digest", person.pk)
    old = settings.RENSHE_DATA_KEY
    settings.RENSHE_DATA_KEY, settings.RENSHE_DATA_KEY_PREVIOUS = OTHER_KEY, [old]
    new_id = protection.keyring().current.id
    # before the rotation, the old key still decrypts and searches (digests under every key held)
    assert Person.objects.with_id_number(ID).get().phone == PHONE

    out = StringIO()
    call_command("rotate_data_key", "--batch", "3", stdout=out)
    people = Person.objects.count()
    assert f"core.person.id_number: {people} values re-encrypted ({people} were under a previous key)" in (
        out.getvalue()
    )
    assert "core.user.phone: 1 values re-encrypted" in out.getvalue()

    after = raw_column("core_person", "id_number", person.pk), raw_column("core_user", "phone", staff.pk)
    assert after[0] != before[0] and after[1] != before[1]
    assert {protection.key_id_of(t) for t in after} == {new_id}
    assert raw_column("core_person", "id_number_digest", person.pk) != digest_before
    settings.RENSHE_DATA_KEY_PREVIOUS = []  # the old key can go: nothing needs it any more
    assert Person.objects.with_id_number(ID).get().pk == person.pk
    assert Person.objects.with_phone(PHONE).get().id_number == ID
    assert User.objects.get(pk=staff.pk).phone == "13700001234"
    assert all(p.id_number for p in Person.objects.all())  # every row decrypts under the new key alone
    assert_nowhere_in_the_table(ID, PHONE)


MIGRATION = importlib.import_module("renshe.core.migrations.0005_protect_personal_data")


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_plaintext_rows_and_reverses(world):
    person = services.register_person(by=world.users["pt_caoyang"], id_number=ID, name="杨飞", phone=PHONE)
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("core", "0004_enterprise_completed_later")])
        # back before encryption: the columns hold the plain numbers, as an existing installation's do
        assert raw_column("core_person", "id_number", person.pk) == ID
        assert raw_column("core_person", "phone", person.pk) == PHONE
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_person (id_number, name, sex, birth_date, phone, address, "
                "id_area_unverified, organisation_id, created_at, version) "
                "VALUES ('310104196803266453', '旧数据', 'M', '1968-03-26', '', '', %s, %s, %s, 1)",
                [False, world.orgs["pt"].pk, "2020-01-01 00:00:00+00:00"],
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    token = raw_column("core_person", "id_number", person.pk)
    assert protection.is_token(token)
    assert_nowhere_in_the_table(ID, PHONE, "310104196803266453")
    assert Person.objects.with_id_number(ID).get().phone == PHONE
    legacy = Person.objects.with_id_number("310104196803266453").get()
    assert (legacy.name, legacy.phone, legacy.phone_digest) == ("旧数据", "", "")

    with connection.schema_editor() as editor:  # run again: values already encrypted are left alone
        MIGRATION.encrypt(None, editor)
    assert raw_column("core_person", "id_number", person.pk) == token
