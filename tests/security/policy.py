"""Who may use which page and which API operation: the declared expectation the authorization matrix
(test_authorization_matrix.py) holds the running application to.

Every page of the URL conf and every operation of the OpenAPI document needs an entry here; a new one
without an entry fails the matrix with its name. An entry says which roles may use it (ANY_SIGNED_IN,
PUBLIC or a set of roles) and, for a URL that names a record, on which records it is tried: each record has
the set of demo users whose data scope covers it, everyone else must get 404 exactly as for a missing one.

The sets below are written from the product's rules (README "Users, roles, data scope", core/roles.py
and each module's docstrings), not read back from the code under test.
"""

from dataclasses import dataclass, field

from renshe.core.roles import Role

R = Role

# --- who is tried --------------------------------------------------------------------------------

# one demo user per role (two where scope differs), and the anonymous visitor (None)
ACTORS: dict[str, str | None] = {
    "anonymous": None,
    "pt_leader": R.BUREAU_LEADER,  # 普陀区局领导, subtree of 普陀
    "pt_admin": R.DEPARTMENT_ADMIN,  # 普陀, subtree
    "pd_admin": R.DEPARTMENT_ADMIN,  # 浦东, subtree (张江 lies here)
    "fx_admin": R.DEPARTMENT_ADMIN,  # 奉贤, subtree
    "zj_centre": R.MEDIATOR,  # 张江镇调解中心 and its "X" organisations
    "pt_caoyang": R.MEDIATOR,  # 曹杨新村街道 only
    "zj_arbitrator": R.ARBITRATOR,  # 科创仲裁庭
    "fx_inspector": R.INSPECTOR,  # 奉贤监察大队
    "fx_mediator": R.MEDIATOR,  # 南桥镇调解中心: hands over the workers of cases worked in 南桥
    "fx_grid": R.GRID_OFFICER,  # 南桥网格
    "pt_talent": R.TALENT_OFFICER,  # 普陀职业能力建设科
    "pt_expert": R.EXPERT_REVIEWER,  # own records only
}

# --- role sets -----------------------------------------------------------------------------------

ANY_SIGNED_IN = "any signed-in user"
PUBLIC = "public"

MEDIATION = frozenset({R.DEPARTMENT_ADMIN, R.MEDIATOR})
ARBITRATION = frozenset({R.DEPARTMENT_ADMIN, R.ARBITRATOR})
COURT = MEDIATION | ARBITRATION  # suit, judgment, closing after an award
INSPECTION = frozenset({R.DEPARTMENT_ADMIN, R.INSPECTOR})
REGISTRY = frozenset({R.DEPARTMENT_ADMIN, R.MEDIATOR, R.INSPECTOR, R.GRID_OFFICER, R.TALENT_OFFICER})
UNMASK = frozenset({R.BUREAU_LEADER, R.DEPARTMENT_ADMIN, R.MEDIATOR, R.ARBITRATOR, R.INSPECTOR})
EXPORT = UNMASK | {R.TALENT_OFFICER}
DISPUTE_STATS = frozenset({R.BUREAU_LEADER, R.DEPARTMENT_ADMIN, R.MEDIATOR, R.ARBITRATOR})
INSPECTION_STATS = frozenset({R.BUREAU_LEADER, R.DEPARTMENT_ADMIN, R.INSPECTOR})
# the 仲裁工作台 and hearing calendar: the commission's staff whose scope holds a commission (普陀 has none)
WORKSPACE_HOLDERS = frozenset({"pd_admin", "fx_admin", "zj_arbitrator"})
# a recusal is decided by the commission's director or institute head (劳动人事争议仲裁办案规则 第十二条): an
# office granted to one user (pd_head, not an actor here; tests/disputes/test_recusal_decider.py), never to a
# role: every actor, the commission's administrator included, is refused
COMMISSION_HEAD: frozenset[str] = frozenset()
# a wage claim of an inspection case settled by mediation at the town's centre by its own mediators, who
# take the worker's case up there (inspection/rules.py; not an administrator above a centre, nor a street's
# mediator without one), or sent to arbitration by the district commission's staff
CLAIM_MEDIATION = frozenset({R.MEDIATOR})
CENTRE_MEDIATORS = frozenset({"zj_centre", "fx_mediator"})
CLAIM_ARBITRATION = ARBITRATION
# the demo users whose scope holds a street (an administrator's district, the street's own mediator)
STREET_HOLDERS = frozenset({"pt_admin", "pd_admin", "fx_admin", "pt_caoyang"})
# 系统管理: department administrators (core/roles.py MANAGE_USERS), on the accounts and organisations of
# their scope
ADMINS = frozenset({R.DEPARTMENT_ADMIN})
# the counter's forms, for those with a mediation centre / an inspection brigade in their scope to register
# at (disputes/rules.py may_register, inspection/rules.py may_register; 普陀 has 曹杨新村街道's centre)
COUNTERS = frozenset({"pt_leader", "pt_admin", "pd_admin", "fx_admin", "zj_centre", "fx_mediator"})
# complaints and reports: the brigade's staff, and a grid officer for the brigade the grid belongs to
REPORTING = INSPECTION | {R.GRID_OFFICER}
REPORTERS = frozenset({"pt_admin", "fx_admin", "fx_inspector", "fx_grid"})
# 仲裁庭室: a commission's administrators (disputes/rules.py may_manage_hearing_rooms; 普陀 has no commission)
ROOM_KEEPERS = frozenset({"pd_admin", "fx_admin"})
# 安全审计日志: the bureau's leaders and department administrators (core/roles.py REVIEW_AUDIT_LOG)
AUDIT = frozenset({R.BUREAU_LEADER, R.DEPARTMENT_ADMIN})

