"""`manage.py backup` and `manage.py restore`: the round trip gives back the same database, byte for byte
in the backup's content; a damaged or altered file, a different migration state, or a database that already
holds records is refused and nothing changes."""

import gzip
import hashlib
import io
import json
import tarfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from renshe.core import backup, protection
from renshe.core.casework import version_of
from renshe.core.models import Event, Person, User
from renshe.core.money import MoneySum
from renshe.core.subjects import subject_of
from renshe.core.timeline import verify_chain
from renshe.disputes import services as disputes
from renshe.disputes.models import DisputeCase, Evidence
from renshe.disputes.services import ItemInput
from renshe.inspection import services as inspection
from renshe.inspection.models import InspectionCase, WageClaim, WagePayment
from tests import builders
from tests.disputes.conftest import apply, zhangjiang_firm  # noqa: F401 - fixtures
from tests.inspection.conftest import brigade, complain, factory, filed, u, workers  # noqa: F401 - fixtures

PAY_SLIP = b"%PDF-1.4\n% pay slip\n" + bytes(range(256)) + "工资条".encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def records(world, apply, filed, u, media, django_capture_on_commit_callbacks):  # noqa: F811 - fixtures imported above
    """A settled and paid dispute with an evidence file, an open one, and an inspection case with a
    payment on its ledger, all made through the services."""
    centre = world.users["zj_centre"]
    today = timezone.localdate()
    case, _code = apply(workers=2, days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):  # the file is stored once the upload commits
        disputes.attach_evidence(
            case, by=centre, upload=SimpleUploadedFile("工资条.pdf", PAY_SLIP), version=version_of(case)
        )
    agreement = builders.settled(
        world,
        DisputeCase.objects.get(pk=case.pk),  # the evidence moved its version on
        "zj_studio",
        via="zj_studio",
        terms="公司分两期支付。",
        items=[
            ItemInput("unpaid_wages", "支付工资", Decimal("18000.00"), today + timedelta(days=10)),
            ItemInput("overtime", "支付加班费", Decimal("2000.55"), today + timedelta(days=20)),
        ],
    )
    disputes.record_payment(
        agreement.items.order_by("id")[0],
        by=world.users["zj_studio"],
        amount="18000.00",
        paid_on=today,
        version=version_of(agreement.case),
    )
    apply(workers=1)  # still waiting for the centre
    inspection_case = filed(3)
    claim = WageClaim.objects.filter(case=inspection_case).order_by("id").first()
    inspection.record_wage_payment(
        inspection_case,
        by=u["fx_inspector"],
        worker=claim.worker,
        amount="1234.56",
        paid_on=date(2026, 10, 20),
        source="employer",
        version=version_of(inspection_case),
    )
    return DisputeCase.objects.get(pk=case.pk), InspectionCase.objects.get(pk=inspection_case.pk)


def snapshot(dispute, inspection_case):
    """What a person would check after a restore: a case's timeline, the money, an evidence file."""
    dispute = DisputeCase.objects.get(pk=dispute.pk)
    inspection_case = InspectionCase.objects.get(pk=inspection_case.pk)
    evidence = Evidence.objects.get(case=dispute)
    with evidence.file.open("rb") as f:
        evidence_bytes = f.read()
    return {
        "timeline": list(
            Event.objects.filter(**subject_of(dispute))
            .order_by("id")
            .values_list("id", "occurred_at", "verb", "summary", "changes", "digest")
        ),
        "dispute money": (dispute.number, dispute.claimed_total, dispute.agreed_total, dispute.paid_total),
        "inspection money": (inspection_case.owed_total, inspection_case.paid_total, inspection_case.balance),
        "all wage payments": WagePayment.objects.aggregate(total=MoneySum("amount"))["total"],
        "evidence": (evidence.file.name, evidence.size, evidence_bytes),
        "users": list(User.objects.order_by("id").values_list("id", "username", "password", "last_login")),
    }


def run_backup(path) -> dict:
    call_command("backup", str(path), verbosity=0)
    return read_archive(path)["manifest"]


