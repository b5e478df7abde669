"""The record's `text` is the notice with blank lines and line-edge spaces dropped; this
module builds it and moves every evidence span onto it, so `text[a:b]` of a span is the
passage the value was read from (the report highlights values at these offsets).
"""
from __future__ import annotations


def compact_text(text: str) -> tuple[str, list[int]]:
    """(text without blank lines and line-edge whitespace, position of every offset of `text` in it).

    The position list has len(text) + 1 entries, so both ends of a span map.  A dropped
    character maps to where the next kept one lands (a start) or just after the last
    kept one (an end), so a span never grows over a line separator it did not cover.
    """
    out: list[str] = []
    pos: list[int] = []
    size = 0
    offset = 0
    for line in text.split("\n"):
        content = line.strip()
        if content:
            lead = len(line) - len(line.lstrip())
            if size:
                out.append("\n")
                size += 1
            pos.extend([size] * lead)
            out.append(content)
            pos.extend(range(size, size + len(content)))
            size += len(content)
            pos.extend([size] * (len(line) - lead - len(content)))
        else:
            pos.extend([size] * len(line))
        pos.append(size)          # the line's own "\n" (one too many after the last line: the end offset)
        offset += len(line) + 1
    return "".join(out), pos[:len(text) + 1]


def move_spans(data, pos: list[int]):
    """Rewrite, in place, every `span: [a, b]` inside `data` (dicts and lists) through `pos`."""
    if isinstance(data, dict):
        sp = data.get("span")
        if isinstance(sp, list) and len(sp) == 2 and all(isinstance(x, int) for x in sp):
            a, b = (min(max(x, 0), len(pos) - 1) for x in sp)
            data["span"] = [pos[a], max(pos[a], pos[b])]
        for k, v in data.items():
            if k != "span":
                move_spans(v, pos)
    elif isinstance(data, list):
        for v in data:
            move_spans(v, pos)
    return data
