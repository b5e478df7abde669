"""Hosting units: organizer (主办, 共同举办, 由…举办), undertaker (承办), co_organizer (协办).

Read from labels (主办单位：A、B; 会务承办单位：C; a heading 三、主办单位 with one unit per line
below it) and from verbs after the names (由A、B共同主办，C承办，D协办; A、B和C，决定联合开展…).
A label followed by a clause (主办单位：本活动由A、B联合主办，C承办) is read as that clause,
never taken whole; generic members (各地市教育行政部门, 有关单位) are no hosts.
"""
from __future__ import annotations

import re

from .context import Context

CJK = "\u4e00-\u9fa5"
ROLES = ("organizer", "undertaker", "co_organizer")


class _Hosts:
    """Names by role with their spans, in reading order."""

    def __init__(self, text: str, P):
        self.text = text
        self.P = P
        self.org_suffix = P.unit_name
        self.names: dict[str, list[str]] = {r: [] for r in ROLES}
        self.spans: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}

    def add_list(self, role: str, names: str, base: int) -> None:
        P = self.P
        items = [P.name_lead.sub("", x) for x in _split_orgs(names, P)]
        items = [P.name_etc.sub("", x).strip() for x in items]
        items = [x for x in items if x]
        # a list naming some known units vouches for its other members (人民网, 中国妇女报社)
        vouched = sum(1 for x in items if _org_ok(x, P)) >= max(1, len(items) - 1)
        for n in items:
            if (_org_ok(n, P) or vouched and _plain_name(n, P)) and n not in self.names[role]:
                self.names[role].append(n)
                i = self.text.find(n, base)
                self.spans[role].append((i, i + len(n)))


def _org_ok(name: str, P) -> bool:
    return (2 < len(name) <= 40 and P.unit_name.search(name) is not None and _plain_name(name, P))


def _plain_name(name: str, P) -> bool:
    """A unit's name: CJK (and brackets, 《》 of a periodical's 编辑部), no generic or sentence words."""
    if "《" in name or "》" in name:
        return P.periodical_unit.match(name) is not None and not P.sentence_word.search(name)
    return (2 <= len(name) <= 30 and re.fullmatch(f"[{CJK}（）()]+", name) is not None
            and not P.generic_member.match(name) and not P.sentence_word.search(name))


def _split_orgs(names: str, P) -> list[str]:
    """'A、B和C' -> [A, B, C]; 和/及/与 join two units only when the left part is itself a unit
    (文化和旅游厅 is one)."""
    out = []
    for part in re.split(r"[、，,；;/]", names):
        pieces = P.joiner.split(part)
        cur = pieces[0]
        for sep, nxt in zip(pieces[1::2], pieces[2::2]):
            if P.unit_name.search(cur.strip()):
                out.append(cur)
                cur = nxt
            else:
                cur = cur + sep + nxt
        out.append(cur)
    return [x.strip() for x in out if x.strip()]


def extract_hosts(ctx: Context) -> tuple[dict[str, list[str]], dict[str, list[tuple[int, int]]]]:
    """(names by role, their spans by role)."""
    ex = ctx.rules.extract
    P = ctx.rules.patterns("hosts")
    hosts = _Hosts(ctx.text, P)
    # from the first sentence above a misread title to the end: an attached plan (附：活动方案) after
    # the signature often holds the 主办/承办 lines; site furniture is blanked in ctx.text
    lo, hi = ctx.own_start, len(ctx.text)
    verb_re = P.role_verb
    role_of = {v: r for r, vs in ex["host_roles"].items() for v in vs}
    label_spans = _labels(ctx, hosts, lo, hi, verb_re, role_of)
    _verbs(ctx, hosts, lo, hi, verb_re, role_of, label_spans)
    return hosts.names, hosts.spans


