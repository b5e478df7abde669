"""Citation graph over records: which notice cites which, up from county to the Ministry.

A node per ingested notice (the same notice ingested twice, as a PDF and a web copy,
is one node) and a placeholder per cited document not ingested; an edge from citing
to cited carries the citation text, its evidence and how it was resolved (doc number,
title, fuzzy title with its score).  Edges that point to a lower level or to another
region are flagged.  Built from records only: no notice is parsed again.  The graph itself
is kept in a temporary SQLite file (citegraph.CitationGraph), and so are the tables that
resolve citations: building it holds nothing per notice.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from .citegraph import LEVEL_RANK, CitationGraph
from .clean import norm_key
from .extract.docnumber import normalize_doc_number, parse_doc_number
from .i18n import as_messages
from .record import atomic_write, batched
from .rules import load_rules
from .safe import sanitize, strip_controls

FUZZY_CUTOFF = 88.0


@functools.lru_cache(maxsize=4096)   # the titles many notices cite: a national corpus has too many to keep all
def title_key(title: str | None, drop_year: bool = False) -> str:
    """Comparison form of a title: no issuer prefix before 关于, no punctuation, optionally no year."""
    if not title:
        return ""
    k = norm_key(title)
    i = k.find("关于")
    if i > 0:
        k = k[i:]
    k = re.sub(r"[^\w]", "", k)
    if drop_year:
        k = re.sub(r"(?:19|20)\d{2}年?度?", "", k)
    return k


@functools.lru_cache(maxsize=4096)
def _docnum(text: str | None) -> str | None:
    return normalize_doc_number(text) if text else None


def _region_str(region: dict | None) -> str:
    region = region or {}
    return "".join(x for x in (region.get("province"), region.get("city"), region.get("county")) if x)


def _placeholder_level(doc_number: str | None, title: str | None) -> tuple[str | None, str | None]:
    """Level and province of a cited document that was not ingested, from its number or title."""
    rules = load_rules()
    d = parse_doc_number(doc_number) if doc_number else None
    if d is not None:
        prov = rules.levels["province_abbr"].get(d.code[:1])
        if prov:
            return "provincial", prov
        if d.code.startswith(("教", "国", "中发", "中办")):
            return "national", None
    if title:
        from .extract.issuer import level_of

        i = norm_key(title).find("关于")
        if i > 0:
            level, region = level_of(norm_key(title)[:i], rules)
            return level, region.get("province")
    return None, None


def notice_key(rec: dict) -> str:
    """Identity of a notice across copies: its doc number, else its title and year."""
    dn = _docnum(rec.get("doc_number"))
    if dn:
        return f"doc:{dn}"
    year = (rec.get("issue_date") or "")[:4]
    return f"title:{title_key(rec.get('title'))}|{year}"


def _years_agree(a: str | None, b: str | None) -> bool:
    """Two titles name the same years, or one of them names none."""
    ya, yb = set(re.findall(r"(?:19|20)\d{2}", a or "")), set(re.findall(r"(?:19|20)\d{2}", b or ""))
    return not ya or not yb or ya == yb


def _bigrams(key: str) -> set[str]:
    """The character pairs of a title's comparison form: what fuzzy title matching looks up."""
    return {key[j:j + 2] for j in range(len(key) - 1)}


