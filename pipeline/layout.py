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


def _text_lines(c, tp, layout: PageLayout, colours: bool) -> list[LayoutLine]:
    n = c.FPDFText_CountChars(tp)
    height = layout.height
    rect = c.FS_RECTF()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    rows: list[list] = []   # each: [chars], a char is (x0, x1, yc, size, ch, red, top, bottom)
    cur: list = []
    cur_y = cur_size = 0.0
    get_unicode, get_box, get_size, get_fill = (c.FPDFText_GetUnicode, c.FPDFText_GetLooseCharBox,
                                                c.FPDFText_GetFontSize, c.FPDFText_GetFillColor)
    skip, unmapped = {0x20, 0x0D, 0x0A, 0x09}, {0, 0xFFFD, 0xFFFE, 0xFFFF}
    for i in range(n):
        code = get_unicode(tp, i)
        if code in skip:
            continue  # spaces and breaks (pdfium's own or the file's): gaps are measured from the boxes
        if code in unmapped:
            layout.unmapped += 1
            continue
        get_box(tp, i, rect)
        left, right, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
        size = get_size(tp, i) or (bottom - top)
        yc = (top + bottom) / 2
        red = colours and get_fill(tp, i, r, g, b, a) and is_red(r.value, g.value, b.value)
        if cur and (abs(yc - cur_y) > 0.45 * (size if size > cur_size else cur_size) or left < cur[-1][0] - 2 * size):
            rows.append(cur)
            cur = []
        if not cur:
            cur_y, cur_size = yc, size
        cur.append((left, right, yc, size, chr(code), red, top, bottom))
    layout.chars = sum(len(row) for row in rows) + len(cur)
    if cur:
        rows.append(cur)
    rows = _merge_side_by_side(rows)
    lines = [_row_line(row, layout.number) for row in rows]
    lines = [l for l in lines if l.text.strip()]
    lines.sort(key=lambda l: (round(l.box[1] / 3), l.box[0]))
    return lines


def _merge_side_by_side(rows: list[list]) -> list[list]:
    """Rows on the same baseline drawn apart in the content stream (a signature and its date
    side by side, punctuation in another font drawn last) become one row, sorted by x."""
    out: list[list] = []
    centres: list[float] = []
    for row in rows:
        yc = statistics.median(ch[2] for ch in row)
        size = max(ch[3] for ch in row)
        # a bracket or quote set in another font sits off the baseline; it belongs to the row it touches
        stray = len(row) <= 2 and all(_is_punct(ch[4]) for ch in row)
        tol = (0.6 if stray else 0.3) * size
        for k in range(len(out) - 1, -1, -1):  # the row it joins is usually a recent one
            if abs(centres[k] - yc) <= tol:
                out[k].extend(row)
                break
        else:
            out.append(list(row))
            centres.append(yc)
    for row in out:
        row.sort(key=lambda ch: ch[0])
    return out


def _is_punct(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("P")


def _row_line(row: list, page: int) -> LayoutLine:
    """The text of one row with spaces where the glyphs leave a gap: one for a word gap, two for a
    layout gap (a signature beside its date) so the text rules see the same as in a text file."""
    parts: list[str] = []
    prev_x1 = None
    sizes = []
    for x0, x1, _, size, ch, _, _, _ in row:
        if prev_x1 is not None and ch != " ":
            gap = x0 - prev_x1
            if gap > 1.8 * size:
                parts.append("  ")
            elif gap > max(2.5, 0.25 * size) and (not parts or parts[-1] != " "):
                parts.append(" ")
        parts.append(ch)
        prev_x1 = x1
        sizes.append(size)
    text = "".join(parts).strip()
    box = (min(ch[0] for ch in row), min(ch[6] for ch in row), max(ch[1] for ch in row), max(ch[7] for ch in row))
    cjk = [ch for ch in row if not ch[4].isspace()]
    red = bool(cjk) and sum(1 for ch in cjk if ch[5]) > 0.6 * len(cjk)
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
    footer = re.compile(patterns["site_footer"])
    meta = re.compile(patterns["meta_line"])
    in_footer = False
    for p in pages:
        for l in p.lines:
            if l.role == "furniture":
                continue
            if footer.search(l.text):
                in_footer = True
            if in_footer or views.search(l.text):
                l.role = "furniture"
            elif meta.search(l.text):
                l.role = "meta"
    # above the breadcrumb (or the metadata table) on the first page: banner and navigation
    first = pages[0]
    anchor = next((i for i, l in enumerate(first.lines) if crumb.search(l.text)), None)
    if anchor is not None:
        for l in first.lines[: anchor + 1]:
            if l.role != "meta":
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
