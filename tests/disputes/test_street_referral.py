"""普陀's district centre (区劳动人事争议调解中心) refers what it receives to the streets' mediation bodies
(劳动争议调解仲裁法 第十条第一款第三项): a street of its own district takes the case up with its mediator,
who mediates it from their workbench. A centre refers only within its network: a town's or a street's centre
to the organisations under it, a district's centre to its district's streets as well."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.core.casework import version_of
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.selectors import work_items_for
from renshe.core.synthetic import citizen_id, credit_code
from renshe.disputes import services
from renshe.disputes.models import DisputeCase, Referral
from renshe.disputes.services import ApplicantInput, ClaimInput, RespondentInput

CAOYANG, CHANGFENG = "street:310107005", "street:310107014"


@pytest.fixture
def accepted(world):
    import random

    rng = random.Random(7)

    def _accepted(centre: str = "pt_district_centre", by: str = "pt_admin"):
        case, _code = services.apply_for_mediation(
            by=world.users[by],
            channel="counter",
            centre=world.orgs[centre],
            applicants=[ApplicantInput(citizen_id(rng), "申请人", representative=True)],
            respondent=RespondentInput(
                credit_code=credit_code(77001, "310107"),
                name="上海曹杨某餐饮有限公司",
                street_id=world.orgs[CAOYANG].pk,
            ),
            claims=[ClaimInput("unpaid_wages", Decimal("9600.00"))],
            facts="用人单位拖欠两个月工资，多次催讨未果。",
            case_type="remuneration",
            received_on=timezone.localdate() - timedelta(days=1),
        )
        return services.accept_dispute(case, by=world.users[by], version=case.version)

    return _accepted


def test_the_district_centre_refers_to_a_street_whose_mediator_takes_it_up(world, accepted, login):
    u, o = world.users, world.orgs
    case = accepted()
    offered = login("pt_admin").get(f"/disputes/{case.pk}/").content.decode()
    assert "曹杨新村街道" in offered and "长风新村街道" in offered and "张江镇" not in offered
    case = services.refer_dispute(case, by=u["pt_admin"], to=o[CAOYANG], version=case.version)
    assert case.organisation == o[CAOYANG] and case.received_by == o["pt_district_centre"]
    take_up = work_items_for(u["pt_caoyang"]).get(kind="dispute.take_up")
    assert case.number in take_up.title
    assert not work_items_for(u["pt_changfeng"]).filter(kind="dispute.take_up").exists()
    with pytest.raises(PermissionDenied):  # the other street's mediator
        services.take_up_dispute(
            case, by=u["pt_changfeng"], mediators=[u["pt_changfeng"]], version=case.version
        )
    case = services.take_up_dispute(
        case, by=u["pt_caoyang"], mediators=[u["pt_caoyang"]], version=case.version
    )
    mediate = work_items_for(u["pt_caoyang"]).get(kind="dispute.mediate")
    assert mediate.assignee == u["pt_caoyang"] and mediate.due_on == case.mediation_due_on
    queue = login("pt_caoyang").get("/disputes/queue/").content.decode()
    assert case.number in queue
    assert login("pt_changfeng").get(f"/disputes/{case.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("centre", "to"),
    [
        ("pt_district_centre", "street:310115125"),  # another district's town
        ("pt_district_centre", "pt_brigade"),  # not a mediating organisation
        ("pt_centre", CHANGFENG),  # a street's centre reaches only what lies under it
        ("zj_centre", CAOYANG),
    ],
)
def test_a_centre_refers_only_within_its_network(world, accepted, centre, to):
    by = "zj_centre" if centre == "zj_centre" else "pt_admin"
    case = accepted(centre=centre, by=by)
    with pytest.raises(ValidationFailed) as error:
        services.refer_dispute(case, by=world.users[by], to=world.orgs[to], version=version_of(case))
    assert error.value.field == "to"
    case = DisputeCase.objects.get(pk=case.pk)
    assert case.organisation.pk == world.orgs[centre].pk and not Referral.objects.filter(case=case).exists()
