"""Writes for the core domain: one function per transition. Each checks permission, validates, runs in
one transaction and records a timeline event; views and the API only parse input and call these."""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import identity
from .errors import Conflict, PermissionDenied, ValidationFailed
from .law import StatutoryPeriod
from .models import (
    CalendarOverride,
    Enterprise,
    EnterpriseSize,
    HolidaySchedule,
    Industry,
    Organisation,
    OrganisationKind,
    Person,
    Region,
    User,
    WorkItem,
    WorkItemStatus,
)
from .notices import Notice, notify
from .roles import APPOINTED, Capability, Role
from .scope import covers, user_covers
from .subjects import subject_of
from .timeline import diff, record_event
from .workdays import compute_deadline, library_confirmed_years, unconfirmed_years

M = TypeVar("M", bound=Model)


def official(message: str | Promise, **params: object) -> str:
    """Text kept in records (timeline, tasks, reminders) is written in the bureau's language, whatever
    language the acting user's screen is in, so that the record reads the same for everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    return text % params if params else text


def not_future(day: date, field: str) -> date:
    """A date a user gave for something that has happened: not after today."""
    if day > timezone.localdate():
        raise ValidationFailed(_("日期不能晚于今天"), field=field)
    return day


def require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise PermissionDenied()


# --- organisations -------------------------------------------------------------------------------


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    short_name: str = "",
    case_prefix: str = "",
    region: Region | None = None,
    by: User | None = None,
) -> Organisation:
    if kind not in OrganisationKind.values:
        raise ValidationFailed(_("机构类型无效"), field="kind")
    if by is not None:
        require(by, Capability.MANAGE_USERS)
        if parent is None or not covers(by, parent):
            raise PermissionDenied(_("只能在本人数据范围内的机构下新建机构"))
    org = Organisation.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        case_prefix=case_prefix,
        path="",
        depth=(parent.depth + 1) if parent else 0,
        region=region,
    )
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    record_event(
        org, "organisation.created", official("新建机构：%(name)s", name=name), actor=by, organisation=org
    )
    return org


# --- enterprises ---------------------------------------------------------------------------------

ENTERPRISE_FIELDS = [
    "name",
    "industry_id",
    "street_id",
    "size",
    "legal_representative",
    "address",
    "contact_phone",
    "employee_count",
]


@dataclass
class EnterpriseInput:
    name: str
    industry: str  # GB/T 4754 code
    street: int  # Organisation id
    size: str
    legal_representative: str
    address: str = ""
    contact_phone: str = ""
    employee_count: int | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "EnterpriseInput":
        """From a form's cleaned_data or an API payload's dict: the fields this input has, nothing else."""
        return cls(**{f.name: data[f.name] for f in dataclass_fields(cls) if f.name in data})


def _clean_enterprise(data: EnterpriseInput, by: User) -> dict:
    name = data.name.strip()
    if not name:
        raise ValidationFailed(_("请填写企业名称"), field="name")
    if not data.legal_representative.strip():
        raise ValidationFailed(_("请填写法定代表人"), field="legal_representative")
    industry = Industry.objects.filter(code=data.industry).first()
    if industry is None:
        raise ValidationFailed(_("行业代码不在《国民经济行业分类》字典中"), field="industry")
    street = Organisation.objects.filter(pk=data.street, kind=OrganisationKind.STREET).first()
    if street is None or not covers(by, street):
        raise ValidationFailed(_("所在街镇不存在或不在您的数据范围内"), field="street")
    if data.size not in EnterpriseSize.values:
        raise ValidationFailed(_("企业规模无效"), field="size")
    if data.employee_count is not None and data.employee_count < 0:
        raise ValidationFailed(_("职工人数不能为负数"), field="employee_count")
    phone = identity.parse_phone(data.contact_phone, "contact_phone") if data.contact_phone.strip() else ""
    return {
        "name": name,
        "industry": industry,
        "street": street,
        "size": data.size,
        "legal_representative": data.legal_representative.strip(),
        "address": data.address.strip(),
        "contact_phone": phone,
        "employee_count": data.employee_count,
    }


def register_enterprise(*, by: User, credit_code: str, data: EnterpriseInput) -> Enterprise:
    require(by, Capability.MANAGE_REGISTRY)
    code = identity.parse_credit_code(credit_code)
    fields = _clean_enterprise(data, by)
    try:
        with transaction.atomic():
            if Enterprise.objects.filter(credit_code=code).exists():
                raise IntegrityError
            enterprise = Enterprise.objects.create(credit_code=code, created_by=by, **fields)
            record_event(
                enterprise,
                "enterprise.registered",
                official("登记企业：%(name)s", name=enterprise.name),
                actor=by,
                enterprise=enterprise,
                organisation=enterprise.street,
                changes={"credit_code": code, "name": enterprise.name},
            )
    except IntegrityError:
        existing = Enterprise.objects.filter(credit_code=code).first()
        raise ValidationFailed(
            _("该统一社会信用代码已登记为“%(name)s”") % {"name": existing.name if existing else code},
            field="credit_code",
        ) from None
    return enterprise


def update_enterprise(enterprise: Enterprise, *, by: User, version: int, data: EnterpriseInput) -> Enterprise:
    """Optimistic lock: `version` is what the editor saw; someone else's save in between is a Conflict."""
    require(by, Capability.MANAGE_REGISTRY)
    fields = _clean_enterprise(data, by)
    with transaction.atomic():
        current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if current.version != version:
            raise Conflict()
        before = {f: getattr(current, f) for f in ENTERPRISE_FIELDS}
        for key, value in fields.items():
            setattr(current, key, value)
        changes = diff(current, before, ENTERPRISE_FIELDS)
        if not changes:
            return current
        current.version += 1
        current.save()
        close_work_items(current, kind="enterprise.complete")
        record_event(
            current,
            "enterprise.updated",
            official("修改企业信息：%(name)s", name=current.name),
            actor=by,
            enterprise=current,
            organisation=current.street,
            changes=changes,
        )
    return current


