"""The citation graph as a hierarchy (national on top, then provinces, cities, counties) and
the implementation view: for a national or provincial directive, which places below it
have an implementing notice in the corpus and which have none yet.
"""
from __future__ import annotations

import csv
import functools
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from ..citegraph import CitationGraph, rank

# cpca's stand-ins for the city level of the four municipalities and of directly administered counties
PSEUDO_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SWEEPS = 6


# ---------------------------------------------------------------- administrative divisions
@functools.lru_cache(maxsize=1)
def divisions() -> dict[str, dict[str, list[str]]]:
    """{province: {city: [counties]}} from cpca's table of administrative codes.

    A municipality (北京市…) is its own city; counties a province administers directly
    are listed under the province's name as city.
    """
    from ..compat import import_cpca

    names: dict[str, str] = {}
    with resources.files(import_cpca()).joinpath("resources/adcodes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"][:6]] = row["name"]
    out: dict[str, dict[str, list[str]]] = {}
    for code, name in sorted(names.items()):
        prov = names.get(code[:2] + "0000")
        if prov is None or code.endswith("0000"):
            if code.endswith("0000"):
                out.setdefault(name, {})
            continue
        city = names.get(code[:4] + "00")
        if city is None or city in PSEUDO_CITIES:
            city = prov
        if code.endswith("00"):
            if name not in PSEUDO_CITIES:
                out[prov].setdefault(name, [])
            continue
        out[prov].setdefault(city, []).append(name)
    return out


# ---------------------------------------------------------------- layered layout
def layered_graph(g: CitationGraph, page_of) -> dict:
    """Nodes with x, y (layer by level, order within a layer by barycentre sweeps) and links, both
    made as they are read (generators; list() them to keep them).  The places are worked out in a
    table beside the graph's (layout: each node's layer and place in it), not in memory.

    `page_of(node_data)` gives the notice page of an ingested notice (None for a placeholder).
    """
    layout = g.temp_table("layout", "seq INTEGER PRIMARY KEY, rank INTEGER, pos INTEGER")
    g.execute(f"INSERT INTO {layout} SELECT seq, rank, row_number() OVER (PARTITION BY rank ORDER BY "
              "coalesce(province, ''), coalesce(city, ''), coalesce(date, ''), key) - 1 FROM nodes")
    g.execute(f"CREATE INDEX temp.{layout}_rank ON {layout} (rank, pos)")
    # the graph without directions: each pair of nodes once, however many edges join them
    pairs = g.temp_table("neighbour", "a INTEGER, b INTEGER, PRIMARY KEY (a, b)")
    g.execute(f"INSERT OR IGNORE INTO {pairs} SELECT src, dst FROM edges UNION SELECT dst, src FROM edges")
    bary = g.temp_table("bary", "seq INTEGER PRIMARY KEY, value REAL, pos INTEGER")
    sizes = dict(g.execute(f"SELECT rank, count(*) FROM {layout} GROUP BY rank"))
    order = sorted(sizes)
    for sweep in range(SWEEPS):
        for r in (order if sweep % 2 == 0 else order[::-1]):
            _sweep(g, (layout, pairs, bary), r, sizes)
    return {"nodes": graph_nodes(g, layout, sizes, page_of), "links": graph_links(g), "layers": order}


def _sweep(g: CitationGraph, tables: tuple[str, str, str], r: int, sizes: dict[int, int]) -> None:
    """Layer r sorted by the mean place of each node's neighbours in other layers (each place as a
    share of its layer's width; a node with none keeps its own place as its value)."""
    layout, pairs, bary = tables
    g.execute(f"DELETE FROM {bary}")
    rows = g.execute(
        f"SELECT l.seq, l.pos, group_concat(m.pos || ' ' || m.rank) FROM {layout} l "
        f"LEFT JOIN {pairs} x ON x.a = l.seq LEFT JOIN {layout} m ON m.seq = x.b AND m.rank != l.rank "
        "WHERE l.rank = ? GROUP BY l.seq", (r,))

    def values():
        for seq, pos, near in rows:
            places = [(int(p), int(k)) for p, k in (x.split() for x in near.split(","))] if near else []
            # fsum: the same sum in any order of the neighbours
            value = (math.fsum(p / max(1, sizes[k] - 1) for p, k in places) / len(places) if places
                     else pos / max(1, sizes[r] - 1))
            yield seq, value, pos

    g.con.executemany(f"INSERT INTO {bary} VALUES (?, ?, ?)", values())
    g.execute(f"UPDATE {layout} SET pos = o.place FROM (SELECT seq, row_number() OVER (ORDER BY value, pos) - 1 "
              f"AS place FROM {bary}) o WHERE {layout}.seq = o.seq")


