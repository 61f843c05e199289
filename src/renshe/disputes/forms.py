"""Forms for the dispute pages. They parse and check the shape of input (a number, a date, a valid ID);
the services decide everything else and their refusals are shown on the same fields."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renshe.core import law
from renshe.core.actions import ActionForm, RowSet
from renshe.core.forms import (
    MultipleFileField,
    PersonFields,
    RespondentFields,
    TodayMixin,
    date_input,
    decision_field,
    money_field,
)
from renshe.core.models import Enterprise, Organisation, OrganisationKind, User
from renshe.core.money import ZERO
from renshe.core.roles import Role
from renshe.core.scope import active_organisations
from renshe.core.selectors import dictionary_choices, organisations_for, streets_for

from . import remedies, selectors, services
from .models import (
    HALTS,
    AgreementFollowUp,
    AgreementItem,
    ClockGround,
    LimitationGround,
    Litigant,
    Recusal,
    RecusalGround,
    RecusalSource,
    RevocationRuling,
    ServiceMethod,
    TribunalMakeup,
    TribunalSeat,
)
from .selectors import DisputeFilter
from .workflow import Status

RESPONDENT_CHOICES_MAX = 500  # beyond that the credit code finds the enterprise (registered or not)


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def district_of(organisation: Organisation) -> Organisation | None:
    """The district bureau above an organisation (its materialised path names every ancestor)."""
    ids = [int(i) for i in organisation.path.strip("/").split("/") if i]
    return Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.BUREAU).first()


# --- counter registration ------------------------------------------------------------------------


class ApplicationForm(RespondentFields):
    Respondent = services.RespondentInput

    centre = forms.TypedChoiceField(label=_("受理调解中心"), coerce=int)
    received_on = forms.DateField(label=_("收到申请日"), widget=date_input())
    case_type = forms.ChoiceField(label=_("案件类型"))
    facts = forms.CharField(
        label=_("事实与理由"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明入职时间、岗位、争议经过和主要证据"),
    )
    common_claim = forms.BooleanField(
        label=_("共同请求"),
        required=False,
        help_text=_("全体申请人的请求事项相同；十人以上有共同请求的为集体争议，须推举代表人"),
    )
    evidence = MultipleFileField(
        label=_("证据材料"), required=False, help_text=_("PDF、PNG或JPEG，每个不超过10MB，可多选")
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        centres = list(organisations_for(user).filter(kind=OrganisationKind.MEDIATION_CENTRE, active=True))
        self.centres = centres
        self.fields["centre"].choices = [(c.pk, c.name) for c in centres]
        if len(centres) == 1:
            self.fields["centre"].widget = forms.HiddenInput()
            self.initial.setdefault("centre", centres[0].pk)
        self.fields["case_type"].choices = [("", "——")] + dictionary_choices("case_type")
        # A centre serves its town: its own street, the streets the user covers, and for a new employer
        # any street of the same district (the contract may be performed where the employer does not sit).
        home_streets = {c.parent_id for c in centres if c.parent_id}
        covered = {street.pk for street in streets_for(user)}
        enterprises = (
            Enterprise.objects.filter(street_id__in=home_streets | covered)
            .only("pk", "name", "credit_code")
            .order_by("name")[:RESPONDENT_CHOICES_MAX]
        )
        nearby = Q(pk__in=covered | home_streets)
        for district in filter(None, (district_of(c) for c in centres)):
            nearby |= Q(path__startswith=district.path)
        streets = Organisation.objects.filter(nearby, kind=OrganisationKind.STREET, active=True)
        self.offer(enterprises, streets.order_by("path"))

    def chosen_centre(self) -> Organisation:
        return next(c for c in self.centres if c.pk == self.cleaned_data["centre"])


class ApplicantForm(PersonFields):
    representative = forms.BooleanField(label=_("代表人"), required=False)


class ClaimTypeRow(forms.Form):
    """A row (claim, agreement item, award item) whose claim_type field chooses from the editable list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim_type"].choices = [("", "——")] + dictionary_choices("claim_type")


class ClaimForm(ClaimTypeRow):
    claim_type = forms.ChoiceField(label=_("请求类型"))
    amount = money_field()
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


ApplicantFormSet = forms.formset_factory(
    ApplicantForm, extra=1, min_num=1, validate_min=True, max_num=500, validate_max=True
)
ClaimFormSet = forms.formset_factory(ClaimForm, extra=2, min_num=1, validate_min=True, max_num=30)


