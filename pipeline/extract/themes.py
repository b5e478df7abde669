"""Themes: the 主题 line(s) of the notice, as written."""
from __future__ import annotations

import re

from .context import Context


def extract_themes(ctx: Context) -> list[tuple[str, tuple[int, int]]]:
    cues = "|".join(re.escape(c) for c in sorted(ctx.rules.extract["theme_cues"], key=len, reverse=True))
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
    return out
