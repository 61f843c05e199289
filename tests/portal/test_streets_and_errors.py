"""The portal's forms: the street list follows the district chosen (the page's script narrows it; without
the script the server refuses a street of another district), and the complaint form's error box names each
field in error, with a link to it."""

import re

import pytest

pytestmark = pytest.mark.clock


def _district_of(world, street_key: str) -> str:
    street = world.orgs[street_key]
    return street.region.parent.name if street.region and street.region.parent else street.parent.name


def test_the_district_select_drives_the_street_select(world, worker):
    page = worker.get("/portal/apply/").content.decode()
    assert 'name="district"' in page and 'data-streets="street"' in page
    assert '<script src="/static/renshe/js/portal.js' in page and "<script>" not in page  # CSP: no inline
    districts = re.findall(r'<option value="([^"]+)">\1</option>', page)
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert districts and districts == groups  # one district per group of streets, in the same order


def test_a_street_of_another_district_is_refused_by_the_server(world, worker, application):
    right = _district_of(world, "street:310115125")  # the application's street: 张江
    districts = re.findall(
        r'<option value="([^"]+)">\1</option>', worker.get("/portal/apply/").content.decode()
    )
    wrong = next(d for d in districts if d != right)
    page = worker.post("/portal/apply/", application(district=wrong)).content.decode()
    assert f"所选街镇不在{wrong}" in page and 'data-testid="form-errors"' in page
    assert worker.post("/portal/apply/", application(district=right)).status_code == 302


def test_the_complaint_forms_error_box_names_the_fields_in_error(world, worker, form_data):
    data = form_data(id_number="123", phone="", content="短", **{"months-0-amount": "很多"})
    page = worker.post("/portal/report/", data).content.decode()
    box = page[
        page.index('data-testid="form-errors"') : page.index(
            "</div>", page.index('data-testid="form-errors"')
        )
    ]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box)
    assert links == [
        ("id_id_number", "居民身份证号码"),
        ("id_phone", "手机号码"),
        ("id_months-0-amount", "第1个月应发工资（元）"),
        ("id_content", "欠薪情况"),
    ]
    for anchor, _label in links:
        assert f'id="{anchor}"' in page


def test_an_anonymous_reports_error_box_names_the_employer_fields(world, worker, form_data):
    page = worker.post("/portal/report/", form_data("anonymous", credit_code="", street="")).content.decode()
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', page)
    assert ("id_credit_code", "用人单位统一社会信用代码") in links and ("id_street", "用工所在街镇") in links
