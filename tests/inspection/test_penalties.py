"""Administrative penalties: the fine within its article's range (《劳动保障监察条例》第二十五条, 第二十八条, 第三十条),
the prior notice with the right to a hearing from the province's large-fine figure (《行政处罚法》第六十三条), the
5 days to ask for it (第六十四条), the decision after it and not heavier than the notice (第四十五条), its PDF with
the appeal rights (law.ADMINISTRATIVE_APPEAL_RIGHTS) and its service — through the services, the page and the API."""

from datetime import date
from decimal import Decimal

import pytest

from renshe.core import law
from renshe.core.casework import version_of
from renshe.core.errors import ValidationFailed
from renshe.core.models import AmountKind, Event, StatutoryAmount
from renshe.inspection import documents, services
from renshe.inspection.models import PenaltyDecision, PenaltyNotice

from .test_views import act, offered, ok

NOTIFIED = date(2026, 11, 5)  # a Thursday: the 5 days end on Tuesday 10 November, a working day


def notify(case, u, fine, violation="obstruction", on=NOTIFIED, **more):
    return services.notify_penalty(
        case,
        by=u["fx_inspector"],
        notified_on=on,
        violation=violation,
        facts="无理阻挠监察员进入现场检查。",
        fine=fine,
        version=version_of(case),
        **more,
    )


def decide(case, u, on, fine, deadline=date(2026, 12, 10)):
    return services.decide_penalty(
        case, by=u["fx_inspector"], decided_on=on, fine=fine, deadline=deadline, version=version_of(case)
    )


@pytest.fixture
def case(filed):
    return filed(3)


@pytest.mark.parametrize(
    ("fine", "allowed"), [("1999.99", False), ("2000.00", True), ("20000.00", True), ("20000.01", False)]
)
def test_obstruction_is_fined_2000_to_20000_yuan(case, u, fine, allowed):
    """《劳动保障监察条例》第三十条第一款第（一）项: refusing or obstructing inspection."""
    if allowed:
        assert notify(case, u, fine).proposed_fine == Decimal(fine)
    else:
        with pytest.raises(ValidationFailed) as error:
            notify(case, u, fine)
        assert "第三十条" in str(error.value.message) and error.value.field == "fine"
        assert not PenaltyNotice.objects.filter(case=case).exists()


def test_excess_overtime_is_fined_per_worker_harmed(case, u):
    """《劳动保障监察条例》第二十五条: 100–500 yuan for each worker harmed."""
    with pytest.raises(ValidationFailed) as error:
        notify(case, u, "1500.01", violation="excess_overtime", workers_harmed=3)
    assert "第二十五条" in str(error.value.message)
    with pytest.raises(ValidationFailed) as error:
        notify(case, u, "1500.00", violation="excess_overtime")
    assert error.value.field == "workers_harmed"
    assert notify(case, u, "1500.00", violation="excess_overtime", workers_harmed=3).workers_harmed == 3


@pytest.mark.parametrize(("fine", "hearing"), [("49999.99", False), ("50000.00", True)])
def test_the_right_to_a_hearing_from_the_large_fine_figure_in_force(case, u, fine, hearing):
    """《行政处罚法》第六十三条第一款第（一）项, with the default figure (50,000 yuan for a unit, unverified)."""
    assert notify(case, u, fine, violation="employment_services").hearing_offered is hearing


def test_the_large_fine_figure_is_the_one_in_force_on_the_notice_date(case, u, world):
    StatutoryAmount.objects.create(
        kind=AmountKind.HEARING_THRESHOLD,
        amount=Decimal("10000.00"),
        effective_from=date(2026, 11, 6),
        citation="某省行政处罚听证程序规定",
    )
    assert notify(case, u, "20000.00", on=NOTIFIED).hearing_offered is False
    decide(case, u, NOTIFIED, "20000.00")
    assert notify(case, u, "20000.00", on=date(2026, 11, 6)).hearing_offered is True


def test_a_hearing_is_asked_for_within_5_days_and_the_decision_waits_for_it(case, u):
    """《行政处罚法》第六十四条第（一）项: 当事人要求听证的，应当在行政机关告知后五日内提出."""
    notice = notify(case, u, "50000.00", violation="employment_services")
    assert services.hearing_request_due(notice) == date(2026, 11, 10)
    with pytest.raises(ValidationFailed) as error:
        services.request_hearing(
            case, by=u["fx_inspector"], requested_on=date(2026, 11, 11), version=version_of(case)
        )
    assert "第六十四条" in str(error.value.message) and error.value.field == "requested_on"
    services.request_hearing(
        case, by=u["fx_inspector"], requested_on=date(2026, 11, 10), version=version_of(case)
    )
    with pytest.raises(ValidationFailed):  # the hearing comes first
        decide(case, u, date(2026, 11, 20), "50000.00")
    services.hold_hearing(
        case,
        by=u["fx_inspector"],
        held_on=date(2026, 11, 18),
        record="当事人称系误解。",
        version=version_of(case),
    )
    with pytest.raises(ValidationFailed) as error:  # 第四十五条第二款: not heavier than the notice
        decide(case, u, date(2026, 11, 20), "50000.01")
    assert "50,000.00" in str(error.value.message)
    assert decide(case, u, date(2026, 11, 20), "25000.00").amount_to_pay == Decimal("25000.00")


