from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkItemStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    CANCELLED = "cancelled", _("已撤销")


class WorkItem(models.Model):
    """A task on someone's workbench (我的待办). Every module opens and closes these through
    core.services.open_work_item / close_work_items, so one workbench and one reminder job serve all.

    A task goes to one user (`assignee`) or, when unassigned, to everyone with `role` whose scope covers
    `organisation`."""

    kind = models.CharField(_("类型"), max_length=60)
    title = models.CharField(_("事项"), max_length=200)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=40)
    url = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="work_items")
    role = models.CharField(_("承办角色"), max_length=30, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
    )
    starts_on = models.DateField(_("起算日"))
    due_soon_on = models.DateField(_("临期提醒日"))
    due_on = models.DateField(_("办理期限"))
    period_citation = models.CharField(_("期限依据"), max_length=120, blank=True)
    schedule_unconfirmed = models.BooleanField(
        _("期限未确认"), default=False, help_text=_("期限跨越节假日安排尚未公布的年份，需复核")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=WorkItemStatus.choices, default=WorkItemStatus.OPEN
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    overdue_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "assignee", "due_on"]),
            models.Index(fields=["status", "role", "organisation", "due_on"]),
            models.Index(fields=["subject_type", "subject_id", "status"]),
        ]

    def __str__(self) -> str:
        return self.title
