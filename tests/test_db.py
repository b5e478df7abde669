"""DIR/notices.sqlite: kept in line with the YAML records, searchable in Chinese, served by Datasette."""
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from urllib.parse import quote

import pytest

from pipeline.cli import main
from pipeline.db import DB_NAME, search, sync
from pipeline.record import dump_yaml, read_record
from pipeline.store import ingest
from tests.conftest import copy_corpus

TWO = ["002_fc2eac345f00a229.txt", "003_cbb5827721edf22d.txt"]


@pytest.fixture
def out(tmp_path):
    d = copy_corpus(tmp_path / "in", TWO)
    out = tmp_path / "out"
    assert ingest([d], out).ok
    return out


def _count(out, table, where="1"):
    with sqlite3.connect(out / DB_NAME) as c:
        return c.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def test_ingest_fills_every_table_from_the_records(out):
    recs = [read_record(p) for p in sorted((out / "notices").glob("*.yaml"))]
    assert _count(out, "notices") == 2
    for table in ("deadlines", "events", "contacts", "cites"):
        assert _count(out, table) == sum(len(r.get(table) or []) for r in recs), table
    assert _count(out, "labels", "kind = 'topics'") == sum(len(r["topics"]) for r in recs)
    with sqlite3.connect(out / DB_NAME) as c:
        zh = c.execute("SELECT label_zh FROM labels WHERE label = 'smart_elderly'").fetchone()[0]
        phones = json.loads(c.execute("SELECT phones FROM contacts WHERE name = '刘煌'").fetchone()[0])
    assert zh.startswith("智慧助老")
    assert "13934209149" in phones


@pytest.mark.parametrize("query,expected", [
    ("智慧助老", {"002_fc2eac345f00a229", "003_cbb5827721edf22d"}),   # FTS5 trigram
    ("晋城开放大学", {"002_fc2eac345f00a229"}),                          # a word of the body only
    ("书香吉林", {"003_cbb5827721edf22d"}),
    ("晋城", {"002_fc2eac345f00a229"}),                                  # two characters: LIKE
    ("山西 统计表", {"002_fc2eac345f00a229"}),                           # every word must occur
    ("量子计算机", set()),
])
def test_search_finds_a_notice_by_a_chinese_word_of_its_body(out, query, expected):
    assert {h.id for h in search(out, query)} == expected


def test_search_filters_by_issue_date_and_level(out):
    assert {h.id for h in search(out, "智慧助老", date_from=dt.date(2022, 11, 20))} == {"002_fc2eac345f00a229"}
    assert {h.id for h in search(out, "智慧助老", date_to=dt.date(2022, 11, 18))} == {"003_cbb5827721edf22d"}
    assert search(out, "智慧助老", level="national") == []


