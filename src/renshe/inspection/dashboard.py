"""统计分析 for labour inspection: the page (cards, charts, tables by month and by street) and its Excel
export. Every number comes from metrics.py over the user's own scope, narrowed by the filter bar to whole
months of receipt and a street; this module only formats them. Included by urls.py as "dashboard/".
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renshe.core.casepages import exporting
from renshe.core.charts import bar_chart, finished, mark_partial_month
from renshe.core.dashboards import (
    DashboardFilter,
    allow,
    asked,
    percent,
    shown_percent,
    workbook,
    year_before,
    year_on_year,
)
from renshe.core.models import Organisation
from renshe.core.money import wan, yuan
from renshe.core.roles import Role
from renshe.core.selectors import district_streets

from . import metrics, rules
from .metrics import Figures

ROLES = frozenset({Role.INSPECTOR, Role.DEPARTMENT_ADMIN, Role.BUREAU_LEADER})


def may_view(user) -> bool:
    """监察统计分析: the brigade's staff and the leaders whose scope holds inspection cases (rules.may_work);
    not the grid officer, who registers reports and follows no brigade's figures."""
    return rules.may_work(user) and (user.is_superuser or user.role in ROLES)


# --- formatting ----------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    figures: Figures

    @property
    def in_time(self) -> str:
        return shown_percent(self.figures.in_time_rate)

    @property
    def cells(self) -> list[str]:
        """The table's cells after the label, in COLUMNS order."""
        f = self.figures
        return [
            str(f.received),
            str(f.filed),
            str(f.closed),
            str(f.closed_in_time),
            self.in_time,
            str(f.workers_helped),
            yuan(f.owed),
            yuan(f.recovered),
            yuan(f.advanced),
            yuan(f.repaid),
            yuan(f.advance_outstanding),
            yuan(f.outstanding),
            str(f.group_cases),
            str(f.police_transfers),
            str(f.dishonest_listings),
        ]


COLUMNS = [
    gettext_lazy("受理登记"),
    gettext_lazy("立案"),
    gettext_lazy("结案"),
    gettext_lazy("按期结案"),
    gettext_lazy("按期结案率"),
    gettext_lazy("帮助劳动者"),
    gettext_lazy("欠薪金额（元）"),
    gettext_lazy("追回金额（元）"),
    gettext_lazy("垫付金额（元）"),
    gettext_lazy("垫付已归还（元）"),
    gettext_lazy("垫付未归还（元）"),
    gettext_lazy("尚欠金额（元）"),
    gettext_lazy("群体性案件"),
    gettext_lazy("移送公安"),
    gettext_lazy("失信名单"),
]


def _export_cells(label: str, f: Figures) -> list:
    return [
        label,
        f.received,
        f.filed,
        f.closed,
        f.closed_in_time,
        percent(f.in_time_rate),
        f.workers_helped,
        float(f.owed),
        float(f.recovered),
        float(f.advanced),
        float(f.repaid),
        float(f.advance_outstanding),
        float(f.outstanding),
        f.group_cases,
        f.police_transfers,
        f.dishonest_listings,
    ]


def _charts(stats: metrics.Statistics) -> list[tuple[str, str, dict]]:
    """(source id, kind, data) for each chart, in page order."""
    months = [label for _k, label, _f in stats.months]
    trend = {
        "title": _("月度案件趋势"),
        "categories": months,
        "series": [
            {"name": _("受理登记数"), "values": [f.received for *_kl, f in stats.months]},
            {"name": _("立案数"), "values": [f.filed for *_kl, f in stats.months]},
            {"name": _("结案数"), "values": [f.closed for *_kl, f in stats.months]},
        ],
    }
    money = {
        "title": _("月度欠薪、追回与垫付金额（万元）"),
        "categories": months,
        "series": [
            {
                "name": _("欠薪金额"),
                "values": [float(wan(f.owed).replace(",", "")) for *_kl, f in stats.months],
            },
            {
                "name": _("追回金额"),
                "values": [float(wan(f.recovered).replace(",", "")) for *_kl, f in stats.months],
            },
            {
                "name": _("垫付金额"),
                "values": [float(wan(f.advanced).replace(",", "")) for *_kl, f in stats.months],
            },
        ],
    }
    keys = [k for k, _l, _f in stats.months]
    mark_partial_month(trend, keys, timezone.localdate())
    mark_partial_month(money, keys, timezone.localdate())
    return finished(
        [
            ("chart-trend", "line", trend),
            ("chart-money", "line", money),
            (
                "chart-streets",
                "bar",
                bar_chart(_("各街镇受理登记数"), [(label[:5], f.received) for _k, label, f in stats.streets]),
            ),
            (
                "chart-street-workers",
                "bar",
                bar_chart(
                    _("各街镇帮助劳动者数"), [(label[:5], f.workers_helped) for _k, label, f in stats.streets]
                ),
            ),
        ]
    )


def requested(request) -> tuple[DashboardFilter, metrics.Statistics, list[Organisation]]:
    """The statistics the request asks for (`from`, `to`, `street`), with the streets offered."""
    user = request.user
    allow(user, may_view)
    streets = district_streets(user)
    f = asked(request, streets)
    selection = metrics.Selection(user, f.period, street=f.street)
    return f, metrics.statistics(selection), streets


@login_required
def dashboard(request):
    f, stats, streets = requested(request)
    if exporting(request):
        return _export(stats, f)
    total = Row(_("合计"), stats.total)
    tables = [
        ("month", _("按月份（登记）"), _("月份"), [Row(label, fig) for _k, label, fig in stats.months]),
        (
            "street",
            _("按街镇（用工所在地）"),
            _("街镇"),
            [Row(label, fig) for _k, label, fig in stats.streets],
        ),
    ]
    t = stats.total
    prior, yoy = year_before(f), {}
    if prior is not None:
        before = metrics.statistics(metrics.Selection(request.user, prior.period, street=f.street)).total
        yoy = {
            "received": year_on_year(t.received, before.received),
            "owed": year_on_year(t.owed, before.owed),
        }
    return render(
        request,
        "inspection/dashboard.html",
        {
            "filter": f,
            "streets": streets,
            "stats": stats,
            "total": total,
            "tables": tables,
            "columns": [str(c) for c in COLUMNS],
            "charts": _charts(stats),
            "owed_wan": wan(t.owed),
            "recovered_wan": wan(t.recovered),
            "advanced_wan": wan(t.advanced),
            "repaid_wan": wan(t.repaid),
            "advance_outstanding_wan": wan(t.advance_outstanding),
            "outstanding_wan": wan(t.outstanding),
            "yoy": yoy,
            "definitions": {key: (label, text) for key, label, text in metrics.DEFINITIONS},
            "definition_list": metrics.DEFINITIONS,
        },
    )


def _export(stats: metrics.Statistics, f: DashboardFilter):
    """The page's tables as sheets, each ending with the 合计 line, plus the filter and the definitions."""
    return workbook(
        _("劳动保障监察统计"),
        [(_("登记月份"), f.period.label()), (_("街镇"), f.street.name if f.street else _("全部"))],
        [str(h) for h in COLUMNS],
        _export_cells("", stats.total)[1:],
        [
            (title, first, [_export_cells(name, fig) for _k, name, fig in rows])
            for title, first, rows in (
                (_("按月份（登记）"), _("月份"), stats.months),
                (_("按街镇（用工所在地）"), _("街镇"), stats.streets),
            )
        ],
        metrics.DEFINITIONS,
    )


urlpatterns = [path("", dashboard, name="dashboard")]
