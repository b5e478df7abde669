"""Themes: the 主题 line(s) of the notice, as written."""
from __future__ import annotations

import re

from ..rules import alternation
from .context import Context


def extract_themes(ctx: Context) -> list[tuple[str, tuple[int, int]]]:
    cues = alternation(ctx.rules.extract["theme_cues"])
    pat = re.compile(f"(?:^|[）)、.．\\s的])(?:{cues})\\s*(?:[:：]|为|是)\\s*(?P<t>[^\\n\\t]+?)\\s*[。；;]?\\s*$", re.M)
    lo, hi = ctx.body
    out: list[tuple[str, tuple[int, int]]] = []
    for m in pat.finditer(ctx.text, lo, hi):
        t = m.group("t").strip()
        if re.fullmatch(r"[“\"][^“”\"]+[”\"]", t):
            t = t[1:-1]  # 主题为“…”: the quotes only delimit the theme
        # a sentence that merely mentions 主题 (…等主题) is no theme line
        if len(t) > 40 or "。" in t or "，" in t and len(t) > 30:
            continue
        if t and t not in [x for x, _ in out]:
            out.append((t, m.span("t")))
    # "以“学习贯彻二十大 终身学习向未来”为主题"
    for m in re.finditer(f"以\\s*[“\"「](?P<t>[^”\"」\\n]{{2,40}})[”\"」]\\s*为(?:活动|宣传|本次活动)?(?:{cues})", ctx.text[lo:hi]):
        t = m.group("t").strip()
        if t not in [x for x, _ in out]:
            out.append((t, (lo + m.start("t"), lo + m.end("t"))))
    # a heading "一、活动主题" with the theme on the next line
    for sec in _walk(ctx.st.sections):
        if not re.fullmatch(f"(?:{cues})", sec.heading.strip()):
            continue
        nl = ctx.text.find("\n", sec.start)
        if nl < 0:
            continue
        head_line = ctx.text[sec.start:nl].strip()
        if not re.fullmatch(re.escape(sec.marker) + r"\s*(?:" + cues + r")\s*[:：]?", head_line):
            continue  # the theme is on the heading line itself (主题：…), read above
        end = ctx.text.find("\n", nl + 1)
        end = len(ctx.text) if end < 0 else end
        line = ctx.text[nl + 1:end].strip()
        if re.match(f"(?:{cues})\\s*[:：]", line):
            continue  # "主题：…" on the next line is read by the pattern above
        t = line.strip("。；;")
        if re.fullmatch(r"[“\"][^“”\"]+[”\"]", t):
            t = t[1:-1]
        if t and len(t) <= 40 and "。" not in t and t not in [x for x, _ in out]:
            a = ctx.text.find(t, nl + 1)
            out.append((t, (a, a + len(t))))
    return out


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.children)
