"""Extractors: (Document, Structure, Rules) -> the field values of a record, with evidence."""
from __future__ import annotations

import re

from ..model import Document, Structure
from ..rules import Rules, load_rules
from .categories import extract_categories
from .citations import extract_cites
from .contacts import extract_contacts
from .context import Context
from .dates import parse_date
from .docnumber import parse_doc_number
from .hosts import extract_hosts
from .issuer import issuer_span, level_of
from .schedule import body_times, extract_deadlines, extract_events
from .themes import extract_themes

__all__ = ["extract_fields"]


def _ev(ctx: Context, a: int, b: int) -> dict:
    return ctx.span(a, b).as_dict()


def _flat(text: str | None) -> str | None:
    return re.sub(r"\s*\n\s*", "", text).strip() if text else text


def extract_fields(doc: Document, st: Structure, rules: Rules | None = None) -> dict:
    """All record fields of one notice plus an `evidence` map; plain data, ready for YAML."""
    rules = rules or load_rules()
    ctx = Context.build(doc, st, rules)
    ev: dict = {}

    # --- header fields (issue 2)
    dn = parse_doc_number(st.doc_number.text, rules) if st.doc_number else None
    if st.doc_number:
        ev["doc_number"] = st.doc_number.as_dict()
    isp = issuer_span(st, doc.text, rules)
    issuer = _flat(isp.text) if isp else None
    if isp:
        ev["issuer"] = isp.as_dict()
    level, region = level_of(issuer, rules)
    if issuer is None and dn is not None:
        # no issuer line at all: the agency code's province abbreviation still tells the region
        prov = rules.levels["province_abbr"].get(dn.code[:1])
        if prov:
            region = {"province": prov, "city": None, "county": None}
    title = _flat(st.title.text) if st.title else None
    if st.title:
        ev["title"] = st.title.as_dict()
    issue_date = parse_date(st.date.text, rules) if st.date else None
    if st.date:
        ev["issue_date"] = st.date.as_dict()
    ctx.base, ctx.issuer, ctx.region = issue_date, issuer, region
    if ctx.base is None:
        # undated copies: resolve years against the printing date or the doc number's year
        from .dates import parse_time

        import datetime as dt

        pr = parse_time(st.printer.text) if st.printer else None
        title_year = re.search(r"((?:19|20)\d{2})\s*年", title or "")
        if pr and pr.start:
            ctx.base = pr.start
        elif doc.metadata.get("published"):
            ctx.base = dt.date.fromisoformat(doc.metadata["published"])
        elif dn is not None:
            ctx.base = dt.date(dn.year, 1, 1)
        elif title_year:
            ctx.base = dt.date(int(title_year.group(1)), 1, 1)
    recipients = []
    if st.recipients:
        recipients = [r for r in re.split(r"[，,；;]", _flat(st.recipients.text)) if r.strip()]
        ev["recipients"] = st.recipients.as_dict()
    cc = []
    if st.cc:
        m = rules.re("structure", "cc").match(st.cc.text)
        rest = m.group("rest") if m else ""
        cc = [c.strip() for c in re.split(r"[，,、；;]", rest.rstrip("。.")) if c.strip()]
        ev["cc"] = st.cc.as_dict()
    attachments = [_flat(a.text) for a in st.attachment_names]
    if st.attachment_names:
        ev["attachments"] = [a.as_dict() for a in st.attachment_names]

    # --- body fields (issue 3)
    themes = extract_themes(ctx)
    times = body_times(ctx)
    deadlines = extract_deadlines(ctx, times)
    events = extract_events(ctx, times, deadlines)
    targets = [(d.span[0], d.submit_to) for d in deadlines if d.kind == "submission"]
    contacts = extract_contacts(ctx, targets)
    # a deadline's contacts: those named after it in its paragraph (or the paragraphs right after)
    for d in deadlines:
        nxt = min([x.span[0] for x in deadlines if x.span[0] > d.span[0]] + [ctx.body[1]])
        for c in contacts:
            if c.spans and d.span[0] <= c.spans[0][0] < nxt and (c.spans[0][0] - d.span[0]) < 600:
                d.contacts.append(c.name or c.org or (c.phones + c.emails)[0])
    hosts, host_spans = extract_hosts(ctx)
    cites = extract_cites(ctx)
    cats = extract_categories(ctx)

    record = {
        "doc_number": dn.text if dn else None,
        "doc_number_parts": dn.parts() if dn else None,
        "issuer": issuer,
        "level": level,
        "region": region,
        "title": title,
        "recipients": recipients,
        "issue_date": issue_date.isoformat() if issue_date else None,
        "themes": [t for t, _ in themes],
        "events": [{"what": e.what, "start": e.start, "end": e.end, "place": e.place,
                    "tentative": e.tentative, "precision": e.precision,
                    "evidence": _ev(ctx, *e.span)} for e in events],
        "deadlines": [{"date": d.date, "kind": d.kind, "what": d.what, "submit_to": d.submit_to, "materials": d.materials,
                       "channel": d.channel, "contacts": d.contacts, "tentative": d.tentative,
                       "precision": d.precision, "wording": d.expr.text,
                       "evidence": _ev(ctx, *d.sentence)} for d in deadlines],
        "contacts": [{"name": c.name, "org": c.org, "phones": c.phones, "emails": c.emails,
                      "faxes": c.faxes, "inferred_area_code": c.inferred,
                      "evidence": _ev(ctx, min(s[0] for s in c.spans), max(s[1] for s in c.spans))}
                     for c in contacts],
        "hosts": hosts,
        "cites": [{"doc_number": c.doc_number, "title": c.title, "issuer": c.issuer,
                   "evidence": _ev(ctx, *c.span)} for c in cites],
        "topics": [t for t, _ in cats["topics"]],
        "requirements": [r for r, _ in cats["requirements"]],
        "attachments": attachments,
        "cc": cc,
    }
    ev["themes"] = [_ev(ctx, *sp) for _, sp in themes]
    ev["topics"] = {t: _ev(ctx, *sp) for t, sp in cats["topics"]}
    ev["requirements"] = {r: _ev(ctx, *sp) for r, sp in cats["requirements"]}
    ev["hosts"] = {k: [_ev(ctx, a, b) for a, b in v if a >= 0] for k, v in host_spans.items()}
    parts = {}
    for name in ("issuer_mark", "signer", "signature", "note", "printer", "attachment_note"):
        sp = getattr(st, name)
        if sp is not None:
            parts[name] = sp.as_dict()
    ev["structure"] = parts
    record["completeness"] = completeness(ctx)
    # the notice's own text (site furniture removed): comparison and graph stages read records only
    record["text"] = "\n".join(line.strip() for line in ctx.text.split("\n") if line.strip())
    record["evidence"] = ev
    return record


def completeness(ctx: Context) -> dict:
    """Whether the text looks whole: a stored web copy may stop mid-section."""
    reasons = []
    if ctx.st.date is None and ctx.st.signature is None:
        reasons.append("no signature or 成文日期")
    a, b = ctx.st.body
    tail = ctx.text[a:b].rstrip()
    if tail and tail[-1] not in "。！？；：）)”\"」』》.!?;:" and ctx.st.date is None:
        reasons.append("the text ends mid-sentence")
    missing = [name for name, part in (("title", ctx.st.title), ("doc_number", ctx.st.doc_number),
                                       ("recipients", ctx.st.recipients), ("signature", ctx.st.signature),
                                       ("issue_date", ctx.st.date)) if part is None]
    return {"complete": not reasons, "reasons": reasons, "missing": missing}
