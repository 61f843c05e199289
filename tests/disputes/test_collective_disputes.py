"""Collective disputes: ten or more workers with a common claim (劳动争议调解仲裁法 第七条), their elected
representatives (劳动人事争议仲裁办案规则 第六十三条, three to five), priority filing and hearing at the commission
(办案规则 第五条) and a tribunal of three, never a sole arbitrator (劳动人事争议仲裁组织规则; 调解仲裁法 第三十一条)."""

import random

import pytest
from django.utils import timezone

from renshe.core import law
from renshe.core.errors import PermissionDenied, ValidationFailed
from renshe.core.models import Event, WorkItem
from renshe.core.subjects import subject_of
from renshe.core.synthetic import citizen_id
from renshe.disputes import selectors, services
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ApplicantInput
from tests import builders

T = timezone.localdate
BASE = "/api/v1/disputes"


def _workers(count: int, representatives: int, seed: int = 7) -> list[ApplicantInput]:
    rng = random.Random(seed)
    return [
        ApplicantInput(citizen_id(rng), f"工人{i}", representative=i < representatives) for i in range(count)
    ]


def _raised(case: DisputeCase) -> bool:
    """Whether the case went to the centre's leaders as a collective dispute."""
    return WorkItem.objects.filter(**subject_of(case), kind="dispute.collective").exists()


# --- what a collective dispute is (第七条) ---------------------------------------------------------------


def test_nine_workers_with_a_common_claim_are_not_a_collective_dispute(world, apply):
    """第七条: 劳动者一方在十人以上 — nine, one short, are not; they need elect no representatives."""
    case, _code = apply(applicants=_workers(9, 0), common_claim=True)
    assert case.common_claim and not case.collective and not _raised(case)


def test_ten_workers_with_a_common_claim_are_a_collective_dispute(world, apply):
    """第七条: ten workers, the first number the article counts, with a common claim."""
    case, _code = apply(applicants=_workers(10, 3), common_claim=True)
    assert case.collective and case.common_claim and case.worker_count == 10 and _raised(case)


def test_ten_workers_without_a_common_claim_are_not_a_collective_dispute(world, apply):
    """第七条: 并有共同请求 — ten workers whose claims differ are ten disputes' worth, not a collective one."""
    case, _code = apply(applicants=_workers(10, 0), common_claim=False)
    assert not case.collective and not _raised(case)


