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
from importlib import resources

import networkx as nx

from ..graph import LEVEL_RANK

OTHER_RANK = 4
# cpca's stand-ins for the city level of the four municipalities and of directly administered counties
PSEUDO_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SWEEPS = 6


def rank(level: str | None) -> int:
    return LEVEL_RANK.get(level, OTHER_RANK)


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
def layered_graph(g: nx.DiGraph, page_of) -> dict:
    """Nodes with x, y (layer by level, order within a layer by barycentre sweeps) and links, both
    made as they are read (generators; list() them to keep them).

    `page_of(node_data)` gives the notice page of an ingested notice (None for a placeholder).
    """
    layers: dict[int, list[str]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        layers[rank(d.get("level"))].append(n)
    for r in layers:
        layers[r].sort(key=lambda n: (g.nodes[n].get("province") or "", g.nodes[n].get("city") or "",
                                      str(g.nodes[n].get("date") or ""), n))
    pos = {n: i for r in layers for i, n in enumerate(layers[r])}
    undirected = g.to_undirected(as_view=True)
    order = sorted(layers)
    for sweep in range(SWEEPS):
        seq = order if sweep % 2 == 0 else order[::-1]
        for r in seq:
            def bary(n, r=r):
                nb = [pos[m] / max(1, len(layers[rank(g.nodes[m].get("level"))]) - 1)
                      for m in undirected.neighbors(n) if rank(g.nodes[m].get("level")) != r]
                # fsum: the same sum in any order (an undirected view lists neighbours in set order,
                # which changes with the process's string hash seed, and with it ties and the layout)
                return math.fsum(nb) / len(nb) if nb else pos[n] / max(1, len(layers[r]) - 1)

            layers[r].sort(key=lambda n: (bary(n), pos[n]))
            for i, n in enumerate(layers[r]):
                pos[n] = i
    return {"nodes": graph_nodes(g, layers, page_of), "links": graph_links(g), "layers": order}


def graph_nodes(g: nx.DiGraph, layers: dict[int, list[str]], page_of) -> Iterator[dict]:
    """The nodes of the layered graph with their places, made one at a time (the report's graph
    page writes them as they come)."""
    widest = max((len(v) for v in layers.values()), default=1)
    for r in sorted(layers):
        row = layers[r]
        gap = widest / max(1, len(row))
        for i, n in enumerate(row):
            d = g.nodes[n]
            yield {"id": n, "name": short_label(d), "title": d.get("title") or "", "issuer": d.get("issuer") or "",
                   "doc_number": d.get("doc_number") or "", "level": d.get("level") or "other",
                   "kind": d.get("kind"), "rank": r, "x": round((i + 0.5) * gap * 120, 1), "y": r * 160,
                   "url": page_of(d)}


def graph_links(g: nx.DiGraph) -> Iterator[dict]:
    for a, b, e in g.edges(data=True):
        yield {"source": a, "target": b, "flagged": bool(e.get("flags"))}


def short_label(d: dict) -> str:
    """A node's caption: who issued it and the year (titles are too long to read in a picture)."""
    who = d.get("issuer") or d.get("doc_number") or (d.get("title") or "")[:14]
    year = str(d.get("date") or "")[:4] or (d.get("doc_number") or "")
    year = year[:4] if year[:4].isdigit() else ""
    return f"{who} {year}".strip()


def citation_tree(g: nx.DiGraph) -> list[dict]:
    """Nested {node, children} from the top (documents citing nothing above them) down to who cites them."""
    roots = sorted((n for n in g if not any(rank(g.nodes[m].get("level")) < rank(g.nodes[n].get("level"))
                                           for m in g.successors(n))),
                   key=lambda n: (rank(g.nodes[n].get("level")), g.nodes[n].get("province") or "", n))
    shown: set[str] = set()

    def grow(n: str, path: frozenset) -> dict:
        repeat = n in shown
        shown.add(n)
        kids = [] if repeat else [grow(m, path | {m}) for m in sorted(
            (m for m in g.predecessors(n) if m not in path),
            key=lambda m: (rank(g.nodes[m].get("level")), g.nodes[m].get("province") or "", g.nodes[m].get("city") or "", m))]
        return {"node": n, "repeat": repeat, "children": kids}

    out = []
    for r in roots:
        if r not in shown:
            out.append(grow(r, frozenset({r})))
    return out


# ---------------------------------------------------------------- implementation view
def implementing(g: nx.DiGraph, directive: str) -> list[str]:
    """Ingested notices below `directive` that cite it, directly or through others."""
    top = rank(g.nodes[directive].get("level"))
    return sorted(n for n in nx.ancestors(g, directive)
                  if g.nodes[n].get("kind") == "notice" and rank(g.nodes[n].get("level")) > top)


def coverage(g: nx.DiGraph, directive: str) -> dict:
    """Places under a directive, with their implementing notices and the places with none yet.

    National: every province; for a province with notices, its cities (and, under a city
    with notices, its counties).  Provincial: the cities and counties of its province.
    """
    d = g.nodes[directive]
    below = implementing(g, directive)
    by_place: dict[tuple, list[str]] = defaultdict(list)
    for n in below:
        nd = g.nodes[n]
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


def directives(g: nx.DiGraph) -> list[str]:
    """National and provincial documents that head an implementation view: ingested ones, and
    cited-but-not-ingested ones that notices of the corpus implement."""
    out = [n for n, d in g.nodes(data=True)
           if rank(d.get("level")) <= 1 and (d.get("kind") == "notice" or implementing(g, n))]
    return sorted(out, key=lambda n: (rank(g.nodes[n].get("level")), -len(implementing(g, n)), n))
