"""Contacts: name, unit, phones (mobile or landline, area code inferred from the issuer's own
region where missing), faxes and emails, grouped in reading order.

What is read, in the zone of the notice itself (its text up to the signature, plus contact lines
right after the date; never the site's footer or the annexed forms):
- values: mobiles, landlines with extensions (转 / 分机), campus short numbers in brackets, two
  numbers run together by a lost separator, faxes (kept apart in `faxes` and among the phones);
  masked numbers and emails (138****1234, wj****zx@126.com) and a truncated email are ignored;
- names: the list after a 联系人 cue (several names share the numbers that follow, or take them in
  turn when the numbers come in as many parallel groups), names with a space inside (刘 霞),
  titles (彭老师 is a name as given, 于艳老师 is 于艳), a unit before the name
  (市教育局职成高教处余根良), a name at the start of a roster line, a name in brackets after a
  number, the person a submission goes to (寄至…考务科李刚收), and rows of a roster table;
- unit-only contacts (报送区教育局职社科（邮箱：…）, 联系处室：省教育厅基础教育处；联系电话：…).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..rules import Rules, alternation, any_word
from .context import Context
from .issuer import level_of

CJK = "\u4e00-\u9fa5"
# a masked digit or letter (138****1234, wj****zx@…): such a value is never read
MASK = "*＊×"
MOBILE_RE = re.compile(rf"(?<![\d@.\-{MASK}])1[3-9]\d[\s\-]?\d{{4}}[\s\-]?\d{{4}}(?![\d@{MASK}])")
EMAIL_RE = re.compile(rf"(?<![A-Za-z0-9._%+\-{MASK}])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,6}}")
DASH = "-－—–‐"


@dataclass
class Contact:
    name: str | None = None
    org: str | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    faxes: list[str] = field(default_factory=list)      # the phones that are fax numbers
    inferred: list[str] = field(default_factory=list)   # phones whose area code was added
    spans: list[tuple[int, int]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.phones or self.emails)


@dataclass
class _Item:
    """One thing read in the zone: a value, a name or a unit, with its offsets."""
    pos: int
    end: int
    kind: str                    # phone | email | name | org
    value: str = ""
    org: str | None = None
    group: int = -1              # names of one cue list share a group
    fax: bool = False


def spaced(words) -> str:
    """Alternation of cue words that may be letter-spaced in PDF copies (联 系 人)."""
    return "|".join(r"\s*".join(re.escape(c) for c in w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Vocab:
    person: re.Pattern
    phone_cue: re.Pattern
    email_cue: re.Pattern
    fax_cue: re.Pattern
    unit_cue: re.Pattern
    any_cue: re.Pattern
    address: re.Pattern
    address_cue: re.Pattern
    landline: re.Pattern
    titles: tuple
    marks: str
    org_suffix: re.Pattern
    surnames: frozenset
    compound: tuple
    bad: frozenset
    roster: dict
    P: object                     # the module's patterns (rules/patterns.yaml contacts)


@functools.lru_cache(maxsize=4)
def _vocab(rules_version: str, rules: Rules) -> _Vocab:
    ex = rules.extract
    cues = ex["contact_cues"]
    ext = spaced(cues["extension"])
    landline = re.compile(
        rf"(?<![\d@.\-{MASK}])(?:[（(]\s*(?P<ac1>0\d{{2,3}})\s*[）)]\s*|(?P<ac2>0\d{{2,3}})(?:\s*[{DASH}]{{1,2}}\s*|\s+))?"
        rf"(?P<num>[2-9]\d{{6,7}})(?:\s*(?:[{DASH}]\s*(?:{ext})?|{ext})\s*(?P<ext>\d{{1,5}}))?(?![\d@{MASK}])")
    return _Vocab(
        person=re.compile(f"(?:{spaced(cues['person'])})\\s*[:：]?\\s*"),
        phone_cue=re.compile(f"(?:{spaced(cues['phone'])})"),
        email_cue=re.compile(f"(?:{spaced(cues['email'])})"),
        fax_cue=re.compile(f"(?:{spaced(cues['fax'])})"),
        unit_cue=re.compile(f"(?:{spaced(cues['unit'])})"),
        any_cue=re.compile(f"(?:{spaced(cues['person'] + cues['phone'] + cues['email'] + cues['fax'])})"),
        address=re.compile(f"(?:{alternation(cues['address'])})\\s*[:：]?\\s*\\n?[^\\n。；;]*"),
        landline=landline,
        titles=tuple(sorted(ex["person_titles"], key=len, reverse=True)),
        marks="".join(ex["recipient_marks"]),
        org_suffix=rules.patterns("contacts").unit_name,
        address_cue=any_word(cues['address']),
        surnames=frozenset(ex["surnames"]),
        compound=tuple(ex["compound_surnames"]),
        bad=frozenset(ex["not_name_chars"]),
        roster={k: tuple(v) for k, v in ex["roster_columns"].items()},
        P=rules.patterns("contacts"),
    )


# ---------------------------------------------------------------- names
def is_name(s: str, v: _Vocab) -> bool:
    """A personal name: a surname and one or two more characters (a compound surname and one or two)."""
    if not 2 <= len(s) <= 4 or not re.fullmatch(f"[{CJK}]+", s):
        return False
    if any(c in v.bad for c in s[1:]):
        return False
    if s.startswith(v.compound):
        return len(s) >= 3
    return s[0] in v.surnames and len(s) <= 3


def titled_name(s: str, v: _Vocab) -> str | None:
    """'彭老师' -> '彭老师'; '于艳老师' -> '于艳'; '卢红' -> '卢红'; anything else -> None."""
    for t in v.titles:
        if s.endswith(t) and len(s) > len(t):
            base = s[: -len(t)]
            if len(base) == 1 and base in v.surnames:
                return s
            return base if is_name(base, v) else None
    return s if is_name(s, v) else None


def split_org_name(seg: str, v: _Vocab, need_org: bool = False) -> tuple[str | None, str | None]:
    """'市教育局职成高教处余根良' -> ('余根良', '市教育局职成高教处'); '卢红' -> ('卢红', None)."""
    seg = seg.strip()
    if not seg:
        return None, None
    if not need_org:
        name = titled_name(seg, v)
        if name:
            return name, None
    bare = seg
    title = next((t for t in v.titles if seg.endswith(t) and len(seg) > len(t) + 1), None)
    if title:
        bare = seg[: -len(title)]
    for n in (3, 2, 4, 1):
        if len(bare) > n + 1:
            org, name = bare[:-n], bare[-n:]
            if n == 1:
                # a surname alone only with its title: 教务处彭老师
                if title and name in v.surnames and v.org_suffix.search(org):
                    return name + title, org
                continue
            if is_name(name, v) and v.org_suffix.search(org) and len(org) >= 2:
                return name, org
    if need_org:
        return None, None
    # the name may be followed by other words: take a leading name
    for n in (3, 2):
        if is_name(seg[:n], v) and (len(seg) == n or not seg[n:n + 1].isalpha()):
            return seg[:n], None
    return None, None


def _merge_spaced(tokens: list[str]) -> list[str]:
    """Single characters separated by spaces are one name (刘 霞, 王 小 明)."""
    out: list[str] = []
    run = ""
    for t in tokens:
        if len(t) == 1:
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return out


# ---------------------------------------------------------------- the zone
def contact_zone(ctx: Context, v: _Vocab) -> tuple[int, int]:
    """The notice's own text (from the first sentence above a misread title) to the end of its
    body, signature, date and 附注, plus contact lines right after the date; never a page header
    above the title or a footer below the notice."""
    lo, hi = ctx.body
    text = ctx.text
    stops = [x for x in (ctx.st.appendix_start, ctx.st.cc.start if ctx.st.cc else None,
                         ctx.st.printer.start if ctx.st.printer else None) if x is not None and x >= hi]
    limit = min(stops + [len(text)])
    pos = hi
    while pos < limit:
        a = text.find("\n", pos)
        if a < 0 or a >= limit:
            break
        b = text.find("\n", a + 1)
        b = limit if b < 0 or b > limit else b
        line = text[a + 1:b]
        if line.strip() and not (v.person.search(line) or v.phone_cue.search(line) or v.email_cue.search(line)):
            break
        if line.strip():
            hi = b
        pos = b
    return ctx.own_start, hi


def area_code(ctx: Context) -> str | None:
    """The long-distance code of the issuer's own place: its city's, or the province's capital
    for a provincial body; none where the issuer's place is not known to that precision."""
    codes = ctx.rules.area_codes
    region = ctx.region or {}
    if region.get("city") and region["city"] in codes["cities"]:
        return codes["cities"][region["city"]]
    prov = region.get("province")
    if not prov or prov not in codes["provinces"]:
        return None
    if region.get("county"):
        return None  # a county of a city cpca did not name: its city's code is not the capital's
    if ctx.issuer is None:
        return codes["provinces"][prov]  # the region came from a provincial doc-number code
    level, _ = level_of(ctx.issuer, ctx.rules)
    return codes["provinces"][prov] if level == "provincial" else None