# --- people --------------------------------------------------------------------------------------


def _create_person(
    citizen: identity.CitizenId,
    *,
    name: str,
    phone: str,
    address: str,
    organisation: Organisation,
    by: User | None,
) -> Person:
    """Insert a validated person and record it; an area code unknown for the birth year puts a check on the
    district administrators' workbench (the number is accepted: real older IDs carry retired codes)."""
    person = Person.objects.create(
        id_number=citizen.number,
        name=name,
        sex=citizen.sex,
        birth_date=citizen.birth_date,
        phone=phone,
        address=address,
        organisation=organisation,
        created_by=by,
        id_area_unverified=not citizen.area_known,
    )
    record_event(
        person,
        "person.registered",
        official("登记人员：%(name)s", name=name),
        actor=by,
        organisation=organisation,
        changes={"id_number": person.masked_id},
    )
    if not citizen.area_known:
        open_work_item(
            person,
            kind="person.verify_id",
            organisation=organisation,
            role=Role.DEPARTMENT_ADMIN,
            title=official("核实身份证号码地区码：%(name)s %(id)s", name=name, id=person.masked_id),
            starts_on=timezone.localdate(),
            due_on=timezone.localdate() + timedelta(days=5),
            url=f"/people/{person.pk}/",
        )
    return person


def register_person(
    *,
    by: User,
    id_number: str,
    name: str,
    phone: str = "",
    address: str = "",
    organisation: Organisation | None = None,
) -> Person:
    require(by, Capability.MANAGE_REGISTRY)
    citizen = identity.parse_citizen_id(id_number)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("请填写姓名"), field="name")
    phone = identity.parse_phone(phone) if phone.strip() else ""
    organisation = organisation or by.organisation
    if organisation is None or not covers(by, organisation):
        raise ValidationFailed(_("登记机构不在您的数据范围内"), field="organisation")
    try:
        with transaction.atomic():
            if Person.objects.with_id_number(citizen.number).exists():
                raise IntegrityError
            return _create_person(
                citizen, name=name, phone=phone, address=address.strip(), organisation=organisation, by=by
            )
    except IntegrityError:
        raise ValidationFailed(_("该身份证号码已登记"), field="id_number") from None


