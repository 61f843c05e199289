"""Dashboards that do not mislead (issue 12, point 6): the running month marked as partial, 暂无数据 for a
chart with nothing to draw, 同比 beside the main figures, one money format, every row above 合计 shown."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.core.charts import is_empty, mark_partial_month
from renshe.core.dashboards import DashboardFilter, year_before, year_on_year
from renshe.core.money import wan, yuan

URL = "/disputes/dashboard/"


def chart(body: str, source: str) -> dict:
    found = re.search(rf'<script id="{source}" type="application/json">(.*?)</script>', body, re.S)
    assert found, source
    return json.loads(found.group(1))


def test_the_running_month_is_marked_partial_not_drawn_as_a_fall():
    months = [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    data = {"categories": ["2026-10", "2026-11", "2026-12"], "series": [{"name": "n", "values": [9, 8, 2]}]}
    marked = mark_partial_month(dict(data, categories=list(data["categories"])), months, date(2026, 12, 7))
    assert marked["partial"] == 2 and marked["categories"][2] == "2026-12（本月至今）"
    whole = mark_partial_month(dict(data, categories=list(data["categories"])), months[:2], date(2026, 12, 7))
    assert "partial" not in whole  # the last month shown is over


def test_year_on_year_and_the_year_before():
    assert year_on_year(12, 10).text == "+20.0%" and year_on_year(12, 10).direction == "up"
    assert year_on_year(5, 10).text == "−50.0%" and year_on_year(5, 10).direction == "down"
    assert year_on_year(Decimal("3.00"), 0).text == "—"  # nothing to compare with
    f = DashboardFilter(received_from=date(2026, 1, 1), received_to=date(2026, 12, 1))
    prior = year_before(f)
    assert prior is not None and (prior.received_from, prior.received_to) == (
        date(2025, 1, 1),
        date(2025, 12, 1),
    )
    assert year_before(DashboardFilter()) is None


def test_empty_charts_and_one_money_format():
    assert is_empty({"categories": [], "values": []})
    assert is_empty({"categories": ["a"], "series": [{"values": [0, None]}]})
    assert not is_empty({"categories": ["a"], "values": [0, 1]})
    assert yuan(Decimal("1234567.8")) == "1,234,567.80" and wan(Decimal("1234567.8")) == "123.46"


@pytest.fixture
def this_and_last_year(apply):
    """Three cases received this month (today and, where the month allows, earlier) and one the same
    month a year before."""
    today = timezone.localdate()
    for _ in range(3):
        apply(days_ago=0)
    apply(received_on=today.replace(year=today.year - 1, day=1))


def test_the_page_marks_the_month_compares_with_last_year_and_shows_every_row(login, this_and_last_year):
    today = timezone.localdate()
    month = f"{today:%Y-%m}"
    body = login("zj_lead").get(URL, {"from": month, "to": month}).content.decode()
    trend = chart(body, "chart-trend")
    assert trend["partial"] == 0 and trend["categories"] == [f"{month}（本月至今）"]
    assert 'data-testid="partial-chart-trend"' in body
    received = re.search(r'data-testid="yoy-received".*?</div>', body, re.S).group(0)
    assert "同比" in received and "+200.0%" in received and "去年同期 1" in received
    assert "dash-scroll" not in body  # no inner scroll box above 合计


def test_a_period_without_cases_says_no_data_instead_of_blank_charts(login, this_and_last_year):
    body = login("zj_lead").get(URL, {"from": "2020-01", "to": "2020-02"}).content.decode()
    for source in ("chart-trend", "chart-rates", "chart-organisations", "chart-industries"):
        assert f'data-testid="empty-{source}"' in body
    assert body.count("暂无数据") >= 4 and 'data-chart="line"' not in body


def test_the_year_before_is_read_only_for_a_period_with_a_start(login, this_and_last_year):
    body = login("zj_lead").get(URL, {"from": "", "to": ""}).content.decode()
    assert 'data-testid="yoy-received"' not in body


def test_inspection_cards_compare_with_last_year_too(login, world):
    from tests import builders

    today = timezone.localdate()
    builders.registered(world, serial=700, received_on=today)
    builders.registered(world, serial=701, received_on=today.replace(year=today.year - 1, day=1))
    month = f"{today:%Y-%m}"
    body = login("fx_inspector").get("/inspection/dashboard/", {"from": month, "to": month}).content.decode()
    received = re.search(r'data-testid="yoy-received".*?</div>', body, re.S).group(0)
    assert "0.0%" in received and "去年同期 1" in received
    assert re.search(r'data-testid="yoy-owed"', body)
    assert chart(body, "chart-trend")["categories"][-1] == f"{month}（本月至今）"