# --- the records tried, and whose scope covers each ----------------------------------------------

# A record key names a set of URL arguments built by the test (tests/security/test_authorization_matrix.py,
# `records`). "…@foreign" keys put a sub-record of one case under another case's URL: nobody may reach it.
SCOPE: dict[str, frozenset[str]] = {
    # 张江's disputes: the centre (own organisation and below) and 浦东's administrators; once in
    # arbitration also the 科创仲裁庭
    "dispute:zj": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-settled": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-accepted": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-evidence": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-arbitration": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    "dispute:zj-awarded": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    # the further states a transition is tried from (taken up, referred to the centre's studio, suspended,
    # applied for arbitration, in court after the award)
    "dispute:zj-mediating": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-referred": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-suspended": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-arbitration-applied": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    # accepted, its hearing suspended for an appraisal (the award period stands still)
    "dispute:zj-hearing-suspended": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    # a panel formed, with a party's recusal of one arbitrator waiting for the commission head's decision
    "dispute:zj-tribunal": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    "dispute:zj-sued": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    # after the award (劳动争议调解仲裁法 第四十七条至第五十条): a mixed award (two documents), one served on both
    # parties (windows open), one with the employer's petition to revoke before the court, one whose windows
    # have all run
    "dispute:zj-mixed": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    "dispute:zj-served": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    "dispute:zj-petitioned": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    "dispute:zj-lapsed": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    # a mediation that failed: the worker may go on to arbitration
    "dispute:zj-failed": frozenset({"pd_admin", "zj_centre"}),
    # an agreement defaulted on (a payment order may be applied for, 第十六条); one whose joint application for
    # judicial confirmation waits for the court's ruling
    "dispute:zj-defaulted": frozenset({"pd_admin", "zj_centre"}),
    "dispute:zj-confirming": frozenset({"pd_admin", "zj_centre"}),
    # a case whose public tracking the portal locked after too many wrong query codes
    "dispute:zj-tracking-locked": frozenset({"pd_admin", "zj_centre"}),
    # a collective dispute at the centre (第七条), whose representatives are changed
    "dispute:zj-collective": frozenset({"pd_admin", "zj_centre"}),
    # a dispute at the mediation centre of 曹杨新村街道: 普陀's leader and administrators (the street's
    # mediator sees his street's own organisation only, not the centre below it)
    "dispute:pt": frozenset({"pt_leader", "pt_admin"}),
    "dispute:pt@foreign": frozenset(),
    # the settled 张江 case's mediation agreement as issued (core.issuing): those who see the case
    "issued:zj-settled": frozenset({"pd_admin", "zj_centre"}),
    # 奉贤's wage-arrears case (the story): the brigade's inspectors and 奉贤's administrators
    "inspection:fx": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-new": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-investigating": frozenset({"fx_admin", "fx_inspector"}),
    # an order served and not complied with, the employer heard; an order and a decision not yet served
    "inspection:fx-ordered": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-unserved": frozenset({"fx_admin", "fx_inspector"}),
    # the investigating case, its public tracking locked after too many wrong query codes
    "inspection:fx-tracking-locked": frozenset({"fx_admin", "fx_inspector"}),
    # the story's case (worked in 南桥镇) as its workers' rows for the hand-over: the case's scope, and the
    # town centre's mediator (inspection.rules.may_hand_over), who reaches nothing else of the case
    "handover:fx": frozenset({"fx_admin", "fx_inspector", "fx_mediator"}),
    # a complaint at 普陀's brigade about a firm in 曹杨新村街道: 普陀's leader and administrators, and the
    # street, which sees the arrears on its ground (inspection.selectors.inspections_for)
    "inspection:pt": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),
    "inspection:pt@foreign": frozenset(),
    # the like, accepted by 普陀's department: its wage ledger may change
    "inspection:pt-accepted": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),
    # a site check asked of 南桥网格 on an 奉贤 case: the grid's officer, and the case's own scope
    "site_check:fx": frozenset({"fx_admin", "fx_inspector", "fx_grid"}),
    # documents of the 奉贤 case, by their own id
    "document:fx": frozenset({"fx_admin", "fx_inspector"}),
    "document:fx-penalty": frozenset({"fx_admin", "fx_inspector"}),
    # an order not complied with and no notice of listing yet; listed more than six months ago, since
    # corrected; penalties: a notice offering a hearing, one whose hearing was asked for, one without a
    # hearing; two penalty decisions, one served and past its deadline, one not served
    "inspection:fx-unmet": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-listed": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-hearing-offered": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-hearing-requested": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-noticed": frozenset({"fx_admin", "fx_inspector"}),
    "inspection:fx-penalised": frozenset({"fx_admin", "fx_inspector"}),
    # enterprises by their street; people by the organisation that registered them
    "enterprise:zj": frozenset({"pd_admin"}),
    "enterprise:fx": frozenset({"fx_admin"}),
    "person:zj": frozenset({"pd_admin", "zj_centre"}),
    "person:pt": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),
    "person:pt-skills": frozenset({"pt_leader", "pt_admin", "pt_talent"}),  # registered by the talent office
    "enterprise:pt": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),  # in 曹杨新村街道
    # 曹杨新村街道's mediator and the street itself (系统管理): Putuo's leader and administrator and the
    # street's own mediator see them; only the administrator manages them
    "user:pt": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),
    "organisation:pt": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),
    # a code list's entry is no organisation's: every signed-in user "sees" it, administrators edit it
    "dictionary:claim-type": frozenset(u for u in ACTORS if u != "anonymous"),
    # so with a region, an industry code, the regions' list and a text message template
    "region:caoyang": frozenset(u for u in ACTORS if u != "anonymous"),
    "industry:I": frozenset(u for u in ACTORS if u != "anonymous"),
    "code-list:regions": frozenset(u for u in ACTORS if u != "anonymous"),
    "sms-template:accepted": frozenset(u for u in ACTORS if u != "anonymous"),
    # a room of 科创仲裁庭 (张江): whoever's scope holds the tribunal (浦东's administrator, its arbitrator);
    # only the administrator keeps it
    "room:zj": frozenset({"pd_admin", "zj_arbitrator"}),
    # a webhook endpoint of 张江's centre's account and one of its deliveries: its owner's alone
    "webhook:zj": frozenset({"zj_centre"}),
    "webhook-delivery:zj": frozenset({"zj_centre"}),
    # the same enterprises' files (一企一档), seen also by whoever sees a case they are party to
    # (core/parties.py): 张江's firm by the centre, whose disputes it is the respondent of, and by the tribunal's
    # arbitrator, before whom one of them (an award served on both parties) now is, 奉贤's manufacturer by the brigade's inspectors and by 南桥's centre, which mediates the
    # workers handed over to it (their disputes name the manufacturer)
    "enterprise:zj-file": frozenset({"pd_admin", "zj_centre", "zj_arbitrator"}),
    "enterprise:fx-file": frozenset({"fx_admin", "fx_inspector", "fx_mediator"}),
    "enterprise:pt-file": frozenset({"pt_leader", "pt_admin", "pt_caoyang"}),
}