def _created_or_found(create: Callable[[], M], find: Callable[[], M | None]) -> M:
    """A registry record created, or, when another transaction has just created the same one (its unique
    key: an ID number, a credit code), that one: co-workers applying at the same moment, or a form sent
    twice, share the record instead of failing. On PostgreSQL the INSERT waits for the other transaction and
    fails once it commits; the savepoint undoes this one's half-made record, and the lookup, a new
    statement, sees the committed one. If the other rolled back, the INSERT went through."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found


def find_or_register_person(
    *,
    id_number: str,
    name: str,
    phone: str = "",
    organisation: Organisation,
    by: User | None,
    field: str = "id_number",
) -> Person:
    """For a case's parties: the registered person with this ID, or a new one. The caller has already
    authorised the case itself (a public application has no user), so no registry permission is asked."""
    citizen = identity.parse_citizen_id(id_number, field)
    existing = Person.objects.with_id_number(citizen.number).first()
    if existing:
        return existing
    if not name.strip():
        raise ValidationFailed(_("请填写姓名"), field=field)
    phone = identity.parse_phone(phone, field) if phone.strip() else ""
    return _created_or_found(
        lambda: _create_person(
            citizen, name=name.strip(), phone=phone, address="", organisation=organisation, by=by
        ),
        lambda: Person.objects.with_id_number(citizen.number).first(),
    )


def find_or_name_enterprise(
    *, credit_code: str, name: str, street: Organisation, by: User | None
) -> Enterprise:
    """A respondent named in an application: the registered enterprise, or a provisional record that staff
    complete (industry, size, legal representative) from a task on the street's workbench."""
    code = identity.parse_credit_code(credit_code)
    existing = Enterprise.objects.filter(credit_code=code).first()
    if existing:
        return existing
    if not name.strip():
        raise ValidationFailed(_("请填写企业名称"), field="respondent_name")
    return _created_or_found(
        lambda: _name_enterprise(code, name.strip(), street, by),
        lambda: Enterprise.objects.filter(credit_code=code).first(),
    )


def _name_enterprise(code: str, name: str, street: Organisation, by: User | None) -> Enterprise:
    enterprise = Enterprise.objects.create(credit_code=code, name=name, street=street, created_by=by)
    record_event(
        enterprise,
        "enterprise.named",
        official("申请中新登记企业：%(name)s", name=enterprise.name),
        actor=by,
        enterprise=enterprise,
        organisation=street,
        changes={"credit_code": code},
    )
    open_work_item(
        enterprise,
        kind="enterprise.complete",
        organisation=street,
        role=Role.DEPARTMENT_ADMIN,
        title=official("补充企业信息：%(name)s", name=enterprise.name),
        starts_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=5),
        url=f"/enterprises/{enterprise.pk}/edit/",
    )
    return enterprise


@transaction.atomic
def confirm_person_identity(person: Person, *, by: User) -> Person:
    require(by, Capability.MANAGE_REGISTRY)
    Person.objects.filter(pk=person.pk).update(id_area_unverified=False)
    person.id_area_unverified = False
    close_work_items(person, kind="person.verify_id")
    record_event(
        person,
        "person.identity_confirmed",
        official("核实身份证号码：%(name)s", name=person.name),
        actor=by,
        organisation=person.organisation,
    )
    return person


@transaction.atomic
def reveal_personal_data(person: Person, *, by: User) -> dict[str, str]:
    """Full ID and phone, for a user allowed to see them; every look is on the person's timeline."""
    require(by, Capability.UNMASK_PERSONAL_DATA)
    record_event(
        person,
        "person.revealed",
        official("查看完整证件号码和电话：%(name)s", name=person.name),
        actor=by,
        organisation=person.organisation,
    )
    return {"id_number": person.id_number, "phone": person.phone}


# --- work items (我的待办) ---------------------------------------------------------------------------


