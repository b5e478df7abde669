"""Themes: the notice's explicit theme statements, as written.

Forms: a line "（一）活动主题：…", a heading "一、活动周主题" with the theme on the next line,
"…，主题是：…。" and "活动主题为“…”" inside a sentence, and "以“…”为主题" / "以…为主题".
A theme made only of quoted phrases gives one item per phrase; a sentence that merely mentions
主题 (…等主题, 主题鲜明, 主题教育活动) is no theme.
"""
from __future__ import annotations

import re

from ..rules import alternation
from .context import Context

CJK = "\u4e00-\u9fa5"
QUOTED = r"[“\"「『]([^“”\"」』\n]{2,40})[”\"」』]"
MAX_LEN = 40


def extract_themes(ctx: Context) -> list[tuple[str, tuple[int, int]]]:
    cues = alternation(ctx.rules.extract["theme_cues"])
    lo, hi = theme_zone(ctx)
    text = ctx.text
    out: list[tuple[str, tuple[int, int]]] = []

    def add(t: str, a: int):
        for item, start in _items(t, a):
            if item and item not in [x for x, _ in out]:
                out.append((item, (start, start + len(item))))

    # a theme line: "1.主题：…", "（一）活动主题：…" — the rest of the line is the theme
    # (after 为/是 only when the line opens with the cue: "本次活动的主题为…", not "各校要开展主题为…的活动")
    line_pat = re.compile(rf"(?m)^\s*(?:[（(]?[一二三四五六七八九十\d]{{1,3}}[）)、.．]\s*)?"
                          rf"(?:[{CJK}]{{0,8}}?(?:{cues})\s*[:：]|(?:[{CJK}]{{0,7}}的)?(?:{cues})\s*(?:为|是)\s*[:：]?)"
                          rf"\s*(?P<t>[^\n]+?)\s*[。；;]?\s*$")
    for m in line_pat.finditer(text, lo, hi):
        t = m.group("t")
        q = _leading_quotes(t)
        if q and re.match(r"\s*(?:$|[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|[，,。；;])", t[q.end():]):
            add(q.group(1), m.start("t") + q.start(1))  # 主题为“…” 二、… (a copy that lost its line breaks)
        elif _quoted_only(t) or (len(t) <= MAX_LEN and "。" not in t and not ("，" in t and len(t) > 30)):
            add(t, m.start("t"))
    # inside a sentence: "…，主题是：注重家教家风•培育家国情怀。", "活动主题为“快乐阅读放飞梦想”"
    in_pat = re.compile(rf"(?:{cues})\s*(?:[:：]|为|是)\s*[:：]?\s*(?P<t>[^。；;\n]+)")
    for m in in_pat.finditer(text, lo, hi):
        if any(a <= m.start("t") < a + len(x) + 2 for x, (a, _) in out):
            continue
        t = m.group("t")
        q = _leading_quotes(t)
        if q:
            add(q.group(1), m.start("t") + q.start(1))
            continue
        # unquoted: the clause up to the next comma, when the cue opens the clause
        before = text[max(lo, m.start() - 1):m.start()]
        clause = re.split(r"[，,]", t)[0].strip()
        if (not before or before in "，,：:\n") and 4 <= len(clause) <= MAX_LEN:
            add(clause, m.start("t") + t.find(clause))
    # "以“…”为主题", "以读书与修养、读书与工作为主题"
    yi_pat = re.compile(rf"以\s*(?P<t>{QUOTED}(?:[、，,和与及\s]*{QUOTED})*|[^以，,。；;\n“”\"]{{4,{MAX_LEN}}}?)\s*为[{CJK}]{{0,4}}?(?:{cues})")
    for m in yi_pat.finditer(text, lo, hi):
        add(m.group("t"), m.start("t"))
    # "紧紧围绕“终身学习 人人出彩”主题": a quoted theme the activity is built around
    around = alternation(ctx.rules.extract.get("theme_around") or [])
    if around:
        ar_pat = re.compile(rf"(?:{around})\s*(?P<t>{QUOTED}(?:[、，,和与及\s]*{QUOTED})*)\s*(?:这一|这个)?\s*(?:{cues})(?!教育)")
        for m in ar_pat.finditer(text, lo, hi):
            add(m.group("t"), m.start("t"))
    # a heading "一、活动周主题" with the theme on the next non-empty line
    head_pat = re.compile(rf"(?m)^\s*(?:[（(]?[一二三四五六七八九十\d]{{1,3}}[）)、.．]\s*)?[{CJK}]{{0,8}}?(?:{cues})\s*[:：]?\s*$")
    for m in head_pat.finditer(text, lo, hi):
        nxt = re.match(r"\s*\n(?:\s*\n)*[ \t\u3000]*(?P<t>[^\n]+)", text[m.end():hi])
        if not nxt:
            continue
        t = nxt.group("t").strip()
        if t.endswith(("。", "；", ";")) and not _quoted_only(t):
            continue  # a sentence under the heading (研究…，深化…。) describes; a slogan has no stop
        if re.match(rf"(?:[（(]?[一二三四五六七八九十\d]{{1,3}}[）)、.．])|(?:{cues})\s*[:：]", t):
            continue  # the next heading, or a "主题：…" line read above
        if _quoted_only(t) or (len(t) <= MAX_LEN and "。" not in t):
            add(t, m.end() + nxt.start("t"))
    return out


def theme_zone(ctx: Context) -> tuple[int, int]:
    """The body (from the first sentence above a misread title)."""
    return ctx.own_start, ctx.st.body[1]


def _leading_quotes(t: str) -> re.Match | None:
    """The quoted phrases a theme statement opens with (主题为“A”“B” 二、…)."""
    return re.match(rf"\s*((?:{QUOTED}[、，,和与及 \u3000]*)+)", t)


def _quoted_only(t: str) -> bool:
    return bool(re.fullmatch(rf"\s*(?:{QUOTED}[、，,和与及\s]*)+[。；;]?\s*", t))


def _items(t: str, a: int) -> list[tuple[str, int]]:
    """One item per quoted phrase when the theme is only quoted phrases, else the theme as written."""
    if _quoted_only(t):
        return [(m.group(1).strip(), a + m.start(1)) for m in re.finditer(QUOTED, t)]
    s = t.strip().rstrip("。；;")
    return [(s, a + t.find(s))]
