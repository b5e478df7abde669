"""Loaders: one per format, each turning a file into a Document (see clean.build_document)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from ..i18n import Message, message
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
        raise LoadError(message("file.not_pdf"))
    return fmt or "txt"


def load(path: str | os.PathLike, max_bytes: int = MAX_BYTES, rules=None) -> Document:
    """Read one file into a Document, or raise LoadError with a one-line reason.

    `rules` (default: the packaged rules) carries the patterns and the tokenizer the text repairs use."""
    p = Path(path)
    if not p.is_file():
        raise LoadError(message("file.no_such_file", path=str(p)))
    size = p.stat().st_size
    if size == 0:
        raise LoadError(message("file.empty"))
    if size > max_bytes:
        raise LoadError(message("file.too_large_bytes", size=size, limit=max_bytes))
    with open(p, "rb") as fh:
        head = fh.read(4096)
    fmt = sniff_format(p, head)
    try:
        doc = LOADERS[fmt](p, rules=rules)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError(message("file.too_large_to_read", format=fmt.upper())) from None
    except RecursionError:
        raise LoadError(message("file.nested", format=fmt.upper())) from None
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError, LookupError,
            ArithmeticError, UnicodeError, EOFError) as exc:
        # a format library tripping over a damaged or hostile file: that file's problem, in one line
        log.debug("loader error on %s", p, exc_info=True)
        detail = " ".join(str(exc).split())[:120]
        raise LoadError(message("file.unreadable_format", format=fmt.upper(), exception=exc.__class__.__name__,
                             detail=detail)) from None
    if not doc.text.strip():
        raise LoadError(message("file.no_text"))
    return doc


def supported(path: Path | str) -> bool:
    """Whether a file of this name is read (a string need not become a Path: pathlib interns names)."""
    return os.path.splitext(os.path.basename(path))[1].lower() in SUFFIXES


# Formats people keep notices in that cannot be read: what each is and what to do instead
# (catalogue keys: file.format_*, file.todo_*).
UNSUPPORTED = {
    ".doc": ("doc", "word"), ".wps": ("wps", "wps"), ".wpt": ("wpt", "wps"), ".dot": ("dot", "docx"),
    ".rtf": ("rtf", "docx"), ".odt": ("odt", "docx"), ".ofd": ("ofd", "ofd"), ".xls": ("xls", "sheet"),
    ".xlsx": ("xlsx", "sheet"), ".et": ("et", "pdf"), ".ppt": ("ppt", "pdf"), ".pptx": ("ppt", "pdf"),
    **{s: ("image", "ocr") for s in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")},
}


def unsupported(suffix: str) -> Message | None:
    """Why a file of this suffix is not read and what to do instead, or None when it is no such format."""
    hit = UNSUPPORTED.get(suffix.lower())
    if hit is None:
        return None
    return message("file.unsupported", format=message(f"file.format_{hit[0]}"), suffix=suffix.lower(),
                   todo=message(f"file.todo_{hit[1]}"))
