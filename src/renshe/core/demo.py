"""The demo world: the organisations and people of the three stories, plus synthetic enterprises and
people with valid numbers. Used by `load_demo` and by tests that want a realistic network."""

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from faker import Faker

from . import reference, services
from .models import DictionaryEntry, Enterprise, Industry, Organisation, Person, Region, StatutoryAmount, User
from .models import OrganisationKind as K
from .reference import amounts
from .roles import Capability, DataScope, Role
from .synthetic import citizen_id, credit_code, mobile

DEMO_PASSWORD = "renshe-demo-2026"  # noqa: S105 - printed for demo logins, never used outside the demo


# Modules add their own demo records: each callable gets the built world and the seeded random generator.
EXTENSIONS: list = []


@dataclass
class DemoWorld:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


# (key, name, kind, parent key, case prefix)
NETWORK = [
    ("sh", "上海市人力资源和社会保障局", K.MUNICIPAL_BUREAU, None, ""),
    ("pt", "普陀区人力资源和社会保障局", K.BUREAU, "sh", "普人社"),
    ("pt_relations", "普陀区人社局劳动关系科", K.DEPARTMENT, "pt", ""),
    ("pt_skills", "普陀区人社局职业能力建设科", K.DEPARTMENT, "pt", ""),
    ("pt_brigade", "普陀区劳动保障监察大队", K.INSPECTION_BRIGADE, "pt", "普人社监"),
    ("pd", "浦东新区人力资源和社会保障局", K.BUREAU, "sh", "浦人社"),
    ("pd_arbitration", "浦东新区劳动人事争议仲裁委员会", K.ARBITRATION_COMMISSION, "pd", "浦劳人仲"),
    ("zj_tribunal", "科创仲裁庭", K.ARBITRATION_COMMISSION, "pd_arbitration", "浦劳人仲(张江)"),
    ("fx", "奉贤区人力资源和社会保障局", K.BUREAU, "sh", "奉人社"),
    ("fx_brigade", "奉贤区劳动保障监察大队", K.INSPECTION_BRIGADE, "fx", "奉人社监"),
    ("fx_arbitration", "奉贤区劳动人事争议仲裁委员会", K.ARBITRATION_COMMISSION, "fx", "奉劳人仲"),
]
ZHANGJIANG_VILLAGES = [
    "环东村",
    "新丰村",
    "沔北村",
    "中心村",
    "长元村",
    "孙桥村",
    "江丰居民区",
    "汤臣豪园居民区",
]
FENGXIAN_GRIDS = [
    "南桥网格",
    "奉城网格",
    "庄行网格",
    "金汇网格",
    "四团网格",
    "青村网格",
    "柘林网格",
    "海湾网格",
]
# Zhangjiang science city: mostly medium and large firms, about fifty of them with their own committee
ZHANGJIANG_ENTERPRISES = 100
ZHANGJIANG_SIZES = ["large", "medium", "medium", "small"]
SIZES = ["large", "medium", "medium", "small", "small", "micro"]
DISTRICT_OF = {"310107": "pt", "310115": "pd", "310120": "fx"}

# (username, full name, org key, role, scope or "", what to look at)
USERS = [
    ("pt_leader", "王建国", "pt", Role.BUREAU_LEADER, "", "普陀区局领导：全区数据"),
    ("pt_admin", "李敏", "pt", Role.DEPARTMENT_ADMIN, "", "普陀区管理员：待办中有节假日确认、证件核实"),
    ("pd_admin", "陈静", "pd", Role.DEPARTMENT_ADMIN, "", "浦东新区管理员"),
    ("fx_admin", "周洁", "fx", Role.DEPARTMENT_ADMIN, "", "奉贤区管理员"),
    (
        "zj_centre",
        "张志明",
        "zj_centre",
        Role.MEDIATOR,
        DataScope.SUBTREE,
        "张江调解中心调解员：中心及“X”组织",
    ),
    ("zj_lead", "林主任", "zj_centre", Role.DEPARTMENT_ADMIN, "", "张江调解中心负责人：集体争议、统计"),
    ("zj_studio", "刘德华", "zj_studio", Role.MEDIATOR, "", "江心听语工作室调解员（退休法官）"),
    ("zj_village", "钱秀兰", "village:环东村", Role.MEDIATOR, "", "环东村调解室调解员（“X”组织）"),
    ("zj_arbitrator", "宋仲裁", "zj_tribunal", Role.ARBITRATOR, "", "科创仲裁庭仲裁员：仲裁工作台、开庭日历"),
    # with zj_arbitrator, the three arbitrators a 合议庭 needs (劳动争议调解仲裁法 第三十一条)
    ("zj_arbitrator2", "许公正", "zj_tribunal", Role.ARBITRATOR, "", "科创仲裁庭仲裁员（合议庭成员）"),
    ("pd_arbitrator", "唐明理", "pd_arbitration", Role.ARBITRATOR, "", "浦东新区仲裁委仲裁员"),
    # 劳动人事争议仲裁办案规则 第十二条: the director (here the district bureau's head) decides recusals
    ("pd_head", "顾正言", "pd_arbitration", Role.BUREAU_LEADER, "", "浦东新区仲裁委主任：决定仲裁员回避"),
    ("pt_caoyang", "赵丽", "street:310107005", Role.MEDIATOR, "", "曹杨新村街道调解员：仅本街道"),
    ("pt_changfeng", "孙强", "street:310107014", Role.MEDIATOR, "", "长风新村街道调解员：仅本街道"),
    ("fx_inspector", "吴刚", "fx_brigade", Role.INSPECTOR, "", "奉贤区监察大队监察员"),
    # 《劳动保障监察条例》第十六条: every inquiry and site inspection needs at least two inspectors
    ("fx_inspector2", "陈立", "fx_brigade", Role.INSPECTOR, "", "奉贤区监察大队监察员（第二名）"),
    ("fx_mediator", "沈红", "fx_centre", Role.MEDIATOR, "", "南桥镇劳动争议调解中心调解员"),
    ("fx_grid", "郑芳", "grid:南桥网格", Role.GRID_OFFICER, "", "南桥网格员"),
    ("pt_talent", "冯晓", "pt_skills", Role.TALENT_OFFICER, "", "普陀区技能人才工作人员"),
    ("pt_expert", "何教授", "pt_skills", Role.EXPERT_REVIEWER, "", "评审专家：仅本人事项"),
]

