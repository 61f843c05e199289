"""Excel export shared by every list page."""

from collections.abc import Iterable
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

# A cell starting with one of these is read as a formula by spreadsheet programs (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    return xlsx_workbook_response(filename, [(title, headers, rows)])


def _bold(sheet, text: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=str(text))
    cell.font = Font(bold=True)
    return cell


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def xlsx_workbook_response(
    filename: str, sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]
) -> HttpResponse:
    """Several sheets in one workbook: (title, headers, rows) each, cells made safe as in xlsx_response."""
    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([_bold(sheet, h) for h in headers])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response
