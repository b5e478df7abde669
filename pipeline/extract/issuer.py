"""Issuer of a notice, its administrative level and its region (province, city, county).

The issuer is read from the clues GB/T 9704 gives, most trusted first: the signature (the first
of joint signers), the 发文机关标志, the title before 关于, a 政务公开 metadata block, and the
agency code of the doc number.  The level falls back further, to clues that tell only who writes:
the notice's self-references (我省, 我校 …), its addressees (各市教育局 → a province writes), the
page's 来源 line and a place named in the title.  Vocabulary lives in rules/levels.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..model import Document, Span, Structure
from ..rules import Rules, load_rules
from .agency import lookup_agency

MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}
LEVELS = ("national", "provincial", "municipal", "county", "other")


@dataclass
class Issuer:
    name: str | None = None
    span: Span | None = None
    source: str | None = None          # which clue named it
    level: str | None = None
    level_source: str | None = None    # which clue told the level
    region: dict = field(default_factory=lambda: {"province": None, "city": None, "county": None})
    inferred: str | None = None         # the body a doc number's agency code stands for, when none is printed


def _first_signer(text: str) -> tuple[int, str]:
    """Offset and name of the first of joint signers (side by side, on several lines, or 、-listed)."""
    m = re.search(r"[\u4e00-\u9fff]", text)  # junk before the name ("?教育部办公厅") is not part of it
    lead = m.start() if m else len(text) - len(text.lstrip())
    first = re.split(r"\s+|[、，,]", text[lead:].strip())[0]
    return lead, first


def issuer_span(st: Structure, doc_text: str, rules: Rules | None = None) -> tuple[Span, str] | None:
    """(span, clue) of the issuer as written: signature, 发文机关标志, title before 关于, metadata block."""
    rules = rules or load_rules()
    mark = None
    if st.issuer_mark is not None:
        m = rules.re("structure", "issuer_mark").match(doc_text[st.issuer_mark.start:st.issuer_mark.end])
        name = m.group("org") if m else doc_text[st.issuer_mark.start:st.issuer_mark.end]
        lead, first = _first_signer(name)
        s = st.issuer_mark.start + lead
        mark = Span(s, s + len(first), first, st.issuer_mark.page, st.issuer_mark.line)
    if st.signature is not None:
        lead, first = _first_signer(doc_text[st.signature.start:st.signature.end])
        if first:
            # a signature that shortens the 版头's name (图书馆 under 某某学院图书馆) is that body
            if mark is not None and len(mark.text) > len(first) and doc_text[mark.start:mark.end].endswith(first):
                return mark, "issuer_mark"
            s = st.signature.start + lead
            return Span(s, s + len(first), first, st.signature.page, st.signature.line), "signature"
    if mark is not None:
        return mark, "issuer_mark"
    if st.title is not None:
        t = doc_text[st.title.start:st.title.end]
        i = t.find("关于")
        lead, first = _first_signer(t[:i]) if i >= 2 else (0, "")
        # joint issuers before 关于 stand side by side: the first is the issuer; "转发教育部办公厅关于…"
        # names whom the notice forwards, not who issues it
        if first and "\n" not in t[:i] and rules.re("structure", "org_line").match(first) and \
                not rules.re("levels", "forwarding").match(first):
            s = st.title.start + lead
            return Span(s, s + len(first), first, st.title.page, st.title.line), "title"
    if "issuer" in st.metadata:
        return st.metadata["issuer"], "metadata"
    return None


def find_issuer(doc: Document, st: Structure, agency_code: str | None, rules: Rules | None = None) -> Issuer:
    """Issuer name, level and region from every clue of one notice."""
    rules = rules or load_rules()
    found = issuer_span(st, doc.text, rules)
    res = Issuer()
    if found:
        span, res.source = found
        res.span, res.name = span, re.sub(r"\s+", "", doc.text[span.start:span.end])
    agency = agency_of(agency_code, rules) if agency_code else None
    if res.name is None and agency and agency.get("name"):
        # the issuer is what the notice prints; the body its doc number stands for is kept apart
        res.inferred = agency["name"]
    if res.name:
        res.level, res.region = level_of(res.name, rules)
        res.level_source = res.source
    if agency and agency.get("province") and not res.region.get("province"):
        res.region = {"province": agency["province"], "city": agency.get("city"), "county": agency.get("county")}
    if res.level is None or (res.level == "other" and res.source not in ("signature", "issuer_mark", "title")):
        for clue, level in level_clues(doc, st, agency, rules):
            if level:
                res.level, res.level_source = level, clue
                break
        if res.level is None and res.name:
            res.level, res.level_source = "other", res.source  # a body with neither place nor level
        if res.level is None:
            # nothing tells a government level: no doc number, addressees, 我省/全市 or place — the
            # notices that say nothing of the kind come from schools, societies, journals
            res.level, res.level_source = "other", "no_government_clue"
    if res.level == "municipal" and res.level_source not in (res.source, "doc_number") and \
            names_municipality(doc, st, rules):
        res.level = "provincial"  # 北京/上海/天津/重庆: 我市 and 各区县 are a province's words there
    return res


def names_municipality(doc: Document, st: Structure, rules: Rules) -> bool:
    """The title, the opening of the body or the doc number names one of the four municipalities
    (北京, 首都, 渝语办函 …)."""
    head = doc.text[st.title.start:st.title.end] if st.title is not None else ""
    head += doc.text[st.body[0]:st.body[0] + 300]
    number = doc.text[st.doc_number.start:st.doc_number.end] if st.doc_number is not None else ""
    abbr = rules.levels["province_abbr"]
    return bool(rules.re("levels", "municipality_names").search(head)) or \
        (number[:1] in abbr and abbr[number[:1]] in MUNICIPALITIES)


def level_clues(doc: Document, st: Structure, agency: dict | None, rules: Rules):
    """(clue, level) pairs for a notice whose issuer does not tell its level, most trusted first."""
    lv = rules.levels
    if agency and agency.get("level"):
        yield "doc_number", agency["level"]
    text = _notice_text(doc, st)
    yield "self_reference", _first_listed(lv.get("self_reference_levels") or {}, text, rules, "self_reference_levels")
    yield "self_named_actor", _first_listed(lv.get("self_named_actors") or {}, text, rules, "self_named_actors")
    if st.recipients is not None:
        recipients = doc.text[st.recipients.start:st.recipients.end]
        yield "recipients", _first_listed(lv.get("addressee_levels") or {}, recipients, rules, "addressee_levels")
    source = rules.re("levels", "page_source").search(doc.text)
    if source:
        yield "page_source", level_of(source.group("org"), rules)[0]
    if st.title is not None:
        title = doc.text[st.title.start:st.title.end]
        if any(m in title for m in lv["other_markers"]) and not any(g in title for g in lv["government_markers"]):
            yield "body_in_title", "other"  # 第十五届“挑战杯”济南大学…竞赛: a university's own notice
        yield "scope_in_title", _first_listed(lv.get("scope_levels") or {}, title, rules, "scope_levels")
        yield "place_in_title", _level_of_place(title)
    opening = text[st.body[0]:st.body[0] + 400]
    yield "scope_in_body", _first_listed(lv.get("scope_levels") or {}, opening, rules, "scope_levels")


def _notice_text(doc: Document, st: Structure) -> str:
    chars = list(doc.text)
    for a, b in st.boilerplate:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _first_listed(table: dict, text: str, rules: Rules, key: str) -> str | None:
    """The level whose pattern occurs earliest in `text` (ties: the order of the table)."""
    best = None
    for level in table:
        m = rules.re("levels", key, level).search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), level)
    return best[1] if best else None


def _level_of_place(text: str) -> str | None:
    """The level of the most precise place a title names: a county, a city or a province."""
    region = region_of(text)
    if region["county"]:
        return "county"
    if region["city"]:
        return "municipal"
    return "provincial" if region["province"] else None


def agency_of(code: str, rules: Rules) -> dict | None:
    """What the agency code of a doc number tells: name, level and region (rules/agency_codes.yaml)."""
    a = lookup_agency(code, rules)
    if a is None:
        return None
    return {"name": a.name, "level": a.level, "province": a.province, "city": a.city, "county": a.county}


@functools.lru_cache(maxsize=4096)
def _cpca(name: str) -> tuple[str | None, str | None, str | None]:
    from ..compat import import_cpca

    cpca = import_cpca()

    # cpca.transform's row for one name, without the pandas DataFrame (pandas alone costs 0.7 s to import)
    row = cpca._get_one_addr(name, False, {})

    def val(k):
        v = row.get(k)
        return v if isinstance(v, str) and v else None

    return val("省"), val("市"), val("区")


def _county_city(name: str, city: str) -> tuple[str, str] | None:
    """A county-level city the address table still knows as a county (隆昌市, once 隆昌县):
    (the city's name, the county name the table knows)."""
    for m in re.finditer("市", name):  # each 市 in the name may end a county-level city's
        for n in (2, 3):
            place = name[max(0, m.start() - n):m.start()]
            if len(place) < n or (city and (place == city[:len(place)] or place in city)):
                continue
            if _cpca(place + "县")[2] == place + "县":
                return place + "市", place + "县"
    return None


def region_of(name: str | None) -> dict:
    """{province, city, county} named by an organisation name (None where it names none)."""
    if not name:
        return {"province": None, "city": None, "county": None}
    prov, city, county = _cpca(name)
    # cpca fills a city from a district name; keep only what the name itself says
    if city and city[:2] not in name and (not county or county[:2] not in name):
        city = None
    # a county only when the name writes it (楚雄市 or 楚雄县), not for 楚雄州 the prefecture
    if county and not re.search(re.escape(county[:-1]) + "[县区市旗]", name) and county not in name:
        county = None
    if county is None:
        found = _county_city(name, city or "")
        if found:
            county, (p2, c2, _) = found[0], _cpca(found[1])
            prov, city = prov or p2, city or c2
    if city == "市辖区" or (prov in MUNICIPALITIES and city == prov):
        city = None
    return {"province": prov, "city": city, "county": county}


def level_of(name: str | None, rules: Rules | None = None) -> tuple[str | None, dict]:
    """(level, region) for an issuer name, per gold-format.md's rules."""
    rules = rules or load_rules()
    if not name:
        return None, region_of(None)
    lv = rules.levels
    region = region_of(name)
    if any(name.startswith(n) for n in lv["national"]) and not region["province"]:
        return "national", region
    others = [m for m in lv["other_markers"] if m in name]
    if others:
        # a school or association is `other` unless a government body follows its name
        last = max(name.rfind(m) + len(m) for m in others)
        if not any(g in name[last:] for g in ("厅", "局", "政府", "委员会")) or "处" in name[last:]:
            return "other", region
    for level, prefixes in (lv.get("own_level_prefixes") or {}).items():
        # 市教育局, 省教育厅办公室: a body naming its own level instead of its place
        if any(name.startswith(p) for p in prefixes) and not region["province"]:
            return level, region
    if region["county"] or rules.re("levels", "county_name").match(name):
        return "county", region
    if region["city"]:
        return "municipal", region
    if region["province"] in MUNICIPALITIES:
        return "provincial", region  # 北京市教育委员会 is a provincial-level body
    if region["province"] and not rules.re("levels", "city_name").match(name):
        return "provincial", region
    # a place cpca does not know: the administrative word in the name still tells the level
    if rules.re("levels", "city_name").match(name):
        return "municipal", region
    if rules.re("levels", "province_name").match(name):
        return "provincial", region
    if rules.re("levels", "national_name").match(name):
        return "national", region
    return None, region  # no place and no kind in the name (实训中心): other clues decide
