"""Chart data in the shape static/renshe/js/charts.js draws (ECharts, served locally), and what keeps a
chart honest: an empty one says 暂无数据 instead of drawing a blank frame, and the month still running is
marked 本月至今 (its segment dashed) rather than drawn as a fall."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.utils.translation import gettext as _


def bar_chart(title: str, pairs: Iterable[tuple[str, int | float]]) -> dict:
    pairs = list(pairs)
    return {"title": str(title), "categories": [str(k) for k, _v in pairs], "values": [v for _k, v in pairs]}


def _values(chart: dict) -> list:
    if "series" in chart:
        return [v for s in chart["series"] for v in s["values"]]
    return list(chart.get("values", []))


def is_empty(chart: dict) -> bool:
    """Nothing to draw: no categories, or every value none or zero."""
    return not chart.get("categories") or not any(v for v in _values(chart))


def mark_partial_month(chart: dict, months: Sequence[date], today: date) -> dict:
    """Where the chart's last month is the one running (`today` not its last day), label it 本月至今 and
    say so in `partial` (its index), which charts.js draws dashed."""
    if months and months[-1] == today.replace(day=1):
        index = len(months) - 1
        chart["categories"] = list(chart["categories"])  # charts of a page may share one list of months
        chart["categories"][index] = _("%(month)s（本月至今）") % {"month": chart["categories"][index]}
        chart["partial"] = index
    return chart


def finished(charts: list[tuple[str, str, dict]]) -> list[tuple[str, str, dict]]:
    """The page's charts, each told whether it is empty (the template shows 暂无数据 then)."""
    for _source, _kind, chart in charts:
        chart["empty"] = is_empty(chart)
    return charts
