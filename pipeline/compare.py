"""Compare a local notice with the directives above it: themes, topics and requirements,
schedule, and text reuse.

Ancestors come from the citation graph, nearest first; a notice that cites no ingested
document gets an inferred parent (title, year, topics, level and region), marked as
inferred with its score.  A parent whose stored text is incomplete is said to be so,
and what the local notice adds is then only "possibly added".  Reads records only.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .clean import norm_key
from .graph import LEVEL_RANK, build_graph, find_node, notice_key, title_key
from .i18n import as_messages, message, parse_stored
from .record import atomic_write, dump_yaml
from .safe import md

NGRAM = 4
MIN_SENTENCE = 10
MATCH_CUTOFF = 0.6
SHORT = 30          # a sentence shorter than this needs a closer match
SHORT_CUTOFF = 0.8


# ---------------------------------------------------------------- ancestors
def ancestors(g, key: str) -> list[dict]:
    """Ancestors nearest first: [{key, distance, ingested}] by breadth-first walk over citations
    (ingested: a notice of the corpus, not a placeholder for a cited document)."""
    out, seen, frontier, dist = [], {key}, [key], 0
    while frontier:
        dist += 1
        nxt = []
        for n in frontier:
            for m, d, e in sorted(g.cites(n), key=lambda link: LEVEL_RANK.get(link[1].get("level"), 9)):
                if m in seen:
                    continue
                seen.add(m)
                out.append({"key": m, "distance": dist, "ingested": d.get("kind") == "notice",
                            "via": e.get("resolved_by")})
                nxt.append(m)
        frontier = nxt
    return out


def _year(rec: dict) -> str | None:
    if rec.get("issue_date"):
        return str(rec["issue_date"])[:4]
    m = re.search(r"(?:19|20)\d{2}", rec.get("title") or "")
    return m.group(0) if m else None


MAX_PARENT_YEARS = 1      # a directive is carried out in its year or the next
MIN_INFERRED_SCORE = 0.5


def plausible_parent(rec: dict, c: dict) -> str | None:
    """Why `c` cannot be the parent of `rec` (None when it can): it must be above it, national or of
    its province, of the same or the year before, and share a topic or requirement with it."""
    if c["id"] == rec["id"] or notice_key(c) == notice_key(rec):
        return "same notice"
    if LEVEL_RANK.get(c.get("level"), 9) >= LEVEL_RANK.get(rec.get("level"), 4):
        return "not above it"
    prov, cprov = (rec.get("region") or {}).get("province"), (c.get("region") or {}).get("province")
    if c.get("level") != "national" and not (prov and cprov == prov):
        return "another province"
    y, cy = _year(rec), _year(c)
    if not (y and cy and 0 <= int(y) - int(cy) <= MAX_PARENT_YEARS):
        return "another year"
    own = set(rec.get("topics") or []) | set(rec.get("requirements") or [])
    theirs = set(c.get("topics") or []) | set(c.get("requirements") or [])
    if not own & theirs:
        return "no shared topic"
    return None


def infer_parent(rec: dict, candidates: list[dict]) -> tuple[dict, float, dict] | None:
    """The most likely parent of a notice that cites none: (record, score, parts of the score),
    or None when no candidate is plausible (see plausible_parent) or scores MIN_INFERRED_SCORE."""
    from rapidfuzz import fuzz

    own_topics = set(rec.get("topics") or []) | set(rec.get("requirements") or [])
    best = None
    for c in candidates:
        if plausible_parent(rec, c) is not None:
            continue
        title = fuzz.token_set_ratio(title_key(rec.get("title"), True), title_key(c.get("title"), True)) / 100
        theirs = set(c.get("topics") or []) | set(c.get("requirements") or [])
        topics = len(own_topics & theirs) / len(own_topics | theirs)
        score = 0.45 * title + 0.25 * topics + 0.15 + 0.15  # year and level/region hold for every plausible one
        parts = {"title": round(title, 3), "topics": round(topics, 3), "year": 1.0, "level_region": 1.0}
        if score >= MIN_INFERRED_SCORE and (best is None or score > best[1]):
            best = (c, round(score, 3), parts)
    return best


class Parents:
    """The index of candidates for a notice's inferred parent, built once for a corpus: by (province,
    or national) and year it holds exactly the records plausible_parent can accept, so a notice is
    scored against those only, not against every record.  A block larger than MAX_CANDIDATES (a
    national corpus: thousands of notices of one province and year) is narrowed to the nearest
    titles and topics (rapidfuzz, in C++) before scoring, read a chunk at a time.  The fields
    scoring reads (PARENT_FIELDS) of each record are rows of a temporary SQLite file: the index of
    100,000 notices costs the memory of one of 1,000, and `records` may be a single pass over the
    index."""

    NATIONAL = ""
    COLUMNS = "seq, id, doc_number, title, issue_date, level, province, topics, requirements"

    def __init__(self, records: Iterable[dict]):
        from .db import scratch

        self.con = scratch(512)
        self.con.execute(f"CREATE TABLE entry ({self.COLUMNS}, place TEXT, year INTEGER)")
        self.con.execute("BEGIN")
        self.con.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._rows(records))
        self.con.execute("CREATE INDEX entry_block ON entry (place, year, seq)")
        self.con.execute("COMMIT")

    def _rows(self, records: Iterable[dict]) -> Iterator[tuple]:
        for seq, c in enumerate(records):
            year = _year(c)
            if c.get("level") not in LEVEL_RANK or not (year and year.isdigit()):
                continue  # never above anything, or of no year: plausible_parent refuses it
            prov = (c.get("region") or {}).get("province")
            place = self.NATIONAL if c.get("level") == "national" else prov
            if place is None:
                continue
            yield (seq, c["id"], c.get("doc_number"), c.get("title"),
                   str(c["issue_date"]) if c.get("issue_date") else None, c.get("level"), prov,
                   "\n".join(c.get("topics") or ()), "\n".join(c.get("requirements") or ()), place, int(year))

    def candidates(self, rec: dict) -> list[dict]:
        """The records that may be `rec`'s inferred parent (PARENT_FIELDS of each), in corpus order
        (ties go to the first)."""
        year = _year(rec)
        if not (year and year.isdigit()):
            return []
        prov = (rec.get("region") or {}).get("province")
        places = [self.NATIONAL] + ([prov] if prov else [])
        block = (f"FROM entry WHERE place IN ({', '.join('?' * len(places))}) AND year IN (?, ?)",
                 (*places, int(year), int(year) - 1))
        found = self.con.execute(f"SELECT {self.COLUMNS} {block[0]} ORDER BY seq LIMIT ?",
                                 (*block[1], MAX_CANDIDATES + 1)).fetchall()
        if len(found) > MAX_CANDIDATES:
            found = self._nearest(rec, self.con.execute(f"SELECT {self.COLUMNS} {block[0]} ORDER BY seq", block[1]))
        return [_candidate(e) for e in found]

    def close(self) -> None:
        self.con.close()

    @staticmethod
    def _nearest(rec: dict, rows) -> list[tuple]:
        """Of a large block (rows in corpus order), the MAX_CANDIDATES // 2 nearest by title and as many
        by shared topics (ties: the first), in corpus order; the block read a chunk at a time."""
        import heapq

        from rapidfuzz import fuzz

        own = set(rec.get("topics") or []) | set(rec.get("requirements") or [])
        key = title_key(rec.get("title"), True)
        half = MAX_CANDIDATES // 2
        by_title: list[tuple] = []    # heaps of (score, -seq, entry): the smallest leaves first
        by_topic: list[tuple] = []
        while chunk := rows.fetchmany(2000):
            for e in chunk:
                score = fuzz.token_set_ratio(key, title_key(e[3], True))
                theirs = set(_split(e[7])) | set(_split(e[8]))
                overlap = len(own & theirs) / (len(own | theirs) or 1)
                for heap, value in ((by_title, float(score)), (by_topic, overlap)):
                    item = (value, -e[0], e)
                    if len(heap) < half:
                        heapq.heappush(heap, item)
                    elif item > heap[0]:
                        heapq.heapreplace(heap, item)
        keep = {item[2] for item in by_title} | {item[2] for item in by_topic}
        return sorted(keep)


def _split(joined: str | None) -> list[str]:
    return joined.split("\n") if joined else []


def _candidate(entry: tuple) -> dict:
    """A candidate parent as a record of PARENT_FIELDS (fields it lacks left out)."""
    _, nid, doc_number, title, issue_date, level, prov, topics, requirements = entry
    rec = {"id": nid, "doc_number": doc_number, "title": title, "issue_date": issue_date, "level": level,
           "region": {"province": prov}, "topics": _split(topics), "requirements": _split(requirements)}
    return {k: v for k, v in rec.items() if v is not None}


MAX_CANDIDATES = 400


# ---------------------------------------------------------------- themes
def _bare(s: str) -> str:
    return re.sub(r"[^\w]", "", norm_key(s))


def compare_themes(local: list[str], parent: list[str]) -> list[dict]:
    from rapidfuzz import fuzz

    out = []
    for t in local:
        verdict, match, score = "own", None, 0.0
        for p in parent:
            if t == p:
                verdict, match, score = "identical", p, 1.0
                break
            if _bare(t) == _bare(p):
                verdict, match, score = "identical_up_to_punctuation", p, 1.0
                break
            r = fuzz.ratio(_bare(t), _bare(p)) / 100
            if r >= 0.6 and r > score:
                verdict, match, score = "adapted", p, r
        out.append({"theme": t, "verdict": verdict, "parent_theme": match, "similarity": round(score, 3)})
    return out


# ---------------------------------------------------------------- topics and requirements
def compare_labels(local: dict, parent: dict, kind: str, parent_complete: bool, local_complete: bool = True) -> dict:
    """Labels both have (covered), the parent's the local lacks (omitted), the local's own (added).
    Omissions are judged only where both texts are complete, additions only where the parent's is:
    otherwise they are "possibly" so, since the missing part may hold them."""
    mine, theirs = set(local.get(kind) or []), set(parent.get(kind) or [])
    ev_l = (local.get("evidence") or {}).get(kind) or {}
    ev_p = (parent.get("evidence") or {}).get(kind) or {}
    item = lambda lab: {"id": lab, "local": (ev_l.get(lab) or {}).get("text"), "parent": (ev_p.get(lab) or {}).get("text")}
    res = {"covered": [item(x) for x in sorted(mine & theirs)]}
    omitted = [item(x) for x in sorted(theirs - mine)]
    if parent_complete and local_complete:
        res["omitted"] = omitted
    else:
        res["omitted"] = []
        res["possibly_omitted"] = omitted
    added = [item(x) for x in sorted(mine - theirs)]
    if parent_complete:
        res["added"] = added
    else:
        # the parent's missing part may hold them: not judged as added
        res["added"] = []
        res["possibly_added"] = added
    return res


# ---------------------------------------------------------------- schedule
def _date(s) -> dt.date | None:
    return dt.date.fromisoformat(str(s)) if s else None


def compare_schedule(local: dict, parent: dict) -> dict:
    window = [(_date(e.get("start")) or _date(e.get("end")), _date(e.get("end"))) for e in parent.get("events") or [] if e.get("end")]
    lo = min((a for a, _ in window), default=None)
    hi = max((b for _, b in window), default=None)
    events = []
    for e in local.get("events") or []:
        s, t = _date(e.get("start")), _date(e.get("end"))
        if lo is None or t is None:
            verdict = "no parent window"
        elif (s or t) >= lo and t <= hi:
            verdict = "inside"
        elif (s or t) <= hi and t >= lo:
            verdict = "overlaps"
        else:
            verdict = "after" if (s or t) > hi else "before"
        events.append({"what": e.get("what"), "start": e.get("start"), "end": e.get("end"), "verdict": verdict,
                       "days_outside": (max(0, (t - hi).days) if hi and t and t > hi else
                                        max(0, (lo - (s or t)).days) if lo and (s or t) < lo else 0)})
    parent_sub = sorted(_date(d["date"]) for d in parent.get("deadlines") or [] if d.get("kind") == "submission")
    deadlines = []
    for d in local.get("deadlines") or []:
        if d.get("kind") != "submission":
            continue
        day = _date(d["date"])
        later = [p for p in parent_sub if day > p]
        deadlines.append({"date": d["date"], "submit_to": d.get("submit_to"),
                          "after_parent_deadline": later[-1].isoformat() if later else None,
                          "flag": bool(later)})
    return {"parent_window": [lo.isoformat() if lo else None, hi.isoformat() if hi else None],
            "events": events, "deadlines": deadlines,
            "parent_deadlines": [p.isoformat() for p in parent_sub]}


# ---------------------------------------------------------------- text reuse
@dataclass
class Sentence:
    start: int
    end: int
    text: str
    key: str


def sentences(text: str) -> list[Sentence]:
    out = []
    for m in re.finditer(r"[^。！？；;!?\n]+[。！？；;!?]?", text):
        key = _bare(m.group(0))
        # a line that is only a document number or a date is letterhead, not text to reuse
        if re.fullmatch(r"\w{1,14}(?:19|20)\d{2}\d{1,4}号|\d{4}年\d{1,2}月\d{1,2}日(?:印发)?", key):
            continue
        if len(key) >= MIN_SENTENCE:
            out.append(Sentence(m.start(), m.end(), m.group(0).strip(), key))
    return out


def text_reuse(local_text: str, parent_text: str) -> dict:
    """Aligned passages: character 4-gram seeds pick candidate sentences, rapidfuzz scores them,
    consecutive matches in the same order merge into passages."""
    from rapidfuzz import fuzz

    ls, ps = sentences(local_text), sentences(parent_text)
    index: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(ps):
        for g in {s.key[i:i + NGRAM] for i in range(len(s.key) - NGRAM + 1)}:
            index[g].append(j)
    matches = []   # (local idx, parent idx, similarity)
    for i, s in enumerate(ls):
        grams = {s.key[k:k + NGRAM] for k in range(len(s.key) - NGRAM + 1)}
        counts = Counter(j for g in grams for j in index.get(g, ()))
        best = None
        for j, n in counts.most_common(5):
            if n < 0.2 * len(grams):
                break
            sim = max(fuzz.ratio(s.key, ps[j].key), 0.9 * fuzz.partial_ratio(s.key, ps[j].key)
                      if min(len(s.key), len(ps[j].key)) >= 20 else 0) / 100
            cutoff = SHORT_CUTOFF if min(len(s.key), len(ps[j].key)) < SHORT else MATCH_CUTOFF
            if sim >= cutoff and (best is None or sim > best[1]):
                best = (j, sim)
        if best:
            matches.append((i, best[0], best[1]))
    passages = []
    for i, j, sim in matches:
        last = passages[-1] if passages else None
        if last and i - last["_li"] <= 2 and 0 < j - last["_pj"] <= 3:
            last["_li"], last["_pj"] = i, j
            last["_sims"].append((len(ls[i].key), sim))
            last["local_span"][1] = ls[i].end
            last["parent_span"][1] = ps[j].end
        else:
            passages.append({"_li": i, "_pj": j, "_sims": [(len(ls[i].key), sim)],
                             "local_span": [ls[i].start, ls[i].end], "parent_span": [ps[j].start, ps[j].end]})
    out_passages = []
    for p in passages:
        w = sum(n for n, _ in p["_sims"])
        a, b = p["local_span"]
        c, d = p["parent_span"]
        out_passages.append({"similarity": round(sum(n * s for n, s in p["_sims"]) / w, 3),
                             "local_span": [a, b], "parent_span": [c, d], "chars": w,
                             "local": local_text[a:b][:300], "parent": parent_text[c:d][:300]})
    l_total = sum(len(s.key) for s in ls) or 1
    p_total = sum(len(s.key) for s in ps) or 1
    l_used = sum(len(ls[i].key) * sim for i, _, sim in matches)
    p_best: dict[int, float] = {}
    for _, j, sim in matches:
        p_best[j] = max(p_best.get(j, 0), sim)
    p_used = sum(len(ps[j].key) * sim for j, sim in p_best.items())
    return {"local_share": round(l_used / l_total, 3), "parent_share": round(p_used / p_total, 3),
            "passages": sorted(out_passages, key=lambda x: -x["chars"])}


# ---------------------------------------------------------------- report
def compare_pair(local: dict, parent: dict, relation: dict) -> dict:
    complete = (parent.get("completeness") or {}).get("complete", True)
    local_complete = (local.get("completeness") or {}).get("complete", True)
    res = {
        "parent": {"id": parent["id"], "doc_number": parent.get("doc_number"), "title": parent.get("title"),
                   "level": parent.get("level"), **relation},
        "parent_complete": complete,
        "themes": compare_themes(local.get("themes") or [], parent.get("themes") or []),
        "topics": compare_labels(local, parent, "topics", complete, local_complete),
        "requirements": compare_labels(local, parent, "requirements", complete, local_complete),
        "schedule": compare_schedule(local, parent),
        "text_reuse": text_reuse(local.get("text") or "", parent.get("text") or ""),
    }
    # notes for people: English in compare/<id>.yaml, said in the reader's language by render_markdown
    if not complete:
        res["parent_note"] = message("compare.parent_note", reasons=_reasons(parent))
    if not local_complete:
        res["local_note"] = message("compare.local_note", reasons=_reasons(local))
    return res


def _reasons(rec: dict) -> list:
    """Why a record's text looks incomplete (stored in English: read back as messages)."""
    return [parse_stored(r) for r in (rec.get("completeness") or {}).get("reasons") or []]