def read_archive(path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    members["manifest"] = json.loads(members[backup.MANIFEST])
    return members


def write_archive(path, members: dict, manifest: dict) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, body in [(backup.MANIFEST, json.dumps(manifest).encode())] + [
            (n, b) for n, b in members.items() if n not in (backup.MANIFEST, "manifest")
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_the_same_database_and_files(records, apply, u, media, tmp_path):  # noqa: F811 - fixtures imported above
    dispute, inspection_case = records
    before = snapshot(dispute, inspection_case)
    first = run_backup(tmp_path / "first.tar.gz")
    assert (
        first["counts"]["disputes_evidence"] == 1 and first["counts"]["core_event"] == Event.objects.count()
    )
    assert [f["name"] for f in first["files"]] == [before["evidence"][0]]
    held = (media / before["evidence"][0]).read_bytes()  # as storage holds it: encrypted (core.files)
    assert first["files"][0]["sha256"] == hashlib.sha256(held).hexdigest()
    assert protection.unseal(held, "disputes.evidence.file") == PAY_SLIP
    assert "django_session" not in first["counts"] and "sessions.session" in first["excluded"]

    # life goes on after the backup: a new case, another payment, the evidence file damaged on disk
    later, _code = apply(workers=1)
    inspection.record_wage_payment(
        inspection_case,
        by=u["fx_inspector"],
        worker=WageClaim.objects.filter(case=inspection_case).order_by("id").last().worker,
        amount="99.99",
        paid_on=date(2026, 10, 21),
        source="employer",
        version=version_of(inspection_case),
    )
    (media / before["evidence"][0]).write_bytes(b"%PDF-1.4 overwritten")
    assert snapshot(dispute, inspection_case) != before

    call_command("restore", str(tmp_path / "first.tar.gz"), replace=True, verbosity=0)

    assert not DisputeCase.objects.filter(pk=later.pk).exists()
    assert snapshot(dispute, inspection_case) == before
    assert verify_chain().intact
    second = run_backup(tmp_path / "second.tar.gz")
    assert second["counts"] == first["counts"]
    assert second["content_sha256"] == first["content_sha256"]
    assert (
        read_archive(tmp_path / "second.tar.gz")[backup.DATA]
        == read_archive(tmp_path / "first.tar.gz")[backup.DATA]
    )

    # a new server: migrated, nothing in it; restore needs no --replace, and the platform goes on working
    call_command("flush", interactive=False, verbosity=0)
    (media / before["evidence"][0]).unlink()
    call_command("restore", str(tmp_path / "first.tar.gz"), verbosity=0)
    assert snapshot(dispute, inspection_case) == before
    assert run_backup(tmp_path / "third.tar.gz")["content_sha256"] == first["content_sha256"]
    again, _code = apply(workers=1)  # ids and case numbers go on from the restored ones (sequences reset)
    assert again.pk > dispute.pk and DisputeCase.objects.filter(number=again.number).count() == 1
    report = verify_chain()
    assert report.intact and report.checked == Event.objects.count()


@pytest.fixture
def saved(records, tmp_path):
    """(path, members, counts before): a backup of `records`."""
    path = tmp_path / "backup.tar.gz"
    run_backup(path)
    return path, read_archive(path), counts()


def counts():
    return {m._meta.db_table: m._base_manager.count() for m in backup.backed_up_models()}


def assert_refused(path, message, **options):
    before = counts(), list(Event.objects.order_by("id").values_list("digest", flat=True))
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), verbosity=0, **options)
    assert (counts(), list(Event.objects.order_by("id").values_list("digest", flat=True))) == before


def test_a_database_with_records_is_not_restored_into_without_replace(saved, apply):  # noqa: F811 - fixtures imported above
    path, _members, _counts = saved
    later, _code = apply(workers=1)
    assert_refused(path, "already holds records.*--replace")
    assert DisputeCase.objects.filter(pk=later.pk).exists()


def test_altered_data_is_refused_by_its_checksum(saved, tmp_path):
    path, members, _counts = saved
    data = members[backup.DATA].replace(b'"18000.00"', b'"81000.00"', 1)
    assert data != members[backup.DATA]
    write_archive(tmp_path / "altered.tar.gz", {**members, backup.DATA: data}, members["manifest"])
    assert_refused(tmp_path / "altered.tar.gz", "checksum mismatch", replace=True)
    with pytest.raises(CommandError, match="checksum mismatch"):
        call_command("restore", str(tmp_path / "altered.tar.gz"), check=True)


def test_altered_evidence_file_is_refused(saved, tmp_path):
    path, members, _counts = saved
    name = next(n for n in members if n.startswith(backup.MEDIA_PREFIX))
    write_archive(tmp_path / "altered.tar.gz", {**members, name: b"%PDF-1.4 forged"}, members["manifest"])
    assert_refused(tmp_path / "altered.tar.gz", "checksum mismatch for the file", replace=True)


