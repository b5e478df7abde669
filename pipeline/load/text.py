"""Plain-text notices in any common Chinese encoding.

A text with a few bad bytes (a flipped bit, a cut multi-byte character, stray NULs) is
read with replacement characters and a warning, never refused whole; only text that
fits no encoding at all is "undecodable".
"""
from __future__ import annotations

from pathlib import Path

from ..clean import build_document, raw_lines_from_text
from ..model import Document, LoadError

BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
# how many bad bytes a text may have and still be read (replaced), as a share of its characters
MAX_BAD_SHARE = 0.01
MIN_BAD_ALLOWED = 8


def _replacements(text: str, data: bytes) -> int:
    """Characters decoding replaced (U+FFFD that were not in the bytes already)."""
    return text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))


def _lenient(data: bytes, encoding: str) -> tuple[str, int] | None:
    """`data` decoded with replacement characters, when only a few bytes are bad."""
    text = data.decode(encoding, errors="replace")
    bad = _replacements(text, data)
    if bad <= max(MIN_BAD_ALLOWED, MAX_BAD_SHARE * len(text)) and _mostly_text(text.replace("\ufffd", "")):
        return text, bad
    return None


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Bytes to str and warnings: BOMs first, then UTF-8, then GB18030 (strict, then with a few bad
    bytes replaced), then charset-normalizer.  Raises LoadError for binary or undecodable data."""
    warnings: list[str] = []

    def replaced(text: str, bad: int, encoding: str) -> tuple[str, list[str]]:
        if bad > 0:
            warnings.append(f"{bad} invalid byte sequence(s) in the {encoding} text replaced by U+FFFD")
        return text, warnings

    for bom, enc in BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")  # an odd length or a lone surrogate is replaced
            return replaced(text, _replacements(text, data), enc.upper().replace("-SIG", ""))
    nuls = data.count(b"\x00")
    if nuls:
        if nuls > 0.2 * len(data):
            # UTF-16 without a BOM shows NULs every other byte; anything else with many NULs is binary
            for enc in ("utf-16-le", "utf-16-be"):
                text = data[: len(data) // 2 * 2].decode(enc, errors="replace")
                if _replacements(text, b"") <= max(MIN_BAD_ALLOWED, MAX_BAD_SHARE * len(text)) and _mostly_text(text):
                    return replaced(text, _replacements(text, b""), "UTF-16")
        if nuls > max(MIN_BAD_ALLOWED, MAX_BAD_SHARE * len(data)):
            raise LoadError("binary file: not text, PDF, HTML or DOCX")
        data = data.replace(b"\x00", b"")
        warnings.append(f"{nuls} NUL byte(s) removed")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    hit = _lenient(data, "utf-8")
    if hit:
        return replaced(*hit, "UTF-8")
    try:
        text = data.decode("gb18030")
        if _mostly_text(text):
            return text, warnings
    except UnicodeDecodeError:
        pass
    hit = _lenient(data, "gb18030")
    if hit:
        return replaced(*hit, "GB18030")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _mostly_text(str(best)):
        if nuls:
            raise LoadError("binary file: not text, PDF, HTML or DOCX")
        raise LoadError("undecodable text: no known encoding fits (binary junk or a damaged file)")
    return str(best), warnings


def decode(data: bytes) -> str:
    """Bytes to str (see decode_bytes); the warnings are dropped."""
    return decode_bytes(data)[0]


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f")
    cjk_or_ascii = sum(1 for c in text if ord(c) < 128 or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return good / len(text) > 0.97 and cjk_or_ascii / len(text) > 0.9


def check_text(text: str) -> str:
    """`text` if it reads as text, else LoadError."""
    if not _mostly_text(text.replace("\ufffd", "")):
        raise LoadError("binary file: too many control or unusual characters for a text notice")
    return text


def load(path: Path, rules=None) -> Document:
    text, warnings = decode_bytes(path.read_bytes())
    doc = build_document(raw_lines_from_text(check_text(text)), str(path), "txt", rules=rules)
    doc.warnings.extend(warnings)
    return doc