DISPUTES = ("dispute:zj", "dispute:pt")
PEOPLE = ("person:zj", "person:pt", "person:pt-skills")
ENTERPRISES = ("enterprise:zj-file", "enterprise:fx-file", "enterprise:pt-file")
# the register's own scope: editing an enterprise, confirming a person's ID number
ENTERPRISES_REGISTERED = ("enterprise:zj", "enterprise:fx", "enterprise:pt")
INSPECTIONS = ("inspection:fx", "inspection:pt")
HANDOVER = ("handover:fx", "inspection:pt")
# the ledger changes while a case is filed (inspection/workflow.py FILED)
LEDGER = ("inspection:fx-investigating", "inspection:pt-accepted")


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str] | str = ANY_SIGNED_IN
    records: tuple[str, ...] = ()  # records tried for a URL naming one; () for a URL naming none
    method: str = "GET"
    query: str = ""  # a variant of a page, e.g. "export=xlsx"
    # a narrower rule inside a permitted role, as usernames (e.g. only the handling organisation takes up)
    only: frozenset[str] | None = None
    note: str = ""
    # what an allowed call answers: 200, a created record's 201, a page's redirect after a transition 302
    status: int = 200
    extra: dict = field(default_factory=dict, compare=False)


def rule(roles=ANY_SIGNED_IN, *records, **kw) -> Rule:
    return Rule(roles=roles, records=tuple(records), **kw)


# --- pages (URL names) ---------------------------------------------------------------------------

# Left out of the matrix, with the reason.
PAGES_SKIPPED = {
    "login": "the sign-in page itself (tests/core/test_login.py covers it and its lockout)",
    "logout": "signing out (tests/core/test_login.py)",
    "set_language": "django.views.i18n: switches the language, touches no data",
    "admin:*": "the Django admin site authorises by is_staff and model permissions (Django's own checks)",
    "api:*": "API operations are taken from the OpenAPI document below, method by method",
    "oauth_token": "OAuth 2 client credentials: a client's id and secret, no session (tests/core/test_api_clients.py)",
    "oauth_revoke": "OAuth 2 token revocation by the client that holds it (django-oauth-toolkit's own checks)",
    "core:system_client": "one client of the administrator's scope, as core:system_user (tests/core/test_api_clients.py)",
    # (api:openapi-json and api:openapi-view, the document and its viewer, are public by design: they
    # describe the API and hold no data; test_every_api_operation_has_an_entry fetches it anonymously)
}

