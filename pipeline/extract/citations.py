"""Cited documents: 《title》 with or without (doc number) — also wrapped across lines —, an
issuer written outside the brackets, bare doc numbers (spaces inside and a lost bracket
repaired), titles written without 《》 after 根据/按照, quoted names of documents handed down,
references defined by 以下简称, the forwarded document of a 转发 notice (also when it is only
attached) and the documents that forwarded text cites.

Not cites: forms and this notice's own attachments (《…申报表》, 附件1：《评选标准》), a
publication being written (编撰《…发展报告》), the notice's own number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import PatternSet
from .context import Context
from .docnumber import find_doc_numbers

CJK = "\u4e00-\u9fa5"
OPEN, CLOSE = "〔\\[［(（【﹝", "〕\\]］)）】﹞"


@dataclass
class Cite:
    doc_number: str | None
    title: str | None
    issuer: str | None
    span: tuple[int, int]
    text: str


def _key(title: str) -> str:
    """Titles compare without the issuer before 关于 (gold-format.md)."""
    t = re.sub(r"\s+", "", title)
    return t[t.find("关于"):] if "关于" in t else t


class _Cites:
    def __init__(self, text: str, own: str | None):
        self.text = text
        self.own = own
        self.items: list[Cite] = []
        self.used: list[tuple[int, int]] = []
        self.attached: set[int] = set()   # attachment numbers already cited by their title (《…》（附件5）)

    def find_title(self, title: str) -> Cite | None:
        return next((c for c in self.items if c.title and _key(c.title) == _key(title)), None)

    def add(self, num: str | None, title: str | None, issuer: str | None, a: int, b: int) -> None:
        if num and num == self.own:
            return
        same = (self.find_title(title) if title else None) or next(
            (c for c in self.items if num and c.doc_number == num), None)
        if same is not None:
            # cited again (title, then body with its number): one citation
            same.doc_number = same.doc_number or num
            same.title = same.title or title
        else:
            self.items.append(Cite(num, title, issuer, (a, b), self.text[a:b]))
        self.used.append((a, b))


def extract_cites(ctx: Context) -> list[Cite]:
    v = ctx.rules.patterns("citations")
    text = ctx.text
    own = ctx.st.doc_number.text if ctx.st.doc_number else None
    if own:
        found = find_doc_numbers(own, ctx.rules)
        own = found[0].text if found else own
    cites = _Cites(text, own)
    zones = cite_zones(ctx)
    attach_lines = _attachment_lines(ctx)
    for lo, hi in zones:
        _bracketed(ctx, v, cites, lo, hi, attach_lines)
    for lo, hi in zones:
        _quoted(ctx, v, cites, lo, hi)
        _unbracketed(ctx, v, cites, lo, hi)
    for lo, hi in zones:
        _numbers(ctx, v, cites, lo, hi)
    _forwarded_attachments(ctx, v, cites)
    return cites.items


def cite_zones(ctx: Context) -> list[tuple[int, int]]:
    """The title (转发山东省教育厅《…》的通知 cites what it forwards), the body (from the first
    sentence above a misread title), and, for a forwarding notice, the forwarded text after the
    signature."""
    hi = ctx.body[1]
    zones = [(ctx.own_start, hi)]
    if ctx.st.title is not None and not ctx.own_start <= ctx.st.title.start < hi:
        zones.insert(0, (ctx.st.title.start, ctx.st.title.end))
    if _forwards(ctx) and hi < len(ctx.text):
        zones.append((hi, len(ctx.text)))
    return zones


def _forwards(ctx: Context) -> bool:
    title = ctx.st.title.text if ctx.st.title else ""
    lo, hi = ctx.body
    return "转发" in title or ctx.rules.patterns("citations").forwarding.search(ctx.text[lo:hi]) is not None


def _attachment_lines(ctx: Context) -> list[tuple[int, int]]:
    """Where this notice lists its own attachments (附件：1.《…》 2.…)."""
    spans = []
    if ctx.st.attachment_note is not None:
        spans.append((ctx.st.attachment_note.start, ctx.st.attachment_note.end))
    for m in ctx.rules.patterns("citations").own_attachment_line.finditer(ctx.text):
        spans.append(m.span())
    return spans


def _document_title(title: str, v: PatternSet) -> bool:
    """A whole title of another official document (关于…的通知, …的意见), not a cut one."""
    return v.strong_type.search(title) is not None and (
        "关于" in title or v.document_title_end.search(title) is not None)


def _bracketed(ctx: Context, v: PatternSet, cites: _Cites, lo: int, hi: int, attach_lines) -> None:
    text = ctx.text
    aliases: set[str] = set()
    # a title may be wrapped across lines: up to two line breaks inside the brackets
    for m in re.finditer(r"《((?:[^《》\n]|\n(?![ \t]*\n)){4,150}?)》", text[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        if any(x <= a < y for x, y in cites.used):
            continue
        title = re.sub(r"\s+", "", m.group(1))
        if m.group(1).count("\n") > 2:
            continue
        if title in aliases:
            cites.used.append((a, b))
            continue
        core = re.sub(r"[（(][^（）()]*[）)]$", "", title)  # 纲要（2010－2020年）
        after = text[b:b + 40]
        num = None
        nm = v.number_after.match(after)
        if nm:
            found = _parse_numbers(nm.group(1), ctx)
            if found:
                num = found[0]
                b += nm.end()
        before = text[max(lo, a - 30):a]
        cued = v.cued_before.search(before) is not None
        if not _is_document(core, title, num, cued, v):
            continue
        if any(x <= a < y for x, y in attach_lines) and not (num or _document_title(title, v)):
            continue  # this notice's own attachment (附件1：《学习型家庭评选标准》)
        am = v.attached_ref.match(text[b:b + 12])
        if am:
            cites.attached.add(int(am.group(1)) if am.group(1) else 0)
        issuer = _issuer_before(before, v)
        full = issuer.split("、")[0] + title if title.startswith("关于") and issuer else title
        cites.add(num, full, issuer, a, b)
        # "（以下简称《纲要》）": later mentions of the short name are this document
        am = v.alias.match(text[lo + m.end():lo + m.end() + 60])
        if am:
            aliases.add(re.sub(r"\s+", "", am.group(1)))


def _is_document(core: str, title: str, num, cued: bool, v: PatternSet) -> bool:
    if len(core) < 8 and "关于" not in core and not num:
        return False  # 《统计表》, 《申报书》: forms
    if v.strong_type.search(core):
        return True
    if v.weak_type.search(core):
        # 《关于…的报告》, 根据《…制度汇编》; not a publication being written (编撰《…发展报告》)
        return "关于" in core or bool(num) or cued
    return False


def _issuer_before(before: str, v: PatternSet) -> str | None:
    """An issuer written before the brackets: 教育部《关于…》, 省委办公厅、省政府办公厅《关于…》."""
    im = re.search(rf"([{CJK}、]{{2,30}})$", before)
    if not im:
        return None
    cand = v.issuer_cut.split(im.group(1))[-1]
    # 十七届六中全会和省委办公厅: the unit after the last 和/及/与
    parts = [p for p in v.joiner.split(cand.strip("、")) if p]
    cand = parts[-1] if parts else ""
    return cand if cand and v.unit_name.search(cand.split("、")[0]) else None


def _quoted(ctx: Context, v: PatternSet, cites: _Cites, lo: int, hi: int) -> None:
    """按照国家开放大学下发的“2017年1月…考点公示”: a quoted name of a document handed down."""
    text = ctx.text
    for m in v.handed_down.finditer(text[lo:hi]):
        title = re.sub(r"\s+", "", m.group(1))
        a = lo + m.start(1)
        if any(x <= a < y for x, y in cites.used) or find_doc_numbers(title, ctx.rules):
            continue
        if v.strong_type.search(title) and not v.generic_start.search(title):
            cites.add(None, title, None, a, lo + m.end(1))


def _unbracketed(ctx: Context, v: PatternSet, cites: _Cites, lo: int, hi: int) -> None:
    """根据兰州大学高等学历继续教育学生学籍管理规定，…: a title written without 《》 after a cue."""
    text = ctx.text
    for m in v.unbracketed.finditer(text[lo:hi]):
        t = m.group("t")
        a = lo + m.start("t")
        if any(x <= a < y for x, y in cites.used) or v.generic_start.search(t):
            continue
        stem = v.rule_type.sub("", t)
        if stem == t or v.unit_name.search(stem) or stem.endswith("的"):
            continue  # 省教育厅通知: a unit's notice, no title
        if re.search(r"[（(]\s*$", text[a + len(t): a + len(t) + 2]):
            continue  # a number follows in brackets: read with the bare numbers
        # a title names its subject: 关于…, or the issuing body first (兰州大学…学籍管理规定)
        if "关于" not in t and not (len(stem) >= 8 and v.unit_name.search(stem[:12].rstrip("0123456789年"))
                                   or _opens_with_unit(stem, v)):
            continue
        cites.add(None, t, None, a, a + len(t))


def _opens_with_unit(s: str, v: PatternSet) -> bool:
    """兰州大学高等学历… opens with a unit's name (a prefix ending in a unit suffix)."""
    return any(v.unit_name.search(s[:n]) for n in range(3, min(len(s) - 4, 14)))


