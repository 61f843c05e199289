"""统计分析: the dispute statistics page and its Excel export.

Every number on the page comes from metrics.py (figures, figures_by) over the user's own scope, narrowed by
the filter bar to whole months of receipt; this module only formats them. The page reads the monthly
figures the services keep, so its cost follows the number of months and organisations, not of cases.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
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
from renshe.core.models import Organisation, OrganisationKind, User
from renshe.core.money import wan, yuan
from renshe.core.roles import Role
from renshe.core.scope import active_organisations
from renshe.core.selectors import district_streets

from . import metrics, rules
from .metrics import Figures

ROLES = frozenset({Role.MEDIATOR, Role.DEPARTMENT_ADMIN, Role.ARBITRATOR, Role.BUREAU_LEADER})


def may_view(user) -> bool:
    """统计分析: the dispute staff and leaders who work with the register (rules.may_work)."""
    return rules.may_work(user) and (user.is_superuser or user.role in ROLES)


MEDIATING_KINDS = (
    OrganisationKind.MEDIATION_CENTRE,
    OrganisationKind.MEDIATION_STUDIO,
    OrganisationKind.VILLAGE,
    OrganisationKind.ENTERPRISE_COMMITTEE,
    OrganisationKind.STREET,
)
TOP_ORGANISATIONS = 8  # bars in the organisation chart; the table lists them all


def _selection(user: User, f: DashboardFilter) -> metrics.Selection:
    return metrics.Selection(user, f.period, organisation=f.organisation, street=f.street)


# --- formatting (numbers are computed in metrics.py) -------------------------------------------------------


def _days(days: float | None) -> float | None:
    return None if days is None else round(days, 1)


@dataclass
class Row:
    """One table line as the page shows it."""

    label: str
    figures: Figures

    @property
    def prior_mediation(self) -> str:
        return shown_percent(self.figures.prior_mediation_rate)

    @property
    def success(self) -> str:
        return shown_percent(self.figures.success_rate)

    @property
    def days(self) -> str:
        days = _days(self.figures.avg_days_to_close)
        return "—" if days is None else str(days)

    @property
    def agreed(self) -> str:
        return yuan(self.figures.agreed)

    @property
    def paid(self) -> str:
        return yuan(self.figures.paid)

    @property
    def cells(self) -> SafeString:
        """The line's cells, drawn here: a line per organisation, street, section and month, and eleven
        lookups per line in the template language were most of the page's time beside its SQL."""
        f = self.figures
        return format_html(
            _CELLS,
            self.label,
            f.received,
            f.mediated,
            self.prior_mediation,
            f.settled,
            f.failed,
            self.success,
            self.days,
            " dash-alert" if f.overdue else "",
            f.overdue,
            self.agreed,
            self.paid,
        )


_NUMBER = '<td class="num dash-n">{}</td>'
_CELLS = "<td>{}</td>" + _NUMBER * 7 + '<td class="num dash-n{}">{}</td>' + _NUMBER * 2


EXPORT_HEADERS = [
    gettext_lazy("收案数"),
    gettext_lazy("经调解数"),
    gettext_lazy("先行调解率（%）"),
    gettext_lazy("调解成功数"),
    gettext_lazy("调解不成数"),
    gettext_lazy("调解成功率（%）"),
    gettext_lazy("结案数"),
    gettext_lazy("平均结案天数"),
    gettext_lazy("超期数"),
    gettext_lazy("请求金额（元）"),
    gettext_lazy("协议金额（元）"),
    gettext_lazy("履行金额（元）"),
]


def _cells(label: str, f: Figures) -> list:
    return [
        label,
        f.received,
        f.mediated,
        percent(f.prior_mediation_rate),
        f.settled,
        f.failed,
        percent(f.success_rate),
        f.closed,
        _days(f.avg_days_to_close),
        f.overdue,
        float(f.claimed),
        float(f.agreed),
        float(f.paid),
    ]


# --- the page ----------------------------------------------------------------------------------------------


@dataclass
class Statistics:
    total: Figures
    organisations: list[tuple[object, str, Figures]]
    streets: list[tuple[object, str, Figures]]
    industries: list[tuple[object, str, Figures]]
    months: list[tuple[object, str, Figures]]

    def tables(self) -> list[tuple[str, str, list[Row]]]:
        """(key, title, rows) for each table, in page order."""
        return [
            (key, title, [Row(label, f) for _k, label, f in rows])
            for key, title, rows in (
                ("organisation", _("按调解组织"), self.organisations),
                ("street", _("按街镇（用工所在地）"), self.streets),
                ("industry", _("按行业门类"), self.industries),
                ("month", _("按月份（收到申请）"), self.months),
            )
        ]


def statistics(selection: metrics.Selection) -> Statistics:
    """The totals and four groupings: two small queries each (monthly figures, overdue cases)."""
    return Statistics(
        total=metrics.figures(selection),
        organisations=metrics.figures_by(selection, "organisation"),
        streets=metrics.figures_by(selection, "street"),
        industries=metrics.figures_by(selection, "industry"),
        months=metrics.figures_by(selection, "month"),
    )


