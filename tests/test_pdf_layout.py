"""PDF layout reading: radical folding, positions (版头, title, right-aligned, 版记, page furniture),
web-print furniture, ruled tables with cell boxes, seal merging, and OCR where the extra is installed."""
import unicodedata
from pathlib import Path

import pytest

from pipeline import layout as L
from pipeline.charfold import fold_radicals
from pipeline.load import load
from pipeline.record import build_record
from pipeline.rules import load_rules
from tests.conftest import CORPUS, ROOT

STYLES = ROOT / "tests" / "fixtures" / "pdf_styles"
HEADER = ["doc_number", "issuer", "level", "title", "issue_date", "recipients", "cc", "attachments"]


def ocr_installed() -> bool:
    from pipeline import ocr

    return ocr.available()


needs_ocr = pytest.mark.skipif(not ocr_installed(), reason="the OCR extra is not installed")


@pytest.mark.parametrize("raw, folded", [
    ("发⽂字号", "发文字号"),
    ("2025年10⽉11⽇", "2025年10月11日"),
    ("详⻅附件", "详见附件"),
    ("⼈⺠政府", "人民政府"),
    ("⻔户⽹站", "门户网站"),
    ("⻓沙市教育局", "长沙市教育局"),
])
def test_radicals_fold_to_ideographs(raw, folded):
    assert fold_radicals(raw) == folded


def test_every_fold_maps_to_a_unified_ideograph():
    data = load_rules().data["charfold"]
    for section in ("kangxi", "radicals_supplement"):
        for src, dst in data[section].items():
            assert unicodedata.name(src).startswith(("KANGXI RADICAL", "CJK RADICAL"))
            assert unicodedata.name(dst).startswith("CJK UNIFIED IDEOGRAPH"), (src, dst)


def test_radical_text_file_gives_the_same_fields(tmp_path):
    """TXT benefits too: a text copied from such a PDF reads like the clean one, offsets intact."""
    src = CORPUS / "138_jinan_2015_xuequzhi_zhuanfa.txt"
    twins = dict(zip("文月日见民门长人", "⽂⽉⽇⻅⺠⻔⻓⼈"))
    p = tmp_path / "radicals.txt"
    text = src.read_text(encoding="utf-8")
    p.write_text("".join(twins.get(c, c) for c in text), encoding="utf-8")
    clean, folded = build_record(src), build_record(p)
    for f in HEADER:
        assert folded[f] == clean[f], f
    # one character for one: every evidence span lies where it lies in the clean text
    for f in ("issue_date", "title", "recipients"):
        assert folded["evidence"][f]["span"] == clean["evidence"][f]["span"], f


def test_kangxi_pdf_reads_like_its_text():
    pdf = build_record(STYLES / "kangxi" / "138_jinan_2015_xuequzhi_zhuanfa.pdf")
    txt = build_record(CORPUS / "138_jinan_2015_xuequzhi_zhuanfa.txt")
    assert "⽂" not in pdf["text"] and "⽉" not in pdf["text"]
    for f in HEADER:
        assert pdf[f] == txt[f], f


def test_web_print_furniture_is_kept_out_and_the_metadata_table_is_evidence():
    path = STYLES / "web" / "101_moe_2022_lifelong_week.pdf"
    doc = load(path)
    for junk in ("当前位置", "浏览量", "网站标识码", "webmaster@", "门户网站", ".html"):
        assert junk not in doc.text, junk
    assert doc.metadata["layout"]["web_print"]
    assert "meta" in doc.metadata["layout"]  # the metadata table's lines stay in the text as evidence
    rec = build_record(path)
    txt = build_record(CORPUS / "101_moe_2022_lifelong_week.txt")
    for f in ("doc_number", "issuer", "title", "issue_date", "recipients"):
        assert rec[f] == txt[f], f
    # the site's own phone and e-mail in its footer are not the notice's contacts
    assert [c["phones"] for c in rec["contacts"]] == [c["phones"] for c in txt["contacts"]]
    assert not any("example-edu" in e for c in rec["contacts"] for e in c["emails"])


def _page(lines, rules=(), width=595.0, height=842.0, number=1):
    return L.PageLayout(number, width, height, lines=list(lines), rules=list(rules))


def _line(text, x0, top, size=16.0, red=False, x1=None):
    return L.LayoutLine(text, 1, (x0, top, x1 if x1 is not None else x0 + size * len(text), top + size), size, red)


