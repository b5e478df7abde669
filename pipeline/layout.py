"""Layout of PDF pages: lines with their boxes, font sizes and colours, rules and images, and what
the layout says about each line (GB/T 9704 positions).

Read with pypdfium2 alone (characters, loose boxes, font sizes, fill colours; path and image
objects), which costs a fraction of pdfplumber's character extraction.  pdfplumber is used only
for ruled tables (see `tables`): pypdfium2 gives the paths but not the cell grid.

Roles a line can get from its position (`classify`):
  furniture   page numbers and running heads/feet in the margins, browser print header/footer
  issuer_mark the red 发文机关标志: large red text on page 1 above the red rule
  title       the largest non-red text near the top of page 1, centred, possibly several lines
  right       right-aligned short lines (signature and 成文日期 blocks)
  banji       lines between the two rules of the 版记 (抄送, 印发机关和印发日期)
"""
from __future__ import annotations

import bisect
import ctypes
import re
import statistics
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top-left


@dataclass
class LayoutLine:
    text: str
    page: int
    box: Box
    size: float            # font size in points (OCR: from the box height)
    red: bool = False      # most glyphs red
    ocr: bool = False      # read by OCR, not from the text layer
    cells: list[tuple[int, Box]] = field(default_factory=list)  # table row: (offset in text, cell box)
    role: str | None = None

    @property
    def centre(self) -> float:
        return (self.box[0] + self.box[2]) / 2


@dataclass
class Rule:
    """A horizontal line drawn on the page (the red rule under the 版头, the 版记 rules)."""

    x0: float
    x1: float
    y: float
    red: bool


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[LayoutLine] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)
    chars: int = 0          # characters in the text layer
    unmapped: int = 0       # characters whose glyph has no Unicode value
    ruled: int = 0          # thin horizontal and vertical path segments (a table grid)


def is_red(r: float, g: float, b: float) -> bool:
    """The red of a 版头, rule or seal: red clearly above green and blue (0-255)."""
    return r >= 150 and g <= 0.6 * r and b <= 0.6 * r


# --------------------------------------------------------------------------- reading with pdfium

def read_page(pdf, index: int, colours: bool = True) -> PageLayout:
    """One page's lines, rules and images; `colours` reads glyph colours (needed on page 1 only)."""
    import pypdfium2.raw as c

    page = pdf[index]
    width, height = page.get_size()
    layout = PageLayout(index + 1, width, height)
    _graphics(page, layout)
    textpage = page.get_textpage()
    try:
        layout.lines = _text_lines(c, textpage.raw, layout, colours)
    finally:
        textpage.close()
    return layout


# Piece of text on the page: (x0, x1, yc, size, text, red, top, bottom), one glyph or a run of
# glyphs from one text object (same font, size, colour and baseline) with no space inside.
UNMAPPED = frozenset("\x00\ufffd\ufffe\uffff")  # glyphs with no Unicode value
# spaces (ASCII or wide, the file's or pdfium's) and breaks part runs: gaps are measured from the
# boxes, and a line's box starts at its first ink (a GB/T paragraph's wide-space indent shows as x)
_RUN_RE = re.compile("[^ \u3000\r\n\t\x00\ufffd\ufffe\uffff]+")


