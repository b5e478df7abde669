"""The store under change and faults: versions, gone sources, failures, limits, locks, names, disks."""
import errno
import json
import os
import shutil
import stat

import pytest

from pipeline.model import UserError
from pipeline.record import read_records
from pipeline.manifest import FILE as MANIFEST
from pipeline.manifest import OLD_FILE, OLD_JOURNAL, Manifest, read_manifest
from pipeline.store import LOCK, Limits, StoreError, ingest
from tests.conftest import CORPUS, copy_corpus

A, B, C = "000_4e4d97b52702877a.txt", "001_83fdce0db893d34f.txt", "003_cbb5827721edf22d.txt"


def _copy(tmp_path, names, sub="in"):
    return copy_corpus(tmp_path / sub, names)


def _manifest(out):
    return read_manifest(out)


def test_a_new_pipeline_version_reprocesses(tmp_path):
    d = _copy(tmp_path, [A])
    out = tmp_path / "out"
    ingest([d], out)
    key, entry = next(iter(_manifest(out).items()))
    assert entry["pipeline_version"] and entry["status"] == "ok"
    with Manifest(out) as m:
        m.put(key, {**entry, "pipeline_version": "0.0.1+old"})
    assert len(ingest([d], out).written) == 1


def test_the_manifest_has_a_row_per_file_and_an_unchanged_run_writes_none(tmp_path):
    d = _copy(tmp_path, [A, B, C])
    out = tmp_path / "out"
    r = ingest([d], out)
    assert len(r.written) == 3 and r.manifest_changes == 3
    assert sorted(_manifest(out)) == sorted(str((d / n).resolve()) for n in (A, B, C))
    again = ingest([d], out)
    assert again.unchanged == 3 and again.manifest_changes == 0


def test_records_of_deleted_sources_are_removed_and_leave_the_calendar(tmp_path):
    from pipeline.calendar import write_calendar

    d = _copy(tmp_path, [A, B])
    out = tmp_path / "out"
    ingest([d], out)
    (d / A).unlink()
    r = ingest([d], out)
    assert r.removed == ["000_4e4d97b52702877a"]
    assert [x["id"] for x in read_records(out)] == ["001_83fdce0db893d34f"]
    write_calendar(out)
    assert "丽水" not in (out / "deadlines.csv").read_text(encoding="utf-8-sig")


def test_a_source_that_now_fails_loses_its_record(tmp_path):
    d = _copy(tmp_path, [A])
    out = tmp_path / "out"
    ingest([d], out)
    (d / A).write_bytes(b"")
    r = ingest([d], out)
    assert r.removed and r.failed and read_records(out) == []


def test_failed_files_are_retried_only_when_changed(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    bad = d / "bad.txt"
    bad.write_text("hello world\nnothing here\n", encoding="utf-8")
    out = tmp_path / "out"
    first = ingest([d], out)
    assert "not a notice" in first.failed[0]["error"]
    second = ingest([d], out)
    assert "unchanged since it failed" in second.failed[0]["error"] and second.manifest_changes == 0
    retried = ingest([d], out, retry_failed=True)
    assert "unchanged" not in retried.failed[0]["error"]
    shutil.copy(CORPUS / A, bad)  # fixed: it is read again
    assert len(ingest([d], out).written) == 1


def test_output_files_follow_the_umask(tmp_path):
    d = _copy(tmp_path, [A])
    old = os.umask(0o022)
    try:
        ingest([d], tmp_path / "o1")
        os.umask(0o077)
        ingest([d], tmp_path / "o2")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "o1" / "notices" / "000_4e4d97b52702877a.yaml").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "o1" / MANIFEST).stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "o2" / "notices" / "000_4e4d97b52702877a.yaml").stat().st_mode) == 0o600


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    from filelock import FileLock

    d = _copy(tmp_path, [A])
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / LOCK)):
        with pytest.raises(UserError, match="another `notices` run is using"):
            ingest([d], out)
    assert len(ingest([d], out).written) == 1  # free again


def test_temporary_files_of_a_killed_run_are_removed(tmp_path):
    d = _copy(tmp_path, [A])
    out = tmp_path / "out"
    (out / "notices").mkdir(parents=True)
    left = [out / ".manifest.json.x1.tmp", out / "notices" / ".000.yaml.x2.tmp"]
    for p in left:
        p.write_text("half", encoding="utf-8")
    ingest([d], out)
    assert not any(p.exists() for p in left)


