"""Cited documents: 《title》 with or without (doc number), an issuer written outside the
brackets, bare doc numbers, and references defined by 以下简称."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import alternation
from .context import Context
from .docnumber import find_doc_numbers

DOC_TYPE_RE = re.compile(r"(?:通知|通报|意见|决定|办法|方案|规划|纲要|条例|法|规定|细则|要点|计划|报告|批复|函|公告|指南|决议|讲话|标准|规程|制度|实施方案|行动计划)$")


@dataclass
class Cite:
    doc_number: str | None
    title: str | None
    issuer: str | None
    span: tuple[int, int]
    text: str


def extract_cites(ctx: Context) -> list[Cite]:
    lo, hi = ctx.body
    text = ctx.text
    org_suffix = re.compile(f"(?:{alternation(ctx.rules.extract['org_suffixes'])})$")
    own = ctx.st.doc_number.text if ctx.st.doc_number else None
    out: list[Cite] = []
    used: list[tuple[int, int]] = []
    aliases: set[str] = set()
    # the title too: "转发山东省教育厅《…》的通知" cites what it forwards
    zones = [(lo, hi)]
    if ctx.st.title is not None:
        zones.insert(0, (ctx.st.title.start, ctx.st.title.end))
    for zlo, zhi in zones:
        for m in re.finditer(r"《([^《》\n]{4,150})》", text[zlo:zhi]):
            a, b = zlo + m.start(), zlo + m.end()
            title = re.sub(r"\s+", "", m.group(1))
            if title in aliases:
                used.append((a, b))
                continue
            core = re.sub(r"[（(][^（）()]*[）)]$", "", title)  # 纲要（2010－2020年）
            if not DOC_TYPE_RE.search(core) or (len(core) < 8 and "关于" not in core):
                continue
            after = text[b:b + 40]
            num = None
            nm = re.match(r"\s*[（(]\s*([^（）()，,]{4,30}?号)\s*(?:[，,；;]\s*以下简称[^（）()]{1,20})?[）)]", after)
            if nm:
                found = find_doc_numbers(nm.group(1), ctx.rules)
                if found:
                    num = found[0].text
                    b += nm.end()
            # an issuer written before the brackets: 教育部《关于…》, 省委办公厅、省政府办公厅《关于…》
            before = text[max(zlo, a - 30):a]
            issuer = None
            im = re.search(r"([\u4e00-\u9fa5、]{2,30})$", before)
            if im:
                cand = re.split(r"根据|按照|依据|贯彻落实|贯彻|落实|转发|执行|参照|遵照|依照|结合|的|了|将|为|把", im.group(1))[-1]
                cand = cand.strip("、")
                if cand and org_suffix.search(cand.split("、")[0]):
                    issuer = cand
            if title.startswith("关于") and issuer:
                full = issuer.split("、")[0] + title
            else:
                full = title
            same = next((c for c in out if c.title and re.sub(r"^.*?关于", "关于", c.title) == re.sub(r"^.*?关于", "关于", full)), None)
            if same is not None:
                # cited again (title, then body with its number): one citation
                if same.doc_number is None and num:
                    same.doc_number = num
                used.append((a, b))
                continue
            out.append(Cite(num, full, issuer, (a, b), text[a:b]))
            used.append((a, b))
            # "（以下简称《纲要》）": later mentions of the short name are this document
            am = re.match(r"\s*[（(][^（）()]*?以下简称\s*[《“\"]([^》”\"]{1,30})[》”\"]", text[zlo + m.end():zlo + m.end() + 60])
            if am:
                aliases.add(re.sub(r"\s+", "", am.group(1)))
    # bare document numbers outside 《》 citations; a title written without 《》 right before
    # its bracketed number ("按照教育部关于…的通知（教职成〔2022〕1号）") is kept with it
    cue = alternation(ctx.rules.extract["cite_cues"])
    for d in find_doc_numbers(text[lo:hi], ctx.rules):
        a, b = lo + d.span[0], lo + d.span[1]
        if any(x <= a < y for x, y in used) or d.text == own:
            continue
        if any(c.doc_number == d.text for c in out):
            continue
        title = None
        tm = re.search(f"(?:{cue}|[，,。；;：:、])\\s*([\\u4e00-\\u9fa50-9“”]{{6,80}}?(?:通知|意见|决定|办法|方案|规划|纲要|规定|要点|计划))\\s*[（(]\\s*$",
                       text[max(lo, a - 90):a])
        if tm and "关于" in tm.group(1):
            title = tm.group(1)
        out.append(Cite(d.text, title, None, (a, b), text[a:b]))
    return out
