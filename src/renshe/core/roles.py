"""Roles, what each may do, and the data scope each sees by default.

Kept in code rather than in editable groups because every selector and service relies on it, and tests
assert it; an administrator chooses each user's role and may widen or narrow the scope.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_LEADER = "bureau_leader", _("局领导")
    DEPARTMENT_ADMIN = "department_admin", _("部门管理员")
    MEDIATOR = "mediator", _("调解员")
    ARBITRATOR = "arbitrator", _("仲裁员")
    INSPECTOR = "inspector", _("监察员")
    GRID_OFFICER = "grid_officer", _("网格员")
    TALENT_OFFICER = "talent_officer", _("人才工作人员")
    EXPERT_REVIEWER = "expert_reviewer", _("评审专家")
    ENTERPRISE_CONTACT = "enterprise_contact", _("企业联络员")


class DataScope(models.TextChoices):
    ALL = "all", _("全部数据")
    SUBTREE = "subtree", _("本机构及下级")
    OWN_ORGANISATION = "own_org", _("本机构")
    OWN_RECORDS = "self", _("仅本人")
    CHOSEN_ORGANISATIONS = "chosen", _("指定机构")


class Capability(models.TextChoices):
    UNMASK_PERSONAL_DATA = "unmask_personal_data", _("查看完整证件号码和电话")
    MANAGE_REGISTRY = "manage_registry", _("登记和维护企业、人员")
    MANAGE_CALENDAR = "manage_calendar", _("维护节假日安排")
    MANAGE_USERS = "manage_users", _("管理用户")
    EXPORT_DATA = "export_data", _("导出数据")
    REVIEW_AUDIT_LOG = "review_audit_log", _("查阅安全审计日志")
    DECIDE_RECUSAL = "decide_recusal", _("决定仲裁员回避（仲裁委员会主任/仲裁院负责人）")


DEFAULT_SCOPE: dict[str, str] = {
    Role.BUREAU_LEADER: DataScope.SUBTREE,
    Role.DEPARTMENT_ADMIN: DataScope.SUBTREE,
    Role.MEDIATOR: DataScope.OWN_ORGANISATION,
    Role.ARBITRATOR: DataScope.SUBTREE,
    Role.INSPECTOR: DataScope.SUBTREE,
    Role.GRID_OFFICER: DataScope.OWN_ORGANISATION,
    Role.TALENT_OFFICER: DataScope.SUBTREE,
    Role.EXPERT_REVIEWER: DataScope.OWN_RECORDS,
    Role.ENTERPRISE_CONTACT: DataScope.OWN_ORGANISATION,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.BUREAU_LEADER: frozenset(
        {Capability.UNMASK_PERSONAL_DATA, Capability.EXPORT_DATA, Capability.REVIEW_AUDIT_LOG}
    ),
    Role.DEPARTMENT_ADMIN: frozenset(
        {
            Capability.UNMASK_PERSONAL_DATA,
            Capability.MANAGE_REGISTRY,
            Capability.MANAGE_CALENDAR,
            Capability.MANAGE_USERS,
            Capability.EXPORT_DATA,
            Capability.REVIEW_AUDIT_LOG,
        }
    ),
    Role.MEDIATOR: frozenset(
        {Capability.UNMASK_PERSONAL_DATA, Capability.MANAGE_REGISTRY, Capability.EXPORT_DATA}
    ),
    Role.ARBITRATOR: frozenset({Capability.UNMASK_PERSONAL_DATA, Capability.EXPORT_DATA}),
    Role.INSPECTOR: frozenset(
        {Capability.UNMASK_PERSONAL_DATA, Capability.MANAGE_REGISTRY, Capability.EXPORT_DATA}
    ),
    Role.GRID_OFFICER: frozenset({Capability.MANAGE_REGISTRY}),
    Role.TALENT_OFFICER: frozenset({Capability.MANAGE_REGISTRY, Capability.EXPORT_DATA}),
    Role.EXPERT_REVIEWER: frozenset(),
    Role.ENTERPRISE_CONTACT: frozenset(),
}

# Capabilities that come with an office, not with a role: an administrator records them for one user
# (User.granted_capabilities), and only for a user of these roles. The commission's director, or the head
# of its arbitration institute he delegates, decides a recusal (劳动人事争议仲裁办案规则 第十二条); the
# administrator who records the appointment keeps the accounts and does not decide one himself.
APPOINTED: dict[str, frozenset[str]] = {
    Capability.DECIDE_RECUSAL: frozenset({Role.BUREAU_LEADER, Role.ARBITRATOR}),
}
