"""Forms of the public portal. They check what a worker can be told about at once (an ID's check digit, a
credit code, an amount) so errors land on the field typed; the disputes service checks everything again."""

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renshe.core import identity
from renshe.core.errors import ValidationFailed
from renshe.core.forms import MultipleFileField, MultipleFileInput, NameField, checked
from renshe.core.models import DictionaryEntry, Organisation, OrganisationKind
from renshe.core.money import CENT, MAX_AMOUNT
from renshe.core.reference.dictionaries import CASE_TYPE_OF_CLAIM
from renshe.core.selectors import dictionary_choices
from renshe.disputes.services import EVIDENCE_MAX_FILES, check_evidence

CLAIM_ROWS = 5  # rows on the form; one is required, the rest stay blank unless needed
EVIDENCE_ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"  # the phone's file picker
PICK = ("", _("——请选择——"))

_MONEY_NOISE = re.compile(r"[\s,，元¥￥]")


def case_type_for(claims: list[dict]) -> str:
    """The case type of an application from its largest claim (the first of equals): the worker names
    claims, not the statistical case type, and the centre's intake officer sees both. "other" when the
    mapping names a type the administrators have switched off."""
    main = max(claims, key=lambda c: c["amount"])  # max keeps the first of equal amounts
    wanted = CASE_TYPE_OF_CLAIM.get(main["claim_type"], "other")
    active = list(
        DictionaryEntry.objects.filter(dictionary="case_type", active=True).values_list("code", flat=True)
    )
    for code in (wanted, "other"):
        if code in active:
            return code
    return active[0] if active else wanted


def parse_amount(raw: str) -> Decimal | None:
    """An amount as a worker types it ("3,200.50元", full-width digits): None when blank, else yuan to the
    cent; a form error for anything else."""
    text = _MONEY_NOISE.sub("", unicodedata.normalize("NFKC", raw))
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(_("金额格式不正确")) from None
    if not amount.is_finite():
        raise forms.ValidationError(_("金额格式不正确"))
    if amount <= 0:
        raise forms.ValidationError(_("金额必须大于零"))
    if amount > MAX_AMOUNT:
        raise forms.ValidationError(_("金额超过一千万元，请核对"))
    if amount != amount.quantize(CENT):
        raise forms.ValidationError(_("金额最多保留两位小数"))
    return amount.quantize(CENT)


def _short(name: str, keep: int = 30) -> str:
    """A file name short enough for an error line on a phone (names from phones can be very long)."""
    return name if len(name) <= keep else name[: keep - 1] + "…"


def _attrs(**attrs) -> dict:
    return {k.replace("_", "-"): v for k, v in attrs.items()}


