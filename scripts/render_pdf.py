"""Render dev-corpus texts as realistic PDFs for the PDF loader's tests and eval.

Styles (--style):
  gbt       GB/T 9704 layout: red 发文机关标志 and red rule, doc number, title in a larger font,
            body at 28 characters a line, signature and 成文日期 set right with a red seal over them,
            版记 between rules, ruled tables for tab-separated lines, page numbers "— N —"
  image     as gbt, but the 版头 and title are one picture on page 1 (no text layer there)
  scan      every page rasterised at 150-200 dpi, slightly rotated, with noise and the seal printed
            over the date (no text layer at all)
  web       a web page printed from a browser: print header (date, page title) and footer (URL, n/N),
            site banner and navigation, breadcrumbs, a metadata table (发文机关/发文字号/发布日期),
            a 发布时间/浏览量 line, the notice, and a site footer with the site's own phone and e-mail
  kangxi    as gbt, with characters that have a Kangxi-radical twin written as the radical (⽂ ⽉ ⽇)

Needs reportlab and, except for gbt/web with the default font, Pillow and a CJK TrueType font
(Debian's fonts-wqy-zenhei).  The structure of each text is read with the pipeline itself.

    python scripts/render_pdf.py corpus/002_fc2eac345f00a229.txt … --out tests/fixtures/pdf [--style gbt]
"""
from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_PATHS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
STYLES = ("gbt", "image", "scan", "web", "kangxi")
A4 = (595.2756, 841.8898)
RED = (0.85, 0.05, 0.05)
# characters often given as their Kangxi-radical twins by PDF producers
KANGXI_TWINS = dict(zip("文月日见民门长人大工子生用里高方立水面行老言手心力", "⽂⽉⽇⻅⺠⻔⻓⼈⼤⼯⼦⽣⽤⾥⾼⽅⽴⽔⾯⾏⽼⾔⼿⼼⼒"))


def font_file() -> str | None:
    return next((f for f in FONT_PATHS if Path(f).exists()), None)


@dataclass
class Block:
    kind: str   # issuer_mark, doc_number, title, body, table, signature, date, banji
    text: str


def plan(src: Path) -> tuple[list[Block], str, str | None]:
    """The notice's parts in reading order, from the pipeline's own reading of the text."""
    sys.path.insert(0, str(ROOT))
    from pipeline.load import load
    from pipeline.extract.issuer import issuer_span
    from pipeline.structure import segment

    doc = load(src)
    st = segment(doc)
    blocks: list[Block] = []
    if st.issuer_mark:
        blocks.append(Block("issuer_mark", st.issuer_mark.text.replace("\n", "")))
    if st.doc_number:
        blocks.append(Block("doc_number", st.doc_number.text))
    if st.title:
        blocks.append(Block("title", st.title.text.replace("\n", "")))
    head_end = st.recipients.start if st.recipients else (st.title.end if st.title else 0)
    spans = {k: getattr(st, k) for k in ("signature", "date", "cc", "printer")}
    pos = head_end
    for para in doc.original[head_end:].split("\n"):
        start, pos = pos, pos + len(para) + 1
        if not para.strip():
            continue
        kind = "table" if "\t" in para else "body"
        for k, sp in spans.items():
            if sp is not None and sp.start <= start + len(para) - len(para.lstrip()) < sp.end + 1:
                kind = "banji" if k in ("cc", "printer") else k
        blocks.append(Block(kind, para.strip()))
    title = st.title.text.replace("\n", "") if st.title else ""
    found = issuer_span(st, doc.text)
    issuer = found[0] if isinstance(found, tuple) else found  # (span, clue) since the issuer clue was added
    issuer_text = issuer.text.replace("\n", "") if issuer else None
    return _complete(blocks, src, issuer_text, head_end), title, issuer_text


