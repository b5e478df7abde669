"""Tables for Excel and WPS: CSV in UTF-8 with a BOM, and .xlsx with typed text cells.

Excel and WPS read every CSV field as if it were typed into a cell, so a mobile number
becomes 1.39342E+10 and an area code loses its leading zero.  A leading tab is the
usual remedy both programs honour: the field is kept as text and shows unchanged (a
tab is not one of the characters = + - @ that start a formula).  The .xlsx copy needs
no trick: its phone cells are strings with the text number format, so they also stay
text when edited.
"""
from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Iterable, Iterator

TEXT_LEAD = "\t"
BOM = "\ufeff"  # makes Excel and WPS read the CSV as UTF-8


def as_text(value: str) -> str:
    """A CSV field that Excel and WPS keep as text (phone numbers, long digit strings)."""
    return TEXT_LEAD + value if value else value


def to_csv(header: list[str], rows: Iterable[list[str]], text_columns=()) -> str:
    return "".join(csv_pieces(header, rows, text_columns))


def csv_pieces(header: list[str], rows: Iterable[list[str]], text_columns=()) -> Iterator[str]:
    """The CSV text a few hundred rows at a time (rows may be a generator: never all held).  Every
    cell neutralised first (safe.csv_cell: a cell that would start a formula gets an apostrophe,
    OWASP), then the deliberate text tab of `text_columns` added."""
    from .safe import csv_cell

    keep = {header.index(c) for c in text_columns}
    buf = io.StringIO()
    w = csv.writer(buf)
    buf.write(BOM)
    w.writerow(header)
    for n, row in enumerate(rows, start=1):
        cells = [csv_cell(v) for v in row]
        w.writerow([as_text(v) if i in keep else v for i, v in enumerate(cells)])
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def write_xlsx_to(fh, header: list[str], rows: Iterable[list[str]], text_columns=(), sheet: str = "Sheet1") -> None:
    """One sheet into the open binary file `fh`: a bold, frozen header row, every cell a string
    (never a formula), `text_columns` formatted as text.  XlsxWriter's constant-memory mode writes
    each row as it comes, with inline strings, so a sheet of 100,000 rows costs what one of 1,000
    does (openpyxl keeps a table of every distinct string); column widths from the first 500
    rows, so rows may be a generator."""
    import xlsxwriter

    from .safe import strip_controls

    with tempfile.TemporaryDirectory() as tmp:   # XlsxWriter's row files
        wb = xlsxwriter.Workbook(fh, {"constant_memory": True, "tmpdir": tmp})
        ws = wb.add_worksheet(sheet[:31])
        keep = {header.index(c) for c in text_columns}
        rows = iter(rows)
        first = list(itertools.islice(rows, 500))
        for i, name in enumerate(header):
            longest = max([len(str(name))] + [len(str(r[i] or "")) for r in first])
            ws.set_column(i, i, min(60, 4 + 2 * longest))
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, header, wb.add_format({"bold": True}))
        text = wb.add_format({"num_format": "@"})
        for r, row in enumerate(itertools.chain(first, rows), start=1):
            for c, v in enumerate(row):
                value = "" if v is None else strip_controls(str(v))
                if c in keep:   # an empty one too: what is typed into it later stays text
                    ws.write_string(r, c, value, text) if value else ws.write_blank(r, c, None, text)
                elif value:
                    ws.write_string(r, c, value)
        wb.close()


def to_xlsx(header: list[str], rows: Iterable[list[str]], text_columns=(), sheet: str = "Sheet1") -> bytes:
    """The workbook of write_xlsx_to as bytes."""
    buf = io.BytesIO()
    write_xlsx_to(buf, header, rows, text_columns, sheet)
    return buf.getvalue()


def write_xlsx(path, header: list[str], rows: Iterable[list[str]], text_columns=(), sheet: str = "Sheet1") -> None:
    """Write the workbook atomically with the usual permissions, like every other output, and
    straight into its file: never held whole."""
    from .record import atomic_write

    atomic_write(path, lambda fh: write_xlsx_to(fh, header, rows, text_columns, sheet))
