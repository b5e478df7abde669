"""Bad input: a clear one-line error for that file, the batch goes on, nothing is lost."""
import os
import shutil

import pytest
import yaml

from pipeline.cli import main
from pipeline.load import load
from pipeline.model import LoadError
from pipeline.record import build_record
from pipeline.store import ingest
from tests.conftest import CORPUS, PDF_FIXTURES


def _encrypted_pdf(path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(100, 700, "notice")
    c.save()


@pytest.fixture
def bad_dir(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (d / "junk.pdf").write_bytes(os.urandom(3000))
    data = (PDF_FIXTURES / "001_83fdce0db893d34f.pdf").read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    _encrypted_pdf(d / "encrypted.pdf")
    (d / "undecodable.txt").write_bytes(b"\x81\x30" + bytes([0xFF, 0xFE, 0x00, 0xD8]) * 500 + b"\x00\x00")
    (d / "not_a_notice.txt").write_text("hello world\nthis is a shopping list: milk, eggs\n", encoding="utf-8")
    (d / "fake.docx").write_bytes(b"PK\x03\x04" + os.urandom(500))
    shutil.copy(CORPUS / "001_83fdce0db893d34f.txt", d / "good.txt")
    return d


EXPECTED = {
    "empty.txt": "empty file",
    "junk.txt": "binary",
    "junk.pdf": "PDF",
    "truncated.pdf": "PDF",
    "encrypted.pdf": "encrypted PDF",
    "undecodable.txt": "",
    "not_a_notice.txt": "not a notice",
    "fake.docx": "DOCX",
}


def test_each_bad_file_gets_its_error_and_the_batch_goes_on(bad_dir, tmp_path, caplog):
    out = tmp_path / "out"
    res = ingest([bad_dir], out)
    failed = {os.path.basename(f["path"]): f["error"] for f in res.failed}
    assert set(failed) == set(EXPECTED)
    for name, part in EXPECTED.items():
        assert part in failed[name], (name, failed[name])
        assert "\n" not in failed[name]
    assert [os.path.basename(p) for p in res.written] == ["good.txt"]
    errors = yaml.safe_load((out / "errors.yaml").read_text(encoding="utf-8"))
    assert {os.path.basename(e["path"]) for e in errors} == set(EXPECTED)
    assert "empty.txt: empty file" in caplog.text


def test_exit_codes_and_summary(bad_dir, tmp_path, capsys):
    assert main(["ingest", str(bad_dir), "--out", str(tmp_path / "o1")]) == 1
    assert "1 written" in capsys.readouterr().out
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(CORPUS / "000_4e4d97b52702877a.txt", good)
    assert main(["ingest", str(good), "--out", str(tmp_path / "o2")]) == 0


def test_oversized_file_is_refused(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("关于举办活动的通知\n" * 100, encoding="utf-8")
    with pytest.raises(LoadError, match="too large"):
        load(p, max_bytes=100)


def test_scanned_pdfs_are_reported_by_name_without_ocr(external_dir, tmp_path, monkeypatch):
    from pipeline import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    res = ingest([external_dir], tmp_path / "out", jobs=1)
    failed = {os.path.basename(f["path"]): f["error"] for f in res.failed}
    pdfs = sorted(p.name for p in external_dir.glob("*.pdf"))
    assert pdfs and all(failed[p].startswith("scanned: needs OCR") for p in pdfs)
    # the text notices of the same batch land
    assert len(res.written) == len(list(external_dir.glob("*.txt")))


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    res = ingest([tmp_path / "nope.pdf"], tmp_path / "out")
    assert res.failed and "no such file" in res.failed[0]["error"]


NOT_NOTICES = {
    "recipe.txt": "红烧肉的做法\n材料：五花肉500克、冰糖、生抽、老抽\n步骤：\n1. 五花肉切块，冷水下锅焯水。\n2. 小火炒出糖色后下肉翻炒，加水炖一小时。\n",
    "english.txt": "Welcome to our website.\nContact us: info@example.com\nAll rights reserved.\n",
}

# Real notices without a title, doc number or signed date: the signs of a notice are enough
PARTIAL_NOTICES = {
    "salutation_only.txt": "各设区市、省直管县(市)教(体)育局：\n为推动我省社区教育工作的深入开展，现确认上饒市鄱阳县等13个县(区)为社区教育实验区。\n附件：名单\n",
    "contact_only.txt": "为深入开展全民阅读活动，决定开展评选。\n一、评选时间\n2018年10月—12月\n联系人：李虹\n联系电话：44581499\n",
    "notified_as_follows.txt": "为做好2026年学生缴费注册工作，现将有关事宜通知如下：\n一、缴费时间：2026年1月15日—5月31日。\n",
}


@pytest.mark.parametrize("name", sorted(NOT_NOTICES))
def test_text_without_any_sign_of_a_notice_is_refused(tmp_path, name):
    p = tmp_path / name
    p.write_text(NOT_NOTICES[name], encoding="utf-8")
    with pytest.raises(LoadError, match="not a notice"):
        build_record(p)


@pytest.mark.parametrize("name", sorted(PARTIAL_NOTICES))
def test_a_partial_notice_gives_a_partial_record(tmp_path, name):
    p = tmp_path / name
    p.write_text(PARTIAL_NOTICES[name], encoding="utf-8")
    rec = build_record(p)
    assert rec["title"] is None and rec["doc_number"] is None
    assert "title" in rec["completeness"]["missing"]
    assert any("not found in the text" in w for w in rec["warnings"])
