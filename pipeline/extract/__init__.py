"""Extractors: (Document, Structure, Rules) -> the field values of a record, with evidence."""
from __future__ import annotations

import datetime as dt
import re

from ..model import Document, Structure
from ..record_model import Cite, Completeness, Contact, Deadline, DocNumberParts, Event, Hosts, Region, part
from ..rules import Rules, alternation, load_rules
from ..textspan import compact_text, move_spans
from .categories import extract_categories
from .citations import extract_cites
from .contacts import extract_contacts
from .context import Context
from .dates import parse_date
from .docnumber import parse_doc_number
from .hosts import extract_hosts
from .issuer import find_issuer
from .schedule import body_times, extract_deadlines, extract_events
from .themes import extract_themes

__all__ = ["extract_fields"]


def parse_issue_date(text: str, rules: Rules):
    """成文日期 in any written form, also 2021-09-29 (metadata block) and 201479 (年月日 lost in copying)."""
    import datetime as dt

    d = parse_date(text, rules)
    if d is not None:
        return d
    t = re.sub(r"\s+", "", text)
    m = rules.patterns("extract").iso_date.fullmatch(t)
    if m:
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            return None
    return compact_date(t)


def signing_readings(doc: Document, st: Structure) -> list:
    """Every date a 成文日期 copied without 年月日 (a line of digits closing the notice) can be."""
    from .dates import _split_compact, _valid

    a, b = st.body[0], (st.boilerplate[-1][0] if st.boilerplate and st.boilerplate[-1][0] > st.body[0] else len(doc.text))
    lines = [ln.strip() for ln in doc.text[a:b].split("\n") if ln.strip()][-8:]
    for ln in reversed(lines):
        m = re.fullmatch(r"((?:19|20)\d{2})(\d{2,4})", ln)
        if m:
            year = int(m.group(1))
            readings = sorted({x for x in (_valid(year, mo, d) for mo, d in _split_compact(m.group(2))) if x})
            if len({r.year for r in readings}) == 1:
                return readings
    return []


def compact_date(digits: str):
    """'201479' -> 2014-07-09: a date whose 年月日 were lost, when only one reading is a valid date."""
    from .dates import _split_compact, _valid

    m = re.fullmatch(r"((?:19|20)\d{2})(\d{2,4})", digits)
    if not m:
        return None
    year = int(m.group(1))
    readings = {x for x in (_valid(year, mo, d) for mo, d in _split_compact(m.group(2))) if x}
    return readings.pop() if len(readings) == 1 else None


def _ev(ctx: Context, a: int, b: int) -> dict:
    return ctx.span(a, b).as_dict()


def _flat(text: str | None) -> str | None:
    return re.sub(r"\s*\n\s*", "", text).strip() if text else text


def extract_fields(doc: Document, st: Structure, rules: Rules | None = None) -> dict:
    """All record fields of one notice plus an `evidence` map; plain data, ready for YAML."""
    rules = rules or load_rules()
    ctx = Context.build(doc, st, rules)
    ev: dict = {}
    record = header_fields(ctx, ev)
    record.update(body_fields(ctx, ev))
    ev["structure"] = {name: getattr(st, name).as_dict() for name in
                       ("issuer_mark", "signer", "signature", "note", "printer", "attachment_note")
                       if getattr(st, name) is not None}
    record["completeness"] = completeness(ctx)
    record["evidence"] = ev
    record["sections"] = [s.as_dict() for s in st.sections]
    # the notice's own text (site furniture removed): comparison and graph stages read records only;
    # every span is moved onto it, so text[a:b] is the evidence of a value
    record["text"], positions = compact_text(ctx.text)
    move_spans(record, positions)
    return record


