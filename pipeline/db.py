"""DIR/notices.sqlite: every record as rows, for search across notices and for Datasette, and
the index the later stages load instead of thousands of YAML files.

The YAML records stay the source of truth.  During ingest each worker inserts the rows of the
records it writes (on Dask, the client inserts them); `sync` then brings the database in line
with DIR/notices/*.yaml incrementally: a record file whose size or modification time changed
is read again and its rows replaced; a record file that is gone loses its rows; a missing
database (or one of an older layout) is rebuilt from every record.

Tables: notices (one row per record, with its text), deadlines, events, contacts, cites,
labels (topics and requirements with their Chinese names), notices_fts, an FTS5 index over
title and text with the trigram tokenizer, which matches Chinese words of three or more
characters without a segmenter (shorter words fall back to LIKE); records (each record whole,
as JSON in its file's key order: what graph, calendar, compare and report load, 25x faster
than YAML, `light` without text, sections and evidence), record_files (size, modification
time and hash of each record file) and meta (what each derived output was built from).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

DB_NAME = "notices.sqlite"
SCHEMA_VERSION = 2          # bump when the tables change: an older database is rebuilt
FILES = "record_files"      # bookkeeping: which YAML file (size, mtime, hash) each row came from
RECORDS = "records"         # the whole record as JSON, what graph, calendar, compare and report load
META = "meta"               # key/value: the record state each derived output was built from
CHILDREN = ("deadlines", "events", "contacts", "cites", "labels")
TRIGRAM = 3                 # the trigram tokenizer matches terms of at least three characters


def db_path(out_dir) -> Path:
    return Path(out_dir) / DB_NAME


def cap_cache(con: sqlite3.Connection, kib: int) -> None:
    """Bound the page caches of `con`, its own tables' and those made with CREATE TEMP TABLE: past
    that, pages are read from the files (which the system's file cache keeps anyway)."""
    for schema in ("main", "temp"):
        con.execute(f"PRAGMA {schema}.cache_size = -{kib}")


def scratch(cache_kib: int = 1024, autocommit: bool = True) -> sqlite3.Connection:
    """A private temporary SQLite file for a stage's working tables (deleted when closed): what
    would grow with the corpus in memory goes there, behind a page cache of `cache_kib`.  Nothing
    in it outlives the process, so it needs no journal.  autocommit: each statement its own
    transaction unless one is begun; else the sqlite3 module opens them."""
    con = sqlite3.connect("", isolation_level=None if autocommit else "")   # "": a temporary file
    cap_cache(con, cache_kib)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    return con


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
EVIDENCE_COLS = ["evidence_start", "evidence_end", "evidence_page", "evidence_text"]
COLUMNS: dict[str, dict[str, str]] = {
    "notices": {k: ("INTEGER" if k in ("year", "deadline_count", "pages", "complete") else "TEXT")
                for k in notice_row({"id": ""})},
    "deadlines": {**dict.fromkeys(["id", "notice_id", "date", "kind", "what", "submit_to", "materials", "channel",
                                   "contacts", "wording", "precision"], "TEXT"), "tentative": "INTEGER"},
    "events": {**dict.fromkeys(["id", "notice_id", "what", "start", "end", "place", "precision"], "TEXT"),
               "tentative": "INTEGER"},
    "contacts": dict.fromkeys(["id", "notice_id", "name", "org", "phones", "emails"], "TEXT"),
    "cites": dict.fromkeys(["id", "notice_id", "doc_number", "title", "issuer"], "TEXT"),
    "labels": dict.fromkeys(["id", "notice_id", "kind", "label", "label_zh"], "TEXT"),
}
for _t in ("deadlines", "events", "contacts", "cites"):
    COLUMNS[_t].update({"evidence_start": "INTEGER", "evidence_end": "INTEGER", "evidence_page": "INTEGER",
                        "evidence_text": "TEXT"})
FTS_COLUMNS = ["title", "doc_number", "issuer", "text"]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ddl() -> list[str]:
    """The tables as sqlite-utils made them (Datasette finds the FTS table through content=)."""
    sql = []
    for table, cols in COLUMNS.items():
        body = [f"{_q(c)} {t}" + (" PRIMARY KEY" if c == "id" else "") for c, t in cols.items()]
        if table != "notices":
            body = [b.replace('"notice_id" TEXT', '"notice_id" TEXT REFERENCES "notices"("id")') for b in body]
            sql.append(f"CREATE TABLE IF NOT EXISTS {_q(table)} ({', '.join(body)})")
            sql.append(f"CREATE INDEX IF NOT EXISTS {_q('idx_' + table + '_notice_id')} ON {_q(table)} (notice_id)")
        else:
            sql.append(f"CREATE TABLE IF NOT EXISTS {_q(table)} ({', '.join(body)})")
    sql.append('CREATE INDEX IF NOT EXISTS "idx_deadlines_date" ON "deadlines" ("date")')
    sql.append('CREATE INDEX IF NOT EXISTS "idx_notices_issue_date" ON "notices" ("issue_date")')
    sql.append(f'CREATE TABLE IF NOT EXISTS "{FILES}" ("id" TEXT PRIMARY KEY, "path" TEXT, "size" INTEGER, '
               '"mtime_ns" INTEGER, "sha256" TEXT)')
    # the whole record as JSON: what the later stages load (25x faster than YAML), in the file's key order
    sql.append(f'CREATE TABLE IF NOT EXISTS "{RECORDS}" ("id" TEXT PRIMARY KEY, "json" TEXT)')
    sql.append(f'CREATE TABLE IF NOT EXISTS "{META}" ("key" TEXT PRIMARY KEY, "value" TEXT)')
    cols = ", ".join(_q(c) for c in FTS_COLUMNS)
    new = ", ".join(f"new.{_q(c)}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{_q(c)}" for c in FTS_COLUMNS)
    sql.append(f"CREATE VIRTUAL TABLE IF NOT EXISTS \"notices_fts\" USING FTS5 ({cols}, tokenize='trigram', "
               "content=\"notices\")")
    ins = f'INSERT INTO "notices_fts" (rowid, {cols}) VALUES (new.rowid, {new});'
    dele = f'INSERT INTO "notices_fts" ("notices_fts", rowid, {cols}) VALUES(\'delete\', old.rowid, {old});'
    sql.append(f'CREATE TRIGGER IF NOT EXISTS "notices_ai" AFTER INSERT ON "notices" BEGIN {ins} END')
    sql.append(f'CREATE TRIGGER IF NOT EXISTS "notices_ad" AFTER DELETE ON "notices" BEGIN {dele} END')
    sql.append(f'CREATE TRIGGER IF NOT EXISTS "notices_au" AFTER UPDATE ON "notices" BEGIN {dele} {ins} END')
    sql.append(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return sql


def connect(out_dir, timeout: float = 60) -> sqlite3.Connection:
    """The database of out_dir, created (or made again, when of an older layout or not a database
    at all: it is derived from the records) with empty tables.  `timeout`: seconds to wait for
    another process's lock."""
    path = db_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=timeout)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:   # a damaged file ("file is not a database"): made again
        con.close()
        path.unlink()
        con = sqlite3.connect(path, timeout=timeout)
        version = None
    if version != SCHEMA_VERSION:
        try:
            _make_tables(con)
        except BaseException:
            con.close()
            raise
    return con


def _make_tables(con: sqlite3.Connection) -> None:
    """The tables, made in one write transaction and only if the layout is still not this one once
    the lock is held: processes opening a new database together make it once, and an older
    layout is dropped inside the database, never by removing a file another process has open."""
    level, con.isolation_level = con.isolation_level, None
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            if con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                # virtual tables first: their shadow tables go with them
                for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'").fetchall():
                    con.execute(f"DROP TABLE IF EXISTS {_q(name)}")
                for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall():
                    con.execute(f"DROP TABLE IF EXISTS {_q(name)}")
                for stmt in _ddl():
                    con.execute(stmt)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.isolation_level = level


# ---------------------------------------------------------------- writing rows
def _cell(value):
    """A value as sqlite-utils stores it: lists and dicts as JSON, booleans as 0/1."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def record_json(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def record_rows(rec: dict, taxonomy: dict | None = None) -> dict:
    """Every row of one record, ready to insert (made where the record is made: in the worker)."""
    rows = {"notices": [tuple(_cell(v) for v in notice_row(rec).values())], RECORDS: [(rec["id"], record_json(rec))]}
    for table, items in child_rows(rec, taxonomy).items():
        cols = COLUMNS[table]
        rows[table] = [tuple(_cell(item.get(c)) for c in cols) for item in items]
    return rows


def file_stamp(nid: str, path, data: bytes | None = None) -> tuple:
    """(id, path, size, mtime_ns, sha256) of a record file: what tells whether it changed since."""
    path = Path(path)
    st = path.stat()
    data = path.read_bytes() if data is None else data
    return (nid, str(path), st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


class Writer:
    """Rows in and out of the database in a write transaction, committed on close and, with
    `commit_every`, after that many records (a long batch lets a search in meanwhile)."""

    def __init__(self, out_dir, commit_every: int | None = None, timeout: float = 60):
        self.con = connect(out_dir, timeout)
        self.con.isolation_level = None   # transactions are begun and committed here, explicitly
        self.changed = 0
        self.commit_every, self._since = commit_every, 0
        self._insert = {t: f"INSERT OR REPLACE INTO {_q(t)} VALUES ({', '.join('?' * len(c))})"
                        for t, c in COLUMNS.items()}
        self._insert[RECORDS] = f'INSERT OR REPLACE INTO "{RECORDS}" VALUES (?, ?)'
        # IMMEDIATE: the write lock first (waiting for another writer), never a read lock upgraded
        # later, which deadlocks with a second writer (SQLite then fails one at once: "locked")
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.con.close()
            raise

    def _present(self, nid: str) -> bool:
        """Whether `nid` has rows already (a new record needs no delete first: one statement
        instead of eight; asked per id, as a worker's short transaction must not read every id)."""
        return self.con.execute(f'SELECT 1 FROM notices WHERE id = ? UNION ALL SELECT 1 FROM "{RECORDS}" WHERE id = ?',
                                [nid, nid]).fetchone() is not None

    def put(self, nid: str, rows: dict, stamp: tuple) -> None:
        if self._present(nid):
            self.delete(nid, keep_file=True)
        else:
            self.changed += 1
        for table, values in rows.items():
            if values:
                self.con.executemany(self._insert[table], values)
        self.con.execute(f'INSERT OR REPLACE INTO "{FILES}" VALUES (?, ?, ?, ?, ?)', stamp)
        self._since += 1
        if self.commit_every and self._since >= self.commit_every:
            self.commit()

    def stamp(self, stamp: tuple) -> None:
        self.con.execute(f'INSERT OR REPLACE INTO "{FILES}" VALUES (?, ?, ?, ?, ?)', stamp)

    def delete(self, nid: str, keep_file: bool = False) -> None:
        self.changed += 1
        for table in CHILDREN:
            self.con.execute(f"DELETE FROM {_q(table)} WHERE notice_id = ?", [nid])
        self.con.execute("DELETE FROM notices WHERE id = ?", [nid])
        self.con.execute(f'DELETE FROM "{RECORDS}" WHERE id = ?', [nid])
        if not keep_file:
            self.con.execute(f'DELETE FROM "{FILES}" WHERE id = ?', [nid])

    def commit(self) -> None:
        self.con.execute("COMMIT")
        self._since = 0
        self.con.execute("BEGIN IMMEDIATE")

    def close(self) -> None:
        # closed even when the COMMIT fails (a reader held the database past the timeout): an open
        # connection would keep its lock and stall every other process
        try:
            if self.con.in_transaction:
                self.con.execute("COMMIT")
        finally:
            self.con.close()   # what is not committed is rolled back

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            self.con.close()   # no half-written record: the open transaction is rolled back
            return
        self.close()


# ---------------------------------------------------------------- incremental sync
@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def sync(out_dir, taxonomy: dict | None = None) -> SyncResult:
    """Bring DIR/notices.sqlite in line with DIR/notices/*.yaml (created when missing).

    One stat per record file: only a file whose size or modification time changed is read, and
    the database is written (locked) only when something changed."""
    from .record import read_record

    out = Path(out_dir)
    res = SyncResult()
    folder = out / "notices"
    con = connect(out)
    try:   # the folder's listing compared with the rows in SQL (a temporary table): nothing held per record
        con.execute("CREATE TEMP TABLE scan (id TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER)")
        cap_cache(con, 256)
        if folder.is_dir():
            with os.scandir(folder) as it:
                entries = ((e.name[:-5], e.stat()) for e in it
                           if e.name.endswith(".yaml") and not e.name.startswith(".") and e.is_file())
                while chunk := [(nid, st.st_size, st.st_mtime_ns) for nid, st in itertools.islice(entries, 2000)]:
                    con.executemany("INSERT OR REPLACE INTO temp.scan VALUES (?, ?, ?)", chunk)
        # (id, path, size, mtime_ns, the sha256 its rows have, or None): files new or touched
        changed = [(nid, os.path.join(folder, nid + ".yaml"), size, mtime, sha) for nid, size, mtime, sha in con.execute(
            f'SELECT s.id, s.size, s.mtime_ns, f.sha256 FROM temp.scan s LEFT JOIN "{FILES}" f ON f.id = s.id '
            "WHERE f.id IS NULL OR f.size IS NOT s.size OR f.mtime_ns IS NOT s.mtime_ns ORDER BY s.id")]
        res.unchanged = con.execute("SELECT COUNT(*) FROM temp.scan").fetchone()[0] - len(changed)
        gone = [nid for (nid,) in con.execute(   # rows whose file is no longer there
            f'SELECT id FROM "{FILES}" WHERE id NOT IN (SELECT id FROM temp.scan) ORDER BY id')]
    finally:
        con.close()
    if not gone and not changed:
        return res
    with Writer(out) as w:
        for nid in gone:
            w.delete(nid)
            res.removed.append(nid)
        for nid, file, size, mtime, old_sha in changed:
            path = Path(file)
            stamp = (nid, str(path), size, mtime, hashlib.sha256(path.read_bytes()).hexdigest())
            if old_sha == stamp[4]:   # touched, not changed
                w.stamp(stamp)
                res.unchanged += 1
                continue
            if taxonomy is None:
                from .rules import load_rules

                taxonomy = load_rules().taxonomy
            rec = read_record(path)
            rec["id"] = nid  # rows are keyed like the file, so a removed file removes its rows
            w.put(nid, record_rows(rec, taxonomy), stamp)
            (res.updated if old_sha else res.added).append(nid)
    return res


# ---------------------------------------------------------------- reading: what the later stages load
LIGHT_DROP = ("text", "sections", "evidence")   # the bulk of a record; graph and calendar need none of it


GRAPH_KEYS = ("id", "source", "doc_number", "title", "issuer", "level", "region", "issue_date", "cites")
CALENDAR_KEYS = GRAPH_KEYS[:-1] + ("deadlines", "events", "contacts", "completeness")
PARENT_KEYS = ("id", "doc_number", "title", "issue_date", "level", "region", "topics", "requirements")   # that index alone
INDEX_KEYS = ("id", "title", "doc_number", "issuer", "level", "region", "issue_date", "deadlines", "completeness",
              "topics", "warnings")   # a row of the report's list of notices


def _columns(light: bool, keys: tuple[str, ...] | None) -> str:
    if keys:
        return "json_object(" + ", ".join(f"'{k}', json(json -> '$.{k}')" for k in keys) + ")"
    if light:
        return "json_remove(json, " + ", ".join(f"'$.{k}'" for k in LIGHT_DROP) + ")"
    return "json"


def _absent_dropped(rec: dict) -> dict:
    """A record picked out by keys without the fields it lacks (json_object gives them as null)."""
    for k in [k for k, v in rec.items() if v is None]:
        del rec[k]
    return rec


FILE_ORDER = "id || '.yaml'"
NEWEST_FIRST = "coalesce(json ->> '$.issue_date', '') DESC, id DESC"   # the report's list: newest issue date first


def _read_records(out_dir, light: bool, keys: tuple[str, ...] | None, order: str = FILE_ORDER):
    """The records of the index one by one, in the order of their files (SQLite compares UTF-8
    bytes: the order of code points) or NEWEST_FIRST.  Read a chunk at a time, each chunk decoded
    as one array: the decoder then makes each key string once a chunk, not once a record."""
    con = sqlite3.connect(db_path(out_dir), timeout=60)
    try:
        cur = con.execute(f'SELECT {_columns(light, keys)} FROM "{RECORDS}" ORDER BY {order}')
        while chunk := cur.fetchmany(500):
            for rec in json.loads("[" + ",".join(j for (j,) in chunk) + "]"):
                yield _absent_dropped(rec) if keys else rec
    finally:
        con.close()


def load_records(out_dir, light: bool = False, keys: tuple[str, ...] | None = None) -> list[dict]:
    """Every record of out_dir, from the index (brought in line with the YAML files first), in
    the order of their files.  light=True leaves out text, sections and evidence; `keys` keeps
    only those fields (what a stage reads: memory stays small), picked out by SQLite."""
    sync(out_dir)
    return list(_read_records(out_dir, light, keys))


class RecordPasses:
    """The records of out_dir (as load_records gives them) read again from the index at every
    pass instead of held: for a stage that walks them a few times and keeps little of each (the
    graph keeps nodes and edges, not records).  The index is synced once, when this is made."""

    def __init__(self, out_dir, keys: tuple[str, ...] | None = None, light: bool = False, synced: bool = False):
        if not synced:   # synced: another pass of this run has just done it
            sync(out_dir)
        self.out_dir, self.keys, self.light = out_dir, keys, light

    def __iter__(self):
        return _read_records(self.out_dir, self.light, self.keys)

    def walk(self, keys: tuple[str, ...], newest_first: bool = False):
        """One pass reading other fields than `keys` (newest_first: by issue date, then id, descending)."""
        return _read_records(self.out_dir, self.light, keys, NEWEST_FIRST if newest_first else FILE_ORDER)

    def fetch(self, ids: list[str]) -> list[dict]:
        """The records of `ids` (those still in the index), in the order of `ids`."""
        con = sqlite3.connect(db_path(self.out_dir), timeout=60)
        try:
            marks = ", ".join("?" * len(ids))
            rows = con.execute(f'SELECT id, {_columns(self.light, self.keys)} FROM "{RECORDS}" WHERE id IN ({marks})', ids)
            found = dict(rows.fetchall())
        finally:
            con.close()
        return [_absent_dropped(json.loads(found[i])) if self.keys else json.loads(found[i]) for i in ids if i in found]

    def notice_fields(self, fields: tuple[str, ...]):
        """One pass over the plain columns of the notices table (no record's JSON is parsed), each
        row a dict of `fields`: scalar fields of the records, as notice_row copies them."""
        cols = ", ".join(_q(f) for f in fields)
        con = sqlite3.connect(db_path(self.out_dir), timeout=60)
        try:
            for row in con.execute(f'SELECT {cols} FROM "notices"'):
                yield dict(zip(fields, row))
        finally:
            con.close()


class RecordStore:
    """Full records fetched one at a time from the index (for stages that hold light records)."""

    def __init__(self, out_dir):
        self.con = sqlite3.connect(db_path(out_dir), timeout=60)

    def get(self, nid: str) -> dict | None:
        row = self.con.execute(f'SELECT json FROM "{RECORDS}" WHERE id = ?', [nid]).fetchone()
        return json.loads(row[0]) if row else None

    def ids(self):
        """The id of every record, in the order of their files."""
        for (nid,) in self.con.execute(f'SELECT id FROM "{RECORDS}" ORDER BY {FILE_ORDER}'):
            yield nid

    def texts(self):
        """(id, text) of every record, in the order of their files, one at a time."""
        for nid, text in self.con.execute(f"SELECT id, text FROM notices ORDER BY {FILE_ORDER}"):
            yield nid, text or ""

    def close(self) -> None:
        self.con.close()


def state(out_dir) -> str:
    """A fingerprint of the records (ids and file hashes): equal fingerprints, equal records."""
    con = sqlite3.connect(db_path(out_dir), timeout=60)
    try:
        h = hashlib.sha256()
        for nid, sha in con.execute(f'SELECT id, sha256 FROM "{FILES}" ORDER BY id'):
            h.update(f"{nid}\0{sha}\n".encode("utf-8", "surrogateescape"))
        return h.hexdigest()
    finally:
        con.close()


def get_meta(out_dir, key: str) -> str | None:
    con = sqlite3.connect(db_path(out_dir), timeout=60)
    try:
        row = con.execute(f'SELECT value FROM "{META}" WHERE key = ?', [key]).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def set_meta(out_dir, key: str, value: str) -> None:
    con = connect(out_dir)
    try:
        with con:
            con.execute(f'INSERT OR REPLACE INTO "{META}" VALUES (?, ?)', [key, value])
    finally:
        con.close()


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
    db = sqlite3.connect(db_file, timeout=60)
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
