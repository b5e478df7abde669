"""GB/T 9704-2012 segmentation: 版头, title, 主送机关, body sections, signature, date, 附注, 版记.

Works paragraph by paragraph on Document.text and copes with missing parts (no doc
number, no 版记), web copies (page furniture, doc number under the title) and
headings written 1、 or ⑴.  Every part is returned as a Span of the document.
"""
from __future__ import annotations

import re

from .clean import DATE_LINE_RE as DATE_ONLY_RE
from .layout import apply_web_meta, hinted_paragraphs
from .model import Document, Section, Span, Structure
from .rules import Rules, load_rules
SIGN_AND_DATE_RE = re.compile(
    r"^\s*(?P<org>[\u4e00-\u9fa5（）()]{2,40}?)\s{2,}(?P<date>(?:\d{4}|[〇○零一二三四五六七八九Ｏ0O]{4})\s*年.{1,5}月.{1,5}日)\s*$")


class Paragraphs:
    """Paragraphs of a document with their offsets and a boilerplate flag."""

    def __init__(self, doc: Document, rules: Rules):
        self.items = doc.paragraphs
        self.boiler = [False] * len(self.items)
        pat = rules.re("structure", "boilerplate")
        footer = rules.re("structure", "footer_start") if "footer_start" in rules.structure else None
        in_footer = False
        for i, (_, text) in enumerate(self.items):
            if footer is not None and footer.search(text):
                in_footer = True
            if in_footer or (text.strip() and pat.search(text) and len(text) < 200):
                self.boiler[i] = True

    def __len__(self):
        return len(self.items)

    def text(self, i: int) -> str:
        return self.items[i][1].strip()

    def content(self) -> list[int]:
        return [i for i in range(len(self.items)) if self.items[i][1].strip() and not self.boiler[i]]

    def span(self, doc: Document, i: int, j: int | None = None) -> Span:
        """Span over paragraphs i..j inclusive, trimmed of outer whitespace."""
        j = i if j is None else j
        start = self.items[i][0]
        end = self.items[j][0] + len(self.items[j][1])
        raw = doc.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        return doc.span(start + lead, end - trail)


