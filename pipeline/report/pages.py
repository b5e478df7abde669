"""The pages of the report: data for each template, gathered from records and the graph."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
from collections import Counter
from pathlib import Path

from ..calendar import holiday_name, ics_lines, write_sheets
from ..db import INDEX_KEYS
from ..graph import notice_key
from ..record import atomic_write
from . import CSP, href, js_data_chunks, page_name
from .evidence import Marks, notice_fields
from .hierarchy import Directives, citation_tree, coverage, layered_graph, rank

LEVELS = ("national", "provincial", "municipal", "county", "other")


def _region(rec: dict) -> str:
    r = rec.get("region") or {}
    return "".join(x for x in (r.get("province"), r.get("city"), r.get("county")) if x)


def _year(rec: dict) -> str:
    return str(rec.get("issue_date") or "")[:4]


def node_anchor(node: str) -> str:
    """The page anchor of a cited document that was not ingested: the same in every run (Python's
    hash() of a string changes from process to process, and with it every rebuilt page)."""
    return "n-" + hashlib.sha256(node.encode("utf-8", "surrogateescape")).hexdigest()[:10]


class Site:
    def __init__(self, out: Path, site: Path, passes, store, graph, parents, items, people, msg, env,
                 today: dt.date, alarms_days):
        """Everything read from the index: `passes` (db.RecordPasses) walks the records' fields for the
        lists, `store` (db.RecordStore) gives each whole record; `graph`, `parents` (compare.Parents),
        `items` (calendar.SpilledItems) and `people` (the contact directory) are made once."""
        self.out, self.site, self.passes, self.store = out, site, passes, store
        self.g, self.parents, self.items, self.people = graph, parents, items, people
        self.t, self.env, self.today, self.alarms_days = msg, env, today, alarms_days
        self.fetch = functools.lru_cache(maxsize=64)(store.get)   # directives are parents of many notices
        self.written = Written()
        self.notices = 0
        self.built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")

    # ------------------------------------------------------------ helpers
    def render(self, name: str, template: str, root: str, page: str, **ctx) -> None:
        # streamed to the file as the template makes it: the index page of 10,000 notices is never held whole
        html = self.env.get_template(template).generate(t=self.t, root=root, page=page, csp=CSP, built=self.built,
                                                         today=self.today.isoformat(), **ctx)
        atomic_write(self.site / name, html, durable=False)  # made again from the records by the next run
        self.written.add(name)

    def node_page(self, node: str, root: str = "", d: dict | None = None) -> str | None:
        """The page of a node ingested (d: what it is, when at hand), None for a cited document."""
        d = d if d is not None else self.g.about(node)
        return href(d["id"], root) if d.get("kind") == "notice" else None

    @staticmethod
    def node_title(node: str, d: dict) -> str:
        return d.get("title") or d.get("doc_number") or node

    def next_deadline(self, rec: dict) -> tuple[str, bool]:
        """(date, upcoming): the next deadline from today, else the last one (past)."""
        dates = sorted(str(d["date"]) for d in rec.get("deadlines") or [] if d.get("date"))
        later = [d for d in dates if d >= self.today.isoformat()]
        if later:
            return later[0], True
        return (dates[-1], False) if dates else ("", False)

    # ------------------------------------------------------------ pages
    def write_all(self) -> Written:
        self.write_downloads()
        for nid in self.store.ids():
            rec = self.store.get(nid)
            if rec is not None:   # else removed since the index was read
                self.write_compare(rec)
        for nid in self.store.ids():
            rec = self.store.get(nid)
            if rec is not None:
                self.write_notice(rec)
                self.notices += 1
        self.write_index()
        self.write_calendar()
        self.write_graph()
        self.write_implementation()
        return self.written

    def index_rows(self):
        """A row of the list of notices for each record, newest issue date first, as they are read."""
        for rec in self.passes.walk(INDEX_KEYS, newest_first=True):
            nxt, upcoming = self.next_deadline(rec)
            comp = rec.get("completeness") or {}
            yield {"id": rec["id"], "href": href(rec["id"]), "title": rec.get("title") or rec["id"],
                   "doc_number": rec.get("doc_number") or "", "issuer": rec.get("issuer") or "",
                   "level": rec.get("level") or "other", "level_name": self.t.level(rec.get("level")),
                   "region": _region(rec), "province": (rec.get("region") or {}).get("province") or "",
                   "year": _year(rec), "date": str(rec.get("issue_date") or ""),
                   "deadlines": " ".join(sorted(str(d["date"]) for d in rec.get("deadlines") or [] if d.get("date"))),
                   "next": nxt, "upcoming": upcoming, "complete": comp.get("complete", True),
                   "missing": self.t.join(self.t.kind("field", m) for m in comp.get("missing") or []),
                   "topics": " ".join(rec.get("topics") or []),
                   "warnings": len(rec.get("warnings") or [])}

    def index_filters(self) -> tuple[int, dict]:
        """(number of notices, the choices of the list's filters), from one pass over a few fields."""
        n, levels, provinces, years, topics = 0, set(), set(), set(), Counter()
        for rec in self.passes.walk(("id", "level", "region", "issue_date", "topics")):
            n += 1
            levels.add(rec.get("level") or "other")
            provinces.add((rec.get("region") or {}).get("province") or "")
            years.add(_year(rec))
            topics.update(rec.get("topics") or [])
        return n, {"levels": [(lv, self.t.level(lv)) for lv in LEVELS if lv in levels],
                   "provinces": sorted(p for p in provinces if p),
                   "years": sorted((y for y in years if y), reverse=True),
                   "topics": [(tid, self.t.label("topics", tid)) for tid, _ in topics.most_common()]}

    def write_index(self) -> None:
        n, filters = self.index_filters()
        failed = self.failed_files()
        atomic_write(self.site / "data" / "texts.js", js_data_chunks("NOTICE_TEXTS", self.store.texts()))
        self.render("index.html", "index.html", "", "index", rows=self.index_rows(), count=n, filters=filters,
                    failed=failed)

    def failed_files(self) -> list[dict]:
        import yaml

        try:
            data = yaml.safe_load((self.out / "errors.yaml").read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError):
            return []
        # errors.yaml keeps each error in English: said in the report's language
        return [{**f, "error": self.t.render(f.get("error"))} for f in data if isinstance(f, dict)]

    def write_notice(self, rec: dict) -> None:
        text = rec.get("text") or ""
        marks = Marks(text)
        cited = {}
        node = notice_key(rec)
        links = list(self.g.cites(node))   # a notice's own citations: a few
        for i, c in enumerate(rec.get("cites") or []):
            for m, d, e in links:
                if e.get("record") == rec["id"] and (e.get("citation") in (c.get("title"), c.get("doc_number"))):
                    cited[i] = self.node_page(m, "../", d)
                    break
        groups = notice_fields(rec, marks, self.t, cited)
        comp = rec.get("completeness") or {}
        below = sorted((m, d) for m, d, _ in self.g.cited_by(node) if d.get("kind") == "notice")
        self.render(f"notices/{page_name(rec['id'])}", "notice.html", "../", "notice", rec=rec, groups=groups,
                    segments=marks.segments(), missing=[self.t.kind("field", m) for m in comp.get("missing") or []],
                    reasons=[self.t.render(r) for r in comp.get("reasons") or []],
                    warnings=[self.t.render(w) for w in rec.get("warnings") or []],
                    compare=(f"../compare/{page_name(rec['id'])}" if f"compare/{page_name(rec['id'])}" in self.written else None),
                    implementation=(f"../implementation.html#d-{rec['id']}" if rank(rec.get("level")) <= 1 else None),
                    cited_by=[{"title": self.node_title(m, d), "href": self.node_page(m, "../", d),
                               "level": self.t.level(d.get("level"))} for m, d in below],
                    level_name=self.t.level(rec.get("level")), region=_region(rec))

    def calendar_items(self):
        """The calendar's items as the page shows them, one at a time in date order."""
        for it in self.items:
            rec = it.record
            yield {"kind": it.kind, "start": it.start.isoformat(), "end": it.end.isoformat(),
                   "summary": it.summary, "id": rec["id"], "href": href(rec["id"]),
                   "title": rec.get("title") or rec["id"], "doc_number": rec.get("doc_number") or "",
                   "issuer": rec.get("issuer") or "", "tentative": it.tentative,
                   "nonworkday": it.nonworkday,
                   "previous_workday": it.previous_workday.isoformat() if it.previous_workday else "",
                   "holiday": holiday_name(it.end, self.t.lang) or "",
                   "contacts": [{"name": c.get("name") or "", "org": c.get("org") or "",
                                 "phones": c.get("phones") or [], "emails": c.get("emails") or []}
                                for c in it.contacts]}

    def write_calendar(self) -> None:
        weekdays = [self.t(f"report.calendar.weekday{i}") for i in range(7)]
        # the items come sorted by date: a month's are together, and each is made as the page is written
        months = itertools.groupby(self.calendar_items(), key=lambda it: it["end"][:7])
        labels = {"deadline": self.t("report.calendar.deadline"), "event": self.t("report.calendar.event"),
                  "overdue": self.t("report.calendar.overdue"), "contacts": self.t("report.calendar.contacts"),
                  "tentative": self.t("report.calendar.tentative"),
                  "nonworkday": self.t("report.calendar.nonworkday", day="{day}"),
                  "paren": self.t("list.paren", text="{text}"), "colon": self.t("list.colon"),
                  "semicolon": self.t("list.semicolon")}
        self.render("calendar.html", "calendar.html", "", "calendar", items=self.calendar_items(), weekdays=weekdays,
                    months=months, labels=labels)

    def write_downloads(self) -> None:
        atomic_write(self.site / "calendar.ics", ics_lines(self.items, self.alarms_days, self.t))
        write_sheets(self.site, self.items, self.people, self.t)

    def write_graph(self) -> None:
        data = layered_graph(self.g, lambda d: href(d["id"]) if d.get("kind") == "notice" else None)
        data["layer_names"] = {str(r): self.t.level(lv) for lv, r in
                               (("national", 0), ("provincial", 1), ("municipal", 2), ("county", 3), ("other", 4))}
        data["not_ingested"] = self.t("report.graph.not_ingested")
        tree = citation_tree(self.g)
        self.render("graph.html", "graph.html", "", "graph", data=data, tree=tree, node=self.node_info,
                    counts=self.g.kinds())

    def node_info(self, n: str) -> dict:
        d = self.g.about(n)
        return {"title": d.get("title") or d.get("doc_number") or n, "doc_number": d.get("doc_number") or "",
                "level": self.t.level(d.get("level")), "lv": d.get("level") or "other",
                "href": self.node_page(n, "", d), "ingested": d.get("kind") == "notice",
                "region": "".join(x for x in (d.get("province"), d.get("city"), d.get("county")) if x)}

    def write_implementation(self) -> None:
        self.render("implementation.html", "implementation.html", "", "implementation",
                    views=_Views(self, Directives(self.g)), node=self.node_info)
        _coverage.cache_clear()

    def write_compare(self, rec: dict) -> None:
        from ..compare import compare_record

        rep = compare_record(rec, None, self.g, self.parents, self.fetch)
        if not rep["comparisons"]:
            return
        parents = {c["parent"]["id"]: href(c["parent"]["id"], "../") for c in rep["comparisons"]}
        self.render(f"compare/{page_name(rec['id'])}", "compare.html", "../", "compare", rep=rep,
                    self_href=href(rec["id"], "../"), parents=parents)


class Written:
    """The names of the pages a run wrote (to link a compare page that exists, and to delete the
    pages of removed records after), in a temporary SQLite file: 20,000 names at 10,000 notices."""

    def __init__(self):
        from ..db import scratch

        self.con = scratch(256)
        self.con.execute("CREATE TABLE page (name TEXT PRIMARY KEY) WITHOUT ROWID")

    def add(self, name: str) -> None:
        self.con.execute("INSERT OR IGNORE INTO page VALUES (?)", (name,))

    def __contains__(self, name: str) -> bool:
        return self.con.execute("SELECT 1 FROM page WHERE name = ?", (name,)).fetchone() is not None

    def __len__(self) -> int:
        return self.con.execute("SELECT count(*) FROM page").fetchone()[0]

    def close(self) -> None:
        self.con.close()


class _Views:
    """The directives of the implementation page, a _View each, made again each time the page walks
    them (its table of contents, then its sections) from Directives' table: none is held."""

    def __init__(self, site: Site, found: Directives):
        self.site, self.found = site, found

    def __iter__(self):
        g = self.site.g
        for n, count in self.found:
            d = g.about(n)
            yield _View(g, n, f"d-{d['id']}" if d.get("kind") == "notice" else node_anchor(n),
                        self.site.node_info(n), rank(d.get("level")) == 0, count)

    def __len__(self) -> int:
        return len(self.found)


class _View:
    """One directive of the implementation page.  Its coverage (every province, city and county
    under it) is made when its section is written and not kept after: held for every directive
    of a national corpus it took gigabytes."""

    def __init__(self, g, n: str, anchor: str, node: dict, national: bool, count: int):
        self.g, self.n, self.anchor, self.node, self.national, self.count = g, n, anchor, node, national, count

    @property
    def cov(self) -> dict:
        return _coverage(self.g, self.n)


@functools.lru_cache(maxsize=1)
def _coverage(g, n: str) -> dict:
    return coverage(g, n)