def graph_nodes(g: CitationGraph, layout: str, sizes: dict[int, int], page_of) -> Iterator[dict]:
    """The nodes of the layered graph with their places, made one at a time (the report's graph
    page writes them as they come)."""
    widest = max(sizes.values(), default=1)
    for n, d, r, i in _laid_out(g, layout):
        gap = widest / max(1, sizes[r])
        yield {"id": n, "name": short_label(d), "title": d.get("title") or "", "issuer": d.get("issuer") or "",
               "doc_number": d.get("doc_number") or "", "level": d.get("level") or "other",
               "kind": d.get("kind"), "rank": r, "x": round((i + 0.5) * gap * 120, 1), "y": r * 160,
               "url": page_of(d)}


def _laid_out(g: CitationGraph, layout: str) -> Iterator[tuple[str, dict, int, int]]:
    rows = g.execute(f"SELECT n.key, l.rank, l.pos FROM {layout} l JOIN nodes n ON n.seq = l.seq ORDER BY l.rank, l.pos")
    for n, r, i in rows:
        yield n, g.about(n), r, i


def graph_links(g: CitationGraph) -> Iterator[dict]:
    for a, b, e in g.edges(data=True):
        yield {"source": a, "target": b, "flagged": bool(e.get("flags"))}


def short_label(d: dict) -> str:
    """A node's caption: who issued it and the year (titles are too long to read in a picture)."""
    who = d.get("issuer") or d.get("doc_number") or (d.get("title") or "")[:14]
    year = str(d.get("date") or "")[:4] or (d.get("doc_number") or "")
    year = year[:4] if year[:4].isdigit() else ""
    return f"{who} {year}".strip()


@dataclass
class Branch:
    """A step of the citation tree as it is walked: a node (with `children` when its list of
    those citing it follows, `repeat` when it was shown before), or `end` of a node's list."""
    node: str | None = None
    repeat: bool = False
    children: bool = False
    end: bool = False


def citation_tree(g: CitationGraph) -> Iterator[Branch]:
    """The citation tree from the top (documents citing nothing above them) down to who cites them,
    walked depth first and given a step at a time: what has been shown is a table, and each list of
    children a query read as it goes, so a tree of 100,000 notices is never held."""
    shown = g.temp_table("shown", "seq INTEGER PRIMARY KEY")
    roots = g.execute(
        "SELECT n.seq, n.key FROM nodes n WHERE NOT EXISTS (SELECT 1 FROM edges e JOIN nodes m ON m.seq = e.dst "
        "WHERE e.src = n.seq AND m.rank < n.rank) ORDER BY n.rank, coalesce(n.province, ''), n.key")
    for seq, key in roots:
        if g.execute(f"SELECT 1 FROM {shown} WHERE seq = ?", (seq,)).fetchone() is None:
            yield from _grow(g, shown, seq, key)


def _children(g: CitationGraph, seq: int) -> Iterator[tuple[int, str]]:
    return iter(g.execute(
        "SELECT m.seq, m.key FROM edges e JOIN nodes m ON m.seq = e.src WHERE e.dst = ? "
        "ORDER BY m.rank, coalesce(m.province, ''), coalesce(m.city, ''), m.key", (seq,)))


def _grow(g: CitationGraph, shown: str, seq: int, key: str) -> Iterator[Branch]:
    """The branch under one root: a stack of (node, its children still to walk), the path being the
    nodes on the stack (a node citing one above it on the path would close a circle)."""
    stack: list[tuple[int, Iterator]] = []
    path: set[int] = set()
    todo: Iterator = iter([(seq, key)])
    while True:
        step = next(todo, None)
        if step is None:
            if not stack:
                return
            done, todo = stack.pop()
            path.discard(done)
            yield Branch(end=True)
            continue
        m, k = step
        if m in path:
            continue
        repeat = g.execute(f"INSERT OR IGNORE INTO {shown} VALUES (?)", (m,)).rowcount == 0
        kids = None if repeat else _first_of(_children(g, m), path | {m})
        yield Branch(node=k, repeat=repeat, children=kids is not None)
        if kids is not None:
            stack.append((m, todo))
            path.add(m)
            todo = kids


