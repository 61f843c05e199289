"""劳动保障监察: a wage-arrears case from the first report to wages in hand, on one file.

Money totals (on InspectionCase, WageClaim and AdvancePayment) are kept by the services, recomputed from the
rows under the case's row lock in the same transaction, so lists and statistics read one table and the
ledger always reconciles: Σ advance-sourced payments to workers == Σ advanced by payers."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renshe.core import law
from renshe.core.identity import mask_phone
from renshe.core.money import ZERO, MoneyField
from renshe.core.protection import EncryptedCharField

from .workflow import OPEN, Status


class Origin(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    PATROL = "patrol", _("巡查")
    REFERRAL = "referral", _("转办")


class InspectionCase(models.Model):
    number = models.CharField(_("案号"), max_length=40, unique=True)
    status = models.CharField(_("状态"), max_length=14, choices=Status.choices, default=Status.RECEIVED)
    origin = models.CharField(_("案件来源"), max_length=10, choices=Origin.choices)
    respondent = models.ForeignKey(
        "core.Enterprise", verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="inspections"
    )
    street = models.ForeignKey(
        "core.Organisation", verbose_name=_("用工所在街镇"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("承办机构"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("承办监察员"), blank=True, related_name="+"
    )
    received_on = models.DateField(_("登记日"))
    acceptance_due_on = models.DateField(_("受理期限"))
    filed_on = models.DateField(_("立案日"), null=True, blank=True)
    investigation_due_on = models.DateField(_("调查期限"), null=True, blank=True)
    extended = models.BooleanField(_("已延长调查期限"), default=False)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延长批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    violation_ended_on = models.DateField(
        _("违法行为终了日"), null=True, blank=True, help_text=_("留空表示违法行为仍在继续")
    )
    group_case = models.BooleanField(_("群体性案件"), default=False)
    worker_count = models.PositiveIntegerField(_("涉及劳动者人数"), default=0)
    summary = models.TextField(_("案情"), max_length=5000)
    result = models.TextField(_("处理结果"), max_length=3000, blank=True)
    refusal_reason = models.CharField(_("不予受理/撤销原因"), max_length=300, blank=True)
    closed_on = models.DateField(_("结案日"), null=True, blank=True)
    owed_total = MoneyField(_("欠薪金额"), default=ZERO)
    paid_total = MoneyField(_("已支付金额"), default=ZERO)
    advanced_total = MoneyField(_("垫付金额"), default=ZERO)
    repaid_total = MoneyField(_("垫付已追回金额"), default=ZERO)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("监察案件")
        verbose_name_plural = _("监察案件")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "received_on"], name="inspection_org_status_day"),
            models.Index(fields=["respondent", "status"]),
            models.Index(fields=["street", "-received_on"]),
            models.Index(fields=["status", "investigation_due_on"]),
            models.Index(fields=["-received_on", "-id"]),
            # the list sorted by its 期限 column (core.tables), walked in order rather than sorted whole
            models.Index(fields=["investigation_due_on", "id"], name="inspection_due_order"),
        ]
        constraints = [
            # one open case per employer at a brigade: a report joins it (services.register_report), and
            # two reports arriving at once cannot each open one
            models.UniqueConstraint(
                fields=["organisation", "respondent"],
                condition=models.Q(status__in=sorted(OPEN)),
                name="inspection_one_open_case_per_employer",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def balance(self) -> Decimal:
        return self.owed_total - self.paid_total

    @property
    def advance_outstanding(self) -> Decimal:
        return self.advanced_total - self.repaid_total


class ReportKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class ReportChannel(models.TextChoices):
    COUNTER = "counter", _("窗口")
    PORTAL = "portal", _("网上")
    API = "api", _("系统对接")
    HOTLINE = "hotline", _("12345热线")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    REFUSED = "refused", _("不予受理")
    LINKED = "linked", _("已并案")


class Report(models.Model):
    """投诉/举报登记. A complaint's worker is a party: a person of the register (`reporter`). A reporter by name
    is protected (条例 第九条: 为举报人保密): their identity is kept here, not in the register (no people search
    finds it), shown masked and revealed only to the case's inspectors, never on documents, exports or API
    lists."""

    case = models.ForeignKey(
        InspectionCase, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=ReportKind.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=ReportChannel.choices)
    external_reference = models.CharField(_("外部工单号"), max_length=40, blank=True)
    reporter = models.ForeignKey(
        "core.Person", verbose_name=_("投诉人"), null=True, blank=True, on_delete=models.PROTECT
    )
    anonymous = models.BooleanField(_("匿名"), default=False)
    # a report's named reporter, encrypted at rest like a Person's numbers; nothing searches by them
    reporter_name = models.CharField(_("举报人姓名"), max_length=50, blank=True)
    reporter_id_number = EncryptedCharField(_("举报人身份证号码"), max_length=18, blank=True)
    reporter_phone = EncryptedCharField(_("举报人电话"), max_length=20, blank=True)
    # a phone number or other contact, kept like a Person's (encrypted at rest); nothing searches by it
    reporter_contact = EncryptedCharField(_("联系方式"), max_length=60, blank=True)
    respondent = models.ForeignKey(
        "core.Enterprise", verbose_name=_("被投诉/举报单位"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("投诉/举报内容"), max_length=5000)
    received_on = models.DateField(_("收到日期"))
    violation_ended_on = models.DateField(_("违法行为终了日"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    refusal_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    # a portal report's query code, as a keyed digest (services.tracking); "" for one from elsewhere
    query_digest = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("投诉举报登记")
        verbose_name_plural = _("投诉举报登记")
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["respondent", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reporter__isnull=True) | models.Q(kind=ReportKind.COMPLAINT),
                name="inspection_report_reporter_is_a_complainant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"

    @property
    def named(self) -> bool:
        return self.reporter_id is not None or bool(self.reporter_name)

    def masked_reporter(self) -> str:
        """The surname and the masked phone: what the case's inspectors see before revealing."""
        if self.reporter is not None:
            name, phone = self.reporter.name, self.reporter.masked_phone
        else:
            name, phone = self.reporter_name, mask_phone(self.reporter_phone) if self.reporter_phone else ""
        return f"{name[0]}** {phone}".strip()

    def reporter_identity(self) -> dict[str, str]:
        """The full identity, for a reveal."""
        person = self.reporter
        return {
            "name": person.name if person else self.reporter_name,
            "id_number": person.id_number if person else self.reporter_id_number,
            "phone": person.phone if person else self.reporter_phone,
            "contact": self.reporter_contact,
        }


