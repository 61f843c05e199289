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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from renshe.core import identity
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import Enterprise, Person
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes.documents import agreement_pdf
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ApplicantInput, ItemInput
from renshe.inspection import services as inspection_services
from renshe.inspection.documents import order_pdf
from renshe.inspection.models import InspectionCase, Report
from tests import builders
from tests.portal.conftest import fresh_throttle  # noqa: F401 - autouse: the portal's budgets start afresh

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


@pytest.mark.parametrize("url", ["/disputes/", "/inspection/", "/enterprises/", "/people/"])
def test_a_nul_character_in_a_search_box_is_just_text(url, login, world):
    """PostgreSQL refuses NUL in text parameters (DataError); a search containing one must still answer (the
    API refuses it: test_a_nul_character_in_a_query_is_a_422_naming_the_parameter)."""
    response = login("admin").get(url, {"q": "上海\x00有限公司"})
    assert response.status_code in (200, 400), response.status_code


# --- ID numbers, credit codes and phones in other scripts' digits ------------------------------------

# 0–9 in scripts whose digits str.isdigit() and int() accept, and forms NFKC folds into ASCII: each would make
# one real number into another person
OTHER_DIGITS = {
    "Arabic-Indic": "٠١٢٣٤٥٦٧٨٩",
    "Extended Arabic-Indic": "۰۱۲۳۴۵۶۷۸۹",
    "Devanagari": "०१२३४५६७८९",
    "Thai": "๐๑๒๓๔๕๖๗๘๙",
    "Bengali": "০১২৩৪৫৬৭৮৯",
    "mathematical bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
}


def written_in(number: str, digits: str, first: int = 17) -> str:
    """`number` with its first `first` characters' digits in another script (its check digit left alone)."""
    return number[:first].translate(str.maketrans("0123456789", digits)) + number[first:]


@pytest.fixture
def portal_application(world):
    """portal_application(**overrides) -> POST data of a valid application on the public portal."""
    firm = world.orgs["street:310115125"].enterprises.order_by("pk").first()

    def _data(**overrides) -> dict:
        data = {
            "centre": world.orgs["zj_centre"].pk,
            "name": "王小明",
            "id_number": citizen_id(random.Random(31)),
            "phone": "13812345678",
            "credit_code": firm.credit_code,
            "employer_name": firm.name,
            "street": world.orgs["street:310115125"].pk,
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-0-claim_type": "unpaid_wages",
            "claims-0-amount": "18000",
            "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
            "consent": "on",
        }
        return data | overrides

    return _data


@pytest.mark.parametrize("script", list(OTHER_DIGITS))
def test_one_id_written_with_other_digits_is_refused_not_a_second_person(script, world, portal_application):
    """The same real ID applied with twice, once in ASCII and once in another script's digits: the second is
    refused on its field with a message naming the character, and there is still one person."""
    number = citizen_id(random.Random(31))
    first = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post("/portal/apply/", portal_application())
    assert first.status_code == 302
    people = Person.objects.count()
    again = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post(
        "/portal/apply/", portal_application(id_number=written_in(number, OTHER_DIGITS[script]))
    )
    assert again.status_code == 200
    errors = again.context["form"].errors["id_number"]
    assert "0–9" in errors[0] and OTHER_DIGITS[script][int(number[0])] in errors[0]
    assert Person.objects.count() == people and Person.objects.with_id_number(number).count() == 1


def test_other_digits_are_refused_in_every_identity_number():
    one = citizen_id(random.Random(32))
    for digits in OTHER_DIGITS.values():
        with pytest.raises(ValidationFailed, match="0–9"):
            identity.parse_citizen_id(written_in(one, digits, 6))
        with pytest.raises(ValidationFailed, match="0–9"):
            identity.parse_credit_code(written_in(credit_code(8677), digits, 8))
        with pytest.raises(ValidationFailed, match="0–9"):
            identity.parse_phone(written_in("13812345678", digits, 11))
    with pytest.raises(ValidationFailed, match="Х"):  # Cyrillic Ha, which looks like X
        identity.parse_citizen_id("11010519491231002Х")
    with pytest.raises(ValidationFailed, match="①"):  # NFKC would have folded it into 1
        identity.parse_citizen_id("①" + one[1:])


def test_full_width_digits_and_letters_and_a_lower_case_x_are_the_same_number():
    number = next(n for n in (citizen_id(random.Random(seed)) for seed in range(200)) if n.endswith("X"))
    for typed in (
        number.translate(FULL_WIDTH),
        number[:-1] + "x",
        odd(number),
        f" {number[:6]}-{number[6:]} ",
    ):
        assert identity.parse_citizen_id(typed).number == number
    code = credit_code(8678)
    full = code.translate(
        str.maketrans(
            "0123456789ABCDEFGHJKLMNPQRTUWXY",
            "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ",
        )
    )
    assert identity.parse_credit_code(full) == identity.parse_credit_code(code.lower()) == code
    assert (
        identity.parse_phone("１３８ １２３４ ５６７８")
        == identity.parse_phone("+86 138-1234-5678")
        == "13812345678"
    )


def test_names_lose_bidirectional_controls_and_zero_width_characters(world, portal_application):
    """A name with a right-to-left override and zero-width characters (which make one name look like another,
    and reverse what follows it on a page) is kept as it reads."""
    number = citizen_id(random.Random(33))
    data = portal_application(
        id_number=number,
        name="\u202e王\u200b小\u200d明\u2066\ufeff",
        employer_name="x",  # a registered employer keeps its own name
    )
    assert Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post("/portal/apply/", data).status_code == 302
    assert Person.objects.with_id_number(number).get().name == "王小明"
    assert identity.clean_name("  \u200e上海\u2067某\u00ad公司\u2069  ") == "上海某公司"