# the capabilities of an office (roles.APPOINTED) a demo user holds besides the role's
OFFICES = {"pd_head": [Capability.DECIDE_RECUSAL]}


def logins() -> list[tuple[str, str, str]]:
    """(username, name, what to look at) for every demo user, as load_demo prints them."""
    return [("admin", "系统管理员", "全部数据、系统管理")] + [
        (u, name, note) for u, name, *_rest, note in USERS
    ]


def _org(
    world: DemoWorld,
    key: str,
    name: str,
    kind: str,
    parent: str | None,
    prefix: str = "",
    region: Region | None = None,
) -> Organisation:
    org = services.create_organisation(
        name=name,
        kind=kind,
        parent=world.orgs[parent] if parent else None,
        case_prefix=prefix,
        short_name=name.replace("人力资源和社会保障局", "人社局"),
        region=region,
    )
    world.orgs[key] = org
    return org


def build_network(world: DemoWorld, rng: random.Random, fake: Faker) -> None:
    for key, name, kind, parent, prefix in NETWORK:
        _org(world, key, name, kind, parent, prefix)
    for region in Region.objects.filter(code__regex=r"^\d{9}$").select_related("parent").order_by("code"):
        district = DISTRICT_OF.get(region.parent.code)
        if district:
            _org(world, f"street:{region.code}", region.name, K.STREET, district, region.name[:2], region)
    # Zhangjiang's "1+1+X": the town's mediation centre, its studio of retired judges, village mediation
    # rooms and about fifty enterprise mediation committees, all coordinated by the centre.
    _org(world, "zj_centre", "张江镇劳动争议调解中心", K.MEDIATION_CENTRE, "street:310115125", "张江调")
    _org(world, "zj_studio", "“江心听语”调解工作室", K.MEDIATION_STUDIO, "zj_centre", "江心调")
    for village in ZHANGJIANG_VILLAGES:
        _org(world, f"village:{village}", f"{village}劳动争议调解室", K.VILLAGE, "zj_centre")
    # the Fengxian story's workers sign their mediation agreements with the town's centre
    _org(world, "fx_centre", "南桥镇劳动争议调解中心", K.MEDIATION_CENTRE, "street:310120101", "南桥调")
    # 普陀: the mediation centre of 曹杨新村街道, where the district's demo disputes are registered
    _org(world, "pt_centre", "曹杨新村街道劳动争议调解中心", K.MEDIATION_CENTRE, "street:310107005", "曹杨调")
    # and the district's own centre, which refers what it receives to the streets' mediation bodies
    _org(world, "pt_district_centre", "普陀区劳动人事争议调解中心", K.MEDIATION_CENTRE, "pt", "普调")
    for grid in FENGXIAN_GRIDS:
        _org(world, f"grid:{grid}", f"奉贤区{grid}", K.GRID, "fx_brigade")


