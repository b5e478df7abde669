"""Text normalisation shared by the loaders: raw source lines in, a Document out.

Steps, each keeping the link from every output character to its source line:
fold full-width digits and letters, drop the spaces PDF extraction puts between
CJK characters and digits, drop page numbers and running headers/footers, join
lines that the layout wrapped mid-sentence, convert traditional characters to
simplified for extraction (the original kept beside it).
"""
from __future__ import annotations

import collections
import functools
import re
import unicodedata
from dataclasses import dataclass

from .model import Document

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")

TERMINAL_PUNCT = "。！？；：!?;:"
OPEN_PUNCT = "，、（(“‘《〔【[-—"
CLOSE_PUNCT_START = "，。、；：）)”’》〕】]!?！？"


@dataclass(frozen=True)
class LinePatterns:
    """The line patterns of rules/structure.yaml and rules/layout.yaml that decide line joins."""
    page_number: re.Pattern
    paragraph_start: re.Pattern
    date_line: re.Pattern
    title_line_end: re.Pattern
    recipients_start: re.Pattern
    heading_sentence: re.Pattern
    broken_date_end: re.Pattern
    broken_date_start: re.Pattern


def line_patterns(rules=None) -> LinePatterns:
    from .rules import load_rules

    rules = rules or load_rules()
    return _line_patterns(rules.version, rules)


@functools.lru_cache(maxsize=4)
def _line_patterns(version: str, rules) -> LinePatterns:
    st = lambda key: rules.re("structure", key)  # noqa: E731
    return LinePatterns(rules.re("layout", "page_number"), st("paragraph_start"), st("date_line"), st("title_line_end"),
                        st("recipients_start"), st("heading_sentence"), st("broken_date_end"), st("broken_date_start"))


@dataclass
class RawLine:
    text: str
    page: int
    line: int


def fold_width(ch: str) -> str:
    """Full-width digits/letters and the ideographic space to ASCII; punctuation is kept."""
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return chr(o - 0xFEE0)
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\t" and ch != "\t":
        return " "
    return {"＠": "@", "－": "-"}.get(ch, ch)


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


def _is_spacing_line(text: str) -> bool:
    """True for lines where extraction spaced out every character ("通 知 如 下")."""
    cjk_gaps = re.findall(f"[{CJK}] (?=[{CJK}])", text)
    cjk = len(_CJK_RE.findall(text))
    if cjk == 3 and re.fullmatch(f"\\s*[{CJK}] [{CJK}] [{CJK}]\\s*", text):
        return True  # "教 务 处": a short name spaced out on a line of its own
    return cjk >= 4 and len(cjk_gaps) >= 0.6 * (cjk - 1)


def drop_inserted_spaces(text: str) -> str:
    """Remove spaces PDF extraction inserts around digits inside CJK text.

    "2022 年 12 月 2日" -> "2022年12月2日"; a space between two CJK phrases
    ("深化全民学习 助力“两个先行”") is meaningful and kept, unless the whole
    line is spaced character by character.
    """
    text = "".join(fold_width(c) for c in text)
    if _is_spacing_line(text):
        cjk_punct = f"[{CJK}，。、；：！？（）“”《》]"
        text = re.sub(f"(?<={cjk_punct}) (?={cjk_punct})", "", text)
    # digit/letter next to CJK or CJK punctuation
    cjkp = f"{CJK}，。、；：（）“”《》〔〕【】"
    # one inserted space goes; a wider gap is layout (signature and date on one line) and stays
    text = re.sub(f"(?<=[{cjkp}]) (?=[0-9A-Za-z])", "", text)
    text = re.sub(f"(?<=[0-9A-Za-z]) (?=[{cjkp}])", "", text)
    # spaces before closing / after opening CJK punctuation
    text = re.sub(r" +(?=[，。、；：）》〕】”])", "", text)
    text = re.sub(r"(?<=[（《〔【“]) +", "", text)
    return text.strip()


@functools.lru_cache(maxsize=8192)
def _char_width(c: str) -> float:
    return 1.0 if (is_cjk(c) or unicodedata.east_asian_width(c) in "WF") else 0.5


def width(text: str) -> float:
    return sum(map(_char_width, text))


def full_line_width(lines: list[str], printed: bool = False) -> float | None:
    """The width of a full line in a wrapped layout, or None when lines are paragraphs.

    Many lines must share that width, unless the source shows a printed page (`printed`: page
    numbers, indented paragraph starts): a web page's lines can share a width by chance.
    """
    min_full, min_share = (3, 0.15) if printed else (8, 0.4)
    widths = [round(width(t)) for t in lines if width(t) >= 12 and "\t" not in t]
    if len(widths) < 4:
        return None
    counts = collections.Counter(widths)
    best, best_n = None, 0
    for w in counts:
        n = counts[w] + counts.get(w - 1, 0) + counts.get(w + 1, 0)
        if n > best_n or (n == best_n and best is not None and w > best):
            best, best_n = w, n
    # body lines of a printed notice hold 28 characters (GB/T 9704) and never fewer than ~18
    if best is not None and best >= 18 and best_n >= min_full and best_n >= min_share * len(widths):
        return float(best)
    return None