def due_soon_date(starts_on: date, due_on: date) -> date:
    span = (due_on - starts_on).days
    return starts_on + timedelta(days=math.ceil(span * settings.RENSHE_DUE_SOON_SHARE))


def open_work_item(
    subject: Model,
    *,
    kind: str,
    title: str,
    organisation: Organisation,
    starts_on: date,
    role: str = "",
    assignee: User | None = None,
    period: StatutoryPeriod | None = None,
    due_on: date | None = None,
    url: str = "",
) -> WorkItem:
    """Put a task on a workbench, due on `due_on` or at the end of the statutory `period` (computed with the
    statutory calendar), or both: the `period` the caller has computed `due_on` for (with an extension, a
    suspension …). A task with a period carries its citation, and is flagged while its span reaches into a
    year whose holiday schedule is not confirmed (workdays.unconfirmed_years, as the case page says)."""
    if due_on is None:
        if period is None:
            raise ValueError("give a period or a due date")
        due_on = compute_deadline(period, starts_on).due
    citation = official(period.citation) if period is not None else ""
    unconfirmed = period is not None and bool(unconfirmed_years(starts_on, due_on))
    return WorkItem.objects.create(
        kind=kind,
        title=title[:200],
        **subject_of(subject),
        url=url,
        organisation=organisation,
        role=role,
        assignee=assignee,
        starts_on=starts_on,
        due_soon_on=due_soon_date(starts_on, due_on),
        due_on=due_on,
        period_citation=citation,
        schedule_unconfirmed=unconfirmed,
    )


def reschedule_work_items(subject: Model, *, kind: str, due_on: date) -> None:
    """Keep the subject's open tasks of `kind` on its new due date (after an extension, a suspension, a
    restart), with their due-soon day moved to match."""
    for item in WorkItem.objects.filter(**subject_of(subject), kind=kind, status=WorkItemStatus.OPEN):
        item.due_on = due_on
        item.due_soon_on = due_soon_date(item.starts_on, due_on)
        item.schedule_unconfirmed = bool(item.period_citation) and bool(
            unconfirmed_years(item.starts_on, due_on)
        )
        item.save(update_fields=["due_on", "due_soon_on", "schedule_unconfirmed"])


def close_work_items(subject: Model, *, kind: str | None = None) -> int:
    items = WorkItem.objects.filter(
        **subject_of(subject),
        status=WorkItemStatus.OPEN,
    )
    if kind:
        items = items.filter(kind=kind)
    return items.update(status=WorkItemStatus.DONE, closed_at=timezone.now())


def holders(role: str, organisation: Organisation) -> list[User]:
    """The active users with `role` whose scope covers `organisation`: who an unassigned task, or a
    message about the organisation's cases, goes to."""
    return _covering(User.objects.filter(role=role), organisation)


def office_holders(capability: str, organisation: Organisation) -> list[User]:
    """The active users granted the office's `capability` (roles.APPOINTED) whose scope covers
    `organisation`: who decides there (a recusal: the commission's director or institute head)."""
    candidates = User.objects.filter(role__in=APPOINTED.get(capability, ()))
    return [u for u in _covering(candidates, organisation) if u.can(capability)]


def _covering(users: QuerySet[User], organisation: Organisation) -> list[User]:
    ancestor_ids = [int(i) for i in organisation.path.strip("/").split("/")]
    candidates = users.filter(is_active=True).select_related("organisation")
    candidates = candidates.filter(organisation_id__in=ancestor_ids) | candidates.filter(data_scope="chosen")
    return [u for u in candidates.distinct().order_by("pk") if user_covers(u, organisation)]


def recipients(item: WorkItem) -> list[User]:
    if item.assignee is not None:
        return [item.assignee]
    return holders(item.role, item.organisation)