def header_fields(ctx: Context, ev: dict) -> dict:
    """版头, title, 主送, 成文日期 and 版记 fields; sets the context's issuer, region and year base."""
    doc, st, rules = ctx.doc, ctx.st, ctx.rules
    dn_span = st.doc_number or st.metadata.get("doc_number")
    dn = parse_doc_number(doc.value(dn_span), rules) if dn_span else None
    if dn_span:
        ev["doc_number"] = dn_span.as_dict()
    who = find_issuer(doc, st, dn.code if dn else None, rules)
    issuer = _flat(who.name) if who.name else None
    if who.span is not None:
        ev["issuer"] = who.span.as_dict() | {"clue": who.source}
    if who.level:
        ev["level"] = {"clue": who.level_source}
    if who.inferred:
        ev["issuer_inferred"] = {"name": who.inferred, "clue": "doc_number"}
    title = _flat(doc.value(st.title)) if st.title else None
    if st.title:
        ev["title"] = st.title.as_dict()
    date_span = st.date or st.metadata.get("issue_date")
    issue_date = parse_issue_date(doc.value(date_span), rules) if date_span else None
    if date_span:
        ev["issue_date"] = date_span.as_dict()
    ctx.issuer, ctx.region = issuer, who.region
    set_year_base(ctx, issue_date, dn, title)
    recipients = []
    if st.recipients:
        recipients = [r for r in re.split(r"[，,；;]", _flat(doc.value(st.recipients))) if r.strip()]
        ev["recipients"] = st.recipients.as_dict()
    cc = []
    if st.cc:
        m = rules.re("structure", "cc").match(doc.value(st.cc))
        rest = m.group("rest") if m else ""
        cc = [c.strip() for c in re.split(r"[，,、；;]", rest.rstrip("。.")) if c.strip()]
        ev["cc"] = st.cc.as_dict()
    if st.attachment_names:
        ev["attachments"] = [a.as_dict() for a in st.attachment_names]
    return {
        "doc_number": dn.text if dn else None,
        "doc_number_parts": part(DocNumberParts, **dn.parts()) if dn else None,
        "issuer": issuer,
        "level": who.level,
        "region": part(Region, **who.region),
        "title": title,
        "recipients": recipients,
        "issue_date": issue_date.isoformat() if issue_date else None,
        "attachments": [_flat(doc.value(a)) for a in st.attachment_names],
        "cc": cc,
    }


def set_year_base(ctx: Context, issue_date, dn, title: str | None) -> None:
    """The date yearless dates take their year from (and, for a 成文日期 copied without 年月日,
    the latest day it can be: a date before it may be background)."""
    ctx.base, ctx.base_source = base_date(ctx.doc, ctx.st, issue_date, dn, title, ctx.rules)
    if issue_date is None:
        readings = signing_readings(ctx.doc, ctx.st)
        if readings:
            # "2025115" under the notice: signed 2025-01-15 or 2025-11-05; a date before the later one
            # may be background, so it is left out, and the year both readings share is the base
            ctx.not_before = max(readings)
            if ctx.base is None or ctx.base_source in ("published", "body"):
                ctx.base, ctx.base_source = dt.date(min(readings).year, 1, 1), "compact_date"


def body_fields(ctx: Context, ev: dict) -> dict:
    """What the body says: themes, schedule, contacts, hosts, cites and categories."""
    themes = extract_themes(ctx)
    times = body_times(ctx)
    deadlines = extract_deadlines(ctx, times)
    events = extract_events(ctx, times, deadlines)
    targets = [(d.span[0], d.submit_to) for d in deadlines if d.kind == "submission"]
    contacts = extract_contacts(ctx, targets)
    link_deadline_contacts(ctx, deadlines, contacts)
    hosts, host_spans = extract_hosts(ctx)
    cites = extract_cites(ctx)
    cats = extract_categories(ctx)
    ev["themes"] = [_ev(ctx, *sp) for _, sp in themes]
    ev["topics"] = {t: _ev(ctx, *sp) for t, sp in cats["topics"]}
    ev["requirements"] = {r: _ev(ctx, *sp) for r, sp in cats["requirements"]}
    ev["hosts"] = {k: [_ev(ctx, a, b) for a, b in v if a >= 0] for k, v in host_spans.items()}
    return {
        "themes": [t for t, _ in themes],
        "events": [part(Event, what=e.what, start=e.start, end=e.end, place=e.place, tentative=e.tentative,
                        precision=e.precision, evidence=_ev(ctx, *e.span)) for e in events],
        "deadlines": [part(Deadline, date=d.date, kind=d.kind, what=d.what, submit_to=d.submit_to,
                           materials=d.materials, channel=d.channel, contacts=d.contacts, tentative=d.tentative,
                           precision=d.precision, wording=d.expr.text, evidence=_ev(ctx, *d.sentence))
                      for d in deadlines],
        "contacts": [part(Contact, name=c.name, org=c.org, phones=c.phones, emails=c.emails, faxes=c.faxes,
                          inferred_area_code=c.inferred,
                          evidence=_ev(ctx, min(s[0] for s in c.spans), max(s[1] for s in c.spans)))
                     for c in contacts],
        "hosts": part(Hosts, **hosts),
        "cites": [part(Cite, doc_number=c.doc_number, title=c.title, issuer=c.issuer, evidence=_ev(ctx, *c.span))
                  for c in cites],
        "topics": [t for t, _ in cats["topics"]],
        "requirements": [r for r, _ in cats["requirements"]],
    }


