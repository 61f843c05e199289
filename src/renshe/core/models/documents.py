from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class FileState(models.TextChoices):
    PENDING = "pending", _("保存中")
    STORED = "stored", _("已保存")
    FAILED = "failed", _("未能保存")


class StoredFile(models.Model):
    """What a row knows of its file, which core.files writes to storage only after the row has committed
    (never under the case's lock, never for a rollback): the file's SHA-256, checked on every download, and
    whether the write has happened. A row is therefore never taken to point at a file that is not there: a
    download of one not (yet) stored is refused with a message, and a write that failed is reported."""

    sha256 = models.CharField(max_length=64, blank=True)
    file_state = models.CharField(
        _("文件状态"), max_length=10, choices=FileState.choices, default=FileState.PENDING
    )

    class Meta:
        abstract = True


class IssuedDocument(StoredFile):
    """An official document as it was issued: the PDF is kept (file, SHA-256, template version) and served as
    issued, whatever the case's data says today. A correction is a new version naming the one it replaces;
    no version is ever changed or removed."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=40)
    kind = models.CharField(_("文书"), max_length=60)  # core.issuing.DocumentKind.code
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="documents/%Y/%m/", max_length=200)
    size = models.PositiveIntegerField()
    # the layout's version and the document template's (core.issuing.DocumentKind.template_version)
    template_version = models.CharField(_("模板版本"), max_length=20)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("更正的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    reason = models.CharField(_("更正原因"), max_length=300, blank=True)
    # not stored: what core.issuing.issued_for tells the case page about each version
    label: str | Promise
    correctable: bool

    class Meta:
        verbose_name = _("已签发文书")
        verbose_name_plural = _("已签发文书")
        ordering = ["subject_type", "subject_id", "kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "version"],
                name="issued_document_one_per_version",
            ),
            # the first version replaces nothing; every later one replaces one (OneToOne: a version is
            # corrected at most once, so the versions of a document form one line)
            models.CheckConstraint(
                condition=Q(version=1, replaces__isnull=True) | Q(version__gt=1, replaces__isnull=False),
                name="issued_document_first_or_correction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"