def segment(doc: Document, rules: Rules | None = None) -> Structure:
    rules = rules or load_rules()
    P = Paragraphs(doc, rules)
    content = P.content()
    st = Structure()
    if not content:
        return st
    docnum_re = rules.re("structure", "doc_number")
    title_end_re = rules.re("structure", "title_endings")
    recip_re = rules.re("structure", "recipients")
    heading_res = [rules.re("structure", "headings", k) for k in range(len(rules.structure["headings"]))]
    mark_re = rules.re("structure", "issuer_mark")
    org_re = rules.re("structure", "org_line")

    def is_heading(t: str) -> bool:
        return any(h.match(t) for h in heading_res)

    def docnum_only(t: str) -> bool:
        m = docnum_re.search(t)
        if not m:
            return False
        rest = (t[: m.start()] + t[m.end():]).strip(" （）()[]【】")
        return len(rest) <= 1 or bool(re.fullmatch(r"签\s*发\s*人\s*[:：]?\s*\S{2,4}", rest))

    # --- 主送机关: the first short colon-ended line near the top
    recip_i = None
    for i in content[:25]:
        t = P.text(i)
        if recip_re.match(t) and not is_heading(t) and not t.startswith(("附件", "联系", "抄送", "主题")) and "关于" not in t:
            recip_i = i
            break
        if len(t) > 60 and ("。" in t) and recip_i is None and i > content[min(len(content) - 1, 8)]:
            break
    if recip_i is not None:
        st.recipients = P.span(doc, recip_i)
        rt = st.recipients.text
        st.recipients = doc.span(st.recipients.start, st.recipients.start + len(rt.rstrip("：:").rstrip()))

    head_zone = [i for i in content if recip_i is None or i < recip_i]
    if recip_i is None:
        head_zone = content[:12]

    # --- title: the page layout's (largest centred lines), else the last line before 主送 ending
    # with a title word, extended upwards
    title_i = title_j = None
    hinted = [i for i in hinted_paragraphs(P.items, doc.metadata, "title") if i in head_zone]
    if hinted:
        title_j = hinted[-1]
    for i in reversed(head_zone if not hinted else []):
        t = P.text(i)
        core = re.sub(r"[（(][^（）()]*\d{4}[^（）()]*号\s*[）)]\s*$", "", t).strip()
        core = core.strip("《》\"“”")
        if title_end_re.search(core) and not docnum_only(t) and (len(core) >= 6 or i != head_zone[0]):
            title_j = i
            break
    if title_j is None and recip_i is not None:
        for i in reversed(head_zone):
            t = P.text(i)
            if "关于" in t and not docnum_only(t):
                title_j = i
                break
    if title_j is None and recip_i is not None:
        # a title without the usual ending word (…工作提醒, …安排): the line right above 主送
        above = [i for i in head_zone if not docnum_only(P.text(i)) and not DATE_ONLY_RE.match(P.text(i))]
        if above:
            t = P.text(above[-1])
            if not org_re.match(t) and not mark_re.match(t) and 4 <= len(t) <= 60 and not re.search(r"[。：:]", t):
                title_j = above[-1]
    if title_j is not None:
        title_i = hinted[0] if hinted else title_j
        k = head_zone.index(title_j)
        while k > 0 and not hinted:
            prev = head_zone[k - 1]
            if prev != title_i - 1 and not all(not P.items[x][1].strip() for x in range(prev + 1, title_i)):
                break
            pt = P.text(prev)
            chain = "".join(P.text(x) for x in range(title_i, title_j + 1))
            if (docnum_only(pt) or mark_re.match(pt) or DATE_ONLY_RE.match(pt) or len(pt) > 40
                    or title_end_re.search(pt)):
                break
            if "关于" in chain and not chain.startswith("关于"):
                break
            if chain.startswith("关于"):
                break  # what stands above a 关于… title is the 发文机关标志 (with or without 文件)
            if "关于" not in chain and "关于" not in pt and org_re.match(pt):
                break
            title_i = prev
            k -= 1
            if "关于" in pt:
                break
        first, last = P.span(doc, title_i), P.span(doc, title_j)
        text = "".join(P.text(x) for x in range(title_i, title_j + 1) if not P.boiler[x])
        st.title = doc.span(first.start, last.end)
        # a trailing (doc number) on the title line is the notice's own number
        m = re.search(r"[（(]\s*(" + docnum_re.pattern + r")\s*[）)]\s*$", text)
        if m:
            num_start = doc.text.find(m.group(1), first.start, last.end)
            if num_start >= 0:
                st.doc_number = doc.span(num_start, num_start + len(m.group(1)))
                cut = doc.text.rfind("（" if "（" in m.group(0) else "(", first.start, num_start)
                st.title = doc.span(first.start, cut if cut > first.start else last.end)

    # --- 版头: issuer mark and doc number before the title (or right under it, in web copies)
    red = [i for i in hinted_paragraphs(P.items, doc.metadata, "issuer_mark") if i in head_zone]
    if red:
        st.issuer_mark = P.span(doc, red[0], red[-1])
    for i in head_zone:
        t = P.text(i)
        if title_i is not None and i >= title_i:
            break
        m = mark_re.match(t)
        if m and st.issuer_mark is None:
            st.issuer_mark = P.span(doc, i)
        elif st.issuer_mark is None and org_re.match(t) and not docnum_only(t):
            st.issuer_mark = P.span(doc, i)
    if st.doc_number is None:
        for i in head_zone:
            t = P.text(i)
            if docnum_only(t) or (re.search(r"签\s*发\s*人", t) and docnum_re.search(t)):
                m = docnum_re.search(t)
                base = P.span(doc, i)
                off = doc.text.find(m.group(0), base.start, base.end + 1)
                st.doc_number = doc.span(off, off + len(m.group(0)))
                s = re.search(r"签\s*发\s*人\s*[:：]\s*(\S{2,4})", t)
                if s:
                    so = doc.text.find(s.group(1), base.start, base.end + 1)
                    st.signer = doc.span(so, so + len(s.group(1)))
                break
    if st.doc_number is None and recip_i is not None:
        # web copies print the number under the title or just above 主送
        for i in content:
            if i <= (title_j if title_j is not None else -1) or i >= recip_i:
                continue
            if docnum_only(P.text(i)):
                m = docnum_re.search(P.text(i))
                base = P.span(doc, i)
                off = doc.text.find(m.group(0), base.start, base.end + 1)
                st.doc_number = doc.span(off, off + len(m.group(0)))
                break

    # --- tail: 成文日期, signature, 附注, 版记, attachments
    body_start_i = (recip_i + 1) if recip_i is not None else ((title_j + 1) if title_j is not None else content[0])
    tail = [i for i in content if i >= body_start_i]
    # the 成文日期 is a date-only line under the signature; a date alone on a line of the body
    # (a schedule) is not, so a date right under an organisation name wins, else the first date
    # line followed by what GB/T puts after the date (附注, 抄送, 印发, attachments) or nothing
    date_i = None
    cands = [i for i in tail if DATE_ONLY_RE.match(P.text(i)) or SIGN_AND_DATE_RE.match(P.text(i))]
    right = set(hinted_paragraphs(P.items, doc.metadata, "right")) - set(hinted_paragraphs(P.items, doc.metadata, "banji"))
    if right & set(cands):
        cands = [i for i in cands if i in right]  # the page shows which date is set right, under the signature
    after_date_re = re.compile(r"^(?:[（(]|抄\s*送|附\s*件|.*印\s*发$)")
    for i in cands:
        k = tail.index(i)
        prev = P.text(tail[k - 1]) if k > 0 else ""
        nxt = P.text(tail[k + 1]) if k + 1 < len(tail) else ""
        if SIGN_AND_DATE_RE.match(P.text(i)) or org_re.match(prev) or all(org_re.match(x) for x in re.split(r"\s{2,}", prev) if x):
            date_i = i
            break
        if not nxt or after_date_re.match(nxt):
            date_i = i
            break
    if date_i is None and cands:
        date_i = cands[-1]
    note_re, cc_re = rules.re("structure", "note"), rules.re("structure", "cc")
    printer_re, seal_re = rules.re("structure", "printer"), rules.re("structure", "seal_line")
    att_re, appx_re = rules.re("structure", "attachment_note"), rules.re("structure", "appendix_start")
    body_end_i = None
    if date_i is not None:
        t = P.text(date_i)
        m = SIGN_AND_DATE_RE.match(t)
        base = P.span(doc, date_i)
        if m:
            st.date = doc.span(base.start + m.start("date"), base.start + m.end("date"))
            st.signature = doc.span(base.start + m.start("org"), base.start + m.end("org"))
            body_end_i = date_i
        else:
            st.date = base
            sig_lines = []
            k = tail.index(date_i) - 1
            while k >= 0 and len(sig_lines) < 4:
                ti = tail[k]
                tt = P.text(ti)
                if seal_re.match(tt):
                    k -= 1
                    continue
                parts = re.split(r"\s{2,}", tt)
                if all(org_re.match(x) for x in parts) and not is_heading(tt) and "：" not in tt and ":" not in tt:
                    # joint notices sign side by side: "中共某某市委宣传部    某某市教育局"
                    sig_lines.insert(0, ti)
                    k -= 1
                    continue
                break
            if sig_lines:
                st.signature = P.span(doc, sig_lines[0], sig_lines[-1])
                body_end_i = sig_lines[0]
            else:
                body_end_i = date_i
        for i in tail[tail.index(date_i) + 1:]:
            t = P.text(i)
            if note_re.match(t) and st.note is None:
                st.note = P.span(doc, i)
            elif cc_re.match(t) and st.cc is None:
                st.cc = P.span(doc, i)
            elif printer_re.match(t) and st.printer is None:
                st.printer = P.span(doc, i)
            elif appx_re.match(t) and st.appendix_start is None:
                st.appendix_start = P.items[i][0]
    else:
        # no date: a last line naming an organisation is the signature
        if tail and org_re.match(P.text(tail[-1])) and len(tail) > 1:
            st.signature = P.span(doc, tail[-1])
            body_end_i = tail[-1]
        # the body runs to the last content line; 版记 lines are still recognised
        for i in tail:
            t = P.text(i)
            if cc_re.match(t) and st.cc is None:
                st.cc = P.span(doc, i)
                body_end_i = i if body_end_i is None else min(body_end_i, i)
            elif printer_re.match(t) and st.printer is None:
                st.printer = P.span(doc, i)
    if body_end_i is None:
        body_end_i = tail[-1] + 1 if tail else body_start_i

    # 附件说明: the 附件： line(s) at the end of the body
    body_idx = [i for i in tail if i < body_end_i]
    for pos, i in enumerate(body_idx):
        m = att_re.match(P.text(i))
        if not m:
            continue
        st.attachment_note = P.span(doc, i, body_idx[-1])
        names: list[Span] = []
        base = P.span(doc, i)
        rest = m.group("rest")
        first_off = base.start + P.text(i).find(rest) if rest else None
        entries = []
        if rest:
            entries.append((first_off, rest))
        for j in body_idx[pos + 1:]:
            # further entries are numbered (2. …) and follow without a gap in meaning
            if not re.match(r"^\s*(?:\d{1,2}\s*[.、．:：]|附\s*件\s*\d)", P.text(j)) and rest:
                break
            entries.append((P.span(doc, j).start, P.text(j)))
        for off, txt in entries:
            name = re.sub(r"^\s*(?:附\s*件\s*)?\d{1,2}\s*[.、．:：]\s*", "", txt)
            lead = len(txt) - len(name)
            name = re.sub(r"[。；;，,]+$", "", name).strip()
            if not name or len(name) > 80 or DATE_ONLY_RE.match(name):
                continue
            names.append(doc.span(off + lead, off + lead + len(name)))
        st.attachment_names = names
        body_end_i = i
        break
    if not st.attachment_names and st.appendix_start is not None:
        # attachments printed after the 版记 without a 附件说明: the line after "附件N" names it
        for i in content:
            if P.items[i][0] < st.appendix_start:
                continue
            t = P.text(i)
            if appx_re.match(t):
                nxt = [j for j in content if j > i][:1]
                if nxt and len(P.text(nxt[0])) <= 60 and not is_heading(P.text(nxt[0])):
                    st.attachment_names.append(P.span(doc, nxt[0]))

    body_start = P.items[body_start_i][0] if body_start_i < len(P) else len(doc.text)
    body_end = P.items[body_end_i][0] if body_end_i < len(P) else len(doc.text)
    st.body = (body_start, max(body_start, body_end))
    st.sections = build_sections(doc, P, [i for i in content if body_start <= P.items[i][0] < body_end], heading_res)
    st.boilerplate = [(P.items[i][0], P.items[i][0] + len(P.items[i][1])) for i in range(len(P)) if P.boiler[i]]
    apply_web_meta(doc, st)
    return st


