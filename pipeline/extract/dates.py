"""Time expressions of official documents: one grammar, vocabulary from rules/dates.yaml.

Finds full dates (Arabic or Chinese numerals, 2022.11.17 forms), dates without a year
(year from the issue date; a month well before the issue month is next year), ranges
(12月2日—8日, 2022年12月28日至2023年1月5日, 即日起至12月9日), parts of months
(上旬/中旬/下旬/中下旬/月底/份), relative months and years (本月, 下月, 次年, 年底),
deadline cues (前/之前/截至/不迟于/下班前) and tentative marks (暂定/拟定/拟于).
Each result has start, end, precision, kind and the evidence span.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from ..rules import Rules, alternation, load_rules

CN_NUM = "〇○零Ｏ一二三四五六七八九十两"


@dataclass(frozen=True)
class TimeExpr:
    start: dt.date | None       # first day (None for a bare deadline "…前举行")
    end: dt.date | None         # last day, inclusive
    precision: str              # day | part (旬, 底) | month | year
    kind: str                   # point | range | deadline
    tentative: bool
    span: tuple[int, int]       # offsets in the text searched
    text: str

    @property
    def due(self) -> dt.date | None:
        return self.end


class Grammar:
    def __init__(self, rules: Rules):
        d = rules.dates
        self.digits = {k: int(v) for k, v in d["cn_digits"].items()}
        self.parts = d["month_parts"]
        self.rel_months = d["relative_months"]
        self.rel_years = d["relative_years"]
        self.holidays = d.get("holidays", {})
        num = f"(?:\\d{{1,2}}|[{CN_NUM}]{{1,3}})"
        # "§" stands for the group-name prefix of a point (a or b)
        year = f"(?:(?P<§y>(?:19|20)\\d{{2}}|[〇○零Ｏ0O一二三四五六七八九]{{4}})\\s*年(?:度)?|(?P<§ry>{alternation(self.rel_years)}))"
        month = f"(?:(?P<§m>{num})\\s*月|(?P<§rm>{alternation(self.rel_months)}))"
        day = f"(?P<§d>{num})\\s*[日号]"
        part = f"(?P<§part>{alternation(k for k in self.parts)})"

        def point(p: str, need_year=False) -> str:
            y, m, dd, pt = (x.replace("§", p) for x in (year, month, day, part))
            ym = f"(?:{y}\\s*)" + ("" if need_year else "?")
            return (f"(?:(?P<{p}iso>(?:19|20)\\d{{2}})[./-](?P<{p}isom>\\d{{1,2}})[./-](?P<{p}isod>\\d{{1,2}})(?!\\d)"
                    f"|{ym}{m}\\s*(?:{dd}|{pt})?"
                    f"|(?P<{p}ye>{year.replace('§', p + 'e')})\\s*(?P<{p}yp>底|末|年底|年末)"
                    f"|(?P<{p}yb>年底|年末)"
                    + (f"|(?:{year.replace('§', p + 'h')}\\s*)?(?P<{p}hol>{alternation(self.holidays)})(?=\\s*(?:节)?\\s*(?:前|之前|以前))" if self.holidays else "")
                    + ")")

        time = (r"(?:\s*[（(]\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[）)]|\s*(?:星期|周)[一二三四五六日天]"
                r"|\s*(?:上午|下午|中午|晚上|早上|凌晨)?\s*\d{1,2}\s*[:：点时]\s*(?:\d{1,2}\s*分?)?"
                r"(?:\s*[-—–~～至]\s*\d{1,2}\s*[:：点时]\s*(?:\d{1,2}\s*分?)?)?"
                r"|\s*(?:上午|下午|中午|晚上|全天)(?!\d))")
        second = (f"(?:{point('b')}|(?P<bdonly>{num})\\s*[日号])")
        seps = alternation(d["range_separators"])
        tent = alternation(d["tentative_cues"])
        before = alternation(d["deadline_cues"]["before"])
        # a bare 前 may start a word (前来报到 = come on that day, 前后, 前夕); 之前/以前 never do
        after = "|".join(re.escape(w) + ("(?!后|夕|期|往|来|沿|景|提|列|言|述)" if w == "前" else "")
                         for w in sorted(d["deadline_cues"]["after"], key=len, reverse=True))
        fromnow = alternation(d["from_now"])
        self.pattern = re.compile(
            f"(?P<tent>(?:{tent})\\s*)?(?P<before>(?:{before})\\s*(?:到|至|[:：])?\\s*)?(?P<fromnow>(?:{fromnow})\\s*)?"
            f"(?:于\\s*)?"
            f"{point('a')}(?P<atime>{time}*)"
            f"(?:\\s*(?P<sep>{seps})\\s*{second}(?P<btime>{time}*))?"
            f"(?P<after>\\s*(?:{after}))?"
        )

    # -- numbers
    def num(self, s: str | None) -> int | None:
        if s is None:
            return None
        s = s.strip()
        if s.isdigit():
            return int(s)
        if len(s) == 4 and all(c in self.digits for c in s):  # 二〇二二
            return int("".join(str(self.digits[c]) for c in s))
        if "十" in s:
            a, _, b = s.partition("十")
            tens = self.digits.get(a, 1) if a else 1
            ones = self.digits.get(b, 0) if b else 0
            return tens * 10 + ones
        if all(c in self.digits for c in s):
            return int("".join(str(self.digits[c]) for c in s))
        return None


@functools.lru_cache(maxsize=4)
def _grammar(rules_version: str, rules: Rules) -> Grammar:
    return Grammar(rules)


def grammar(rules: Rules | None = None) -> Grammar:
    rules = rules or load_rules()
    return _grammar(rules.version, rules)


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _infer_year(month: int, base: dt.date | None) -> int | None:
    """A date without a year: the issue year, or the next one for a month well before the issue month."""
    if base is None:
        return None
    if month < base.month and base.month - month >= 2:
        return base.year + 1
    return base.year


def _resolve_point(g: Grammar, m: re.Match, p: str, base: dt.date | None,
                   inherit: tuple[int | None, int | None] = (None, None)):
    """(start, end, precision) of one point, or None when it is not a valid date."""
    gd = m.groupdict()
    if gd.get(p + "iso"):
        y, mo, d = int(gd[p + "iso"]), int(gd[p + "isom"]), int(gd[p + "isod"])
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            return None
        return day, day, "day"
    if gd.get(p + "hol"):  # 国庆节前: the day before the holiday
        month, day = g.holidays[gd[p + "hol"]]
        year = g.num(gd[p + "hy"]) if gd.get(p + "hy") else (_infer_year(month, base) if base else None)
        if gd.get(p + "hry") and base is not None:
            year = base.year + int(g.rel_years[gd[p + "hry"]])
        if year is None:
            return None
        d = dt.date(year, month, day) - dt.timedelta(days=1)
        if base is not None and not gd.get(p + "hy") and not gd.get(p + "hry") and d < base:
            d = dt.date(year + 1, month, day) - dt.timedelta(days=1)
        return d, d, "day"
    if gd.get(p + "yb"):  # 年底 alone
        if base is None:
            return None
        return dt.date(base.year, 12, 31), dt.date(base.year, 12, 31), "part"
    year = None
    if gd.get(p + "y") or (gd.get(p + "ye") and gd.get(p + "ye").strip()):
        ytxt = gd.get(p + "y")
        if ytxt:
            year = g.num(ytxt)
    if gd.get(p + "ry"):
        if base is None:
            return None
        year = base.year + int(g.rel_years[gd[p + "ry"]])
    if gd.get(p + "yp"):  # 2022年底
        year = g.num(gd.get(p + "ey")) if gd.get(p + "ey") else (
            base.year + int(g.rel_years[gd[p + "ery"]]) if gd.get(p + "ery") and base else None)
        if year is None:
            return None
        return dt.date(year, 12, 31), dt.date(year, 12, 31), "part"
    month = None
    if gd.get(p + "m"):
        month = g.num(gd[p + "m"])
    elif gd.get(p + "rm"):
        if base is None:
            return None
        shift = int(g.rel_months[gd[p + "rm"]])
        month = (base.month - 1 + shift) % 12 + 1
        if year is None:
            year = base.year + (base.month - 1 + shift) // 12
    if month is None or not 1 <= month <= 12:
        return None
    if year is None:
        year = inherit[0] if inherit[0] is not None else _infer_year(month, base)
    if year is None or not 1900 <= year <= 2100:
        return None
    if gd.get(p + "d"):
        d = g.num(gd[p + "d"])
        if d is None or not 1 <= d <= _last_day(year, month):
            return None
        day = dt.date(year, month, d)
        return day, day, "day"
    last = _last_day(year, month)
    part = gd.get(p + "part")
    if part:
        a, b = g.parts[part]
        a = last if a == "end" else int(a)
        b = last if b == "end" else int(b)
        return dt.date(year, month, a), dt.date(year, month, b), ("month" if part == "份" else "part")
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


def _point_or_none(*args, **kw):
    """_resolve_point, or None for a date no calendar has (year 0, 10000年, a day before 0001-01-01)."""
    try:
        return _resolve_point(*args, **kw)
    except (ValueError, OverflowError):
        return None


def find_times(text: str, base: dt.date | None = None, rules: Rules | None = None) -> list[TimeExpr]:
    """Every time expression in `text`, left to right, resolved against the issue date `base`."""
    g = grammar(rules)
    out: list[TimeExpr] = []
    for m in g.pattern.finditer(text):
        a = _point_or_none(g, m, "a", base)
        if a is None:
            continue
        start, end, precision = a
        kind = "point"
        if m.group("sep") and (m.group("bdonly") or any(m.group(k) for k in ("biso", "bm", "brm", "by"))):
            if m.group("bdonly"):
                d = g.num(m.group("bdonly"))
                try:
                    b_end = dt.date(start.year, start.month, d) if d else None
                except ValueError:
                    b_end = None
                b = (b_end, b_end, "day") if b_end else None
            else:
                b = _point_or_none(g, m, "b", base, inherit=(start.year, start.month))
                if b and not m.group("by") and not m.group("biso") and b[0] < start:
                    try:
                        b = (b[0].replace(year=b[0].year + 1), b[1].replace(year=b[1].year + 1), b[2])
                    except ValueError:
                        b = None  # 2月29日 has no twin in the next year
            if b is not None and b[1] >= start:
                end = b[1]
                kind = "range"
                precision = "day" if precision == b[2] == "day" else "part"
        s, e = m.span()
        e_core = m.end("btime") if kind == "range" else m.end("atime")
        if kind != "range" and m.group("sep"):
            e = e_core  # the separator belonged to something else
        is_deadline = bool(m.group("before")) or (bool(m.group("after")) and kind != "range")
        if m.group("fromnow") and base is not None:
            start, kind = base, "range"
            is_deadline = False
        if is_deadline:
            kind = "deadline"
            start = None
        if not m.group("after") or kind == "range":
            e = e_core if kind == "range" or not m.group("after") else e
        # trim trailing spaces from the span
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append(TimeExpr(start, end, precision, kind, bool(m.group("tent")), (s, e), text[s:e]))
    return out


def parse_time(text: str, base: dt.date | None = None, rules: Rules | None = None) -> TimeExpr | None:
    """The one time expression covering most of `text` (for tables and tests)."""
    found = find_times(text, base, rules)
    if not found:
        return None
    return max(found, key=lambda t: t.span[1] - t.span[0])


def parse_date(text: str | None, rules: Rules | None = None) -> dt.date | None:
    """A full date (成文日期, 印发日期): Arabic or Chinese numerals, no inference."""
    if not text:
        return None
    t = parse_time(text, None, rules)
    if t is None or t.precision != "day" or t.start is None:
        return None
    return t.start
