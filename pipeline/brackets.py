"""Opening brackets and quotes that text extraction displaced, put back where they open.

A PDF may set 《 “ 〔 in another font, drawn after the rest of the line or a little off its
baseline; extraction then gives "根据关于举办读书活动的通知》要求，《" or the 《 on a line of its
own.  A title's 》 with no 《 before it, and a 《 left over at the end of that line (or alone on
the line before or after it), are the sign.  The 《 goes back where the title starts: after the
word that cites it (根据, 按照, 贯彻落实…, rules/layout.yaml), after the 》 of the title before it
(《A》、B》), or after the clause's punctuation; a 〔 goes before the year of a doc number; a “
after the punctuation just before the quoted words.  Where no such place is found the line is
left as it is: a bracket is never guessed into a place the text does not show.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PAIRS = {"《": "》", "“": "”", "〔": "〕", "［": "］"}
CLOSERS = {v: k for k, v in PAIRS.items()}
OPENERS = "".join(PAIRS)
_STRAYS = re.compile(f"[{OPENERS}](?:\\s*[{OPENERS}])*\\s*$")
_ONLY_STRAYS = re.compile(f"^\\s*[{OPENERS}](?:\\s*[{OPENERS}])*\\s*$")

# where a clause starts: a title cannot start before (quotes and brackets may stand inside titles)
_CLAUSE_END = "，。；：,;:！？!?"
# a quotation is a few words: its opening quote is looked for this far back only
QUOTE_REACH = 16


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns of rules/layout.yaml (bracket_cues, quote_cues, bracket_joiners)."""
    cite: re.Pattern          # a word after which a cited title starts (根据, 转发…)
    quote: re.Pattern         # a word after which quoted words start (开展, 简称…)
    joiner: re.Pattern        # what may stand between two titles (、 和 及 与 以及)
    about: str                # the word most titles turn on (关于)


def cues_from(data: dict) -> Cues:
    from .rules import alternation

    return Cues(re.compile(alternation(data["bracket_cues"])), re.compile(alternation(data["quote_cues"])),
                re.compile(alternation(data["bracket_joiners"])), data["bracket_about"])


def _depths(text: str, carry: dict[str, int]) -> tuple[dict[str, int], list[int]]:
    """Bracket depths after `text` (starting from `carry`) and the positions of closers that close
    nothing."""
    depth = dict(carry)
    unmatched: list[int] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in CLOSERS:
            opener = CLOSERS[ch]
            if depth.get(opener, 0) > 0:
                depth[opener] -= 1
            else:
                unmatched.append(i)
    return depth, unmatched


_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\s*\d{1,2}\s*[）)]|[一二三四五六七八九十]{1,3}\s*、)\s*")


def _title_start(text: str, close: int, cues: Cues, line_start_ok: bool) -> int | None:
    """Where the title closed at `close` starts, or None when the text does not show it."""
    before = text[:close]
    clause = max((before.rfind(ch) for ch in _CLAUSE_END), default=-1)
    lo = clause + 1
    if lo == 0:
        lo = _ENUMERATOR.match(before).end() if _ENUMERATOR.match(before) else 0  # "2. 《…》"
    # the title before this one: 《A》、B》 — B starts after the 》 and its joiner
    prev_close = before.rfind("》", lo)
    if prev_close >= 0:
        between = before[prev_close + 1:]
        gap = re.match(r"\s*", between).end()
        rest = between[gap:]
        m = cues.joiner.match(rest)
        if m is not None or not rest:
            return prev_close + 1 + gap + (m.end() if m else 0)
        lo = prev_close + 1
    segment = before[lo:]
    # a cue inside the title (…关于贯彻落实…) is not where it starts: only cues before its 关于
    # count (a 关于 inside a cue, 关于印发, is the cue's)
    spans = [(m.start(), m.end()) for m in cues.cite.finditer(segment)]
    about = next((m.start() for m in re.finditer(re.escape(cues.about), segment)
                  if not any(a <= m.start() < b for a, b in spans)), len(segment))
    found = [b for a, b in spans if b <= about]
    if found:
        return lo + found[-1]
    if lo > 0 and lo < close:
        return lo  # right after the clause's punctuation or a list number
    return 0 if line_start_ok and close > 0 else None


