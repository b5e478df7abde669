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

CN_NUM = "〇○零Ｏ一二三四五六七八九十两元"  # 元 only ever stands for 1, in 元月 (January)


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
        # a year whose 年 was lost in copying ("201910月30日") is still a year when a month follows
        year = (f"(?:(?P<§y>(?:19|20)\\d{{2}}|[〇○零Ｏ0O一二三四五六七八九]{{4}})\\s*年(?:度)?"
                f"|(?P<§yg>(?:19|20)\\d{{2}})(?=(?:1[0-2]|0?[1-9])\\s*月)|(?P<§ry>{alternation(self.rel_years)}))")
        month = f"(?:(?P<§m>{num})\\s*月|(?P<§rm>{alternation(self.rel_months)}))"
        # "2月24-27日", "1月4—6日": the first day of a day range written without its 日
        seps_day = "|".join(re.escape(x) for x in sorted(d["range_separators"], key=len, reverse=True))
        day = f"(?P<§d>{num})(?:\\s*[日号]|(?=\\s*(?:{seps_day})\\s*\\d{{1,2}}\\s*[日号]))"
        part = f"(?P<§part>{alternation(k for k in self.parts)})"

        wd = alternation(d["weekday_prefixes"])
        wdays = "".join(d["weekdays"])
        mrange = "|".join(re.escape(x) for x in d["range_separators"])

        year_end, within = alternation(d["year_end"]), alternation(d["within_words"])

        def point(p: str, loose=False) -> str:
            """One date; `loose` adds the damaged and partial forms a first point may take."""
            y, m, dd, pt = (x.replace("§", p) for x in (year, month, day, part))
            ym = f"(?:{y}\\s*)?"
            # "4-6月份": the first month of a month range, written without its 月
            mr = f"(?:(?<![\\d.．/／-])(?P<{p}mr>\\d{{1,2}})\\s*(?:{mrange})\\s*(?=\\d{{1,2}}\\s*月))?" if loose else ""
            return (f"(?:(?P<{p}iso>(?:19|20)\\d{{2}})[./-](?P<{p}isom>\\d{{1,2}})[./-](?P<{p}isod>\\d{{1,2}})(?!\\d)"
                    # "2012720", "20121215日": 年月日 lost in copying; resolved only when unambiguous
                    + (f"|(?<!\\d)(?P<{p}cp>(?:19|20)\\d{{5,6}})(?!\\d)(?P<{p}cpd>\\s*日)?" if loose else "")
                    + f"|{ym}{mr}{m}\\s*(?:{dd}|{pt})?"
                    f"|(?P<{p}ye>{year.replace('§', p + 'e')})\\s*(?P<{p}yp>{year_end})"
                    f"|(?P<{p}yb>年底|年末)"
                    + (f"|(?:{year.replace('§', p + 'h')}\\s*)?(?P<{p}hol>{alternation(self.holidays)})(?=\\s*(?:节)?\\s*(?:前|之前|以前))" if self.holidays else "")
                    # "25日星期二", "428日之前": a day without its month (or a month that lost its 月)
                    + (f"|(?<![\\d.．/／:：-])(?P<{p}bd>\\d{{1,4}})\\s*日(?!{within})" if loose else "")
                    + ")")

        # "(周五)", "(16周星期五)": the weekday, or the teaching week with it, in brackets after a date
        clock, whole_day = alternation(d["clock_words"]), alternation(d["whole_day_words"])
        time = (f"(?:\\s*[（(]\\s*(?:第?\\d{{1,2}}\\s*周\\s*)?(?:(?:{wd})[{wdays}])?\\s*[）)]|\\s*(?:{wd})[{wdays}]"
                f"|\\s*(?:{clock})?\\s*\\d{{1,2}}\\s*[:：点时]\\s*(?:\\d{{1,2}}\\s*分?)?"
                r"(?:\s*[-—–~～至]\s*\d{1,2}\s*[:：点时]\s*(?:\d{1,2}\s*分?)?)?"
                f"|\\s*(?:{whole_day})(?!\\d))")
        self.weekday_re = re.compile(f"(?:{wd})([{wdays}])")
        self.weekdays = {k: int(v) for k, v in d["weekdays"].items()}
        second = (f"(?:{point('b')}|(?P<bdonly>{num})\\s*[日号])")
        seps = alternation(d["range_separators"])
        tent = alternation(d["tentative_cues"])
        before = alternation(d["deadline_cues"]["before"])
        # a bare 前 may start a word (前来报到 = come on that day, 前后, 前夕); 之前/以前 never do
        not_cue = "|".join(map(re.escape, d["not_qian_cue"]))
        after = "|".join(re.escape(w) + (f"(?!{not_cue}|提(?!交))" if w == "前" else "")
                         for w in sorted(d["deadline_cues"]["after"], key=len, reverse=True))
        fromnow = alternation(d["from_now"])
        self.after_cue = re.compile(f"\\s*(?:{after})")
        self.joiner = re.compile(f"\\s*(?:{alternation(d['date_joiners'])})\\s*")
        self.count_after = re.compile(f"\\s*(?:{alternation(d['count_units'])}|%|\\.|:|：)")
        self.pattern = re.compile(
            # "截止本周三(9月21日)": the weekday named first, the date in brackets after it
            f"(?P<tent>(?:{tent})\\s*)?(?P<before>(?:{before})\\s*(?:到|至|[:：])?\\s*"
            f"(?:[本这下]?(?:{wd})[{wdays}]\\s*[（(]\\s*)?)?(?P<fromnow>(?:{fromnow})\\s*)?"
            f"(?:于\\s*)?"
            f"{point('a', loose=True)}(?P<atime>{time}*)"
            f"(?:\\s*(?P<sep>{seps})\\s*{second}(?P<btime>{time}*))?"
            f"(?P<after>\\s*(?P<close>[)）])?\\s*(?:{after}))?"
        )
        # "每月月底前", "每月5日前": a deadline that comes back every month
        rec = d["recurring"]
        self.recurring = re.compile(
            f"(?:{alternation(rec['every_month'])})\\s*的?\\s*(?:(?P<end>{alternation(rec['month_end'])})|(?P<day>\\d{{1,2}})\\s*[日号])"
            f"\\s*(?:{after})")
        self.recurring_words = tuple(rec["every_month"])
        # "于2018-2021年每年2月底前": one deadline a year over the range (else the next one)
        self.recurring_yearly = re.compile(
            f"(?:(?P<y1>(?:19|20)\\d{{2}})\\s*年?\\s*(?:{mrange})\\s*(?P<y2>(?:19|20)\\d{{2}})\\s*年\\s*(?:的)?\\s*)?"
            f"(?:{alternation(rec.get('every_year') or ['每年'])})\\s*的?\\s*(?P<m>\\d{{1,2}})\\s*月\\s*"
            f"(?:(?P<end>{alternation(rec['month_end'])})|(?P<day>\\d{{1,2}})\\s*[日号])?\\s*(?:{after})")
        self.recurring_link = re.compile(f"\\s*(?:{alternation(rec['link'])})?\\s*$")
        # "国庆节期间", "2023年春节假期": the official holiday span of that year
        hs = d["holiday_spans"]
        self.holiday_names = hs["names"]
        self.holiday_span = re.compile(
            f"(?:(?P<y>(?:19|20)\\d{{2}})\\s*年\\s*)?(?P<name>{alternation(hs['names'])})\\s*(?:{alternation(hs['cues'])})"
            f"(?!\\s*[（(]\\s*\\d)")

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
    """A date without a year: the issue year, or the next one for a month half a year or more before
    the issue month; a month a few months before it is left unresolved (a past date or a far one)."""
    if base is None:
        return None
    behind = base.month - month
    if behind >= 6:  # "1月14日前" in a November notice: January of the next year
        return base.year + 1
    if behind >= 2:  # months before a spring notice: this year's past or next year's far future; no guess
        return None
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
    ytxt = gd.get(p + "y") or gd.get(p + "yg")
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
    first = g.num(gd.get(p + "mr")) if gd.get(p + "mr") else None  # "4-6月份": April to June
    if first is not None and not 1 <= first <= 12:
        return None
    if year is None:
        year = inherit[0] if inherit[0] is not None else _infer_year(first or month, base)
    if year is None or not 1900 <= year <= 2100:
        return None
    if first is not None:
        end_year = year if first <= month else year + 1
        return dt.date(year, first, 1), dt.date(end_year, month, _last_day(end_year, month)), "month"
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


