"""系统管理: a department administrator's writes on the accounts and the organisation tree of their scope,
and the statutory amounts. Each is one service function: the permission (rules.may_manage_system and the
record inside the administrator's data scope), the rule, one transaction, one timeline event.

What an administrator may grant is bounded by what they hold (`grantable_roles`, `scope_within`): no role
with a capability they lack, no data scope reaching an organisation they do not see, never superuser. The
capabilities of an office (roles.APPOINTED: who decides a recusal) are recorded, not held, by the administrator:
he grants one to a user of his scope whose role may hold it, never to himself. The
last active administrator over an organisation cannot be disabled or given another role, so that no part of
the tree is left without one.
"""

import re
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import identity, law
from .errors import NotFound, PermissionDenied, ValidationFailed
from .law import PeriodUnit
from .models import (
    AmountKind,
    ApiClient,
    Dictionary,
    DictionaryEntry,
    Industry,
    Organisation,
    OrganisationKind,
    PeriodOverride,
    Region,
    StatutoryAmount,
    User,
)
from .money import MAX_AMOUNT
from .requestcache import forget
from .roles import APPOINTED, CAPABILITIES, DEFAULT_SCOPE, Capability, DataScope, Role
from .rules import may_manage_system
from .scope import user_covers, visible_organisations
from .services import official
from .timeline import record_event


def require_administrator(user: User) -> None:
    """系统管理 is a bureau's or department's administrator's (rules.may_manage_system, which the menu asks)."""
    if not may_manage_system(user):
        raise PermissionDenied()


TEMPORARY_PASSWORD_LENGTH = 12
CODE = re.compile(r"[a-z][a-z0-9_]{0,29}")


# --- what an administrator may grant ------------------------------------------------------------------


def capabilities_of(user: User) -> frozenset[str]:
    return frozenset(Capability.values) if user.is_superuser else CAPABILITIES.get(user.role, frozenset())


def grantable_roles(by: User) -> list[str]:
    """The roles whose capabilities `by` holds every one of."""
    held = capabilities_of(by)
    return [role for role in Role.values if CAPABILITIES.get(role, frozenset()) <= held]


def _covers_subtree(by: User, organisation: Organisation) -> bool:
    """Whether `organisation` and everything under it lie in `by`'s scope."""
    scope = by.effective_scope
    if scope == DataScope.ALL:
        return True
    if scope in (DataScope.SUBTREE, DataScope.CHOSEN_ORGANISATIONS):
        return user_covers(by, organisation)  # both are whole subtrees: inside one is the whole of it
    # own organisation only: its subtree is inside only when it has nothing under it
    return user_covers(by, organisation) and not organisation.children.exists()


def scope_within(
    by: User, scope: str, organisation: Organisation | None, chosen: Iterable[Organisation] = ()
) -> bool:
    """Whether data scope `scope` for a user of `organisation` (with `chosen` organisations) reaches only
    what `by` sees."""
    if scope == DataScope.ALL:
        return by.effective_scope == DataScope.ALL
    if scope == DataScope.CHOSEN_ORGANISATIONS:
        return all(_covers_subtree(by, org) for org in chosen)
    if organisation is None:
        return scope == DataScope.OWN_RECORDS
    if scope == DataScope.SUBTREE:
        return _covers_subtree(by, organisation)
    return user_covers(by, organisation)


def _check_appointed(granted: tuple[str, ...], role: str, organisation: Organisation | None) -> None:
    """Each capability of an office (roles.APPOINTED) only to a role that may hold it, of an organisation
    at or over an arbitration commission (the office is the commission's)."""
    if granted and organisation is not None and not _at_or_over_commission(organisation):
        raise ValidationFailed(
            _("职务权限只能授予仲裁委员会或其上级机构的人员"), field="granted_capabilities"
        )
    for capability in granted:
        if capability not in APPOINTED:
            raise ValidationFailed(_("职务权限无效"), field="granted_capabilities")
        if role not in APPOINTED[capability]:
            raise ValidationFailed(
                _("“%(capability)s”只能授予%(roles)s")
                % {
                    "capability": Capability(capability).label,
                    "roles": "、".join(
                        str(label) for value, label in Role.choices if value in APPOINTED[capability]
                    ),
                },
                field="granted_capabilities",
            )