# ---------------------------------------------------------------- values
def _values(ctx: Context, v: _Vocab, lo: int, hi: int) -> list[_Item]:
    text = ctx.text
    items: list[_Item] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        return all(b <= x or a >= y for x, y in taken)

    def add(a, b, kind, value, fax=False):
        items.append(_Item(a, b, kind, value, fax=fax))
        taken.append((a, b))

    for m in EMAIL_RE.finditer(text, lo, hi):
        # a copy cut inside an address (…@ouchn.ed|) or a match stopped by junk is no email
        tail = text[m.end():m.end() + 2]
        tld = m.group(0).rsplit(".", 1)[-1].lower()
        cut_at_end = m.end() >= len(text.rstrip()) and tld in ("c", "co", "cn", "e", "ed", "g", "go", "n", "ne", "o", "or")
        if cut_at_end or re.match(r"[A-Za-z0-9_\-]|\.[A-Za-z0-9]", tail):
            taken.append(m.span())
            continue
        add(m.start(), m.end(), "email", m.group(0).rstrip("."))
    for m in MOBILE_RE.finditer(text, lo, hi):
        if free(*m.span()):
            add(m.start(), m.end(), "phone", re.sub(r"[\s\-]", "", m.group(0)), _is_fax(text, m, v))
    _glued_numbers(ctx, v, lo, hi, add, free)
    for m in v.landline.finditer(text, lo, hi):
        if not free(*m.span()):
            continue
        ac = m.group("ac1") or m.group("ac2")
        if not ac and not _cued(text, m.start(), lo, v, items):
            continue  # a bare 7-8 digit number is a phone only next to a cue or another phone
        if v.P.count_after.match(text[m.end(): m.end() + 2]):
            continue
        num = (f"{ac}-" if ac else "") + m.group("num") + (f"-{m.group('ext')}" if m.group("ext") else "")
        add(m.start(), m.end(), "phone", num, _is_fax(text, m, v))
    _damaged_numbers(ctx, v, lo, hi, add, free)
    # a campus short number in brackets after a number: 83656391(56391)
    for it in [x for x in items if x.kind == "phone"]:
        m = re.match(r"\s*[（(]\s*(\d{3,6})\s*[）)]", text[it.end:it.end + 12])
        if m and free(it.end + m.start(1), it.end + m.end(1)):
            add(it.end + m.start(1), it.end + m.end(1), "phone", m.group(1))
    return items


