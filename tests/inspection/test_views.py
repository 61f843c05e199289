"""The inspection pages over HTTP: counter registration of complaints and reports, the list with its filters
and export, the inspector's queue, and a case driven through its stages by posting the forms its page
offers — each refusal shown on its form with the input kept and nothing written."""

import random
import re
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from renshe.core.casework import version_of
from renshe.core.models import Enterprise, Event, Organisation, Person, User
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection import services
from renshe.inspection.models import (
    HandlingDecision,
    InspectionCase,
    InvestigationRecord,
    MeetingTask,
    RectificationOrder,
    Report,
    WageClaim,
)
from renshe.inspection.views.clock import due_state

from .conftest import RECEIVED

TODAY = timezone.localdate


def formset(prefix: str, rows: list[dict], total: int | None = None) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(total or len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "500",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


@pytest.fixture
def registration(factory, brigade):
    """The counter form as a clerk fills it in: a complaint by two workers, one blank row left over."""
    rng = random.Random(31)
    return {
        "brigade": brigade.pk,
        "kind": "complaint",
        "channel": "counter",
        "external_reference": "",
        "received_on": TODAY().isoformat(),
        "violation_ended_on": "",
        "respondent": factory.pk,
        "content": "公司拖欠2026年6月至8月共三个月工资，多次讨要未果。",
        **formset(
            "workers",
            [
                {
                    "name": "王大力",
                    "id_number": citizen_id(rng),
                    "phone": "13812345678",
                    "first_month": "2026-06",
                    "last_month": "2026-08",
                    "monthly": "5200.50",
                },
                {
                    "name": "李小芳",
                    "id_number": citizen_id(rng),
                    "phone": "",
                    "first_month": "2026-07",
                    "last_month": "2026-08",
                    "monthly": "4800",
                },
                {
                    "name": "",
                    "id_number": "",
                    "phone": "",
                    "first_month": "",
                    "last_month": "",
                    "monthly": "",
                },
            ],
        ),
    }


def written() -> tuple[int, ...]:
    return (
        InspectionCase.objects.count(),
        Report.objects.count(),
        WageClaim.objects.count(),
        Event.objects.count(),
        Person.objects.count(),
        Enterprise.objects.count(),
    )


# --- counter registration ------------------------------------------------------------------------


def test_counter_form_registers_a_complaint_with_its_workers_and_months(login, registration, factory):
    client = login("fx_inspector")
    page = client.get("/inspection/new/")
    assert page.status_code == 200 and "登记投诉举报" in page.content.decode()
    response = client.post("/inspection/new/", registration)
    assert response.status_code == 302, response.content.decode()
    case = InspectionCase.objects.get(respondent=factory)
    assert response["Location"] == f"/inspection/{case.pk}/"
    assert case.status == "received" and case.origin == "complaint"
    assert case.worker_count == 2
    assert case.owed_total == Decimal("5200.50") * 3 + Decimal("4800") * 2
    months = sorted(
        (c.worker.name, m.month)
        for c in WageClaim.objects.filter(case=case).prefetch_related("months")
        for m in c.months.all()
    )
    assert months[0] == ("李小芳", date(2026, 7, 1)) and len(months) == 5
    report = case.reports.get()
    assert (report.channel, report.anonymous, report.reporter_id) == ("counter", False, None)
    body = client.get(response["Location"]).content.decode()
    assert case.number in body and "已登记" in body


def test_adding_a_worker_row_keeps_the_input_and_saves_nothing(login, registration):
    client = login("fx_inspector")
    before = written()
    body = client.post("/inspection/new/", {**registration, "add": "workers"}).content.decode()
    assert written() == before
    assert 'name="workers-3-name"' in body and "王大力" in body
    assert 'class="error"' not in body  # a half-filled form is not judged yet


def test_a_hotline_report_can_be_anonymous_and_names_a_new_employer_by_credit_code(login, world, brigade):
    client = login("fx_inspector")
    code = credit_code(880001, area="310120")
    street = Organisation.objects.get(name="南桥镇")
    response = client.post(
        "/inspection/new/",
        {
            "brigade": brigade.pk,
            "kind": "report",
            "channel": "hotline",
            "external_reference": "12345-2026-118822",
            "received_on": TODAY().isoformat(),
            "anonymous": "on",
            "respondent_credit_code": code,
            "respondent_name": "上海某新开服装有限公司",
            "respondent_street": street.pk,
            "content": "该公司拖欠数十名工人两个月工资，老板联系不上。",
            **formset("workers", [], total=1),
        },
    )
    assert response.status_code == 302, response.content.decode()
    report = Report.objects.get(external_reference="12345-2026-118822")
    assert report.anonymous and report.reporter_id is None and report.channel == "hotline"
    assert report.respondent.credit_code == code and report.case.street == street
    body = client.get(response["Location"]).content.decode()
    assert "12345-2026-118822" in body and "匿名" in body


def test_a_second_complaint_against_the_same_employer_joins_the_open_case(login, registration, complain):
    case = complain(3).case
    client = login("fx_inspector")
    response = client.post("/inspection/new/", registration)
    assert response["Location"] == f"/inspection/{case.pk}/"
    case.refresh_from_db()
    assert case.worker_count == 5 and case.reports.count() == 2
    assert "已并入在办案件" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"respondent": ""}, "respondent", "请选择已登记的用人单位，或填写统一社会信用代码"),
        ({"respondent": "", "respondent_credit_code": "91310000ABC"}, "respondent_credit_code", ""),
        ({"workers-0-last_month": "2026-05"}, "workers-0-last_month", "截止月不能早于起始月"),
        ({"workers-1-monthly": "-10"}, "workers-1-monthly", "金额必须大于零"),
        ({"workers-1-id_number": "110101199001011234"}, "workers-1-id_number", ""),
        ({"kind": "complaint", "anonymous": "on"}, "anonymous", "投诉须由劳动者本人提出，不能匿名"),
        ({"content": "欠薪"}, "content", "至少10个字"),
        ({"received_on": (TODAY() + timedelta(days=1)).isoformat()}, "received_on", "日期不能晚于今天"),
    ],
)
def test_bad_registration_input_is_refused_on_its_field_keeps_the_input_and_writes_nothing(
    login, registration, change, field, message
):
    client = login("fx_inspector")
    before = written()
    response = client.post("/inspection/new/", {**registration, **change})
    assert response.status_code == 200
    assert written() == before
    body = response.content.decode()
    assert f'data-field="{field}"' in body, body
    assert message in body
    assert "王大力" in body  # everything typed is still there