def _labels(ctx, hosts: _Hosts, lo, hi, verb_re, role_of) -> list[tuple[int, int]]:
    """主办单位：A、B / 会务承办单位：C / 主办单位：A  承办单位：B on one line / a heading
    三、主办单位 with the units on the lines below."""
    text = ctx.text
    P = hosts.P
    label_of = {w: r for r, ws in ctx.rules.extract["host_labels"].items() for w in ws}
    head, inline = P.label_heading, P.label_inline
    done = []
    for m in head.finditer(text, lo, hi):
        done.append((m.start(), _units_below(text, hosts, label_of[m.group("label")], m.end(), hi, head)))
    for line_start, line in _lines(text, lo, hi):
        found = list(inline.finditer(line))
        for k, m in enumerate(found):
            role = label_of[m.group("label")]
            rest = line[m.end(): found[k + 1].start() if k + 1 < len(found) else len(line)]
            clause = re.split(r"[。；;]", rest)[0].strip()
            if not clause or verb_re.search(clause) or P.delegated.search(clause):
                continue  # a clause (本活动由A、B联合主办，C承办): the verbs read it
            hosts.add_list(role, clause, line_start + m.end())
            done.append((line_start + m.start(), line_start + m.end() + len(rest)))
    return done


def _lines(text: str, lo: int, hi: int):
    pos = lo
    for line in text[lo:hi].split("\n"):
        yield pos, line
        pos += len(line) + 1


def _units_below(text: str, hosts: _Hosts, role: str, pos: int, hi: int, head: re.Pattern) -> int:
    """The units listed one a line under a label heading, up to the next heading or sentence."""
    while pos < hi:
        nxt = hosts.P.unit_below.match(text[pos:hi])
        if not nxt:
            break
        line = nxt.group("n").strip().rstrip("；;。，,")
        whole = nxt.group(0).strip()
        if not line:
            pos += nxt.end()
            continue
        if (hosts.P.item_mark.match(whole) and not _org_ok(line, hosts.P)) or head.match(whole) \
                or len(line) > 40 or not _plain_name(re.split(r"[、，,]", line)[0], hosts.P):
            break
        hosts.add_list(role, line, pos + nxt.start("n"))
        pos += nxt.end()
    return pos


def _verbs(ctx, hosts: _Hosts, lo, hi, verb_re, role_of, label_spans) -> None:
    """由A、B共同主办，C承办，D协办 / A、B和C，决定联合开展…: the names stand before the verb."""
    text, P = ctx.text, hosts.P
    for m in verb_re.finditer(text, lo, hi):
        verb, role = m.group(0), role_of[m.group(0)]
        if any(a <= m.start() < b for a, b in label_spans):
            continue
        if text[m.end(): m.end() + 2].startswith("单位") or re.match(r"\s*[:：]", text[m.end(): m.end() + 2]):
            continue  # a label (主办单位：…), read above
        start = max(text.rfind(c, lo, m.start()) for c in "。；;，,\n：:")
        start = max(start + 1, lo)
        seg = text[start:m.start()]
        if not seg.strip() or P.lead_words.fullmatch(seg):
            # "A、B和C，决定联合开展": the units are the clause before the comma, which holds units only
            if not seg.strip() or start <= lo or text[start - 1] not in "，,":
                continue
            prev = max(text.rfind(c, lo, start - 1) for c in "。；;，,\n：:")
            seg, start = text[prev + 1:start - 1], prev + 1
            units = _split_orgs(seg, P)
            if not units or not all(_org_ok(x, P) for x in units):
                continue
        elif P.delegated.search(seg):
            seg = P.delegated.split(seg)[-1]
        elif verb in ("举办",):
            continue  # plain 举办 is a verb of the recipients, not a hosting role
        elif not verb.startswith(("共同", "联合")) and not re.search(rf"[{CJK}]$", seg):
            continue
        # "由A主办、B承办": the names of this verb follow the previous one
        prior = list(verb_re.finditer(seg))
        if prior:
            start += prior[-1].end()
            seg = seg[prior[-1].end():].lstrip("、，, ")
        # "A、B等单位和各地市教育行政部门共同举办": drop generic members
        seg = P.generic_tail.split(seg)[0]
        hosts.add_list(role, seg, start)
