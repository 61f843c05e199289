"""Who may take each action on an inspection case: the services refuse by these rules (`RULES.check`), and
the case page, the ledger, the API and the templates offer an action only where `RULES.may` allows it.

The brigade's inspectors and the department's administrators in scope carry the case. A worker's claim
is handed over to mediation or arbitration by the district's mediators or commission staff, who carry out
the disputes step (whose own rules then apply to them as well).
"""

from renshe.core.casework import Rule, Rules
from renshe.core.roles import Role
from renshe.core.scope import user_covers
from renshe.disputes.rules import ARBITRATION_STAFF, MEDIATION_STAFF

from .workflow import WORKFLOW

STAFF = frozenset({Role.INSPECTOR, Role.DEPARTMENT_ADMIN})
REPORTING_STAFF = STAFF | {Role.GRID_OFFICER}

brigade = Rule(lambda user, case: user.role in STAFF and user_covers(user, case.organisation))


def in_district(user, case) -> bool:
    """Whether the user works in the district of the case's brigade (its parent bureau's subtree)."""
    bureau = case.organisation.parent
    return bool(bureau and user.organisation and user.organisation.is_within(bureau))


def _hand_over(roles: frozenset[str]) -> Rule:
    return Rule(lambda user, case: user.role in roles and in_district(user, case))


def may_register_report(user, brigade_organisation) -> bool:
    """Complaints and reports are registered for a brigade in the official's scope, grid officers too."""
    return user.is_superuser or (user.role in REPORTING_STAFF and user_covers(user, brigade_organisation))


RULES = Rules(
    WORKFLOW,
    {
        # a report from the public (no account) joins an open case; register_report checks who registers
        "link_report": Rule(lambda user, case: True),
        "accept": brigade,
        "refuse": brigade,
        "refuse_report": brigade,
        "assign": brigade,
        "begin_investigation": brigade,
        "investigate": brigade,
        "extend": brigade,
        "order": brigade,
        "serve": brigade,
        "comply": brigade,
        "statement": brigade,
        "decide": brigade,
        "meeting": brigade,
        "ledger": brigade,
        "repay": brigade,
        "mediate": _hand_over(MEDIATION_STAFF),
        "to_arbitration": _hand_over(ARBITRATION_STAFF),
        "transfer_police": brigade,
        "list_dishonest": brigade,
        "close": brigade,
        "revoke": brigade,
    },
)
