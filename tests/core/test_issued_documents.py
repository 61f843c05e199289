"""Issued documents are frozen (core.issuing), and files go to storage only after commit (core.files):
a download serves the file as issued, whatever the case says today; a correction is a new version naming
the one it replaces; nothing is written for a rollback; a write that storage refuses is retried, then
marked, logged and told, and its download says so instead of failing.

The test client runs inside the test's transaction, whose commit never comes: `committed()` runs the
effects that wait for it, as the real commit at the end of each service would."""

import hashlib
import logging
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from renshe.core import issuing, protection
from renshe.core.casework import version_of
from renshe.core.errors import PermissionDenied
from renshe.core.models import Enterprise, Event, FileState, IssuedDocument
from renshe.core.subjects import subject_of
from renshe.disputes import services as disputes
from renshe.disputes.demo import LiveCases
from renshe.disputes.documents import AGREEMENT, agreement_pdf
from renshe.disputes.models import DisputeCase, Evidence
from renshe.disputes.services import ItemInput
from renshe.messaging.models import Message


class FailingStorage(FileSystemStorage):
    """A storage that refuses every write, as a full disk or an unreachable object store would."""

    writes = 0

    def _save(self, name, content):
        type(self).writes += 1
        raise OSError("storage unavailable")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def failing_storage(settings):
    FailingStorage.writes = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FailingStorage"},
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def applied(world):
    """An application at 张江's centre, which takes evidence."""
    return LiveCases(world, random.Random(6)).apply(0)


@pytest.fixture
def settled(world):
    """A case of 张江's centre settled three days ago, with its mediation agreement."""
    live = LiveCases(world, random.Random(5))
    case = live.mediate(live.apply(15))
    today = timezone.localdate()
    disputes.settle_dispute(
        case,
        by=world.users["zj_centre"],
        signed_on=today - timedelta(days=3),
        terms="被申请人分两期支付拖欠工资。",
        version=case.version,
        items=[ItemInput("unpaid_wages", "支付拖欠工资", Decimal("16800"), today - timedelta(days=1))],
    )
    return DisputeCase.objects.get(pk=case.pk)


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rename_respondent(case: DisputeCase, name: str) -> None:
    """Today's data changes after issue: the agreement would now print another employer's name."""
    Enterprise.objects.filter(pk=case.respondent_id).update(name=name)


def test_a_download_after_the_case_changes_serves_the_document_as_issued(login, settled, media, committed):
    client = login("zj_centre")
    url = f"/disputes/{settled.pk}/agreement.pdf"
    with committed():
        first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    document = IssuedDocument.objects.get()
    assert (document.version, document.file_state, document.issued_by.username) == (1, "stored", "zj_centre")
    assert document.sha256 == sha256(first.content) and document.template_version == AGREEMENT.version
    stored = (media / document.file.name).read_bytes()  # encrypted at rest (core.files)
    assert protection.unseal(stored, "core.issueddocument.file") == first.content != stored

    rename_respondent(settled, "上海改名以后有限公司")
    assert agreement_pdf(settled) != first.content  # a rendering of today's data differs …
    again = client.get(url)
    assert again.content == first.content  # … but the download is the document as issued
    assert client.get(f"/documents/{document.pk}.pdf").content == first.content
    assert IssuedDocument.objects.count() == 1  # downloading again issues nothing


def test_correcting_issues_v2_naming_v1_and_both_stay_downloadable(login, world, settled, media, committed):
    client = login("zj_centre")
    with committed():
        v1_bytes = client.get(f"/disputes/{settled.pk}/agreement.pdf").content
    v1 = IssuedDocument.objects.get()
    page = client.get(f"/disputes/{settled.pk}/").content.decode()
    assert page.count('data-testid="correct-document"') == 1 and 'data-version="1"' in page

    rename_respondent(settled, "上海更正以后有限公司")
    with committed():
        response = client.post(f"/documents/{v1.pk}/correct/", {"reason": "被申请人名称有误"})
    assert response.status_code == 302 and response["Location"] == f"/disputes/{settled.pk}/"
    v2 = IssuedDocument.objects.get(version=2)
    assert (v2.replaces, v2.reason, v2.file_state, v2.issued_by) == (
        v1,
        "被申请人名称有误",
        "stored",
        v1.issued_by,
    )

    v2_bytes = client.get(f"/documents/{v2.pk}.pdf").content
    assert v2_bytes != v1_bytes and sha256(v2_bytes) == v2.sha256
    assert client.get(f"/documents/{v1.pk}.pdf").content == v1_bytes  # the corrected version stays
    assert client.get(f"/disputes/{settled.pk}/agreement.pdf").content == v2_bytes  # the current one

    page = client.get(f"/disputes/{settled.pk}/").content.decode()
    assert 'data-version="1"' in page and 'data-version="2"' in page and "被申请人名称有误" in page
    assert page.count('data-testid="correct-document"') == 1  # only the latest version is corrected

    events = Event.objects.filter(**subject_of(settled), verb="document.issued").order_by("subject_seq")
    assert [(e.changes["version"], e.changes["sha256"], e.changes["replaces"]) for e in events] == [
        (1, v1.sha256, None),
        (2, v2.sha256, 1),
    ]
    assert all(e.changes["kind"] == "disputes.agreement" for e in events)

    # a stale correction (of v1, corrected already) is refused and issues nothing
    stale = client.post(f"/documents/{v1.pk}/correct/", {"reason": "再次更正"}, follow=True)
    assert "该文书已有更新的版本" in stale.content.decode() and IssuedDocument.objects.count() == 2
    # only staff who may act on the case correct it; others in scope may read it, outside scope is 404
    with pytest.raises(PermissionDenied):
        issuing.issue_document(settled, AGREEMENT, by=world.users["zj_arbitrator"], replaces=v2, reason="x")
    assert login("pt_caoyang").get(f"/documents/{v2.pk}.pdf").status_code == 404
    assert login("pt_caoyang").post(f"/documents/{v2.pk}/correct/", {"reason": "x"}).status_code == 404


