"""Issue 13: re-runs cost what changed, later stages read the index, comparison from an index,
lazy start-up.  Speed itself is measured by benchmarks/bench_scale.py, never here."""
import os

import pytest

import pipeline.store as store
from pipeline import db
from pipeline.compare import Parents, infer_parent
from pipeline.graph import write_graph
from pipeline.manifest import read_manifest
from pipeline.record import read_records
from pipeline.rules import load_rules, rules_version
from tests.conftest import CORPUS, ROOT, copy_corpus

TWO = ["002_fc2eac345f00a229.txt", "003_cbb5827721edf22d.txt"]


@pytest.fixture
def two(tmp_path):
    d = copy_corpus(tmp_path / "in", TWO)
    out = tmp_path / "out"
    assert store.ingest([d], out).ok
    return d, out


# ---------------------------------------------------------------- re-runs
def test_an_unchanged_file_is_skipped_without_being_read(two, monkeypatch):
    d, out = two
    entry = next(iter(read_manifest(out).values()))
    assert entry["size"] > 0 and entry["mtime_ns"] > 0
    monkeypatch.setattr(store, "sha256_file", lambda p: pytest.fail(f"{p} was read"))
    res = store.ingest([d], out)
    assert res.written == [] and res.unchanged == 2 and res.manifest_changes == 0


def test_a_touched_file_is_hashed_not_parsed_and_its_new_time_kept(two):
    d, out = two
    f = d / TWO[0]
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10**9))
    res = store.ingest([d], out)
    assert res.written == [] and res.unchanged == 2 and res.manifest_changes == 1
    entry = read_manifest(out)[str(f.resolve())]
    assert entry["mtime_ns"] == f.stat().st_mtime_ns
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # changed: parsed again
    assert store.ingest([d], out).written == [str(f)]


def test_rules_version_without_loading_is_the_loaded_version():
    assert rules_version() == load_rules().version


# ---------------------------------------------------------------- the index
def test_the_index_gives_the_records_of_the_yaml_files(corpus_out):
    full = db.load_records(corpus_out)
    assert full == read_records(corpus_out)
    assert [list(r) for r in full] == [list(r) for r in read_records(corpus_out)]   # key order too
    light = db.load_records(corpus_out, light=True)
    assert light == [{k: v for k, v in r.items() if k not in db.LIGHT_DROP} for r in full]


def test_a_record_file_changed_by_hand_reaches_the_index(two):
    from pipeline.record import dump_yaml, read_record

    _, out = two
    path = sorted((out / "notices").glob("*.yaml"))[0]
    rec = read_record(path)
    rec["title"] = "手改的标题"
    path.write_text(dump_yaml(rec), encoding="utf-8")
    assert [r["title"] for r in db.load_records(out, light=True)][0] == "手改的标题"


def test_graph_skips_an_unchanged_corpus_and_follows_a_change(two):
    d, out = two
    assert write_graph(out, only_if_changed=True) is not None   # first build
    assert write_graph(out, only_if_changed=True) is None        # nothing changed
    f = d / TWO[1]
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store.ingest([d], out)
    assert write_graph(out, only_if_changed=True) is not None


def test_no_svg_for_a_graph_too_large_to_lay_out_quickly(two, monkeypatch):
    import pipeline.graph as graph

    _, out = two
    (out / "graph.svg").write_text("<svg>old</svg>", encoding="utf-8")
    monkeypatch.setattr(graph, "SVG_MAX_NODES", 0)
    write_graph(out)
    assert (out / "graph.dot").is_file() and not (out / "graph.svg").exists()


# ---------------------------------------------------------------- comparison from an index
def test_indexed_candidates_give_the_inferred_parent_of_scoring_every_record(corpus_out):
    records = db.load_records(corpus_out, light=True)
    parents = Parents(iter(records))   # one pass is enough: it keeps its own tuples, not the records
    inferred = 0
    for rec in records:
        want = infer_parent(rec, records)
        got = infer_parent(rec, parents.candidates(rec))
        assert (got and (got[0]["id"], got[1])) == (want and (want[0]["id"], want[1])), rec["id"]
        inferred += bool(got)
    assert inferred >= 3


