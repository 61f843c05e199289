"""Core's own forms, and the building blocks every module's forms use: date, month and money inputs,
several files in one field, dates that start at today (the action form itself is core.actions.ActionForm)."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import identity
from .errors import DomainError
from .models import EnterpriseSize, Industry
from .money import CENT, MAX_AMOUNT
from .selectors import streets_for


def checked(parse, value: str, field: str):
    """Run an identity parser and turn its domain error into a form error on that field."""
    try:
        return parse(value, field)
    except DomainError as e:
        raise forms.ValidationError(e.message) from None


# --- building blocks for every module's forms -------------------------------------------------------


class NameField(forms.CharField):
    """A person's or an employer's name, without invisible characters (identity.clean_name); Django's own
    check still refuses NUL."""

    def to_python(self, value):
        return identity.clean_name(super().to_python(value))


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def decision_field(label, yes, no) -> forms.TypedChoiceField:
    """A decision between two outcomes as two radio buttons (`yes` first), cleaned to True or False."""
    return forms.TypedChoiceField(
        label=label, choices=[("1", yes), ("0", no)], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return value


class MonthField(forms.DateField):
    """A calendar month (<input type="month">, "2026-04"), cleaned to its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m"]
    default_error_messages = {"invalid": _("请输入月份，如 2026-04")}

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def money_field(label=None, *, minimum: Decimal = CENT) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=minimum,
        max_value=MAX_AMOUNT,
        error_messages={
            "min_value": _("金额必须大于零") if minimum else _("金额不能为负数"),
            "max_value": _("金额超过一千万元，请核对"),
            "invalid": _("请输入金额，如 1234.50"),
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "min": str(minimum), "inputmode": "decimal"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list, empty when none."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PersonFields(forms.Form):
    """A person by name, citizen ID number (checked, normalised) and an optional phone number."""

    name = NameField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("居民身份证号码"), max_length=40)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def clean_id_number(self):
        return checked(identity.parse_citizen_id, self.cleaned_data["id_number"], "id_number").number

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        return checked(identity.parse_phone, value, "phone") if value.strip() else ""


class RespondentFields(forms.Form):
    """The employer on a registration form: one already registered, or a credit code (with a name and a
    street for one not registered yet). `Respondent` is the module's service input type; `offer` fills
    the choices."""

    Respondent: type
    street_missing = _("请选择用人单位所在街镇")

    respondent = forms.TypedChoiceField(
        label=_("已登记的用人单位"), coerce=int, required=False, empty_value=None
    )
    respondent_credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=40, required=False)
    respondent_name = NameField(label=_("单位名称"), max_length=120, required=False)
    respondent_street = forms.TypedChoiceField(
        label=_("所在街镇"), coerce=int, required=False, empty_value=None
    )

    def offer(self, enterprises, streets) -> None:
        self.fields["respondent"].choices = [("", "——")] + [(e.pk, e.name) for e in enterprises]
        self.fields["respondent_street"].choices = [("", "——")] + [(s.pk, s.name) for s in streets]

    def clean_respondent_credit_code(self):
        value = self.cleaned_data["respondent_credit_code"].strip()
        return checked(identity.parse_credit_code, value, "respondent_credit_code") if value else ""

    def clean(self):
        data = super().clean()
        chosen, code = data.get("respondent"), data.get("respondent_credit_code")
        if chosen and code:
            self.add_error("respondent_credit_code", _("已选择登记的用人单位，无需再填写信用代码"))
        elif not chosen and not code and "respondent_credit_code" not in self.errors:
            self.add_error("respondent", _("请选择已登记的用人单位，或填写统一社会信用代码"))
        elif code and not data.get("respondent_street"):
            self.add_error("respondent_street", self.street_missing)
        return data

    def respondent_input(self):
        d = self.cleaned_data
        if d.get("respondent"):
            return self.Respondent(enterprise_id=d["respondent"])
        return self.Respondent(
            credit_code=d["respondent_credit_code"],
            name=d["respondent_name"],
            street_id=d["respondent_street"],
        )


class TodayMixin:
    """Date fields named in `today_fields` start at today."""

    today_fields: tuple[str, ...] = ()

    def defaults(self, case) -> dict:
        return dict.fromkeys(self.today_fields, timezone.localdate())


# --- core's own forms -------------------------------------------------------------------------------


class EnterpriseForm(forms.Form):
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=40)
    name = NameField(label=_("企业名称"), max_length=120)
    industry = forms.ChoiceField(label=_("所属行业"))
    street = forms.TypedChoiceField(label=_("所在街镇"), coerce=int)
    size = forms.ChoiceField(label=_("企业规模"), choices=EnterpriseSize.choices)
    legal_representative = NameField(label=_("法定代表人"), max_length=50)
    address = forms.CharField(label=_("经营地址"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    employee_count = forms.IntegerField(
        label=_("职工人数"), min_value=0, max_value=10_000_000, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", "——")] + [
            (i.code, str(i)) for i in Industry.objects.filter(parent__isnull=False).order_by("code")
        ]
        self.fields["street"].choices = [("", "——")] + [(o.pk, o.name) for o in streets_for(user)]
        if editing:
            self.fields["credit_code"].disabled = True

    def clean_credit_code(self):
        if self.fields["credit_code"].disabled:
            return self.initial.get("credit_code")
        return checked(identity.parse_credit_code, self.cleaned_data["credit_code"], "credit_code")

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"]
        return checked(identity.parse_phone, value, "contact_phone") if value.strip() else ""


class PersonForm(PersonFields):
    address = forms.CharField(label=_("住址"), max_length=200, required=False)


class DeadlineForm(forms.Form):
    period = forms.ChoiceField(label=_("法定期限"))
    start = forms.DateField(label=_("起算日"), widget=forms.DateInput(attrs={"type": "date"}))
    extra_days = forms.IntegerField(
        label=_("批准延长（按该期限的单位）"), min_value=0, max_value=365, required=False
    )

    def __init__(self, *args, **kwargs):
        from .law import PERIODS

        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period"].choices = [
            (p.key, _("%(label)s（%(length)s）") % {"label": p.label, "length": p.rule_on(today).describe()})
            for p in PERIODS.values()
        ]


class ScheduleConfirmForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("国务院办公厅通知文号"), max_length=200)
    days = forms.CharField(
        label=_("调整日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一天：日期 休/班 说明，如“2027-02-06 休 春节”或“2027-02-14 班 春节调休上班”"),
    )

    def clean_days(self):
        from datetime import date

        rows = []
        for n, line in enumerate(self.cleaned_data["days"].splitlines(), start=1):
            parts = line.split(maxsplit=2)
            if not parts:
                continue
            if len(parts) < 2 or parts[1] not in ("休", "班"):
                raise forms.ValidationError(_("第%(n)d行格式不正确") % {"n": n})
            try:
                day = date.fromisoformat(parts[0])
            except ValueError:
                raise forms.ValidationError(_("第%(n)d行日期无效") % {"n": n}) from None
            rows.append((day, parts[1] == "班", parts[2] if len(parts) > 2 else ""))
        return rows