def _complete(blocks: list[Block], src: Path, issuer: str | None, head_end: int) -> list[Block]:
    """A 公文's 发文字号, signature and 成文日期 in their GB/T places where the text gives them only in
    lines before the title that a GB/T rendering leaves out (a web page's 发文字号：…, 成文日期：…)."""
    from pipeline.record import build_record

    kinds = {b.kind for b in blocks}
    rec = build_record(src)
    out = list(blocks)

    def only_in_head(field: str) -> bool:
        span = ((rec.get("evidence") or {}).get(field) or {}).get("span")
        return bool(rec.get(field)) and span is not None and span[0] < head_end

    if "doc_number" not in kinds and only_in_head("doc_number"):
        out.insert(1 if out and out[0].kind == "issuer_mark" else 0, Block("doc_number", rec["doc_number"]))
    if "date" not in kinds and only_in_head("issue_date"):
        y, m, d = (int(x) for x in str(rec["issue_date"]).split("-"))
        at = next((i for i, b in enumerate(out) if b.kind == "banji"), len(out))
        tail = [Block("date", f"{y}年{m}月{d}日")]
        if "signature" not in kinds and (issuer or rec.get("issuer")):
            tail.insert(0, Block("signature", issuer or rec["issuer"]))
        out[at:at] = tail
    return out