def test_damaged_file_is_refused(saved, tmp_path):
    path, _members, _counts = saved
    raw = path.read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(raw[: len(raw) // 2])
    assert_refused(tmp_path / "cut.tar.gz", "damaged|not a readable", replace=True)
    (tmp_path / "noise.tar.gz").write_bytes(gzip.compress(b"not a tar archive at all" * 100))
    assert_refused(tmp_path / "noise.tar.gz", "not a readable renshe backup", replace=True)


def test_a_backup_from_another_migration_state_is_refused(saved, tmp_path):
    path, members, _counts = saved
    manifest = {**members["manifest"], "migrations": members["manifest"]["migrations"][:-1]}
    write_archive(tmp_path / "older.tar.gz", members, manifest)
    assert_refused(tmp_path / "older.tar.gz", "different migration state", replace=True)


def test_a_file_name_outside_the_media_folder_is_refused(saved, tmp_path):
    path, members, _counts = saved
    manifest = members["manifest"]
    files = [{**manifest["files"][0], "name": "../../escape.pdf"}]
    manifest = {
        **manifest,
        "files": files,
        "content_sha256": backup.content_checksum(manifest["data_sha256"], files),
    }
    write_archive(tmp_path / "escape.tar.gz", members, manifest)
    assert_refused(tmp_path / "escape.tar.gz", "outside the media folder", replace=True)
    assert not (tmp_path / "escape.pdf").exists()


def test_a_consistently_forged_timeline_is_caught_after_loading_and_rolled_back(saved, tmp_path):
    """Someone edits an event and recomputes the file's checksums: the load completes, the hash chain
    check fails, and the transaction takes everything back (the database keeps its records)."""
    path, members, _counts = saved
    lines = members[backup.DATA].splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if b'"model":"core.event"' in line)
    row = json.loads(lines[at])
    row["fields"]["summary"] = "伪造的摘要"
    lines[at] = (json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
    data = b"".join(lines)
    manifest = dict(members["manifest"])
    manifest["data_sha256"] = hashlib.sha256(data).hexdigest()
    manifest["content_sha256"] = backup.content_checksum(manifest["data_sha256"], manifest["files"])
    write_archive(tmp_path / "forged.tar.gz", {**members, backup.DATA: data}, manifest)
    assert_refused(tmp_path / "forged.tar.gz", "hash chain is broken.*rolled back", replace=True)
    assert not Event.objects.filter(summary="伪造的摘要").exists()


def test_backup_order_puts_every_table_after_the_tables_it_points_at():
    order = [m._meta.label_lower for m in backup.backed_up_models()]
    assert order.index("core.organisation") < order.index("core.user") < order.index("core.event")
    assert order.index("disputes.disputecase") < order.index("disputes.disputecase_mediators")
    assert order.index("contenttypes.contenttype") < order.index("auth.permission")
    assert "sessions.session" not in order


def test_a_backup_holds_the_id_and_phone_numbers_encrypted_only(saved):
    path, members, _counts = saved
    people = list(Person.objects.exclude(phone_digest=""))
    assert people
    archive = gzip.decompress(path.read_bytes())  # the whole tar: manifest, data and files
    for person in people:
        assert person.name.encode() in archive
        assert person.id_number.encode() not in archive and person.phone.encode() not in archive
    rows = [json.loads(line) for line in members[backup.DATA].splitlines()]
    stored = [r["fields"] for r in rows if r["model"] == "core.person"]
    assert len(stored) == len(Person.objects.all()) and all(
        protection.is_token(f["id_number"]) for f in stored
    )
    assert members["manifest"]["data_keys"] == [protection.keyring().current.id]


def test_a_backup_is_restored_only_under_the_data_key_it_was_made_under(saved, settings, tmp_path):
    path, members, _counts = saved
    made_under, old = protection.keyring().current.id, settings.RENSHE_DATA_KEY
    settings.RENSHE_DATA_KEY = protection.new_key()
    assert_refused(path, f"data key {made_under}, which this installation does not hold", replace=True)
    with pytest.raises(CommandError, match=f"data key {made_under}"):
        call_command("restore", str(path), check=True)
    # a manifest whose key list was edited is caught by the check of every loaded value, and rolled back
    write_archive(tmp_path / "unlisted.tar.gz", members, {**members["manifest"], "data_keys": []})
    assert_refused(
        tmp_path / "unlisted.tar.gz",
        f"core.person .* encrypted with data key {made_under}.*rolled back",
        replace=True,
    )
    settings.RENSHE_DATA_KEY_PREVIOUS = [old]  # the old key held for decrypting: the backup restores
    call_command("restore", str(path), replace=True, verbosity=0)
    person = Person.objects.exclude(phone_digest="").first()
    assert Person.objects.with_id_number(person.id_number).get().pk == person.pk