def test_a_month_in_the_future_is_refused_naming_the_row(login, registration):
    client = login("fx_inspector")
    before = written()
    future = (TODAY().replace(day=1) + timedelta(days=40)).strftime("%Y-%m")
    body = client.post("/inspection/new/", {**registration, "workers-1-last_month": future}).content.decode()
    assert written() == before
    assert "第2行" in body and "晚于本月" in body and 'data-field="workers"' in body


def test_a_complaint_needs_a_worker(login, registration):
    client = login("fx_inspector")
    before = written()
    blank = {"name": "", "id_number": "", "phone": "", "first_month": "", "last_month": "", "monthly": ""}
    body = client.post(
        "/inspection/new/", {**registration, **formset("workers", [blank, blank])}
    ).content.decode()
    assert written() == before
    assert "投诉请至少填写一名劳动者" in body


def test_staff_outside_inspection_have_no_brigade_to_register_for(login):
    # no brigade in scope: neither the menu nor the list offers the form, and the form itself is refused
    client = login("zj_centre")
    assert client.get("/inspection/new/").status_code == 403
    assert 'href="/inspection/new/"' not in client.get("/").content.decode()


# --- list, queue, export ---------------------------------------------------------------------------


@pytest.fixture
def spread(world, complain, filed, workers, u, brigade):
    """A received case, a filed one far past its investigation limit, and a small case elsewhere."""
    received = complain(2).case
    old = services.register_report(
        by=u["fx_inspector"],
        brigade=brigade,
        kind="complaint",
        channel="counter",
        respondent=another_firm(received.respondent, 1),
        content="公司拖欠2026年1月工资至今未付。",
        received_on=date(2026, 3, 2),
        workers=workers(1, months=[date(2026, 1, 1)]),
    ).case
    old = services.accept_case(old, by=u["fx_inspector"], filed_on=date(2026, 3, 3), version=version_of(old))
    services.assign_inspectors(
        old, by=u["fx_inspector"], inspectors=[u["fx_inspector"], u["fx_inspector2"]], version=version_of(old)
    )
    return {"received": received, "old": old}


