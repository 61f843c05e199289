"""Find anything (issue 12, point 1): the one reading of the search text (core/search.py), matching by each
kind of query across disputes and inspection within the user's scope, the results page, the API, the case
lists' own boxes, and hostile input."""

import random
from datetime import date

import pytest

from renshe.core import search
from renshe.core.errors import ValidationFailed
from renshe.core.models import Person
from renshe.core.roles import DataScope
from renshe.core.synthetic import citizen_id
from tests import builders

PHONE = "13912345678"
ID_NUMBER = citizen_id(random.Random(2031))


# --- the normaliser --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "张江调〔2026〕1386号",
        "张江调(2026)1386号",
        "张江调（2026）1386号",
        "张江调［２０２６］１３８６",
        " 张江调 [2026] 1386 号 ",
        "张江调【2026】1386",
    ],
)
def test_every_way_of_writing_a_full_number_is_the_registers_number(typed):
    assert search.parse(typed).number == search.NumberPattern(exact="张江调〔2026〕1386号")


@pytest.mark.parametrize(
    ("typed", "pattern"),
    [
        ("1386", search.NumberPattern(endswith="〕1386号")),
        ("１３８６号", search.NumberPattern(endswith="〕1386号")),
        ("7", search.NumberPattern(endswith="〕0007号")),  # the register pads to four digits
        ("(2026)1386", search.NumberPattern(endswith="〕1386号", year="2026")),
        ("（2026）", search.NumberPattern(contains="〔2026〕", year="2026")),
        ("张江调(2026)", search.NumberPattern(startswith="张江调〔2026〕", year="2026")),
        ("张江调〔2026", search.NumberPattern(startswith="张江调〔2026〕", year="2026")),
        ("张江调", search.NumberPattern(startswith="张江调")),
    ],
)
def test_any_part_of_a_number(typed, pattern):
    assert search.parse(typed).number == pattern


def test_the_shape_of_the_text_says_what_it_can_be():
    id_query = search.parse(ID_NUMBER.lower())
    assert id_query.id_number and not id_query.phone and not id_query.names and id_query.number is None
    phone = search.parse("139 1234 5678")
    assert phone.phone and phone.compact == PHONE and not phone.names
    code = search.parse("91310115ma1k4abc1x")
    assert code.credit_code and code.compact == "91310115MA1K4ABC1X"
    name = search.parse("上海某道具  制造")
    assert name.names and name.text == "上海某道具 制造" and not (name.id_number or name.phone)


@pytest.mark.parametrize("typed", ["", "   ", "\x00", "\x00\u200b\t"])
def test_an_empty_query_is_refused_with_what_to_type(typed):
    with pytest.raises(ValidationFailed, match="请输入案号"):
        search.parse(typed)


@pytest.mark.parametrize("typed", ["x" * 1_000_000, "张" * (search.MAX_LENGTH + 1)])
def test_a_long_text_is_refused(typed):
    with pytest.raises(ValidationFailed, match="过长"):
        search.parse(typed)


def test_nul_and_invisible_characters_are_dropped():
    assert search.parse("王\x00某\u200b").text == "王某"


# --- matching, per kind and scope ---------------------------------------------------------------------


@pytest.fixture
def dispute(world):
    """An application at 张江's centre by 王小明 (ID and phone registered) against a firm of 张江."""
    return builders.application(world, "王小明", PHONE, seed=2031)


@pytest.fixture
def inspection(world):
    return builders.registered(world, serial=4242, received_on=date(2026, 11, 2))


def found(user, typed: str, kind: str) -> list[str]:
    groups = {g.key: g for g in search.search(user, search.parse(typed))}
    return [hit.label for hit in groups[kind].hits]


def number_forms(number: str) -> list[str]:
    prefix, rest = number.split("〔")
    year, serial = rest.removesuffix("号").split("〕")
    return [
        number,
        f"{prefix}({year}){serial}号",
        f"{prefix}（{year}）{int(serial)}",
        f"({year}){serial}",
        str(int(serial)),
        serial,
    ]


