"""PDF notices: the layout read with pypdfium2 (pipeline.layout), OCR for what is only an image
(pipeline.ocr, an optional extra), ruled tables with pdfplumber, web-print furniture set apart.

The Document carries, besides its text, `metadata["layout"]`: text offsets of the parts the
page layout shows (red 版头, title, right-aligned signature/date lines, 版记, a web page's
metadata table), which `structure.segment` uses before its text rules; `metadata["boxes"]`: the
box of every source line ("page:line" -> [x0, top, x1, bottom] in points); `metadata["ocr"]`:
the source lines read by OCR.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import layout as L
from ..clean import RawLine, build_document
from ..model import Document, LoadError
from ..rules import load_rules

GARBAGE_RE = re.compile(r"\(cid:\d+\)|\ufffd")


def is_garbage(text: str) -> bool:
    """Text whose glyphs did not map to characters: (cid:123) runs or replacement characters."""
    if not text.strip():
        return False
    bad = sum(len(m.group()) for m in GARBAGE_RE.finditer(text))
    return bad > 0.1 * len(text.strip())


def _pdf_error(exc: Exception) -> str:
    """One line for a PDF that pdfium cannot open."""
    text = str(exc).lower()
    if "password" in text or "encrypt" in text or "security" in text:
        return "encrypted PDF: it needs a password"
    # the reason names the exception class only: messages are translated (pipeline/locale)
    if "format" in text or "corrupt" in text or "data" in text:
        return f"damaged or truncated PDF ({exc.__class__.__name__})"
    return f"unreadable PDF ({exc.__class__.__name__})"


def _needs_ocr(page: L.PageLayout) -> bool:
    """No text layer, or one whose glyphs mostly do not map to characters."""
    text = "".join(l.text for l in page.lines)
    return not text.strip() or page.unmapped > 0.5 * (page.chars + page.unmapped) or is_garbage(text)


def _image_regions(page: L.PageLayout) -> list[L.Box]:
    """Images in the top half of a page that no text-layer line overlaps: a 版头 or title pasted
    as a picture (a seal or a logo beside text is left alone)."""
    out = []
    for box in page.images:
        if box[1] > 0.5 * page.height or (box[2] - box[0]) < 0.25 * page.width:
            continue
        covered = any(l.box[0] < box[2] and box[0] < l.box[2] and l.box[1] < box[3] and box[1] < l.box[3]
                      for l in page.lines)
        if not covered:
            out.append(box)
    return out


def read_layout(path: Path, ocr: bool | None = None) -> tuple[list[L.PageLayout], list[str], list[int]]:
    """All pages with their lines (OCR'd where needed and possible); warnings; pages left unread."""
    import pypdfium2 as pdfium

    from .. import ocr as O

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium reports every failure as PdfiumError with its reason
        raise LoadError(_pdf_error(exc)) from exc
    use_ocr = O.available() if ocr is None else ocr
    pages: list[L.PageLayout] = []
    warnings: list[str] = []
    unread: list[int] = []
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise LoadError("damaged or truncated PDF (no pages)")
        for i in range(n_pages):
            try:
                page = L.read_page(pdf, i, colours=i == 0)
            except Exception as exc:
                warnings.append(f"page {i + 1}: unreadable ({exc.__class__.__name__})")
                continue
            if _needs_ocr(page):
                if use_ocr:
                    page.lines = O.ocr_page(pdf[i], i + 1, page.width, page.height)
                    warnings.append(f"page {i + 1}: no text layer, read by OCR")
                else:
                    page.lines = []
                    unread.append(i + 1)
            elif i == 0 and use_ocr:
                for box in _image_regions(page):
                    found = O.ocr_region(pdf[i], i + 1, box)
                    if found:
                        page.lines = sorted(page.lines + found, key=lambda l: (round(l.box[1] / 3), l.box[0]))
                        warnings.append(f"page {i + 1}: an image region read by OCR")
            pages.append(page)
    finally:
        pdf.close()
    return pages, warnings, unread


def load(path: Path, ocr: bool | None = None, rules=None) -> Document:
    """`ocr`: None uses OCR when the extra is installed; False never does (pages reported instead)."""
    pages, warnings, unread = read_layout(path, ocr)
    n_pages = len(pages) + sum(1 for w in warnings if w.endswith(")") and "unreadable" in w)
    if not any(p.lines for p in pages):
        # without the OCR extra (pip install 'notice-pipeline[ocr]') such a file is reported, not read
        raise LoadError(f"scanned: needs OCR (no text layer on any of {len(pages)} page(s))")
    for i in unread:
        warnings.append(f"page {i}: scanned: needs OCR")
    patterns = load_rules().data["layout"]
    from . import pdf_tables

    pdf_tables.replace_table_lines(path, pages)
    web = L.is_web_print(pages, patterns)
    if web:
        L.web_furniture(pages, patterns)
    L.classify(pages, patterns)
    raw, ids = _raw_lines(pages)
    doc = build_document(raw, str(path), "pdf", pages=len(pages) or n_pages, rules=rules)
    doc.metadata.update(_metadata(doc, ids, web))
    doc.warnings.extend(warnings)
    return doc


def _raw_lines(pages: list[L.PageLayout]) -> tuple[list[RawLine], dict[tuple[int, int], L.LayoutLine]]:
    raw: list[RawLine] = []
    ids: dict[tuple[int, int], L.LayoutLine] = {}
    for p in pages:
        n = 0
        for line in p.lines:
            n += 1
            ids[(p.number, n)] = line
            if line.role == "furniture":
                continue
            # a few unmapped glyphs (a red header in a decorative font) are dropped, not kept as junk
            raw.append(RawLine(GARBAGE_RE.sub("", line.text), p.number, n))
    return raw, ids


def _line_spans(doc: Document) -> dict[tuple[int, int], tuple[int, int]]:
    """Text offsets of every source line that reached the document."""
    out = {}
    origins = doc.origins
    for k, (off, page, line) in enumerate(origins):
        end = origins[k + 1][0] if k + 1 < len(origins) else len(doc.text)
        while end > off and doc.text[end - 1] in "\n ":
            end -= 1
        if (page, line) not in out:
            out[(page, line)] = (off, end)
    return out


def _metadata(doc: Document, ids, web: bool) -> dict:
    spans = _line_spans(doc)
    hints: dict = {}
    for key, line in ids.items():
        if line.role and line.role not in ("furniture",) and key in spans:
            hints.setdefault(line.role, []).append(list(spans[key]))
    if web:
        hints["web_print"] = True
    boxes = {f"{p}:{n}": [round(v, 1) for v in line.box] for (p, n), line in ids.items() if line.role != "furniture"}
    for (p, n), line in ids.items():
        for k, (_, box) in enumerate(line.cells):
            boxes[f"{p}:{n}.{k + 1}"] = [round(v, 1) for v in box]
    ocr_lines = sorted(f"{p}:{n}" for (p, n), line in ids.items() if line.ocr and line.role != "furniture")
    first = {f"{p}:{n}": line.size for (p, n), line in ids.items() if p == 1 and line.role != "furniture"}
    return {"layout": hints, "boxes": boxes, "ocr": ocr_lines, "font_sizes": first}