def _jieba(rules=None):
    """The segmenter of a rule set (default: the packaged rules): its own jieba.Tokenizer,
    never jieba's global dictionary, so line joining does not depend on what ran before."""
    from .rules import load_rules

    return (rules or load_rules()).tokenizer


def crosses_word(a: str, b: str, rules=None) -> bool:
    """True when segmenting a+b puts one word across the junction (a line wrapped mid-word)."""
    left, right = a[-6:], b[:6]
    pos = 0
    for tok in _jieba(rules).cut(left + right, HMM=False):
        end = pos + len(tok)
        if pos < len(left) < end and len(tok) >= 2 and all(is_cjk(c) or c.isdigit() for c in tok):
            return True
        pos = end
    return False


def _unclosed(text: str) -> bool:
    tail = text[-30:]
    return (tail.count("（") + tail.count("(")) > (tail.count("）") + tail.count(")")) and tail.rfind("（") > len(tail) - 12


def _bare_heading(line: str, pat: LinePatterns) -> bool:
    """A heading line with no sentence in it: no punctuation, no day-level date, no 于…前."""
    return bool(pat.paragraph_start.match(line)) and not pat.heading_sentence.search(line)


def should_join(a: str, b: str, full: float | None, a_width: float | None = None, rules=None) -> bool:
    """Whether line b continues line a (the layout wrapped it); a_width is a's width on the page."""
    pat = line_patterns(rules)
    a, b = a.rstrip(), b.lstrip()
    if not a or not b or "\t" in a or "\t" in b:
        return False
    if _unclosed(a) and not pat.date_line.match(b):
        return True  # a bracket left open at the line end continues on the next line
    if pat.broken_date_end.search(a) and pat.broken_date_start.match(b):
        return True  # "2021" / "年 2 月 23 日": a date broken by the layout
    if pat.paragraph_start.match(b) or pat.date_line.match(b) or pat.date_line.match(a):
        return False
    if pat.title_line_end.search(a):
        return False  # a title line stands alone
    if b[0] in CLOSE_PUNCT_START or re.match(r"^[-–—~～]\s*\d", b):
        return True
    if re.search(r"[0-9A-Za-z@._\-]$", a) and re.match(r"^[0-9A-Za-z@._\-]", b) and full and (a_width or width(a)) >= full - 6:
        return True  # a number, email or web address cut by the line end
    if a[-1] in TERMINAL_PUNCT:
        return False
    if a[-1] in OPEN_PUNCT:
        return True
    if pat.recipients_start.match(b):
        return False  # the 主送机关 line starts afresh unless the line before ends in a comma
    if full is None:
        return False  # no wrapped layout (a web copy): every line is a paragraph
    if (a_width if a_width is not None else width(a)) < full - 2.5:
        # not a full line, but a word cut in two still shows a wrap (…活动周拟 / 定于…)
        return width(a) >= 12 and not _bare_heading(a, pat) and crosses_word(a, b, rules)
    if _bare_heading(a, pat):
        # a bare heading that fills the line ends there unless a word is cut in two
        return crosses_word(a, b, rules)
    return True


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, same length (per character where phrases would shift offsets)."""
    if not text:
        return text
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    return "".join(c if len(c) == 1 else o for o, c in ((o, _t2s().convert(o)) for o in text))


def _running_key(text: str) -> str:
    """Short lines compare with their numbers masked (第3期, 2022年); long lines compare exactly."""
    t = text.strip()
    return re.sub(r"\d+", "#", t) if len(t) <= 20 else t


def strip_running_lines(lines: list[RawLine], pages: int, rules=None) -> list[RawLine]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages (running heads)."""
    page_number = line_patterns(rules).page_number
    out = [l for l in lines if not page_number.match(l.text)]
    if pages < 3:
        return out
    by_page: dict[int, list[RawLine]] = collections.defaultdict(list)
    for l in out:
        if l.text.strip():
            by_page[l.page].append(l)
    edges: set[int] = set()
    edge = collections.Counter()
    for page_lines in by_page.values():
        ends = page_lines[:2] + page_lines[-2:]
        edges.update(id(x) for x in ends)
        for key in {_running_key(x.text) for x in ends}:
            edge[key] += 1
    running = {t for t, n in edge.items() if n >= max(3, 0.6 * pages)}
    return [l for l in out if not (id(l) in edges and _running_key(l.text) in running)]