def test_positions_give_issuer_mark_title_signature_date_and_page_number():
    body = [_line("为做好有关工作，现将有关事项通知如下，请各单位认真贯彻落实。", 79, 330 + 29 * k) for k in range(8)]
    mark = _line("某某省教育厅文件", 177, 120, size=30, red=True)
    docno = _line("某教发〔2023〕9号", 220, 180)
    title1 = _line("某某省教育厅关于开展", 187, 230, size=22)
    title2 = _line("读书月活动的通知", 209, 264, size=22)
    sign = _line("某某省教育厅", 390, 600, x1=486)
    date = _line("2023年3月1日", 380, 630, x1=486)
    number = _line("— 1 —", 270, 800, size=14, x1=325)
    page = _page([mark, docno, title1, title2, *body, sign, date, number],
                 rules=[L.Rule(75, 520, 200, True)])
    L.classify([page], load_rules().data["layout"])
    assert mark.role == "issuer_mark" and docno.role is None
    assert title1.role == title2.role == "title"
    assert sign.role == date.role == "right"
    assert number.role == "furniture"
    assert all(l.role is None for l in body)


def test_banji_lines_lie_between_the_last_rules():
    body = [_line("为做好有关工作，现将有关事项通知如下，请各单位认真贯彻落实。", 79, 100 + 29 * k) for k in range(6)]
    cc = _line("抄送：某某市人民政府办公室。", 93, 700, size=14)
    printer = _line("某某省教育厅办公室  2023年3月1日印发", 93, 728, size=14)
    page = _page([*body, cc, printer], rules=[L.Rule(79, 516, 690, False), L.Rule(79, 516, 720, False),
                                             L.Rule(79, 516, 750, False)])
    L.classify([page], load_rules().data["layout"])
    assert printer.role == "banji"


def test_browser_print_lines_in_the_margins_are_furniture():
    head = _line("2022/11/25 10:21", 24, 14, size=8)
    foot = _line("http://www.example.gov.cn/zwgk/t20221125_1.html", 24, 822, size=8)
    body = [_line("为做好有关工作，现将有关事项通知如下，请各单位认真贯彻落实。", 40, 100 + 22 * k, size=12) for k in range(10)]
    page = _page([head, *body, foot])
    L.classify([page], load_rules().data["layout"])
    assert head.role == foot.role == "furniture"


def test_displaced_bracket_joins_its_row():
    # 《 set in another font sits 6 points off the baseline and is drawn after the row
    text = "根据关于举办活动的通知》"
    xs = [79 + 16 * k + (16 if k >= 2 else 0) for k in range(len(text))]
    row = [(x, x + 16, 400.0, 16.0, ch, False, 392.0, 408.0) for x, ch in zip(xs, text)]
    stray = [(111, 127, 406.0, 16.0, "《", False, 398.0, 414.0)]
    rows = L._merge_side_by_side([row, stray])
    assert len(rows) == 1
    assert L._row_line(rows[0], 1).text == "根据《关于举办活动的通知》"