def compare_record(rec: dict, records: list[dict] | None = None, g=None, parents: Parents | None = None,
                   fetch=None) -> dict:
    """The comparison of one notice with its directives.  Its ancestors come from the citation graph
    `g` (a notice node names its first record), an inferred parent from `parents` (both built once
    for many calls), each parent's whole record from `fetch(id)`; without them, from `records`."""
    g = g if g is not None else build_graph(records)
    parents = parents if parents is not None else Parents(records)
    fetch = fetch or {r["id"]: r for r in records or []}.get
    chain = ancestors(g, notice_key(rec))
    report = {"id": rec["id"], "doc_number": rec.get("doc_number"), "title": rec.get("title"),
              "level": rec.get("level"), "ancestors": [], "not_ingested": [], "comparisons": []}
    for a in chain:
        node = g.about(a["key"])
        parent = fetch(node["id"]) if a["ingested"] else None
        if parent is None:   # not ingested (or its record removed since the graph was built)
            report["not_ingested"].append({"doc_number": node.get("doc_number"), "title": node.get("title"),
                                           "distance": a["distance"]})
            continue
        report["ancestors"].append({"id": parent["id"], "distance": a["distance"], "via": a["via"]})
        report["comparisons"].append(compare_pair(rec, parent, {"relation": "cited", "distance": a["distance"]}))
    if not report["comparisons"]:
        guess = infer_parent(rec, parents.candidates(rec))
        if guess:
            parent, score, parts = guess
            parent = fetch(parent["id"]) or parent
            report["inferred_parent"] = {"id": parent["id"], "title": parent.get("title"), "score": score,
                                         "score_parts": parts, "inferred": True}
            report["comparisons"].append(compare_pair(rec, parent, {"relation": "inferred", "score": score}))
        else:
            report["inferred_parent"] = None
            report["no_parent"] = message("compare.no_parent")
    return report