def _cued(text: str, pos: int, lo: int, v: _Vocab, items) -> bool:
    before = text[max(lo, pos - 25): pos]
    if v.phone_cue.search(before) or v.person.search(before):
        return True
    # the next number of a list or roster: 0351-1234567、1234567 / 刘霞 1234567 a line below
    return bool(re.search(r"[、，,；;/\s：:]$", before)) and any(0 <= pos - x.end <= 120 for x in items)


def _is_fax(text: str, m: re.Match, v: _Vocab) -> bool:
    before = re.split(r"[，,；;。\n、]", text[max(0, m.start() - 12): m.start()])[-1]
    after = text[m.end(): m.end() + 8]
    cue_before = None
    for c in v.any_cue.finditer(before):
        cue_before = c
    if cue_before is not None and v.fax_cue.fullmatch(cue_before.group(0).strip()):
        return True
    return bool(re.match(rf"\s*[（(]\s*(?:{v.fax_cue.pattern})\s*[）)]", after))


def _glued_numbers(ctx, v, lo, hi, add, free) -> None:
    """Two numbers run together where a separator was lost: 010-6609623466097709."""
    text = ctx.text
    for m in re.finditer(rf"(?<![\d{MASK}])(?:(?P<ac>0\d{{2,3}})\s*[{DASH}]\s*)?(?P<run>\d{{14,22}})(?![\d{MASK}])", text[lo:hi]):
        a, b = lo + m.start(), lo + m.end()
        if not free(a, b) or not (m.group("ac") or _cued(text, a, lo, v, [])):
            continue
        run = m.group("run")
        parts = None
        for first in (8, 7, 11):
            rest = run[first:]
            if len(rest) in (7, 8, 11) and (len(run) in (14, 16, 22) or 11 in (first, len(rest))):
                cand = [run[:first], rest]
                if all(re.fullmatch(r"1[3-9]\d{9}|[2-9]\d{6,7}", p) for p in cand):
                    parts = cand
                    break
        if parts is None:
            continue
        first = (m.group("ac") + "-" if m.group("ac") and len(parts[0]) != 11 else "") + parts[0]
        cut = b - len(parts[1])
        add(a, cut, "phone", first)
        add(cut, b, "phone", parts[1])


