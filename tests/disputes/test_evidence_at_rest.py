"""Evidence at rest (issue 11, finding 12): encrypted under the data key, under a generated name, never
executable, decrypted only to be served, encrypted in backups, and encrypted in place by the migration; an
image that would decompress into too many pixels is refused before it is stored or shown."""

import importlib
import json
import stat
import struct
import tarfile
import zlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from renshe.core import backup, files, protection
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import FileState
from renshe.disputes import services
from renshe.disputes.models import Evidence

CONTRACT = b"%PDF-1.4 labour contract of Yang Fei, ID 11010519491231002X"


def png(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height pixels (its one row of data is all there is: a bomb
    declares what it would decompress to)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 9))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def attach(case, world, content: bytes, name: str, capture):
    with capture(execute=True):  # the file is written once the upload commits
        return services.attach_evidence(
            case,
            by=world.users["zj_centre"],
            upload=SimpleUploadedFile(name, content),
            version=version_of(case),
        )


def test_evidence_is_stored_encrypted_under_a_generated_name_and_served_decrypted(
    world, apply, media, login, django_capture_on_commit_callbacks
):
    case, _ = apply()
    evidence = attach(case, world, CONTRACT, "劳动合同.pdf.html", django_capture_on_commit_callbacks)
    evidence.refresh_from_db()
    assert evidence.file_state == FileState.STORED
    stored = media / evidence.file.name
    assert "劳动合同" not in evidence.file.name and ".html" not in evidence.file.name
    blob = stored.read_bytes()
    assert b"Yang Fei" not in blob and b"11010519491231002X" not in blob and b"%PDF" not in blob
    assert protection.file_key_id(blob) == protection.keyring().current.id
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600  # the server's user's alone; never executable
    download = login("zj_centre").get(f"/disputes/{case.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download.content == CONTRACT


def test_a_stored_file_altered_or_under_a_key_not_held_is_refused(
    world, apply, media, login, settings, django_capture_on_commit_callbacks
):
    case, _ = apply()
    evidence = attach(case, world, CONTRACT, "劳动合同.pdf", django_capture_on_commit_callbacks)
    url = f"/disputes/{case.pk}/evidence/{evidence.pk}/"
    settings.RENSHE_DATA_KEY = protection.new_key()
    assert login("zj_centre").get(url).status_code == 409
    settings.RENSHE_DATA_KEY_PREVIOUS = []
    (media / Evidence.objects.get().file.name).write_bytes(CONTRACT)  # swapped for a plain copy
    assert "无法解密" in login("zj_centre").get(url).content.decode()


def test_backups_keep_evidence_encrypted_and_name_its_key(
    world, apply, media, tmp_path, django_capture_on_commit_callbacks
):
    case, _ = apply()
    evidence = attach(case, world, CONTRACT, "劳动合同.pdf", django_capture_on_commit_callbacks)
    made = backup.make_backup(tmp_path / "backup.tar.gz")
    with tarfile.open(made.path) as tar:
        held = tar.extractfile(backup.MEDIA_PREFIX + Evidence.objects.get(pk=evidence.pk).file.name).read()
        manifest = json.load(tar.extractfile(backup.MANIFEST))
    assert b"Yang Fei" not in held and protection.is_sealed(held)
    assert protection.keyring().current.id in manifest["data_keys"]


def test_a_huge_image_is_refused_before_it_is_stored(world, apply, media):
    case, _ = apply()
    for bomb in (png(20_000, 20_000), png(100_000, 100_000)):  # 400 million pixels; 10 billion
        with pytest.raises(ValidationFailed, match="像素"):
            services.attach_evidence(
                case,
                by=world.users["zj_centre"],
                upload=SimpleUploadedFile("聊天记录.png", bomb),
                version=version_of(case),
            )
    photo = services.attach_evidence(
        case,
        by=world.users["zj_centre"],
        upload=SimpleUploadedFile("工资条.png", png(4000, 3000)),
        version=version_of(case),
    )
    assert list(case.evidence.all()) == [photo]


def test_a_huge_image_stored_before_the_check_is_not_shown(world, apply, media, login):
    case, _ = apply()
    evidence = Evidence.objects.create(
        case=case, name="聊天记录.png", content_type="image/png", size=100, file_state=FileState.STORED
    )
    evidence.file.save("old.png", ContentFile(png(30_000, 30_000)))
    files.seal_files(Evidence)
    answer = login("zj_centre").get(f"/disputes/{case.pk}/evidence/{evidence.pk}/")
    assert answer.status_code == 422 and "像素" in answer.content.decode()


MIGRATION = importlib.import_module("renshe.disputes.migrations.0008_evidence_sealed")


def test_the_migration_encrypts_existing_files_in_place_under_new_names(world, apply, media, login):
    case, _ = apply()
    old = Evidence.objects.create(
        case=case,
        name="工资条.pdf",
        content_type="application/pdf",
        size=len(CONTRACT),
        file_state=FileState.STORED,
    )
    old.file.save("工资条.pdf", ContentFile(CONTRACT))  # as stored before encryption
    plain = media / old.file.name
    MIGRATION.seal_evidence(apps, None)  # the current models stand in for the migration's
    old.refresh_from_db()
    assert not plain.exists() and "工资条" not in old.file.name
    assert protection.is_sealed((media / old.file.name).read_bytes())
    assert login("zj_centre").get(f"/disputes/{case.pk}/evidence/{old.pk}/").content == CONTRACT
    name = old.file.name
    MIGRATION.seal_evidence(apps, None)  # run again: nothing left to do
    old.refresh_from_db()
    assert old.file.name == name
