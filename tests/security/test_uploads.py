"""Hostile uploads: files whose name or declared type lies about their content, empty and oversized files,
names that try to leave the media folder, and request bodies larger than any valid application. A refused
file must get a readable answer and write nothing: no evidence row, no timeline event, no new case
version, no file left in storage."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renshe.core import files, protection
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import Event
from renshe.disputes import services
from renshe.disputes.models import DisputeCase, Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MB10 = services.EVIDENCE_MAX_BYTES
SIGNATURES = [mark for marks in services.EVIDENCE_SIGNATURES.values() for mark in marks]


# --- the rule itself, over arbitrary bytes ---------------------------------------------------------


class Upload:
    """Just what check_evidence reads: a size and a file to read the head of."""

    def __init__(self, content: bytes, size: int | None = None):
        from io import BytesIO

        self._file = BytesIO(content)
        self.size = len(content) if size is None else size

    def read(self, n: int) -> bytes:
        return self._file.read(n)

    def seek(self, n: int) -> None:
        self._file.seek(n)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(head=st.sampled_from([b"", *SIGNATURES]), rest=st.binary(max_size=48))
def test_a_file_is_accepted_exactly_when_its_first_bytes_are_a_pdf_png_or_jpeg(head, rest):
    content = head + rest
    upload = Upload(content)
    accepted = any(content.startswith(mark) for mark in SIGNATURES)
    try:
        kind = services.check_evidence(upload)
    except ValidationFailed as refused:
        assert not accepted and refused.field == "file" and "按文件内容判断" in refused.message
    else:
        assert accepted and content.startswith(services.EVIDENCE_SIGNATURES[kind])
    assert upload.read(len(content)) == content  # the file is left readable from its start


def test_the_size_cap_is_exact():
    assert services.check_evidence(Upload(PDF, size=MB10)) == "application/pdf"
    with pytest.raises(ValidationFailed, match="10MB"):
        services.check_evidence(Upload(PDF, size=MB10 + 1))


# --- through the API --------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def state(case: DisputeCase, folder: Path):
    case.refresh_from_db()
    return case.version, Evidence.objects.count(), Event.objects.count(), files_under(folder)


REFUSED = [
    # (what it is, file name, declared type, content)
    ("a Windows executable named as a contract", "劳动合同.pdf", "application/pdf", b"MZ\x90\x00\x03" * 20),
    ("an HTML page with a script, named as a photo", "工资条.png", "image/png", b"<html><script>alert(1)"),
    ("an SVG image (it can carry script)", "聊天.svg", "image/svg+xml", b'<svg onload="alert(1)"/>'),
    ("a GIF", "考勤.gif", "image/gif", b"GIF89a\x01\x00\x01\x00"),
    ("a Word document (a zip)", "说明.docx", "application/pdf", b"PK\x03\x04" + b"\x00" * 40),
    ("an empty file", "空白.pdf", "application/pdf", b""),
    ("a PDF signature not at the start", "x.pdf", "application/pdf", b" %PDF-1.4"),
]


@pytest.mark.parametrize("what,name,declared,content", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_written(
    api, apply, media, what, name, declared, content
):
    case, _ = apply()
    client = api("zj_centre")
    before = state(case, media)
    upload = SimpleUploadedFile(name, content, content_type=declared)
    response = client.post(
        f"/api/v1/disputes/{case.pk}/evidence", {"file": upload, "version": version_of(case)}
    )
    assert response.status_code == 422, what
    assert response.json() == {"detail": "只接受PDF、PNG或JPEG文件（按文件内容判断）", "field": "file"}
    assert state(case, media) == before


def test_a_file_one_byte_over_10_mb_is_refused_and_one_of_exactly_10_mb_is_kept(
    api, apply, media, django_capture_on_commit_callbacks
):
    case, _ = apply()
    client = api("zj_centre", language="en")
    before = state(case, media)
    big = SimpleUploadedFile("扫描件.pdf", PDF + b"0" * (MB10 + 1 - len(PDF)), content_type="application/pdf")
    response = client.post(f"/api/v1/disputes/{case.pk}/evidence", {"file": big, "version": version_of(case)})
    assert response.status_code == 422 and response.json()["field"] == "file"
    assert "10 MB" in response.json()["detail"] or "10MB" in response.json()["detail"]
    assert state(case, media) == before
    exact = SimpleUploadedFile("扫描件.pdf", PDF + b"0" * (MB10 - len(PDF)), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):  # stored once the upload commits
        response = client.post(
            f"/api/v1/disputes/{case.pk}/evidence", {"file": exact, "version": version_of(case)}
        )
        assert response.status_code == 201
    (kept,) = files_under(media)  # encrypted at rest (core.files): the content is exactly 10 MB
    assert len(protection.unseal(kept.read_bytes(), "disputes.evidence.file")) == MB10


def test_a_name_that_climbs_out_of_the_media_folder_is_stored_inside_it(
    api, apply, media, django_capture_on_commit_callbacks
):
    case, _ = apply()
    client = api("zj_centre")
    hostile = SimpleUploadedFile("../../../../etc/cron.d/证据.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/disputes/{case.pk}/evidence", {"file": hostile, "version": version_of(case)}
        )
        assert response.status_code == 201
    (stored,) = files_under(media)
    assert stored.resolve().is_relative_to(media.resolve() / "disputes" / "evidence")
    assert ".." not in Evidence.objects.get().file.name


def test_a_very_long_name_is_cut_to_fit_not_refused_with_an_error(
    api, apply, media, django_capture_on_commit_callbacks
):
    case, _ = apply()
    client = api("zj_centre")
    long = SimpleUploadedFile("工资" * 150 + ".pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/disputes/{case.pk}/evidence", {"file": long, "version": version_of(case)}
        )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    assert len(evidence.name) <= 120 and files.content(evidence) == PDF


def test_a_page_dressed_as_a_pdf_is_served_back_as_a_pdf_never_as_a_page(
    api, apply, login, media, django_capture_on_commit_callbacks
):
    """A polyglot that starts like a PDF is accepted as one; it must then be served with the type decided
    from its content, never sniffed by the browser into HTML."""
    case, _ = apply()
    polyglot = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>"
    upload = SimpleUploadedFile("报告.html", polyglot, content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        response = api("zj_centre").post(
            f"/api/v1/disputes/{case.pk}/evidence", {"file": upload, "version": version_of(case)}
        )
    assert response.status_code == 201 and response.json()["content_type"] == "application/pdf"
    served = login("zj_centre").get(f"/disputes/{case.pk}/evidence/{response.json()['id']}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in served["Content-Security-Policy"]
    assert served.content == polyglot


def test_more_files_than_an_application_may_carry_are_refused_with_nothing_written(world, apply, media):
    files = [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(services.EVIDENCE_MAX_FILES + 1)]
    cases = DisputeCase.objects.count()
    with pytest.raises(ValidationFailed, match=str(services.EVIDENCE_MAX_FILES)):
        apply(evidence=files)
    assert DisputeCase.objects.count() == cases and files_under(media) == set()


# --- a body larger than any valid request ----------------------------------------------------------


def test_the_request_ceiling_admits_the_largest_valid_application():
    from django.conf import settings as django_settings

    largest = services.EVIDENCE_MAX_FILES * services.EVIDENCE_MAX_BYTES
    assert largest < django_settings.RENSHE_MAX_REQUEST_BYTES


@pytest.mark.parametrize("path", ["/portal/apply/", "/api/v1/disputes", "/disputes/new/"])
def test_a_body_over_the_ceiling_is_refused_before_it_is_read(client, world, settings, media, path):
    """The declared length decides: the body is never read, so a client cannot fill the disk with it."""
    settings.RENSHE_MAX_REQUEST_BYTES = 2**20
    cases = DisputeCase.objects.count()
    body = {"facts": "x" * 2**20, "evidence": SimpleUploadedFile("a.pdf", PDF)}
    response = client.post(path, body, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 413
    text = response.json()["detail"] if path.startswith("/api/") else response.content.decode()
    assert "超过了1MB的上限" in text
    assert DisputeCase.objects.count() == cases and files_under(media) == set()
