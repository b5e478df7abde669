"""Citation graph: resolution by number and title, placeholders, duplicates, level flags."""

import json

import pytest
import networkx as nx

from pipeline.citegraph import CitationGraph
from pipeline.graph import build_graph, find_node, notice_key, orphans, title_key, tree_lines, write_graph
from pipeline.store import ingest
from tests.conftest import CORPUS, PDF_FIXTURES, extract_text


def rec(id, doc_number=None, title=None, level="provincial", province="浙江省", city=None, cites=(), date="2022-11-20"):
    return {"id": id, "source": {"path": f"{id}.txt"}, "doc_number": doc_number, "title": title, "issuer": None,
            "level": level, "region": {"province": province, "city": city, "county": None}, "issue_date": date,
            "cites": [dict(c) for c in cites]}


NATIONAL = rec("moe", "教职成厅函〔2022〕22号", "教育部办公厅关于举办2022年全民终身学习活动周的通知", "national", None)


def test_shipped_corpus_links(corpus_records):
    g = build_graph(list(corpus_records.values()))
    moe = notice_key(corpus_records["101_moe_2022_lifelong_week"])
    assert g.nodes[moe]["kind"] == "notice"  # the national notice replaced its placeholder
    assert not any(n.startswith("cited:教职成厅函") for n in g)
    citing = {g.nodes[n]["id"] for n in g.predecessors(moe)}
    assert {"002_fc2eac345f00a229", "003_cbb5827721edf22d"} <= citing
    zj = find_node(g, "浙教办函〔2022〕347号")
    assert g.nodes[zj]["kind"] == "placeholder" and g.nodes[zj]["level"] == "provincial"
    assert [g.nodes[n]["id"] for n in g.predecessors(zj)] == ["000_4e4d97b52702877a"]
    lines = tree_lines(g, moe, "down")
    assert len(lines) == 3 and "晋教职成函〔2022〕108号" in lines[1] + lines[2]


def test_placeholder_merges_when_the_province_notice_arrives(corpus_records):
    records = list(corpus_records.values())
    zhejiang = rec("zj", "浙教办函〔2022〕347号", "浙江省教育厅办公室关于举办浙江省2022年全民终身学习活动周的通知",
                   cites=[{"doc_number": "教职成厅函（2022）22号", "title": "教育部办公厅关于举办2022年全民终身学习活动周的通知"}])
    g = build_graph(records + [zhejiang])
    zj = find_node(g, "浙教办函〔2022〕347号")
    assert g.nodes[zj]["kind"] == "notice" and zj not in orphans(g)
    assert "cited:浙教办函〔2022〕347号" not in g
    lishui = find_node(g, "000_4e4d97b52702877a")
    chain = g.descendants(lishui)
    assert set(chain) == nx.descendants(g.to_networkx(), lishui)
    assert zj in chain and notice_key(corpus_records["101_moe_2022_lifelong_week"]) in chain
    assert "丽社教办" in "\n".join(tree_lines(g, find_node(g, "教职成厅函〔2022〕22号"), "down"))


def test_title_matching_is_tolerant():
    assert title_key("教育部办公厅关于举办2022年全民终身学习活动周的通知") == title_key("关于举办2022年全民终身学习活动周的通知")
    assert title_key("关于举办“2022年”全民终身学习活动周的通知。") == title_key("关于举办2022年全民终身学习活动周的通知")
    cites = [{"doc_number": None, "title": "教育部《关于举办2022年全民终身学习活动周的通知》"},
             {"doc_number": None, "title": "关于举办全民终身学习活动周的通知"},              # year left out
             {"doc_number": None, "title": "关于举办2022年全民终生学习活动周的通知"}]      # a typo
    recs = [NATIONAL] + [rec(f"p{i}", None, f"某省关于第{i}件事的通知", cites=[c]) for i, c in enumerate(cites)]
    g = build_graph(recs)
    hows = [g.edges[notice_key(r), notice_key(NATIONAL)]["resolved_by"] for r in recs[1:]]
    assert hows == ["title", "title_without_year", "fuzzy_title"]
    assert 88 <= g.edges[notice_key(recs[3]), notice_key(NATIONAL)]["score"] < 100


def test_vague_reference_stays_unresolved():
    r = extract_text("某县教育局\n关于开展活动的通知\n各学校：\n根据上级教育行政部门关于推进全民终身学习的工作要求，现通知如下。\n某县教育局\n2022年11月17日\n")
    assert r["cites"] == []


def test_one_node_for_a_pdf_and_a_text_copy(tmp_path):
    import shutil

    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPUS / "002_fc2eac345f00a229.txt", d / "shanxi.txt")
    shutil.copy(PDF_FIXTURES / "002_fc2eac345f00a229.pdf", d / "shanxi.pdf")
    out = tmp_path / "out"
    ingest([d], out)
    g = write_graph(out)
    notices = [n for n, x in g.nodes(data=True) if x["kind"] == "notice"]
    assert len(notices) == 1 and len(g.nodes[notices[0]]["records"]) == 2
    for name in ("graph.graphml", "graph.json", "graph.dot"):
        assert (out / name).stat().st_size > 0
    assert nx.read_graphml(out / "graph.graphml").number_of_nodes() == g.number_of_nodes()


