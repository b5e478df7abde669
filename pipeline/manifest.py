"""The manifest of an output folder (DIR/manifest.sqlite): one row per input file.

A row is keyed on the file's resolved path (a URL as given) and keeps its content hash, the
rules and pipeline versions it was parsed with, its size and modification time, and its record
id or why it failed.  A table rather than a file loaded whole: a run looks each file up as it
meets it, so an unchanged re-run holds nothing per file, and each finished file is one
committed row (write-ahead log, no disk sync per row), so a killed run loses only the files in
flight.  The manifest.json of earlier versions (and the journal of a run killed under them) is
taken over once, so record ids stay what they were.
"""
from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from .db import cap_cache, scratch

FILE = "manifest.sqlite"
OLD_FILE = "manifest.json"          # the manifest of versions before the table
OLD_JOURNAL = "manifest.journal"
LAYOUT = 1                           # PRAGMA user_version of this layout
COLUMNS = ("path", "sha256", "rules_version", "pipeline_version", "size", "mtime_ns", "id", "status", "error")
_AS_BYTES = frozenset({"path", "error"})   # file names need not be UTF-8: kept as their bytes
_DDL = (
    # size and mtime_ns without a type: a URL's modification time is the listing's text
    "CREATE TABLE files (key BLOB PRIMARY KEY, path BLOB, sha256 TEXT, rules_version TEXT, "
    "pipeline_version TEXT, size, mtime_ns, id TEXT, status TEXT NOT NULL DEFAULT 'ok', error BLOB) WITHOUT ROWID",
    "CREATE INDEX files_ok_id ON files (id) WHERE status = 'ok'",
)
CHUNK = 500
CACHE_KIB = 256


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _text(value):
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


class Manifest:
    """The manifest of `out_dir`, opened (made, or taken over from manifest.json) for one run.

    `known`: whether it holds what an earlier run wrote; a manifest lost or damaged is made
    again empty, and then records it does not list are not taken for orphans."""

    def __init__(self, out_dir: Path):
        self.out = Path(out_dir)
        self.path = self.out / FILE
        self.changes = 0   # rows written or removed by this run
        self.con, self.known = self._open()
        self.con.execute("CREATE TEMP TABLE seen (key BLOB PRIMARY KEY) WITHOUT ROWID")
        cap_cache(self.con, CACHE_KIB)   # lookups by key touch a few pages

    # ------------------------------------------------------------ opening
    def _open(self) -> tuple[sqlite3.Connection, bool]:
        """The connection, and whether it holds an earlier run's rows.  A file of this layout
        that passes SQLite's quick check is used as it is; a new (or empty) file, one of another
        layout or a damaged one is made again, with an old manifest.json taken over.  Only
        damage removes a file: a lock, a full disk or an I/O error is raised as it is."""
        try:
            con = self._connect()
            try:
                if con.execute("PRAGMA user_version").fetchone()[0] == LAYOUT:
                    if con.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                        return con, True
                    raise sqlite3.DatabaseError("quick_check failed")
            except BaseException:
                con.close()
                raise
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):
                raise
            for suffix in ("", "-wal", "-shm"):   # not a database, or malformed: made again
                try:
                    os.unlink(f"{self.path}{suffix}")
                except FileNotFoundError:
                    pass
            con = self._connect()
        try:
            read = self._make(con)
        except BaseException:
            con.close()
            raise
        for f in (self.out / OLD_FILE, self.out / OLD_JOURNAL):
            try:
                f.unlink()
            except OSError:
                pass
        return con, read

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, isolation_level=None)   # autocommit: each row its own transaction
        try:
            # one process at a time (the run's lock file): exclusive locking lets the write-ahead
            # log do without shared memory, which network filesystems do not give
            con.execute("PRAGMA locking_mode = EXCLUSIVE")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")   # a crash of the process loses nothing committed
        except BaseException:
            con.close()
            raise
        return con

    def _make(self, con: sqlite3.Connection) -> bool:
        """The table, with the rows of an old manifest.json, and the layout's mark, in one
        transaction: a run stopped meanwhile leaves no table that looks like a manifest, and
        manifest.json is still there for the next.  Whether a manifest.json was read."""
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("DROP TABLE IF EXISTS files")
            for stmt in _DDL:
                con.execute(stmt)
            entries, read = _old_manifest(self.out)
            con.executemany(self._insert, (self._row(key, entry) for key, entry in entries.items()
                                           if isinstance(entry, dict)))
            con.execute(f"PRAGMA user_version = {LAYOUT}")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:   # SQLite may have rolled back already (a full disk)
                con.execute("ROLLBACK")
            raise
        return read

    # ------------------------------------------------------------ rows
    _insert = f"INSERT OR REPLACE INTO files (key, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"

    @staticmethod
    def _row(key: str, entry: dict) -> tuple:
        values = [entry.get(c) for c in COLUMNS]
        values[COLUMNS.index("status")] = entry.get("status") or "ok"
        return (_bytes(key), *(_bytes(v) if c in _AS_BYTES and isinstance(v, str) else v
                               for c, v in zip(COLUMNS, values)))

    @staticmethod
    def _entry(values) -> dict:
        return {c: _text(v) for c, v in zip(COLUMNS, values) if v is not None}

    def get(self, key: str) -> dict | None:
        row = self.con.execute(f"SELECT {', '.join(COLUMNS)} FROM files WHERE key = ?", (_bytes(key),)).fetchone()
        return None if row is None else self._entry(row)

    def put(self, key: str, entry: dict | None) -> None:
        """The file's entry, committed (None: the file is no longer in the manifest)."""
        if entry is None:
            self.con.execute("DELETE FROM files WHERE key = ?", (_bytes(key),))
        else:
            self.con.execute(self._insert, self._row(key, entry))
        self.changes += 1

    def owner(self, rid: str) -> str | None:
        """The key of the file whose record has id `rid`, if one has."""
        row = self.con.execute("SELECT key FROM files WHERE id = ? AND status = 'ok'", (rid,)).fetchone()
        return None if row is None else _text(row[0])

    def keys(self) -> Iterator[str]:
        return (key for key, _ in self.items())

    def items(self) -> Iterator[tuple[str, dict]]:
        """Every (key, entry), in key order, a chunk at a time (no statement stays open while rows change)."""
        last = b""
        while chunk := self.con.execute(f"SELECT key, {', '.join(COLUMNS)} FROM files WHERE key > ? ORDER BY key "
                                        "LIMIT ?", (last, CHUNK)).fetchall():
            yield from ((_text(row[0]), self._entry(row[1:])) for row in chunk)
            last = chunk[-1][0]

    def unowned(self, ids: Iterable[str]) -> Iterator[str]:
        """Those of `ids` that no file's record has."""
        it = iter(ids)
        while chunk := list(itertools.islice(it, CHUNK)):
            owned = {rid for (rid,) in self.con.execute(
                f"SELECT id FROM files WHERE status = 'ok' AND id IN ({', '.join('?' * len(chunk))})", chunk)}
            yield from (rid for rid in chunk if rid not in owned)

    def first_visit(self, key: str) -> bool:
        """Whether this run meets the file for the first time (a folder named twice, a link)."""
        return self.con.execute("INSERT OR IGNORE INTO temp.seen VALUES (?)", (_bytes(key),)).rowcount == 1

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _old_manifest(out_dir: Path) -> tuple[dict, bool]:
    """The entries of the manifest.json of an earlier version, with its killed run's journal
    folded in (read whole, once), and whether a manifest.json was read."""
    try:
        entries = json.loads((out_dir / OLD_FILE).read_text(encoding="utf-8", errors="surrogateescape"))
        read = isinstance(entries, dict)
    except (OSError, ValueError):
        entries, read = {}, False
    if not read:
        entries = {}
    try:
        with open(out_dir / OLD_JOURNAL, encoding="utf-8", errors="surrogateescape") as fh:
            for line in fh:
                try:
                    item = json.loads(line)
                except ValueError:
                    break  # the line a killed run was writing
                entries[item["key"]] = item.get("entry")
    except OSError:
        pass
    return entries, read


