"""Render dev-corpus texts as GB/T 9704-style PDFs for the PDF loader's tests and eval.

A red 发文机关标志 in a large font, the doc number, the title in a larger font, body at
28 characters a line on A4, page numbers "— N —" at the foot.  Needs reportlab and a
CJK TrueType font (Debian's fonts-wqy-zenhei).  The rendered PDFs are committed under
tests/fixtures/pdf/ beside copies of their gold files, so tests need neither.

    python scripts/render_pdf.py corpus/002_fc2eac345f00a229.txt … --out tests/fixtures/pdf
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

FONT_PATHS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]


def render(src: Path, dst: Path, font_path: str) -> None:
    from reportlab.lib.colors import black, red
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.load import load
    from pipeline.structure import segment

    if font_path == "STSong-Light":
        # Adobe's CID font: no file needed; its standard CMap keeps the text layer exact
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        pdfmetrics.registerFontFamily("STSong-Light")
        global_font = "STSong-Light"
    else:
        pdfmetrics.registerFont(TTFont("CJK", font_path, subfontIndex=0))
        global_font = "CJK"
    doc = load(src)
    st = segment(doc)
    head_end = st.recipients.start if st.recipients else (st.title.end if st.title else 0)
    paras = [p for p in doc.original[head_end:].split("\n") if p.strip()]
    issuer = st.issuer_mark.text if st.issuer_mark else None
    width, height = A4
    left, top, bottom = 79, height - 100, 90
    size, per_line, leading = 16, 28, 29
    c = canvas.Canvas(str(dst), pagesize=A4)
    page = 1
    y = top

    def footer():
        c.setFont(global_font, 14)
        c.setFillColor(black)
        c.drawCentredString(width / 2, 50, f"— {page} —")

    def newline(step=leading):
        nonlocal y, page
        y -= step
        if y < bottom:
            footer()
            c.showPage()
            page += 1
            y = top
            c.setFont(global_font, size)  # a new page starts with the default font

    if issuer:
        c.setFillColor(red)
        c.setFont(global_font, 30 if len(issuer) < 14 else 22)
        c.drawCentredString(width / 2, y, issuer)
        newline(60)
    c.setFillColor(black)
    if st.doc_number:
        c.setFont(global_font, size)
        c.drawCentredString(width / 2, y, st.doc_number.text)
        newline(50)
    if st.title:
        c.setFont(global_font, 22)
        for line in st.title.text.split("\n"):
            while line:
                c.drawCentredString(width / 2, y, line[:20])
                line = line[20:]
                newline(34)
        newline(10)
    c.setFont(global_font, size)
    for para in paras:
        if "\t" in para:
            para = "  ".join(x for x in para.split("\t") if x)
        first = True
        text = ("  " if not para.startswith((" ", "（", "(")) else "") + para.strip() if first else para
        while text:
            # wrap by width, as a typesetter does: ASCII glyphs are narrower than CJK ones
            n = 1
            while n < len(text) and pdfmetrics.stringWidth(text[: n + 1], global_font, size) <= per_line * size:
                n += 1
            c.drawString(left, y, text[:n])
            text = text[n:]
            newline()
    footer()
    c.save()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--embed", action="store_true", help="embed a TrueType CJK font instead of Adobe's STSong-Light")
    a = ap.parse_args()
    font = next((f for f in FONT_PATHS if Path(f).exists()), None) if a.embed else "STSong-Light"
    if font is None:
        print("no CJK font: apt-get install fonts-wqy-zenhei", file=sys.stderr)
        return 1
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for s in map(Path, a.sources):
        render(s, out / f"{s.stem}.pdf", font)
        gold = s.with_name(f"{s.stem}.gold.yaml")
        if gold.exists():
            shutil.copy(gold, out / gold.name)
        print(out / f"{s.stem}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