class _Resolver:
    """What a citation points to among the notices of the graph: a doc number is a node's key;
    titles, titles without their years and the bigrams of titles (fuzzy matching: the bigrams pick
    candidates, rapidfuzz scores them) are temporary tables beside the graph's, and so are the
    placeholders made for documents not ingested, by doc number and by title."""

    def __init__(self, g: CitationGraph):
        self.g = g
        g.execute("CREATE TEMP TABLE titles (tid INTEGER PRIMARY KEY, tk TEXT UNIQUE, node TEXT)")
        g.execute("CREATE TEMP TABLE noyear (ny TEXT, node TEXT)")
        g.execute("CREATE TEMP TABLE grams (gram TEXT, tid INTEGER, PRIMARY KEY (gram, tid)) WITHOUT ROWID")
        g.execute("CREATE TEMP TABLE placeholders (k TEXT PRIMARY KEY, node TEXT) WITHOUT ROWID")
        self.common = 50

    def add_title(self, title: str, key: str) -> None:
        tk = title_key(title)
        cur = self.g.execute("INSERT OR IGNORE INTO titles (tk, node) VALUES (?, ?)", (tk, key))
        if cur.rowcount == 1:   # a title first seen: the first notice of a title is the one it resolves to
            self.g.con.executemany("INSERT INTO grams VALUES (?, ?)", ((bg, cur.lastrowid) for bg in _bigrams(tk)))
        self.g.execute("INSERT INTO noyear VALUES (?, ?)", (title_key(title, True), key))

    def index(self) -> None:
        """Once every notice is in: the lookups' indexes, and how common each bigram is (a bigram in
        most titles, 关于 or 通知, selects nothing)."""
        self.g.execute("CREATE INDEX temp.noyear_ny ON noyear (ny)")
        self.g.execute("CREATE TEMP TABLE gram_n (gram TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
        self.g.execute("INSERT INTO gram_n SELECT gram, count(*) FROM grams GROUP BY gram")
        self.common = max(50, self.g.execute("SELECT count(*) FROM titles").fetchone()[0] // 20)

    def resolve(self, cite: dict) -> tuple[str | None, str, float]:
        """(node, how, score) of a citation: by doc number, title, title without its year, fuzzy title;
        (None, "placeholder", 0) when no notice of the graph is the one cited."""
        dn = _docnum(cite.get("doc_number"))
        if dn and self._notice(f"doc:{dn}"):
            return f"doc:{dn}", "doc_number", 100.0
        tk = title_key(cite.get("title"))
        if tk:
            row = self.g.execute("SELECT node FROM titles WHERE tk = ?", (tk,)).fetchone()
            if row:
                return row[0], "title", 100.0
            # a title naming another year is another notice (2017年活动周 is not 2022年活动周)
            if not dn:
                for node, title in self.g.execute(
                        "SELECT y.node, n.title FROM noyear y JOIN nodes n ON n.key = y.node WHERE y.ny = ? "
                        "ORDER BY y.rowid", (title_key(cite.get("title"), True),)):
                    if _years_agree(cite.get("title"), title):
                        return node, "title_without_year", 95.0
                hit = self._fuzzy(tk)
                if hit and _years_agree(cite.get("title"), self.g.about(hit[0])["title"]):
                    return hit
        return None, "placeholder", 0.0

    def _notice(self, key: str) -> bool:
        return self.g.execute("SELECT 1 FROM nodes WHERE key = ? AND kind = 'notice'", (key,)).fetchone() is not None

    def _fuzzy(self, key: str) -> tuple[str, str, float] | None:
        """(node, "fuzzy_title", score) of the title nearest `key` scoring FUZZY_CUTOFF or more: of the
        30 titles sharing most of its uncommon bigrams (ties: the title first seen)."""
        from rapidfuzz import fuzz

        grams = sorted(_bigrams(key))
        if not grams:
            return None
        marks = ", ".join("?" * len(grams))
        rows = self.g.execute(
            f"SELECT t.tk, t.node, count(*) AS c FROM grams g JOIN titles t ON t.tid = g.tid "
            f"WHERE g.gram IN (SELECT gram FROM gram_n WHERE gram IN ({marks}) AND n <= ?) "
            f"GROUP BY g.tid HAVING c >= ? ORDER BY c DESC, g.tid LIMIT 30", (*grams, self.common, 0.4 * len(grams)))
        best = None
        for tk, node, _ in rows:
            score = fuzz.ratio(key, tk)
            if score >= FUZZY_CUTOFF and (best is None or score > best[2]):
                best = (node, "fuzzy_title", float(score))
        return best

    def placeholder(self, cite: dict) -> str:
        """The node standing for a cited document not ingested: one per doc number or title."""
        dn = _docnum(cite.get("doc_number"))
        tk = title_key(cite.get("title"))
        key = None
        for k in (dn, tk):
            if k and key is None:
                row = self.g.execute("SELECT node FROM placeholders WHERE k = ?", (k,)).fetchone()
                key = row[0] if row else None
        if key is None:
            key = f"cited:{dn}" if dn else f"cited:{tk}"
            level, prov = _placeholder_level(dn, cite.get("title"))
            self.g.add_node(key, kind="placeholder", id=key, records=[], sources=[], doc_number=dn,
                            title=cite.get("title"), issuer=cite.get("issuer"), level=level, province=prov, city=None,
                            county=None, date=None)
        node = self.g.about(key)
        if dn and not node.get("doc_number"):
            self.g.update_node(key, doc_number=dn)
        if cite.get("title") and not node.get("title"):
            self.g.update_node(key, title=cite["title"])
        for k in (dn, tk):
            if k:
                self.g.execute("INSERT OR REPLACE INTO placeholders VALUES (?, ?)", (k, key))
        return key


def build_graph(records: Iterable[dict]) -> CitationGraph:
    """The citation graph of `records`, walked twice (a list, or db.RecordPasses), kept in a
    temporary file (citegraph.CitationGraph): nothing of it grows in memory with the corpus."""
    g = CitationGraph()
    g.begin()
    resolver = _Resolver(g)
    for rec in records:
        key = notice_key(rec)
        if key in g:
            g.add_copy(key, rec["id"], rec["source"]["path"])
            continue
        region = rec.get("region") or {}
        g.add_node(key, kind="notice", id=rec["id"], records=[rec["id"]], sources=[rec["source"]["path"]],
                   doc_number=_docnum(rec.get("doc_number")), title=rec.get("title"), issuer=rec.get("issuer"),
                   level=rec.get("level"), province=region.get("province"), city=region.get("city"),
                   county=region.get("county"), date=rec.get("issue_date"))
        if rec.get("title"):
            resolver.add_title(rec["title"], key)
    resolver.index()
    for rec in records:
        src = notice_key(rec)
        if src not in g:
            continue   # a record added between the two passes (an ingest writing meanwhile): the next build has it
        a = g.about(src)
        for cite in rec.get("cites") or []:
            target, how, score = resolver.resolve(cite)
            if target == src:
                continue  # a notice quoting its own number
            if target is None:
                target = resolver.placeholder(cite)
            b = g.about(target)
            ev = cite.get("evidence") or {}
            g.add_edge(src, target, citation=cite.get("title") or cite.get("doc_number"), cited_number=cite.get("doc_number"),
                       evidence=ev.get("text"), page=ev.get("page"), line=ev.get("line"),
                       resolved_by=how, score=score, flags=_flags(a, b), record=rec["id"])
    g.commit()
    return g


def _flags(a: dict, b: dict) -> list[str]:
    """What is odd about a citing b: it cites a lower level (upward: b is below a), or another
    province's document (not a national one)."""
    flags = []
    ra, rb = LEVEL_RANK.get(a.get("level")), LEVEL_RANK.get(b.get("level"))
    if ra is not None and rb is not None and rb > ra:
        flags.append("upward")
    if (a.get("province") and b.get("province") and a["province"] != b["province"]
            and b.get("level") != "national"):
        flags.append("cross_region")
    return flags


def find_node(g: CitationGraph, ident: str) -> str | None:
    """A node by node key, doc number or record id (the first node with it), then title (the last
    node with its comparison form, else the nearest by fuzzy matching)."""
    if ident in g:
        return ident
    dn = _docnum(ident)
    row = g.execute("SELECT key FROM nodes n WHERE n.doc_number = ? OR n.id = ? OR EXISTS "
                    "(SELECT 1 FROM json_each(n.records) WHERE value = ?) ORDER BY seq LIMIT 1",
                    (dn, ident, ident)).fetchone()
    if row:
        return row[0]
    tk = title_key(ident)
    titled = lambda: ((k, title_key(t)) for k, t in g.execute(
        "SELECT key, title FROM nodes WHERE title IS NOT NULL AND title != '' ORDER BY seq"))
    found = None
    for k, key in titled():
        if key == tk:
            found = k
    if found is not None:
        return found
    from rapidfuzz import fuzz, process

    hit = process.extractOne(tk, (key for _, key in titled()), scorer=fuzz.partial_ratio, score_cutoff=80)
    if hit is None:
        return None
    for k, key in titled():
        if key == hit[0]:
            found = k
    return found


def label(g: CitationGraph, n: str, msg=None, d: dict | None = None) -> str:
    """A node for people: number, title, level, and whether it was ingested (msg: the language;
    d: the node's attributes when they are at hand)."""
    msg = as_messages(msg)
    d = d if d is not None else g.about(n)
    name = " ".join(p for p in (d.get("doc_number") or "", d.get("title") or n) if p)
    text = msg("graph.label", name=name, level=msg.level(d["level"])) if d.get("level") else name
    return text if d.get("kind") == "notice" else f"{text} {msg('graph.not_ingested')}"


def _edge_note(e: dict, msg) -> str:
    """How a citation was resolved (and how sure), and what is odd about it."""
    how = msg.kind("graph.resolved_by", e["resolved_by"])
    note = "" if e["resolved_by"] == "placeholder" else " " + (
        msg("graph.how", how=how) if e["score"] >= 100 else msg("graph.how_score", how=how, score=f"{e['score']:.0f}"))
    if e.get("flags"):
        note += " " + msg("graph.flags", flags=msg.join(msg.kind("graph.flag", f) for f in e["flags"]))
    return note


def tree_lines(g: CitationGraph, root: str, direction: str, msg=None) -> list[str]:
    """The ancestors (what it rests on) or descendants (who carries it out) as an indented tree."""
    msg = as_messages(msg)
    links = g.cites if direction == "up" else g.cited_by
    lines = [label(g, root, msg)]
    seen = {root}

    def walk(n, depth):
        for m, d, e in sorted(links(n), key=lambda link: (LEVEL_RANK.get(link[1].get("level"), 9), str(link[0]))):
            lines.append("  " * depth + "└─ " + label(g, m, msg, d) + _edge_note(e, msg))
            if m not in seen:
                seen.add(m)
                walk(m, depth + 1)

    walk(root, 1)
    return lines


def orphans(g: CitationGraph) -> list[str]:
    """The documents cited but not ingested."""
    return [k for (k,) in g.execute("SELECT key FROM nodes WHERE kind = 'placeholder' ORDER BY key")]


def _scalar(v):
    """GraphML takes scalars only: None becomes '', lists become JSON."""
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(sanitize(v), ensure_ascii=False)
    return strip_controls(v) if isinstance(v, str) else v


_GRAPHML_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))


