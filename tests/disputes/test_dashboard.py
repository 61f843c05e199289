"""统计分析: the dashboard page and its Excel export, over the user's own scope."""

import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from renshe.core.casework import version_of
from renshe.disputes import services
from renshe.disputes.services import ItemInput
from tests import builders

# due dates, windows and ages are counted from today: bin/test runs this module at several dates
pytestmark = pytest.mark.clock

URL = "/disputes/dashboard/"


@pytest.fixture
def cases(world, apply):
    """Five cases: received 3, 10, 40, 50 and 400 days ago; two settled, one declined."""
    u = world.users
    today = timezone.localdate()
    made = {}
    for days_ago in (3, 10, 40, 50, 400):
        made[days_ago], _ = apply(days_ago=days_ago)
    for days_ago in (10, 40):
        builders.settled(
            world,
            made[days_ago],
            signed_on=today - timedelta(days=days_ago - 1),
            terms="一次性支付。",
            items=[ItemInput("unpaid_wages", "支付工资", Decimal("5000"), today + timedelta(days=5))],
        )
    services.decline_dispute(made[3], by=u["zj_centre"], reason="不属于受理范围", version=version_of(made[3]))
    return made


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_page_shows_cards_charts_tables_and_definitions(login, cases):
    response = _get(login("zj_lead"), **{"from": "", "to": ""})
    html = response.content.decode()
    stats = response.context["stats"]
    assert stats.total.received == 5 and stats.total.settled == 2 and stats.total.mediated == 2
    for card in ("received", "prior", "success", "days", "overdue", "amounts"):
        assert f'data-testid="card-{card}"' in html
    assert re.search(r'data-testid="card-received".*?card-value">5<', html, re.S)
    assert "40.0%" in html  # 先行调解率 2 / 5
    assert "100.0%" in html  # 调解成功率 2 / 2
    # two line charts and two bar charts, their data beside them as JSON (no inline script)
    assert html.count('data-chart="line"') == 2 and html.count('data-chart="bar"') == 2
    for source in ("chart-trend", "chart-rates", "chart-organisations", "chart-industries"):
        assert f'<script id="{source}" type="application/json">' in html
    assert "<script>" not in html and 'style="' not in html
    for table in ("organisation", "street", "industry", "month"):
        assert f'data-testid="table-{table}"' in html
    # each figure's definition, from metrics.DEFINITIONS, as tooltip and footnote
    assert html.count("经调解数 ÷ 收案数") >= 3
    assert 'data-testid="definitions"' in html


def test_first_visit_shows_the_last_twelve_months(login, cases):
    response = _get(login("zj_lead"))
    f = response.context["filter"]
    today = timezone.localdate()
    assert f.received_to == today.replace(day=1) and f.received_from.day == 1
    assert 334 <= (today - f.received_from).days <= 366
    assert response.context["stats"].total.received == 4  # not the case of 400 days ago


def test_filter_narrows_the_figures(login, world, cases):
    client = login("zj_lead")
    today = timezone.localdate()
    # whole months of receipt: 40 days ago falls in this month or one of the two before it, 400 days ago not
    first = today - timedelta(days=40)
    response = _get(client, **{"from": f"{first:%Y-%m}", "to": f"{today:%Y-%m}"})
    total = response.context["stats"].total
    in_months = [d for d in cases if (today - timedelta(days=d)).replace(day=1) >= first.replace(day=1)]
    assert (total.received, total.settled) == (len(in_months), 2) and 3 <= len(in_months) <= 4
    response = _get(client, **{"from": f"{today:%Y-%m}", "to": f"{today:%Y-%m}"})
    this_month = [d for d in cases if (today - timedelta(days=d)).month == today.month and d < 40]
    assert response.context["stats"].total.received == len(this_month)
    # a full date names its month
    assert _get(client, **{"from": f"{today:%Y-%m-%d}", "to": ""}).context["stats"].total.received == len(
        this_month
    )
    # an organisation with no cases of its own, and one out of the user's scope (ignored, not an error)
    village = world.orgs["village:环东村"].pk
    assert _get(client, organisation=village, **{"from": ""}).context["stats"].total.received == 0
    caoyang = world.orgs["street:310107005"].pk
    assert _get(client, organisation=caoyang, **{"from": ""}).context["stats"].total.received == 5
    street = world.orgs["street:310115125"].pk
    assert _get(client, street=street, **{"from": ""}).context["stats"].total.received == 5