def test_search_command(out, capsys):
    assert main(["search", "晋城开放大学", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "山西省教育厅关于举办2022年山西省全民终身学习活动周的通知" in text and "晋城开放大学" in text
    assert main(["search", "量子计算机", "--out", str(out)]) == 1


def test_sync_follows_changed_and_removed_records_and_rebuilds_a_missing_database(out):
    path = out / "notices" / "002_fc2eac345f00a229.yaml"
    rec = read_record(path)
    rec["title"] = "改过的标题关于测试的通知"
    path.write_text(dump_yaml(rec), encoding="utf-8")
    res = sync(out)
    assert res.updated == ["002_fc2eac345f00a229"] and res.unchanged == 1
    assert [h.id for h in search(out, "改过的标题")] == ["002_fc2eac345f00a229"]
    path.unlink()
    assert sync(out).removed == ["002_fc2eac345f00a229"]
    assert _count(out, "notices") == 1 and _count(out, "contacts", "notice_id LIKE '002%'") == 0
    assert search(out, "晋城开放大学") == []
    (out / DB_NAME).unlink()
    assert sync(out).added == ["003_cbb5827721edf22d"]
    assert [h.id for h in search(out, "书香吉林")] == ["003_cbb5827721edf22d"]


def test_datasette_serves_the_database_with_chinese_full_text_search(out):
    pytest.importorskip("datasette", reason="Datasette is an optional extra: pip install -e '.[datasette]'")
    url = "/notices/notices.json?_shape=array&_col=title&_search=" + quote("晋城开放大学")
    run = subprocess.run([sys.executable, "-m", "datasette", str(out / DB_NAME), "--get", url],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert [r["id"] for r in rows] == ["002_fc2eac345f00a229"]


def _dump(path):
    with sqlite3.connect(path) as c:
        tables = ["notices", "deadlines", "events", "contacts", "cites", "labels", "records"]
        return {t: sorted(map(repr, c.execute(f"SELECT * FROM {t}"))) for t in tables}


def test_workers_write_their_records_rows_before_the_run_ends(tmp_path, monkeypatch):
    """With -j 2 each worker inserts its task's rows itself (the parent, on the same cores, inserts
    none): the sync that ends the run finds nothing left to add, and the rows are those a database
    rebuilt from the record files has."""
    import pipeline.db as db

    src = copy_corpus(tmp_path / "in", TWO + ["000_4e4d97b52702877a.txt", "004_2a45d8b675625f29.txt"])
    out = tmp_path / "out"
    seen = []
    real_sync = db.sync

    def sync_after_workers(out_dir, taxonomy=None):
        seen.append(real_sync(out_dir, taxonomy))
        return seen[-1]

    writers = tmp_path / "writers"
    real_put = db.Writer.put

    def put_noting_the_process(self, nid, rows, stamp):
        with open(writers, "a") as f:
            f.write(f"{os.getpid()}\n")
        real_put(self, nid, rows, stamp)

    monkeypatch.setattr(db, "sync", sync_after_workers)
    monkeypatch.setattr(db.Writer, "put", put_noting_the_process)
    assert ingest([src], out, jobs=2).ok
    pids = writers.read_text().split()
    assert len(pids) == 4 and str(os.getpid()) not in pids
    assert len(seen) == 1 and not seen[0].added and not seen[0].updated and seen[0].unchanged == 4
    workers = _dump(out / DB_NAME)
    (out / DB_NAME).unlink()
    assert len(real_sync(out).added) == 4
    assert _dump(out / DB_NAME) == workers


def test_a_writer_whose_commit_fails_lets_go_of_the_database(out):
    """A COMMIT that times out (a reader held the database) must not leave the connection open
    with its lock: every later writer, in any process, would wait and fail."""
    import pipeline.db as db

    reader = sqlite3.connect(out / DB_NAME)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notices").fetchone()   # a read transaction: a shared lock
    writer = db.Writer(out, timeout=0.2)
    writer.stamp(("x", "x", 0, 0, "x"))
    with pytest.raises(sqlite3.OperationalError):
        writer.close()
    reader.rollback()
    reader.close()
    db.Writer(out, timeout=0.2).close()                          # not held by the failed writer


def test_rows_a_worker_cannot_write_reach_the_database_through_the_sync(tmp_path, monkeypatch):
    """Any error while a worker inserts its rows leaves them to the run's final sync: the files
    are not failed and the database ends complete."""
    import pipeline.db as db

    src = copy_corpus(tmp_path / "in", TWO)
    parent, real_put = os.getpid(), db.Writer.put

    def put_failing_in_workers(self, *args):
        if os.getpid() != parent:
            raise ValueError("broken row")
        real_put(self, *args)

    monkeypatch.setattr(db.Writer, "put", put_failing_in_workers)
    res = ingest([src], tmp_path / "out", jobs=1)
    assert res.ok and len(res.written) == 2
    assert _count(tmp_path / "out", "notices") == 2
    assert {h.id for h in search(tmp_path / "out", "智慧助老")} == {"002_fc2eac345f00a229", "003_cbb5827721edf22d"}


def test_a_damaged_database_file_is_made_again(out):
    (out / DB_NAME).write_bytes(b"this is not a database " * 200)
    assert sync(out).added == ["002_fc2eac345f00a229", "003_cbb5827721edf22d"]
    assert _count(out, "notices") == 2


def _open_new_database(folder):
    from pipeline.db import connect

    con = connect(folder)
    try:
        return con.execute("SELECT count(*) FROM notices").fetchone()[0]
    finally:
        con.close()


def test_processes_opening_a_new_database_together_make_it_once(tmp_path):
    """Workers and a search may open a missing database at the same moment: one makes the tables
    (in one transaction), the others wait and find them; none removes a file another has open."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.db import SCHEMA_VERSION

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(4, mp_context=ctx) as pool:
        for trial in range(8):
            folder = tmp_path / f"t{trial}"
            folder.mkdir()
            assert list(pool.map(_open_new_database, [folder] * 4)) == [0, 0, 0, 0]
            with sqlite3.connect(folder / DB_NAME) as c:
                assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_older_layout_is_replaced_inside_the_file(out):
    with sqlite3.connect(out / DB_NAME) as c:
        c.execute("PRAGMA user_version = 1")
        c.execute("CREATE TABLE leftover (x)")
    inode = (out / DB_NAME).stat().st_ino
    assert sorted(sync(out).added) == ["002_fc2eac345f00a229", "003_cbb5827721edf22d"]
    assert (out / DB_NAME).stat().st_ino == inode                 # the same file, not a new one
    with sqlite3.connect(out / DB_NAME) as c:
        assert not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'leftover'").fetchall()
    assert [h.id for h in search(out, "书香吉林")] == ["003_cbb5827721edf22d"]