def build_sections(doc: Document, P: Paragraphs, idx: list[int], heading_res) -> list[Section]:
    """The heading tree of the body; depth follows first appearance, so 1. may be the top level."""
    roots: list[Section] = []
    stack: list[Section] = []
    order: list[int] = []  # heading kinds in the order first seen = their depth
    for i in idx:
        t = P.text(i)
        kind = next((k for k, h in enumerate(heading_res) if h.match(t)), None)
        if kind is None:
            continue
        if kind not in order:
            order.append(kind)
        depth = order.index(kind)
        marker = heading_res[kind].match(t).group(0)
        rest = t[len(marker):]
        cut = re.search(r"[。：:]", rest)
        heading = rest[: cut.start()] if cut and cut.start() > 0 else rest
        start = P.items[i][0]
        sec = Section(level=depth + 1, marker=marker.strip(), heading=heading.strip()[:60], start=start, end=start)
        while stack and stack[-1].level >= sec.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(sec)
        stack.append(sec)
    end = P.items[idx[-1]][0] + len(P.items[idx[-1]][1]) if idx else 0

    def close(secs: list[Section], limit: int):
        for a, b in zip(secs, secs[1:] + [None]):
            a.end = b.start if b else limit
            close(a.children, a.end)

    close(roots, end)
    return roots


def section_path(sections: list[Section], offset: int) -> list[Section]:
    """The chain of sections (outermost first) that contains `offset`."""
    path: list[Section] = []
    level = sections
    while True:
        hit = next((s for s in level if s.start <= offset < s.end), None)
        if hit is None:
            return path
        path.append(hit)
        level = hit.children
