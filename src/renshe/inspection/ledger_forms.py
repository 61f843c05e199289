"""Forms for the wage ledger on the inspection case page: core.actions.ActionForms, each offered only when it
has something to act on (`available`). They check the shape of input (an amount in yuan to the cent and
above zero, a month not in the future, a date); the services decide the rest (balances, who is on the case,
outstanding advances) and their refusals land on the same fields."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renshe.core import identity
from renshe.core.actions import ActionForm
from renshe.core.forms import MonthField, PersonFields, TodayMixin, checked, date_input, money_field
from renshe.core.models import Enterprise, Organisation, OrganisationKind
from renshe.core.selectors import dictionary_choices, organisations_for

from . import services
from .models import AdvancePayment, InspectionCase, PayerKind, PaymentSource, RepaymentSource, WageClaim

MONTH_ROWS = 6  # blank month rows offered on the claim form; the story's workers were owed five months


def not_future(day: date) -> date:
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("日期不能晚于今天"))
    return day


class LedgerForm(TodayMixin, ActionForm):
    """One ledger action: the case version the user saw, the action's own fields; the page to return to
    travels beside them as `next`."""


class MonthRow(forms.Form):
    month = MonthField(label=_("欠薪月份"))
    amount = money_field(_("欠薪金额（元）"))

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("欠薪月份不能晚于本月"))
        return month


class BaseMonthRows(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        months = [f.cleaned_data["month"] for f in self.forms if f.cleaned_data]
        if not months:
            raise forms.ValidationError(_("请至少填写一个欠薪月份"))
        if len(set(months)) != len(months):
            raise forms.ValidationError(_("欠薪月份重复"))


MonthRows = forms.formset_factory(
    MonthRow, formset=BaseMonthRows, extra=MONTH_ROWS, max_num=60, validate_max=True
)


class ClaimForm(PersonFields, LedgerForm):
    """A worker found in the investigation, or more months for a worker already on the ledger."""

    def setup(self, case):
        self.rows = MonthRows(self.data if self.is_bound else None, prefix=f"{self.prefix}-months")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.rows.is_valid() and valid

    def arguments(self) -> tuple:
        d = self.cleaned_data
        months = [(r["month"], r["amount"]) for r in (f.cleaned_data for f in self.rows.forms) if r]
        return self.case, {"worker": services.WorkerInput(d["id_number"], d["name"], d["phone"], months)}


def _claims(case: InspectionCase):
    return WageClaim.objects.filter(case=case).select_related("worker").order_by("id")


def _claim_label(claim: WageClaim) -> str:
    return _("%(name)s（尚欠 %(left)s 元）") % {"name": claim.worker.name, "left": f"{claim.balance:,.2f}"}


def _advance_label(advance: AdvancePayment) -> str:
    return _("%(payer)s %(day)s（垫付 %(total)s 元，未归还 %(left)s 元）") % {
        "payer": advance.payer_name,
        "day": f"{advance.decided_on:%Y-%m-%d}",
        "total": f"{advance.advanced_total:,.2f}",
        "left": f"{advance.outstanding:,.2f}",
    }


class PaymentForm(LedgerForm):
    today_fields = ("paid_on",)
    # an id, not a choice: a worker who is not on the case is refused by the service in its own words
    worker = forms.IntegerField(label=_("劳动者"), widget=forms.Select)
    amount = money_field(_("支付金额（元）"))
    paid_on = forms.DateField(label=_("支付日期"), widget=date_input(), validators=[not_future])
    source = forms.ChoiceField(label=_("资金来源"), choices=PaymentSource.choices)
    advance = forms.TypedChoiceField(
        label=_("垫付单位"), coerce=int, required=False, empty_value=None, help_text=_("来源为垫付时选择")
    )
    reference = forms.CharField(label=_("凭证号"), max_length=60, required=False)

    def setup(self, case):
        self.owed = [c for c in _claims(case) if c.balance > 0]
        self.fields["worker"].widget.choices = [("", "——")] + [
            (c.worker_id, _claim_label(c)) for c in self.owed
        ]
        self.advances = {a.pk: a for a in AdvancePayment.objects.filter(case=case)}
        self.fields["advance"].choices = [("", "——")] + [
            (pk, _advance_label(a)) for pk, a in self.advances.items()
        ]

    def available(self) -> bool:
        return bool(self.owed)

    def clean_advance(self):
        pk = self.cleaned_data["advance"]
        return self.advances[pk] if pk else None

    def clean(self):
        data = super().clean()
        advance, source = data.get("advance"), data.get("source")
        if source == PaymentSource.ADVANCE and advance is None and "advance" not in self.errors:
            self.add_error("advance", _("来源为垫付时请选择垫付单位"))
        elif source and source != PaymentSource.ADVANCE and advance is not None:
            self.add_error("advance", _("只有来源为垫付时才选择垫付单位"))
        return data


class AdvanceForm(LedgerForm):
    """垫付: the payer, and in the same form how much it advanced to each worker (blank: nothing)."""

    today_fields = ("decided_on",)
    payer_kind = forms.ChoiceField(label=_("垫付主体类别"), choices=PayerKind.choices)
    payer_credit_code = forms.CharField(
        label=_("垫付企业统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("类别为企业时填写（须为已登记企业）"),
    )
    payer_name = forms.CharField(
        label=_("垫付单位名称"), max_length=120, required=False, help_text=_("应急周转金等非企业主体填写")
    )
    decided_on = forms.DateField(label=_("垫付日期"), widget=date_input(), validators=[not_future])
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    error_fields = {"payer": "payer_credit_code"}

    def setup(self, case):
        self.claims = [c for c in _claims(case) if c.balance > 0]
        for claim in self.claims:
            field = money_field(_claim_label(claim))
            field.required = False
            self.fields[self.allocation_name(claim)] = field

    def available(self) -> bool:
        return bool(self.claims)

    @staticmethod
    def allocation_name(claim: WageClaim) -> str:
        return f"to_{claim.worker_id}"

    @property
    def allocation_fields(self) -> list:
        return [self[self.allocation_name(c)] for c in self.claims]

    @property
    def payer_fields(self) -> list:
        return [self[n] for n in ("payer_kind", "payer_credit_code", "payer_name", "decided_on", "note")]

    def clean_payer_credit_code(self):
        value = self.cleaned_data["payer_credit_code"].strip()
        if not value:
            return None
        code = checked(identity.parse_credit_code, value, "payer_credit_code")
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(_("企业名录中没有该信用代码的企业，请先登记"))
        return enterprise

    def clean(self):
        data = super().clean()
        kind = data.get("payer_kind")
        if kind == PayerKind.ENTERPRISE and not data.get("payer_credit_code"):
            if "payer_credit_code" not in self.errors:
                self.add_error("payer_credit_code", _("请填写垫付企业的统一社会信用代码"))
        elif kind and kind != PayerKind.ENTERPRISE and not (data.get("payer_name") or "").strip():
            self.add_error("payer_name", _("请填写垫付单位名称"))
        names = [self.allocation_name(c) for c in self.claims]
        if not any(data.get(n) for n in names) and not any(n in self.errors for n in names):
            self.add_error(None, _("请填写垫付给每名劳动者的金额"))
        return data

    def arguments(self) -> tuple:
        d = self.cleaned_data
        payer = d["payer_credit_code"] if d["payer_kind"] == PayerKind.ENTERPRISE else None
        return self.case, {
            "payer_kind": d["payer_kind"],
            "payer": payer,
            "payer_name": "" if payer else d["payer_name"],
            "decided_on": d["decided_on"],
            "note": d["note"],
            "allocations": [
                (c.worker_id, d[self.allocation_name(c)])
                for c in self.claims
                if d.get(self.allocation_name(c))
            ],
        }


class RepaymentForm(LedgerForm):
    """Money back to a payer, usually from the court's enforcement against the employer (执行案号)."""

    today_fields = ("repaid_on",)
    target_field = "advance"
    advance = forms.TypedChoiceField(label=_("垫付单位"), coerce=int)
    amount = money_field(_("归还金额（元）"))
    repaid_on = forms.DateField(label=_("归还日期"), widget=date_input(), validators=[not_future])
    source = forms.ChoiceField(label=_("来源"), choices=RepaymentSource.choices)
    reference = forms.CharField(
        label=_("执行案号/凭证号"), max_length=60, required=False, help_text=_("如（2026）沪0120执1234号")
    )

    def setup(self, case):
        self.advances = {a.pk: a for a in AdvancePayment.objects.filter(case=case)}
        self.fields["advance"].choices = [("", "——")] + [
            (pk, _advance_label(a)) for pk, a in self.advances.items() if a.outstanding > 0
        ]

    def available(self) -> bool:
        return any(a.outstanding > 0 for a in self.advances.values())

    def clean_advance(self):
        advance = self.advances.get(self.cleaned_data["advance"])
        if advance is None:
            raise forms.ValidationError(_("该垫付不属于本案"))
        return advance


