"""The stand-in CJK font the layout reader gives pdfium for a Chinese font the PDF does not embed:
which glyph each code point gets, that pdfium takes it inside `stand_in()` only, and that a page
read with it keeps every character and the layout the system's font gives."""
import ctypes

import pytest

from pipeline import layout as L
from pipeline.load import pdf_fonts as F
from tests.conftest import ROOT

NOT_EMBEDDED = ROOT / "tests" / "fixtures" / "pdf" / "000_4e4d97b52702877a.pdf"  # STSong-Light


def glyph_of(code_point: int) -> int:
    return next(g for first, last, g in F._cmap_groups() if first <= code_point <= last)


def test_cmap_covers_every_code_point_once():
    groups = F._cmap_groups()
    assert groups[0][0] == 0 and groups[-1][1] == 0x3FFFF
    assert all(a[1] + 1 == b[0] for a, b in zip(groups, groups[1:]))


@pytest.mark.parametrize("char, glyph", [
    ("国", 2), ("〔", 2), ("、", 2), ("。", 2), ("，", 2), ("：", 2), ("𠀀", 2),  # full-width ink box
    ("A", 1), ("7", 1), (":", 1), ("“", 1), ("—", 1), ("·", 1),          # narrow: inside any advance
    (" ", 3), ("\u3000", 3), ("\xa0", 3), ("\t", 3),                      # blank, as fonts draw them
])
def test_code_points_get_their_glyph(char, glyph):
    assert glyph_of(ord(char)) == glyph


def _char_box(textpage, char: str) -> tuple[float, float, float, float]:
    """Tight box (left, right, bottom, top) of the first `char` in font units: the glyph's own box."""
    import pypdfium2.raw as raw

    i = textpage.get_text_range().index(char)
    box = [ctypes.c_double() for _ in range(4)]
    raw.FPDFText_GetCharBox(textpage.raw, i, *box)
    size = raw.FPDFText_GetFontSize(textpage.raw, i)
    origin = [ctypes.c_double(), ctypes.c_double()]
    raw.FPDFText_GetCharOrigin(textpage.raw, i, *origin)
    x, y = origin[0].value, origin[1].value
    return tuple(round(v, 3) for v in ((box[0].value - x) * 1000 / size, (box[1].value - x) * 1000 / size,
                                       (box[2].value - y) * 1000 / size, (box[3].value - y) * 1000 / size))


def test_pdfium_takes_the_stand_in_inside_the_block_only():
    import pypdfium2 as pdfium

    x0, y0, x1, y1 = F.FULL_BOX
    pdf = pdfium.PdfDocument(str(NOT_EMBEDDED))
    try:
        # fonts are looked up when a page is loaded, and kept for the document's later pages
        with F.stand_in():
            inside = pdf[0].get_textpage()
        # pdfium adjusts a substitute's glyphs by a few units (weight)
        assert _char_box(inside, "、") == pytest.approx((x0, x1, y0, y1), abs=15)
        assert _char_box(inside, "2") == pytest.approx((F.NARROW_BOX[0], F.NARROW_BOX[2], y0, y1), abs=15)
    finally:
        pdf.close()
    pdf = pdfium.PdfDocument(str(NOT_EMBEDDED))
    try:
        assert _char_box(pdf[0].get_textpage(), "、") != pytest.approx((x0, x1, y0, y1), abs=15)
    finally:
        pdf.close()


def test_every_character_is_kept_with_the_stand_in():
    import pypdfium2 as pdfium

    from pipeline.load.pdf import read_layout

    pages, _, _ = read_layout(NOT_EMBEDDED, ocr=False)
    pdf = pdfium.PdfDocument(str(NOT_EMBEDDED))
    try:
        for page in pages:
            layer = pdf[page.number - 1].get_textpage().get_text_range()
            assert "".join(l.text for l in page.lines).replace(" ", "") == \
                "".join(layer.split()).replace("\u3000", "")
    finally:
        pdf.close()


def test_layout_matches_the_system_font_reading(tmp_path):
    """Text, sizes, colour and left edges as read with the system's CJK font; right edges within
    a point (a system glyph may overhang its advance)."""
    import pypdfium2 as pdfium

    with F.stand_in():
        inside = pdfium.PdfDocument(str(NOT_EMBEDDED))
        stand_in_pages = [L.read_page(inside, i) for i in range(len(inside))]
    outside = pdfium.PdfDocument(str(NOT_EMBEDDED))
    system_pages = [L.read_page(outside, i) for i in range(len(outside))]
    inside.close()
    outside.close()
    for a, b in zip(stand_in_pages, system_pages):
        assert [(l.text, l.size, l.red, l.box[0]) for l in a.lines] == [(l.text, l.size, l.red, l.box[0]) for l in b.lines]
        assert all(abs(p.box[2] - q.box[2]) <= 1.0 for p, q in zip(a.lines, b.lines))