class WorkerAndEmployerFields(forms.Form):
    """Who is asking and against whom: the same fields, checked the same way, on both public forms; each
    form says in PHONE_HELP who will call the number."""

    PHONE_HELP = ""
    name = NameField(
        label=_("姓名"), max_length=50, widget=forms.TextInput(attrs=_attrs(autocomplete="name"))
    )
    id_number = forms.CharField(
        label=_("居民身份证号码"),
        max_length=40,
        widget=forms.TextInput(
            attrs=_attrs(autocomplete="off", autocapitalize="characters", spellcheck="false")
        ),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        widget=forms.TextInput(attrs=_attrs(type="tel", inputmode="tel", autocomplete="tel")),
    )
    employer_name = NameField(label=_("用人单位名称"), max_length=120)
    credit_code = forms.CharField(
        label=_("用人单位统一社会信用代码"),
        max_length=40,
        help_text=_("18位，见营业执照，也可在国家企业信用信息公示系统查询"),
        widget=forms.TextInput(
            attrs=_attrs(autocomplete="off", autocapitalize="characters", spellcheck="false")
        ),
    )

    district = forms.ChoiceField(
        label=_("所在区"),
        required=False,
        help_text=_("先选区，街镇列表只列出该区的街镇"),
        widget=forms.Select(attrs=_attrs(data_streets="street")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = self.PHONE_HELP
        self.district_of: dict[int, str] = {}

    def offer_streets(self, groups: list[tuple[str, list[tuple[int, str]]]]) -> None:
        """The streets offered (street_choices), and their districts to choose them by: the page's script
        lists only the chosen district's streets, and without it `clean` refuses a street of another."""
        self.fields["street"].choices = [PICK, *groups]
        self.fields["district"].choices = [("", _("全部区")), *((name, name) for name, _streets in groups)]
        self.district_of = {pk: name for name, streets in groups for pk, _name in streets}

    def clean(self):
        data = super().clean()
        district, street = data.get("district"), data.get("street")
        if district and street and self.district_of.get(street) != district:
            self.add_error("street", _("所选街镇不在%(district)s，请重新选择") % {"district": district})
        return data


class ApplicationForm(WorkerAndEmployerFields):
    PHONE_HELP = _("调解员会通过这个号码联系您")
    field_order = ["centre"]
    centre = forms.ModelChoiceField(
        label=_("调解中心"),
        queryset=Organisation.objects.none(),
        empty_label=PICK[1],
        help_text=_("请选择用工所在地或用人单位所在地的调解中心"),
    )
    street = forms.TypedChoiceField(label=_("工作地点所在街镇"), coerce=int)
    facts = forms.CharField(
        label=_("事实与理由"),
        max_length=5000,
        help_text=_("写明入职时间、岗位、发生了什么、已经如何协商等，至少10个字"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    evidence = MultipleFileField(
        label=_("证据材料"),
        required=False,
        help_text=_("劳动合同、工资条、聊天记录截图等，PDF、PNG或JPEG，每个不超过10MB，最多10个，可多选"),
        widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )
    consent = forms.BooleanField(
        label=_(
            "我已阅读并同意：为办理本次调解申请，调解组织收集和使用我填写的姓名、身份证号码、手机号码和案件"
            "信息，用于核实身份、联系我和办理案件，并按规定保存，不用于其他目的。"
        ),
        error_messages={"required": _("请阅读并勾选同意个人信息处理说明，否则无法受理申请")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        centres = Organisation.objects.filter(kind=OrganisationKind.MEDIATION_CENTRE, active=True)
        self.fields["centre"].queryset = centres.order_by("path")
        if len(self.fields["centre"].queryset) == 1:
            self.fields["centre"].initial = self.fields["centre"].queryset[0].pk
        self.offer_streets(street_choices())

    def clean_id_number(self):
        return checked(identity.parse_citizen_id, self.cleaned_data["id_number"], "id_number").number

    def clean_phone(self):
        number = checked(identity.parse_phone, self.cleaned_data["phone"], "phone")
        if not (len(number) == 11 and number.startswith("1")):
            raise forms.ValidationError(_("请填写11位手机号码"))
        return number

    def clean_credit_code(self):
        return checked(identity.parse_credit_code, self.cleaned_data["credit_code"], "credit_code")

    def clean_facts(self):
        facts = self.cleaned_data["facts"].strip()
        if len(facts) < 10:
            raise forms.ValidationError(_("请简要写明事实与理由（至少10个字）"))
        return facts

    def clean_evidence(self):
        """Every file is checked here, by the service's own rule, so that all the refused files are named at
        once (the service stops at the first)."""
        files = self.cleaned_data["evidence"]
        if len(files) > EVIDENCE_MAX_FILES:
            raise forms.ValidationError(
                _("最多上传%(max)d个文件，您选择了%(count)d个，请合并或删减后重新选择"),
                params={"max": EVIDENCE_MAX_FILES, "count": len(files)},
            )
        errors = []
        for upload in files:
            try:
                check_evidence(upload)
            except ValidationFailed as refused:
                errors.append(f"“{_short(upload.name)}”：{refused.message}")
        if errors:
            raise forms.ValidationError(errors)
        return files


def street_choices(within: list[Organisation] | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Streets and towns grouped by district (<optgroup>), in the order of the division codes; only those
    under one of `within` when given."""
    groups: dict[str, list[tuple[int, str]]] = {}
    streets = Organisation.objects.filter(kind=OrganisationKind.STREET, active=True)
    if within is not None:
        under = Q(pk__in=[])
        for org in within:
            under |= Q(path__startswith=org.path)
        streets = streets.filter(under)
    streets = streets.select_related("region__parent", "parent").order_by("region__code", "path")
    for street in streets:
        district = street.region.parent.name if street.region and street.region.parent else street.parent.name
        groups.setdefault(district, []).append((street.pk, street.name))
    return list(groups.items())


class ClaimForm(forms.Form):
    claim_type = forms.ChoiceField(label=_("请求事项"), required=False)
    amount = forms.CharField(
        label=_("金额（元）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_attrs(inputmode="decimal", autocomplete="off")),
    )

    def __init__(self, *args, claim_types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim_type"].choices = [PICK, *claim_types]

    def clean_amount(self):
        return parse_amount(self.cleaned_data["amount"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("claim_type") and data.get("amount") is None:
            self.add_error("amount", _("请填写金额"))
        elif data.get("amount") is not None and not data.get("claim_type"):
            self.add_error("claim_type", _("请选择请求事项"))
        elif not data.get("claim_type") and not self.empty_permitted:
            self.add_error("claim_type", _("请选择请求事项"))
            self.add_error("amount", _("请填写金额"))
        return data


class BaseClaimFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim_types = dictionary_choices("claim_type")

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "claim_types": self.claim_types}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            kind = form.cleaned_data.get("claim_type")
            if kind and kind in seen:
                raise forms.ValidationError(_("同一类型的请求请合并为一项填写"))
            seen.add(kind)

    @property
    def claims(self) -> list[dict]:
        """The filled rows, in the order typed."""
        return [
            {"claim_type": f.cleaned_data["claim_type"], "amount": f.cleaned_data["amount"]}
            for f in self.forms
            if f.cleaned_data.get("claim_type")
        ]


ClaimFormSet = forms.formset_factory(
    ClaimForm,
    formset=BaseClaimFormSet,
    extra=CLAIM_ROWS - 1,
    min_num=1,  # the first row is required (ClaimForm.clean says which field is missing)
    max_num=CLAIM_ROWS,
    validate_max=True,
)


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("案号"),
        max_length=60,
        help_text=_("如：张江调〔2026〕0001号，括号可用普通括号代替"),
        widget=forms.TextInput(attrs=_attrs(autocomplete="off", spellcheck="false")),
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("申请成功时显示的8位数字（早先申请的为6位）"),
        widget=forms.TextInput(attrs=_attrs(inputmode="numeric", autocomplete="off", pattern="[0-9]*")),
    )

    def clean_number(self):
        """Case numbers carry 〔〕 and 号, awkward to type on a phone: accept () [] 【】 and a missing 号."""
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", self.cleaned_data["number"]))
        text = re.sub(r"[(\[【〔]", "〔", text)
        text = re.sub(r"[)\]】〕]", "〕", text)
        if text and not text.endswith("号"):
            text += "号"
        return text

    def clean_code(self):
        code = re.sub(r"\s", "", unicodedata.normalize("NFKC", self.cleaned_data["code"]))
        if not re.fullmatch(r"\d{8}|\d{6}", code):  # 6 digits: a code given before they were 8
            raise forms.ValidationError(_("查询码为8位数字（早先申请的为6位）"))
        return code


# --- reporting wage arrears (举报/投诉欠薪) --------------------------------------------------------------

MONTH_ROWS = 6  # owed months on the complaint form; a longer arrears is added by the inspectors
_MONTH = re.compile(r"^(\d{4})\D{0,2}(\d{1,2})\D?$")


class ReportMode:
    """Who is writing: a worker owed wages (投诉, identified, with the months owed), someone reporting a
    violation under their name (实名举报), or anonymously (匿名举报: no identity asked or stored)."""

    COMPLAINT, NAMED, ANONYMOUS = "complaint", "named", "anonymous"
    ALL = (COMPLAINT, NAMED, ANONYMOUS)


def inspection_brigades() -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=OrganisationKind.INSPECTION_BRIGADE, active=True)
        .select_related("parent")
        .order_by("path")
    )


class ReportForm(WorkerAndEmployerFields):
    PHONE_HELP = _("监察员会通过这个号码联系您，不会告诉用人单位")
    mode = forms.ChoiceField(choices=[(m, m) for m in ReportMode.ALL], widget=forms.HiddenInput)
    street = forms.TypedChoiceField(label=_("用工所在街镇"), coerce=int)
    content = forms.CharField(
        label=_("欠薪情况"),
        max_length=5000,
        help_text=_("写明拖欠了哪些人、几个月、多少钱，单位现在的情况等，至少10个字"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label=_(
            "我已阅读并同意：劳动保障监察机构为办理本次投诉举报收集和使用我填写的姓名、身份证号码、手机号码，"
            "用于核实情况和联系我，并依法为我保密，不用于其他目的。"
        ),
        error_messages={"required": _("请阅读并勾选同意个人信息处理说明，否则无法受理")},
    )

    IDENTITY = ("name", "id_number", "phone", "consent")

    def __init__(self, *args, mode: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        self.fields["mode"].initial = mode
        self.brigades = inspection_brigades()
        self.offer_streets(street_choices([b.parent for b in self.brigades if b.parent]))
        if mode == ReportMode.ANONYMOUS:
            # not asked, so never received: a field that is not on the form cannot be stored by mistake
            for name in self.IDENTITY:
                del self.fields[name]
        else:
            self.fields["content"].label = _("欠薪情况") if mode == ReportMode.COMPLAINT else _("举报内容")

    def clean_id_number(self):
        return checked(identity.parse_citizen_id, self.cleaned_data["id_number"], "id_number").number

    def clean_phone(self):
        number = checked(identity.parse_phone, self.cleaned_data["phone"], "phone")
        if not (len(number) == 11 and number.startswith("1")):
            raise forms.ValidationError(_("请填写11位手机号码"))
        return number

    def clean_credit_code(self):
        return checked(identity.parse_credit_code, self.cleaned_data["credit_code"], "credit_code")

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if len(content) < 10:
            raise forms.ValidationError(_("请简要写明欠薪情况（至少10个字）"))
        return content


def parse_month(raw: str):
    """ "2026-03" (what <input type=month> sends), "2026/3", "2026年3月" → the first day of that month."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", raw))
    match = _MONTH.match(text)
    if not match:
        raise forms.ValidationError(_("请按“2026-03”的格式填写月份"))
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        raise forms.ValidationError(_("月份不正确"))
    return date(year, month, 1)


class OwedMonthForm(forms.Form):
    month = forms.CharField(
        label=_("欠薪月份"),
        max_length=10,
        required=False,
        help_text=_("如2026-03"),
        widget=forms.TextInput(attrs=_attrs(placeholder="2026-03", autocomplete="off", spellcheck="false")),
    )
    amount = forms.CharField(
        label=_("应发工资（元）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_attrs(inputmode="decimal", autocomplete="off")),
    )

    def clean_month(self):
        raw = self.cleaned_data["month"]
        if not raw.strip():
            return None
        month = parse_month(raw)
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("欠薪月份不能晚于本月"))
        return month

    def clean_amount(self):
        return parse_amount(self.cleaned_data["amount"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        month, amount = data.get("month"), data.get("amount")
        if month and amount is None:
            self.add_error("amount", _("请填写金额"))
        elif amount is not None and not month:
            self.add_error("month", _("请填写月份"))
        elif not month and not self.empty_permitted:
            self.add_error("month", _("请填写月份"))
            self.add_error("amount", _("请填写金额"))
        return data


class BaseOwedMonthFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            month = form.cleaned_data.get("month")
            if month and month in seen:
                raise forms.ValidationError(_("%(m)s填了两次，同一个月请只填一行") % {"m": f"{month:%Y-%m}"})
            seen.add(month)

    @property
    def months(self) -> list[tuple]:
        return [
            (f.cleaned_data["month"], f.cleaned_data["amount"])
            for f in self.forms
            if f.cleaned_data.get("month")
        ]


OwedMonthFormSet = forms.formset_factory(
    OwedMonthForm,
    formset=BaseOwedMonthFormSet,
    extra=MONTH_ROWS - 1,
    min_num=1,
    max_num=MONTH_ROWS,
    validate_max=True,
)