def test_a_dispute_is_found_by_each_kind_of_query(world, dispute):
    centre = world.users["zj_centre"]
    firm = dispute.respondent
    for typed in [*number_forms(dispute.number), "王小明", ID_NUMBER, PHONE, "+86 139-1234-5678"]:
        assert dispute.number in found(centre, typed, "disputes"), typed
    serial = dispute.number[-5:-1]
    assert dispute.number not in found(centre, f"(2025){serial}", "disputes")  # another year's serial
    assert dispute.number not in found(centre, f"1{serial}", "disputes")  # serial 11386 is not 1386
    for typed in (firm.name, firm.name[2:8], firm.credit_code.lower()):
        assert dispute.number in found(centre, typed, "disputes"), typed
        assert firm.name in found(centre, typed, "enterprises"), typed


def test_an_inspection_case_is_found_by_number_employer_and_worker(world, inspection):
    inspector = world.users["fx_inspector"]
    worker = Person.objects.get(pk=inspection.claims.values("worker")[:1])
    for typed in [
        *number_forms(inspection.number),
        inspection.respondent.name,
        inspection.respondent.credit_code,
    ]:
        assert inspection.number in found(inspector, typed, "inspection"), typed
    assert inspection.number in found(inspector, worker.id_number, "inspection")


def test_out_of_scope_is_never_found(world, dispute, inspection):
    """普陀's street mediator finds neither 张江's dispute nor 奉贤's case, by any query, nor their parties."""
    street = world.users["pt_caoyang"]
    for typed in (dispute.number, "王小明", ID_NUMBER, PHONE, dispute.respondent.credit_code):
        groups = search.search(street, search.parse(typed))
        assert not any(g.hits for g in groups), typed
    assert not any(g.hits for g in search.search(street, search.parse(inspection.number)))
    # 奉贤's inspector does not see 张江's dispute either
    assert found(world.users["fx_inspector"], dispute.number, "disputes") == []


def test_an_employers_newest_cases_come_first_however_many_match(world, monkeypatch):
    """case_hits picks the newest in scope (date, then id) exactly, whether it gathered the matches in scope
    and picked them itself or (more than CANDIDATES of them) walked the date index."""
    made = [
        builders.application(world, f"工人{i}", f"1391234560{i}", seed=2100 + i, received_on=day)
        for i, day in enumerate([date(2026, 10, 5), date(2026, 11, 20), date(2026, 9, 1), date(2026, 11, 20)])
    ]
    code = made[0].respondent.credit_code
    newest = sorted(made, key=lambda c: (c.received_on, c.pk), reverse=True)
    centre = world.users["zj_centre"]

    def top_two() -> tuple[list[str], bool]:
        group = {g.key: g for g in search.search(centre, search.parse(code), limit=2)}["disputes"]
        return [hit.label for hit in group.hits], group.more

    assert top_two() == ([newest[0].number, newest[1].number], True)
    monkeypatch.setattr(search, "CANDIDATES", 1)
    assert top_two() == ([newest[0].number, newest[1].number], True)


@pytest.mark.parametrize("scope", [*DataScope])
def test_the_searchs_scope_by_ids_is_the_selectors_scope(world, dispute, inspection, scope):
    """disputes_for / inspections_for with the scope named by organisation ids (what the search reads)
    select the same cases as the scope matched on paths, for every user and every kind of scope."""
    from renshe.disputes.selectors import disputes_for
    from renshe.inspection.selectors import inspections_for

    for user in world.users.values():
        user.data_scope = scope
        if scope == DataScope.CHOSEN_ORGANISATIONS:
            user.scope_organisations.set([world.orgs["zj_centre"], world.orgs["fx_brigade"]])
        for selector in (disputes_for, inspections_for):
            by_path = set(selector(user).values_list("pk", flat=True))
            assert set(selector(user, by_id=True).values_list("pk", flat=True)) == by_path, user.username
    seen = world.users["zj_centre"]
    if scope in (DataScope.ALL, DataScope.SUBTREE, DataScope.OWN_ORGANISATION):
        assert dispute.pk in set(disputes_for(seen, by_id=True).values_list("pk", flat=True))
    if scope not in (DataScope.ALL, DataScope.CHOSEN_ORGANISATIONS):  # chosen: 张江's centre, 奉贤's brigade
        assert inspection.pk not in set(inspections_for(seen, by_id=True).values_list("pk", flat=True))


