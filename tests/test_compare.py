"""Comparison of local notices with their directives; the figures were checked by hand.

Hand check (Shanxi 晋教职成函〔2022〕108号 against the Ministry's 教职成厅函〔2022〕22号,
whose stored copy stops inside 二（一）): of the parent's ten sentences Shanxi copies the
opening paragraph, the theme line, "各地应结合…灵活安排", heading 二（一） and the two
paragraphs under it; it rewrites the title and the 举办时间 sentence and has its own
主送机关; the page-title line is not in Shanxi.  Weighted by length and similarity that is
about two thirds of the parent (0.60–0.72), and about 500 of Shanxi's ~3,900 characters
(0.10–0.18).
"""

import pytest

from pipeline.compare import (compare_all, compare_labels, compare_schedule, compare_themes,
                              text_reuse)


@pytest.fixture(scope="module")
def reports(corpus_out):
    return {r["id"]: r for r in compare_all(corpus_out)}


def test_shanxi_against_the_ministry(reports, corpus_records):
    rep = reports["002_fc2eac345f00a229"]
    assert [a["id"] for a in rep["ancestors"]] == ["101_moe_2022_lifelong_week"]
    c = rep["comparisons"][0]
    assert c["parent"]["relation"] == "cited"
    assert c["themes"] == [{"theme": "学习贯彻二十大，终身学习向未来", "verdict": "identical_up_to_punctuation",
                            "parent_theme": "学习贯彻二十大,终身学习向未来", "similarity": 1.0}]
    # the parent is a partial copy: the report says so and does not call Shanxi's extra topics "added"
    assert c["parent_complete"] is False and "incomplete" in c["parent_note"]
    covered = {i["id"] for i in c["topics"]["covered"]}
    assert {"party_congress_study", "digital_learning", "publicity", "opening_ceremony"} <= covered
    assert c["topics"]["omitted"] == [] and c["topics"]["added"] == []
    assert {"smart_elderly", "reading", "learning_stars_brands"} <= {i["id"] for i in c["topics"]["possibly_added"]}
    for i in c["topics"]["covered"]:
        assert i["local"] and i["parent"]  # evidence sentences on both sides
    r = c["text_reuse"]
    assert 0.70 <= r["parent_share"] <= 0.80  # the web copy's lines are paragraphs, no longer joined by word guesses
    assert 0.10 <= r["local_share"] <= 0.18
    local_text = corpus_records["002_fc2eac345f00a229"]["text"]
    texts = " ".join(local_text[a:b] for a, b in (p["local_span"] for p in r["passages"]))
    assert "学习贯彻二十大，终身学习向未来" in texts and "作为首要政治任务" in texts
    assert all(p["similarity"] >= 0.6 for p in r["passages"])


def test_lishui_theme_is_its_own_and_wujin_gets_an_inferred_parent(reports):
    lishui = reports["000_4e4d97b52702877a"]
    assert any(n["doc_number"] == "浙教办函〔2022〕347号" for n in lishui["not_ingested"])
    assert lishui["comparisons"][0]["themes"][0]["verdict"] == "own"
    wujin = reports["004_2a45d8b675625f29"]
    ip = wujin["inferred_parent"]
    assert ip["inferred"] is True and ip["id"] == "101_moe_2022_lifelong_week" and 0 < ip["score"] <= 1
    assert wujin["comparisons"][0]["parent"]["relation"] == "inferred"


def test_outputs_written(corpus_out, reports):
    d = corpus_out / "compare"
    assert (d / "002_fc2eac345f00a229.md").read_text(encoding="utf-8").startswith("# 山西省教育厅")
    assert (d / "002_fc2eac345f00a229.yaml").exists()
    matrix = (d / "matrix.csv").read_text(encoding="utf-8-sig").splitlines()
    header = matrix[0].split(",")
    row = next(l.split(",") for l in matrix if l.startswith("002_"))
    assert row[header.index("topic:party_congress_study")] == "covered"


def test_compare_all_without_keeping_the_reports_writes_the_same_files(corpus_out, reports):
    """`compare --all` keeps no report once written (6 KB each: 60 MB at 10,000 notices)."""
    d = corpus_out / "compare"
    before = {f.name: f.read_bytes() for f in d.iterdir()}
    assert compare_all(corpus_out, keep=False) == len(reports)
    assert {f.name: f.read_bytes() for f in d.iterdir()} == before


