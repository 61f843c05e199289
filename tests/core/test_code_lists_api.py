"""行政区划 and 国民经济行业 over the API (/api/v1/system/regions, /industries): the services of 字典管理
(core.administration add_region, add_industry, rename_code), searched and paged lists; outcomes in the
database."""

import pytest

from renshe.core.models import Event, Industry, Region

from .test_code_lists import _events

S = "/api/v1/system"


def test_the_lists_are_searched_by_code_or_name_and_paged(api, world):
    client = api("pt_admin")
    by_name = client.get(f"{S}/regions", {"q": "曹杨"}).json()
    assert [(r["code"], r["name"], r["parent"]) for r in by_name["items"]] == [
        ("310107005", "曹杨新村街道", "310107")
    ]
    by_code = client.get(f"{S}/regions", {"q": "310107"}).json()
    assert by_code["count"] == Region.objects.filter(code__startswith="310107").count() > 1
    codes = [r["code"] for r in by_code["items"]]
    assert codes == sorted(codes)
    page = client.get(f"{S}/regions", {"page_size": 2, "page": 2}).json()
    assert page["count"] == Region.objects.count() and len(page["items"]) == 2
    found = client.get(f"{S}/industries", {"q": "i"}).json()["items"]  # a code is searched in capitals
    section = next(row for row in found if row["code"] == "I")
    assert section["parent"] is None and section["label"] == Industry.objects.get(code="I").label


def test_an_administrator_adds_and_renames_a_region(api, world):
    client = api("pt_admin")
    added = client.post(f"{S}/regions", {"code": "310107023", "name": " 新设街道 "}, "application/json")
    assert added.status_code == 201, added.content
    region = Region.objects.get(code="310107023")
    assert added.json() == {"id": region.pk, "code": "310107023", "name": "新设街道", "parent": "310107"}
    assert region.parent.code == "310107"
    renamed = client.put(f"{S}/regions/{region.pk}", {"name": "新设路街道"}, "application/json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "新设路街道"
    region.refresh_from_db()
    assert (region.code, region.name) == ("310107023", "新设路街道")
    assert _events(region, "region.") == ["region.added", "region.renamed"]
    assert client.put(f"{S}/regions/999999", {"name": "无"}, "application/json").status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"code": "3101"}, "code", "区划代码应为6位、9位或12位数字"),
        ({"code": "310107005"}, "code", "代码310107005已存在"),
        ({"code": "310199001"}, "code", "上级代码310199不存在，请先添加上级"),
        ({"name": "   "}, "name", "请填写名称"),
        ({"code": "3" * 13}, "code", None),
        ({"name": "街" * 51}, "name", None),
    ],
)
def test_a_region_that_does_not_fit_is_a_422_on_its_field(api, world, body, field, message):
    before = Region.objects.count()
    response = api("pt_admin").post(
        f"{S}/regions", {"code": "310107099", "name": "某街道", **body}, "application/json"
    )
    answer = response.json()
    assert response.status_code == 422, answer
    named = {answer.get("field")} | {e["field"] for e in answer.get("errors", ())}
    assert field in named and (message is None or answer["detail"] == message), answer
    assert Region.objects.count() == before and not Event.objects.filter(verb="region.added").exists()


def test_an_administrator_adds_an_industry_division_and_a_finer_code(api, world):
    client = api("pd_admin", "en")
    section = Industry.objects.get(code="I")
    added = client.post(
        f"{S}/industries", {"code": "98", "name": "数据服务业", "section": section.pk}, "application/json"
    )
    assert added.status_code == 201 and added.json()["parent"] == "I"
    division = Industry.objects.get(code="98")
    assert division.parent == section
    finer = client.post(f"{S}/industries", {"code": "981", "name": "数据标注"}, "application/json")
    assert finer.status_code == 201 and Industry.objects.get(code="981").parent == division
    for body in ({"code": "99", "name": "无门类"}, {"code": "99", "name": "无门类", "section": 999_999}):
        refused = client.post(f"{S}/industries", body, "application/json")
        assert refused.status_code == 422 and refused.json()["field"] == "section", refused.json()
    wrong = client.post(f"{S}/industries", {"code": "9a", "name": "错"}, "application/json")
    assert wrong.status_code == 422 and wrong.json()["field"] == "code"
    assert not Industry.objects.filter(code__in=["99", "9A"]).exists()
    renamed = client.put(f"{S}/industries/{division.pk}", {"name": "数据要素服务业"}, "application/json")
    assert renamed.status_code == 200 and renamed.json()["label"] == "数据要素服务业"
    division.refresh_from_db()
    assert division.name == "数据要素服务业"
    assert _events(division, "industry.") == ["industry.added", "industry.renamed"]


@pytest.mark.parametrize(
    ("language", "message"), [("zh-hans", "您无权进行此操作"), ("en", "You are not allowed to do this")]
)
def test_a_mediator_is_refused_in_their_language_and_nothing_is_written(api, world, language, message):
    client = api("pt_caoyang", language)
    region = Region.objects.get(code="310107005")
    section = Industry.objects.get(code="I")
    for response in (
        client.get(f"{S}/regions"),
        client.get(f"{S}/industries"),
        client.post(f"{S}/regions", {"code": "310107023", "name": "新设街道"}, "application/json"),
        client.post(
            f"{S}/industries", {"code": "98", "name": "数据", "section": section.pk}, "application/json"
        ),
        client.put(f"{S}/regions/{region.pk}", {"name": "改名"}, "application/json"),
        client.put(f"{S}/industries/{section.pk}", {"name": "改名"}, "application/json"),
    ):
        assert response.status_code == 403 and response.json() == {"detail": message}
    region.refresh_from_db()
    section.refresh_from_db()
    assert region.name == "曹杨新村街道" and section.name != "改名"
    assert (
        not Region.objects.filter(code="310107023").exists()
        and not Industry.objects.filter(code="98").exists()
    )
