"""A case's official documents over the API (issue 14, part 3), declared once in the kernel
(core.api.CaseApi.documents) for both modules: listed with every version issued (kind, number, version,
SHA-256, issued at, URL), downloaded with a bearer token as issued — the bytes hash to the listed SHA-256 —,
each download in the access log as the web's are, and the case's scope: 404 outside it."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.audit.models import AccessKind, AccessRecord
from renshe.core import issuing
from renshe.disputes.documents import AGREEMENT
from renshe.disputes.services import ItemInput
from tests import builders

# expiries, windows and received dates are counted from today, wherever it falls
pytestmark = pytest.mark.clock


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def settled_case(world):
    today = timezone.localdate()
    agreement = builders.settled(
        world,
        builders.applied(world, received_on=today - timedelta(days=5)),
        items=[ItemInput("unpaid_wages", "工资", Decimal("18000.00"), today + timedelta(days=10))],
    )
    return agreement.case


@pytest.fixture
def ordered_case(world):
    today = timezone.localdate()
    case = builders.registered(world, serial=41, received_on=today - timedelta(days=40))
    case = builders.filed(world, case, on=today - timedelta(days=39), inquiry_on=today - timedelta(days=35))
    order = builders.served_order(world, case, issued_on=today - timedelta(days=25), deadline=today)
    return case, order


def download(client, url: str, django_capture_on_commit_callbacks):
    # the file goes to storage after commit (core.files), which the test's transaction never reaches
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url)


def downloads(username: str) -> list[str]:
    records = AccessRecord.objects.filter(kind=AccessKind.DOWNLOAD, username=username)
    return [record.detail["filename"] for record in records.order_by("id")]


def test_a_case_document_is_listed_issued_on_its_first_download_and_served_as_listed(
    world, api, settled_case, django_capture_on_commit_callbacks
):
    client, base = api("zj_centre"), f"/api/v1/disputes/{settled_case.pk}/documents"
    before = client.get(base).json()
    assert before["count"] == 1
    (row,) = before["items"]
    assert row["kind"] == "disputes.agreement" and row["number"] == settled_case.number
    assert row["version"] is None and row["sha256"] is None  # not issued yet: its first download issues it

    first = download(client, row["url"], django_capture_on_commit_callbacks)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    pdf = first.content
    assert pdf.startswith(b"%PDF")
    assert downloads("zj_centre") == [f"调解协议书-{settled_case.number}.pdf"]

    (issued,) = client.get(base).json()["items"]
    assert issued["version"] == 1 and issued["issued_at"]
    assert issued["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert issued["url"].endswith("?version=1")
    again = client.get(issued["url"])
    assert again.status_code == 200 and again.content == pdf  # as issued, not rendered again
    assert len(downloads("zj_centre")) == 2


def test_every_version_of_a_corrected_document_is_listed_and_served(
    world, api, settled_case, django_capture_on_commit_callbacks
):
    centre = world.users["zj_centre"]
    with django_capture_on_commit_callbacks(execute=True):
        first = issuing.issue_document(settled_case, AGREEMENT, by=centre)
    with django_capture_on_commit_callbacks(execute=True):
        issuing.issue_document(settled_case, AGREEMENT, by=centre, replaces=first, reason="金额笔误")
    client = api("zj_centre")
    rows = client.get(f"/api/v1/disputes/{settled_case.pk}/documents").json()["items"]
    assert [(r["version"], r["replaces"], r["reason"]) for r in rows] == [(1, None, ""), (2, 1, "金额笔误")]
    for row in rows:
        body = client.get(row["url"]).content
        assert hashlib.sha256(body).hexdigest() == row["sha256"]


def test_outside_the_case_scope_documents_are_404(
    world, api, settled_case, django_capture_on_commit_callbacks
):
    own = api("zj_centre")
    url = own.get(f"/api/v1/disputes/{settled_case.pk}/documents").json()["items"][0]["url"]
    stranger = api("pt_caoyang")
    assert stranger.get(f"/api/v1/disputes/{settled_case.pk}/documents").status_code == 404
    assert download(stranger, url, django_capture_on_commit_callbacks).status_code == 404
    assert downloads("pt_caoyang") == []
    base = f"/api/v1/disputes/{settled_case.pk}/documents"
    assert own.get(f"{base}/disputes.award/{settled_case.pk}").status_code == 404  # no award yet
    assert own.get(f"{base}/nonsense/{settled_case.pk}").status_code == 404
    assert own.get(f"{url}?version=7").status_code == 404  # never issued


def test_without_a_token_the_answer_is_401(client, settled_case):
    answer = client.get(f"/api/v1/disputes/{settled_case.pk}/documents")
    assert answer.status_code == 401


def test_an_inspection_order_and_its_receipt_over_the_api(
    world, api, ordered_case, django_capture_on_commit_callbacks
):
    case, order = ordered_case
    client, base = api("fx_inspector"), f"/api/v1/inspection/{case.pk}/documents"
    rows = client.get(base).json()["items"]
    assert {(r["kind"], r["subject_id"], r["number"]) for r in rows} == {
        ("inspection.order", order.pk, order.number),
        ("inspection.order.receipt", order.pk, order.number),
    }
    order_row = next(r for r in rows if r["kind"] == "inspection.order")
    pdf = download(client, order_row["url"], django_capture_on_commit_callbacks).content
    issued = next(r for r in client.get(base).json()["items"] if r["kind"] == "inspection.order")
    assert issued["version"] == 1 and issued["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert downloads("fx_inspector") == [f"限期改正指令书-{order.number}.pdf"]

    outsider = api("zj_centre")
    assert outsider.get(base).status_code == 404
    assert outsider.get(issued["url"]).status_code == 404
    assert downloads("zj_centre") == []


def test_the_document_describes_the_pdf(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for module in ("disputes", "inspection"):
        assert "get" in paths[f"/api/v1/{module}/{{pk}}/documents"]
        answer = paths[f"/api/v1/{module}/{{pk}}/documents/{{document_kind}}/{{subject_id}}"]["get"][
            "responses"
        ]
        assert "application/pdf" in answer["200"]["content"] and "404" in answer
