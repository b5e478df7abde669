"""GB/T 9704-2012 segmentation: 版头, title, 主送机关, body sections, signature, date, 附注, 版记.

Works paragraph by paragraph on Document.text and copes with missing parts (no doc number, no
版记, no title, a copy cut off mid-notice), web copies (page furniture, a 政务公开 metadata block,
the doc number under the title) and headings written 1、 or ⑴.  Every part is a Span of the
document.  `Segmenter` decides one part per method, in the order each needs the others.
"""
from __future__ import annotations

import re

from .layout import hinted_paragraphs
from .model import Document, Section, Span, Structure
from .rules import Rules, alternation, load_rules


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

    def sub_span(self, doc: Document, i: int, start: int, end: int) -> Span:
        """Span of characters start..end of paragraph i's stripped text."""
        base = self.span(doc, i)
        return doc.span(base.start + start, base.start + end)


def segment(doc: Document, rules: Rules | None = None) -> Structure:
    return Segmenter(doc, rules or load_rules()).run()


class Segmenter:
    """One notice's parts, found in order: 主送, metadata block, title, 版头, tail, attachments, sections."""

    def __init__(self, doc: Document, rules: Rules):
        self.doc, self.rules = doc, rules
        self.P = Paragraphs(doc, rules)
        self.content = self.P.content()
        re_ = lambda key: rules.re("structure", key)
        self.docnum_re, self.title_end_re, self.recip_re = re_("doc_number"), re_("title_endings"), re_("recipients")
        self.mark_re, self.org_re, self.date_re = re_("issuer_mark"), re_("org_line"), re_("date_line")
        self.heading_res = [rules.re("structure", "headings", k) for k in range(len(rules.structure["headings"]))]
        self.recip_i: int | None = None
        self.title_i: int | None = None
        self.title_j: int | None = None
        self.head_zone: list[int] = []

    # --- line predicates -------------------------------------------------------------------
    def is_heading(self, t: str) -> bool:
        return any(h.match(t) for h in self.heading_res)

    def is_date_line(self, t: str) -> bool:
        return bool(self.date_re.match(t))

    def docnum_only(self, t: str) -> bool:
        """A line holding a doc number and nothing else (a 签发人 beside it allowed)."""
        m = self.docnum_re.search(t)
        if not m:
            return False
        rest = (t[: m.start()] + t[m.end():]).strip(" （）()[]【】")
        return len(rest) <= 1 or bool(self.rules.re("structure", "signer").fullmatch(rest))

    def is_org_line(self, t: str) -> bool:
        """One organisation name, or several side by side (joint signatures), on one line."""
        # "广东省科学技术协会 广 东 省 教 育 厅": a name spaced out beside another is still one name
        t = re.sub(r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff] ){2,}[\u4e00-\u9fff](?![\u4e00-\u9fff])",
                   lambda m: m.group(0).replace(" ", ""), t.strip())
        parts = [x for x in re.split(r"\s+", t) if x]
        return bool(parts) and all(self.org_re.match(x) for x in parts) and not self.is_heading(t)

    def is_body_line(self, t: str) -> bool:
        """A line of running text: what follows the head of a notice."""
        return self.is_heading(t) or (len(t) > 60 and bool(re.search(r"[。，,；;]", t)))

    # --- parts ------------------------------------------------------------------------------
    def run(self) -> Structure:
        st = Structure()
        if not self.content:
            return st
        self.find_recipients(st)
        self.find_metadata(st)
        self.find_title(st)
        self.find_header(st)
        body_end_i = self.find_tail(st)
        body_end_i = self.find_attachments(st, body_end_i)
        self.find_sections(st, body_end_i)
        P = self.P
        st.boilerplate = [(P.items[i][0], P.items[i][0] + len(P.items[i][1])) for i in range(len(P)) if P.boiler[i]]
        return st

    def find_recipients(self, st: Structure) -> None:
        """主送机关: the first short colon-ended line near the top."""
        P = self.P
        stop = self.rules.re("structure", "not_recipients")
        sentence_end = self.rules.re("structure", "sentence_end")
        prose = 0
        for i in self.content[:60]:
            t = P.text(i)
            if self.recip_re.match(t) and not self.is_heading(t) and not stop.match(t) and "关于" not in t:
                self.recip_i = i
                break
            # paragraphs of the body: the 主送 line, if any, was above them (a web page's top lines may be
            # long too, so one counts only below them; web copies end sentences with ".")
            if len(t) > 60 and sentence_end.search(t):
                prose += 1
                if prose >= 3 or i > self.content[min(len(self.content) - 1, 8)]:
                    break
        if self.recip_i is not None:
            sp = P.span(self.doc, self.recip_i)
            st.recipients = self.doc.span(sp.start, sp.start + len(sp.text.rstrip("：:").rstrip()))

    def find_metadata(self, st: Structure) -> None:
        """A 政务公开 metadata block above the notice (发布机构 …, 文号 …, 成文日期 …): evidence, not notice."""
        P = self.P
        fields = self.rules.structure.get("metadata_fields") or {}
        for i in self.content[:60]:
            t = P.text(i)
            if self.recip_i is not None and i >= self.recip_i:
                break
            for name in fields:
                m = self.rules.re("structure", "metadata_fields", name).search(t)
                if m and name not in st.metadata:
                    a, b = m.span("value")
                    st.metadata[name] = P.sub_span(self.doc, i, a, b)

    def _head_zone(self) -> list[int]:
        """Lines that may hold 版头 and title: above 主送, else above the first line of running text."""
        if self.recip_i is not None:
            return [i for i in self.content if i < self.recip_i]
        zone = []
        for i in self.content[:12]:
            t = self.P.text(i)
            if self.is_body_line(t) or self.is_date_line(t):
                break
            zone.append(i)
        return zone

    def _title_core(self, t: str) -> str:
        core = self.rules.patterns("structure").title_number.sub("", t).strip()
        return core.strip("《》\"“”")

    def _may_be_title(self, i: int, t: str) -> bool:
        if self.docnum_only(t) or self.is_heading(t) or self.is_date_line(t) or self.P.boiler[i]:
            return False
        # a title holds no sentence: a teaser of 主送 and body that ends with the title is no title
        outside_quotes = re.sub(r"《[^《》]*》|“[^“”]*”", "", t)
        if len(t) > 120 or re.search(r"[。；;|｜]|[：:]\s*\S", outside_quotes):  # nor is a table row
            return False
        return not self.rules.re("structure", "label_line").match(t)

    def find_title(self, st: Structure) -> None:
        """The last line of the head zone ending with a title word, extended upwards over its wrap."""
        P, zone = self.P, self._head_zone()
        self.head_zone = zone
        title_j = None
        # the page layout's title (largest centred lines below the 版头) comes first
        hinted = [i for i in hinted_paragraphs(P.items, self.doc.metadata, "title") if i in zone]
        if hinted:
            title_j = hinted[-1]
        for i in reversed(zone if not hinted else []):
            t = P.text(i)
            if (self._may_be_title(i, t) and self.title_end_re.search(self._title_core(t))
                    and (len(self._title_core(t)) >= 6 or i != zone[0])):
                title_j = i
                break
        if title_j is None and self.recip_i is not None:
            title_j = next((i for i in reversed(zone) if "关于" in P.text(i) and self._may_be_title(i, P.text(i))), None)
        if title_j is None and self.recip_i is not None:
            # a title without the usual ending word (…工作提醒, …安排): the line right above 主送
            above = [i for i in zone if not self.docnum_only(P.text(i)) and not self.is_date_line(P.text(i))]
            if above and self._may_be_title(above[-1], P.text(above[-1])):
                t = P.text(above[-1])
                if (not self.org_re.match(t) and not self.mark_re.match(t) and 4 <= len(t) <= 60
                        and not re.search(r"[。：:]", t)):
                    title_j = above[-1]
        if title_j is None:
            return
        title_i = hinted[0] if hinted else self._extend_title_up(zone, title_j)
        self.title_i, self.title_j = title_i, title_j
        first, last = P.span(self.doc, title_i), P.span(self.doc, title_j)
        st.title = self.doc.span(first.start, last.end)
        # a trailing (doc number) on the title line is the notice's own number
        text = "".join(P.text(x) for x in range(title_i, title_j + 1) if not P.boiler[x])
        m = re.search(r"[（(]\s*(" + self.docnum_re.pattern + r")\s*[）)]\s*$", text)
        if m:
            num_start = self.doc.text.find(m.group(1), first.start, last.end)
            if num_start >= 0:
                st.doc_number = self.doc.span(num_start, num_start + len(m.group(1)))
                cut = self.doc.text.rfind("（" if "（" in m.group(0) else "(", first.start, num_start)
                st.title = self.doc.span(first.start, cut if cut > first.start else last.end)

    def _extend_title_up(self, zone: list[int], title_j: int) -> int:
        """A title wrapped over several lines: climb while the line above is part of it."""
        P = self.P
        title_i = title_j
        k = zone.index(title_j)
        while k > 0:
            prev = zone[k - 1]
            if prev != title_i - 1 and not all(not P.items[x][1].strip() for x in range(prev + 1, title_i)):
                break
            pt = P.text(prev)
            chain = "".join(P.text(x) for x in range(title_i, title_j + 1))
            if (not self._may_be_title(prev, pt) or self.mark_re.match(pt) or len(pt) > 40
                    or self.title_end_re.search(pt)):
                break
            if "关于" in chain and not chain.startswith("关于"):
                break
            if chain.startswith("关于"):
                break  # what stands above a 关于… title is the 发文机关标志 (with or without 文件)
            if "关于" not in chain and "关于" not in pt and self.org_re.match(pt):
                break
            title_i = prev
            k -= 1
            if "关于" in pt:
                break
        return title_i

    def find_header(self, st: Structure) -> None:
        """版头: 发文机关标志 and doc number before the title (or right under it, in web copies)."""
        P, doc = self.P, self.doc
        below = self.title_i if self.title_i is not None else (self.recip_i if self.recip_i is not None else len(P))
        red = [i for i in hinted_paragraphs(P.items, doc.metadata, "issuer_mark") if i in self.head_zone]
        if red:
            st.issuer_mark = P.span(doc, red[0], red[-1])  # the red 发文机关标志 above the red rule
        for i in self.head_zone:
            t = P.text(i)
            if i >= below:
                break
            if any(P.boiler[x] for x in range(i + 1, below)):
                continue  # a site's name above its breadcrumb is no 发文机关标志
            if st.issuer_mark is None and (self.mark_re.match(t) or (self.org_re.match(t) and not self.docnum_only(t))):
                st.issuer_mark = P.span(doc, i)
        if st.doc_number is None:
            for i in self.head_zone:
                t = P.text(i)
                if self.docnum_only(t) or (self.rules.re("structure", "signer").search(t) and self.docnum_re.search(t)):
                    self._set_doc_number(st, i)
                    s = self.rules.re("structure", "signer").search(t)
                    if s:
                        st.signer = P.sub_span(doc, i, *s.span("name"))
                    break
        if st.doc_number is None and self.recip_i is not None:
            # web copies print the number under the title or just above 主送
            after_title = self.title_j if self.title_j is not None else -1
            for i in self.content:
                if after_title < i < self.recip_i and self.docnum_only(P.text(i)):
                    self._set_doc_number(st, i)
                    break

    def _set_doc_number(self, st: Structure, i: int) -> None:
        m = self.docnum_re.search(self.P.text(i))
        st.doc_number = self.P.sub_span(self.doc, i, m.start(), m.end())

    # --- tail: 成文日期, signature, 附注, 版记 -------------------------------------------------------
    def _body_start(self) -> int:
        if self.recip_i is not None:
            return self.recip_i + 1
        if self.title_j is not None:
            return self.title_j + 1
        return self.head_zone[-1] + 1 if self.head_zone else self.content[0]

    def _signed_date(self, t: str) -> re.Match | None:
        """'常州市武进区教育局 2017年9月15日': signature and 成文日期 glued on one line."""
        m = self.rules.re("structure", "signed_date_line").match(t)
        return m if m and self.is_org_line(m.group("org")) else None

    def _choose_date_line(self, tail: list[int]) -> int | None:
        """The 成文日期: a date-only line under the signature, not a date alone in the body (a schedule).

        A date right under an organisation name wins, else the first date line followed by what
        GB/T puts after the date (附注, 抄送, 印发, attachments) or by nothing.
        """
        P = self.P
        compact = self.rules.re("structure", "compact_date_line")
        cands = [i for k, i in enumerate(tail) if self.is_date_line(P.text(i)) or self._signed_date(P.text(i))
                 or (compact.match(P.text(i)) and k > 0 and self.is_org_line(P.text(tail[k - 1])))]
        right = set(hinted_paragraphs(P.items, self.doc.metadata, "right"))
        if right & set(cands):
            cands = [i for i in cands if i in right]  # the page shows which date is set right, under the signature
        after_date_re = self.rules.re("structure", "after_date")
        for i in cands:
            k = tail.index(i)
            prev = P.text(tail[k - 1]) if k > 0 else ""
            nxt = P.text(tail[k + 1]) if k + 1 < len(tail) else ""
            if self._signed_date(P.text(i)) or (prev and self.is_org_line(prev)):
                return i
            if not nxt or after_date_re.match(nxt):
                return i
        if not cands or (tail.index(cands[-1]) == 0 and len(tail) > 2):
            return None  # a date opening the text, the whole notice under it: a page's date, no 成文日期
        return cands[-1]

    def find_tail(self, st: Structure) -> int:
        """成文日期, signature, 附注 and 版记; returns the paragraph index where the body ends."""
        P, doc = self.P, self.doc
        body_start_i = self._body_start()
        tail = [i for i in self.content if i >= body_start_i]
        self.tail = tail
        date_i = self._choose_date_line(tail)
        if date_i is None:
            return self._tail_without_date(st, tail, body_start_i)
        t = P.text(date_i)
        m = self._signed_date(t)
        if m:
            st.date = P.sub_span(doc, date_i, *m.span("date"))
            st.signature = P.sub_span(doc, date_i, *m.span("org"))
            body_end_i = date_i
        else:
            st.date = P.span(doc, date_i)
            sig_lines = self._signature_above(tail, tail.index(date_i))
            if sig_lines:
                st.signature = P.span(doc, sig_lines[0], sig_lines[-1])
                body_end_i = sig_lines[0]
            else:
                body_end_i = date_i
        self._after_date(st, tail[tail.index(date_i) + 1:])
        return body_end_i

    def _signature_above(self, tail: list[int], k_date: int) -> list[int]:
        """Organisation lines right above the date (seal lines skipped), up to four."""
        P, seal_re = self.P, self.rules.re("structure", "seal_line")
        lines: list[int] = []
        k = k_date - 1
        while k >= 0 and len(lines) < 4:
            tt = P.text(tail[k])
            if seal_re.match(tt):
                k -= 1
                continue
            if self.is_org_line(tt) and "：" not in tt and ":" not in tt:
                lines.insert(0, tail[k])  # joint notices sign side by side or on several lines
                k -= 1
                continue
            break
        return lines

    def _after_date(self, st: Structure, rest: list[int]) -> None:
        P, doc, r = self.P, self.doc, self.rules
        for i in rest:
            t = P.text(i)
            if r.re("structure", "note").match(t) and st.note is None:
                st.note = P.span(doc, i)
            elif r.re("structure", "cc").match(t) and st.cc is None:
                st.cc = P.span(doc, i)
            elif r.re("structure", "printer").match(t) and st.printer is None:
                st.printer = P.span(doc, i)
            elif r.re("structure", "appendix_start").match(t) and st.appendix_start is None:
                st.appendix_start = P.items[i][0]

    def _tail_without_date(self, st: Structure, tail: list[int], body_start_i: int) -> int:
        """No 成文日期: a closing block of organisation lines is the signature; 版记 lines still count."""
        P, doc = self.P, self.doc
        body_end_i = None
        k = len(tail)
        while k > 0 and self.is_org_line(P.text(tail[k - 1])) and len(P.text(tail[k - 1])) <= 40:
            k -= 1
        if k < len(tail) and k > 0 and len(tail) - k <= 4:
            st.signature = P.span(doc, tail[k], tail[-1])
            body_end_i = tail[k]
        for i in tail:
            t = P.text(i)
            if self.rules.re("structure", "cc").match(t) and st.cc is None:
                st.cc = P.span(doc, i)
                body_end_i = i if body_end_i is None else min(body_end_i, i)
            elif self.rules.re("structure", "printer").match(t) and st.printer is None:
                st.printer = P.span(doc, i)
        if body_end_i is None:
            body_end_i = tail[-1] + 1 if tail else body_start_i
        return body_end_i

    # --- 附件说明 ------------------------------------------------------------------------------
    def find_attachments(self, st: Structure, body_end_i: int) -> int:
        """附件说明 at the end of the body, else after the date (web copies), else the attachments the
        body names inline (《…》(附件1)); returns the new body end."""
        body_idx = [i for i in self.tail if i < body_end_i]
        after = [i for i in self.tail if i > body_end_i and (st.date is None or self.P.items[i][0] > st.date.start)]
        found = self._attachment_list(st, body_idx, in_body=True)
        if found is not None:
            body_end_i = found
        else:
            self._attachment_list(st, after, in_body=False)
        if not st.attachment_names and st.appendix_start is not None:
            self._attachments_after_banji(st)
        if not st.attachment_names:
            self._attachments_inline(st, body_idx)
        return body_end_i

    def _attachment_list(self, st: Structure, lines: list[int], in_body: bool) -> int | None:
        """The first 附件说明 among `lines` and its entries; the index of its first line, or None.

        After a note with a first entry, an entry follows when it is numbered, names a file, or stands
        in the body (the list runs to the signature); after a bare "附件：" only its next line and
        numbered or file entries do, so a table printed after the date is not read as a list.
        """
        P, att_re = self.P, self.rules.re("structure", "attachment_note")
        numbering = self.rules.re("structure", "attachment_numbering")
        ext_re = self.rules.re("structure", "attachment_extension")
        for pos, i in enumerate(lines):
            m = att_re.match(P.text(i))
            if not m or not self._attachment_entry(m.group("rest") or "x"):
                continue
            entries = [(i, m.start("rest"))] if m.group("rest") else []
            for j in lines[pos + 1:]:
                t = P.text(j)
                if not self._attachment_entry(t):
                    break
                listed = bool(numbering.match(t).group(0)) if numbering.match(t) else False
                if listed or ext_re.search(t) or not entries or (in_body and m.group("rest")):
                    entries.append((j, 0))
                else:
                    break
            names = [sp for sp in (self._attachment_name(j, off) for j, off in entries) if sp]
            if not names:
                continue
            st.attachment_note = P.span(self.doc, i, entries[-1][0])
            st.attachment_names = self._unique_names(names)
            return i
        return None

    def _unique_names(self, names: list[Span]) -> list[Span]:
        """One entry per attachment: a name given as text and again as a file link counts once."""
        ext_re = self.rules.re("structure", "attachment_extension")
        seen, out = set(), []
        for sp in names:
            key = re.sub(r"\s+", "", ext_re.sub("", self.doc.text[sp.start:sp.end]))
            if key not in seen:
                seen.add(key)
                out.append(sp)
        return out

    def _attachments_inline(self, st: Structure, body_idx: list[int]) -> None:
        """No 附件说明 (a copy cut before it, a web page without one): the names the body gives for its
        attachments, 《…》(见附件1), 见附件《…》 or 某某统计表(见附件)."""
        r = self.rules
        lead = re.compile("^.*(?:" + alternation(r.structure["attachment_lead_words"]) + ")")
        names = []
        for i in body_idx:
            base = self.P.span(self.doc, i)
            found = []
            for key in ("attachment_inline", "attachment_inline_after"):
                found += [m.span("name") for m in r.re("structure", key).finditer(self.doc.text, base.start, base.end)]
            for m in r.re("structure", "attachment_inline_bare").finditer(self.doc.text, base.start, base.end):
                a, b = m.span("run")
                cut = lead.match(self.doc.text[a:b])
                a = a + cut.end() if cut else a
                if b - a >= 4 and not any(x <= a < y for x, y in found):
                    found.append((a, b))
            names += [self.doc.span(a, b) for a, b in sorted(found)]
        st.attachment_names = self._unique_names(names)

    def _attachment_entry(self, t: str) -> bool:
        """A line that can be one entry of the 附件说明 list: a short name, no sentence."""
        return 0 < len(t) <= 100 and not re.search(r"[。；;]$|[。]", t) and not self.is_date_line(t) and \
            not self.rules.re("structure", "not_attachment").match(t)

    def _attachment_name(self, i: int, offset: int) -> Span | None:
        """The name in one entry: numbering, 《》 and an issuer before 《…》 removed (a file link keeps
        its extension, as the notice prints it)."""
        t = self.P.text(i)
        a, b = offset, len(t)
        m = self.rules.re("structure", "attachment_numbering").match(t[a:])
        if m and a + m.end() < b:
            a += m.end()
        while b > a and t[b - 1] in "。；;，,：: ":
            b -= 1
        quoted = self.rules.re("structure", "attachment_quoted").fullmatch(t[a:b])
        if quoted:  # 《…》 or 某某厅《…》(某教〔2017〕5号): the document's own title
            a, b = a + quoted.start("name"), a + quoted.end("name")
        if b - a < 2 or b - a > 100 or self.is_date_line(t[a:b]):
            return None
        return self.P.sub_span(self.doc, i, a, b)

    def _attachments_after_banji(self, st: Structure) -> None:
        """Attachments printed after the 版记 without a 附件说明: the line after "附件N" names it."""
        P, appx_re = self.P, self.rules.re("structure", "appendix_start")
        for i in self.content:
            if P.items[i][0] < st.appendix_start or not appx_re.match(P.text(i)):
                continue
            nxt = [j for j in self.content if j > i][:1]
            if nxt and len(P.text(nxt[0])) <= 60 and not self.is_heading(P.text(nxt[0])):
                st.attachment_names.append(P.span(self.doc, nxt[0]))

    def find_sections(self, st: Structure, body_end_i: int) -> None:
        P = self.P
        body_start_i = self._body_start()
        body_start = P.items[body_start_i][0] if body_start_i < len(P) else len(self.doc.text)
        body_end = P.items[body_end_i][0] if body_end_i < len(P) else len(self.doc.text)
        st.body = (body_start, max(body_start, body_end))
        idx = [i for i in self.content if body_start <= P.items[i][0] < body_end]
        st.sections = build_sections(self.doc, P, idx, self.heading_res)


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