def another_firm(near: Enterprise, n: int) -> services.RespondentInput:
    """A new employer in the same street, named by its credit code."""
    return services.RespondentInput(
        credit_code=credit_code(770000 + n, area="310120"),
        name=f"上海某{n}号五金有限公司",
        street_id=near.street_id,
    )


def numbers(body: str) -> set[str]:
    return set(re.findall(r"奉人社监〔\d{4}〕\d+号", body))


def test_list_filters_by_status_search_dates_group_and_overdue(login, spread):
    client = login("fx_inspector")
    received, old = spread["received"], spread["old"]
    everything = client.get("/inspection/").content.decode()
    assert {received.number, old.number} <= numbers(everything)
    assert numbers(client.get("/inspection/?status=received").content.decode()) == {received.number}
    assert numbers(client.get("/inspection/?overdue=1").content.decode()) == {old.number}
    q = old.respondent.name[:6]
    assert old.number in numbers(client.get(f"/inspection/?q={q}").content.decode())
    assert numbers(client.get("/inspection/?received_from=2026-09-01").content.decode()) == {received.number}
    assert numbers(client.get("/inspection/?group_case=1").content.decode()) == set()
    assert numbers(client.get("/inspection/?received_from=nonsense").content.decode()) == numbers(everything)


def test_list_is_paginated_by_twenty(login, world, brigade, u, factory):
    for i in range(23):
        services.register_report(
            by=u["fx_inspector"],
            brigade=brigade,
            kind="report",
            channel="counter",
            respondent=another_firm(factory, i),
            content=f"该单位拖欠工资，第{i}件举报。",
            anonymous=True,
        )
    client = login("fx_inspector")
    first = client.get("/inspection/").content.decode()
    assert "page=2" in first and len(numbers(first)) == 20
    assert len(numbers(client.get("/inspection/?page=2").content.decode())) == 3


def test_excel_export_of_the_filtered_list_has_no_reporter(login, spread):
    client = login("fx_inspector")
    response = client.get("/inspection/?status=investigating&export=xlsx")
    response = client.get("/inspection/?export=xlsx&overdue=1")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [str(v) for row in values for v in row if v is not None]
    assert spread["old"].number in flat and spread["received"].number not in flat
    assert "已超期" in flat
    assert not any("工人" in v for v in flat)  # no worker or reporter names


def test_export_needs_the_export_capability(login, spread):
    assert login("fx_grid").get("/inspection/?export=xlsx").status_code == 403


def test_queue_shows_the_inspectors_open_cases_with_due_marks(login, spread):
    body = login("fx_inspector").get("/inspection/queue/").content.decode()
    assert numbers(body) == {spread["old"].number}
    assert 'data-due="overdue"' in body
    assert numbers(login("fx_admin").get("/inspection/queue/").content.decode()) == set()


def test_due_state_runs_on_acceptance_then_investigation(spread):
    received, old = spread["received"], spread["old"]
    assert due_state(received, received.received_on) == "on-track"
    assert due_state(received, received.acceptance_due_on + timedelta(days=1)) == "overdue"
    assert due_state(old, old.filed_on) == "on-track"
    assert due_state(old, old.investigation_due_on - timedelta(days=1)) == "due-soon"
    assert due_state(old, TODAY()) == "overdue"


def test_menu_and_enterprise_file_show_inspection(login, spread):
    client = login("fx_inspector")
    body = client.get("/inspection/").content.decode()
    for url in ("/inspection/queue/", "/inspection/new/"):
        assert f'href="{url}"' in body
    case = spread["old"]
    file = login("fx_admin").get(f"/enterprises/{case.respondent_id}/")  # the district sees its firms
    assert file.status_code == 200
    assert case.number in file.content.decode()


