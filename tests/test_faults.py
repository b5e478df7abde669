"""Bad input and faults: damaged and hostile files of every format, bounded fuzzing, kill -9."""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.load import load
from pipeline.model import LoadError
from pipeline.record import build_record, parse_text
from pipeline.store import Limits, ingest
from tests.conftest import CORPUS, PDF_FIXTURES, ROOT

NOTICE = (CORPUS / "002_fc2eac345f00a229.txt").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("ROBUST_EXAMPLES", "30"))


# ---------------------------------------------------------------- text
def test_control_characters_never_reach_the_record(tmp_path):
    text = NOTICE.replace("全民终身学习活动周", "全民\x00终身\x1b学习\u202e活动\x85周", 3)
    rec = parse_text(text)
    from pipeline.record import dump_yaml
    from pipeline.safe import CONTROL_RE

    assert "全民终身学习活动周" in rec["title"]
    assert not CONTROL_RE.search(dump_yaml(rec).replace("\n", ""))


def test_a_flipped_byte_is_replaced_with_a_warning(tmp_path):
    data = bytearray(NOTICE.encode("utf-8"))
    data[300] ^= 0xFF
    p = tmp_path / "flip.txt"
    p.write_bytes(bytes(data))
    rec = build_record(p)
    assert rec["doc_number"] == "晋教职成函〔2022〕108号"
    assert any("replaced by U+FFFD" in w for w in rec["warnings"])


def test_gb18030_with_a_few_invalid_bytes(tmp_path):
    data = NOTICE.encode("gb18030")
    p = tmp_path / "gb.txt"
    p.write_bytes(data[:500] + b"\x81\x20\xff" + data[500:])
    rec = build_record(p)
    assert rec["doc_number"] == "晋教职成函〔2022〕108号"
    assert any("GB18030" in w for w in rec["warnings"])


def test_a_few_nul_bytes_are_removed(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(NOTICE.encode("utf-8").replace("特此通知".encode(), "特此\x00通知".encode()).replace(b"\n", b"\x00\n", 2))
    rec = build_record(p)
    assert any("NUL" in w for w in rec["warnings"]) and rec["title"]


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + NOTICE.encode("utf-8"),                  # a UTF-16 BOM before UTF-8 text
    b"\xfe\xff" + NOTICE.encode("utf-16-le")[:-1],          # the wrong byte order, odd length
    NOTICE.encode("utf-16-le")[1:],                         # UTF-16 without BOM, shifted by a byte
    b"\xff\xfe\x00\xd8" * 200,                              # lone surrogates
])
def test_a_wrong_utf16_guess_never_crashes(tmp_path, data):
    p = tmp_path / "u16.txt"
    p.write_bytes(data)
    try:
        build_record(p)
    except LoadError as exc:
        assert "\n" not in str(exc)


def test_a_huge_single_line_is_stopped_by_the_time_limit(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one_line.txt").write_text("关于举办活动的通知。" + "各单位要认真组织开展活动，请于11月30日前报送。" * 230_000,
                                    encoding="utf-8")  # ~5 MB in one line
    shutil.copy(CORPUS / "000_4e4d97b52702877a.txt", d)
    r = ingest([d], tmp_path / "out", limits=Limits(seconds=20))
    assert len(r.written) >= 1 and all("one_line" in f["path"] for f in r.failed)
    assert all(f["error"].startswith(("too slow", "too large")) for f in r.failed)


# ---------------------------------------------------------------- HTML
def test_html_scripts_never_reach_the_record(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in NOTICE.splitlines())
    page = (f"<html><head><title>t</title><script>var x='截止2022年12月1日前报送';</script></head><body>"
            f"<script>alert('通知')</script><div onclick=\"evil()\">{body}</div><noscript>请开启脚本</noscript>"
            f"<img src=x onerror=alert(1)></body></html>")
    p = tmp_path / "page.html"
    p.write_text(page, encoding="utf-8")
    rec = build_record(p)
    assert "alert" not in rec["text"] and "var x" not in rec["text"] and "请开启脚本" not in rec["text"]
    assert rec["doc_number"] == "晋教职成函〔2022〕108号"


def test_deeply_nested_html_is_stopped_by_the_limits(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "关于举办活动的通知" + "</div>" * 100_000
                                 + "</body></html>", encoding="utf-8")
    shutil.copy(CORPUS / "000_4e4d97b52702877a.txt", d)
    r = ingest([d], tmp_path / "out", limits=Limits(seconds=10))
    assert len(r.written) >= 1 and all("deep.html" in f["path"] and "\n" not in f["error"] for f in r.failed)


# ---------------------------------------------------------------- DOCX
def _docx(path, document_xml: bytes, extra: dict | None = None):
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
          b'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
          b'main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_zip_bomb_is_refused_as_too_large(tmp_path):
    p = tmp_path / "bomb.docx"
    paras = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
    _docx(p, b"<w:document " + W + b"><w:body>" + paras * 60_000 + b"</w:body></w:document>")  # 60 MB
    with pytest.raises(LoadError, match="too large"):
        load(p)