def test_upward_and_cross_region_flags():
    county = rec("c", None, "某县关于甲的通知", "county", "浙江省", cites=[{"doc_number": "晋教职成函〔2022〕108号", "title": None}])
    nat = rec("n", "教职成厅函〔2023〕1号", "教育部办公厅关于乙的通知", "national", None,
              cites=[{"doc_number": "丽社教办〔2022〕2号", "title": None}])
    lishui = rec("l", "丽社教办〔2022〕2号", "丽水市关于丙的通知", "municipal", "浙江省", "丽水市")
    g = build_graph([county, nat, lishui])
    assert g.edges[notice_key(county), "cited:晋教职成函〔2022〕108号"]["flags"] == ["cross_region"]
    assert g.edges[notice_key(nat), notice_key(lishui)]["flags"] == ["upward"]


def test_cli_graph_commands(corpus_out, capsys):
    from pipeline.cli import main

    assert main(["graph", "--out", str(corpus_out)]) == 0
    assert main(["graph", "descendants", "教职成厅函[2022]22号", "--out", str(corpus_out)]) == 0
    out = capsys.readouterr().out
    assert "山西省教育厅关于举办2022年山西省全民终身学习活动周的通知" in out
    assert main(["graph", "ancestors", "000_4e4d97b52702877a", "--out", str(corpus_out)]) == 0
    assert "浙教办函〔2022〕347号" in capsys.readouterr().out
    assert main(["graph", "orphans", "--out", str(corpus_out)]) == 0
    assert "中共中央关于认真学习宣传贯彻党的二十大精神的决定" in capsys.readouterr().out
    assert main(["graph", "ancestors", "没有这个文件的标题也没有号", "--out", str(corpus_out)]) == 1


def _scalars(g):
    """The graph networkx's GraphML writer takes: every value a scalar, as graph.graphml holds it."""
    from pipeline.graph import _scalar

    h = nx.DiGraph()
    h.add_nodes_from((_scalar(n), {k: _scalar(v) for k, v in d.items()}) for n, d in g.nodes(data=True))
    h.add_edges_from((_scalar(a), _scalar(b), {k: _scalar(v) for k, v in d.items()}) for a, b, d in g.edges(data=True))
    return h


def test_graphml_written_directly_reads_back_as_networkxs(corpus_out):
    """graph.graphml is written without networkx's writer (it imports numpy): the same graph read back."""
    import io

    from pipeline.db import load_records
    from pipeline.graph import graphml_lines

    g = build_graph(load_records(corpus_out, light=True))
    # escapes, and every value type a node's attributes hold in SQLite (no bool: it comes back an int)
    g.add_node("<&\"'>", kind="placeholder", title=0.5, date=3, records=["x"], county=None)
    buf = io.BytesIO()
    nx.write_graphml(_scalars(g), buf, encoding="utf-8")
    theirs, ours = nx.read_graphml(io.BytesIO(buf.getvalue())), nx.read_graphml(io.StringIO("".join(graphml_lines(g))))
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))


@pytest.mark.parametrize("nodes", [0, 1, "corpus"])
def test_graph_json_written_piece_by_piece_is_what_json_dumps_writes(corpus_out, nodes):
    from pipeline.db import load_records
    from pipeline.graph import node_link_json
    from pipeline.safe import sanitize

    g = build_graph(load_records(corpus_out, light=True)) if nodes == "corpus" else CitationGraph()
    if nodes == 1:
        g.add_node("cited:关于\u2028的通知", kind="placeholder", records=[], title=None)
    whole = json.dumps(sanitize(nx.node_link_data(g.to_networkx(), edges="links")), ensure_ascii=False, indent=1,
                       default=str)
    assert "".join(node_link_json(g)) == whole
    assert json.loads(whole)


class _GrowingRecords:
    """Records read from the index twice while an ingest adds one in between (db.RecordPasses)."""

    def __init__(self, first, added):
        self.first, self.added, self.passes = first, added, 0

    def __iter__(self):
        self.passes += 1
        return iter(self.first + (self.added if self.passes > 1 else []))


def test_a_record_added_between_the_graphs_two_passes_waits_for_the_next_build():
    first = [{"id": "a", "source": {"path": "a.txt"}, "doc_number": "晋教职成函〔2022〕108号", "title": "关于举办活动周的通知",
              "level": "provincial", "cites": []}]
    added = [{"id": "b", "source": {"path": "b.txt"}, "doc_number": "晋城教〔2022〕5号", "title": "关于转发活动周的通知",
              "level": "municipal", "cites": [{"doc_number": "晋教职成函〔2022〕108号", "title": None}]}]
    g = build_graph(_GrowingRecords(first, added))
    assert [d["id"] for _, d in g.nodes(data=True)] == ["a"] and g.number_of_edges() == 0
