from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidaySchedule(models.Model):
    """A year's official holiday and make-up day schedule, for years the holidays library does not carry
    yet: pending until an administrator enters the State Council General Office's notice and confirms."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    confirmed = models.BooleanField(_("已确认"), default=False)
    source = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("如：国办发明电〔2026〕X号"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("节假日安排确认")
        verbose_name_plural = _("节假日安排确认")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarOverride(models.Model):
    """A day whose status differs from the library: a holiday it lacks, or a make-up working day."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100)

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.note}"
