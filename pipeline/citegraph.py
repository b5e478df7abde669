"""The citation graph's storage: nodes and edges in a private temporary SQLite file instead of
memory, so graph, compare and report hold the graph of 100,000 notices as they hold that of
1,000.  It answers what those stages ask of a graph (a node's attributes, an edge's, successors
and predecessors, ancestors, every node or edge in the order it was added) with networkx's
names, and `to_networkx()` makes the in-memory graph for anything else.

A node: its key (notice_key, or cited:... for a document cited but not ingested) and the
attributes of NODE_ATTRS; an edge from citing to cited: EDGE_ATTRS.  Adding an edge that exists
replaces its attributes and keeps its place, as networkx does.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from .db import scratch

LEVEL_RANK = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}
OTHER_RANK = 4   # a level none of the above (a school, unknown): below all of them

NODE_ATTRS = ("kind", "id", "records", "sources", "doc_number", "title", "issuer", "level", "province", "city",
              "county", "date")
EDGE_ATTRS = ("citation", "cited_number", "evidence", "page", "line", "resolved_by", "score", "flags", "record")
LISTS = frozenset({"records", "sources", "flags"})   # kept as JSON text
CACHE_KIB = 1024


def rank(level: str | None) -> int:
    """Where a level stands, national 0 down to county 3, anything else OTHER_RANK."""
    return LEVEL_RANK.get(level, OTHER_RANK)


def _known(attrs: dict, names: tuple[str, ...]) -> None:
    unknown = sorted(set(attrs) - set(names))
    if unknown:
        raise ValueError(f"not an attribute of the citation graph: {', '.join(unknown)}")


def _cell(name: str, value):
    return json.dumps(value, ensure_ascii=False) if name in LISTS else value


def _value(name: str, cell):
    return json.loads(cell) if name in LISTS and cell is not None else cell


_NODE_COLS = ", ".join(f'n."{a}"' for a in NODE_ATTRS)
ABOUT = tuple(a for a in NODE_ATTRS if a not in LISTS)
_ABOUT_COLS = ", ".join(f'n."{a}"' for a in ABOUT)
_NEIGHBOUR_COLS = ", ".join(f'm."{a}"' for a in ABOUT)
_EDGE_COLS = ", ".join(f'e."{a}"' for a in EDGE_ATTRS)


class CitationGraph:
    """A directed graph of citations in a temporary SQLite file (see the module's note).  Nodes
    keep the order they were added in (a column `seq`), edges too; `rank` is each node's level
    as rank() gives it, for queries that lay the graph out by level."""

    def __init__(self):
        self.con = scratch(CACHE_KIB)
        self.graph: dict = {}   # the graph's own attributes, as networkx's graph.graph
        self.con.executescript(f"""
            CREATE TABLE nodes (seq INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, rank INTEGER,
                                {", ".join(f'"{a}"' for a in NODE_ATTRS)});
            CREATE TABLE edges (seq INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL,
                                {", ".join(f'"{a}"' for a in EDGE_ATTRS)}, UNIQUE (src, dst));
            CREATE INDEX edges_dst ON edges (dst, seq);
            CREATE INDEX nodes_doc_number ON nodes (doc_number);
            CREATE INDEX nodes_id ON nodes (id);
        """)
        self.temps = 0

    # views made when asked, not kept: a graph nothing refers to is freed (its file closed) at once
    @property
    def nodes(self) -> _Nodes:
        return _Nodes(self)

    @property
    def edges(self) -> _Edges:
        return _Edges(self)

    def temp_table(self, name: str, columns: str) -> str:
        """A new temporary table beside the graph's, its name `name` and a number of its own: a
        query still reading an earlier one (a layout or tree half written) is left alone."""
        self.temps += 1
        table = f"{name}_{self.temps}"
        self.con.execute(f"CREATE TEMP TABLE {table} ({columns})")
        return table

    # ------------------------------------------------------------ building
    def begin(self) -> None:
        """Hold what follows in one transaction (until commit()): building is many small writes."""
        self.con.execute("BEGIN")

    def commit(self) -> None:
        if self.con.in_transaction:
            self.con.execute("COMMIT")

    def add_node(self, key: str, **attrs) -> None:
        """A new node with `attrs`, or those of an existing node replaced (the rest kept)."""
        _known(attrs, NODE_ATTRS)
        attrs = {a: attrs[a] for a in NODE_ATTRS if a in attrs}
        if key in self:
            self.update_node(key, **attrs)
            return
        cols = ", ".join(f'"{a}"' for a in attrs)
        self.con.execute(f'INSERT INTO nodes (key, rank{", " if attrs else ""}{cols}) VALUES (?, ?{", ?" * len(attrs)})',
                         (key, rank(attrs.get("level")), *(_cell(a, v) for a, v in attrs.items())))

    def update_node(self, key: str, **attrs) -> None:
        _known(attrs, NODE_ATTRS)
        if not attrs:
            return
        sets = ", ".join(f'"{a}" = ?' for a in attrs) + (", rank = ?" if "level" in attrs else "")
        values = [_cell(a, v) for a, v in attrs.items()] + ([rank(attrs["level"])] if "level" in attrs else [])
        self.con.execute(f"UPDATE nodes SET {sets} WHERE key = ?", (*values, key))

    def add_copy(self, key: str, record: str, source: str) -> None:
        """One more record (and its source) of notice `key`: a copy of a notice already added."""
        self.con.execute("UPDATE nodes SET records = json_insert(records, '$[#]', ?), "
                         "sources = json_insert(sources, '$[#]', ?) WHERE key = ?", (record, source, key))

    def add_edge(self, a: str, b: str, **attrs) -> None:
        """An edge a -> b (both nodes added before) with `attrs`; an edge that exists keeps its place
        and takes the new attributes."""
        _known(attrs, EDGE_ATTRS)
        names = [x for x in EDGE_ATTRS if x in attrs]
        cols = "".join(f', "{x}"' for x in names)
        update = ", ".join(f'"{x}" = excluded."{x}"' for x in names) or "src = src"
        self.con.execute(
            f"INSERT INTO edges (src, dst{cols}) VALUES ((SELECT seq FROM nodes WHERE key = ?), "
            f"(SELECT seq FROM nodes WHERE key = ?){', ?' * len(names)}) ON CONFLICT (src, dst) DO UPDATE SET {update}",
            (a, b, *(_cell(x, attrs[x]) for x in names)))

    # ------------------------------------------------------------ reading
    def execute(self, sql: str, params=()):
        """A query of one's own over the tables nodes and edges (edges.src and dst are nodes.seq)."""
        return self.con.execute(sql, params)

    def __contains__(self, key) -> bool:
        return self.con.execute("SELECT 1 FROM nodes WHERE key = ?", (key,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self.con.execute("SELECT key FROM nodes ORDER BY seq"))

    def __len__(self) -> int:
        return self.number_of_nodes()

    def number_of_nodes(self) -> int:
        return self.con.execute("SELECT count(*) FROM nodes").fetchone()[0]

    def number_of_edges(self) -> int:
        return self.con.execute("SELECT count(*) FROM edges").fetchone()[0]

    def kinds(self) -> Counter:
        """How many nodes of each kind (notice, placeholder)."""
        return Counter(dict(self.con.execute("SELECT kind, count(*) FROM nodes GROUP BY kind")))

    def successors(self, key: str) -> Iterator[str]:
        """What `key` cites, in the order the edges were added."""
        return (k for (k,) in self.con.execute(
            "SELECT d.key FROM nodes s JOIN edges e ON e.src = s.seq JOIN nodes d ON d.seq = e.dst "
            "WHERE s.key = ? ORDER BY e.seq", (key,)))

    def predecessors(self, key: str) -> Iterator[str]:
        """What cites `key`, in the order the edges were added."""
        return (k for (k,) in self.con.execute(
            "SELECT s.key FROM nodes d JOIN edges e ON e.dst = d.seq JOIN nodes s ON s.seq = e.src "
            "WHERE d.key = ? ORDER BY e.seq", (key,)))

    def cites(self, key: str) -> Iterator[tuple[str, dict, dict]]:
        """(cited, what it is as about() gives it, the edge's attributes) for each document `key`
        cites, in the order the edges were added: one query for what successors, about and edges
        would ask one by one."""
        return self._links(key, forward=True)

    def cited_by(self, key: str) -> Iterator[tuple[str, dict, dict]]:
        """(citing, about it, the edge's attributes) for each node citing `key`, in edge order."""
        return self._links(key, forward=False)

    def _links(self, key: str, forward: bool) -> Iterator[tuple[str, dict, dict]]:
        near, far = ("src", "dst") if forward else ("dst", "src")
        cur = self.con.execute(
            f"SELECT m.key, {_NEIGHBOUR_COLS}, {_EDGE_COLS} FROM nodes n JOIN edges e ON e.{near} = n.seq "
            f"JOIN nodes m ON m.seq = e.{far} WHERE n.key = ? ORDER BY e.seq", (key,))
        for m, *cells in cur:
            yield (m, dict(zip(ABOUT, cells[:len(ABOUT)])),
                   {x: _value(x, c) for x, c in zip(EDGE_ATTRS, cells[len(ABOUT):])})

    def _reach(self, forward: bool, where: str = "") -> str:
        near, far = ("src", "dst") if forward else ("dst", "src")
        return (f"WITH RECURSIVE reach(seq) AS (SELECT e.{far} FROM edges e JOIN nodes n ON n.seq = e.{near} "
                f"WHERE n.key = ? UNION SELECT e.{far} FROM edges e JOIN reach r ON e.{near} = r.seq) "
                f"SELECT n.key FROM reach r JOIN nodes n ON n.seq = r.seq WHERE n.key != ? {where}")

    def ancestors(self, key: str, notices_below: int | None = None) -> list[str]:
        """Every node that cites `key`, directly or through others (networkx's ancestors), sorted;
        notices_below: only ingested notices of a rank below that one."""
        where, params = "", ()
        if notices_below is not None:
            where, params = "AND n.kind = 'notice' AND n.rank > ?", (notices_below,)
        sql = self._reach(False, where) + " ORDER BY n.key"
        return [k for (k,) in self.con.execute(sql, (key, key, *params))]

    def count_ancestors(self, key: str, notices_below: int | None = None) -> int:
        where, params = "", ()
        if notices_below is not None:
            where, params = "AND n.kind = 'notice' AND n.rank > ?", (notices_below,)
        return self.con.execute(f"SELECT count(*) FROM ({self._reach(False, where)})",
                                (key, key, *params)).fetchone()[0]

    def descendants(self, key: str) -> list[str]:
        """Every node `key` cites, directly or through others, sorted."""
        return [k for (k,) in self.con.execute(self._reach(True) + " ORDER BY n.key", (key, key))]

    def about(self, key: str) -> dict:
        """What a node is: its attributes but the lists of its records and sources (a notice ingested
        in many copies has long ones, and most questions are about its level, place or title)."""
        row = self.con.execute(f"SELECT {_ABOUT_COLS} FROM nodes n WHERE n.key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return dict(zip(ABOUT, row))

    def node_rows(self, where: str = "", params=(), order: str = "n.seq") -> Iterator[tuple[str, dict]]:
        """(key, attributes) of the nodes `where` holds (SQL over nodes n), in `order`."""
        cur = self.con.execute(f"SELECT n.key, {_NODE_COLS} FROM nodes n {where} ORDER BY {order}", params)
        for key, *cells in cur:
            yield key, {a: _value(a, c) for a, c in zip(NODE_ATTRS, cells)}

    def edge_rows(self) -> Iterator[tuple[str, str, dict]]:
        """(citing, cited, attributes) of every edge: a node's edges together, nodes in the order they
        were added, each node's edges in the order they were (as networkx lists them)."""
        cur = self.con.execute(f"SELECT s.key, d.key, {_EDGE_COLS} FROM edges e JOIN nodes s ON s.seq = e.src "
                               "JOIN nodes d ON d.seq = e.dst ORDER BY e.src, e.seq")
        for a, b, *cells in cur:
            yield a, b, {x: _value(x, c) for x, c in zip(EDGE_ATTRS, cells)}

    def to_networkx(self):
        """The same graph as a networkx DiGraph, in memory (for small graphs and tests)."""
        import networkx as nx

        g = nx.DiGraph()
        g.graph.update(self.graph)
        g.add_nodes_from(self.node_rows())
        g.add_edges_from(self.edge_rows())
        return g

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Nodes:
    """g.nodes: g.nodes[key] (attributes), g.nodes(data=True) ((key, attributes) in order)."""

    def __init__(self, g: CitationGraph):
        self.g = g

    def __getitem__(self, key: str) -> dict:
        for _, data in self.g.node_rows("WHERE n.key = ?", (key,)):
            return data
        raise KeyError(key)

    def __call__(self, data: bool = False):
        return self.g.node_rows() if data else iter(self.g)

    def __iter__(self):
        return iter(self.g)

    def __len__(self) -> int:
        return self.g.number_of_nodes()

    def __contains__(self, key) -> bool:
        return key in self.g


class _Edges:
    """g.edges: g.edges[a, b] (attributes), g.edges(data=True) ((a, b, attributes) in order)."""

    def __init__(self, g: CitationGraph):
        self.g = g

    def __getitem__(self, ab: tuple[str, str]) -> dict:
        row = self.g.con.execute(
            f"SELECT {_EDGE_COLS} FROM edges e JOIN nodes s ON s.seq = e.src JOIN nodes d ON d.seq = e.dst "
            "WHERE s.key = ? AND d.key = ?", ab).fetchone()
        if row is None:
            raise KeyError(ab)
        return {x: _value(x, c) for x, c in zip(EDGE_ATTRS, row)}

    def __call__(self, data: bool = False):
        rows = self.g.edge_rows()
        return rows if data else ((a, b) for a, b, _ in rows)

    def __iter__(self):
        return self(data=False)

    def __len__(self) -> int:
        return self.g.number_of_edges()
