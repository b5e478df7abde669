"""Themes: the notice's explicit theme statements, as written.

Forms: a line "（一）活动主题：…", a heading "一、活动周主题" with the theme on the next line,
"…，主题是：…。" and "活动主题为“…”" inside a sentence, and "以“…”为主题" / "以…为主题".
A theme made only of quoted phrases gives one item per phrase; a sentence that merely mentions
主题 (…等主题, 主题鲜明, 主题教育活动) is no theme.
"""
from __future__ import annotations

import re

from .context import Context

MAX_LEN = 40


def extract_themes(ctx: Context) -> list[tuple[str, tuple[int, int]]]:
    P = ctx.rules.patterns("themes")
    lo, hi = theme_zone(ctx)
    text = ctx.text
    out: list[tuple[str, tuple[int, int]]] = []

    def add(t: str, a: int):
        for item, start in _items(t, a, P):
            if item and item not in [x for x, _ in out]:
                out.append((item, (start, start + len(item))))

    # a theme line: the rest of the line is the theme
    for m in P.theme_line.finditer(text, lo, hi):
        t = m.group("t")
        q = P.leading_quotes.match(t)
        if q and P.after_quotes.match(t[q.end():]):
            add(q.group(1), m.start("t") + q.start(1))  # 主题为“…” 二、… (a copy that lost its line breaks)
        elif _quoted_only(t, P) or (len(t) <= MAX_LEN and "。" not in t and not ("，" in t and len(t) > 30)):
            add(t, m.start("t"))
    # inside a sentence
    for m in P.in_sentence.finditer(text, lo, hi):
        if any(a <= m.start("t") < a + len(x) + 2 for x, (a, _) in out):
            continue
        t = m.group("t")
        q = P.leading_quotes.match(t)
        if q:
            add(q.group(1), m.start("t") + q.start(1))
            continue
        # unquoted: the clause up to the next comma, when the cue opens the clause
        before = text[max(lo, m.start() - 1):m.start()]
        clause = re.split(r"[，,]", t)[0].strip()
        if (not before or before in "，,：:\n") and 4 <= len(clause) <= MAX_LEN:
            add(clause, m.start("t") + t.find(clause))
    for pat in (P.with_yi, P.around):
        for m in pat.finditer(text, lo, hi):
            add(m.group("t"), m.start("t"))
    # a heading with the theme on the next non-empty line
    for m in P.heading.finditer(text, lo, hi):
        nxt = re.match(r"\s*\n(?:\s*\n)*[ \t\u3000]*(?P<t>[^\n]+)", text[m.end():hi])
        if not nxt:
            continue
        t = nxt.group("t").strip()
        if t.endswith(("。", "；", ";")) and not _quoted_only(t, P):
            continue  # a sentence under the heading (研究…，深化…。) describes; a slogan has no stop
        if P.next_heading.match(t):
            continue  # the next heading, or a "主题：…" line read above
        if _quoted_only(t, P) or (len(t) <= MAX_LEN and "。" not in t):
            add(t, m.end() + nxt.start("t"))
    return out


def theme_zone(ctx: Context) -> tuple[int, int]:
    """The body (from the first sentence above a misread title)."""
    return ctx.own_start, ctx.st.body[1]


def _quoted_only(t: str, P) -> bool:
    return bool(P.quoted_only.fullmatch(t))


def _items(t: str, a: int, P) -> list[tuple[str, int]]:
    """One item per quoted phrase when the theme is only quoted phrases, else the theme as written."""
    if _quoted_only(t, P):
        return [(m.group(1).strip(), a + m.start(1)) for m in P.quoted.finditer(t)]
    s = t.strip().rstrip("。；;")
    return [(s, a + t.find(s))]