def _damaged_numbers(ctx, v, lo, hi, add, free) -> None:
    """A number right after a phone cue that fits no pattern because a digit was lost in copying
    (电话?3813669675): kept as printed."""
    text = ctx.text
    for c in v.phone_cue.finditer(text, lo, hi):
        m = v.P.damaged_number.match(text[c.end(): c.end() + 20])
        if m:
            a, b = c.end() + m.start(1), c.end() + m.end(1)
            if free(a, b):
                add(a, b, "phone", m.group(1), v.fax_cue.fullmatch(c.group(0)) is not None)


# ---------------------------------------------------------------- names and units
def _names(ctx: Context, v: _Vocab, lo: int, hi: int, values: list[_Item]) -> list[_Item]:
    text = ctx.text
    items: list[_Item] = []
    group = 0
    line_org: dict[int, str] = {}   # line start -> unit named on a cue line without a name
    for m in v.person.finditer(text, lo, hi):
        group += 1
        got = _cue_list(text, m, lo, v, group)
        if got and isinstance(got[0], str):
            line_org[text.find("\n", m.end()) + 1] = got[0]
            continue
        items.extend(got)
    cued = [(x.pos, x.value) for x in items]

    def known(pos, name):
        return any(n == name and abs(p - pos) < 40 for p, n in cued)

    # a name at the start of a roster line, before its number: 刘 霞 027-69806791
    for m in re.finditer(rf"(?m)^[ \t]*((?:[{CJK}][ \t\u3000]?){{2,4}}?)[ \t\u3000]*[：:，,]?[ \t\u3000]*(?=(?:0\d{{2,3}}[{DASH}]?)?[1-9]\d{{6,10}})", text[lo:hi]):
        a = lo + m.start(1)
        name = titled_name(re.sub(r"\s", "", m.group(1)), v)
        if name and not known(a, name):
            org = line_org.get(lo + m.start()) or _org_of_line_above(items, text, a)
            items.append(_Item(a, lo + m.end(1), "name", name, org))
            cued.append((a, name))
    # an item of a list, unit then name then number: …；职成处 郑一 87654322
    for m in re.finditer(rf"(?:^|(?<=[；;：:\n]))[ \t]*(?P<org>[{CJK}]{{2,30}})[ \t\u3000]+(?P<name>(?:[{CJK}][ \t\u3000]?){{2,4}}?)"
                         rf"[ \t\u3000]*[，,：:]?[ \t\u3000]*(?=(?:0\d{{2,3}}[{DASH}]?)?[1-9]\d{{6,10}})", text[lo:hi]):
        a = lo + m.start("name")
        name = titled_name(re.sub(r"\s", "", m.group("name")), v)
        if name and v.org_suffix.search(m.group("org")) and not known(a, name):
            items.append(_Item(a, lo + m.end("name"), "name", name, m.group("org")))
            cued.append((a, name))
    # unit + name without a cue, in front of a number: 市教育局职成高教处余根良，电话：…
    unit_name_before_number = (rf"([{CJK}]{{2,40}}(?: [{CJK}]{{2,4}})?)"
                               rf"(?=\s*[，,：:（(]?\s*(?:(?:{v.phone_cue.pattern})|[（(]?\s*[{CJK}]{{0,6}}\s*0\d{{2,3}}\s*[{DASH}]|1[3-9]\d{{9}}))")
    for m in re.finditer(unit_name_before_number, text[lo:hi]):
        a = lo + m.start(1)
        seg = re.split(r"[：:。；;，,]", m.group(1))[-1].replace(" ", "")
        seg = v.any_cue.split(seg)[0] if v.any_cue.search(seg) else seg
        # a bare name is enough at the start of a line or list item (…\n杨艳（校区 0744-…）)
        at_start = a == 0 or text[a - 1] in "\n；;，,、：:"
        name, org = split_org_name(seg, v, need_org=not at_start)
        if name and not known(a, name):
            at = a + m.group(1).rfind(name[:2])
            items.append(_Item(at, at + len(name), "name", name, org))
            cued.append((at, name))
    # a name or a unit in brackets after a number: 0351-3193088（刘煌） / 0351-1234567（省教育厅职成处）
    for it in [x for x in values if x.kind == "phone"]:
        m = re.match(rf"\s*[（(]\s*([{CJK}]{{2,30}})\s*[）)]", text[it.end:it.end + 36])
        if not m or v.fax_cue.fullmatch(m.group(1)):
            continue
        name = titled_name(m.group(1), v)
        if name:
            items.append(_Item(it.pos, it.end + m.end(), "name", name))
            continue
        name, org = split_org_name(m.group(1), v, need_org=True)
        if name:
            items.append(_Item(it.pos, it.end + m.end(), "name", name, org))
        elif v.org_suffix.search(m.group(1)):
            items.append(_Item(it.pos, it.end + m.end(), "org", m.group(1)))
    items.extend(_recipient_names(ctx, v, lo, hi, known))
    # unit-only: 报送区教育局职社科（邮箱：…） / 联系处室：省教育厅基础教育处；联系电话：…
    for m in re.finditer(rf"([{CJK}]{{3,30}})\s*[（(]\s*(?:{v.email_cue.pattern}|{v.phone_cue.pattern})\s*[:：]", text[lo:hi]):
        org = _after_verb(ctx, m.group(1))
        if v.org_suffix.search(org):
            items.append(_Item(lo + m.start(1) + m.group(1).rfind(org), lo + m.end(1), "org", org))
    # a unit or a venue with its own address and number: （瑞安大酒店地址：…，联系电话：027-…）
    for m in re.finditer(rf"([{CJK}]{{2,30}}?)(?:(?:{v.address_cue.pattern})\s*[:：][^，,；;。）)\n]{{0,60}}[，,]\s*)?(?:{v.phone_cue.pattern})\s*[:：]", text[lo:hi]):
        org = _after_verb(ctx, m.group(1))
        a = lo + m.start(1) + len(m.group(1)) - len(org)
        if (len(org) >= 3 and v.org_suffix.search(org) and not split_org_name(org, v, need_org=True)[0]
                and not v.any_cue.search(org) and not any(x.pos <= a < x.end + 2 for x in items)):
            items.append(_Item(a, lo + m.end(1), "org", ctx.resolve_self(org)))
    for m in re.finditer(rf"(?:{v.unit_cue.pattern})\s*[:：]\s*([{CJK}]{{3,30}})|[:：]\s*([{CJK}]{{3,30}})\s*[；;，,]\s*(?={v.phone_cue.pattern})", text[lo:hi]):
        k = 1 if m.group(1) else 2
        org = m.group(k)
        a = lo + m.start(k)
        if v.org_suffix.search(org) and not split_org_name(org, v, need_org=True)[0] and not any(x.pos <= a < x.end + 2 for x in items):
            items.append(_Item(a, lo + m.end(k), "org", ctx.resolve_self(org)))
    return items