def test_a_large_block_is_narrowed_to_the_nearest_titles(monkeypatch):
    import pipeline.compare as compare

    def rec(i, title, level="provincial"):
        return {"id": f"r{i}", "title": title, "level": level, "region": {"province": "山西省"},
                "issue_date": "2022-05-01", "topics": ["reading"], "requirements": []}

    records = [rec(i, f"关于第{i}项无关工作的通知") for i in range(50)] + [rec(99, "关于举办全民终身学习活动周的通知")]
    local = rec(100, "关于转发举办全民终身学习活动周的通知", "municipal")
    monkeypatch.setattr(compare, "MAX_CANDIDATES", 10)
    cands = Parents(records + [local]).candidates(local)
    assert len(cands) <= 10 and "r99" in {c["id"] for c in cands}
    assert infer_parent(local, cands)[0]["id"] == "r99"


# ---------------------------------------------------------------- start-up
def test_cpca_row_without_pandas_is_transforms_row():
    pytest.importorskip("pandas")
    import cpca

    from pipeline.extract.issuer import _cpca

    for name in ["山西省教育厅", "晋城市教育局", "浦东新区教育局", "隆昌县", "北京市朝阳区教育委员会", "教育部", "某某学校"]:
        row = cpca.transform([name]).iloc[0]
        want = tuple(v if isinstance(v, str) and v else None for v in (row.get("省"), row.get("市"), row.get("区")))
        assert _cpca(name) == want, name


@pytest.mark.parametrize("importable", [False, True])
def test_regions_words_and_the_report_work_without_pkg_resources(importable):
    """cpca reads its table through pkg_resources, which setuptools 81+ and Python 3.12+ virtualenvs
    lack: ingest failed there on its first file.  A process that cannot import pkg_resources still
    reads regions, cuts words and reads the table of divisions; one that could does not (80 ms)."""
    import subprocess
    import sys

    code = """
import sys
class NoPkgResources:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "pkg_resources":
            raise ModuleNotFoundError("No module named 'pkg_resources'", name=name)
if sys.argv[1] == "absent":
    sys.meta_path.insert(0, NoPkgResources())
from pipeline.extract.issuer import region_of
from pipeline.report.hierarchy import divisions
from pipeline.rules import load_rules
words = load_rules().tokenizer.lcut("山西省教育厅关于举办终身学习活动周的通知")
print(region_of("山西省晋城市教育局")["city"], len(divisions()), "终身学习" in words, "pkg_resources" in sys.modules)
"""
    run = subprocess.run([sys.executable, "-c", code, "present" if importable else "absent"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    city, provinces, cut, loaded = run.stdout.split()
    assert city == "晋城市" and int(provinces) >= 31 and cut == "True" and loaded == "False"


def test_lazy_jieba_dictionary_cuts_as_the_whole_one(tmp_path, monkeypatch):
    import jieba

    from pipeline.jieba_dict import LazyFreq
    from pipeline.rules import Rules

    monkeypatch.setenv("NOTICES_CACHE", str(tmp_path / "cache"))
    rules = Rules(load_rules().directory)          # a fresh object: its own tokenizer
    tok = rules.tokenizer
    plain = jieba.Tokenizer()
    for w in (rules.data.get("lexicon") or {}).get("words") or []:
        plain.add_word(w, freq=100000)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("00*.txt")))
    for i in range(0, len(text) - 12, 5):
        s = text[i:i + 12]
        assert list(tok.cut(s, HMM=False)) == list(plain.cut(s, HMM=False)), s
    assert isinstance(tok.FREQ, LazyFreq) and tok.total == plain.total
    assert len(tok.FREQ) < len(plain.FREQ) / 2   # only the first characters asked about were read


def test_rules_come_from_the_cache_once_validated(tmp_path, monkeypatch):
    from pipeline.rules import Rules

    monkeypatch.setenv("NOTICES_CACHE", str(tmp_path / "cache"))
    first = Rules(load_rules().directory)
    assert list((tmp_path / "cache").glob("rules-*.pickle"))
    monkeypatch.setattr(Rules, "_validate", lambda self: pytest.fail("validated again"))
    again = Rules(load_rules().directory)
    assert again.data == first.data and again.version == first.version


