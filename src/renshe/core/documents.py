"""Official documents (公文-style PDFs) shared by every module.

A module describes its document as plain data — an :class:`OfficialDocument` — and :func:`render_pdf` lays it
out on A4 in the conventional style (after GB/T 9704): issuer and title centred at the top, the document
number right-aligned below them, the parties, the body sections with a two-character first-line indent, an
optional bordered table, the signature lines, then the issuing body's seal text and the date at the bottom
right, with "第 N 页 共 M 页" on every page.

Every string is user data: this module breaks and draws the text itself (Chinese line-breaking rules,
justified lines), and never passes it through reportlab's paragraph markup, so "<b>&" prints literally and
no user text can break the rendering. The CJK font is a TrueType font embedded (subsetted) in the PDF — reportlab's built-in
STSong-Light is never used, as it is not embedded and renders differently (or not at all) from one viewer to
another. reportlab only reads TrueType outlines, so the OpenType/CFF Noto CJK fonts cannot be used; the fonts
come from the Debian packages fonts-arphic-uming (AR PL UMing, a Song/Ming face for the text) and
fonts-wqy-zenhei (WenQuanYi Zen Hei, a Hei face for the title and headings), which bin/setup installs.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "LAYOUT_VERSION",
    "DocumentFontError",
    "DocumentTable",
    "OfficialDocument",
    "chinese_date",
    "render_pdf",
]


# The version of this layout, part of every issued document's template version (core.issuing): bump it
# whenever a change here changes how a document prints.
LAYOUT_VERSION = 1

# --------------------------------------------------------------------------------------------- the data


@dataclass
class DocumentTable:
    """A bordered table in a document, e.g. the items of a mediation agreement.

    ``footer`` is an optional closing row (e.g. 合计). ``align`` optionally gives each column's alignment
    ("left", "center" or "right"); by default columns whose cells are all amounts or numbers are
    right-aligned and the others left-aligned.
    """

    header: list[str]
    rows: list[list[str]]
    footer: list[str] | None = None
    caption: str = ""
    align: list[str] | None = None

    def __post_init__(self):
        if not self.header:
            raise ValueError("a document table needs a header row")
        n = len(self.header)
        for i, row in enumerate([*self.rows, *([self.footer] if self.footer else [])]):
            if len(row) != n:
                raise ValueError(f"row {i + 1} of the table has {len(row)} cells, the header has {n}")
        if self.align is not None and (
            len(self.align) != n or any(a not in ("left", "center", "right") for a in self.align)
        ):
            raise ValueError('align must give "left", "center" or "right" for each column')


@dataclass
class OfficialDocument:
    """The content of one official document, as plain data (no models).

    ``parties`` is a list of (role, text), e.g. ("申请人", "张三，男，…"); ``sections`` a list of
    (heading or "", [paragraph, …]); ``items`` an optional :class:`DocumentTable` — a (header, rows) pair is
    accepted too; ``closing_sections`` come after the table (e.g. the legal effect, appeal rights);
    ``signatures`` the labels of the signature lines, e.g. "申请人（签名）".
    """

    issuer: str
    title: str
    number: str = ""
    parties: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    items: DocumentTable | None = None
    closing_sections: list[tuple[str, list[str]]] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    seal_text: str = ""
    date_text: str = ""
    footnote: str = ""

    def __post_init__(self):
        if self.items is not None and not isinstance(self.items, DocumentTable):
            header, rows = self.items
            self.items = DocumentTable(header=list(header), rows=[list(r) for r in rows])


# ------------------------------------------------------------------------------------------ the helpers

_DIGITS = "〇一二三四五六七八九"


# The markers a drafter numbers clauses with, by level as official documents use them (一、 then （一） then 1.
# then （1）), or 第一条; a line that starts with one is numbered already.
_CN = "一二三四五六七八九十百零〇"
CLAUSE_MARKER = re.compile(
    rf"^\s*(?:第[{_CN}\d]+条|[{_CN}]+\s*[、，,.．]|[（(]\s*[{_CN}\d]+\s*[）)]|\d+\s*[、.．)）]|[①-⑳])"
)
FIRST_LEVEL = re.compile(rf"^\s*([{_CN}]+)\s*[、，,.．]\s*")


def number_clauses(lines: list[str], *, inside_numbered_section: bool) -> list[str]:
    """Clauses as a document prints them, never numbered twice nor clashing with the document's own headings.

    Lines the drafter did not number are numbered here when there are two or more: （一）（二）… inside a section
    whose heading is itself numbered 一、 (the next level down), else 一、二、…. Lines the drafter numbered keep
    their numbers; only a first-level 一、 inside a numbered section is written one level down, （一）, so that
    it cannot read as the document's next section."""
    if not any(CLAUSE_MARKER.match(line) for line in lines):
        if len(lines) < 2:
            return list(lines)
        if inside_numbered_section:
            return [f"（{chinese_count(i)}）{line}" for i, line in enumerate(lines, start=1)]
        return [f"{chinese_count(i)}、{line}" for i, line in enumerate(lines, start=1)]
    if not inside_numbered_section:
        return list(lines)
    return [FIRST_LEVEL.sub(lambda m: f"（{m.group(1)}）", line, count=1) for line in lines]


