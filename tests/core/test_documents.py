"""The official-document renderer (renshe.core.documents): layout read back from the PDF, fonts embedded."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from renshe.core import documents
from renshe.core.documents import DocumentTable, OfficialDocument, chinese_date, render_pdf
from renshe.core.money import yuan

NUMBER = "张江调〔2026〕0001号"
LONG_PARAGRAPH = (
    "经调解，双方当事人在平等自愿、互谅互让的基础上达成如下共识："
    + "劳动者的合法权益受法律保护，用人单位应当依法按时足额支付劳动报酬（含加班费）。" * 8
    + "本段最后几个字是验证尾字符"
)
AMOUNTS = [yuan(Decimal(1000 + 137 * i) + Decimal("0.5")) for i in range(1, 31)]


def agreement() -> OfficialDocument:
    return OfficialDocument(
        issuer="张江镇劳动争议调解中心",
        title="调解协议书",
        number=NUMBER,
        parties=[
            (
                "申请人",
                "张三丰，男，1985年3月2日出生，身份证号码 310107********1234，住上海市浦东新区张江路100弄。",
            ),
            ("被申请人", "上海<b>&测试科技有限公司，住所地上海市浦东新区科苑路88号。"),
        ],
        sections=[
            ("一、争议事项", ["申请人于2023年3月1日入职被申请人处，因拖欠工资及加班费申请调解。"]),
            ("二、调解结果", [LONG_PARAGRAPH]),
            ("", ["本协议书一式三份，双方当事人各执一份，调解中心留存一份。"]),
        ],
        items=DocumentTable(
            header=["序号", "项目", "金额（元）", "履行期限"],
            rows=[
                [str(i), f"2026年{i % 12 + 1}月工资差额及加班费", amount, f"2026年12月{i % 28 + 1}日前"]
                for i, amount in enumerate(AMOUNTS, start=1)
            ],
        ),
        signatures=["申请人（签名）", "被申请人（盖章）", "调解员（签名）"],
        seal_text="张江镇劳动争议调解中心（印章）",
        date_text=chinese_date(date(2026, 11, 25)),
        footnote="当事人一方不履行本协议的，另一方可以依法申请仲裁。",
    )


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(agreement())))


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return [page.extract_text() for page in pdf.pages]


def test_renders_a_multi_page_pdf_with_page_numbers(pdf, pages):
    total = len(pdf.pages)
    assert total >= 2
    for n, text in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {total} 页" in text
    assert "第 1 页" in pages[0]


def test_the_text_reads_back_in_order(pages):
    text = "\n".join(pages)
    assert "调解协议书" in text
    assert NUMBER in text
    assert "张三丰" in text
    assert AMOUNTS[-1] in text  # the table's last row, on a later page
    assert "二〇二六年十一月二十五日" in text
    assert "张江镇劳动争议调解中心（印章）" in text
    assert text.index("申请人：张三丰") < text.index("一、争议事项") < text.index(AMOUNTS[0])


def test_no_character_is_lost_to_wrapping(pages):
    # every page without its page number and running head, then the text without the line breaks
    body = "".join(
        text.replace(f"第 {n} 页 共 {len(pages)} 页", "").replace(NUMBER, "")
        for n, text in enumerate(pages, start=1)
    )
    compact = re.sub(r"\s", "", body)
    assert LONG_PARAGRAPH in compact
    assert "验证尾字符" in pages[0] + pages[1]


def test_user_text_is_printed_literally(pages):
    assert "上海<b>&测试科技有限公司" in "".join(pages)


def test_markup_in_every_field_never_breaks_rendering():
    doc = OfficialDocument(
        issuer="<b>&amp;</b>",
        title="<font name=x>",
        number="&lt;1&gt;",
        parties=[("<i>", "<br/><para>&#x41; ( ) \\")],
        sections=[("<u>", ["]]> %PDF"])],
        items=(["<a>", "b&c"], [["<>", "&&"]]),
        signatures=["<sig>"],
        seal_text="<seal>",
        date_text="&",
        footnote="<note>\x00\x07",
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(doc))).pages)
    for literal in (
        "<b>&amp;</b>",
        "<font name=x>",
        "&lt;1&gt;",
        "<br/><para>&#x41;",
        "b&c",
        "<seal>",
        "<note>",
    ):
        assert literal in text


def _fonts(pdf: PdfReader) -> list:
    fonts = []
    for page in pdf.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            fonts.append(font)
    return fonts


def test_the_cjk_font_is_embedded_not_st_song_light(pdf):
    fonts = _fonts(pdf)
    assert fonts
    for font in fonts:
        assert "STSong" not in str(font["/BaseFont"])
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]


def test_a_missing_font_names_the_debian_package():
    with pytest.raises(documents.DocumentFontError, match="fonts-arphic-uming"):
        documents._load("Nope", [("/nonexistent/uming.ttc", 0, "fonts-arphic-uming")])


def test_table_rows_must_match_the_header():
    with pytest.raises(ValueError, match="row 2"):
        DocumentTable(header=["项目", "金额（元）"], rows=[["工资", "1.00"], ["加班费"]])


def test_chinese_date():
    assert chinese_date(date(2026, 11, 25)) == "二〇二六年十一月二十五日"
    assert chinese_date(date(2021, 5, 20)) == "二〇二一年五月二十日"
    assert chinese_date(date(2030, 10, 1)) == "二〇三〇年十月一日"
    assert chinese_date(date(2019, 12, 31)) == "二〇一九年十二月三十一日"
    assert chinese_date(date(2008, 1, 10)) == "二〇〇八年一月十日"


def test_yuan():
    assert yuan(Decimal("12345.5")) == "12,345.50"
    assert yuan(Decimal("0")) == "0.00"
    assert yuan(Decimal("1234567.005")) == "1,234,567.01"
    assert yuan(Decimal("-80")) == "-80.00"
    assert yuan(300) == "300.00"


_WORD = st.text(alphabet=st.sampled_from(list("劳动者权益受法律保护工资加班费")), min_size=1, max_size=4)
_PIECE = st.one_of(
    _WORD,
    st.tuples(_WORD, st.sampled_from(list("，。、：；"))).map("".join),  # a word and its punctuation
    _WORD.map(lambda w: f"（{w}）"),
    _WORD.map(lambda w: f"《{w}》。"),
    _WORD.map(lambda w: f"“{w}”，"),
    st.sampled_from(["310107********1234", "12,345.50", "ab", " "]),
)


@settings(max_examples=80, deadline=None)
@given(text=st.lists(_PIECE, max_size=40).map("".join), chars=st.integers(min_value=6, max_value=30))
def test_line_breaking_keeps_every_character_and_the_rules(text, chars):
    documents._ensure_fonts()
    size = 15
    width = chars * size
    lines = [
        line for line, _ in documents._break_lines(text, documents.BODY_FONT, size, width, width - 2 * size)
    ]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # only spaces at a break may go
    for i, line in enumerate(lines):
        assert (
            documents._width(line, documents.BODY_FONT, size)
            <= (width - 2 * size if i == 0 else width) + 1e-6
        )
        if i > 0:
            assert not line.startswith(tuple("，。、：；）》”")), lines
        if i < len(lines) - 1:
            assert not line.endswith(tuple("（《“")), lines
