"""Radical characters folded to the ideographs they stand for (rules/charfold.yaml).

PDF producers often map a glyph shared by 文 and the Kangxi radical ⽂ to the radical's code
point, so "发⽂字号" and "10⽉11⽇" reach the text layer.  The fold is one character for one,
so offsets into the cleaned text stay valid for evidence.
"""
from __future__ import annotations

from .rules import RulesError, load_rules

SECTIONS = ("kangxi", "radicals_supplement")


def fold_table(data: dict) -> dict[int, str]:
    """The str.translate table of a charfold rules mapping; checks one character maps to one."""
    table: dict[int, str] = {}
    for section in SECTIONS:
        for src, dst in (data.get(section) or {}).items():
            if not (isinstance(src, str) and isinstance(dst, str) and len(src) == 1 and len(dst) == 1):
                raise RulesError(f"rules/charfold.yaml: {section}: {src!r} -> {dst!r} must map one character to one")
            table[ord(src)] = dst
    return table


def table_for(rules=None) -> dict[int, str]:
    """The fold table of a rule set (default: the packaged rules), kept beside it."""
    rules = rules or load_rules()
    table = rules.__dict__.get("_charfold")
    if table is None:
        table = rules.__dict__["_charfold"] = fold_table(rules.data.get("charfold") or {})
    return table


def fold_radicals(text: str, table: dict[int, str] | None = None) -> str:
    """`text` with radical forms replaced by their ideographs; same length."""
    return text.translate(table_for() if table is None else table)