class ClaimChoiceForm(LedgerForm):
    """A worker handed to the disputes module: one not yet handed over, to a body of the case's district in
    the user's scope."""

    target_field = "claim"
    claim = forms.TypedChoiceField(label=_("劳动者"), coerce=int)
    require_balance = True

    def setup(self, case):
        self.claims = {
            c.pk: c for c in _claims(case).filter(resolution="") if c.balance > 0 or not self.require_balance
        }
        self.fields["claim"].choices = [("", "——")] + [(pk, _claim_label(c)) for pk, c in self.claims.items()]
        self.bodies = {o.pk: o for o in offered_bodies(case, self.user, self.body_kind)}
        self.fields[self.body_field].choices = [(pk, o.name) for pk, o in self.bodies.items()]

    def available(self) -> bool:
        return bool(self.claims) and bool(self.bodies)

    def clean_claim(self):
        return self.claims[self.cleaned_data["claim"]]

    def clean(self):
        data = super().clean()
        if self.body_field in data:
            data[self.body_field] = self.bodies[data[self.body_field]]
        return data


def district_path(case: InspectionCase) -> str:
    """The district bureau above the brigade: the town's centres and the district's commission serve it."""
    bureau = case.organisation.parent
    return bureau.path if bureau is not None else case.organisation.path