def build_users(world: DemoWorld) -> None:
    admin = User.objects.create_superuser("admin", password=DEMO_PASSWORD, full_name="系统管理员")
    world.users["admin"] = admin
    for username, full_name, org_key, role, scope, _note in USERS:
        user = User.objects.create_user(
            username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            organisation=world.orgs[org_key],
            role=role,
            data_scope=scope,
            is_staff=role == Role.DEPARTMENT_ADMIN,
            granted_capabilities=list(OFFICES.get(username, ())),
        )
        world.users[username] = user
    _grant_admin_dictionaries([u for u in world.users.values() if u.role == Role.DEPARTMENT_ADMIN])


def _grant_admin_dictionaries(admins: list[User]) -> None:
    """Department administrators edit the code lists and the calendar in the admin site."""
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(
        content_type__app_label="core",
        content_type__model__in=[
            "region",
            "industry",
            "dictionaryentry",
            "calendaroverride",
            "holidayschedule",
        ],
    )
    for admin in admins:
        admin.user_permissions.add(*perms)


def build_enterprises(world: DemoWorld, rng: random.Random, fake: Faker, count: int) -> list[Enterprise]:
    divisions = list(Industry.objects.filter(parent__isnull=False).values_list("code", flat=True))
    manufacturing = [d for d in divisions if 13 <= int(d) <= 43] + ["64", "65", "73"]
    streets = [o for k, o in world.orgs.items() if k.startswith("street:")]
    zhangjiang = world.orgs["street:310115125"]
    creator = world.users["admin"]
    made = []
    for i in range(count):
        in_zhangjiang = i < ZHANGJIANG_ENTERPRISES
        street = zhangjiang if in_zhangjiang else rng.choice(streets)
        district_code = street.region.parent.code if street.region_id else "310107"
        name = fake.unique.company()
        enterprise = services.register_enterprise(
            by=creator,
            credit_code=credit_code(100000 + i, district_code),
            data=services.EnterpriseInput(
                name=name,
                industry=rng.choice(manufacturing if in_zhangjiang else divisions),
                street=street.pk,
                size=rng.choice(ZHANGJIANG_SIZES if in_zhangjiang else SIZES),
                legal_representative=fake.name(),
                address=f"{street.name}{fake.street_address()}",
                contact_phone=mobile(rng),
                employee_count=rng.randrange(8, 3000),
            ),
        )
        made.append(enterprise)
    # the story's fifty-odd enterprise mediation committees in Zhangjiang's medium and large firms
    for enterprise in [e for e in made[:ZHANGJIANG_ENTERPRISES] if e.size in ("large", "medium")][:50]:
        _org(
            world,
            f"committee:{enterprise.pk}",
            f"{enterprise.name}劳动争议调解委员会",
            K.ENTERPRISE_COMMITTEE,
            "zj_centre",
        )
    # the Fengxian story's manufacturer, owing five months of wages in 2021
    story = services.register_enterprise(
        by=creator,
        credit_code=credit_code(99001, "310120"),
        data=services.EnterpriseInput(
            name="上海某道具制造有限公司",
            industry="21",
            street=world.orgs["street:310120101"].pk,
            size="small",
            legal_representative="钱某",
            address="奉贤区南桥镇某经济园区",
            employee_count=86,
        ),
    )
    made.append(story)
    return made


def build_people(world: DemoWorld, rng: random.Random, fake: Faker, count: int) -> list[Person]:
    registrars = [
        world.users[u] for u in ("zj_centre", "zj_studio", "pt_caoyang", "pt_changfeng", "fx_inspector")
    ]
    people = []
    for _ in range(count):
        by = rng.choice(registrars)
        people.append(
            services.register_person(
                by=by,
                id_number=citizen_id(rng),
                name=fake.name(),
                phone=mobile(rng),
                address=fake.address(),
            )
        )
    # Two real-world cases: born in 崇明 before its code 310230 (崇明县, 1982–2016) existed, as many were.
    # Accepted, flagged, and put on the administrators' workbench for checking.
    for name, born in (("黄秀英", date(1968, 3, 14)), ("马建军", date(1975, 9, 2))):
        people.append(
            services.register_person(
                by=world.users["pt_admin"],
                id_number=citizen_id(rng, area="310230", birth=born),
                name=name,
                phone=mobile(rng),
            )
        )
    return people


@transaction.atomic
def build(*, enterprises: int = 300, people: int = 200, seed: int = 2026) -> DemoWorld:
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    Faker.seed(seed)
    world = DemoWorld()
    reference.load(Industry, Region, DictionaryEntry)  # gone after a test database flush
    amounts.load(StatutoryAmount)  # the same
    build_network(world, rng, fake)
    build_users(world)
    build_enterprises(world, rng, fake, enterprises)
    build_people(world, rng, fake, people)
    # the State Council publishes next year's schedule in late autumn; until someone enters it, every
    # bureau's administrators see the task
    services.ensure_schedule_confirmation_task(timezone.localdate().year + 1)
    for extend in EXTENSIONS:
        extend(world, rng)
    return world
