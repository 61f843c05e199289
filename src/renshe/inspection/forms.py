"""Forms for the inspection pages. They parse and check the shape of input (a date, an amount, a valid ID);
the services decide everything else and their refusals are shown on the same fields. The small building
blocks (date widgets, money fields, the action form with its case version) are core's."""

from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renshe.core import identity, law
from renshe.core.actions import ActionForm, RowSet
from renshe.core.forms import (
    MonthField,
    NameField,
    PersonFields,
    RespondentFields,
    TodayMixin,
    checked,
    date_input,
    decision_field,
    money_field,
)
from renshe.core.models import Enterprise, Organisation, OrganisationKind, User
from renshe.core.money import ZERO
from renshe.core.roles import Role
from renshe.core.selectors import organisations_for

from . import rules, services
from .models import (
    BodyKind,
    HandlingDecision,
    MeetingTask,
    PenaltyDecision,
    RecordKind,
    RectificationOrder,
    Report,
    ReportChannel,
    ReportKind,
    ReportStatus,
    ServiceMethod,
)
from .selectors import InspectionFilter
from .workflow import Status

RESPONDENT_CHOICES_MAX = 500  # beyond that the credit code finds the enterprise (registered or not)
MAX_MONTHS_PER_ROW = 60  # five years of arrears in one row: more is a typing error