def test_without_a_request_the_decision_waits_until_the_5_days_have_run(case, u):
    """《行政处罚法》第六十四条: refused on the last day to ask for a hearing, allowed the day after."""
    notify(case, u, "50000.00", violation="employment_services")
    with pytest.raises(ValidationFailed) as error:
        decide(case, u, date(2026, 11, 10), "50000.00")
    assert "第六十四条" in str(error.value.message) and error.value.field == "decided_on"
    decision = decide(case, u, date(2026, 11, 11), "50000.00")
    assert decision.appeal_rights == str(law.ADMINISTRATIVE_APPEAL_RIGHTS)


def test_no_decision_without_a_notice(case, u):
    with pytest.raises(ValidationFailed) as error:
        decide(case, u, NOTIFIED, "2000.00")
    assert "第四十四条" in str(error.value.message)


def test_a_penalty_on_the_case_page_from_notice_to_service_with_its_pdfs(login, case, u):
    client = login("fx_inspector")
    assert {"penalty_notice"} <= offered(client, case)
    assert {"hearing_request", "hearing", "penalty_decide"}.isdisjoint(offered(client, case))
    ok(
        act(
            client,
            case,
            "penalty_notice",
            {
                "notified_on": "2026-11-05",
                "violation": "obstruction",
                "workers_harmed": "0",
                "base_amount": "",
                "fine": "8000",
                "facts": "拒不提供工资台账，阻挠调查。",
            },
        )
    )
    assert "hearing_request" not in offered(client, case)  # 8,000 yuan is not a large fine
    ok(
        act(
            client,
            case,
            "penalty_decide",
            {"decided_on": "2026-11-12", "fine": "8000", "deadline": "2026-12-12"},
        )
    )
    decision = PenaltyDecision.objects.get(case=case)
    ok(
        act(
            client,
            case,
            "serve",
            {
                "document": f"penalty:{decision.pk}",
                "served_on": "2026-11-13",
                "method": "direct",
                "served_to": "钱某",
            },
        )
    )
    decision.refresh_from_db()
    assert decision.served_on == date(2026, 11, 13) and decision.service_method == "direct"
    body = client.get(f"/inspection/{case.pk}/").content.decode()
    assert decision.number in body and decision.notice.number in body and "8,000.00" in body
    verbs = set(Event.objects.filter(subject_id=case.pk).values_list("verb", flat=True))
    assert {"inspection.penalty_notice", "inspection.penalty_decided", "inspection.served"} <= verbs
    text = documents.penalty_document(decision)
    flat = "".join(p for _h, ps in text.sections + text.closing_sections for p in ps)
    assert str(law.ADMINISTRATIVE_APPEAL_RIGHTS) in flat and "第三十条" in flat and "8,000.00" in flat
    for url in (
        f"/inspection/documents/penalty/{decision.pk}.pdf",
        f"/inspection/documents/penalty-notice/{decision.notice_id}.pdf",
        f"/inspection/documents/penalty/{decision.pk}/receipt.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url


def test_the_notice_prints_the_hearing_right_and_its_last_day(case, u):
    notice = notify(case, u, "50000.00", violation="employment_services")
    text = documents.penalty_notice_document(notice)
    flat = "".join(p for _h, ps in text.sections for p in ps)
    assert "第六十四条" in flat and "2026年11月10日前" in flat and "50,000.00" in flat


def test_the_api_gives_notice_hearing_and_decision_and_refuses_out_of_range(api, case, u):
    client = api("fx_inspector")
    base = f"/api/v1/inspection/{case.pk}"

    def post(url, **body):
        case.refresh_from_db()
        return client.post(f"{base}{url}", {"version": case.version, **body}, content_type="application/json")

    refused = post(
        "/penalty-notices", notified_on="2026-11-05", violation="obstruction", facts="阻挠", fine="20000.01"
    )
    assert refused.status_code == 422 and refused.json()["field"] == "fine"
    answer = post(
        "/penalty-notices",
        notified_on="2026-11-05",
        violation="employment_services",
        facts="无证中介",
        fine="50000",
    )
    assert answer.status_code == 200, answer.content
    notice = answer.json()["penalty_notices"][0]
    assert notice["hearing_offered"] is True and notice["hearing_request_due"] == "2026-11-10"
    assert post("/penalty-notices/hearing-request", requested_on="2026-11-11").status_code == 422
    assert post("/penalty-notices/hearing-request", requested_on="2026-11-09").status_code == 200
    assert post("/penalty-notices/hearing", held_on="2026-11-16", record="听取意见").status_code == 200
    answer = post("/penalties", decided_on="2026-11-17", fine="40000", deadline="2026-12-17")
    assert answer.status_code == 200, answer.content
    decision = answer.json()["penalty_notices"][0]["decision"]
    assert decision["amount_to_pay"] == "40000.00" and decision["appeal_rights"]
    served = post(
        f"/penalties/{decision['id']}/service", served_on="2026-11-18", method="post", served_to="公司"
    )
    assert served.status_code == 200, served.content
