"""Hosting units: organizer (主办, 共同举办, 由…举办), undertaker (承办), co_organizer (协办)."""
from __future__ import annotations

import re

from ..rules import alternation
from .context import Context

ROLE_LABEL_RE = r"(?:^|(?<=[\n。；]))\s*(?:[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[）)])?\s*(?P<role>主办|承办|协办)(?:单位)?\s*[:：]\s*(?P<names>[^。；;\n]+)"


def _org_ok(name: str, org_suffix: re.Pattern) -> bool:
    return (2 < len(name) <= 40 and org_suffix.search(name) is not None
            and not re.match(r"^(?:各|有关|相关|本|我|其他|所属)", name))


def extract_hosts(ctx: Context) -> tuple[dict[str, list[str]], dict[str, list[tuple[int, int]]]]:
    """(names by role, their spans by role)."""
    ex = ctx.rules.extract
    roles = ex["host_roles"]
    org_suffix = re.compile(f"(?:{alternation(ex['org_suffixes'])})$")
    out = {"organizer": [], "undertaker": [], "co_organizer": []}
    spans: dict[str, list] = {k: [] for k in out}
    lo, hi = ctx.body
    text = ctx.text

    def split_orgs(names: str) -> list[str]:
        # 和/及/与 join two units only when the left part is itself a unit (文化和旅游厅 is one)
        out = []
        for part in re.split(r"[、，,；;]", names):
            pieces = re.split(r"(和|及|与|以及)", part)
            cur = pieces[0]
            for sep, nxt in zip(pieces[1::2], pieces[2::2]):
                if org_suffix.search(cur.strip()):
                    out.append(cur)
                    cur = nxt
                else:
                    cur = cur + sep + nxt
            out.append(cur)
        return [x.strip() for x in out if x.strip()]

    def add(role: str, names: str, base: int):
        for n in split_orgs(re.sub(r"等(?:单位|部门|机构)?$", "", names.strip())):
            n = re.sub(r"等(?:单位|部门|机构)?$", "", n).strip()
            n = re.sub(r"^(?:由|是|为)", "", n)
            if _org_ok(n, org_suffix) and n not in out[role]:
                out[role].append(n)
                i = text.find(n, base)
                spans[role].append((i, i + len(n)))

    # "主办单位：A、B" lists
    for m in re.finditer(ROLE_LABEL_RE, text[lo:hi]):
        role = {"主办": "organizer", "承办": "undertaker", "协办": "co_organizer"}[m.group("role")]
        add(role, m.group("names"), lo + m.start("names"))
    # "由A、B共同主办，C承办，D协办": names stand right before the role verb
    verbs = [(v, r) for r, vs in roles.items() for v in vs]
    verb_re = re.compile("|".join(f"(?P<r{i}>{re.escape(v)})" for i, (v, _) in enumerate(sorted(verbs, key=lambda x: -len(x[0])))))
    ordered = sorted(verbs, key=lambda x: -len(x[0]))
    for m in verb_re.finditer(text, lo, hi):
        verb, role = ordered[int(m.lastgroup[1:])]
        if text[m.end(): m.end() + 2].startswith("单位") or re.match(r"\s*[:：]", text[m.end(): m.end() + 2]):
            continue  # a label (主办单位：…), read above
        start = max(text.rfind(c, lo, m.start()) for c in "。；;，,\n：:")
        start = max(start + 1, lo)
        seg = text[start:m.start()]
        if "由" in seg:
            seg = seg[seg.rfind("由") + 1:]
        elif verb in ("举办", "共同举办", "联合举办") and not verb.startswith(("共同", "联合")):
            continue  # plain 举办 is a verb of the recipients, not a hosting role
        # "A、B等单位和各地市教育行政部门共同举办": drop generic members
        seg = re.split(r"等单位和|等单位及|和各|及各", seg)[0]
        add(role, seg, start)
    return out, spans
