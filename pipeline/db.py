"""DIR/notices.sqlite: every record as rows, for search across notices and for Datasette.

The YAML records stay the source of truth.  `sync` brings the database in line with
DIR/notices/*.yaml incrementally: a record file whose size or modification time
changed is read again and its rows replaced; a record file that is gone loses its
rows; a missing database (or one of an older layout) is rebuilt from every record.

Tables: notices (one row per record, with its text), deadlines, events, contacts,
cites, labels (topics and requirements with their Chinese names) and notices_fts, an
FTS5 index over title and text with the trigram tokenizer, which matches Chinese words
of three or more characters without a segmenter; shorter words fall back to LIKE.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

DB_NAME = "notices.sqlite"
SCHEMA_VERSION = 1          # bump when the tables change: an older database is rebuilt
FILES = "record_files"      # bookkeeping: which YAML file (size, mtime, hash) each row came from
CHILDREN = ("deadlines", "events", "contacts", "cites", "labels")
TRIGRAM = 3                 # the trigram tokenizer matches terms of at least three characters


def db_path(out_dir) -> Path:
    return Path(out_dir) / DB_NAME


# ---------------------------------------------------------------- record -> rows
def _ev(item: dict) -> dict:
    ev = item.get("evidence") or {}
    span = ev.get("span") or [None, None]
    return {"evidence_start": span[0], "evidence_end": span[1], "evidence_page": ev.get("page"),
            "evidence_text": ev.get("text")}


def notice_row(rec: dict) -> dict:
    region = rec.get("region") or {}
    deadlines = sorted(str(d["date"]) for d in rec.get("deadlines") or [] if d.get("date"))
    comp = rec.get("completeness") or {}
    issue = str(rec["issue_date"]) if rec.get("issue_date") else None
    return {
        "id": rec["id"], "title": rec.get("title"), "doc_number": rec.get("doc_number"),
        "issuer": rec.get("issuer"), "level": rec.get("level"),
        "province": region.get("province"), "city": region.get("city"), "county": region.get("county"),
        "issue_date": issue, "year": int(issue[:4]) if issue else None,
        "recipients": rec.get("recipients") or [], "themes": rec.get("themes") or [],
        "topics": rec.get("topics") or [], "requirements": rec.get("requirements") or [],
        "attachments": rec.get("attachments") or [], "cc": rec.get("cc") or [],
        "first_deadline": deadlines[0] if deadlines else None, "last_deadline": deadlines[-1] if deadlines else None,
        "deadline_count": len(deadlines), "complete": bool(comp.get("complete", True)),
        "missing": comp.get("missing") or [], "warnings": rec.get("warnings") or [],
        "source_path": (rec.get("source") or {}).get("path"), "source_format": (rec.get("source") or {}).get("format"),
        "pages": (rec.get("source") or {}).get("pages"), "rules_version": rec.get("rules_version"),
        "text": rec.get("text") or "",
    }


def child_rows(rec: dict, taxonomy: dict | None = None) -> dict[str, list[dict]]:
    """Rows of the per-item tables; `id` is notice id and position, stable across rebuilds."""
    nid = rec["id"]
    rows: dict[str, list[dict]] = {t: [] for t in CHILDREN}
    for i, d in enumerate(rec.get("deadlines") or []):
        rows["deadlines"].append({"id": f"{nid}:{i}", "notice_id": nid, "date": str(d.get("date")), "kind": d.get("kind"),
                                  "what": d.get("what"), "submit_to": d.get("submit_to"),
                                  "materials": d.get("materials") or [], "channel": d.get("channel"),
                                  "contacts": d.get("contacts") or [], "wording": d.get("wording"),
                                  "precision": d.get("precision"), "tentative": bool(d.get("tentative")), **_ev(d)})
    for i, e in enumerate(rec.get("events") or []):
        rows["events"].append({"id": f"{nid}:{i}", "notice_id": nid, "what": e.get("what"),
                               "start": str(e["start"]) if e.get("start") else None,
                               "end": str(e["end"]) if e.get("end") else None, "place": e.get("place"),
                               "precision": e.get("precision"), "tentative": bool(e.get("tentative")), **_ev(e)})
    for i, c in enumerate(rec.get("contacts") or []):
        rows["contacts"].append({"id": f"{nid}:{i}", "notice_id": nid, "name": c.get("name"), "org": c.get("org"),
                                 "phones": c.get("phones") or [], "emails": c.get("emails") or [], **_ev(c)})
    for i, c in enumerate(rec.get("cites") or []):
        rows["cites"].append({"id": f"{nid}:{i}", "notice_id": nid, "doc_number": c.get("doc_number"),
                              "title": c.get("title"), "issuer": c.get("issuer"), **_ev(c)})
    taxonomy = taxonomy or {}
    for kind in ("topics", "requirements"):
        names = taxonomy.get(kind) or {}
        for label in rec.get(kind) or []:
            rows["labels"].append({"id": f"{nid}:{kind}:{label}", "notice_id": nid, "kind": kind, "label": label,
                                   "label_zh": (names.get(label) or {}).get("zh")})
    return rows


# ---------------------------------------------------------------- schema
def _create(db) -> None:
    db["notices"].create({k: (bool if k == "complete" else int if k in ("year", "deadline_count", "pages") else str)
                          for k in notice_row({"id": ""})}, pk="id", if_not_exists=True)
    specs = {"deadlines": {"id": str, "notice_id": str, "date": str, "kind": str, "what": str, "submit_to": str,
                           "materials": str, "channel": str, "contacts": str, "wording": str, "precision": str,
                           "tentative": bool},
             "events": {"id": str, "notice_id": str, "what": str, "start": str, "end": str, "place": str,
                        "precision": str, "tentative": bool},
             "contacts": {"id": str, "notice_id": str, "name": str, "org": str, "phones": str, "emails": str},
             "cites": {"id": str, "notice_id": str, "doc_number": str, "title": str, "issuer": str},
             "labels": {"id": str, "notice_id": str, "kind": str, "label": str, "label_zh": str}}
    evidence = {"evidence_start": int, "evidence_end": int, "evidence_page": int, "evidence_text": str}
    for name, cols in specs.items():
        if name != "labels":
            cols = {**cols, **evidence}
        db[name].create(cols, pk="id", foreign_keys=[("notice_id", "notices", "id")], if_not_exists=True)
        db[name].create_index(["notice_id"], if_not_exists=True)
    db["deadlines"].create_index(["date"], if_not_exists=True)
    db["notices"].create_index(["issue_date"], if_not_exists=True)
    db[FILES].create({"id": str, "path": str, "size": int, "mtime_ns": int, "sha256": str}, pk="id", if_not_exists=True)
    if "notices_fts" not in db.table_names():
        db["notices"].enable_fts(["title", "doc_number", "issuer", "text"], tokenize="trigram", create_triggers=True)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def open_db(out_dir):
    """The database of out_dir, created (or recreated, when of an older layout) with empty tables."""
    import sqlite_utils

    path = db_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION and db.table_names():
        db.close()
        path.unlink()
        db = sqlite_utils.Database(path)
    _create(db)
    return db


# ---------------------------------------------------------------- incremental sync
def upsert_record(db, rec: dict, taxonomy: dict | None = None) -> None:
    """Replace every row of one notice (call inside a transaction)."""
    delete_record(db, rec["id"], keep_file=True)
    db["notices"].insert(notice_row(rec), pk="id")
    for table, rows in child_rows(rec, taxonomy).items():
        if rows:
            db[table].insert_all(rows, pk="id")


def delete_record(db, notice_id: str, keep_file: bool = False) -> None:
    for table in CHILDREN:
        db.execute(f"DELETE FROM [{table}] WHERE notice_id = ?", [notice_id])
    db.execute("DELETE FROM notices WHERE id = ?", [notice_id])
    if not keep_file:
        db.execute(f"DELETE FROM [{FILES}] WHERE id = ?", [notice_id])


@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def sync(out_dir, taxonomy: dict | None = None) -> SyncResult:
    """Bring DIR/notices.sqlite in line with DIR/notices/*.yaml (created when missing)."""
    from .record import read_record

    if taxonomy is None:
        from .rules import load_rules

        taxonomy = load_rules().taxonomy
    out = Path(out_dir)
    db = open_db(out)
    res = SyncResult()
    known = {r["id"]: r for r in db[FILES].rows}
    present = {p.stem: p for p in sorted((out / "notices").glob("*.yaml"))}
    with db.conn:
        for nid in sorted(set(known) - set(present)):
            delete_record(db, nid)
            res.removed.append(nid)
        for nid, path in present.items():
            st = path.stat()
            old = known.get(nid)
            if old and old["size"] == st.st_size and old["mtime_ns"] == st.st_mtime_ns:
                res.unchanged += 1
                continue
            raw = path.read_bytes()
            sha = hashlib.sha256(raw).hexdigest()
            stamp = {"id": nid, "path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}
            if old and old["sha256"] == sha:
                db[FILES].upsert(stamp, pk="id")
                res.unchanged += 1
                continue
            rec = read_record(path)
            rec["id"] = nid  # rows are keyed like the file, so a removed file removes its rows
            upsert_record(db, rec, taxonomy)
            db[FILES].upsert(stamp, pk="id")
            (res.updated if old else res.added).append(nid)
    db.close()
    return res


# ---------------------------------------------------------------- search
@dataclass
class Hit:
    id: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    level: str | None
    issue_date: str | None
    snippet: str


def _terms(query: str) -> list[str]:
    return [t for t in re.split(r"\s+", query.strip()) if t]


def _snippet(text: str, terms: list[str], width: int = 30) -> str:
    hits = [(text.find(t), t) for t in terms if t and text.find(t) >= 0]
    if not hits:
        return text[: 2 * width].replace("\n", " ")
    pos, term = min(hits)
    a, b = max(0, pos - width), min(len(text), pos + len(term) + width)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


def search(out_dir, query: str, date_from: dt.date | None = None, date_to: dt.date | None = None,
           level: str | None = None, limit: int = 50) -> list[Hit]:
    """Notices whose title, number, issuer or text hold every word of `query` (issue date and level filters)."""
    db_file = db_path(out_dir)
    if not db_file.is_file() or (Path(out_dir) / "notices").is_dir():
        sync(out_dir)  # cheap when nothing changed: one stat per record
    import sqlite_utils

    db = sqlite_utils.Database(db_file)
    terms = _terms(query)
    where, params = [], []
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    if long_terms:
        where.append("n.rowid IN (SELECT rowid FROM notices_fts WHERE notices_fts MATCH ?)")
        params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
    for t in terms:
        if len(t) < TRIGRAM:
            where.append("(instr(n.title, ?) > 0 OR instr(n.text, ?) > 0 OR instr(n.issuer, ?) > 0"
                         " OR instr(n.doc_number, ?) > 0)")
            params += [t, t, t, t]
    if date_from:
        where.append("n.issue_date >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("n.issue_date <= ?")
        params.append(date_to.isoformat())
    if level:
        where.append("n.level = ?")
        params.append(level)
    sql = ("SELECT n.id, n.title, n.doc_number, n.issuer, n.level, n.issue_date, n.text FROM notices n"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY n.issue_date IS NULL, n.issue_date DESC, n.id LIMIT ?")
    params.append(limit)
    hits = [Hit(r[0], r[1], r[2], r[3], r[4], r[5], _snippet(r[6] or "", terms))
            for r in db.execute(sql, params).fetchall()]
    db.close()
    return hits
