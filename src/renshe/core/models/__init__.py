from .access import ApiToken
from .calendar import CalendarOverride, HolidaySchedule
from .numbering import CaseSequence
from .organisation import Organisation, OrganisationKind, User
from .registry import Dictionary, DictionaryEntry, Enterprise, EnterpriseSize, Industry, Person, Region, Sex
from .timeline import AppendOnlyError, Event, TimelineAnchor
from .work import Notification, WorkItem, WorkItemStatus

__all__ = [
    "ApiToken",
    "AppendOnlyError",
    "CalendarOverride",
    "CaseSequence",
    "Dictionary",
    "DictionaryEntry",
    "Enterprise",
    "EnterpriseSize",
    "Event",
    "TimelineAnchor",
    "HolidaySchedule",
    "Industry",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "Person",
    "Region",
    "Sex",
    "User",
    "WorkItem",
    "WorkItemStatus",
]
