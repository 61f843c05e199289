"""Chart data in the shape static/renshe/js/charts.js draws (ECharts, served locally)."""

from collections.abc import Iterable


def bar_chart(title: str, pairs: Iterable[tuple[str, int | float]]) -> dict:
    pairs = list(pairs)
    return {"title": str(title), "categories": [str(k) for k, _v in pairs], "values": [v for _k, v in pairs]}
