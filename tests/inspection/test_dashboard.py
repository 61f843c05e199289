"""统计分析 for labour inspection: every figure checked against values worked out by hand on a small set of
cases built through the services, the scope, the filters, the Excel export and a bounded query count."""

import random
import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from renshe.core.casework import version_of
from renshe.core.models import Organisation, OrganisationKind
from renshe.core.synthetic import citizen_id, credit_code
from renshe.inspection import metrics, services
from renshe.inspection.services import RespondentInput, WorkerInput
from tests import builders

# the cases below are fixed calendar facts of 2026 (received, served, closed on given days)
pytestmark = pytest.mark.today("2026-11-25")

URL = "/inspection/dashboard/"
ALL = {"from": "", "to": ""}
WAGE = [Decimal("5200.37"), Decimal("5201.37"), Decimal("5202.37")]  # conftest's workers(3), a month each


def _firm(serial: int, street: Organisation, name: str) -> RespondentInput:
    return RespondentInput(credit_code=credit_code(serial, "310120"), name=name, street_id=street.pk)


@pytest.fixture
def other_street(world):
    nanqiao = world.orgs["street:310120101"]
    return (
        Organisation.objects.filter(kind=OrganisationKind.STREET, path__startswith=world.orgs["fx"].path)
        .exclude(pk=nanqiao.pk)
        .order_by("path")
        .first()
    )


@pytest.fixture
def cases(world, u, brigade, filed, complain, other_street):
    """Four Fengxian cases and one in Putuo (out of the brigade's scope):

    A  南桥, received 2026-09-29, three workers × five months (78,020.55 owed); order served and not
       complied with; the fund advances worker 0 in full (26,001.85), the employer pays worker 1 1,000.00,
       enforcement pays worker 2 500.00; 2,000.00 of the advance repaid; transferred to the police and
       listed; closed 2026-11-20 (due 2026-12-28: in time).
    B  other street, received 2026-10-15, ten workers owed 2 × 300.00 each (a group case); filed, nothing
       paid.
    C  南桥, received 2026-08-03, one worker owed 4,000.00, paid in full by the employer; filed the same
       day, closed 2026-11-10, after its investigation limit (late).
    D  other street, received 2026-10-20, twelve workers × 1 month × 100.00 (flagged a group case);
       refused, so its workers leave the ledger and it is no group case in the figures.
    P  Putuo, received 2026-10-10 through the portal: invisible to the Fengxian brigade.
    """
    inspector, pair = u["fx_inspector"], [u["fx_inspector"], u["fx_inspector2"]]
    rng = random.Random(9)

    a = filed(3)
    builders.unmet_order(
        world,
        a,
        issued_on=date(2026, 10, 12),
        deadline=date(2026, 10, 22),
        checked_on=date(2026, 10, 23),
        requirements="支付工资。",
    )
    claims = list(a.claims.select_related("worker").order_by("id"))
    advance = services.record_advance(
        a,
        by=inspector,
        payer_kind="fund",
        payer_name="奉贤区欠薪应急周转金",
        decided_on=date(2026, 11, 2),
        allocations=[(claims[0].worker, claims[0].balance)],
        version=version_of(a),
    )
    services.record_wage_payment(
        a,
        by=inspector,
        worker=claims[1].worker,
        amount="1000.00",
        paid_on=date(2026, 11, 3),
        source="employer",
        version=version_of(a),
    )
    services.record_wage_payment(
        a,
        by=inspector,
        worker=claims[2].worker,
        amount="500.00",
        paid_on=date(2026, 11, 4),
        source="enforcement",
        reference="（2026）沪0120执1号",
        version=version_of(a),
    )
    services.record_advance_repayment(
        advance,
        by=inspector,
        amount="2000.00",
        repaid_on=date(2026, 11, 5),
        reference="（2026）沪0120执1号",
        version=version_of(advance.case),
    )
    services.transfer_to_police(
        a, by=inspector, transferred_on=date(2026, 11, 6), basis="拒不支付劳动报酬", version=version_of(a)
    )
    services.notify_dishonest_listing(
        a, by=inspector, notified_on=date(2026, 10, 26), grounds="逾期未支付", version=version_of(a)
    )
    services.list_as_dishonest(
        a, by=inspector, listed_on=date(2026, 11, 6), reason="逾期未支付", version=version_of(a)
    )
    services.close_case(
        a, by=inspector, result="部分支付，已移送。", closed_on=date(2026, 11, 20), version=version_of(a)
    )

    b = complain(
        10,
        respondent=_firm(60001, other_street, "上海乙某服装有限公司"),
        received_on=date(2026, 10, 15),
        workers=[
            WorkerInput(
                citizen_id(rng), f"乙工人{i}", months=[(date(2026, 8, 1), "300"), (date(2026, 9, 1), "300")]
            )
            for i in range(10)
        ],
    ).case
    assert b.group_case
    services.accept_case(b, by=inspector, filed_on=date(2026, 10, 15), version=version_of(b))

    nanqiao = world.orgs["street:310120101"]
    c = complain(
        1,
        respondent=_firm(60002, nanqiao, "上海丙某餐饮有限公司"),
        received_on=date(2026, 8, 3),
        workers=[WorkerInput(citizen_id(rng), "丙工人", months=[(date(2026, 7, 1), "4000")])],
    ).case
    c = services.accept_case(c, by=inspector, filed_on=date(2026, 8, 3), version=version_of(c))
    services.record_investigation(
        c,
        by=inspector,
        kind="inquiry",
        held_on=date(2026, 8, 10),
        place="大队",
        inspectors=pair,
        content="询问。",
        version=version_of(c),
    )
    services.record_wage_payment(
        c,
        by=inspector,
        worker=c.claims.get().worker,
        amount="4000",
        paid_on=date(2026, 9, 1),
        source="employer",
        version=version_of(c),
    )
    c = services.close_case(
        c, by=inspector, result="已全额支付。", closed_on=date(2026, 11, 10), version=version_of(c)
    )
    assert c.closed_on > c.investigation_due_on  # late

    d = complain(
        12,
        respondent=_firm(60003, other_street, "上海丁某建筑工程有限公司"),
        received_on=date(2026, 10, 20),
        workers=[
            WorkerInput(citizen_id(rng), f"丁工人{i}", months=[(date(2026, 9, 1), "100")]) for i in range(12)
        ],
    )
    services.refuse_report(d, by=inspector, reason="不属于劳动保障监察事项", version=version_of(d.case))

    services.register_report(
        by=None,
        brigade=world.orgs["pt_brigade"],
        kind="complaint",
        channel="portal",
        respondent=RespondentInput(
            credit_code=credit_code(60009, "310107"),
            name="上海普某有限公司",
            street_id=world.orgs["street:310107005"].pk,
        ),
        content="公司拖欠本人两个月工资，多次讨要未果。",
        received_on=date(2026, 10, 10),
        workers=[WorkerInput(citizen_id(rng), "普陀工人", months=[(date(2026, 8, 1), "9999")])],
    )
    return {"a": a, "b": b, "c": c, "d": d.case}


