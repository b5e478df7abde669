"""Every loader turns its format into the same document model, with provenance."""
from pathlib import Path

import pytest

from pipeline.clean import drop_inserted_spaces, should_join, to_simplified
from pipeline.load import load
from tests.conftest import CORPUS, PDF_FIXTURES

NOTICE = ("山西省教育厅\n晋教职成函〔2022〕108号\n山西省教育厅关于举办2022年山西省全民终身学习活动周的通知\n"
          "各市教育局：\n一、主题和时间\n（一）主题：学习贯彻二十大，终身学习向未来\n山西省教育厅\n2022年11月21日\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_in_every_common_encoding(tmp_path, encoding):
    p = tmp_path / f"n_{encoding}.txt"
    p.write_bytes(NOTICE.encode(encoding))
    doc = load(p)
    assert "晋教职成函〔2022〕108号" in doc.text
    assert doc.format == "txt"


def test_text_provenance_points_at_source_line(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text(NOTICE, encoding="utf-8")
    doc = load(p)
    i = doc.text.index("各市教育局")
    assert doc.where(i) == (1, 4)


def test_pdf_drops_page_numbers_and_joins_wrapped_lines():
    doc = load(PDF_FIXTURES / "002_fc2eac345f00a229.pdf")
    assert doc.format == "pdf" and doc.pages >= 3
    assert "— 2 —" not in doc.text and "—2—" not in doc.text
    # a sentence wrapped over lines of 28 characters reads as one paragraph
    assert "各市应于2022年11月30日前将活动周实施方案报省教育厅职成处" in doc.text
    i = doc.text.index("晋教职成函")
    assert doc.where(i)[0] == 1
    assert doc.where(len(doc.text) - 1)[0] == doc.pages


def test_pdf_font_sizes_are_kept_for_the_first_page():
    doc = load(PDF_FIXTURES / "000_4e4d97b52702877a.pdf")
    sizes = doc.metadata["font_sizes"]
    assert max(sizes.values()) >= 22  # the red header is larger than the body


def test_inserted_pdf_spaces_are_removed_but_phrase_spaces_kept():
    assert drop_inserted_spaces("2022 年 12 月 2日") == "2022年12月2日"
    assert drop_inserted_spaces("于 2022 年 12 月 28 日前，将活动周工作") == "于2022年12月28日前，将活动周工作"
    assert drop_inserted_spaces("深化全民学习 助力“两个先行”") == "深化全民学习 助力“两个先行”"
    assert drop_inserted_spaces("通 知 如 下 ： 各 单 位") == "通知如下：各单位"
    assert drop_inserted_spaces("１２月２日") == "12月2日"


def test_line_joining_rules():
    full = 28.0
    assert should_join("为深入学习宣传贯彻党的二十大精神，认真贯彻落实习近平", "总书记关于教育的重要论述", full, 28)
    assert not should_join("一、主题和时间", "（一）主题：学习贯彻二十大", full, 7)
    assert not should_join("（一）把深入学习宣传贯彻党的二十大精神作为首要政治任务", "在活动周期间，要按照", full, 29)
    assert should_join("（二）持续开展终身学习数字化转型相关公开课等各类线", "上线下学习活动", full, 28)
    assert should_join("组织从业人员、", "社区居民、老年人群", full, 7)
    assert not should_join("关于做好2022年全民终身学习活动周工作的通知", "各市、县、自治县教育局：", full, 22)
    assert should_join("邮箱：239922", "375@qq.com。", full, 26)


def test_html_takes_the_article_and_keeps_published_date(tmp_path):
    html = """<html><head><title>通知</title></head><body>
    <div class="nav">首页 | 机构 | 政务公开</div>
    <div class="position">当前位置：首页 &gt; 通知公告</div>
    <div class="article"><h1>济南市教育局关于转发山东省教育厅《关于义务教育学区制建设指导意见》的通知</h1>
    <div class="info">发布日期：2015-10-29 浏览次数：120</div>
    <p>各县(市)区教育(教体)局：</p>
    <p>为贯彻省委办公厅、省政府办公厅《关于推进基础教育综合改革的意见》(鲁办发〔2014〕55号)文件精神，现将该文件转发你们。</p>
    <table><tr><td>序号</td><td>单位</td></tr><tr><td>1</td><td>历下区</td></tr></table>
    <p style="text-align:right">济南市教育局</p><p>2015年8月20日</p></div>
    <div class="share">分享到：微信 微博</div>
    <div class="footer">版权所有：济南市教育局 地址：济南市 邮箱：webmaster@jn.gov.cn</div>
    </body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    doc = load(p)
    assert doc.format == "html"
    assert doc.metadata["published"] == "2015-10-29"
    assert "首页 | 机构" not in doc.text and "分享到" not in doc.text and "webmaster" not in doc.text
    assert "鲁办发〔2014〕55号" in doc.text
    assert "序号\t单位" in doc.text


def _docx(path: Path, paragraphs, table=None):
    import docx

    d = docx.Document()
    for t in paragraphs:
        d.add_paragraph(t)
    if table:
        tb = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, val in enumerate(row):
                tb.cell(r, c).text = val
    d.save(str(path))


def test_docx_paragraphs_and_tables(tmp_path):
    p = tmp_path / "n.docx"
    _docx(p, NOTICE.strip().split("\n"), table=[["活动名称", "时间"], ["启动仪式", "12月2日"]])
    doc = load(p)
    assert doc.format == "docx"
    assert "山西省教育厅关于举办2022年山西省全民终身学习活动周的通知" in doc.text
    assert "启动仪式\t12月2日" in doc.text


def test_traditional_text_is_simplified_with_original_kept(tmp_path):
    p = tmp_path / "trad.txt"
    p.write_text("關於舉辦2022年全民終身學習活動週的通知\n各市教育局：\n", encoding="utf-8")
    doc = load(p)
    assert "关于举办2022年全民终身学习活动" in doc.text
    assert doc.original.startswith("關於舉辦")
    assert len(doc.text) == len(doc.original)


def test_to_simplified_keeps_length():
    for s in ["著作權與軟體", "乾隆年間的頭髮", "這裡是臺灣"]:
        assert len(to_simplified(s)) == len(s)


def test_dev_corpus_loads():
    for f in sorted(CORPUS.glob("*.txt")):
        doc = load(f)
        assert doc.text.strip()


def _pdf_with_running_header(path, pages=4):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    body = ["关于开展学习活动的通知", "各学校：", "一、活动内容"] + [f"第{i}段：各校要组织开展读书活动，营造良好氛围。" for i in range(1, 60)]
    per_page = len(body) // pages + 1
    for p in range(pages):
        c.setFont("STSong-Light", 10)
        c.drawString(80, 810, "某某县教育局办公室 内部资料")          # running header
        c.setFont("STSong-Light", 14)
        y = 770
        for line in body[p * per_page:(p + 1) * per_page]:
            c.drawString(80, y, line)
            y -= 22
        c.drawCentredString(297, 40, f"- {p + 1} -")
        c.showPage()
    c.save()


def test_pdf_running_headers_and_dash_page_numbers_dropped(tmp_path):
    p = tmp_path / "h.pdf"
    _pdf_with_running_header(p)
    doc = load(p)
    assert "内部资料" not in doc.text
    assert "- 2 -" not in doc.text and "第59段" in doc.text
    assert doc.pages == 4


def test_unmapped_text_layer_counts_as_needing_ocr():
    from pipeline import layout as L
    from pipeline.load import pdf as pdf_loader

    assert pdf_loader.is_garbage("(cid:12)(cid:345)(cid:77)好")
    assert not pdf_loader.is_garbage("关于举办活动的通知")
    page = L.PageLayout(1, 595, 842, lines=[L.LayoutLine("好", 1, (80, 100, 96, 116), 16)], chars=1, unmapped=40)
    assert pdf_loader._needs_ocr(page)
    page.unmapped = 0
    assert not pdf_loader._needs_ocr(page)


OLD_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>关于开展读书月活动的通知</title></head>
<body><table width="100%"><tr><td><a href="/">网站首页</a> | <a>机构概况</a> | <a>政务公开</a> | <a>办事服务</a> | <a>互动交流</a></td></tr>
<tr><td><table><tr><td width="200"><a>通知公告</a><br><a>工作动态</a><br><a>政策法规</a><br><a>下载中心</a></td>
<td><table><tr><td align="center"><font size="5">关于开展2023年读书月活动的通知</font></td></tr>
<tr><td align="center">发布时间：2023-03-02 点击：88次</td></tr>
<tr><td>某教发〔2023〕9号<br>各中小学校：<br>为推进书香校园建设，现就开展读书月活动有关事项通知如下：<br>一、活动时间<br>2023年4月1日至4月30日。<br>二、工作要求<br>请各校于5月10日前将活动总结报送区教育局基教科，邮箱：jjk@qq.com，联系人：刘洋，电话：0755-82001234。<br>某某区教育局<br>2023年3月1日</td></tr></table></td></tr></table></td></tr>
<tr><td>版权所有 某某区教育局 粤ICP备12345678号 联系电话：0755-80000000</td></tr></table></body></html>"""


def test_old_table_layout_page_in_gb2312(tmp_path):
    from pipeline.record import build_record

    p = tmp_path / "old.html"
    p.write_bytes(OLD_PAGE.encode("gb2312"))
    doc = load(p)
    assert "网站首页" not in doc.text and "版权所有" not in doc.text
    rec = build_record(p)
    assert rec["title"] == "关于开展2023年读书月活动的通知" and rec["doc_number"] == "某教发〔2023〕9号"
    assert (rec["issuer"], rec["level"], rec["issue_date"]) == ("某某区教育局", "county", "2023-03-01")
    assert rec["source"]["published"] == "2023-03-02"
    assert [c["phones"] for c in rec["contacts"]] == [["0755-82001234"]]