def _cue_list(text: str, m: re.Match, lo: int, v: _Vocab, group: int) -> list:
    """The names after one 联系人 cue: '王峥 刘中玉', '张伟、李娜', '省教育厅科技处 丁雪峰', '彭老师'.
    A cue followed by a unit only gives [unit] (its people follow on the next lines)."""
    end = text.find("\n", m.end())
    rest = text[m.end(): end if end >= 0 else len(text)]
    # the list ends at a number, a cue, a bracket or any other sign (童熠?nbsp; in a garbled copy)
    cut = re.search(rf"{v.any_cue.pattern}|[^{CJK}、，,/／\s\u3000]", rest)
    rest = rest[: cut.start()] if cut else rest
    tokens = _merge_spaced([t for t in re.split(r"[、，,/／\s\u3000]+", rest) if t])
    before_org = _org_before(text, m.start(), lo, v)
    org = before_org
    out: list = []
    pos = m.end()
    for t in tokens:
        at = text.find(t[0], pos)
        name = titled_name(t, v)
        if name is None:
            name, own_org = split_org_name(t, v, need_org=True)
        else:
            own_org = None
        if name:
            span_end = text.find(t[-1], at) + 1 if at >= 0 else m.end()
            out.append(_Item(at, span_end, "name", name, own_org or org, group))
            org = own_org or org
            pos = span_end
        elif v.org_suffix.search(t) and not out:
            org = t  # 联系人：省教育厅科技处 丁雪峰
            pos = at + len(t)
        else:
            break
    if not out and org and org != before_org:
        return [org]
    return out


