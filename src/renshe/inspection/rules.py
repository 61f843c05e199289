"""Who may take each action on an inspection case: the services refuse by these rules (`RULES.check`), and
the case page, the ledger, the API and the templates offer an action only where `RULES.may` allows it.

The brigade's inspectors and the department's administrators in scope carry the case. A worker's claim
is handed over to mediation by the mediation staff of the centre of the town where the work was done
(用工所在街镇, where the coordination meeting sends the workers; 劳动争议调解仲裁法 第十条), or to
arbitration by the staff of the district's commission (第二十一条), who carry out the disputes step (whose own
rules then apply to them as well). They reach the worker's row for that (`may_hand_over`), not the case's
file or ledger; selectors.handover_cases says the same in SQL.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from renshe.core.casework import Rule, Rules
from renshe.core.models import Organisation, OrganisationKind
from renshe.core.roles import Role
from renshe.core.rules import holds
from renshe.core.scope import user_covers
from renshe.disputes.rules import ARBITRATION_STAFF, MEDIATION_STAFF

from .workflow import WORKFLOW

STAFF = frozenset({Role.INSPECTOR, Role.DEPARTMENT_ADMIN})
REPORTING_STAFF = STAFF | {Role.GRID_OFFICER}
# who follows the case list: the staff, the leaders, and a street's mediators (the arrears on their ground)
CASE_ROLES = REPORTING_STAFF | {Role.BUREAU_LEADER, Role.MEDIATOR}

brigade = Rule(lambda user, case: user.role in STAFF and user_covers(user, case.organisation))


def in_district(user, case) -> bool:
    """Whether the user works in the district of the case's brigade (its parent bureau's subtree)."""
    bureau = case.organisation.parent
    return bool(bureau and user.organisation and user.organisation.is_within(bureau))


def in_town(user, case) -> bool:
    """Whether the user works in the town (街镇) of the case's place of work, or in an organisation in it."""
    return bool(user.organisation and user.organisation.is_within(case.street))


def mediates_at_a_centre(user) -> bool:
    """Mediation staff of a mediation centre: the disputes step has them take the worker's case up at their
    own centre (disputes.rules `take_up`), which no administrator above a centre may do."""
    return (
        user.role in MEDIATION_STAFF
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.MEDIATION_CENTRE
    )


def _mediate(user, case) -> bool:
    return mediates_at_a_centre(user) and in_town(user, case)


def may_hand_over(user, case) -> bool:
    """Whether the user may reach the case's workers' rows to hand one over (a mediation agreement or an
    arbitration application), whether or not the case's file is in their scope."""
    return RULES.may(user, "mediate", case) or RULES.may(user, "to_arbitration", case)


def on_the_case(user, case) -> bool:
    """One of the case's own inspectors: they alone see and reveal a named reporter (条例 第九条: 为举报人
    保密), not the brigade's other inspectors nor its administrators."""
    return case.inspectors.filter(pk=user.pk).exists()


def may_record_visit(user, check) -> bool:
    """A site check is closed by an officer of the grid it was asked of (their workbench's task)."""
    return user.is_superuser or (user.role == Role.GRID_OFFICER and user.organisation_id == check.grid_id)


def may_register_report(user, brigade_organisation) -> bool:
    """Complaints and reports are registered for a brigade in the official's scope; a grid officer reports
    what the grid finds to the brigade the grid belongs to (网格化管理: the grids sit under the brigade)."""
    if user.is_superuser:
        return True
    if user.role == Role.GRID_OFFICER:
        return user.organisation is not None and user.organisation.is_within(brigade_organisation)
    return user.role in STAFF and user_covers(user, brigade_organisation)


def grid_brigades(user) -> QuerySet[Organisation]:
    """The brigade above a grid officer's grid (none for anyone else)."""
    if user.role != Role.GRID_OFFICER or user.organisation is None:
        return Organisation.objects.none()
    path = user.organisation.path
    above = ["/".join(path.split("/")[:i]) + "/" for i in range(2, path.count("/") + 1)]
    return Organisation.objects.filter(kind=OrganisationKind.INSPECTION_BRIGADE, active=True, path__in=above)


def may_register(user) -> bool:
    """Whether the counter's form has a brigade to offer (may_register_report): one in the user's scope, or
    a grid officer's own brigade."""
    if user.role == Role.GRID_OFFICER:
        return grid_brigades(user).exists()
    return user.is_superuser or (user.role in STAFF and holds(user, OrganisationKind.INSPECTION_BRIGADE))


def may_work(user) -> bool:
    """The case list: inspection staff, leaders and mediators whose scope holds a brigade or a street
    (selectors.inspections_for: the cases of a brigade, and those worked on a street)."""
    return user.is_superuser or (
        user.role in CASE_ROLES and holds(user, OrganisationKind.INSPECTION_BRIGADE, OrganisationKind.STREET)
    )


def may_investigate(user) -> bool:
    """我的监察案件: a brigade's staff, to whom cases are assigned."""
    return user.is_superuser or (user.role in STAFF and holds(user, OrganisationKind.INSPECTION_BRIGADE))


def may_hand_over_any(user) -> bool:
    """Whether the user is one who hands workers over (may_hand_over on some case): a town centre's
    mediation staff, or the staff of a district commission."""
    return (
        user.is_superuser
        or mediates_at_a_centre(user)
        or (user.role in ARBITRATION_STAFF and holds(user, OrganisationKind.ARBITRATION_COMMISSION))
    )


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
        "site_check": brigade,
        "ledger": brigade,
        "repay": brigade,
        "mediate": Rule(_mediate),
        "to_arbitration": Rule(lambda user, case: user.role in ARBITRATION_STAFF and in_district(user, case)),
        "transfer_police": brigade,
        "list_dishonest": brigade,
        "remove_dishonest": brigade,
        "penalty_notice": brigade,
        "penalty_hearing": brigade,
        "penalty_decision": brigade,
        "close": brigade,
        "revoke": brigade,
        "reopen_tracking": brigade,
        "reveal_reporter": Rule(on_the_case, refusal=_("只有本案的承办监察员可以查看举报人身份")),
    },
)
