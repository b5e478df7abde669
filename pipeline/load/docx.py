"""DOCX notices via python-docx: body paragraphs and tables in document order."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..clean import RawLine, build_document
from ..model import Document, LoadError


def load(path: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"damaged DOCX: {exc}") from exc
    except Exception as exc:  # python-docx raises its own errors for non-Word zips
        raise LoadError(f"not a readable DOCX ({exc.__class__.__name__}): a damaged file or another kind of zip") from exc
    lines: list[RawLine] = []
    n = 0
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n += 1
            lines.append(RawLine(Paragraph(block, document).text, 1, n))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                n += 1
                cells = []
                for cell in row.cells:
                    t = cell.text.replace("\n", " ").strip()
                    if not cells or cells[-1] != t:  # merged cells repeat their text
                        cells.append(t)
                lines.append(RawLine("\t".join(cells), 1, n))
    return build_document(lines, str(path), "docx", layout=False)