SITE_CHECK_DAYS = 3  # the grid's usual turnaround offered for a site check; the brigade may change it


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def months_between(first: date, last: date) -> list[date]:
    """The first day of each month from `first` to `last`, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def district_streets(brigades: list[Organisation]):
    """The streets of the districts the brigades serve (条例 第十三条: where the labour is used)."""
    paths = [b.parent.path for b in brigades if b.parent_id]
    streets = Organisation.objects.filter(kind=OrganisationKind.STREET, active=True)
    if not paths:
        return streets.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return streets.filter(q)


# --- counter registration ------------------------------------------------------------------------


class ReportForm(RespondentFields):
    Respondent = services.RespondentInput
    street_missing = _("请选择用工所在街镇")

    brigade = forms.TypedChoiceField(label=_("监察机构"), coerce=int)
    kind = forms.ChoiceField(
        label=_("类别"), choices=ReportKind.choices, widget=forms.RadioSelect, initial=ReportKind.COMPLAINT
    )
    channel = forms.ChoiceField(
        label=_("渠道"),
        choices=[(c, label) for c, label in ReportChannel.choices if c in ("counter", "hotline")],
        initial=ReportChannel.COUNTER,
    )
    external_reference = forms.CharField(
        label=_("外部工单号"), max_length=40, required=False, help_text=_("12345热线等转办的工单号")
    )
    received_on = forms.DateField(label=_("收到日期"), widget=date_input())
    violation_ended_on = forms.DateField(
        label=_("违法行为终了日"),
        required=False,
        widget=date_input(),
        help_text=_("留空表示违法行为仍在继续；超过二年的不予受理（第二十条）"),
    )
    anonymous = forms.BooleanField(label=_("匿名举报"), required=False)
    reporter_name = NameField(label=_("举报人姓名"), max_length=50, required=False)
    reporter_id_number = forms.CharField(label=_("举报人身份证号码"), max_length=40, required=False)
    reporter_phone = forms.CharField(label=_("举报人电话"), max_length=30, required=False)
    reporter_contact = forms.CharField(
        label=_("其他联系方式"),
        max_length=60,
        required=False,
        help_text=_("举报人身份受保护，仅承办监察员可见"),
    )
    respondent_street = forms.TypedChoiceField(
        label=_("用工所在街镇"), coerce=int, required=False, empty_value=None
    )
    content = forms.CharField(
        label=_("投诉/举报内容"),
        max_length=5000,
        widget=textarea(5),
        help_text=_("写明欠薪的起止时间、涉及人数、金额和经过"),
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        in_scope = organisations_for(user).filter(kind=OrganisationKind.INSPECTION_BRIGADE, active=True)
        brigades = list(
            (in_scope | rules.grid_brigades(user)).distinct().select_related("parent").order_by("path")
        )
        self.brigades = brigades
        self.fields["brigade"].choices = [(b.pk, b.name) for b in brigades]
        if len(brigades) == 1:
            self.fields["brigade"].widget = forms.HiddenInput()
            self.initial.setdefault("brigade", brigades[0].pk)
        streets = district_streets(brigades)
        enterprises = (
            Enterprise.objects.filter(street__in=streets)
            .only("pk", "name", "credit_code")
            .order_by("name")[:RESPONDENT_CHOICES_MAX]
        )
        self.offer(enterprises, streets.order_by("path"))

    def clean_reporter_id_number(self):
        value = self.cleaned_data["reporter_id_number"].strip()
        return checked(identity.parse_citizen_id, value, "reporter_id_number").number if value else ""

    def clean_reporter_phone(self):
        value = self.cleaned_data["reporter_phone"].strip()
        return checked(identity.parse_phone, value, "reporter_phone") if value else ""

    def clean(self):
        data = super().clean()
        name, number = data.get("reporter_name", "").strip(), data.get("reporter_id_number")
        if (name or number) and not (name and number) and "reporter_id_number" not in self.errors:
            self.add_error(
                "reporter_name" if number else "reporter_id_number", _("登记举报人须同时填写姓名和身份证号码")
            )
        return data

    def reporter_input(self) -> services.WorkerInput | None:
        d = self.cleaned_data
        if not d.get("reporter_id_number"):
            return None
        return services.WorkerInput(d["reporter_id_number"], d["reporter_name"].strip(), d["reporter_phone"])

    def chosen_brigade(self) -> Organisation:
        return next(b for b in self.brigades if b.pk == self.cleaned_data["brigade"])


class WorkerForm(PersonFields):
    """One worker and the months owed, as a run of months at the same monthly amount (months at other
    amounts are added on the case's wage ledger)."""

    first_month = MonthField(label=_("欠薪起始月"))
    last_month = MonthField(label=_("欠薪截止月"))
    monthly = money_field(_("每月欠薪（元）"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last:
            if last < first:
                self.add_error("last_month", _("截止月不能早于起始月"))
            elif len(months_between(first, last)) > MAX_MONTHS_PER_ROW:
                self.add_error("last_month", _("欠薪月份超过五年，请核对"))
        return data

    def worker_input(self) -> services.WorkerInput:
        d = self.cleaned_data
        months = [(m, d["monthly"]) for m in months_between(d["first_month"], d["last_month"])]
        return services.WorkerInput(d["id_number"], d["name"].strip(), d["phone"], months)


WorkerFormSet = forms.formset_factory(WorkerForm, extra=2, max_num=500, validate_max=True)


def workers(formset) -> list[services.WorkerInput]:
    """The rows the user filled in (blank extra rows are skipped)."""
    return [f.worker_input() for f in formset.forms if f.cleaned_data]


# --- list filter ---------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The list's filter bar (GET). A malformed value is dropped rather than answered with an error."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", "")] + Status.choices)
    group_case = forms.ChoiceField(required=False, choices=[("", ""), ("1", _("是")), ("0", _("否"))])
    received_from = forms.DateField(required=False, widget=date_input())
    received_to = forms.DateField(required=False, widget=date_input())
    overdue = forms.BooleanField(required=False)

    def value(self) -> InspectionFilter:
        self.is_valid()
        d = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "")}
        group = d.get("group_case")
        return InspectionFilter(
            q=d.get("q", "").strip(),
            status=d.get("status", ""),
            group_case=None if group is None else group == "1",
            received_from=d.get("received_from"),
            received_to=d.get("received_to"),
            overdue=bool(d.get("overdue")),
        )


# --- actions on a case ---------------------------------------------------------------------------


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("理由"), max_length=300, widget=textarea(2))


class AcceptForm(TodayMixin, ActionForm):
    today_fields = ("filed_on",)
    filed_on = forms.DateField(label=_("立案日"), widget=date_input())


class RefuseReportForm(ActionForm):
    target_field = "report"
    report = forms.TypedChoiceField(label=_("投诉/举报"), coerce=int)
    reason = forms.CharField(
        label=_("不予受理理由"),
        max_length=300,
        required=False,
        widget=textarea(2),
        help_text=_("超过二年时效的已预填理由，可留空"),
    )

    def setup(self, case):
        self.reports = {
            r.pk: r
            for r in Report.objects.filter(
                case=case, status__in=(ReportStatus.PENDING, ReportStatus.LINKED)
            ).order_by("received_on", "id")
        }
        self.fields["report"].choices = [
            (
                pk,
                f"{r.get_kind_display()} {r.received_on:%Y-%m-%d}{' · ' + r.external_reference if r.external_reference else ''}",
            )
            for pk, r in self.reports.items()
        ]
        prefilled = next((r.refusal_reason for r in self.reports.values() if r.refusal_reason), "")
        if prefilled:
            self.initial.setdefault("reason", prefilled)

    def clean_report(self):
        return self.reports[self.cleaned_data["report"]]


