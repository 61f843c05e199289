from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..protection import EncryptedCharField
from ..roles import APPOINTED, CAPABILITIES, DEFAULT_SCOPE, DataScope, Role


class OrganisationKind(models.TextChoices):
    MUNICIPAL_BUREAU = "municipal_bureau", _("市人社局")
    BUREAU = "bureau", _("区人社局")
    DEPARTMENT = "department", _("业务科室")
    MEDIATION_CENTRE = "mediation_centre", _("劳动争议调解中心")
    MEDIATION_STUDIO = "mediation_studio", _("调解工作室")
    STREET = "street", _("街道/镇")
    VILLAGE = "village", _("村居调解组织")
    ENTERPRISE_COMMITTEE = "enterprise_committee", _("企业劳动争议调解委员会")
    ARBITRATION_COMMISSION = "arbitration_commission", _("劳动人事争议仲裁委员会")
    INSPECTION_BRIGADE = "inspection_brigade", _("劳动保障监察大队")
    GRID = "grid", _("网格")


class Organisation(models.Model):
    """A node of the bureau's working network; `path` is a materialised path of ids ("/1/4/9/") so that
    "this organisation and everything under it" is one indexed prefix query."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    case_prefix = models.CharField(
        _("案号代字"), max_length=20, blank=True, help_text=_("如“张江调”，用于生成案号")
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("所在区域"), null=True, blank=True, on_delete=models.PROTECT
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "Organisation") -> bool:
        return self.path.startswith(other.path)


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, blank=True)
    data_scope = models.CharField(
        _("数据范围"),
        max_length=20,
        choices=DataScope.choices,
        blank=True,
        help_text=_("留空则按角色默认"),
    )
    scope_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("指定机构"), blank=True, related_name="+"
    )
    phone = EncryptedCharField(_("手机号码"), max_length=20, blank=True)
    # capabilities of an office held by this user besides those of the role (roles.APPOINTED)
    granted_capabilities = models.JSONField(_("授予的职务权限"), default=list, blank=True)
    # set by an administrator's password reset: the temporary password must be changed before anything else
    password_must_change = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def effective_scope(self) -> str:
        if self.is_superuser:
            return DataScope.ALL
        return self.data_scope or DEFAULT_SCOPE.get(self.role, DataScope.OWN_RECORDS)

    def can(self, capability: str) -> bool:
        return (
            self.is_superuser
            or capability in CAPABILITIES.get(self.role, ())
            or (capability in self.granted_capabilities and self.role in APPOINTED.get(capability, ()))
        )