def fold_radical_lines(raw: list[RawLine], rules=None) -> list[RawLine]:
    """Kangxi and supplement radicals (⽂ ⻅) to their ideographs, in every format (rules/charfold.yaml)."""
    from .charfold import fold_radicals, table_for

    table = table_for(rules)
    return [RawLine(fold_radicals(l.text, table), l.page, l.line) for l in raw]


def repair_reposting(raw: list[RawLine], rules=None) -> list[RawLine]:
    """Every line repaired of reposting damage (repost.py) and split where a copy flattened it."""
    from .repost import repair_line, split_flattened
    from .rules import load_rules

    rules = rules or load_rules()
    data = rules.data.get("repost") or {}
    if not data:
        return list(raw)
    out = []
    for l in raw:
        for part in split_flattened(repair_line(l.text, data), data, rules.version):
            out.append(RawLine(part, l.page, l.line))
    return out


def build_document(raw: list[RawLine], path: str, fmt: str, pages: int = 1,
                   metadata: dict | None = None, layout: bool = True, rules=None) -> Document:
    """Join raw lines into a Document; `layout` strips page furniture (PDF, extracted text)."""
    from .rules import load_rules
    from .safe import strip_controls

    rules = rules or load_rules()
    # NUL, C0/C1 controls, lone surrogates and bidi overrides mean nothing in a notice and break writers
    raw = [RawLine(strip_controls(l.text), l.page, l.line) for l in raw]
    raw = fold_radical_lines(raw, rules)
    raw = repair_reposting(raw, rules)
    lines = strip_running_lines(raw, pages, rules) if layout else list(raw)
    # widths are measured on the raw lines: the spaces extraction inserted took room on the page
    pairs = [(drop_inserted_spaces(l.text) if "\t" not in l.text else l.text.strip(), l) for l in lines]
    # a blank line between two lines is a paragraph break whatever the layout
    after_blank, blank = set(), False
    for t, l in pairs:
        if not t:
            blank = True
        elif blank:
            after_blank.add(id(l))
            blank = False
    pairs = [(t, l) for t, l in pairs if t]
    if len(after_blank) > 0.5 * len(pairs):
        after_blank = set()  # double-spaced extraction: blank lines are spacing, not breaks
    cleaned = [RawLine(t, l.page, l.line) for t, l in pairs]
    after_blank = {id(c) for c, (_, l) in zip(cleaned, pairs) if id(l) in after_blank}
    raw_width = {id(c): width(l.text.strip()) for c, (_, l) in zip(cleaned, pairs)}
    printed = fmt == "pdf" or any(line_patterns(rules).page_number.match(l.text) for l in raw) or \
        sum(1 for _, l in pairs if re.match(r"^(?:\s{2,}|\u3000)", l.text)) >= 0.2 * max(len(pairs), 1)
    full = full_line_width([l.text.strip() for _, l in pairs], printed)
    boiler = rules.re("structure", "boilerplate")  # page furniture never continues into the notice
    parts: list[str] = []
    origins: list[tuple[int, int, int]] = []
    pos = 0
    prev, prev_width = None, 0.0
    for l in cleaned:
        if prev is not None:
            if id(l) not in after_blank and not boiler.search(prev) and should_join(prev, l.text, full, prev_width, rules):
                # an ASCII word cut by the wrap keeps no space; CJK never had one
                pass
            else:
                parts.append("\n")
                pos += 1
        origins.append((pos, l.page, l.line))
        parts.append(l.text)
        pos += len(l.text)
        prev = l.text
        prev_width = raw_width[id(l)]
    original = "".join(parts)
    return Document(path=path, format=fmt, text=to_simplified(original), original=original,
                    origins=origins, pages=pages, metadata=metadata or {})


def raw_lines_from_text(text: str, page: int = 1) -> list[RawLine]:
    """Split text into RawLines; form feeds count as page breaks."""
    out = []
    for p, chunk in enumerate(text.split("\f"), start=page):
        for i, line in enumerate(chunk.splitlines(), start=1):
            out.append(RawLine(line, p, i))
    return out


_SYMBOLS = {"So", "Sk", "Cf"}


def norm_key(text: str | None) -> str:
    """The comparison form of gold-format.md: NFKC, simplified, no whitespace or symbols."""
    if text is None:
        return ""
    text = "".join(c for c in str(text) if unicodedata.category(c) not in _SYMBOLS and not 0xFE00 <= ord(c) <= 0xFE0F)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in _SYMBOLS)
    for _ in range(3):  # OpenCC maps a few characters in steps (薴 -> 苧 -> 苎): convert to a fixed point
        simpler = to_simplified(text)
        if simpler == text:
            break
        text = simpler
    return re.sub(r"\s+", "", text)
