from .access import PERSONAL_KEY_PREFIX, ApiClient, ApiToken, CredentialAddress, DataKeyRecord
from .calendar import CalendarOverride, HolidaySchedule
from .documents import FileState, IssuedDocument, StoredFile
from .idempotency import IdempotentRequest
from .jobs import JobOutcome, JobRun
from .numbering import CaseSequence
from .organisation import Organisation, OrganisationKind, User
from .parameters import AmountKind, PeriodOverride, StatutoryAmount
from .preferences import ListPreference, MessageKind, NotificationPreference
from .registry import Dictionary, DictionaryEntry, Enterprise, EnterpriseSize, Industry, Person, Region, Sex
from .timeline import AppendOnlyError, Event, TimelineAnchor
from .work import WorkItem, WorkItemStatus

__all__ = [
    "AmountKind",
    "JobOutcome",
    "JobRun",
    "MessageKind",
    "NotificationPreference",
    "PeriodOverride",
    "StatutoryAmount",
    "ApiClient",
    "ApiToken",
    "CredentialAddress",
    "PERSONAL_KEY_PREFIX",
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
    "IdempotentRequest",
    "Industry",
    "IssuedDocument",
    "ListPreference",
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