def _org_before(text: str, pos: int, lo: int, v: _Vocab) -> str | None:
    """The unit written just before a 联系人 cue (省教育厅职成处联系人：…)."""
    seg = text[max(lo, pos - 30): pos]
    seg = re.split(r"[。；;，,：:\n\s）)]", seg)[-1]
    m = re.search(f"[{CJK}]+$", seg)  # a unit name is CJK; an email or number before it is not
    seg = m.group(0) if m else ""
    seg = v.P.org_lead.sub("", seg)
    return seg if len(seg) >= 3 and v.org_suffix.search(seg) else None


def _org_of_line_above(items: list[_Item], text: str, pos: int) -> str | None:
    """A roster line without a unit takes the unit of the name on the line above."""
    prev_start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, pos))) + 1
    above = [x for x in items if x.kind == "name" and prev_start <= x.pos < pos]
    return above[-1].org if above else None


def _after_verb(ctx: Context, seg: str) -> str:
    """'…报送区教育局职社科' -> '区教育局职社科': the unit after the last verb of handing over."""
    verbs = alternation(ctx.rules.extract["submit_verbs"])
    parts = re.split(f"(?:{verbs})", seg)
    return parts[-1] if parts else seg


def _recipient_names(ctx: Context, v: _Vocab, lo: int, hi: int, known) -> list[_Item]:
    """The person a submission goes to: 报教务处刘庆华老师, 交图书馆办公室于艳老师处,
    寄至广东开放大学教务处考务科李刚收, 报送至青岛市图书馆(田老师)."""
    text = ctx.text
    titles = alternation(v.titles)
    out = []
    pat = re.compile(rf"([{CJK}]{{3,40}}?)(?:({titles})[{v.marks}]?|[{v.marks}])(?=[，,。；;、）)\s]|$)")
    for m in pat.finditer(text, lo, hi):
        seg = _after_verb(ctx, m.group(1))
        if seg == m.group(1) and not re.search(f"(?:{titles})$", m.group(0).rstrip(v.marks)):
            continue  # an untitled name needs the verb that hands something to it
        name, org = split_org_name(seg + (m.group(2) or ""), v, need_org=True)
        if name and not known(m.start(1), name):
            at = m.start(1) + m.group(1).rfind(name[:1] if name.endswith(v.titles) else name[:2])
            out.append(_Item(at, at + len(name), "name", name, org))
    # the person to ask: 请与市教育局基教处李老师联系
    for m in v.P.person_to_ask.finditer(text[lo:hi]):
        seg = m.group(1)
        name, org = split_org_name(seg, v, need_org=False)
        if name and (org or titled_name(seg, v)) and not known(lo + m.start(1), name):
            at = lo + m.start(1) + seg.rfind(name[:1] if name.endswith(v.titles) else name[:2])
            out.append(_Item(at, at + len(name), "name", name, org))
    # a unit with its person in brackets: 报送至青岛市图书馆(田老师)
    for m in re.finditer(rf"([{CJK}]{{3,30}})[（(]\s*([{CJK}]{{2,6}})\s*[）)]", text[lo:hi]):
        if not any(m.group(2).endswith(t) for t in v.titles):
            continue
        name = titled_name(m.group(2), v)
        org = _after_verb(ctx, m.group(1))
        if name and v.org_suffix.search(org) and not known(lo + m.start(2), name):
            out.append(_Item(lo + m.start(2), lo + m.end(2), "name", name, org))
    return out