def test_a_sync_waits_for_a_batch_writing_the_database(two):
    """A search (which syncs) during an ingest waits for the batch's write lock instead of failing
    with "database is locked" (two deferred transactions upgrading their locks deadlock)."""
    import threading

    from pipeline.record import dump_yaml, read_record

    _, out = two
    path = sorted((out / "notices").glob("*.yaml"))[0]
    rec = read_record(path)
    rec["title"] = "批处理期间改过的标题"
    path.write_text(dump_yaml(rec), encoding="utf-8")
    batch = db.Writer(out)                       # holds the write lock, as an ingest does
    batch.stamp(("x", "x", 0, 0, "x"))
    errors, done = [], threading.Event()

    def search():
        try:
            db.sync(out)
        except Exception as exc:  # pragma: no cover - the failure this test is about
            errors.append(exc)
        done.set()

    t = threading.Thread(target=search)
    t.start()
    assert not done.wait(0.5)                    # waiting, not failed
    batch.close()
    t.join(30)
    assert done.is_set() and not errors
    assert "批处理期间改过的标题" in [r.get("title") for r in db.load_records(out, light=True)]


def test_the_cache_keeps_the_few_most_recently_used_versions_of_an_entry(tmp_path, monkeypatch):
    """Every edit of the rules makes a new rules entry (~9 MB): old ones are removed, not
    collected for ever; an entry that was read lately counts as recent."""
    import os
    import pickle
    import time

    from pipeline import cache

    monkeypatch.setenv("NOTICES_CACHE", str(tmp_path))
    cache.store("jieba-dict", "0" * 24, "another kind")
    for i in range(cache.KEEP + 2):                    # left by older rules, oldest first
        path = cache.path_of("rules", f"{i:024d}")
        path.write_bytes(pickle.dumps(i))
        os.utime(path, ns=(time.time_ns(), (1_000_000 + i) * 10**9))
    oldest = cache.path_of("rules", "0" * 24)
    assert cache.load("rules", "0" * 24) == 0          # read now: the most recently used
    cache.store("rules", "f" * 24, "new")
    kept = sorted(p.name for p in tmp_path.glob("rules-*.pickle"))
    assert len(kept) == cache.KEEP
    assert oldest.name in kept and f"rules-{'f' * 24}.pickle" in kept
    assert cache.load("jieba-dict", "0" * 24) == "another kind"


@pytest.mark.parametrize("seed", [1, 2])
def test_a_large_block_narrowed_a_chunk_at_a_time_keeps_what_sorting_it_whole_kept(monkeypatch, seed):
    """Parents._nearest reads a block in chunks keeping the best in heaps: the same candidates as
    rapidfuzz's extract over the whole block and a sort by shared topics (ties: the first)."""
    import random

    from rapidfuzz import fuzz, process

    import pipeline.compare as compare
    from pipeline.graph import title_key

    rnd = random.Random(seed)
    words = ["终身学习", "活动周", "职业教育", "社区教育", "读书", "老年大学", "培训", "评选"]
    topics = ["reading", "elderly", "vocational", "community"]
    records = [{"id": f"r{i}", "title": "关于" + "".join(rnd.sample(words, 3)) + "的通知", "level": "provincial",
                "region": {"province": "山西省"}, "issue_date": "2022-05-01", "topics": rnd.sample(topics, rnd.randint(1, 3)),
                "requirements": []} for i in range(700)]
    local = {**records[0], "id": "local", "level": "municipal", "title": "关于转发" + "".join(rnd.sample(words, 3)) + "的通知"}
    monkeypatch.setattr(compare, "MAX_CANDIDATES", 40)
    got = [c["id"] for c in compare.Parents(records).candidates(local)]
    own = set(local["topics"])
    best = process.extract(title_key(local["title"], True), [title_key(r["title"], True) for r in records],
                           scorer=fuzz.token_set_ratio, limit=20)
    overlap = lambda j: len(own & set(records[j]["topics"])) / len(own | set(records[j]["topics"]))
    keep = {j for _, _, j in best} | set(sorted(range(len(records)), key=lambda j: -overlap(j))[:20])
    assert got == [records[j]["id"] for j in sorted(keep)]
