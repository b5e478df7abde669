"""Loaders: one per format, each turning a file into a Document (see clean.build_document)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from ..model import Document, LoadError
from . import docx as _docx
from . import html as _html
from . import pdf as _pdf
from . import text as _text

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024  # a notice is rarely over a few MB; larger files are refused, not read

LOADERS = {"pdf": _pdf.load, "txt": _text.load, "html": _html.load, "docx": _docx.load}
SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html",
            ".shtml": "html", ".docx": "docx"}


def sniff_format(path: Path, head: bytes) -> str:
    """The format from the file's first bytes, falling back to its suffix."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # other zip files fail in the DOCX loader with a clear message
    low = head[:2048].lower()
    if b"<html" in low or b"<!doctype html" in low or b"<body" in low:
        return "html"
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt == "pdf":
        raise LoadError("not a PDF: the file does not start with %PDF (truncated or mislabelled)")
    return fmt or "txt"


def load(path: str | os.PathLike, max_bytes: int = MAX_BYTES, rules=None) -> Document:
    """Read one file into a Document, or raise LoadError with a one-line reason.

    `rules` (default: the packaged rules) carries the patterns and the tokenizer the text repairs use."""
    p = Path(path)
    if not p.is_file():
        raise LoadError(f"no such file: {p}")
    size = p.stat().st_size
    if size == 0:
        raise LoadError("empty file")
    if size > max_bytes:
        raise LoadError(f"file too large: {size} bytes (limit {max_bytes})")
    with open(p, "rb") as fh:
        head = fh.read(4096)
    fmt = sniff_format(p, head)
    try:
        doc = LOADERS[fmt](p, rules=rules)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError(f"too large: the {fmt.upper()} file needs more memory than allowed to read") from None
    except RecursionError:
        raise LoadError(f"unreadable {fmt.upper()}: nested too deeply") from None
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError, LookupError,
            ArithmeticError, UnicodeError, EOFError) as exc:
        # a format library tripping over a damaged or hostile file: that file's problem, in one line
        log.debug("loader error on %s", p, exc_info=True)
        detail = " ".join(str(exc).split())[:120]
        raise LoadError(f"unreadable {fmt.upper()} ({exc.__class__.__name__}: {detail})") from None
    if not doc.text.strip():
        raise LoadError("no text found in the file")
    return doc


def supported(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES
