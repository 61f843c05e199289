"""The statistics page over HTTP: the same figures, filter and scope as GET /disputes/dashboard/."""

from renshe.core.api import ErrorOut

from .. import dashboard
from .case import cases
from .schemas import StatisticsOut


def _groups(rows) -> list[dict]:
    return [{"key": str(key), "label": label, "figures": f} for key, label, f in rows]


@cases.get(
    "/statistics",
    "The statistics page: totals and figures by mediating organisation, street, industry, month",
    response={200: StatisticsOut, 403: ErrorOut},
    description="Query as the page's filter bar: `from` and `to` are months (YYYY-MM; without both, the last "
    "twelve months), `organisation` a mediating organisation (with those under it), `street` a street id. "
    "Out-of-scope choices are ignored. Definitions: GET /disputes/dashboard/ and disputes/metrics.py.",
)
def statistics(request):
    asked = dashboard.requested(request)
    f, stats = asked.filter, asked.stats
    return {
        "received_from": f"{f.received_from:%Y-%m}" if f.received_from else None,
        "received_to": f"{f.received_to:%Y-%m}" if f.received_to else None,
        "organisation": f.organisation.pk if f.organisation else None,
        "street": f.street.pk if f.street else None,
        "total": stats.total,
        "organisations": _groups(stats.organisations),
        "streets": _groups(stats.streets),
        "industries": _groups(stats.industries),
        "months": _groups(stats.months),
    }
