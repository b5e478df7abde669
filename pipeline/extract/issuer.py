"""Issuer of a notice, its administrative level and its region (province, city, county)."""
from __future__ import annotations

import functools
import re

from ..model import Span, Structure
from ..rules import Rules, load_rules

MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}


def issuer_span(st: Structure, doc_text: str, rules: Rules | None = None) -> Span | None:
    """The issuer as written: the signature, else the 发文机关标志, else the title's prefix before 关于."""
    rules = rules or load_rules()
    mark_re = rules.re("structure", "issuer_mark")
    if st.signature is not None:
        first = re.split(r"\n|\s{2,}", st.signature.text.strip())[0].strip()
        if first:
            return Span(st.signature.start, st.signature.start + len(first), first, st.signature.page, st.signature.line)
    if st.issuer_mark is not None:
        m = mark_re.match(st.issuer_mark.text)
        name = m.group("org") if m else st.issuer_mark.text
        return Span(st.issuer_mark.start, st.issuer_mark.start + len(name), name, st.issuer_mark.page, st.issuer_mark.line)
    if st.title is not None:
        t = st.title.text.replace("\n", "")
        i = t.find("关于")
        if i >= 2 and rules.re("structure", "org_line").match(t[:i]):
            return Span(st.title.start, st.title.start + i, t[:i], st.title.page, st.title.line)
    return None


@functools.lru_cache(maxsize=4096)
def _cpca(name: str) -> tuple[str | None, str | None, str | None]:
    import cpca

    row = cpca.transform([name]).iloc[0]

    def val(k):
        v = row.get(k)
        return v if isinstance(v, str) and v else None

    return val("省"), val("市"), val("区")


def region_of(name: str | None) -> dict:
    """{province, city, county} named by an organisation name (None where it names none)."""
    if not name:
        return {"province": None, "city": None, "county": None}
    prov, city, county = _cpca(name)
    # cpca fills a city from a district name; keep only what the name itself says
    if city and city[:2] not in name and (not county or county[:2] not in name):
        city = None
    if county and county[:2] not in name:
        county = None
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
    if region["county"] or COUNTY_RE.match(name):
        return "county", region
    if region["city"]:
        return "municipal", region
    if region["province"] in MUNICIPALITIES:
        return "provincial", region  # 北京市教育委员会 is a provincial-level body
    if region["province"] and not CITY_RE.match(name):
        return "provincial", region
    # a place cpca does not know: the administrative word in the name still tells the level
    if CITY_RE.match(name):
        return "municipal", region
    if PROVINCE_RE.match(name):
        return "provincial", region
    if re.match(r"^(?:国家|全国|中国|中华|中央)", name):
        return "national", region
    return "other", region


# a place name (of up to 8 characters, after an optional 中共) ending in the word of its level
COUNTY_RE = re.compile(r"^(?:中共)?[\u4e00-\u9fa5]{1,8}?(?:自治县|县|旗|(?<![社校园景片小学营城矿])区)(?:委|人民政府|政府|教育|教体|文化|科技|社区|党委|$)")
CITY_RE = re.compile(r"^(?:中共)?(?:[\u4e00-\u9fa5]{1,6}省)?[\u4e00-\u9fa5]{1,8}?(?:市|自治州|州|盟)(?:委|人民政府|政府|教育|教体|文化|科技|社区|党委|总工会|妇联|团委)")
PROVINCE_RE = re.compile(r"^(?:中共)?[\u4e00-\u9fa5]{1,8}?(?:省|自治区)(?:委|人民政府|政府|教育|教体|文化|科技|社区|党委|总工会|妇联|团委)")