def test_people_are_found_by_full_numbers_only_and_shown_masked(world, dispute):
    centre = world.users["zj_centre"]
    hits = {g.key: g for g in search.search(centre, search.parse(ID_NUMBER))}["people"].hits
    assert [h.label for h in hits] == ["王小明"]
    assert ID_NUMBER not in hits[0].detail and PHONE not in hits[0].detail and "*" in hits[0].detail
    assert found(centre, ID_NUMBER[:-1], "people") == []  # a part of an ID number finds nobody


# --- pages and API -----------------------------------------------------------------------------------


def test_the_results_page_groups_by_kind_with_links(login, dispute):
    page = login("zj_centre").get("/search/", {"q": "王小明"}).content.decode()
    for title in ("劳动争议案件", "监察案件", "企业", "人员"):
        assert title in page
    assert f'href="/disputes/{dispute.pk}/"' in page and dispute.number in page
    assert "无匹配结果" in page  # no inspection case names him


def test_the_header_carries_the_search_box_on_every_page(login):
    page = login("fx_inspector").get("/inspection/").content.decode()
    assert 'action="/search/"' in page and 'data-testid="header-search"' in page


@pytest.mark.parametrize(
    "typed",
    [
        "%",
        "_",
        "\\",
        "'; DROP TABLE core_person; --",
        ".*(",
        "[",
        "〔",
        "〕号",
        "号",
        "\x00\x00",
        "🙂",
        "' OR 1=1",
    ],
)
def test_hostile_text_answers_a_page_never_an_error(login, dispute, typed):
    response = login("zj_centre").get("/search/", {"q": typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert dispute.number not in body or typed in ("号",)  # a wildcard is not a wildcard


def test_empty_and_overlong_queries_say_why(login):
    client = login("zj_centre")
    empty = client.get("/search/", {"q": ""})
    assert empty.status_code == 200 and "请输入案号" in empty.content.decode()
    long = client.get("/search/", {"q": "张" * 1_000_000})
    assert long.status_code == 400 and "搜索内容过长" in long.content.decode()


def test_the_api_gives_the_same_results(api, dispute):
    client = api("zj_centre")
    body = client.get("/api/v1/search", {"q": dispute.number.replace("〔", "(").replace("〕", ")")}).json()
    groups = {g["key"]: g for g in body}
    assert [h["label"] for h in groups["disputes"]["hits"]] == [dispute.number]
    assert groups["disputes"]["hits"][0]["url"] == f"/disputes/{dispute.pk}/"
    empty = client.get("/api/v1/search", {"q": " "})
    assert empty.status_code == 422 and "请输入案号" in empty.json()["detail"]
    long = client.get("/api/v1/search", {"q": "1" * 1_000_000})
    assert long.status_code == 422 and "搜索内容过长" in long.json()["detail"]
    nul = client.get("/api/v1/search", {"q": "王\x00"})  # every operation refuses NUL, naming the field
    assert nul.status_code == 422 and nul.json()["errors"][0]["field"] == "q"


def test_the_case_lists_use_the_same_matching(login, dispute, inspection):
    disputes_page = login("zj_centre").get(
        "/disputes/", {"q": f"({dispute.number[4:8]}){dispute.number[-5:-1]}"}
    )
    assert dispute.number in disputes_page.content.decode()
    by_phone = login("zj_centre").get("/disputes/", {"q": PHONE}).content.decode()
    assert dispute.number in by_phone
    inspection_page = login("fx_inspector").get("/inspection/", {"q": str(int(inspection.number[-5:-1]))})
    assert inspection.number in inspection_page.content.decode()