# --- hostile input through the API ---------------------------------------------------------------------


def _nul_fields(response) -> list[str]:
    body = response.json()
    assert body["detail"] and all(e["message"] for e in body["errors"]), body
    return [e["field"] for e in body["errors"]]


def _api_application(**overrides) -> dict:
    rng = random.Random(34)
    return {
        "applicants": [{"id_number": citizen_id(rng), "name": "王小明"}],
        "respondent": {"credit_code": credit_code(8679), "name": "上海某有限公司", "street_id": None},
        "claims": [{"claim_type": "unpaid_wages", "amount": "18000.00", "note": "九月、十月"}],
        "facts": "公司拖欠2026年9月至10月工资，多次催讨未果。",
        "case_type": "remuneration",
    } | overrides


@pytest.mark.parametrize(
    "field, change",
    [
        ("facts", lambda b: b | {"facts": "公司拖欠工资\x00多次催讨未果。"}),
        ("applicants.0.name", lambda b: b | {"applicants": [b["applicants"][0] | {"name": "王\x00小明"}]}),
        ("claims.0.note", lambda b: b | {"claims": [b["claims"][0] | {"note": "九月\x00"}]}),
        ("respondent.name", lambda b: b | {"respondent": b["respondent"] | {"name": "上海\x00某有限公司"}}),
    ],
)
def test_a_nul_character_in_an_api_text_field_is_a_422_naming_the_field(field, change, api, world):
    """PostgreSQL cannot store NUL in text: it was a 500 there. Refused before anything is read or written."""
    body = change(_api_application())
    body["respondent"]["street_id"] = world.orgs["street:310115125"].pk
    before = DisputeCase.objects.count(), Person.objects.count(), Enterprise.objects.count()
    response = api("zj_centre").post("/api/v1/disputes", body, content_type="application/json")
    assert response.status_code == 422 and _nul_fields(response) == [field]
    assert "NUL" in response.json()["errors"][0]["message"]
    assert (DisputeCase.objects.count(), Person.objects.count(), Enterprise.objects.count()) == before


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/enterprises?q=上海\x00", "q"),
        ("/api/v1/enterprises?industry=C\x00", "industry"),
        ("/api/v1/people?q=王\x00", "q"),
        ("/api/v1/disputes?q=\x00", "q"),
        ("/api/v1/inspection?q=\x00", "q"),
    ],
)
def test_a_nul_character_in_a_query_is_a_422_naming_the_parameter(url, field, api):
    response = api("admin").get(url)
    assert response.status_code == 422 and _nul_fields(response) == [field]


def test_a_nul_character_in_an_evidence_name_is_a_422(api, apply):
    case, _code = apply()
    pdf = SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = api("zj_centre").post(
        f"/api/v1/disputes/{case.pk}/evidence", {"file": pdf, "version": case.version, "name": "合同\x00.pdf"}
    )
    assert response.status_code == 422 and _nul_fields(response) == ["name"]
    assert not case.evidence.exists()


def test_the_same_id_twice_in_one_api_application_written_differently_is_a_422(api, world):
    number = next(n for n in (citizen_id(random.Random(seed)) for seed in range(200)) if n.endswith("X"))
    street = world.orgs["street:310115125"].pk
    before = DisputeCase.objects.count(), Person.objects.count()
    for twin in (number.translate(FULL_WIDTH), number[:-1] + "x", odd(number)):
        body = _api_application(
            applicants=[{"id_number": number, "name": "王小明"}, {"id_number": twin, "name": "王小明"}]
        )
        body["respondent"]["street_id"] = street
        response = api("zj_centre").post("/api/v1/disputes", body, content_type="application/json")
        assert response.status_code == 422 and response.json()["detail"], response.content
    assert (DisputeCase.objects.count(), Person.objects.count()) == before


def test_the_same_worker_twice_in_one_api_report_written_differently_is_a_422(api, world):
    number = citizen_id(random.Random(35))
    body = {
        "kind": "complaint",
        "respondent": {"enterprise_id": Enterprise.objects.get(name="上海某道具制造有限公司").pk},
        "content": "公司拖欠2026年7月、8月工资，多次讨要未果。",
        "workers": [
            {"id_number": number, "name": "王小明", "months": [{"month": "2026-07-01", "amount": "5200.00"}]},
            {
                "id_number": odd(number),
                "name": "王小明",
                "months": [{"month": "2026-08-01", "amount": "5200.00"}],
            },
        ],
    }
    before = Report.objects.count(), Person.objects.count()
    response = api("fx_inspector").post("/api/v1/inspection", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"], response.content
    assert (Report.objects.count(), Person.objects.count()) == before


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/enterprises?street={10**30}",
        f"/api/v1/disputes?organisation={10**30}",
        f"/api/v1/inspection?street={10**30}",
        f"/api/v1/enterprises/{10**30}",
        f"/api/v1/people/{10**30}",
        f"/api/v1/disputes/{10**30}",
    ],
)
def test_a_huge_integer_in_an_api_filter_or_path_is_a_4xx_in_json(url, api):
    """SQLite cannot bind an integer past 64 bits (OverflowError): it was a 500."""
    response = api("admin").get(url)
    assert 400 <= response.status_code < 500 and response.json()["detail"], response.status_code


@pytest.mark.parametrize("export", ["", "&export=xlsx"])
def test_a_huge_street_on_the_enterprise_page_and_its_export_is_a_400_with_a_message(export, login):
    for street in (str(10**30), "٣"):  # past 64 bits; a digit to str.isdigit() and int(), not an id
        response = login("admin").get(f"/enterprises/?street={street}{export}")
        assert response.status_code == 400 and "所在街镇" in response.content.decode()
