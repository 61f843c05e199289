"""The wage ledger on the inspection case page over HTTP: each form posts to its own endpoint, which calls
one service; refusals come back on the field with the input kept and nothing written; the totals on the
page reconcile (Σ workers' advance-sourced payments == Σ payers' advanced)."""

import random
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from renshe.core.models import Enterprise, Person
from renshe.core.synthetic import citizen_id
from renshe.inspection.models import (
    AdvancePayment,
    AdvanceRepayment,
    InspectionCase,
    OwedMonth,
    WageClaim,
    WagePayment,
)

TODAY = timezone.localdate


def ledger_url(case, action: str = "") -> str:
    return f"/inspection/{case.pk}/ledger/{action or 'view'}/"


def case_page(case) -> str:
    return f"/inspection/{case.pk}/"


def post(client, case, action: str, data: dict, version: int | None = None):
    """Post a ledger form the way the page sends it: prefixed fields, the version seen, where to go back."""
    case.refresh_from_db()
    body = {f"{action}-{k}": v for k, v in data.items()}
    body[f"{action}-version"] = str(case.version if version is None else version)
    body["next"] = case_page(case)
    return client.post(ledger_url(case, action), body)


def rows(prefix: str, items: list[dict], total: int) -> dict:
    """A formset's fields (without the action prefix, which post() adds)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "60",
    }
    for i, item in enumerate(items):
        data.update({f"{prefix}-{i}-{k}": v for k, v in item.items()})
    return data


def text(response) -> str:
    return unescape(response.content.decode())


def amount(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def cells(html: str, section: str) -> dict[str, list[Decimal]]:
    """The amounts in one part of a table ("tbody" rows or the "tfoot" totals) by data-col."""
    found: dict[str, list[Decimal]] = {}
    for part in re.findall(rf"<{section}>(.*?)</{section}>", html, re.S):
        for col, value in re.findall(r'data-col="(\w+)">(?:<[^>]+>)*([\d,]+\.\d{2})', part):
            found.setdefault(col, []).append(amount(value))
    return found


def claims(case) -> list[WageClaim]:
    return list(WageClaim.objects.filter(case=case).select_related("worker").order_by("id"))


def snapshot(case) -> tuple:
    case.refresh_from_db()
    return (
        case.version,
        case.owed_total,
        case.paid_total,
        case.advanced_total,
        case.repaid_total,
        WagePayment.objects.count(),
        AdvancePayment.objects.count(),
        AdvanceRepayment.objects.count(),
        OwedMonth.objects.count(),
    )


@pytest.fixture
def inspector(login):
    return login("fx_inspector")


@pytest.fixture
def case(filed):
    return filed(3)


def pay(client, case, claim, value: str, source: str = "employer", **extra):
    data = {
        "worker": str(claim.worker_id),
        "amount": value,
        "paid_on": TODAY().isoformat(),
        "source": source,
        "reference": "",
        **extra,
    }
    return post(client, case, "payment", data)


def advance(client, case, allocations: dict, **extra):
    data = {
        "payer_kind": "fund",
        "payer_name": "奉贤区农民工工资应急周转金",
        "decided_on": TODAY().isoformat(),
        "note": "协调会议定先行垫付",
        **{f"to_{c.worker_id}": v for c, v in allocations.items()},
        **extra,
    }
    return post(client, case, "advance", data)


# --- the section on the case page ---------------------------------------------------------------------


def test_the_case_page_includes_the_ledger(inspector, case):
    response = inspector.get(case_page(case))
    assert response.status_code == 200
    page = text(response)
    assert 'data-testid="ledger"' in page and "工资清欠台账" in page
    for claim in claims(case):
        assert claim.worker.name in page
    # the inspector's forms are there; the mediator's and the commission's are not
    assert 'id="ledger-claim"' in page and 'id="ledger-payment"' in page and 'id="ledger-advance"' in page
    assert 'id="ledger-mediation"' not in page and 'id="ledger-arbitration"' not in page


def test_ledger_page_in_scope_only(login, case):
    assert login("fx_inspector").get(ledger_url(case)).status_code == 200
    assert login("pt_admin").get(ledger_url(case)).status_code == 404  # another district


# --- claims -----------------------------------------------------------------------------------------------


def test_add_a_workers_claim(inspector, case):
    rng = random.Random(99)
    months = rows(
        "months", [{"month": "2026-07", "amount": "4800.50"}, {"month": "2026-08", "amount": "4800.50"}], 6
    )
    response = post(
        inspector, case, "claim", {"name": "新工人", "id_number": citizen_id(rng), "phone": "", **months}
    )
    assert response.status_code == 302 and response["Location"].startswith(case_page(case))
    claim = WageClaim.objects.get(case=case, worker__name="新工人")
    assert claim.owed_total == Decimal("9601.00")
    assert [m.month for m in claim.months.all()] == [date(2026, 7, 1), date(2026, 8, 1)]
    case.refresh_from_db()
    assert case.worker_count == 4 and case.owed_total == sum(c.owed_total for c in claims(case))
    page = text(inspector.get(ledger_url(case)))
    assert "新工人" in page and "9,601.00" in page


def test_a_future_month_is_refused_and_the_input_kept(inspector, case):
    before = snapshot(case)
    future = TODAY().replace(day=1) + timedelta(days=40)
    months = rows("months", [{"month": f"{future:%Y-%m}", "amount": "4800.50"}], 6)
    response = post(
        inspector, case, "claim", {"name": "未来工人", "id_number": citizen_id(random.Random(5)), **months}
    )
    assert response.status_code == 200
    page = text(response)
    assert "欠薪月份不能晚于本月" in page
    assert 'value="未来工人"' in page and 'value="4800.50"' in page
    assert snapshot(case) == before


# --- payments ---------------------------------------------------------------------------------------------


def test_record_a_wage_payment(inspector, case):
    claim = claims(case)[0]
    response = pay(inspector, case, claim, "1000.10", reference="银行回单001")
    assert response.status_code == 302 and response["Location"].endswith("#ledger")
    claim.refresh_from_db()
    assert claim.paid_total == Decimal("1000.10")
    assert WagePayment.objects.get(claim=claim).source == "employer"
    follow = inspector.get(ledger_url(case))
    assert "1,000.10" in text(follow)


def test_an_overpayment_is_refused_nothing_written_input_kept(inspector, case):
    claim = claims(case)[0]
    before = snapshot(case)
    too_much = claim.owed_total + Decimal("0.01")
    response = pay(inspector, case, claim, str(too_much), reference="回单X")
    assert response.status_code == 200
    page = text(response)
    assert "超过" in page and claim.worker.name in page
    assert re.search(r'name="payment-amount"[^>]*value="' + re.escape(str(too_much)), page) or (
        f'value="{too_much}"' in page
    )
    assert 'value="回单X"' in page
    assert 'id="ledger-payment" data-action="ledger-payment" open' in page
    assert snapshot(case) == before


def test_a_payment_to_a_worker_not_on_the_case_is_refused(inspector, case, filed, world):
    stranger = Person.objects.exclude(pk__in=[c.worker_id for c in claims(case)]).first()
    assert stranger is not None
    before = snapshot(case)
    response = post(
        inspector,
        case,
        "payment",
        {
            "worker": str(stranger.pk),
            "amount": "100.00",
            "paid_on": TODAY().isoformat(),
            "source": "employer",
        },
    )
    assert response.status_code == 200
    assert "该劳动者不在本案工资清欠台账中" in text(response)
    assert snapshot(case) == before


def test_an_advance_payment_needs_its_payer(inspector, case):
    before = snapshot(case)
    response = pay(inspector, case, claims(case)[0], "100.00", source="advance")
    assert response.status_code == 200 and "来源为垫付时请选择垫付单位" in text(response)
    assert snapshot(case) == before


# --- advances and repayments -------------------------------------------------------------------------------


def test_an_advance_with_allocations_in_one_form(inspector, case):
    a, b, c = claims(case)
    response = advance(inspector, case, {a: str(a.owed_total), b: "3000.00"})
    assert response.status_code == 302
    paid = AdvancePayment.objects.get(case=case)
    assert paid.payer_name == "奉贤区农民工工资应急周转金" and paid.payer_kind == "fund"
    assert paid.advanced_total == a.owed_total + Decimal("3000.00")
    assert sorted(paid.payments.values_list("claim", flat=True)) == sorted([a.pk, b.pk])
    c.refresh_from_db()
    assert c.paid_total == 0
    case.refresh_from_db()
    assert case.advanced_total == paid.advanced_total == case.paid_total


def test_an_advance_by_a_registered_enterprise(inspector, case, factory):
    soe = Enterprise.objects.exclude(pk=factory.pk).first()
    a = claims(case)[0]
    response = advance(
        inspector,
        case,
        {a: "1234.56"},
        payer_kind="enterprise",
        payer_name="",
        payer_credit_code=soe.credit_code,
    )
    assert response.status_code == 302
    assert AdvancePayment.objects.get(case=case).payer == soe


def test_an_advance_over_a_balance_is_refused_whole(inspector, case):
    a, b, _c = claims(case)
    before = snapshot(case)
    response = advance(inspector, case, {a: "100.00", b: str(b.owed_total + Decimal("1"))})
    assert response.status_code == 200
    page = text(response)
    assert "超过" in page and b.worker.name in page
    assert 'value="100.00"' in page  # the other worker's allocation kept
    assert snapshot(case) == before


def test_repayment_over_the_outstanding_is_refused(inspector, case):
    a = claims(case)[0]
    advance(inspector, case, {a: "5000.00"})
    paid = AdvancePayment.objects.get(case=case)
    before = snapshot(case)
    data = {
        "advance": str(paid.pk),
        "amount": "5000.01",
        "repaid_on": TODAY().isoformat(),
        "source": "enforcement",
        "reference": "（2026）沪0120执1234号",
    }
    response = post(inspector, case, "repayment", data)
    assert response.status_code == 200
    page = text(response)
    assert "超过" in page and "（2026）沪0120执1234号" in page
    assert snapshot(case) == before
    # the enforcement case number is required
    response = post(inspector, case, "repayment", {**data, "amount": "2000.00", "reference": ""})
    assert response.status_code == 200 and "请填写法院执行案号" in text(response)
    assert snapshot(case) == before
    response = post(inspector, case, "repayment", {**data, "amount": "2000.00"})
    assert response.status_code == 302
    paid.refresh_from_db()
    assert paid.repaid_total == Decimal("2000.00") and paid.outstanding == Decimal("3000.00")


# --- the page's totals ---------------------------------------------------------------------------------------


def test_the_totals_on_the_page_reconcile(inspector, case):
    a, b, c = claims(case)
    assert pay(inspector, case, a, "2000.00").status_code == 302
    assert advance(inspector, case, {a: "3000.00", b: str(b.owed_total)}).status_code == 302
    fund = AdvancePayment.objects.get(case=case)
    assert pay(inspector, case, c, "777.77", source="enforcement", reference="执行款").status_code == 302
    assert (
        post(
            inspector,
            case,
            "advance",
            {
                "payer_kind": "other",
                "payer_name": "南桥镇人民政府",
                "decided_on": TODAY().isoformat(),
                f"to_{c.worker_id}": "1000.00",
            },
        ).status_code
        == 302
    )
    assert (
        post(
            inspector,
            case,
            "repayment",
            {
                "advance": str(fund.pk),
                "amount": "1500.00",
                "repaid_on": TODAY().isoformat(),
                "source": "enforcement",
                "reference": "（2026）沪0120执88号",
            },
        ).status_code
        == 302
    )

    page = text(inspector.get(ledger_url(case)))
    workers_table = page.split('data-testid="ledger-workers"')[1].split("</table>")[0]
    advances_table = page.split('data-testid="ledger-advances"')[1].split("</table>")[0]
    body, total = cells(workers_table, "tbody"), cells(workers_table, "tfoot")
    payers, payer_total = cells(advances_table, "tbody"), cells(advances_table, "tfoot")
    assert len(body["owed"]) == 3 and len(payers["advanced"]) == 2
    for col in ("owed", "employer", "advance", "enforcement", "paid", "balance"):
        assert sum(body[col]) == total[col][0], col
    for i in range(3):
        assert body["paid"][i] == body["employer"][i] + body["advance"][i] + body["enforcement"][i]
        assert body["balance"][i] == body["owed"][i] - body["paid"][i] >= 0
    # money never appears or disappears: Σ over workers of advance-sourced == Σ over payers
    assert total["advance"][0] == sum(payers["advanced"]) == payer_total["advanced"][0]
    assert payer_total["repaid"][0] == Decimal("1500.00")
    assert payer_total["outstanding"][0] == payer_total["advanced"][0] - payer_total["repaid"][0]
    case.refresh_from_db()
    assert total["owed"][0] == case.owed_total and total["paid"][0] == case.paid_total
    assert total["advance"][0] == case.advanced_total
    assert 'data-testid="reconciled"' in page and "not-reconciled" not in page
    assert re.search(r"\d{1,3}(,\d{3})+\.\d{2}", page)  # thousands separators


# --- concurrency -------------------------------------------------------------------------------------------


def test_a_stale_form_gets_a_conflict_and_nothing_is_written(inspector, case):
    claim = claims(case)[0]
    seen = InspectionCase.objects.get(pk=case.pk).version
    assert pay(inspector, case, claim, "10.00").status_code == 302  # someone else's edit first
    before = snapshot(case)
    response = post(
        inspector,
        case,
        "payment",
        {
            "worker": str(claim.worker_id),
            "amount": "20.00",
            "paid_on": TODAY().isoformat(),
            "source": "employer",
        },
        version=seen,
    )
    assert response.status_code == 200
    page = text(response)
    assert "该记录已被他人修改" in page
    assert snapshot(case) == before
    # the refreshed form carries the current version: sent again on purpose, it goes through
    case.refresh_from_db()
    assert f'name="payment-version" value="{case.version}"' in page


# --- workers handed to the disputes module -----------------------------------------------------------------


def test_mediation_is_offered_to_the_towns_mediator_and_links_the_agreement(login, case, world):
    mediator = login("fx_mediator")
    assert mediator.get(ledger_url(case)).status_code == 404  # the ledger is the brigade's, as the case
    page = text(mediator.get(ledger_url(case, "handover")))
    assert 'id="ledger-mediation"' in page
    assert 'id="ledger-payment"' not in page  # the mediator does not keep the inspection ledger
    claim = claims(case)[0]
    response = post(
        mediator,
        case,
        "mediation",
        {
            "claim": str(claim.pk),
            "centre": str(world.orgs["fx_centre"].pk),
            "signed_on": TODAY().isoformat(),
            "due_on": (TODAY() + timedelta(days=10)).isoformat(),
            "terms": "",
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    claim.refresh_from_db()
    assert claim.resolution == "mediation" and claim.dispute_id
    # the agreement's number on the inspector's ledger; a link only for those who may open the dispute (the
    # centre's file, not the brigade's: a link would be a 404)
    page = text(login("fx_inspector").get(ledger_url(case)))
    assert claim.dispute.number in page and f'href="/disputes/{claim.dispute_id}/"' not in page
    page = text(login("fx_admin").get(ledger_url(case)))
    assert f'href="/disputes/{claim.dispute_id}/"' in page


def test_the_inspector_cannot_post_a_mediation(inspector, case, world):
    before = snapshot(case)
    response = post(
        inspector,
        case,
        "mediation",
        {
            "claim": str(claims(case)[0].pk),
            "centre": str(world.orgs["fx_centre"].pk),
            "signed_on": TODAY().isoformat(),
            "due_on": (TODAY() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code in (200, 403)
    assert (
        snapshot(case) == before and not WageClaim.objects.filter(case=case).exclude(resolution="").exists()
    )


def test_arbitration_by_the_commission_staff(login, case, world):
    admin = login("fx_admin")
    page = text(admin.get(ledger_url(case)))
    assert 'id="ledger-arbitration"' in page
    claim = claims(case)[1]
    response = post(
        admin,
        case,
        "arbitration",
        {
            "claim": str(claim.pk),
            "commission": str(world.orgs["fx_arbitration"].pk),
            "applied_on": TODAY().isoformat(),
            **rows("extra", [{"claim_type": "economic_compensation", "amount": "10400.00"}], 2),
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    claim.refresh_from_db()
    assert claim.resolution == "arbitration"
    assert sorted(claim.dispute.claims.values_list("claim_type", "amount")) == [
        ("economic_compensation", Decimal("10400.00")),
        ("unpaid_wages", claim.owed_total),
    ]


def test_the_ledger_page_reads_a_fixed_number_of_queries(inspector, filed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(case) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert inspector.get(ledger_url(case)).status_code == 200
        return len(queries)

    small = filed(2)
    assert advance(inspector, small, {c: "100.00" for c in claims(small)}).status_code == 302
    few = count(small)
    case = InspectionCase.objects.get(pk=small.pk)
    rng = random.Random(3)
    for i in range(6):
        months = rows("months", [{"month": "2026-06", "amount": "3000.00"}], 6)
        post(inspector, case, "claim", {"name": f"补登工人{i}", "id_number": citizen_id(rng), **months})
    assert advance(inspector, case, {c: "50.00" for c in claims(case)}).status_code == 302
    assert count(case) == few
