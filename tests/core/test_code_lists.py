"""行政区划 and 国民经济行业 kept in the app (系统管理 › 字典管理) by department administrators, as the other code
lists are: added under the parent their code names, renamed (the code, which records keep, fixed), every
change an event; others are refused."""

import pytest

from renshe.core.models import Event, Industry, Region


def _events(row, prefix):
    return list(
        Event.objects.filter(subject_id=str(row.pk), verb__startswith=prefix)
        .order_by("subject_seq")
        .values_list("verb", flat=True)
    )


def test_an_administrator_adds_and_renames_a_region(login, world):
    client = login("pt_admin")
    page = client.get("/system/dictionaries/regions/").content.decode()
    assert "曹杨新村街道" in page and 'data-testid="code-add"' in page
    done = client.post(
        "/system/dictionaries/regions/", {"code": "310107023", "name": " 新设街道 "}, follow=True
    )
    assert "已添加：310107023 新设街道" in done.content.decode()
    region = Region.objects.get(code="310107023")
    assert (region.name, region.parent.code) == (
        "新设街道",
        "310107",
    )  # placed under its district by the code

    url = f"/system/dictionaries/regions/{region.pk}/"
    assert client.post(url, {"name": "新设路街道"}).status_code == 302
    region.refresh_from_db()
    assert (region.code, region.name) == ("310107023", "新设路街道")
    assert _events(region, "region.") == ["region.added", "region.renamed"]
    assert "修改行政区划名称：310107023 新设路街道" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"code": "3101"}, "区划代码应为6位、9位或12位数字"),
        ({"code": "31010700x"}, "区划代码应为6位、9位或12位数字"),
        ({"code": "310107005"}, "代码310107005已存在"),
        ({"code": "310199001"}, "上级代码310199不存在，请先添加上级"),
        ({"name": "   "}, "这个字段是必填项"),
    ],
)
def test_a_region_that_does_not_fit_is_refused(login, world, values, message):
    before = Region.objects.count()
    page = login("pt_admin").post(
        "/system/dictionaries/regions/", {"code": "310107099", "name": "某街道", **values}
    )
    assert page.status_code == 200 and message in page.content.decode()
    assert Region.objects.count() == before


def test_an_administrator_adds_an_industry_division_and_a_finer_code(login, world):
    client = login("pd_admin")
    section = Industry.objects.get(code="I")
    form = {"code": "98", "name": "数据服务业", "section": section.pk}
    assert client.post("/system/dictionaries/industries/", form).status_code == 302
    division = Industry.objects.get(code="98")
    assert division.parent == section
    assert (
        client.post("/system/dictionaries/industries/", {"code": "981", "name": "数据标注"}).status_code
        == 302
    )
    assert Industry.objects.get(code="981").parent == division
    refused = client.post("/system/dictionaries/industries/", {"code": "99", "name": "无门类"})
    assert "大类（两位代码）请选择所属门类" in refused.content.decode()
    refused = client.post("/system/dictionaries/industries/", {"code": "9a", "name": "错"})
    assert "行业代码应为一个大写字母（门类）或2至4位数字" in refused.content.decode()
    assert not Industry.objects.filter(code__in=["99", "9A"]).exists()
    assert (
        client.post(f"/system/dictionaries/industries/{division.pk}/", {"name": "数据要素服务业"}).status_code
        == 302
    )
    division.refresh_from_db()
    assert division.name == "数据要素服务业"
    assert _events(division, "industry.") == ["industry.added", "industry.renamed"]
    page = client.get(f"/system/dictionaries/industries/{division.pk}/").content.decode()
    assert "修改行业名称：98 数据要素服务业" in page


def test_the_code_lists_are_refused_to_others_and_unknown_lists_not_found(login, world):
    region = Region.objects.get(code="310107005")
    mediator = login("pt_caoyang")
    assert mediator.get("/system/dictionaries/regions/").status_code == 403
    assert mediator.post(f"/system/dictionaries/regions/{region.pk}/", {"name": "改名"}).status_code == 403
    assert login("pt_admin").get("/system/dictionaries/planets/").status_code == 404
    region.refresh_from_db()
    assert region.name == "曹杨新村街道"


def test_the_dictionaries_page_links_the_two_lists(login, world):
    page = login("pt_admin").get("/system/dictionaries/").content.decode()
    assert "/system/dictionaries/regions/" in page and "/system/dictionaries/industries/" in page
