"""A notice page's fields, each value tied to its evidence span in the notice text.

`Marks` collects spans (character offsets into the record's `text`) and cuts the text
into segments, each knowing which spans cover it, so the page can highlight every
value where it was read and scroll there when the value is clicked.  Plain data out:
the template escapes every string.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    covers: list[int] = field(default_factory=list)    # ids of the highlighted spans over this piece
    anchors: list[int] = field(default_factory=list)   # ids of the spans that start here


class Marks:
    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int, bool]] = []    # (start, end, highlighted)

    def add(self, evidence: dict | None, highlight: bool = True) -> int | None:
        """The id of a span for the page (None when the evidence has no usable span)."""
        span = (evidence or {}).get("span")
        if not (isinstance(span, (list, tuple)) and len(span) == 2):
            return None
        a, b = (min(max(int(x), 0), len(self.text)) for x in span)
        if b < a:
            return None
        self.spans.append((a, b, highlight))
        return len(self.spans) - 1

    def segments(self) -> list[Segment]:
        cuts = sorted({0, len(self.text)} | {s for s, _, _ in self.spans} | {e for _, e, _ in self.spans})
        starts: dict[int, list[int]] = {}
        for i, (s, _, _) in enumerate(self.spans):
            starts.setdefault(s, []).append(i)
        out: list[Segment] = []
        for a, b in zip(cuts, cuts[1:] + [None]):
            if b is None:
                if starts.get(a):   # spans that start (and end) at the very end of the text
                    out.append(Segment("", [], starts[a]))
                break
            covers = [i for i, (s, e, hl) in enumerate(self.spans) if hl and s <= a < e]
            out.append(Segment(self.text[a:b], covers, starts.get(a, [])))
        return out


def value(text, ev: int | None = None, href: str | None = None) -> dict:
    return {"text": "" if text is None else str(text), "ev": ev, "href": href}


def notice_fields(rec: dict, marks: Marks, msg, cited_pages: dict[int, str] | None = None) -> list[dict]:
    """Groups of rows for the notice page: [{title, anchor, rows: [{name, values: [value]}]}]."""
    ev = rec.get("evidence") or {}
    cited_pages = cited_pages or {}

    def one(name: str, key: str, text=None):
        text = rec.get(key) if text is None else text
        return {"name": msg(f"field.{name}"), "values": [value(text, marks.add(ev.get(key)))] if text else []}

    def listed(name: str, key: str):
        evs = ev.get(key) or []
        vals = rec.get(key) or []
        return {"name": msg(f"field.{name}"),
                "values": [value(v, marks.add(evs[i] if i < len(evs) and isinstance(evs, list) else None))
                           for i, v in enumerate(vals)]}

    region = rec.get("region") or {}
    rec_ev = ev.get("recipients")
    basics = [one("title", "title"), one("doc_number", "doc_number"), one("issuer", "issuer"),
              {"name": msg("field.level"), "values": [value(msg.level(rec.get("level")))]},
              {"name": msg("field.region"),
               "values": [value("".join(x for x in (region.get("province"), region.get("city"), region.get("county")) if x))]
               if any(region.values()) else []},
              {"name": msg("field.recipients"),
               "values": [value(msg.join(rec.get("recipients") or []), marks.add(rec_ev))] if rec.get("recipients") else []},
              one("issue_date", "issue_date"), listed("themes", "themes"), listed("attachments", "attachments")]
    cc_text = msg.join(rec.get("cc") or [])
    basics.append({"name": msg("field.cc"), "values": [value(cc_text, marks.add(ev.get("cc")))] if cc_text else []})
    groups = [{"title": msg("report.notice.basics"), "anchor": "basics", "rows": basics}]

    rows = []
    for d in rec.get("deadlines") or []:
        what = msg.join(d.get("materials") or []) or d.get("what") or ""
        parts = [msg.kind("deadline_kind", d.get("kind")), what]
        if d.get("submit_to"):
            parts.append(msg("report.notice.submit_to", to=d["submit_to"]))
        if d.get("channel"):
            parts.append(d["channel"])
        if d.get("tentative") or d.get("precision") not in (None, "day"):
            parts.append(msg("report.notice.tentative", wording=d.get("wording") or ""))
        rows.append({"name": str(d.get("date")), "values": [value(" · ".join(p for p in parts if p),
                                                                  marks.add(d.get("evidence")))]})
    groups.append({"title": msg("report.notice.deadlines"), "anchor": "deadlines", "rows": rows})

    rows = []
    for e in rec.get("events") or []:
        if e.get("start"):
            when = str(e["start"]) + (f" – {e['end']}" if e.get("end") and e.get("end") != e.get("start") else "")
        else:
            when = msg("report.notice.until", date=e["end"]) if e.get("end") else ""
        parts = [e.get("what") or "", e.get("place") or ""]
        if e.get("tentative"):
            parts.append(msg("report.notice.provisional"))
        rows.append({"name": when or msg("report.notice.undated"),
                     "values": [value(" · ".join(p for p in parts if p), marks.add(e.get("evidence")))]})
    groups.append({"title": msg("report.notice.events"), "anchor": "events", "rows": rows})

    rows = []
    for c in rec.get("contacts") or []:
        detail = " ".join((c.get("phones") or []) + (c.get("emails") or []))
        rows.append({"name": c.get("name") or c.get("org") or "—",
                     "values": [value(" · ".join(p for p in (c.get("org") if c.get("name") else None, detail) if p),
                                      marks.add(c.get("evidence")))]})
    groups.append({"title": msg("report.notice.contacts"), "anchor": "contacts", "rows": rows})

    rows = []
    host_ev = ev.get("hosts") or {}
    for role, names in (rec.get("hosts") or {}).items():
        evs = host_ev.get(role) or []
        if names:
            rows.append({"name": msg.kind("host_role", role),
                         "values": [value(n, marks.add(evs[i] if i < len(evs) else None)) for i, n in enumerate(names)]})
    groups.append({"title": msg("report.notice.hosts"), "anchor": "hosts", "rows": rows})

    rows = []
    for i, c in enumerate(rec.get("cites") or []):
        text = " ".join(x for x in (c.get("title") and f"《{c['title']}》", c.get("doc_number")) if x)
        rows.append({"name": msg("report.notice.cite_n", n=i + 1),
                     "values": [value(text, marks.add(c.get("evidence")), cited_pages.get(i))]})
    groups.append({"title": msg("report.notice.cites"), "anchor": "cites", "rows": rows})

    for kind in ("topics", "requirements"):
        evs = ev.get(kind) or {}
        vals = [value(msg.label(kind, t), marks.add(evs.get(t))) for t in rec.get(kind) or []]
        groups.append({"title": msg(f"report.notice.{kind}"), "anchor": kind,
                       "rows": [{"name": "", "values": vals}] if vals else []})

    rows = []

    def walk(sections, depth):
        for s in sections:
            heading = f"{s.get('marker') or ''}{s.get('heading') or ''}"
            rows.append({"name": "", "depth": depth,
                         "values": [value(heading, marks.add({"span": s.get("span")}, highlight=False))]})
            walk(s.get("children") or [], depth + 1)

    walk(rec.get("sections") or [], 0)
    groups.append({"title": msg("report.notice.sections"), "anchor": "sections", "rows": rows})
    return groups


def record_text(rec: dict, msg, full: bool = False) -> str:
    """A record for the terminal (`notices show`): the fields of the notice page, named in msg's
    language; `full` adds, under each value, the text it was read from, and the sections."""
    text = rec.get("text") or ""
    marks = Marks(text)
    colon = msg("list.colon")
    out = [rec.get("title") or rec["id"]]

    def quote(v: dict, indent: str) -> list[str]:
        if not (full and v["ev"] is not None):
            return []
        a, b, _ = marks.spans[v["ev"]]
        return [indent + msg("show.evidence", text=" ".join(text[a:b].split()))] if b > a else []

    for group in notice_fields(rec, marks, msg):
        rows = [r for r in group["rows"] if r["values"]]
        if not rows or (group["anchor"] == "sections" and not full):
            continue
        if group["anchor"] == "basics" or all(not r["name"] for r in rows if "depth" not in r) and "depth" not in rows[0]:
            # one line a field: 标题：…  /  活动内容：a、b
            out.append("")
            for r in rows:
                name = r["name"] or group["title"]
                out.append(name + colon + msg.join(v["text"] for v in r["values"]))
                for v in r["values"]:
                    out += quote(v, "    ")
            continue
        out += ["", group["title"]]
        for r in rows:
            indent = "  " * (r.get("depth", 0) + 1)
            lead = f"{indent}{r['name']}  " if r["name"] else indent
            out.append(lead + msg.join(v["text"] for v in r["values"]))
            for v in r["values"]:
                out += quote(v, indent + "    ")
    comp = rec.get("completeness") or {}
    notes = []
    if comp.get("reasons"):
        notes.append(msg("show.incomplete", reasons=msg.join(msg.render(r) for r in comp["reasons"])))
    if comp.get("missing"):
        notes.append(msg("show.missing", parts=msg.join(msg.field(m) for m in comp["missing"])))
    if rec.get("warnings"):
        notes.append(msg("show.warnings"))
        notes += ["  " + msg.render(w) for w in rec["warnings"]]
    if notes:
        out += [""] + notes
    src = rec.get("source") or {}
    out += ["", msg("show.source", path=src.get("path") or "", format=src.get("format") or "", pages=src.get("pages") or 1),
            msg("show.record", id=rec["id"])]
    return "\n".join(out)