def test_docx_xml_bomb_and_external_entities_are_refused(tmp_path):
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><w:document ' + W + b'><w:body><w:p><w:r><w:t>&lol3;'
           b'</w:t></w:r></w:p></w:body></w:document>')
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document ' + W
           + b'><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>')
    for name, xml in (("lol.docx", lol), ("xxe.docx", xxe)):
        p = tmp_path / name
        _docx(p, xml)
        with pytest.raises(LoadError, match="DTD or entities"):
            load(p)


# ---------------------------------------------------------------- PDF
def _pdf_bytes():
    return (PDF_FIXTURES / "002_fc2eac345f00a229.pdf").read_bytes()


@pytest.mark.parametrize("make", [
    lambda d: d[: len(d) // 2],                                        # truncated
    lambda d: d[:9] + os.urandom(2000),                               # header then junk
    lambda d: d.replace(b"/Root", b"/Rout"),                           # no catalogue
    lambda d: d.replace(b"stream", b"streem"),                         # broken streams
    lambda d: b"%PDF-1.7\n" + b"1 0 obj << /Length 99999999999 >> stream\n" + b"\x00" * 100,
])
def test_malformed_pdfs_give_one_line_errors(tmp_path, make):
    p = tmp_path / "bad.pdf"
    p.write_bytes(make(_pdf_bytes()))
    try:
        build_record(p)
    except LoadError as exc:
        assert "\n" not in str(exc)


def test_pdfium_errors_are_caught(tmp_path, monkeypatch):
    import pypdfium2

    def broken(*a, **k):
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pypdfium2, "PdfDocument", broken)
    p = tmp_path / "x.pdf"
    p.write_bytes(_pdf_bytes())
    with pytest.raises(LoadError):
        load(p)


# ---------------------------------------------------------------- fuzzing (bounded)
LINES = NOTICE.splitlines()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.integers(0, len(NOTICE.encode()) - 1), st.integers(0, 255)), max_size=12),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_fuzz_mutated_notice_bytes(tmp_path_factory, flips, encoding):
    data = bytearray(NOTICE.encode(encoding))
    for pos, byte in flips:
        data[pos % len(data)] = byte
    p = tmp_path_factory.mktemp("fz") / "n.txt"
    p.write_bytes(bytes(data))
    try:
        rec = build_record(p)
    except LoadError as exc:
        assert "\n" not in str(exc)
        return
    for d in rec["deadlines"]:
        assert len(d["date"]) == 10


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), min_size=1, max_size=30))
def test_fuzz_notice_texts(lines):
    try:
        parse_text("\n".join(lines))
    except LoadError:
        pass


@settings(max_examples=max(5, EXAMPLES // 3), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_fuzz_mutated_pdfs(tmp_path_factory, seed, n):
    rnd = random.Random(seed)
    data = bytearray(_pdf_bytes())
    for _ in range(n):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    p = tmp_path_factory.mktemp("pdf") / "m.pdf"
    p.write_bytes(bytes(data))
    try:
        load(p)
    except LoadError as exc:
        assert "\n" not in str(exc)


# ---------------------------------------------------------------- kill -9
def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_kill_9_leaves_no_partial_record_and_a_rerun_equals_an_uninterrupted_run(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        for f in sorted(CORPUS.glob("*.txt"))[:8]:
            (d / f"{i}_{f.name}").write_bytes(f.read_bytes() + b"\n" * (i + 1))
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(d), "-j", "2", "--out"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(cmd + [str(whole)], check=False, env=env, capture_output=True, timeout=600)
    proc = subprocess.Popen(cmd + [str(cut)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and len(list((cut / "notices").glob("*.yaml"))) < 5:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    alive = [w for w in workers if os.path.exists(f"/proc/{w}") and "zombie" not in open(f"/proc/{w}/status").read()]
    assert not alive, "workers outlived their parent"
    import yaml

    for p in (cut / "notices").glob("*.yaml"):  # every record that exists is whole
        assert yaml.safe_load(p.read_text(encoding="utf-8"))["id"] == p.stem
    from pipeline.manifest import read_manifest

    kept = [e["id"] for e in read_manifest(cut).values() if e["status"] == "ok"]
    # each finished file committed its row after its record: the killed run's work is not lost
    assert kept and all((cut / "notices" / f"{rid}.yaml").is_file() for rid in kept)
    subprocess.run(cmd + [str(cut)], check=False, env=env, capture_output=True, timeout=600)
    assert not list(cut.rglob("*.tmp"))
    names = sorted(p.name for p in (whole / "notices").glob("*.yaml"))
    assert names == sorted(p.name for p in (cut / "notices").glob("*.yaml")) and len(names) == 24
    for n in names:
        assert (whole / "notices" / n).read_bytes() == (cut / "notices" / n).read_bytes(), n