def _weekday(g: Grammar, atime: str | None) -> int | None:
    """The day of the week written after a date (星期二, (周五)), 0 = Monday."""
    m = g.weekday_re.search(atime or "")
    return g.weekdays[m.group(1)] if m else None


def _split_compact(digits: str) -> list[tuple[int, int]]:
    """Every (month, day) that a run of digits whose 月/日 were lost can be read as."""
    out = []
    for i in (1, 2):
        mo, d = digits[:i], digits[i:]
        if not d or len(d) > 2 or (len(d) == 2 and d[0] == "0" and i == 1 and len(digits) == 3):
            continue
        if mo.startswith("0") and len(mo) == 2 and len(digits) == 3:
            continue
        mo_i, d_i = int(mo), int(d)
        if 1 <= mo_i <= 12 and 1 <= d_i <= 31:
            out.append((mo_i, d_i))
    return out


def _valid(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _resolve_loose(g: Grammar, m: re.Match, base: dt.date | None, context: tuple[int, int] | None,
                   weekday: int | None, cued: bool, placed: bool):
    """A date that lost its 年/月/日 in copying, or a day written without its month.

    Taken only when one reading is possible and something confirms it: a month just before in the
    same clause, a written day of the week that fits, or a deadline cue around it.
    """
    if m.group("acp"):  # 2012720, 20121215日
        if not (cued or m.group("acpd")):
            return None
        y, rest = int(m.group("acp")[:4]), m.group("acp")[4:]
        days = [x for x in (_valid(y, mo, d) for mo, d in _split_compact(rest)) if x]
        if len(days) != 1 or (weekday is not None and days[0].weekday() != weekday):
            return None
        return days[0], days[0], "day"
    raw = m.group("abd")
    n = int(raw)
    if len(raw) <= 2 and 1 <= n <= 31:  # a day of the month: the month comes from the context
        if context is not None:
            day = _valid(context[0], context[1], n)
            if day and (weekday is None or day.weekday() == weekday):
                return day, day, "day"
            return None
        if base is None or weekday is None:
            return None
        # no month in sight: the first fitting day on or after the issue date, in its month or the next
        for k in (0, 1):
            y, mo = base.year + (base.month - 1 + k) // 12, (base.month - 1 + k) % 12 + 1
            day = _valid(y, mo, n)
            if day and day >= base and day.weekday() == weekday:
                return day, day, "day"
        return None
    # "428日", "65日(周一)": a month that lost its 月
    if base is None or not (placed or weekday is not None):
        return None
    cands = []
    for mo, d in _split_compact(raw):
        y = context[0] if context else _infer_year(mo, base)
        day = _valid(y, mo, d) if y else None
        if day and (weekday is None or day.weekday() == weekday):
            cands.append(day)
    if len(cands) != 1:
        return None
    return cands[0], cands[0], "day"


def find_times(text: str, base: dt.date | None = None, rules: Rules | None = None) -> list[TimeExpr]:
    """Every time expression in `text`, left to right, resolved against the issue date `base`."""
    g = grammar(rules)
    out: list[TimeExpr] = []
    context = None  # (year, month, end offset) of the last date with a month, for "3月23日报到，24日开会"
    for m in g.pattern.finditer(text):
        # "15周(12月13日)之前": a bracket closing after the date counts only if one opened before it
        opened = text[max(0, m.start() - 12):m.start()]
        after_cue = bool(m.group("after")) and (not m.group("close") or
                                                 opened.count("(") + opened.count("（") > opened.count(")") + opened.count("）"))
        if m.group("acp") or m.group("abd"):
            if text[max(0, m.start() - 2):m.start()].endswith(tuple(g.recurring_words)):
                continue  # 每月5日前: read by the recurring pass below
            near = context if context and _same_clause(text, context[2], m.start()) else None
            # a deadline cue around it, or (for a day that lost its month) 于/在 before it
            cued = bool(m.group("before") or after_cue)
            placed = cued or m.group(0).startswith("于") or text[m.start() - 1:m.start()] in ("在", "于") if m.start() else cued
            try:
                a = _resolve_loose(g, m, base, near[:2] if near else None, _weekday(g, m.group("atime")), cued, placed)
            except (ValueError, OverflowError):
                a = None  # a date no calendar has
        else:
            # with no issue date, "…；7月至9月组织考试" takes the year of the explicit date before it
            inherit = (context[0], None) if base is None and context and _same_paragraph(text, context[2], m.start()) else (None, None)
            a = _point_or_none(g, m, "a", base, inherit=inherit)
        if a is None:
            continue
        start, end, precision = a
        damaged = None
        if precision == "month" and not m.group("sep") and not after_cue:
            # "20223月6过期": a day that lost its 日 right after the month; a month-only reading is wrong
            damaged = _lost_day(g, text, m.end("atime"), start)
            if damaged is None:
                pass
            elif damaged == "drop":
                continue
            else:
                start = end = damaged[0]
                precision = "day"
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
                precision = "day" if precision == b[2] == "day" else ("month" if precision == b[2] == "month" else "part")
        s, e = m.span()
        e_core = m.end("btime") if kind == "range" else m.end("atime")
        if kind != "range" and m.group("sep"):
            e = e_core  # the separator belonged to something else
        if damaged and damaged != "drop":
            e = e_core = damaged[1]
        is_deadline = bool(m.group("before")) or (after_cue and kind != "range") or \
            bool(damaged and damaged != "drop" and damaged[2])
        if m.group("fromnow") and base is not None:
            start, kind = base, "range"
            is_deadline = False
        if is_deadline:
            kind = "deadline"
            start = None
        if not after_cue or kind == "range":
            e = e_core if kind == "range" or not after_cue else e
        # trim trailing spaces from the span
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append(TimeExpr(start, end, precision, kind, bool(m.group("tent")), (s, e), text[s:e]))
        context = (end.year, end.month, e)
    out = _shared_cue(g, out, text)
    out = _recurring(g, text, base, out)
    out = _recurring_yearly(g, text, base, out)
    out += _holiday_spans(g, text, base, out)
    return sorted(out, key=lambda t: t.span)


def _shared_cue(g: Grammar, found: list[TimeExpr], text: str) -> list[TimeExpr]:
    """"分别于12月20日和1月5日以前送交": a date joined to a deadline by 和/与/及/、 shares its 以前;
    "8月27日、28日" (two days in a row listed) is one span of two days."""
    out = list(found)
    for i in range(len(out) - 1, 0, -1):
        x, y = out[i - 1], out[i]
        if x.kind == y.kind == "point" and x.precision == y.precision == "day" and x.end and y.start and \
                y.start - x.end == dt.timedelta(days=1) and g.joiner.fullmatch(text[x.span[1]:y.span[0]]):
            out[i - 1:i + 1] = [TimeExpr(x.start, y.end, "day", "range", x.tentative or y.tentative,
                                         (x.span[0], y.span[1]), text[x.span[0]:y.span[1]])]
            continue
        if x.kind == "point" and x.precision == "day" and y.kind == "deadline" and \
                g.joiner.fullmatch(text[x.span[1]:y.span[0]]):
            out[i - 1] = TimeExpr(None, x.end, x.precision, "deadline", x.tentative, x.span, x.text)
    return out


def _lost_day(g: Grammar, text: str, pos: int, month_start: dt.date):
    """Digits right after a month-only date ("3月6过期", "3月6前"): (date, end, deadline?) when they read
    as its day, "drop" when the month reading cannot stand ("3月6个工作日"), None when no digit follows."""
    m = re.match(r"\s*(\d{1,2})(?!\d)", text[pos:])
    if not m:
        return None
    rest = text[pos + m.end():]
    if g.count_after.match(rest):
        return "drop"
    try:
        day = dt.date(month_start.year, month_start.month, int(m.group(1)))
    except ValueError:
        return "drop"
    cue = g.after_cue.match(rest)
    return day, pos + m.end() + (cue.end() if cue else 0), bool(cue)


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return 0 <= b - a <= 200 and "\n" not in text[a:b]


def _same_clause(text: str, a: int, b: int) -> bool:
    """Whether offsets a < b are in one clause, close together (a day then takes the month before it)."""
    return 0 <= b - a <= 40 and not any(c in "。；;\n" for c in text[a:b])


def _recurring(g: Grammar, text: str, base: dt.date | None, found: list[TimeExpr]) -> list[TimeExpr]:
    """每月月底前 / 8月至11月的每月月底前 / 每月5日前: one deadline per month it runs over.

    With a month range before it, the months of that range; without one, the months left in the
    notice's year from its issue date on.
    """
    out = list(found)
    for m in g.recurring.finditer(text):
        window = next((t for t in found if t.kind == "range" and t.span[1] <= m.start()
                       and g.recurring_link.fullmatch(text[t.span[1]:m.start()])), None)
        if window is not None:
            first, last = (window.start.year, window.start.month), (window.end.year, window.end.month)
            out.remove(window)
            s = window.span[0]
        elif base is not None:
            first, last = (base.year, base.month), (base.year, 12)
            s = m.start()
        else:
            continue
        y, mo = first
        while (y, mo) <= last:
            due = _valid(y, mo, _last_day(y, mo)) if m.group("end") else _valid(y, mo, int(m.group("day")))
            if due is not None and (window is not None or base is None or due >= base):
                out.append(TimeExpr(None, due, "part" if m.group("end") else "day", "deadline", False,
                                    (s, m.end()), text[s:m.end()]))
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def _recurring_yearly(g: Grammar, text: str, base: dt.date | None, found: list[TimeExpr]) -> list[TimeExpr]:
    """每年2月底前 / 2018-2021年每年2月底前: the deadline of each year of the range, else the next one.

    What the ordinary grammar read inside such a phrase (a 2月底前 of the issue year) is dropped: that
    date is no deadline of its own.
    """
    out = list(found)
    for m in g.recurring_yearly.finditer(text):
        a, b = m.span()
        out = [t for t in out if t.span[1] <= a or t.span[0] >= b]
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            continue
        if m.group("y1"):
            years = range(int(m.group("y1")), int(m.group("y2")) + 1)
        elif base is not None:
            years = [base.year, base.year + 1]
        else:
            continue
        dues = []
        for y in years:
            due = _valid(y, mo, _last_day(y, mo)) if m.group("end") or not m.group("day") else _valid(y, mo, int(m.group("day")))
            if due is not None and (m.group("y1") or base is None or due >= base):
                dues.append(due)
        if not m.group("y1"):
            dues = dues[:1]  # no range: the next one
        for due in dues:
            out.append(TimeExpr(None, due, "day" if m.group("day") else "part", "deadline", False, (a, b), text[a:b]))
    return out


def _holiday_spans(g: Grammar, text: str, base: dt.date | None, found: list[TimeExpr]) -> list[TimeExpr]:
    """"国庆节期间": the official holiday of that year (the State Council's schedule, via chinesecalendar)."""
    out = []
    for m in g.holiday_span.finditer(text):
        if any(t.span[0] < m.end() and m.start() < t.span[1] for t in found):
            continue
        year = int(m.group("y")) if m.group("y") else (base.year if base else None)
        if year is None:
            continue
        span = _official_holiday(g.holiday_names[m.group("name")], year)
        if span and not m.group("y") and base is not None and span[1] < base:
            span = _official_holiday(g.holiday_names[m.group("name")], year + 1)
        if span:
            out.append(TimeExpr(span[0], span[1], "day", "range", False, m.span(), m.group(0)))
    return out


@functools.lru_cache(maxsize=64)
def _official_holiday(name: str, year: int) -> tuple[dt.date, dt.date] | None:
    """First and last day off of the named holiday in `year`, weekends joined to it included."""
    try:
        import chinese_calendar
    except ImportError:
        return None
    from chinese_calendar.constants import holidays  # {date: holiday name} of every year it knows

    named = sorted(d for d, n in holidays.items() if d.year == year and n == name)
    if not named:  # a year the library does not know yet: no guess
        return None
    lo = hi = named[0]
    try:
        while chinese_calendar.is_holiday(lo - dt.timedelta(days=1)):
            lo -= dt.timedelta(days=1)
        while chinese_calendar.is_holiday(hi + dt.timedelta(days=1)):
            hi += dt.timedelta(days=1)
    except NotImplementedError:
        return None
    return lo, hi


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


def publication_date(text: str, spans: list[tuple[int, int]], rules: Rules | None = None) -> dt.date | None:
    """The page's own publication date from its furniture lines ("发布日期：2021-05-18 10:40").

    Only a line that says it is the publication date counts: a site's header with today's date or an
    "更新时间" line tells nothing about the notice, nor does "时间：2022年3月1日在…举行" of the body.
    """
    rules = rules or load_rules()
    cues = rules.dates["publication_cues"]
    date = r"(?P<d>(?:19|20)\d{2}\s*(?P<sep>[-/.年])\s*\d{1,2}\s*[-/.月]\s*\d{1,2})(?!\d)"
    lead = "(?:^|(?<=[^\u4e00-\u9fff]))"
    page = re.compile(f"{lead}(?:{alternation(cues['page'])})\\s*[:：]?\\s*{date}")
    generic = re.compile(f"{lead}(?:{alternation(cues['generic'])})\\s*[:：]\\s*{date}")
    furniture = [text[a:b] for a, b in spans]
    lines = [ln for ln in text.split("\n") if len(ln.strip()) <= 80]
    for line in furniture + lines:
        m = page.search(line)
        g = generic.search(line)
        if not m and g and (line in furniture or g.group("sep") != "年"):
            m = g
        if m:
            y, mo, d = (int(x) for x in re.findall(r"\d+", m.group("d")))
            day = _valid(y, mo, d)
            if day:
                return day
    return None