def _at_or_over_commission(organisation: Organisation) -> bool:
    return Organisation.objects.filter(
        path__startswith=organisation.path, kind=OrganisationKind.ARBITRATION_COMMISSION
    ).exists()


def grantable_scopes(by: User) -> list[str]:
    return [s for s in DataScope.values if s != DataScope.ALL or by.effective_scope == DataScope.ALL]


# --- reads -----------------------------------------------------------------------------------------


def _accounts_in_scope(by: User) -> QuerySet[User]:
    """The accounts of organisations in `by`'s scope; superusers only for a superuser."""
    users = User.objects.select_related("organisation")
    if by.is_superuser:
        return users
    return users.filter(organisation__in=visible_organisations(by), is_superuser=False)


def manageable_users(by: User) -> QuerySet[User]:
    """The accounts `by` administers."""
    require_administrator(by)
    return _accounts_in_scope(by)


def search_users(users: QuerySet[User], text: str) -> QuerySet[User]:
    text = text.strip()[:50]
    if not text:
        return users
    return users.filter(Q(username__icontains=text) | Q(full_name__icontains=text))


def find_users(by: User, text: str = "", status: str = "") -> QuerySet[User]:
    """用户管理's list (the page's and the API's): the accounts `by` administers, searched by username or name,
    only the active or the disabled ones when `status` says so."""
    users = search_users(manageable_users(by), text)
    if status in ("active", "disabled"):
        users = users.filter(is_active=status == "active")
    return users.order_by("organisation__path", "username")


def manageable_user(by: User, pk: int) -> User:
    """An account of `by`'s scope (404 as missing otherwise, whatever the role), then the permission."""
    user = _accounts_in_scope(by).filter(pk=pk).first()
    if user is None:
        raise NotFound()
    require_administrator(by)
    return user


def manageable_organisation(by: User, pk: int) -> Organisation:
    org = visible_organisations(by).filter(pk=pk).first()
    if org is None:
        raise NotFound()
    require_administrator(by)
    return org


def manageable_organisations(by: User) -> QuerySet[Organisation]:
    """The organisation tree of `by`'s scope, in path order (each parent before its children)."""
    require_administrator(by)
    return visible_organisations(by).order_by("path")


def period_overrides(by: User) -> QuerySet[PeriodOverride]:
    """The local period rules entered, each period's newest first (read by every administrator)."""
    require_administrator(by)
    return PeriodOverride.objects.select_related("created_by").order_by("period", "-effective_from", "-id")


def statutory_amounts(by: User) -> QuerySet[StatutoryAmount]:
    """Every statutory amount, each kind's newest first (read by every administrator; set by a few)."""
    require_administrator(by)
    return StatutoryAmount.objects.select_related("region", "created_by").order_by("kind", "-effective_from")


def dictionary_entries(by: User) -> QuerySet[DictionaryEntry]:
    require_administrator(by)
    return DictionaryEntry.objects.order_by("dictionary", "sort_order", "code")


def dictionary_entry(by: User, pk: int) -> DictionaryEntry:
    require_administrator(by)
    entry = DictionaryEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise NotFound()
    return entry


def code_rows(by: User, model: type[Region] | type[Industry], text: str = "") -> QuerySet:
    """字典管理 › 行政区划 / 国民经济行业, in code order: `text` the start of a code or part of a name."""
    require_administrator(by)
    rows = model.objects.select_related("parent").order_by("code")
    text = text.strip()
    return rows.filter(Q(code__startswith=text.upper()) | Q(name__icontains=text)) if text else rows


def code_row(by: User, model: type[Region] | type[Industry], pk: int) -> Region | Industry:
    found = code_rows(by, model).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# --- accounts --------------------------------------------------------------------------------------


