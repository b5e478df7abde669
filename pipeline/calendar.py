"""Deadline and contact calendar from every record: ICS (icalendar), CSV and vCard.

Deadlines become all-day events (DTEND exclusive, RFC 5545) with reminders; schedule
items become one- or multi-day events; vague or provisional dates are TENTATIVE with
their original wording.  UIDs derive from the notice and the item, so importing again
updates instead of duplicating.  Deadlines on a weekend or public holiday are flagged
with the previous working day (chinesecalendar; weekends only outside its years).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import pickle
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .clean import norm_key
from .db import scratch
from .i18n import as_messages
from .record import atomic_write
from .safe import display_width as _width
from .safe import strip_controls
from .sheets import csv_pieces, to_csv, write_xlsx


def is_workday(day: dt.date) -> bool:
    """Chinese working day: official holidays and make-up workdays where chinesecalendar knows the year."""
    try:
        import chinese_calendar

        return chinese_calendar.is_workday(day)
    except (NotImplementedError, ImportError, ValueError):
        return day.weekday() < 5


def previous_workday(day: dt.date) -> dt.date:
    d = day - dt.timedelta(days=1)
    while not is_workday(d):
        d -= dt.timedelta(days=1)
    return d


def holiday_name(day: dt.date, lang: str = "zh") -> str | None:
    """The public holiday on `day`, by its Chinese name (元旦, 春节…) unless lang is "en"."""
    try:
        import chinese_calendar

        on, name = chinese_calendar.get_holiday_detail(day)
        if not (on and name):
            return None
        return name if lang == "en" else chinese_calendar.Holiday(name).chinese
    except (NotImplementedError, ImportError, ValueError):
        return None


@dataclass
class Item:
    """One calendar entry: a deadline or an event of one notice."""

    kind: str                 # deadline | event
    start: dt.date
    end: dt.date              # inclusive
    summary: str
    record: dict
    entry: dict
    tentative: bool
    description: list[str] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    nonworkday: bool = False
    previous_workday: dt.date | None = None

    @property
    def uid(self) -> str:
        rec = self.record
        ident = rec.get("notice_key") or rec.get("doc_number") or rec.get("title") or rec["id"]
        what = self.entry.get("what") or "、".join(self.entry.get("materials") or []) or self.entry.get("submit_to") or ""
        h = hashlib.sha1(f"{ident}|{self.kind}|{self.entry.get('kind', '')}|{what}|{self.start}|{self.end}".encode("utf-8")).hexdigest()
        return f"{h[:20]}@notice-pipeline"


def _d(s) -> dt.date | None:
    if not s:
        return None
    return s if isinstance(s, dt.date) else dt.date.fromisoformat(str(s))


def calendar_view(rec: dict) -> dict:
    """What the calendar (and the report's lists) read of a record, the rest dropped in place as
    it is loaded: the source's path, whether the text is complete and what it lacks, the wording
    of each date's evidence, no contact's evidence (a third of the memory of 10,000 records)."""
    if isinstance(rec.get("source"), dict):
        rec["source"] = {"path": rec["source"].get("path")}
    if isinstance(rec.get("completeness"), dict):
        comp = rec["completeness"]
        rec["completeness"] = {"complete": comp.get("complete", True), "missing": comp.get("missing") or []}
    for part in ("deadlines", "events"):
        for x in rec.get(part) or []:
            if isinstance(x.get("evidence"), dict):
                x["evidence"] = {"text": x["evidence"].get("text")}
    for c in rec.get("contacts") or []:
        c.pop("evidence", None)
    return rec


def sources(rec: dict) -> list[str]:
    """Every file a (merged) record was read from."""
    return rec.get("sources") or [rec["source"]["path"]]


def _source_lines(rec: dict, msg) -> list[str]:
    unknown = msg("list.unknown")
    return [msg("calendar.desc.notice", title=rec.get("title") or msg("calendar.no_title")),
            msg("calendar.desc.meta", doc_number=rec.get("doc_number") or msg("list.none"),
                issuer=rec.get("issuer") or unknown, date=rec.get("issue_date") or unknown),
            msg("calendar.desc.files", files=msg("list.semicolon").join(sources(rec)))]


def weekday(day: dt.date, msg) -> str:
    return msg("calendar.weekday", day=msg(f"report.calendar.weekday{day.weekday()}"))


# ---------------------------------------------------------------- one notice, one set of dates
_norm_issuer = functools.lru_cache(maxsize=65536)(norm_key)   # a few hundred issuers; OpenCC is slow


def _copy_keys(rec: dict) -> list[str]:
    """What makes two records copies of one notice: the doc number, or the issuer with the title."""
    from .graph import _docnum, title_key

    keys = []
    dn = _docnum(rec.get("doc_number"))
    if dn:
        keys.append(f"doc:{dn}")
    if rec.get("issuer") and rec.get("title"):
        keys.append(f"issuer_title:{_norm_issuer(rec['issuer'])}|{title_key(rec['title'])}")
    return keys or [f"record:{rec['id']}"]


def _rank(rec: dict):
    """The copy whose fields lead: a doc number, a whole text, most dates; then a stable order."""
    complete = (rec.get("completeness") or {}).get("complete", True)
    dates = len(rec.get("deadlines") or []) + len(rec.get("events") or [])
    return (not rec.get("doc_number"), not complete, -dates, rec["id"])


def _find(parent: dict[str, str], k: str) -> str:
    """Union-find over copy keys (path halving)."""
    while parent.setdefault(k, k) != k:
        parent[k] = parent[parent[k]]
        k = parent[k]
    return k


def _copy_groups(keyed: Iterable[tuple]) -> dict:
    """(token, copy keys) pairs -> each token's group: tokens sharing a key, even through others,
    share a group.  Holds each token's first key and the union-find of keys, not the pairs."""
    parent: dict[str, str] = {}
    first = {}
    for token, keys in keyed:
        first[token] = keys[0]
        for k in keys[1:]:
            parent[_find(parent, k)] = _find(parent, keys[0])
    return {token: _find(parent, k) for token, k in first.items()}


def _merge(copies: list[dict], keys_of: dict[int, list[str]] | None = None) -> dict:
    """The copies of one notice as one record (see merge_copies); keys_of: their _copy_keys by id()
    when the caller has them."""
    keys_of = keys_of or {id(c): _copy_keys(c) for c in copies}
    copies = sorted(copies, key=_rank)
    lead = dict(copies[0])
    lead["sources"] = sorted({p for c in copies for p in sources(c)})
    lead["records"] = sorted({i for c in copies for i in (c.get("records") or [c["id"]])})
    lead["notice_key"] = min(k for c in copies for k in keys_of[id(c)])
    for part, key in (("deadlines", lambda d: (str(d.get("date")), d.get("kind"))),
                      ("events", lambda e: (str(e.get("start")), str(e.get("end"))))):
        seen, items = set(), []
        for c in copies:
            for x in c.get(part) or []:
                if key(x) not in seen:
                    seen.add(key(x))
                    items.append(x)
        lead[part] = items
    contacts = {}
    for c in copies:
        for person in c.get("contacts") or []:
            contacts.setdefault(person.get("name") or person.get("org") or tuple(person.get("phones") or []), person)
    lead["contacts"] = list(contacts.values())
    return lead


def merge_copies(records: list[dict]) -> list[dict]:
    """One record per notice: copies (the PDF and the web page of one notice) merged, their deadlines
    and events united without repeats, every source listed under `sources`, and `notice_key` the
    notice's identity for stable calendar UIDs."""
    keys_of = {id(rec): _copy_keys(rec) for rec in records}   # once a record: norm_key runs OpenCC
    group = _copy_groups(keys_of.items())
    groups: dict[str, list[dict]] = {}
    for rec in records:
        groups.setdefault(group[id(rec)], []).append(rec)
    return sorted((_merge(copies, keys_of) for copies in groups.values()), key=lambda r: r["id"])


COPY_KEYS = ("id", "doc_number", "issuer", "title")   # what _copy_keys reads: columns of db's notices table
SHOWN_KEYS = ("id", "title", "doc_number", "issuer", "level", "region", "sources", "records", "notice_key", "contacts")


class CopyGroups:
    """Which records are copies of one notice (sharing a copy key, even through others), worked
    out in a private temporary SQLite file rather than a union-find in memory: labels spread
    from record to key and back until none changes (two rounds for copies that share a key
    directly).  Then `group(id)` gives a record's group and its size, `arrived(group)` counts
    the copies seen so far, `members(group)` and `unfinished()` what a merge needs."""

    def __init__(self, records: Iterable[dict]):
        self.con = scratch()
        self.con.execute("CREATE TABLE rec (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, label INTEGER)")
        self.con.execute("CREATE TABLE rec_key (seq INTEGER, key TEXT)")
        self.con.execute("BEGIN")
        rows = ((seq, rec["id"], _copy_keys(rec)) for seq, rec in enumerate(records))
        while chunk := list(itertools.islice(rows, 2000)):
            self.con.executemany("INSERT OR IGNORE INTO rec VALUES (?, ?, ?)", ((q, i, q) for q, i, _ in chunk))
            self.con.executemany("INSERT INTO rec_key VALUES (?, ?)", ((q, k) for q, _, keys in chunk for k in keys))
        self.con.execute("CREATE INDEX rec_key_key ON rec_key (key, seq)")
        self.con.execute("CREATE INDEX rec_key_seq ON rec_key (seq, key)")
        self.con.execute("COMMIT")
        self._spread()
        self.con.execute("CREATE TABLE grp (label INTEGER PRIMARY KEY, size INTEGER, seen INTEGER DEFAULT 0)")
        self.con.execute("INSERT INTO grp (label, size) SELECT label, count(*) FROM rec GROUP BY label")
        self.con.execute("CREATE INDEX rec_label ON rec (label, seq)")

    def _spread(self) -> None:
        lowest_of_key = ("SELECT k.key, min(r.label) AS label FROM rec_key k JOIN rec r ON r.seq = k.seq "
                         "GROUP BY k.key")
        while True:
            self.con.execute("DROP TABLE IF EXISTS key_label")
            self.con.execute(f"CREATE TABLE key_label AS {lowest_of_key}")
            self.con.execute("CREATE UNIQUE INDEX key_label_key ON key_label (key)")
            lowest = ("(SELECT min(kl.label) FROM rec_key k JOIN key_label kl ON kl.key = k.key "
                      "WHERE k.seq = rec.seq)")
            if self.con.execute(f"UPDATE rec SET label = {lowest} WHERE label > {lowest}").rowcount == 0:
                return

    def group(self, nid: str) -> tuple[int, int] | None:
        """(group, number of copies) of a record, or None for one added since (not grouped)."""
        return self.con.execute("SELECT r.label, g.size FROM rec r JOIN grp g ON g.label = r.label WHERE r.id = ?",
                                (nid,)).fetchone()

    def arrived(self, label: int) -> int:
        """One more copy of the group seen: how many so far."""
        self.con.execute("UPDATE grp SET seen = seen + 1 WHERE label = ?", (label,))
        return self.con.execute("SELECT seen FROM grp WHERE label = ?", (label,)).fetchone()[0]

    def members(self, label: int) -> list[str]:
        return [i for (i,) in self.con.execute("SELECT id FROM rec WHERE label = ? ORDER BY seq", (label,))]

    def unfinished(self) -> list[int]:
        """Groups of several copies not all seen (a copy removed between the walks)."""
        return [g for (g,) in self.con.execute("SELECT label FROM grp WHERE size > 1 AND seen < size ORDER BY label")]

    def close(self) -> None:
        self.con.close()


def merged_records(out_dir, synced: bool = False) -> Iterator[dict]:
    """merge_copies of the records of out_dir, read from the index and cut as the calendar shows
    them, one notice at a time (in no set order): a first walk groups the copies (CopyGroups, on
    disk), the second merges a notice read once as it comes and a notice with copies when its
    last copy passes, reading its copies again by id; no record is held beyond its own notice."""
    from .db import CALENDAR_KEYS, RecordPasses

    passes = RecordPasses(out_dir, keys=CALENDAR_KEYS, synced=synced)
    groups = CopyGroups(passes.notice_fields(COPY_KEYS))
    try:
        for rec in passes:
            found = groups.group(rec["id"])
            if found is None:
                continue   # added between the walks (an ingest writing meanwhile): the next run has it
            label, size = found
            if size == 1:
                yield _merge([calendar_view(rec)])
            elif groups.arrived(label) == size:
                yield _merge([calendar_view(r) for r in passes.fetch(groups.members(label))])
        for label in groups.unfinished():
            copies = passes.fetch(groups.members(label))
            if copies:
                yield _merge([calendar_view(r) for r in copies])
    finally:
        groups.close()


class SpilledItems:
    """Calendar items sorted and without repeated UIDs as select_merged gives them, kept in a
    temporary SQLite file instead of memory (each item pickled, its merged record once): the
    calendar of 100,000 notices costs what one of 1,000 does.  Iterable as often as needed.  An
    item's record holds what the outputs show of it (SHOWN_KEYS), not its dates."""

    ORDER = "ORDER BY i.end_day, i.kind, i.summary, i.uid"

    def __init__(self):
        self.con = scratch(autocommit=False)
        self.con.execute("CREATE TABLE notice (id TEXT PRIMARY KEY, rec BLOB)")
        self.con.execute("CREATE TABLE item (uid TEXT PRIMARY KEY, notice TEXT, seq INTEGER, end_day TEXT, "
                         "kind TEXT, summary TEXT, nonworkday INTEGER, data BLOB)")

    def add(self, rec: dict, items: Iterable[Item]) -> None:
        """A merged record and its items; of two items with one UID the one select_merged keeps
        stays: that of the record whose id sorts first."""
        shown = {k: rec[k] for k in SHOWN_KEYS if k in rec}
        self.con.execute("INSERT OR REPLACE INTO notice VALUES (?, ?)", (rec["id"], pickle.dumps(shown, pickle.HIGHEST_PROTOCOL)))
        self.con.executemany(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET notice = excluded.notice, "
            "seq = excluded.seq, end_day = excluded.end_day, kind = excluded.kind, summary = excluded.summary, "
            "nonworkday = excluded.nonworkday, data = excluded.data WHERE (excluded.notice, excluded.seq) < (item.notice, item.seq)",
            [(it.uid, rec["id"], seq, it.end.isoformat(), it.kind, it.summary, it.nonworkday,
              pickle.dumps((it.kind, it.start, it.end, it.summary, it.entry, it.tentative, it.description,
                            it.contacts, it.nonworkday, it.previous_workday), pickle.HIGHEST_PROTOCOL))
             for seq, it in enumerate(items)])

    def __iter__(self) -> Iterator[Item]:
        recs: OrderedDict[str, dict] = OrderedDict()   # the records read last: a notice's items are often near each other
        for data, nid, blob in self.con.execute(
                f"SELECT i.data, n.id, n.rec FROM item i JOIN notice n ON n.id = i.notice {self.ORDER}"):
            rec = recs.get(nid)
            if rec is None:
                rec = recs[nid] = pickle.loads(blob)
                if len(recs) > 256:
                    recs.popitem(last=False)
            kind, start, end, summary, entry, tentative, desc, contacts, nonworkday, previous = pickle.loads(data)
            yield Item(kind, start, end, summary, rec, entry, tentative, desc, contacts, nonworkday, previous)

    def __len__(self) -> int:
        return self.con.execute("SELECT COUNT(*) FROM item").fetchone()[0]

    def count(self, kind: str | None = None, nonworkday: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM item WHERE (? IS NULL OR kind = ?) AND (NOT ? OR nonworkday)"
        return self.con.execute(sql, (kind, kind, nonworkday)).fetchone()[0]

    def records(self, with_items: bool = False) -> Iterator[dict]:
        """The merged records in id order (with_items: only those with an item)."""
        where = "WHERE id IN (SELECT notice FROM item)" if with_items else ""
        for (blob,) in self.con.execute(f"SELECT rec FROM notice {where} ORDER BY id"):
            yield pickle.loads(blob)

    def close(self) -> None:
        self.con.close()


def _contact_line(c: dict, msg) -> str:
    parts = [c.get("name") or "", c.get("org") or "", " ".join(c.get("phones") or []), " ".join(c.get("emails") or [])]
    return msg("list.comma").join(p for p in parts if p)


def _deadline_summary(d: dict, msg) -> str:
    if d["kind"] == "submission":
        what = msg.join(d.get("materials") or []) or msg("calendar.materials")
        if d.get("submit_to"):
            return msg("calendar.submit_to", what=what, to=d["submit_to"])
        return msg("calendar.submit", what=what)
    # a deadline without its own words is named by its kind: 报名截止, 缴费截止
    kind = d.get("kind")
    default = msg.kind("deadline_kind", kind) if kind in ("registration", "payment") else msg("calendar.activity")
    return msg("calendar.ends", what=d.get("what") or default)


def items_of(rec: dict, msg=None) -> list[Item]:
    """The deadlines and events of one record, their texts in msg's language (default Chinese)."""
    msg = as_messages(msg)
    out: list[Item] = []
    contacts = {c.get("name") or c.get("org") or "": c for c in rec.get("contacts") or []}
    for d in rec.get("deadlines") or []:
        day = _d(d["date"])
        own = [contacts[n] for n in d.get("contacts") or [] if n in contacts] or list(contacts.values())
        desc = []
        if d.get("materials"):
            desc.append(msg("calendar.desc.materials", what=msg.join(d["materials"])))
        if d.get("submit_to"):
            desc.append(msg("calendar.desc.submit_to", to=d["submit_to"]))
        if d.get("channel"):
            desc.append(msg("calendar.desc.channel", channel=d["channel"]))
        for c in own:
            desc.append(msg("calendar.desc.contact", contact=_contact_line(c, msg)))
        wording = d.get("wording") or ""
        vague = d.get("precision") not in (None, "day") or d.get("tentative")
        if vague:
            desc.append(msg("calendar.desc.vague_deadline", wording=wording))
        if d.get("evidence", {}).get("text"):
            desc.append(msg("calendar.desc.evidence", text=d["evidence"]["text"]))
        item = Item("deadline", day, day, _deadline_summary(d, msg), rec, d, bool(vague), desc, own)
        if not is_workday(day):
            item.nonworkday = True
            item.previous_workday = previous_workday(day)
            why = holiday_name(day, msg.lang) or weekday(day, msg)
            item.description.insert(0, msg("calendar.desc.nonworkday", day=day, why=why, previous=item.previous_workday))
        item.description += _source_lines(rec, msg)
        out.append(item)
    for e in rec.get("events") or []:
        end = _d(e.get("end"))
        start = _d(e.get("start")) or end
        if end is None:
            continue
        desc = []
        if e.get("place"):
            desc.append(msg("calendar.desc.place", place=e["place"]))
        vague = e.get("precision") not in (None, "day") or e.get("tentative") or not e.get("start")
        if vague:
            wording = (e.get("evidence") or {}).get("text") or ""
            desc.append(msg("calendar.desc.vague_event" if e.get("start") else "calendar.desc.vague_event_undated",
                            wording=wording))
        desc += _source_lines(rec, msg)
        out.append(Item("event", start, end, e.get("what") or msg("calendar.activity"), rec, e, bool(vague), desc))
    return out


def select(records: list[dict], date_from=None, date_to=None, issuer=None, level=None, region=None,
           msg=None) -> list[Item]:
    """Calendar items of the notices that pass the filters; copies of one notice count once."""
    return select_merged(merge_copies(records), date_from, date_to, issuer, level, region, msg)


def select_merged(merged: list[dict], date_from=None, date_to=None, issuer=None, level=None, region=None,
                  msg=None) -> list[Item]:
    """select() of records merge_copies already made one per notice."""
    unique = {}
    for rec in merged:
        for it in _chosen_items(rec, date_from, date_to, issuer, level, region, msg):
            unique.setdefault(it.uid, it)  # one UID once: calendar programs drop repeats silently
    return sorted(unique.values(), key=lambda i: (i.end, i.kind, i.summary, i.uid))


def spill_items(merged: Iterable[dict], date_from=None, date_to=None, issuer=None, level=None, region=None,
                msg=None) -> SpilledItems:
    """select_merged's items, in a temporary file instead of memory (see SpilledItems)."""
    spilled = SpilledItems()
    for rec in merged:
        spilled.add(rec, _chosen_items(rec, date_from, date_to, issuer, level, region, msg))
    return spilled


def _chosen_items(rec: dict, date_from, date_to, issuer, level, region, msg) -> Iterator[Item]:
    """The items of one merged record that pass the filters."""
    if issuer and issuer not in (rec.get("issuer") or ""):
        return
    if level and rec.get("level") != level:
        return
    if region and region not in "".join(v or "" for v in (rec.get("region") or {}).values()):
        return
    for it in items_of(rec, msg):
        if date_from and it.end < date_from:
            continue
        if date_to and it.start > date_to:
            continue
        yield it


def ics_text(value) -> str:
    """An iCalendar TEXT value (RFC 5545 3.3.11), escaped as the icalendar library escapes it."""
    return (str(value).replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character nor
    right after a backslash (as the icalendar library folds)."""
    b = line.encode("utf-8")
    if len(b) <= 74:
        return b
    parts, start = [], 0
    while len(b) - start > 74:
        end = start + 74
        while (b[end] & 0xC0) == 0x80:   # inside a character: it goes to the next line
            end -= 1
        if b[end - 1] in (0x5C, 0x5E) and end - 1 > start:   # keep an escape with what it escapes
            end -= 1
        parts.append(b[start:end])
        start = end
    parts.append(b[start:])
    return b"\r\n ".join(parts)


def to_ics(items: list[Item], alarms_days=(3, 1), msg=None, stamp: dt.datetime | None = None) -> bytes:
    """The calendar as iCalendar text."""
    return b"".join(ics_lines(items, alarms_days, msg, stamp))


def ics_lines(items: list[Item], alarms_days=(3, 1), msg=None, stamp: dt.datetime | None = None):
    """The calendar's lines as bytes, each ending in CRLF, one event at a time (written to the
    file as they come: the whole text is never held).  Written directly (the icalendar library
    took 1.5 ms an event: 15 s for a corpus of 10,000 notices); tests/test_calendar.py checks that
    icalendar reads back every property as the library itself wrote it."""
    msg = as_messages(msg)
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    dtstamp = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    s = lambda text: ics_text(strip_controls(str(text), keep_newlines=False))
    triggers = {days: _trigger(-days) for days in alarms_days}
    crlf = b"\r\n"
    for line in (b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//notice-pipeline//deadline calendar//ZH",
                 b"CALSCALE:GREGORIAN", fold("X-WR-CALNAME:" + ics_text(msg("calendar.name")))):
        yield line + crlf
    for it in items:
        lines = ["BEGIN:VEVENT", "SUMMARY:" + s(it.summary), "DTSTART;VALUE=DATE:" + it.start.strftime("%Y%m%d"),
                 "DTEND;VALUE=DATE:" + (it.end + dt.timedelta(days=1)).strftime("%Y%m%d"),  # exclusive end of an all-day event
                 "DTSTAMP:" + dtstamp, "UID:" + s(it.uid),
                 "CATEGORIES:" + s(it.record.get("doc_number") or msg("calendar.no_doc_number")) + "," + s(msg(f"calendar.{it.kind}"))]
        lines += ["CONTACT:" + s(_contact_line(c, msg)) for c in it.contacts]
        lines.append("DESCRIPTION:" + ics_text("\n".join(strip_controls(str(x), keep_newlines=False) for x in it.description)))
        if it.entry.get("place"):
            lines.append("LOCATION:" + s(it.entry["place"]))
        lines += ["STATUS:" + ("TENTATIVE" if it.tentative else "CONFIRMED"), "TRANSP:TRANSPARENT"]
        if it.nonworkday:
            lines += ["X-NOTICES-NONWORKDAY:TRUE", "X-NOTICES-PREVIOUS-WORKDAY:" + s(it.previous_workday.isoformat())]
        if it.kind == "deadline":
            for days in alarms_days:
                lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + s(msg("calendar.alarm", days=days, summary=it.summary)),
                          "TRIGGER:" + triggers[days], "END:VALARM"]
        lines.append("END:VEVENT")
        yield b"".join(fold(line) + crlf for line in lines)
    yield b"END:VCALENDAR" + crlf


def _trigger(delta_days: int) -> str:
    """A TRIGGER duration as icalendar writes it (-P3D; PT0S for none)."""
    from icalendar import vDuration

    return vDuration(dt.timedelta(days=delta_days)).to_ical().decode("ascii")


DEADLINE_COLUMNS = ["date", "weekday", "nonworkday", "previous_workday", "kind", "what", "submit_to", "channel",
                    "contacts", "title", "doc_number", "issuer", "wording", "tentative", "files"]
CONTACT_COLUMNS = ["name", "org", "phones", "emails", "notices"]


def header(columns: list[str], msg=None) -> list[str]:
    """Column names of a sheet (DEADLINE_COLUMNS, CONTACT_COLUMNS) in msg's language."""
    msg = as_messages(msg)
    return [msg(f"calendar.column.{c}") for c in columns]


def deadline_rows(items: Iterable[Item], msg=None) -> Iterator[list[str]]:
    msg = as_messages(msg)
    yes, semi = msg("list.yes"), msg("list.semicolon")
    for it in items:
        if it.kind != "deadline":
            continue
        e, rec = it.entry, it.record
        yield [it.end.isoformat(), weekday(it.end, msg), yes if it.nonworkday else "",
                     it.previous_workday.isoformat() if it.previous_workday else "",
                     msg.kind("deadline_kind", "submission" if e["kind"] == "submission" else "activity"), it.summary,
                     e.get("submit_to") or "", e.get("channel") or "", semi.join(_contact_line(c, msg) for c in it.contacts),
                     rec.get("title") or "", rec.get("doc_number") or "", rec.get("issuer") or "",
                     e.get("wording") or "", yes if it.tentative else "", semi.join(sources(rec))]


def deadlines_csv(items: list[Item], msg=None) -> str:
    msg = as_messages(msg)
    # a contact without name or unit is a bare number: kept as text (pipeline/sheets.py)
    return to_csv(header(DEADLINE_COLUMNS, msg), deadline_rows(items, msg), text_columns=[msg("calendar.column.contacts")])


@dataclass
class Person:
    name: str | None
    orgs: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def directory(records: Iterable[dict]) -> list[Person]:
    """One entry per person across notices: same name (or, unnamed, a shared number or email)."""
    people: list[Person] = []
    by_name: dict[str, Person] = {}
    first_with: dict[str, int] = {}   # number or email -> the earliest unnamed person holding it
    index_of: dict[int, int] = {}
    digits = lambda p: re.sub(r"\D", "", p)[-8:]
    for rec in records:
        label = rec.get("doc_number") or rec.get("title") or rec["id"]
        for c in rec.get("contacts") or []:
            keys = {digits(p) for p in c.get("phones") or []} | set(c.get("emails") or [])
            if c.get("name"):
                hit = by_name.get(c["name"])
            else:
                found = [first_with[k] for k in keys if k in first_with]
                hit = people[min(found)] if found else None
            if hit is None:
                hit = Person(c.get("name"))
                people.append(hit)
                if hit.name:
                    by_name[hit.name] = hit
            for attr, vals in (("orgs", [c.get("org")] if c.get("org") else []), ("phones", c.get("phones") or []),
                               ("emails", c.get("emails") or []), ("notices", [label])):
                cur = getattr(hit, attr)
                for v in vals:
                    if attr == "phones" and any(digits(v) == digits(x) for x in cur):
                        continue
                    if v not in cur:
                        cur.append(v)
            if not hit.name:
                index = index_of.setdefault(id(hit), len(people) - 1)   # set when it was created: last then
                for k in {digits(x) for x in hit.phones} | set(hit.emails):
                    first_with[k] = min(first_with.get(k, index), index)
    return people


def contact_rows(people: list[Person], msg=None) -> list[list[str]]:
    semi = as_messages(msg)("list.semicolon")
    return [[p.name or "", semi.join(p.orgs), semi.join(p.phones), semi.join(p.emails), semi.join(p.notices)]
            for p in people]


def contacts_csv(people: list[Person], msg=None) -> str:
    msg = as_messages(msg)
    return to_csv(header(CONTACT_COLUMNS, msg), contact_rows(people, msg), text_columns=[msg("calendar.column.phones")])


def write_sheets(out_dir, items: Iterable[Item], people: list[Person], msg=None) -> None:
    """deadlines.csv/.xlsx and contacts.csv/.xlsx in out_dir; phone numbers stay text in both.
    `items` is read twice (a list, or SpilledItems)."""
    msg = as_messages(msg)
    out = Path(out_dir)
    atomic_write(out / "deadlines.csv", csv_pieces(header(DEADLINE_COLUMNS, msg), deadline_rows(items, msg),
                                                   text_columns=[msg("calendar.column.contacts")]))
    atomic_write(out / "contacts.csv", contacts_csv(people, msg))
    write_xlsx(out / "deadlines.xlsx", header(DEADLINE_COLUMNS, msg), deadline_rows(items, msg),
               [msg("calendar.column.contacts")], msg("calendar.sheet.deadlines"))
    write_xlsx(out / "contacts.xlsx", header(CONTACT_COLUMNS, msg), contact_rows(people, msg),
               [msg("calendar.column.phones")], msg("calendar.sheet.contacts"))


def contacts_vcf(people: list[Person], msg=None) -> str:
    return "".join(vcards(people, msg))


def vcards(people: list[Person], msg=None):
    """One vCard text a person, as they are made (written to the file as they come)."""
    import vobject

    msg = as_messages(msg)
    s = lambda text: strip_controls(str(text), keep_newlines=False)
    for p in people:
        p = Person(s(p.name) if p.name else None, [s(x) for x in p.orgs], [s(x) for x in p.phones],
                   [s(x) for x in p.emails], [s(x) for x in p.notices])
        if not (p.name or p.orgs or p.phones or p.emails):
            continue
        card = vobject.vCard()
        name = p.name or (p.orgs[0] if p.orgs else (p.phones + p.emails)[0])
        card.add("fn").value = name
        card.add("n").value = vobject.vcard.Name(family=name[:1] if p.name else "", given=name[1:] if p.name else name)
        if p.orgs:
            card.add("org").value = [p.orgs[0]]
        for ph in p.phones:
            t = card.add("tel")
            t.value = ph
            t.type_param = "CELL" if re.sub(r"\D", "", ph).startswith("1") else "WORK"
        for em in p.emails:
            e = card.add("email")
            e.value = em
            e.type_param = "INTERNET"
        card.add("note").value = msg("calendar.desc.seen_in", notices=msg("list.semicolon").join(p.notices))
        yield card.serialize()


def write_calendar(out_dir, alarms_days=(3, 1), msg=None, **filters) -> SpilledItems:
    """calendar.ics, the sheets and contacts.vcf of out_dir, their texts in msg's language (default
    Chinese).  Read from the index a notice at a time and the items sorted in a temporary file:
    what is held does not grow with the records (but for the contact directory: one entry a person)."""
    msg = as_messages(msg)
    out = Path(out_dir)
    items = spill_items(merged_records(out), msg=msg, **filters)
    atomic_write(out / "calendar.ics", ics_lines(items, alarms_days, msg))
    people = directory(items.records(with_items=any(filters.values())))
    write_sheets(out, items, people, msg)
    atomic_write(out / "contacts.vcf", vcards(people, msg))
    return items


def _cell(text: str, width: int, right: bool = False) -> str:
    pad = " " * max(0, width - _width(text))
    return pad + text if right else text + pad


def upcoming_table(items: list[Item], today: dt.date, days: int, msg=None) -> str:
    """What is due from `today` for `days` days, a table for the terminal in msg's language."""
    msg = as_messages(msg)
    end = today + dt.timedelta(days=days)
    rows = [it for it in items if today <= it.end <= end or (it.kind == "event" and it.start <= end and it.end >= today)]
    if not rows:
        return msg("calendar.upcoming.nothing", start=today, end=end)
    head = [msg(f"calendar.upcoming.head_{c}") for c in ("date", "left", "kind", "what")]
    kinds = {k: msg(f"calendar.{k}") for k in ("deadline", "event")}
    widths = [10, max(4, _width(head[1])), max(_width(head[2]), *(_width(k) for k in kinds.values()))]
    lines = ["  ".join(_cell(h, w) for h, w in zip(head, widths)) + "  " + head[3]]
    indent = " " * (sum(widths) + 6)
    for it in rows:
        flag = "  " + msg("calendar.upcoming.early", day=it.previous_workday) if it.nonworkday else ""
        who = msg("list.semicolon").join(_contact_line(c, msg) for c in it.contacts[:2])
        cells = [it.end.isoformat(), _cell(str((it.end - today).days), widths[1], right=True), kinds[it.kind]]
        lines.append("  ".join(_cell(c, w) for c, w in zip(cells, widths)) + "  " + it.summary + flag
                     + (f"\n{indent}" + msg("calendar.upcoming.contact", who=who) if who else "")
                     + "".join(f"\n{indent}" + ref for ref in [" ".join(x for x in (it.record.get("doc_number"), it.record.get("title")) if x)] if ref))
    return "\n".join(lines)
