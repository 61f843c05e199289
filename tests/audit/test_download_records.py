"""Every file a signed-in user takes out — an Excel export with its filters, a PDF — is an access record."""

import pytest

from renshe.audit.middleware import attachment_filename
from renshe.audit.models import AccessKind, AccessRecord


def test_an_export_is_recorded_with_the_filters_it_was_taken_with(login, world):
    client = login("fx_admin")
    response = client.get(
        "/inspection/", {"status": "filed", "received_from": "2026-01-01", "export": "xlsx"}
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    record = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD)
    assert record.user.username == "fx_admin" and record.organisation == world.orgs["fx"]
    assert record.path == "/inspection/"
    assert record.detail == {
        "filename": "劳动保障监察案件.xlsx",
        "query": {"status": "filed", "received_from": "2026-01-01", "export": "xlsx"},
    }
    assert (
        record.describe() == "文件：劳动保障监察案件.xlsx；查询条件：status=filed，received_from=2026-01-01"
    )


def test_a_pdf_opened_in_the_browser_is_recorded(login, order):
    response = login("fx_inspector").get(f"/inspection/documents/order/{order.pk}.pdf")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    record = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD)
    assert record.detail["filename"] == f"限期改正指令书-{order.number}.pdf"
    assert record.user.username == "fx_inspector"


def test_pages_refusals_and_anonymous_visitors_leave_no_download_record(login, client, order):
    login("fx_inspector").get("/inspection/")
    login("pt_admin").get(f"/inspection/documents/order/{order.pk}.pdf")  # out of scope: 404
    client.get(f"/inspection/documents/order/{order.pk}.pdf")  # anonymous: to the login page
    assert not AccessRecord.objects.filter(kind=AccessKind.DOWNLOAD).exists()


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("attachment; filename*=UTF-8''%E6%A1%88%E4%BB%B6.xlsx", "案件.xlsx"),
        ('inline; filename="slip.pdf"', "slip.pdf"),
        ("attachment; filename=plain.txt", "plain.txt"),
        ("attachment; filename=\"a.pdf\"; filename*=UTF-8''b%20c.pdf", "b c.pdf"),
        ("inline", ""),
    ],
)
def test_the_file_name_is_read_from_content_disposition(header, name):
    assert attachment_filename(header) == name