def brigade_inspectors(case) -> dict[int, User]:
    return {
        u.pk: u
        for u in User.objects.filter(
            role=Role.INSPECTOR, is_active=True, organisation__path__startswith=case.organisation.path
        ).order_by("username")
    }


class InspectorsMixin:
    """A checkbox list of the brigade's inspectors, starting with those on the case."""

    def setup_inspectors(self, case):
        self.people = brigade_inspectors(case)
        self.fields["inspectors"].choices = [(pk, str(u)) for pk, u in self.people.items()]
        self.initial.setdefault("inspectors", [u.pk for u in case.inspectors.all()])

    def clean_inspectors(self):
        return [self.people[pk] for pk in self.cleaned_data["inspectors"]]


def inspectors_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("监察员"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("应由二名以上监察员进行（第十六条）"),
    )


class AssignForm(InspectorsMixin, ActionForm):
    inspectors = inspectors_field()

    def setup(self, case):
        self.setup_inspectors(case)


class RecordForm(InspectorsMixin, TodayMixin, ActionForm):
    today_fields = ("held_on",)
    kind = forms.ChoiceField(label=_("类别"), choices=RecordKind.choices)
    held_on = forms.DateField(label=_("日期"), widget=date_input())
    place = forms.CharField(label=_("地点"), max_length=120)
    inspectors = inspectors_field()
    persons_present = forms.CharField(label=_("被询问人/在场人"), max_length=300, required=False)
    content = forms.CharField(label=_("内容"), max_length=10000, widget=textarea(4))

    def setup(self, case):
        self.setup_inspectors(case)


class ExtendForm(ActionForm):
    approver = forms.TypedChoiceField(label=_("批准人"), coerce=int)
    reason = forms.CharField(label=_("延长理由"), max_length=300, widget=textarea(2))

    def setup(self, case):
        ancestors = [int(i) for i in case.organisation.path.strip("/").split("/") if i]
        self.approvers = {
            u.pk: u
            for u in User.objects.filter(
                role__in=services.APPROVERS, is_active=True, organisation_id__in=ancestors
            ).order_by("username")
        }
        self.fields["approver"].choices = [("", "——")] + [(pk, str(u)) for pk, u in self.approvers.items()]

    def clean_approver(self):
        return self.approvers[self.cleaned_data["approver"]]


def optional_money(label, help_text) -> forms.DecimalField:
    field = money_field(label, minimum=0)
    field.required, field.help_text = False, help_text
    return field


class OrderForm(TodayMixin, ActionForm):
    today_fields = ("issued_on",)
    issued_on = forms.DateField(label=_("发出日期"), widget=date_input())
    deadline = forms.DateField(label=_("履行期限"), widget=date_input())
    amount_to_pay = optional_money(_("应支付金额（元）"), _("按工资清欠台账的未付余额预填；留空同此"))
    requirements = forms.CharField(label=_("改正要求"), max_length=3000, widget=textarea(3))

    def defaults(self, case):
        return {
            **super().defaults(case),
            "amount_to_pay": case.balance,  # the ledger's amount still owed
            "requirements": _("于履行期限前足额支付拖欠的劳动者工资，并将支付凭证报送本大队。"),
        }


DOCUMENT_MODELS = {"order": RectificationOrder, "decision": HandlingDecision}


DOCUMENT_KINDS = {
    RectificationOrder: ("order", _("限期改正指令书")),
    HandlingDecision: ("decision", _("行政处理决定书")),
    PenaltyDecision: ("penalty", _("行政处罚决定书")),
}


class DocumentChoiceMixin:
    """A choice of the case's orders and decisions (`order:12`, `decision:3`, `penalty:1`) that the action
    applies to."""

    target_field = "document"

    def documents(self, case) -> list:
        return [*case.orders.all(), *case.decisions.all(), *case.penalties.all()]

    def setup(self, case):
        self.docs = {}
        for doc in self.documents(case):
            kind, label = DOCUMENT_KINDS[type(doc)]
            key = f"{kind}:{doc.pk}"
            self.docs[key] = doc
            self.fields["document"].choices = [
                *self.fields["document"].choices,
                (key, f"{doc.number}（{label}）"),
            ]

    def clean_document(self):
        return self.docs[self.cleaned_data["document"]]


class ServeForm(DocumentChoiceMixin, TodayMixin, ActionForm):
    today_fields = ("served_on",)
    document = forms.ChoiceField(label=_("文书"), choices=[])
    served_on = forms.DateField(label=_("送达日期"), widget=date_input())
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    served_to = forms.CharField(label=_("受送达人"), max_length=100)

    def documents(self, case):
        return [d for d in super().documents(case) if not d.served_on]