def temporary_password() -> str:
    """A one-time password meeting the policy (length, three kinds of character), shown once."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _i in range(TEMPORARY_PASSWORD_LENGTH - 3))
    return f"{secrets.choice(string.ascii_uppercase)}{body}{secrets.choice(string.digits)}!"


def _check_grant(
    by: User, *, organisation: Organisation | None, role: str, data_scope: str, chosen: list[Organisation]
) -> None:
    if role not in Role.values:
        raise ValidationFailed(_("角色无效"), field="role")
    if role not in grantable_roles(by):
        raise PermissionDenied(_("不能授予超出本人权限的角色"), field="role")
    if data_scope and data_scope not in DataScope.values:
        raise ValidationFailed(_("数据范围无效"), field="data_scope")
    if organisation is None:
        raise ValidationFailed(_("请选择所属机构"), field="organisation")
    if not user_covers(by, organisation) and not by.is_superuser:
        raise PermissionDenied(_("所属机构不在您的数据范围内"), field="organisation")
    scope = data_scope or DEFAULT_SCOPE.get(role, DataScope.OWN_RECORDS)
    if scope == DataScope.CHOSEN_ORGANISATIONS and not chosen:
        raise ValidationFailed(_("数据范围为“指定机构”时请选择机构"), field="scope_organisations")
    if not by.is_superuser and not scope_within(by, scope, organisation, chosen):
        field = "scope_organisations" if scope == DataScope.CHOSEN_ORGANISATIONS else "data_scope"
        raise PermissionDenied(_("不能授予超出本人数据范围的数据范围"), field=field)


def _clean_phone(phone: str) -> str:
    phone = phone.strip()
    return identity.parse_phone(phone) if phone else ""


def _is_active_admin(user: User) -> bool:
    return user.is_active and user.role == Role.DEPARTMENT_ADMIN


def _check_not_last_admin(user: User) -> None:
    """Refuse to leave `user`'s organisation without an active administrator covering it."""
    if not _is_active_admin(user) or user.organisation is None:
        return
    others = User.objects.filter(is_active=True, role=Role.DEPARTMENT_ADMIN).exclude(pk=user.pk)
    if not any(user_covers(other, user.organisation) for other in others.select_related("organisation")):
        raise ValidationFailed(
            _("%(name)s是%(org)s的最后一名在用管理员，不能停用或改为其他角色")
            % {"name": user, "org": user.organisation.name}
        )


def _lock_user(user: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)


def _account_event(user: User, verb: str, summary: str, by: User, **changes: object) -> None:
    record_event(user, verb, summary, actor=by, organisation=user.organisation, changes=changes)


@dataclass(frozen=True)
class AccountInput:
    """What an administrator sets on an account (the username only at creation)."""

    full_name: str
    organisation: Organisation | None
    role: str
    data_scope: str = ""
    scope_organisations: tuple[Organisation, ...] = ()
    phone: str = ""
    granted_capabilities: tuple[str, ...] = ()

    def checked(self, by: User) -> "AccountInput":
        """The input cleaned, once `by` may grant it."""
        if not self.full_name.strip():
            raise ValidationFailed(_("请填写姓名"), field="full_name")
        _check_grant(
            by,
            organisation=self.organisation,
            role=self.role,
            data_scope=self.data_scope,
            chosen=list(self.scope_organisations),
        )
        granted = tuple(sorted(set(self.granted_capabilities)))
        _check_appointed(granted, self.role, self.organisation)
        return replace(
            self,
            full_name=self.full_name.strip()[:50],
            phone=_clean_phone(self.phone),
            granted_capabilities=granted,
        )


@transaction.atomic
def create_user(*, by: User, username: str, account: AccountInput) -> tuple[User, str]:
    """A new account with a temporary password (returned, shown once) that must be changed at first
    sign-in."""
    require_administrator(by)
    username = username.strip()
    if not username or len(username) > 150:
        raise ValidationFailed(_("请填写用户名（不超过150个字符）"), field="username")
    account = account.checked(by)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("用户名已存在"), field="username")
    password = temporary_password()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username,
                password=password,
                full_name=account.full_name,
                organisation=account.organisation,
                role=account.role,
                data_scope=account.data_scope,
                phone=account.phone,
                granted_capabilities=list(account.granted_capabilities),
                password_must_change=True,
            )
    except IntegrityError:
        raise ValidationFailed(_("用户名已存在"), field="username") from None
    user.scope_organisations.set(account.scope_organisations)
    _account_event(
        user,
        "user.created",
        official(
            "新建用户：%(name)s（%(username)s），角色：%(role)s",
            name=user,
            username=username,
            role=Role(account.role).label,
        ),
        by,
        **_grant_of(user),
    )
    return user, password