def render_markdown(rep: dict, msg=None) -> str:
    """The report as Markdown in msg's language (default Chinese); every piece of notice text escaped
    (safe.md), so a title holding <script> or Markdown syntax shows as text in any viewer."""
    msg = as_messages(msg)
    verdict = lambda v: msg.kind("report.verdict", v)
    L = [f"# {md(rep.get('title') or rep['id'])}", ""]
    L.append(msg("compare.md.record", id=md(rep["id"]), doc_number=md(rep.get("doc_number") or "—"),
                 level=md(msg.level(rep.get("level")))))
    if rep["ancestors"]:
        L.append(msg("compare.md.ancestors", items=msg.join(msg("compare.md.ancestor", id=md(a["id"]), distance=a["distance"])
                                                            for a in rep["ancestors"])))
    for n in rep["not_ingested"]:
        L.append(msg("compare.md.not_ingested", what=" ".join(md(x) for x in (n.get("doc_number"), n.get("title")) if x)))
    if rep.get("inferred_parent"):
        ip = rep["inferred_parent"]
        parts = msg.join(msg("compare.md.part", name=msg.kind("compare.score_part", k), value=v)
                         for k, v in ip["score_parts"].items())
        L.append(msg("compare.md.inferred", id=md(ip["id"]), title=md(ip["title"]), score=ip["score"], parts=parts))
    elif rep.get("no_parent"):
        L.append(f"- {md(msg.render(rep['no_parent']))}")
    for c in rep["comparisons"]:
        p = c["parent"]
        L += ["", msg("compare.md.against", doc_number=md(p.get("doc_number") or ""), title=md(p.get("title")),
                      relation=msg.kind("compare.relation", p["relation"])), ""]
        for note in ("parent_note", "local_note"):
            if c.get(note):
                L += [msg("compare.md.note", note=md(msg.render(c[note]))), ""]
        L.append(msg("compare.md.themes"))
        for t in c["themes"]:
            if t["parent_theme"]:
                L.append(msg("compare.md.theme_parent", theme=md(t["theme"]), verdict=verdict(t["verdict"]),
                             parent=md(t["parent_theme"]), similarity=t["similarity"]))
            else:
                L.append(msg("compare.md.theme", theme=md(t["theme"]), verdict=verdict(t["verdict"])))
        if not c["themes"]:
            L.append(msg("compare.md.theme", theme=msg("compare.md.no_theme"), verdict="—"))
        for kind in ("topics", "requirements"):
            L += ["", msg("compare.md.kind_heading", kind=msg.field(kind))]
            for v in ("covered", "omitted", "possibly_omitted", "added", "possibly_added"):
                items = c[kind].get(v)
                if items is None:
                    continue
                L.append(msg("compare.md.verdict_items", verdict=verdict(v),
                             items=msg.join(md(msg.label(kind, i["id"])) for i in items) or msg("list.none")))
                for i in items:
                    if i.get("local") or i.get("parent"):
                        L.append(msg("compare.md.item_texts", id=md(msg.label(kind, i["id"])),
                                     local=md((i.get("local") or "—")[:80]), parent=md((i.get("parent") or "—")[:80])))
        s = c["schedule"]
        L += ["", msg("compare.md.schedule"),
              msg("compare.md.window", start=s["parent_window"][0] or "—", end=s["parent_window"][1] or "—")]
        for e in s["events"]:
            L.append(msg("compare.md.event", what=md(e["what"]), start=e["start"] or "—", end=e["end"] or "—",
                         verdict=verdict(e["verdict"]))
                     + (msg("compare.md.days_outside", days=e["days_outside"]) if e["days_outside"] else ""))
        for d in s["deadlines"]:
            L.append(msg("compare.md.deadline", date=d["date"], to=md(d["submit_to"]))
                     + (msg("compare.md.after_parent", date=d["after_parent_deadline"]) if d["flag"] else ""))
        r = c["text_reuse"]
        L += ["", msg("compare.md.reuse"),
              msg("compare.md.local_share", share=f"{r['local_share']:.1%}"),
              msg("compare.md.parent_share", share=f"{r['parent_share']:.1%}"),
              msg("compare.md.passages", n=len(r["passages"]))]
        for psg in r["passages"][:8]:
            L.append(msg("compare.md.passage", similarity=psg["similarity"], text=md(psg["local"][:90])))
    return "\n".join(L) + "\n"