def _graphml_kind(value) -> str:
    return next(t for py, t in _GRAPHML_TYPES if isinstance(value, py))


def graphml_lines(g: CitationGraph) -> Iterator[str]:
    """GraphML as networkx writes it (keys d0, d1… by first use, one per name and type), line by
    line: a first walk names the keys the header declares, a second writes nodes and edges, so the
    text of a large graph is never held whole.  Not networkx's writer, which imports numpy (0.2 s
    of a one-notice ingest); tests/test_graph.py reads both back with networkx and compares them."""
    from xml.sax.saxutils import escape, quoteattr

    keys: dict[tuple[str, str, str], str] = {}
    for scope, items in (("node", (d for _, d in g.nodes(data=True))), ("edge", (d for _, _, d in g.edges(data=True)))):
        for attrs in items:
            for name, value in attrs.items():
                keys.setdefault((name, _graphml_kind(_scalar(value)), scope), f"d{len(keys)}")

    def data(scope: str, attrs: dict) -> Iterator[str]:
        for name, value in attrs.items():
            value = _scalar(value)
            kind = _graphml_kind(value)
            text = str(value).lower() if kind == "boolean" else str(value)
            yield f'  <data key="{keys[(name, kind, scope)]}">{escape(text)}</data>\n'

    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
           ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
           ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for (name, kind, scope), k in reversed(keys.items()):
        yield f'<key id="{k}" for="{scope}" attr.name={quoteattr(name)} attr.type="{kind}"/>\n'
    yield '<graph edgedefault="directed">\n'
    for n, d in g.nodes(data=True):
        yield f"<node id={quoteattr(str(_scalar(n)))}>\n"
        yield from data("node", d)
        yield "</node>\n"
    for a, b, d in g.edges(data=True):
        yield f"<edge source={quoteattr(str(_scalar(a)))} target={quoteattr(str(_scalar(b)))}>\n"
        yield from data("edge", d)
        yield "</edge>\n"
    yield "</graph>\n</graphml>\n"