def _grant_of(user: User) -> dict[str, str]:
    return {
        "role": user.role,
        "data_scope": user.data_scope,
        "organisation": user.organisation.name if user.organisation else "",
        "granted_capabilities": ",".join(user.granted_capabilities),
    }


@transaction.atomic
def update_user(user: User, *, by: User, account: AccountInput) -> User:
    """Name, organisation, role and data scope of an account `by` administers."""
    user = _lock_user(manageable_user(by, user.pk))
    if user.pk == by.pk and (
        account.role != user.role
        or account.data_scope != user.data_scope
        or set(account.granted_capabilities) != set(user.granted_capabilities)
    ):
        raise PermissionDenied(_("不能修改本人的角色、数据范围或职务权限"))
    account = account.checked(by)
    if account.role != user.role:
        _check_not_last_admin(user)
    before = _grant_of(user)
    user.full_name, user.organisation, user.role, user.data_scope, user.phone = (
        account.full_name,
        account.organisation,
        account.role,
        account.data_scope,
        account.phone,
    )
    user.granted_capabilities = list(account.granted_capabilities)
    user.save(
        update_fields=["full_name", "organisation", "role", "data_scope", "phone", "granted_capabilities"]
    )
    user.scope_organisations.set(account.scope_organisations)
    after = _grant_of(user)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    _account_event(user, "user.updated", official("修改用户：%(name)s", name=user), by, **changed)
    return user