def test_list_and_case_queries_do_not_grow_with_rows(
    login, world, filed, u, workers, django_assert_max_num_queries
):
    small = filed(2)
    client = login("fx_inspector")
    with django_assert_max_num_queries(60) as few:
        assert client.get(f"/inspection/{small.pk}/").status_code == 200
    print("case page queries:", len(few.captured_queries))
    # more workers, records and meetings on the same case: the page costs the same
    services.add_wage_claim(small, by=u["fx_inspector"], worker=workers(9)[8], version=version_of(small))
    pair = [u["fx_inspector"], u["fx_inspector2"]]
    for n in range(3):
        services.record_investigation(
            small,
            by=u["fx_inspector"],
            kind="site_inspection",
            held_on=TODAY(),
            place=f"车间{n}",
            inspectors=pair,
            content="现场检查考勤和工资发放记录。",
            version=version_of(small),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/inspection/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(20) as listing:
        client.get("/inspection/")
    for n in range(3):
        filed(1, respondent=another_firm(small.respondent, n))
    with django_assert_max_num_queries(len(listing.captured_queries)):
        client.get("/inspection/")
    # the queue also states the investigation period in force (core.parameters reads the local rules once)
    with django_assert_max_num_queries(len(listing.captured_queries) + 1):
        client.get("/inspection/queue/")


# --- scope ---------------------------------------------------------------------------------------


def test_another_districts_staff_get_404_on_a_fengxian_case(login, complain):
    case = complain(2).case
    for username in ("pt_admin", "zj_centre"):
        client = login(username)
        assert client.get(f"/inspection/{case.pk}/").status_code == 404
        response = client.post(f"/inspection/{case.pk}/act/accept/", {"accept-version": case.version})
        assert response.status_code == 404
        assert case.number not in client.get("/inspection/").content.decode()
    case.refresh_from_db()
    assert case.status == "received"


def test_readers_in_scope_see_the_case_without_actions(login, complain, settings):
    case = complain(2).case
    body = login("fx_admin").get(f"/inspection/{case.pk}/").content.decode()
    assert 'data-action="accept"' in body  # the department's administrator may act
    body = login("fx_mediator").get(f"/inspection/{case.pk}/")
    assert body.status_code == 404


# --- actions on the case page ---------------------------------------------------------------------


def act(client, case, action: str, fields: dict | None = None, rows: dict | None = None):
    """Post an action's form as the case page offers it: the version is the one on the page."""
    page = client.get(f"/inspection/{case.pk}/").content.decode()
    found = re.search(rf'name="{action}-version" value="(\d+)"', page)
    assert found, f"{action} not offered"
    data = {f"{action}-version": found.group(1)}
    data.update({f"{action}-{k}": v for k, v in (fields or {}).items()})
    for name, items in (rows or {}).items():
        data.update({f"{k}": v for k, v in formset(f"{action}-{name}", items).items()})
    return client.post(f"/inspection/{case.pk}/act/{action}/", data)


def offered(client, case) -> set[str]:
    page = client.get(f"/inspection/{case.pk}/").content.decode()
    return set(re.findall(r'data-action="([a-z_]+)"', page))


def ok(response):
    assert response.status_code == 302, re.findall(
        r'class="(?:error|form-errors)[^>]*>(.*?)<', response.content.decode()
    )
    return response


def test_a_case_from_registration_to_police_transfer_on_its_page(login, complain, u):
    case = complain(3).case
    client = login("fx_inspector")
    assert {"accept", "refuse", "assign"} <= offered(client, case)
    assert "record" not in offered(client, case)
    ok(act(client, case, "accept", {"filed_on": RECEIVED.isoformat()}))
    case.refresh_from_db()
    assert case.status == "accepted" and case.investigation_due_on
    ok(act(client, case, "assign", {"inspectors": [u["fx_inspector"].pk, u["fx_inspector2"].pk]}))
    ok(
        act(
            client,
            case,
            "record",
            {
                "kind": "inquiry",
                "held_on": "2026-10-09",
                "place": "大队询问室",
                "inspectors": [u["fx_inspector"].pk, u["fx_inspector2"].pk],
                "persons_present": "法定代表人钱某",
                "content": "钱某承认拖欠五个月工资。",
            },
        )
    )
    case.refresh_from_db()
    assert case.status == "investigating"
    ok(
        act(
            client,
            case,
            "order",
            {
                "issued_on": "2026-10-12",
                "deadline": "2026-10-26",
                "amount_to_pay": "",
                "requirements": "足额支付",
            },
        )
    )
    order = RectificationOrder.objects.get(case=case)
    assert order.amount_to_pay == case.owed_total
    ok(
        act(
            client,
            case,
            "serve",
            {
                "document": f"order:{order.pk}",
                "served_on": "2026-10-13",
                "method": "direct",
                "served_to": "钱某",
            },
        )
    )
    ok(
        act(
            client,
            case,
            "comply",
            {"document": f"order:{order.pk}", "complied": "0", "checked_on": "2026-10-27", "note": "未支付"},
        )
    )
    ok(act(client, case, "statement", {"notified_on": "2026-10-28", "waived": "on"}))
    ok(
        act(
            client,
            case,
            "decide",
            {
                "decided_on": "2026-10-30",
                "deadline": "2026-11-13",
                "extra_compensation_rate": "0.5",
                "findings": "拖欠三名劳动者五个月工资。",
            },
        )
    )
    decision = HandlingDecision.objects.get(case=case)
    assert decision.extra_compensation == (case.owed_total * Decimal("0.5")).quantize(Decimal("0.01"))
    ok(
        act(
            client,
            case,
            "meeting",
            {"held_on": "2026-11-02", "place": "南桥镇政府", "agreed": "国有企业先行垫付工资。"},
            rows={
                "attendees": [
                    {"body": "town", "name": "南桥镇人民政府", "person": "镇长"},
                    {"body": "soe", "name": "某国有资产公司", "person": ""},
                ],
                "tasks": [{"description": "垫付工资", "owner": "某国有资产公司", "due_on": "2026-11-20"}],
            },
        )
    )
    task = MeetingTask.objects.get(meeting__case=case)
    ok(act(client, case, "task_done", {"task": task.pk, "done_on": "2026-11-10"}))
    assert "police" in offered(client, case)  # five months of 5,200 yuan: above the threshold, not paid
    ok(act(client, case, "dishonest_notice", {"notified_on": "2026-11-02", "grounds": "逾期仍不支付"}))
    ok(
        act(
            client,
            case,
            "police",
            {
                "transferred_on": TODAY().isoformat(),
                "reference": "奉人社监移〔2026〕1号",
                "basis": "经责令支付逾期仍不支付。",
            },
        )
    )
    ok(
        act(
            client,
            case,
            "dishonest",
            {"listed_on": TODAY().isoformat(), "reason": "拒不支付劳动报酬", "responsible_persons": "钱某"},
        )
    )
    ok(act(client, case, "close", {"closed_on": TODAY().isoformat(), "result": "已移送公安，列入失信名单。"}))
    case.refresh_from_db()
    assert case.status == "closed"
    body = client.get(f"/inspection/{case.pk}/").content.decode()
    for text in (
        order.number,
        decision.number,
        "南桥镇人民政府",
        "移送公安机关",
        "失信联合惩戒名单",
        "已移送公安",
    ):
        assert text in body
    assert {"police", "dishonest", "close", "record"}.isdisjoint(offered(client, case))


def test_refusing_the_only_report_refuses_the_case(login, complain):
    case = complain(2).case
    client = login("fx_inspector")
    report = case.reports.get()
    ok(act(client, case, "refuse", {"report": report.pk, "reason": "不属于劳动保障监察事项"}))
    case.refresh_from_db()
    assert (
        case.status == "refused"
        and "不属于劳动保障监察事项" in client.get(f"/inspection/{case.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("action", "fields", "field", "message"),
    [
        (
            "order",
            {"issued_on": "2026-10-12", "deadline": "2026-10-10", "requirements": "足额支付"},
            "deadline",
            "履行期限应晚于发出日期",
        ),
        (
            "order",
            {
                "issued_on": "2026-10-12",
                "deadline": "2026-10-20",
                "requirements": "足额支付",
                "amount_to_pay": "-1",
            },
            "amount_to_pay",
            "金额不能为负数",
        ),
        (
            "record",
            {
                "kind": "inquiry",
                "held_on": "2026-10-10",
                "place": "车间",
                "content": "询问",
                "inspectors": ["me"],
            },
            "inspectors",
            "二名以上监察员",
        ),
        ("statement", {"notified_on": "2026-10-20", "statement": ""}, "statement", "请填写陈述申辩意见"),
        ("extend", {"reason": "案情复杂"}, "approver", ""),
        ("meeting", {"held_on": "2026-10-20", "place": "镇政府", "agreed": "垫付"}, "meeting-attendees", ""),
    ],
)
def test_a_refused_action_shows_the_error_on_its_form_keeps_the_input_and_writes_nothing(
    login, filed, u, action, fields, field, message
):
    case = filed(2)
    client = login("fx_inspector")
    if fields.get("inspectors") == ["me"]:
        fields = {**fields, "inspectors": [u["fx_inspector"].pk]}
    counts = (RectificationOrder.objects.count(), InvestigationRecord.objects.count(), Event.objects.count())
    response = act(client, case, action, fields)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-field="{action}-{field}"' in body or f'data-field="{field}"' in body, body
    assert message in body
    assert f'id="act-{action}" data-action="{action}" open' in body  # the form stays open
    for value in fields.values():
        if isinstance(value, str) and value:
            assert value in body
    assert (
        RectificationOrder.objects.count(),
        InvestigationRecord.objects.count(),
        Event.objects.count(),
    ) == counts
    version = case.version
    case.refresh_from_db()
    assert case.version == version


def test_a_decision_before_the_statement_and_defence_is_not_offered_and_refused(login, filed):
    case = filed(2)
    client = login("fx_inspector")
    assert "decide" not in offered(client, case)
    response = client.post(
        f"/inspection/{case.pk}/act/decide/",
        {
            "decide-version": case.version,
            "decide-decided_on": TODAY().isoformat(),
            "decide-deadline": (TODAY() + timedelta(days=15)).isoformat(),
            "decide-findings": "拖欠工资",
        },
    )
    assert response.status_code == 200
    assert "陈述和申辩" in response.content.decode()
    assert not HandlingDecision.objects.exists()


def test_a_stale_version_shows_a_conflict_and_changes_nothing(login, complain):
    case = complain(2).case
    first, second = login("fx_inspector"), login("fx_inspector2")
    seen = case.version
    report = case.reports.get()
    accepted = first.post(
        f"/inspection/{case.pk}/act/accept/", {"accept-version": seen, "accept-filed_on": TODAY().isoformat()}
    )
    assert accepted.status_code == 302
    # the second inspector still has the old page open and refuses the report it shows
    response = second.post(
        f"/inspection/{case.pk}/act/refuse/",
        {"refuse-version": seen, "refuse-report": report.pk, "refuse-reason": "重复"},
    )
    assert response.status_code == 200
    assert "该记录已被他人修改，请刷新后重试" in response.content.decode()
    # the same where the stale form is otherwise valid
    case.refresh_from_db()
    services.assign_inspectors(
        case,
        by=case.created_by,
        inspectors=[case.created_by, User.objects.get(username="fx_inspector2")],
        version=version_of(case),
    )
    response = second.post(
        f"/inspection/{case.pk}/act/revoke/", {"revoke-version": case.version, "revoke-reason": "轻微"}
    )
    assert "该记录已被他人修改，请刷新后重试" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "accepted"
    report.refresh_from_db()
    assert report.status == "accepted"


def test_an_action_not_allowed_from_the_state_is_refused(login, complain):
    case = complain(2).case
    client = login("fx_inspector")
    response = client.post(
        f"/inspection/{case.pk}/act/close/",
        {"close-version": case.version, "close-result": "结案", "close-closed_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "不能执行此操作" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "received"
    assert client.post(f"/inspection/{case.pk}/act/nonsense/", {}).status_code == 404


def test_the_case_page_shows_deadline_reports_and_reporter_masked(login, complain, u, brigade, factory):
    case = complain(2).case
    rng = random.Random(8)
    services.register_report(
        by=u["fx_inspector"],
        brigade=brigade,
        kind="report",
        channel="counter",
        respondent=services.RespondentInput(enterprise_id=factory.pk),
        content="举报该公司拖欠工资，另有多人未登记。",
        reporter=services.WorkerInput(citizen_id(rng), "赵举报", "13900001111"),
    )
    client = login("fx_inspector")
    body = client.get(f"/inspection/{case.pk}/").content.decode()
    assert 'data-testid="deadline"' in body and "投诉受理期限" in body
    assert "赵举报" not in body and "13900001111" not in body
    assert "***" in body  # not yet an inspector on the case
    services.accept_case(case, by=u["fx_inspector"], filed_on=RECEIVED, version=version_of(case))
    case.refresh_from_db()
    services.assign_inspectors(
        case,
        by=u["fx_inspector"],
        inspectors=[u["fx_inspector"], u["fx_inspector2"]],
        version=version_of(case),
    )
    body = client.get(f"/inspection/{case.pk}/").content.decode()
    assert "赵**" in body and "13900001111" not in body
    assert "调查期限" in body and "《劳动保障监察条例》第十七条" in body
