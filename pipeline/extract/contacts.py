"""Contacts: name, unit, phones (mobile or landline, area code inferred from the issuer's
region where missing) and emails, grouped in reading order.

Handles "联系人：X，电话：…；邮箱：…", "联系人及联系电话：单位X，号码；单位Y，号码",
units written before the name (市教育局职成高教处余根良), phones and emails before or
after the name, name/phone/email on separate lines, and unit-only contacts
("报送区教育局职社科（邮箱：…，联系电话：…）").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..rules import Rules, alternation
from .context import Context

MOBILE_RE = re.compile(r"(?<![\d@.\-])1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}(?![\d@])")
LANDLINE_RE = re.compile(
    r"(?<![\d@.\-])(?:[（(]\s*(?P<ac1>0\d{2,3})\s*[）)]\s*|(?P<ac2>0\d{2,3})(?:\s*[-－—–‐]{1,2}\s*|\s+))?(?P<num>[2-9]\d{6,7})"
    r"(?:\s*[-－—转]\s*(?P<ext>\d{1,4}))?(?![\d@])")
EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,6}")


@dataclass
class Contact:
    name: str | None = None
    org: str | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)   # phones whose area code was added
    spans: list[tuple[int, int]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.phones or self.emails)


@functools.lru_cache(maxsize=4)
def _vocab(rules_version: str, rules: Rules):
    ex = rules.extract
    cues = ex["contact_cues"]
    person = re.compile(f"(?:{alternation(cues['person'])})\\s*[:：]?\\s*")
    phone_cue = re.compile(f"(?:{alternation(cues['phone'])})")
    email_cue = re.compile(f"(?:{alternation(cues['email'])})")
    org_suffix = re.compile(f"(?:{alternation(ex['org_suffixes'])}|办)$")
    return person, phone_cue, email_cue, org_suffix, set(ex["surnames"]), ex["compound_surnames"], set(ex["not_name_chars"])


def _is_name(s: str, surnames: set, compound: list, bad: set) -> bool:
    if not 2 <= len(s) <= 4 or not re.fullmatch(r"[\u4e00-\u9fa5]+", s):
        return False
    if any(c in bad for c in s):
        return False
    if any(s.startswith(c) for c in compound):
        return len(s) >= 3
    return s[0] in surnames and len(s) <= 3


def area_code(ctx: Context) -> str | None:
    codes = ctx.rules.area_codes
    region = ctx.region or {}
    if region.get("city") and region["city"] in codes["cities"]:
        return codes["cities"][region["city"]]
    if region.get("province") and region["province"] in codes["provinces"]:
        return codes["provinces"][region["province"]]
    return None


def _events(ctx: Context, lo: int, hi: int):
    """Phones, emails, names and unit-only markers in [lo, hi), in reading order."""
    person, phone_cue, email_cue, org_suffix, surnames, compound, bad = _vocab(ctx.rules.version, ctx.rules)
    text = ctx.text
    events = []
    taken: list[tuple[int, int]] = []
    for m in EMAIL_RE.finditer(text, lo, hi):
        events.append((m.start(), "email", m.group(0).rstrip("."), m.end()))
        taken.append(m.span())

    def free(a, b):
        return all(b <= x or a >= y for x, y in taken)

    for m in MOBILE_RE.finditer(text, lo, hi):
        if free(*m.span()):
            events.append((m.start(), "phone", re.sub(r"[\s\-]", "", m.group(0)), m.end()))
            taken.append(m.span())
    for m in LANDLINE_RE.finditer(text, lo, hi):
        if not free(*m.span()):
            continue
        ac = m.group("ac1") or m.group("ac2")
        # a bare 7-8 digit number is a phone only next to a phone cue
        ctx_before = text[max(lo, m.start() - 25): m.start()]
        if not ac and not (phone_cue.search(ctx_before) or re.search(r"[、，,\s]$", ctx_before) and events):
            continue
        if re.match(r"\s*[年月日号个人名元万]", text[m.end(): m.end() + 2]):
            continue
        num = (f"{ac}-" if ac else "") + m.group("num") + (f"-{m.group('ext')}" if m.group("ext") else "")
        events.append((m.start(), "phone", num, m.end()))
        taken.append(m.span())
    if not any(e[1] in ("phone", "email") for e in events):
        return []
    # names after a contact cue: 联系人：卢红 / 联系人:张志民 025-… / 联系人及联系电话：单位X，…
    for m in person.finditer(text, lo, hi):
        rest = text[m.end(): m.end() + 60]
        # a space may stand between unit and name (…成人教育处 张明); other separators end the name
        seg = re.split(r"[，,；;。\n（(:：、\d]|电话|手机|邮箱|\s{2,}", rest, maxsplit=1)[0]
        seg = re.sub(r"\s", "", seg)
        name, org = _split_org_name(seg, surnames, compound, bad, org_suffix)
        if name:
            before_org = _org_before(text, m.start(), lo, org_suffix)
            events.append((m.end(), "name", (name, org or before_org), m.end() + seg.find(name) + len(name)))
            # "联系人：张三、李四，电话：…": further names of the same list share the unit
            pos = m.end() + len(rest.split(seg, 1)[0]) + len(seg)
            tail = text[pos:pos + 30]
            while True:
                mm = re.match(r"[、和及]\s*([\u4e00-\u9fa5]{2,4}?)(?=[、和及，,；;。\s（(:：\d]|电话|手机|$)", tail)
                if not mm or not _is_name(mm.group(1), surnames, compound, bad):
                    break
                events.append((pos + mm.start(1), "name", (mm.group(1), org or before_org), pos + mm.end(1)))
                pos += mm.end()
                tail = text[pos:pos + 30]
    # unit + name without a cue, in front of a number: 市教育局职成高教处余根良，电话：…
    for m in re.finditer(r"([\u4e00-\u9fa5]{2,40}(?: [\u4e00-\u9fa5]{2,4})?)(?=\s*[，,：:（(]?\s*(?:联系|办公)?(?:电话|手机|[（(]?\s*[\u4e00-\u9fa5]{0,6}\s*0\d{2,3}\s*[-－—]|1[3-9]\d{9}))", text[lo:hi]):
        a = lo + m.start(1)
        seg = re.split(r"[：:。；;，,]", m.group(1))[-1].replace(" ", "")
        # a bare name is enough at the start of a line or list item (…\n杨艳（校区 0744-…）)
        at_start = a == 0 or text[a - 1] in "\n；;，,、"
        name, org = _split_org_name(seg, surnames, compound, bad, org_suffix, need_org=not at_start)
        if name and not any(e[1] == "name" and abs(e[0] - a) < 40 and e[2][0] == name for e in events):
            events.append((a + m.group(1).rfind(name), "name", (name, org), a + m.group(1).rfind(name) + len(name)))
    # a name or a unit in brackets after a number: 0351-3193088（刘煌） / 0351-1234567（省教育厅职成处）
    for pos, kind, value, end in [e for e in events if e[1] == "phone"]:
        m = re.match(r"\s*[（(]\s*([\u4e00-\u9fa5]{2,30})\s*[）)]", text[end:end + 36])
        if m and _is_name(m.group(1), surnames, compound, bad):
            events.append((pos, "name", (m.group(1), None), end + m.end()))
        elif m:
            name, org = _split_org_name(m.group(1), surnames, compound, bad, org_suffix, need_org=True)
            if name:
                events.append((pos, "name", (name, org), end + m.end()))
            elif org_suffix.search(m.group(1)):
                events.append((pos, "org", m.group(1), end + m.end()))
    # unit-only: 报送区教育局职社科（邮箱：…，电话：…）
    for m in re.finditer(r"([\u4e00-\u9fa5]{3,30})\s*[（(]\s*(?:邮箱|电子邮箱|联系电话|电话)\s*[:：]", text[lo:hi]):
        org = re.sub(r"^.*?(?:报送至|报送到|报送|报至|发送至|发至|报|交至|送至|寄至)", "", m.group(1))
        if org_suffix.search(org):
            events.append((lo + m.start(1) + m.group(1).rfind(org), "org", org, lo + m.end(1)))
    # a name or unit at a number's place owns that number
    events.sort(key=lambda e: (e[0], {"name": 0, "org": 1}.get(e[1], 2)))
    return events


def _org_before(text: str, pos: int, lo: int, org_suffix) -> str | None:
    """The unit written just before a 联系人 cue (省教育厅职成处联系人：…)."""
    seg = text[max(lo, pos - 30): pos]
    seg = re.split(r"[。；;，,：:\n\s）)]", seg)[-1]
    m = re.search(r"[\u4e00-\u9fa5]+$", seg)  # a unit name is CJK; an email or number before it is not
    seg = m.group(0) if m else ""
    seg = re.sub(r"^(?:请|由|向|与)", "", seg)
    return seg if len(seg) >= 3 and org_suffix.search(seg) else None


def _split_org_name(seg: str, surnames, compound, bad, org_suffix, need_org=False):
    """'市教育局职成高教处余根良' -> ('余根良', '市教育局职成高教处'); '卢红' -> ('卢红', None)."""
    seg = seg.strip()
    if not seg:
        return None, None
    if not need_org and _is_name(seg, surnames, compound, bad):
        return seg, None
    for n in (3, 2, 4):
        if len(seg) > n:
            org, name = seg[:-n], seg[-n:]
            if _is_name(name, surnames, compound, bad) and org_suffix.search(org) and len(org) >= 2:
                return name, org
    if need_org:
        return None, None
    # the name may be followed by other words: take a leading name
    for n in (3, 2):
        if _is_name(seg[:n], surnames, compound, bad) and (len(seg) == n or not seg[n:n + 1].isalpha()):
            return seg[:n], None
    return None, None


def extract_contacts(ctx: Context, submit_targets: list[tuple[int, str | None]] | None = None) -> list[Contact]:
    """Contacts of the notice body, in reading order.

    `submit_targets` are (offset, unit) of submission targets: a contact with no unit of
    its own, right after "报送<unit>。", belongs to that unit.
    """
    lo, hi = ctx.body
    events = _events(ctx, lo, hi)
    contacts: list[Contact] = []
    current: Contact | None = None
    pending: list[tuple] = []       # phones/emails seen before any name of their block
    pending_org: str | None = None
    last_end = lo
    code = area_code(ctx)

    def add_value(c: Contact, kind: str, value: str, span):
        if kind == "phone":
            digits = re.sub(r"\D", "", value)
            if not value.startswith(("0", "1")) and code and len(digits) in (7, 8):
                value = f"{code}-{value}"
                c.inferred.append(value)
            if value not in c.phones:
                c.phones.append(value)
        elif value not in c.emails:
            c.emails.append(value)
        c.spans.append(span)

    for pos, kind, value, end in events:
        gap = ctx.text[last_end:pos]
        if current is not None and _block_break(gap):
            current = None
        if pending and _block_break(gap) and kind != "name":
            contacts.append(_orphan(pending, pending_org, add_value))
            pending, pending_org = [], None
        if kind == "name":
            name, org = value
            if not org:
                org = _target_before(submit_targets, pos, ctx)
            current = Contact(name=name, org=org)
            current.spans.append((pos, end))
            contacts.append(current)
            for p in pending:
                add_value(current, p[1], p[2], (p[0], p[3]))
            pending, pending_org = [], None
        elif kind == "org":
            if pending:
                contacts.append(_orphan(pending, pending_org, add_value))
                pending = []
            pending_org = value
            current = None
        elif current is not None:
            add_value(current, kind, value, (pos, end))
        else:
            pending.append((pos, kind, value, end))
        last_end = end
    if pending:
        contacts.append(_orphan(pending, pending_org, add_value))
    merged: list[Contact] = []
    for c in contacts:
        same = next((m for m in merged if c.name and m.name == c.name), None)
        if same:
            for p in c.phones:
                if p not in same.phones:
                    same.phones.append(p)
            for e in c.emails:
                if e not in same.emails:
                    same.emails.append(e)
            same.org = same.org or c.org
            continue
        if c.name or not c.empty():
            merged.append(c)
    return [c for c in merged if not c.empty() or c.name]


def _orphan(pending, org, add_value) -> Contact:
    c = Contact(name=None, org=org)
    for p in pending:
        add_value(c, p[1], p[2], (p[0], p[3]))
    return c


def _block_break(gap: str) -> bool:
    """Text between two contact items that ends a contact's block (a sentence about something else)."""
    stripped = re.sub(r"[\s，,；;。：:、（）()]|联系人?|电话|手机|邮箱|电子|信箱|号码|方式|工作|办公|及|和|E-?mail|email", "", gap, flags=re.I)
    return len(stripped) > 25 or gap.count("\n") > 3


def _target_before(targets, pos: int, ctx: Context) -> str | None:
    """The unit named by the nearest preceding "报送<unit>" within the same paragraph."""
    if not targets:
        return None
    para_start, _ = ctx.paragraph_bounds(pos)
    best = None
    for off, unit in targets:
        if para_start <= off < pos and pos - off < 200:
            best = unit
    if best is None:
        return None
    if best == ctx.issuer:
        return None  # "报送我厅": the issuer itself is no unit of the contact
    return best
