"""Hostile input through the forms: HTML and script in every text field of a dispute application and an
inspection report, odd Unicode in ID numbers, oversized text, SQL metacharacters in search boxes, and
formula-looking text. The payloads must come back inert everywhere they are shown: the case page, the list
page, the PDF documents and the Excel export."""

import io
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from renshe.core.casework import version_of
from renshe.core.models import Enterprise, Person
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes.documents import agreement_pdf
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ApplicantInput, ItemInput
from renshe.inspection import services as inspection_services
from renshe.inspection.documents import order_pdf
from renshe.inspection.models import InspectionCase, Report
from tests import builders

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = (SCRIPT, "<img src=x onerror=alert(1)>")  # what must never reach a page unescaped
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
SQL = ["' OR '1'='1", '" OR 1=1 --', "'; DROP TABLE core_person; --", "%' UNION SELECT 1 --", "\\", "%_%"]
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ZWSP = "\u200b"


def odd(number: str) -> str:
    """An ID number as a phone keyboard or a copy from a web page may give it: full-width digits with zero-width
    spaces between them and a byte-order mark in front."""
    return "\ufeff" + ZWSP.join(number.translate(FULL_WIDTH))


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without whitespace, so that a payload broken across lines still reads as one."""
    return re.sub(r"\s", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def assert_inert(html: str, *, expect: tuple[str, ...] = ESCAPED):
    for raw in RAW:
        assert raw not in html, f"unescaped {raw!r} on the page"
    for escaped in expect:
        assert escaped in html, f"{escaped!r} not shown"


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response.status_code
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


# --- a dispute application through the counter form ---------------------------------------------


@pytest.fixture
def hostile_dispute(world, login):
    """The counter form at 张江 filled with payloads: a new employer named with one, two applicants named with
    them (ID numbers in full-width digits with zero-width spaces), facts and a claim note with both."""
    rng = random.Random(99)
    ids = [citizen_id(rng), citizen_id(rng)]
    street = world.orgs["street:310115125"]
    client = login("zj_centre")
    data = {
        "centre": world.orgs["zj_centre"].pk,
        "received_on": timezone.localdate().isoformat(),
        "case_type": "remuneration",
        "respondent_credit_code": credit_code(8675),
        "respondent_name": f"{IMG}有限公司",
        "respondent_street": street.pk,
        "facts": f"拖欠工资。{SCRIPT}{IMG}",
        "applicants-TOTAL_FORMS": "2",
        "applicants-INITIAL_FORMS": "0",
        "applicants-0-name": SCRIPT,
        "applicants-0-id_number": odd(ids[0]),
        "applicants-0-representative": "on",
        "applicants-1-name": f'=HYPERLINK("http://x"){IMG}'[:50],
        "applicants-1-id_number": odd(ids[1]),
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-0-claim_type": "unpaid_wages",
        "claims-0-amount": "1234.50",
        "claims-0-note": f"{SCRIPT}{IMG}",
    }
    response = client.post("/disputes/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    case = DisputeCase.objects.get(respondent__credit_code=credit_code(8675))
    return client, case, ids


def test_odd_unicode_in_id_numbers_is_accepted_and_normalised(hostile_dispute):
    _client, case, ids = hostile_dispute
    stored = sorted(a.person.id_number for a in case.applicants.select_related("person"))
    assert stored == sorted(ids)


def test_payloads_are_escaped_on_the_case_page_and_the_list(hostile_dispute):
    client, case, _ids = hostile_dispute
    page = client.get(f"/disputes/{case.pk}/")
    assert page.status_code == 200
    assert_inert(page.content.decode())
    listing = client.get("/disputes/")
    assert listing.status_code == 200 and case.number in listing.content.decode()
    assert_inert(listing.content.decode())


def test_payloads_are_literal_in_the_agreement_pdf(hostile_dispute, world):
    _client, case, _ids = hostile_dispute
    builders.settled(
        world,
        case,
        terms=f"被申请人支付工资。{SCRIPT}",
        items=[ItemInput("unpaid_wages", IMG, Decimal("1234.50"), timezone.localdate() + timedelta(days=10))],
    )
    case.refresh_from_db()
    text = pdf_text(agreement_pdf(case))
    for payload in (SCRIPT, IMG):
        assert squeeze(payload) in text, payload
    assert squeeze(f"{IMG}有限公司") in text  # the respondent's name


def test_payloads_are_literal_in_the_excel_export_and_formulas_are_defused(hostile_dispute, apply):
    client, case, _ids = hostile_dispute
    rng = random.Random(3)
    for name in ("=1+2", "+1", "-1", "@SUM(A1)"):
        apply(applicants=[ApplicantInput(citizen_id(rng), name)])
    rows = sheet_rows(client.get("/disputes/?export=xlsx"))
    header, body = rows[0], rows[1:]
    applicants, respondent = header.index("申请人"), header.index("被申请人")
    ours = next(r for r in body if r[0] == case.number)
    assert SCRIPT in ours[applicants]  # the text as typed, not HTML-escaped
    assert ours[respondent] == f"{IMG}有限公司"
    names = {r[applicants] for r in body}
    for formula in ("=1+2", "+1", "-1", "@SUM(A1)"):
        assert formula not in names and "'" + formula in names, formula
    for row in body:
        for cell in row:
            assert not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@"))), cell


def test_oversized_facts_are_refused_with_a_message_and_nothing_is_written(world, login):
    client = login("zj_centre")
    before = DisputeCase.objects.count(), Person.objects.count(), Enterprise.objects.count()
    response = client.post(
        "/disputes/new/",
        {
            "centre": world.orgs["zj_centre"].pk,
            "received_on": timezone.localdate().isoformat(),
            "case_type": "remuneration",
            "respondent_credit_code": credit_code(8676),
            "respondent_name": "某有限公司",
            "respondent_street": world.orgs["street:310115125"].pk,
            "facts": "欠" * 5001,
            "applicants-TOTAL_FORMS": "1",
            "applicants-INITIAL_FORMS": "0",
            "applicants-0-name": "张三" * 30,  # over 50 characters too
            "applicants-0-id_number": citizen_id(random.Random(1)),
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-0-claim_type": "unpaid_wages",
            "claims-0-amount": "100",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "5000" in html and "50" in html  # Django's "at most N characters", in Chinese
    assert (DisputeCase.objects.count(), Person.objects.count(), Enterprise.objects.count()) == before


def test_oversized_text_through_the_api_is_a_422_with_a_message(api, world):
    response = api("pt_admin").post(
        "/api/v1/people",
        {"name": "张" * 51, "id_number": citizen_id(random.Random(2))},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == "name" and body["errors"][0]["message"]
    assert not Person.objects.filter(name="张" * 51).exists()


# --- an inspection report through the counter form ------------------------------------------------


@pytest.fixture
def hostile_report(world, login):
    rng = random.Random(77)
    ids = [citizen_id(rng), citizen_id(rng)]
    client = login("fx_inspector")
    street = world.orgs["street:310120101"]
    data = {
        "brigade": world.orgs["fx_brigade"].pk,
        "kind": "complaint",
        "channel": "counter",
        "external_reference": SCRIPT,
        "received_on": timezone.localdate().isoformat(),
        "reporter_name": SCRIPT,
        "reporter_id_number": odd(ids[0]),
        "reporter_contact": IMG,
        "respondent_credit_code": credit_code(9123),
        "respondent_name": f"{SCRIPT}有限公司",
        "respondent_street": street.pk,
        "content": f"拖欠工资。{SCRIPT}{IMG}",
        "workers-TOTAL_FORMS": "2",
        "workers-INITIAL_FORMS": "0",
        "workers-0-name": IMG,
        "workers-0-id_number": odd(ids[1]),
        "workers-0-first_month": "2026-04",
        "workers-0-last_month": "2026-05",
        "workers-0-monthly": "5200.00",
    }
    response = client.post("/inspection/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = Report.objects.get(respondent__credit_code=credit_code(9123))
    return client, report.case, ids


def test_inspection_report_ids_are_normalised(hostile_report):
    _client, case, ids = hostile_report
    stored = {c.worker.id_number for c in case.claims.select_related("worker")}
    assert ids[1] in stored and Person.objects.with_id_number(ids[0]).get().id_number == ids[0]


def test_inspection_payloads_are_escaped_on_the_case_page_and_the_list(hostile_report):
    client, case, _ids = hostile_report
    page = client.get(f"/inspection/{case.pk}/")
    assert page.status_code == 200
    assert_inert(page.content.decode())
    listing = client.get("/inspection/")
    assert listing.status_code == 200 and case.number in listing.content.decode()
    assert_inert(listing.content.decode(), expect=ESCAPED[:1])  # the list shows the respondent's name


def test_inspection_payloads_are_literal_in_the_order_pdf(hostile_report, world):
    _client, case, _ids = hostile_report
    u = world.users
    pair = [u["fx_inspector"], u["fx_inspector2"]]
    today = timezone.localdate()
    case = inspection_services.accept_case(
        case, by=u["fx_inspector"], filed_on=case.received_on, version=version_of(case)
    )
    case = inspection_services.assign_inspectors(
        case, by=u["fx_inspector"], inspectors=pair, version=version_of(case)
    )
    inspection_services.record_investigation(
        case,
        by=u["fx_inspector"],
        kind="inquiry",
        held_on=today,
        place=IMG,
        inspectors=pair,
        persons_present=SCRIPT,
        content=SCRIPT,
        version=version_of(case),
    )
    order = inspection_services.issue_rectification_order(
        InspectionCase.objects.get(pk=case.pk),
        by=u["fx_inspector"],
        issued_on=today,
        deadline=today + timedelta(days=10),
        requirements=f"限期支付。{SCRIPT}{IMG}",
        version=version_of(InspectionCase.objects.get(pk=case.pk)),
    )
    text = pdf_text(order_pdf(order))
    for payload in (SCRIPT, IMG, f"{SCRIPT}有限公司"):
        assert squeeze(payload) in text, payload


def test_inspection_export_is_literal(hostile_report):
    client, case, _ids = hostile_report
    rows = sheet_rows(client.get("/inspection/?export=xlsx"))
    ours = next(r for r in rows[1:] if r[0] == case.number)
    assert f"{SCRIPT}有限公司" in ours


# --- search boxes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/disputes/", "/inspection/", "/enterprises/", "/people/", "/api/v1/people", "/api/v1/enterprises"],
)
def test_sql_metacharacters_in_search_boxes_are_just_text(url, login, world, apply):
    apply()
    client = login("admin")
    for q in SQL:
        response = client.get(url, {"q": q})
        assert response.status_code == 200, (q, response.status_code)
        if url.startswith("/api/"):
            assert response.json()["count"] == 0, q  # matched as text, not as SQL: nothing has these names
    assert DisputeCase.objects.exists() and Person.objects.exists()


@pytest.mark.parametrize(
    "url", ["/disputes/", "/inspection/", "/enterprises/", "/people/", "/api/v1/enterprises"]
)
def test_a_nul_character_in_a_search_box_is_just_text(url, login, world):
    """PostgreSQL refuses NUL in text parameters (DataError); a search containing one must still answer."""
    response = login("admin").get(url, {"q": "上海\x00有限公司"})
    assert response.status_code in (200, 400), response.status_code