def _charts(stats: Statistics) -> list[tuple[str, str, dict]]:
    """(source id, kind, data) for each chart, in page order."""
    months = [label for _k, label, _f in stats.months]
    trend = {
        "title": _("月度收案趋势"),
        "categories": months,
        "series": [
            {"name": _("收案数"), "values": [f.received for _k, _l, f in stats.months]},
            {"name": _("经调解数"), "values": [f.mediated for _k, _l, f in stats.months]},
            {"name": _("调解成功数"), "values": [f.settled for _k, _l, f in stats.months]},
        ],
    }
    rates = {
        "title": _("月度先行调解率与调解成功率"),
        "categories": months,
        "unit": "%",
        "series": [
            {
                "name": _("先行调解率"),
                "values": [percent(f.prior_mediation_rate) for *_kl, f in stats.months],
            },
            {"name": _("调解成功率"), "values": [percent(f.success_rate) for *_kl, f in stats.months]},
        ],
    }
    today = timezone.localdate()
    keys = [k for k, _l, _f in stats.months]
    mark_partial_month(trend, keys, today)
    mark_partial_month(rates, keys, today)
    top = stats.organisations[:TOP_ORGANISATIONS]
    organisations = bar_chart(_("收案数居前的调解组织"), [(_short(name), f.received) for _pk, name, f in top])
    industries = bar_chart(
        _("各行业门类收案数"), [(label[:4], f.received) for _k, label, f in stats.industries]
    )
    return finished(
        [
            ("chart-trend", "line", trend),
            ("chart-rates", "line", rates),
            ("chart-organisations", "bar", organisations),
            ("chart-industries", "bar", industries),
        ]
    )


def _short(name: str) -> str:
    """Chart labels: the organisation's own words, without the long common suffixes."""
    for long, short in (
        ("劳动争议调解委员会", ""),
        ("劳动争议调解中心", "中心"),
        ("劳动争议调解室", ""),
        ("调解工作室", ""),
    ):
        name = name.replace(long, short)
    return name.replace("有限公司", "").strip("“”")[:5]


def _options(user: User) -> tuple[list[Organisation], list[Organisation]]:
    """The mediating organisations in the user's scope, and the streets of the user's district (those under
    the bureaus above the user's organisation, or under the organisation itself): the organisation table
    alone, where listing the streets the cases name would scan them all."""
    organisations = [o for o in active_organisations(user) if o.kind in MEDIATING_KINDS]
    return organisations, district_streets(user)


@dataclass
class Requested:
    """The statistics a request asks for (the filter bar's `from`, `to`, `organisation`, `street`), with
    the options the user may choose from: the page and the API answer the same."""

    filter: DashboardFilter
    stats: Statistics
    organisations: list[Organisation]
    streets: list[Organisation]


def requested(request) -> Requested:
    user = request.user
    allow(user, may_view)
    organisations, streets = _options(user)
    f = asked(request, streets, organisations)
    return Requested(f, statistics(_selection(user, f)), organisations, streets)


@login_required
def dashboard(request):
    page = requested(request)
    f, stats, organisations, streets = page.filter, page.stats, page.organisations, page.streets
    if exporting(request):
        return _export(stats, f)
    total = Row(_("合计"), stats.total)
    prior, yoy = year_before(f), {}
    if prior is not None:
        before = metrics.sums(_selection(request.user, prior))
        yoy = {
            "received": year_on_year(stats.total.received, before.received),
            "agreed": year_on_year(stats.total.agreed, before.agreed),
        }
    return render(
        request,
        "disputes/dashboard.html",
        {
            "filter": f,
            "organisations": organisations,
            "streets": streets,
            "stats": stats,
            "total": total,
            "tables": stats.tables(),
            "charts": _charts(stats),
            "agreed_wan": wan(stats.total.agreed),
            "paid_wan": wan(stats.total.paid),
            "claimed_wan": wan(stats.total.claimed),
            "yoy": yoy,
            "definitions": {key: (label, text) for key, label, text in metrics.DEFINITIONS},
            "definition_list": metrics.DEFINITIONS,
            "today": timezone.localdate(),
        },
    )


def _export(stats: Statistics, f: DashboardFilter):
    """The page's tables as sheets, each ending with the same 合计 line as the page, plus the filter used,
    the headline figures and the definitions."""
    firsts = {
        "organisation": _("调解组织"),
        "street": _("街镇"),
        "industry": _("行业门类"),
        "month": _("月份"),
    }
    return workbook(
        _("劳动争议统计"),
        [
            (_("收到申请月份"), f.period.label()),
            (_("调解组织"), f.organisation.name if f.organisation else _("全部")),
            (_("街镇"), f.street.name if f.street else _("全部")),
        ],
        [str(h) for h in EXPORT_HEADERS],
        _cells("", stats.total)[1:],
        [
            (title, firsts[key], [_cells(r.label, r.figures) for r in rows])
            for key, title, rows in stats.tables()
        ],
        metrics.DEFINITIONS,
    )


urlpatterns = [path("dashboard/", dashboard, name="dashboard")]