# ---------------------------------------------------------------- rosters
def _rosters(ctx: Context, v: _Vocab, lo: int, hi: int) -> tuple[list[Contact], list[tuple[int, int]]]:
    """Rows of a contact table (cells split by tabs, | or wide spaces) under a heading row that
    names a name or unit column and a phone or email column."""
    text = ctx.text
    contacts: list[Contact] = []
    used: list[tuple[int, int]] = []
    lines = []
    pos = lo
    for line in text[lo:hi].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        head = _cells(lines[i][1])
        cols = _columns(head, v) if len(head) >= 2 else {}
        roles = set(cols.values())
        if not (roles & {"name", "org"} and roles & {"phone", "email"}):
            i += 1
            continue
        j = i + 1
        last_org = None
        while j < len(lines):
            start, line = lines[j]
            cells = _cells(line)
            if len(cells) < 2:
                break
            row = Contact()
            for k, cell in enumerate(cells):
                role = cols.get(k)
                if role == "name":
                    row.name = titled_name(re.sub(r"\s", "", cell), v)
                elif role == "org":
                    row.org = cell or last_org
            row.org = row.org or last_org
            for it in _values(ctx, v, start, start + len(line)):
                (row.emails if it.kind == "email" else row.phones).append(it.value)
                if it.fax:
                    row.faxes.append(it.value)
            if row.empty() and not row.name:
                break
            last_org = row.org
            row.spans.append((start, start + len(line)))
            contacts.append(row)
            used.append((start, start + len(line)))
            j += 1
        i = j
    return contacts, used


def _cells(line: str) -> list[str]:
    sep = "\t" if "\t" in line else ("|" if "|" in line else None)
    cells = line.split(sep) if sep else re.split(r"\s{2,}|\u3000+", line.strip())
    return [c.strip() for c in cells if c.strip()] if sep != "\t" else [c.strip() for c in cells]


def _columns(head: list[str], v: _Vocab) -> dict[int, str]:
    cols = {}
    for k, cell in enumerate(head):
        cell = re.sub(r"\s", "", cell)
        for role in ("name", "phone", "email", "fax", "org"):
            if cell.endswith(v.roster[role]):  # 举报电话, 单位联系人
                cols[k] = "phone" if role == "fax" else role
                break
    return cols


# ---------------------------------------------------------------- grouping
def extract_contacts(ctx: Context, submit_targets: list[tuple[int, str | None]] | None = None) -> list[Contact]:
    """Contacts of the notice, in reading order.

    `submit_targets` are (offset, unit) of submission targets: a contact with no unit of
    its own, right after "报送<unit>。", belongs to that unit.
    """
    v = _vocab(ctx.rules.version, ctx.rules)
    lo, hi = contact_zone(ctx, v)
    roster, used = _rosters(ctx, v, lo, hi)
    values = [x for x in _values(ctx, v, lo, hi) if not any(a <= x.pos < b for a, b in used)]
    names = [x for x in _names(ctx, v, lo, hi, values) if not any(a <= x.pos < b for a, b in used)]
    if not values and not any(x.kind == "name" for x in names) and not roster:
        return []
    items = sorted(values + names, key=lambda e: (e.pos, {"name": 0, "org": 1}.get(e.kind, 2)))
    code = area_code(ctx)
    contacts = _group(ctx, v, items, submit_targets or [], code) + roster
    contacts.sort(key=lambda c: min(s[0] for s in c.spans) if c.spans else 0)
    for c in contacts:
        c.org = ctx.resolve_self(c.org) if c.org else c.org
        _infer_area_codes(c, code)
    return _merge(contacts)


