from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListPreference(models.Model):
    """What a user chose for one list (core.tables): the columns shown, in the table's own order. Keys the
    list no longer has are ignored when read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_preferences"
    )
    list_key = models.CharField(_("列表"), max_length=50)
    columns = models.JSONField(_("显示的列"), default=list)
    page_size = models.PositiveSmallIntegerField(_("每页条数"), null=True, blank=True)

    class Meta:
        verbose_name = _("列表设置")
        verbose_name_plural = _("列表设置")
        constraints = [models.UniqueConstraint(fields=["user", "list_key"], name="list_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.list_key}"
