"""The rectification order waits for the case's inspectors (条例 第十六条) and starts from the ledger's balance;
the wage ledger's actions sit in the case's action bar; the ledger exports to Excel (an audited download)."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from renshe.audit.models import AccessKind, AccessRecord
from renshe.core.errors import ValidationFailed
from renshe.inspection import services
from tests import builders

T = timezone.localdate


@pytest.fixture
def accepted(world):
    """A complaint by two workers, accepted but with no inspectors assigned yet."""
    case = builders.registered(world, serial=93001, received_on=T() - timedelta(days=3))
    return services.accept_case(case, by=world.users["fx_inspector"], filed_on=T(), version=case.version)


def _section(page: str, marker: str) -> str:
    return page.split(marker, 1)[1].split("</section>", 1)[0]


def test_no_order_before_the_inspectors_are_assigned(world, login, accepted):
    with pytest.raises(ValidationFailed) as refused:
        services.issue_rectification_order(
            accepted,
            by=world.users["fx_inspector"],
            issued_on=T(),
            deadline=T() + timedelta(days=15),
            requirements="限期支付工资",
            version=accepted.version,
        )
    assert refused.value.field == "inspectors"
    assert (
        str(refused.value.message)
        == "请先指定承办监察员（不少于2名，《劳动保障监察条例》第十六条），再发出限期改正指令书"
    )
    assert not accepted.orders.exists()
    page = login("fx_inspector").get(f"/inspection/{accepted.pk}/").content.decode()
    assert 'data-action="order"' not in page and 'data-action="assign"' in page


def test_once_assigned_the_order_is_offered_prefilled_with_the_balance(world, login, accepted):
    pair = [world.users["fx_inspector"], world.users["fx_inspector2"]]
    case = services.assign_inspectors(accepted, by=pair[0], inspectors=pair, version=accepted.version)
    assert case.balance == case.owed_total > 0
    page = login("fx_inspector").get(f"/inspection/{case.pk}/").content.decode()
    form = page.split('data-action="order"', 1)[1].split("</form>", 1)[0]
    field = re.search(r"<input[^>]*name=\"order-amount_to_pay\"[^>]*>", form).group(0)
    assert f'value="{case.balance}"' in field
    order = services.issue_rectification_order(
        case,
        by=pair[0],
        issued_on=T(),
        deadline=T() + timedelta(days=15),
        requirements="限期支付工资",
        version=case.version,
    )
    assert order.amount_to_pay == case.balance


def test_the_ledgers_actions_are_in_the_case_action_bar(world, login, accepted):
    page = login("fx_inspector").get(f"/inspection/{accepted.pk}/").content.decode()
    bar = _section(page, 'class="panel case-actions"')
    assert 'data-action="ledger-claim"' in bar and 'data-action="ledger-payment"' in bar
    ledger = _section(page, 'data-testid="ledger"')
    assert "data-action=" not in ledger
    assert 'data-testid="ledger-export"' in ledger
    # the ledger on its own page keeps its forms (a refused one opens there)
    alone = login("fx_inspector").get(f"/inspection/{accepted.pk}/ledger/view/").content.decode()
    assert 'data-action="ledger-claim"' in alone


def test_the_ledger_exports_to_excel_and_the_download_is_recorded(world, login, accepted):
    inspector = world.users["fx_inspector"]
    claim = accepted.claims.order_by("pk").first()
    services.record_wage_payment(
        accepted,
        by=inspector,
        worker=claim.worker,
        amount=Decimal("1000.00"),
        paid_on=T(),
        source="employer",
        version=accepted.version,
    )
    accepted.refresh_from_db()
    response = login("fx_inspector").get(f"/inspection/{accepted.pk}/ledger/view/", {"export": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    workers = list(book["工资清欠台账"].iter_rows(values_only=True))
    assert workers[0][:4] == ("劳动者", "证件号码", "欠薪月份", "欠薪（元）")
    lines = {row[0]: row for row in workers[1:]}
    paid = lines[claim.worker.name]
    assert paid[1] == claim.worker.masked_id  # masked, as on the page
    assert Decimal(str(paid[3])) == claim.owed_total and Decimal(str(paid[4])) == Decimal("1000.00")
    assert Decimal(str(paid[8])) == claim.owed_total - Decimal("1000.00")
    total = lines["合计"]
    assert Decimal(str(total[3])) == accepted.owed_total and Decimal(str(total[7])) == Decimal("1000.00")
    payments = list(book["支付记录"].iter_rows(values_only=True))
    assert payments[1][0] == claim.worker.name and Decimal(str(payments[1][4])) == Decimal("1000.00")
    record = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD)
    assert record.detail["filename"] == f"工资清欠台账-{accepted.number}.xlsx"


def test_those_who_may_not_export_are_refused_and_see_no_button(world, login, accepted):
    assert login("fx_grid").get(
        f"/inspection/{accepted.pk}/ledger/view/", {"export": "xlsx"}
    ).status_code in (
        403,
        404,
    )