PAGES: dict[str, Rule] = {
    # core
    "core:workbench": rule(),
    "core:enterprises": rule(),
    # messaging: each user's own messages (a message id of another user's marks nothing)
    "messaging:inbox": rule(),
    "messaging:read": rule(method="POST", status=302),
    "messaging:read_all": rule(method="POST", status=302),
    "core:enterprises?export": rule(EXPORT, query="export=xlsx"),
    # the form, for those the service lets register (core/rules.py): the registry's staff with a street
    "core:enterprise_create": rule(REGISTRY, only=STREET_HOLDERS),
    "core:enterprise": rule(ANY_SIGNED_IN, *ENTERPRISES),
    "core:enterprise_edit": rule(REGISTRY, *ENTERPRISES_REGISTERED, only=STREET_HOLDERS),
    "core:people": rule(),
    # a list's chosen columns (core.tables): the user's own preference, any list they see
    "core:list_columns": rule(method="POST", status=302),
    "core:person_create": rule(REGISTRY),
    "core:person": rule(ANY_SIGNED_IN, *PEOPLE),
    "core:person_reveal": rule(UNMASK, *PEOPLE, method="POST"),
    "core:person_confirm_id": rule(REGISTRY, *PEOPLE, method="POST", status=302),
    "core:search": rule(
        query="q=1386", note="finds only what the user's scope holds (tests/core/test_search.py)"
    ),
    "core:organisations": rule(),
    "core:calendar": rule(),
    "core:issued_document": rule(ANY_SIGNED_IN, "issued:zj-settled"),
    # correcting the agreement: the mediation staff who may act on the case
    "core:correct_document": rule(MEDIATION, "issued:zj-settled", method="POST", status=302),
    "core:system_users": rule(ADMINS),
    "core:system_user_create": rule(ADMINS),
    "core:system_user": rule(ADMINS, "user:pt"),
    "core:system_organisations": rule(ADMINS),
    "core:system_organisation": rule(ADMINS, "organisation:pt"),
    "core:system_parameters": rule(ADMINS),
    "core:system_dictionaries": rule(ADMINS),
    "core:system_dictionary_entry": rule(ADMINS, "dictionary:claim-type"),
    "core:system_jobs": rule(ADMINS),
    "core:system_clients": rule(ADMINS),
    "core:system_client_create": rule(ADMINS),
    "core:system_codes": rule(ADMINS, "code-list:regions"),
    "core:system_code": rule(ADMINS, "region:caoyang"),
    "messaging:sms_templates": rule(ADMINS),
    "messaging:sms_template": rule(ADMINS, "sms-template:accepted"),
    "core:profile": rule(),
    # disputes
    "disputes:list": rule(),
    "disputes:list?export": rule(EXPORT, query="export=xlsx"),
    "disputes:queue": rule(),
    # the ticked rows of a list: without rows every signed-in user is sent back with a message; export is
    # EXPORT's, assignment MEDIATION's, and each case is then checked by take_up_dispute
    # (tests/disputes/test_tables.py)
    "disputes:batch": rule(method="POST", status=302),
    "disputes:create": rule(ANY_SIGNED_IN, only=COUNTERS),
    "disputes:detail": rule(ANY_SIGNED_IN, *DISPUTES),
    "disputes:registered": rule(ANY_SIGNED_IN, *DISPUTES),
    "disputes:evidence": rule(ANY_SIGNED_IN, "dispute:zj-evidence", "dispute:pt@foreign"),
    "disputes:agreement_pdf": rule(ANY_SIGNED_IN, "dispute:zj-settled", "dispute:pt@foreign"),
    "disputes:award_pdf": rule(ANY_SIGNED_IN, "dispute:zj-awarded", "dispute:pt@foreign"),
    "disputes:final_award_pdf": rule(ANY_SIGNED_IN, "dispute:zj-mixed", "dispute:pt@foreign"),
    # a real transition (accept an application) with a valid form
    "disputes:action": rule(MEDIATION, *DISPUTES, method="POST", status=302),
    "disputes:arbitration_workspace": rule(ARBITRATION, only=WORKSPACE_HOLDERS),
    "disputes:hearing_rooms": rule(ADMINS, only=ROOM_KEEPERS),
    "disputes:hearing_room": rule(ADMINS, "room:zj"),
    "disputes:hearing_calendar": rule(ARBITRATION, only=WORKSPACE_HOLDERS),
    "disputes:dashboard": rule(DISPUTE_STATS),
    "disputes:dashboard?export": rule(DISPUTE_STATS & EXPORT, query="export=xlsx"),
    # inspection
    "inspection:list": rule(),
    "inspection:list?export": rule(EXPORT, query="export=xlsx"),
    "inspection:queue": rule(),
    # as disputes:batch; assignment INSPECTION's, each case checked by assign_inspectors
    "inspection:batch": rule(method="POST", status=302),
    "inspection:create": rule(REPORTING, only=REPORTERS),
    "inspection:detail": rule(ANY_SIGNED_IN, *INSPECTIONS),
    "inspection:action": rule(INSPECTION, "inspection:fx-new", "inspection:pt", method="POST", status=302),
    # a reporter's identity: the case's own inspectors only (the story's pair), not the brigade's others
    "inspection:reveal_reporter": rule(
        INSPECTION, "inspection:fx", "inspection:pt@foreign", method="POST", only=frozenset({"fx_inspector"})
    ),
    "inspection:ledger": rule(ANY_SIGNED_IN, *INSPECTIONS),
    "inspection:ledger?export": rule(EXPORT, *INSPECTIONS, query="export=xlsx"),
    # each ledger action with a valid form, on a case whose ledger may change (repaying: the story's advance)
    "inspection:ledger_claim": rule(INSPECTION, *LEDGER, method="POST", status=302),
    "inspection:ledger_payment": rule(INSPECTION, *LEDGER, method="POST", status=302),
    "inspection:ledger_advance": rule(INSPECTION, *LEDGER, method="POST", status=302),
    "inspection:ledger_repayment": rule(INSPECTION, "inspection:fx", method="POST", status=302),
    "inspection:handover": rule(ANY_SIGNED_IN, *HANDOVER),
    # the cases whose workers the user hands over (the page is empty for the others, not refused)
    "inspection:handovers": rule(),
    "inspection:ledger_mediation": rule(
        CLAIM_MEDIATION, *HANDOVER, method="POST", only=CENTRE_MEDIATORS, status=302
    ),
    # the demo has no commission in 普陀: the 奉贤 case's claim only
    "inspection:ledger_arbitration": rule(CLAIM_ARBITRATION, "handover:fx", method="POST", status=302),
    "inspection:site_check": rule(ANY_SIGNED_IN, "site_check:fx"),
    "inspection:order_pdf": rule(ANY_SIGNED_IN, "document:fx"),
    "inspection:decision_pdf": rule(ANY_SIGNED_IN, "document:fx"),
    "inspection:receipt_pdf": rule(ANY_SIGNED_IN, "document:fx"),
    "inspection:penalty_notice_pdf": rule(ANY_SIGNED_IN, "document:fx-penalty"),
    "inspection:penalty_pdf": rule(ANY_SIGNED_IN, "document:fx-penalty"),
    "inspection:dashboard": rule(INSPECTION_STATS),
    "inspection:dashboard?export": rule(INSPECTION_STATS & EXPORT, query="export=xlsx"),
    # the public portal: anyone, signed in or not
    "portal:home": rule(PUBLIC),
    "portal:apply": rule(PUBLIC),
    "portal:applied": rule(PUBLIC),
    "portal:track": rule(PUBLIC),
    "portal:dishonest": rule(PUBLIC),
    "portal:report": rule(PUBLIC),
    "portal:reported": rule(PUBLIC),
    # security: everyone changes their own password; reviewers read the logs of their scope
    "password_change": rule(note="the signed-in user's own password (audit/views.py)"),
    "audit:access": rule(AUDIT),
    "audit:access?export": rule(AUDIT & EXPORT, query="export=xlsx"),
    "audit:operations": rule(AUDIT),
    "audit:operations?export": rule(AUDIT & EXPORT, query="export=xlsx"),
}