def node_link_json(g: CitationGraph) -> Iterator[str]:
    """graph.json as json.dumps(node_link_data(g), indent=1) writes it, one node or link at a time:
    neither the node-link copy of a large graph nor its text is held whole."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1, default=str)
    nodes = ({**d, "id": n} for n, d in g.nodes(data=True))
    links = ({**d, "source": a, "target": b} for a, b, d in g.edges(data=True))
    yield '{\n "directed": true,\n "multigraph": false,\n "graph": ' + encoder.encode(sanitize(g.graph)) + ",\n"
    for name, items, tail in (("nodes", nodes, ",\n"), ("links", links, "\n")):
        yield f' "{name}": '
        first = True
        for item in items:
            # an item's own lines indented two more: JSON strings hold no raw newline
            yield ("[\n  " if first else ",\n  ") + encoder.encode(sanitize(item)).replace("\n", "\n  ")
            first = False
        yield ("[]" if first else "\n ]") + tail
    yield "}"


def dot_lines(g: CitationGraph, msg=None) -> Iterator[str]:
    msg = as_messages(msg)
    q = lambda s: '"' + strip_controls(str(s), keep_newlines=False).replace("\\", "\\\\").replace('"', '\\"') + '"'
    yield 'digraph citations {\n  rankdir=BT;\n  node [shape=box, fontname="WenQuanYi Zen Hei"];\n'
    colours = {"national": "#c0392b", "provincial": "#2980b9", "municipal": "#27ae60", "county": "#8e44ad"}
    for n, d in g.nodes(data=True):
        style = "dashed" if d.get("kind") == "placeholder" else "solid"
        yield f"  {q(n)} [label={q(label(g, n, msg, d))}, style={style}, color={q(colours.get(d.get('level'), '#555555'))}];\n"
    for a, b, d in g.edges(data=True):
        yield f"  {q(a)} -> {q(b)} [label={q(msg.kind('graph.resolved_by', d.get('resolved_by')))}{', color=red' if d.get('flags') else ''}];\n"
    yield "}\n"


def to_dot(g: CitationGraph, msg=None) -> str:
    return "".join(dot_lines(g, msg))


SVG_MAX_NODES = 500   # Graphviz's dot grows as n^2.7: past this the report's interactive view serves instead
GRAPH_FILES = ("graph.graphml", "graph.json", "graph.dot")


def graph_state(out_dir) -> str:
    """What the graph of out_dir is built from: the records (their hashes), the rules and the code."""
    import hashlib

    from .db import state
    from .rules import rules_version
    from .store import pipeline_version

    return hashlib.sha256(f"{state(out_dir)}|{rules_version()}|{pipeline_version()}".encode()).hexdigest()


def write_graph(out_dir, records: list[dict] | None = None, only_if_changed: bool = False, msg=None) -> CitationGraph | None:
    """Build the graph of every record in out_dir and write graph.graphml/.json/.dot (and .svg
    for a graph Graphviz draws quickly), the labels of graph.dot and graph.svg in msg's language.
    only_if_changed: do nothing (and return None) when the records and the language are those the
    files were last built from."""
    from .db import GRAPH_KEYS, RecordPasses, get_meta, set_meta

    msg = as_messages(msg)
    out = Path(out_dir)
    token = None
    if records is None:
        # synced once, here; build_graph's two passes then read the index twice
        records = RecordPasses(out, keys=GRAPH_KEYS)
        token = graph_state(out) + "|" + msg.lang
        if only_if_changed and get_meta(out, "graph_state") == token and all((out / f).is_file() for f in GRAPH_FILES):
            return None
    g = build_graph(records)
    # each file written piece by piece: the text of a 10,000-node graph is never held whole
    atomic_write(out / "graph.graphml", batched(graphml_lines(g)))
    atomic_write(out / "graph.json", batched(node_link_json(g)))
    # a graph Graphviz draws quickly is small: its DOT text made once, for graph.dot and the drawing
    dot = to_dot(g, msg) if g.number_of_nodes() <= SVG_MAX_NODES else None
    atomic_write(out / "graph.dot", dot if dot is not None else batched(dot_lines(g, msg)))
    write_svg(out, dot)
    if token is not None:
        set_meta(out, "graph_state", token)
    return g


def write_svg(out: Path, dot: str | None) -> bool:
    """graph.svg by Graphviz from `dot` when it is installed and the graph small enough to lay out
    quickly (dot None: it is not); otherwise no graph.svg (an old one would show other records)."""
    if shutil.which("dot") and dot is not None:
        try:
            svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=60, check=True).stdout
            atomic_write(out / "graph.svg", svg.decode("utf-8"))
            return True
        except (subprocess.SubprocessError, OSError):
            pass
    try:
        (out / "graph.svg").unlink()
    except FileNotFoundError:
        pass
    return False


def load_graph(out_dir) -> CitationGraph:
    """The graph of out_dir, rebuilt from its records as the index holds them (no YAML is read)."""
    from .db import GRAPH_KEYS, RecordPasses

    return build_graph(RecordPasses(out_dir, keys=GRAPH_KEYS))
