"""Keys: production refuses to start without its own, the embedded default makes and keeps its own, and a server
started under a data key the database's values are not under refuses to start and writes nothing (issue 11,
findings 1 and 2). `check --deploy` is clean in the production configuration README describes."""

import json
import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from renshe.core import protection, services
from renshe.core.models import DataKeyRecord, Person

SRC = str(Path(__file__).resolve().parents[2] / "src")
PRODUCTION = {
    "DATABASE_URL": "postgres://renshe@db.internal:5432/renshe",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "renshe.example.gov.cn",
    "RENSHE_HTTPS": "1",
}
SETTINGS = "from django.conf import settings; print(settings.SECRET_KEY, settings.RENSHE_DATA_KEY, settings.RENSHE_TIMELINE_KEY)"
OTHER_KEY = "Aq3uGj1f0Zy0b8Xr6b5q1oN0e9o6pQm8yJ0m1M2c3dE="


def database_url(database: dict) -> str:
    """The URL of the test database itself (this worker's SQLite file, or its PostgreSQL database)."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    login = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{login}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def python(code: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """This tree's renshe in a fresh process, with no key in its environment but those given."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (*protection.KEY_SETTINGS, "SECRET_KEY", "RENSHE_TIMELINE_KEY", "DATABASE_URL", "REDIS_URL")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            **base,
            "PYTHONPATH": SRC,
            "DJANGO_SETTINGS_MODULE": "renshe.settings",
            "RENSHE_VAR_DIR": str(var_dir),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_keys() -> dict[str, str]:
    lines = subprocess.run(
        [sys.executable, "-m", "renshe.core.protection", "--env"],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return dict(line.split("=", 1) for line in lines)


def test_production_refuses_to_start_without_its_own_keys_even_without_any_flag(tmp_path):
    """The probe's deployment: PostgreSQL, DEBUG=0 and no SECRET_KEY ran under the key in the source."""
    keys = production_keys()
    for missing in keys:
        given = {k: v for k, v in keys.items() if k != missing}
        run = python(SETTINGS, tmp_path, **PRODUCTION, **given)
        assert run.returncode != 0 and f"needs its own {missing} in the environment" in run.stderr, run.stderr
    run = python(SETTINGS, tmp_path, **PRODUCTION, **keys)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [keys["SECRET_KEY"], keys["RENSHE_DATA_KEY"], keys["RENSHE_TIMELINE_KEY"]]
    assert not (tmp_path / "keys.json").exists()  # production never falls back on a local file


def test_the_embedded_default_makes_its_own_keys_once_and_keeps_them_to_itself(tmp_path):
    first = python(SETTINGS, tmp_path / "a")
    again = python(SETTINGS, tmp_path / "a")
    elsewhere = python(SETTINGS, tmp_path / "b")
    assert first.returncode == again.returncode == elsewhere.returncode == 0, first.stderr + elsewhere.stderr
    assert first.stdout == again.stdout  # kept, so the data stays readable across restarts
    mine, theirs = first.stdout.split(), elsewhere.stdout.split()
    assert not set(mine) & set(theirs)  # random per installation: nothing derived from the source
    kept = tmp_path / "a" / "keys.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert list(json.loads(kept.read_text()).values()) == mine
    assert len(mine[0]) >= 50 and protection.DataKey.parse(mine[1], "generated").id


def test_the_deployment_check_is_clean_in_the_production_configuration(tmp_path):
    run = python(
        "import django; django.setup(); from django.core.management import call_command; call_command('check', '--deploy', '--fail-level', 'WARNING')",
        tmp_path,
        **PRODUCTION,
        **production_keys(),
    )
    assert run.returncode == 0, run.stderr
    assert "System check identified no issues" in run.stdout, run.stdout + run.stderr


def test_a_write_under_another_data_key_is_refused_naming_both_keys(world, settings):
    stored = DataKeyRecord.objects.get().key_id
    assert stored == protection.keyring().current.id
    people = Person.objects.count()
    settings.RENSHE_DATA_KEY = OTHER_KEY
    other = protection.keyring().current.id
    with pytest.raises(
        protection.DataKeyMismatch, match=f"under data key {stored}, but RENSHE_DATA_KEY is {other}"
    ):
        services.register_person(by=world.users["pt_caoyang"], id_number="11010519491231002X", name="杨飞")
    assert Person.objects.count() == people


def test_a_rotation_in_progress_still_writes_and_the_rotation_records_the_new_key(world, settings):
    old = settings.RENSHE_DATA_KEY
    settings.RENSHE_DATA_KEY, settings.RENSHE_DATA_KEY_PREVIOUS = OTHER_KEY, [old]
    services.register_person(by=world.users["pt_caoyang"], id_number="11010519491231002X", name="杨飞")
    call_command("rotate_data_key", stdout=StringIO())
    assert DataKeyRecord.objects.get().key_id == protection.keyring().current.id
    settings.RENSHE_DATA_KEY, settings.RENSHE_DATA_KEY_PREVIOUS = old, []
    with pytest.raises(protection.DataKeyMismatch):  # the old key alone is now the wrong one
        services.register_person(by=world.users["pt_caoyang"], id_number="310104196803266453", name="林芳")


# six Python processes started: run once, on the production path the refusal is for (its key is required there)
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_server_worker_or_command_started_with_the_wrong_data_key_refuses_to_start(settings, tmp_path):
    protection.record_data_key(protection.keyring().current.id)  # committed, as a running installation's
    database = {"DATABASE_URL": database_url(settings.DATABASES["default"])}
    right = {"SECRET_KEY": settings.SECRET_KEY, "RENSHE_TIMELINE_KEY": settings.RENSHE_TIMELINE_KEY}
    wrong = {**right, "RENSHE_DATA_KEY": OTHER_KEY}
    other = protection.DataKey.parse(OTHER_KEY, "other").id
    stored = protection.keyring().current.id
    celery = (
        "import sys; from celery.bin.celery import main; sys.argv = ['celery', '-A', 'renshe', {}]; main()"
    )
    for code in (
        "import renshe.wsgi",  # gunicorn's application
        celery.format("'worker', '--pool=solo', '-Q', 'none'"),
        celery.format(f"'beat', '--schedule={tmp_path}/beat'"),
        "import django; django.setup(); from django.core.management import call_command; call_command('check', '--database', 'default')",
    ):
        run = python(code, tmp_path, **database, **wrong)
        assert run.returncode != 0, code
        assert f"under data key {stored}, but RENSHE_DATA_KEY is {other}" in run.stderr, run.stderr
    for code in (
        "import renshe.wsgi",
        "import django; django.setup(); from django.core.management import call_command; call_command('check')",
    ):
        assert (
            python(code, tmp_path, **database, **right, RENSHE_DATA_KEY=settings.RENSHE_DATA_KEY).returncode
            == 0
        )
    assert DataKeyRecord.objects.get().key_id == stored  # nothing written by the refused ones