def test_the_manifest_json_of_an_earlier_version_and_its_journal_are_taken_over(tmp_path):
    """An output folder of a version before the table: its ids and unchanged files are kept."""
    d = _copy(tmp_path, [A, B])
    out = tmp_path / "out"
    ingest([d], out)
    (key_a, a), (key_b, b) = sorted(_manifest(out).items())
    (out / MANIFEST).unlink()
    (out / "notices" / f"{a['id']}.yaml").rename(out / "notices" / "renamed.yaml")
    a["id"] = "renamed"
    # as if killed after one file: the manifest is older than the journal, whose last line is cut
    (out / OLD_FILE).write_text(json.dumps({key_a: a}), encoding="utf-8")
    (out / OLD_JOURNAL).write_text(json.dumps({"key": key_b, "entry": b}) + '\n{"key": "cut', encoding="utf-8")
    r = ingest([d], out)
    assert r.unchanged == 2 and r.written == [] and not (out / OLD_FILE).exists() and not (out / OLD_JOURNAL).exists()
    assert _manifest(out)[key_a]["id"] == "renamed"


def test_a_damaged_manifest_is_made_again_and_keeps_the_records(tmp_path):
    d = _copy(tmp_path, [A, B])
    out = tmp_path / "out"
    ingest([d], out)
    (out / MANIFEST).write_bytes(b"not a database at all" * 100)
    r = ingest([d], out)
    assert len(r.written) == 2 and len(read_records(out)) == 2 and len(_manifest(out)) == 2