@transaction.atomic
def set_user_active(user: User, *, by: User, active: bool) -> User:
    """Disable (the account can no longer sign in; its records stay) or enable an account."""
    user = _lock_user(manageable_user(by, user.pk))
    if user.is_active == active:
        return user
    if not active:
        if user.pk == by.pk:
            raise ValidationFailed(_("不能停用本人的账号"))
        _check_not_last_admin(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if active:
        _account_event(user, "user.enabled", official("启用用户：%(name)s", name=user), by)
    else:
        _account_event(user, "user.disabled", official("停用用户：%(name)s", name=user), by)
    return user


@transaction.atomic
def reset_password(user: User, *, by: User) -> str:
    """Give the account a temporary password (returned, to hand over) that must be changed at its next
    sign-in (audit.passwords: the must-change flag counts as an expired password)."""
    user = _lock_user(manageable_user(by, user.pk))
    if user.pk == by.pk:
        raise ValidationFailed(_("修改本人密码请使用“修改密码”"))
    if ApiClient.objects.filter(application__user=user).exists():
        # a client's service account signs in only by its client secret (core.tokens), never at the login page
        raise ValidationFailed(_("接口客户端的服务账号没有密码，不能重置"))
    password = temporary_password()
    user.set_password(password)
    user.password_must_change = True
    user.save(update_fields=["password", "password_must_change"])
    _account_event(user, "user.password_reset", official("重置密码：%(name)s", name=user), by)
    return password


@transaction.atomic
def update_profile(user: User, *, full_name: str, phone: str) -> User:
    """个人中心: a user's own name and phone."""
    if not full_name.strip():
        raise ValidationFailed(_("请填写姓名"), field="full_name")
    user = _lock_user(user)
    user.full_name = full_name.strip()[:50]
    user.phone = _clean_phone(phone)
    user.save(update_fields=["full_name", "phone"])
    _account_event(user, "user.profile", official("修改个人信息：%(name)s", name=user), user)
    return user


# --- the organisation tree ---------------------------------------------------------------------------


@transaction.atomic
def update_organisation(
    org: Organisation,
    *,
    by: User,
    name: str,
    short_name: str = "",
    kind: str,
    case_prefix: str = "",
    region: Region | None = None,
    active: bool = True,
) -> Organisation:
    org = manageable_organisation(by, org.pk)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not name.strip():
        raise ValidationFailed(_("请填写机构名称"), field="name")
    if kind not in OrganisationKind.values:
        raise ValidationFailed(_("机构类型无效"), field="kind")
    fields = {
        "name": name.strip()[:100],
        "short_name": short_name.strip()[:30],
        "kind": kind,
        "case_prefix": case_prefix.strip()[:20],
        "region": region,
        "active": active,
    }
    changed = {
        k: [str(getattr(org, k) or ""), str(v or "")] for k, v in fields.items() if getattr(org, k) != v
    }
    for key, value in fields.items():
        setattr(org, key, value)
    org.save(update_fields=list(fields))
    record_event(
        org,
        "organisation.updated",
        official("修改机构：%(name)s", name=org.name),
        actor=by,
        organisation=org,
        changes=changed,
    )
    return org


@transaction.atomic
def move_organisation(org: Organisation, *, by: User, parent: Organisation) -> Organisation:
    """Place `org` (and everything under it) under `parent`: never under itself or its own descendant,
    and only within `by`'s scope. The users and records of the subtree then belong to the new branch."""
    org = manageable_organisation(by, org.pk)
    parent = manageable_organisation(by, parent.pk)
    if parent.path.startswith(org.path):
        raise ValidationFailed(_("不能把机构移到其自身或其下级机构之下"), field="parent")
    if org.path == f"{parent.path}{org.pk}/":
        raise ValidationFailed(_("该机构已在所选上级机构之下"), field="parent")
    if not by.is_superuser and not _covers_subtree(by, org):
        raise PermissionDenied(_("只能移动本人数据范围内的机构"))
    old_path, old_parent = org.path, org.parent
    subtree = list(
        Organisation.objects.select_for_update().filter(path__startswith=old_path).order_by("path")
    )
    new_path = f"{parent.path}{org.pk}/"
    shift = parent.depth + 1 - org.depth
    for node in subtree:
        node.path = new_path + node.path[len(old_path) :]
        node.depth += shift
        if node.pk == org.pk:
            node.parent = parent
    Organisation.objects.bulk_update(subtree, ["path", "depth", "parent"])
    moved = next(node for node in subtree if node.pk == org.pk)
    record_event(
        moved,
        "organisation.moved",
        official(
            "调整上级机构：%(name)s 从 %(old)s 移至 %(new)s",
            name=moved.name,
            old=old_parent.name if old_parent else "—",
            new=parent.name,
        ),
        actor=by,
        organisation=moved,
        changes={"parent": [old_parent.name if old_parent else "", parent.name], "moved": len(subtree)},
    )
    return moved


# --- statutory amounts -----------------------------------------------------------------------------


@transaction.atomic
def add_statutory_amount(
    *,
    by: User,
    kind: str,
    amount: Decimal | str,
    effective_from: date,
    citation: str,
    region: Region | None = None,
) -> StatutoryAmount:
    """A new figure from `effective_from` (a correction of an old one is a new row on its day). Only an
    administrator whose scope is the whole jurisdiction sets it: it applies to every district."""
    require_administrator(by)
    if by.effective_scope != DataScope.ALL:
        raise PermissionDenied(_("法定金额参数适用于全区域，只有全部数据范围的管理员可以维护"))
    if kind not in AmountKind.values:
        raise ValidationFailed(_("参数无效"), field="kind")
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("金额无效"), field="amount") from None
    if value <= 0 or value > MAX_AMOUNT:
        raise ValidationFailed(_("金额无效"), field="amount")
    if not citation.strip():
        raise ValidationFailed(_("请填写依据（文件名称和文号）"), field="citation")
    if StatutoryAmount.objects.filter(kind=kind, region=region, effective_from=effective_from).exists():
        raise ValidationFailed(_("该日期已有一条同类参数"), field="effective_from")
    row = StatutoryAmount.objects.create(
        kind=kind,
        region=region,
        amount=value,
        effective_from=effective_from,
        citation=citation.strip()[:200],
        created_by=by,
    )
    record_event(
        row,
        "parameter.added",
        official(
            "设置%(kind)s：%(amount)s元，自%(day)s起施行",
            kind=AmountKind(kind).label,
            amount=f"{value:,.2f}",
            day=effective_from.isoformat(),
        ),
        actor=by,
        changes={"citation": row.citation, "region": region.name if region else ""},
    )
    return row


MAX_PERIOD_LENGTH = 3650  # no statutory period of renshe's runs ten years; a longer figure is a typing slip


