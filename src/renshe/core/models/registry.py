from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import identity
from ..errors import ValidationFailed
from ..identity import mask_id, mask_phone
from ..protection import DigestField, EncryptedCharField


class Region(models.Model):
    """Administrative division (行政区划), editable by administrators."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("上级")
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """Industry classification per GB/T 4754-2017: sections (A–T) and the divisions below them."""

    code = models.CharField(_("行业代码"), max_length=5, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("门类")
    )

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        """The name in the user's language: the standard's names are in the catalogue (reference.industries);
        one an administrator added shows as entered."""
        return gettext(self.name)


class Dictionary(models.TextChoices):
    CASE_TYPE = "case_type", _("案件类型")
    CLAIM_TYPE = "claim_type", _("请求类型")


class DictionaryEntry(models.Model):
    """Small editable code lists (case types, claim types…) that later modules read by `dictionary`."""

    dictionary = models.CharField(_("字典"), max_length=30, choices=Dictionary.choices)
    code = models.CharField(_("代码"), max_length=30)
    label = models.CharField(_("名称"), max_length=60)
    label_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("字典项")
        verbose_name_plural = _("字典项")
        ordering = ["dictionary", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["dictionary", "code"], name="dictionary_code_unique")]

    def __str__(self) -> str:
        return self.label


class EnterpriseSize(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Enterprise(models.Model):
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=120, db_index=True)
    # blank only for enterprises first named by a worker's application, until staff complete the record
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), null=True, blank=True, on_delete=models.PROTECT
    )
    street = models.ForeignKey(
        "core.Organisation", verbose_name=_("所在街镇"), on_delete=models.PROTECT, related_name="enterprises"
    )
    size = models.CharField(_("企业规模"), max_length=10, choices=EnterpriseSize.choices, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    address = models.CharField(_("经营地址"), max_length=200, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    employee_count = models.PositiveIntegerField(_("职工人数"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped by every edit")

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["street", "name"]), models.Index(fields=["industry", "name"])]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


def id_number_is(number: str) -> models.Q:
    """People whose ID number is `number` (normalised as identity does): the column holds ciphertext
    (core/protection.py), so the match is on the keyed digest."""
    return models.Q(
        id_number_digest__in=Person._meta.get_field("id_number").digests(identity.normalise(number))
    )


def phone_is(phone: str) -> models.Q:
    try:
        phone = identity.parse_phone(phone)
    except ValidationFailed:
        phone = identity.normalise(phone)
    return models.Q(phone_digest__in=Person._meta.get_field("phone").digests(phone))


class PersonQuerySet(models.QuerySet):
    def with_id_number(self, number: str) -> PersonQuerySet:
        return self.filter(id_number_is(number))

    def with_phone(self, phone: str) -> PersonQuerySet:
        return self.filter(phone_is(phone))


class Person(models.Model):
    """A natural person (worker, applicant, skilled talent). Birth date and sex come from the ID number.
    The ID number and phone are stored encrypted; their digests are what is unique and searched."""

    id_number = EncryptedCharField(_("居民身份证号码"), max_length=18)
    id_number_digest = DigestField(of="id_number", unique=True)
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    phone_digest = DigestField(of="phone", blank=True, db_index=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    id_area_unverified = models.BooleanField(
        _("地区码待核实"), default=False, help_text=_("证件号码的地区码不在现行区划表中，需人工核实")
    )
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("登记机构"), on_delete=models.PROTECT, related_name="persons"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""