def _quote_start(text: str, close: int, cues: Cues) -> int | None:
    """After the last word that introduces quoted words (开展, 简称…) a few characters back, with
    no punctuation between: the quoted words themselves cannot be told apart otherwise."""
    lo = max(0, close - QUOTE_REACH)
    before = text[lo:close]
    stop = max((before.rfind(ch) for ch in _CLAUSE_END + "、“”（）()"), default=-1) + 1
    found = [m.end() for m in cues.quote.finditer(before, stop)]
    return lo + found[-1] if found and lo + found[-1] < close else None


def _doc_number_start(text: str, close: int) -> int | None:
    """〔 goes before the four-digit year that the 〕 closes (教发2020〕3号 -> 教发〔2020〕3号)."""
    m = re.search(r"(?<=[^\d\s])\d{4}\s*$", text[:close])
    return m.start() if m else None


def _insert(text: str, openers: list[str], unmatched: list[int], cues: Cues, line_start_ok: bool) -> str | None:
    """`text` with one opener put back before each unmatched closer of its kind, or None."""
    wanted: dict[str, list[int]] = {}
    for i in unmatched:
        wanted.setdefault(CLOSERS[text[i]], []).append(i)
    if sorted(openers) != sorted(o for o, pos in wanted.items() for _ in pos):
        return None  # every stray must find its closer, and every closer its stray
    places: list[tuple[int, str]] = []
    for opener, closes in wanted.items():
        for close in closes:
            if opener == "《":
                at = _title_start(text, close, cues, line_start_ok)
            elif opener == "“":
                at = _quote_start(text, close, cues)
            else:
                at = _doc_number_start(text, close)
            if at is None or at >= close:
                return None
            places.append((at, opener))
    out = text
    for at, opener in sorted(places, reverse=True):
        out = out[:at] + opener + out[at:]
    return out


def repair_lines(lines: list[str], cues: Cues) -> list[str | None]:
    """Each line with displaced openers put back; None for a line that held only strays now put
    back into the line before or after it."""
    out: list[str | None] = list(lines)
    carry: dict[str, int] = {}
    for i in range(len(lines)):
        if out[i] is None:
            continue
        text = out[i]
        if _ONLY_STRAYS.match(text):
            continue  # strays on a line of their own: taken by the line they belong to, or left
        stray = _STRAYS.search(text)
        body = text[: stray.start()] if stray else text
        depth, unmatched = _depths(body, carry)
        prev_done = i == 0 or not lines[i - 1].strip() or lines[i - 1].rstrip()[-1:] in "。；！？：:;!?"
        if unmatched and stray:
            fixed = _insert(body, [c for c in stray.group() if c in PAIRS], unmatched, cues, prev_done and not carry)
            if fixed is not None:
                out[i] = fixed
                depth, _ = _depths(fixed, carry)
        elif unmatched:
            # the strays on a line of their own, just above or below
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and out[j] is not None and _ONLY_STRAYS.match(out[j]):
                    fixed = _insert(body, [c for c in out[j] if c in PAIRS], unmatched, cues, False)
                    if fixed is not None:
                        out[i], out[j] = fixed, None
                        depth, _ = _depths(fixed, carry)
                        break
        # a title left open carries to the next line, never past a paragraph or a sentence's end
        ended = not (out[i] or "").strip() or (out[i] or "").rstrip()[-1] in "。；！？!?"
        carry = {} if ended else {k: min(v, 2) for k, v in depth.items() if v > 0}
    return out


def _cues_of(rules) -> Cues:
    cached = rules.__dict__.get("_bracket_cues")
    if cached is None:
        cached = rules.__dict__["_bracket_cues"] = cues_from(rules.data["layout"])
    return cached


def repair_raw_lines(raw: list, rules=None) -> list:
    """RawLines (clean.RawLine) with displaced openers put back; a line left empty goes."""
    from .rules import load_rules

    if not any(ch in line.text for line in raw for ch in CLOSERS):
        return list(raw)
    fixed = repair_lines([l.text for l in raw], _cues_of(rules or load_rules()))
    return [type(l)(t, l.page, l.line) for l, t in zip(raw, fixed) if t is not None]
