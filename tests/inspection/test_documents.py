"""The inspection's official documents (限期改正指令书, 行政处理决定书, 送达回证), built through the services and
read back from the PDF: number, employer, amounts, deadline, citations and appeal rights; the reporter's
identity never printed; user text printed literally; the case's scope enforced on the download."""

import io
import random
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from renshe.core.casework import version_of
from renshe.core.documents import chinese_date
from renshe.core.money import yuan
from renshe.core.synthetic import citizen_id
from renshe.inspection import documents, services
from renshe.inspection.services import RespondentInput, WorkerInput

HOSTILE = '<script>alert("x")</script> & <b>粗体</b>'
REPORTER_PHONE = "13912345678"


def read(pdf: bytes) -> str:
    """The PDF's text without page furniture and whitespace, so a phrase broken across lines still reads
    as one."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = "".join(re.sub(r"第 \d+ 页 共 \d+ 页", "", page) for page in pages)
    return re.sub(r"\s", "", text)


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture
def reporter():
    return WorkerInput(citizen_id(random.Random(11)), "欧阳举报", phone=REPORTER_PHONE)


@pytest.fixture
def case(filed, u, brigade, factory, reporter):
    """Three workers' complaint, filed; a named report (举报) by one more worker joins it."""
    case = filed(3)
    services.register_report(
        by=u["fx_inspector"],
        brigade=brigade,
        kind="report",
        channel="hotline",
        respondent=RespondentInput(enterprise_id=factory.pk),
        content="举报该公司还拖欠本人五个月工资。",
        received_on=date(2026, 10, 8),
        reporter=reporter,
        reporter_contact=REPORTER_PHONE,
        workers=[
            WorkerInput(reporter.id_number, reporter.name, months=[(date(2026, 8, 1), Decimal("4800.00"))])
        ],
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def order(case, u):
    order = services.issue_rectification_order(
        case,
        by=u["fx_inspector"],
        issued_on=date(2026, 10, 12),
        deadline=date(2026, 10, 22),
        requirements=f"限期支付全部拖欠工资。{HOSTILE}",
        version=version_of(case),
    )
    return order


@pytest.fixture
def decision(case, order, u):
    inspector = u["fx_inspector"]
    services.record_service(
        order,
        by=inspector,
        served_on=date(2026, 10, 12),
        method="direct",
        served_to="钱某",
        version=version_of(order.case),
    )
    services.record_compliance(
        order, by=inspector, complied=False, checked_on=date(2026, 10, 23), version=version_of(order.case)
    )
    first = case.claims.order_by("id").first()
    services.record_wage_payment(
        case,
        by=inspector,
        worker=first.worker,
        amount="1000.00",
        paid_on=date(2026, 10, 24),
        source="employer",
        version=version_of(case),
    )
    services.record_statement(
        case,
        by=inspector,
        notified_on=date(2026, 10, 27),
        heard_on=date(2026, 10, 29),
        statement=f"账户冻结{HOSTILE}",
        version=version_of(case),
    )
    return services.issue_handling_decision(
        case,
        by=inspector,
        decided_on=date(2026, 11, 4),
        findings="拖欠四名劳动者工资，经责令限期改正逾期未改正。",
        deadline=date(2026, 11, 16),
        extra_compensation_rate="0.6",
        version=version_of(case),
    )


def test_order_prints_number_employer_amount_deadline_and_citations(case, order, factory):
    text = read(documents.order_pdf(order))
    owed = sum((Decimal("5200.37") + i for i in range(3)), Decimal(0)) * 5 + Decimal("4800.00")
    assert order.amount_to_pay == owed == Decimal("82820.55")
    assert "劳动保障监察限期改正指令书" in text and "奉贤区人力资源和社会保障局" in text
    assert order.number in text and order.number.startswith("奉人社监改〔2026〕")
    assert factory.name in text and factory.credit_code in text
    assert f"尚欠{yuan(owed)}元" in text and "82,820.55" in text
    assert "于2026年10月22日前" in text and chinese_date(date(2026, 10, 12)) in text
    assert "《劳动保障监察条例》第十八条第一款第（二）项、第二十六条" in text
    assert "50%以上100%以下" in text and "第二百七十六条之一" in text
    # the workers owed, each with the amount, adding up to the order's amount
    for i in range(3):
        assert f"工人{i:02d}" in text and yuan((Decimal("5200.37") + i) * 5) in text
    assert "2026年4月至2026年8月（5个月）" in text
    assert f"合计4人{yuan(owed)}" in text
    assert case.number in text  # the handling office and case number in the note


def test_reporter_identity_never_printed(case, order, decision, reporter):
    pdfs = [
        documents.order_pdf(order),
        documents.decision_pdf(decision),
        documents.receipt_pdf(order),
        documents.receipt_pdf(decision),
    ]
    for pdf in pdfs:
        text = read(pdf)
        assert reporter.name not in text and REPORTER_PHONE not in text
        assert reporter.id_number not in text
        assert "举报该公司" not in text  # nor the report's own words
    # the reporter is owed wages too: the line is kept, the name is not
    assert "（身份依法保密）4,800.00" in read(pdfs[0]).replace("2026年8月（1个月）", "")


def test_user_text_is_printed_literally(order, decision):
    assert flat(HOSTILE) in read(documents.order_pdf(order))
    assert flat(f"“账户冻结{HOSTILE}”") in read(documents.decision_pdf(decision))


def test_decision_prints_statement_amounts_extra_compensation_deadline_and_appeal_rights(
    case, order, decision
):
    text = read(documents.decision_pdf(decision))
    balance = Decimal("82820.55") - Decimal("1000.00")
    assert decision.amount_to_pay == balance
    assert (
        decision.extra_compensation
        == (balance * Decimal("0.6")).quantize(Decimal("0.01"))
        == Decimal("49092.33")
    )
    assert "劳动保障监察行政处理决定书" in text and decision.number in text
    assert "被处理单位" in text and case.respondent.name in text
    assert "拖欠四名劳动者工资" in text  # the findings
    assert f"《劳动保障监察限期改正指令书》（{order.number}）" in text and "你单位逾期未改正" in text
    # 第十九条: the statement heard, before the decision
    assert "2026年10月27日告知" in text and "《劳动保障监察条例》第十九条" in text
    assert "2026年10月29日提出陈述、申辩意见" in text
    # amounts: what is owed now, 60% extra compensation, the total
    assert f"于2026年11月16日前向劳动者支付拖欠的工资{yuan(balance)}元" in text
    assert f"按照应付金额的60%向劳动者加付赔偿金{yuan(decision.extra_compensation)}元" in text
    assert f"以上合计{yuan(decision.total_to_pay)}元" in text and "130,912.88" in text
    assert "第十八条第一款第（二）项、第二十六条" in text
    # the breakdown adds up to what is to be paid: the first worker's line is net of the 1,000 paid
    assert yuan((Decimal("5200.37")) * 5 - 1000) in text and f"合计4人{yuan(balance)}" in text
    # the appeal rights as stored on the decision when it was issued
    assert flat(decision.appeal_rights) in text and "行政复议" in text and "行政诉讼" in text
    assert chinese_date(date(2026, 11, 4)) in text


def test_appeal_rights_printed_are_those_stored_on_the_decision(decision):
    decision.appeal_rights = "如不服本决定，可于六十日内申请行政复议（存档文本）。"
    decision.save(update_fields=["appeal_rights"])
    assert "（存档文本）" in read(documents.decision_pdf(decision))


def test_decision_without_extra_compensation(case, u):
    inspector = u["fx_inspector"]
    services.record_statement(
        case, by=inspector, notified_on=date(2026, 10, 12), waived=True, version=version_of(case)
    )
    decision = services.issue_handling_decision(
        case,
        by=inspector,
        decided_on=date(2026, 10, 14),
        findings="拖欠工资。",
        deadline=date(2026, 10, 30),
        version=version_of(case),
    )
    text = read(documents.decision_pdf(decision))
    assert "明确表示放弃陈述、申辩" in text
    assert "加付赔偿金" not in text and f"工资{yuan(decision.amount_to_pay)}元。" in text


def test_amount_set_by_hand_prints_no_breakdown(case, u):
    order = services.issue_rectification_order(
        case,
        by=u["fx_inspector"],
        issued_on=date(2026, 10, 12),
        deadline=date(2026, 10, 22),
        requirements="支付部分工资。",
        amount_to_pay="10000",
        version=version_of(case),
    )
    text = read(documents.order_pdf(order))
    assert "尚欠10,000.00元" in text and "应支付劳动者工资明细" not in text


def test_service_receipt_blank_then_filled(case, order):
    text = read(documents.receipt_pdf(order))
    assert "送达回证" in text and f"劳动保障监察限期改正指令书（{order.number}）" in text
    assert case.respondent.name in text and "受送达人签名或盖章" in text and "直接送达" not in text
    order = services.record_service(
        order,
        by=order.issued_by,
        served_on=date(2026, 10, 13),
        method="direct",
        served_to="法定代表人钱某",
        version=version_of(order.case),
    )
    text = read(documents.receipt_pdf(order))
    assert "2026年10月13日" in text and "直接送达" in text and "法定代表人钱某" in text
    assert chinese_date(date(2026, 10, 13)) in text


def test_receipt_of_a_decision(decision):
    decision = services.record_service(
        decision,
        by=decision.issued_by,
        served_on=date(2026, 11, 5),
        method="posted",
        served_to="公司",
        version=version_of(decision.case),
    )
    text = read(documents.receipt_pdf(decision))
    assert f"劳动保障监察行政处理决定书（{decision.number}）" in text and "张贴送达（拍照录像）" in text


# --- the downloads ---------------------------------------------------------------------------------------


def test_downloads_for_the_brigade(
    login, order, decision, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = login("fx_inspector")
    first = {}
    with django_capture_on_commit_callbacks(execute=True):  # each first download issues and stores v1
        for url in (
            f"/inspection/documents/order/{order.pk}.pdf",
            f"/inspection/documents/decision/{decision.pk}.pdf",
            f"/inspection/documents/order/{order.pk}/receipt.pdf",
            f"/inspection/documents/decision/{decision.pk}/receipt.pdf",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
            first[url] = response.content
    again = client.get(f"/inspection/documents/order/{order.pk}.pdf").content
    assert again == first[f"/inspection/documents/order/{order.pk}.pdf"]  # the stored file, as issued
    assert order.number in read(again)


def test_downloads_out_of_scope_answer_404(login, client, order, decision):
    other = login("pt_admin")  # another district's administrator
    for url in (
        f"/inspection/documents/order/{order.pk}.pdf",
        f"/inspection/documents/decision/{decision.pk}.pdf",
        f"/inspection/documents/order/{order.pk}/receipt.pdf",
        f"/inspection/documents/decision/{order.pk}/receipt.pdf",
    ):
        assert other.get(url).status_code == 404, url
    assert login("fx_inspector").get(f"/inspection/documents/memo/{order.pk}/receipt.pdf").status_code == 404
    assert login("fx_inspector").get("/inspection/documents/order/999999.pdf").status_code == 404
    response = client.get(f"/inspection/documents/order/{order.pk}.pdf")
    assert response.status_code == 302  # to the login page