class ComplianceForm(DocumentChoiceMixin, TodayMixin, ActionForm):
    today_fields = ("checked_on",)
    document = forms.ChoiceField(label=_("文书"), choices=[])
    complied = decision_field(_("核查结果"), _("已履行"), _("逾期未履行"))
    checked_on = forms.DateField(label=_("核查日期"), widget=date_input())
    note = forms.CharField(label=_("核查情况"), max_length=300, required=False)

    def documents(self, case):
        return [d for d in super().documents(case) if d.served_on and d.complied is None]


class StatementForm(TodayMixin, ActionForm):
    today_fields = ("notified_on",)
    notified_on = forms.DateField(label=_("告知日期"), widget=date_input())
    heard_on = forms.DateField(label=_("陈述申辩日期"), required=False, widget=date_input())
    waived = forms.BooleanField(label=_("用人单位放弃陈述申辩"), required=False)
    statement = forms.CharField(label=_("陈述申辩意见"), max_length=5000, required=False, widget=textarea(3))


class DecisionForm(TodayMixin, ActionForm):
    today_fields = ("decided_on",)
    decided_on = forms.DateField(label=_("决定日期"), widget=date_input())
    deadline = forms.DateField(label=_("履行期限"), widget=date_input())
    amount_to_pay = optional_money(_("应支付金额（元）"), _("留空按工资清欠台账的未付余额"))
    extra_compensation_rate = forms.DecimalField(
        label=_("加付赔偿金比例"),
        required=False,
        max_digits=3,
        decimal_places=2,
        help_text=_("0.50至1.00；限期改正逾期未履行的方可加付（第二十六条）"),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.5", "max": "1", "inputmode": "decimal"}),
    )
    findings = forms.CharField(label=_("查明的违法事实"), max_length=5000, widget=textarea(3))


class AttendeeRow(forms.Form):
    body = forms.ChoiceField(label=_("单位类别"), choices=[("", "——"), *BodyKind.choices])
    name = forms.CharField(label=_("单位名称"), max_length=100)
    person = forms.CharField(label=_("参会人"), max_length=50, required=False)


class TaskRow(forms.Form):
    description = forms.CharField(label=_("任务"), max_length=200)
    owner = forms.CharField(label=_("责任单位/人"), max_length=100)
    due_on = forms.DateField(label=_("完成期限"), widget=date_input())


class MeetingForm(TodayMixin, ActionForm):
    today_fields = ("held_on",)
    row_sets = {
        "attendees": RowSet(AttendeeRow, services.AttendeeInput, 1, _("参会单位")),
        "tasks": RowSet(TaskRow, services.TaskInput, 0, _("任务分工（可不填）")),
    }
    held_on = forms.DateField(label=_("召开日期"), widget=date_input())
    place = forms.CharField(label=_("地点"), max_length=120)
    agreed = forms.CharField(label=_("议定事项"), max_length=5000, widget=textarea(3))


class TaskDoneForm(TodayMixin, ActionForm):
    today_fields = ("done_on",)
    target_field = "task"
    task = forms.TypedChoiceField(label=_("协调会任务"), coerce=int)
    done_on = forms.DateField(label=_("完成日期"), widget=date_input())

    def setup(self, case):
        self.tasks = {
            t.pk: t
            for t in MeetingTask.objects.filter(meeting__case=case, done_on__isnull=True).select_related(
                "meeting"
            )
        }
        self.fields["task"].choices = [
            (pk, f"{t.description}（{t.owner}，{t.due_on:%Y-%m-%d}）") for pk, t in self.tasks.items()
        ]

    def clean_task(self):
        return self.tasks[self.cleaned_data["task"]]


class SiteCheckForm(ActionForm):
    grid = forms.TypedChoiceField(label=_("交办网格"), coerce=int)
    ask = forms.CharField(
        label=_("核查事项"),
        max_length=300,
        widget=textarea(2),
        help_text=_("如：是否仍在经营、实际负责人、在岗人数"),
    )
    due_on = forms.DateField(label=_("核查期限"), widget=date_input())

    def defaults(self, case):
        return {"due_on": timezone.localdate() + timedelta(days=SITE_CHECK_DAYS)}

    def setup(self, case):
        self.grids = {
            g.pk: g
            for g in Organisation.objects.filter(
                kind=OrganisationKind.GRID, active=True, path__startswith=case.organisation.path
            ).order_by("path")
        }
        self.fields["grid"].choices = [("", "——")] + [(pk, g.name) for pk, g in self.grids.items()]

    def available(self) -> bool:
        return bool(self.grids)

    def clean_grid(self):
        return self.grids[self.cleaned_data["grid"]]