def _page_text(c, tp, n: int) -> str | None:
    """All characters of the text page in one call; None when pdfium's text buffer does not hold
    exactly one UTF-16 unit per character index (control glyphs left out, characters beyond the BMP)."""
    if n <= 0:
        return ""
    buf = (ctypes.c_ushort * (n + 1))()
    written = c.FPDFText_GetText(tp, 0, n, buf)
    if written != n + 1:
        return None
    text = bytes(buf)[: 2 * n].decode("utf-16-le", errors="replace")
    if len(text) != n:
        return None
    # the buffer skips control glyphs and a count could still match by chance: spot-check the indexes
    for i in {0, n // 2, n - 1}:
        if c.FPDFText_GetUnicode(tp, i) != ord(text[i]):
            return None
    return text


class _Reader:
    """Pieces of one text page read with as few pdfium calls as the text allows: a run of
    characters between spaces that lies in one text object (FPDFText_CountRects gives one
    rectangle) is read from its first and last glyph's boxes; only runs mixing text objects are
    split, and a run is read glyph by glyph only where its objects are a few glyphs long."""

    def __init__(self, c, tp, height: float, colours: bool):
        self.c, self.tp, self.height, self.colours = c, tp, height, colours
        self.rect = c.FS_RECTF()
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.pieces: list[tuple] = []
        self.starts: dict[int, int] = {}  # id of a piece -> index of its first character

    def _box(self, i: int) -> tuple[float, float, float, float]:
        self.c.FPDFText_GetLooseCharBox(self.tp, i, self.rect)
        r = self.rect
        return r.left, r.right, self.height - r.top, self.height - r.bottom

    def _red(self, i: int) -> bool:
        r, g, b, a = self.rgba
        return bool(self.colours and self.c.FPDFText_GetFillColor(self.tp, i, r, g, b, a)
                    and is_red(r.value, g.value, b.value))

    def piece(self, start: int, end: int, text: str) -> None:
        """Characters start..end-1 (one text object) as one piece."""
        left, right, top, bottom = self._box(start)
        if end - start > 1:
            _, right, top2, bottom2 = self._box(end - 1)
            top, bottom = min(top, top2), max(bottom, bottom2)
        size = self.c.FPDFText_GetFontSize(self.tp, start) or (bottom - top)
        piece = (left, right, (top + bottom) / 2, size, text, self._red(start), top, bottom)
        self.starts[id(piece)] = start
        self.pieces.append(piece)

    def run(self, start: int, end: int, text: str) -> None:
        """A run of characters with no space: one piece per text object it crosses."""
        if end - start == 1 or self.c.FPDFText_CountRects(self.tp, start, end - start) <= 1:
            self.piece(start, end, text)
        elif end - start <= 4:
            for k in range(start, end):
                self.piece(k, k + 1, text[k - start])
        else:
            mid = (start + end) // 2
            self.run(start, mid, text[: mid - start])
            self.run(mid, end, text[mid - start:])


def _text_lines(c, tp, layout: PageLayout, colours: bool) -> list[LayoutLine]:
    n = c.FPDFText_CountChars(tp)
    text = _page_text(c, tp, n)
    if text is None:  # one call per character where the text buffer cannot be used
        text = "".join(chr(c.FPDFText_GetUnicode(tp, i)) if c.FPDFText_GetUnicode(tp, i) < 0x110000 else "\ufffd"
                       for i in range(n))
    layout.unmapped = sum(1 for ch in text if ch in UNMAPPED)
    reader = _Reader(c, tp, layout.height, colours)
    spaced: set[tuple[int, int]] = set()  # (piece, next piece) with a space between them in the text
    end = 0
    for m in _RUN_RE.finditer(text):
        first = len(reader.pieces)
        reader.run(m.start(), m.end(), m.group())
        if first and first < len(reader.pieces) and (" " in text[end:m.start()] or "\u3000" in text[end:m.start()]):
            spaced.add((id(reader.pieces[first - 1]), id(reader.pieces[first])))
        end = m.end()
    layout.chars = sum(len(p[4]) for p in reader.pieces)
    rows = _rows(reader.pieces)
    rows = _merge_side_by_side(rows, lambda p: _explode(reader, p))
    lines = [_row_line(row, layout.number, spaced) for row in rows]
    lines = [l for l in lines if l.text.strip()]
    lines.sort(key=lambda l: (round(l.box[1] / 3), l.box[0]))
    return lines


def _rows(pieces: list[tuple]) -> list[list]:
    """Pieces in content order grouped into rows: a new row where the baseline moves by about half
    a line, or where the text goes back left by more than two characters."""
    rows: list[list] = []
    cur: list = []
    cur_y = cur_size = 0.0
    for p in pieces:
        left, yc, size = p[0], p[2], p[3]
        if cur and (abs(yc - cur_y) > 0.45 * (size if size > cur_size else cur_size)
                    or left < cur[-1][1] - 3 * size):
            rows.append(cur)
            cur = []
        if not cur:
            cur_y, cur_size = yc, size
        cur.append(p)
    if cur:
        rows.append(cur)
    return rows


def _explode(reader: "_Reader", p: tuple) -> list[tuple]:
    """A piece read glyph by glyph (a displaced bracket must go between two of its glyphs)."""
    start = reader.starts.get(id(p))
    if start is None:
        return [p]
    kept, reader.pieces = reader.pieces, []
    try:
        for k, ch in enumerate(p[4]):
            reader.piece(start + k, start + k + 1, ch)
        return reader.pieces
    finally:
        reader.pieces = kept


def _merge_side_by_side(rows: list[list], explode=None) -> list[list]:
    """Rows on the same baseline drawn apart in the content stream (a signature and its date
    side by side, punctuation in another font drawn last) become one row, sorted by x.
    `explode` splits a multi-glyph piece into glyphs where a stray piece lands inside it."""
    out: list[list] = []
    centres: list[float] = []
    for row in rows:
        yc = statistics.median(p[2] for p in row)
        size = max(p[3] for p in row)
        # a bracket or quote set in another font sits off the baseline; it belongs to the row it touches
        stray = sum(len(p[4]) for p in row) <= 2 and all(_is_punct(ch) for p in row for ch in p[4])
        tol = (0.6 if stray else 0.3) * size
        for k in range(len(out) - 1, -1, -1):  # the row it joins is usually a recent one
            if abs(centres[k] - yc) <= tol:
                host = out[k]
                if explode is not None:
                    host[:] = [q for h in host for q in (explode(h) if _lands_inside(row, h) else [h])]
                host.extend(row)
                break
        else:
            out.append(list(row))
            centres.append(yc)
    for row in out:
        row.sort(key=lambda p: p[0])
    return out


def _lands_inside(row: list, host: tuple) -> bool:
    """Whether a piece of `row` starts strictly inside the multi-glyph piece `host`."""
    return len(host[4]) > 1 and any(host[0] < p[0] < host[1] - 0.5 for p in row)


def _is_punct(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("P")


def _ink(text: str) -> int:
    """Glyphs of a piece that leave ink: pieces hold no ASCII space, but may hold wide spaces."""
    return len(text) - text.count("\u3000") - text.count("\xa0") if not text.isspace() else 0


def _row_line(row: list, page: int, spaced: set | frozenset = frozenset()) -> LayoutLine:
    """The text of one row with spaces where the glyphs leave a gap: one for a word gap, two for a
    layout gap (a signature beside its date) so the text rules see the same as in a text file.
    A space in the text layer between two pieces (`spaced`: pairs of piece ids) is kept however
    narrow it is set ("王峥 刘中玉", two phone numbers)."""
    parts: list[str] = []
    prev_x1 = prev = None
    sizes: list[float] = []
    red_chars = 0
    for piece in row:
        x0, x1, _, size, text, red, _, _ = piece
        if prev_x1 is not None:
            gap = x0 - prev_x1
            if gap > 1.8 * size:
                parts.append("  ")
            elif (gap > max(2.5, 0.25 * size) or (id(prev), id(piece)) in spaced) and (not parts or parts[-1] != " "):
                parts.append(" ")
        parts.append(text)
        prev_x1, prev = x1, piece
        sizes.extend([size] * len(text))
        if red:
            red_chars += _ink(text)
    text = "".join(parts).strip()
    box = (min(p[0] for p in row), min(p[6] for p in row), max(p[1] for p in row), max(p[7] for p in row))
    n = sum(_ink(p[4]) for p in row)
    red = n > 0 and red_chars > 0.6 * n
    size = statistics.median(sizes) if sizes else 0.0
    return LayoutLine(text, page, box, round(size, 1), red)


def _graphics(page, layout: PageLayout) -> None:
    """Horizontal rules (thin wide paths, red or not), images, and a count of grid segments."""
    import pypdfium2.raw as c

    raw = page.raw
    n = c.FPDFPage_CountObjects(raw)
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    cr, cg, cb, ca = (ctypes.c_uint() for _ in range(4))
    for i in range(n):
        obj = c.FPDFPage_GetObject(raw, i)
        kind = c.FPDFPageObj_GetType(obj)
        if kind not in (c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_IMAGE):
            continue
        if not c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        w, h = r.value - l.value, t.value - b.value
        box = (l.value, layout.height - t.value, r.value, layout.height - b.value)
        if kind == c.FPDF_PAGEOBJ_IMAGE:
            if w > 20 and h > 10:
                layout.images.append(box)
            continue
        if h <= 3 and w >= 0.3 * layout.width:
            red = False
            if c.FPDFPageObj_GetStrokeColor(obj, cr, cg, cb, ca) and ca.value:
                red = is_red(cr.value, cg.value, cb.value)
            if not red and c.FPDFPageObj_GetFillColor(obj, cr, cg, cb, ca) and ca.value:
                red = is_red(cr.value, cg.value, cb.value)
            layout.rules.append(Rule(box[0], box[2], (box[1] + box[3]) / 2, red))
        if (h <= 2 and w >= 20) or (w <= 2 and h >= 10) or (w >= 20 and h >= 10):
            layout.ruled += 1  # rules, or rectangles that may be table cells


# --------------------------------------------------------------------------- what the layout says

def body_size(pages: list[PageLayout]) -> float:
    """The font size most characters are set in."""
    weights: dict[float, int] = {}
    for p in pages:
        for l in p.lines:
            if l.size <= 0:
                continue  # table cells carry no size
            weights[round(l.size)] = weights.get(round(l.size), 0) + len(l.text)
    return float(max(weights, key=weights.get)) if weights else 16.0


def text_block(page: PageLayout) -> tuple[float, float]:
    """Left and right edges of the body text on a page (the most common line starts and ends)."""
    lefts = [round(l.box[0]) for l in page.lines if len(l.text) >= 8]
    rights = [round(l.box[2]) for l in page.lines if len(l.text) >= 8]
    if not lefts:
        return (0.12 * page.width, 0.88 * page.width)
    return (float(statistics.median_low(lefts)), float(max(rights)))


def classify(pages: list[PageLayout], patterns: dict) -> None:
    """Set `role` on lines whose position tells what they are; `patterns` from rules/layout.yaml."""
    if not pages:
        return
    size = body_size(pages)
    page_number = re.compile(patterns["page_number"])
    browser = re.compile(patterns["browser_line"])
    for p in pages:
        _furniture(p, size, page_number, browser)
    _running_lines(pages)
    for p in pages:
        _right_aligned(p, size)
    first = next((p for p in pages if any(l.role != "furniture" for l in p.lines)), pages[0])
    _issuer_and_title(first, size, re.compile(patterns["doc_number_line"]))
    _banji(pages)


def _furniture(p: PageLayout, size: float, page_number, browser) -> None:
    """Page numbers, running heads/feet and browser print lines, told by their place in the margins."""
    margin = 0.07 * p.height
    for l in p.lines:
        top, bottom = l.box[1], l.box[3]
        in_margin = bottom < margin or top > p.height - margin
        edge = bottom < 0.12 * p.height or top > 0.88 * p.height
        if edge and page_number.match(l.text):
            l.role = "furniture"
        elif in_margin and (l.size < 0.85 * size or browser.search(l.text)):
            l.role = "furniture"


def _running_key(text: str) -> str:
    """Short lines compare with their numbers masked (第3期, 2022年); long lines compare exactly."""
    t = "".join(text.split())
    return re.sub(r"\d+", "#", t) if len(t) <= 20 else t


def _running_lines(pages: list[PageLayout]) -> None:
    """Running heads and feet: a line among the first two or last two of a page, in the top or
    bottom sixth, repeated so on most pages (three at least).  The PDF loader finds page numbers
    and running lines here, by their place, so a body line that is only a number stays."""
    if len(pages) < 3:
        return
    counts: dict[str, int] = {}
    edges: list[tuple[LayoutLine, str]] = []
    for p in pages:
        lines = [l for l in p.lines if l.role != "furniture"]
        ends = {id(l): l for l in lines[:2] + lines[-2:]
                if l.box[3] < p.height / 6 or l.box[1] > p.height * 5 / 6}
        keys = set()
        for l in ends.values():
            key = _running_key(l.text)
            edges.append((l, key))
            keys.add(key)
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    need = max(3, 0.6 * len(pages))
    for l, key in edges:
        if counts[key] >= need:
            l.role = "furniture"


def _right_aligned(p: PageLayout, size: float) -> None:
    left, right = text_block(p)
    span = right - left
    for l in p.lines:
        if l.role or len(l.text) > 30:
            continue
        if l.box[0] > left + 0.35 * span and l.box[2] > right - 0.25 * span:
            l.role = "right"


def _issuer_and_title(p: PageLayout, size: float, doc_number) -> None:
    """The red 版头 above the red rule, and the title: the largest non-red centred lines below it."""
    lines = [l for l in p.lines if l.role != "furniture"]
    red_rules = sorted((r for r in p.rules if r.red and r.y < 0.5 * p.height), key=lambda r: r.y)
    rule_y = red_rules[0].y if red_rules else None
    for l in lines:
        above = rule_y is None or l.box[3] <= rule_y + 2
        if l.red and l.size >= 1.3 * size and above and l.box[1] < 0.45 * p.height:
            l.role = "issuer_mark"
    start = rule_y if rule_y is not None else 0.0
    cands = [l for l in lines if not l.red and l.box[1] >= start and l.box[1] < 0.6 * p.height
             and l.size >= 1.15 * size and abs(l.centre - p.width / 2) < 0.12 * p.width and l.role is None
             and not doc_number.match(l.text)]  # OCR boxes of 〔〕 stand taller than the text
    if not cands:
        return
    biggest = max(l.size for l in cands)
    block = []
    for l in lines:
        # OCR sizes come from box heights and wobble by a point or two
        if l in cands and abs(l.size - biggest) <= max(0.5, 0.15 * biggest if l.ocr else 0.5):
            if block and l.box[1] - block[-1].box[3] > 1.5 * biggest:
                break
            block.append(l)
        elif block:
            break
    for l in block:
        l.role = "title"


def _banji(pages: list[PageLayout]) -> None:
    """Lines between the last two full-width rules of the last page that has such rules (版记)."""
    for p in reversed(pages):
        rules = sorted((r for r in p.rules if not r.red and r.x1 - r.x0 >= 0.5 * p.width), key=lambda r: r.y)
        if len(rules) < 2:
            continue
        top, bottom = rules[-2].y, rules[-1].y
        inside = [l for l in p.lines if top - 2 <= l.box[1] and l.box[3] <= bottom + 2]
        for l in inside:
            if l.role in (None, "right"):
                l.role = "banji"
        return


def _shared_edge(values: list[float], tol: float, right: bool) -> float | None:
    """The outermost edge at least three lines share (within `tol`): the text block's margin,
    which one wide line (a long URL, a table row) does not move."""
    values = sorted(values, reverse=right)
    for v in values:
        if sum(1 for w in values if abs(w - v) <= tol) >= 3:
            return v
    return None


def line_joins(pages: list[PageLayout]) -> dict[tuple[int, int], bool]:
    """What the page shows about each body line and the line after it, keyed by (page, line
    number counting every line of the page from 1): True where the line runs on (it reaches the
    right edge of the text block and the next starts at the left edge), False where the next line
    starts apart (indented two characters as a GB/T paragraph, set right as a signature or date,
    parted by space as a web page's paragraphs, or in another font size).  Lines the layout says
    nothing about are left to the text rules."""
    lines = [(p.number, n, l) for p in pages for n, l in enumerate(p.lines, 1) if l.role != "furniture"]
    body = [l for _, _, l in lines if l.role is None and not l.cells and "\t" not in l.text]
    long = [l for l in body if len(l.text) >= 8]
    if len(long) < 3:
        return {}
    size = statistics.median(l.size for l in long)
    # a wrapped line ends up to one character short of the margin (a wide glyph did not fit)
    right = _shared_edge([l.box[2] for l in long], size, True)
    left = _shared_edge([l.box[0] for l in long], 0.3 * size, False)
    if right is None or left is None or right - left < 10 * size:
        return {}
    pitches = [b.box[1] - a.box[1] for (pa, _, a), (pb, _, b) in zip(lines, lines[1:])
               if pa == pb and a in body and b in body and b.box[1] > a.box[1]]
    pitch = statistics.median(pitches) if pitches else 0.0
    out: dict[tuple[int, int], bool] = {}
    for (pa, na, a), (pb, _, b) in zip(lines, lines[1:]):
        if a.role is not None or a.cells or "\t" in a.text:
            continue
        if b.role == "right" or abs(a.size - b.size) > 0.15 * max(a.size, b.size):
            out[(pa, na)] = False
        elif b.role is not None or b.cells or "\t" in b.text:
            continue
        elif b.box[0] > left + 1.5 * b.size or b.text[:2].isspace():
            out[(pa, na)] = False  # the next line is indented: a new paragraph
        elif pa == pb and pitch and b.box[1] - a.box[1] > 1.35 * pitch:
            out[(pa, na)] = False  # space between them: a new paragraph
        elif a.box[2] >= right - 1.2 * a.size and b.box[0] <= left + 0.5 * b.size:
            out[(pa, na)] = True
    return out


# --------------------------------------------------------------------------- web pages printed to PDF

def is_web_print(pages: list[PageLayout], patterns: dict) -> bool:
    """A browser's print: its header/footer lines (date and time, URL, n/N) or a site's metadata table."""
    browser = re.compile(patterns["browser_line"])
    meta = re.compile(patterns["meta_line"])
    hits = sum(1 for p in pages for l in p.lines if browser.search(l.text))
    metas = sum(1 for p in pages[:1] for l in p.lines if meta.search(l.text))
    return hits >= 2 or metas >= 2


def web_furniture(pages: list[PageLayout], patterns: dict) -> None:
    """Mark site furniture of a printed web page: everything above the article (site banner,
    navigation, breadcrumbs) except the metadata table, 发布时间/浏览量 lines, and the site footer."""
    crumb = re.compile(patterns["breadcrumb"])
    views = re.compile(patterns["views"])
    meta = re.compile(patterns["meta_line"])
    for p in pages:
        for l in p.lines:
            if l.role == "furniture":
                continue
            if views.search(l.text):
                l.role = "furniture"
            elif meta.search(l.text):
                l.role = "meta"
    _site_footer(pages, patterns)
    # above the breadcrumb (or the metadata table) on the first page: banner and navigation
    first = pages[0]
    anchor = next((i for i, l in enumerate(first.lines) if crumb.search(l.text)), None)
    if anchor is not None:
        for l in first.lines[: anchor + 1]:
            if l.role != "meta":
                l.role = "furniture"


FOOTER_LINES = 6  # a site footer: its marks and the few lines above them (address, phone, e-mail)


def _site_footer(pages: list[PageLayout], patterns: dict) -> None:
    """The site's footer with its own phones and e-mail: from the first line that may open it
    (主办单位, 网站地图…) among the few lines above the last site mark (ICP备, 网站标识码…) near the
    end, to the end."""
    mark = re.compile(patterns["site_footer"])
    start = re.compile(patterns["site_footer_start"])
    lines = [l for p in pages for l in p.lines if l.role != "furniture"]
    tail = range(max(0, len(lines) - 2 * FOOTER_LINES), len(lines))
    last = next((i for i in reversed(tail) if mark.search(lines[i].text)), None)
    if last is None:
        # no site mark: a line that opens a footer only among the very last lines
        last = next((i for i in reversed(range(max(0, len(lines) - 3), len(lines))) if start.search(lines[i].text)), None)
        if last is None:
            return
    first = next(i for i in range(max(0, last - FOOTER_LINES), last + 1) if start.search(lines[i].text) or i == last)
    for l in lines[first:]:
        l.role = "furniture"


# --------------------------------------------------------------------------- hints for structure.segment

def hinted_paragraphs(items: list[tuple[int, str]], metadata: dict, role: str) -> list[int]:
    """Indexes of the paragraphs (offset, text) holding lines the page layout gave `role`."""
    spans = (metadata.get("layout") or {}).get(role) or []
    if not spans:
        return []
    starts = [off for off, _ in items]
    out = []
    for a, _ in spans:
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and i not in out:
            out.append(i)
    return sorted(out)


def annotate_evidence(record, doc) -> None:
    """Every evidence entry of a PDF record gets the box of its source line (or table cell) and
    `ocr: true` where that line was read by OCR."""
    boxes = doc.metadata.get("boxes")
    if not boxes:
        return
    ocr = set(doc.metadata.get("ocr") or [])
    line_start = {}
    for off, page, line in doc.origins:
        line_start.setdefault((page, line), off)

    def box_of(ev: dict):
        page, line = ev.get("page"), ev.get("line")
        key = f"{page}:{line}"
        box = boxes.get(key)
        if box is None:
            return None, False
        start = line_start.get((page, line))
        cells = [(k, boxes[f"{key}.{k}"]) for k in range(1, 200) if f"{key}.{k}" in boxes]
        if cells and start is not None:
            # the cell the evidence starts in: cells are numbered in reading order along the row
            row_text = doc.text[start:doc.text.find("\n", start) if "\n" in doc.text[start:] else len(doc.text)]
            rel = ev["span"][0] - start
            k = min(len(cells), row_text[:max(rel, 0)].count("\t") + 1)
            box = cells[k - 1][1]
        return box, key in ocr

    def walk(node):
        if isinstance(node, dict):
            if "span" in node and "page" in node and "line" in node:
                box, from_ocr = box_of(node)
                if box is not None:
                    node["box"] = list(box)
                    if from_ocr:
                        node["ocr"] = True
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(record)