OWED_A = sum(WAGE, Decimal(0)) * 5  # 78,020.55
ADVANCED = WAGE[0] * 5  # 26,001.85


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_figures_are_those_worked_out_by_hand(login, world, cases, other_street):
    stats = _get(login("fx_inspector"), **ALL).context["stats"]
    t = stats.total
    assert Decimal("78020.55") == OWED_A
    assert (t.received, t.filed, t.closed, t.closed_in_time) == (4, 3, 2, 1)
    assert t.in_time_rate == 0.5
    assert t.workers == 3 + 10 + 1  # D's refused report took its workers off the ledger
    assert t.workers_helped == 3 + 1  # A's three workers, C's one
    assert t.owed == OWED_A + Decimal("6000") + Decimal("4000") == Decimal("88020.55")
    assert t.recovered == Decimal("1000.00") + Decimal("500.00") + Decimal("4000.00")
    assert t.advanced == ADVANCED == Decimal("26001.85")
    assert t.repaid == Decimal("2000.00") and t.advance_outstanding == Decimal("24001.85")
    assert (
        t.outstanding == Decimal("88020.55") - Decimal("5500.00") - Decimal("26001.85") == Decimal("56518.70")
    )
    assert (t.group_cases, t.police_transfers, t.dishonest_listings) == (1, 1, 1)

    months = {label: f for _k, label, f in stats.months}
    assert list(months) == ["2026-08", "2026-09", "2026-10"]
    assert (months["2026-08"].received, months["2026-08"].closed, months["2026-08"].closed_in_time) == (
        1,
        1,
        0,
    )
    assert months["2026-09"].owed == OWED_A and months["2026-09"].recovered == Decimal("1500.00")
    assert (
        months["2026-10"].received == 2
        and months["2026-10"].filed == 1
        and months["2026-10"].group_cases == 1
    )
    streets = {label: f for _k, label, f in stats.streets}
    assert streets[other_street.name].received == 2 and streets[other_street.name].owed == Decimal("6000")
    nanqiao = streets[world.orgs["street:310120101"].name]
    assert nanqiao.received == 2 and nanqiao.workers_helped == 4 and nanqiao.police_transfers == 1
    # the groupings add up to the totals
    for rows in (stats.months, stats.streets):
        assert sum(f.received for *_kl, f in rows) == t.received
        assert sum((f.owed for *_kl, f in rows), Decimal(0)) == t.owed