class MediationForm(ClaimChoiceForm):
    today_fields = ("signed_on",)
    body_field, body_kind = "centre", OrganisationKind.MEDIATION_CENTRE
    centre = forms.TypedChoiceField(label=_("调解组织"), coerce=int)
    signed_on = forms.DateField(label=_("签订日期"), widget=date_input(), validators=[not_future])
    due_on = forms.DateField(label=_("履行期限"), widget=date_input())
    terms = forms.CharField(
        label=_("协议内容"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("留空则按监察查明的事实和欠薪余额生成"),
    )

    def clean(self):
        data = super().clean()
        if data.get("signed_on") and data.get("due_on") and data["due_on"] < data["signed_on"]:
            self.add_error("due_on", _("履行期限不能早于签订日期"))
        return data


class ExtraClaimRow(forms.Form):
    claim_type = forms.ChoiceField(label=_("其他请求"), required=False)
    amount = money_field(_("金额（元）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim_type"].choices = [("", "——")] + [
            c for c in dictionary_choices("claim_type") if c[0] != "unpaid_wages"
        ]
        self.fields["amount"].required = False

    def clean(self):
        data = super().clean()
        if data.get("claim_type") and not data.get("amount"):
            self.add_error("amount", _("请填写金额"))
        elif data.get("amount") and not data.get("claim_type"):
            self.add_error("claim_type", _("请选择请求类型"))
        return data


ExtraClaimRows = forms.formset_factory(ExtraClaimRow, extra=2, max_num=10, validate_max=True)


class ArbitrationForm(ClaimChoiceForm):
    """A worker who also claims what inspection cannot order (e.g. economic compensation)."""

    today_fields = ("applied_on",)
    require_balance = False
    body_field, body_kind = "commission", OrganisationKind.ARBITRATION_COMMISSION
    commission = forms.TypedChoiceField(label=_("仲裁委员会"), coerce=int)
    applied_on = forms.DateField(label=_("申请仲裁日"), widget=date_input(), validators=[not_future])

    def setup(self, case):
        super().setup(case)
        self.rows = ExtraClaimRows(self.data if self.is_bound else None, prefix=f"{self.prefix}-extra")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.rows.is_valid() and valid

    def arguments(self) -> tuple:
        claim, arguments = super().arguments()
        extra: list[tuple[str, Decimal]] = [
            (r["claim_type"], r["amount"])
            for r in (f.cleaned_data for f in self.rows.forms)
            if r and r.get("claim_type")
        ]
        return claim, {**arguments, "extra_claims": extra}


def offered_bodies(case: InspectionCase, user, kind: str) -> list[Organisation]:
    """The centres (or commissions) of the case's district that lie in the user's scope."""
    return list(organisations_for(user).filter(kind=kind, active=True, path__startswith=district_path(case)))
