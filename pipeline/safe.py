"""Text that came from a notice, made safe for where it goes.

Notice text and file names are untrusted: they can hold NUL and other control
characters, lone surrogates, bidi overrides, spreadsheet formulas, HTML and terminal
escape sequences.  Every writer and the terminal pass them through one of these.
"""
from __future__ import annotations

import html
import os
import re

# C0 controls but tab and newline, DEL and C1, lone surrogates, bidi embeddings, overrides and
# isolates, line/paragraph separators, BOM and non-characters: nothing a notice means
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff"
CONTROL_RE = re.compile(f"[{_CONTROL}]")
CONTROL_NO_NEWLINE_RE = re.compile(f"[{_CONTROL}\n]")


def strip_controls(text: str, keep_newlines: bool = True) -> str:
    """`text` without control, bidi and invalid characters (tabs kept; newlines kept unless told)."""
    if not text:
        return text
    out = CONTROL_RE.sub("", text)
    return out if keep_newlines else out.replace("\n", " ")


def sanitize(data):
    """A copy of plain data (dicts, lists, strings) with every string, keys too, stripped of controls."""
    if isinstance(data, str):
        return strip_controls(data)
    if isinstance(data, dict):
        return {sanitize(k): sanitize(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [sanitize(v) for v in data]
    return data


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A spreadsheet cell that cannot run: controls removed, and a cell that Excel or WPS would read
    as a formula (= + - @, tab, carriage return first) prefixed with an apostrophe (OWASP)."""
    text = "" if value is None else str(value)
    text = CONTROL_RE.sub("", text.replace("\r\n", "\n")).replace("\r", "")
    if text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START[:4]):
        text = "'" + text
    return text


_MD_INLINE_RE = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START_RE = re.compile(r"^(\s*)([#+\->!=])")


def md(text) -> str:
    """Notice text inside Markdown: HTML escaped (viewers render raw HTML) and Markdown syntax escaped."""
    text = strip_controls("" if text is None else str(text), keep_newlines=False)
    text = _MD_INLINE_RE.sub(r"\\\1", html.escape(text, quote=True))
    return _MD_LINE_START_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def term(text, keep_newlines: bool = False) -> str:
    """Text for the terminal: control characters (ESC sequences, a newline that would forge a line)
    shown as escapes, never sent raw."""
    text = "" if text is None else str(text)
    pat = CONTROL_RE if keep_newlines else CONTROL_NO_NEWLINE_RE
    return pat.sub(lambda m: m.group(0).encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character (East Asian wide or full-width) takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def display_path(path) -> str:
    """A file name as text: bytes that are not UTF-8 shown as \\xNN, control characters escaped."""
    raw = os.fsencode(path) if not isinstance(path, bytes) else path
    return term(raw.decode("utf-8", "backslashreplace"))
