"""Excel export: the filtered list, with cells that spreadsheet programs would run as formulas defused."""

from io import BytesIO

from openpyxl import load_workbook

from renshe.core import services
from renshe.core.synthetic import credit_code


def test_export_follows_the_filter_and_defuses_formulas(login, world):
    street = world.orgs["street:310107005"]
    services.register_enterprise(
        by=world.users["pt_admin"],
        credit_code=credit_code(4242),
        data=services.EnterpriseInput(
            name='=HYPERLINK("http://x")有限公司',
            industry="34",
            street=street.pk,
            size="small",
            legal_representative="@SUM(A1)",
            address="+1",
        ),
    )
    response = login("pt_admin").get(f"/enterprises/?street={street.pk}&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码"
    row = next(r for r in rows if r[0] == credit_code(4242))
    assert row[1].startswith("'=") and row[5].startswith("'@") and row[6].startswith("'+")
    assert {r[3] for r in rows[1:]} == {street.name}


def test_export_needs_the_export_permission(login, world):
    assert login("pt_expert").get("/enterprises/?export=xlsx").status_code == 403