# ---------------------------------------------------------------- input scan
def test_symlinks_fifos_hidden_and_unsupported_files(tmp_path):
    d = _copy(tmp_path, [A])
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("关于秘密的通知\n各单位：\n特此通知\n", encoding="utf-8")
    (d / "escape.txt").symlink_to(outside / "secret.txt")
    (d / "escape_dir").symlink_to(outside)
    (d / "inside.txt").symlink_to(d / A)          # the same file twice: read once
    (d / "dangling.txt").symlink_to(tmp_path / "nope.txt")
    (d / "loop.txt").symlink_to(d / "loop.txt")
    os.mkfifo(d / "pipe.txt")
    (d / ".hidden.txt").write_text("x", encoding="utf-8")
    (d / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (d / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    (d / "notes.md").write_text("x", encoding="utf-8")
    r = ingest([d], tmp_path / "out")
    failed = {os.path.basename(f["path"]): f["error"] for f in r.failed}
    assert "outside the folders named" in failed["escape.txt"] and "outside" in failed["escape_dir"]
    assert "broken symbolic link" in failed["dangling.txt"]
    assert "loop" in failed["loop.txt"]
    assert "FIFO" in failed["pipe.txt"]
    assert "DOCX or PDF" in failed["old.doc"] and "OCR" in failed["scan.jpg"]
    assert [os.path.basename(p) for p in r.written] == [A]
    assert sorted(os.path.basename(p) for p in r.ignored) == [".hidden.txt", "notes.md"]
    assert all("秘密" not in x.get("title", "") for x in read_records(tmp_path / "out"))


def test_any_file_name(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    text = (CORPUS / A).read_bytes()
    long_name = "关于" * 40 + ".txt"                      # 240 bytes of UTF-8
    odd_name = "a\nerror: forged\x1b[31m.txt"
    (d / long_name).write_bytes(text)
    (d / odd_name).write_bytes(text)
    bad_bytes = os.path.join(os.fsencode(d), b"bad\xff\xfename.txt")
    with open(bad_bytes, "wb") as fh:
        fh.write(text)
    out = tmp_path / "out"
    r = ingest([d], out)
    assert len(r.written) == 3 and not r.failed
    recs = read_records(out)
    assert all(len(x["id"].encode()) <= 120 for x in recs)
    paths = {x["source"]["path"] for x in recs}
    assert any("\\xff\\xfe" in p for p in paths)  # invalid bytes shown, not lost or crashing YAML
    assert all("\n" not in p and "\x1b" not in p for p in paths)
    assert ingest([d], out).unchanged == 3   # the manifest keeps names that are not UTF-8 as they are


# ---------------------------------------------------------------- faults
def test_a_full_disk_stops_the_batch_cleanly_and_the_next_run_finishes(tmp_path, monkeypatch):
    import pipeline.record as record

    d = _copy(tmp_path, [A, B])
    out = tmp_path / "out"
    real = record.atomic_write

    def full(path, text):
        if str(path).endswith(".yaml") and "notices" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(record, "atomic_write", full)  # the forked workers inherit it
    with pytest.raises(StoreError, match="No space left"):
        ingest([d], out)
    monkeypatch.setattr(record, "atomic_write", real)
    assert not list(out.rglob("*.tmp"))
    r = ingest([d], out)
    assert len(r.written) == 2 and not r.failed


def test_a_url_that_failed_is_read_again_once_it_changes(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "bad.txt").write_text("hello world\nnothing here\n", encoding="utf-8")
    out, url = tmp_path / "out", d.as_uri()   # file:///…, listed and read through fsspec
    assert "not a notice" in ingest([url], out).failed[0]["error"]
    assert "unchanged since it failed" in ingest([url], out).failed[0]["error"]
    shutil.copy(CORPUS / A, d / "bad.txt")
    assert ingest([url], out).written == [f"{url}/bad.txt"]


def test_the_current_folder_named_as_dot_gives_plain_names(tmp_path, monkeypatch):
    d = _copy(tmp_path, [A])
    (d / "sub").mkdir()
    shutil.copy(CORPUS / B, d / "sub" / B)
    monkeypatch.chdir(d)
    r = ingest(["."], tmp_path / "out")
    assert sorted(r.written) == [A, os.path.join("sub", B)]   # as pathlib gave them: not ./A


def test_a_manifest_that_cannot_be_written_stops_the_batch_with_a_clear_error(tmp_path, monkeypatch):
    import sqlite3

    d = _copy(tmp_path, [A])
    out = tmp_path / "out"

    def full(self, key, entry):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Manifest, "put", full)
    with pytest.raises(StoreError, match="disk is full"):
        ingest([d], out)
    monkeypatch.undo()
    assert len(ingest([d], out).written) == 1


def _patched_parse(monkeypatch, behaviour):
    """Make the worker misbehave on files whose name contains 'bomb' (forked workers inherit it)."""
    import pipeline.store as store

    real = store.build_record

    def parse(path, rules=None, sha=None):
        if "bomb" in os.path.basename(path):
            behaviour()
        return real(path, rules, sha)

    monkeypatch.setattr(store, "build_record", parse)


@pytest.mark.parametrize("behaviour, expected", [
    (lambda: os.kill(os.getpid(), 9), "parser stopped on this file (killed by signal 9"),
    (lambda: __import__("time").sleep(60), "too slow"),
    (lambda: bytearray(3 * 1024 ** 3), "too large"),
])
@pytest.mark.parametrize("task_size", [1, 4])
def test_a_runaway_file_costs_only_itself(tmp_path, monkeypatch, behaviour, expected, task_size):
    """Also when it shares a task with other files (large batches send files in tasks of up to
    16): the task's other files are tried again alone."""
    d = _copy(tmp_path, [A, B, C])
    shutil.copy(CORPUS / A, d / "bomb.txt")
    _patched_parse(monkeypatch, behaviour)
    monkeypatch.setattr("pipeline.store._task_size", lambda files, jobs: task_size)
    r = ingest([d], tmp_path / "out", jobs=2, limits=Limits(seconds=10 if task_size == 1 else 4, memory_mb=1536))
    assert [os.path.basename(f["path"]) for f in r.failed] == ["bomb.txt"]
    assert expected in r.failed[0]["error"]
    assert len(r.written) == 3


def test_copies_of_one_file_in_several_folders_get_a_record_each(tmp_path):
    """The same file under three folders: one id is the name, the others carry the content's and
    then the path's hash; no two files share a record."""
    name = "002_fc2eac345f00a229.txt"
    dirs = [copy_corpus(tmp_path / f"in{k}", [name]) for k in range(3)]
    out = tmp_path / "out"
    res = ingest(dirs, out)
    assert res.ok and len(res.written) == 3
    ids = [e["id"] for e in _manifest(out).values()]
    assert len(set(ids)) == 3 and len(list((out / "notices").glob("*.yaml"))) == 3
    again = ingest(dirs, out)
    assert again.unchanged == 3 and sorted(e["id"] for e in _manifest(out).values()) == sorted(ids)
