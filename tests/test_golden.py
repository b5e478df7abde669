"""Golden tests: the shipped corpus and the rendered PDFs against their gold files."""
from pipeline.evaluate import evaluate
from pipeline.store import ingest
from tests.conftest import CORPUS, PDF_FIXTURES

HEADER_FIELDS = ["doc_number", "issuer", "level", "title", "issue_date"]


def test_dev_corpus_scores(corpus_out):
    res = evaluate(CORPUS, corpus_out)
    assert res["files"] == 8 and not res["missing_records"]
    assert res["macro"] >= 0.95
    assert res["deadline_precision"] == 1.0
    for f in HEADER_FIELDS:
        assert res["fields"][f]["accuracy"] == 1.0, f
    for f in ("cc", "attachments"):
        assert res["fields"][f]["f1"] == 1.0, f


def test_rendered_pdfs_score_like_their_texts(tmp_path):
    out = tmp_path / "pdf_out"
    assert ingest([PDF_FIXTURES], out).ok
    res = evaluate(PDF_FIXTURES, out)
    assert res["files"] >= 3 and not res["missing_records"]
    for f in HEADER_FIELDS:
        assert res["fields"][f]["accuracy"] == 1.0, (f, [m for m in res["misses"] if m["field"] == f])
    for f in ("cc", "attachments"):
        assert res["fields"][f]["f1"] == 1.0, f
    assert res["deadline_precision"] == 1.0
    assert res["macro"] >= 0.95


def test_records_carry_evidence_that_quotes_the_source(corpus_records):
    rec = corpus_records["002_fc2eac345f00a229"]
    ev = rec["evidence"]["doc_number"]
    assert ev["text"] == "晋教职成函〔2022〕108号" and ev["page"] == 1
    for d in rec["deadlines"]:
        assert d["date"][5:7].lstrip("0") in d["evidence"]["text"]
    assert rec["source"]["sha256"] and rec["source"]["format"] == "txt"


def test_hainan_landline_gets_the_province_code(corpus_records):
    (c,) = corpus_records["001_83fdce0db893d34f"]["contacts"]
    assert c["phones"] == ["0898-65239391"] and c["inferred_area_code"] == ["0898-65239391"]


def test_scorer_counts_as_the_spec_says(tmp_path):
    """A hand-made record and gold pair with known counts."""
    import yaml

    from pipeline.evaluate import score_pair, Tally
    from collections import defaultdict

    gold = {"doc_number": "晋教职成函〔2022〕108号", "title": "关于举办活动的通知",
            "deadlines": [{"date": "2022-11-30", "submit_to": "山西开放大学(山西省社区教育指导服务中心)"},
                          {"date": "2022-12-25", "submit_to": None}],
            "contacts": [{"name": "刘煌", "phones": ["0351-3193088"], "emails": []},
                         {"name": None, "phones": ["86307076"], "emails": []}],
            "cites": [{"doc_number": "教职成厅函〔2022〕22号", "title": "x"}, {"doc_number": None, "title": "关于Y的决定"}]}
    rec = {"doc_number": "晋教职成函[2022]108号", "title": "山西省教育厅关于举办活动的通知",
           "deadlines": [{"date": "2022-11-30", "submit_to": "山西开放大学"}, {"date": "2022-12-01", "submit_to": None}],
           "contacts": [{"name": "刘煌", "phones": ["03513193088"], "emails": []},
                        {"name": None, "phones": ["0519-86307076"], "emails": []}],
           "cites": [{"doc_number": "教职成厅函（2022）22号", "title": "other"}, {"doc_number": None, "title": "中共中央关于Y的决定"}]}
    t = defaultdict(Tally)
    score_pair(rec, gold, t, [], "x")
    assert t["doc_number"].correct == 1 and t["title"].correct == 1
    assert (t["deadlines"].tp, t["deadlines"].fp, t["deadlines"].fn) == (1, 1, 1)
    assert t["deadline_submit_to"].correct == 1
    assert (t["contacts"].tp, t["contacts"].fp) == (2, 0)
    assert t["contact_phones"].tp == 2
    assert t["cites"].tp == 2
