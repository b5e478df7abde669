"""OCR for PDF pages (or page regions) that are only an image: RapidOCR with onnxruntime, whose
models ship inside its wheel, so it runs offline.  An optional extra:

    pip install 'notice-pipeline[ocr]'

Without it `available()` is False and the PDF loader reports the pages as needing OCR.

Pages carrying a red seal get a second pass on the image with the red removed, so a 成文日期
printed under the seal is read; its lines replace the first pass's within the seal's box only
(the red 版头 keeps its first-pass reading, being red itself).
"""
from __future__ import annotations

import functools
import importlib.util
import re

from .layout import LayoutLine

PAGE_SCALE = 2.0     # 144 dpi: the models read 10.5-pt text reliably from about 120 dpi
REGION_SCALE = 3.0   # a small region (a 版头 pasted as a picture) is rendered finer


def available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


# Engine settings (benchmarks/bench_ocr.py measures the alternatives).  Pages are rendered upright,
# so the text-direction classifier is skipped.
ENGINE_PARAMS = {
    "Global.log_level": "error",
    "Global.use_cls": False,
}


def make_engine(overrides: dict | None = None):
    from rapidocr import RapidOCR

    return RapidOCR(params={**ENGINE_PARAMS, **(overrides or {})})


@functools.lru_cache(maxsize=1)
def _engine():
    # the engine loads its ONNX models once (about a second); reused for every page of a batch
    return make_engine()


def describe() -> str:
    """The settings in a few words, for benchmark reports."""
    return ", ".join(f"{k.split('.')[-1]}={v}" for k, v in ENGINE_PARAMS.items() if k != "Global.log_level") + \
        f", pages at {72 * PAGE_SCALE:.0f} dpi"


def _render(page, scale: float, crop=(0, 0, 0, 0)):
    """The page (or the part left after `crop`, in points from left, bottom, right, top) as BGR."""
    bitmap = page.render(scale=scale, crop=crop)
    return bitmap.to_numpy()[:, :, :3].copy()


def _recognise(image) -> list[tuple[list, str, float]]:
    out = _engine()(image)
    if out is None or out.boxes is None or out.txts is None:
        return []
    return [(box.tolist(), text, float(score)) for box, text, score in zip(out.boxes, out.txts, out.scores)]


def _red_fraction(image, box) -> float:
    """Share of the ink inside a pixel box that is red (a 版头 is red, body text black)."""
    import numpy as np

    x0, y0, x1, y1 = (int(max(0, v)) for v in box)
    patch = image[y0:y1, x0:x1].astype(int)
    if patch.size == 0:
        return 0.0
    b, g, r = patch[..., 0], patch[..., 1], patch[..., 2]
    ink = (r + g + b) < 600
    red = (r >= 150) & (g <= 0.6 * r) & (b <= 0.6 * r)
    n = int(np.count_nonzero(ink))
    return float(np.count_nonzero(red & ink)) / n if n else 0.0


def _digit_repair(rules=None):
    """(pattern, table) that reads OCR look-alikes of digits inside numbers as the digits."""
    from .rules import load_rules

    rules = rules or load_rules()
    cached = rules.__dict__.get("_ocr_digits")
    if cached is None:
        data = rules.data["layout"]
        table = {ord(ch): digit for digit, chars in data["ocr_digit_lookalikes"].items() for ch in chars}
        chars = re.escape("".join(chr(k) for k in table))
        units = re.escape(data["ocr_number_units"])
        # between two digits, or after digits and before a unit (2ō26年, 202ō年, 1l月)
        pattern = re.compile(f"(?<=\\d)[{chars}]+(?=\\d|[{units}])")
        cached = rules.__dict__["_ocr_digits"] = (pattern, table)
    return cached


def repair_digits(text: str, rules=None) -> str:
    """OCR text with letters read inside numbers turned back into digits (same length)."""
    pattern, table = _digit_repair(rules)
    return pattern.sub(lambda m: m.group().translate(table), text)


