"""Who may take each action on a dispute case: the services refuse by these rules (`RULES.check`), and the
case page, the API and the templates offer an action only where `RULES.may` allows it.

The mediation staff of the organisation handling the case, or of the one that received it, carry it
through mediation; the commission's staff take the arbitration steps; either may record what the court
did. Taking a case up belongs to the organisation it was referred to, revoking a referral to its sender.
"""

from django.utils.translation import gettext_lazy as _

from renshe.core.casework import Rule, Rules
from renshe.core.models import OrganisationKind
from renshe.core.roles import Capability, Role
from renshe.core.rules import holds
from renshe.core.scope import user_covers

from .workflow import WORKFLOW

MEDIATION_STAFF = frozenset({Role.MEDIATOR, Role.DEPARTMENT_ADMIN})
ARBITRATION_STAFF = frozenset({Role.ARBITRATOR, Role.DEPARTMENT_ADMIN})
COURT_STAFF = MEDIATION_STAFF | ARBITRATION_STAFF
# who works with the dispute register at all: its staff, and the leaders who oversee it
CASE_ROLES = COURT_STAFF | {Role.BUREAU_LEADER}
# the organisations that handle disputes (routing.MEDIATING_ORGANISATIONS and the commissions)
HANDLING = (
    OrganisationKind.MEDIATION_CENTRE,
    OrganisationKind.MEDIATION_STUDIO,
    OrganisationKind.VILLAGE,
    OrganisationKind.ENTERPRISE_COMMITTEE,
    OrganisationKind.STREET,
    OrganisationKind.ARBITRATION_COMMISSION,
)
# who keeps an inspection case's wage ledger, whose payments reach the worker's mediation agreement
LEDGER_STAFF = frozenset({Role.INSPECTOR, Role.DEPARTMENT_ADMIN})


def _staff(roles: frozenset[str]) -> Rule:
    def test(user, case) -> bool:
        return user.role in roles and (
            user_covers(user, case.organisation) or user_covers(user, case.received_by)
        )

    return Rule(test)


mediation = _staff(MEDIATION_STAFF)
arbitration = _staff(ARBITRATION_STAFF)
court = _staff(COURT_STAFF)
take_up = Rule(
    lambda user, case: user.role in MEDIATION_STAFF and user.organisation_id == case.organisation_id,
    _("只有承办机构可以接收案件"),
)
revoke_referral = Rule(
    lambda user, case: user.role in MEDIATION_STAFF and user_covers(user, case.received_by),
    _("只有转派方可以撤回转派"),
)
# 第七条: only a collective dispute has elected representatives; mediation or arbitration staff record new ones
representatives = Rule(
    lambda user, case: case.collective and court.test(user, case), _("只有集体争议推举代表人")
)
# the inspection service that records the payment has checked the ledger's own scope; here, who may
# apply a payment to an agreement at all
ledger_payment = Rule(lambda user, case: user.role in LEDGER_STAFF or mediation.test(user, case))


def _commission_head(user, case) -> bool:
    """Who decides a recusal (劳动争议调解仲裁法 第三十三条第二款, 劳动人事争议仲裁办案规则 第十二条): the
    commission's director, or the head of its arbitration institute he delegates — a user granted the
    office's capability (roles.APPOINTED), over the case's commission. Not its administrator, who keeps the
    accounts. Where the recusal concerns the head himself, the commission decides: decide_recusal refuses."""
    return user.can(Capability.DECIDE_RECUSAL) and user_covers(user, case.organisation)


commission_head = Rule(_commission_head, _("回避申请由仲裁委员会主任或其委托的仲裁院负责人决定"))


def may_use_arbitration_workspace(user) -> bool:
    """The 仲裁工作台: the commission's staff whose scope holds a commission (as the arbitration rules ask)."""
    if user.is_superuser:
        return True
    if user.role not in ARBITRATION_STAFF:
        return False
    return holds(user, OrganisationKind.ARBITRATION_COMMISSION)


def may_manage_hearing_rooms(user) -> bool:
    """仲裁庭室 (services.rooms): a commission's administrator, whose scope holds a commission. Arbitrators
    book the rooms; the commission's office keeps the list of them."""
    if user.is_superuser:
        return True
    return user.role == Role.DEPARTMENT_ADMIN and holds(user, OrganisationKind.ARBITRATION_COMMISSION)


def may_manage_rooms_of(user, organisation) -> bool:
    """The rooms of one commission or tribunal: one in the administrator's scope."""
    return may_manage_hearing_rooms(user) and (user.is_superuser or user_covers(user, organisation))


def may_register_application(user, centre) -> bool:
    """An application for mediation is registered at the counter of a centre in the official's scope."""
    return user.is_superuser or user_covers(user, centre)


def may_register(user) -> bool:
    """Whether the counter's form has a centre to offer: one in the user's scope (may_register_application),
    where the service takes the application (登记调解申请)."""
    return holds(user, OrganisationKind.MEDIATION_CENTRE)


def may_work(user) -> bool:
    """The case list: dispute staff and leaders whose scope holds an organisation that handles disputes."""
    return user.is_superuser or (user.role in CASE_ROLES and holds(user, *HANDLING))


def may_mediate(user) -> bool:
    """我的调解案件: the mediation staff of an organisation that mediates."""
    return user.is_superuser or (user.role in MEDIATION_STAFF and holds(user, *HANDLING[:-1]))


def may_register_arbitration(user, commission) -> bool:
    """Arbitration applications are registered by the commission's own staff."""
    return user.is_superuser or (user.role in ARBITRATION_STAFF and user_covers(user, commission))


RULES = Rules(
    WORKFLOW,
    {
        "accept": mediation,
        "decline": mediation,
        "refer": mediation,
        "revoke_referral": revoke_referral,
        "take_up": take_up,
        "attach_evidence": mediation,
        "record_session": mediation,
        "extend": mediation,
        "suspend": mediation,
        "resume": mediation,
        "settle": mediation,
        "record_payment": mediation,
        "ledger_payment": ledger_payment,
        "perform": mediation,
        "default": mediation,
        "fail": mediation,
        "withdraw": mediation,
        "payment_order": mediation,
        "arbitration_review": mediation,
        "judicial_confirmation": mediation,
        "follow_up_result": court,
        "to_arbitration": mediation,
        "accept_arbitration": arbitration,
        "schedule_hearing": arbitration,
        "extend_arbitration": arbitration,
        "recount_arbitration": arbitration,
        "suspend_arbitration": commission_head,
        "resume_arbitration": arbitration,
        "record_limitation": arbitration,
        "record_limitation_break": arbitration,
        "award": arbitration,
        "refuse_arbitration": arbitration,
        "compose_tribunal": arbitration,
        "request_recusal": arbitration,
        "decide_recusal": commission_head,
        "serve_award": arbitration,
        "petition_revocation": court,
        "rule_on_revocation": court,
        "sue": court,
        "judge": court,
        "close": court,
        "reopen_tracking": court,
        "change_representatives": representatives,
    },
)
