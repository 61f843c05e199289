"""Reporting wage arrears on the public portal: a worker complains with the months owed, anyone reports under
their name or anonymously; the receipt shows the registration number once and nothing personal; bad input
lands on its field and writes nothing; floods are refused."""

import random
import re

import pytest

from renshe.core.models import Enterprise, Person
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection.models import InspectionCase, OwedMonth, Report, WageClaim
from renshe.portal import throttle
from tests.portal.conftest import NANQIAO, month_ago

# the months owed are counted back from today, and none may be later than this month
pytestmark = pytest.mark.clock


def number_of(html: str) -> str:
    return re.search(r'data-testid="report-number">([^<]+)<', html).group(1)


def test_the_home_page_links_to_reporting_and_the_three_ways_are_offered(world, worker):
    home = worker.get("/portal/").content.decode()
    assert 'href="/portal/report/"' in home and "举报投诉欠薪" in home
    page = worker.get("/portal/report/").content.decode()
    for mode in ("complaint", "named", "anonymous"):
        assert f'href="?mode={mode}"' in page
    assert "依法为举报人保密" in page


def test_a_worker_complains_with_the_months_owed_and_sees_the_number_once(world, worker, form_data, factory):
    data = form_data()
    form = worker.get("/portal/report/?mode=complaint").content.decode()
    assert 'name="id_number"' in form and 'name="months-0-month"' in form
    response = worker.post("/portal/report/", data)
    assert response.status_code == 302 and response["Location"] == "/portal/report/done/"
    receipt = worker.get("/portal/report/done/")
    html = receipt.content.decode()
    case = InspectionCase.objects.get()
    assert number_of(html) == case.number and case.number.startswith("奉人社监〔")
    assert "no-cache" in receipt["Cache-Control"] or "max-age=0" in receipt["Cache-Control"]
    assert case.organisation == world.orgs["fx_brigade"] and case.respondent == factory
    # identity protected: the receipt names no person and shows no number of theirs
    person = Person.objects.with_id_number(data["id_number"]).get()
    assert person.name not in html and data["id_number"] not in html and "13912345678" not in html
    report = Report.objects.get()
    assert (report.kind, report.channel, report.anonymous) == ("complaint", "portal", False)
    assert report.reporter == person and report.reporter_contact == "13912345678"
    assert report.created_by is None
    claim = WageClaim.objects.get(case=case)
    assert claim.worker == person
    months = list(OwedMonth.objects.filter(claim=claim).order_by("month").values_list("month", "amount"))
    assert [(f"{m:%Y-%m}", str(a)) for m, a in months] == [
        (month_ago(3), "5200.00"),
        (month_ago(2), "5200.50"),
    ]
    assert str(case.owed_total) == "10400.50"
    # shown once: the receipt is gone on reload
    again = worker.get("/portal/report/done/").content.decode()
    assert 'data-testid="receipt-gone"' in again and case.number not in again


def test_a_second_complaint_about_the_same_employer_joins_the_open_case(world, worker, form_data):
    worker.post("/portal/report/", form_data())
    first = number_of(worker.get("/portal/report/done/").content.decode())
    worker.post("/portal/report/", form_data(name="王秀英"))
    second = number_of(worker.get("/portal/report/done/").content.decode())
    assert first == second
    case = InspectionCase.objects.get()
    assert case.worker_count == 2 and case.reports.count() == 2


def test_an_anonymous_report_asks_for_nothing_personal_and_keeps_nothing(world, worker, form_data):
    form = worker.get("/portal/report/?mode=anonymous").content.decode()
    for field in ("name", "id_number", "phone", "consent", "months-0-month"):
        assert f'name="{field}"' not in form, field
    # identity sent anyway (a crafted post) is not looked at
    crafted = form_data("anonymous", name="张三", id_number=citizen_id(random.Random(3)), phone="13800000000")
    people = Person.objects.count()
    assert worker.post("/portal/report/", crafted).status_code == 302
    html = worker.get("/portal/report/done/").content.decode()
    assert 'data-testid="anonymous-note"' in html
    report = Report.objects.get()
    assert report.anonymous and report.reporter is None and report.reporter_contact == ""
    assert report.kind == "report" and Person.objects.count() == people
    assert not WageClaim.objects.exists()