def test_the_database_refuses_a_collective_flag_the_rule_does_not_give(world, apply):
    """The invariant of 第七条 held in the table: collective exactly when ten or more with a common claim."""
    from django.db import IntegrityError, transaction

    case, _code = apply(applicants=_workers(9, 0), common_claim=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisputeCase.objects.filter(pk=case.pk).update(collective=True)


# --- representatives (办案规则 第六十三条: 三至五名) ---------------------------------------------------------


@pytest.mark.parametrize(("representatives", "allowed"), [(2, False), (3, True), (5, True), (6, False)])
def test_a_collective_dispute_elects_three_to_five_representatives(world, apply, representatives, allowed):
    """办案规则 第六十三条: 可以推举三至五名代表 — two and six refused, three and five (the edges) taken."""
    applicants = _workers(12, representatives)
    if allowed:
        case, _code = apply(applicants=applicants, common_claim=True)
        assert case.applicants.filter(representative=True).count() == representatives
        return
    before = DisputeCase.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        apply(applicants=applicants, common_claim=True)
    assert refused.value.field == "applicants" and "3至5名代表人" in str(refused.value.message)
    assert DisputeCase.objects.count() == before


def test_the_number_of_representatives_is_a_local_setting(world, apply, settings):
    """The 3–5 of 第六十三条 is from secondary sources only: settings.RENSHE_COLLECTIVE_REPRESENTATIVES."""
    settings.RENSHE_COLLECTIVE_REPRESENTATIVES = (1, 2)
    case, _code = apply(applicants=_workers(10, 2), common_claim=True)
    assert case.collective
    with pytest.raises(ValidationFailed):
        apply(applicants=_workers(10, 3, seed=8), common_claim=True)


def test_the_workers_elect_other_representatives(world, apply):
    """第七条: the representatives are the workers' choice; a new election replaces them, on the timeline."""
    case, _code = apply(workers=10)
    ids = list(case.applicants.order_by("id").values_list("pk", flat=True))
    case = services.change_representatives(
        case,
        by=world.users["zj_centre"],
        representatives=ids[5:10],
        note="2026年12月7日全体申请人会议重新推举",
        version=case.version,
    )
    assert set(case.applicants.filter(representative=True).values_list("pk", flat=True)) == set(ids[5:10])
    event = Event.objects.get(subject_id=case.pk, verb="dispute.representatives")
    assert "工人5、工人6、工人7、工人8、工人9" in event.summary and "第六十三条" in event.summary


@pytest.mark.parametrize("count", [2, 6])
def test_other_representatives_are_still_three_to_five(world, apply, count):
    """办案规则 第六十三条: the edges again, one under and one over."""
    case, _code = apply(workers=10)
    ids = list(case.applicants.order_by("id").values_list("pk", flat=True))
    with pytest.raises(ValidationFailed) as refused:
        services.change_representatives(
            case,
            by=world.users["zj_centre"],
            representatives=ids[:count],
            note="重新推举",
            version=case.version,
        )
    assert refused.value.field == "representatives"
    assert case.applicants.filter(representative=True).count() == 3


def test_a_representative_is_one_of_the_case_applicants(world, apply):
    case, _code = apply(workers=10)
    other, _code = apply(workers=1)
    ids = list(case.applicants.order_by("id").values_list("pk", flat=True)[3:5])
    with pytest.raises(ValidationFailed) as refused:
        services.change_representatives(
            case,
            by=world.users["zj_centre"],
            representatives=[*ids, other.applicants.get().pk],
            note="重新推举",
            version=case.version,
        )
    assert refused.value.field == "representatives"


def test_only_a_collective_dispute_has_representatives(world, apply):
    """第七条: representatives belong to a collective dispute; one worker's case has none to change."""
    case, _code = apply(workers=1)
    with pytest.raises(PermissionDenied):
        services.change_representatives(
            case,
            by=world.users["zj_centre"],
            representatives=[case.applicants.get().pk],
            note="重新推举",
            version=case.version,
        )


def test_the_case_page_shows_the_representatives_and_offers_to_change_them(world, login, apply):
    group, _code = apply(workers=10)
    single, _code = apply(workers=1)
    client = login("zj_centre")
    page = client.get(f"/disputes/{group.pk}/").content.decode()
    assert 'data-testid="collective"' in page and page.count('data-testid="representative"') == 3
    assert "变更代表人" in page and str(law.COLLECTIVE_DISPUTE_CITATION) in page
    page = client.get(f"/disputes/{single.pk}/").content.decode()
    assert "变更代表人" not in page and 'data-testid="representative"' not in page


def test_an_application_over_the_api_declares_its_common_claim(world, api, zhangjiang_firm):
    """第七条 over the API: ten applicants, three representatives, claims common to all."""
    rng = random.Random(5)
    body = {
        "applicants": [
            {"id_number": citizen_id(rng), "name": f"工人{i}", "representative": i < 3} for i in range(10)
        ],
        "respondent": {"enterprise_id": zhangjiang_firm.pk},
        "claims": [{"claim_type": "unpaid_wages", "amount": "180000.00"}],
        "facts": "公司拖欠十名员工2026年10月至11月工资。",
        "case_type": "remuneration",
        "common_claim": True,
    }
    client = api("zj_centre")
    created = client.post(BASE, body, content_type="application/json")
    assert created.status_code == 201, created.content.decode()
    case = client.get(f"{BASE}/{created.json()['id']}").json()
    assert case["collective"] and case["common_claim"]
    assert sum(a["representative"] for a in case["applicants"]) == 3


# --- priority at the commission (办案规则 第五条: 优先立案、优先审理) ------------------------------------------


@pytest.mark.clock  # the periods the queues are otherwise ordered by roll past rest days
def test_collective_disputes_come_first_in_the_commissions_queues(world, login):
    """办案规则 第五条: a collective dispute applied for later (due later) is still examined and heard first."""
    single = builders.in_arbitration(world, 31, applied_days_ago=4)
    group = builders.in_arbitration(world, 32, applied_days_ago=1, workers=10)
    heard_single = builders.in_arbitration(world, 33, applied_days_ago=30, accepted_days_ago=28)
    heard_group = builders.in_arbitration(world, 34, applied_days_ago=5, accepted_days_ago=3, workers=10)
    arbitrator = world.users["zj_arbitrator"]
    work = selectors.arbitration_workspace(arbitrator, T(), timezone.now())
    ours = {single.pk, group.pk, heard_single.pk, heard_group.pk}
    assert [d.arbitration.case_id for d in work.to_accept if d.arbitration.case_id in ours] == [
        group.pk,
        single.pk,
    ]
    assert [d.arbitration.case_id for d in work.awards_due if d.arbitration.case_id in ours] == [
        heard_group.pk,
        heard_single.pk,
    ]
    schedulable = [c.pk for c in selectors.schedulable_cases(arbitrator) if c.pk in ours]
    assert schedulable == [heard_group.pk, heard_single.pk]
    page = login("zj_arbitrator").get("/disputes/arbitration/").content.decode()
    assert page.count('data-testid="priority"') >= 2 and str(law.COLLECTIVE_PRIORITY_CITATION) in page


def test_a_collective_disputes_acceptance_task_is_flagged_priority(world):
    """办案规则 第五条: the arbitrators see the acceptance of a collective dispute marked 集体·优先."""
    group = builders.in_arbitration(world, 35, applied_days_ago=1, workers=10)
    single = builders.in_arbitration(world, 36, applied_days_ago=1)
    titles = {
        case.pk: WorkItem.objects.get(**subject_of(case), kind="arbitration.accept").title
        for case in (group, single)
    }
    assert titles[group.pk] == f"【集体·优先】仲裁受理审查：{group.arbitration.number}"
    assert titles[single.pk] == f"仲裁受理审查：{single.arbitration.number}"


# --- a tribunal of three -------------------------------------------------------------------------------


def _compose(world, case, tribunal: str, names: tuple[str, ...]):
    u = world.users
    return services.compose_tribunal(
        case,
        by=u["zj_arbitrator"],
        tribunal=tribunal,
        arbitrators=[u[n] for n in names],
        presiding=u[names[0]],
        version=case.version,
    )


def test_a_collective_dispute_has_no_sole_arbitrator(world):
    """第三十一条 allows a sole arbitrator for a simple case; 组织规则: 十人以上并有共同请求的 by three."""
    case = builders.in_arbitration(world, 41, applied_days_ago=4, accepted_days_ago=2, workers=10)
    with pytest.raises(ValidationFailed) as refused:
        _compose(world, case, "sole", ("zj_arbitrator",))
    assert refused.value.field == "tribunal" and "不得独任仲裁" in str(refused.value.message)
    assert _compose(world, case, "panel", builders.PANEL).tribunal == "panel"


def test_nine_workers_may_have_a_sole_arbitrator(world):
    """One short of 第七条's ten: a sole arbitrator is allowed (第三十一条)."""
    case = builders.in_arbitration(world, 42, applied_days_ago=4, accepted_days_ago=2, workers=9)
    assert not case.collective
    assert _compose(world, case, "sole", ("zj_arbitrator",)).tribunal == "sole"


def test_the_tribunal_form_offers_a_collective_dispute_a_panel_only(world, login):
    case = builders.in_arbitration(world, 43, applied_days_ago=4, accepted_days_ago=2, workers=10)
    page = login("zj_arbitrator").get(f"/disputes/{case.pk}/").content.decode()
    assert 'value="panel"' in page and 'value="sole"' not in page


def _counter_form(world, firm, representatives: int) -> dict:
    """The counter form for ten workers of `firm`, the first `representatives` ticked, 共同请求 ticked."""
    rng = random.Random(17)
    rows = [
        {"name": f"工人{i}", "id_number": citizen_id(rng), "phone": "", "representative": "on"}
        if i < representatives
        else {"name": f"工人{i}", "id_number": citizen_id(rng), "phone": ""}
        for i in range(10)
    ]
    data = {
        "centre": world.orgs["zj_centre"].pk,
        "received_on": T().isoformat(),
        "case_type": "remuneration",
        "respondent": firm.pk,
        "facts": "公司拖欠十名员工2026年10月至11月工资，多次催讨未果。",
        "common_claim": "on",
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "1",
        "claims-MAX_NUM_FORMS": "30",
        "claims-0-claim_type": "unpaid_wages",
        "claims-0-amount": "180000",
        "claims-0-note": "",
        "applicants-TOTAL_FORMS": str(len(rows)),
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "1",
        "applicants-MAX_NUM_FORMS": "500",
    }
    for i, row in enumerate(rows):
        data.update({f"applicants-{i}-{k}": v for k, v in row.items()})
    return data


def test_the_counter_form_registers_a_collective_dispute_with_its_representatives(
    world, login, zhangjiang_firm
):
    """第七条 at the counter: 共同请求 ticked for ten workers; two representatives are refused on the applicants
    (办案规则 第六十三条), three go through."""
    client = login("zj_centre")
    before = DisputeCase.objects.count()
    refused = client.post("/disputes/new/", _counter_form(world, zhangjiang_firm, 2))
    assert refused.status_code == 200 and "集体争议应推举3至5名代表人，现为2名" in refused.content.decode()
    assert DisputeCase.objects.count() == before
    response = client.post("/disputes/new/", _counter_form(world, zhangjiang_firm, 3))
    assert response.status_code == 302
    case = DisputeCase.objects.latest("id")
    assert case.collective and case.common_claim and case.applicants.filter(representative=True).count() == 3
