"""A watched inbox: files dropped in become records, and calendar, database and report follow."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml

from pipeline.db import search
from pipeline.watch import InboxWatcher, wanted
from tests.conftest import CORPUS, ROOT

WAIT = 120  # seconds at most for a condition; a poll, not a timing assertion


def until(condition, what):
    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"never happened: {what}")


@pytest.fixture
def watcher(tmp_path):
    w = InboxWatcher(tmp_path / "inbox", tmp_path / "out", settle=0.3)
    w.start(background=True)
    yield w
    w.stop()


def test_files_dropped_in_are_ingested_and_every_output_refreshed(watcher):
    inbox, out = watcher.inbox, watcher.out
    shutil.copy(CORPUS / "002_fc2eac345f00a229.txt", inbox / "shanxi.txt")
    until(lambda: (out / "notices" / "shanxi.yaml").is_file(), "a record for the new file")
    until(lambda: (out / "report" / "notices" / "shanxi.html").is_file(), "its report page")
    until(lambda: "2022-11-30" in (out / "deadlines.csv").read_text(encoding="utf-8-sig"), "the calendar")
    assert "20221130" in (out / "calendar.ics").read_text(encoding="utf-8")
    assert [h.id for h in search(out, "晋城开放大学")] == ["shanxi"]

    (inbox / "sub").mkdir()
    shutil.copy(CORPUS / "003_cbb5827721edf22d.txt", inbox / "sub" / "jilin.txt")
    until(lambda: "jilin" in (out / "report" / "index.html").read_text(encoding="utf-8"), "a file in a subfolder")
    assert (out / "report" / "notices" / "jilin.html").is_file()
    assert "jilin" in (out / "graph.json").read_text(encoding="utf-8")

    before = (out / "notices" / "shanxi.yaml").read_text(encoding="utf-8")
    text = (inbox / "shanxi.txt").read_text(encoding="utf-8")
    (inbox / "shanxi.txt").write_text(text.replace("晋城开放大学", "阳城开放大学"), encoding="utf-8")
    until(lambda: (out / "notices" / "shanxi.yaml").read_text(encoding="utf-8") != before, "the changed file")
    until(lambda: [h.id for h in search(out, "阳城开放大学")] == ["shanxi"], "the database after the change")


def test_a_bad_file_is_reported_and_left_in_place(watcher):
    inbox, out = watcher.inbox, watcher.out
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\n not really a pdf")
    until(lambda: any(f["path"].endswith("broken.pdf") for f in yaml.safe_load(
        (out / "errors.yaml").read_text(encoding="utf-8")) or []), "the error")
    assert (inbox / "broken.pdf").is_file()
    until(lambda: "broken.pdf" in (out / "report" / "index.html").read_text(encoding="utf-8"), "the report lists it")
    shutil.copy(CORPUS / "000_4e4d97b52702877a.txt", inbox / "lishui.txt")
    until(lambda: "lishui" in (out / "report" / "index.html").read_text(encoding="utf-8"), "a good file after a bad one")
    assert any(f["path"].endswith("broken.pdf") for f in yaml.safe_load((out / "errors.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("name,ok", [("a.txt", True), ("a.pdf", True), (".a.txt", False), ("~$a.docx", False),
                                     ("a.txt.part", False), ("a.gold.yaml", False), ("a.png", False)])
def test_temporary_and_hidden_files_are_left_alone(tmp_path, name, ok):
    assert wanted(tmp_path / name) is ok


def test_the_command_stops_cleanly_on_ctrl_c(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(CORPUS / "002_fc2eac345f00a229.txt", inbox)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", "NOTICES_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "watch", str(inbox), "--out", str(tmp_path / "out"),
                             "--settle", "0.3"], stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
                            # Ctrl-C as in a terminal: a job started in the background (nohup, `&`
                            # in a script) passes SIGINT on ignored, and the command then never sees it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines = []
    try:
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("watching"):
                break
        assert (tmp_path / "out" / "report" / "index.html").is_file()
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, "".join(lines) + rest
    assert "stopped watching" in rest and "Traceback" not in rest
