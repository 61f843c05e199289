"""One dispute through every stage, at the service level, with the timeline and workbench in step."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from renshe.core import law
from renshe.core.casework import version_of
from renshe.core.errors import Conflict, PermissionDenied, ValidationFailed
from renshe.core.models import Event, WorkItem
from renshe.core.subjects import subject_of
from renshe.core.workdays import compute_deadline
from renshe.disputes import services
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ApplicantInput, ClaimInput, ItemInput
from tests import builders


def test_application_gets_a_number_a_query_code_and_an_intake_task(world, apply):
    case, code = apply()
    assert case.number == f"张江调〔{timezone.localdate().year}〕0001号" and len(code) == 8
    assert services.find_by_query_code(case.number, code) == case
    assert services.find_by_query_code(case.number, "00000000" if code != "00000000" else "11111111") is None
    assert case.claimed_total == Decimal("21200.50") and case.status == "applied"
    assert WorkItem.objects.filter(**subject_of(case), kind="dispute.intake", role="mediator").exists()


def test_mediation_from_referral_to_full_performance(world, apply):
    u = world.users
    today = timezone.localdate()
    case, _code = apply(days_ago=3)
    case = services.accept_dispute(case, by=u["zj_centre"], version=case.version)
    assert case.mediation_due_on == compute_deadline(law.MEDIATION_PERIOD, case.received_on).due
    case = services.refer_dispute(
        case, by=u["zj_centre"], to=world.orgs["village:环东村"], version=case.version
    )
    case = services.revoke_referral(case, by=u["zj_centre"], version=case.version)
    case = services.refer_dispute(case, by=u["zj_centre"], to=world.orgs["zj_studio"], version=case.version)
    with pytest.raises(PermissionDenied):  # the village may no longer take it
        services.take_up_dispute(case, by=u["zj_village"], mediators=[u["zj_village"]], version=case.version)
    case = services.take_up_dispute(case, by=u["zj_studio"], mediators=[u["zj_studio"]], version=case.version)
    assert case.status == "mediating" and case.organisation == world.orgs["zj_studio"]
    task = WorkItem.objects.get(**subject_of(case), kind="dispute.mediate")
    assert task.assignee == u["zj_studio"] and task.due_on == case.mediation_due_on
    services.record_session(
        case,
        by=u["zj_studio"],
        held_at=timezone.now() - timedelta(hours=2),
        place="江心听语工作室",
        attendees="双方当事人",
        minutes="双方就支付方式达成一致意见。",
        version=version_of(case),
    )
    case = services.extend_mediation(
        case, by=u["zj_studio"], days=5, note="双方同意延长", version=case.version + 1
    )
    task.refresh_from_db()
    assert task.due_on == case.mediation_due_on
    agreement = services.settle_dispute(
        case,
        by=u["zj_studio"],
        signed_on=today,
        terms="公司分两期支付。",
        version=case.version,
        items=[
            ItemInput(
                "unpaid_wages", "支付2026年9月至10月工资", Decimal("18000"), today + timedelta(days=10)
            ),
            ItemInput("overtime", "支付加班费", Decimal("2000"), today + timedelta(days=20)),
        ],
    )
    first, second = agreement.items.all()
    with pytest.raises(ValidationFailed, match="超过"):
        services.record_payment(
            first,
            by=u["zj_studio"],
            amount="18000.01",
            paid_on=today,
            version=version_of(first.agreement.case),
        )
    services.record_payment(
        first, by=u["zj_studio"], amount="18000", paid_on=today, version=version_of(first.agreement.case)
    )
    services.record_payment(
        second, by=u["zj_studio"], amount="2000", paid_on=today, version=version_of(second.agreement.case)
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.paid_total == case.agreed_total == Decimal("20000.00")
    assert case.outcome == "settled" and case.mediated
    verbs = list(
        Event.objects.filter(**subject_of(case), verb__startswith="dispute.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs[:5] == [
        "dispute.applied",
        "dispute.accepted",
        "dispute.referred",
        "dispute.referral_revoked",
        "dispute.referred",
    ]
    assert verbs[-1] == "dispute.performed"
    assert not WorkItem.objects.filter(**subject_of(case), status="open").exists()


def test_failed_mediation_goes_to_arbitration_and_court(world, apply):
    u = world.users
    today = timezone.localdate()
    case, _ = apply(days_ago=30)
    case = services.accept_dispute(case, by=u["zj_centre"], version=version_of(case))
    case = services.take_up_dispute(
        case, by=u["zj_centre"], mediators=[u["zj_centre"]], version=version_of(case)
    )
    # past the 15 days, the case may go to arbitration without a separate failure step
    arbitration = services.refer_to_arbitration(
        case,
        by=u["zj_centre"],
        commission=world.orgs["zj_tribunal"],
        applied_on=today - timedelta(days=2),
        version=version_of(case),
    )
    case.refresh_from_db()
    assert (
        case.outcome == "failed"
        and case.status == "arbitration"
        and arbitration.number.startswith("浦劳人仲(张江)")
    )
    assert [c.claim_type for c in case.claims.all()] == ["unpaid_wages", "overtime"]  # nothing re-typed
    with pytest.raises(PermissionDenied):  # mediators do not run arbitration
        services.accept_arbitration(case, by=u["zj_centre"], accepted_on=today, version=version_of(case))
    arbitration = services.accept_arbitration(
        case, by=u["zj_arbitrator"], accepted_on=today - timedelta(days=1), version=version_of(case)
    )
    assert arbitration.award_due_on == compute_deadline(law.ARBITRATION_AWARD, today - timedelta(days=1)).due
    with pytest.raises(ValidationFailed, match="5日前"):
        services.schedule_hearing(
            case,
            by=u["zj_arbitrator"],
            scheduled_at=timezone.now() + timedelta(days=3),
            place="科创仲裁庭",
            notified_on=today,
            version=version_of(case),
        )
    services.schedule_hearing(
        case,
        by=u["zj_arbitrator"],
        scheduled_at=timezone.now() + timedelta(days=6),
        place="科创仲裁庭",
        notified_on=today,
        version=version_of(case),
    )
    services.extend_arbitration(case, by=u["zj_arbitrator"], version=version_of(case))
    with pytest.raises(ValidationFailed):
        services.extend_arbitration(case, by=u["zj_arbitrator"], version=version_of(case))
    arbitration = services.make_award(
        case,
        by=u["zj_arbitrator"],
        awarded_on=today,
        summary="被申请人支付工资。",
        items=[ClaimInput("unpaid_wages", Decimal("18000")), ClaimInput("overtime", Decimal("3200.50"))],
        version=version_of(case),
    )
    assert arbitration.final is True  # both items ≤ 12 × 2,740
    services.serve_award(
        case,
        by=u["zj_arbitrator"],
        party=str(case.applicants.get().pk),
        method="personal",
        received_on=today,
        version=version_of(case),
    )
    services.record_suit(  # the worker's suit against a final award (第四十八条)
        case,
        by=u["zj_arbitrator"],
        filed_by="worker",
        filed_on=today,
        court="张江巡回法庭",
        version=version_of(case),
    )
    case = services.record_judgment(
        case, by=u["zj_arbitrator"], outcome="驳回诉讼请求", concluded_on=today, version=version_of(case)
    )
    assert case.status == "closed" and case.closed_on == today


def test_final_award_test_per_item():
    limit = Decimal("2740.00") * 12  # 12 months of the minimum wage = 32,880
    assert services.is_final_item("unpaid_wages", Decimal("32880.00"), limit)
    assert not services.is_final_item("unpaid_wages", Decimal("32880.01"), limit)
    # labour standard: final whatever the sum
    assert services.is_final_item("social_insurance", Decimal("999999"), limit)
    assert not services.is_final_item("other", Decimal("100"), limit)


def test_collective_dispute_is_flagged_and_raised_to_the_centre_leaders(world, apply):
    case, _ = apply(workers=law.COLLECTIVE_DISPUTE_MIN_WORKERS)
    assert case.collective and case.worker_count == 10
    task = WorkItem.objects.get(**subject_of(case), kind="dispute.collective")
    from renshe.core.selectors import work_items_for

    assert task in work_items_for(world.users["zj_lead"])
    assert case.applicants.filter(representative=True).count() == 3


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"claims": [ClaimInput("unpaid_wages", Decimal("-5"))]}, "claims"),
        ({"claims": [ClaimInput("unpaid_wages", Decimal("99999999999"))]}, "claims"),
        ({"claims": []}, "claims"),
        ({"received_on": timezone.localdate() + timedelta(days=3)}, "received_on"),
        ({"facts": "太短"}, "facts"),
        ({"case_type": "nope"}, "case_type"),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_written(world, apply, overrides, field):
    before = (DisputeCase.objects.count(), Event.objects.count())
    with pytest.raises(ValidationFailed) as error:
        apply(**overrides)
    assert error.value.field == field
    assert (DisputeCase.objects.count(), Event.objects.count()) == before


def test_invalid_respondent_credit_code_is_refused(world, apply):
    from renshe.disputes.services import RespondentInput

    with pytest.raises(ValidationFailed) as error:
        apply(
            respondent=RespondentInput(
                credit_code="913101150000000000", name="某公司", street_id=world.orgs["street:310115125"].pk
            )
        )
    assert error.value.field == "credit_code"


def test_transitions_not_allowed_from_the_current_state(world, apply):
    case, _ = apply()
    with pytest.raises(ValidationFailed, match="已申请"):
        services.settle_dispute(
            case,
            by=world.users["zj_centre"],
            signed_on=timezone.localdate(),
            terms="",
            items=[],
            version=version_of(case),
        )


def test_a_stale_version_is_a_conflict_and_changes_nothing(world, apply):
    case, _ = apply()
    seen = case.version
    services.accept_dispute(case, by=world.users["zj_centre"], version=seen)
    with pytest.raises(Conflict):
        services.decline_dispute(case, by=world.users["zj_lead"], reason="重复申请", version=seen)
    assert DisputeCase.objects.get(pk=case.pk).status == "accepted"


def test_another_streets_mediator_cannot_act(world, apply):
    case, _ = apply()
    with pytest.raises(PermissionDenied):
        services.accept_dispute(case, by=world.users["pt_caoyang"], version=version_of(case))


def test_evidence_is_checked_by_content_and_size(world, apply, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case, _ = apply()
    pdf = SimpleUploadedFile("工资条.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    evidence = services.attach_evidence(
        case, by=world.users["zj_centre"], upload=pdf, version=version_of(case)
    )
    assert evidence.content_type == "application/pdf" and evidence.name == "工资条.pdf"
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationFailed, match="按文件内容判断"):
        services.attach_evidence(case, by=world.users["zj_centre"], upload=fake, version=version_of(case))
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (services.EVIDENCE_MAX_BYTES + 1))
    with pytest.raises(ValidationFailed, match="10MB"):
        services.attach_evidence(case, by=world.users["zj_centre"], upload=big, version=version_of(case))
    assert case.evidence.count() == 1


@pytest.mark.parametrize("spelling", builders.SPELLINGS)
def test_the_same_applicant_spelt_another_way_is_a_duplicate(world, apply, spelling):
    """The service itself, as the pages, the API and the hand-off from inspection call it."""
    number = builders.id_ending_in_x(random.Random(8))
    twice = [ApplicantInput(number, "王小明"), ApplicantInput(builders.SPELLINGS[spelling](number), "王小明")]
    before = DisputeCase.objects.count()
    with pytest.raises(ValidationFailed) as error:
        apply(applicants=twice)
    assert error.value.field == "applicants" and "身份证号码重复" in str(error.value.message)
    assert DisputeCase.objects.count() == before