def corpus_index(out_dir):
    """(passes, graph, parents): the citation graph and the index of candidate parents of DIR's
    records, made from three passes over the index (db.RecordPasses, no record held), and the
    passes for more."""
    from .db import GRAPH_KEYS, PARENT_KEYS, RecordPasses

    passes = RecordPasses(out_dir, keys=GRAPH_KEYS)
    return passes, build_graph(passes), Parents(passes.walk(PARENT_KEYS))


def compare_all(out_dir, keep: bool = True, msg=None) -> list[dict] | int:
    """DIR/compare/<id>.yaml (data, English) and .md (for people, in msg's language) for every
    notice, and matrix.csv.  Returns the reports, or with keep=False how many were made: a report is
    about 6 KB in memory, 60 MB at 10,000 notices, and the command needs none of them once
    written.  Records come from the index: passes over a few fields for the graph and the parent
    index, then each whole record in turn; a report file is rewritten only when it changed."""
    from pathlib import Path

    from .db import RecordStore

    msg = as_messages(msg)
    out = Path(out_dir)
    _, g, parents = corpus_index(out)
    store = RecordStore(out)
    fetch = functools.lru_cache(maxsize=64)(store.get)  # directives are parents of many notices
    labels = matrix_labels()
    reports = []
    made = 0

    def rows():
        nonlocal made
        for nid in store.ids():
            rec = store.get(nid)
            if rec is None:
                continue   # removed since the index was read
            rep = compare_record(rec, None, g, parents, fetch)
            write_if_changed(out / "compare" / f"{rec['id']}.yaml", dump_yaml(rep))
            write_if_changed(out / "compare" / f"{rec['id']}.md", render_markdown(rep, msg))
            made += 1
            if keep:
                reports.append(rep)
            row = matrix_row(rep, labels)
            if row is not None:
                yield row

    try:   # matrix.csv written as the rows come
        write_if_changed(out / "compare" / "matrix.csv", matrix_csv(rows(), labels))
    finally:
        store.close()
        g.close()
        parents.close()
    return reports if keep else made