def test_street_mediator_sees_only_his_own_scope(login, cases):
    response = _get(login("pt_caoyang"), **{"from": ""})
    assert response.context["stats"].total.received == 0
    assert response.context["tables"][0][2] == []
    assert "张江" not in "".join(o.name for o in response.context["streets"])


def test_roles_without_disputes_work_are_refused(login, world):
    assert login("pt_talent").get(URL).status_code == 403
    assert login("zj_arbitrator").get(URL).status_code == 200


def test_excel_has_the_pages_tables_and_totals(login, cases):
    client = login("zj_lead")
    page = _get(client, **{"from": ""}).context
    response = client.get(URL, {"from": "", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "汇总",
        "按调解组织",
        "按街镇（用工所在地）",
        "按行业门类",
        "按月份（收到申请）",
        "指标口径",
    ]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    total = page["stats"].total
    assert summary["收案数"] == total.received == 5
    assert summary["调解成功数"] == total.settled
    assert summary["协议金额（元）"] == float(total.agreed) == 10000.0
    assert summary["先行调解率（%）"] == 40.0
    for title, rows in zip(book.sheetnames[1:5], [t[2] for t in page["tables"]], strict=True):
        lines = list(book[title].iter_rows(min_row=2, values_only=True))
        body, last = lines[:-1], lines[-1]
        assert last[0] == "合计" and last[1] == total.received and last[11] == float(total.agreed)
        assert [line[0] for line in body] == [r.label for r in rows]
        assert sum(line[1] for line in body) == total.received
    definitions = [row[0] for row in book["指标口径"].iter_rows(min_row=2, values_only=True)]
    assert "先行调解率" in definitions and "调解成功率" in definitions


def test_a_fixed_number_of_queries_whatever_the_number_of_cases(
    login, apply, cases, django_assert_max_num_queries
):
    # session, user with their organisation, the two option lists, the unread count, the session save
    # (savepoint, update, release), the kinds of organisation in the user's scope (the menu: core.rules.holds),
    # and the statistics: the overdue cases, the totals and four groupings of the monthly figures, the totals a
    # year before, and the names of the streets and sections (the organisations' are those in scope)
    client = login("zj_lead")
    with django_assert_max_num_queries(17):
        _get(client, **{"from": ""})
    with CaptureQueriesContext(connection) as few:
        _get(client, **{"from": ""})
    for days_ago in range(5, 30, 3):
        apply(days_ago=days_ago)
    with CaptureQueriesContext(connection) as many:
        _get(client, **{"from": ""})
    assert len(many.captured_queries) == len(few.captured_queries)
    # the page's but the year before, the kinds in the user's scope (may_view: core.rules.holds), and the
    # download's access record
    with django_assert_max_num_queries(18):
        client.get(URL, {"export": "xlsx"})


def test_the_api_answers_the_pages_figures(login, api, cases):
    page = _get(login("zj_lead"), **{"from": ""}).context["stats"]
    response = api("zj_lead").get("/api/v1/disputes/statistics", {"from": ""})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["received_from"] is None and body["received_to"] is None
    assert body["total"]["received"] == page.total.received == 5
    assert body["total"]["prior_mediation_rate"] == pytest.approx(0.4)
    assert body["total"]["agreed"] == "10000.00"
    assert [(g["label"], g["figures"]["received"]) for g in body["months"]] == [
        (label, f.received) for _k, label, f in page.months
    ]
    assert sum(g["figures"]["received"] for g in body["organisations"]) == 5
    # the first visit's default, as on the page: the last twelve months, this one included
    default = api("zj_lead").get("/api/v1/disputes/statistics").json()
    assert default["received_to"] == f"{timezone.localdate():%Y-%m}" and default["total"]["received"] == 4
    assert api("pt_talent").get("/api/v1/disputes/statistics").status_code == 403
