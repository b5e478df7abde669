"""Ruled tables in PDF pages (contact rosters, schedules) read cell by cell.

pdfplumber is used here, and only on pages whose paths form a grid: pypdfium2 gives the path
segments but not the cells they bound, and pdfplumber's table finder (lines -> intersections ->
cells) is the well-kept implementation of that.  Each table row becomes one line of the
Document with its cells separated by tabs (as HTML and DOCX tables are); every cell keeps its box.
"""
from __future__ import annotations

from pathlib import Path

from .. import layout as L

MIN_GRID_SEGMENTS = 8  # a 2x2 table has at least 3 horizontal and 3 vertical segments


def _inside(line: L.LayoutLine, bbox) -> bool:
    cx, cy = line.centre, (line.box[1] + line.box[3]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _cell_text(text: str | None) -> str:
    return "".join((text or "").split("\n")).strip()


def replace_table_lines(path: Path, pages: list[L.PageLayout]) -> None:
    """On pages with a grid, the lines inside each table are replaced by one line per table row."""
    ruled = [p for p in pages if p.ruled >= MIN_GRID_SEGMENTS and p.lines and not all(l.ocr for l in p.lines)]
    if not ruled:
        return
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for p in ruled:
            page = pdf.pages[p.number - 1]
            for table in page.find_tables():
                rows = _rows(table, p.number)
                if len(rows) < 2:
                    continue
                kept = [l for l in p.lines if not _inside(l, table.bbox)]
                p.lines = sorted(kept + rows, key=lambda l: (round(l.box[1] / 3), l.box[0]))


def _rows(table, page_number: int) -> list[L.LayoutLine]:
    out = []
    texts = table.extract()
    for row, cells_text in zip(table.rows, texts):
        parts, cells = [], []
        pos = 0
        for box, raw in zip(row.cells, cells_text):
            text = _cell_text(raw)
            if not text or box is None:
                continue
            if parts:
                pos += 1  # the tab
            cells.append((pos, tuple(float(v) for v in box)))
            parts.append(text)
            pos += len(text)
        if len(parts) < 2:
            if parts:
                out.append(L.LayoutLine(parts[0], page_number, tuple(float(v) for v in row.bbox), 0.0,
                                        cells=cells))
            continue
        out.append(L.LayoutLine("\t".join(parts), page_number, tuple(float(v) for v in row.bbox), 0.0, cells=cells))
    return out
