"""A small stand-in for the CJK font pdfium substitutes when a PDF's Chinese font is not embedded
(仿宋_GB2312, STSong-Light and the like, common in real notices).

For such a font pdfium looks up a system CJK font and, for every document, reads its whole file
(26 MB for Noto Serif CJK) and decodes the outline of every glyph drawn, twice (the page's text
objects, then the text page's character boxes), only to get each glyph's bounding box: four
fifths of the time a non-embedded page took.  While `stand_in()` is active the layout reader is
given instead a font of about a kilobyte built here: one rectangle for CJK code points, a narrow
one for the rest, nothing for spaces.  The text does not come from the glyphs (it comes from the
PDF's CMaps and ToUnicode), nor do advances (/W, /Widths), sizes or colours; a character's box
spans its advance and the font descriptor's ascent and descent, widened to the glyph's box, which
is now a fixed ink box rather than the outline of whichever CJK font the machine has (with none
installed, pdfium's built-in fallback has empty glyph boxes and dropped lone characters).  Pages
rendered for OCR are opened again outside `stand_in()`, drawn with the system's glyphs.

pdfium's font lookup hook (FPDF_SetSystemFontInfo) is one per process: installed on first use,
it forwards every request to pdfium's own lookup, except a CJK one made inside `stand_in()`.
"""
from __future__ import annotations

import ctypes
import struct
from contextlib import contextmanager

import pypdfium2.raw as raw

UNITS = 1000
ASCENT, DESCENT = 880, -120
# Glyph boxes: an ideograph's ink (the ideographic character face, about -0.07..0.83 em), and a
# narrow box for the rest that stays inside any advance the PDF gives (/W: down to a quarter em
# for a colon or an "i"), so it does not widen the character's box past its advance.
FULL_BOX = (50, -70, 950, 830)
NARROW_BOX = (20, -70, 180, 830)
# code points set full-width in Chinese, Japanese and Korean fonts
FULL_WIDTH = [(0x2E80, 0x2FFF), (0x3001, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
              (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x20000, 0x3FFFF)]
# code points a font draws nothing for (as real fonts do: pdfium lays out a blank glyph by its advance)
BLANK = [(0x00, 0x20), (0x7F, 0xA0), (0x1680, 0x1680), (0x2000, 0x200F), (0x2028, 0x202F),
         (0x205F, 0x206F), (0x3000, 0x3000), (0xFEFF, 0xFEFF)]
# pdfium's charsets (FXFONT_*_CHARSET) of a CJK font: Shift-JIS, Hangul, GB2312, Big5
GB2312 = 134
CJK_CHARSETS = frozenset((128, 129, GB2312, 136))
FAMILY = "NoticePipelineLayoutCJK"


def _glyph(box: tuple[int, int, int, int]) -> bytes:
    """One closed rectangle (clockwise, on-curve points, 16-bit coordinate deltas)."""
    x0, y0, x1, y1 = box
    points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
    dx = [points[0][0]] + [points[k][0] - points[k - 1][0] for k in range(1, 4)]
    dy = [points[0][1]] + [points[k][1] - points[k - 1][1] for k in range(1, 4)]
    return (struct.pack(">hhhhh", 1, x0, y0, x1, y1) + struct.pack(">HH", 3, 0)
            + bytes([0x01] * 4) + struct.pack(">4h", *dx) + struct.pack(">4h", *dy))


def _cmap_groups() -> list[tuple[int, int, int]]:
    """(first, last, glyph) covering U+0000..U+3FFFF: glyph 3 blank, 2 full-width, 1 the rest."""
    ranges = sorted([(a, b, 3) for a, b in BLANK] + [(a, b, 2) for a, b in FULL_WIDTH])
    groups, start = [], 0
    for first, last, glyph in ranges:
        if start < first:
            groups.append((start, first - 1, 1))
        groups.append((first, last, glyph))
        start = last + 1
    return groups


def _cmap() -> bytes:
    """A format-13 (many-to-one) Unicode subtable: every code point maps to one of two glyphs."""
    groups = _cmap_groups()
    sub = struct.pack(">HHIII", 13, 0, 16 + 12 * len(groups), 0, len(groups))
    sub += b"".join(struct.pack(">III", *g) for g in groups)
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + sub


def _name() -> bytes:
    records = [(1, FAMILY), (2, "Regular"), (4, FAMILY), (6, FAMILY)]
    strings = [text.encode("utf-16-be") for _, text in records]
    out = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    offset = 0
    for (name_id, _), s in zip(records, strings):
        out += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(s), offset)
        offset += len(s)
    return out + b"".join(strings)


def _os2() -> bytes:
    panose = bytes(10)
    code_pages = (1 << 17) | (1 << 18) | (1 << 19) | (1 << 20)  # JIS, GB2312, Korean, Big5
    return struct.pack(">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHIIhhHHH",
                       4, UNITS, 400, 5, 0, 650, 700, 0, 140, 650, 700, 0, 480, 50, 250, 0, panose,
                       0, 0x28000000, 0x00000010, 0, b"NPIP", 0x40, 0x20, 0xFFFF,
                       ASCENT, DESCENT, 0, ASCENT, -DESCENT, code_pages | 1, 0, 400, 700, 0, 32, 1)


