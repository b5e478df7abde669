"""The cue matcher: one token a character, and the rules' cue phrases found wherever they stand.

Patterns come from rules/ (taxonomy cues, contact cues).  With one token a character a cue
matches wherever its characters stand, whatever word a segmenter would cut around it
(读书活动计划 holds the cue 活动计划), and nothing touches jieba's process-wide dictionary
(line joining in clean.py uses the rules' own tokenizer, Rules.tokenizer).  The matcher lives
on the Rules object.  Spans keep character offsets, which are the evidence of each label.

It gives exactly what spaCy's blank("zh") pipeline (character segmenter) with a SpanRuler
over these phrases gave, which it replaces: importing spaCy cost a cold run 0.7-1 s of CPU
before any work (tests/test_nlp.py checks the two agree on every text of the corpus when
spaCy is installed).  spaCy's rules, reproduced here:
- the text is cut into tokens of one character; a run of whitespace is a token of its own,
  except one space right after a character, which belongs to that character (so a cue
  matches across a single space, never across a line break);
- a phrase matches a run of tokens with the same texts as the phrase's own tokens (cut the
  same way); overlapping and nested matches all count;
- the spans, without repeats, come sorted by start, end, then the label's 64-bit
  MurmurHash (spaCy's string hash), which orders labels found on the same characters.
"""
from __future__ import annotations

from .rules import Rules, load_rules

_MASK = (1 << 64) - 1


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, as spaCy hashes strings (murmurhash's hash64, seed 1)."""
    m, r = 0xC6A4A7935BD1E995, 47
    h = (seed ^ (len(data) * m)) & _MASK
    n = len(data) // 8
    for i in range(n):
        k = int.from_bytes(data[8 * i:8 * i + 8], "little")
        k = (k * m) & _MASK
        k ^= k >> r
        k = (k * m) & _MASK
        h ^= k
        h = (h * m) & _MASK
    tail = data[8 * n:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * m) & _MASK
    h ^= h >> r
    h = (h * m) & _MASK
    h ^= h >> r
    return h


def tokens(text: str) -> list[tuple[str, int]]:
    """(token text, start offset): spaCy's character segmentation (util.get_words_and_spaces)."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            out.append((text[i:j], i))
            i = j
            continue
        out.append((text[i], i))
        i += 1
        if i < n and text[i] == " ":
            i += 1   # one space after a character belongs to it
    return out


class PhraseMatcher:
    """Every (label, start, end) where a phrase's tokens stand in a text."""

    def __init__(self, patterns: list[dict]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.order: dict[str, int] = {}
        for p in patterns:
            toks = tuple(t for t, _ in tokens(p["pattern"]))
            if not toks:
                continue
            self.by_first.setdefault(toks[0], []).append((toks, p["label"]))
            self.order.setdefault(p["label"], murmurhash64a(p["label"].encode("utf-8")))

    def __call__(self, text: str) -> list[tuple[str, int, int]]:
        toks = tokens(text)
        texts = [t for t, _ in toks]
        found = set()
        for i, t in enumerate(texts):
            for phrase, label in self.by_first.get(t, ()):
                k = len(phrase)
                if texts[i:i + k] == list(phrase):
                    last, start = toks[i + k - 1]
                    found.add((toks[i][1], start + len(last), label))
        return [(label, a, b) for a, b, label in sorted(found, key=lambda x: (x[0], x[1], self.order[x[2]]))]


def _patterns(rules: Rules) -> list[dict]:
    pats = []
    for kind in ("topics", "requirements"):
        for label, spec in rules.taxonomy[kind].items():
            for cue in spec["cues"]:
                pats.append({"label": f"{kind[:-1]}:{label}", "pattern": cue})
    for role, cues in rules.extract["contact_cues"].items():
        for cue in cues:
            pats.append({"label": f"contact_cue:{role}", "pattern": cue})
    return pats


def pipeline(rules: Rules | None = None) -> PhraseMatcher:
    """The cue matcher of `rules`, built once per Rules object (no cache keyed by a version string)."""
    rules = rules or load_rules()
    nlp = rules.__dict__.get("_nlp")
    if nlp is None:
        nlp = rules.__dict__["_nlp"] = PhraseMatcher(_patterns(rules))
    return nlp


def cue_spans(text: str, rules: Rules | None = None) -> list[tuple[str, int, int]]:
    """(label, start_char, end_char) of every cue in `text`."""
    return pipeline(rules)(text)
