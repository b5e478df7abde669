"""The command line as a user meets it: one clear line and exit 2 for a mistake, 1 for no records,
130 for Ctrl-C, never a traceback; --version; logging with -v/-q."""
import shutil

import pytest

from pipeline.cli import main
from tests.conftest import CORPUS


def _run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own exits
        code = exc.code
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def a_file(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("x", encoding="utf-8")
    return f


MISTAKES = [
    ("show", "{tmp}/nope.yaml"),
    ("show", "no_such_record_id", "--out", "{tmp}"),
    ("show", "{file}"),                                     # a file that is no record
    ("calendar", "--out", "{records}", "--alarms", "a,b"),
    ("calendar", "--out", "{records}", "--from", "2022-13-01"),
    ("ingest", "{corpus}", "--out", "{file}"),              # --out is a file
    ("calendar", "--out", "{file}"),
    ("ingest", "{corpus}", "--out", "{tmp}/o", "-j", "0"),
    ("ingest", "{corpus}", "--out", "{tmp}/o", "--timeout", "0"),
    ("ingest", "{corpus}", "--out", "{tmp}/o", "--rules", "{tmp}/no_rules"),
    ("eval", "{tmp}/no_gold", "--out", "{records}"),
    ("graph", "ancestors", "--out", "{records}"),
    ("frobnicate",),
    ("ingest",),
]


@pytest.fixture(scope="module")
def records_dir(corpus_out):
    return corpus_out


@pytest.mark.parametrize("argv", MISTAKES, ids=lambda a: " ".join(a)[:40])
def test_a_mistake_is_one_line_and_exit_2(argv, tmp_path, a_file, records_dir, capsys):
    values = {"tmp": tmp_path, "file": a_file, "records": records_dir, "corpus": CORPUS}
    code, _, err = _run(capsys, *(x.format(**values) for x in argv))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "error: " in lines[0] and "Traceback" not in err


@pytest.mark.parametrize("argv", [["calendar"], ["graph"], ["compare", "--all"], ["compare", "x"],
                                  ["calendar", "--upcoming", "7"]])
def test_commands_on_a_folder_without_records_say_so(argv, tmp_path, capsys):
    code, out, err = _run(capsys, *argv, "--out", str(tmp_path))
    assert code == 1 and "no records in" in err and "notices ingest" in err
    assert not (tmp_path / "calendar.ics").exists() and not (tmp_path / "graph.graphml").exists()


def test_ctrl_c_exits_130_without_a_traceback(tmp_path, monkeypatch, capsys):
    import pipeline.store

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.store, "ingest", interrupted)
    code, _, err = _run(capsys, "ingest", str(CORPUS), "--out", str(tmp_path / "o"))
    assert code == 130 and "interrupted" in err and "Traceback" not in err


def test_version(capsys):
    from pipeline import __version__

    code, out, _ = _run(capsys, "--version")
    assert code == 0 and out.strip() == f"notices {__version__}"


def test_show_by_record_id(records_dir, capsys):
    code, out, _ = _run(capsys, "show", "002_fc2eac345f00a229", "--out", str(records_dir))
    assert code == 0 and "晋教职成函〔2022〕108号" in out


def test_file_problems_print_one_escaped_line_each(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "x\nerror: forged\x1b[2J.txt").write_bytes(b"")
    (d / "old.wps").write_bytes(b"x")
    (d / ".hidden.txt").write_text("x", encoding="utf-8")
    shutil.copy(CORPUS / "000_4e4d97b52702877a.txt", d)
    code, out, err = _run(capsys, "ingest", str(d), "--out", str(tmp_path / "o"))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(l.startswith("error: ") for l in lines)
    assert "\x1b" not in err and "x\\nerror: forged\\x1b[2J.txt: empty file" in err
    assert "WPS" in err and "DOCX or PDF" in err
    assert "1 written" in out and "1 file(s) ignored" in out
    # -q: errors only; -v: also what was ignored
    code, out, err = _run(capsys, "-v", "ingest", str(d), "--out", str(tmp_path / "o"))
    assert "ignored: " in err and ".hidden.txt" in err


def test_upcoming_escapes_control_characters(tmp_path, capsys):
    from pipeline.record import write_record

    rec = {"id": "n1", "source": {"path": "n1.txt"}, "title": "关于\x1b[31m红色的通知", "doc_number": None,
           "deadlines": [{"date": "2030-01-10", "kind": "submission", "materials": ["表\x1b]0;title\x07"],
                          "submit_to": "市局"}], "events": [], "contacts": []}
    write_record(rec, tmp_path)
    # the YAML writer already strips them; a record edited by hand still never reaches the terminal raw
    p = tmp_path / "notices" / "n1.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("关于", '"关于\\e[31m').replace("红色的通知", '红色的通知"', 1),
                 encoding="utf-8")
    code, out, _ = _run(capsys, "calendar", "--out", str(tmp_path), "--upcoming", "30", "--today", "2030-01-01")
    assert code == 0 and "\x1b" not in out and "2030-01-10" in out