def chinese_count(n: int) -> str:
    """1..99 as clause numbers are written: 一, 十, 十一, 二十一."""
    return _small_number(n) if 0 < n < 100 else str(n)


def _small_number(n: int) -> str:
    """1..31 in Chinese numerals as written in dates: 十, 十一, 二十, 二十五, 三十一."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def chinese_date(d: date) -> str:
    """The date as official documents write it: date(2026, 11, 25) -> "二〇二六年十一月二十五日"."""
    year = "".join(_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_small_number(d.month)}月{_small_number(d.day)}日"


# ------------------------------------------------------------------------------------------------ fonts


class DocumentFontError(RuntimeError):
    """No embeddable CJK TrueType font is installed."""


# (path, subfont index of the Simplified Chinese face, Debian package). reportlab reads TrueType outlines
# only: the OpenType/CFF Noto CJK .ttc files of fonts-noto-cjk are refused ("postscript outlines are not
# supported"), hence these.
_UMING = ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "fonts-arphic-uming")
_ZENHEI = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "fonts-wqy-zenhei")
_MICROHEI = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "fonts-wqy-microhei")
_BODY_FONTS = [_UMING, _ZENHEI, _MICROHEI]  # a Song/Ming face, for the text
_HEADING_FONTS = [_ZENHEI, _MICROHEI, _UMING]  # a Hei face, for the title and headings

BODY_FONT = "RensheDocSong"
HEADING_FONT = "RensheDocHei"

_fonts_lock = threading.Lock()
_fonts: dict[str, TTFont] = {}


def _load(name: str, candidates) -> TTFont:
    for path, index, _package in candidates:
        if Path(path).is_file():
            font = TTFont(name, path, subfontIndex=index)
            pdfmetrics.registerFont(font)
            return font
    looked = ", ".join(p for p, _, _ in candidates)
    packages = " or ".join(pkg for _, _, pkg in candidates[:2])
    raise DocumentFontError(
        f"no embeddable CJK TrueType font found for official documents (looked for {looked}); "
        f"install the Debian package {packages} (bin/setup does)"
    )


def _ensure_fonts() -> dict[str, TTFont]:
    with _fonts_lock:
        if not _fonts:
            body = _load(BODY_FONT, _BODY_FONTS)
            heading = _load(HEADING_FONT, _HEADING_FONTS)
            _fonts.update({BODY_FONT: body, HEADING_FONT: heading})
        return _fonts


def _has_glyph(font_name: str, ch: str) -> bool:
    return ord(ch) in _fonts[font_name].face.charToGlyph


def _other(font_name: str) -> str:
    return HEADING_FONT if font_name == BODY_FONT else BODY_FONT


def _runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """Split text into (font, chunk) runs: a character the font lacks (a rare character in a name, say) is
    taken from the other font when that one has it, so it is not printed as an empty box."""
    fallback = _other(font_name)
    runs: list[tuple[str, str]] = []
    for ch in text:
        name = font_name
        if not _has_glyph(font_name, ch) and _has_glyph(fallback, ch):
            name = fallback
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _clean(text) -> str:
    """User text as a plain single-spaced string: tabs become spaces, control characters go, the text is
    put in NFC form (so a decomposed character is not printed as two glyphs)."""
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


_widths: dict[tuple[str, float, str], float] = {}


def _char_width(ch: str, font_name: str, size: float) -> float:
    key = (font_name, size, ch)
    if key not in _widths:
        _widths[key] = _width(ch, font_name, size)
    return _widths[key]


def _width(text: str, font_name: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, name, size) for name, chunk in _runs(text, font_name))


def _draw(canv: Canvas, x: float, y: float, text: str, font_name: str, size: float, char_space: float = 0):
    """Draw one line of text at (x, y), taking missing characters from the other font. The text is
    written as it is (the PDF string is escaped by reportlab): no markup is ever parsed."""
    t = canv.beginText(x, y)
    t.setCharSpace(char_space)
    for name, chunk in _runs(text, font_name):
        t.setFont(name, size)
        t.textOut(chunk)
    canv.drawText(t)


# The usual Chinese line-breaking rules (避头尾): characters a line may not start with, and may not end with.
_NO_START = set("，。、；：？！）》」』】〕〉］｝”’…—·～％‰℃,.;:?!)]}%")
_NO_END = set("（《「『【〔〈［｛“‘([{¥￥$")
# Kept whole where they fit on a line: Latin words, numbers, identifiers, amounts ("12,345.50").
_WORD = re.compile(r"[A-Za-z0-9*#_@%+./:,\-]+|.", re.DOTALL)


def _break_lines(text: str, font_name: str, size: float, width: float, first_width: float | None = None):
    """Break text into lines that fit: between any two Chinese characters, at spaces, never inside a Latin
    word or number that fits on a line, never starting a line with a closing mark (，。）…) nor ending one
    with an opening mark (（《“…) — the character before is carried over to the next line instead of the
    mark hanging in the margin. Returns [(line, ends_paragraph)]: a justified paragraph's last line, and
    the line before a line break in the text, are not stretched."""

    def w(unit: str) -> float:
        return sum(_char_width(ch, font_name, size) for ch in unit)

    first_width = width if first_width is None else first_width
    narrowest = min(width, first_width)
    out: list[tuple[str, bool]] = []
    avail = first_width
    for hard in _clean(text).split("\n"):
        units: list[str] = []
        for token in _WORD.findall(hard):
            units.extend(token if len(token) > 1 and w(token) > narrowest else [token])
        line: list[str] = []
        used = 0.0
        for unit in units:
            uw = w(unit)
            if line and used + uw > avail + 1e-6:
                carry: list[str] = []
                nxt = unit
                while len(line) > 1 and len(carry) < 3 and (nxt[0] in _NO_START or line[-1][-1] in _NO_END):
                    carry.insert(0, line.pop())
                    nxt = carry[0]
                out.append(("".join(line).rstrip(" "), False))
                avail = width
                line = carry
                while line and line[0] == " ":
                    line.pop(0)
                used = sum(w(u) for u in line)
                if line and used + uw > avail + 1e-6:  # the carried units and this one do not fit: no rules
                    out.append(("".join(line).rstrip(" "), False))
                    line, used = [], 0.0
            if unit == " " and not line:
                continue  # no space at the start of a line
            line.append(unit)
            used += uw
        out.append(("".join(line).rstrip(" "), True))
        avail = width
    return out


class _Text(Flowable):
    """A paragraph of user text, laid out by this module rather than by reportlab's Paragraph: the text
    is never parsed as markup (so "<b>&" prints literally), Chinese line breaking follows the rules above,
    and justified lines are spread to both margins by character spacing, as Chinese text is typeset."""

    def __init__(
        self,
        text: str,
        font_name: str = "",
        size: float = 0,
        leading: float = 0,
        indent: float = 0,
        align: str = "justify",
        space_before: float = 0,
        space_after: float = 0,
        lines: list[tuple[str, bool]] | None = None,
        indent_first: bool = True,
    ):
        super().__init__()
        self.text = text
        self.font_name = font_name or BODY_FONT
        self.size = size or BODY_SIZE
        self.leading = leading or BODY_LEADING
        self.indent = indent
        self.align = align
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._lines = lines  # given to the parts of a split paragraph, already broken
        self._indent_first = indent_first  # False on the second part of a split paragraph
        self._broken_at: float | None = None

    def _layout(self, aW) -> list[tuple[str, bool]]:
        if self._lines is not None:
            return self._lines
        if self._broken_at != aW:
            self._broken_at = aW
            first = aW - (self.indent if self._indent_first else 0)
            self._broken = _break_lines(self.text, self.font_name, self.size, aW, first)
        return self._broken

    def wrap(self, aW, aH):
        self.width = aW
        self.height = self.leading * len(self._layout(aW))
        return aW, self.height

    def split(self, aW, aH):
        lines = self._layout(aW)
        n = int((aH + 1e-6) // self.leading)
        if n >= len(lines) or n < 1 or (n == 1 and len(lines) > 2):
            return []  # it fits; or there is no room, or room for a lone first line only
        if len(lines) - n == 1 and n > 1:  # nor a lone last line at the head of the next page
            n -= 1
        common = (self.text, self.font_name, self.size, self.leading, self.indent, self.align)
        return [
            _Text(*common, self.spaceBefore, 0, lines=lines[:n], indent_first=self._indent_first),
            _Text(*common, 0, self.spaceAfter, lines=lines[n:], indent_first=False),
        ]

    def draw(self):
        lines = self._layout(self.width)
        for i, (line, last) in enumerate(lines):
            x0 = self.indent if (i == 0 and self._indent_first) else 0
            room = self.width - x0
            natural = _width(line, self.font_name, self.size)
            char_space = 0.0
            if self.align == "center":
                x = x0 + (room - natural) / 2
            elif self.align == "right":
                x = self.width - natural
            else:
                x = x0
                gaps = len(line) - 1
                if self.align == "justify" and not last and gaps > 0:
                    char_space = (room - natural) / gaps
                    if char_space > self.size * 0.6:  # a line cut short by a long word: leave it ragged
                        char_space = 0.0
            y = self.height - self.leading * (i + 1) + (self.leading - self.size) / 2 + self.size * 0.12
            _draw(self.canv, x, y, line, self.font_name, self.size, char_space)


# ------------------------------------------------------------------------------------------- the layout

PAGE_WIDTH, PAGE_HEIGHT = A4
# GB/T 9704: top margin 37 mm, binding (left) margin 28 mm, type area 156 x 225 mm.
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 225 * mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT

BODY_SIZE = 15  # close to 三号 (16 pt), 29 characters to the line
BODY_LEADING = 27
TABLE_SIZE = 12  # 小四
TITLE_SIZE = 24
ISSUER_SIZE = 17
FOOTER_SIZE = 10.5  # 五号
FOOTNOTE_SIZE = 12


class _Centred(Flowable):
    """Centred lines of the heading font: the issuer, and the (bold) title.

    A short title is letter-spaced as official documents print it; the bold is the outline stroked as well
    as filled (the Hei face has no bold weight)."""

    def __init__(self, text: str, size: float, leading: float, bold: bool = False, spaced: bool = False):
        super().__init__()
        self.text, self.size, self.leading, self.bold, self.spaced = _clean(text), size, leading, bold, spaced

    def wrap(self, aW, aH):
        text = self.text.replace("\n", " ")
        self.char_space = self.size * 0.5 if self.spaced and 1 < len(text) <= 6 else 0.0
        if _width(text, HEADING_FONT, self.size) + self.char_space * (len(text) - 1) <= aW:
            self.lines = [text]
        else:
            self.char_space = 0.0
            self.lines = [line for line, _ in _break_lines(text, HEADING_FONT, self.size, aW)]
        self.width = aW
        self.height = self.leading * len(self.lines)
        return aW, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        if self.bold:
            c.setLineWidth(self.size * 0.035)
            c.setLineJoin(1)
        for i, line in enumerate(self.lines):
            w = _width(line, HEADING_FONT, self.size) + self.char_space * (len(line) - 1)
            y = self.height - self.leading * (i + 1) + (self.leading - self.size) / 2 + self.size * 0.12
            t = c.beginText((self.width - w) / 2, y)
            t.setCharSpace(self.char_space)
            t.setTextRenderMode(2 if self.bold else 0)
            for name, chunk in _runs(line, HEADING_FONT):
                t.setFont(name, self.size)
                t.textOut(chunk)
            c.drawText(t)
        c.restoreState()


class _Signatures(Flowable):
    """Signature lines: each label followed by a line to sign on, with room above it; two to a row when
    the labels are short enough."""

    LINE_MIN = 24 * mm  # the shortest line to sign on
    LINE_MAX = 70 * mm  # and the longest, when they stand one to a row
    GAP = 8 * mm  # between the two columns

    def __init__(self, labels: list[str], size: float = BODY_SIZE):
        super().__init__()
        self.labels = [_clean(label).replace("\n", " ").strip() for label in labels]
        self.labels = [label for label in self.labels if label]
        self.size = size
        self.room = size * 2.6  # to sign in, above each line
        self.line_height = size * 1.5

    def _label(self, label: str) -> str:
        return label if label.endswith(("：", ":")) else label + "："

    def _layout(self, aW):
        col_w = (aW - self.GAP) / 2
        widest = max((_width(self._label(label), BODY_FONT, self.size) for label in self.labels), default=0)
        cols = 2 if widest + self.LINE_MIN <= col_w else 1
        if cols == 1:
            col_w = min(aW, widest + self.LINE_MAX)
        rows = []
        for i in range(0, len(self.labels), cols):
            rows.append(
                [
                    [
                        line
                        for line, _ in _break_lines(
                            self._label(label), BODY_FONT, self.size, col_w - self.LINE_MIN
                        )
                    ]
                    for label in self.labels[i : i + cols]
                ]
            )
        return cols, col_w, rows

    def _row_height(self, cells) -> float:
        return self.room + self.line_height * max(len(lines) for lines in cells)

    def wrap(self, aW, aH):
        self.width = aW
        self.cols, self.col_w, self.rows = self._layout(aW)
        self.height = sum(self._row_height(cells) for cells in self.rows)
        return aW, self.height

    def split(self, aW, aH):
        cols, _, rows = self._layout(aW)
        used, n = 0.0, 0
        for cells in rows:
            if used + self._row_height(cells) > aH:
                break
            used += self._row_height(cells)
            n += 1
        if n == 0 or n == len(rows):
            return []
        return [
            _Signatures(self.labels[: n * cols], self.size),
            _Signatures(self.labels[n * cols :], self.size),
        ]

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(0.6)
        y = self.height
        for cells in self.rows:
            y -= self._row_height(cells)
            for col, lines in enumerate(cells):
                x0 = col * (self.col_w + self.GAP)
                base = y + self.size * 0.35  # the last line of the label, and the line to sign on
                for k, text in enumerate(lines):
                    _draw(c, x0, base + self.line_height * (len(lines) - 1 - k), text, BODY_FONT, self.size)
                start = x0 + _width(lines[-1], BODY_FONT, self.size) + 2
                c.line(start, base - self.size * 0.18, x0 + self.col_w, base - self.size * 0.18)
        c.restoreState()


class _SealAndDate(Flowable):
    """The issuing body (the seal is stamped over it) and the date, at the bottom right: the lines are
    centred on each other, and the block stands two characters from the right margin."""

    def __init__(self, texts: list[str], size: float = BODY_SIZE, leading: float = BODY_LEADING):
        super().__init__()
        self.texts = [_clean(text).strip() for text in texts if _clean(text).strip()]
        self.size, self.leading = size, leading
        self.right_indent = 2 * size

    def wrap(self, aW, aH):
        self.width = aW
        room = aW - self.right_indent
        self.lines = [
            line for text in self.texts for line, _ in _break_lines(text, BODY_FONT, self.size, room)
        ]
        self.block_w = max((_width(line, BODY_FONT, self.size) for line in self.lines), default=0)
        self.height = self.leading * len(self.lines)
        return aW, self.height

    def draw(self):
        right = self.width - self.right_indent
        for i, line in enumerate(self.lines):
            w = _width(line, BODY_FONT, self.size)
            x = right - self.block_w + (self.block_w - w) / 2
            y = self.height - self.leading * (i + 1) + (self.leading - self.size) / 2 + self.size * 0.12
            _draw(self.canv, x, y, line, BODY_FONT, self.size)


class _NoBodyOnThisPage(Flowable):
    """ "（此页无正文）", as Chinese official documents print it when the signatures and the seal are pushed
    onto a page of their own, so that page cannot be taken for a signed blank."""

    TEXT = "（此页无正文）"

    def wrap(self, aW, aH):
        frame = getattr(self, "_frame", None)
        self.show = bool(frame is not None and frame._atTop)
        self.width = aW
        self.height = BODY_LEADING * 1.5 if self.show else 0
        return aW, self.height

    def draw(self):
        if self.show:
            y = self.height - BODY_LEADING + (BODY_LEADING - BODY_SIZE) / 2 + BODY_SIZE * 0.12
            _draw(self.canv, 2 * BODY_SIZE, y, self.TEXT, BODY_FONT, BODY_SIZE)


CELL_PADDING = 5


def _column_widths(table: DocumentTable, numeric: list[bool], total: float) -> list[float]:
    """Column widths like a browser's automatic table layout: each column gets at least its minimum (its
    header unbroken, or its longest number), then the columns wanting more are filled up evenly, so short
    columns (dates, amounts) stay on one line and the long texts take what is left."""
    pad = 2 * CELL_PADDING + 1
    n = len(table.header)
    body = [*table.rows, *([table.footer] if table.footer else [])]
    want, least = [0.0] * n, [0.0] * n
    for j in range(n):
        head = _width(_clean(table.header[j]), HEADING_FONT, TABLE_SIZE) + pad
        want[j] = max([head, *(_width(_clean(r[j]), BODY_FONT, TABLE_SIZE) + pad for r in body)])
        least[j] = want[j] if numeric[j] else min(want[j], max(head, 4 * TABLE_SIZE + pad))
    if sum(least) >= total:  # even the minimums do not fit: share the width out in proportion to them
        return [total * m / sum(least) for m in least]
    if sum(want) <= total:  # everything fits on one line: share the spare width out evenly
        spare = (total - sum(want)) / n
        return [w + spare for w in want]
    low, high = 0.0, total  # the level to which the columns are filled: min(want, least + level)
    for _ in range(60):
        level = (low + high) / 2
        if sum(min(w, m + level) for w, m in zip(want, least, strict=True)) > total:
            high = level
        else:
            low = level
    widths = [min(w, m + low) for w, m in zip(want, least, strict=True)]
    widths[widths.index(max(widths))] += total - sum(widths)
    return widths


_NUMBER = re.compile(r"^[-+]?[¥￥]?[\d,，]+(\.\d+)?%?$")


def _items_table(table: DocumentTable, width: float) -> list[Flowable]:
    n = len(table.header)
    if table.align is not None:
        align = list(table.align)
    else:
        align = []
        for j in range(n):
            values = [_clean(r[j]).strip() for r in table.rows if _clean(r[j]).strip()]
            align.append("right" if values and all(_NUMBER.match(v) for v in values) else "left")
    leading = TABLE_SIZE * 1.45

    def cell(text, font, how):
        return _Text(text, font, TABLE_SIZE, leading, align="justify" if how == "left" else how)

    data = [[cell(h, HEADING_FONT, "center") for h in table.header]]
    data += [[cell(v, BODY_FONT, align[j]) for j, v in enumerate(row)] for row in table.rows]
    if table.footer:
        data.append([cell(v, HEADING_FONT, align[j]) for j, v in enumerate(table.footer)])
    t = Table(
        data,
        colWidths=_column_widths(table, [a == "right" for a in align], width),
        repeatRows=1,
        splitInRow=1,
        hAlign="CENTER",
    )
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BODY_FONT, TABLE_SIZE),  # not reportlab's default, Helvetica
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    story: list[Flowable] = []
    if _clean(table.caption).strip():
        story.append(
            _Text(table.caption, HEADING_FONT, align="center", space_before=BODY_LEADING * 0.3, space_after=4)
        )
    t.spaceBefore = 0 if story else BODY_LEADING * 0.3
    t.spaceAfter = BODY_LEADING * 0.4
    return [*story, t]


def _story(doc: OfficialDocument) -> list[Flowable]:
    indent = 2 * BODY_SIZE
    story: list[Flowable] = []
    if _clean(doc.issuer).strip():
        story.append(_Centred(doc.issuer, ISSUER_SIZE, ISSUER_SIZE * 1.8))
    story.append(_Centred(doc.title, TITLE_SIZE, TITLE_SIZE * 2, bold=True, spaced=True))
    if _clean(doc.number).strip():
        story.append(_Text(doc.number, align="right"))
    story.append(Spacer(1, BODY_LEADING * 0.5))

    for role, text in doc.parties:
        role = _clean(role).strip()
        if not role and not _clean(text).strip():
            continue
        prefix = f"{role}：" if role and not role.endswith(("：", ":")) else role
        story.append(_Text(prefix + _clean(text), indent=indent))

    def sections(pairs):
        for heading, paragraphs in pairs:
            if _clean(heading).strip():
                title = _Text(heading, HEADING_FONT, indent=indent, space_before=BODY_LEADING * 0.15)
                title.keepWithNext = True  # never a heading alone at the foot of a page
                story.append(title)
            for text in paragraphs:
                story.append(_Text(text, indent=indent))

    sections(doc.sections)
    if doc.items is not None:
        story += _items_table(doc.items, TEXT_WIDTH)
    sections(doc.closing_sections)

    closing: list[Flowable] = [_NoBodyOnThisPage()]
    if any(_clean(label).strip() for label in doc.signatures):
        closing += [Spacer(1, BODY_LEADING * 0.6), _Signatures(doc.signatures)]
    if any(_clean(t).strip() for t in (doc.seal_text, doc.date_text)):
        closing += [Spacer(1, BODY_LEADING * 1.5), _SealAndDate([doc.seal_text, doc.date_text])]
    if len(closing) > 1:
        # kept on one page, unless the block is most of a page itself (many signatures)
        height = sum(
            f.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in closing
        )
        story += [KeepTogether(closing)] if height < TEXT_HEIGHT * 0.7 else closing[1:]
    if _clean(doc.footnote).strip():  # a note after the date (附注), which may run on to the next page
        story += [
            Spacer(1, BODY_LEADING),
            _Text(doc.footnote, size=FOOTNOTE_SIZE, leading=FOOTNOTE_SIZE * 1.6),
        ]
    return story


def _canvas_class(doc: OfficialDocument):
    """A canvas that holds its pages back until the end, to print "第 N 页 共 M 页" on each."""
    number = _clean(doc.number).strip()

    class _NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int):
            current = self.getPageNumber()
            self.saveState()
            self.setFillColor(colors.black)
            text = f"第 {current} 页 共 {total} 页"
            w = _width(text, BODY_FONT, FOOTER_SIZE)
            _draw(
                self, (PAGE_WIDTH - w) / 2, MARGIN_BOTTOM - 7 * mm - FOOTER_SIZE, text, BODY_FONT, FOOTER_SIZE
            )
            if current > 1 and number:  # continuation pages name their document
                self.setFillColor(colors.Color(0.35, 0.35, 0.35))
                w = _width(number, BODY_FONT, FOOTER_SIZE)
                x = MARGIN_LEFT + TEXT_WIDTH - w
                _draw(self, x, PAGE_HEIGHT - MARGIN_TOP + 7 * mm, number, BODY_FONT, FOOTER_SIZE)
            self.restoreState()

    return _NumberedCanvas


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as an A4 PDF, its CJK fonts embedded (subsetted)."""
    _ensure_fonts()
    buffer = BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=" ".join(_clean(s).strip() for s in (doc.title, doc.number) if _clean(s).strip()),
        author=_clean(doc.issuer),
        subject=_clean(doc.title),
        creator="renshe",
        initialFontName=BODY_FONT,  # not Helvetica: every font in the file is embedded
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        TEXT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(_story(doc), canvasmaker=_canvas_class(doc))
    return buffer.getvalue()
