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
from .. import i18n
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


def _pdf_error(exc: Exception) -> i18n.Message:
    """One line for a PDF that pdfium cannot open."""
    text = str(exc).lower()
    if "password" in text or "encrypt" in text or "security" in text:
        return i18n.message("file.encrypted_pdf")
    # the reason names the exception class only: pdfium's message is English
    if "format" in text or "corrupt" in text or "data" in text:
        return i18n.message("file.damaged_pdf", exception=exc.__class__.__name__)
    return i18n.message("file.unreadable_pdf", exception=exc.__class__.__name__)


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
    from .. import ocr as O

    use_ocr = O.available() if ocr is None else ocr
    read = _text_layer(path)
    ocr_pages = [i for i, page in enumerate(read) if isinstance(page, L.PageLayout) and _needs_ocr(page)]
    regions: dict[int, list[L.Box]] = {}
    if use_ocr and isinstance(read[0], L.PageLayout) and 0 not in ocr_pages:
        regions = {0: _image_regions(read[0])}
    found = _ocr(path, ocr_pages, regions) if use_ocr and (ocr_pages or any(regions.values())) else {}
    pages: list[L.PageLayout] = []
    warnings: list[i18n.Message] = []
    unread: list[int] = []
    for i, page in enumerate(read):
        if isinstance(page, Exception):
            warnings.append(i18n.message("note.page_unreadable", page=i + 1, exception=page.__class__.__name__))
            continue
        if i in ocr_pages and use_ocr:
            page.lines = found[i][0]
            warnings.append(i18n.message("note.page_ocr", page=i + 1))
        elif i in ocr_pages:
            page.lines = []
            unread.append(i + 1)
        else:
            for lines in found.get(i, []):
                page.lines = sorted(page.lines + lines, key=lambda l: (round(l.box[1] / 3), l.box[0]))
                warnings.append(i18n.message("note.region_ocr", page=i + 1))
        pages.append(page)
    return pages, warnings, unread


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium reports every failure as PdfiumError with its reason
        raise LoadError(_pdf_error(exc)) from exc


def _text_layer(path: Path) -> list[L.PageLayout | Exception]:
    """Each page's text-layer lines, rules and images (or why it could not be read), read with the
    stand-in CJK font (pdf_fonts: nothing the layout uses comes from glyph outlines)."""
    from .pdf_fonts import stand_in

    with stand_in():
        pdf = _open(path)
        try:
            if len(pdf) == 0:
                raise LoadError(i18n.message("file.pdf_no_pages"))
            read: list[L.PageLayout | Exception] = []
            for i in range(len(pdf)):
                try:
                    read.append(L.read_page(pdf, i, colours=i == 0))
                except Exception as exc:
                    read.append(exc)
            return read
        finally:
            pdf.close()


def _ocr(path: Path, pages: list[int], regions: dict[int, list[L.Box]]) -> dict[int, list[list[L.LayoutLine]]]:
    """Lines read by OCR: of each whole page in `pages`, of each region (box) found with lines.
    Rendered from the document opened again outside the stand-in: here the glyphs matter."""
    from .. import ocr as O

    pdf = _open(path)
    try:
        found: dict[int, list[list[L.LayoutLine]]] = {}
        for i in pages:
            page = pdf[i]
            width, height = page.get_size()
            found[i] = [O.ocr_page(page, i + 1, width, height)]
        for i, boxes in regions.items():
            found[i] = [lines for lines in (O.ocr_region(pdf[i], i + 1, box) for box in boxes) if lines]
        return found
    finally:
        pdf.close()


def load(path: Path, ocr: bool | None = None, rules=None) -> Document:
    """`ocr`: None uses OCR when the extra is installed; False never does (pages reported instead)."""
    pages, warnings, unread = read_layout(path, ocr)
    n_pages = len(pages) + sum(1 for w in warnings if w.key == "note.page_unreadable")
    if not any(p.lines for p in pages):
        # without the OCR extra (pip install 'notice-pipeline[ocr]') such a file is reported, not read
        raise LoadError(i18n.message("file.scanned", n=len(pages)))
    for i in unread:
        warnings.append(i18n.message("note.scanned_page", page=i))
    patterns = (rules or load_rules()).data["layout"]
    from . import pdf_tables

    pdf_tables.replace_table_lines(path, pages)
    web = L.is_web_print(pages, patterns)
    if web:
        L.web_furniture(pages, patterns)
    L.classify(pages, patterns)
    raw, ids = _raw_lines(pages)
    # page numbers and running lines are told by their place on the page (layout.classify), not by
    # their text: a wrapped body line that is only a number ("318" of a phone) stays
    doc = build_document(raw, str(path), "pdf", pages=len(pages) or n_pages, rules=rules,
                         layout=False, joins=L.line_joins(pages))
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
