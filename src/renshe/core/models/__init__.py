from .access import ApiToken, DataKeyRecord
from .calendar import CalendarOverride, HolidaySchedule
from .documents import FileState, IssuedDocument, StoredFile
from .numbering import CaseSequence
from .organisation import Organisation, OrganisationKind, User
from .preferences import ListPreference
from .registry import Dictionary, DictionaryEntry, Enterprise, EnterpriseSize, Industry, Person, Region, Sex
from .timeline import AppendOnlyError, Event, TimelineAnchor
from .work import Notification, WorkItem, WorkItemStatus

__all__ = [
    "ApiToken",
    "AppendOnlyError",
    "CalendarOverride",
    "CaseSequence",
    "DataKeyRecord",
    "Dictionary",
    "DictionaryEntry",
    "Enterprise",
    "EnterpriseSize",
    "Event",
    "FileState",
    "TimelineAnchor",
    "HolidaySchedule",
    "Industry",
    "IssuedDocument",
    "ListPreference",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "Person",
    "Region",
    "Sex",
    "StoredFile",
    "User",
    "WorkItem",
    "WorkItemStatus",
]