class RecordKind(models.TextChoices):
    INQUIRY = "inquiry", _("询问笔录")
    SITE_INSPECTION = "site_inspection", _("现场检查")
    EVIDENCE = "evidence", _("调取证据")
    OTHER = "other", _("其他")


class InvestigationRecord(models.Model):
    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("类别"), max_length=20, choices=RecordKind.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=120)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("监察员"), related_name="+")
    persons_present = models.CharField(_("被询问人/在场人"), max_length=300, blank=True)
    content = models.TextField(_("内容"), max_length=10000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("调查记录")
        verbose_name_plural = _("调查记录")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("直接送达")
    LEFT = "left", _("留置送达")
    POST = "post", _("邮寄送达")
    POSTED = "posted", _("张贴送达（拍照录像）")


class ServedDocument(models.Model):
    """Fields shared by the documents the brigade serves on the employer (送达) and checks (履行)."""

    number = models.CharField(_("文号"), max_length=40, unique=True)
    deadline = models.DateField(_("履行期限"))
    amount_to_pay = MoneyField(_("应支付金额"))
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=10, choices=ServiceMethod.choices, blank=True)
    served_to = models.CharField(_("受送达人"), max_length=100, blank=True)
    complied = models.BooleanField(_("已履行"), null=True)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    check_note = models.CharField(_("核查情况"), max_length=300, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number


class RectificationOrder(ServedDocument):
    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="orders")
    issued_on = models.DateField(_("发出日期"))
    requirements = models.TextField(_("改正要求"), max_length=3000)

    class Meta:
        verbose_name = _("劳动保障监察限期改正指令书")
        verbose_name_plural = _("限期改正指令书")
        ordering = ["issued_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("issued_on")), name="order_deadline"
            )
        ]