class Writer:
    """Draws blocks on A4 pages with reportlab, GB/T 9704 measures."""

    def __init__(self, path, font: str, style: str, rng: random.Random, seal: bool = True):
        from reportlab.pdfgen import canvas

        self.c = canvas.Canvas(str(path), pagesize=A4)
        self.font, self.style, self.rng = font, style, rng
        self.width, self.height = A4
        self.left, self.right = 79.0, A4[0] - 79.0
        self.top, self.bottom = A4[1] - 100, 90.0
        self.size, self.leading = 16.0, 29.0
        self.page, self.y = 1, self.top
        self.seal = seal
        self.seal_at: tuple[int, float, float] | None = None  # page, x, y of the seal's centre
        self.issuer = ""

    def width_of(self, text: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return pdfmetrics.stringWidth(text, self.font, size)

    def footer(self):
        self.c.setFillColorRGB(0, 0, 0)
        self.c.setFont(self.font, 14)
        self.c.drawCentredString(self.width / 2, 50, f"— {self.page} —")

    def newline(self, step: float | None = None):
        self.y -= self.leading if step is None else step
        if self.y < self.bottom:
            self.footer()
            self.c.showPage()
            self.page += 1
            self.y = self.top
            self.c.setFont(self.font, self.size)  # a new page starts with reportlab's default font
            self.c.setFillColorRGB(0, 0, 0)

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        out = []
        while text:
            n = 1
            while n < len(text) and self.width_of(text[: n + 1], size) <= width:
                n += 1
            out.append(text[:n])
            text = text[n:]
        return out

    def head(self, blocks: list[Block]):
        """版头 and title; drawn as text, or (style image) as one picture."""
        head = [b for b in blocks if b.kind in ("issuer_mark", "doc_number", "title")]
        if self.style == "image":
            self._head_image(head)
            return
        for b in head:
            self._head_block(b)
            if b.kind == "issuer_mark" and not any(x.kind == "doc_number" for x in head):
                self._red_rule(self.y + 20)
                self.newline(20)

    def _head_block(self, b: Block):
        c = self.c
        if b.kind == "issuer_mark":
            self.issuer = b.text
            c.setFillColorRGB(*RED)
            size = 30 if len(b.text) < 14 else 22
            c.setFont(self.font, size)
            c.drawCentredString(self.width / 2, self.y, b.text)
            self.newline(50)
        elif b.kind == "doc_number":
            c.setFillColorRGB(0, 0, 0)
            c.setFont(self.font, self.size)
            c.drawCentredString(self.width / 2, self.y, b.text)
            self._red_rule(self.y - 12)
            self.newline(56)
        elif b.kind == "title":
            c.setFillColorRGB(0, 0, 0)
            c.setFont(self.font, 22)
            for line in self.wrap(b.text, 22, 20 * 22):
                c.drawCentredString(self.width / 2, self.y, line)
                self.newline(34)
            self.newline(10)

    def _red_rule(self, y: float):
        self.c.setStrokeColorRGB(*RED)
        self.c.setLineWidth(1.5)
        self.c.line(self.left - 4, y, self.right + 4, y)

    def _head_image(self, head: list[Block]):
        """版头 and title rendered into one picture (as a scanned cover or a pasted title)."""
        from PIL import Image, ImageDraw, ImageFont

        dpi = 200
        k = dpi / 72
        w = int((self.right - self.left + 8) * k)
        lines = []  # (text, size_pt, colour, gap_after_pt)
        for b in head:
            if b.kind == "issuer_mark":
                self.issuer = b.text
                lines.append((b.text, 30 if len(b.text) < 14 else 22, (215, 15, 15), 50, False))
            elif b.kind == "doc_number":
                lines.append((b.text, 16, (0, 0, 0), 56, True))
            else:
                for part in self.wrap(b.text, 22, 20 * 22):
                    lines.append((part, 22, (0, 0, 0), 34, False))
        h_pt = sum(x[3] for x in lines) + 20
        img = Image.new("RGB", (w, int(h_pt * k)), "white")
        draw = ImageDraw.Draw(img)
        y = 10 * k
        for text, size, colour, gap, rule in lines:
            font = ImageFont.truetype(font_file(), int(size * k))
            tw = draw.textlength(text, font=font)
            draw.text(((w - tw) / 2, y), text, font=font, fill=colour)
            if rule:
                ry = y + (size + 10) * k
                draw.line([(0, ry), (w, ry)], fill=(215, 15, 15), width=int(1.5 * k))
            y += gap * k
        buf = io.BytesIO()
        img.save(buf, "PNG")
        buf.seek(0)
        from reportlab.lib.utils import ImageReader

        top = self.y + 30
        self.c.drawImage(ImageReader(buf), self.left - 4, top - h_pt, width=w / k, height=h_pt)
        self.y = top - h_pt - 20

    def body(self, blocks: list[Block]):
        c = self.c
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind in ("issuer_mark", "doc_number", "title"):
                i += 1
                continue
            c.setFillColorRGB(0, 0, 0)
            c.setFont(self.font, self.size)
            if b.kind == "table":
                rows = [b.text]
                while i + 1 < len(blocks) and blocks[i + 1].kind == "table":
                    i += 1
                    rows.append(blocks[i].text)
                self._table(rows)
            elif b.kind in ("signature", "date"):
                x = self.right - 4 * self.size
                for line in b.text.split("\n"):
                    c.drawRightString(x, self.y, line)
                    if b.kind == "date" and self.seal_at is None:
                        self.seal_at = (self.page, x - self.width_of(line, self.size) / 2, self.y + 14)
                        if self.seal:
                            self.draw_seal()
                    self.newline()
            elif b.kind == "banji":
                self._banji([x.text for x in blocks[i:] if x.kind == "banji"])
                i = len(blocks)
                continue
            else:
                indent = "" if b.text.startswith(("（", "(")) else "　　"
                for line in self.wrap(indent + b.text, self.size, 28 * self.size):
                    c.drawString(self.left, self.y, line)
                    self.newline()
            i += 1

    def _table(self, rows: list[str]):
        """Tab-separated lines as a ruled table, cells sized by their text."""
        c = self.c
        cells = [r.split("\t") for r in rows]
        ncol = max(len(r) for r in cells)
        size = 11.0
        total = self.right - self.left
        widths = [max(self.width_of(r[k], size) if k < len(r) else 0 for r in cells) + 8 for k in range(ncol)]
        scale = total / sum(widths)
        widths = [w * scale for w in widths]
        c.setStrokeColorRGB(0, 0, 0)
        c.setLineWidth(0.6)
        for r in cells:
            lines = [self.wrap(r[k] if k < len(r) else "", size, widths[k] - 6) or [""] for k in range(ncol)]
            h = max(len(x) for x in lines) * (size + 3) + 6
            if self.y - h < self.bottom:
                self.newline(self.y)  # to the next page
            top = self.y + size + 2
            x = self.left
            for k in range(ncol):
                c.rect(x, top - h, widths[k], h, stroke=1, fill=0)
                c.setFont(self.font, size)
                for n, line in enumerate(lines[k]):
                    c.drawString(x + 3, top - 3 - size - n * (size + 3), line)
                x += widths[k]
            self.y = top - h - size - 2
        self.newline(10)

    def _banji(self, lines: list[str]):
        """版记 at the foot of the last page, each line between rules."""
        c = self.c
        needed = (len(lines) + 1) * 28
        if self.y - needed < self.bottom:
            self.newline(self.y)
        y = self.bottom + needed
        c.setStrokeColorRGB(0, 0, 0)
        c.setLineWidth(0.8)
        c.line(self.left, y, self.right, y)
        c.setFont(self.font, 14)
        for t in lines:
            y -= 22
            c.drawString(self.left + 14, y, t)
            y -= 6
            c.line(self.left, y, self.right, y)

    def draw_seal(self):
        if not self.seal_at:
            return
        from reportlab.lib.utils import ImageReader

        _, x, y = self.seal_at
        img = seal_image(self.issuer or "印章专用", 300, alpha=True)
        d = 120
        self.c.drawImage(ImageReader(img), x - d / 2, y - d / 2 - 10, width=d, height=d, mask="auto")

    def finish(self):
        self.footer()
        self.c.save()


def seal_image(name: str, px: int, alpha: bool):
    """A round red seal: ring, star, the organisation's name around the top."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGBA" if alpha else "RGB", (px, px), (255, 255, 255, 0) if alpha else "white")
    d = ImageDraw.Draw(img)
    red = (220, 20, 30, 235) if alpha else (220, 20, 30)
    d.ellipse([6, 6, px - 6, px - 6], outline=red, width=max(4, px // 40))
    cx = cy = px / 2
    r = px * 0.13
    pts = [(cx + r * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
            cy + r * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    d.polygon(pts, fill=red)
    font = ImageFont.truetype(font_file(), int(px * 0.11))
    text = name[:14]
    n = len(text)
    for k, ch in enumerate(text):
        ang = math.radians(-90 - 110 + 220 * (k + 0.5) / n)
        tx, ty = cx + px * 0.36 * math.cos(ang), cy + px * 0.36 * math.sin(ang)
        glyph = Image.new("RGBA", (int(px * 0.14), int(px * 0.14)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(ang) - 90, expand=True)
        img.paste(glyph, (int(tx - glyph.width / 2), int(ty - glyph.height / 2)), glyph)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return buf


def register_font(embed: bool) -> str:
    from reportlab.pdfbase import pdfmetrics

    if embed:
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("CJK", font_file(), subfontIndex=0))
        return "CJK"
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    # Adobe's CID font: no file needed; its standard CMap keeps the text layer exact
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def render_gbt(src: Path, dst: Path, style: str, rng: random.Random, embed: bool, seal: bool = True) -> tuple:
    blocks, _, _ = plan(src)
    if style == "kangxi":
        blocks = [Block(b.kind, "".join(KANGXI_TWINS.get(ch, ch) for ch in b.text)) for b in blocks]
    font = register_font(embed or style in ("kangxi", "image"))
    w = Writer(dst, font, style, rng, seal=seal)
    w.head(blocks)
    w.body(blocks)
    w.finish()
    return w.seal_at, w.issuer


def render_scan(src: Path, dst: Path, rng: random.Random) -> None:
    """Every page as a photo-like raster: 150-200 dpi, rotated under a degree, noise, the seal's
    red printed over the black of the date (multiplied, as ink on toner)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    tmp = dst.with_suffix(".base.pdf")
    seal_at, issuer = render_gbt(src, tmp, "gbt", rng, embed=True, seal=True)
    # the seal drawn in the vector PDF covers the date; redraw without it and multiply it in
    seal_at, issuer = render_gbt(src, tmp, "gbt", rng, embed=True, seal=False) if seal_at else (None, issuer)
    dpi = rng.choice([150, 175, 200])
    scale = dpi / 72
    pdf = pdfium.PdfDocument(str(tmp))
    c = canvas.Canvas(str(dst), pagesize=A4)
    for i in range(len(pdf)):
        img = pdf[i].render(scale=scale).to_pil().convert("RGB")
        arr = np.asarray(img).astype(np.float32)
        if seal_at and seal_at[0] == i + 1:
            d = int(120 * scale)
            seal = Image.open(seal_image(issuer or "印章专用", d, alpha=False)).convert("RGB")
            sx = int(seal_at[1] * scale - d / 2)
            sy = int((A4[1] - seal_at[2]) * scale - d / 2 + 10 * scale)
            patch = arr[sy:sy + d, sx:sx + d]
            arr[sy:sy + d, sx:sx + d] = patch * (np.asarray(seal, dtype=np.float32)[: patch.shape[0], : patch.shape[1]] / 255)
        arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=(255, 255, 255))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    pdf.close()
    tmp.unlink()