class SiteVisitForm(forms.Form):
    """The grid officer's record of a site check (not a case action: the grid does not hold the file)."""

    visited_on = forms.DateField(label=_("走访日期"), widget=date_input())
    findings = forms.CharField(
        label=_("核查情况"),
        max_length=3000,
        widget=textarea(4),
        help_text=_("所见情况：是否经营、负责人及联系方式、在岗人数、劳动者反映"),
    )


class PoliceForm(TodayMixin, ActionForm):
    today_fields = ("transferred_on",)
    transferred_on = forms.DateField(label=_("移送日期"), widget=date_input())
    reference = forms.CharField(label=_("移送文号"), max_length=60, required=False)
    basis = forms.CharField(label=_("移送依据"), max_length=3000, widget=textarea(3))


class DishonestForm(TodayMixin, ActionForm):
    today_fields = ("listed_on",)
    listed_on = forms.DateField(label=_("列入日期"), widget=date_input())
    responsible_persons = forms.CharField(label=_("责任人"), max_length=200, required=False)
    mass_incident = forms.BooleanField(label=_("引发群体性或极端事件"), required=False)
    reason = forms.CharField(label=_("列入事由"), max_length=3000, widget=textarea(3))


class DishonestNoticeForm(TodayMixin, ActionForm):
    today_fields = ("notified_on",)
    notified_on = forms.DateField(label=_("告知日期"), widget=date_input())
    grounds = forms.CharField(label=_("拟列入事由"), max_length=3000, widget=textarea(3))
    defence = forms.CharField(
        label=_("陈述申辩意见"),
        max_length=5000,
        required=False,
        widget=textarea(2),
        help_text=_("可稍后补记"),
    )


class CreditRepairForm(TodayMixin, ActionForm):
    today_fields = ("removed_on",)
    removed_on = forms.DateField(label=_("移出日期"), widget=date_input())
    corrected_on = forms.DateField(label=_("改正日期"), widget=date_input())
    promise = forms.CharField(label=_("信用承诺"), max_length=3000, widget=textarea(3))


class PenaltyNoticeForm(TodayMixin, ActionForm):
    today_fields = ("notified_on",)
    notified_on = forms.DateField(label=_("告知日期"), widget=date_input())
    violation = forms.ChoiceField(
        label=_("违法行为"),
        choices=[(p.key, f"{p.label}（{p.citation}）") for p in law.PENALTIES.values()],
    )
    workers_harmed = forms.IntegerField(
        label=_("受侵害劳动者人数"), min_value=0, initial=0, help_text=_("按人数计罚的填写")
    )
    base_amount = money_field(_("计罚金额（元）"), minimum=ZERO)
    fine = money_field(_("拟罚款金额（元）"))
    facts = forms.CharField(label=_("违法事实"), max_length=5000, widget=textarea(3))

    def setup(self, case):
        self.fields["base_amount"].required = False
        self.fields["base_amount"].help_text = _("按倍数计罚的填写瞒报的工资数额")

    def clean_base_amount(self):
        return self.cleaned_data["base_amount"] or ZERO


class HearingRequestForm(TodayMixin, ActionForm):
    today_fields = ("requested_on",)
    requested_on = forms.DateField(label=_("申请听证日期"), widget=date_input())


class HearingForm(TodayMixin, ActionForm):
    today_fields = ("held_on",)
    held_on = forms.DateField(label=_("听证日期"), widget=date_input())
    record = forms.CharField(label=_("听证情况"), max_length=5000, widget=textarea(3))


class PenaltyDecisionForm(TodayMixin, ActionForm):
    today_fields = ("decided_on",)
    decided_on = forms.DateField(label=_("决定日期"), widget=date_input())
    fine = money_field(_("罚款金额（元）"))
    deadline = forms.DateField(label=_("缴纳期限"), widget=date_input())
    defence = forms.CharField(label=_("陈述申辩意见"), max_length=5000, required=False, widget=textarea(2))


class CloseForm(TodayMixin, ActionForm):
    today_fields = ("closed_on",)
    closed_on = forms.DateField(label=_("结案日"), widget=date_input())
    result = forms.CharField(label=_("处理结果"), max_length=3000, widget=textarea(3))
