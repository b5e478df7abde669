"""PDF notices via pdfplumber, with pypdfium2 for pages whose text layer is garbage."""
from __future__ import annotations

import re
from pathlib import Path

from ..clean import RawLine, build_document
from ..model import Document, LoadError

GARBAGE_RE = re.compile(r"\(cid:\d+\)|\ufffd")


def is_garbage(text: str) -> bool:
    """Text whose glyphs did not map to characters: (cid:123) runs or replacement characters."""
    if not text.strip():
        return False
    bad = sum(len(m.group()) for m in GARBAGE_RE.finditer(text))
    return bad > 0.1 * len(text.strip())


def _pdf_error(exc: Exception) -> str:
    """One line for a PDF that cannot be opened; pdfplumber wraps pdfminer's own errors."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSEOF

    inner = exc
    while True:
        nxt = inner.args[0] if inner.args and isinstance(inner.args[0], Exception) else inner.__cause__
        if nxt is None or nxt is inner:
            break
        inner = nxt
    text = f"{inner.__class__.__name__} {inner}".lower()
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in text or "encrypt" in text:
        return "encrypted PDF: it needs a password"
    if isinstance(inner, (PSEOF, PDFSyntaxError)) or "eof" in text or "xref" in text or "trailer" in text:
        return f"damaged or truncated PDF ({inner.__class__.__name__})"
    return f"unreadable PDF ({inner.__class__.__name__}: {inner})"[:200]


def _pdfium_page_text(path: Path, index: int) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].get_textpage().get_text_range()
    finally:
        pdf.close()


def load(path: Path) -> Document:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
        _ = pdf.pages  # the page tree is parsed lazily; damage shows here
    except Exception as exc:
        raise LoadError(_pdf_error(exc)) from exc
    lines: list[RawLine] = []
    scanned: list[int] = []
    warnings: list[str] = []
    sizes: dict[tuple[int, int], float] = {}
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise LoadError(_pdf_error(exc)) from exc
        for i, page in enumerate(pages, start=1):
            try:
                page = page.dedupe_chars()  # some producers draw each glyph twice for bold
                text_lines = page.extract_text_lines(return_chars=True, strip=True)
            except Exception as exc:
                warnings.append(f"page {i}: unreadable ({exc.__class__.__name__})")
                continue
            text = "\n".join(t["text"] for t in text_lines)
            if is_garbage(text):
                try:
                    text = _pdfium_page_text(path, i - 1)
                except Exception as exc:  # pypdfium2's PdfiumError on a page pdfminer could open
                    warnings.append(f"page {i}: unreadable ({exc.__class__.__name__})")
                    continue
                if is_garbage(text) or not text.strip():
                    scanned.append(i)
                    continue
                warnings.append(f"page {i}: text layer unreadable by pdfplumber, read with pdfium")
                for n, t in enumerate(text.splitlines(), start=1):
                    lines.append(RawLine(t, i, n))
                continue
            if not text.strip():
                scanned.append(i)
                continue
            for n, t in enumerate(text_lines, start=1):
                # a few unmapped glyphs (a red header in a decorative font) are dropped, not kept as junk
                lines.append(RawLine(GARBAGE_RE.sub("", t["text"]), i, n))
                chars = t.get("chars") or []
                if chars:
                    sizes[(i, n)] = max(round(c.get("size", 0), 1) for c in chars)
        n_pages = len(pages)
    if not lines:
        raise LoadError(f"scanned: needs OCR (no text layer on any of {n_pages} page(s))")
    for i in scanned:
        warnings.append(f"page {i}: scanned: needs OCR")
    doc = build_document(lines, str(path), "pdf", pages=n_pages, metadata={"font_sizes": _size_summary(sizes)})
    doc.warnings.extend(warnings)
    return doc


def _size_summary(sizes: dict[tuple[int, int], float]) -> dict:
    """Font size of the first page's lines, which tells the red header and the title apart."""
    return {f"{p}:{n}": s for (p, n), s in sizes.items() if p == 1}
