"""Topics and requirements (taxonomy ids), each with the sentence that justifies it.

Cues come from rules/taxonomy.yaml through the spaCy SpanRuler (pipeline/nlp.py);
a cue counts in the body only, outside cited titles and attachment tables.
"""
from __future__ import annotations

import re

from ..nlp import cue_spans
from .context import Context


def extract_categories(ctx: Context) -> dict[str, list[tuple[str, tuple[int, int]]]]:
    lo, hi = ctx.st.body  # the body proper: a signature such as …领导小组办公室 asks for nothing
    seg = ctx.text[lo:hi]
    # cited titles are what others asked; a table row is a form, not a demand of this notice
    seg = re.sub(r"《[^《》]{2,150}》", lambda m: " " * len(m.group(0)), seg)
    seg = "\n".join(" " * len(line) if "\t" in line else line for line in seg.split("\n"))
    out: dict[str, list] = {"topics": [], "requirements": []}
    seen: set[str] = set()
    exclude, weak, context = {}, {}, {}
    for kind in ("topics", "requirements"):
        for label, spec in ctx.rules.taxonomy[kind].items():
            key = f"{kind[:-1]}:{label}"
            exclude[key] = spec.get("exclude") or []
            weak[key] = set(spec.get("weak") or [])
            context[key] = spec.get("context") or []
    for label, a, b in cue_spans(seg, ctx.rules):
        if not label.startswith(("topic:", "requirement:")) or label in seen:
            continue
        s, e = ctx.sentence_bounds(lo + a, (lo, hi))
        sentence = ctx.text[s:e]
        if any(x in sentence for x in exclude[label]):
            continue
        if seg[a:b] in weak[label] and not any(w in sentence for w in context[label]):
            continue
        seen.add(label)
        kind, lid = label.split(":", 1)
        out[kind + "s"].append((lid, (s, e)))
    return out