def _group(ctx: Context, v: _Vocab, items: list[_Item], targets, code) -> list[Contact]:
    text = ctx.text
    contacts: list[Contact] = []
    group: list[tuple[Contact, int]] = []     # (contact, position) of the names read together
    group_values: list[_Item] = []
    pending: list[_Item] = []                 # values seen before any name of their block
    pending_org: str | None = None
    last_end = items[0].pos if items else 0

    def close_group():
        nonlocal group, group_values
        if group:
            _share(text, group, group_values)
        group, group_values = [], []

    def flush_pending():
        nonlocal pending, pending_org
        if pending:
            c = Contact(org=pending_org)
            for p in pending:
                _add(c, p)
            contacts.append(c)
        pending, pending_org = [], None

    for it in items:
        gap = text[last_end:it.pos]
        if _block_break(gap, v):
            close_group()
            # values of no unit, a line or two above the next name, are still that person's
            # (邮箱：…。\n纸质材料寄至…。\n联系人：王靓 电话：…)
            if not (it.kind == "name" and pending_org is None and gap.count("\n") <= 2 and len(gap) < 150):
                flush_pending()
        if it.kind == "name":
            same = group and (it.group >= 0 and it.group == group[-1][1])
            if not same:
                close_group()
            c = Contact(name=it.value, org=it.org or pending_org or _target_before(targets, it.pos, ctx))
            c.spans.append((it.pos, it.end))
            contacts.append(c)
            group.append((c, it.group if it.group >= 0 else -it.pos - 1))
            # values read before the name, in its block, are its own (邮箱：… 联系人：…)
            group_values.extend(pending)
            pending, pending_org = [], None
        elif it.kind == "org":
            close_group()
            flush_pending()
            pending_org = it.value
        elif group:
            group_values.append(it)
        else:
            pending.append(it)
        last_end = max(last_end, it.end)
    close_group()
    flush_pending()
    return contacts


def _share(text: str, group: list[tuple[Contact, int]], values: list[_Item]) -> None:
    """Values after a list of names: in turn when they come in as many parallel groups as there
    are names (王宛艺、王珂；电话：A，B；C，D), else shared by every name of the list."""
    people = [c for c, _ in group]
    if len(people) > 1 and values:
        chunks: list[list[_Item]] = [[values[0]]]
        for prev, cur in zip(values, values[1:]):
            if re.search(r"[；;\n]", text[prev.end:cur.pos]):
                chunks.append([])
            chunks[-1].append(cur)
        shapes = {tuple(x.kind for x in ch) for ch in chunks}
        if len(chunks) == len(people) and len(shapes) == 1:
            for c, ch in zip(people, chunks):
                for it in ch:
                    _add(c, it)
            return
    for c in people:
        for it in values:
            _add(c, it)


def _add(c: Contact, it: _Item) -> None:
    if it.kind == "phone":
        if it.value not in c.phones:
            c.phones.append(it.value)
        if it.fax and it.value not in c.faxes:
            c.faxes.append(it.value)
    elif it.kind == "email" and it.value not in c.emails:
        c.emails.append(it.value)
    c.spans.append((it.pos, it.end))


def _infer_area_codes(c: Contact, code: str | None) -> None:
    """A landline printed without its area code gets the issuer's (0351-3193088)."""
    if not code:
        return
    for i, p in enumerate(c.phones):
        if re.fullmatch(r"[2-9]\d{6,7}(?:-\d{1,5})?", p):
            full = f"{code}-{p}"
            c.phones[i] = full
            c.inferred.append(full)
            c.faxes = [full if f == p else f for f in c.faxes]


def _merge(contacts: list[Contact]) -> list[Contact]:
    """One contact per name; a fax line that repeats a person's number adds nobody."""
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
            same.faxes += [f for f in c.faxes if f not in same.faxes]
            same.org = same.org or c.org
            same.spans += c.spans
            continue
        if c.name or not c.empty():
            merged.append(c)
    named = {p for c in merged if c.name for p in c.phones + c.emails}
    out = []
    for c in merged:
        if c.name is None and set(c.phones + c.emails) <= named:
            continue  # every value of an unnamed block is already a named contact's
        if c.name:
            # a fax number repeated under another person is the first person's
            others = {p for o in merged if o is not c and o.name for p in o.phones}
            owners_first = {p for o in merged[: merged.index(c)] if o.name for p in o.phones}
            for f in list(c.faxes):
                if f in others and f in owners_first:
                    c.phones.remove(f)
                    c.faxes.remove(f)
        out.append(c)
    return out


def _block_break(gap: str, v: _Vocab) -> bool:
    """Text between two contact items that ends a contact's block (a sentence about something
    else); address and postcode lines stay inside the block."""
    if gap.count("\n") > 8:
        return True
    gap = v.address.sub("", gap)
    gap = v.any_cue.sub("", gap)
    stripped = v.P.gap_filler.sub("", gap)
    if len(stripped) > 25:
        return True
    # a whole sentence about something else between them (…报到。\n3月12日上午在…开会。\n联系人…)
    return any(len(re.sub(r"[\s，,：:、（）()\-]", "", s)) >= 10 for s in re.split(r"[。；;\n]", gap)[1:-1])


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
