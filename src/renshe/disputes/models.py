"""劳动争议: a dispute from application through mediation to arbitration and court, on one file.

Totals on DisputeCase (claimed, agreed, paid) are kept by the services in the same transaction as the
rows they sum, so statistics over years of cases read one table instead of joining three."""

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renshe.core.models import StoredFile
from renshe.core.money import ZERO, MoneyField

from .workflow import WITH_MEDIATORS, Status

if TYPE_CHECKING:  # metrics reads this module's models
    from .metrics import Tally


class Channel(models.TextChoices):
    COUNTER = "counter", _("窗口受理")
    PORTAL = "portal", _("网上申请")
    API = "api", _("系统对接")


class Outcome(models.TextChoices):
    SETTLED = "settled", _("调解成功")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("撤回")


class DisputeCase(models.Model):
    number = models.CharField(_("案号"), max_length=40, unique=True)
    query_digest = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("申请渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.APPLIED)
    case_type = models.CharField(_("案件类型"), max_length=30)
    # 劳动争议调解仲裁法 第七条: collective = ten or more workers (worker_count) with a claim common to them all, which
    # the registration declares (common_claim): the claims are the case's, not each worker's
    collective = models.BooleanField(_("集体争议"), default=False)
    common_claim = models.BooleanField(_("共同请求"), default=False)
    worker_count = models.PositiveIntegerField(_("涉及劳动者人数"), default=1)
    facts = models.TextField(_("事实与理由"), max_length=5000)
    respondent = models.ForeignKey(
        "core.Enterprise", verbose_name=_("被申请人"), on_delete=models.PROTECT, related_name="disputes"
    )
    street = models.ForeignKey(
        "core.Organisation", verbose_name=_("用工所在街镇"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        "core.Industry",
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_by = models.ForeignKey(
        "core.Organisation", verbose_name=_("受理机构"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("承办机构"), on_delete=models.PROTECT, related_name="disputes"
    )
    # the statistics' 调解组织 (metrics.py): kept when the case goes on to arbitration, so a studio's failures
    # stay in its own figures
    mediating_organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("调解组织"), on_delete=models.PROTECT, related_name="+"
    )
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("调解员"), blank=True, related_name="+"
    )
    received_on = models.DateField(_("收到申请日"))
    mediation_due_on = models.DateField(_("调解期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("协议延长天数"), default=0)
    suspended_days = models.PositiveSmallIntegerField(_("中止天数"), default=0)
    suspended_on = models.DateField(null=True, blank=True)
    mediated = models.BooleanField(_("经过调解"), default=False, help_text=_("先行调解：进入调解程序"))
    outcome = models.CharField(_("调解结果"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("调解结束日"), null=True, blank=True)
    closed_on = models.DateField(_("结案日"), null=True, blank=True)
    reason = models.CharField(_("不予受理/调解不成原因"), max_length=300, blank=True)
    claimed_total = MoneyField(_("请求金额"), default=ZERO)
    agreed_total = MoneyField(_("协议金额"), default=ZERO)
    paid_total = MoneyField(_("已履行金额"), default=ZERO)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # not a column: the case's share of the statistics as read under the lock, which services._save moves
    counted: "Tally"

    class Meta:
        verbose_name = _("劳动争议案件")
        verbose_name_plural = _("劳动争议案件")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collective=True, common_claim=True, worker_count__gte=10)
                | (models.Q(collective=False) & ~models.Q(common_claim=True, worker_count__gte=10)),
                name="collective_is_ten_workers_with_a_common_claim",
            )
        ]
        indexes = [
            # covering received_by: the scope filter (handling OR receiving organisation) is then answered
            # from the index alone on PostgreSQL — 180 → 22 ms for a filtered count at 1M cases
            models.Index(
                fields=["organisation", "status", "received_on"],
                include=["received_by"],
                name="dispute_org_status_day",
            ),
            models.Index(fields=["status", "mediation_due_on"]),
            models.Index(fields=["received_by", "-received_on"]),
            models.Index(fields=["street", "-received_on"]),
            models.Index(fields=["-received_on", "-id"]),
            models.Index(fields=["mediating_organisation", "received_on"]),
            models.Index(  # the mediators' queues, in due order (selectors.mediator_queue)
                fields=["mediation_due_on", "id"],
                condition=models.Q(status__in=sorted(WITH_MEDIATORS)),
                name="dispute_with_mediators_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")


class Applicant(models.Model):
    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="applicants")
    person = models.ForeignKey(
        "core.Person", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    representative = models.BooleanField(_("集体争议代表"), default=False)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="one_applicant_entry")]

    def __str__(self) -> str:
        return str(self.person)


class Claim(models.Model):
    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="claims")
    claim_type = models.CharField(_("请求类型"), max_length=30)
    amount = MoneyField(_("金额（元）"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("仲裁/调解请求")
        verbose_name_plural = _("请求事项")

    def __str__(self) -> str:
        return f"{self.claim_type} {self.amount}"


class Evidence(StoredFile):
    """A file a party gave, written to storage after its case's transaction commits (core.files)."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to="disputes/evidence/%Y/%m/")
    name = models.CharField(_("名称"), max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    TAKEN = "taken", _("已接收")
    REVOKED = "revoked", _("已撤回")


class Referral(models.Model):
    """A hand-over from the centre to the studio or an "X" organisation; revocable until taken up."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("转派")
        verbose_name_plural = _("转派")

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organisation}"


class MediationSession(models.Model):
    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("调解时间"))
    place = models.CharField(_("地点"), max_length=120)
    attendees = models.CharField(_("参加人员"), max_length=300)
    minutes = models.TextField(_("调解笔录"), max_length=10000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["held_at"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_at:%Y-%m-%d}"


class Suspension(models.Model):
    """A period the statutes exclude from the mediation clock (e.g. a party's illness, force majeure)."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="suspensions")
    started_on = models.DateField(_("中止日"))
    ended_on = models.DateField(_("恢复日"), null=True, blank=True)
    reason = models.CharField(_("中止原因"), max_length=300)

    class Meta:
        verbose_name = _("中止")
        verbose_name_plural = _("中止")

    def __str__(self) -> str:
        return f"{self.case} {self.started_on}"


class MediationAgreement(models.Model):
    case = models.OneToOneField(DisputeCase, on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField(_("签订日期"))
    terms = models.TextField(_("协议内容"), max_length=5000)
    # the day the default was recorded (第十五条): only then may the worker apply for a payment order (第十六条)
    defaulted_on = models.DateField(_("确认未履行日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解协议书")
        verbose_name_plural = _("调解协议书")

    def __str__(self) -> str:
        return str(self.case)


class FollowUpKind(models.TextChoices):
    """What a party may do with an agreement besides performing it: a payment order from the court when the
    employer defaults (劳动争议调解仲裁法 第十六条); the commission's review, which issues an arbitral 调解书
    (办案规则 第七十四条); the court's confirmation (司法确认, 民事诉讼法 第二百零五条、第二百零六条)."""

    PAYMENT_ORDER = "payment_order", _("支付令")
    ARBITRAL_REVIEW = "arbitral_review", _("仲裁审查")
    JUDICIAL_CONFIRMATION = "judicial_confirmation", _("司法确认")


class FollowUpResult(models.TextChoices):
    ISSUED = "issued", _("法院发出支付令")
    STATEMENT = "statement", _("仲裁委员会出具调解书")
    CONFIRMED = "confirmed", _("法院裁定调解协议有效")
    REJECTED = "rejected", _("驳回申请")


# what granting each kind of application gives
GRANTED = {
    FollowUpKind.PAYMENT_ORDER: FollowUpResult.ISSUED,
    FollowUpKind.ARBITRAL_REVIEW: FollowUpResult.STATEMENT,
    FollowUpKind.JUDICIAL_CONFIRMATION: FollowUpResult.CONFIRMED,
}
# an arbitral 调解书 and a ruling that the agreement is valid may be enforced by the court as they stand
ENFORCEABLE = frozenset({FollowUpResult.STATEMENT, FollowUpResult.CONFIRMED})


class AgreementFollowUp(models.Model):
    """An application about an agreement (FollowUpKind), to whom, by whom (`joint`: both parties, as the
    review and the confirmation require; a payment order is the worker's alone), and its result."""

    agreement = models.ForeignKey(MediationAgreement, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("后续程序"), max_length=24, choices=FollowUpKind.choices)
    applied_on = models.DateField(_("申请日期"))
    authority = models.CharField(_("受理机关"), max_length=100)
    joint = models.BooleanField(_("双方共同申请"), default=False)
    result = models.CharField(_("结果"), max_length=10, choices=FollowUpResult.choices, blank=True)
    decided_on = models.DateField(_("结果日期"), null=True, blank=True)
    # empty only for an application recorded before this table (migration 0017, from the old review path)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("调解协议后续程序")
        verbose_name_plural = _("调解协议后续程序")
        ordering = ["applied_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="one_follow_up_of_a_kind"),
            models.CheckConstraint(
                condition=models.Q(kind="payment_order") | models.Q(joint=True), name="follow_up_joint"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.applied_on}"

    @property
    def enforceable(self) -> bool:
        return self.result in ENFORCEABLE


class AgreementItem(models.Model):
    agreement = models.ForeignKey(MediationAgreement, on_delete=models.CASCADE, related_name="items")
    claim_type = models.CharField(_("项目类型"), max_length=30)
    description = models.CharField(_("履行内容"), max_length=200)
    amount = MoneyField(_("金额（元）"))
    due_on = models.DateField(_("履行期限"))
    paid_amount = MoneyField(_("已支付（元）"), default=ZERO)

    class Meta:
        verbose_name = _("协议履行事项")
        verbose_name_plural = _("协议履行事项")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_amount__lte=models.F("amount")), name="item_not_overpaid"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid_amount


class Payment(models.Model):
    item = models.ForeignKey(AgreementItem, on_delete=models.PROTECT, related_name="payments")
    amount = MoneyField(_("金额（元）"))
    paid_on = models.DateField(_("支付日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("履行记录")
        verbose_name_plural = _("履行记录")

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class TribunalMakeup(models.TextChoices):
    """劳动争议调解仲裁法 第三十一条: three arbitrators with a presiding one, or one alone for a simple case."""

    SOLE = "sole", _("独任仲裁")
    PANEL = "panel", _("合议庭")


class HearingRoom(models.Model):
    """A room of a commission or tribunal where hearings are held; one hearing at a time."""

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("仲裁机构"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("仲裁庭室"), max_length=60)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("仲裁庭室")
        verbose_name_plural = _("仲裁庭室")
        ordering = ["organisation_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="hearing_room_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ArbitrationCase(models.Model):
    """The arbitration stage, created from the mediation file (no re-typing): 调裁审 on one platform."""

    case = models.OneToOneField(DisputeCase, on_delete=models.CASCADE, related_name="arbitration")
    commission = models.ForeignKey(
        "core.Organisation", verbose_name=_("仲裁委员会"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("仲裁案号"), max_length=40, unique=True)
    applied_on = models.DateField(_("申请日"))
    acceptance_due_on = models.DateField(_("受理审查期限"))
    accepted_on = models.DateField(_("受理日"), null=True, blank=True)
    award_due_on = models.DateField(_("审理期限"), null=True, blank=True)
    extended = models.BooleanField(_("已延长"), default=False)
    awarded_on = models.DateField(_("裁决日"), null=True, blank=True)
    award_summary = models.TextField(_("裁决主文"), max_length=5000, blank=True)
    final = models.BooleanField(_("终局裁决"), null=True)
    tribunal = models.CharField(_("仲裁庭组成"), max_length=10, choices=TribunalMakeup.choices, blank=True)
    # 第二十七条: the limitation runs from when the applicant knew or should have known of the infringement;
    # a pay claim during employment runs from the employment's end (第四款). Empty: not recorded yet.
    infringement_known_on = models.DateField(_("知道或者应当知道权利被侵害之日"), null=True, blank=True)
    employment_ended_on = models.DateField(_("劳动关系终止日"), null=True, blank=True)

    class Meta:
        verbose_name = _("仲裁案件")
        verbose_name_plural = _("仲裁案件")

    def __str__(self) -> str:
        return self.number


class ClockGround(models.TextChoices):
    """What stops or restarts the award period of 劳动争议调解仲裁法 第四十三条 (办案规则 第四十六条、第四十七条:
    law.ARBITRATION_SUSPENSION_CITATION). The first five count it again from their day (RESTARTING); the rest
    leave out the days from their start until the hearing resumes."""

    JOINED = "joined", _("仲裁庭追加当事人或者第三人（自决定追加之日起）")

    SUPPLEMENTED = "supplemented", _("申请人补正材料（自收到补正材料之日起）")
    CLAIMS_CHANGED = "claims_changed", _("增加、变更仲裁请求（自受理之日起）")
    COUNTERCLAIM = "counterclaim", _("反申请合并处理（自受理反申请之日起）")
    TRANSFERRED = "transferred", _("案件移送管辖（自接受移送之日起）")
    DEATH = "death", _("劳动者一方死亡，等待继承人表明是否参加仲裁")
    INCAPACITY = "incapacity", _("劳动者一方丧失民事行为能力，尚未确定法定代理人")
    EMPLOYER_ENDED = "employer_ended", _("用人单位终止，尚未确定权利义务承继者")
    FORCE_MAJEURE = "force_majeure", _("一方当事人因不可抗拒的事由不能参加仲裁")
    OTHER_CASE = "other_case", _("须以其他案件审理结果为依据，该案尚未审结")
    APPRAISAL = "appraisal", _("等待工伤认定、伤残等级鉴定或者其他鉴定结论")
    PUBLIC_NOTICE = "public_notice", _("公告送达期间")
    OTHER = "other", _("其他应当中止仲裁审理的情形")


# 办案规则 第四十七条: the grounds to suspend the hearing, each approved by the commission's director
HALTS = frozenset(
    {
        ClockGround.DEATH,
        ClockGround.INCAPACITY,
        ClockGround.EMPLOYER_ENDED,
        ClockGround.FORCE_MAJEURE,
        ClockGround.OTHER_CASE,
        ClockGround.APPRAISAL,
        ClockGround.OTHER,
    }
)
RESTARTING = frozenset(
    {
        ClockGround.JOINED,
        ClockGround.SUPPLEMENTED,
        ClockGround.CLAIMS_CHANGED,
        ClockGround.COUNTERCLAIM,
        ClockGround.TRANSFERRED,
    }
)


class ArbitrationSuspension(models.Model):
    """A day from which the award period counts again (a RESTARTING ground: `ended_on` is `started_on`), or a
    suspension of the hearing whose days, `started_on` until the hearing resumed on `ended_on` (empty while
    it lasts), are not counted."""

    arbitration = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="suspensions")
    ground = models.CharField(_("事由"), max_length=15, choices=ClockGround.choices)
    started_on = models.DateField(_("发生日期"))
    ended_on = models.DateField(_("恢复审理日"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("仲裁审理期限中止/重新计算")
        verbose_name_plural = _("仲裁审理期限中止/重新计算")
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(  # one suspension at a time
                fields=["arbitration"], condition=models.Q(ended_on__isnull=True), name="one_open_suspension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} {self.started_on}"

    @property
    def restarts(self) -> bool:
        return self.ground in RESTARTING

    @property
    def excluded_days(self) -> int:
        """The days not counted: none for a restart, or while the suspension lasts."""
        if self.restarts or self.ended_on is None:
            return 0
        return (self.ended_on - self.started_on).days


class Hearing(models.Model):
    arbitration = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="hearings")
    scheduled_at = models.DateTimeField(_("开庭时间"))
    place = models.CharField(_("地点"), max_length=120)
    notified_on = models.DateField(_("通知日期"))
    room = models.ForeignKey(
        HearingRoom,
        verbose_name=_("仲裁庭室"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hearings",
    )
    minutes = models.PositiveSmallIntegerField(_("预计时长（分钟）"), default=120)

    class Meta:
        verbose_name = _("开庭")
        verbose_name_plural = _("开庭")
        ordering = ["scheduled_at"]
        indexes = [models.Index(fields=["room", "scheduled_at"], name="hearing_room_time")]

    def __str__(self) -> str:
        return f"{self.arbitration} {self.scheduled_at:%Y-%m-%d}"

    @property
    def ends_at(self):
        return self.scheduled_at + timedelta(minutes=self.minutes)


class TribunalSeat(models.Model):
    """An arbitrator on a case's tribunal, from appointment until a recusal replaces them (left_on)."""

    arbitration = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="seats")
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("仲裁员"), on_delete=models.PROTECT, related_name="+"
    )
    presiding = models.BooleanField(_("首席仲裁员"), default=False)
    appointed_on = models.DateField(_("指定日期"))
    left_on = models.DateField(_("回避日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("仲裁庭成员")
        verbose_name_plural = _("仲裁庭成员")
        ordering = ["-presiding", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["arbitration", "arbitrator"],
                condition=models.Q(left_on__isnull=True),
                name="tribunal_seat_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.arbitrator)


class RecusalSource(models.TextChoices):
    PARTY = "party", _("当事人申请回避")
    SELF = "self", _("仲裁员自行回避")


class RecusalGround(models.TextChoices):
    """劳动争议调解仲裁法 第三十三条第一款 (一)至(四)."""

    RELATIVE = "relative", _("是本案当事人或者当事人、代理人的近亲属")
    INTEREST = "interest", _("与本案有利害关系")
    RELATION = "relation", _("与本案当事人、代理人有其他关系，可能影响公正裁决")
    CONTACT = "contact", _("私自会见当事人、代理人，或者接受当事人、代理人的请客送礼")


class RecusalDecision(models.TextChoices):
    GRANTED = "granted", _("准予回避")
    REFUSED = "refused", _("驳回回避申请")


class Recusal(models.Model):
    """A request that an arbitrator withdraw (回避), a party's or their own, and the commission's decision
    (第三十三条第二款); a granted one replaces the arbitrator on the tribunal."""

    arbitration = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="recusals")
    arbitrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("仲裁员"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("提出方式"), max_length=10, choices=RecusalSource.choices)
    ground = models.CharField(_("回避事由"), max_length=10, choices=RecusalGround.choices)
    reason = models.CharField(_("理由"), max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField(_("申请日期"))
    decision = models.CharField(_("决定"), max_length=10, choices=RecusalDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.CharField(_("决定理由"), max_length=300, blank=True)
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("替换仲裁员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.arbitrator} {self.get_ground_display()}"


class AwardItem(models.Model):
    arbitration = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="award_items")
    claim_type = models.CharField(_("裁决事项类型"), max_length=30)
    amount = MoneyField(_("裁决金额（元）"))
    final = models.BooleanField(_("终局"))

    class Meta:
        verbose_name = _("裁决事项")
        verbose_name_plural = _("裁决事项")

    def __str__(self) -> str:
        return f"{self.claim_type} {self.amount}"


class Litigant(models.TextChoices):
    WORKER = "worker", _("劳动者")
    EMPLOYER = "employer", _("用人单位")


class ServiceMethod(models.TextChoices):
    """How a document reached a party (劳动人事争议仲裁办案规则 第二十条: the receipt's signing date is the day of
    service; otherwise the methods of the civil procedure law)."""

    PERSONAL = "personal", _("直接送达")
    LODGED = "lodged", _("留置送达")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")
    NOTICE = "notice", _("公告送达")


class AwardService(models.Model):
    """The award served on one party: each worker (`applicant`) and the employer (no applicant). Each party's
    time to sue or to petition runs from its own day of receipt (劳动争议调解仲裁法 第四十八条至第五十条); a mixed
    award's two documents (办案规则 第五十条) are served together."""

    arbitration = models.ForeignKey(ArbitrationCase, on_delete=models.CASCADE, related_name="services")
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("劳动者"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("送达方式"), max_length=12, choices=ServiceMethod.choices)
    received_on = models.DateField(_("收到裁决书日期"))

    class Meta:
        verbose_name = _("裁决书送达")
        verbose_name_plural = _("裁决书送达")
        constraints = [
            models.UniqueConstraint(fields=["arbitration", "applicant"], name="award_served_once_per_worker"),
            models.UniqueConstraint(
                fields=["arbitration"],
                condition=models.Q(applicant__isnull=True),
                name="award_served_once_on_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.arbitration} {self.received_on}"


class RevocationRuling(models.TextChoices):
    REVOKED = "revoked", _("裁定撤销裁决")
    UPHELD = "upheld", _("裁定驳回申请")


class RevocationPetition(models.Model):
    """The employer's petition to the intermediate court to revoke a final award (劳动争议调解仲裁法 第四十九条),
    and the court's ruling."""

    arbitration = models.OneToOneField(ArbitrationCase, on_delete=models.CASCADE, related_name="revocation")
    filed_on = models.DateField(_("申请撤销日期"))
    court = models.CharField(_("中级人民法院"), max_length=100)
    ruling = models.CharField(_("法院裁定"), max_length=10, choices=RevocationRuling.choices, blank=True)
    ruling_received_on = models.DateField(_("收到裁定书日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请撤销仲裁裁决")
        verbose_name_plural = _("申请撤销仲裁裁决")

    def __str__(self) -> str:
        return f"{self.arbitration} {self.court}"


class Litigation(models.Model):
    case = models.OneToOneField(DisputeCase, on_delete=models.CASCADE, related_name="litigation")
    filed_by = models.CharField(_("起诉方"), max_length=10, choices=Litigant.choices)
    filed_on = models.DateField(_("起诉日"))
    court = models.CharField(_("法院"), max_length=100)
    outcome = models.TextField(_("裁判结果"), max_length=3000, blank=True)
    concluded_on = models.DateField(_("裁判日"), null=True, blank=True)

    class Meta:
        verbose_name = _("诉讼")
        verbose_name_plural = _("诉讼")

    def __str__(self) -> str:
        return f"{self.case} {self.court}"


class MonthlyFigures(models.Model):
    """统计底数: running sums of the statistics (metrics.py) over the cases received in one month, per
    mediating organisation, street and industry section, and per handling and receiving organisation (the
    keys of the data scope). The services keep them in each case's own transaction, so the statistics page
    reads a few thousand rows instead of a million cases; `rebuild_dispute_figures` recomputes them."""

    month = models.DateField(_("收到申请月份"))
    mediating_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    received_by = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    street = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    received = models.IntegerField(default=0)
    mediated = models.IntegerField(default=0)
    settled = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    days_to_close = models.BigIntegerField(default=0)
    claimed = MoneyField(default=ZERO)
    agreed = MoneyField(default=ZERO)
    paid = MoneyField(default=ZERO)

    class Meta:
        verbose_name = _("争议统计底数")
        verbose_name_plural = _("争议统计底数")
        constraints = [
            models.UniqueConstraint(
                fields=[  # month first: the index also serves the statistics' period filter
                    "month",
                    "mediating_organisation",
                    "organisation",
                    "received_by",
                    "street",
                    "industry_section",
                ],
                name="one_figures_row_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.mediating_organisation_id}"


class LimitationGround(models.TextChoices):
    """第二十七条第二款 (中断: the period restarts) and 第三款 (中止: it stops while the cause lasts)."""

    CLAIMED = "claimed", _("向对方当事人主张权利")
    SOUGHT_RELIEF = "sought_relief", _("向有关部门请求权利救济")
    AGREED = "agreed", _("对方当事人同意履行义务")
    FORCE_MAJEURE = "force_majeure", _("不可抗力")
    OTHER_CAUSE = "other_cause", _("其他正当理由")


INTERRUPTING = frozenset({LimitationGround.CLAIMED, LimitationGround.SOUGHT_RELIEF, LimitationGround.AGREED})


class LimitationBreak(models.Model):
    """An interruption (on `starts_on`) or a suspension (from `starts_on` until its cause ended on `ends_on`,
    empty while it lasts) of the arbitration limitation, with its ground (第二十七条第二款、第三款)."""

    arbitration = models.ForeignKey(
        ArbitrationCase, on_delete=models.CASCADE, related_name="limitation_breaks"
    )
    ground = models.CharField(_("事由"), max_length=15, choices=LimitationGround.choices)
    starts_on = models.DateField(_("发生日期"))
    ends_on = models.DateField(_("中止原因消除日"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("仲裁时效中断/中止")
        verbose_name_plural = _("仲裁时效中断/中止")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} {self.starts_on}"

    @property
    def interrupts(self) -> bool:
        return self.ground in INTERRUPTING