def link_deadline_contacts(ctx: Context, deadlines, contacts) -> None:
    """A deadline's contacts: those named after it in its paragraph (or the paragraphs right after)."""
    for d in deadlines:
        nxt = min([x.span[0] for x in deadlines if x.span[0] > d.span[0]] + [ctx.body[1]])
        for c in contacts:
            if c.spans and d.span[0] <= c.spans[0][0] < nxt and (c.spans[0][0] - d.span[0]) < 600:
                d.contacts.append(c.name or c.org or (c.phones + c.emails)[0])


def base_date(doc: Document, st: Structure, issue_date, dn, title: str | None, rules: Rules):
    """The date that supplies the year of yearless dates, and where it came from.

    In order of trust: the 成文日期 (or the 印发日期 of the 版记), the year of the notice's own doc
    number, a year in its title, the page's publication date, the one year of the body's own dates.
    A year alone stands for 1 January,
    so a yearless month resolves to that year and is never moved to the next one.
    """
    import datetime as dt

    from .dates import find_times, parse_time, publication_date

    if issue_date is not None:
        return issue_date, "issue_date"
    pr = parse_time(doc.value(st.printer), None, rules) if st.printer else None
    if pr is not None and pr.start is not None and pr.precision == "day":
        return pr.start, "printer"
    if dn is not None and 1900 <= dn.year <= 2100:
        return dt.date(dn.year, 1, 1), "doc_number"
    # "2021年" of the title, not the end of a span ("2023—2025年"); read in simplified characters
    # without the pinyin some mirrors insert ("統(tǒng)計")
    from ..clean import to_simplified

    title = re.sub(r"[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[）)]", "", to_simplified(title or ""))
    title_year = rules.patterns("extract").title_year.search(title)
    # a year under review ("做好2015年…调查统计", "2015年度考核") is often the year before the notice
    looks_back = alternation(rules.dates["retrospective_words"])
    if title_year and not re.search(f"(?:{looks_back})", title[title_year.end():]):
        return dt.date(int(title_year.group(1)), 1, 1), "title"
    published = doc.metadata.get("published")
    if published:
        return dt.date.fromisoformat(published), "published"
    day = publication_date(doc.text, st.boilerplate, rules)
    if day is not None:
        return day, "published"
    # last: the one year of the body's own dated schedule ("一、评选时间 2018年10月—12月"), if it names one
    a, b = st.body
    years = {t.end.year for t in find_times(doc.text[a:b], None, rules) if t.end is not None and t.precision != "year"}
    if len(years) == 1:
        return dt.date(years.pop(), 1, 1), "body"
    return None, None


def completeness(ctx: Context) -> dict:
    """Whether the text looks whole: a stored web copy may stop mid-section."""
    reasons = []
    if ctx.st.date is None and ctx.st.signature is None:
        reasons.append("no signature or 成文日期")
    a, b = ctx.st.body
    tail = ctx.text[a:b].rstrip()
    if tail and tail[-1] not in "。！？；：）)”\"」』》.!?;:" and ctx.st.date is None:
        reasons.append("the text ends mid-sentence")
    missing = [name for name, found in (("title", ctx.st.title), ("doc_number", ctx.st.doc_number),
                                        ("recipients", ctx.st.recipients), ("signature", ctx.st.signature),
                                        ("issue_date", ctx.st.date)) if found is None]
    return part(Completeness, complete=not reasons, reasons=reasons, missing=missing)