@transaction.atomic
def add_period_override(
    *, by: User, period: str, length: int, unit: str, effective_from: date, citation: str
) -> PeriodOverride:
    """A local reading of a statutory period from `effective_from`: its length and whether it counts
    calendar days, working days, months or years (e.g. 办案规则's "日" read as working days under a
    province's rules). Periods that start on or after that day use it; deadlines already set keep their
    day. Set by the same administrators as the statutory amounts: it applies to every district."""
    require_administrator(by)
    if by.effective_scope != DataScope.ALL:
        raise PermissionDenied(_("法定期限规则适用于全区域，只有全部数据范围的管理员可以维护"))
    statutory = law.PERIODS.get(period)
    if statutory is None:
        raise ValidationFailed(_("请选择法定期限"), field="period")
    if unit not in PeriodUnit.values:
        raise ValidationFailed(_("计算单位无效"), field="unit")
    if not 0 < length <= MAX_PERIOD_LENGTH:
        raise ValidationFailed(_("期限长度应在1至3650之间"), field="length")
    if not citation.strip():
        raise ValidationFailed(_("请填写依据（文件名称和文号）"), field="citation")
    if PeriodOverride.objects.filter(period=period, effective_from=effective_from).exists():
        raise ValidationFailed(_("该日期已有一条该期限的规则"), field="effective_from")
    row = PeriodOverride.objects.create(
        period=period,
        length=length,
        unit=unit,
        effective_from=effective_from,
        citation=citation.strip()[:200],
        created_by=by,
    )
    forget()  # this request's reads of the rules are stale now
    record_event(
        row,
        "period_rule.added",
        official(
            "设置%(period)s：%(length)s，自%(day)s起施行（法定：%(statute)s）",
            period=statutory.label,
            length=row.rule.describe(),
            day=effective_from.isoformat(),
            statute=statutory.statute_rule.describe(),
        ),
        actor=by,
        changes={"citation": row.citation},
    )
    return row


# --- code lists ------------------------------------------------------------------------------------


def _entry_values(label: str, label_en: str, sort_order: int) -> dict[str, object]:
    if not label.strip():
        raise ValidationFailed(_("请填写名称"), field="label")
    if not 0 <= sort_order <= 999:
        raise ValidationFailed(_("排序须在0到999之间"), field="sort_order")
    return {"label": label.strip()[:60], "label_en": label_en.strip()[:80], "sort_order": sort_order}


@transaction.atomic
def add_dictionary_entry(
    *, by: User, dictionary: str, code: str, label: str, label_en: str = "", sort_order: int = 0
) -> DictionaryEntry:
    """A new code in a code list (case types, claim types). Its code is what cases store, so it is fixed."""
    require_administrator(by)
    if dictionary not in Dictionary.values:
        raise ValidationFailed(_("字典无效"), field="dictionary")
    code = code.strip()
    if not CODE.fullmatch(code):
        raise ValidationFailed(_("代码只能由小写字母、数字和下划线组成，以字母开头"), field="code")
    if DictionaryEntry.objects.filter(dictionary=dictionary, code=code).exists():
        raise ValidationFailed(_("该字典中已有此代码"), field="code")
    entry = DictionaryEntry.objects.create(
        dictionary=dictionary, code=code, **_entry_values(label, label_en, sort_order)
    )
    record_event(
        entry,
        "dictionary.added",
        official(
            "新增字典项：%(dictionary)s %(label)s", dictionary=Dictionary(dictionary).label, label=entry.label
        ),
        actor=by,
        changes={"code": code},
    )
    return entry


@transaction.atomic
def update_dictionary_entry(
    entry: DictionaryEntry,
    *,
    by: User,
    label: str,
    label_en: str = "",
    sort_order: int = 0,
    active: bool = True,
) -> DictionaryEntry:
    """Rename, reorder, or retire (no longer offered; cases that have it keep it) a code."""
    require_administrator(by)
    entry = DictionaryEntry.objects.select_for_update().get(pk=entry.pk)
    values = {**_entry_values(label, label_en, sort_order), "active": active}
    changed = {k: [getattr(entry, k), v] for k, v in values.items() if getattr(entry, k) != v}
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save(update_fields=list(values))
    record_event(
        entry,
        "dictionary.updated",
        official(
            "修改字典项：%(dictionary)s %(label)s",
            dictionary=entry.get_dictionary_display(),
            label=entry.label,
        ),
        actor=by,
        changes=changed,
    )
    return entry


# --- regions and industries --------------------------------------------------------------------------

CodeRow = TypeVar("CodeRow", Region, Industry)
REGION_CODE = re.compile(r"\d{6}(\d{3}(\d{3})?)?")
INDUSTRY_CODE = re.compile(r"[A-Z]|\d{2,4}")
NAME_LENGTH = {Region: 50, Industry: 100}


