"""The statutory limit running on an inspection case, as the lists and the case page show it."""

from datetime import date

from renshe.core import law
from renshe.core.casepages import due_state as limit_state

from ..models import InspectionCase
from ..workflow import FILED, Status


def clock(case: InspectionCase) -> tuple[law.StatutoryPeriod, date, date] | None:
    """The statutory time limit running now: acceptance review while registered (若干规定 第十八条), then
    the investigation (条例 第十七条) while the case is filed and open."""
    if case.status == Status.RECEIVED and case.acceptance_due_on:
        return law.COMPLAINT_ACCEPTANCE, case.received_on, case.acceptance_due_on
    if case.status in FILED and case.investigation_due_on and case.filed_on:
        return law.INVESTIGATION_PERIOD, case.filed_on, case.investigation_due_on
    return None


def due_state(case: InspectionCase, today: date) -> str:
    """overdue, due-soon or on-track while a limit runs; otherwise empty."""
    running = clock(case)
    if running is None:
        return ""
    _period, start, due = running
    return limit_state(start, due, today)
