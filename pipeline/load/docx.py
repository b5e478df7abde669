"""DOCX notices via python-docx: body paragraphs and tables in document order.

The zip and its XML are checked first: a decompression bomb (huge or hugely compressed
parts) is refused as too large, and XML with a DTD or entities (billion laughs, external
entities) is refused by defusedxml before python-docx parses it.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..clean import RawLine, build_document
from ..model import Document, LoadError

MAX_UNPACKED = 200 * 1024 * 1024    # all parts together, unpacked
MAX_PART = 100 * 1024 * 1024        # one part, unpacked
MAX_RATIO = 200                     # unpacked / packed size of a large part (text XML packs ~10:1)


def check_zip(path: Path) -> None:
    """Refuse decompression bombs and XML bombs before any part is parsed."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED:
                raise LoadError(f"too large: the DOCX unpacks to {total // 2**20} MB (a decompression bomb?)")
            for i in infos:
                if i.file_size > MAX_PART or (i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1)):
                    raise LoadError(f"too large: {i.filename} unpacks to {i.file_size // 2**20} MB from "
                                    f"{i.compress_size // 1024} KB (a decompression bomb?)")
            for i in infos:
                if not i.filename.endswith((".xml", ".rels")):
                    continue
                with zf.open(i) as fh:
                    data = fh.read(MAX_PART + 1)
                try:
                    fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
                except DefusedXmlException as exc:
                    raise LoadError(f"refused DOCX: {i.filename} declares a DTD or entities ({exc.__class__.__name__}),"
                                    " which Word never writes") from None
                except Exception:
                    pass  # malformed XML: python-docx reports it below if the part matters
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise LoadError(f"damaged DOCX: {exc}") from exc


def load(path: Path, rules=None) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(path)
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
    return build_document(lines, str(path), "docx", layout=False, rules=rules)