def test_a_named_report_keeps_the_reporter_on_the_report_and_claims_no_wages(world, worker, form_data):
    """The reporter is protected (条例 第九条): their identity is kept on the report, not in the register."""
    data = form_data("named")
    people = Person.objects.count()
    assert worker.post("/portal/report/", data).status_code == 302
    report = Report.objects.get()
    assert report.kind == "report" and not report.anonymous and report.reporter is None
    assert (report.reporter_name, report.reporter_id_number) == ("李建华", data["id_number"])
    assert report.reporter_phone == "13912345678" and Person.objects.count() == people
    assert not WageClaim.objects.exists()


def test_an_unregistered_employer_is_named_by_credit_code(world, worker, form_data):
    code = credit_code(515151, "310120")
    data = form_data(credit_code=code, employer_name="上海奉贤新开模具有限公司")
    assert worker.post("/portal/report/", data).status_code == 302
    firm = Enterprise.objects.get(credit_code=code)
    assert firm.name == "上海奉贤新开模具有限公司" and firm.street == world.orgs[NANQIAO]
    assert InspectionCase.objects.get().respondent == firm


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"credit_code": "91310000ABCDEFGHIJ"}, "credit_code", ""),
        ({"credit_code": "", "employer_name": "上海某无名公司"}, "credit_code", ""),
        ({"id_number": "110105194912310021"}, "id_number", "校验"),
        ({"phone": "12345"}, "phone", ""),
        ({"content": "欠薪"}, "content", "至少10个字"),
        ({"consent": ""}, "consent", ""),
        ({"months-0-amount": "-5200"}, "months-0-amount", "大于零"),
        ({"months-0-amount": "52.123"}, "months-0-amount", "两位小数"),
        ({"months-0-month": "2026-13"}, "months-0-month", "月份不正确"),
        ({"months-0-month": "三月"}, "months-0-month", "格式"),
        ({"months-0-month": month_ago(-1)}, "months-0-month", "不能晚于本月"),
        (
            {"months-0-month": "", "months-0-amount": "", "months-1-month": "", "months-1-amount": ""},
            "months-0-month",
            "",
        ),
        ({"months-1-month": month_ago(3)}, "months", "填了两次"),
    ],
)
def test_bad_input_lands_on_its_field_and_writes_nothing(world, worker, form_data, overrides, field, message):
    response = worker.post("/portal/report/", form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="form-errors"' in html
    assert f'data-field="{field}"' in html, html[html.find("form-errors") : html.find("form-errors") + 600]
    assert message in html
    assert not Report.objects.exists() and not InspectionCase.objects.exists()
    assert "李建华" in html  # what was typed is kept


def test_an_unknown_credit_code_needs_the_employer_name(world, worker, form_data):
    data = form_data(credit_code=credit_code(616161, "310120"), employer_name="")
    html = worker.post("/portal/report/", data).content.decode()
    assert 'data-field="employer_name"' in html and not Report.objects.exists()


def test_an_employer_outside_any_brigade_is_refused_on_the_street_field(world, worker, form_data):
    pudong = Enterprise.objects.filter(street__path__startswith=world.orgs["pd"].path).first()  # Zhangjiang
    html = worker.post(
        "/portal/report/", form_data(credit_code=pudong.credit_code, employer_name=pudong.name)
    ).content.decode()
    assert 'data-field="street"' in html and "12345" in html
    assert not Report.objects.exists()


def test_streets_offered_are_those_a_brigade_covers(world, worker):
    html = worker.get("/portal/report/?mode=named").content.decode()
    assert "南桥镇" in html and "张江镇" not in html  # Pudong has no brigade in the demo


def test_a_time_barred_complaint_is_registered_with_the_refusal_reason_for_staff(world, worker, form_data):
    """The portal does not judge the two-year limit itself (unpaid wages are a continuing violation);
    staff decide at intake. Here: the months are old, but the complaint is registered."""
    old = form_data(**{"months-0-month": "2020-01", "months-1-month": "2020-02"})
    assert worker.post("/portal/report/", old).status_code == 302
    assert Report.objects.get().status == "pending"


def test_reports_beyond_the_hourly_limit_answer_429_and_write_nothing(world, worker, form_data, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "report", 2)
    for _ in range(2):
        assert worker.post("/portal/report/", form_data("anonymous")).status_code == 302
    response = worker.post("/portal/report/", form_data("anonymous"))
    assert response.status_code == 429 and response["Retry-After"]
    assert 'data-testid="throttled"' in response.content.decode()
    assert Report.objects.count() == 2
    # the choice page and the empty form are still shown
    assert worker.get("/portal/report/?mode=anonymous").status_code == 200


def test_an_invalid_mode_shows_the_choice(world, worker):
    html = worker.get("/portal/report/?mode=other").content.decode()
    assert 'data-testid="choose-complaint"' in html
