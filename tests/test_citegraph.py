"""citegraph.CitationGraph, the citation graph in SQLite, against networkx's DiGraph: the same
operations give the same nodes, edges, order and reachability."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.citegraph import ABOUT, CitationGraph

KEYS = st.sampled_from(["doc:晋教职成函〔2022〕108号", "doc:教职成厅函〔2022〕22号", "title:关于举办活动周的通知|2022",
                        "cited:浙教办函〔2022〕347号", "cited:关于\u2028的意见", "a", "b"])
LEVELS = st.sampled_from(["national", "provincial", "municipal", "county", None])
NODE = st.fixed_dictionaries({"kind": st.sampled_from(["notice", "placeholder"]), "level": LEVELS,
                              "title": st.one_of(st.none(), st.text(max_size=8)),
                              "records": st.lists(st.text(max_size=4), max_size=3)})
EDGE = st.fixed_dictionaries({"resolved_by": st.sampled_from(["doc_number", "title", "placeholder"]),
                              "score": st.floats(0, 100), "page": st.one_of(st.none(), st.integers(1, 9)),
                              "flags": st.lists(st.sampled_from(["upward", "cross_region"]), max_size=2)})
OPS = st.lists(st.one_of(st.tuples(st.just("node"), KEYS, NODE), st.tuples(st.just("edge"), KEYS, KEYS, EDGE)),
               max_size=30)


def _both(ops) -> tuple[CitationGraph, nx.DiGraph]:
    ours, theirs = CitationGraph(), nx.DiGraph()
    for op in ops:
        if op[0] == "node":
            ours.add_node(op[1], **op[2])
            theirs.add_node(op[1], **op[2])
        elif op[1] != op[2] and op[1] in theirs and op[2] in theirs:   # the graph never adds loops or bare edges
            ours.add_edge(op[1], op[2], **op[3])
            theirs.add_edge(op[1], op[2], **op[3])
    return ours, theirs


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_the_same_operations_give_networkxs_graph(ops):
    ours, theirs = _both(ops)
    h = ours.to_networkx()
    assert list(h.nodes) == list(theirs.nodes) and list(h.edges) == list(theirs.edges)
    for n, d in theirs.nodes(data=True):
        assert {k: v for k, v in ours.nodes[n].items() if k in d} == d
        assert list(ours.successors(n)) == list(theirs.successors(n))
        assert list(ours.predecessors(n)) == list(theirs.predecessors(n))
        for links, near, cited in ((ours.cites(n), theirs.successors(n), False),
                                   (ours.cited_by(n), theirs.predecessors(n), True)):
            links = list(links)
            assert [m for m, _, _ in links] == list(near)
            for m, about, edge in links:
                assert about == ours.about(m) and edge == ours.edges[(m, n) if cited else (n, m)]
        assert ours.ancestors(n) == sorted(nx.ancestors(theirs, n))
        assert ours.descendants(n) == sorted(nx.descendants(theirs, n))
        assert ours.count_ancestors(n) == len(nx.ancestors(theirs, n))
    for a, b, d in theirs.edges(data=True):
        assert {k: v for k, v in ours.edges[a, b].items() if k in d} == d
    assert (ours.number_of_nodes(), ours.number_of_edges()) == (theirs.number_of_nodes(), theirs.number_of_edges())


def test_an_edge_added_again_keeps_its_place_and_takes_the_new_attributes():
    g = CitationGraph()
    for k in "abc":
        g.add_node(k, kind="notice")
    g.add_edge("a", "b", resolved_by="title", score=95.0)
    g.add_edge("a", "c", resolved_by="doc_number", score=100.0)
    g.add_edge("a", "b", resolved_by="doc_number", score=100.0)
    assert list(g.successors("a")) == ["b", "c"]
    assert g.edges["a", "b"]["resolved_by"] == "doc_number" and g.number_of_edges() == 2


def test_a_copy_adds_its_record_and_source_and_about_leaves_the_lists_out():
    g = CitationGraph()
    g.add_node("doc:晋教职成函〔2022〕108号", kind="notice", id="r1", records=["r1"], sources=["a.pdf"], level="provincial")
    g.add_copy("doc:晋教职成函〔2022〕108号", "r2", "b.html")
    d = g.nodes["doc:晋教职成函〔2022〕108号"]
    assert d["records"] == ["r1", "r2"] and d["sources"] == ["a.pdf", "b.html"]
    about = g.about("doc:晋教职成函〔2022〕108号")
    assert tuple(about) == ABOUT and "records" not in about and about["level"] == "provincial"


def test_unknown_nodes_edges_and_attributes_are_refused():
    g = CitationGraph()
    g.add_node("a", kind="notice")
    with pytest.raises(KeyError):
        g.nodes["b"]
    with pytest.raises(KeyError):
        g.about("b")
    with pytest.raises(KeyError):
        g.edges["a", "b"]
    with pytest.raises(ValueError, match="colour"):
        g.add_node("b", colour="red")


def test_notices_below_a_directive_leave_out_placeholders_and_higher_levels():
    g = CitationGraph()
    g.add_node("moe", kind="notice", level="national")
    g.add_node("prov", kind="notice", level="provincial")
    g.add_node("cited", kind="placeholder", level="municipal")
    g.add_node("county", kind="notice", level="county")
    g.add_node("other-moe", kind="notice", level="national")
    for a, b in (("prov", "moe"), ("cited", "prov"), ("county", "cited"), ("other-moe", "moe")):
        g.add_edge(a, b)
    assert g.ancestors("moe") == ["cited", "county", "other-moe", "prov"]
    assert g.ancestors("moe", notices_below=0) == ["county", "prov"]
    assert g.count_ancestors("moe", notices_below=0) == 2
    assert g.kinds() == {"notice": 4, "placeholder": 1}