def test_page_shows_cards_charts_tables_and_definitions(login, cases):
    html = _get(login("fx_inspector"), **ALL).content.decode()
    for card in ("received", "in-time", "workers", "recovered", "advanced", "consequences"):
        assert f'data-testid="card-{card}"' in html
    assert re.search(r'data-testid="card-received".*?card-value">4<', html, re.S)
    assert "50.0%" in html  # 按期结案率 1 / 2
    assert "8.80<span" in html  # 欠薪金额 88,020.55 → 8.80 万元 (core.money.wan, the one format)
    assert "88,020.55" in html and "24,001.85" in html and "56,518.70" in html
    assert html.count('data-chart="line"') == 2 and html.count('data-chart="bar"') == 2
    for source in ("chart-trend", "chart-money", "chart-streets", "chart-street-workers"):
        assert f'id="{source}"' in html
    assert 'data-testid="table-month"' in html and 'data-testid="table-street"' in html
    assert "按期结案率" in html and "《劳动保障监察条例》第十七条" in html


def test_filters_narrow_the_figures(login, world, cases, other_street):
    client = login("fx_inspector")
    october = _get(client, **{"from": "2026-10", "to": "2026-10"}).context["stats"].total
    assert october.received == 2 and october.owed == Decimal("6000")
    assert _get(client, **{"from": "2026-09", "to": ""}).context["stats"].total.received == 3
    street = _get(client, street=other_street.pk, **ALL).context["stats"].total
    assert street.received == 2 and street.recovered == 0
    # a street outside the options counts as none chosen
    putuo = world.orgs["street:310107005"]
    assert _get(client, street=putuo.pk, **ALL).context["stats"].total.received == 4


def test_first_visit_shows_the_last_twelve_months(login, cases, frozen_today):
    response = _get(login("fx_inspector"))
    f = response.context["filter"]
    assert f.received_from == date(2025, 12, 1) and f.received_to == date(
        2026, 11, 1
    ) == frozen_today.replace(day=1)
    assert response.context["stats"].total.received == 4


def test_scope(login, cases):
    assert _get(login("pt_leader"), **ALL).context["stats"].total.received == 1  # the Putuo case only
    assert _get(login("fx_admin"), **ALL).context["stats"].total.received == 4
    assert login("fx_mediator").get(URL).status_code == 403
    assert login("fx_grid").get(URL).status_code == 403


def test_excel_has_the_pages_tables_and_totals(login, cases):
    response = login("fx_inspector").get(URL, {**ALL, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["汇总", "按月份（登记）", "按街镇（用工所在地）", "指标口径"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["受理登记"] == 4 and summary["结案"] == 2 and summary["按期结案率"] == 50.0
    assert summary["欠薪金额（元）"] == 88020.55 and summary["追回金额（元）"] == 5500.0
    assert summary["垫付未归还（元）"] == 24001.85 and summary["移送公安"] == 1
    for title in book.sheetnames[1:3]:
        lines = list(book[title].iter_rows(min_row=2, values_only=True))
        assert lines[-1][0] == "合计" and lines[-1][1] == 4
        assert sum(line[1] for line in lines[:-1]) == 4
    definitions = [row[0] for row in book["指标口径"].iter_rows(min_row=2, values_only=True)]
    assert "按期结案率" in definitions and "追回金额" in definitions


def test_metrics_definitions_cover_every_card():
    keys = {key for key, _l, _t in metrics.DEFINITIONS}
    assert {
        "received",
        "in_time_rate",
        "workers_helped",
        "owed",
        "recovered",
        "advanced",
        "outstanding",
    } <= keys


def test_a_fixed_number_of_queries_whatever_the_number_of_cases(
    login, cases, complain, django_assert_max_num_queries
):
    client = login("fx_inspector")
    _get(client, **ALL)  # the first request after signing in saves the session (the idle timeout's clock)
    with CaptureQueriesContext(connection) as few:
        _get(client, **ALL)
    rng = random.Random(3)
    street = cases["b"].street
    for serial in range(5):
        complain(
            2,
            respondent=_firm(61000 + serial, street, f"上海戊{serial}有限公司"),
            received_on=date(2026, 6 + serial, 5),
            workers=[
                WorkerInput(citizen_id(rng), f"戊{serial}{k}", months=[(date(2026, 5, 1), "10")])
                for k in range(2)
            ],
        )
    with CaptureQueriesContext(connection) as many:
        response = _get(client, **ALL)
    assert response.context["stats"].total.received == 9
    assert len(many.captured_queries) == len(few.captured_queries)
    # session, user, organisation, the organisations in scope, the three grouped statistics queries,
    # street names, and the base template's own (unread count); the session is saved once a minute at most
    assert len(many.captured_queries) <= 10
    with django_assert_max_num_queries(13):
        client.get(URL, {**ALL, "export": "xlsx"})