def _runs_pdf(path: Path):
    """Lines the way producers draw them: one text object per line, a line switching fonts in
    mid-run (digits in another font), a signature and its date as one string with a wide gap, and
    a 《 drawn after its line, 5 points above the baseline."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 16)
    c.drawString(79, 700, "现将有关事项通知如下。")
    t = c.beginText(79, 671)
    for font, piece in (("STSong-Light", "请于"), ("Helvetica", "2023"), ("STSong-Light", "年"),
                        ("Helvetica", "10"), ("STSong-Light", "月底前报送。")):
        t.setFont(font, 16)
        t.textOut(piece)
    c.drawText(t)
    c.setFont("STSong-Light", 16)
    c.drawString(79, 642, "某某县教育局" + " " * 12 + "2023年9月25日")
    c.drawString(79, 613, "根据关于举办读书活动的通知》要求")
    c.drawString(79 + 2 * 16 - 6, 618, "《")  # its glyph sits at the right of its em box
    c.save()


@pytest.mark.parametrize("fonts", ["system", "stand-in"])
def test_runs_read_in_bulk_keep_text_gaps_and_displaced_brackets(tmp_path, fonts):
    import contextlib

    import pypdfium2 as pdfium

    from pipeline.load.pdf_fonts import stand_in

    p = tmp_path / "runs.pdf"
    _runs_pdf(p)
    pdf = pdfium.PdfDocument(str(p))
    try:
        with stand_in() if fonts == "stand-in" else contextlib.nullcontext():
            texts = [l.text for l in L.read_page(pdf, 0).lines]
    finally:
        pdf.close()
    assert texts[:2] == ["现将有关事项通知如下。", "请于2023年10月底前报送。"]
    assert texts[2].split() == ["某某县教育局", "2023年9月25日"] and "  " in texts[2]
    assert texts[3] == "根据《关于举办读书活动的通知》要求"


def test_seal_pass_replaces_lines_under_the_seal_only():
    from pipeline.ocr import merge_by_box

    head = L.LayoutLine("某某省教育厅文件", 1, (150, 100, 450, 130), 30, red=True, ocr=True)
    sign = L.LayoutLine("某某省教育厅", 1, (380, 600, 480, 616), 16, ocr=True)
    smudged = L.LayoutLine("2023年★月1", 1, (380, 630, 480, 646), 16, ocr=True)
    body = L.LayoutLine("请各单位认真贯彻落实。", 1, (79, 560, 400, 576), 16, ocr=True)
    clean = L.LayoutLine("2023年3月1日", 1, (381, 630, 481, 646), 16, ocr=True)
    merged = merge_by_box([head, body, sign, smudged], [clean], (360, 590, 500, 700))
    texts = [l.text for l in merged]
    assert "2023年3月1日" in texts and "2023年★月1" not in texts
    assert "某某省教育厅文件" in texts and "请各单位认真贯彻落实。" in texts


def _roster_pdf(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 22)
    c.drawCentredString(297, 760, "关于做好假期值班工作的通知")
    c.setFont("STSong-Light", 16)
    c.drawString(79, 720, "各科室：")
    c.drawString(79, 691, "现将假期值班安排通知如下，值班人员联系方式见下表。")
    rows = [("日期", "值班人员", "联系电话"), ("10月1日", "王建国", "13912345678"),
            ("10月2日", "李红梅", "13887654321"), ("10月3日", "张卫东", "0731-84123456")]
    widths, x0, top, h = (120, 140, 170), 79, 660, 26
    c.setFont("STSong-Light", 12)
    for r, row in enumerate(rows):
        x = x0
        for w, text in zip(widths, row):
            c.rect(x, top - (r + 1) * h, w, h)
            c.drawString(x + 5, top - (r + 1) * h + 8, text)
            x += w
    c.setFont("STSong-Light", 16)
    c.drawRightString(470, 520, "某某县教育局")
    c.drawRightString(470, 490, "2023年9月25日")
    c.save()


def test_ruled_table_rows_become_tab_lines_and_cells_keep_their_boxes(tmp_path):
    p = tmp_path / "roster.pdf"
    _roster_pdf(p)
    doc = load(p)
    assert "10月1日\t王建国\t13912345678" in doc.text
    rec = build_record(p)
    phones = {ph for c in rec["contacts"] for ph in c["phones"]}
    assert {"13912345678", "13887654321", "0731-84123456"} <= phones
    ev = next(c["evidence"] for c in rec["contacts"] if "13912345678" in c["phones"])
    x0, top, x1, bottom = ev["box"]
    assert 79 <= x0 < x1 <= 79 + 430 and 660 - 2 * 26 - 842 < 0 < bottom - top <= 26 + 1
    assert rec["issue_date"] == "2023-09-25" and rec["issuer"] == "某某县教育局"


def test_text_layer_evidence_has_boxes_but_no_ocr_flag():
    rec = build_record(ROOT / "tests" / "fixtures" / "pdf" / "002_fc2eac345f00a229.pdf")
    ev = rec["evidence"]["doc_number"]
    assert len(ev["box"]) == 4 and ev["page"] == 1 and "ocr" not in ev


def test_without_the_extra_a_scan_is_reported_as_needing_ocr(monkeypatch):
    from pipeline import ocr
    from pipeline.model import LoadError

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(LoadError, match="scanned: needs OCR"):
        load(STYLES / "scan" / "138_jinan_2015_xuequzhi_zhuanfa.pdf")


@needs_ocr
def test_scanned_notice_gives_a_record_with_ocr_evidence():
    rec = build_record(STYLES / "scan" / "138_jinan_2015_xuequzhi_zhuanfa.pdf")
    txt = build_record(CORPUS / "138_jinan_2015_xuequzhi_zhuanfa.txt")
    for f in ("title", "issuer", "issue_date", "recipients"):
        assert rec[f] == txt[f], f
    ev = rec["evidence"]["issue_date"]  # the date lies under the red seal
    assert ev["ocr"] is True and len(ev["box"]) == 4 and ev["page"] >= 1


@needs_ocr
def test_header_and_title_as_a_picture_are_read_by_ocr():
    rec = build_record(STYLES / "image" / "138_jinan_2015_xuequzhi_zhuanfa.pdf")
    txt = build_record(CORPUS / "138_jinan_2015_xuequzhi_zhuanfa.txt")
    for f in HEADER:
        assert rec[f] == txt[f], f
    assert rec["evidence"]["title"]["ocr"] is True
    assert "ocr" not in rec["evidence"]["issue_date"]  # the body keeps its text layer


@needs_ocr
def test_real_web_print_scan_gives_a_record(external_dir):
    rec = build_record(external_dir / "B02_moe_2020_jiaosheke3_weilunwen.pdf")
    assert rec["doc_number"] == "教社科〔2020〕3号"
    assert rec["issue_date"] == "2020-12-07"
    assert rec["evidence"]["doc_number"]["ocr"] is True
