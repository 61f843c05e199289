"""Public tracking of a report (网上查询投诉举报处理进度): a report from the portal is given a query code once
(core.querycodes, as a dispute application is), and the reporter follows the case it was registered on or
joined with the case's number and that code. Each report keeps its own code's digest, so the workers of one
case, who complained apart, each follow it with their own."""

from typing import Any

from django.db import transaction

from renshe.core.querycodes import new_query_code, query_digest

from ..models import Report
from .intake import register_report

_PURPOSE = "renshe.inspection.report.query"


@transaction.atomic
def register_tracked_report(**report: Any) -> tuple[Report, str]:
    """A report registered as `register_report` does, and the query code its reporter follows it with."""
    registered = register_report(**report)
    code = new_query_code()
    assert registered.case is not None  # registered on a case or joined to one
    registered.query_digest = query_digest(_PURPOSE, registered.case.number, code)
    registered.save(update_fields=["query_digest"])
    return registered, code


def find_report_by_query_code(number: str, code: str) -> Report | None:
    """The portal's lookup: the report given `code` on the case numbered `number`, or None (a wrong number
    and a wrong code alike). The digest is keyed, so comparing it in the database tells a guesser nothing."""
    return (
        Report.objects.filter(case__number=number.strip(), query_digest=query_digest(_PURPOSE, number, code))
        .select_related("case__organisation", "respondent")
        .first()
    )