# --- list filter ---------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The list's filter bar (GET). A malformed value is dropped rather than answered with an error."""

    q = forms.CharField(required=False, max_length=100)
    organisation = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(required=False, choices=[("", "")] + Status.choices)
    received_from = forms.DateField(required=False, widget=date_input())
    received_to = forms.DateField(required=False, widget=date_input())
    overdue = forms.BooleanField(required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = services.MEDIATING_ORGANISATIONS | {OrganisationKind.ARBITRATION_COMMISSION}
        self.organisations = [o for o in active_organisations(user) if o.kind in kinds]
        self.fields["organisation"].choices = [("", "")] + [(o.pk, o.name) for o in self.organisations]

    def value(self) -> DisputeFilter:
        self.is_valid()
        d = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return DisputeFilter(
            q=d.get("q", "").strip(),
            organisation=d.get("organisation"),
            status=d.get("status", ""),
            received_from=d.get("received_from"),
            received_to=d.get("received_to"),
            overdue=bool(d.get("overdue")),
        )


# --- actions on a case ---------------------------------------------------------------------------


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ResumeForm(TodayMixin, ActionForm):
    today_fields = ("on",)
    on = forms.DateField(label=_("恢复日"), widget=date_input())


class ReferForm(ActionForm):
    to = forms.TypedChoiceField(label=_("转派至"), coerce=int)

    def setup(self, case):
        self.organisations = {o.pk: o for o in services.referral_targets(case.received_by)}
        self.fields["to"].choices = [("", "——")] + [(pk, o.name) for pk, o in self.organisations.items()]

    def clean_to(self):
        return self.organisations[self.cleaned_data["to"]]


class TakeUpForm(ActionForm):
    mediators = forms.TypedMultipleChoiceField(
        label=_("调解员"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def setup(self, case):
        self.people = {
            u.pk: u
            for u in User.objects.filter(
                organisation_id=case.organisation_id, role=Role.MEDIATOR, is_active=True
            ).order_by("username")
        }
        self.fields["mediators"].choices = [(pk, str(u)) for pk, u in self.people.items()]

    def clean_mediators(self):
        return [self.people[pk] for pk in self.cleaned_data["mediators"]]


class SessionForm(ActionForm):
    held_at = forms.DateTimeField(label=_("调解时间"), widget=datetime_input())
    place = forms.CharField(label=_("地点"), max_length=120)
    attendees = forms.CharField(label=_("参加人员"), max_length=300)
    minutes = forms.CharField(label=_("调解笔录"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def defaults(self, case):
        return {"held_at": timezone.localtime().replace(second=0, microsecond=0)}


class ExtendForm(ActionForm):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=60)
    note = forms.CharField(label=_("双方同意情况"), max_length=200)


class ItemRowForm(ClaimTypeRow):
    claim_type = forms.ChoiceField(label=_("项目类型"))
    description = forms.CharField(label=_("履行内容"), max_length=200)
    amount = money_field()
    due_on = forms.DateField(label=_("履行期限"), widget=date_input())


class SettleForm(TodayMixin, ActionForm):
    today_fields = ("signed_on",)
    row_sets = {"items": RowSet(ItemRowForm, services.ItemInput)}
    signed_on = forms.DateField(label=_("签订日期"), widget=date_input())
    terms = forms.CharField(label=_("协议内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PaymentForm(TodayMixin, ActionForm):
    today_fields = ("paid_on",)
    item = forms.TypedChoiceField(label=_("履行事项"), coerce=int)
    amount = money_field(_("支付金额（元）"))
    paid_on = forms.DateField(label=_("支付日期"), widget=date_input())

    def setup(self, case):
        self.items = {
            i.pk: i
            for i in AgreementItem.objects.filter(agreement__case=case).order_by("due_on", "id")
            if i.outstanding > 0
        }
        self.fields["item"].choices = [
            (pk, _("%(what)s（未付 %(left)s 元）") % {"what": i.description, "left": f"{i.outstanding:,.2f}"})
            for pk, i in self.items.items()
        ]

    def clean_item(self):
        return self.items[self.cleaned_data["item"]]

    def arguments(self):
        _case, arguments = super().arguments()
        return arguments.pop("item"), arguments


class PaymentOrderForm(TodayMixin, ActionForm):
    today_fields = ("applied_on",)
    applied_on = forms.DateField(label=_("申请日期"), widget=date_input())
    court = forms.CharField(label=_("人民法院"), max_length=100)


class JointApplicationForm(TodayMixin, ActionForm):
    """The parties' joint application (a review or a confirmation): the service refuses one that is not."""

    today_fields = ("applied_on",)
    applied_on = forms.DateField(label=_("申请日期"), widget=date_input())
    joint = forms.BooleanField(label=_("双方当事人共同申请"), required=False)


class ArbitralReviewForm(JointApplicationForm):
    commission = forms.CharField(label=_("仲裁委员会"), max_length=100)


class JudicialConfirmationForm(JointApplicationForm):
    court = forms.CharField(label=_("人民法院"), max_length=100)


class FollowUpResultForm(TodayMixin, ActionForm):
    today_fields = ("decided_on",)
    target_field = "follow_up"
    follow_up = forms.TypedChoiceField(label=_("申请"), coerce=int)
    granted = decision_field(_("结果"), _("准许：发出支付令、出具调解书或者裁定协议有效"), _("驳回申请"))
    decided_on = forms.DateField(label=_("结果日期"), widget=date_input())

    def setup(self, case):
        self.pending = {
            f.pk: f for f in AgreementFollowUp.objects.filter(agreement__case=case, result="").order_by("id")
        }
        self.fields["follow_up"].choices = [
            (pk, f"{f.get_kind_display()}（{f.authority}，{f.applied_on:%Y-%m-%d}）")
            for pk, f in self.pending.items()
        ]

    def available(self) -> bool:
        return bool(self.pending)

    def clean_follow_up(self):
        return self.pending[self.cleaned_data["follow_up"]]


class ToArbitrationForm(TodayMixin, ActionForm):
    today_fields = ("applied_on",)
    commission = forms.TypedChoiceField(label=_("仲裁委员会"), coerce=int)
    applied_on = forms.DateField(label=_("申请仲裁日"), widget=date_input())

    def setup(self, case):
        # the commissions of the case's district, and any the user's scope names
        district = district_of(case.received_by)
        kind = OrganisationKind.ARBITRATION_COMMISSION
        found = (
            Organisation.objects.filter(kind=kind, active=True, path__startswith=district.path)
            if district
            else []
        )
        self.commissions = {o.pk: o for o in found}
        self.fields["commission"].choices = [("", "——")] + [
            (pk, o.name) for pk, o in self.commissions.items()
        ]

    def clean_commission(self):
        return self.commissions[self.cleaned_data["commission"]]


class AcceptArbitrationForm(TodayMixin, ActionForm):
    today_fields = ("accepted_on",)
    accepted_on = forms.DateField(label=_("受理日"), widget=date_input())


HEARING_MINUTES = [
    (60, _("1小时")),
    (90, _("1.5小时")),
    (120, _("2小时")),
    (180, _("3小时")),
    (240, _("半天")),
]


def _chosen(people: dict[int, User], pk: int | None) -> User | None:
    return people.get(pk) if pk else None


class HearingForm(TodayMixin, ActionForm):
    """A hearing in one of the commission's rooms; a place outside them only where it has none."""

    today_fields = ("notified_on",)
    scheduled_at = forms.DateTimeField(label=_("开庭时间"), widget=datetime_input())
    room = forms.TypedChoiceField(label=_("仲裁庭室"), coerce=int, required=False, empty_value=None)
    minutes = forms.TypedChoiceField(label=_("预计时长"), coerce=int, choices=HEARING_MINUTES, initial=120)
    place = forms.CharField(label=_("其他地点"), max_length=120, required=False)
    notified_on = forms.DateField(label=_("通知日期"), widget=date_input())

    def setup(self, case):
        self.rooms = {r.pk: r for r in selectors.hearing_rooms_for_case(case)}
        self.fields["room"].choices = [("", "—")] + [(pk, str(r)) for pk, r in self.rooms.items()]
        if self.rooms:
            self.fields["room"].required = True
            del self.fields["place"]

    def clean_room(self):
        pk = self.cleaned_data["room"]
        return self.rooms.get(pk) if pk else None


class ArbitratorChoices:
    """The commission's arbitrators (services.eligible_arbitrators) as a form's choices."""

    def arbitrators(self, case) -> dict[int, User]:
        arbitration = getattr(case, "arbitration", None)
        if arbitration is None:
            return {}
        return {u.pk: u for u in selectors.eligible_arbitrators(arbitration)}


class ComposeTribunalForm(ArbitratorChoices, ActionForm):
    tribunal = forms.ChoiceField(
        label=_("仲裁庭组成"), choices=TribunalMakeup.choices, widget=forms.RadioSelect, initial="panel"
    )
    arbitrators = forms.TypedMultipleChoiceField(
        label=_("仲裁员"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("独任选一名，合议庭选三名"),
    )
    presiding = forms.TypedChoiceField(label=_("首席仲裁员"), coerce=int, required=False, empty_value=None)

    def setup(self, case):
        self.people = self.arbitrators(case)
        choices = [(pk, str(u)) for pk, u in self.people.items()]
        self.fields["arbitrators"].choices = choices
        self.fields["presiding"].choices = [("", "—"), *choices]
        if case.collective:  # no sole arbitrator (law.COLLECTIVE_TRIBUNAL_CITATION)
            self.fields["tribunal"].choices = [(TribunalMakeup.PANEL, TribunalMakeup.PANEL.label)]
            self.fields["arbitrators"].help_text = _("集体争议由三名仲裁员组成合议庭")

    def clean_arbitrators(self):
        return [self.people[pk] for pk in self.cleaned_data["arbitrators"]]

    def clean_presiding(self):
        return _chosen(self.people, self.cleaned_data["presiding"])


class RepresentativesForm(ActionForm):
    """The representatives a collective dispute's workers have elected (第七条), among its applicants."""

    representatives = forms.TypedMultipleChoiceField(
        label=_("代表人"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("推举情况"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明推举的时间、方式和参加推举的人数"),
    )

    def defaults(self, case):
        return {"representatives": [a.pk for a in case.applicants.all() if a.representative]}

    def setup(self, case):
        low, high = law.collective_representatives()
        self.fields["representatives"].choices = [
            (a.pk, a.person.name) for a in case.applicants.select_related("person").order_by("id")
        ]
        self.fields["representatives"].help_text = _("选%(low)d至%(high)d名（%(law)s）") % {
            "low": low,
            "high": high,
            "law": law.COLLECTIVE_REPRESENTATIVES_CITATION,
        }


class LimitationForm(ActionForm):
    known_on = forms.DateField(label=_("知道或者应当知道权利被侵害之日"), widget=date_input(), required=False)
    employment_ended_on = forms.DateField(
        label=_("劳动关系终止日"), widget=date_input(), required=False, help_text=_("劳动关系存续的留空")
    )

    def defaults(self, case):
        arbitration = case.arbitration
        return {
            "known_on": arbitration.infringement_known_on,
            "employment_ended_on": arbitration.employment_ended_on,
        }


class LimitationBreakForm(ActionForm):
    ground = forms.ChoiceField(label=_("事由（第二十七条第二款、第三款）"), choices=LimitationGround.choices)
    starts_on = forms.DateField(label=_("发生日期"), widget=date_input())
    ends_on = forms.DateField(
        label=_("中止原因消除日"),
        widget=date_input(),
        required=False,
        help_text=_("仅中止填写；原因尚未消除的留空"),
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class RecountArbitrationForm(TodayMixin, ActionForm):
    today_fields = ("on",)
    ground = forms.ChoiceField(
        label=_("事由（办案规则第四十六条）"), choices=[c for c in ClockGround.choices if c[0] not in HALTS]
    )
    on = forms.DateField(
        label=_("发生日期"),
        widget=date_input(),
        help_text=_(
            "重新计算的：决定追加当事人、收到补正材料、受理变更请求或反申请、接受移送之日；公告送达的：公告之日"
        ),
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class SuspendArbitrationForm(TodayMixin, ActionForm):
    today_fields = ("on",)
    ground = forms.ChoiceField(
        label=_("中止情形（办案规则第四十七条）"), choices=[c for c in ClockGround.choices if c[0] in HALTS]
    )
    on = forms.DateField(label=_("中止审理之日"), widget=date_input())
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class RecusalForm(ActionForm):
    arbitrator = forms.TypedChoiceField(label=_("仲裁员"), coerce=int)
    source = forms.ChoiceField(label=_("提出方式"), choices=RecusalSource.choices, widget=forms.RadioSelect)
    ground = forms.ChoiceField(label=_("回避事由（第三十三条）"), choices=RecusalGround.choices)
    reason = forms.CharField(label=_("理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self, case):
        seats = TribunalSeat.objects.filter(arbitration__case=case, left_on__isnull=True).select_related(
            "arbitrator"
        )
        self.people = {s.arbitrator_id: s.arbitrator for s in seats}
        self.fields["arbitrator"].choices = [(pk, str(u)) for pk, u in self.people.items()]

    def clean_arbitrator(self):
        return self.people[self.cleaned_data["arbitrator"]]


class RecusalDecisionForm(ArbitratorChoices, ActionForm):
    target_field = "recusal"
    recusal = forms.TypedChoiceField(label=_("回避申请"), coerce=int)
    granted = decision_field(_("决定"), _("准予回避"), _("驳回回避申请"))
    replacement = forms.TypedChoiceField(
        label=_("替换仲裁员"), coerce=int, required=False, empty_value=None, help_text=_("准予回避时指定")
    )
    note = forms.CharField(label=_("决定理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self, case):
        self.pending = {
            r.pk: r
            for r in Recusal.objects.filter(arbitration__case=case, decision="").select_related("arbitrator")
        }
        self.fields["recusal"].choices = [
            (pk, f"{r.arbitrator}：{r.get_ground_display()}") for pk, r in self.pending.items()
        ]
        self.people = self.arbitrators(case)
        self.fields["replacement"].choices = [("", "—")] + [(pk, str(u)) for pk, u in self.people.items()]

    def available(self) -> bool:
        """Only with a recusal to decide that is not the user's own (that one the commission decides)."""
        return any(self.user is None or r.arbitrator_id != self.user.pk for r in self.pending.values())

    def clean_recusal(self):
        return self.pending[self.cleaned_data["recusal"]]

    def clean_replacement(self):
        return _chosen(self.people, self.cleaned_data["replacement"])


class AwardRowForm(ClaimTypeRow):
    claim_type = forms.ChoiceField(label=_("裁决事项类型"))
    amount = money_field(_("裁决金额（元）"), minimum=ZERO)


class AwardForm(TodayMixin, ActionForm):
    today_fields = ("awarded_on",)
    row_sets = {"items": RowSet(AwardRowForm, services.ClaimInput)}
    awarded_on = forms.DateField(label=_("裁决日"), widget=date_input())
    summary = forms.CharField(label=_("裁决主文"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ServeAwardForm(TodayMixin, ActionForm):
    """The award served on one party still unserved: each worker and the employer receive it on their own day."""

    today_fields = ("received_on",)
    party = forms.ChoiceField(label=_("受送达人"))
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    received_on = forms.DateField(label=_("收到裁决书日期"), widget=date_input())

    def setup(self, case):
        self.fields["party"].choices = [
            (str(p.applicant.pk) if p.applicant else p.side, f"{p.side.label}：{p.name}")
            for p in remedies.unserved(case.arbitration)
        ]

    def available(self) -> bool:
        return bool(self.fields["party"].choices)


class RevocationPetitionForm(TodayMixin, ActionForm):
    today_fields = ("filed_on",)
    filed_on = forms.DateField(label=_("申请撤销日期"), widget=date_input())
    court = forms.CharField(label=_("中级人民法院"), max_length=100)


class RevocationRulingForm(TodayMixin, ActionForm):
    today_fields = ("received_on",)
    ruling = forms.ChoiceField(label=_("法院裁定"), choices=RevocationRuling.choices)
    received_on = forms.DateField(label=_("收到裁定书日期"), widget=date_input())


class SuitForm(TodayMixin, ActionForm):
    today_fields = ("filed_on",)
    filed_by = forms.ChoiceField(label=_("起诉方"), choices=Litigant.choices)
    filed_on = forms.DateField(label=_("起诉日"), widget=date_input())
    court = forms.CharField(label=_("法院"), max_length=100)

    def setup(self, case):
        arbitration = getattr(case, "arbitration", None)
        if arbitration is None or arbitration.awarded_on is None:  # no award: the applicant's suit alone
            self.fields["filed_by"].choices = [(Litigant.WORKER, Litigant.WORKER.label)]


class JudgmentForm(TodayMixin, ActionForm):
    today_fields = ("concluded_on",)
    outcome = forms.CharField(label=_("裁判结果"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))
    concluded_on = forms.DateField(label=_("裁判日"), widget=date_input())