def _parse_numbers(s: str, ctx: Context) -> list[str]:
    found = find_doc_numbers(s, ctx.rules)
    if found:
        return [d.text for d in found]
    fixed = _repair(s)
    found = find_doc_numbers(fixed, ctx.rules) if fixed else []
    return [d.text for d in found]


def _repair(s: str) -> str | None:
    """'教 职 成〔2022〕 1 号' -> '教职成〔2022〕1号'; '益少发〔20171号' -> '益少发〔2017〕1号'."""
    compact = re.sub(r"\s+", "", s)
    m = re.fullmatch(rf"(.*?[{CJK}A-Za-z])([{OPEN}])((?:19|20)\d{{2}})([{CLOSE}]?)(\d{{1,5}})号?", compact)
    if not m:
        return compact if compact != s else None
    return f"{m.group(1)}〔{m.group(3)}〕{m.group(5)}号"


def _numbers(ctx: Context, v: PatternSet, cites: _Cites, lo: int, hi: int) -> None:
    """Bare document numbers outside 《》 citations; a title written without 《》 right before its
    bracketed number ("按照教育部关于…的通知（教职成〔2022〕1号）") is kept with it."""
    text = ctx.text
    body_lo = ctx.body[0]
    found: list[tuple[str, int, int]] = [(d.text, lo + d.span[0], lo + d.span[1]) for d in find_doc_numbers(text[lo:hi], ctx.rules)]
    # spaces inside (教 职 成 〔2022〕 1 号) or a lost bracket (益少发〔20171号)
    for m in re.finditer(rf"(?:[{CJK}A-Za-z][ \t]?){{2,14}}[ \t]*[{OPEN}][ \t]*(?:\d[ \t]?){{4,9}}[{CLOSE}]?[ \t]*(?:\d[ \t]?){{0,5}}号", text[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        fixed = _repair(m.group(0))
        parsed = find_doc_numbers(fixed, ctx.rules) if fixed else []
        if not parsed:
            continue
        over = [x for x in found if x[1] < b and a < x[2]]
        # a regular reading of the same number keeps its place unless spaces cut its code short
        if over and all(len(parsed[0].code) <= len(find_doc_numbers(x[0], ctx.rules)[0].code) for x in over):
            continue
        found = [x for x in found if x not in over]
        found.append((parsed[0].text, a + len(m.group(0)) - len(m.group(0).lstrip()), b))
    for num, a, b in sorted(found, key=lambda x: x[1]):
        if any(x <= a < y for x, y in cites.used) or num == cites.own:
            continue
        # the header above the body holds the notice's own number, never a citation
        if a < body_lo and not v.cue.search(text[max(0, a - 30):a]):
            continue
        title = None
        tm = v.title_before_number.search(text[max(lo, a - 90):a])
        if tm and "关于" in tm.group(1):
            title = v.leading_cues.sub("", tm.group(1))
        cites.add(num, title, None, a, b)


def _forwarded_attachments(ctx: Context, v: PatternSet, cites: _Cites) -> None:
    """An attachment that is another body's document (关于…的通知, …的通知.doc): the forwarded
    document, cited even where the body names it only as 通知（附件1）."""
    names = ctx.st.attachment_names
    for i, sp in enumerate(names):
        line = ctx.text[ctx.text.rfind("\n", 0, sp.start) + 1:sp.start]
        nm = re.search(r"(\d+)\s*[.、．:：]?\s*$", line)
        number = int(nm.group(1)) if nm else i + 1
        if number in cites.attached or (0 in cites.attached and len(names) == 1):
            continue  # the body cites it by its full title: 《…》（附件5）
        name = re.sub(r"\s+", "", sp.text)
        name = re.sub(r"^《(.*)》$", r"\1", name)
        name = re.sub(r"\.(?:docx?|pdf|xlsx?|wps|rar|zip)$", "", name, flags=re.I)
        name = re.sub(r"^《(.*)》$", r"\1", name)
        if _document_title(name, v) and not cites.find_title(name):
            nums = _parse_numbers(ctx.text[sp.end:sp.end + 30], ctx) if re.match(r"\s*[（(]", ctx.text[sp.end:sp.end + 3]) else []
            cites.add(nums[0] if nums else None, name, None, sp.start, sp.end)
