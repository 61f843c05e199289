"""The disputes list and queue as core.tables draws them: sorting, page size, paging past the end, the
bounded count, the column chooser, the organisation tree, and the ticked rows exported or assigned."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from renshe.core.models import Event, ListPreference
from renshe.disputes import services
from renshe.disputes.models import DisputeCase


def case_order(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-case="(\d+)"', body)]


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def spread(world, apply):
    """Five cases at 张江 received 40, 20, 10, 5 and 0 days ago; the 20- and 10-day ones accepted and referred
    to the studio, the 5-day one accepted and kept at the centre (waiting to be taken up there)."""
    u = world.users
    cases = {days: apply(days_ago=days)[0] for days in (40, 20, 10, 5, 0)}
    for days in (20, 10, 5):
        cases[days] = services.accept_dispute(cases[days], by=u["zj_centre"], version=cases[days].version)
    for days in (20, 10):
        cases[days] = services.refer_dispute(
            cases[days], by=u["zj_centre"], to=world.orgs["zj_studio"], version=cases[days].version
        )
    return cases


def test_sorting_by_a_column_both_ways(login, spread):
    client = login("zj_centre")
    newest_first = [spread[d].pk for d in (0, 5, 10, 20, 40)]
    assert case_order(client.get("/disputes/").content.decode()) == newest_first  # the default
    assert case_order(client.get("/disputes/", {"sort": "received"}).content.decode()) == newest_first[::-1]
    body = client.get("/disputes/", {"sort": "-received"}).content.decode()
    assert case_order(body) == newest_first
    assert 'data-col="received" aria-sort="descending"' in body
    assert "sort=received" in body  # the header now offers the other way
    by_status = case_order(client.get("/disputes/", {"sort": "status"}).content.decode())
    statuses = list(DisputeCase.objects.in_bulk(by_status).values())
    assert [DisputeCase.objects.get(pk=pk).status for pk in by_status] == sorted(c.status for c in statuses)


@pytest.mark.parametrize("key", ["facts", "-applicant", "id;DROP TABLE x", "\x00", "x" * 5000])
def test_a_sort_key_that_is_not_a_sortable_column_falls_back_with_a_message(login, spread, key):
    response = login("zj_centre").get("/disputes/", {"sort": key})
    assert response.status_code == 200
    assert case_order(response.content.decode()) == [spread[d].pk for d in (0, 5, 10, 20, 40)]
    assert any("已按默认顺序显示" in m for m in flashes(response))


def test_page_size_jump_first_and_last(login, apply):
    for _ in range(55):
        apply()
    client = login("zj_centre")
    first = client.get("/disputes/")
    assert len(case_order(first.content.decode())) == 20
    assert "共 55 条" in first.content.decode() and 'data-testid="last"' in first.content.decode()
    assert len(case_order(client.get("/disputes/", {"per_page": 50}).content.decode())) == 50
    assert len(case_order(client.get("/disputes/", {"per_page": 50, "page": 2}).content.decode())) == 5
    assert len(case_order(client.get("/disputes/", {"page": "last"}).content.decode())) == 15
    odd = client.get("/disputes/", {"per_page": 33})
    assert len(case_order(odd.content.decode())) == 20 and any("20、50 或 100" in m for m in flashes(odd))
    everything = case_order(client.get("/disputes/", {"per_page": 100}).content.decode())
    assert case_order(client.get("/disputes/", {"page": 2}).content.decode()) == everything[20:40]


@pytest.mark.parametrize("page", ["4", "999999999", "last"])
def test_a_page_past_the_end_shows_the_last_page(login, apply, page):
    for _ in range(45):
        apply()
    response = login("zj_centre").get("/disputes/", {"page": page})
    assert response.status_code == 200
    assert len(case_order(response.content.decode())) == 5
    assert response.context["page"].number == 3
    if page != "last":
        assert any("已显示最后一页（第 3 页）" in m for m in flashes(response))


@pytest.mark.parametrize("page", ["abc", "-1", "0", "１", "1e3"])
def test_a_page_that_is_no_number_shows_the_first(login, spread, page):
    response = login("zj_centre").get("/disputes/", {"page": page})
    assert response.status_code == 200 and response.context["page"].number == 1
    assert any("页码无效" in m for m in flashes(response))


def test_chosen_columns_are_kept_per_user_and_used(login, world, spread):
    client = login("zj_centre")
    saved = client.post(
        "/lists/columns/",
        {"list": "disputes.list", "columns": ["received", "workers", "status"], "next": "/disputes/"},
    )
    assert saved.status_code == 302 and saved["Location"] == "/disputes/"
    assert ListPreference.objects.get(user=world.users["zj_centre"], list_key="disputes.list").columns == [
        "received",
        "workers",
        "status",
    ]
    body = client.get("/disputes/").content.decode()
    heads = re.findall(r'<th data-col="(\w+)"', body)
    assert heads == ["number", "status", "received", "workers"]  # the table's order; the number always
    assert f'title="{spread[0].respondent.name}"' not in body  # the respondent column is gone
    other = login("pd_admin").get("/disputes/").content.decode()
    assert re.findall(r'<th data-col="(\w+)"', other)[:3] == ["number", "applicant", "respondent"]
    client.post("/lists/columns/", {"list": "disputes.list", "reset": "1", "next": "/disputes/"})
    assert not ListPreference.objects.filter(user=world.users["zj_centre"]).exists()


def test_a_column_setting_naming_no_column_is_ignored_with_a_message(login, world, spread):
    client = login("zj_centre")
    response = client.post(
        "/lists/columns/",
        {"list": "disputes.list", "columns": ["nope", "<b>"], "next": "/disputes/"},
        follow=True,
    )
    said = flashes(response)
    assert any("已忽略本列表没有的列" in m for m in said) and any("已恢复默认列" in m for m in said)
    assert not ListPreference.objects.exists()
    assert client.post("/lists/columns/", {"list": "nope", "next": "/disputes/"}).status_code == 302
    # a stored choice whose columns the list no longer has: the default, and a word about it
    ListPreference.objects.create(user=world.users["zj_centre"], list_key="disputes.list", columns=["gone"])
    page = client.get("/disputes/")
    assert "applicant" in page.context["listing"].shown
    assert any("已按默认列显示" in m for m in flashes(page))
    # off-site `next` goes nowhere else
    away = client.post("/lists/columns/", {"list": "disputes.list", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_the_organisation_tree_narrows_the_list_to_a_subtree(login, world, spread):
    client = login("zj_centre")
    studio = world.orgs["zj_studio"]
    body = client.get("/disputes/").content.decode()
    assert f'data-org="{studio.pk}"' in body and 'data-testid="org-tree"' in body
    narrowed = client.get("/disputes/", {"org": studio.pk})
    assert set(case_order(narrowed.content.decode())) == {spread[20].pk, spread[10].pk}
    assert 'class="org-current"' in narrowed.content.decode()
    centre = client.get("/disputes/", {"org": world.orgs["zj_centre"].pk}).content.decode()
    assert set(case_order(centre)) == {c.pk for c in spread.values()}  # the studio lies under the centre
    foreign = client.get("/disputes/", {"org": world.orgs["street:310107005"].pk})  # 曹杨新村街道, 普陀
    assert set(case_order(foreign.content.decode())) == {c.pk for c in spread.values()}
    assert any("不在您的数据范围内" in m for m in flashes(foreign))


def test_batch_export_holds_exactly_the_ticked_rows(login, spread, apply):
    other, _ = apply(days_ago=1)
    client = login("zj_centre")
    ticked = [spread[5].pk, spread[40].pk]
    response = client.post("/disputes/batch/", {"action": "export", "pk": ticked + ["x", "99999999"]})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == sorted([spread[5].number, spread[40].number])
    assert other.number not in {r[0] for r in rows}


def test_batch_export_is_refused_to_who_may_not_export(login, spread):
    assert (
        login("pt_expert").post("/disputes/batch/", {"action": "export", "pk": [spread[5].pk]}).status_code
        == 403
    )


def test_batch_assignment_takes_up_what_it_may_and_names_each_refusal(login, world, spread):
    client = login("zj_centre")
    mediator = world.users["zj_centre"]
    ticked = [spread[5].pk, spread[20].pk, spread[0].pk]
    response = client.post(
        "/disputes/batch/",
        {"action": "assign", "pk": ticked, "handlers": [mediator.pk], "next": "/disputes/?sort=received"},
    )
    assert response.status_code == 302 and response["Location"] == "/disputes/?sort=received"
    said = flashes(client.get("/disputes/"))
    taken = DisputeCase.objects.get(pk=spread[5].pk)
    assert taken.status == "mediating" and list(taken.mediators.all()) == [mediator]
    assert Event.objects.filter(subject_id=str(taken.pk), verb__endswith="taken_up").exists()
    assert any(spread[5].number in m and "已分配 1 件" in m for m in said)
    # referred to the studio: only the studio takes it up; still applied: not yet accepted
    assert DisputeCase.objects.get(pk=spread[20].pk).status == "referred"
    assert DisputeCase.objects.get(pk=spread[0].pk).status == "applied"
    refusals = [m for m in said if m.startswith("未分配")]
    assert len(refusals) == 2
    assert any(spread[20].number in m and "只有承办机构可以接收案件" in m for m in refusals)
    assert any(spread[0].number in m for m in refusals)


def test_batch_assignment_is_not_offered_or_allowed_outside_the_mediation_staff(login, world, spread):
    body = login("zj_arbitrator").get("/disputes/").content.decode()
    assert 'data-testid="assign-selected"' not in body
    assert login("zj_centre").get("/disputes/").content.decode().count('data-testid="assign-selected"') == 1
    refused = login("zj_arbitrator").post(
        "/disputes/batch/",
        {"action": "assign", "pk": [spread[5].pk], "handlers": [world.users["zj_centre"].pk]},
    )
    assert refused.status_code == 403
    assert DisputeCase.objects.get(pk=spread[5].pk).status == "accepted"


def test_batch_without_rows_or_action_says_so(login, spread):
    client = login("zj_centre")
    said = flashes(client.post("/disputes/batch/", {"action": "export"}, follow=True))
    assert any("请先勾选案件" in m for m in said)
    said = flashes(client.post("/disputes/batch/", {"action": "assign", "pk": [spread[5].pk]}, follow=True))
    assert any("请选择承办人" in m for m in said)


def test_the_queue_sorts_by_due_day_by_default_and_by_receipt_when_asked(login, world, apply):
    from tests import builders

    late = builders.mediating(world, apply(days_ago=12)[0])
    fresh = builders.mediating(world, apply(days_ago=1)[0])
    client = login("zj_centre")
    assert case_order(client.get("/disputes/queue/").content.decode()) == [late.pk, fresh.pk]
    assert case_order(client.get("/disputes/queue/", {"sort": "-received"}).content.decode()) == [
        fresh.pk,
        late.pk,
    ]
    assert late.received_on == timezone.localdate() - timedelta(days=12)


def test_every_column_shown_draws_one_cell_under_its_head(login, world, spread):
    """The rows are drawn in Python (casepages.draw_row): a cell for each head, in the head's order."""
    from renshe.disputes.views.lists import TABLE

    client = login("zj_centre")
    keys = [c.key for c in TABLE.columns]
    client.post("/lists/columns/", {"list": "disputes.list", "columns": keys, "next": "/disputes/"})
    body = client.get("/disputes/", {"sort": "received"}).content.decode()
    assert re.findall(r'<th data-col="(\w+)"', body) == keys
    first = body.split('data-case="', 2)[1].split("</tr>")[0]
    assert first.count("<td") == len(keys) + 1  # and the tick box
    case = DisputeCase.objects.get(pk=int(first.split('"')[0]))
    assert f'<a href="/disputes/{case.pk}/">{case.number}</a>' in first
    assert f"{case.claimed_total:,.2f}" in first and case.received_on.strftime("%Y-%m-%d") in first
    assert f'status-{case.status}" data-testid="status">{case.get_status_display()}</span>' in first