def send_due_reminders(today: date | None = None) -> int:
    """Notify the people responsible for tasks that are due soon or overdue. Idempotent: a task gets at
    most one due-soon and one overdue reminder per person, however often this runs or is retried."""
    today = today or timezone.localdate()
    sent = 0
    open_items = WorkItem.objects.filter(status=WorkItemStatus.OPEN).select_related(
        "organisation", "assignee"
    )
    for kind, stamp, items in (
        (
            "due_soon",
            "reminded_on",
            open_items.filter(due_soon_on__lte=today, due_on__gte=today, reminded_on__isnull=True),
        ),
        (
            "overdue",
            "overdue_reminded_on",
            open_items.filter(due_on__lt=today, overdue_reminded_on__isnull=True),
        ),
    ):
        for item in items:
            template = (
                "即将到期：%(title)s（%(due)s）" if kind == "due_soon" else "已超期：%(title)s（%(due)s）"
            )
            text = official(template, title=item.title, due=item.due_on.isoformat())
            with transaction.atomic():
                sent += notify(recipients(item), Notice(kind, text, url=item.url, work_item=item))
                WorkItem.objects.filter(pk=item.pk).update(**{stamp: today})
    return sent


# --- statutory calendar ----------------------------------------------------------------------------


def ensure_schedule_confirmation_task(year: int) -> HolidaySchedule | None:
    """When `year` has no confirmed holiday schedule, ask each bureau's administrators to enter it.
    Run by a periodic job from November, when the State Council usually publishes the next year's."""
    if year in library_confirmed_years():
        return None
    with transaction.atomic():
        schedule, created = HolidaySchedule.objects.get_or_create(year=year)
        if schedule.confirmed or not created:
            return schedule
        record_event(schedule, "calendar.schedule_pending", official("%(year)s年节假日安排待确认", year=year))
        today = timezone.localdate()
        for bureau in Organisation.objects.filter(
            kind__in=[OrganisationKind.BUREAU, OrganisationKind.MUNICIPAL_BUREAU]
        ):
            open_work_item(
                schedule,
                kind="calendar.confirm_schedule",
                organisation=bureau,
                role=Role.DEPARTMENT_ADMIN,
                title=official("录入并确认%(year)s年法定节假日及调休安排", year=year),
                starts_on=today,
                due_on=date(year - 1, 12, 31) if today.year < year else today,
                url="/calendar/",
            )
    return schedule


@transaction.atomic
def confirm_holiday_schedule(
    year: int, *, by: User, source: str, days: Sequence[tuple[date, bool, str]] = ()
) -> HolidaySchedule:
    """Record a published schedule: `days` are (date, is_working_day, note) where it departs from the
    weekly pattern or the library. Closes the confirmation task on every bureau's workbench."""
    require(by, Capability.MANAGE_CALENDAR)
    if not source.strip():
        raise ValidationFailed(_("请填写国务院办公厅通知的文号"), field="source")
    for day, _working, _note in days:
        if day.year != year:
            raise ValidationFailed(_("%(day)s 不在%(year)s年内") % {"day": day, "year": year}, field="days")
    schedule, _created = HolidaySchedule.objects.select_for_update().get_or_create(year=year)
    if schedule.confirmed:
        raise Conflict(_("%(year)s年节假日安排已确认") % {"year": year})
    for day, working, note in days:
        CalendarOverride.objects.update_or_create(day=day, defaults={"is_working_day": working, "note": note})
    schedule.confirmed, schedule.source = True, source.strip()
    schedule.confirmed_by, schedule.confirmed_at = by, timezone.now()
    schedule.save()
    close_work_items(schedule)
    # the open tasks whose span reached into the year: no longer to be checked, unless another year is
    flagged = WorkItem.objects.filter(
        status=WorkItemStatus.OPEN,
        schedule_unconfirmed=True,
        starts_on__year__lte=year,
        due_on__year__gte=year,
    )
    for item in flagged:
        if not unconfirmed_years(item.starts_on, item.due_on):
            WorkItem.objects.filter(pk=item.pk).update(schedule_unconfirmed=False)
    record_event(
        schedule,
        "calendar.schedule_confirmed",
        official("确认%(year)s年节假日安排", year=year),
        actor=by,
        changes={"source": schedule.source, "days": [[d.isoformat(), w, n] for d, w, n in days]},
    )
    return schedule