def test_theme_verdicts():
    parent = ["学习贯彻二十大，终身学习向未来"]
    got = [t["verdict"] for t in compare_themes(
        ["学习贯彻二十大，终身学习向未来", "学习贯彻二十大  终身学习向未来", "学习贯彻二十大 终身学习向美好未来", "砥砺奋进启新程"], parent)]
    assert got == ["identical", "identical_up_to_punctuation", "adapted", "own"]


def test_labels_covered_omitted_added():
    local = {"topics": ["reading", "smart_elderly"], "evidence": {"topics": {"reading": {"text": "全民阅读"}}}}
    parent = {"topics": ["reading", "publicity"], "evidence": {"topics": {"publicity": {"text": "宣传报道"}}}}
    res = compare_labels(local, parent, "topics", True)
    assert [i["id"] for i in res["covered"]] == ["reading"]
    assert res["omitted"] == [{"id": "publicity", "local": None, "parent": "宣传报道"}]
    assert [i["id"] for i in res["added"]] == ["smart_elderly"]


def test_schedule_window_and_late_deadline():
    parent = {"events": [{"start": "2022-11-20", "end": "2022-11-26"}],
              "deadlines": [{"date": "2022-12-20", "kind": "submission"}]}
    local = {"events": [{"what": "周", "start": "2022-11-21", "end": "2022-11-25"},
                        {"what": "晚", "start": "2022-12-02", "end": "2022-12-08"}],
             "deadlines": [{"date": "2022-12-28", "kind": "submission", "submit_to": "市局"},
                           {"date": "2022-12-10", "kind": "submission", "submit_to": "市局"}]}
    s = compare_schedule(local, parent)
    assert [e["verdict"] for e in s["events"]] == ["inside", "after"]
    assert s["events"][1]["days_outside"] == 12
    assert [d["flag"] for d in s["deadlines"]] == [True, False]


def test_text_reuse_on_a_copied_paragraph():
    parent = "一、活动内容\n各地要广泛开展全民阅读活动，营造书香社会氛围。要积极开展智慧助老活动，帮助老年人跨越数字鸿沟。"
    local = "一、活动内容\n各区要广泛开展全民阅读活动，营造书香社会氛围。本区另行组织读书节和社区学习成果展示活动。要积极开展智慧助老活动，帮助老年人跨越数字鸿沟。"
    r = text_reuse(local, parent)
    assert r["parent_share"] > 0.9 and 0.6 < r["local_share"] < 0.9
    assert len(r["passages"]) == 1


def test_cli_compare(corpus_out, capsys):
    from pipeline.cli import main

    assert main(["compare", "晋教职成函〔2022〕108号", "--out", str(corpus_out)]) == 0
    out = capsys.readouterr().out
    assert "identical up to punctuation" in out and "incomplete" in out
    assert main(["compare", "没有这个通知", "--out", str(corpus_out)]) == 1


def test_write_if_changed_takes_pieces_and_rewrites_only_a_change(tmp_path):
    from pipeline.compare import write_if_changed

    path = tmp_path / "compare" / "matrix.csv"
    assert write_if_changed(path, iter(["a,b\r\n", "1,2\r\n"]))
    stamp = path.stat().st_mtime_ns
    assert not write_if_changed(path, iter(["a,b\r\n1,", "2\r\n"]))   # the same text in other pieces
    assert path.stat().st_mtime_ns == stamp
    assert write_if_changed(path, iter(["a,b\r\n", "1,3\r\n"]))
    assert path.read_bytes() == b"a,b\r\n1,3\r\n"
    assert [p.name for p in path.parent.iterdir()] == ["matrix.csv"]   # no temporary file left


def test_matrix_csv_in_pieces_is_the_whole_table():
    import csv
    import io

    from pipeline.compare import matrix_csv

    rows = [[f"n{i}", "标题", "p", "cited", "covered"] for i in range(1234)]
    text = "".join(matrix_csv(iter(rows), ["topic:x"]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [["notice", "title", "parent", "relation", "topic:x"]] + rows
