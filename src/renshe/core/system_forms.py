"""The forms of 系统管理 and 个人中心. They only parse; the rules are the services' (core.administration)."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from . import tokens
from .administration import MAX_PERIOD_LENGTH, grantable_roles, grantable_scopes
from .forms import NameField, date_input
from .law import PERIODS, PeriodUnit
from .models import AmountKind, Dictionary, Industry, MessageKind, Organisation, OrganisationKind, User
from .money import MAX_AMOUNT
from .roles import APPOINTED, Capability, DataScope, Role
from .scope import visible_organisations


class AccountForm(forms.Form):
    """An account's name, organisation, role and data scope, offering only what `by` may grant."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = NameField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    organisation = forms.ModelChoiceField(label=_("所属机构"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("角色"))
    data_scope = forms.ChoiceField(label=_("数据范围"), required=False)
    scope_organisations = forms.ModelMultipleChoiceField(
        label=_("指定机构"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("数据范围为“指定机构”时，可查看所选机构及其下级的数据"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    granted_capabilities = forms.MultipleChoiceField(
        label=_("职务权限"),
        choices=[(c, Capability(c).label) for c in APPOINTED],
        required=False,
        help_text=_("随职务授予本人，不随角色：决定仲裁员回避限仲裁委员会主任或其委托的仲裁院负责人"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, by: User, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = visible_organisations(by).order_by("path")
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label_from_instance = _indented
        self.fields["scope_organisations"].queryset = organisations
        self.fields["scope_organisations"].label_from_instance = _indented
        self.fields["role"].choices = [(r, Role(r).label) for r in grantable_roles(by)]
        self.fields["data_scope"].choices = [("", _("按角色默认"))] + [
            (s, DataScope(s).label) for s in grantable_scopes(by)
        ]
        if editing:
            del self.fields["username"]


def _indented(org: Organisation) -> str:
    return "\u3000" * max(org.depth - 1, 0) + org.name


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=OrganisationKind.choices)
    case_prefix = forms.CharField(label=_("案号代字"), max_length=20, required=False)
    active = forms.BooleanField(label=_("启用"), required=False)


class MoveForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("新的上级机构"), queryset=Organisation.objects.none())

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = visible_organisations(by).order_by("path")
        self.fields["parent"].label_from_instance = _indented


class AmountForm(forms.Form):
    kind = forms.ChoiceField(label=_("参数"), choices=AmountKind.choices)
    amount = forms.DecimalField(
        label=_("金额（元）"), max_digits=12, decimal_places=2, min_value=0.01, max_value=MAX_AMOUNT
    )
    effective_from = forms.DateField(label=_("施行日期"), widget=date_input())
    citation = forms.CharField(label=_("依据"), max_length=200, help_text=_("文件名称和文号"))


class PeriodOverrideForm(forms.Form):
    period = forms.ChoiceField(label=_("法定期限"))
    length = forms.IntegerField(label=_("期限长度"), min_value=1, max_value=MAX_PERIOD_LENGTH)
    unit = forms.ChoiceField(label=_("计算单位"), choices=PeriodUnit.choices)
    effective_from = forms.DateField(label=_("施行日期"), widget=date_input())
    citation = forms.CharField(label=_("依据"), max_length=200, help_text=_("本地规则的文件名称、文号和条款"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in PERIODS.values()]


class DictionaryEntryForm(forms.Form):
    """A code list's entry: the code only when adding (cases store it); `active` only when editing."""

    dictionary = forms.ChoiceField(label=_("字典"), choices=Dictionary.choices)
    code = forms.CharField(
        label=_("代码"), max_length=30, help_text=_("小写字母、数字和下划线，如 annual_leave")
    )
    label = forms.CharField(label=_("名称"), max_length=60)
    label_en = forms.CharField(label=_("英文名称"), max_length=80, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("dictionary", "code") if editing else ("active",):
            del self.fields[name]


class CodeForm(forms.Form):
    """A region or an industry: code and name when adding (an industry division with its section), the name
    alone when renaming (records keep the code)."""

    code = forms.CharField(label=_("代码"), max_length=12)
    name = forms.CharField(label=_("名称"), max_length=100)
    section = forms.ModelChoiceField(
        label=_("所属门类"),
        queryset=Industry.objects.filter(parent__isnull=True).order_by("code"),
        required=False,
        help_text=_("仅大类（两位代码）需要选择"),
    )

    def __init__(self, *args, industries: bool = False, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        if editing or not industries:
            del self.fields["section"]
        else:
            self.fields["code"].help_text = _("门类为一个大写字母，大类两位数字，中类、小类三至四位数字")
        if not industries and not editing:
            self.fields["code"].help_text = _("6位（区县）、9位（街道、乡镇）或12位（村、居委会）数字")


class ProfileForm(forms.Form):
    full_name = NameField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)


class NotificationForm(forms.Form):
    """Two boxes per message kind: 站内 and 短信 (fields `<kind>__in_app`, `<kind>__sms`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in MessageKind.choices:
            self.fields[f"{kind}__in_app"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{kind}__sms"] = forms.BooleanField(label=label, required=False)

    def rows(self):
        return [(label, self[f"{kind}__in_app"], self[f"{kind}__sms"]) for kind, label in MessageKind.choices]


def _scope_choices(scopes) -> list[tuple[str, str]]:
    return [(scope, f"{scope} — {tokens.SCOPES[scope]}") for scope in scopes]


class ClientGrantForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("授权范围"),
        choices=_scope_choices(tokens.SCOPES),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("客户端申请令牌时只能在授权范围内选择；能办理什么仍由其服务账号的角色和数据范围决定"),
    )


class ClientForm(AccountForm):
    """A client: its name and grant, and its service account's username, organisation, role and data scope
    (offering only what `by` may grant, as for a user)."""

    name = forms.CharField(label=_("客户端名称"), max_length=100)
    scopes = ClientGrantForm.base_fields["scopes"]

    field_order = ["name", "username", "organisation", "role", "data_scope", "scope_organisations", "scopes"]

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, by=by, **kwargs)
        for name in ("full_name", "phone", "granted_capabilities"):
            del self.fields[name]
        self.fields["username"].label = _("服务账号用户名")
        self.order_fields(self.field_order)


class PersonalTokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=80)
    days = forms.IntegerField(label=_("有效天数"), min_value=1, initial=90)
    scopes = forms.MultipleChoiceField(label=_("权限范围"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        longest = tokens.personal_token_max_days()
        self.fields["days"].max_value = longest
        self.fields["days"].validators.append(MaxValueValidator(longest))
        self.fields["days"].help_text = _("最长%(days)s天") % {"days": longest}
        self.fields["scopes"].choices = _scope_choices(tokens.personal_scopes(user))