class StatementAndDefence(models.Model):
    """陈述申辩 (条例 第十九条): heard, or waived by the employer, before any handling decision."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="statements")
    notified_on = models.DateField(_("告知日期"))
    heard_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩意见"), max_length=5000, blank=True)
    waived = models.BooleanField(_("放弃陈述申辩"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("陈述申辩")
        verbose_name_plural = _("陈述申辩")
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.notified_on}"


class HandlingDecision(ServedDocument):
    """劳动保障监察行政处理决定书 (an order to pay; fines are PenaltyDecision)."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("决定日期"))
    findings = models.TextField(_("查明的违法事实"), max_length=5000)
    extra_compensation_rate = models.DecimalField(
        _("加付赔偿金比例"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    extra_compensation = MoneyField(_("加付赔偿金"), default=ZERO)
    appeal_rights = models.TextField(_("救济途径"), max_length=500)

    class Meta:
        verbose_name = _("劳动保障监察行政处理决定书")
        verbose_name_plural = _("行政处理决定书")
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("decided_on")), name="decision_deadline"
            )
        ]

    @property
    def total_to_pay(self) -> Decimal:
        return self.amount_to_pay + self.extra_compensation


class PenaltyNotice(models.Model):
    """行政处罚告知书 (《行政处罚法》第四十四条): the facts, grounds and the fine intended, the right to state a
    defence and, for a large fine (第六十三条), to ask for a hearing within 5 days (第六十四条)."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="penalty_notices")
    number = models.CharField(_("文号"), max_length=40, unique=True)
    notified_on = models.DateField(_("告知日期"))
    violation = models.CharField(_("违法行为"), max_length=30)  # a key of law.PENALTIES
    facts = models.TextField(_("违法事实"), max_length=5000)
    workers_harmed = models.PositiveIntegerField(_("受侵害劳动者人数"), default=0)
    base_amount = MoneyField(_("计罚金额"), default=ZERO)  # the wages concealed, for a fine in multiples
    proposed_fine = MoneyField(_("拟罚款金额"))
    hearing_offered = models.BooleanField(_("告知听证权利"))
    hearing_requested_on = models.DateField(_("申请听证日期"), null=True, blank=True)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_record = models.TextField(_("听证情况"), max_length=5000, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("行政处罚告知书")
        verbose_name_plural = _("行政处罚告知书")
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return self.number

    @property
    def penalty(self) -> law.PenaltyRange:
        return law.PENALTIES[self.violation]


class PenaltyDecision(ServedDocument):
    """劳动保障监察行政处罚决定书: the fine (amount_to_pay), to be paid by the deadline; served like an order."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="penalties")
    notice = models.OneToOneField(PenaltyNotice, on_delete=models.PROTECT, related_name="decision")
    decided_on = models.DateField(_("决定日期"))
    defence = models.TextField(_("陈述申辩意见"), max_length=5000, blank=True)
    appeal_rights = models.TextField(_("救济途径"), max_length=500)

    class Meta:
        verbose_name = _("劳动保障监察行政处罚决定书")
        verbose_name_plural = _("行政处罚决定书")
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("decided_on")), name="penalty_deadline"
            )
        ]