def _first_of(rows: Iterator[tuple[int, str]], skip: set[int]) -> Iterator | None:
    """`rows` without those in `skip`, or None when none is left."""
    import itertools

    rows = (r for r in rows if r[0] not in skip)
    first = next(rows, None)
    return None if first is None else itertools.chain([first], rows)


# ---------------------------------------------------------------- implementation view
def implementing(g: CitationGraph, directive: str) -> list[str]:
    """Ingested notices below `directive` that cite it, directly or through others."""
    return g.ancestors(directive, notices_below=rank(g.about(directive).get("level")))


def coverage(g: CitationGraph, directive: str) -> dict:
    """Places under a directive, with their implementing notices and the places with none yet.

    National: every province; for a province with notices, its cities (and, under a city
    with notices, its counties).  Provincial: the cities and counties of its province.
    """
    d = g.about(directive)
    below = implementing(g, directive)
    by_place: dict[tuple, list[str]] = defaultdict(list)
    for n in below:
        nd = g.about(n)
        by_place[(nd.get("province"), nd.get("city") if rank(nd.get("level")) >= 2 else None,
                  nd.get("county") if rank(nd.get("level")) >= 3 else None)].append(n)
    div = divisions()
    if rank(d.get("level")) == 0:
        provinces = list(div)
    else:
        provinces = [d.get("province")] if d.get("province") else []
    places = []
    for prov in provinces:
        cities = div.get(prov, {})
        here = [k for k in by_place if k[0] == prov]
        city_rows = []
        for city in sorted(set(cities) | {k[1] for k in here if k[1]}):
            in_city = [k for k in here if k[1] == city]
            counties = cities.get(city, [])
            county_rows = [{"name": c, "notices": by_place.get((prov, city, c), [])}
                           for c in sorted(set(counties) | {k[2] for k in in_city if k[2]})]
            city_rows.append({"name": city, "notices": by_place.get((prov, city, None), []),
                              "all": sorted({n for k in in_city for n in by_place[k]}),
                              "counties": county_rows,
                              "counties_with": sum(1 for c in county_rows if c["notices"])})
        places.append({"name": prov, "notices": by_place.get((prov, None, None), []),
                       "all": sorted({n for k in here for n in by_place[k]}), "cities": city_rows,
                       "cities_with": sum(1 for c in city_rows if c["all"])})
    unplaced = sorted(n for k, ns in by_place.items() if k[0] not in provinces for n in ns)
    return {"directive": directive, "implementing": below, "places": places, "unplaced": unplaced,
            "with": [p["name"] for p in places if p["all"]], "without": [p["name"] for p in places if not p["all"]]}


class Directives:
    """National and provincial documents that head an implementation view: ingested ones, and
    cited-but-not-ingested ones that notices of the corpus implement; by level, then most
    implemented first.  Kept as a table beside the graph's (with how many implement each) and
    read again each time it is walked."""

    def __init__(self, g: CitationGraph):
        self.g = g
        self.table = g.temp_table("directive", "key TEXT PRIMARY KEY, rank INTEGER, count INTEGER")
        tops = g.execute("SELECT key, rank, kind FROM nodes WHERE rank <= 1 ORDER BY seq")
        counted = ((k, r, kind, g.count_ancestors(k, notices_below=r)) for k, r, kind in tops)
        g.con.executemany(f"INSERT INTO {self.table} VALUES (?, ?, ?)",
                          ((k, r, n) for k, r, kind, n in counted if kind == "notice" or n))

    def __iter__(self) -> Iterator[tuple[str, int]]:
        """(node, how many notices implement it)."""
        return iter(self.g.execute(f"SELECT key, count FROM {self.table} ORDER BY rank, -count, key"))

    def __len__(self) -> int:
        return self.g.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]

