"""Plain-text notices in any common Chinese encoding."""
from __future__ import annotations

from pathlib import Path

from ..clean import build_document, raw_lines_from_text
from ..model import Document, LoadError

BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]


def decode(data: bytes) -> str:
    """Bytes to str: BOMs first, then strict UTF-8, then GB18030, then charset-normalizer."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data.decode(enc)
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM shows NULs every other byte; anything else with NULs is binary
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text):
                return text
        raise LoadError("binary file: not text, PDF, HTML or DOCX")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _mostly_text(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _mostly_text(str(best)):
        raise LoadError("undecodable text: no known encoding fits (binary junk or a damaged file)")
    return str(best)


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f")
    cjk_or_ascii = sum(1 for c in text if ord(c) < 128 or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return good / len(text) > 0.97 and cjk_or_ascii / len(text) > 0.9


def load(path: Path) -> Document:
    text = decode(path.read_bytes())
    if not _mostly_text(text):
        raise LoadError("binary file: too many control or unusual characters for a text notice")
    return build_document(raw_lines_from_text(text), str(path), "txt")
