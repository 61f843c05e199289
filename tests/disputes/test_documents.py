"""The dispute's official documents (调解协议书, 仲裁裁决书), built through the services and read back from the
PDF: who issues them, the parties with their full identity numbers (each hand-out recorded as an unmasking),
the amounts, the clauses numbered once, and the rights printed on them."""

import io
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from renshe.core.casework import version_of
from renshe.core.documents import chinese_date
from renshe.core.errors import ValidationFailed
from renshe.core.money import yuan
from renshe.core.synthetic import citizen_id
from renshe.disputes import services
from renshe.disputes.documents import agreement_pdf, award_pdf, final_award_pdf
from renshe.disputes.models import DisputeCase
from renshe.disputes.services import ApplicantInput, ClaimInput, ItemInput
from tests import builders

PHONE = "13812345678"


def read(pdf: bytes) -> str:
    """The PDF's text without page furniture (page numbers, the running number) and without whitespace,
    so that a phrase broken across lines or pages still reads as one."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = "".join(re.sub(r"第 \d+ 页 共 \d+ 页", "", page) for page in pages)
    return re.sub(r"\s", "", text)


@pytest.fixture
def worker():
    return ApplicantInput(citizen_id(random.Random(5)), "林小芳", phone=PHONE)


@pytest.fixture
def settled(world, apply, worker):
    """A case received 30 days ago, referred to the studio, mediated there and settled 20 days ago: one
    item paid by now, one already past due."""
    today = timezone.localdate()
    agreement = builders.settled(
        world,
        apply(days_ago=30, applicants=[worker])[0],
        "zj_studio",
        via="zj_studio",
        signed_on=today - timedelta(days=20),
        terms="被申请人同意分两期支付拖欠工资及加班费。\n申请人放弃其余请求。",
        items=[
            ItemInput(
                "unpaid_wages", "支付2026年9月至10月工资", Decimal("18000"), today - timedelta(days=10)
            ),
            ItemInput("overtime", "支付加班费", Decimal("2000.5"), today + timedelta(days=20)),
        ],
    )
    return DisputeCase.objects.get(pk=agreement.case_id)


def arbitrate(
    world, case, items: list[ClaimInput], *, summary: str = "被申请人支付申请人工资。", presiding: str = ""
):
    """The settled case's agreement goes unpaid, and it goes on to arbitration and an award (by a panel
    `presiding` names the presiding arbitrator of, if given)."""
    u, today = world.users, timezone.localdate()
    case = services.declare_default(case, by=u["zj_studio"], version=version_of(case))
    services.refer_to_arbitration(
        case,
        by=u["zj_studio"],
        commission=world.orgs["zj_tribunal"],
        applied_on=today - timedelta(days=9),
        version=version_of(case),
    )
    services.accept_arbitration(
        case, by=u["zj_arbitrator"], accepted_on=today - timedelta(days=8), version=version_of(case)
    )
    if presiding:
        case = builders.panel(world, DisputeCase.objects.get(pk=case.pk), presiding=presiding)
    services.schedule_hearing(
        case,
        by=u["zj_arbitrator"],
        scheduled_at=timezone.now() - timedelta(days=1),
        place="科创仲裁庭第一庭",
        notified_on=today - timedelta(days=7),
        version=version_of(case),
    )
    arbitration = services.make_award(
        case,
        by=u["zj_arbitrator"],
        awarded_on=today,
        summary=summary,
        items=items,
        version=version_of(case),
    )
    case.refresh_from_db()
    return case, arbitration


def test_the_agreement_names_the_parties_the_items_and_the_legal_effect(world, settled, worker):
    text = read(agreement_pdf(settled))
    studio = world.orgs["zj_studio"].name
    person = settled.applicants.get().person
    assert text.startswith(f"{studio}调解协议书")
    assert settled.number in text
    assert f"申请人：林小芳，{person.get_sex_display()}，{person.birth_date.year}年" in text
    assert f"公民身份号码{person.id_number}" in text  # in full: the form identifies the party
    assert person.masked_phone in text and PHONE not in text
    firm = settled.respondent
    assert f"被申请人：{firm.name}，统一社会信用代码{firm.credit_code}" in text
    assert "拖欠工资：18,000.00元；" in text and "加班费：3,200.50元。" in text  # the claims
    assert "被申请人同意分两期支付拖欠工资及加班费。" in text
    for amount in ("18,000.00", "2,000.50"):
        assert amount in text
    assert f"合计{yuan(Decimal('20000.50'))}" in text
    assert "第十四条" in text and "第十五条" in text and "申请支付令" in text
    assert "对双方当事人具有约束力" in text
    assert "一式三份" in text
    for label in ("申请人（签名）", "被申请人（盖章）", "调解员（签名）"):
        assert label in text
    assert f"{studio}（印章）{chinese_date(settled.agreement.signed_on)}" in text
    assert (
        text.index("一、争议事项")
        < text.index("二、调解结果")
        < text.index("合计20,000.50")
        < text.index("调解员（签名）")
    )


def test_after_arbitration_the_agreement_is_still_issued_by_the_mediator(world, settled):
    case, _ = arbitrate(world, settled, [ClaimInput("unpaid_wages", Decimal("18000"))])
    assert case.organisation == world.orgs["zj_tribunal"]
    text = read(agreement_pdf(case))
    assert f"{world.orgs['zj_studio'].name}（印章）" in text
    assert world.orgs["zj_tribunal"].name not in text


def test_a_case_mediated_by_the_centre_itself_with_a_signature_line_per_applicant(world, apply):
    today = timezone.localdate()
    items = [ItemInput("unpaid_wages", "支付工资", Decimal("500"), today)]
    agreement = builders.settled(world, apply(workers=3, days_ago=2)[0], terms="", items=items)
    text = read(agreement_pdf(agreement.case))
    assert "张江镇劳动争议调解中心（印章）" in text and "合计500.00" in text
    assert text.count("申请人（签名）") == 3 and "一式五份" in text


def test_a_collective_agreement_is_signed_by_the_representatives(world, apply):
    items = [ItemInput("unpaid_wages", "支付十名申请人工资", Decimal("50000"), timezone.localdate())]
    agreement = builders.settled(world, apply(workers=10)[0], terms="", items=items)
    text = read(agreement_pdf(agreement.case))
    assert text.count("申请人代表（签名）") == 3 and "申请人（签名）" not in text
    assert "申请人（劳动者代表）：工人0" in text and "申请人：工人9" in text


def test_a_final_award_tells_the_worker_15_days_and_the_employer_30(world, settled):
    case, arbitration = arbitrate(
        world,
        settled,
        [ClaimInput("unpaid_wages", Decimal("18000")), ClaimInput("overtime", Decimal("3200.50"))],
    )
    assert arbitration.final is True
    text = read(award_pdf(case))
    person = case.applicants.get().person
    tribunal = world.orgs["zj_tribunal"].name
    assert "仲裁裁决书" in text and arbitration.number in text
    assert "林小芳" in text and f"公民身份号码{person.id_number}" in text
    assert case.respondent.name in text
    assert "案由：劳动报酬争议" in text
    assert "拖欠工资：18,000.00元" in text  # the claims, with their dictionary labels
    assert "本委查明" in text and f"本委于{arbitration.accepted_on.year}年" in text and "开庭审理" in text
    assert "达成调解协议，被申请人未按协议约定期限履行" in text
    assert "被申请人支付申请人工资。" in text
    assert "18,000.00" in text and "3,200.50" in text and "合计21,200.50" in text
    assert "本裁决为终局裁决" in text and "第四十七条" in text
    assert "劳动者对本裁决不服的，可以自收到本裁决书之日起十五日内向人民法院提起诉讼" in text
    assert "第四十八条" in text
    assert "三十日内向劳动争议仲裁委员会所在地的中级人民法院申请撤销裁决" in text and "第四十九条" in text
    assert "第五十条" not in text
    assert "仲裁员（签名）" in text
    assert f"{tribunal}（印章）{chinese_date(arbitration.awarded_on)}" in text


def test_a_non_final_award_tells_either_party_15_days(world, settled):
    # "other" is not a claim the final-award test covers (第四十七条)
    case, arbitration = arbitrate(
        world,
        settled,
        [ClaimInput("other", Decimal("18000")), ClaimInput("other", Decimal("999.99"))],
    )
    assert arbitration.final is False
    text = read(award_pdf(case))
    assert "当事人对本裁决不服的，可以自收到本裁决书之日起十五日内向人民法院提起诉讼" in text
    assert "期满不起诉的，本裁决书发生法律效力" in text and "第五十条" in text
    assert "本裁决为非终局裁决" in text
    assert "本裁决为终局裁决" not in text and "三十日" not in text and "第四十九条" not in text
    assert "999.99" in text and "合计18,999.99" in text
    with pytest.raises(ValidationFailed, match="没有单独的终局裁决书"):
        final_award_pdf(case)


def test_a_mixed_award_is_two_documents_each_with_its_own_items_and_remedies(world, settled):
    """劳动人事争议仲裁办案规则 第五十条: final and non-final items are awarded in separate documents, each telling
    the parties their own remedies (第四十八条、第四十九条 for the final one, 第五十条 for the other)."""
    case, arbitration = arbitrate(
        world,
        settled,
        [ClaimInput("unpaid_wages", Decimal("18000")), ClaimInput("other", Decimal("999.99"))],
        summary="驳回申请人的其他仲裁请求。",
    )
    assert arbitration.final is False
    final, non_final = read(final_award_pdf(case)), read(award_pdf(case))
    assert "仲裁裁决书（终局裁决）" in final and "仲裁裁决书（非终局裁决）" in non_final
    assert "被申请人向申请人支付拖欠工资18,000.00元" in final and "999.99" not in final.split("本委查明")[1]
    assert "被申请人向申请人支付其他999.99元" in non_final and "合计999.99" in non_final
    assert "18,000.00元。" not in non_final.split("本委查明")[1]
    assert "驳回申请人的其他仲裁请求" in non_final and "驳回申请人的其他仲裁请求" not in final
    assert (
        "《劳动人事争议仲裁办案规则》第五十条" in final
        and "《劳动人事争议仲裁办案规则》第五十条" in non_final
    )
    assert "本裁决为终局裁决" in final and "十五日内向人民法院提起诉讼" in final and "第四十八条" in final
    assert "三十日内向劳动争议仲裁委员会所在地的中级人民法院申请撤销裁决" in final and "第四十九条" in final
    assert "调解仲裁法》第五十条" not in final
    assert "本裁决为非终局裁决" in non_final and "第五十条" in non_final
    assert "三十日" not in non_final and "第四十九条" not in non_final


def test_the_award_prints_the_periods_core_law_counts(world, settled, settings):
    """A deployment that overrides a period sees the new number on the award, not a stale 十五."""
    case, _ = arbitrate(world, settled, [ClaimInput("unpaid_wages", Decimal("18000"))])
    settings.RENSHE_PERIOD_OVERRIDES = {"court.worker_suit": 20, "court.revocation": 45}
    text = read(award_pdf(case))
    assert "二十日内向人民法院提起诉讼" in text and "四十五日内向劳动争议仲裁委员会" in text


def test_an_english_screen_still_gets_a_chinese_document(world, settled):
    from django.utils import translation

    case, _ = arbitrate(world, settled, [ClaimInput("unpaid_wages", Decimal("18000"))])
    with translation.override("en"):
        text = read(award_pdf(case))
    assert "《劳动争议调解仲裁法》第四十八条" in text and "Law" not in text


def test_no_agreement_and_no_award_are_refused(world, apply, settled):
    case, _ = apply()
    with pytest.raises(ValidationFailed, match="调解协议"):
        agreement_pdf(case)
    with pytest.raises(ValidationFailed, match="仲裁裁决"):
        award_pdf(case)
    with pytest.raises(ValidationFailed, match="仲裁裁决"):  # settled, never arbitrated
        award_pdf(settled)
    u = world.users
    settled = services.declare_default(settled, by=u["zj_studio"], version=version_of(settled))
    services.refer_to_arbitration(
        settled,
        by=u["zj_studio"],
        commission=world.orgs["zj_tribunal"],
        applied_on=timezone.localdate(),
        version=version_of(settled),
    )
    with pytest.raises(ValidationFailed, match="仲裁裁决"):  # in arbitration, not yet awarded
        award_pdf(settled)


def test_the_queries_do_not_grow_with_the_file(world, apply):
    """Labels come from one dictionary query, applicants with their people in one: a case with more
    applicants, claims and items costs no more queries."""
    today = timezone.localdate()
    counts = []
    for workers, claims in ((1, 1), (4, 5)):
        case, _ = apply(
            workers=workers, claims=[ClaimInput("overtime", Decimal(100 + i)) for i in range(claims)]
        )
        items = [ItemInput("overtime", f"第{i + 1}期", Decimal(100), today) for i in range(claims)]
        agreement = builders.settled(world, case, terms="分期支付。", items=items)
        with CaptureQueriesContext(connection) as queries:
            agreement_pdf(agreement.case)
        counts.append(len(queries))
    # the case with its respondent, organisations and agreement; applicants with people; claims; items;
    # the dictionary labels; the taken referral
    assert counts == [6, 6]


# --- full identity numbers, handed out as an unmasking ------------------------------------------------------


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_downloading_the_agreement_prints_the_full_id_and_records_the_reveal(
    world, settled, login, django_capture_on_commit_callbacks
):
    from renshe.core.models import Event
    from renshe.core.subjects import subject_of

    person = settled.applicants.get().person
    client = login("zj_studio")
    with django_capture_on_commit_callbacks(execute=True):  # the issued file stored, as after a commit
        response = client.get(f"/disputes/{settled.pk}/agreement.pdf")
    assert f"公民身份号码{person.id_number}" in read(_body(response))
    printed = Event.objects.filter(**subject_of(settled), verb="dispute.identities_printed")
    assert [(e.actor.username, e.summary) for e in printed] == [
        ("zj_studio", "出具调解协议书，打印完整证件号码：林小芳")
    ]
    revealed = Event.objects.filter(**subject_of(person), verb="person.revealed")
    assert [e.summary for e in revealed] == [f"出具调解协议书（{settled.number}），打印完整证件号码：林小芳"]
    # every hand-out is one, the stored file served again included
    assert client.get(f"/disputes/{settled.pk}/agreement.pdf").status_code == 200
    assert printed.all().count() == 2 and revealed.all().count() == 2  # .all(): not the lists read above


def test_the_award_as_downloaded_prints_the_full_id_and_the_tribunal_signs(world, settled, login):
    from renshe.core.models import Event
    from renshe.core.subjects import subject_of

    u = world.users
    case, _ = arbitrate(
        world,
        settled,
        [ClaimInput("unpaid_wages", Decimal("18000"))],
        summary="被申请人支付申请人工资18000元。\n驳回申请人的其他仲裁请求。",
        presiding="zj_arbitrator2",
    )
    response = login("zj_arbitrator").get(f"/disputes/{case.pk}/award.pdf")
    text = read(_body(response))
    person = case.applicants.get().person
    assert f"公民身份号码{person.id_number}" in text
    # the arbitrator's two lines numbered once, first level (the award's headings carry no numbers)
    assert "一、被申请人支付申请人工资18000元。二、驳回申请人的其他仲裁请求。" in text
    assert "首席仲裁员：许公正" in text and "仲裁员：宋仲裁" in text and "仲裁员：唐明理" in text
    assert (
        Event.objects.filter(
            **subject_of(case), verb="dispute.identities_printed", actor=u["zj_arbitrator"]
        ).count()
        == 1
    )


def test_the_agreement_is_not_handed_to_someone_who_may_not_see_full_numbers(world, settled, login):
    from renshe.core.models import User
    from renshe.core.roles import Role

    User.objects.filter(username="zj_studio").update(role=Role.GRID_OFFICER)  # a role without the capability
    response = login("zj_studio").get(f"/disputes/{settled.pk}/agreement.pdf")
    assert response.status_code in (403, 404)


# --- clause numbering never collides with the drafter's own ---------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "printed", "absent"),
    [
        # the mediator numbered with 一、: written one level down, never read as the document's 三、
        (
            "一、被申请人支付工资。\n二、申请人放弃其余请求。",
            "（一）被申请人支付工资。（二）申请人放弃其余请求。",
            "一、被申请人",
        ),
        # 1. and （1） are below the document's headings: kept as they are, not numbered again
        (
            "1.被申请人支付工资。\n2.申请人放弃其余请求。",
            "1.被申请人支付工资。2.申请人放弃其余请求。",
            "（一）1.",
        ),
        (
            "（1）被申请人支付工资。\n（2）申请人放弃其余请求。",
            "（1）被申请人支付工资。（2）申请人放弃其余请求。",
            "（一）（1）",
        ),
        (
            "第一条被申请人支付工资。\n第二条申请人放弃其余请求。",
            "第一条被申请人支付工资。第二条申请人放弃其余请求。",
            "（一）第一条",
        ),
        # not numbered: the document numbers the clauses itself, one level below its heading
        (
            "被申请人支付工资。\n申请人放弃其余请求。",
            "（一）被申请人支付工资。（二）申请人放弃其余请求。",
            "一、被申请人",
        ),
        # one clause alone is not numbered
        ("被申请人支付工资。", "达成如下协议：被申请人支付工资。", "（一）被申请人"),
    ],
)
def test_the_agreement_numbers_the_mediators_clauses_once(world, apply, terms, printed, absent):
    items = [ItemInput("unpaid_wages", "支付工资", Decimal("500"), timezone.localdate())]
    agreement = builders.settled(world, apply(days_ago=2)[0], terms=terms, items=items)
    text = read(agreement_pdf(agreement.case))
    assert printed in text and absent not in text
    # the document's own sections keep their numbers, each once
    assert (
        text.count("一、争议事项") == 1
        and text.count("二、调解结果") == 1
        and text.count("三、协议效力") == 1
    )
    assert "三、" not in text.replace("三、协议效力", "")


def test_number_clauses_levels():
    from renshe.core.documents import number_clauses

    assert number_clauses(["甲。", "乙。"], inside_numbered_section=False) == ["一、甲。", "二、乙。"]
    assert number_clauses(["一、甲。", "二、乙。"], inside_numbered_section=False) == ["一、甲。", "二、乙。"]
    assert number_clauses(["一、甲。", "补充说明。"], inside_numbered_section=True) == [
        "（一）甲。",
        "补充说明。",
    ]
    assert (
        number_clauses([f"条款{i}" for i in range(1, 13)], inside_numbered_section=True)[11]
        == "（十二）条款12"
    )
