"""The mediation clock (劳动争议调解仲裁法 第十四条) as the lists and the case page show it."""

from datetime import date

from renshe.core.casepages import due_state as limit_state

from ..models import DisputeCase
from ..workflow import MEDIATION_OPEN


def due_state(case: DisputeCase, today: date) -> str:
    """While the mediation clock runs: overdue, due-soon or on-track; otherwise empty."""
    if case.status not in MEDIATION_OPEN or not case.mediation_due_on:
        return ""
    return limit_state(case.received_on, case.mediation_due_on, today)