def read_manifest(out_dir) -> dict[str, dict]:
    """Every entry of DIR's manifest, by key (whole: for tests and small folders)."""
    if not (Path(out_dir) / FILE).exists():
        return {}
    with Manifest(out_dir) as m:
        return dict(m.items())


class Pending:
    """The files a run is to parse, as tasks (key, path, sha, record id, (size, mtime_ns)), in the
    order planned: a private temporary SQLite file rather than a list, so a first run of 100,000
    files does not hold 100,000 tasks; and the record ids given out to them."""

    def __init__(self):
        self.con = scratch(CACHE_KIB)
        self.con.execute("CREATE TABLE task (seq INTEGER PRIMARY KEY, key BLOB, path BLOB, sha TEXT, id TEXT, "
                         "size, mtime_ns)")
        self.con.execute("CREATE INDEX task_id ON task (id)")
        self.count = 0
        self.con.execute("BEGIN")   # one transaction while planning

    def add(self, key: str, path: str, sha: str | None, rid: str, stat: tuple) -> None:
        self.con.execute("INSERT INTO task (key, path, sha, id, size, mtime_ns) VALUES (?, ?, ?, ?, ?, ?)",
                         (_bytes(key), _bytes(path), sha, rid, *stat))
        self.count += 1

    def owner(self, rid: str) -> str | None:
        """The key of the task given record id `rid`, if one was."""
        row = self.con.execute("SELECT key FROM task WHERE id = ? LIMIT 1", (rid,)).fetchone()
        return None if row is None else _text(row[0])

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple]:
        if self.con.in_transaction:
            self.con.execute("COMMIT")
        last = 0
        while chunk := self.con.execute("SELECT seq, key, path, sha, id, size, mtime_ns FROM task WHERE seq > ? "
                                        "ORDER BY seq LIMIT ?", (last, CHUNK)).fetchall():
            yield from ((_text(k), _text(p), sha, rid, (size, mtime)) for _, k, p, sha, rid, size, mtime in chunk)
            last = chunk[-1][0]

    def close(self) -> None:
        self.con.close()