def build_font() -> bytes:
    """The stand-in font: a TrueType file of about a kilobyte."""
    # .notdef, narrow, full-width, blank (no outline)
    glyphs = [_glyph(FULL_BOX), _glyph(NARROW_BOX), _glyph(FULL_BOX), b""]
    advances = [UNITS, UNITS // 2, UNITS, UNITS // 2]
    boxes = [FULL_BOX, NARROW_BOX, FULL_BOX, (0, 0, 0, 0)]
    loca, offset = [], 0
    for g in glyphs:
        loca.append(offset // 2)
        offset += len(g)
    loca.append(offset // 2)
    tables = {
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS,
                             0, 0, 0, DESCENT, UNITS, ASCENT, 0, 8, 2, 0, 0),
        b"hhea": struct.pack(">Ihhh H hhh hhh hhhh hH", 0x00010000, ASCENT, DESCENT, 0, UNITS,
                             min(b[0] for b in boxes), min(a - b[2] for a, b in zip(advances, boxes)),
                             max(b[2] for b in boxes), 1, 0, 0, 0, 0, 0, 0, 0, len(glyphs)),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, len(glyphs), 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"hmtx": b"".join(struct.pack(">Hh", a, b[0]) for a, b in zip(advances, boxes)),
        b"loca": struct.pack(f">{len(loca)}H", *loca),
        b"glyf": b"".join(glyphs),
        b"cmap": _cmap(),
        b"name": _name(),
        b"OS/2": _os2(),
        b"post": struct.pack(">IihhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }
    return _sfnt(tables)


def _checksum(data: bytes) -> int:
    data += bytes(-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    n = len(tables)
    power = 1 << (n.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, n, 16 * power, power.bit_length() - 1, 16 * (n - power))
    offset = len(header) + 16 * n
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    return header + directory + body


class _Lookup:
    """pdfium's own font lookup, forwarded, except CJK requests made while `active`: those get the
    stand-in font.  Written against pdfium's C interface (FPDF_SYSFONTINFO), which every
    pypdfium2 release exposes."""

    def __init__(self):
        self.active = 0
        self.charset = GB2312
        self.font = build_font()
        self.data = ctypes.create_string_buffer(self.font, len(self.font))
        self.handle = ctypes.addressof(self.data)  # pdfium passes it back to the calls below
        self.name = FAMILY.encode() + b"\0"
        self.default = raw.FPDF_GetDefaultSystemFontInfo()
        if not self.default:  # a pdfium build without a system font lookup: nothing to stand in for
            return
        self.info = raw.FPDF_SYSFONTINFO()
        self.info.version = self.default.contents.version
        types = dict(raw.FPDF_SYSFONTINFO._fields_)
        d = self.default.contents
        calls = {
            "Release": lambda _: None,  # the lookup lives as long as the process
            "EnumFonts": lambda _, mapper: d.EnumFonts(self.default, mapper),
            "MapFont": self._map_font,
            "GetFont": lambda _, face: d.GetFont(self.default, face),
            "GetFontData": self._font_data,
            "GetFaceName": self._face_name,
            "GetFontCharset": lambda _, font: self.charset if font == self.handle else d.GetFontCharset(self.default, font),
            "DeleteFont": lambda _, font: None if font == self.handle else d.DeleteFont(self.default, font),
        }
        self.callbacks = {name: types[name](fn) for name, fn in calls.items()}  # kept alive here
        for name, fn in self.callbacks.items():
            setattr(self.info, name, fn)
        raw.FPDF_SetSystemFontInfo(ctypes.byref(self.info))

    def _map_font(self, _, weight, italic, charset, pitch, face, exact):
        if self.active and charset in CJK_CHARSETS:
            self.charset = charset
            return self.handle
        return self.default.contents.MapFont(self.default, weight, italic, charset, pitch, face, exact)

    def _font_data(self, _, font, table, buffer, size):
        if font != self.handle:
            return self.default.contents.GetFontData(self.default, font, table, buffer, size)
        if table:  # a table, or 'ttcf' (the file as a collection): the stand-in is one font file
            return 0
        if buffer and size >= len(self.font):
            ctypes.memmove(buffer, self.data, len(self.font))
        return len(self.font)

    def _face_name(self, _, font, buffer, size):
        if font != self.handle:
            return self.default.contents.GetFaceName(self.default, font, buffer, size)
        if buffer and size >= len(self.name):
            ctypes.memmove(buffer, self.name, len(self.name))
        return len(self.name)


_INSTALLED: list[_Lookup] = []  # pdfium's hook is per process: installed once, on first use


@contextmanager
def stand_in():
    """Pages loaded within this block get the stand-in for their non-embedded CJK fonts (pdfium
    looks fonts up when a page is loaded, and keeps them for the document's later pages)."""
    if not _INSTALLED:
        _INSTALLED.append(_Lookup())
    lookup = _INSTALLED[0]
    lookup.active += 1
    try:
        yield
    finally:
        lookup.active -= 1
