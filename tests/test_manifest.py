"""The manifest table (pipeline/manifest.py) and the lazy input walk it serves: rows round-trip
any file name and a URL's listing time, ids are looked up without loading the table, and the
folders are walked as they are planned."""
import json

import pytest

from pipeline.manifest import FILE, OLD_FILE, Manifest, Pending, read_manifest
from pipeline.store import Scan, local_inputs

ENTRY = {"sha256": "ab" * 32, "rules_version": "r1", "pipeline_version": "p1", "size": 10, "mtime_ns": 5,
         "id": "n1", "status": "ok"}


@pytest.mark.parametrize("key, entry", [
    ("/in/关于.txt", {**ENTRY, "path": "in/关于.txt"}),
    ("/in/bad\udcff\udcfe.txt", {**ENTRY, "path": "in/bad\udcff\udcfe.txt"}),   # bytes that are not UTF-8
    ("s3://bucket/inbox/a.pdf", {**ENTRY, "mtime_ns": "2026-11-20T08:00:00Z"}),   # a listing's time is text
    ("/in/failed.txt", {k: v for k, v in {**ENTRY, "status": "failed", "error": "not a notice"}.items() if k != "id"}),
])
def test_an_entry_round_trips(tmp_path, key, entry):
    with Manifest(tmp_path) as m:
        m.put(key, entry)
    with Manifest(tmp_path) as m:
        assert m.get(key) == entry and m.known and m.changes == 0
    assert read_manifest(tmp_path) == {key: entry}


def test_owner_counts_only_records_that_exist(tmp_path):
    with Manifest(tmp_path) as m:
        m.put("/in/a.txt", ENTRY)
        m.put("/in/b.txt", {**ENTRY, "id": "n2", "status": "failed"})
        assert m.owner("n1") == "/in/a.txt" and m.owner("n2") is None
        assert list(m.unowned(["n1", "n2", "n3"])) == ["n2", "n3"]
        m.put("/in/a.txt", None)
        assert m.owner("n1") is None and m.changes == 3


def test_keys_come_in_order_a_chunk_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.manifest.CHUNK", 3)
    keys = [f"/in/{i:02d}.txt" for i in range(10)]
    with Manifest(tmp_path) as m:
        for k in reversed(keys):
            m.put(k, ENTRY)
        assert list(m.keys()) == keys and [k for k, _ in m.items()] == keys


def test_first_visit_is_per_run(tmp_path):
    with Manifest(tmp_path) as m:
        assert m.first_visit("/in/a.txt") and not m.first_visit("/in/a.txt") and m.first_visit("/in/b.txt")
    with Manifest(tmp_path) as m:
        assert m.first_visit("/in/a.txt")


def test_an_old_manifest_json_is_taken_over_once(tmp_path):
    (tmp_path / OLD_FILE).write_text(json.dumps({"/in/a.txt": {**ENTRY, "status": None}}), encoding="utf-8")
    with Manifest(tmp_path) as m:
        assert m.known and m.get("/in/a.txt")["status"] == "ok"
    assert not (tmp_path / OLD_FILE).exists() and (tmp_path / FILE).exists()


def test_a_file_that_is_no_database_is_made_again_unknown(tmp_path):
    (tmp_path / FILE).write_bytes(b"\0garbage" * 600)
    with Manifest(tmp_path) as m:
        assert not m.known and m.get("/in/a.txt") is None
        m.put("/in/a.txt", ENTRY)
    assert read_manifest(tmp_path) == {"/in/a.txt": ENTRY}


def test_pending_tasks_keep_their_order_and_ids(monkeypatch):
    monkeypatch.setattr("pipeline.manifest.CHUNK", 2)
    p = Pending()
    tasks = [(f"/in/{c}.txt", f"in/{c}.txt", None if c == "b" else c * 64, f"id-{c}", (i, i * 10))
             for i, c in enumerate("cabde")]
    for t in tasks:
        p.add(*t)
    assert len(p) == 5 and p.owner("id-a") == "/in/a.txt" and p.owner("id-z") is None
    assert list(p) == tasks
    p.close()


def test_folders_are_walked_as_they_are_consumed(tmp_path):
    """The walk is lazy: what the second folder holds is not known while the first is planned."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "1.txt").write_text("x", encoding="utf-8")
    (b / "2.txt").write_text("x", encoding="utf-8")
    (b / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    scan = Scan()
    walk = local_inputs([a, b, a], scan)   # a named twice: its file comes once
    assert next(walk) == str(a / "1.txt") and scan.problems == []
    assert list(walk) == [str(b / "2.txt")] and [p["path"] for p in scan.problems] == [str(b / "broken.txt")]


def test_a_take_over_stopped_midway_is_done_again_by_the_next_run(tmp_path, monkeypatch):
    old = {f"/in/{i}.txt": {**ENTRY, "id": f"n{i}"} for i in range(5)}
    (tmp_path / OLD_FILE).write_text(json.dumps(old), encoding="utf-8")
    calls = []

    def stop(key, entry):
        calls.append(key)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(key, entry)

    real = Manifest._row
    monkeypatch.setattr(Manifest, "_row", staticmethod(stop))
    with pytest.raises(KeyboardInterrupt):
        Manifest(tmp_path)
    monkeypatch.undo()
    assert (tmp_path / OLD_FILE).exists()
    with Manifest(tmp_path) as m:   # no half-made table taken for a manifest: taken over again, whole
        assert m.known and dict(m.items()) == old
    assert not (tmp_path / OLD_FILE).exists()


def test_a_lock_or_io_error_on_opening_is_raised_and_the_manifest_kept(tmp_path, monkeypatch):
    import sqlite3

    with Manifest(tmp_path) as m:
        m.put("/in/a.txt", ENTRY)
    monkeypatch.setattr(Manifest, "_connect", lambda self: (_ for _ in ()).throw(sqlite3.OperationalError("database is locked")))
    with pytest.raises(sqlite3.OperationalError):
        Manifest(tmp_path)
    monkeypatch.undo()
    assert read_manifest(tmp_path) == {"/in/a.txt": ENTRY}


def test_a_manifest_with_damaged_pages_is_made_again_unknown(tmp_path):
    with Manifest(tmp_path) as m:
        for i in range(3000):
            m.put(f"/in/{i:05d}.txt", {**ENTRY, "id": f"n{i}"})
    data = bytearray((tmp_path / FILE).read_bytes())
    assert len(data) > 40 * 4096
    data[20 * 4096:30 * 4096] = b"\x5a" * (10 * 4096)   # pages in the middle scribbled over
    (tmp_path / FILE).write_bytes(bytes(data))
    with Manifest(tmp_path) as m:
        assert not m.known and list(m.keys()) == []
