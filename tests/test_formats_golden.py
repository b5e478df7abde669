"""The same real notices as DOCX and as saved web pages score like their text copies."""
import html
import shutil

import pytest

from pipeline.evaluate import evaluate
from pipeline.store import ingest
from tests.conftest import CORPUS

STEMS = ["000_4e4d97b52702877a", "001_83fdce0db893d34f", "002_fc2eac345f00a229"]
HEADER = ["doc_number", "issuer", "level", "title", "issue_date"]

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} - 教育厅门户网站</title></head>
<body><div id="header"><div class="logo">教育厅门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/tzgg">通知公告</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg">通知公告</a></div>
<div class="main"><div class="article"><h1 class="title">{title}</h1>
<div class="info">发布日期：2022-11-25　来源：职成处　浏览次数：1024</div>
<div class="TRS_Editor">{body}</div>
<div class="bdshare">分享到：<a>微信</a><a>微博</a></div></div>
<div class="sidebar"><h3>相关链接</h3><ul><li><a>教育部</a></li><li><a>省政府</a></li></ul></div></div>
<div id="footer">主办单位：某省教育厅　地址：某市某路1号　电话：0351-0000000　邮箱：web@edu.gov.cn　ICP备05000000号</div>
</body></html>"""


def _lines(stem):
    return (CORPUS / f"{stem}.txt").read_text(encoding="utf-8").splitlines()


def _as_html(stem, path, charset="utf-8"):
    from pipeline.load import load
    from pipeline.structure import segment

    doc = load(CORPUS / f"{stem}.txt")
    st = segment(doc)
    title = st.title.text.replace("\n", "")
    body = doc.original[st.title.end:] if st.title else doc.original
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    head = "".join(f"<p>{html.escape(p)}</p>" for p in doc.original[: st.title.start].split("\n") if p.strip())
    path.write_bytes(PAGE.format(title=html.escape(title), body=head + paras, charset=charset).encode(charset))


def _as_docx(stem, path):
    import docx

    d = docx.Document()
    for line in _lines(stem):
        if "\t" in line:
            cells = line.split("\t")
            t = d.add_table(rows=1, cols=len(cells))
            for i, c in enumerate(cells):
                t.cell(0, i).text = c
        else:
            d.add_paragraph(line.strip())
    d.save(str(path))


@pytest.mark.parametrize("fmt", ["html", "html-gbk", "docx"])
def test_other_formats_score_like_text(tmp_path, fmt):
    d = tmp_path / "in"
    d.mkdir()
    for stem in STEMS:
        if fmt == "docx":
            _as_docx(stem, d / f"{stem}.docx")
        else:
            _as_html(stem, d / f"{stem}.html", "gbk" if fmt == "html-gbk" else "utf-8")
        shutil.copy(CORPUS / f"{stem}.gold.yaml", d)
    out = tmp_path / "out"
    res = ingest([d], out)
    assert res.ok, res.failed
    ev = evaluate(d, out)
    for f in HEADER:
        assert ev["fields"][f]["accuracy"] == 1.0, (fmt, f, [m for m in ev["misses"] if m["field"] == f])
    assert ev["deadline_precision"] == 1.0
    assert ev["macro"] >= 0.95, [m for m in ev["misses"]]
    # the web page's footer phone and email are not contacts, its 发布日期 is no 成文日期
    assert ev["fields"]["contact_values"]["fp"] == 0