def _to_lines(items, image, page_number: int, scale: float, left: float, top: float) -> list[LayoutLine]:
    """OCR boxes (pixels) grouped into rows and turned into lines in page points."""
    boxes = []
    for quad, text, _score in items:
        if not text.strip():
            continue
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append([min(xs), min(ys), max(xs), max(ys), text])
    boxes.sort(key=lambda b: ((b[1] + b[3]) / 2, b[0]))
    rows: list[list] = []
    for b in boxes:
        h = b[3] - b[1]
        yc = (b[1] + b[3]) / 2
        for row in rows:
            ry = sum((x[1] + x[3]) / 2 for x in row) / len(row)
            rh = max(x[3] - x[1] for x in row)
            # the detector sometimes cuts one line in two overlapping boxes (at a 《 or a wide gap)
            if abs(ry - yc) < 0.4 * max(h, rh) and all(b[2] <= x[0] + 0.6 * h or b[0] >= x[2] - 0.6 * h for x in row):
                row.append(b)
                break
        else:
            rows.append([b])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[0])
        height = max(b[3] - b[1] for b in row)
        text = row[0][4]
        for prev, b in zip(row, row[1:]):
            gap = b[0] - prev[2]
            piece = b[4]
            if gap < 0 and piece:
                # overlapping boxes read the glyphs under the overlap twice: drop them from the second
                per_char = (b[2] - b[0]) / len(piece)
                piece = piece[int(round(-gap / per_char)):]
            text += ("  " if gap > 1.2 * height else "") + piece
        px = (min(b[0] for b in row), min(b[1] for b in row), max(b[2] for b in row), max(b[3] for b in row))
        box = (left + px[0] / scale, top + px[1] / scale, left + px[2] / scale, top + px[3] / scale)
        # a detected text box is about 1.25 times the font size tall
        size = round(height / scale / 1.25, 1)
        lines.append(LayoutLine(repair_digits(text.strip()), page_number, box, size, _red_fraction(image, px) > 0.5, ocr=True))
    lines.sort(key=lambda l: (round(l.box[1] / 3), l.box[0]))
    return lines


def seal_boxes(image, first_page: bool = True) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of red seals: round or square red blobs 25-70 mm across (below the 版头 on the
    first page; anywhere on a later page, where the signature may open the page)."""
    import cv2
    import numpy as np

    b, g, r = (image[..., k].astype(int) for k in range(3))
    mask = ((r >= 150) & (g <= 0.6 * r) & (b <= 0.6 * r)).astype(np.uint8) * 255
    mask = cv2.dilate(mask, np.ones((9, 9), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    h_img, w_img = image.shape[:2]
    out = []
    for k in range(1, count):
        x, y, w, h, _area = stats[k]
        if not (0.12 * w_img <= w <= 0.4 * w_img and 0.7 <= w / max(h, 1) <= 1.4):
            continue
        if first_page and y < 0.15 * h_img:
            continue  # the 版头 is red too, and it stays with the first pass
        out.append((int(x), int(y), int(x + w), int(y + h)))
    return out


def _without_red(image):
    img = image.copy()
    b, g, r = (img[..., k].astype(int) for k in range(3))
    red = (r >= 120) & (g <= 0.75 * r) & (b <= 0.75 * r)
    img[red] = 255
    return img


def ocr_page(page, page_number: int, width: float, height: float, scale: float = PAGE_SCALE) -> list[LayoutLine]:
    """Lines of a whole page read by OCR, with a red-removed second pass over each seal."""
    image = _render(page, scale)
    lines = _to_lines(_recognise(image), image, page_number, scale, 0.0, 0.0)
    for _sx0, sy0, _sx1, sy1 in seal_boxes(image, page_number == 1):
        # the band of whole rows under the seal, so no line is cut at the crop's edge
        pad = 0.1 * (sy1 - sy0)
        x0, y0 = 0, int(max(0, sy0 - pad))
        x1, y1 = image.shape[1], int(min(image.shape[0], sy1 + pad))
        crop = _without_red(image[y0:y1, x0:x1])
        second = _to_lines(_recognise(crop), crop, page_number, scale, x0 / scale, y0 / scale)
        region = (x0 / scale, y0 / scale, x1 / scale, y1 / scale)
        lines = merge_by_box(lines, second, region)
    return lines


def merge_by_box(first: list[LayoutLine], second: list[LayoutLine], region) -> list[LayoutLine]:
    """First-pass lines lying mostly inside `region` give way to the second pass's lines there;
    a red first-pass line (the 版头) is always kept."""
    def mostly_inside(l: LayoutLine) -> bool:
        x0, y0, x1, y1 = l.box
        ix = max(0.0, min(x1, region[2]) - max(x0, region[0]))
        iy = max(0.0, min(y1, region[3]) - max(y0, region[1]))
        return ix * iy >= 0.6 * max(1e-6, (x1 - x0) * (y1 - y0))

    keep = [l for l in first if l.red or not mostly_inside(l)]
    new = [l for l in second if mostly_inside(l) and not any(_overlaps(l, k) for k in keep)]
    if not new:
        return first
    return sorted(keep + new, key=lambda l: (round(l.box[1] / 3), l.box[0]))


def _overlaps(a: LayoutLine, b: LayoutLine) -> bool:
    return a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]


def ocr_region(page, page_number: int, box, scale: float = REGION_SCALE) -> list[LayoutLine]:
    """Lines of one region of a page (points from the top-left), read by OCR."""
    width, height = page.get_size()
    x0, top, x1, bottom = box
    crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
    image = _render(page, scale, crop)
    return _to_lines(_recognise(image), image, page_number, scale, crop[0], crop[3])
