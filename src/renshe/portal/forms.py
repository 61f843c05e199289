"""Forms of the public portal. They check what a worker can be told about at once (an ID's check digit, a
credit code, an amount) so errors land on the field typed; the disputes service checks everything again."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from renshe.core import identity
from renshe.core.errors import ValidationFailed
from renshe.core.forms import checked
from renshe.core.models import DictionaryEntry, Organisation, OrganisationKind
from renshe.core.selectors import dictionary_choices
from renshe.disputes.forms import MultipleFileField, MultipleFileInput
from renshe.disputes.services import MAX_CLAIM, check_evidence

CLAIM_ROWS = 5  # rows on the form; one is required, the rest stay blank unless needed
EVIDENCE_MAX_FILES = 10  # an anonymous form: enough for a contract, pay slips and chat records, no more
EVIDENCE_ACCEPT = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"  # the phone's file picker
PICK = ("", _("——请选择——"))

# The worker names claims, not the statistical case type (案件类型): it is derived from the largest claim,
# and the centre's intake officer sees both.
CASE_TYPE_OF_CLAIM = {
    "unpaid_wages": "remuneration",
    "overtime": "remuneration",
    "double_wages": "remuneration",
    "economic_compensation": "contract_termination",
    "social_insurance": "social_insurance",
    "work_injury": "work_injury",
}
_MONEY_NOISE = re.compile(r"[\s,，元¥￥]")


def case_type_for(claims: list[dict]) -> str:
    """The case type of an application from its largest claim (the first of equals); "other" when the
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


def _short(name: str, keep: int = 30) -> str:
    """A file name short enough for an error line on a phone (names from phones can be very long)."""
    return name if len(name) <= keep else name[: keep - 1] + "…"


def _attrs(**attrs) -> dict:
    return {k.replace("_", "-"): v for k, v in attrs.items()}


class ApplicationForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=_("调解中心"),
        queryset=Organisation.objects.none(),
        empty_label=PICK[1],
        help_text=_("请选择用工所在地或用人单位所在地的调解中心"),
    )
    name = forms.CharField(
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
        help_text=_("调解员会通过这个号码联系您"),
        widget=forms.TextInput(attrs=_attrs(type="tel", inputmode="tel", autocomplete="tel")),
    )
    employer_name = forms.CharField(label=_("用人单位名称"), max_length=120)
    credit_code = forms.CharField(
        label=_("用人单位统一社会信用代码"),
        max_length=40,
        help_text=_("18位，见营业执照，也可在国家企业信用信息公示系统查询"),
        widget=forms.TextInput(
            attrs=_attrs(autocomplete="off", autocapitalize="characters", spellcheck="false")
        ),
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
        self.fields["street"].choices = [PICK, *street_choices()]

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


def street_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Streets and towns grouped by district (<optgroup>), in the order of the division codes."""
    groups: dict[str, list[tuple[int, str]]] = {}
    streets = (
        Organisation.objects.filter(kind=OrganisationKind.STREET, active=True)
        .select_related("region__parent", "parent")
        .order_by("region__code", "path")
    )
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
        text = _MONEY_NOISE.sub("", unicodedata.normalize("NFKC", self.cleaned_data["amount"]))
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
        if amount > MAX_CLAIM:
            raise forms.ValidationError(_("金额超过一千万元，请核对"))
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("金额最多保留两位小数"))
        return amount.quantize(Decimal("0.01"))

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
        help_text=_("申请成功时显示的6位数字"),
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
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("查询码为6位数字"))
        return code