def publication_date(date: str) -> str:
    """The day a site published the notice, taken as its 成文日期 (a site never shows a notice of
    2015 as published in 2022); empty, so not shown, when the notice has none (never invented)."""
    import re

    found = re.findall(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})", date or "")
    if not found:
        return ""
    y, m, d = found[-1]
    return f"{y}-{int(m):02d}-{int(d):02d}"


def render_web(src: Path, dst: Path, rng: random.Random) -> None:
    """A notice as a government site shows it, printed from a browser."""
    from reportlab.pdfgen import canvas

    blocks, title, issuer = plan(src)
    font = register_font(False)
    issuer = (issuer or "").split("  ")[0]
    docnum = next((b.text for b in blocks if b.kind == "doc_number"), "")
    date = next((b.text for b in blocks if b.kind == "date"), "")
    published = publication_date(date)
    W, H = A4
    left, right = 40.0, W - 40.0
    c = canvas.Canvas(str(dst), pagesize=A4)
    state = {"page": 1, "y": H - 60}
    url = f"http://www.example-edu.gov.cn/zwgk/tzgg/202211/t20221125_{rng.randrange(10**6)}.html"
    stamp = f"2022/11/25 {rng.randrange(8, 12)}:{rng.randrange(10, 59)}"
    pages_est = 3

    def margins():
        c.setFillColorRGB(0, 0, 0)
        c.setFont(font, 8)
        c.drawString(24, H - 20, stamp)
        c.drawCentredString(W / 2, H - 20, f"{title[:40]} - {issuer or '教育'}门户网站")
        c.drawString(24, 16, url)
        c.drawRightString(W - 24, 16, f"{state['page']}/{pages_est}")

    def newline(step):
        state["y"] -= step
        if state["y"] < 60:
            margins()
            c.showPage()
            state["page"] += 1
            state["y"] = H - 60
            c.setFont(font, 12)

    def text_lines(text, size, width):
        from reportlab.pdfbase import pdfmetrics

        out = []
        while text:
            n = 1
            while n < len(text) and pdfmetrics.stringWidth(text[: n + 1], font, size) <= width:
                n += 1
            out.append(text[:n])
            text = text[n:]
        return out

    c.setFillColorRGB(0.1, 0.3, 0.6)
    c.setFont(font, 20)
    c.drawString(left, state["y"], f"{issuer or '教育'}门户网站")
    newline(26)
    c.setFont(font, 10)
    c.drawString(left, state["y"], "首页    机构概况    政务公开    政策文件    办事服务    互动交流")
    newline(24)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(left, state["y"], "当前位置：首页 > 政务公开 > 通知公告")
    newline(26)
    meta = [("索引号：", f"11{rng.randrange(10**6):06d}/2022-0{rng.randrange(1, 9)}{rng.randrange(100, 999)}", "发文机关：", issuer),
            ("发文字号：", docnum, "成文日期：", date),
            ("发布日期：", published, "主题分类：", "教育")]
    c.setFont(font, 10)
    cells = [(k, v) for a, av, b, bv in meta for k, v in ((a, av), (b, bv)) if v]  # a site shows no empty field
    for n in range(0, len(cells), 2):
        for (k, v), x in zip(cells[n:n + 2], (left + 10, W / 2 + 10)):
            c.drawString(x, state["y"], k + v)
        newline(18)
    newline(12)
    c.setFont(font, 18)
    for line in text_lines(title, 18, right - left - 60):
        c.drawCentredString(W / 2, state["y"], line)
        newline(26)
    c.setFont(font, 10)
    c.setFillColorRGB(0.4, 0.4, 0.4)
    c.drawCentredString(W / 2, state["y"], f"发布时间：{published or stamp.split()[0]}    浏览量：{rng.randrange(100, 9999)}")
    newline(28)
    c.setFillColorRGB(0, 0, 0)
    size = 12.0
    for b in blocks:
        if b.kind in ("issuer_mark", "doc_number", "title"):
            if b.kind == "doc_number":
                c.setFont(font, size)
                c.drawCentredString(W / 2, state["y"], b.text)
                newline(24)
            continue
        c.setFont(font, size)
        if b.kind in ("signature", "date"):
            for line in b.text.split("\n"):
                c.drawRightString(right - 30, state["y"], line)
                newline(size * 1.9)
            continue
        text = b.text.replace("\t", "  ")
        indent = "" if b.kind != "body" or text.startswith(("（", "(")) else "　　"
        for line in text_lines(indent + text, size, right - left):
            c.drawString(left, state["y"], line)
            newline(size * 1.9)
    newline(20)
    c.setFont(font, 9)
    c.setFillColorRGB(0.3, 0.3, 0.3)
    for line in ["网站地图 | 联系我们 | 关于我们",
                 f"主办单位：{issuer or '教育门户网站'}    地址：建设路{rng.randrange(1, 300)}号    邮编：{rng.randrange(100000, 999999)}",
                 f"联系电话：0{rng.randrange(10, 99)}-{rng.randrange(2000000, 8999999)}    电子邮箱：webmaster@example-edu.gov.cn",
                 f"网站标识码：{rng.randrange(10**9, 10**10)}    ICP备{rng.randrange(10**7, 10**8)}号"]:
        c.drawCentredString(W / 2, state["y"], line)
        newline(14)
    margins()
    c.save()


def render(src: Path, dst: Path, style: str = "gbt", seed: int = 0, embed: bool = False) -> None:
    rng = random.Random(f"{src.stem}:{style}:{seed}")
    if style == "scan":
        render_scan(src, dst, rng)
    elif style == "web":
        render_web(src, dst, rng)
    else:
        render_gbt(src, dst, style, rng, embed)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--style", choices=STYLES, default="gbt")
    ap.add_argument("--embed", action="store_true", help="embed a TrueType CJK font instead of Adobe's STSong-Light")
    a = ap.parse_args()
    if (a.embed or a.style != "gbt") and font_file() is None:
        print("no CJK font: apt-get install fonts-wqy-zenhei", file=sys.stderr)
        return 1
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for s in map(Path, a.sources):
        render(s, out / f"{s.stem}.pdf", a.style, embed=a.embed)
        gold = s.with_name(f"{s.stem}.gold.yaml")
        if gold.exists():
            shutil.copyfile(gold, out / gold.name)
        print(out / f"{s.stem}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