class CoordinationMeeting(models.Model):
    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("召开日期"))
    place = models.CharField(_("地点"), max_length=120)
    agreed = models.TextField(_("议定事项"), max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("协调会")
        verbose_name_plural = _("协调会")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


class BodyKind(models.TextChoices):
    BRIGADE = "brigade", _("监察大队")
    TOWN = "town", _("街镇")
    COURT = "court", _("法院")
    UNION = "union", _("工会")
    ARBITRATION = "arbitration", _("仲裁委")
    SOE = "soe", _("国有企业")
    EMPLOYER = "employer", _("用人单位")
    WORKERS = "workers", _("劳动者代表")
    OTHER = "other", _("其他")


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(CoordinationMeeting, on_delete=models.CASCADE, related_name="attendees")
    body = models.CharField(_("单位类别"), max_length=12, choices=BodyKind.choices)
    name = models.CharField(_("单位名称"), max_length=100)
    person = models.CharField(_("参会人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("参会单位")
        verbose_name_plural = _("参会单位")

    def __str__(self) -> str:
        return self.name


class MeetingTask(models.Model):
    meeting = models.ForeignKey(CoordinationMeeting, on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(_("任务"), max_length=200)
    owner = models.CharField(_("责任单位/人"), max_length=100)
    due_on = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("协调会任务")
        verbose_name_plural = _("协调会任务")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class SiteCheck(models.Model):
    """The brigade asks a grid to verify an employer on site (网格化管理: the grid walks its streets): is it
    still operating, who is in charge, how many work there. Its officers see it on their workbench until
    one of them records the visit."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="site_checks")
    grid = models.ForeignKey(
        "core.Organisation", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="+"
    )
    ask = models.CharField(_("核查事项"), max_length=300)
    requested_on = models.DateField(_("交办日期"))
    due_on = models.DateField(_("核查期限"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("交办人"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("走访日期"), null=True, blank=True)
    findings = models.TextField(_("核查情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("网格现场核查")
        verbose_name_plural = _("网格现场核查")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["grid", "visited_on"])]

    def __str__(self) -> str:
        return self.ask


class Resolution(models.TextChoices):
    NONE = "", _("监察追讨")
    MEDIATION = "mediation", _("调解")
    ARBITRATION = "arbitration", _("仲裁")


class WageClaim(models.Model):
    """工资清欠台账: one row per worker per case."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="claims")
    worker = models.ForeignKey(
        "core.Person", verbose_name=_("劳动者"), on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    owed_total = MoneyField(_("欠薪金额"), default=ZERO)
    paid_total = MoneyField(_("已支付金额"), default=ZERO)
    resolution = models.CharField(_("处理途径"), max_length=12, choices=Resolution.choices, blank=True)
    dispute = models.ForeignKey(
        "disputes.DisputeCase",
        verbose_name=_("关联争议案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("工资清欠台账")
        verbose_name_plural = _("工资清欠台账")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "worker"], name="one_claim_per_worker"),
            models.CheckConstraint(
                condition=models.Q(paid_total__lte=models.F("owed_total")), name="claim_not_overpaid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.worker}"

    @property
    def balance(self) -> Decimal:
        return self.owed_total - self.paid_total


class OwedMonth(models.Model):
    claim = models.ForeignKey(WageClaim, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    amount = MoneyField(_("欠薪金额"))

    class Meta:
        verbose_name = _("欠薪月份")
        verbose_name_plural = _("欠薪月份")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "month"], name="one_row_per_month"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="owed_month_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.amount}"


class PaymentSource(models.TextChoices):
    EMPLOYER = "employer", _("用人单位支付")
    ADVANCE = "advance", _("垫付")
    ENFORCEMENT = "enforcement", _("法院执行")


class PayerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    FUND = "fund", _("应急周转金")
    OTHER = "other", _("其他")


class AdvancePayment(models.Model):
    """垫付: who advanced wages, to be repaid from enforcement against the employer."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="advances")
    payer_kind = models.CharField(_("垫付主体类别"), max_length=12, choices=PayerKind.choices)
    payer_name = models.CharField(_("垫付单位"), max_length=120)
    payer = models.ForeignKey(
        "core.Enterprise",
        verbose_name=_("垫付企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("垫付日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    advanced_total = MoneyField(_("垫付金额"), default=ZERO)
    repaid_total = MoneyField(_("已归还金额"), default=ZERO)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("垫付")
        verbose_name_plural = _("垫付")
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repaid_total__lte=models.F("advanced_total")),
                name="advance_not_overrepaid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.payer_name} {self.advanced_total}"

    @property
    def outstanding(self) -> Decimal:
        return self.advanced_total - self.repaid_total


class WagePayment(models.Model):
    claim = models.ForeignKey(WageClaim, on_delete=models.PROTECT, related_name="payments")
    amount = MoneyField(_("金额"))
    paid_on = models.DateField(_("支付日期"))
    source = models.CharField(_("资金来源"), max_length=12, choices=PaymentSource.choices)
    advance = models.ForeignKey(
        AdvancePayment, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工资支付记录")
        verbose_name_plural = _("工资支付记录")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="wage_payment_positive"),
            models.CheckConstraint(
                condition=models.Q(source="advance", advance__isnull=False)
                | (~models.Q(source="advance") & models.Q(advance__isnull=True)),
                name="advance_iff_source_advance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.amount}"


class RepaymentSource(models.TextChoices):
    ENFORCEMENT = "enforcement", _("法院执行款")
    EMPLOYER = "employer", _("用人单位归还")


class AdvanceRepayment(models.Model):
    advance = models.ForeignKey(AdvancePayment, on_delete=models.PROTECT, related_name="repayments")
    amount = MoneyField(_("金额"))
    repaid_on = models.DateField(_("归还日期"))
    source = models.CharField(_("来源"), max_length=12, choices=RepaymentSource.choices)
    reference = models.CharField(_("执行案号/凭证号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("垫付归还")
        verbose_name_plural = _("垫付归还")
        ordering = ["repaid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="repayment_positive")]

    def __str__(self) -> str:
        return f"{self.advance} {self.amount}"


class PoliceTransfer(models.Model):
    """移送公安 (保障农民工工资支付条例 第四十一条; 法释〔2013〕3号 第三条、第四条)."""

    case = models.OneToOneField(InspectionCase, on_delete=models.PROTECT, related_name="police_transfer")
    transferred_on = models.DateField(_("移送日期"))
    reference = models.CharField(_("移送文号"), max_length=60, blank=True)
    basis = models.TextField(_("移送依据"), max_length=3000)
    amount = MoneyField(_("拒不支付金额"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("移送公安机关")
        verbose_name_plural = _("移送公安机关")

    def __str__(self) -> str:
        return f"{self.case} {self.transferred_on}"


class DishonestNotice(models.Model):
    """The prior notice to the employer that it is to be listed (人社部令第45号: the grounds and its right to state
    a defence within law.DISHONEST_DEFENCE), before any listing."""

    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="dishonest_notices")
    notified_on = models.DateField(_("告知日期"))
    grounds = models.TextField(_("拟列入事由"), max_length=3000)
    defence = models.TextField(_("陈述申辩意见"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("拟列入失信联合惩戒名单告知书")
        verbose_name_plural = _("拟列入失信联合惩戒名单告知书")
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.notified_on}"


class Removal(models.TextChoices):
    REPAIRED = "repaired", _("信用修复提前移出")
    EXPIRED = "expired", _("期满移出")


class DishonestListing(models.Model):
    """拖欠农民工工资失信联合惩戒对象名单 (保障农民工工资支付条例 第四十八条; 人社部令第45号)."""

    enterprise = models.ForeignKey(
        "core.Enterprise", on_delete=models.PROTECT, related_name="dishonest_listings"
    )
    case = models.OneToOneField(InspectionCase, on_delete=models.PROTECT, related_name="dishonest_listing")
    listed_on = models.DateField(_("列入日期"))
    expires_on = models.DateField(_("期满日期"))
    reason = models.TextField(_("列入事由"), max_length=3000)
    responsible_persons = models.CharField(_("责任人"), max_length=200, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal = models.CharField(_("移出方式"), max_length=10, choices=Removal.choices, blank=True)
    corrected_on = models.DateField(_("改正日期"), null=True, blank=True)
    promise = models.TextField(_("信用承诺"), max_length=3000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("拖欠农民工工资失信联合惩戒名单")
        verbose_name_plural = _("失信联合惩戒名单")
        indexes = [
            models.Index(fields=["enterprise", "-listed_on"]),
            # the public list: those not removed, by term (selectors.listings_in_force)
            models.Index(
                fields=["expires_on"], condition=models.Q(removed_on__isnull=True), name="listing_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.listed_on}"