# --- API operations ("METHOD /api/v1/path" as in the OpenAPI document) -----------------------------

A = "/api/v1"
FX = INSPECTIONS
# Transitions are tried on a case in a state they may be taken from, so that an allowed call goes through.
# 普陀's centre has no mediator among the demo users to take a case up, nor its brigade two inspectors to
# investigate, so those further states are built in 张江 and 奉贤 only: the other districts' users are tried
# on them as strangers (404).
MEDIATING = ("dispute:zj-mediating",)
INVESTIGATING = ("inspection:fx-investigating",)
# an order served and not complied with, the employer heard: a decision, the police, the dishonest list
HEARD = ("inspection:fx-ordered",)

API: dict[str, Rule] = {
    # core
    f"GET {A}/me": rule(),
    f"GET {A}/organisations": rule(),
    f"GET {A}/organisations/tree": rule(),
    f"GET {A}/users": rule(
        note="the directory: the users of the caller's scope (tests/core/test_directory_api.py)"
    ),
    f"GET {A}/enterprises": rule(),
    # an enterprise is placed in a street of the caller's scope: the districts' administrators and a street's
    # own staff; a centre's, a brigade's, a grid's or a section's staff hold no street (refused on it)
    f"POST {A}/enterprises": rule(REGISTRY, only=STREET_HOLDERS, status=201),
    f"GET {A}/enterprises/{{pk}}": rule(ANY_SIGNED_IN, *ENTERPRISES),
    f"PUT {A}/enterprises/{{pk}}": rule(REGISTRY, *ENTERPRISES_REGISTERED),
    f"GET {A}/enterprises/{{pk}}/events": rule(ANY_SIGNED_IN, *ENTERPRISES),
    f"GET {A}/search": rule(note="finds only what the user's scope holds (tests/core/test_search.py)"),
    f"GET {A}/people": rule(),
    f"POST {A}/people": rule(REGISTRY, status=201),
    f"GET {A}/people/{{pk}}": rule(ANY_SIGNED_IN, *PEOPLE),
    f"POST {A}/people/{{pk}}/reveal": rule(UNMASK, *PEOPLE),
    f"GET {A}/workbench": rule(),
    f"GET {A}/calendar/deadline": rule(),
    # the change feed and the case exports for a data warehouse: those who may export data, their scope's
    f"GET {A}/changes": rule(EXPORT),
    # 系统管理 (core/system_api.py): the pages' rules (core.administration), on the same records
    f"GET {A}/system/users": rule(ADMINS),
    # an account placed in a street of the caller's own scope
    f"POST {A}/system/users": rule(ADMINS, status=201),
    f"GET {A}/system/users/{{pk}}": rule(ADMINS, "user:pt"),
    f"PUT {A}/system/users/{{pk}}": rule(ADMINS, "user:pt"),
    f"POST {A}/system/users/{{pk}}/disable": rule(ADMINS, "user:pt"),
    f"POST {A}/system/users/{{pk}}/enable": rule(ADMINS, "user:pt"),
    f"POST {A}/system/users/{{pk}}/reset-password": rule(ADMINS, "user:pt"),
    f"GET {A}/system/organisations": rule(ADMINS),
    f"GET {A}/system/organisations/{{pk}}": rule(ADMINS, "organisation:pt"),
    f"PUT {A}/system/organisations/{{pk}}": rule(ADMINS, "organisation:pt"),
    f"POST {A}/system/organisations/{{pk}}/move": rule(ADMINS, "organisation:pt"),
    f"GET {A}/system/parameters": rule(ADMINS),
    # a statutory amount applies to the whole jurisdiction: set by an administrator whose scope is all data,
    # which none of the districts' administrators has (tests/core/test_system_api.py: the superuser does)
    f"POST {A}/system/parameters": rule(ADMINS, only=frozenset(), status=201),
    f"GET {A}/system/periods": rule(ADMINS),
    f"POST {A}/system/periods": rule(ADMINS, only=frozenset(), status=201),  # as the amounts: all-data scope
    f"GET {A}/system/dictionaries": rule(ADMINS),
    f"POST {A}/system/dictionaries": rule(ADMINS, status=201),
    f"PUT {A}/system/dictionaries/{{pk}}": rule(ADMINS, "dictionary:claim-type"),
    f"GET {A}/system/jobs": rule(ADMINS),
    f"GET {A}/system/jobs/runs": rule(ADMINS),
    f"GET {A}/system/operations": rule(ADMINS),
    f"GET {A}/system/regions": rule(ADMINS),
    f"POST {A}/system/regions": rule(ADMINS, status=201),
    f"PUT {A}/system/regions/{{pk}}": rule(ADMINS, "region:caoyang"),
    f"GET {A}/system/industries": rule(ADMINS),
    f"POST {A}/system/industries": rule(ADMINS, status=201),
    f"PUT {A}/system/industries/{{pk}}": rule(ADMINS, "industry:I"),
    # 短信模板 (messaging/api.py): administrators, as the page
    f"GET {A}/messages/templates": rule(ADMINS),
    f"GET {A}/messages/templates/{{pk}}": rule(ADMINS, "sms-template:accepted"),
    f"PUT {A}/messages/templates/{{pk}}": rule(ADMINS, "sms-template:accepted"),
    # messaging: the caller's own messages
    f"GET {A}/messages": rule(),
    f"POST {A}/messages/read-all": rule(),
    # disputes
    f"GET {A}/disputes": rule(),
    f"GET {A}/disputes/export": rule(EXPORT),
    # registering at 张江's centre: only staff whose scope covers the centre
    f"POST {A}/disputes": rule(MEDIATION, only=frozenset({"pd_admin", "zj_centre"}), status=201),
    f"GET {A}/disputes/statistics": rule(DISPUTE_STATS),
    f"GET {A}/disputes/queue": rule(),
    f"GET {A}/disputes/{{pk}}": rule(ANY_SIGNED_IN, *DISPUTES),
    f"GET {A}/disputes/{{pk}}/events": rule(ANY_SIGNED_IN, *DISPUTES),
    # the case's documents: those who see the case (the agreement, tried under a case not its own too)
    f"GET {A}/disputes/{{pk}}/documents": rule(ANY_SIGNED_IN, "dispute:zj-settled", "dispute:pt"),
    f"GET {A}/disputes/{{pk}}/documents/{{document_kind}}/{{subject_id}}": rule(
        ANY_SIGNED_IN, "dispute:zj-settled", "dispute:pt@foreign"
    ),
    f"POST {A}/disputes/{{pk}}/evidence": rule(MEDIATION, *DISPUTES, status=201),
    f"POST {A}/disputes/{{pk}}/accept": rule(MEDIATION, *DISPUTES),
    f"POST {A}/disputes/{{pk}}/decline": rule(MEDIATION, *DISPUTES),
    f"POST {A}/disputes/{{pk}}/refer": rule(MEDIATION, "dispute:zj-accepted"),
    f"POST {A}/disputes/{{pk}}/revoke-referral": rule(MEDIATION, "dispute:zj-referred"),
    # only the organisation handling the case takes it up (not an administrator above it); tried on an
    # accepted case, as the state is checked before the organisation
    f"POST {A}/disputes/{{pk}}/take-up": rule(
        MEDIATION, "dispute:zj-accepted", "dispute:pt", only=frozenset({"zj_centre"})
    ),
    f"POST {A}/disputes/{{pk}}/sessions": rule(MEDIATION, *MEDIATING),
    f"POST {A}/disputes/{{pk}}/extend": rule(MEDIATION, *MEDIATING),
    f"POST {A}/disputes/{{pk}}/suspend": rule(MEDIATION, *MEDIATING),
    f"POST {A}/disputes/{{pk}}/resume": rule(MEDIATION, "dispute:zj-suspended"),
    f"POST {A}/disputes/{{pk}}/settle": rule(MEDIATION, *MEDIATING),
    f"POST {A}/disputes/{{pk}}/items/{{item_id}}/payments": rule(
        MEDIATION, "dispute:zj-settled", "dispute:pt@foreign"
    ),
    f"POST {A}/disputes/{{pk}}/payment-order": rule(MEDIATION, "dispute:zj-defaulted"),
    f"POST {A}/disputes/{{pk}}/arbitral-review": rule(MEDIATION, "dispute:zj-settled"),
    f"POST {A}/disputes/{{pk}}/judicial-confirmation": rule(MEDIATION, "dispute:zj-settled"),
    # the court's or the commission's answer: as a suit's judgment, either side's staff may record it
    f"POST {A}/disputes/{{pk}}/follow-ups/{{follow_up_id}}/result": rule(
        COURT, "dispute:zj-confirming", "dispute:pt@foreign"
    ),
    f"POST {A}/disputes/{{pk}}/fail": rule(MEDIATION, *MEDIATING),
    f"POST {A}/disputes/{{pk}}/default": rule(MEDIATION, "dispute:zj-settled"),
    f"POST {A}/disputes/{{pk}}/withdraw": rule(MEDIATION, *DISPUTES),
    f"POST {A}/disputes/{{pk}}/arbitration": rule(MEDIATION, "dispute:zj-failed"),
    f"POST {A}/disputes/{{pk}}/arbitration/accept": rule(ARBITRATION, "dispute:zj-arbitration-applied"),
    f"POST {A}/disputes/{{pk}}/arbitration/hearings": rule(ARBITRATION, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/refuse": rule(ARBITRATION, "dispute:zj-arbitration-applied"),
    f"POST {A}/disputes/{{pk}}/arbitration/tribunal": rule(ARBITRATION, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/recusals": rule(ARBITRATION, "dispute:zj-tribunal"),
    f"POST {A}/disputes/{{pk}}/arbitration/recusals/{{recusal_id}}/decision": rule(
        COMMISSION_HEAD, "dispute:zj-tribunal", "dispute:pt@foreign"
    ),
    f"GET {A}/disputes/arbitration/rooms": rule(),
    # 仲裁庭室 (disputes/api/rooms.py): the pages' rule; a room is added to the caller's own commission
    f"GET {A}/disputes/arbitration/rooms/managed": rule(ADMINS, only=ROOM_KEEPERS),
    f"POST {A}/disputes/arbitration/rooms": rule(ADMINS, only=ROOM_KEEPERS, status=201),
    f"GET {A}/disputes/arbitration/rooms/{{pk}}": rule(ADMINS, "room:zj"),
    f"PUT {A}/disputes/arbitration/rooms/{{pk}}": rule(ADMINS, "room:zj"),
    f"POST {A}/disputes/arbitration/rooms/{{pk}}/disable": rule(ADMINS, "room:zj"),
    f"POST {A}/disputes/arbitration/rooms/{{pk}}/enable": rule(ADMINS, "room:zj"),
    # webhooks (webhooks/api.py): any account subscribes; an endpoint and its log are its owner's only
    f"GET {A}/webhooks/events": rule(),
    f"GET {A}/webhooks/endpoints": rule(),
    f"POST {A}/webhooks/endpoints": rule(status=201),
    f"GET {A}/webhooks/endpoints/{{pk}}": rule(ANY_SIGNED_IN, "webhook:zj"),
    f"PATCH {A}/webhooks/endpoints/{{pk}}": rule(ANY_SIGNED_IN, "webhook:zj"),
    f"DELETE {A}/webhooks/endpoints/{{pk}}": rule(ANY_SIGNED_IN, "webhook:zj", status=204),
    f"POST {A}/webhooks/endpoints/{{pk}}/rotate-secret": rule(ANY_SIGNED_IN, "webhook:zj"),
    f"POST {A}/webhooks/endpoints/{{pk}}/pause": rule(ANY_SIGNED_IN, "webhook:zj"),
    f"POST {A}/webhooks/endpoints/{{pk}}/resume": rule(ANY_SIGNED_IN, "webhook:zj"),
    f"GET {A}/webhooks/endpoints/{{pk}}/deliveries": rule(ANY_SIGNED_IN, "webhook:zj"),
    f"GET {A}/webhooks/endpoints/{{pk}}/deliveries/{{delivery}}": rule(ANY_SIGNED_IN, "webhook-delivery:zj"),
    f"POST {A}/webhooks/endpoints/{{pk}}/deliveries/{{delivery}}/replay": rule(
        ANY_SIGNED_IN, "webhook-delivery:zj"
    ),
    f"POST {A}/disputes/{{pk}}/arbitration/extend": rule(ARBITRATION, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/recounts": rule(ARBITRATION, "dispute:zj-arbitration"),
    # 办案规则 第四十七条: a suspension is the commission director's to approve (pd_head, as a recusal)
    f"POST {A}/disputes/{{pk}}/arbitration/suspensions": rule(COMMISSION_HEAD, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/resume": rule(ARBITRATION, "dispute:zj-hearing-suspended"),
    f"POST {A}/disputes/{{pk}}/arbitration/limitation": rule(ARBITRATION, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/limitation/breaks": rule(ARBITRATION, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/award": rule(ARBITRATION, "dispute:zj-arbitration"),
    f"POST {A}/disputes/{{pk}}/arbitration/service": rule(ARBITRATION, "dispute:zj-awarded"),
    f"POST {A}/disputes/{{pk}}/arbitration/revocation": rule(COURT, "dispute:zj-served"),
    f"POST {A}/disputes/{{pk}}/arbitration/revocation/ruling": rule(COURT, "dispute:zj-petitioned"),
    f"POST {A}/disputes/{{pk}}/suit": rule(COURT, "dispute:zj-served"),
    f"POST {A}/disputes/{{pk}}/judgment": rule(COURT, "dispute:zj-sued"),
    f"POST {A}/disputes/{{pk}}/close": rule(COURT, "dispute:zj-lapsed"),
    f"POST {A}/disputes/{{pk}}/reopen-tracking": rule(COURT, "dispute:zj-tracking-locked"),
    f"POST {A}/disputes/{{pk}}/representatives": rule(COURT, "dispute:zj-collective"),
    # inspection
    f"GET {A}/inspection": rule(),
    f"GET {A}/inspection/export": rule(EXPORT),
    # registering at 奉贤's brigade: only inspection staff whose scope covers it
    f"POST {A}/inspection": rule(
        REPORTING, only=frozenset({"fx_admin", "fx_inspector", "fx_grid"}), status=201
    ),
    f"GET {A}/inspection/queue": rule(),
    f"GET {A}/inspection/{{pk}}": rule(ANY_SIGNED_IN, *FX),
    f"GET {A}/inspection/{{pk}}/events": rule(ANY_SIGNED_IN, *FX),
    f"GET {A}/inspection/{{pk}}/documents": rule(ANY_SIGNED_IN, *FX),
    f"GET {A}/inspection/{{pk}}/documents/{{document_kind}}/{{subject_id}}": rule(
        ANY_SIGNED_IN, "inspection:fx", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/accept": rule(INSPECTION, "inspection:fx-new", "inspection:pt"),
    f"POST {A}/inspection/{{pk}}/reports/{{report_id}}/refuse": rule(
        INSPECTION, "inspection:fx-new", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/reports/{{report_id}}/reporter": rule(
        INSPECTION, "inspection:fx", "inspection:pt@foreign", only=frozenset({"fx_inspector"})
    ),
    f"POST {A}/inspection/{{pk}}/inspectors": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/records": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/extend": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/orders": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/orders/{{doc_id}}/service": rule(
        INSPECTION, "inspection:fx-unserved", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/orders/{{doc_id}}/compliance": rule(
        INSPECTION, "inspection:fx", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/statements": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/decisions": rule(INSPECTION, *HEARD),
    f"POST {A}/inspection/{{pk}}/decisions/{{doc_id}}/service": rule(
        INSPECTION, "inspection:fx-unserved", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/decisions/{{doc_id}}/compliance": rule(
        INSPECTION, "inspection:fx", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/meetings": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/site-checks": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/meeting-tasks/{{task_id}}/done": rule(
        INSPECTION, "inspection:fx", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/claims": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/payments": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/advances": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/advances/{{advance_id}}/repayments": rule(
        INSPECTION, "inspection:fx", "inspection:pt@foreign"
    ),
    f"GET {A}/inspection/{{pk}}/claims/{{claim_id}}": rule(
        ANY_SIGNED_IN, "handover:fx", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/claims/{{claim_id}}/mediation": rule(
        CLAIM_MEDIATION, "handover:fx", "inspection:pt@foreign", only=CENTRE_MEDIATORS
    ),
    f"POST {A}/inspection/{{pk}}/claims/{{claim_id}}/arbitration": rule(
        CLAIM_ARBITRATION, "handover:fx", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/police-transfer": rule(INSPECTION, *HEARD),
    f"POST {A}/inspection/{{pk}}/dishonest-listing": rule(INSPECTION, *HEARD),
    f"POST {A}/inspection/{{pk}}/dishonest-notice": rule(INSPECTION, "inspection:fx-unmet"),
    f"POST {A}/inspection/{{pk}}/dishonest-listing/removal": rule(INSPECTION, "inspection:fx-listed"),
    f"POST {A}/inspection/{{pk}}/penalty-notices": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/penalty-notices/hearing-request": rule(
        INSPECTION, "inspection:fx-hearing-offered"
    ),
    f"POST {A}/inspection/{{pk}}/penalty-notices/hearing": rule(
        INSPECTION, "inspection:fx-hearing-requested"
    ),
    f"POST {A}/inspection/{{pk}}/penalties": rule(INSPECTION, "inspection:fx-noticed"),
    f"POST {A}/inspection/{{pk}}/penalties/{{doc_id}}/service": rule(
        INSPECTION, "inspection:fx-penalised", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/penalties/{{doc_id}}/compliance": rule(
        INSPECTION, "inspection:fx-penalised", "inspection:pt@foreign"
    ),
    f"POST {A}/inspection/{{pk}}/close": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/revoke": rule(INSPECTION, *INVESTIGATING),
    f"POST {A}/inspection/{{pk}}/reopen-tracking": rule(INSPECTION, "inspection:fx-tracking-locked"),
    # the public service (portal/api.py): anyone, with no credentials at all. The matrix's generated bodies
    # are refused by the portal's checks (422, nothing written) and its number names no case (404): each is
    # reached without a login; applying, tracking and adding evidence for real are tests/portal/test_public_api.py
    f"GET {A}/public/options": rule(PUBLIC),
    f"POST {A}/public/applications": rule(PUBLIC, status=422),
    f"POST {A}/public/reports": rule(PUBLIC, status=422),
    f"POST {A}/public/track": rule(PUBLIC, status=404),
    f"POST {A}/public/evidence": rule(PUBLIC, status=422),
}
