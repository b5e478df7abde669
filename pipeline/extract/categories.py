"""Topics and requirements (taxonomy ids), each with the sentence that justifies it.

Cues come from rules/taxonomy.yaml through the cue matcher (pipeline/nlp.py); a cue counts
in the notice's own text: not inside a cited document's title, a table row, a name (…领导小组
办公室, …工作会议, …职业技能竞赛) or a list of who takes part (参会人员：…, …均可自愿报名).
"""
from __future__ import annotations

import re

from ..nlp import cue_spans
from ..rules import alternation
from .context import Context

CJK = "\u4e00-\u9fa5"
MARK = r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*)"


def extract_categories(ctx: Context) -> dict[str, list[tuple[str, tuple[int, int]]]]:
    tax = ctx.rules.taxonomy
    lo, hi = body_zone(ctx)  # the body proper: a signature such as …领导小组办公室 asks for nothing
    seg = _masked(ctx, ctx.text[lo:hi])
    specs = {f"{kind[:-1]}:{label}": spec for kind in ("topics", "requirements") for label, spec in tax[kind].items()}
    heads = alternation(tax.get("name_heads") or [])
    participants = _participant_lines(seg, ctx.rules.patterns("categories"))
    phrases = tax.get("participant_phrases") or []
    out: dict[str, list] = {"topics": [], "requirements": []}
    seen: set[str] = set()
    hits = [(label, lo + a, lo + b) for label, a, b in cue_spans(seg, ctx.rules)]
    hits += _attachment_hits(ctx, specs)
    for label, a, b in hits:
        if not label.startswith(("topic:", "requirement:")) or label in seen:
            continue
        spec = specs[label]
        s, e = ctx.sentence_bounds(a, (min(a, lo), max(b, hi)))
        sentence = ctx.text[s:e]
        cue = ctx.text[a:b]
        after = re.split(r"[，,。；;：:、\s]", ctx.text[b:b + 12])[0]
        if any(x in sentence for x in spec.get("exclude") or []):
            continue
        if cue in set(spec.get("weak") or []) and not any(w in sentence for w in spec.get("context") or []):
            continue
        if any(ctx.text[b:].lstrip(" （(").startswith(w.lstrip("（(")) for w in spec.get("not_before") or []):
            continue
        if any(n in ctx.text[s:a] for n in tax.get("negations") or []):
            continue  # 取消…的统计: called off
        if heads and re.search(f"^[{CJK}]{{0,6}}?(?:{heads})", after):
            continue  # a cue inside a name: …领导小组办公室, 疫情防控工作会议
        if not spec.get("in_participants") and lo <= a < hi and (
                participants.get(ctx.text.count("\n", lo, a)) or any(p in sentence for p in phrases)):
            continue  # who takes part is no demand
        seen.add(label)
        kind, lid = label.split(":", 1)
        out[kind + "s"].append((lid, (s, e)))
    return out


def body_zone(ctx: Context) -> tuple[int, int]:
    """The body (from the first sentence above a misread title)."""
    return ctx.own_start, ctx.st.body[1]


def _masked(ctx: Context, seg: str) -> str:
    """Blank what asks nothing of the recipients: cited documents' titles (a form's name stays:
    填写《…调查统计表》) and table rows."""
    seg = ctx.rules.patterns("categories").cited_title.sub(lambda m: " " * len(m.group(0)), seg)
    return "\n".join(" " * len(line) if "\t" in line else line for line in seg.split("\n"))


def _participant_lines(seg: str, P) -> dict[int, bool]:
    """Line numbers (in `seg`) that list who takes part: '参会人员：…' or the lines under a
    heading '三、出席对象' up to the next heading."""
    out: dict[int, bool] = {}
    under = False
    for i, line in enumerate(seg.split("\n")):
        t = line.strip()
        if P.participant_heading.match(t):
            under = True
            out[i] = True
            continue
        if P.item_mark.match(t) or P.top_heading.match(t):
            under = False
        if under or P.participant_line.match(t):
            out[i] = True
    return out


def _attachment_hits(ctx: Context, specs: dict) -> list[tuple[str, int, int]]:
    """Cues of labels marked `in_attachments` in the names of the attachments (附件：…情况表)."""
    out = []
    wanted = {label for label, spec in specs.items() if spec.get("in_attachments")}
    if not wanted:
        return out
    for sp in ctx.st.attachment_names:
        for label, a, b in cue_spans(ctx.text[sp.start:sp.end], ctx.rules):
            if label in wanted:
                out.append((label, sp.start + a, sp.start + b))
    return out
