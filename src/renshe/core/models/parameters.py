"""Amounts the law leaves to each region and that change on a date: the monthly minimum wage, the figures
of 拒不支付劳动报酬罪. Kept as data with their effective date and source, so that a new standard is entered
ahead of its date and a case decided on an earlier day still reads the figure in force then
(core.parameters.amount_in_force)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..law import PERIODS, PeriodRule, PeriodUnit


class AmountKind(models.TextChoices):
    MONTHLY_MINIMUM_WAGE = "minimum_wage", _("月最低工资标准")
    CRIMINAL_THRESHOLD_SINGLE = "criminal_single", _("拒不支付劳动报酬罪数额（单个劳动者）")
    CRIMINAL_THRESHOLD_TOTAL = "criminal_total", _("拒不支付劳动报酬罪数额（十名以上劳动者）")
    HEARING_THRESHOLD = "hearing_threshold", _("较大数额罚款标准（单位，告知听证）")
    GROUP_CASE_AMOUNT = "group_case", _("群体性欠薪案件金额标准")


class StatutoryAmount(models.Model):
    """One figure from the day it takes effect until the next row of the same kind and region does.
    `region` empty: the whole jurisdiction (a district's own figure, where a province sets several, names
    it). Rows are never edited: a correction is a new row, so past decisions keep their figure."""

    kind = models.CharField(_("参数"), max_length=30, choices=AmountKind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("适用区域"), null=True, blank=True, on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    effective_from = models.DateField(_("施行日期"))
    citation = models.CharField(_("依据"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法定金额参数")
        verbose_name_plural = _("法定金额参数")
        ordering = ["kind", "-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "effective_from"],
                name="statutory_amount_one_per_day",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="statutory_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.effective_from})"


class PeriodOverride(models.Model):
    """A local reading of a statutory period (core.law.PERIODS) from the day it takes effect: its length and
    what it counts, e.g. 办案规则's "日" read as working days where a province's rules say so. Periods that
    start on or after `effective_from` use it; deadlines already set keep their day. Never edited: a
    correction is a new row."""

    period = models.CharField(_("法定期限"), max_length=40)
    length = models.PositiveSmallIntegerField(_("期限长度"))
    unit = models.CharField(_("计算单位"), max_length=10, choices=PeriodUnit.choices)
    effective_from = models.DateField(_("施行日期"))
    citation = models.CharField(_("依据"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["period", "-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "effective_from"], name="period_override_one_per_day"),
            models.CheckConstraint(condition=models.Q(length__gt=0), name="period_override_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.rule.describe()} ({self.effective_from})"

    @property
    def rule(self) -> PeriodRule:
        return PeriodRule(self.length, PeriodUnit(self.unit), self.citation, self.effective_from)

    @property
    def label(self) -> str:
        known = PERIODS.get(self.period)
        return str(known.label) if known else self.period