def write_if_changed(path, text) -> bool:
    """Write `path` atomically unless it already holds `text` (a re-run rewrites only what changed).
    `text`: a string, or pieces of one written as they come (then compared once written)."""
    if isinstance(text, str):
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        atomic_write(path, text, durable=False)  # made again from the records by the next run
        return True
    import filecmp
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    os.close(fd)
    try:
        atomic_write(tmp, text, durable=False)
        if path.is_file() and filecmp.cmp(tmp, path, shallow=False):
            return False
        os.replace(tmp, path)
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def matrix_labels() -> list[str]:
    """The matrix's columns after the notice's: every topic and requirement of the taxonomy."""
    from .rules import load_rules

    tax = load_rules().taxonomy
    return [f"topic:{t}" for t in tax["topics"]] + [f"requirement:{r}" for r in tax["requirements"]]


def matrix_row(rep: dict, labels: list[str]) -> list[str] | None:
    """A report's row of matrix.csv: its topics and requirements against the nearest compared parent."""
    if not rep["comparisons"]:
        return None
    c = rep["comparisons"][0]
    cells = []
    for lab in labels:
        kind, lid = lab.split(":")
        res = c[kind + "s"]
        cells.append(next((verdict for verdict in ("covered", "omitted", "possibly_omitted", "added", "possibly_added")
                           if any(i["id"] == lid for i in res.get(verdict) or [])), ""))
    return [rep["id"], rep.get("title") or "", c["parent"]["id"], c["parent"]["relation"]] + cells   # made safe by csv_pieces


def matrix_csv(rows: Iterable[list[str]], labels: list[str]) -> Iterator[str]:
    """Notices by topics and requirements against the nearest compared parent (rows of matrix_row),
    a few hundred rows a piece."""
    from .sheets import csv_pieces

    return csv_pieces(["notice", "title", "parent", "relation"] + labels, rows)


def find_record(g, ident: str) -> str | None:
    """The id of the record `ident` names (doc number, record id, title: graph.find_node), the first
    record of its notice; None when it names none, or a document cited but not ingested."""
    node = find_node(g, ident)
    ids = g.nodes[node].get("records") if node is not None else None
    return ids[0] if ids else None