def test_a_rolled_back_transaction_writes_no_file(world, settled, applied, media, committed):
    with committed() as effects, pytest.raises(RuntimeError), transaction.atomic():
        issuing.issue_document(settled, AGREEMENT, by=world.users["zj_centre"])
        disputes.attach_evidence(
            applied,
            by=world.users["zj_centre"],
            upload=SimpleUploadedFile("工资条.pdf", b"%PDF-1.4 slip", content_type="application/pdf"),
            version=version_of(applied),
        )
        raise RuntimeError("the caller's transaction fails after the issue")
    assert effects == [] and files_in(media) == []
    assert not IssuedDocument.objects.exists() and not Evidence.objects.exists()
    assert not Event.objects.filter(**subject_of(settled), verb="document.issued").exists()


@pytest.mark.django_db(transaction=True)  # real commits: the write runs within the first download
def test_a_write_storage_refuses_is_retried_marked_logged_told_and_explained(
    login, world, settled, media, failing_storage, caplog
):
    client = login("zj_centre")
    url = f"/disputes/{settled.pk}/agreement.pdf"
    with caplog.at_level(logging.ERROR):
        first = client.get(url)
    assert FailingStorage.writes == 3  # retried
    document = IssuedDocument.objects.get()
    assert document.file_state == FileState.FAILED and files_in(media) == []
    assert any(r.levelno == logging.ERROR and "file not stored" in r.getMessage() for r in caplog.records)
    told = Message.objects.get(recipient=world.users["zj_centre"], kind="file_not_stored")
    assert settled.number in told.title and told.url == f"/disputes/{settled.pk}/"
    for response in (first, client.get(url), client.get(f"/documents/{document.pk}.pdf")):
        assert response.status_code == 410 and "未能保存到存储中" in response.content.decode()
    assert "未能保存" in client.get(f"/disputes/{settled.pk}/").content.decode()  # on the case page


def test_a_file_altered_in_storage_is_refused(login, settled, media, committed, caplog):
    client = login("zj_centre")
    with committed():
        client.get(f"/disputes/{settled.pk}/agreement.pdf")
    document = IssuedDocument.objects.get()
    # forged by someone holding the data key (without it, the file does not decrypt: refused all the same)
    (media / document.file.name).write_bytes(protection.seal(b"%PDF-1.4 forged", "core.issueddocument.file"))
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/documents/{document.pk}.pdf")
    assert response.status_code == 409 and "校验值（SHA-256）不符" in response.content.decode()
    assert b"forged" not in response.content
    assert any("file altered in storage" in r.getMessage() for r in caplog.records)


def test_evidence_lands_in_storage_only_after_commit(api, login, applied, media, committed):
    client = api("zj_centre")
    slip = b"%PDF-1.7 pay slip"
    with committed():
        response = client.post(
            f"/api/v1/disputes/{applied.pk}/evidence",
            {
                "file": SimpleUploadedFile("工资条.pdf", slip, content_type="application/pdf"),
                "version": applied.version,
            },
        )
        assert response.status_code == 201 and response.json()["file_state"] == "pending"
        assert files_in(media) == []  # the row is written; its file waits for the commit
        evidence = Evidence.objects.get()
        page = login("zj_centre").get(f"/disputes/{applied.pk}/evidence/{evidence.pk}/")
        assert page.status_code == 503 and "正在保存" in page.content.decode()
    evidence.refresh_from_db()
    assert evidence.file_state == "stored" and evidence.sha256 == sha256(slip)
    assert protection.unseal((media / evidence.file.name).read_bytes(), "disputes.evidence.file") == slip
    assert login("zj_centre").get(f"/disputes/{applied.pk}/evidence/{evidence.pk}/").content == slip


def test_evidence_storage_refuses_is_marked_and_told(
    api, login, world, applied, media, failing_storage, committed
):
    with committed():
        api("zj_centre").post(
            f"/api/v1/disputes/{applied.pk}/evidence",
            {
                "file": SimpleUploadedFile("合同.pdf", b"%PDF-1.7 contract", content_type="application/pdf"),
                "version": applied.version,
            },
        )
    evidence = Evidence.objects.get()
    assert evidence.file_state == "failed" and FailingStorage.writes == 3
    assert Message.objects.filter(recipient=world.users["zj_centre"], kind="file_not_stored").exists()
    response = login("zj_centre").get(f"/disputes/{applied.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 410 and "未能保存到存储中" in response.content.decode()
