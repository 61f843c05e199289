"""参数设置: the minimum wage (and the criminal thresholds) as data with an effective date."""

from datetime import date
from decimal import Decimal

import pytest

from renshe.core import administration, parameters
from renshe.core.errors import PermissionDenied
from renshe.core.models import AmountKind, Event, StatutoryAmount
from renshe.disputes.services import final_award_limit, is_final_item

WAGE = AmountKind.MONTHLY_MINIMUM_WAGE


def test_the_migration_seeded_the_minimum_wage_from_the_setting(db):
    row = StatutoryAmount.objects.get(kind=WAGE)
    assert (row.amount, row.effective_from, row.region) == (Decimal("2740.00"), date(2025, 7, 1), None)
    assert row.citation


def test_the_minimum_wage_in_force_changes_exactly_on_its_effective_date(world):
    administration.add_statutory_amount(
        by=world.users["admin"],
        kind=WAGE,
        amount="2800",
        effective_from=date(2026, 7, 1),
        citation="沪人社规〔2026〕1号",
    )
    assert parameters.minimum_wage_on(date(2026, 6, 30)) == Decimal("2740.00")
    assert parameters.minimum_wage_on(date(2026, 7, 1)) == Decimal("2800.00")
    # 第四十七条: 33,000 is within twelve months of the new wage (33,600), not of the old one (32,880)
    assert is_final_item("unpaid_wages", Decimal("33000"), final_award_limit(date(2026, 7, 1)))
    assert not is_final_item("unpaid_wages", Decimal("33000"), final_award_limit(date(2026, 6, 30)))


def test_the_setting_is_only_the_fallback_when_no_row_is_in_force(db, settings):
    settings.RENSHE_MONTHLY_MINIMUM_WAGE = "2590.00"
    assert parameters.minimum_wage_on(date(2025, 6, 30)) == Decimal("2590.00")  # before the first row
    assert parameters.minimum_wage_on(date(2025, 7, 1)) == Decimal("2740.00")
    settings.RENSHE_CRIMINAL_THRESHOLD_SINGLE = "15000.00"  # no threshold rows yet: the setting
    assert parameters.amount_in_force(AmountKind.CRIMINAL_THRESHOLD_SINGLE, date(2026, 1, 1)) == Decimal(
        "15000.00"
    )


def test_only_a_jurisdiction_wide_admin_sets_an_amount_and_bad_input_writes_nothing(login, world):
    with pytest.raises(PermissionDenied):
        administration.add_statutory_amount(
            by=world.users["pt_admin"],
            kind=WAGE,
            amount="9999",
            effective_from=date(2026, 1, 1),
            citation="x",
        )
    page = login("pt_admin").get("/system/parameters/")
    html = page.content.decode()
    assert "2,740.00" in html and "月最低工资标准" in html and 'name="citation"' not in html

    client = login("admin")
    good = {"kind": WAGE, "amount": "2800", "effective_from": "2026-07-01", "citation": "沪人社规〔2026〕1号"}
    for bad in ({"amount": "abc"}, {"amount": "-1"}, {"citation": ""}, {"effective_from": "2025-07-01"}):
        assert client.post("/system/parameters/", {**good, **bad}).status_code == 200
    assert StatutoryAmount.objects.count() == 1
    values = good
    assert client.post("/system/parameters/", values).status_code == 302
    assert StatutoryAmount.objects.get(effective_from=date(2026, 7, 1)).amount == Decimal("2800.00")
    assert "2,800.00" in Event.objects.get(verb="parameter.added").summary