def _code_name(model: type[Region] | type[Industry], name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("请填写名称"), field="name")
    if len(name) > NAME_LENGTH[model]:
        raise ValidationFailed(_("名称不能超过%(count)d个字") % {"count": NAME_LENGTH[model]}, field="name")
    return name


def _parent_by_code(model: type[CodeRow], code: str) -> CodeRow:
    parent = model.objects.filter(code=code).first()
    if parent is None:
        raise ValidationFailed(_("上级代码%(code)s不存在，请先添加上级") % {"code": code}, field="code")
    return parent


def _region_parent(code: str) -> Region | None:
    """A street's (9 digits) district is its first six, a village's (12) street its first nine; a district's
    province is its first two digits and four noughts, when the list has it."""
    if len(code) > 6:
        return _parent_by_code(Region, code[: len(code) - 3])
    province = code[:2] + "0000"
    return Region.objects.filter(code=province).exclude(code=code).first()


def _industry_parent(code: str, section: Industry | None) -> Industry | None:
    """GB/T 4754: a section (门类) is a letter and has no parent; a division (大类, two digits) belongs to the
    section chosen; a group (三位) or class (四位) to the code one digit shorter."""
    if code.isalpha():
        return None
    if len(code) == 2:
        if section is None or not section.code.isalpha():
            raise ValidationFailed(_("大类（两位代码）请选择所属门类"), field="section")
        return section
    return _parent_by_code(Industry, code[:-1])


def _reference_event(row: Region | Industry, verb: str, summary: str, by: User, **changes: object) -> None:
    record_event(row, f"{type(row).__name__.lower()}.{verb}", summary, actor=by, changes=changes)


@transaction.atomic
def add_region(*, by: User, code: str, name: str) -> Region:
    """A new administrative division: its code (6, 9 or 12 digits) places it under its parent."""
    require_administrator(by)
    code = code.strip()
    if not REGION_CODE.fullmatch(code):
        raise ValidationFailed(_("区划代码应为6位、9位或12位数字"), field="code")
    parent = _region_parent(code)
    return _add_code(Region, by, code=code, name=_code_name(Region, name), parent=parent)


@transaction.atomic
def add_industry(*, by: User, code: str, name: str, section: Industry | None = None) -> Industry:
    """A new industry code: a section (a letter), a division under a section, or a finer code under the one
    it extends."""
    require_administrator(by)
    code = code.strip().upper()
    if not INDUSTRY_CODE.fullmatch(code):
        raise ValidationFailed(_("行业代码应为一个大写字母（门类）或2至4位数字"), field="code")
    parent = _industry_parent(code, section)
    return _add_code(Industry, by, code=code, name=_code_name(Industry, name), parent=parent)


def _add_code(model: type[CodeRow], by: User, *, code: str, name: str, parent: CodeRow | None) -> CodeRow:
    taken = ValidationFailed(_("代码%(code)s已存在") % {"code": code}, field="code")
    if model.objects.filter(code=code).exists():
        raise taken
    try:
        with transaction.atomic():
            row = model.objects.create(code=code, name=name, parent=parent)
    except IntegrityError:  # added by someone else since the check
        raise taken from None
    if model is Region:
        summary = official("新增行政区划：%(code)s %(name)s", code=code, name=name)
    else:
        summary = official("新增行业代码：%(code)s %(name)s", code=code, name=name)
    _reference_event(row, "added", summary, by, parent=parent.code if parent else "")
    return row


@transaction.atomic
def rename_code(row: CodeRow, *, by: User, name: str) -> CodeRow:
    """A region's or an industry's new name; its code, which records keep, stays."""
    require_administrator(by)
    model = type(row)
    row = model.objects.select_for_update().get(pk=row.pk)
    name = _code_name(model, name)
    if name == row.name:
        return row
    before, row.name = row.name, name
    row.save(update_fields=["name"])
    if model is Region:
        summary = official("修改行政区划名称：%(code)s %(name)s", code=row.code, name=name)
    else:
        summary = official("修改行业名称：%(code)s %(name)s", code=row.code, name=name)
    _reference_event(row, "renamed", summary, by, name=[before, name])
    return row
