"""Deadlines (what to submit, to whom, by when) and events (what happens when, where).

Both read the time expressions of the body.  A deadline is a "…前 / 截至 …" date in
a clause that obliges the recipients: to hand something over (submission) or to hold
something (event).  A date the issuer only announces for its own activity ("定于…前
举行") is an event, not an obligation.  A wrong deadline is worse than none, so a
deadline needs both a deadline cue and a verb of obligation in its clause.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..rules import Rules, alternation, any_word
from .context import Context, split_list, strip_brackets
from .dates import TimeExpr, find_times

from .contacts import EMAIL_RE


@dataclass
class Deadline:
    date: str
    kind: str
    submit_to: str | None
    materials: list[str]
    channel: str | None
    tentative: bool
    precision: str
    expr: TimeExpr
    span: tuple[int, int]
    sentence: tuple[int, int]
    what: str | None = None
    contacts: list[str] = field(default_factory=list)


@dataclass
class Event:
    what: str | None
    start: str | None
    end: str | None
    place: str | None
    tentative: bool
    precision: str
    span: tuple[int, int]


@functools.lru_cache(maxsize=4)
def _verbs(version: str, rules: Rules):
    ex = rules.extract
    return (any_word(ex['submit_verbs']), any_word(ex['event_verbs']),
            rules.patterns("schedule").unit_name,
            re.compile(f"^(?:{alternation(ex['self_refs'])})"))


@functools.lru_cache(maxsize=4)
def _schedule_words(version: str, rules: Rules):
    """(words of an announced schedule, words that make a date a schedule item)."""
    P = rules.patterns("schedule")
    return P.announced, P.schedule_item


def body_times(ctx: Context) -> list[TimeExpr]:
    """Time expressions of the body, offsets in document coordinates; 《cited titles》 excluded."""
    lo, hi = ctx.body
    seg = ctx.text[lo:hi]
    # blank cited titles and bracketed doc numbers so their years are not read as dates
    seg = re.sub(r"《[^《》]{2,120}》(?:\s*[（(][^（）()]{1,40}[）)])?", lambda m: " " * len(m.group(0)), seg)
    out = []
    for t in find_times(seg, ctx.base, ctx.rules):
        a, b = t.span
        out.append(TimeExpr(t.start, t.end, t.precision, t.kind, t.tentative, (a + lo, b + lo), t.text))
    return out


def _inside_word(text: str, m: re.Match) -> bool:
    """A one-character verb (报, 交) that is part of a word (申报材料, 报告) is no verb."""
    if len(m.group(0)) > 1:
        return False
    from ..clean import _jieba

    jb = _jieba()
    prev = text[m.start() - 1: m.start()]
    nxt = text[m.end(): m.end() + 1]
    # a common word (申报 1101, 报告 16715, 报到 41), not a rare pairing (表报 6)
    return any(len(w) == 2 and (jb.get_FREQ(w) or 0) >= 30 for w in (prev + m.group(0), m.group(0) + nxt))


def _past(ctx: Context, t: TimeExpr) -> bool:
    """A date over before the notice was signed is background (党的二十大于10月16日召开), not schedule."""
    import datetime as dt

    if ctx.not_before is not None and t.end is not None and t.end < ctx.not_before - dt.timedelta(days=1):
        return True  # signed perhaps after it: background or not, it is no sure deadline
    if ctx.base is None or t.end is None:
        return False
    if ctx.base_source == "published":
        return t.end.year < ctx.base.year - 1  # a page may be posted well after the notice was signed
    if ctx.base_source not in ("issue_date", "printer"):
        return t.end.year < ctx.base.year  # the base is only a guess of the year
    return t.end < ctx.base - dt.timedelta(days=1)


LATE_SIGNING_DAYS = 31


def _late_signed(ctx: Context, cues: "_Cues", t: TimeExpr) -> bool:
    """A deadline a few weeks before the 成文日期 that the recipients are still asked to meet ("因时间
    紧迫,请各有关单位…在11月30日前将名单发到…", signed 12月9日): signed or dated after the work began,
    an obligation all the same, not background."""
    # "…前" only: "现将截止2016年1月27日经审核批准的名单…" is the date of a status
    if t.kind != "deadline" or not t.text.rstrip().endswith("前") or ctx.base_source != "issue_date" \
            or ctx.base is None or t.end is None:
        return False
    if not 0 < (ctx.base - t.end).days <= LATE_SIGNING_DAYS:
        return False
    s, _ = _clause(ctx, t)
    return bool(cues.obliged.search(ctx.text[s:t.span[0]]))


def _clause(ctx: Context, t: TimeExpr) -> tuple[int, int]:
    """The clause around a time expression: from the previous 。； to the next 。；."""
    lo, hi = ctx.body
    return ctx.sentence_bounds(t.span[0], (lo, hi))


def _target(after: str, org_suffix, self_ref, ctx: Context) -> tuple[str | None, int]:
    """The unit at the start of `after` (text right after a submit verb), if it is one."""
    P = ctx.rules.patterns("schedule")
    m = P.target_unit.match(after)
    if not m:
        return None, 0
    cand = m.group(1)
    if self_ref.match(cand):
        return ctx.resolve_self(cand), m.end(1)
    if org_suffix.search(cand) and not P.material_not_unit.search(strip_brackets(cand)):
        return cand, m.end(1)
    return None, 0


def _materials(text: str, P) -> list[str]:
    out = []
    for part in split_list(strip_brackets(text), P.list_separators):
        part = P.material_lead.sub("", part)
        part = P.material_count.sub("", part).strip()
        part = P.material_adverb.sub("", part)
        if 2 <= len(part) <= 40 and not P.material_date.search(part):
            out.append(part)
    return out


@dataclass(frozen=True)
class _Cues:
    """Compiled cue words of obligations (rules/extract.yaml)."""
    kinds: list[tuple[str, re.Pattern]]
    window: re.Pattern          # "报名时间：", "申报截止时间为", "报表交报的时间：" right before a date
    window_after: re.Pattern    # "…至5月18日进行报名": the window named right after the date
    scope: re.Pattern
    state: re.Pattern
    as_of: re.Pattern
    as_of_nouns: re.Pattern
    schedule_verbs: re.Pattern
    public_notice: re.Pattern
    arrival: re.Pattern          # 报到, 签到, 入住: coming to a meeting, no obligation of its own
    holding: re.Pattern         # 举行, 召开: "…前举行" is an event
    obliged: re.Pattern         # 请, 须, 务必 … in the clause before the date
    task: re.Pattern            # 完成, 登录 … right after the date


@functools.lru_cache(maxsize=4)
def _cues(version: str, rules: Rules) -> _Cues:
    ex = rules.extract
    P = rules.patterns("schedule")
    return _Cues(
        kinds=[(k, any_word(ws)) for k, ws in ex["deadline_kinds"].items()],
        # "报名时间：", "报到注册时间：新老生均为…" (who it is for may stand between the label and the date)
        window=P.window,
        window_after=P.window_after,
        scope=any_word(ex['scope_words']),
        state=re.compile(f"^\\s*(?:{alternation(ex['state_words'])})"),
        as_of=re.compile(f"(?:{alternation(ex['as_of_cues'])})\\s*$"),
        as_of_nouns=any_word(ex['as_of_nouns']),
        schedule_verbs=any_word(ex['schedule_verbs'] + ex['event_verbs']),
        public_notice=any_word(ex['public_notice_words']),
        # arriving oneself (到饭店登记入住, 到会场报到), not doing others' registration (进行学生学期报到工作)
        arrival=P.arrival,
        holding=any_word(ex['holding_verbs']),
        obliged=any_word(ex['obligation_words']),
        task=P.task,
    )


def _kind_of(cues: _Cues, words: str) -> str | None:
    """The kind of obligation its verb names (报名 -> registration, 缴费 -> payment …), if any."""
    for kind, pat in cues.kinds:
        if pat.search(words):
            return kind
    return None


def _is_scope(cues: _Cues, before: str, after: str, submit_re, P) -> bool:
    """A date that only bounds what is counted or who is eligible: "统计时间：…", "…年底前建成的项目"."""
    if cues.scope.search(before[-20:]):
        return True
    if cues.state.match(after):
        return True
    # "2021年年底前建成的项目": the date ends a relative clause that modifies a noun
    head = re.split(r"[，,。；;：:（(]", after, maxsplit=1)[0]
    # "截至2015年3月底各地工作进展情况": the cut-off of what is counted
    if cues.as_of.search(before) and cues.as_of_nouns.search(head) and not submit_re.search(head):
        return True
    return bool(P.modifier_clause.search(head)) and not submit_re.search(head) and len(head) <= 20


def _window_kind(ctx: Context, cues: _Cues, t: TimeExpr, before: str, after: str) -> str | None:
    """The kind of window of action that `t` (a range, or a day) bounds, or None if it bounds none.

    "报名时间：3月1日至15日", "本次考点申报时间为…", "请于9月13日——10月12日发送至…", "…至5月18日进行报名",
    and "时间：即日起至11月18日" under a heading "（一）自荐和推荐申报".
    """
    P = ctx.rules.patterns("schedule")
    submit_re = _verbs(ctx.rules.version, ctx.rules)[0]
    if t.kind == "point" and P.closed_after.match(after):
        return _kind_of(cues, after) or "submission"   # "2022年7月31日，论文摘要接收截止"
    tail = before[-16:]
    m = cues.window.search(tail)
    if m:
        return _kind_of(cues, m.group(0)) or "submission"
    m = cues.window_after.match(after)
    if m:
        return _kind_of(cues, m.group(0)) or "submission"
    listed = _listed_window(ctx, cues, t, before)
    if listed:
        return listed
    # "于12月1-10日登录…完成选报，逾期当弃权处理": a range the recipients act in, bound by a lapse
    if t.kind == "range" and cues.task.match(after) and P.lapse.search(after) and not cues.arrival.search(after[:40]):
        return _kind_of(cues, after) or "task"
    verb = submit_re.match(after.lstrip(" ，,"))
    if verb and t.kind == "range" and not _inside_word(after.lstrip(" ，,"), verb):
        return _kind_of(cues, verb.group(0)) or "submission"
    from_now = alternation(ctx.rules.dates["from_now"])
    if P.time_label.fullmatch(before) or \
            re.fullmatch(f"\\s*(?:{from_now})?\\s*", before):
        # the date under a heading that names the window ("二、缴费时间" / "即日起至3月31日前")
        from ..structure import section_path

        for sec in reversed(section_path(ctx.st.sections, t.span[0])):
            if cues.scope.search(sec.heading):
                return None  # "一、申报奖励项目时限": the period what is counted falls in, no window
            m = cues.window.search(sec.heading + "时间") or P.window_word.search(sec.heading)
            if m:
                return _kind_of(cues, sec.heading) or "submission"
    return None


def _listed_window(ctx: Context, cues: _Cues, t: TimeExpr, before: str) -> str | None:
    """A later item of windows listed under one label: "缴费时间：学费1月10日—2月25日；电子书费1月20日—2月25日"
    (the item's clause starts after ；, holds only a short name, and the line opens with the label)."""
    if t.kind != "range" or not re.fullmatch(r"\s*[\u4e00-\u9fa5]{1,6}\s*", before):
        return None
    s = t.span[0] - len(before)
    if s == 0 or ctx.text[s - 1] not in "；;":
        return None
    line = ctx.text[ctx.paragraph_bounds(t.span[0])[0]:s - 1]
    label = re.match(r"\D*", re.sub(r"^\s*[（(]?[\d一二三四五六七八九十]{1,2}[)）、.．]?", "", line)).group(0)
    m = cues.window.search(label)
    return (_kind_of(cues, m.group(0)) or "submission") if m else None


CELL_SEP = re.compile(r"\s*[|｜│\t]\s*")


@dataclass(frozen=True)
class _Cell:
    """A time expression's cell in a text table: its column heading and the row's other cells."""
    heading: str
    row: dict[str, str]          # heading -> cell text


def _cells(ctx: Context, a: int, b: int) -> list[tuple[int, int]]:
    """Cell spans of a text-table line ("a | b | c |"); empty when the line is no table row."""
    line = ctx.text[a:b]
    if len(CELL_SEP.findall(line.strip())) < 2:
        return []
    out, pos = [], a
    for part in CELL_SEP.split(line):
        if part:
            start = ctx.text.index(part, pos)
            out.append((start, start + len(part)))
            pos = start + len(part)
    return out


def _table_cell(ctx: Context, t: TimeExpr) -> _Cell | None:
    """The table cell holding `t`, when it stands in a text table under a heading row.

    Rows of a copied table may run together on one line ("…会议室 |4月18日 …"): cells are then
    counted off by the number of headings.
    """
    lo, hi = ctx.paragraph_bounds(t.span[0])
    data = _cells(ctx, lo, hi)
    if not data:
        return None
    heading: list[tuple[int, int]] = []
    a = lo
    while a > 0 and not heading:  # up over the rows above to the heading row (the first without a digit)
        pa, pb = ctx.paragraph_bounds(a - 1)
        above = _cells(ctx, pa, pb)
        if not above:
            break
        if not any(re.search(r"\d", ctx.text[x:y]) for x, y in above):
            heading = above
        a = pa
    if not heading:  # heading and rows on one line: the leading cells without a digit
        k = next((i for i, (x, y) in enumerate(data) if re.search(r"\d", ctx.text[x:y])), 0)
        heading, data = data[:k], data[k:]
    n = len(heading)
    if n < 2:
        return None
    i = next((j for j, (x, y) in enumerate(data) if x <= t.span[0] < y), None)
    if i is None:
        return None
    col = i % n
    row = data[i - col: i - col + n]
    if len(row) != n:
        return None
    names = [ctx.text[x:y] for x, y in heading]
    return _Cell(names[col], {h: ctx.text[x:y] for h, (x, y) in zip(names, row)})


def _table_deadline_kind(ctx: Context, cues: _Cues, cell: _Cell) -> str | None:
    """A cell under a heading that names a deadline ("预约截止时间", "报名截止日期") is a deadline of that kind."""
    d = ctx.rules.dates["deadline_cues"]
    if re.search(f"(?:{alternation(d['before'])})", cell.heading) or re.search(f"(?:{alternation(d['after'])})$", cell.heading):
        return _kind_of(cues, cell.heading) or "submission"
    return None


def extract_deadlines(ctx: Context, times: list[TimeExpr]) -> list[Deadline]:
    P = ctx.rules.patterns("schedule")
    submit_re, event_re, org_suffix, self_ref = _verbs(ctx.rules.version, ctx.rules)
    SCHEDULE_WORDS, _ = _schedule_words(ctx.rules.version, ctx.rules)
    cues = _cues(ctx.rules.version, ctx.rules)
    out: list[Deadline] = []
    starts = sorted(x.span[0] for x in times)
    for t in times:
        if t.end is None or (_past(ctx, t) and not _late_signed(ctx, cues, t)):
            continue
        s, e = _clause(ctx, t)
        # "于6月30日前完成…，并于7月10日前报送…": each date governs the words up to the next date
        nxt = next((x for x in starts if x > t.span[0]), None)
        if nxt is not None and nxt < e:
            e = nxt
        before = ctx.text[s:t.span[0]]
        after = ctx.text[t.span[1]:e]
        if _is_scope(cues, before + re.match(r"\D*", t.text).group(0), after, submit_re, P):
            continue
        cell = _table_cell(ctx, t)
        if cell is not None:
            kind = _table_deadline_kind(ctx, cues, cell)
            date = t.end.isoformat()
            if kind and not any(d.date == date and d.kind == kind for d in out):
                a, b = ctx.paragraph_bounds(t.span[0])
                out.append(Deadline(date=date, kind=kind, submit_to=None, materials=[], channel=None,
                                    tentative=t.tentative, precision=t.precision, expr=t, span=t.span,
                                    sentence=(a, b), what=cell.heading))
            continue
        window = None
        if t.kind in ("range", "point"):
            window = _window_kind(ctx, cues, t, before, after)
            if window is None and t.kind == "point" and t.precision in ("day", "part"):
                # "4月中旬将实施方案报教务处", "于3月20日将会议回执传真至…": a date governing a hand-over
                # "4月中旬将实施方案、6月中旬将表彰决定报教务处": the verb after the next date governs both
                whole = ctx.text[t.span[1]:_clause(ctx, t)[1]]
                verb = next((v for v in submit_re.finditer(whole) if not _inside_word(whole, v)), None)
                mv = verb and P.hand_over_object.match(after[:verb.start()] if verb.start() < len(after) else after)
                if mv and not SCHEDULE_WORDS.search(before[-8:]):
                    window = _kind_of(cues, verb.group(0)) or "submission"
                    if not submit_re.search(after):
                        after = whole  # the shared verb and target are read from the whole clause
            if window is None:
                continue
        elif t.kind != "deadline":
            continue
        if SCHEDULE_WORDS.search(before[-8:] + t.text) and window is None:
            continue  # the issuer announcing its own schedule: an event, not an obligation
        # the plan must govern the date: "我校将…推荐作品参赛，参赛作品报送截止时间：…" binds the recipients
        if P.own_plan.search(re.split(r"[，,]", before)[-1] if P.closing_cue.search(before[-8:] + re.match(r"\D*", t.text).group(0)) else before):
            continue  # "我厅将于…前完成评审": the issuer's own plan, nothing the recipients must do
        kind = None
        materials: list[str] = []
        submit_to = None
        # "将X报送Y" names both the material and the target: prefer that verb to a bare one
        verbs = [v for v in submit_re.finditer(after) if not _inside_word(after, v)]
        verb = next((v for v in verbs if P.object_before_verb.search(after[: v.start()])), None)
        verb = verb or (verbs[0] if verbs else None)
        if verb:
            kind = window or _kind_of(cues, verb.group(0)) or "submission"
            pre = after[: verb.start()]
            m = P.object_of_ba.search(pre)
            if m:
                materials = _materials(m.group(1), P)
            submit_to, used = _target(after[verb.end():], org_suffix, self_ref, ctx)
            if submit_to is None:
                # "传真并发电子版至教育部新闻宣传中心": the unit after a later 至/到 of the same part
                part = re.split(r"[，,。；;]", after[verb.end():], maxsplit=1)[0]
                for to in P.sent_to.finditer(part):
                    submit_to, _ = _target(part[to.end():], org_suffix, self_ref, ctx)
                    if submit_to:
                        break
            if not materials:
                rest = after[verb.end() + used:]
                mats = re.split(r"[。；，,]", rest)[0]
                if submit_to is None:
                    materials = _materials(mats, P)
            if not materials:
                m = P.object_of_ba.search(before)
                if m:
                    materials = _materials(m.group(1), P)
            if not materials:
                m = P.object_after_verb.search(before)
                if m:
                    materials = _materials(m.group(1), P)
            if not materials:
                # "推荐表请于10月底前…发送": the subject of the clause is what is sent
                m = P.subject_obliged.match(before)
                if m and not P.subject_is_unit.search(m.group(1)):
                    materials = _materials(m.group(1), P)
            if not materials:
                # "制订好X，连同Y，于…前报送" : the objects precede the date
                m = P.prepared_objects.search(before)
                if m:
                    materials = _materials("、".join(x for x in m.groups() if x), P)
        elif window:
            kind = window
            item = P.window_item.search(ctx.text[max(s - 1, 0):t.span[0]])  # with the ； that opens the clause
            if item and not cues.window.search(item.group(1) + "时间"):
                materials = [item.group(1)]  # each window of a list is its own obligation
        else:
            # "报送截止时间为6月20日", "采用…进行投票，截止时间为11月30日": the verb stands before the cue
            lead = re.match(r"\D*", t.text).group(0)  # the cue inside the expression: "截稿时间:"
            named = _kind_of(cues, before[-24:] + lead) if t.kind == "deadline" and not t.text.startswith(("于", "在")) else None
            if named and P.closing_cue.search(before[-8:] + lead) is None:
                named = None
            if named:
                kind = named
            elif cues.arrival.search(after[:40]):
                kind = None  # "请于7月13日中午12点前到饭店登记入住": arriving for a meeting is part of the event
            elif cues.obliged.search(before) or cues.task.match(after):
                # any other obligation with a …前 date (完成, 拍摄, 来…修改): something to be done by then
                kind = "event" if cues.holding.search(after[:20]) else "task"
        if kind is None:
            continue
        if kind == "submission" and submit_to is None:
            submit_to = _target_nearby(ctx, t, org_suffix, self_ref)
        channel = None
        para = ctx.text[s:ctx.paragraph_bounds(t.span[0])[1]]
        em = EMAIL_RE.search(para)
        if em:
            channel = em.group(0)
        else:
            pm = P.channel_name.search(after)
            if pm and kind == "submission":
                channel = P.channel_verb.sub("", pm.group(1)) or pm.group(1)
        date = t.end.isoformat()
        if any(d.date == date and d.kind == kind and (not d.materials or not materials or set(d.materials) & set(materials))
               for d in out):
            continue  # the same obligation said twice
        handover = kind in ("submission", "registration", "payment")
        out.append(Deadline(date=date, kind=kind, submit_to=submit_to if handover else None,
                            materials=materials if handover else [], channel=channel,
                            tentative=t.tentative, precision=t.precision, expr=t, span=t.span, sentence=(s, e),
                            what=_what(ctx, s, t) if not handover else ("、".join(materials) or None)))
    return out + _objection_deadlines(ctx, times, out, org_suffix, self_ref)


def _objection_deadlines(ctx: Context, times: list[TimeExpr], found: list[Deadline], org_suffix, self_ref) -> list[Deadline]:
    """"公示时间：7月6日至7月12日 … 如有异议，请于公示期内向X反映": the 公示 window's end is the
    recipients' deadline for objections (the window itself stays an event)."""
    P = ctx.rules.patterns("schedule")
    cues = _cues(ctx.rules.version, ctx.rules)
    period, to_whom = P.objection_period, P.objection_target
    out: list[Deadline] = []
    for t in times:
        if t.kind != "range" or t.end is None or _past(ctx, t):
            continue
        s, e = _clause(ctx, t)
        if not cues.public_notice.search(ctx.text[max(s, t.span[0] - 12):t.span[0]]):
            continue
        # the objection sentence stands after the window, or just before it ("公示期间…提交异议。公示时间：…")
        lo = max(0, ctx.paragraph_bounds(t.span[0])[0] - 300)
        hi = min(len(ctx.text), ctx.paragraph_bounds(t.span[0])[1] + 400)
        m = period.search(ctx.text, lo, hi) or P.objection_condition.search(ctx.text, t.span[1], e)
        if not m:
            continue
        date = t.end.isoformat()
        if any(d.date == date for d in found + out):
            continue
        sentence = ctx.sentence_bounds(m.start())
        w = to_whom.search(ctx.text, m.end(), sentence[1])
        target = _target(w.group(1), org_suffix, self_ref, ctx)[0] if w else None
        out.append(Deadline(date=date, kind="submission", submit_to=target, materials=[], channel=None,
                            tentative=t.tentative, precision=t.precision, expr=t, span=t.span,
                            sentence=sentence, what=None))
    return out


def _target_nearby(ctx: Context, t: TimeExpr, org_suffix, self_ref) -> str | None:
    """Where to hand over, when the clause of the date does not say: "…报送至X" later in its paragraph."""
    submit_re = _verbs(ctx.rules.version, ctx.rules)[0]
    lo = t.span[1]
    hi = min(ctx.paragraph_bounds(t.span[0])[1], lo + 200)
    text = ctx.text[lo:hi]
    for v in submit_re.finditer(text):
        if _inside_word(text, v):
            continue
        target, _ = _target(text[v.end():], org_suffix, self_ref, ctx)
        if target:
            return target
    return None


def _what(ctx: Context, clause_start: int, t: TimeExpr) -> str | None:
    """The subject of a schedule clause: the words before 时间为 / 定于 / 于 / 在."""
    P = ctx.rules.patterns("schedule")
    before = ctx.text[clause_start:t.span[0]]
    before = P.plan_word.sub("", before.rstrip())
    # the subject is in the last comma-separated part that names something
    parts = [p for p in re.split(r"[，,；]", before) if re.search(r"[\u4e00-\u9fa5]{2}", p)]
    if parts:
        before = parts[-1]
    before = P.item_number.sub("", before)
    before = P.time_heading_label.sub("", before)
    before = P.event_name_end.split(before)
    cand = [b for b in before if b.strip()]
    if not cand:
        return None
    what = cand[0].strip()
    what = P.event_name_year.sub("", what)
    what = P.short_name_note.sub("", what).strip()
    return what[:40] or None


def dated_list_items(ctx: Context, times: list[TimeExpr]) -> dict[tuple[int, int], str]:
    """Lines of a dated list, two or more in a row (the schedule of a conference or a contest:
    "2022年8月1日至8月25日：完成论文摘要评审。"): the span of each line's date -> what the line says
    happens then."""
    P = ctx.rules.patterns("schedule")
    lines = []   # (paragraph start, paragraph end, span of the date, what)
    for t in times:
        a, b = ctx.paragraph_bounds(t.span[0])
        m = P.list_item_text.match(ctx.text, t.span[1], b)
        if m and P.list_item_lead.fullmatch(ctx.text, a, t.span[0]):
            lines.append((a, b, t.span, m.group(1).strip()))
    items = {}
    for (a1, b1, sp1, what1), (a2, _, sp2, what2) in zip(lines, lines[1:]):
        if a1 != a2 and not ctx.text[b1:a2].strip():   # the next line, or only blank lines between
            items[sp1], items[sp2] = what1, what2
    return items


def _activity_of_title(ctx: Context) -> str | None:
    """The activity a notice is about, from its title: 关于举办X的通知 -> X."""
    P = ctx.rules.patterns("schedule")
    title = (ctx.st.title.text if ctx.st.title else "").replace("\n", "")
    m = P.activity_of_title.search(title)
    return m.group(1) if m else None


def _in_time_section(ctx: Context, offset: int) -> bool:
    """Whether the date stands under a heading about time (二、活动时间 / （二）日程安排)."""
    P = ctx.rules.patterns("schedule")
    from ..structure import section_path

    return any(P.time_section.search(s.heading) for s in section_path(ctx.st.sections, offset))


def extract_events(ctx: Context, times: list[TimeExpr], deadlines: list[Deadline]) -> list[Event]:
    P = ctx.rules.patterns("schedule")
    submit_re, event_re, _, _ = _verbs(ctx.rules.version, ctx.rules)
    SCHEDULE_WORDS, TIME_TOPIC = _schedule_words(ctx.rules.version, ctx.rules)
    cues = _cues(ctx.rules.version, ctx.rules)
    handover_spans = {d.span for d in deadlines if d.kind in ("submission", "registration", "payment", "vote")}
    listed = dated_list_items(ctx, times)
    out: list[Event] = []
    prev_end = -10
    for t in times:
        if t.end is None or _past(ctx, t):
            prev_end = t.span[1]
            continue
        s, e = _clause(ctx, t)
        before, after = ctx.text[s:t.span[0]], ctx.text[t.span[1]:e]
        # a window the recipients act in is their deadline, not an event; a 公示 period is both
        if t.span in handover_spans and not (t.kind == "range" and cues.public_notice.search(ctx.text[s:e])):
            prev_end = t.span[1]
            continue
        if _is_scope(cues, before + re.match(r"\D*", t.text).group(0), after, submit_re, P):
            prev_end = t.span[1]
            continue
        cell = _table_cell(ctx, t)
        if cell is not None:
            prev_end = t.span[1]
            heads = ctx.rules.extract["table_headings"]
            if _table_deadline_kind(ctx, cues, cell) or not any(w in cell.heading for w in heads["time"]):
                continue
            place = next((v for h, v in cell.row.items() if any(w in h for w in heads["place"])), None)
            ev = Event(what=_activity_of_title(ctx) or cell.heading, start=t.start.isoformat() if t.start else None,
                       end=t.end.isoformat(), place=place, tentative=t.tentative, precision=t.precision, span=t.span)
            if not any(x.start == ev.start and x.end == ev.end for x in out):
                out.append(ev)
            continue
        # "(暂定11月23日之后)" refines the date before it; "…之后" is no schedule point
        if re.match(r"\s*[（(]", ctx.text[prev_end:t.span[0]]) and t.span[0] - prev_end < 4:
            prev_end = t.span[1]
            continue
        prev_end = t.span[1]
        if P.starting_point.match(after):
            continue
        if t.kind == "deadline":
            if not cues.holding.search(after[:20]):
                continue
        elif not (TIME_TOPIC.search(before[-12:]) or event_re.search(after[:15]) or SCHEDULE_WORDS.search(t.text)
                  or _in_time_section(ctx, t.span[0]) or t.span in listed
                  or P.calendar_day.match(P.joined_dates.sub("", after, count=1))
                  or (t.kind == "range" or t.precision == "month") and cues.schedule_verbs.match(after.lstrip(" ，,"))
                  or t.kind == "range" and cues.public_notice.search(ctx.text[s:e])
                  or t.kind == "range" and P.range_after_yu.search(before + re.match(r"于?", t.text).group(0))
                  and not cues.obliged.search(before)):
            continue
        if t.kind == "range" and P.lapse.search(after) and not cues.public_notice.search(ctx.text[s:e]):
            continue  # "于12月1-10日登录…完成选报,逾期当弃权处理": the recipients' window, no event
        if t.precision == "day" and t.start is not None and ctx.base and t.start == t.end == ctx.base and not event_re.search(after[:15]):
            continue
        lead = submit_re.match(after.strip())
        if lead and not _inside_word(after.strip(), lead) and not cues.public_notice.search(ctx.text[s:e]):
            continue
        place = None
        pm = P.event_place.search(after)
        if pm:
            place = pm.group(1)
        start = t.start.isoformat() if t.start else None
        what = listed.get(t.span) or _what(ctx, s, t) or _activity_of_title(ctx)
        ev = Event(what=what, start=start, end=t.end.isoformat(), place=place,
                   tentative=t.tentative, precision=t.precision, span=t.span)
        if any(x.start == ev.start and x.end == ev.end for x in out):
            continue
        out.append(ev)
    return out
